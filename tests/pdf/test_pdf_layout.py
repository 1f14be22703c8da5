"""The PDF looks like a Party document (issue 5; /work/shared/spec/the-thuc-van-ban-dang.md).

A small report (tests/fixtures/pdf) is built once per session as a draft and once
as a final document, through the same command the committee uses
(``python -m build_scripts.cli.build pdf``). The checks read the PDF back with
pdfplumber/pypdf: geometry in millimetres, fonts, sizes, text.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import REPO, make_project, nonempty, run_build

pdfplumber = pytest.importorskip("pdfplumber")
from pypdf import PdfReader  # noqa: E402

from build_scripts.pdf.headings import heading_class  # noqa: E402
from build_scripts.pdf.language import VI  # noqa: E402
from build_scripts.pdf.pdf_checks import font_names  # noqa: E402
from build_scripts.pdf.pdf_post import watermark_texts  # noqa: E402
from build_scripts.pdf.rinoh_warnings import RinohProblem  # noqa: E402

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, (210 - 15) * MM, 20 * MM, (297 - 20) * MM
BODY_W = RIGHT - LEFT
TOL = 0.6  # pt
DRAFT_NAME = "bao-cao-chinh-tri-du-thao-lan-4.pdf"
FINAL_NAME = "bao-cao-chinh-tri-chinh-thuc.pdf"
TITLE = (
    "NÂNG CAO NĂNG LỰC LÃNH ĐẠO, SỨC CHIẾN ĐẤU CỦA ĐẢNG, ĐỔI MỚI HOẠT ĐỘNG CỦA HỆ THỐNG "
    "CHÍNH TRỊ; TĂNG CƯỜNG ĐOÀN KẾT, DÂN CHỦ, ĐỔI MỚI SÁNG TẠO; PHÁT HUY TIỀM NĂNG, LỢI "
    "THẾ, XÂY DỰNG XÃ NAM THANH MIỆN PHÁT TRIỂN BỨT PHÁ VÀ BỀN VỮNG"
)


def _pdf_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, "pdf")
    conf = project / "conf.py"
    text = conf.read_text(encoding="utf-8")
    if "build_scripts.pdf" not in text:  # until conf.py lists the extension itself
        conf.write_text(text.replace('"rinoh.frontend.sphinx"', '"build_scripts.pdf"'), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The fixture report built as a draft and as a final document."""
    project = _pdf_project(tmp_path_factory.mktemp("pdf-layout"))
    for args in (("pdf",), ("pdf", "--final")):
        result = run_build(project, *args)
        assert result.returncode == 0, result.stderr + result.stdout
    return project


@pytest.fixture(scope="session")
def draft(built):
    path = built / "_build/pdf" / DRAFT_NAME
    with pdfplumber.open(path) as pdf:
        yield pdf


@pytest.fixture(scope="session")
def final(built):
    path = built / "_build/chinh-thuc/pdf" / FINAL_NAME
    with pdfplumber.open(path) as pdf:
        yield pdf


def mm(value: float) -> float:
    return round(value / MM, 1)


def text_lines(page, size_min=0.0):
    """Lines of words (top-to-bottom) with their chars, ignoring superscripts below size_min."""
    page = page.filter(lambda o: o.get("object_type") != "char" or o["size"] >= size_min)
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=True)
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def line_text(line) -> str:
    return " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))


def find_line(page, startswith: str):
    for line in text_lines(page, size_min=10):
        if line_text(line).startswith(startswith):
            return line
    raise AssertionError(f"no line starting with {startswith!r} on page {page.page_number}")


def body_text(pdf) -> str:
    """All text without superscript footnote markers, lines joined by spaces."""
    parts = []
    for page in pdf.pages:
        page = page.filter(lambda o: o.get("object_type") != "char" or o["size"] >= 10)
        parts.append(page.extract_text() or "")
    text = re.sub(r"\s+", " ", " ".join(parts))
    return re.sub(r" (?=[.,;:])", "", text)  # the gap a removed marker leaves


# ---------------------------------------------------------------- page


def test_every_page_is_a4(draft):
    assert len(draft.pages) >= 4
    for page in draft.pages:
        assert abs(page.width - PAGE_W) < 1 and abs(page.height - PAGE_H) < 1, page.page_number


def test_text_stays_inside_the_margins(draft):
    nonempty((c for page in draft.pages for c in page.chars), "characters of the draft", 5_000)
    for page in nonempty(draft.pages, "pages of the draft", 5):
        for char in page.chars:
            if char["top"] < TOP - TOL and page.page_number > 1:
                continue  # the page number, checked below
            assert LEFT - TOL <= char["x0"] and char["x1"] <= RIGHT + TOL, (
                page.page_number,
                char["text"],
                mm(char["x0"]),
            )
            assert TOP - TOL <= char["top"] and char["bottom"] <= BOTTOM + TOL, (
                page.page_number,
                char["text"],
                mm(char["top"]),
            )


