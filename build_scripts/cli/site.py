"""``make site``: the intranet site of every issued draft, from the register, in two editions
(readers' at the root, the committee's in ``to-bien-tap/``: build_scripts.core.site.editions)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from build_scripts.cli.review_summary import write_report
from build_scripts.core.document import draft_tag
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import git, show_file
from build_scripts.core.drafts.register import REGISTER, read_register
from build_scripts.core.messages import run_cli
from build_scripts.core.redline.page import compare, redline_page
from build_scripts.core.redline.snapshot import read_commit
from build_scripts.core.review.paragraph_map import NoWordEdition, draft_paragraphs
from build_scripts.core.review.register import DECISIONS, folder, load_register
from build_scripts.core.review.summary import comments_by_heading, file_stem, heading_key
from build_scripts.core.site.assemble import LATEST, organisation, redline_pdf_name
from build_scripts.core.site.builds import build_draft, builder_digest
from build_scripts.core.site.editions import COMMITTEE_DIR, REVIEW_DIR, assemble_editions, readers_snapshot
from build_scripts.pdf.redline import write_redline_pdf


def build_site(repo: Path, out: Path, cache: Path, pdf: bool = True) -> dict:
    """Build the site into ``out``; the old ``out`` stays until the new one is complete."""
    started = time.monotonic()
    register = read_register(repo)
    if not register:
        raise DraftError(
            f"Sổ {REGISTER} chưa có bản dự thảo nào đã phát hành, nên chưa có gì để đưa lên trang. "
            "Phát hành một bản bằng 'make release' trước."
        )
    builds, readers_builds = [], []
    digest = builder_digest()
    for entry in register:
        for readers in (False, True):
            edition = "bản cho người đọc" if readers else "bản của tổ biên tập"
            print(f"Dự thảo lần {entry.so} (commit {entry.commit[:12]}), {edition}…", flush=True)
            b = build_draft(repo, entry, cache, pdf=pdf, readers=readers, digest=digest)
            print(
                f"  {'dùng lại bản đã dựng' if b.reused else f'đã dựng trong {b.seconds:.1f} giây'}"
                f"{'' if b.pdf else ' — không có PDF'}",
                flush=True,
            )
            (readers_builds if readers else builds).append(b)
    # the Word file has no committee notes: the committee's edition offers the one that was sent out
    builds = [replace(b, docx=r.docx) if r.docx else b for b, r in zip(builds, readers_builds)]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        reviews, why = _review_reports(repo, register, pdf)
        redlines, readers_redlines, redline_pdfs = {}, {}, {}
        for prev, cur in zip(register, register[1:]):
            old = read_commit(repo, prev.commit, f"Dự thảo lần {prev.so}")
            new = read_commit(repo, cur.commit, f"Dự thảo lần {cur.so}")
            links = {
                "trang_chu": "../index.html",
                "cu": f"../du-thao-lan-{prev.so}/index.html",
                "moi": f"../du-thao-lan-{cur.so}/index.html",
                "pdf": redline_pdf_name(prev.so, cur.so) if pdf else "",
            }
            # the readers' comparison is made from the texts without the committee's notes; its
            # PDF serves both editions (the prose comparison leaves notes out anyway)
            readers_redline = compare(readers_snapshot(old), readers_snapshot(new))
            if pdf:
                redline_pdfs[(prev.so, cur.so)] = write_redline_pdf(
                    readers_redline, staging / "pdf" / redline_pdf_name(prev.so, cur.so), prev.so, cur.so
                )
            committee_links = {
                **links,
                "gop_y": f"../{REVIEW_DIR}/{file_stem(prev.so)}.html" if prev.so in reviews else "",
            }
            redlines[(prev.so, cur.so)] = redline_page(
                compare(old, new, keep_notes=True), links=committee_links, why=why.get(prev.so)
            )
            readers_redlines[(prev.so, cur.so)] = redline_page(readers_redline, links=links)
        site = staging / "site"
        assemble_editions(
            readers_builds,
            readers_redlines,
            builds,
            redlines,
            site,
            co_quan=organisation(show_file(repo, register[-1].commit, "source_data/van_ban.yaml")),
            redline_pdfs=redline_pdfs,
            committee_pages={
                f"{REVIEW_DIR}/{path.name}": path.read_bytes() for files in reviews.values() for path in files
            },
            reviews={n: f"{REVIEW_DIR}/{file_stem(n)}.html" for n in reviews},
        )
        old = None
        if out.exists():
            old = staging / "old"
            out.rename(old)
        site.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "drafts": len(builds),
        "built": sum(1 for b in builds + readers_builds if not b.reused),
        "seconds": round(time.monotonic() - started, 2),
    }


def _review_reports(repo: Path, register, pdf: bool) -> tuple[dict[int, list[Path]], dict]:
    """For each issued draft with comments in the register: its "tổng hợp, tiếp thu, giải trình"
    report (HTML, and PDF unless ``pdf`` is off), and for its redline to the next draft the comments
    on each section, by section title."""
    reviews, why = {}, {}
    for entry in register:
        if not any(folder(repo, entry.so).glob("*.y*ml")) or not load_register(repo, entry.so):
            continue
        written = write_report(repo, entry.so, pdf=pdf, link_base=f"../{draft_tag(entry.so)}/")
        reviews[entry.so] = [written[k] for k in ("html", "pdf") if k in written]
        try:
            paragraphs = draft_paragraphs(repo, entry.so).paragraphs
        except NoWordEdition:
            paragraphs = {}
        by_heading = comments_by_heading(written["comments"], paragraphs)
        why[entry.so] = lambda title, by=by_heading: [
            f"{c.id} ({c.don_vi}: {DECISIONS[c.xu_ly].lower()})" for c in by.get(heading_key(title), [])
        ]
    return reviews, why


def main() -> int:
    parser = argparse.ArgumentParser(prog="make site", description="Dựng trang nội bộ của các bản dự thảo.")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--out", type=Path, help="thư mục kết quả (mặc định _build/site)")
    parser.add_argument("--cache", type=Path, help="bộ nhớ đệm các bản đã dựng (mặc định _build/site-cache)")
    parser.add_argument("--bo-pdf", action="store_true", help="không dựng PDF (xem nhanh)")
    args = parser.parse_args()
    repo = Path(git(args.root, "rev-parse", "--show-toplevel"))
    out = args.out or repo / "_build" / "site"
    cache = args.cache or repo / "_build" / "site-cache"
    stats = build_site(repo, out.resolve(), cache.resolve(), pdf=not args.bo_pdf)
    print(
        f"Đã dựng trang: {out} ({stats['drafts']} bản dự thảo, dựng mới {stats['built']}, "
        f"{stats['seconds']:.1f} giây). Bản mới nhất cho người đọc: {out / LATEST / 'index.html'}; "
        f"bản của tổ biên tập (có ghi chú): {out / COMMITTEE_DIR / LATEST / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    run_cli(main)
