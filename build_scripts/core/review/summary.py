"""The report "Tổng hợp, tiếp thu, giải trình ý kiến góp ý vào Dự thảo lần N".

Rows in the order of the document (the map's reading order; comments not placed last, by id),
with the counts per decision. Rendered here as a self-contained HTML page (no file but itself,
a table on a computer, one card per comment on a phone) and as MyST for the PDF, which
:mod:`build_scripts.pdf.review_report` typesets with the report's own machinery.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from build_scripts.core.review.paragraph_map import page_of
from build_scripts.core.review.register import DECISIONS, UNDECIDED, Comment

TITLE = "Tổng hợp, tiếp thu, giải trình ý kiến góp ý vào Dự thảo lần {n}"
COLUMNS = ("STT", "Vị trí trong dự thảo", "Nội dung góp ý", "Đơn vị góp ý", "Tiếp thu, giải trình")
UNPLACED_TEXT = "Chưa xác định được vị trí"


def file_stem(n: int) -> str:
    return f"tong-hop-gop-y-du-thao-lan-{n}"


@dataclass(frozen=True)
class Row:
    number: int
    comment: Comment
    place: str  # "1.2. Về kinh tế — đoạn «Tổng giá trị…»"
    source: str  # "docs/phan-1.md:12"
    link: str | None  # to the paragraph in draft N's HTML
    decision: str  # "Tiếp thu", … "Chưa xử lý"


def short_quote(text: str, count: int = 30) -> str:
    """A quote as the report shows it: a whole paragraph commented on is cut after ``count`` words."""
    return _first_words(text, count)


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def rows(comments: list[Comment], paragraphs: dict, link_base: str | None) -> list[Row]:
    order = {ident: i for i, ident in enumerate(paragraphs)}
    ranked = sorted(comments, key=lambda c: (order.get(c.doan_van, len(order)), c.id))
    out = []
    for number, c in enumerate(ranked, 1):
        mapped = paragraphs.get(c.doan_van) if c.doan_van else None
        if mapped:
            section = mapped.get("muc") or c.muc
            place = f"{section} — đoạn «{_first_words(mapped.get('van_ban', ''))}»" if section else ""
            place = place or f"Đoạn «{_first_words(mapped.get('van_ban', ''))}»"
            source = f"{mapped.get('tep')}:{mapped.get('dong')}"
            page = page_of(mapped)
            link = f"{link_base}{page}#{c.doan_van}" if link_base is not None and page else None
        else:
            # typed by hand with its section, or taken in without a paragraph
            place = f"{c.muc} ({UNPLACED_TEXT.lower()} đoạn)" if c.muc else UNPLACED_TEXT
            source, link = "", None
        out.append(Row(number, c, place, source, link, DECISIONS[c.xu_ly]))
    return out


def counts(comments: list[Comment]) -> Counter:
    return Counter(c.xu_ly for c in comments)


def counts_sentence(comments: list[Comment]) -> str:
    tally = counts(comments)
    parts = [f"{DECISIONS[d].lower()} {tally[d]}" for d in DECISIONS if tally[d]]
    reviewers = len({c.don_vi for c in comments})
    return (
        f"Tổng số {len(comments)} ý kiến của {reviewers} đơn vị, cá nhân"
        + (": " + "; ".join(parts) if parts else "")
        + "."
    )


# ---------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Times New Roman",Times,serif;color:#111;margin:0;background:#fff;line-height:1.45}
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
.dau{display:flex;justify-content:space-between;gap:1rem;text-align:center;font-size:.95rem}
.dau p{margin:.1rem 0}.dau .ten-dang{font-weight:bold;text-decoration:underline}
h1{text-align:center;font-size:1.3rem;margin:1.5rem 0 .25rem;text-transform:uppercase}
.phu-de{text-align:center;font-style:italic;margin:0 0 1rem}
.tong{margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.98rem}
th,td{border:1px solid #444;padding:.35rem .45rem;vertical-align:top;text-align:left}
th{background:#eee;text-align:center}
td.stt{text-align:center;width:2.5rem}
.trich{font-style:italic;color:#333}.nguon{color:#555;font-size:.85rem}
.chua{color:#8b0000;font-weight:bold}
a{color:#8b0000}
@media (max-width:700px){
 .dau{flex-direction:column}
 table,thead,tbody,tr,th,td{display:block;width:auto}
 thead{display:none}
 tr{border:1px solid #444;margin:0 0 .8rem;padding:.2rem .4rem}
 td{border:none;padding:.2rem 0}
 td.stt{text-align:left;width:auto;font-weight:bold}
 td[data-cot]::before{content:attr(data-cot) ": ";font-weight:bold}
}
"""


def _e(text: str) -> str:
    return html.escape(text or "", quote=True)


