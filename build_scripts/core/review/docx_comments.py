"""The comments and tracked changes of a .docx a reviewer sent back (Word, WPS or LibreOffice).

Only the file's XML is trusted, never its layout: a paragraph is known by the bookmark named
after its identity (our .docx puts one inside each body paragraph) and by its text *as in the
draft* — the reviewer's insertions left out, their deletions put back — so that a paragraph the
reviewer edited still matches the draft's text. Comments come from python-docx
(``Document.comments``); the words they cover from ``w:commentRangeStart/End`` in the body.
Tracked changes are the ``w:ins``/``w:del`` of the body, next ones of one author merged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.core.messages import SourceLocation, UserError
from build_scripts.core.paragraph_identity import is_identity

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENT, INSERTION, DELETION = "y_kien", "them", "bo"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class FileParagraph:
    """A paragraph of the returned file."""

    index: int
    identities: list[str]
    #: the text as in the draft (insertions out, deletions back in), whitespace collapsed
    text: str
    #: the nearest heading above it in the file
    heading: str


@dataclass
class Remark:
    """One comment or one tracked change, as found in the file."""

    kind: str  # COMMENT | INSERTION | DELETION
    number: int  # 1, 2, … in the file, per kind (for 'nguon')
    author: str
    date: dt.date | None
    text: str  # the comment, or the words inserted / deleted
    quote: str  # the words the comment covers (a change: the words deleted / around the insertion)
    paragraph: FileParagraph | None
    extra: dict = field(default_factory=dict)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _inside(element, tags: set[str], stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _draft_text(element) -> str:
    """The words of ``element`` as the draft had them: w:t outside w:ins, and w:delText."""
    out = []
    for node in element.iter(q("t"), q("delText"), q("tab")):
        if node.tag == q("t") and _inside(node, {q("ins"), q("moveTo")}, element):
            continue
        out.append(" " if node.tag == q("tab") else node.text or "")
    return "".join(out)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def draft_number(path: Path, document) -> int:
    """N of "Dự thảo lần N" in the file's properties (core.xml subject; title or keywords else)."""
    props = document.core_properties
    for value in (props.subject, props.keywords, props.title):
        match = re.search(r"dự\s*thảo\s*lần\s*(\d+)", unicodedata.normalize("NFC", value or ""), re.IGNORECASE)
        if match:
            return int(match.group(1))
    raise UserError(
        "Tệp Word không ghi là của dự thảo lần nào (thuộc tính 'Subject' không có \"Dự thảo lần N\").",
        SourceLocation(path),
        'Cho biết lần dự thảo: chạy lại với N=<số lần>, ví dụ `make nhan-gop-y TEP=… DON_VI="…" N=5`.',
    )


def open_docx(path: Path):
    try:
        import docx
    except ImportError as exc:
        raise UserError(
            "Thiếu gói python-docx để đọc tệp Word.",
            None,
            "Chạy `.venv/bin/pip install -r requirements.txt`.",
        ) from exc
    if not zipfile.is_zipfile(path):
        raise UserError(
            "Tệp này không phải tệp Word .docx (có thể là .doc cũ, hoặc tệp bị hỏng).",
            SourceLocation(path),
            "Mở tệp bằng Word hoặc LibreOffice, chọn Lưu thành… → Word (.docx), rồi chạy lại với tệp mới.",
        )
    try:
        return docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise UserError(
            f"Không đọc được tệp Word ({type(exc).__name__}).",
            SourceLocation(path),
            "Mở tệp bằng Word hoặc LibreOffice, lưu lại dạng .docx rồi chạy lại.",
        ) from exc


def read_remarks(path: Path, document=None) -> tuple[list[FileParagraph], list[Remark]]:
    """The paragraphs of the file and every comment and tracked change in its body."""
    document = document or open_docx(path)
    body = document.element.body
    styles = {s.style_id: (s.name or "") for s in document.styles}
    paragraphs: list[FileParagraph] = []
    of_element: dict = {}
    heading = ""
    pending: list[str] = []  # identity bookmarks a program left just before their paragraph
    for element in body.iter(q("p"), q("bookmarkStart")):
        if element.tag == q("bookmarkStart"):
            name = element.get(q("name"), "")
            if is_identity(name) and not _inside(element, {q("p")}, body):
                pending.append(name)
            continue
        if _inside(element, {q("p")}, body):
            continue  # a paragraph inside a text box of a paragraph: its outer one counts
        names = [b.get(q("name"), "") for b in element.iter(q("bookmarkStart"))]
        identities = pending + [n for n in names if is_identity(n)]
        pending = []
        text = _clean(_draft_text(element))
        style = element.find(f"{q('pPr')}/{q('pStyle')}")
        style_name = styles.get(style.get(q("val")), "") if style is not None else ""
        paragraph = FileParagraph(len(paragraphs), identities, text, heading)
        if style_name.lower().startswith(("heading", "tiêu đề")) and text:
            heading = text
        paragraphs.append(paragraph)
        of_element[element] = paragraph
    remarks = _comments(document, body, of_element) + _changes(body, of_element)
    return paragraphs, remarks


