# Thin wrapper: install missing Debian packages, configure once, build incrementally.
BUILD ?= build
JOBS ?= $(shell nproc)
ACCORD = $(BUILD)/accord

.PHONY: all deps build demo test bench clean

all: build

deps:
	@./scripts/install-deps

# Configuring again is cheap and makes sure an old build dir has tests and benchmarks on.
build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DACCORD_BUILD_TESTS=ON -DACCORD_BUILD_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo '$$ build/accord check scenarios/proposals/us-airbase-manas-2026.yaml'
	@$(ACCORD) check scenarios/proposals/us-airbase-manas-2026.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(ACCORD) lint --strict
	$(ACCORD) test scenarios/ --min-coverage 100

bench: build
	@$(BUILD)/bench/accord_bench

clean:
	rm -rf $(BUILD)
