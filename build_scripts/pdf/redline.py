"""The printable redline (``make diff``): the comparison of two drafts as an A4 PDF in the Party
layout, for the Standing Committee.

rinohtype directly, not a generated MyST document through Sphinx: the redline is already laid
out in segments (:mod:`build_scripts.core.redline.worddiff`), and a Sphinx build would parse
back what we just wrote, in seconds rather than a fraction of one. The page template and the
letterhead styles are the report's (``templates/rinoh/bao_cao.rtt``, ``bao_cao.rts``), so the
print looks like the report; ``templates/rinoh/so_sanh.rts`` adds the redline's own styles.

rinohtype has no underline or strike-through: :func:`_decorations` draws them under / through
the glyphs of an inserted / deleted run while the page is written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import rinoh.backend.pdf as rinoh_pdf
from rinoh.color import Color
from rinoh.dimension import PT
from rinoh.document import DocumentTree
from rinoh.flowable import StaticGroupedFlowables
from rinoh.font.style import BOLD, ITALIC
from rinoh.paragraph import Paragraph
from rinoh.style import StyleSheetFile
from rinoh.table import Table, TableBody, TableCell, TableRow
from rinoh.text import MixedStyledText, SingleStyledText, TextStyle

from build_scripts.core.redline.page import Redline
from build_scripts.core.redline.prose import CELL
from build_scripts.core.redline.worddiff import Segment, split_change
from build_scripts.pdf.language import VI
from build_scripts.pdf.rinoh_warnings import recorded_rinoh_warnings
from build_scripts.pdf.template import BaoCao

RINOH = Path(__file__).resolve().parents[2] / "templates" / "rinoh"
INSERTED_COLOR = Color(0.02, 0.30, 0.02)  # dark green, 9:1 on white
DELETED_COLOR = Color(0.48, 0.0, 0.0)  # dark red, 9:1 on white
_KEY_STYLE = TextStyle(font_size=9 * PT, font_slant=ITALIC)


class _Inserted(MixedStyledText):
    decoration = "underline"


class _Deleted(MixedStyledText):
    decoration = "strike"


def _decoration(span) -> str | None:
    element = span
    while element is not None:
        found = getattr(type(element), "decoration", None)
        if found:
            return found
        element = getattr(element, "parent", None)
    return None


@contextlib.contextmanager
def _decorations():
    """While rendering: a line under each inserted run and through each deleted one."""
    original = rinoh_pdf.Canvas.show_glyphs

    def show_glyphs(self, left, cursor, span, glyphs, container):
        width = original(self, left, cursor, span, glyphs, container)
        kind = _decoration(span)
        if kind:
            size = float(span.height(container))
            baseline = cursor - float(span.y_offset(container))
            y = -(baseline + 0.12 * size) if kind == "underline" else -(baseline - 0.27 * size)
            with self.save_state():
                self.line_width(max(0.5, size / 18))
                self.stroke_color(INSERTED_COLOR if kind == "underline" else DELETED_COLOR)
                self.move_to(left, y)
                self.line_to(left + width, y)
                self.stroke()
        return width

    rinoh_pdf.Canvas.show_glyphs = show_glyphs
    try:
        yield
    finally:
        rinoh_pdf.Canvas.show_glyphs = original


def _para(content, cls: str) -> Paragraph:
    p = Paragraph(content)
    p.classes = [cls]
    return p


def _text(text: str, style=None) -> SingleStyledText:
    return SingleStyledText(text, style=style)


def _inserted(text: str) -> _Inserted:
    return _Inserted([_text(text)], style=TextStyle(font_color=INSERTED_COLOR))


def _deleted(text: str) -> _Deleted:
    return _Deleted([_text(text)], style=TextStyle(font_color=DELETED_COLOR))


def _segments_lines(segments: list[Segment]) -> list[list]:
    """The styled runs of each printed line (a line of the compared text is a paragraph)."""
    lines: list[list] = [[]]

    def add(text: str, make) -> None:
        parts = text.replace(CELL.strip(), "|").split("\n")  # Termes has no box-drawing glyph
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(make(part))

    previous = ""
    for s in segments:
        if s.kind == "giu":
            add(s.text, _text)
        elif s.kind == "them":
            if previous == "bo":
                lines[-1].append(_text(" "))  # a replaced phrase: the struck and the new words apart
            add(s.text, _inserted)
        elif s.kind == "bo":
            add(s.text, _deleted)
        else:
            prefix, old, new, suffix = split_change(s.old, s.text)
            run = [_text(prefix), _deleted(old), _text(" → "), _inserted(new), _text(suffix)]
            lines[-1].extend([*run, _text(f" [số liệu: {s.key}]", _KEY_STYLE)])
        previous = s.kind
    return [line for line in lines if any(str(getattr(r, "text", "x")).strip() for r in line)]


def _line_class(runs: list) -> str:
    first = runs[0].to_string(None) if runs else ""
    if first.startswith((" ", "–")) or first[:1].isdigit() and first.split(" ", 1)[0].endswith((".", ")")):
        return "so-sanh-muc"
    if " | " in "".join(r.to_string(None) for r in runs):
        return "so-sanh-dong"
    return "so-sanh-doan"


def _letterhead(redline: Redline) -> Table:
    van_ban = redline.new.data.get("van_ban") or redline.old.data.get("van_ban") or {}
    if not isinstance(van_ban, dict):
        van_ban = {}

    def cell(*paragraphs) -> TableCell:
        return TableCell(list(paragraphs))

    left = [
        _para(_text(" ".join(str(van_ban.get("co_quan_cap_tren") or "").split())), "dau-van-ban-doan"),
        _para(
            _text(" ".join(str(van_ban.get("co_quan_ban_hanh") or "").split()), style=TextStyle(font_weight=BOLD)),
            "dau-van-ban-doan",
        ),
        _para(_text("*"), "dau-van-ban-doan"),
    ]
    right = [_para(_text(str(van_ban.get("ten_dang") or "ĐẢNG CỘNG SẢN VIỆT NAM")), "ten-dang")]
    table = Table(TableBody([TableRow([cell(*left), cell(*right)])]))
    table.classes = ["dau-van-ban"]
    return table


def redline_document(redline: Redline, old_no: int | str, new_no: int | str) -> list:
    flowables: list = [_letterhead(redline)]
    flowables.append(_para(_text(f"SO SÁNH DỰ THẢO LẦN {old_no} VÀ LẦN {new_no}"), "ten-van-ban"))
    flowables.append(_para(_text(f"({redline.old.label} với {redline.new.label})"), "phu-de"))
    flowables.append(
        _para(
            MixedStyledText(
                [
                    _text(
                        f"{redline.changed_sections} mục có thay đổi, {redline.insertions} chỗ thêm, "
                        f"{redline.deletions} chỗ bỏ, {len(redline.data)} số liệu thay đổi. Chữ thêm: "
                    ),
                    _inserted("gạch dưới"),
                    _text("; chữ bỏ: "),
                    _deleted("gạch ngang"),
                    _text("; số liệu thay đổi: "),
                    _deleted("cũ"),
                    _text(" → "),
                    _inserted("mới"),
                    _text(" [số liệu: tên]", _KEY_STYLE),
                    _text(
                        ". Chú thích đặt trong ngoặc vuông ngay sau chữ được chú thích. Các mục không đổi chỉ ghi tên; "
                        "ghi chú cho tổ biên tập không được so sánh."
                    ),
                ]
            ),
            "so-sanh-chu-giai",
        )
    )
    for kind, group in redline.groups():
        if kind == "giu":
            names = [s.title or "phần đầu" for s in group]
            shown = f"«{names[0]}»" if len(names) == 1 else f"{len(names)} mục, từ «{names[0]}» đến «{names[-1]}»"
            flowables.append(_para(_text(f"(Không thay đổi: {shown}.)"), "so-sanh-gap"))
            continue
        s = group[0]
        title_runs = [r for line in _segments_lines(s.title_segments) for r in line] or [_text("(phần đầu)")]
        if s.kind == "them":
            title_runs.append(_text(" — mục mới"))
        elif s.kind == "bo":
            title_runs.append(_text(" — mục bị bỏ"))
        flowables.append(_para(MixedStyledText(title_runs), "so-sanh-tieu-de-muc"))
        flowables.append(_para(_text(s.path), "so-sanh-tep"))
        for runs in _segments_lines(s.segments):
            flowables.append(_para(MixedStyledText(runs), _line_class(runs)))
    flowables.append(_para(_text("SỐ LIỆU THAY ĐỔI"), "so-sanh-phan"))
    if not redline.data:
        flowables.append(_para(_text("Không có số liệu nào thay đổi."), "so-sanh-doan"))
    for c in redline.data:
        runs = [_text(f"{c.key}", TextStyle(font_weight=BOLD))]
        if c.source:
            runs.append(_text(f" ({c.source})", _KEY_STYLE))
        runs.append(_text(": "))
        runs.append(_text("(chưa có)") if c.old is None else _deleted(c.old))
        runs.append(_text(" → "))
        runs.append(_text("(đã bỏ)") if c.new is None else _inserted(c.new))
        uses = "; ".join(f"{u.path}:{u.line}" + (f" ({u.section})" if u.section else "") for u in c.uses)
        runs.append(_text(f" — dùng ở: {uses}." if uses else " — không dùng trong văn bản."))
        flowables.append(_para(MixedStyledText(runs), "so-sanh-muc"))
    return flowables


def write_redline_pdf(redline: Redline, out: Path, old_no: int | str, new_no: int | str) -> Path:
    """Write the PDF to ``out`` (replaced only once the new one is complete)."""
    stylesheet = StyleSheetFile(str(RINOH / "so_sanh.rts"))
    base = BaoCao.ConfigurationFile(str(RINOH / "bao_cao.rtt"))
    configuration = BaoCao.Configuration("so sánh", base=base, stylesheet=stylesheet, language=VI)
    tree = DocumentTree([StaticGroupedFlowables(redline_document(redline, old_no, new_no))])
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".so-sanh-", dir=out.parent) as work:
        stem = Path(work) / out.stem
        # rinohtype prints its licence banner on stdout; its warnings are told in Vietnamese below
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            with _decorations(), recorded_rinoh_warnings() as problems:
                document = configuration.document(tree)
                document.metadata["title"] = f"So sánh dự thảo lần {old_no} và lần {new_no}"
                document.render(str(stem))
        os.replace(stem.with_suffix(".pdf"), out)
    for p in problems:
        # the page (HTML) is right whatever the print shows: a warning, not a failure
        print(f"CẢNH BÁO: {out.name}: {p.message}\n    → Cách sửa: {p.fix}", file=sys.stderr)
    return out