def _paragraph_of(element, body, of_element) -> FileParagraph | None:
    node = element
    while node is not None and node is not body:
        if node in of_element:
            return of_element[node]
        node = node.getparent()
    # between paragraphs (some programs put a range start there): the next paragraph
    for following in element.itersiblings():
        for p in [following] if following.tag == q("p") else following.iter(q("p")):
            if p in of_element:
                return of_element[p]
    return None


def _comments(document, body, of_element) -> list[Remark]:
    try:
        comments = list(document.comments)
    except Exception:  # noqa: BLE001 - no comments part: no comments
        return []
    starts = {e.get(q("id")): e for e in body.iter(q("commentRangeStart"))}
    refs = {e.get(q("id")): e for e in body.iter(q("commentReference"))}
    quotes: dict[str, list[str]] = {}
    active: set[str] = set()
    for node in body.iter(q("commentRangeStart"), q("commentRangeEnd"), q("t"), q("delText")):
        ident = node.get(q("id"))
        if node.tag == q("commentRangeStart"):
            active.add(ident)
        elif node.tag == q("commentRangeEnd"):
            active.discard(ident)
        elif active and not (node.tag == q("t") and _inside(node, {q("ins"), q("moveTo")}, body)):
            for a in active:
                quotes.setdefault(a, []).append(node.text or "")
    out = []
    for number, comment in enumerate(comments, 1):
        ident = str(comment.comment_id)
        anchor = starts.get(ident) if ident in starts else refs.get(ident)
        out.append(
            Remark(
                kind=COMMENT,
                number=number,
                author=_clean(comment.author or ""),
                date=_date(comment.timestamp),
                text=_clean("\n".join(p.text for p in comment.paragraphs)),
                quote=_clean("".join(quotes.get(ident, []))),
                paragraph=_paragraph_of(anchor, body, of_element) if anchor is not None else None,
            )
        )
    return out


def _changes(body, of_element) -> list[Remark]:
    """w:ins / w:del with text, the next ones of the same author, kind and day merged."""
    out: list[Remark] = []
    numbers = {INSERTION: 0, DELETION: 0}
    last = None
    for node in body.iter(q("ins"), q("del"), q("moveTo"), q("moveFrom"), q("r")):
        if node.tag == q("r"):
            if (
                not _inside(node, {q("ins"), q("del"), q("moveTo"), q("moveFrom")}, body)
                and node.find(q("t")) is not None
            ):
                last = None  # unchanged words between two changes: they are two changes
            continue
        if _inside(node, {q("rPr"), q("pPr")}, body) or _inside(node, {q("ins"), q("del")}, body):
            continue  # a paragraph mark's change, or a change inside a change
        kind = INSERTION if node.tag in (q("ins"), q("moveTo")) else DELETION
        words = "".join(t.text or "" for t in node.iter(q("t") if kind == INSERTION else q("delText")))
        if not words.strip():
            continue
        author, date = _clean(node.get(q("author"), "")), _date(node.get(q("date")))
        paragraph = _paragraph_of(node, body, of_element)
        if (
            last is not None
            and last.kind == kind
            and last.author == author
            and last.date == date
            and last.paragraph is paragraph
        ):
            last.extra["words"] += words
            last.text = _clean(last.extra["words"])
            last.quote = last.text if kind == DELETION else last.quote
            continue
        numbers[kind] += 1
        # an insertion's place: the draft's words just before it ("…chuyển biến tích cực")
        quote = _clean(words) if kind == DELETION else _words_before(node, body)
        last = Remark(kind, numbers[kind], author, date, _clean(words), quote, paragraph, {"words": words})
        out.append(last)
    return out


def _words_before(node, body, count: int = 6) -> str:
    """The last ``count`` words of the draft's text before ``node`` in its paragraph."""
    paragraph = node
    while paragraph is not None and paragraph.tag != q("p"):
        paragraph = paragraph.getparent()
    if paragraph is None:
        return ""
    text = []
    for element in paragraph.iter():
        if element is node:
            break
        if element.tag == q("delText") or (
            element.tag == q("t") and not _inside(element, {q("ins"), q("moveTo")}, paragraph)
        ):
            text.append(element.text or "")
    words = "".join(text).split()
    return ("…" if len(words) > count else "") + " ".join(words[-count:])
