"""What pandoc cannot say, done on its .docx with python-docx and lxml.

- the header block and the closing: borderless two-column tables (BLOCK_COLUMNS_MM), the closing kept
  with the paragraph before it;
- appendix tables: the header row repeated on each page (``w:tblHeader``), rows not split;
- the page: A4 and the spec's margins; page numbers (a PAGE field) centred at the top from
  page 2 (``w:titlePg``: the first page has its own, empty header);
- a draft's "DỰ THẢO": Word's own watermark, a VML text shape in the headers;
- document properties: title, subject ("Dự thảo lần N"), author, keywords, language vi-VN;
- the same bytes from the same tree (what ``make release`` records and ``make kiem-tra-ban`` checks):
  the created/modified dates and the zip members' times are the document's own timestamp
  (:func:`build_scripts.core.reproducible.timestamp_for`), the members in a fixed order. pandoc
  writes no w:rsid and numbers bookmarks and footnotes in document order.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from build_scripts.docx.pandoc_ast import CLOSING_MARK, HEADER_MARK, NEW_PAGE_MARK
from build_scripts.docx.reference import FONT, LANGUAGE, PAGE, in_schema_order


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# The header and closing are wider than the text by 4 mm on each side (the right margin keeps
# 11 mm): in Times New Roman "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" and the date line are a little wider
# than in the PDF's Termes, and they must stay on one line each.
BLOCK_COLUMNS_MM = (84, 89)
BLOCK_OUTDENT_MM = 4
VML_NAMESPACES = {
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}

# Word's own watermark ("Design > Watermark"), as Word writes it: a WordArt text path, centred on
# the page's margins, behind the text.
WATERMARK_XML = """
<w:p %(ns)s><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:noProof/></w:rPr>
<w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>
<v:shape id="PowerPlusWaterMarkObject%(n)d" o:spid="_x0000_s20%(n)02d" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="silver" stroked="f">
<v:fill opacity=".4"/>
<v:textpath style="font-family:&quot;%(font)s&quot;;font-size:1pt;font-weight:bold" string="%(text)s"/>
<w10:wrap anchorx="margin" anchory="margin"/>
</v:shape>
</w:pict></w:r></w:p>
"""


def _mark_table(body, mark: str):
    """The table whose first cell holds the bookmark ``mark`` (pandoc_ast put it there)."""
    for start in body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) == mark:
            paragraph = next(a for a in start.iterancestors(qn("w:p")))
            table = next(start.iterancestors(qn("w:tbl")), None)
            paragraph.getparent().remove(paragraph)  # the mark's empty paragraph
            return table
    return None


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        anchor = next((parent.find(qn(t)) for t in before if parent.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            parent.append(el)
    return el


def new_pages(body) -> int:
    """Headings marked to start a page (appendix): "page break before", unless the heading just
    before started the page already ("Phụ lục" over "Phụ lục 1. …")."""
    marked = [s for s in body.iter(qn("w:bookmarkStart")) if s.get(qn("w:name"), "").startswith(NEW_PAGE_MARK)]
    done = 0
    for start in marked:
        # pandoc sets a heading's bookmark around its whole section, before the heading's paragraph
        paragraph = next(start.iterancestors(qn("w:p")), None)
        if paragraph is None:
            paragraph = start.getnext()
            while paragraph is not None and paragraph.tag != qn("w:p"):
                paragraph = paragraph.getnext()
        if paragraph is None:
            continue
        for end in body.iter(qn("w:bookmarkEnd")):
            if end.get(qn("w:id")) == start.get(qn("w:id")):
                end.getparent().remove(end)
                break
        start.getparent().remove(start)
        previous = paragraph.getprevious()
        ppr = previous.find(qn("w:pPr")) if previous is not None else None
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            continue
        ppr = _child(paragraph, "w:pPr", before=("w:r", "w:bookmarkStart", "w:hyperlink"))
        ppr.append(OxmlElement("w:pageBreakBefore"))
        in_schema_order(ppr)
        done += 1
    return done


def closing_spacing(table) -> None:
    """18 pt above the closing, and the paragraph before it kept with it (never a page with only
    the signature on it)."""
    previous = table.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        ppr = _child(previous, "w:pPr", before=("w:r", "w:bookmarkStart", "w:hyperlink"))
        if ppr.find(qn("w:keepNext")) is None:
            ppr.append(OxmlElement("w:keepNext"))
            in_schema_order(ppr)
    first_row = table.find(qn("w:tr"))
    for cell in first_row.findall(qn("w:tc")) if first_row is not None else ():
        paragraph = cell.find(qn("w:p"))
        if paragraph is not None:
            ppr = _child(paragraph, "w:pPr", before=("w:r", "w:bookmarkStart", "w:hyperlink"))
            for old in ppr.findall(qn("w:spacing")):
                ppr.remove(old)
            ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="360"/>'))
            in_schema_order(ppr)


def borderless_block(table) -> None:
    """The header and closing: two columns (BLOCK_COLUMNS_MM), no rule, no cell padding."""
    tblpr = table.find(qn("w:tblPr"))
    for tag in ("w:tblStyle", "w:tblBorders", "w:tblLook", "w:tblW", "w:tblLayout", "w:tblCellMar", "w:tblInd"):
        for el in tblpr.findall(qn(tag)):
            tblpr.remove(el)
    widths = [_twips(mm) for mm in BLOCK_COLUMNS_MM]
    tblpr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    tblpr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="-{_twips(BLOCK_OUTDENT_MM)}" w:type="dxa"/>'))
    tblpr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
    )
    tblpr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tblpr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )
    in_schema_order(tblpr)
    grid = table.find(qn("w:tblGrid"))
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in table.findall(qn("w:tr")):
        for cell, width in zip(row.findall(qn("w:tc")), widths):
            tcpr = _child(cell, "w:tcPr")
            for el in tcpr.findall(qn("w:tcW")):
                tcpr.remove(el)
            tcpr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{width}" w:type="dxa"/>'))
            for old in tcpr.findall(qn("w:vAlign")):
                tcpr.remove(old)
            tcpr.append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="top"/>'))
            in_schema_order(tcpr)
        trpr = _child(row, "w:trPr", before=("w:tc",))
        trpr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def repeat_header_rows(table) -> int:
    """An appendix table: its header rows repeat on every page; no row is split across pages."""
    rows = table.findall(qn("w:tr"))
    header = [
        r for r in rows if r.find(qn("w:trPr")) is not None and r.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    ]
    if not header and rows:  # pandoc marks them; if not, the first row is the header
        header = rows[:1]
    for row in rows:
        trpr = _child(row, "w:trPr", before=("w:tc",))
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))
        if row in header and trpr.find(qn("w:tblHeader")) is None:
            trpr.append(OxmlElement("w:tblHeader"))
    return len(header)


def page_number_paragraph(paragraph) -> None:
    """A centred PAGE field (Word computes the number of each page)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    p = paragraph._p
    for xml in (
        '<w:r %s><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r %s><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r %s><w:t>2</w:t></w:r>",
        '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p.append(parse_xml(xml % nsdecls("w")))
    for run in p.findall(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        fonts = OxmlElement("w:rFonts")
        for key in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{key}"), FONT)
        rpr.append(fonts)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "28")
        rpr.append(size)


def add_watermark(header, text: str, n: int) -> None:
    escaped = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    ns = nsdecls("w") + "".join(f' xmlns:{k}="{v}"' for k, v in VML_NAMESPACES.items())
    xml = WATERMARK_XML % {"ns": ns, "n": n, "font": FONT, "text": escaped}
    header._element.append(parse_xml(xml.strip()))


def _clear(header) -> None:
    for p in list(header._element):
        header._element.remove(p)


def finish_docx(
    src: Path,
    out: Path,
    *,
    title: str,
    subject: str,
    author: str,
    watermark: str | None,
    moment: dt.datetime | None = None,
) -> None:
    """``moment``: the document's timestamp (aware); the file's dates and zip times, for the same
    bytes at every build of the same tree."""
    document = Document(str(src))
    body = document.element.body
    for mark in (HEADER_MARK, CLOSING_MARK):
        table = _mark_table(body, mark)
        if table is not None:
            borderless_block(table)
            if mark == CLOSING_MARK:
                closing_spacing(table)
    new_pages(body)
    for table in body.iter(qn("w:tbl")):
        if table.find(qn("w:tblPr")).find(qn("w:tblBorders")) is None:  # not a borderless block
            repeat_header_rows(table)

    section = document.sections[0]
    for key, value in PAGE.items():
        setattr(section, key, value)
    section.different_first_page_header_footer = True
    header, first = section.header, section.first_page_header
    header.is_linked_to_previous = False
    first.is_linked_to_previous = False
    _clear(header)
    _clear(first)
    page_number_paragraph(header.add_paragraph())
    first.add_paragraph()
    if watermark:
        add_watermark(header, watermark, 1)
        add_watermark(first, watermark, 2)

    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.keywords = f"Báo cáo Chính trị, {subject}"
    props.language = LANGUAGE
    props.last_modified_by = author
    _settings_language(document)
    if moment is None:
        document.save(str(out))
        return
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)  # python-docx writes naive times as UTC ("Z")
    props.created = utc
    props.modified = utc
    props.revision = 1
    saved = out.with_name(out.name + ".tam")
    document.save(str(saved))
    fixed_zip(saved, out, moment)
    os.unlink(saved)


def fixed_zip(src: Path, out: Path, moment: dt.datetime) -> None:
    """``src`` rewritten with the members in their order, each dated ``moment`` (local to its own
    offset, as zip stores no zone), with fixed attributes and compression."""
    when = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # the earliest time zip can hold
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for member in zin.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(member.filename), compresslevel=6)


def _settings_language(document) -> None:
    """Word's language of the theme fonts, where pandoc's settings name one: Vietnamese. (The text's
    own language is in the styles' defaults, from the reference document.)"""
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANGUAGE)
