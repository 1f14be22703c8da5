"""`make lint`, `make lint-baseline`, `make lint-sua`: ``python -m build_scripts.cli.lint``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts.core.lint import baseline, runner
from build_scripts.core.lint.source import load
from build_scripts.core.lint.vocab import LintSetupError
from build_scripts.core.messages import verbose


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts.cli.lint", description="Soát lỗi văn bản báo cáo.")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--ghi-baseline", action="store_true", help="chấp nhận mọi lỗi hiện có (ghi baseline)")
    ap.add_argument("--tat-ca", action="store_true", help="in cả các lỗi đã chấp nhận")
    ap.add_argument("--sua", action="store_true", help="chuẩn hoá các tệp về Unicode NFC")
    args = ap.parse_args(argv)
    root = Path.cwd()
    try:
        if args.sua:
            files = [root / p for p in args.files] if args.files else runner.default_files(root)
            changed = runner.fix_nfc(root, files)
            for c in changed:
                print(f"{c}: đã chuẩn hoá về Unicode dựng sẵn (NFC), bỏ các ký tự ẩn")
            print(f"Đã chuẩn hoá {len(changed)} tệp." if changed else "Mọi tệp đã ở dạng NFC, không cần sửa.")
            return 0
        if args.ghi_baseline:
            files = [root / p for p in args.files] if args.files else runner.default_files(root)
            findings = runner.lint_files(root, [p for p in files if p.exists()])
            keep = {load(p, root).rel for p in files} if args.files else None
            total = baseline.write(root, findings, keep)
            print(f"Đã ghi {baseline.BASELINE}: {total} lỗi được chấp nhận ({runner.summary(findings)}).")
            print("Từ nay `make lint` chỉ báo lỗi mới. Nhớ commit tệp này.")
            return 0
        res = runner.run(root, args.files or None)
    except LintSetupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the committee unless asked
        if verbose():
            raise
        print(
            f"Lỗi: lint không chạy được ({type(exc).__name__}: {exc}). "
            "Chạy lại với VERBOSE=1 để xem chi tiết và gửi cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 2
    shown = sorted(res.new + res.accepted) if args.tat_ca else res.new
    accepted_keys = set(map(id, res.accepted))
    for f in shown:
        mark = " (đã chấp nhận)" if id(f) in accepted_keys else ""
        print(f.render() + mark)
    if res.new:
        print(
            f"\nCó {len(res.new)} lỗi mới ({runner.summary(res.new)}); "
            f"{len(res.accepted)} lỗi đã được chấp nhận trong {baseline.BASELINE}.",
            file=sys.stderr,
        )
        print(
            "Sửa các lỗi trên rồi chạy lại `make lint`. Nếu Ban soạn thảo quyết định giữ nguyên, "
            "chạy `make lint-baseline` để ghi nhận.",
            file=sys.stderr,
        )
        return 1
    print(f"Không có lỗi mới. ({len(res.accepted)} lỗi đã được chấp nhận trong {baseline.BASELINE}.)")
    if res.fixed:
        print(f"{res.fixed} lỗi đã chấp nhận nay không còn (đã được sửa): chạy `make lint-baseline` để dọn baseline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
