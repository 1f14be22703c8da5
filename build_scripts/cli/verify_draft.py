"""``make kiem-tra-ban N=…``: is a file the one issued as draft N?

Builds draft N again from the commit the register (source_data/ban_du_thao.yaml) recorded, in a
temporary git worktree, and compares each issued file (the readers' PDF, the Word file) with the
SHA-256 recorded when it was issued. Exit 0 when every file matches, 1 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import git
from build_scripts.core.drafts.issued import build_issued, checkout, issued_name
from build_scripts.core.drafts.register import REGISTER, read_register
from build_scripts.core.messages import run_cli
from build_scripts.core.reproducible import file_sha256


def verify(root: Path, number: int) -> bool:
    """Print, for each issued file of draft ``number``, whether it matches; True when all do."""
    root = Path(git(root, "rev-parse", "--show-toplevel"))
    register = read_register(root)
    entry = next((e for e in register if e.so == number), None)
    if entry is None:
        issued = ", ".join(str(e.so) for e in register) or "chưa có lần nào"
        raise DraftError(f"Sổ {REGISTER} không có dự thảo lần {number} (đã phát hành: {issued}). Kiểm tra lại N=…")
    if not entry.ma_kiem_tra:
        raise DraftError(
            f"Dự thảo lần {number} ({REGISTER}:{entry.line}) phát hành trước khi sổ ghi mã kiểm tra "
            "(chưa ghi mã kiểm tra): không có gì để so. Chỉ các bản phát hành từ nay mới kiểm được."
        )
    print(f"Dựng lại dự thảo lần {number} từ commit {entry.commit[:12]} (sổ {REGISTER}:{entry.line})…", flush=True)
    with checkout(root, entry) as tree:
        files = build_issued(tree, number)
        all_match = True
        for kind, recorded in entry.ma_kiem_tra:
            name = issued_name(kind, number)
            if kind not in files:
                print(f"✗ {name}: sổ ghi mã {recorded} nhưng không dựng lại được loại tệp '{kind}'.")
                all_match = False
                continue
            built = file_sha256(files[kind])
            if built == recorded:
                print(f"✓ {name}: khớp (SHA-256 {built}).")
            else:
                all_match = False
                print(
                    f"✗ {name}: KHÔNG khớp. Sổ ghi {recorded}, dựng lại ra {built}.\n"
                    f"    → Tệp đang có khác bản đã phát hành, hoặc sổ {REGISTER} đã bị sửa: "
                    f"so với 'git log -p -- {REGISTER}' và báo người phụ trách kỹ thuật."
                )
    print(
        f"Dự thảo lần {number}: mọi tệp phát hành khớp mã đã ghi."
        if all_match
        else f"Dự thảo lần {number}: CÓ TỆP KHÔNG KHỚP mã đã ghi khi phát hành."
    )
    return all_match


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make kiem-tra-ban N=…", description="Dựng lại một bản dự thảo đã phát hành và so mã kiểm tra."
    )
    parser.add_argument("so", nargs="?", help="lần dự thảo (N)")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    if not args.so or not args.so.isdigit():
        raise DraftError(
            f"Cần số lần dự thảo: make kiem-tra-ban N=5 (đang là {args.so!r})."
            if args.so
            else "Cần số lần dự thảo: make kiem-tra-ban N=5."
        )
    return 0 if verify(args.root, int(args.so)) else 1


if __name__ == "__main__":
    run_cli(main)
