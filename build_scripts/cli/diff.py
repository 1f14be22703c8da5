"""``make diff [CU=4] [MOI=5|hien-tai]``: the redline between two drafts as one HTML page and
its printable PDF (A4, the Party layout), side by side in ``_build/diff/``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import git
from build_scripts.core.drafts.register import REGISTER, RegisterEntry, read_register
from build_scripts.core.messages import run_cli
from build_scripts.core.redline.page import compare, redline_page
from build_scripts.core.redline.snapshot import Snapshot, read_commit, read_worktree
from build_scripts.pdf.redline import write_redline_pdf


def _entry(register: list[RegisterEntry], so: int) -> RegisterEntry:
    for e in register:
        if e.so == so:
            return e
    have = ", ".join(str(e.so) for e in register) or "chưa có bản nào"
    raise DraftError(f"Sổ {REGISTER} không có dự thảo lần {so} (đã phát hành: {have}).")


def snapshot_of(repo: Path, entry: RegisterEntry) -> Snapshot:
    return read_commit(repo, entry.commit, f"Dự thảo lần {entry.so}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="make diff", description="So sánh hai bản dự thảo.")
    parser.add_argument("--cu", help="lần dự thảo cũ (mặc định: lần phát hành trước lần mới)")
    parser.add_argument(
        "--moi", help="lần dự thảo mới, hoặc 'hien-tai' cho bản đang soạn (mặc định: lần phát hành gần nhất)"
    )
    parser.add_argument("--out", type=Path, help="tệp HTML kết quả (mặc định: _build/diff/...)")
    parser.add_argument("--bo-pdf", action="store_true", help="không dựng bản PDF (nhanh hơn)")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()
    repo = Path(git(args.root, "rev-parse", "--show-toplevel"))
    register = read_register(repo)

    def as_int(v: str, name: str) -> int:
        try:
            return int(v)
        except ValueError:
            raise DraftError(f"{name}={v!r} phải là một số lần dự thảo, ví dụ {name}=4.") from None

    if args.moi in ("hien-tai", "hiện-tại", "worktree"):
        new = read_worktree(repo)
        new_so = new.identity.draft_number if new.identity else max((e.so for e in register), default=0) + 1
    else:
        if not register:
            raise DraftError(
                f"Sổ {REGISTER} chưa có bản dự thảo nào đã phát hành; dùng 'make diff MOI=hien-tai CU=…' "
                "sau khi phát hành ít nhất một bản (make release)."
            )
        new_entry = _entry(register, as_int(args.moi, "MOI")) if args.moi else register[-1]
        new = snapshot_of(repo, new_entry)
        new_so = new_entry.so
    if args.cu:
        old_entry = _entry(register, as_int(args.cu, "CU"))
    else:
        older = [e for e in register if e.so < new_so]
        if not older:
            raise DraftError(
                f"Không có bản nào phát hành trước lần {new_so} để so sánh. Chỉ định bằng CU=<lần> MOI=hien-tai."
            )
        old_entry = older[-1]
    old = snapshot_of(repo, old_entry)
    redline = compare(old, new)
    out = args.out or repo / "_build" / "diff" / f"so-sanh-du-thao-lan-{old_entry.so}-voi-lan-{new_so}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf = None
    if not args.bo_pdf:
        # written first: the page links it only once it exists
        pdf = write_redline_pdf(redline, out.with_suffix(".pdf"), old_entry.so, new_so)
    page = redline_page(redline, {"pdf": pdf.name if pdf else ""})
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    print(
        f"Đã tạo {out}: {redline.changed_sections} mục thay đổi, {redline.insertions} chỗ thêm, "
        f"{redline.deletions} chỗ bỏ, {len(redline.data)} số liệu thay đổi."
    )
    if pdf:
        print(f"Bản in: {pdf}")
    return 0


if __name__ == "__main__":
    run_cli(main)
