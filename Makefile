# Thin wrapper: install missing Debian packages, configure once, build incrementally.
BUILD ?= build
JOBS ?= $(shell nproc)
ACCORD = $(BUILD)/accord

SAN_BUILD ?= build-sanitize
FUZZ_SECONDS ?= 60
DIFF_PROPOSALS ?= 1000000
CLANG ?= clang++-14

.PHONY: all deps deps-clang build demo test bench sanitize-build check-sanitize fuzz check-diff deb check-deb clean

all: build

deps:
	@./scripts/install-deps

deps-clang:
	@./scripts/install-deps --clang

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

# One clang build with AddressSanitizer and UndefinedBehaviorSanitizer serves both: the whole
# test suite (any sanitizer report fails the test that triggered it) and the libFuzzer
# targets (docs/reliability.md).
sanitize-build: deps-clang
	@CXX=$(CLANG) cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Sanitize -DACCORD_SANITIZE=ON \
	  -DACCORD_FUZZ=ON -DACCORD_BUILD_TESTS=ON -DACCORD_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)

check-sanitize: sanitize-build
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# Each fuzz target for FUZZ_SECONDS (fuzz/run).
fuzz: sanitize-build
	FUZZ_BUILD=$(SAN_BUILD) fuzz/run $(FUZZ_SECONDS)

# The compiled evaluator against an AST interpreter on DIFF_PROPOSALS random proposals, over
# the shipped packs and random packs (make test runs a short version).
check-diff: build
	$(BUILD)/tests/accord_diff --proposals $(DIFF_PROPOSALS)

# The Debian package (cmake/package.cmake) in $(BUILD)/, and installing it with apt (as root).
deb: build
	@cd $(BUILD) && cpack -G DEB >/dev/null && ls accord_*.deb

check-deb: deb
	scripts/check-deb $$(ls $(BUILD)/accord_*.deb | head -1)

clean:
	rm -rf $(BUILD)
