"""Commit hook: run the consistency checks (`python -m build_scripts.cli.check`) when
docs/ or source_data/ changed. Exits with the checks' exit code."""
from __future__ import annotations

import importlib.util
import subprocess
import sys


def main() -> int:
    if importlib.util.find_spec("build_scripts.core.checks") is None:
        print("Lưu ý: dự án chưa có bộ kiểm tra số liệu (build_scripts.core.checks); bỏ qua bước này.", file=sys.stderr)
        return 0
    return subprocess.run([sys.executable, "-m", "build_scripts.cli.check", "--gon"]).returncode


if __name__ == "__main__":
    sys.exit(main())
