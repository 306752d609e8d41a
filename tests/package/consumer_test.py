#!/usr/bin/env python3
"""The installed library, used as a user's project uses it.

Installs the build into a temporary prefix (`cmake --install`), then, from a directory with no
rules and no ACCORD_RULES:
  1. builds tests/package/consumer (find_package(accord), accord::accord) and runs it: it
     decides the Manas proposal with the installed rules;
  2. builds the same program with the pkg-config file instead of CMake and runs it;
  3. runs the installed `accord check` with no --rules;
and checks the installed layout (header, library, CMake package, pkg-config file, rules).
"""
import argparse
import os
import pathlib
import re
import sys
import tempfile

from installed import USER_ENV, check_finds_its_rules, elsewhere, run

EXPECTED = """\
accord {version}, {{clauses}} clauses
basing — actor United States (USA); host Kyrgyzstan (KGZ); site Manas air base (manas): needs_consent
waiting for: ARM BLR KAZ RUS TJK
if Russia objects: vetoed by RUS
a typo: field 'actor': unknown party 'USB'; did you mean 'USA' (United States) or 'UZB' (Uzbekistan)?
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--version", required=True)
    a = ap.parse_args()
    repo = pathlib.Path(a.repo)
    env = USER_ENV
    with tempfile.TemporaryDirectory(prefix="accord-install-") as tmp:
        tmp = pathlib.Path(tmp)
        prefix = tmp / "usr"
        run(["cmake", "--install", a.build, "--prefix", prefix])
        libdirs = [p.parent for p in prefix.glob("lib*/**/libaccord.so")]
        if len(libdirs) != 1:
            sys.exit(f"FAILED: expected one libaccord.so under {prefix}, found {libdirs}")
        libdir = libdirs[0]
        for path in ["include/accord/accord.h", "share/accord/rules/schema.yaml", "bin/accord"]:
            if not (prefix / path).is_file():
                sys.exit(f"FAILED: {path} is not installed")
        for path in ["cmake/accord/accordConfig.cmake", "cmake/accord/accordConfigVersion.cmake", "pkgconfig/accord.pc"]:
            if not (libdir / path).is_file():
                sys.exit(f"FAILED: {libdir / path} is not installed")
        # The public header stands alone: no Boost, libyaml, simdjson or internal header.
        header = (prefix / "include/accord/accord.h").read_text()
        for word in ["boost", "yaml", "simdjson", "internal"]:
            if f"#include <{word}" in header or f'#include "{word}' in header:
                sys.exit(f"FAILED: the public header includes {word}")

        work = elsewhere(tmp)
        expected = EXPECTED.format(version=a.version)

        build = tmp / "consumer-build"
        run(["cmake", "-S", repo / "tests/package/consumer", "-B", build, f"-DCMAKE_PREFIX_PATH={prefix}"], env=env)
        run(["cmake", "--build", build], env=env)
        out = run([build / "app"], cwd=work, env=env)
        check("find_package(accord)", out, expected)
        check_doc(repo, out)

        pc_env = dict(env, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
        flags = run(["pkg-config", "--cflags", "--libs", "accord"], env=pc_env).split()
        cxx = os.environ.get("CXX", "c++")
        run([cxx, repo / "tests/package/consumer/main.cpp", "-o", tmp / "app-pc", *flags], env=pc_env)
        out = run([tmp / "app-pc"], cwd=work, env=dict(env, LD_LIBRARY_PATH=str(libdir)))
        check("pkg-config accord", out, expected)

        check_finds_its_rules(prefix / "bin/accord", work, "the installed accord with its installed rules")
    print("ok: installed library used through CMake and pkg-config; installed binary finds its rules")


def check_doc(repo, expected):
    """docs/library.md shows this program, its CMakeLists.txt and its output verbatim."""
    doc = (repo / "docs/library.md").read_text()
    for name in ["main.cpp", "CMakeLists.txt"]:
        if (repo / "tests/package/consumer" / name).read_text() not in doc:
            sys.exit(f"FAILED: docs/library.md does not show tests/package/consumer/{name} as it is")
    if expected.replace("{clauses}", "27") not in doc:
        sys.exit("FAILED: docs/library.md does not show the program's output as it is")


def check(what, out, expected):
    """`expected` verbatim, but for the number of clauses (any positive number)."""
    pattern = re.escape(expected).replace(re.escape("{clauses}"), "[1-9][0-9]*")
    if not re.fullmatch(pattern, out):
        sys.exit(f"FAILED ({what}): the program printed\n{out}\nexpected\n{expected}")


if __name__ == "__main__":
    main()
