"""Helpers for the fidelity test: the built report must say what draft 4 said.

* ``parse_seed`` reads the seed (the Word export of draft 4): its body paragraphs and
  its footnote texts (the export lost the markers; each footnote text starts with U+FFFD).
* ``build_document_text`` builds the report once with Sphinx (the project's configuration)
  and returns its text in reading order: body and footnotes apart, markers removed.
* ``compare`` checks that every seed paragraph and every footnote is in that text, in order,
  that each footnote marker stands where the seed broke the line for it, and returns the
  problems as Vietnamese messages naming the seed line.
* ``lint_literal_numbers`` finds statistics typed as digits in docs/ instead of a placeholder.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPLACEMENT_CHAR = "\ufffd"

# A line of the seed that is a drawn rule, not text (the short line under the subtitle).
_DECORATION = re.compile(r"^[-_=]{3,}$")
# A list bullet typed in the seed: structure, not text ("- Khu vực ...", "�- Hội ...").
_BULLET = re.compile(r"^-\s+")
_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, U+FFFD removed, every whitespace run (NBSP and line breaks too) -> one space."""
    text = unicodedata.normalize("NFC", text).replace(REPLACEMENT_CHAR, "")
    return _WS.sub(" ", text).strip()


@dataclass
class SeedParagraph:
    line: int  # 1-based line in the seed where the paragraph starts
    text: str  # normalised

    def short(self, width: int = 90) -> str:
        return self.text if len(self.text) <= width else self.text[: width - 1] + "…"


@dataclass
class Seed:
    body: list[SeedParagraph]
    footnotes: list[list[SeedParagraph]]  # one list of paragraphs per footnote
    # Where each footnote was anchored: the words just before the lost marker (the export broke
    # the line there), one per footnote and in the same order.
    anchors: list[SeedParagraph] = field(default_factory=list)


MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"  # ⟦n⟧ stands for the marker of footnote n


def footnote_mark(n: int) -> str:
    return f"{MARK_OPEN}{n}{MARK_CLOSE}"


def _context_before(text: str, width: int = 40) -> str:
    """The last words of text (at most about width characters, starting at a word)."""
    if len(text) <= width:
        return text
    tail = text[-width:]
    return tail[tail.find(" ") + 1 :] if " " in tail else tail


def _continues_previous(raw: str) -> str | None:
    """How a seed line is glued to the line before it, or None if it starts a paragraph.

    The export broke a sentence where a footnote marker stood: the next line then starts
    with "." / ";" / "," (glued without space) or with a space and a lower-case letter
    (glued with that space).
    """
    stripped = raw.strip()
    if stripped[:1] in (".", ";", ","):
        return ""
    if raw[:1].isspace() and stripped[:1].islower():
        return " "
    return None


def parse_seed(text: str) -> Seed:
    lines = text.split("\n")
    try:
        fn_start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith(REPLACEMENT_CHAR))
    except StopIteration:
        fn_start = len(lines)

    body: list[SeedParagraph] = []
    anchors: list[SeedParagraph] = []
    join_at = 0
    for idx in range(fn_start):
        raw = lines[idx]
        if not raw.strip() or _DECORATION.match(raw.strip()):
            continue
        glue = _continues_previous(raw)
        if glue is not None and body:
            # The words since the previous break in the same paragraph (itself a marker).
            anchors.append(SeedParagraph(idx, _context_before(normalize(body[-1].text[join_at:]))))
            join_at = len(body[-1].text)
            body[-1].text = normalize(body[-1].text + glue + raw.strip())
        else:
            body.append(SeedParagraph(idx + 1, normalize(_BULLET.sub("", raw.strip()))))
            join_at = 0

    footnotes: list[list[SeedParagraph]] = []
    for idx in range(fn_start, len(lines)):
        raw = lines[idx]
        if not raw.strip():
            continue
        starts_new = raw.lstrip().startswith(REPLACEMENT_CHAR)
        text = normalize(raw)
        para = SeedParagraph(idx + 1, normalize(_BULLET.sub("", text)))
        if starts_new or not footnotes:
            footnotes.append([para])
        else:
            footnotes[-1].append(para)
    return Seed(body, footnotes, anchors)


