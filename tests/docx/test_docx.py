"""The Word document (issue 24): the real report built once, read back with python-docx/lxml.

The report is built as HTML and .docx into a temporary build directory (the user's _build/ is
left alone), through build_scripts.build like `make docx`; the checks compare the two.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx  # noqa: E402
import pytest
import yaml
from conftest import REPO, make_project, run_build
from lxml import etree  # noqa: E402
from lxml import html as lxml_html

from build_scripts.core.paragraph_identity import heading_number, is_identity, paragraph_identity, section_key  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "v": "urn:schemas-microsoft-com:vml"}
VAN_BAN = yaml.safe_load((REPO / "source_data/van_ban.yaml").read_text(encoding="utf-8"))
NOTE_TITLE = "Ghi chú cho tổ biên tập"


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _build(build_dir: Path, *kinds: str, root: Path = REPO) -> None:
    """Build ``kinds`` of the project at ``root`` into ``build_dir`` (build_scripts.build.build)."""
    code = (
        "import sys; from pathlib import Path; from build_scripts.cli.build import build\n"
        "for kind in sys.argv[3:]:\n"
        "    build(kind, root=Path(sys.argv[1]), build_dir=Path(sys.argv[2]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), str(build_dir), *kinds],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "_build"
    _build(out, "html", "docx")
    return out


@pytest.fixture(scope="module")
def docx_path(built) -> Path:
    stem = f"bao-cao-chinh-tri-du-thao-lan-{VAN_BAN['du_thao']['so']}"
    path = built / "docx" / f"{stem}.docx"
    assert path.is_file(), sorted(p.name for p in (built / "docx").iterdir())
    return path


@pytest.fixture(scope="module")
def document(docx_path):
    return docx.Document(str(docx_path))


@pytest.fixture(scope="module")
def body(document):
    return document.element.body


# -- helpers ------------------------------------------------------------------------------------


def paragraph_text(p) -> str:
    return norm("".join(t.text or "" for t in p.iter(q("w:t"))))


def style_of(p) -> str:
    el = p.find(f"{q('w:pPr')}/{q('w:pStyle')}")
    return el.get(q("w:val")) if el is not None else ""


def tables(body):
    return body.findall(q("w:tbl"))


def bookmarked_paragraphs(body):
    """(identity, paragraph) for each body paragraph with an identity bookmark, in order."""
    out = []
    for p in body.iter(q("w:p")):
        names = [b.get(q("w:name")) for b in p.findall(q("w:bookmarkStart")) if is_identity(b.get(q("w:name")))]
        if names:
            assert len(names) == 1, names
            out.append((names[0], p))
    return out


def html_pages(html_dir: Path) -> list[Path]:
    """The pages in reading order (the "next" links from index.html)."""
    pages, page = [], html_dir / "index.html"
    while page is not None and page.is_file() and page not in pages:
        pages.append(page)
        tree = lxml_html.parse(str(page))
        nxt = tree.xpath('//link[@rel="next"]/@href')
        page = (page.parent / nxt[0]).resolve() if nxt else None
    return pages


def _html_text(el) -> str:
    el = lxml_html.fromstring(lxml_html.tostring(el))
    for ref in el.xpath('.//a[contains(@class, "footnote-reference")]'):
        ref.drop_tree()
    return norm(el.text_content())


@pytest.fixture(scope="module")
def html(built):
    pages = html_pages(built / "html")
    paragraphs, footnotes, notes = [], [], 0
    for page in pages:
        tree = lxml_html.parse(str(page))
        found = tree.xpath('//div[contains(@class, "ghi-chu-bien-tap")]')
        notes += len(found)
        for note in found:  # the HTML of a draft shows them; the Word document never does
            note.drop_tree()
        for p in tree.xpath("//p[@id]"):
            if is_identity(p.get("id")):
                in_list = bool(p.xpath("ancestor::ul"))
                paragraphs.append((p.get("id"), _html_text(p), in_list))
        for aside in tree.xpath('//aside[contains(@class, "footnote") and @role="doc-footnote"]'):
            for label in aside.xpath('.//span[contains(@class, "label")]'):
                label.drop_tree()
            for item in aside.xpath(".//li"):  # Word has the "- " items of a note as paragraphs
                item.text = "- " + (item.text or "")
            footnotes.append(_html_text(aside))
    return {"pages": pages, "paragraphs": paragraphs, "footnotes": footnotes, "notes": notes}


# -- page and styles ----------------------------------------------------------------------------


def test_page_is_a4_with_the_spec_margins(document):
    assert len(document.sections) == 1
    s = document.sections[0]
    for value, mm in (
        (s.page_width, 210),
        (s.page_height, 297),
        (s.top_margin, 20),
        (s.bottom_margin, 20),
        (s.left_margin, 30),
        (s.right_margin, 15),
    ):
        assert abs(value.mm - mm) < 0.2, (value.mm, mm)


def effective(style, get):
    """A style's value, from its own definition or the style it is based on."""
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def test_body_and_heading_styles(document, body):
    styles = document.styles
    body_style = styles["Body Text"]
    assert effective(body_style, lambda s: s.font.name) == "Times New Roman"
    assert effective(body_style, lambda s: s.font.size).pt == 14
    assert body_style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body_style.paragraph_format.first_line_indent.mm - 10) < 0.1
    assert body_style.paragraph_format.space_after.pt == 6
    expected = {
        1: (True, False),
        2: (True, False),
        3: (True, False),
        4: (True, False),
        5: (True, True),
        6: (False, True),
    }
    for level, (bold, italic) in expected.items():
        style = styles[f"Heading {level}"]
        assert effective(style, lambda s: s.font.name) == "Times New Roman", level
        assert effective(style, lambda s: s.font.size).pt == 14, level
        assert bool(style.font.bold) is bold and bool(style.font.italic) is italic, level
        assert style.font.color.rgb is None, level  # not Word's blue
    used = {style_of(p) for p in body.iter(q("w:p"))}
    assert {"Heading1", "Heading2", "Heading3", "Heading4", "Heading5"} <= used, used
    defaults = document.styles.element.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
    assert defaults.find(q("w:lang")).get(q("w:val")) == "vi-VN"
    # the headings' texts are the report's: "Phần thứ nhất" is a Heading 1, "A. …" a Heading 2
    h1 = [paragraph_text(p) for p in body.iter(q("w:p")) if style_of(p) == "Heading1"]
    assert "Phần thứ nhất" in h1 and "Phần thứ hai" in h1, h1
    h2 = [paragraph_text(p) for p in body.iter(q("w:p")) if style_of(p) == "Heading2"]
    assert h2 and all(re.match(r"^[A-ZĐ]\. ", t) for t in h2), h2


