"""Commit hook: the consistency checks (`make check`) when docs/ or source_data/ changed.
Exits with the checks' exit code."""

from __future__ import annotations

import subprocess
import sys


def main() -> int:
    return subprocess.run([sys.executable, "-m", "build_scripts.cli.check", "--gon"]).returncode


if __name__ == "__main__":
    sys.exit(main())