@dataclass
class DocumentText:
    body: str  # normalised text of the whole document in reading order, footnotes removed
    footnotes: list[str] = field(default_factory=list)  # normalised, in document order
    # The body with each footnote marker written ⟦n⟧, n = the footnote's rank in document order.
    marked_body: str = ""
    # Every section title with its depth (1 = the document title), in document order.
    titles: list[tuple[int, str]] = field(default_factory=list)
    # The body-style paragraphs (directly in a section: not in a list, table or footnote).
    paragraphs: list[str] = field(default_factory=list)


def doctree_text(tree) -> DocumentText:
    """The text of a (toctree-inlined) doctree: body and footnotes apart, markers removed."""
    from docutils import nodes

    tree = tree.deepcopy()
    # Raw markup (e.g. an HTML line break) is not text; a break separates words.
    for raw in list(tree.findall(nodes.raw)):
        raw.parent.replace(raw, nodes.Text(" "))
    for junk in list(tree.findall(lambda n: isinstance(n, (nodes.system_message, nodes.comment)))):
        junk.parent.remove(junk)

    rank = {}  # footnote id -> its rank in document order
    for i, fn in enumerate(tree.findall(nodes.footnote), start=1):
        for node_id in fn["ids"]:
            rank[node_id] = i
    marked = tree.deepcopy()
    for ref in list(marked.findall(nodes.footnote_reference)):
        ref.parent.replace(ref, nodes.Text(footnote_mark(rank.get(ref.get("refid"), 0))))
    for fn in list(marked.findall(nodes.footnote)):
        fn.parent.remove(fn)

    for ref in list(tree.findall(nodes.footnote_reference)):
        ref.parent.remove(ref)
    footnotes = []
    for fn in list(tree.findall(nodes.footnote)):
        copy = fn.deepcopy()
        for label in list(copy.findall(nodes.label)):
            label.parent.remove(label)
        footnotes.append(normalize(copy.astext()))
        fn.parent.remove(fn)

    titles = []
    for section in tree.findall(nodes.section):
        depth, parent = 1, section.parent
        while parent is not None:
            depth += isinstance(parent, nodes.section)
            parent = parent.parent
        titles.append((depth, normalize(section[0].astext())))
    paragraphs = [normalize(p.astext()) for p in tree.findall(nodes.paragraph) if isinstance(p.parent, nodes.section)]
    return DocumentText(normalize(tree.astext()), footnotes, normalize(marked.astext()), titles, paragraphs)


class BuildError(Exception):
    pass