# -- header and closing -------------------------------------------------------------------------


def _table_text(table) -> str:
    return "\n".join(paragraph_text(p) for p in table.iter(q("w:p")))


def _borderless(table) -> bool:
    borders = table.find(f"{q('w:tblPr')}/{q('w:tblBorders')}")
    return borders is not None and all(b.get(q("w:val")) in ("nil", "none") for b in borders)


def test_header_block_is_a_borderless_two_column_table(body):
    first = body[0]
    assert first.tag == q("w:tbl")
    assert _borderless(first)
    cells = first.findall(f"{q('w:tr')}/{q('w:tc')}")
    assert len(cells) == 2
    left = "\n".join(paragraph_text(p) for p in cells[0].iter(q("w:p")))
    right = "\n".join(paragraph_text(p) for p in cells[1].iter(q("w:p")))
    assert VAN_BAN["co_quan_cap_tren"] in left and VAN_BAN["co_quan_ban_hanh"] in left
    assert f"(Dự thảo lần {VAN_BAN['du_thao']['so']})" in left
    assert VAN_BAN["ten_dang"] in right
    assert right.splitlines()[-1].startswith(f"{VAN_BAN['dia_danh']}, ngày")
    assert str(VAN_BAN["ngay_ban_hanh"]["nam"]) in right.splitlines()[-1]
    # title and subtitle right after it, the title broken where van_ban.yaml breaks it
    title = body[1]
    assert style_of(title) == "Tenvanban"
    lines = "".join(t.text if t.tag == q("w:t") else "\n" for t in title.iter(q("w:t"), q("w:br"))).split("\n")
    assert lines == [line.strip() for line in VAN_BAN["ten_van_ban"].splitlines()]
    assert style_of(body[2]) == "Phude" and paragraph_text(body[2]) == norm(VAN_BAN["phu_de"])


def test_closing_is_a_borderless_table_from_van_ban(body):
    closing = [t for t in tables(body) if "Nơi nhận:" in _table_text(t)]
    assert len(closing) == 1
    table = closing[0]
    assert _borderless(table)
    text = _table_text(table)
    for line in VAN_BAN["noi_nhan"]:
        assert f"- {line}" in text.splitlines()
    for value in (VAN_BAN["ky"]["thay_mat"], VAN_BAN["ky"]["chuc_vu"], VAN_BAN["ky"]["ho_ten"]):
        assert value in text.splitlines()
    # the closing ends the text: only appendix tables follow it
    following = [el for el in table.itersiblings() if el.tag == q("w:p") and style_of(el) == "Heading1"]
    assert following and paragraph_text(following[0]) == "Phụ lục"


