"""The report's resolved doctree (all parts inlined) as pandoc's JSON AST.

Only what the report uses is converted: sections, paragraphs, the title's line block, lists,
tables, footnotes and inline emphasis. Styles are named by ``custom-style`` (pandoc's way to a
Word paragraph style); :mod:`.reference` defines them. Headings are Word's Heading 1-6, chosen
by the heading's own numbering class (build_scripts/pdf/headings.py), as the PDF styles them.
What pandoc cannot say is marked for :mod:`.post`: the header and closing tables carry a
bookmark (``HEADER_MARK``, ``CLOSING_MARK``) in their first cell.
"""

from __future__ import annotations

import re

from docutils import nodes

API_VERSION = [1, 23, 1, 1]
NO_ATTR = ["", [], []]
HEADER_MARK = "dau_van_ban"
CLOSING_MARK = "ket_van_ban"

#: heading class (build_scripts/pdf/headings.py) -> Word heading level
HEADING_LEVELS = {
    "tieu-de-phan": 1,
    "tieu-de-phu-luc": 1,
    "tieu-de-chu": 2,
    "tieu-de-la-ma": 3,
    "tieu-de-so": 4,
    "tieu-de-so-2": 5,
    "tieu-de-khac": 6,
}
#: paragraph class -> style (body paragraphs without a class: BODY)
BODY = "Body Text"
PARAGRAPH_STYLES = {
    "ten-van-ban": "Ten van ban",
    "phu-de": "Phu de",
    "ten-phan": "Ten phan",
    "gach-dau-dong-2": "Gach dau dong 2",
    "gach-dau-dong-3": "Gach dau dong 2",
}
RULE_STYLE = "Gach ngang"  # an empty paragraph with a bottom border (pandoc drops an empty Para)
RULE = {"t": "RawBlock", "c": ["openxml", '<w:p><w:pPr><w:pStyle w:val="Gachngang"/></w:pPr></w:p>']}
TABLE_STYLES = {  # table class -> (cell style, header cell style)
    "dau-van-ban": ("Dau van ban", "Dau van ban"),
    "ket-van-ban": ("Ket van ban", "Ket van ban"),
    None: ("Bang", "Bang dau"),
}
CELL_CLASS_STYLES = {
    "ten-dang": "Ten dang",
    "dia-danh-ngay": "Dia danh ngay",
    "noi-nhan": "Noi nhan",
    "nguoi-ky": "Nguoi ky",
}
RECIPIENT_STYLE = "Noi nhan muc"
CAPTION_STYLE = "Bang chu thich"
#: a heading that starts a page (an appendix) carries a bookmark of this prefix; post.py turns it
#: into "page break before" (a raw page break would leave an empty line at the top of the page)
NEW_PAGE_MARK = "trang_moi_"
_SPACE = re.compile(r"([ \t\r\n]+)")  # not a no-break space: it stays in its word


def _el(kind, content=None):
    return {"t": kind} if content is None else {"t": kind, "c": content}


def styled(style: str, blocks: list) -> dict:
    return _el("Div", [["", [], [["custom-style", style]]], blocks])


def text_inlines(text: str) -> list:
    out = []
    for part in _SPACE.split(text.replace("\u00ad", "")):
        if not part:
            continue
        out.append(_el("Str", part) if _SPACE.fullmatch(part) is None else _el("Space"))
    return out