def build_tree_text(tree: Path, workdir: Path) -> DocumentText:
    """:func:`build_document_text` of an issued draft's tree, with that tree's own code.

    An issued draft is built by the code of its commit, as the site builds it: in a separate
    Python whose ``build_scripts`` is the tree's (the code of the working tree may have moved on).
    """
    import json
    import subprocess
    import sys

    out = workdir / "document.json"
    script = (
        "import json, sys; from dataclasses import asdict; from pathlib import Path;"
        f"sys.path[:0] = [{str(tree)!r}, {str(Path(__file__).parent)!r}];"
        "from fidelity_helpers import build_document_text, BuildError;"
        "tree, work, out = map(Path, sys.argv[1:4]);"
        "doc = build_document_text(tree / 'docs', tree, work);"
        "out.write_text(json.dumps(asdict(doc), ensure_ascii=False), encoding='utf-8')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tree), str(workdir), str(out)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise BuildError(result.stderr[-4000:])
    data = json.loads(out.read_text(encoding="utf-8"))
    data["titles"] = [tuple(t) for t in data["titles"]]
    return DocumentText(**data)


def build_document_text(srcdir: Path, confdir: Path, workdir: Path) -> DocumentText:
    """Build the report with Sphinx (text builder, the project's conf.py) and read its text.

    The text builder's own output lays table cells side by side (the first-page header and
    the closing are two-column tables), which scrambles reading order; so the text is taken
    from the same build's resolved doctree, with every toctree inlined in document order.
    """
    from sphinx.application import Sphinx
    from sphinx.util.nodes import inline_all_toctrees

    status, warning = io.StringIO(), io.StringIO()
    try:
        app = Sphinx(
            srcdir=str(srcdir),
            confdir=str(confdir),
            outdir=str(workdir / "text"),
            doctreedir=str(workdir / "doctrees"),
            buildername="text",
            status=status,
            warning=warning,
            freshenv=True,
        )
        app.build()
    except Exception as exc:  # the build's own message names file and line
        raise BuildError(f"{exc}\n{warning.getvalue()}") from exc
    root = app.config.root_doc
    tree = inline_all_toctrees(app.builder, set(), root, app.env.get_doctree(root), lambda s: s, [root])
    return doctree_text(tree)


def _longest_present_prefix(needle: str, haystack: str, start: int) -> int:
    """Length of the longest prefix of needle found in haystack[start:] (binary search)."""
    lo, hi = 0, len(needle)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if haystack.find(needle[:mid], start) >= 0:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _missing_message(kind: str, para: SeedParagraph, haystack: str, start: int) -> str:
    n = _longest_present_prefix(para.text, haystack, start)
    if n > 20:
        at = haystack.find(para.text[:n], start)
        # Show the difference from the start of the word (or number) where it happens.
        while n > 0 and (para.text[n - 1].isalnum() or para.text[n - 1] in ".,"):
            n -= 1
        got = haystack[at + n : at + n + 30]
        where = (
            f" Khớp đến “…{para.text[max(0, n - 30) : n]}”, rồi bản gốc là “{para.text[n : n + 30]}…”,"
            f" bản dựng là “{got}…”."
        )
    else:
        where = " Không tìm thấy cả phần đầu đoạn."
    return f"{kind} dòng {para.line} của bản gốc bị thiếu, bị sửa hoặc sai thứ tự: “{para.short()}”.{where}"


def find_paragraph(needle: str, haystack: str, start: int) -> int:
    """Index of needle in haystack[start:] as a whole run of words (not inside a longer word), or -1.

    A short paragraph such as "*" or "BÍ THƯ" must not be matched inside another word.
    """
    at = haystack.find(needle, start)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not haystack[at - 1].isalnum()) and (end == len(haystack) or not haystack[end].isalnum()):
            return at
        at = haystack.find(needle, at + 1)
    return -1


def find_in_order(paragraphs: list[SeedParagraph], haystack: str, kind: str) -> list[str]:
    """Every paragraph must occur in haystack after the previous one; messages for the rest."""
    problems, cursor = [], 0
    for para in paragraphs:
        at = find_paragraph(para.text, haystack, cursor)
        if at < 0:
            problems.append(_missing_message(kind, para, haystack, cursor))
        else:
            cursor = at + len(para.text)
    return problems


def compare(seed: Seed, doc: DocumentText) -> list[str]:
    """Problems (Vietnamese, naming the seed line) where the document does not say what the seed says."""
    problems = find_in_order(seed.body, doc.body, "Đoạn ở")
    if len(doc.footnotes) != len(seed.footnotes):
        problems.append(
            f"Bản gốc có {len(seed.footnotes)} chú thích, văn bản dựng có {len(doc.footnotes)}: "
            "kiểm tra các chú thích [^…] trong docs/ (mỗi chú thích của bản gốc là một chú thích)."
        )
    for i, paras in enumerate(seed.footnotes):
        if i >= len(doc.footnotes):
            problems.append(
                f"Chú thích thứ {i + 1} (dòng {paras[0].line} của bản gốc) không có trong văn bản dựng: “{paras[0].short()}”."
            )
            continue
        problems += find_in_order(paras, doc.footnotes[i], f"Chú thích thứ {i + 1}, đoạn ở")
    problems += check_anchors(seed, doc)
    return problems