def test_page_numbers_top_centre_from_page_two(draft):
    first = draft.pages[0]
    assert not [c for c in first.chars if c["top"] < TOP - TOL], "no page number on page 1"
    for page in draft.pages[1:]:
        number = [c for c in page.chars if c["bottom"] < TOP]
        assert "".join(c["text"] for c in number) == str(page.page_number)
        centre = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
        assert abs(centre - (LEFT + RIGHT) / 2) < 2, mm(centre)


def test_only_termes_fonts_and_body_is_14pt_regular(built, draft):
    assert {name.split("-")[0] for name in font_names(built / "_build/pdf" / DRAFT_NAME)} == {"TeXGyreTermes"}
    sizes = Counter()
    for page in draft.pages[:3]:
        for char in page.chars:
            sizes[(char["fontname"].split("+")[-1], round(char["size"], 1))] += 1
    (font, size), _ = sizes.most_common(1)[0]
    assert (font, size) == ("TeXGyreTermes-Regular", 14.0)


def test_no_english_labels(draft, final):
    for pdf in (draft, final):
        for page in nonempty(pdf.pages, "pages", 5):
            text = page.extract_text() or ""
            assert text.strip(), page.page_number
            for word in ("Chapter", "Contents", "Table", "Figure", "Release"):
                assert word not in text, (page.page_number, word)


# ---------------------------------------------------------------- first page


def _column_split():
    return LEFT + 0.49 * BODY_W


def _style(line):
    fonts = {c_font for w in line for c_font in [w["fontname"].split("+")[-1]]}
    sizes = {round(w["size"], 1) for w in line}
    return fonts, sizes


def _centre(line):
    return (min(w["x0"] for w in line) + max(w["x1"] for w in line)) / 2


def test_first_page_header_two_columns(draft):
    page = draft.pages[0]
    split = _column_split()
    left_centre, right_centre = (LEFT + split) / 2, (split + RIGHT) / 2
    expected_left = [
        ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "TeXGyreTermes-Regular", 14.0),
        ("ĐẢNG ỦY XÃ NAM THANH MIỆN", "TeXGyreTermes-Bold", 14.0),
        ("*", "TeXGyreTermes-Regular", 14.0),
        ("(Dự thảo lần 4)", "TeXGyreTermes-Italic", 14.0),
    ]
    header = [w for w in page.extract_words(extra_attrs=["fontname", "size"]) if w["top"] < 50 * MM]
    left = [w for w in header if w["x1"] <= split]
    right = [w for w in header if w["x0"] >= split]
    assert len(left) + len(right) == len(header), "every header word lies in one column"
    tops = sorted({round(w["top"]) for w in left})
    rows = [[w for w in left if round(w["top"]) == top] for top in tops]
    assert [line_text(r) for r in rows] == [text for text, _, _ in expected_left]
    for row, (_, font, size) in zip(rows, expected_left):
        assert _style(row) == ({font}, {size}), line_text(row)
        assert abs(_centre(row) - left_centre) < 2, line_text(row)
    tops = sorted({round(w["top"]) for w in right})
    rows = [[w for w in right if round(w["top"]) == top] for top in tops]
    assert [line_text(r) for r in rows] == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Nam Thanh Miện, ngày tháng 8 năm 2025"]
    assert _style(rows[0]) == ({"TeXGyreTermes-Bold"}, {15.0})
    assert _style(rows[1]) == ({"TeXGyreTermes-Italic"}, {14.0})
    for row in rows:
        assert abs(_centre(row) - right_centre) < 2, line_text(row)
    # the rule under ĐẢNG CỘNG SẢN VIỆT NAM: as long as the text, just below it
    x0, x1 = min(w["x0"] for w in rows[0]), max(w["x1"] for w in rows[0])
    rules = [ln for ln in page.lines if ln["top"] < rows[1][0]["top"] and ln["top"] > rows[0][0]["bottom"] - 1]
    assert len(rules) == 1
    assert abs(rules[0]["x0"] - x0) < 1 and abs(rules[0]["x1"] - x1) < 1
    # a blank day in a draft: a visible gap between "ngày" and "tháng"
    day, month = (next(w for w in rows[1] if w["text"] == t) for t in ("ngày", "tháng"))
    assert month["x0"] - day["x1"] > 8


def test_title_and_subtitle(draft):
    page = draft.pages[0]
    lines = text_lines(page, size_min=10)
    title = [ln for ln in lines if _style(ln) == ({"TeXGyreTermes-Bold"}, {15.0}) and "CỘNG SẢN" not in line_text(ln)]
    assert " ".join(line_text(ln) for ln in title) == TITLE
    for line in title:
        assert abs(_centre(line) - (LEFT + RIGHT) / 2) < 2
    subtitle = [ln for ln in lines if line_text(ln).startswith("(Báo cáo Chính trị")][0]
    assert _style(subtitle) == ({"TeXGyreTermes-Italic"}, {14.0})
    below = [ln for ln in page.lines if ln["top"] > subtitle[0]["bottom"] and ln["width"] < 60 * MM]
    rule = min(below, key=lambda ln: ln["top"])
    assert abs((rule["x0"] + rule["x1"]) / 2 - (LEFT + RIGHT) / 2) < 1, "short centred rule under the subtitle"


