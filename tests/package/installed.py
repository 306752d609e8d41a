"""What the package tests share: running a command, and using an installed `accord` the way a
user does, from a directory with no rules and no ACCORD_RULES."""
import os
import pathlib
import subprocess
import sys

# The environment of a user who has set nothing: the installed rules are the default.
USER_ENV = {k: v for k, v in os.environ.items() if k != "ACCORD_RULES"}


def run(cmd, **kw):
    """The command's stdout; the test fails with its output if it fails."""
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    if r.returncode != 0:
        sys.exit(f"FAILED: {' '.join(map(str, cmd))}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def elsewhere(tmp: pathlib.Path) -> pathlib.Path:
    """A working directory with no ./rules in it."""
    work = tmp / "elsewhere"
    work.mkdir(exist_ok=True)
    return work


def check_finds_its_rules(accord: pathlib.Path, work: pathlib.Path, what: str):
    """The installed `accord check` decides the Manas proposal with no --rules."""
    out = run([accord, "check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--date", "2026-03-01"],
              cwd=work, env=USER_ENV)
    if not out.startswith("NEEDS NO OBJECTION"):
        sys.exit(f"FAILED: {what} said:\n{out}")
