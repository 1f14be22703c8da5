"""``make nhan-gop-y TEP=… DON_VI="…" [N=…]``: a reviewer's returned .docx into the register of
comments on draft N (:mod:`build_scripts.core.review.intake`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from build_scripts.core.messages import SourceLocation, UserError, display_path, run_cli
from build_scripts.core.review.intake import intake, summary_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make nhan-gop-y", description="Nhận góp ý từ tệp Word gửi lại.")
    parser.add_argument("--tep", default="", help="tệp .docx người góp ý gửi lại")
    parser.add_argument("--don-vi", default="", help='đơn vị góp ý, ví dụ "Chi bộ thôn An Lạc"')
    parser.add_argument("--lan", type=int, help="lần dự thảo (mặc định: đọc trong tệp Word)")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if not args.tep.strip():
        raise UserError(
            "Chưa cho biết tệp Word cần nhận.",
            None,
            'Chạy: make nhan-gop-y TEP=duong/dan/tep.docx DON_VI="Chi bộ thôn An Lạc"',
        )
    path = Path(args.tep)
    if not path.is_file():
        raise UserError(
            f"Không thấy tệp '{args.tep}'.",
            None,
            'Kiểm tra đường dẫn; tên có dấu cách thì đặt trong ngoặc kép: TEP="Gop y chi bo.docx".',
        )
    don_vi = " ".join(args.don_vi.split())
    if not don_vi:
        raise UserError(
            "Chưa cho biết đơn vị góp ý.",
            SourceLocation(path),
            'Thêm DON_VI="…", ví dụ: make nhan-gop-y TEP=… DON_VI="Chi bộ thôn An Lạc"',
        )
    result = intake(args.root, path, don_vi, args.lan)
    shown = display_path(result.path) if result.path else ""
    print("\n".join(summary_lines(result, shown)))
    return 0


if __name__ == "__main__":
    run_cli(main)