class Converter:
    """One conversion; ``footnotes`` maps footnote ids to their nodes."""

    def __init__(self, doctree: nodes.document, identity_of=None):
        self.footnotes = {i: fn for fn in doctree.findall(nodes.footnote) for i in fn["ids"]}
        # ``identity_of(paragraph)``: the bookmark of a body paragraph, or None
        self.identity_of = identity_of or (lambda paragraph: None)
        self.doctree = doctree
        self.new_pages = 0

    def document(self, meta: dict | None = None) -> dict:
        return {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": self.blocks(self.doctree)}

    # -- blocks -------------------------------------------------------------

    def blocks(self, node) -> list:
        out = []
        for child in node.children:
            out += self.block(child)
        return out

    def block(self, node) -> list:
        if isinstance(
            node,
            (
                nodes.footnote,
                nodes.citation,
                nodes.target,
                nodes.comment,
                nodes.substitution_definition,
                nodes.raw,
                nodes.image,
                nodes.figure,
            ),
        ):
            return []
        if isinstance(node, nodes.Admonition) or isinstance(node, nodes.system_message):
            return []  # committee notes are taken out before; nothing else of this kind is printed
        if isinstance(node, nodes.section):
            return self.blocks(node)
        if isinstance(node, nodes.title):
            return self.heading(node)
        if isinstance(node, nodes.paragraph):
            return [self.paragraph(node)]
        if isinstance(node, nodes.line_block):
            lines = []
            for line in node.findall(nodes.line):
                if lines:
                    lines.append(_el("LineBreak"))
                lines += self.inlines(line)
            style = next((PARAGRAPH_STYLES[c] for c in node["classes"] if c in PARAGRAPH_STYLES), BODY)
            return [styled(style, [_el("Para", lines)])]
        if isinstance(node, nodes.transition):
            return [RULE]
        if isinstance(node, nodes.bullet_list):
            return [_el("BulletList", [self.blocks(item) for item in node.children])]
        if isinstance(node, nodes.enumerated_list):
            style = {
                "arabic": "Decimal",
                "loweralpha": "LowerAlpha",
                "upperalpha": "UpperAlpha",
                "lowerroman": "LowerRoman",
                "upperroman": "UpperRoman",
            }.get(node.get("enumtype"), "Decimal")
            delim = "OneParen" if node.get("suffix") == ")" else "Period"
            attrs = [node.get("start", 1), _el(style), _el(delim)]
            return [_el("OrderedList", [attrs, [self.blocks(item) for item in node.children]])]
        if isinstance(node, nodes.table):
            return self.table(node)
        if isinstance(node, (nodes.block_quote, nodes.container, nodes.compound, nodes.Element)):
            return self.blocks(node)
        return []

    def heading(self, title: nodes.title) -> list:
        level = next((HEADING_LEVELS[c] for c in title["classes"] if c in HEADING_LEVELS), 6)
        attr = NO_ATTR
        if "tieu-de-phu-luc" in title["classes"]:
            self.new_pages += 1
            attr = [f"{NEW_PAGE_MARK}{self.new_pages}", [], []]
        return [_el("Header", [level, attr, self.inlines(title)])]

    def paragraph(self, node: nodes.paragraph, style: str | None = None) -> dict:
        inlines = self.inlines(node)
        ident = self.identity_of(node)
        if ident:
            inlines = [_el("Span", [[ident, [], []], inlines])]
        if style is None:
            style = next((PARAGRAPH_STYLES[c] for c in node["classes"] if c in PARAGRAPH_STYLES), BODY)
        return styled(style, [_el("Para", inlines)])

    # -- tables -------------------------------------------------------------

    def table(self, table: nodes.table) -> list:
        kind = next((c for c in table["classes"] if c in TABLE_STYLES), None)
        body_style, head_style = TABLE_STYLES[kind]
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        if tgroup is None:
            return []
        specs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
        total = sum(s.get("colwidth", 1) for s in specs) or 1
        if kind in ("dau-van-ban", "ket-van-ban") and len(specs) == 2:
            widths = [0.49, 0.51]
        else:
            widths = [s.get("colwidth", 1) / total for s in specs]
        colspecs = [[_el("AlignDefault"), _el("ColWidth", w)] for w in widths]
        head_rows, body_rows = [], []
        for part in tgroup.children:
            if isinstance(part, nodes.thead):
                head_rows += [self.row(r, head_style, kind) for r in part.children]
            elif isinstance(part, nodes.tbody):
                body_rows += [self.row(r, body_style, kind) for r in part.children]
        if kind in ("dau-van-ban", "ket-van-ban") and body_rows:
            mark = HEADER_MARK if kind == "dau-van-ban" else CLOSING_MARK
            first_cell_blocks = body_rows[0][1][0][4]
            first_cell_blocks.insert(0, styled(body_style, [_el("Para", [_el("Span", [[mark, [], []], []])])]))
        caption = []
        title = next((c for c in table.children if isinstance(c, nodes.title)), None)
        if title is not None:
            caption = [styled(CAPTION_STYLE, [_el("Para", self.inlines(title))])]
        return caption + [
            _el(
                "Table",
                [
                    NO_ATTR,
                    [None, []],
                    colspecs,
                    [NO_ATTR, head_rows],
                    [[NO_ATTR, 0, [], body_rows]],
                    [NO_ATTR, []],
                ],
            )
        ]

    def row(self, row: nodes.row, style: str, kind: str | None) -> list:
        cells = []
        for entry in row.children:
            blocks = []
            for child in entry.children:
                blocks += self.cell_block(child, style, kind)
            cells.append(
                [NO_ATTR, _el("AlignDefault"), entry.get("morerows", 0) + 1, entry.get("morecols", 0) + 1, blocks]
            )
        return [NO_ATTR, cells]

    def cell_block(self, node, style: str, kind: str | None) -> list:
        if isinstance(node, nodes.paragraph):
            own = next((CELL_CLASS_STYLES[c] for c in node["classes"] if c in CELL_CLASS_STYLES), style)
            return [self.paragraph(node, own)]
        if isinstance(node, nodes.bullet_list):
            # the recipients of the closing, and "- …" items of a cell: paragraphs opening "- "
            item_style = RECIPIENT_STYLE if kind == "ket-van-ban" else style
            out = []
            for item in node.children:
                for i, child in enumerate(item.children):
                    if isinstance(child, nodes.paragraph):
                        inlines = self.inlines(child)
                        if i == 0:
                            inlines = [_el("Str", "-"), _el("Space"), *inlines]
                        out.append(styled(item_style, [_el("Para", inlines)]))
                    else:
                        out += self.cell_block(child, item_style, kind)
            return out
        if isinstance(node, nodes.Element) and not isinstance(node, (nodes.Admonition, nodes.footnote)):
            out = []
            for child in node.children:
                out += self.cell_block(child, style, kind)
            return out
        return []

    # -- inlines ------------------------------------------------------------

    def inlines(self, node) -> list:
        out = []
        for child in node.children:
            out += self.inline(child)
        return out

    def inline(self, node) -> list:
        if isinstance(node, nodes.Text):
            return text_inlines(str(node))
        if isinstance(node, nodes.footnote_reference):
            footnote = self.footnotes.get(node.get("refid"))
            if footnote is None:
                return []
            body = []
            for child in footnote.children:
                if not isinstance(child, nodes.label):
                    body += self.note_block(child)
            return [_el("Note", body)]
        if isinstance(
            node,
            (nodes.target, nodes.comment, nodes.image, nodes.system_message, nodes.substitution_reference, nodes.raw),
        ):
            return []
        if isinstance(node, nodes.emphasis):
            return [_el("Emph", self.inlines(node))]
        if isinstance(node, nodes.strong):
            return [_el("Strong", self.inlines(node))]
        if isinstance(node, nodes.superscript):
            return [_el("Superscript", self.inlines(node))]
        if isinstance(node, nodes.subscript):
            return [_el("Subscript", self.inlines(node))]
        if isinstance(node, nodes.Element):
            return self.inlines(node)
        return []

    def note_block(self, node) -> list:
        if isinstance(node, nodes.paragraph):
            return [_el("Para", self.inlines(node))]
        if isinstance(node, nodes.Admonition):
            return []
        return self.block(node)