# Heading numbering as the seed writes it, and its depth below "Phần thứ …".
_LEVELS = [
    (re.compile(r"^Phần thứ "), 0),
    (re.compile(r"^[A-H]\. "), 1),  # A. B. C. (I., V., X. are Roman numerals)
    (re.compile(r"^[IVX]+\. "), 2),
    (re.compile(r"^\d+\. "), 3),
    (re.compile(r"^\d+\.\d+\. "), 4),
    (re.compile(r"^\d+\.\d+\.\d+\. "), 5),
]


def check_heading_levels(doc: DocumentText) -> list[str]:
    """A. > I. > 1. > 1.1. > 2.2.3.: each numbered heading one level below the kind above it."""
    problems, part_depth = [], None
    for depth, title in doc.titles:
        level = next((lv for rx, lv in _LEVELS if rx.match(title)), None)
        if level == 0:
            part_depth = depth
        elif level is not None and part_depth is not None and depth != part_depth + level:
            problems.append(
                f"Đề mục “{title}” đang ở cấp {depth - part_depth} dưới “Phần thứ …”, "
                f"theo cách đánh số phải ở cấp {level}: sửa số dấu # của đề mục trong docs/."
            )
    return problems


def check_anchors(seed: Seed, doc: DocumentText) -> list[str]:
    """Footnote n's marker must stand right after the words where the seed broke the line, in order."""
    marked = re.sub(r"\s+" + MARK_OPEN, MARK_OPEN, doc.marked_body)
    problems, cursor = [], 0
    for n, anchor in enumerate(seed.anchors, start=1):
        needle = anchor.text + footnote_mark(n)
        at = marked.find(needle, cursor)
        if at < 0:
            problems.append(
                f"Dấu chú thích thứ {n} phải đứng ngay sau “…{anchor.text}” (dòng {anchor.line} của bản gốc) "
                f"và trỏ tới chú thích thứ {n}; văn bản dựng không có như vậy: kiểm tra [^…] trong docs/."
            )
        else:
            cursor = at + len(needle)
    return problems


# ---------------------------------------------------------------------------------------------
# Lint: no statistic typed as digits in docs/.

# Jinja constructs (placeholders, tags, comments) may contain anything.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)