# ---------------------------------------------------------------- headings and body


@pytest.mark.parametrize(
    "start, font, align",
    [
        ("Phần thứ nhất", "TeXGyreTermes-Bold", "centre"),
        ("KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT", "TeXGyreTermes-Bold", "centre"),  # the part's name
        ("A. KẾT QUẢ ĐẠT ĐƯỢC", "TeXGyreTermes-Bold", "centre"),
        ("I. VỀ THỰC HIỆN CHỈ TIÊU ĐẠI HỘI", "TeXGyreTermes-Bold", "left"),
        ("1. Công tác xây dựng Đảng về chính trị", "TeXGyreTermes-Bold", "indent"),
        ("1.1. Công tác xây dựng Đảng về chính trị", "TeXGyreTermes-BoldItalic", "indent"),
        ("Tiếp tục nâng cao năng lực lãnh đạo", "TeXGyreTermes-Regular", "indent"),  # body
    ],
)
def test_heading_and_body_styles(draft, start, font, align):
    for page in draft.pages:
        try:
            line = find_line(page, start)
            break
        except AssertionError:
            continue
    else:
        pytest.fail(f"{start!r} not found")
    assert _style(line) == ({font}, {14.0}), line_text(line)
    x0 = min(w["x0"] for w in line)
    if align == "centre":
        assert abs(_centre(line) - (LEFT + RIGHT) / 2) < 2
    elif align == "left":
        assert abs(x0 - LEFT) < 1
    else:
        assert abs(x0 - (LEFT + 10 * MM)) < 1, mm(x0)


def test_no_heading_numbers_added(draft):
    text = body_text(draft)
    assert "1 Phần thứ nhất" not in text and "1.1 A." not in text
    assert re.search(r"\b\d+(\.\d+)+ [A-ZĐI]\. ", text) is None


# ---------------------------------------------------------------- footnotes


def _footnotes_by_page(pdf):
    """For each page: (markers in the text, labels at the foot)."""
    result = []
    for page in pdf.pages:
        rules = [ln for ln in page.lines if abs(ln["x0"] - LEFT) < 1 and abs(ln["width"] - 50 * MM) < 1]
        foot_top = rules[0]["top"] if rules else BOTTOM
        markers = [c for c in page.chars if c["size"] < 10 and c["top"] < foot_top]
        numbers = []
        for char in sorted(markers, key=lambda c: (round(c["top"]), c["x0"])):
            if numbers and char["x0"] - numbers[-1][1] < 0.5 and abs(char["top"] - numbers[-1][2]) < 1:
                numbers[-1] = (numbers[-1][0] + char["text"], char["x1"], char["top"])
            else:
                numbers.append((char["text"], char["x1"], char["top"]))
        foot = page.crop((0, foot_top, page.width, page.height))
        labels = [
            w["text"]
            for w in foot.extract_words(extra_attrs=["size"])
            if w["x1"] <= LEFT + 5 * MM and w["text"].isdigit() and round(w["size"]) == 12
        ]
        texts = [w for w in foot.extract_words() if w["x0"] > LEFT + 6 * MM]
        assert not labels or texts, "footnote text follows its number"
        sizes = {round(c["size"], 1) for c in foot.chars}
        result.append(([n for n, _, _ in numbers], labels, sizes))
    return result


def test_footnotes_numbered_through_the_document_at_the_foot_of_their_page(draft):
    seen = []
    for page_number, (markers, labels, sizes) in enumerate(_footnotes_by_page(draft), start=1):
        assert markers == labels, (page_number, markers, labels)
        if labels:
            assert sizes == {12.0}, (page_number, sizes)
        seen += labels
    assert seen == [str(n) for n in range(1, 7)], seen  # index.md 1, part 1: 2-4, part 2: 5-6


def test_html_footnotes_numbered_through_the_document(built):
    result = run_build(built, "html")
    assert result.returncode == 0, result.stderr
    html = (built / "_build/html/phan-thu-hai.html").read_text(encoding="utf-8")
    labels = re.findall(r'class="footnote-reference[^"]*"[^>]*>(?:<span class="fn-bracket">\[</span>)?(\d+)', html)
    assert labels and set(labels) == {"5", "6"}, labels


# ---------------------------------------------------------------- tables, closing


def test_long_table_repeats_its_header_row(draft):
    pages = [p for p in draft.pages if "Chỉ tiêu số" in (p.extract_text() or "")]
    assert len(pages) >= 2
    for page in pages:
        first_row = text_lines(page, size_min=10)
        header = [ln for ln in first_row if line_text(ln).startswith("TT Chỉ tiêu")]
        assert header, page.page_number
        assert _style(header[0])[0] == {"TeXGyreTermes-Bold"}


