"""``make gop-y [N=…]``: the report "Tổng hợp, tiếp thu, giải trình ý kiến góp ý vào Dự thảo lần N",
HTML and PDF, in ``_build/gop-y/``. N defaults to the latest issued draft."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import yaml

from build_scripts.core.document import VAN_BAN, draft_tag
from build_scripts.core.drafts.register import REGISTER, read_register
from build_scripts.core.messages import UserError, display_path, read_utf8, run_cli
from build_scripts.core.review.paragraph_map import NoWordEdition, draft_paragraphs
from build_scripts.core.review.register import FOLDER, load_register
from build_scripts.core.review.summary import TITLE, counts_sentence, file_stem, render_html, render_myst, undecided
from build_scripts.pdf.review_report import build_review_pdf

OUT = Path("_build") / "gop-y"


def _header(root: Path) -> dict:
    data = yaml.safe_load(read_utf8(root / VAN_BAN)) or {}
    return {k: str(data.get(k, "")) for k in ("co_quan_cap_tren", "co_quan_ban_hanh", "ten_dang", "dia_danh")}


def write_report(root: Path, n: int | None = None, pdf: bool = True, link_base: str | None = None) -> dict:
    root = Path(root).resolve()
    if n is None:
        register = read_register(root)
        if not register:
            raise UserError(
                f"Sổ {REGISTER} chưa có bản dự thảo nào đã phát hành: chưa có góp ý để tổng hợp.",
                None,
                "Phát hành dự thảo bằng `make release`, nhận góp ý bằng `make nhan-gop-y`, rồi chạy lại.",
            )
        n = register[-1].so
    comments = load_register(root, n)
    if not comments:
        raise UserError(
            f"Chưa có ý kiến góp ý nào vào Dự thảo lần {n} ({FOLDER.as_posix()}/lan-{n}/).",
            None,
            'Nhận tệp Word bằng `make nhan-gop-y TEP=… DON_VI="…"`, hoặc ghi tay theo mẫu trong README.md.',
        )
    try:
        paragraphs = draft_paragraphs(root, n).paragraphs
    except NoWordEdition:
        paragraphs = {}  # comments typed by hand (muc, trich): every doan_van is then refused below
    comments = load_register(root, n, paragraphs)
    out = root / OUT
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem(n)
    base = f"../{draft_tag(n)}/" if link_base is None else link_base
    page = render_html(n, _header(root), comments, paragraphs, base)
    handle, tmp = tempfile.mkstemp(prefix=".tam-", suffix=".html", dir=out)
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out / f"{stem}.html")
    written = {"html": out / f"{stem}.html", "comments": comments}
    if pdf:
        title = TITLE.format(n=n)
        written["pdf"] = build_review_pdf(root, render_myst(n, comments, paragraphs), out / f"{stem}.pdf", title, title)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make gop-y", description="Báo cáo tổng hợp, tiếp thu, giải trình góp ý.")
    parser.add_argument("--lan", type=int, help="lần dự thảo (mặc định: lần phát hành gần nhất)")
    parser.add_argument("--bo-pdf", action="store_true", help="chỉ dựng HTML")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    written = write_report(args.root, args.lan, pdf=not args.bo_pdf)
    comments = written["comments"]
    print(counts_sentence(comments))
    pending = undecided(comments)
    if pending:
        print(f"Còn {len(pending)} ý kiến chưa xử lý: {', '.join(c.id for c in pending)}.")
    for kind in ("html", "pdf"):
        if kind in written:
            print(f"Đã ghi {display_path(written[kind])}")
    return 0


if __name__ == "__main__":
    run_cli(main)