# -- footnotes ----------------------------------------------------------------------------------


def _footnotes(docx_path: Path) -> dict[str, str]:
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    out = {}
    for fn in root.findall(q("w:footnote")):
        if fn.get(q("w:type")) in ("separator", "continuationSeparator"):
            continue
        out[fn.get(q("w:id"))] = norm(" ".join(paragraph_text(p) for p in fn.iter(q("w:p"))))
    return out


def test_footnotes_are_word_footnotes_in_order_matching_the_html(docx_path, body, html):
    notes = _footnotes(docx_path)
    refs = [r.get(q("w:id")) for r in body.iter(q("w:footnoteReference"))]
    assert len(refs) >= 20 and len(refs) == len(set(refs)) == len(notes)
    assert all(ref in notes for ref in refs)
    # no typed "[1]" marks; Word numbers the references 1..N in document order
    assert not re.search(r"\[\d+\]", "".join(t.text or "" for t in body.iter(q("w:t"))))
    assert [notes[ref] for ref in refs] == html["footnotes"]


# -- appendix tables ----------------------------------------------------------------------------


def test_appendix_tables_repeat_their_header_row(body):
    appendix = [t for t in tables(body) if not _borderless(t)]
    assert len(appendix) == 2
    for table in appendix:
        rows = table.findall(q("w:tr"))
        assert len(rows) > 5
        first = rows[0].find(q("w:trPr"))
        assert first is not None and first.find(q("w:tblHeader")) is not None
        assert paragraph_text(rows[0].find(q("w:tc"))) == "STT"
        assert all(r.find(q("w:trPr")) is None or r.find(f"{q('w:trPr')}/{q('w:tblHeader')}") is None for r in rows[1:])


# -- page numbers, watermark, properties ---------------------------------------------------------


def _part_xml(part) -> str:
    return etree.tostring(part._element, encoding="unicode")


def test_page_number_is_a_page_field_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = _part_xml(section.header)
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", header)
    assert 'w:val="center"' in header
    assert "PAGE" not in "".join(section.first_page_header._element.itertext())


def _watermarks(document) -> list[str]:
    section = document.sections[0]
    out = []
    for header in (section.header, section.first_page_header):
        out += [t.get("string") for t in header._element.iter(q("v:textpath")) if t.get("string")]
    return out


def test_draft_has_word_watermark(document):
    assert _watermarks(document) == ["DỰ THẢO", "DỰ THẢO"]


def test_document_properties(document):
    props = document.core_properties
    assert props.title == norm(VAN_BAN["ten_van_ban"])
    assert props.subject == f"Dự thảo lần {VAN_BAN['du_thao']['so']}"
    assert props.author == VAN_BAN["co_quan_ban_hanh"]
    assert props.language == "vi-VN"


# -- paragraph identity -------------------------------------------------------------------------


def test_every_body_paragraph_has_an_identity_bookmark(body, docx_path):
    marked = bookmarked_paragraphs(body)
    names = [name for name, _ in marked]
    assert len(names) > 150 and len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in names)
    marked_ids = {id(p) for _, p in marked}
    not_body = {"Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6", "Tenvanban", "Gachngang"}
    unmarked = [
        paragraph_text(p)
        for p in body.iterchildren(q("w:p"))
        if style_of(p) not in not_body and id(p) not in marked_ids and paragraph_text(p)
    ]
    assert unmarked == []
    mapping = json.loads((docx_path.parent / "doan-van.json").read_text(encoding="utf-8"))
    assert list(mapping) == names
    for name, p in marked:
        entry = mapping[name]
        source = REPO / entry["tep"]
        assert source.is_file() and 0 < entry["dong"] <= len(source.read_text(encoding="utf-8").splitlines())
        assert entry["van_ban"] == norm(paragraph_text(p)).removeprefix("- ") or paragraph_text(p) == entry["van_ban"]


def test_map_points_at_the_source_line(docx_path):
    mapping = json.loads((docx_path.parent / "doan-van.json").read_text(encoding="utf-8"))
    # a paragraph without placeholders is on its line, as typed
    plain = [e for e in mapping.values() if e["tep"].startswith("docs/") and len(e["van_ban"]) > 60]
    assert len(plain) > 50
    found = 0
    for entry in plain:
        line = (REPO / entry["tep"]).read_text(encoding="utf-8").splitlines()[entry["dong"] - 1]
        line = line.replace("\\", "")  # Markdown's escapes ("1\\.")
        if "{" not in line:
            found += 1
            assert norm(entry["van_ban"])[:40] in norm(re.sub(r"\[\^[^\]]+\]", "", line)).replace("*", ""), entry
    assert found > 30
    sections = [e["so_muc"] for e in mapping.values()]
    assert "1.1." in sections and "I." in sections