def test_closing_two_columns(draft):
    page = next(p for p in draft.pages if "Nơi nhận:" in (p.extract_text() or ""))
    split = LEFT + 0.45 * BODY_W
    noi_nhan = [w for w in find_line(page, "Nơi nhận:") if w["x1"] < split]
    assert _style(noi_nhan) == ({"TeXGyreTermes-BoldItalic"}, {12.0})
    assert max(w["x1"] for w in noi_nhan) < split
    item = [w for w in find_line(page, "- Ban Thường vụ Thành uỷ,") if w["x1"] < split]
    assert _style(item)[1] == {11.0} and max(w["x1"] for w in item) < split
    words = page.extract_words(extra_attrs=["fontname", "size"])
    for text in ("T/M BAN CHẤP HÀNH", "BÍ THƯ", "Nguyễn Trung Nghĩa"):
        first = text.split()[0]
        cands = [w for w in words if w["text"] == first and w["x0"] > split]
        assert cands, text
        assert cands[0]["fontname"].endswith("TeXGyreTermes-Bold") and round(cands[0]["size"]) == 14
    bi_thu = next(w for w in words if w["text"] == "BÍ" and w["x0"] > split)
    name = next(w for w in words if w["text"] == "Nguyễn" and w["x0"] > split)
    assert name["top"] - bi_thu["bottom"] > 20 * MM, "space for the signature"

    # the signature sits under the header's right column ("ĐẢNG CỘNG SẢN VIỆT NAM"), as in
    # Party documents: the closing's columns were 45/55, the header's 49/51 (10 pt apart)
    def right_line(on_page, first_word):
        start = next(w for w in on_page.extract_words() if w["text"] == first_word and w["x0"] > split)
        return [w for w in on_page.extract_words() if abs(w["top"] - start["top"]) < 1 and w["x0"] > split]

    signature, party = right_line(page, "T/M"), right_line(draft.pages[0], "ĐẢNG")
    assert [w["text"] for w in party] == ["ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM"]
    assert abs(_centre(signature) - _centre(party)) < 1.5, (_centre(signature), _centre(party))
    # "- Ban Thường vụ Thành uỷ,": one space after the dash, not a list label column (11 pt)
    dash, first = sorted(item, key=lambda w: w["x0"])[:2]
    assert first["x0"] - dash["x1"] < 4.5, (dash, first)


# ---------------------------------------------------------------- draft marking, metadata


def test_watermark_on_every_draft_page_and_none_in_final(built, draft):
    texts = watermark_texts(built / "_build/pdf" / DRAFT_NAME)
    assert texts == [["DỰ THẢO"]] * len(draft.pages)
    assert watermark_texts(built / "_build/chinh-thuc/pdf" / FINAL_NAME) == [[]] * len(
        PdfReader(built / "_build/chinh-thuc/pdf" / FINAL_NAME).pages
    )
    assert "THẢO" not in body_text(draft), "the watermark does not mix into the text"


