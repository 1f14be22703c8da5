"""The reference .docx pandoc takes its styles and page from, written by python-docx.

No hand-made binary: the styles are this file, and the document is written again for every
build (a few tens of milliseconds). Values follow templates/rinoh/bao_cao.rts (the PDF) and
/work/shared/spec/the-thuc-van-ban-dang.md: A4, margins 20/20/30/15 mm, Times New Roman 14 pt,
justified body with a 10 mm first-line indent and 6 pt after, headings by their numbering.

rinohtype's ``proportional(1.2)`` is 1.2 × the font size; Word's "multiple" spacing is relative
to the font's own (taller) line, so the lines are set "at least" 1.2 × the size instead.

``python -m build_scripts.docx.reference OUT.docx`` writes it, to open it in Word.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_INDENT = Mm(10)
LEFT, CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass
class Para:
    """A paragraph style: only what differs from its base."""

    base: str | None = "Normal"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    align: object = None
    first_line: object = None
    left: object = None
    right: object = None
    before: float | None = None
    after: float | None = None
    line: float | None = None  # "at least", in points
    keep_next: bool | None = None
    tracking: float | None = None  # character spacing, in points (negative: condensed)


def _heading(align, before=6, after=6, indent=None, bold=True, italic=False):
    return Para(
        base="Normal",
        size=14,
        bold=bold,
        italic=italic,
        align=align,
        first_line=indent or Mm(0),
        before=before,
        after=after,
        line=17,
        keep_next=True,
    )


PARAGRAPH_STYLES: dict[str, Para] = {
    "Normal": Para(base=None, size=14, align=LEFT, before=0, after=0, line=16),
    "Body Text": Para(size=14, align=JUSTIFY, first_line=BODY_INDENT, after=6, line=17),
    "First Paragraph": Para(base="Body Text"),
    "Compact": Para(base="Normal"),
    # by their numbering (build_scripts/pdf/headings.py): Phần thứ / Phụ lục, A., I., 1., 1.1., other
    "Heading 1": _heading(CENTER, before=18, after=0),
    "Heading 2": _heading(CENTER, before=12, after=6),
    "Heading 3": _heading(LEFT),
    "Heading 4": _heading(LEFT, indent=BODY_INDENT),
    "Heading 5": _heading(LEFT, indent=BODY_INDENT, italic=True),
    "Heading 6": _heading(LEFT, indent=BODY_INDENT, bold=False, italic=True),
    # Times New Roman is a little wider than the PDF's Termes: the title's lines and the header's
    # are set 0.2 pt tighter, so they break where van_ban.yaml breaks them
    "Ten van ban": Para(size=15, bold=True, align=CENTER, before=24, after=4, line=18, keep_next=True, tracking=-0.2),
    "Phu de": Para(italic=True, align=CENTER, after=2, line=17, keep_next=True),
    "Gach ngang": Para(size=2, left=Mm(62.5), right=Mm(62.5), before=4, after=14, line=1, keep_next=True),
    "Ten phan": Para(bold=True, align=CENTER, after=12, line=17, keep_next=True),
    "Gach dau dong 2": Para(base="Body Text", first_line=Mm(20)),
    "Dau van ban": Para(align=CENTER, line=16, tracking=-0.2),
    "Ten dang": Para(base="Dau van ban", size=15, bold=True, underline=True),
    "Dia danh ngay": Para(base="Dau van ban", italic=True, before=8, tracking=-0.4),
    "Ket van ban": Para(bold=True, align=CENTER, line=16),
    "Noi nhan": Para(size=12, bold=True, italic=True, align=LEFT),
    "Noi nhan muc": Para(size=11, align=LEFT, line=12),
    "Nguoi ky": Para(base="Ket van ban", before=72),
    "Bang": Para(size=12, align=LEFT, before=2, after=2, line=13),
    "Bang dau": Para(base="Bang", bold=True, align=CENTER),
    "Bang chu thich": Para(bold=True, align=CENTER, before=6, after=4, keep_next=True),
    "Footnote Text": Para(size=12, align=JUSTIFY, first_line=Mm(0), after=0, line=14),
}
#: the sizes of the page, as the PDF's (templates/rinoh/bao_cao.rtt)
PAGE = dict(
    page_width=Mm(210),
    page_height=Mm(297),
    top_margin=Mm(20),
    bottom_margin=Mm(20),
    left_margin=Mm(30),
    right_margin=Mm(15),
    header_distance=Mm(13),
    footer_distance=Mm(10),
)


# The schema's order of the children Word checks (it refuses a file with them out of order).
ORDER = {
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
    "tblPrChange",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark headers cellIns cellDel cellMerge tcPrChange",
}


def in_schema_order(el) -> None:
    """Sort the children of a pPr, rPr, tblPr or tcPr as the schema wants them."""
    names = ORDER[next(k for k in ORDER if el.tag == qn(k))].split()
    rank = {qn(f"w:{name}"): i for i, name in enumerate(names)}
    children = list(el)
    for child in children:
        el.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):  # stable
        el.append(child)


def _set_fonts(rpr) -> None:
    """Times New Roman for every script, no theme font (which Word prefers to the name)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), FONT)


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _defaults(document) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    _set_language(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "28")


def _style(document, name: str, spec: Para):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if spec.base:
        style.base_style = styles[spec.base]
    style.quick_style = True
    font, fmt = style.font, style.paragraph_format
    _set_fonts(style.element.get_or_add_rPr())
    font.color.rgb = None
    color = style.element.rPr.find(qn("w:color"))
    if color is not None:
        style.element.rPr.remove(color)
    if spec.size is not None:
        font.size = Pt(spec.size)
    for attr in ("bold", "italic", "underline"):
        if getattr(spec, attr) is not None:
            setattr(font, attr, getattr(spec, attr))
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.first_line is not None:
        fmt.first_line_indent = spec.first_line
    if spec.left is not None:
        fmt.left_indent = spec.left
    if spec.right is not None:
        fmt.right_indent = spec.right
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(spec.line)
    if spec.keep_next is not None:
        fmt.keep_with_next = spec.keep_next
    fmt.widow_control = True
    if spec.tracking is not None:
        rpr = style.element.get_or_add_rPr()
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(spec.tracking * 20)))
        rpr.append(spacing)
    return style


def _rule_below(style) -> None:
    """The short centred rule under the subtitle: the bottom border of an empty paragraph."""
    ppr = style.element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr.insert(0, border)


def _footnote_reference(document) -> None:
    styles = document.styles
    name = "Footnote Reference"
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.font.superscript = True


def _table_style(document) -> None:
    """pandoc's table style ("Table"): thin black rules around every cell (the appendix)."""
    styles = document.styles
    style = styles["Table"] if "Table" in [s.name for s in styles] else styles.add_style("Table", WD_STYLE_TYPE.TABLE)
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{key}"), value)
        borders.append(el)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("left", "57"), ("right", "57")):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), width)
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def write_reference(path: Path) -> Path:
    document = Document()
    _defaults(document)
    for name, spec in PARAGRAPH_STYLES.items():
        style = _style(document, name, spec)
        if name == "Gach ngang":
            _rule_below(style)
    _footnote_reference(document)
    _table_style(document)
    section = document.sections[0]
    for key, value in PAGE.items():
        setattr(section, key, value)
    for tag in ("w:pPr", "w:rPr"):
        for el in document.styles.element.iter(qn(tag)):
            in_schema_order(el)
    body = document.element.body
    for paragraph in list(body.findall(qn("w:p"))):
        body.remove(paragraph)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(write_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "mau-tham-chieu.docx")))
