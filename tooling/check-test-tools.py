"""Check that every Python tool pinned in requirements-test.txt is installed at exactly its pinned version.

Exits non-zero with one line per problem, naming the tool, what was found and the command that installs it,
so no test has to skip, or fail obscurely, because a tool is missing.
"""

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements-test.txt"
FIX = "bash tooling/setup.sh (it installs them into the repository's .venv)"
# The commands the tests run, by the distribution that installs them.
COMMANDS = {"cfn-lint": "cfn-lint", "moto": "moto_server", "awscli": "aws"}


def pins():
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([A-Za-z0-9_.+-]+)", line)
        if match is None:
            sys.exit(f"{REQUIREMENTS.name}: '{line}' is not an exact pin (name==version); pin every tool exactly.")
        yield match.group(1), match.group(2)


def main():
    problems = []
    for name, pinned in pins():
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            found = None
        if found != pinned:
            problems.append(f"{name} {pinned} is required, found {found or 'none'}.")
        command = COMMANDS.get(name)
        if command is not None and shutil.which(command) is None:
            problems.append(f"{name} is installed but its command '{command}' is not on PATH.")
    # The overview page's browser test drives Debian's chromium (playwright-core launches this path).
    if not Path("/usr/bin/chromium").exists():
        problems.append("chromium is required at /usr/bin/chromium for the overview page's browser test, found none.")
    if problems:
        for problem in problems:
            print(f"missing test tool: {problem} Fix: {FIX}", file=sys.stderr)
        sys.exit(1)
    print("Python test tools: " + ", ".join(f"{name} {version}" for name, version in pins()) + "; /usr/bin/chromium")


main()