def test_watermark_is_visible_grey(built):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(built / "_build/pdf" / DRAFT_NAME))
    last = pdf[len(pdf) - 1]
    image = last.render(scale=0.5, draw_annots=True).to_pil().convert("L")
    w, h = image.size
    centre = image.crop((w // 3, h // 3, 2 * w // 3, 2 * h // 3))
    greys = [v for v in centre.tobytes() if 150 < v < 245]
    assert len(greys) > 0.02 * centre.size[0] * centre.size[1]


def test_metadata(built):
    draft_meta = PdfReader(built / "_build/pdf" / DRAFT_NAME)
    final_meta = PdfReader(built / "_build/chinh-thuc/pdf" / FINAL_NAME)
    for reader, subject in ((draft_meta, "Dự thảo lần 4"), (final_meta, "Chính thức")):
        meta = reader.metadata
        assert meta.title == TITLE
        assert meta.subject == subject
        assert meta.author == "ĐẢNG ỦY XÃ NAM THANH MIỆN"
        assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_final_build_has_no_draft_label(final):
    assert "Dự thảo lần" not in (final.pages[0].extract_text() or "")


# ---------------------------------------------------------------- text fidelity


def _source_paragraphs():
    """Plain body paragraphs of the fixture (no Jinja, no markup), footnote refs removed."""
    out = []
    for path in sorted((REPO / "tests/fixtures/pdf/docs").glob("*.md")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if not block or block[0] in "#{|:`[-*" or "{{" in block or "{%" in block:
                continue
            out.append(re.sub(r"\[\^[^\]]+\]", "", " ".join(block.split())))
    return out


def test_every_vietnamese_letter_round_trips(draft):
    text = unicodedata.normalize("NFC", body_text(draft))
    paragraphs = _source_paragraphs()
    assert len(paragraphs) >= 8
    for paragraph in paragraphs:
        assert paragraph in text, paragraph[:60]
    letters = [p for p in paragraphs if p.startswith("Đủ các chữ cái")][0]
    assert len({ch for ch in letters if unicodedata.category(ch) == "Ll" and ord(ch) > 127}) >= 60


# ---------------------------------------------------------------- robustness


def test_missing_glyph_fails_with_vietnamese_message(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project)
    good = (project / "_build/pdf" / DRAFT_NAME).read_bytes()
    part = project / "docs/phan-thu-nhat.md"
    lines = part.read_text(encoding="utf-8").split("\n")
    line_no = next(i for i, line in enumerate(lines, 1) if line.startswith("Trong nhiệm kỳ vừa qua"))
    lines[line_no - 1] += " Ký hiệu ☭ lạ."
    part.write_text("\n".join(lines), encoding="utf-8")
    result = run_build(project, "pdf")
    assert result.returncode != 0
    assert f"docs/phan-thu-nhat.md:{line_no}" in result.stderr, result.stderr
    assert "U+262D" in result.stderr and "không có trong phông TeX Gyre Termes" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (project / "_build/pdf" / DRAFT_NAME).read_bytes() == good


def test_unknown_style_fails_with_vietnamese_message(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project)
    (project / "docs/phu-luc.md").unlink()
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("phu-luc\n", ""), encoding="utf-8")
    rts = project / "templates/rinoh/bao_cao.rts"
    rts.write_text(rts.read_text(encoding="utf-8") + "\n[kieu khong co]\nfont_size=20pt\n", encoding="utf-8")
    result = run_build(project, "pdf")
    assert result.returncode != 0
    assert "Kiểu 'kieu khong co'" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Phần thứ nhất", "tieu-de-phan"),
        ("PHẦN THỨ HAI", "tieu-de-phan"),
        ("PHỤ LỤC", "tieu-de-phu-luc"),
        ("A. KẾT QUẢ ĐẠT ĐƯỢC", "tieu-de-chu"),
        ("I.  VỀ THỰC HIỆN CHỈ TIÊU", "tieu-de-la-ma"),
        ("IV. CÔNG TÁC", "tieu-de-la-ma"),
        ("C. PHƯƠNG HƯỚNG", "tieu-de-chu"),
        ("1. Công tác", "tieu-de-so"),
        ("12. Công tác", "tieu-de-so"),
        ("1.1. Công tác", "tieu-de-so-2"),
        ("2.3 Công tác", "tieu-de-so-2"),
        ("1.1.1. Chi tiết", "tieu-de-khac"),
        ("Mở đầu", "tieu-de-khac"),
    ],
)
def test_heading_class(text, expected):
    assert heading_class(text) == expected


def test_vietnamese_strings_replace_every_english_one():
    from rinoh.language import EN

    assert set(VI.strings) == set(EN.strings)
    assert not set(VI.strings.values()) & set(EN.strings.values())


def test_rinoh_warning_translation():
    problem = RinohProblem(
        "[/x/docs/a.md:12 <paragraph>] TeXGyreTermes-Regular does not contain glyph "
        "for unicode index 0x262d (☭) (page 3)"
    )
    assert (problem.source, problem.line, problem.page) == ("/x/docs/a.md", 12, "3")
    assert "U+262d" in problem.message and "trang 3" in problem.message
    other = RinohProblem("something new")
    assert other.message == "rinohtype cảnh báo: something new"


def test_rinoh_warnings_get_the_location_of_the_nearest_parent():
    from rinoh.element import DocumentElement

    from build_scripts.pdf.rinoh_warnings import recorded_rinoh_warnings

    class Source:
        location = ("/x/docs/phan.md", 7, "paragraph")

    original = DocumentElement.warn
    paragraph = DocumentElement()
    paragraph.source = Source()
    span = DocumentElement(parent=paragraph)
    with recorded_rinoh_warnings() as problems:
        span.warn("item too long to fit on line")
    assert [(p.source, p.line) for p in problems] == [("/x/docs/phan.md", 7)]
    assert problems[0].message == "Có một từ hoặc mục quá dài, không vừa một dòng."
    assert DocumentElement.warn is original, "rinohtype is left as it was"


# ---------------------------------------------------------------- the real report


@pytest.fixture(scope="session")
def report(tmp_path_factory):
    """The committee's report (docs/) built to PDF once, as a draft."""
    if not (REPO / "docs/index.md").exists():
        pytest.skip("docs/ has no report yet")
    project = tmp_path_factory.mktemp("report") / "bao-cao"
    project.mkdir()
    for name in ("docs", "source_data", "templates"):
        shutil.copytree(REPO / name, project / name)
    text = (REPO / "conf.py").read_text(encoding="utf-8")
    if "build_scripts.pdf" not in text:
        text = text.replace('"rinoh.frontend.sphinx"', '"build_scripts.pdf"')
    (project / "conf.py").write_text(text, encoding="utf-8")
    result = run_build(project, "pdf")
    assert result.returncode == 0, result.stderr + result.stdout
    number = yaml.safe_load((REPO / "source_data/van_ban.yaml").read_text(encoding="utf-8"))["du_thao"]["so"]
    with pdfplumber.open(project / "_build/pdf" / f"bao-cao-chinh-tri-du-thao-lan-{number}.pdf") as pdf:
        yield pdf


