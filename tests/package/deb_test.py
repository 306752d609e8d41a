#!/usr/bin/env python3
"""The Debian package, built and opened without installing it.

cpack builds accord_<version>_<arch>.deb from the build directory into a temporary directory;
the test checks its control data (a Depends line computed from the shared libraries, so apt
pulls them on a fresh machine) and its contents (binary, library, header, CMake package,
pkg-config file, rules, manual pages, bash completion, Python module), then unpacks it and runs
the unpacked `accord check` from a directory with no rules: it finds the package's own rules.
`make check-deb` goes further and installs it with apt (scripts/check-deb).
"""
import argparse
import pathlib
import sys
import tempfile

from installed import check_finds_its_rules, elsewhere, run

CONTENTS = [
    "./usr/bin/accord",
    "./usr/include/accord/accord.h",
    "./usr/share/accord/rules/schema.yaml",
    "./usr/share/man/man1/accord.1.gz",
    "./usr/share/man/man1/accord-check.1.gz",
    "./usr/share/bash-completion/completions/accord",
]
CONTENT_SUFFIXES = ["/libaccord.so.0", "/cmake/accord/accordConfig.cmake", "/pkgconfig/accord.pc"]
DEPENDS = ["libc6", "libstdc++6", "libyaml-0-2", "libfmt9", "libspdlog1.10"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-deb-") as tmp:
        tmp = pathlib.Path(tmp)
        run(["cpack", "-G", "DEB", "-B", tmp], cwd=a.build)
        debs = list(tmp.glob("accord_*.deb"))
        if len(debs) != 1:
            sys.exit(f"FAILED: expected one accord_*.deb, found {debs}")
        deb = debs[0]
        info = run(["dpkg-deb", "--field", deb, "Package", "Depends"])
        depends = info.split("Depends:", 1)[1]
        missing = [d for d in DEPENDS if d not in depends]
        if missing:
            sys.exit(f"FAILED: the package does not depend on {missing}:\n{info}")
        # "perms owner size date time path[ -> target]": the path is the sixth field.
        contents = [line.split()[5] for line in run(["dpkg-deb", "--contents", deb]).splitlines()]
        absent = [c for c in CONTENTS if c not in contents]
        absent += [s for s in CONTENT_SUFFIXES if not any(c.endswith(s) for c in contents)]
        if not any("/python3/dist-packages/accord" in c for c in contents):
            absent.append("the Python module (usr/lib/python3/dist-packages/accord*.so)")
        if absent:
            sys.exit("FAILED: not in the package: " + ", ".join(absent))
        root = tmp / "root"
        run(["dpkg-deb", "-x", deb, root])
        check_finds_its_rules(root / "usr/bin/accord", elsewhere(tmp), "the packaged accord with the packaged rules")
        print(f"ok: {deb.name}: Depends: {depends.strip()}")


if __name__ == "__main__":
    main()