def render_html(n: int, header: dict, comments: list[Comment], paragraphs: dict, link_base: str | None) -> str:
    """The report as one HTML page; ``header``: co_quan_cap_tren, co_quan_ban_hanh, ten_dang, dia_danh."""
    body = []
    for row in rows(comments, paragraphs, link_base):
        c = row.comment
        place = f'<a href="{_e(row.link)}">{_e(row.place)}</a>' if row.link else _e(row.place)
        if row.source:
            place += f'<br><span class="nguon">{_e(row.source)}</span>'
        content = (f'<span class="trich">«{_e(short_quote(c.trich))}»</span><br>' if c.trich else "") + _e(c.noi_dung)
        who = (
            _e(c.don_vi)
            + (f"<br>{_e(c.nguoi)}" if c.nguoi else "")
            + f'<br><span class="nguon">{c.ngay:%d/%m/%Y}</span>'
        )
        decided = (
            f"<strong>{_e(row.decision)}</strong>"
            if c.decided
            else f'<span class="chua">{_e(row.decision.lower())}</span>'
        )
        answer = decided + (f": {_e(c.ly_do)}" if c.ly_do else "") + (f"<br>Đã sửa: {_e(c.da_sua)}" if c.da_sua else "")
        cells = (str(row.number), place, content, who, answer)
        tds = "".join(
            f'<td class="stt">{cells[0]}</td>' if i == 0 else f'<td data-cot="{_e(COLUMNS[i])}">{cell}</td>'
            for i, cell in enumerate(cells)
        )
        body.append(f'<tr id="{_e(c.id)}">{tds}</tr>')
    title = TITLE.format(n=n)
    head = "".join(f"<th>{_e(col)}</th>" for col in COLUMNS)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{_CSS}</style></head>
<body><main>
<div class="dau"><div><p>{_e(header.get("co_quan_cap_tren", ""))}</p><p><strong>{_e(header.get("co_quan_ban_hanh", ""))}</strong></p><p>*</p></div>
<div><p class="ten-dang">{_e(header.get("ten_dang", ""))}</p></div></div>
<h1>Báo cáo</h1>
<p class="phu-de">{_e(title)}</p>
<p class="tong">{_e(counts_sentence(comments))}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
</main></body></html>
"""


# ---------------------------------------------------------------------- MyST (PDF)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~%$&^=\"'@:;,/?])")


def md_escape(text: str) -> str:
    """Reviewers' words as literal MyST text, and never Jinja (the report's pages go through it)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def render_myst(n: int, comments: list[Comment], paragraphs: dict) -> str:
    """The report's one page for Sphinx: the report's own header snippet, title, counts, table."""
    lines = [
        "---",
        "orphan: true",
        "---",
        "{% set ban_chinh_thuc = true %}",  # the header without "(Dự thảo lần …)": this is no draft
        '{% include "snippets/dau_van_ban.md.j2" %}',
        "",
        "# BÁO CÁO",
        "",
        "{.phu-de}",
        f"**{md_escape(TITLE.format(n=n))}**",
        "",
        md_escape(counts_sentence(comments)),
        "",
        ":::{list-table}",
        ":header-rows: 1",
        ":widths: 7 22 33 16 22",
        ":class: gop-y",
        "",
    ]
    lines.append("* - " + "\n  - ".join(md_escape(c) for c in COLUMNS))
    for row in rows(comments, paragraphs, None):
        c = row.comment
        content = (f"*«{md_escape(short_quote(c.trich))}»* " if c.trich else "") + md_escape(c.noi_dung)
        who = md_escape(c.don_vi) + (f" ({md_escape(c.nguoi)})" if c.nguoi else "") + f", {c.ngay:%d/%m/%Y}"
        answer = f"**{md_escape(row.decision)}**" if c.decided else f"*{md_escape(row.decision.lower())}*"
        answer += (": " + md_escape(c.ly_do) if c.ly_do else "") + (
            ". Đã sửa: " + md_escape(c.da_sua) if c.da_sua else ""
        )
        cells = (str(row.number), md_escape(row.place), content, who, answer)
        lines.append("* - " + "\n  - ".join(cells))
    lines += [":::", ""]
    return "\n".join(lines)


def undecided(comments: list[Comment]) -> list[Comment]:
    return [c for c in comments if c.xu_ly == UNDECIDED]


def heading_key(text: str) -> str:
    """A heading compared as words: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def comments_by_heading(comments: list[Comment], paragraphs: dict) -> dict[str, list[Comment]]:
    """The comments on each section of the draft, by :func:`heading_key` of its heading: the heading
    of the commented paragraph in the draft's map, else the section the record names (``muc``)."""
    out: dict[str, list[Comment]] = {}
    for c in comments:
        heading = (paragraphs.get(c.doan_van) or {}).get("muc") if c.doan_van else None
        key = heading_key(heading or c.muc)
        if key:
            out.setdefault(key, []).append(c)
    return out