def test_report_signature_is_not_alone_on_its_page(report):
    """The closing (recipients, signature) follows the last paragraph of the text on its page:
    a page with only the signature on it reads as a page torn from another document."""
    include = '{% include "snippets/ket_van_ban.md.j2" %}'
    source = next(p for p in sorted((REPO / "docs").rglob("*.md")) if include in p.read_text(encoding="utf-8"))
    before = source.read_text(encoding="utf-8").split(include)[0]
    last_paragraph = [block for block in before.split("\n\n") if block.strip()][-1]
    opening = " ".join(last_paragraph.split()[:6])
    page = next(p for p in report.pages if "Nơi nhận:" in (p.extract_text() or ""))
    text = " ".join((page.extract_text() or "").split())
    assert opening in text.split("Nơi nhận:")[0], (page.page_number, opening)


def test_report_footnotes_sit_on_their_page_and_run_through(report):
    """Long footnotes (up to ~900 characters) once made rinohtype overflow pages."""
    seen = []
    for page_number, (markers, labels, _) in enumerate(_footnotes_by_page(report), start=1):
        assert markers == labels, (page_number, markers, labels)
        seen += labels
    assert seen == [str(n) for n in range(1, 21)], "the report's 20 footnotes, each on its marker's page"


def test_report_footnote_rule_stands_clear_of_the_text_above(report):
    """The text column could fill a page down to its footnotes, and the rule over them then
    sat 1.5 pt under the last line's letters (page 3): it read as an underline."""
    rules = 0
    for page in report.pages:
        rule = [
            ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5 and abs(ln["x1"] - ln["x0"] - 50 * MM) < 1
        ]
        if not rule:
            continue
        rules += 1
        y = rule[0]["top"]
        text_above = [c["bottom"] for c in page.chars if c["size"] >= 10 and c["top"] < y]
        notes_below = [c["top"] for c in page.chars if c["size"] >= 10 and c["top"] > y]
        assert y - max(text_above) >= 4, (page.page_number, round(y - max(text_above), 2))
        assert min(notes_below) - y >= 4, (page.page_number, round(min(notes_below) - y, 2))
    assert rules >= 10, rules


def test_report_footnote_lines_leave_room_for_stacked_marks(report):
    """Footnotes were set solid (12 pt lines for 12 pt type): the stacked marks of "tuyến",
    "Hồng" touched the descenders of the line above. Word's single spacing for a Times face is
    about 1.15 of the size; the report's footnotes are set at that."""
    pitches = []
    for page in report.pages:
        rule = [
            ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5 and abs(ln["x1"] - ln["x0"] - 50 * MM) < 1
        ]
        if not rule:
            continue
        tops = sorted(
            {round(c["top"], 1) for c in page.chars if c["top"] > rule[0]["top"] and abs(c["size"] - 12) < 0.3}
        )
        pitches += [b - a for a, b in zip(tops, tops[1:]) if b - a > 3]  # not a superscript's offset
    assert len(pitches) > 30, len(pitches)
    assert min(pitches) >= 1.15 * 12 - 0.3, sorted(pitches)[:5]


def test_report_pages_are_a4_termes_without_english(report):
    for page in nonempty(report.pages, "pages of the report", 10):
        assert abs(page.width - PAGE_W) < 1 and abs(page.height - PAGE_H) < 1
        assert {c["fontname"].split("+")[-1].split("-")[0] for c in page.chars} == {"TeXGyreTermes"}
        text = page.extract_text() or ""
        assert not re.search(r"\b(Chapter|Contents|Table|Figure)\b", text), page.page_number
        for char in page.chars:
            if page.page_number > 1 and char["bottom"] < TOP:
                continue
            assert LEFT - TOL <= char["x0"] and char["x1"] <= RIGHT + TOL, (page.page_number, char["text"])
            assert TOP - TOL <= char["top"] and char["bottom"] <= BOTTOM + TOL, (page.page_number, char["text"])


def test_report_committee_note_stays_on_one_page(report):
    """A note split by a page break reads as an empty box at the foot of one page and a stray
    text at the top of the next. Each note (a few lines) is whole on the page of its title."""
    from build_scripts.core.checks import known_discrepancies

    found_notes = known_discrepancies(REPO / "source_data", REPO / "docs")
    title = "Ghi chú cho tổ biên tập — số liệu chưa khớp"
    found = 0
    for page in report.pages:
        text = " ".join((page.extract_text() or "").split())
        # each title is followed by its rule in words, and the whole note is on that page
        for at in [m.end() for m in re.finditer(re.escape(title), text)]:
            note = next((d for d in found_notes if text[at:].lstrip().startswith(" ".join(d.mo_ta.split()[:5]))), None)
            assert note is not None, (page.page_number, "a note's title without its rule", text[at : at + 80])
            found += 1
            words = note.ghi_chu.split()
            for part in (" ".join(words[:4]), " ".join(words[-3:])):
                assert part in text, (page.page_number, note.ma, part)
    assert found >= 5, "draft builds show the committee notes"


