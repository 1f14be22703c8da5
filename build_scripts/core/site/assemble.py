"""Lay out the site from the built drafts.

    index.html                      home: every draft, newest first
    du-thao-lan-N/                  the HTML of draft N
    moi-nhat/                       a copy of the newest draft (stable address)
    pdf/bao-cao-chinh-tri-du-thao-lan-N.pdf   the PDFs (as in a local build: _build/html
                                    next to _build/pdf, so the same relative link works)
    so-sanh/du-thao-lan-M-voi-lan-N.html   redline of each draft against the one before
    so-sanh/du-thao-lan-M-voi-lan-N.pdf    its printable PDF (linked from the page)

Every page of an older draft gets a banner that links to the same page in
``moi-nhat/`` (or its home page when the page no longer exists).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import sys
from pathlib import Path

import jinja2
import yaml

from build_scripts.core.document import draft_tag
from build_scripts.core.drafts.issued import issued_name
from build_scripts.core.reproducible import file_sha256
from build_scripts.core.site.builds import DraftBuild

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "html" / "site"
LATEST = "moi-nhat"
REDLINES = "so-sanh"
OVERVIEW_PAGES = ("tong-quan.html", "so-lieu.html")
_BODY = re.compile(r"<body[^>]*>", re.I)
BANNER_CLASS = "ban-cu"


def redline_name(old_so: int, new_so: int) -> str:
    return f"du-thao-lan-{old_so}-voi-lan-{new_so}.html"


def redline_pdf_name(old_so: int, new_so: int) -> str:
    return redline_name(old_so, new_so).removesuffix(".html") + ".pdf"


def banner_html(so: int, ngay: dt.date, newest: int, href: str) -> str:
    return (
        f'<div class="{BANNER_CLASS}" role="alert" style="background:#fff3cd;border-bottom:2px solid #d39e00;'
        'color:#3d2f00;padding:10px 14px;text-align:center;font-size:16px">'
        f"Đây là <strong>dự thảo lần {so}</strong> (ngày {ngay.day}/{ngay.month}/{ngay.year}), "
        f"không phải bản mới nhất. "
        f'<a href="{html.escape(href)}" style="font-weight:bold">Xem trang này trong dự thảo lần {newest} (mới nhất)</a>'
        "</div>"
    )


def add_banners(draft_dir: Path, latest_dir: Path, so: int, ngay: dt.date, newest: int) -> int:
    """Insert the 'not the newest' banner in every HTML page of ``draft_dir``."""
    count = 0
    for page in sorted(draft_dir.rglob("*.html")):
        rel = page.relative_to(draft_dir)
        target = latest_dir / rel if (latest_dir / rel).is_file() else latest_dir / "index.html"
        href = os.path.relpath(target, page.parent).replace(os.sep, "/")
        text = page.read_text(encoding="utf-8")
        m = _BODY.search(text)
        if not m:
            continue
        text = text[: m.end()] + banner_html(so, ngay, newest, href) + text[m.end() :]
        page.write_text(text, encoding="utf-8")
        count += 1
    return count


PDF_DIR = "pdf"
WORD_DIR = "word"


#: the sidebar's "Tải bản PDF" (templates/html/du_thao.html), in its paragraph
_PDF_LINK = re.compile(r'<p>\s*<a [^>]*class="tai-pdf"[^>]*>.*?</a>\s*</p>\s*', re.S)


HOME_LINK_CLASS = "ve-trang-chu"


def home_link_html(href: str) -> str:
    """A line over each page of a draft, to the site's home: every draft and comparison."""
    return (
        f'<div style="background:#7a0000;padding:6px 14px;font-size:15px">'
        f'<a class="{HOME_LINK_CLASS}" href="{html.escape(href)}" style="color:#fff;text-decoration:none">'
        "← Trang chủ: mọi lần dự thảo</a></div>"
    )


def _copy_draft(build: DraftBuild, dest: Path) -> None:
    """The draft's pages in ``dest`` (a folder of the site), each with the line to the home page;
    without the PDF link when the site has no PDFs (make site-nhanh)."""
    shutil.copytree(build.html, dest)
    for page in dest.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if build.pdf is None:
            text = _PDF_LINK.sub("", text)
        m = _BODY.search(text)
        if m:
            home = os.path.relpath(dest.parent / "index.html", page.parent).replace(os.sep, "/")
            text = text[: m.end()] + home_link_html(home) + text[m.end() :]
        page.write_text(text, encoding="utf-8")


