#!/usr/bin/env python3
"""Runs the command examples of README.md and docs/*.md and compares their output.

Every fenced block whose info string is `console` is a test: each line starting with `$ ` is
a command (a trailing backslash continues it on the next line), and the lines after it, up to
the next command or the end of the block, are its expected output: stdout, then stderr. A line
that is exactly `...` matches any number of lines; within a line, `...` matches any text
(timings: `in ... ms`). The commands of one block run in one bash
session from the repository root, with the built `accord` first on PATH, NO_COLOR=1,
ACCORD_TODAY fixed (so "today" is a known date) and ACCORD_RULES unset; `echo $?` prints the
exit code of the command before it.

A `$ accord` line outside a console block is an error: every example is tested.

An HTML comment on the line before a fence directs the block:
  <!-- doctest: workdir DIR -->  run it in a fresh copy of DIR (relative to the repository),
                                 beside links to the repository's rules/, scenarios/ and docs/
                                 (a tutorial's files, changed by its commands without harm);
  <!-- doctest: file PATH -->    the block (any language) is the content of PATH, verbatim;
  <!-- doctest: serve -->        start `accord serve --rules rules --scenarios scenarios` on a
                                 free loopback port for the block, its address in $URL
                                 (http://127.0.0.1:PORT), and stop it after.

    doctest.py --bin BUILD_DIR --repo REPO [FILE.md ...]
    ACCORD_UPDATE_DOCS=1 doctest.py ...   rewrites the expected output of blocks without `...`
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

TODAY = "2026-11-30"
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


DIRECTIVE = re.compile(r"^<!-- doctest: (workdir|file|serve) ?(\S*) -->$")


def blocks(path):
    """Yields (start_line, end_line, info, lines, directive, indent) for every fenced block
    (lines 0-based, without the fence's indentation); directive is (kind, argument) from the
    line before the fence, or None."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        info, start = m.group(2), i
        j = i + 1
        while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        d = DIRECTIVE.match(lines[start - 1].strip()) if start > 0 else None
        indent = m.group(1)
        body = [l[len(indent):] if l.startswith(indent) else l for l in lines[start + 1:j]]
        yield start, j, info, body, (d.group(1), d.group(2)) if d else None, indent
        i = j + 1


def parse(body):
    """The block's commands: [(command, [expected lines])]."""
    cases, i = [], 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            if cases:
                cases[-1][1].append(line)
            i += 1
            continue
        cmd = line[2:]
        while cmd.endswith("\\") and i + 1 < len(body):
            i += 1
            cmd = cmd[:-1] + "\n" + body[i]
        cases.append((cmd, []))
        i += 1
    return cases


def matches(expected, actual):
    """Line-by-line match where a `...` line stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and line_matches(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def line_matches(expected, actual):
    """Equal, or equal with each `...` in `expected` standing for any text."""
    if expected == actual:
        return True
    if "..." not in expected:
        return False
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def workspace(repo, workdir, tmp):
    """A fresh copy of `workdir` with links to the repository's rules/, scenarios/, docs/."""
    root = os.path.join(tmp, "work")
    shutil.copytree(os.path.join(repo, workdir), root)
    for name in ("rules", "scenarios", "docs"):
        if not os.path.exists(os.path.join(root, name)):
            os.symlink(os.path.join(repo, name), os.path.join(root, name))
    return root


class Server:
    """`accord serve` on a free loopback port, for one block; its URL in .url."""

    def __init__(self, bindir, repo):
        env = dict(os.environ, ACCORD_TODAY=TODAY)
        env.pop("ACCORD_RULES", None)
        self.proc = subprocess.Popen(
            [os.path.join(bindir, "accord"), "serve", "--rules", "rules", "--scenarios", "scenarios", "-q",
             "--addr", "127.0.0.1:0"], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()  # "listening on http://127.0.0.1:PORT/"
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError(f"accord serve did not start: {line!r}")
        self.url = line[len("listening on "):].rstrip("/")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run_block(cases, cwd, bindir, tmp, extra_env=None):
    """Runs the commands in one bash session; returns each command's output lines."""
    script = ["set +e", "__rc=0"]
    outs = []
    for k, (cmd, _) in enumerate(cases):
        out, err = os.path.join(tmp, f"{k}.out"), os.path.join(tmp, f"{k}.err")
        outs.append((out, err))
        script.append(f"(exit $__rc); {{ {cmd}\n}} >'{out}' 2>'{err}'; __rc=$?")
    env = dict(os.environ)
    env.pop("ACCORD_RULES", None)
    env.update(PATH=bindir + os.pathsep + env.get("PATH", ""), NO_COLOR="1", ACCORD_TODAY=TODAY,
               LC_ALL="C.UTF-8", COLUMNS="100", **(extra_env or {}))
    subprocess.run(["bash", "-c", "\n".join(script)], cwd=cwd, env=env, timeout=120,
                   stdin=subprocess.DEVNULL, check=False)
    results = []
    for out, err in outs:
        text = open(out, encoding="utf-8", errors="replace").read() + open(err, encoding="utf-8", errors="replace").read()
        results.append(text.rstrip("\n").split("\n") if text else [])
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="directory holding the built accord")
    ap.add_argument("--repo", required=True)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    a.bin, a.repo = os.path.abspath(a.bin), os.path.abspath(a.repo)
    files = a.files or [os.path.join(a.repo, "README.md")] + sorted(
        os.path.join(a.repo, "docs", f) for f in os.listdir(os.path.join(a.repo, "docs")) if f.endswith(".md"))
    update = os.environ.get("ACCORD_UPDATE_DOCS") == "1"
    failures, ran = 0, 0
    for path in files:
        rel = os.path.relpath(path, a.repo)
        text_lines = open(path, encoding="utf-8").read().split("\n")
        edits = []  # (first line, last line exclusive, replacement lines)
        for start, end, info, body, directive, indent in blocks(path):
            if directive and directive[0] == "file":
                want = open(os.path.join(a.repo, directive[1]), encoding="utf-8").read().rstrip("\n").split("\n")
                ran += 1
                if body != want:
                    failures += 1
                    print(f"{rel}:{start + 1}: this block differs from {directive[1]}:")
                    sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(body, want, "documented", directive[1], lineterm=""))
                continue
            if info != "console":
                for n, line in enumerate(body):
                    if re.match(r"^\$ (build/)?accord\b", line):
                        print(f"{rel}:{start + 2 + n}: an `accord` example outside a ```console block is not tested")
                        failures += 1
                continue
            cases = parse(body)
            if not cases:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                cwd = workspace(a.repo, directive[1], tmp) if directive and directive[0] == "workdir" else a.repo
                server = Server(a.bin, a.repo) if directive and directive[0] == "serve" else None
                try:
                    actual = run_block(cases, cwd, a.bin, tmp, {"URL": server.url} if server else None)
                finally:
                    if server:
                        server.stop()
            line_no = start + 2
            new_body = []
            for (cmd, expected), got in zip(cases, actual):
                ran += 1
                new_body.append("$ " + cmd.replace("\n", "\\\n"))
                if matches(expected, got):
                    new_body.extend(expected)
                else:
                    if update and "..." not in expected:
                        new_body.extend(got)
                    else:
                        failures += 1
                        new_body.extend(expected)
                        print(f"{rel}:{line_no}: output of `{cmd}` differs:")
                        sys.stdout.writelines(
                            l + "\n" for l in difflib.unified_diff(expected, got, "documented", "actual", lineterm=""))
                line_no += 1 + cmd.count("\n") + len(expected)
            if new_body != body:
                edits.append((start + 1, end, [indent + l if l else l for l in new_body]))
        if update and edits:
            for first, last, repl in reversed(edits):
                text_lines[first:last] = repl
            open(path, "w", encoding="utf-8").write("\n".join(text_lines))
            print(f"{rel}: updated {len(edits)} block(s)")
    print(f"doc examples: {ran} commands run, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