def test_report_breaks_no_line_at_a_slash_nor_before_a_spaced_dash(report):  # nor after "nhiệm kỳ"
    """rinohtype breaks before every '/': "ngày 25/10 ⏎ /2017", "tấn ⏎ /năm". And a line that
    starts with the dash of "kinh tế - xã hội" or "2021 - 2025" reads as a list item."""
    nonempty((line for page in report.pages for line in text_lines(page, size_min=10)), "lines of the report", 500)
    for page in report.pages:
        texts = [line_text(line) for line in text_lines(page, size_min=10)]
        for text, after in zip(texts, texts[1:] + [""]):
            # "…NHIỆM KỲ ⏎ 2020 - 2025": a term and its years stay together
            assert not (
                re.search(r"(?i)(kỳ|đoạn)$", text)
                and re.match(r"\d{4}\b", after)
                or re.search(r"(?i)(nhiệm|giai)$", text)
                and re.match(r"(?i)(kỳ|đoạn) \d{4}\b", after)
            ), (page.page_number, "a term split from its years", text, after)
        for text in texts:
            assert not text.startswith("/") and not text.endswith("/"), (page.page_number, text)
            dash = re.match(r"[-–—] (\w)", text)
            # list items ("- Khu vực …") start with a capital; a mid-sentence dash does not
            assert not (dash and (dash.group(1).islower() or dash.group(1).isdigit())), (page.page_number, text)
            assert not re.search(r"\d [-–—]$", text), (page.page_number, "a number range split", text)


def test_report_headings_are_set_left_not_stretched(report):
    """The spec sets the I., 1. and 1.1. headings "left": a heading of two lines was justified,
    its first line stretched to the margin (word gaps of 5.6 pt instead of Termes' 3.5 pt)."""
    headings = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") and "{" not in line:
                headings.append(" ".join(line.lstrip("#").split()))
    checked = 0
    for page in report.pages:
        for line in text_lines(page, size_min=10):
            text = line_text(line).replace("\u00a0", " ")
            words = sorted(line, key=lambda w: w["x0"])
            if len(words) < 3 or not all("Bold" in w["fontname"] for w in words):
                continue
            if not any(text in heading for heading in headings):
                continue  # a bold line of the body: justified like the body
            checked += 1
            widest = max(b["x0"] - a["x1"] for a, b in zip(words, words[1:]))
            assert widest < 4.2, (page.page_number, text, round(widest, 2))
    assert checked > 40, checked


@pytest.mark.parametrize(
    "written, typeset",
    [
        ("phát triển kinh tế - xã hội.", "phát triển kinh tế\u00a0- xã hội."),
        ("giai đoạn 2021 - 2025 đạt", "giai\u00a0đoạn\u00a02021\u00a0-\u00a02025 đạt"),
        ("giai đoạn 2026 – 2030,", "giai\u00a0đoạn\u00a02026\u00a0–\u00a02030,"),
        ("ĐẢNG BỘ NHIỆM KỲ 2020 - 2025", "ĐẢNG BỘ NHIỆM\u00a0KỲ\u00a02020\u00a0-\u00a02025"),
        ("nhiệm kỳ 2025, kỳ họp 2, đoạn văn 2020", "nhiệm\u00a0kỳ\u00a02025, kỳ họp 2, đoạn văn 2020"),
        ("Covid-19 và 18-NQ/TW", "Covid-19 và 18-NQ/TW"),
        (" - xã hội (after a footnote mark)", "\u00a0- xã hội (after a footnote mark)"),
        ("a dash - at the end -", "a dash\u00a0- at the end -"),
    ],
)
def test_spaced_dashes_keep_with_the_word_before(written, typeset):
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from build_scripts.pdf.line_breaks import keep_dashes_in_line

    doc = new_document("t", get_default_settings(Parser))
    para = nodes.paragraph("", "", nodes.Text("x"), nodes.Text(written), nodes.literal("", "a - b"))
    doc += para
    keep_dashes_in_line(doc)
    assert para.children[1].astext() == typeset
    assert para.children[2].astext() == "a - b", "code is left as written"


def test_report_title_breaks_where_van_ban_yaml_breaks_it(report):
    """rinohtype broke the title anywhere ("TĂNG ⏎ CƯỜNG", "PHÁT ⏎ TRIỂN"); each line of
    ten_van_ban in van_ban.yaml is one printed line (a line too long to fit would show here)."""
    from build_scripts.core.document import read_document_info

    wanted = list(read_document_info(REPO).title_lines)
    assert len(wanted) > 1
    title = [
        line_text(line)
        for line in text_lines(report.pages[0], size_min=10)
        if all(abs(word["size"] - 15) < 0.3 for word in line)
    ]  # the header's 15 pt line has 14 pt words too
    assert title == wanted


def test_report_dash_items_are_paragraphs_of_the_body(report):
    """A "- …" item is a paragraph as on paper: the dash at the first-line indent (10 mm), the
    lines after it at the margin. rinohtype set a list: the dash at the margin, the text beside."""
    starts, continued = 0, 0
    for page in report.pages:
        lines = [line for line in text_lines(page, size_min=10) if all(abs(w["size"] - 14) < 0.3 for w in line)]
        for line, after in zip(lines, lines[1:] + [None]):
            first = min(line, key=lambda w: w["x0"])
            if first["text"] != "-":
                continue
            starts += 1
            assert abs(first["x0"] - (LEFT + 10 * MM)) < TOL, (page.page_number, line_text(line))
            if after and abs(after[0]["top"] - line[0]["top"]) < 25 and min(w["x0"] for w in after) < LEFT + TOL:
                continued += 1
    assert starts > 20 and continued > 5, (starts, continued)


def test_dash_lists_become_paragraphs_sub_lists_too_but_not_the_closing():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from build_scripts.sphinx_ext.dash_items import DASH_CLASS, dash_items_as_paragraphs

    def dash_list(*texts, bullet="-"):
        return nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph(t, t)) for t in texts), bullet=bullet)

    doc = new_document("t", get_default_settings(Parser))
    doc += dash_list("Một.", "Hai.")
    doc += dash_list("Sao.", bullet="*")
    nested = dash_list("Ngoài.")
    nested[0] += dash_list("Trong.")
    doc += nested

    def table(*classes):
        cell = nodes.entry("", dash_list("Một dòng của ô."))
        return nodes.table("", nodes.tgroup("", nodes.tbody("", nodes.row("", cell))), classes=list(classes))

    doc += table("ket-van-ban")  # the recipients of the closing, styled as a list on paper
    doc += table()  # a Phụ lục cell: its items as the cell's paragraphs
    dash_items_as_paragraphs(doc)
    assert [(c.tagname, c.astext()) for c in doc.children[:2]] == [("paragraph", "- Một."), ("paragraph", "- Hai.")]
    assert DASH_CLASS in doc.children[0]["classes"]
    # a sub-list (once it turned its whole list back into a list): its items one step further in
    assert [(c.astext(), c["classes"]) for c in doc.children[3:5]] == [
        ("- Ngoài.", [DASH_CLASS]),
        ("- Trong.", [DASH_CLASS + "-2"]),
    ]
    assert [c.tagname for c in doc.children[2:]] == ["bullet_list", "paragraph", "paragraph", "table", "table"]
    assert len(list(doc.children[5].findall(nodes.bullet_list))) == 1
    assert [p.astext() for p in doc.children[6].findall(nodes.paragraph)] == ["- Một dòng của ô."]


