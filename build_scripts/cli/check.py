"""``python -m build_scripts.cli.check [--du-lieu source_data] [--van-ban docs] [--gon] [--sai-lech] [--canh-bao]``.

Exit status: 0 when nothing unexpected failed (known discrepancies are warnings),
1 when a rule fails, a known mark is stale, a value has no rule or a rule's description restates a value, 2 for a bad data or rule file.
With ``--canh-bao`` (what `make` runs after a build) only the failed rules and the values no rule
checks are printed, as a warning on standard error, and 1 means only "there was something to say".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts.core.messages import report_and_exit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.cli.check", description="Kiểm tra các con số của báo cáo có khớp với nhau không."
    )
    parser.add_argument("--du-lieu", default="source_data", help="thư mục số liệu (mặc định source_data)")
    parser.add_argument("--van-ban", default="docs", help="thư mục văn bản (mặc định docs)")
    parser.add_argument("--gon", action="store_true", help="chỉ in chi tiết của các dòng không khớp")
    parser.add_argument(
        "--sai-lech", action="store_true", help="chỉ in danh sách các sai lệch đã biết (⚠), đánh số, kèm ghi chú"
    )
    parser.add_argument(
        "--canh-bao",
        action="store_true",
        help="chỉ in cảnh báo về các quy tắc không khớp (✗), như `make` in sau khi dựng",
    )
    args = parser.parse_args(argv)
    try:
        from build_scripts.core.checks import run_checks
        from build_scripts.core.checks.report import format_known, format_report, format_warning

        run = run_checks(Path(args.du_lieu), Path(args.van_ban))
        if args.canh_bao:
            warning = format_warning(run)
            if warning:
                print(warning, file=sys.stderr)
            return 1 if warning else 0
        print(format_known(run) if args.sai_lech else format_report(run, verbose=not args.gon))
    except Exception as exc:  # noqa: BLE001 - every error reaches the user in Vietnamese
        report_and_exit(exc)
    return 1 if (run.unexpected or run.uncovered or run.stale_doc_lap or run.numbers_in_descriptions) else 0


if __name__ == "__main__":
    sys.exit(main())
