"""Give the test tools' virtual environment the commands of every pinned tool it sees (run by .venv's python3).

`tooling/setup.sh` makes `.venv` with --system-site-packages, so a tool already installed in the Python it was
made from, at the pinned version, satisfies `pip install` without a download. pip then writes no command into
`.venv/bin`, though: this writes, for each pinned distribution, the commands pip would have written there, run by
`.venv`'s own interpreter. A console script gets pip's launcher (`from module import function`); a plain script
(the AWS CLI's `aws`) is copied with its first line pointing at this interpreter. Commands pip did write are left as
they are.
"""

import os
import re
import stat
import sys
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements-test.txt"
BIN = Path(sys.prefix) / "bin"


def pinned_names():
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"[A-Za-z0-9_.-]+", line)
        if match:
            yield match.group(0)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def main():
    if sys.prefix == sys.base_prefix:
        sys.exit("venv-scripts.py must run with the virtual environment's python3 (.venv/bin/python3).")
    for name in pinned_names():
        dist = metadata.distribution(name)
        for entry in dist.entry_points:
            target = BIN / entry.name
            if entry.group != "console_scripts" or target.exists():
                continue
            module, _, attribute = entry.value.partition(":")
            call = attribute.strip() or "main"
            write(
                target,
                f"#!{sys.executable}\nimport sys\nfrom {module.strip()} import {call.split('.')[0]}\n"
                f"if __name__ == '__main__':\n    sys.exit({call}())\n",
            )
        for file in dist.files or []:
            parts = Path(str(file)).parts
            if "bin" not in parts or len(parts) < 2 or parts[-2] != "bin" or file.name.endswith(".cmd"):
                continue
            target = BIN / file.name
            if target.exists():
                continue
            source = Path(dist.locate_file(file)).resolve()
            lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
            if lines and lines[0].startswith("#!") and "python" in lines[0]:
                lines[0] = f"#!{sys.executable}\n"
            write(target, "".join(lines))


main()