def test_text_round_trips_with_the_html_paragraph_by_paragraph(body, html):
    """Same identities, same order, same text; committee notes in the HTML, none in Word."""
    ours = [(name, paragraph_text(p)) for name, p in bookmarked_paragraphs(body)]
    theirs = html["paragraphs"]
    assert len(ours) == len(theirs) > 150
    for (name, text), (html_id, html_text, in_list) in zip(ours, theirs):
        assert name == html_id
        assert text == (f"- {html_text}" if in_list else html_text), name
    assert html["notes"] > 0
    all_text = " ".join(paragraph_text(p) for p in body.iter(q("w:p")))
    assert NOTE_TITLE not in all_text and NOTE_TITLE in " ".join(
        lxml_html.parse(str(p)).getroot().text_content() for p in html["pages"]
    )


# -- the identity function ------------------------------------------------------------------------


def test_identity_survives_numbers_punctuation_and_renumbered_headings():
    text = "Thu nhập bình quân năm 2025 đạt 72,5 triệu đồng/người, tăng 10,7%."
    a = paragraph_identity(section_key("phan-thu-nhat/a", "2. Về kinh tế"), text, {})
    b = paragraph_identity(
        section_key("phan-thu-nhat/a.md", "3. Về kinh tế"),
        "Thu nhập bình quân năm 2025 đạt 80 triệu đồng / người; tăng 11%.",
        {},
    )
    assert a == b and is_identity(a) and len(a) <= 40
    other_section = paragraph_identity(section_key("phan-thu-nhat/a", "3. Về văn hoá"), text, {})
    other_words = paragraph_identity(section_key("phan-thu-nhat/a", "2. Về kinh tế"), text.replace("tăng", "giảm"), {})
    assert len({a, other_section, other_words}) == 3
    seen: dict[str, int] = {}
    key = section_key("x", "I. Mục")
    first, second = (paragraph_identity(key, "Cùng một câu.", seen) for _ in range(2))
    assert second == f"{first}_2"
    assert heading_number("1.2. Về kinh tế") == "1.2." and heading_number("Phần thứ nhất") == ""


# -- a final build --------------------------------------------------------------------------------


def test_final_build_has_no_watermark_and_no_draft_label(tmp_path):
    project = make_project(tmp_path, "pdf")
    result = run_build(project, "docx", "--final")
    assert result.returncode == 0, result.stderr + result.stdout
    path = project / "_build/chinh-thuc/docx/bao-cao-chinh-tri-chinh-thuc.docx"
    final = docx.Document(str(path))
    assert _watermarks(final) == []
    assert final.core_properties.subject == "Chính thức"
    assert "Dự thảo" not in _table_text(final.element.body[0])
    assert (path.parent / "doan-van.json").is_file()


# -- identities across drafts ---------------------------------------------------------------------


def test_identities_survive_edits_between_drafts(tmp_path):
    """Draft N+1: a paragraph inserted before the others, their heading renumbered, a figure of the
    data updated. Every paragraph of draft N keeps its identity (HTML id and Word bookmark), and the
    map follows it to its new line."""
    project = make_project(tmp_path, "mini")

    def identities():
        result = run_build(project, "docx")
        assert result.returncode == 0, result.stderr + result.stdout
        mapping = json.loads((project / "_build/docx/doan-van.json").read_text(encoding="utf-8"))
        document = docx.Document(str(next((project / "_build/docx").glob("*.docx"))))
        assert [name for name, _ in bookmarked_paragraphs(document.element.body)] == list(mapping)
        return mapping

    before = identities()
    part = project / "docs/phan-mot.md"
    text = part.read_text(encoding="utf-8")
    assert "## 3. Công tác kiểm tra\n\nTrong nhiệm kỳ" in text
    part.write_text(
        text.replace(
            "## 3. Công tác kiểm tra\n\nTrong nhiệm kỳ",
            "## 4. Công tác kiểm tra\n\nMột đoạn mới của dự thảo sau.\n\nTrong nhiệm kỳ",
        ),
        encoding="utf-8",
    )
    data = project / "source_data/dang_bo.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 1361", "gia_tri: 1402"), encoding="utf-8")
    after = identities()

    assert len(before) >= 3 and len(after) == len(before) + 1
    assert set(before) < set(after)
    moved = [name for name, entry in before.items() if entry["tep"] == "docs/phan-mot.md"]
    assert moved
    for name in moved:
        assert after[name]["dong"] == before[name]["dong"] + 2
        assert after[name]["so_muc"] == "4."
    changed = [name for name in before if "1.361" in before[name]["van_ban"]]
    assert changed and all("1.402" in after[name]["van_ban"] for name in changed)