def assemble(
    builds: list[DraftBuild],
    redlines: dict[tuple[int, int], str],
    out: Path,
    co_quan: str = "",
    title: str = "Báo cáo Chính trị — các bản dự thảo",
    redline_pdfs: dict[tuple[int, int], Path] | None = None,
    committee: bool = False,
    reviews: dict[int, str] | None = None,
) -> None:
    """Write the site into ``out`` (which must not exist); ``committee``: the committee's edition,
    whose PDFs carry its notes (so they are not the files that were sent out)."""
    builds = sorted(builds, key=lambda b: b.entry.so)
    newest = builds[-1]
    out.mkdir(parents=True)
    for b in builds:
        _copy_draft(b, out / draft_tag(b.entry.so))
    _copy_draft(newest, out / LATEST)
    (out / PDF_DIR).mkdir()
    for b in builds:
        if b.pdf is not None:
            shutil.copy2(b.pdf, out / PDF_DIR / b.pdf.name)
        if b.docx is not None:
            (out / WORD_DIR).mkdir(exist_ok=True)
            shutil.copy2(b.docx, out / WORD_DIR / b.docx.name)
    for b in builds[:-1]:
        add_banners(out / draft_tag(b.entry.so), out / LATEST, b.entry.so, b.entry.ngay, newest.entry.so)
    (out / REDLINES).mkdir()
    for (a, b), page in redlines.items():
        (out / REDLINES / redline_name(a, b)).write_text(page, encoding="utf-8")
    for (a, b), pdf in (redline_pdfs or {}).items():
        shutil.copy2(pdf, out / REDLINES / redline_pdf_name(a, b))

    drafts = []
    for i, b in enumerate(reversed(builds)):
        prev = builds[len(builds) - 2 - i] if len(builds) - 2 - i >= 0 else None
        e = b.entry
        drafts.append(
            {
                "so": e.so,
                "slug": draft_tag(e.so),
                "ngay": f"{e.ngay.day}/{e.ngay.month}/{e.ngay.year}",
                "pdf": f"{PDF_DIR}/{b.pdf.name}" if b.pdf else "",
                "docx": f"{WORD_DIR}/{b.docx.name}" if b.docx else "",
                # each download with the SHA-256 recorded at release (none for older drafts)
                "tai_ve": [_download("pdf", b.pdf, e, committee), _download("docx", b.docx, e, committee)],
                "tong_quan": next((p for p in OVERVIEW_PAGES if (b.html / p).is_file()), ""),
                "so_sanh": f"{REDLINES}/{redline_name(prev.entry.so, e.so)}"
                if prev and (prev.entry.so, e.so) in redlines
                else "",
                "so_truoc": prev.entry.so if prev else "",
                # the committee's edition: the review report on this draft, and the one on the last
                "gop_y": (reviews or {}).get(e.so, ""),
                "gop_y_truoc": (reviews or {}).get(prev.entry.so, "") if prev else "",
            }
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, TEMPLATES.parent / "static"]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page = env.get_template("trang-chu.html.j2").render(
        tieu_de=title,
        co_quan=co_quan,
        cac_ban=drafts,
        ban_to_bien_tap=committee,
        luc_tao=dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
    )
    (out / "index.html").write_text(page, encoding="utf-8")


def _download(kind: str, path: Path | None, entry, committee: bool) -> dict:
    """What the home page says beside a download: the SHA-256 recorded when the draft was issued,
    and whether this file is that one (``khop``: True, False, or None when nothing was recorded)."""
    recorded = dict(entry.ma_kiem_tra).get(kind)
    name = issued_name(kind, entry.so)
    if path is None or recorded is None:
        return {"loai": kind, "ten": name, "ma": recorded or "", "khop": None, "co": path is not None}
    same = file_sha256(path) == recorded
    if not same and not committee:  # the readers' edition offers what was sent out, or says it is not
        print(f"CẢNH BÁO: {name} trên trang khác mã ghi khi phát hành ({recorded[:12]}…).", file=sys.stderr)
    return {"loai": kind, "ten": name, "ma": recorded, "khop": same, "co": True}


def organisation(repo_van_ban: str | None) -> str:
    """'ĐẢNG ỦY XÃ NAM THANH MIỆN' from a van_ban.yaml text, or ''."""
    if not repo_van_ban:
        return ""
    try:
        data = yaml.safe_load(repo_van_ban) or {}
    except yaml.YAMLError:
        return ""
    return str(data.get("co_quan_ban_hanh", "") or "")
