"""``python -m build_scripts.cli.drafts [check|show]``: the draft identity of this tree."""

from __future__ import annotations

import argparse
from pathlib import Path

from build_scripts.core.drafts.identity_check import check_identity
from build_scripts.core.drafts.register import read_register
from build_scripts.core.messages import run_cli


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.cli.drafts")
    parser.add_argument("lenh", choices=["check", "show"], nargs="?", default="show")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()
    ident = check_identity(args.root)
    if args.lenh == "show":
        ngay = f"{ident.issued_on:%d/%m/%Y}" if ident.issued_on else "chưa phát hành"
        print(f"Đang soạn: {ident.label} ({ngay}), trạng thái {ident.status}")
        for e in reversed(read_register(args.root)):
            print(f"  Đã phát hành: dự thảo lần {e.so}, ngày {e.ngay:%d/%m/%Y}, commit {e.commit[:12]}")
    else:
        print(f"Khớp: {ident.label}.")
    return 0


if __name__ == "__main__":
    run_cli(main)
