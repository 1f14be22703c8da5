"""``make serve``: preview the current draft in a browser, rebuilt on every save.

Runs sphinx-autobuild (offline: it serves on 127.0.0.1 only) over docs/,
watching source_data/ and templates/ too, so a changed number shows at once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from build_scripts.drafts.errors import DraftError, run_cli


def command(root: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    return [
        sys.executable, "-m", "sphinx_autobuild",
        str(root / "docs"), str(root / "_build" / "xem-truoc"),
        "-c", str(root),
        "--host", host, "--port", str(port),
        "--watch", str(root / "source_data"),
        "--watch", str(root / "templates"),
        "--re-ignore", r"(_build|\.venv|__pycache__)",
        "-q",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="make serve", description="Xem trước bản đang soạn, tự dựng lại khi lưu.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()
    root = args.root.resolve()
    if not (root / "docs").is_dir():
        raise DraftError(f"Không thấy thư mục docs/ trong {root}. Chạy 'make serve' ở thư mục gốc của kho.")
    print(f"Mở trình duyệt tại http://127.0.0.1:{args.port}/ — lưu tệp là trang tự cập nhật. Dừng: Ctrl+C.", flush=True)
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.call(command(root, args.port), cwd=root, env=env)


if __name__ == "__main__":
    run_cli(main)