# Digits that are not statistics. Each pattern says what it allows.
ALLOW: list[tuple[str, re.Pattern]] = [
    ("số hiệu văn bản (18-NQ/TW, 1669/NQ-UBTVQH15, 05-ĐA/TU)", re.compile(r"\b\d+[-/][A-ZĐ][\wĐ/-]*")),
    ("ngày tháng năm (16/6/2025)", re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")),
    ("ngày tháng (ngày 27/7)", re.compile(r"\bngày \d{1,2}/\d{1,2}\b")),
    ("tháng năm (tháng 4/2025)", re.compile(r"\btháng \d{1,2}/\d{4}\b")),
    # A four-digit year, unless a unit follows (then it is a quantity: "2000 người", "2030 ha").
    (
        "năm, nhiệm kỳ (2020 - 2025, năm 2030)",
        re.compile(r"\b(?:19|20)\d{2}\b(?!\s*(?:%|m²|m2|km|ha\b|người|tỷ|triệu|nghìn|tấn|con\b|hộ\b|lượt|đồng\b))"),
    ),
    ("tên dịch bệnh (Covid-19)", re.compile(r"Covid\s*-\s*19")),
    (
        "khóa, Hội nghị Trung ương (khoá 14, 15; Trung ương 4; TW 4)",
        re.compile(r"\b(?:kh[oó]a|khoá|Trung ương|TW) \d+(?:, \d+)*"),
    ),
    (
        "số hiệu quy định, quyết định (Quy định 101; Quyết định số 62 và 49)",
        re.compile(r"\b(?:Quy định|Quyết định)(?: số)? \d+(?: và \d+)?"),
    ),
    ("số hiệu đường (đường 392B, đường 396)", re.compile(r"\bđường \d+ ?[A-Z]?\b")),
    ("mức độ dịch vụ công, định danh (mức độ 2; mức độ 3, 4)", re.compile(r"\bmức độ \d(?:, \d)*\b")),
    ("nhóm tuổi theo chính sách (trẻ 5 tuổi, dưới 6 tuổi)", re.compile(r"\b(?:trẻ|dưới) \d+ tuổi\b")),
    ("tên loại đất (đất 03)", re.compile(r"\bđất 03\b")),
    ("tên phụ lục (Phụ lục 1)", re.compile(r"\bPhụ lục \d+\b")),
    ("đơn vị tính trên một héc-ta (trên 1 ha, trên 01 ha)", re.compile(r"\btrên 0?1 ha\b")),
    ("tên phong trào (“5 có, 3 sạch”)", re.compile(r"5 có, 3 sạch")),
    ("số đề mục ở đầu tiêu đề (1., 1.1., 2.2.3.)", re.compile(r"^#+ (?:[A-Z]+\.|\d+(?:\.\d+)*\.)", re.M)),
    ("số thứ tự đầu đoạn (1\\. hoặc (1) hoặc (8).)", re.compile(r"^(?:- )?(?:\d+\\\.|\(\d+\)\.?)", re.M)),
    ("chú thích MyST ([^12], [^12]:)", re.compile(r"\[\^[\w-]+\]")),
    ("tùy chọn của chỉ thị MyST (:widths: 45 55)", re.compile(r"^:[\w-]+:.*$", re.M)),
]


@dataclass
class LiteralNumber:
    path: Path
    line: int
    column: int
    token: str
    context: str

    def message(self, root: Path) -> str:
        rel = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return (
            f"{rel}:{self.line}:{self.column}: số “{self.token}” được gõ thẳng vào văn bản (“…{self.context}…”). "
            "Hãy ghi số liệu vào source_data/*.yaml và dùng chỗ giữ chỗ {{ … }} (xem CONTRIBUTING.md). "
            "Nếu đây là số hiệu văn bản, ngày tháng hay tên riêng, thêm một mẫu vào ALLOW trong tests/fidelity_helpers.py."
        )


def _blank(text: str, pattern: re.Pattern) -> str:
    """Replace every match by spaces, keeping line breaks (so line numbers stay)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


# MyST markup, not prose: directive fences with their arguments, and ":option: value" lines.
_MYST_MARKUP = re.compile(r"^(?:`{3,}|:{3,}).*$|^:[\w-]+:.*$", re.M)


def literal_numbers_in_text(text: str, path: Path) -> list[LiteralNumber]:
    cleaned = _blank(_blank(text, _JINJA), _MYST_MARKUP)
    for _name, pattern in ALLOW:
        cleaned = _blank(cleaned, pattern)
    found = []
    for m in re.finditer(r"\d[\d.,]*", cleaned):
        line = cleaned.count("\n", 0, m.start()) + 1
        col = m.start() - (cleaned.rfind("\n", 0, m.start()) + 1) + 1
        src_line = text.split("\n")[line - 1]
        found.append(
            LiteralNumber(path, line, col, m.group(0).rstrip(".,"), src_line[max(0, col - 30) : col + 30].strip())
        )
    return found


def lint_literal_numbers(docs: Path) -> list[LiteralNumber]:
    found = []
    for path in sorted(docs.rglob("*.md")):
        found += literal_numbers_in_text(path.read_text(encoding="utf-8"), path)
    return found