def test_a_title_line_too_long_for_the_page_is_named(tmp_path):
    """rinohtype breaks such a line itself, anywhere ("NAM THANH ⏎ MIỆN"): the build says which."""
    project = _pdf_project(tmp_path)
    van_ban = project / "source_data/van_ban.yaml"
    text = van_ban.read_text(encoding="utf-8")
    start = text.index("ten_van_ban: >-")
    end = text.index("\nphu_de:")
    lines = [
        "NÂNG CAO NĂNG LỰC LÃNH ĐẠO,",
        "SỨC CHIẾN ĐẤU CỦA ĐẢNG, ĐỔI MỚI HOẠT ĐỘNG CỦA HỆ THỐNG CHÍNH TRỊ; TĂNG CƯỜNG ĐOÀN KẾT",
        "XÂY DỰNG XÃ NAM THANH MIỆN",
    ]
    van_ban.write_text(
        text[:start] + "ten_van_ban: |-\n" + "".join(f"  {line}\n" for line in lines) + text[end + 1 :],
        encoding="utf-8",
    )
    long_line = van_ban.read_text(encoding="utf-8").splitlines().index("  " + lines[1]) + 1
    result = run_build(project, "pdf")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("CẢNH BÁO:")]
    assert warnings == [
        f"CẢNH BÁO: source_data/van_ban.yaml:{long_line}: dòng này của tên văn bản dài quá một "
        "dòng in, nên máy tự ngắt nó (có thể giữa một từ)."
    ]


def test_the_pdf_folder_holds_only_the_current_draft(built, tmp_path):
    """The build starts from the last output, so the PDFs of earlier draft numbers stayed in
    _build/pdf beside the new one (lan-4, lan-5, lan-6): which one to send was a guess."""
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True)
    pdf_dir = project / "_build/pdf"
    for suffix in (".pdf", ".rtc", ".stylelog"):
        (pdf_dir / f"bao-cao-chinh-tri-du-thao-lan-3{suffix}").write_text("cũ", encoding="utf-8")
    (pdf_dir / "ghi-chu-cua-to.txt").write_text("không phải của bản dựng", encoding="utf-8")
    result = run_build(project, "pdf")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in pdf_dir.iterdir())
    # rinohtype's .rtc/.stylelog live beside the doctrees (issue 26): only the PDF is here
    assert [n for n in names if n.startswith("bao-cao-chinh-tri-")] == [DRAFT_NAME]
    assert "ghi-chu-cua-to.txt" in names  # what the build did not make stays
