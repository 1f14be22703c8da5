"""make diff: the rendered prose of two drafts compared word by word, section by section; a changed
number is a data change (old → new, tied to its key); the page and its printable PDF."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import draft_repo
import pytest
from conftest import REPO, nonempty

from build_scripts.core.drafts.register import read_register
from build_scripts.core.redline.datadiff import data_changes, flatten
from build_scripts.core.redline.page import compare, render_redline
from build_scripts.core.redline.prose import (
    MARK_CLOSE,
    MARK_KEY,
    MARK_OPEN,
    mark_placeholders,
    prose_blocks,
    render_draft,
    strip_marks,
)
from build_scripts.core.redline.sections import pair_sections, split_sections
from build_scripts.core.redline.snapshot import Snapshot, read_commit, read_worktree
from build_scripts.core.redline.worddiff import diff_words, split_change, tokenize


def test_word_diff_marks_whole_changed_phrase():
    d = diff_words(
        "Công tác phát triển đảng viên được tăng cường, kết nạp mới.",
        "Công tác phát triển đảng viên được đẩy mạnh, kết nạp mới.",
    )
    assert "<del>tăng cường</del><ins>đẩy mạnh</ins>" in d.html
    assert (d.insertions, d.deletions, d.inserted_words, d.deleted_words) == (1, 1, 2, 2)
    assert "được " in d.html and ", kết nạp mới." in d.html


def _marked(key: str, value: str) -> str:
    return f"{MARK_OPEN}{key}{MARK_KEY}{value}{MARK_CLOSE}"


def test_a_data_value_is_one_token_compared_by_its_key():
    value = _marked("dang_bo.so_dang_vien", "1.361 đảng viên")
    assert tokenize(f"có {value}.") == ["có", " ", value, "."]
    # the same value: no change
    same = diff_words(f"Toàn Đảng bộ có {value}.", f"Toàn Đảng bộ có {value}.")
    assert not same.changed and same.html == "Toàn Đảng bộ có 1.361 đảng viên."
    # a changed value: one data change with its key, old and new; no word edit
    d = diff_words(f"có {value} và", f"có {_marked('dang_bo.so_dang_vien', '1.365 đảng viên')} và")
    assert (d.insertions, d.deletions, d.data_keys) == (0, 0, ["dang_bo.so_dang_vien"])
    seg = next(s for s in d.segments if s.kind == "so_lieu")
    assert (seg.key, seg.old, seg.text) == ("dang_bo.so_dang_vien", "1.361 đảng viên", "1.365 đảng viên")
    assert '<span class="so-cu">1.361</span> → <span class="so-moi">1.365</span> đảng viên' in d.html
    assert 'data-khoa="dang_bo.so_dang_vien"' in d.html and "<ins>" not in d.html and "<del>" not in d.html
    # a value of another key is another token: a word edit
    e = diff_words(f"có {value} và", f"có {_marked('dang_bo.so_chi_bo', '32 chi bộ')} và")
    assert "<del>1.361 đảng viên</del><ins>32 chi bộ</ins>" in e.html and not e.data_keys
    # the draft's own number (ignored key) changes with every draft: shown, not marked
    f = diff_words(_marked("van_ban.du_thao.so", "4"), _marked("van_ban.du_thao.so", "5"), lambda k: True)
    assert not f.changed and f.html == "5"


def test_a_changed_value_keeps_the_words_both_share_outside_the_change():
    assert split_change("1.361 đảng viên", "1.365 đảng viên") == ("", "1.361", "1.365", " đảng viên")
    assert split_change("khoảng 3 ha", "khoảng 4 ha") == ("khoảng ", "3", "4", " ha")
    assert split_change("5%", "7%") == ("", "5%", "7%", "")


def test_prose_blocks_read_myst_as_the_reader_sees_it():
    text = (
        "---\norphan: true\n---\n\n# Phần một\n\n{.phu-de}\n*Phụ đề*\n\n## 1.1. Mục **đậm**\n\n"
        "Câu có chú thích[^a] và [liên kết](x.md).\n\n- Ý thứ nhất\n- Ý thứ hai\n  - ý con\n\n"
        "1. Bước một\n2. Bước hai\n\n| Cột A | Cột B |\n|---|---|\n| ô 1 | ô 2 |\n\n"
        "```{toctree}\nphan-2\n```\n\n:::{admonition} Ghi chú\n:class: ghi-chu\n\nNội dung ghi chú.\n:::\n\n"
        ":::{list-table}\n:header-rows: 1\n\n* - Tên\n  - Số\n* - Chi bộ\n  - 32\n:::\n\n"
        ":::{ghi-chu} Số liệu chờ\nHỏi phòng Kinh tế.\n:::\n\n:::{admonition} Đối chiếu\n:class: ghi-chu-bien-tap\n\nBảng khớp.\n:::\n\n"
        "[^a]: Lời chú thích **một**.\n"
    )
    blocks = prose_blocks(text)
    assert [(b.kind, b.as_line()) for b in blocks] == [
        ("tieu_de", "Phần một"),
        ("doan", "Phụ đề"),
        ("tieu_de", "1.1. Mục đậm"),
        ("doan", "Câu có chú thích [Chú thích: Lời chú thích một.] và liên kết."),
        ("muc", "– Ý thứ nhất"),
        ("muc", "– Ý thứ hai"),
        ("muc", "    – ý con"),
        ("muc", "1. Bước một"),
        ("muc", "2. Bước hai"),
        ("dong", "Cột A │ Cột B"),
        ("dong", "ô 1 │ ô 2"),
        ("doan", "Ghi chú"),
        ("doan", "Nội dung ghi chú."),
        ("dong", "Tên │ Số"),
        ("dong", "Chi bộ │ 32"),
    ]
    assert [b.level for b in blocks if b.kind == "tieu_de"] == [1, 2]
    # the source line of each block, for the data table's "used at"
    assert [blocks[i].line for i in (3, 4, 9, 10, 12, 13, 14)] == [12, 14, 21, 23, 32, 38, 40]


def test_placeholders_are_wrapped_without_moving_lines():
    src = "Có {{ dang_bo.so_dang_vien | dv }}\nvà {{- m.dong(dang_bo.so_chi_bo) -}} cuối {{ x }}.\n"
    out = mark_placeholders(src, {"dang_bo"})
    assert out.count("\n") == src.count("\n")
    assert '{{ danh_dau_so_lieu(( dang_bo.so_dang_vien | dv ), "dang_bo.so_dang_vien") }}' in out
    assert '{{- danh_dau_so_lieu(( m.dong(dang_bo.so_chi_bo) ), "dang_bo.so_chi_bo") -}}' in out
    assert '{{ danh_dau_so_lieu(( x ), "") }}' in out


def _snapshot(label: str, doc: str, macro: str, dang_vien: int) -> Snapshot:
    return Snapshot(
        label=label,
        ref="",
        identity=None,
        texts={"docs/index.md": doc},
        data={"dang_bo": {"so_dang_vien": {"gia_tri": dang_vien, "don_vi": "đảng viên", "nguon": "x"}}},
        data_texts={
            "source_data/dang_bo.yaml": f"so_dang_vien:\n  gia_tri: {dang_vien}\n  don_vi: đảng viên\n  nguon: x\n"
        },
        templates={"macros/thu.j2": macro},
    )


def test_each_draft_is_rendered_with_its_own_data_and_templates():
    doc = '# Đảng bộ\n\n{% import "macros/thu.j2" as m %}\nCó {{ m.so(dang_bo.so_dang_vien) }}; tổng {{ dang_bo.so_dang_vien.gia_tri }}.\n'
    old = _snapshot("Dự thảo lần 4", doc, "{% macro so(q) %}{{ q | dv }}{% endmacro %}", 1361)
    new = _snapshot("Dự thảo lần 5", doc, "{% macro so(q) %}{{ q | dv }} (đã rà soát){% endmacro %}", 1365)
    old_text = render_draft(old).files["docs/index.md"][1].text
    # the value printed through the macro's filter is tied to the quantity's key
    assert _marked("dang_bo.so_dang_vien", "1.361 đảng viên") in old_text
    assert _marked("dang_bo.so_dang_vien.gia_tri", "1361") in old_text
    assert strip_marks(old_text) == "Có 1.361 đảng viên; tổng 1361."
    r = compare(old, new)
    (section,) = r.sections
    # the old macro's words are the old draft's: the new wording is an insertion
    assert [s.text for s in section.segments if s.kind == "them"] == ["(đã rà soát)"]
    changed = [(s.key, s.old, s.text) for s in section.segments if s.kind == "so_lieu"]
    assert changed == [
        ("dang_bo.so_dang_vien", "1.361 đảng viên", "1.365 đảng viên"),
        ("dang_bo.so_dang_vien.gia_tri", "1361", "1365"),
    ]
    assert section.data_keys == ["dang_bo.so_dang_vien"] and r.data[0].source == "source_data/dang_bo.yaml:1"


def test_a_value_read_only_by_a_condition_is_used_where_the_source_names_it():
    """No printed value carries its mark: the source line is the use, named by the rendered heading
    (its source holds a placeholder, which the reader must not see)."""
    doc = "# Đảng bộ {{ dang_bo.ten }}\n\n{% if dang_bo.so_dang_vien.gia_tri > 1000 %}Đảng bộ lớn.{% endif %}\n"

    def snap(n: int) -> Snapshot:
        s = _snapshot(f"Dự thảo lần {n}", doc, "", 1361 if n == 4 else 1365)
        s.data_texts["source_data/dang_bo.yaml"] += "ten: Nam Thanh Miện\n"
        s.data["dang_bo"]["ten"] = "Nam Thanh Miện"
        return s

    page, r = render_redline(snap(4), snap(5))
    assert [(u.path, u.line, u.section) for u in r.data[0].uses] == [("docs/index.md", 3, "Đảng bộ Nam Thanh Miện")]
    assert "{{" not in page and "{%" not in page


def test_the_report_itself_reads_as_prose():
    """The real report (macros, tables, footnotes, the letterhead): no markup left for the reader."""
    draft = render_draft(read_worktree(REPO))
    lines = [strip_marks(b.as_line()) for blocks in draft.files.values() for b in blocks]
    nonempty(lines, "lines of the rendered report", at_least=100)
    bad = [line for line in lines if re.search(r"\{\{|\{%|\[\^|^\s*#|^:::|^```|\{\.[\w-]+\}", line)]
    assert bad == []
    assert any("[Chú thích: " in line for line in lines)
    assert any(" │ " in line for line in lines)  # table rows
    marked = [b for blocks in draft.files.values() for b in blocks if MARK_OPEN in b.text]
    nonempty(marked, "blocks with a marked data value", at_least=20)


def test_text_is_escaped():
    d = diff_words("a <b> c", "a <b> d")
    assert "&lt;b&gt;" in d.html and "<b>" not in d.html


def test_sections_split_at_headings_but_not_inside_code():
    text = "Mở đầu.\n\n# Phần 1\n\nA.\n\n```\n# không phải tiêu đề\n```\n\n## Mục 1.1\n\nB.\n"
    secs = split_sections("docs/x.md", text)
    assert [(s.title, s.level, s.line) for s in secs] == [("", 0, 1), ("Phần 1", 1, 3), ("Mục 1.1", 2, 11)]
    assert "".join(s.text for s in secs) == text


def test_sections_pair_by_heading_with_added_and_removed():
    old = split_sections("f", "# A\n\nx\n\n# B\n\ny\n\n# C\n\nz\n")
    new = split_sections("f", "# A\n\nx\n\n# C\n\nz2\n\n# D\n\nw\n")
    pairs = [(a.title if a else None, b.title if b else None) for a, b in pair_sections(old, new)]
    assert pairs == [("A", "A"), ("B", None), ("C", "C"), (None, "D")]


def test_data_flatten_and_changes():
    old = {
        "dang_bo": {
            "tong": {"gia_tri": 1361, "don_vi": "đảng viên", "nguon": "x"},
            "ty_le": {"tu": 80, "den": 85, "don_vi": "%", "nguon": "x"},
        },
        "van_ban": {"du_thao": {"so": 4}},
    }
    new = {
        "dang_bo": {
            "tong": {"gia_tri": 1365, "don_vi": "đảng viên", "nguon": "x"},
            "ty_le": {"tu": 80, "den": 85, "don_vi": "%", "nguon": "x"},
            "moi": {"gia_tri": 23.99, "don_vi": "km²", "tinh_chat": "khoang", "nguon": "y"},
        },
        "van_ban": {"du_thao": {"so": 5}},
    }
    assert flatten(old)["dang_bo.ty_le"] == "80 - 85%"
    changes = {c.key: (c.old, c.new) for c in data_changes(old, new)}
    # The draft number changes with every draft: not a change of content.
    assert changes == {
        "dang_bo.tong": ("1.361 đảng viên", "1.365 đảng viên"),
        "dang_bo.moi": (None, "khoảng 23,99 km²"),
    }


def test_a_text_whose_lines_only_break_elsewhere_is_no_change():
    """Breaking the title's lines differently (for the PDF) showed the whole title four times,
    struck through and inserted, in the comparison of two drafts."""
    old = {"van_ban": {"ten_van_ban": "NÂNG CAO NĂNG LỰC,\nĐỔI MỚI HOẠT ĐỘNG", "dia_danh": "Nam Thanh Miện"}}
    new = {"van_ban": {"ten_van_ban": "NÂNG CAO\nNĂNG LỰC, ĐỔI MỚI HOẠT ĐỘNG", "dia_danh": "Nam  Thanh Miện"}}
    assert data_changes(old, new) == []
    new["van_ban"]["ten_van_ban"] = "NÂNG CAO NĂNG LỰC,\nĐỔI MỚI PHƯƠNG THỨC"
    assert [c.key for c in data_changes(old, new)] == ["van_ban.ten_van_ban"]


def test_a_target_text_shows_its_fields_filled_and_changes_once_with_its_number():
    # A target's wording carries its numbers as {ten|cach_viet} fields (the chi_tieu macros fill
    # them): the comparison showed "vượt {vuot_ke_hoach|phan_tram} kế hoạch" to the readers.
    def target(muc, noi_dung):
        return {
            "chi_tieu": {
                "thu": {
                    "so": 1,
                    "noi_dung": noi_dung,
                    "muc_tieu": "vượt {muc|phan_tram} kế hoạch",
                    "muc": {"gia_tri": muc, "don_vi": "%", "nguon": "x"},
                    "so_hop": {"gia_tri": 8, "don_vi": "hợp tác xã", "nguon": "x"},
                }
            }
        }

    old = target(5, "Thu vượt {muc|phan_tram}, có {so_hop|dem} HTX.")
    del old["chi_tieu"]["thu"]["muc_tieu"]
    assert flatten(old)["chi_tieu.thu.noi_dung"] == "Thu vượt 5%, có 08 HTX."
    new = target(7, "Thu vượt {muc|phan_tram}, có {so_hop|dem} HTX.")
    changes = {c.key: (c.old, c.new) for c in data_changes(old, new)}
    # the number changed once (not again in each text that prints it); the new cell is filled in
    assert changes == {"chi_tieu.thu.muc": ("5%", "7%"), "chi_tieu.thu.muc_tieu": (None, "vượt 7% kế hoạch")}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Path:
    return draft_repo.two_drafts(tmp_path_factory.mktemp("redline") / "p")


def _visible_text(page: str) -> str:
    """The page's text as shown (tags and the style sheet removed)."""
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", "", body)


def test_redline_between_two_issued_drafts(drafts):
    e4, e5 = read_register(drafts)
    page, r = render_redline(
        read_commit(drafts, e4.commit, "Dự thảo lần 4"), read_commit(drafts, e5.commit, "Dự thảo lần 5")
    )
    # The number: one row in the data table, used in two places, shown old → new where it is used.
    assert [(c.key, c.old, c.new) for c in r.data] == [("dang_bo.so_dang_vien", "1.361 đảng viên", "1.365 đảng viên")]
    uses = [(u.path, u.line, u.section) for u in r.data[0].uses]
    assert ("docs/phan-1.md", 5, "Công tác xây dựng Đảng") in uses
    assert ("docs/tong-quan.md", 11, "Tổng quan số liệu") in uses
    assert r.data[0].source == "source_data/dang_bo.yaml:1"
    html_all = "".join(s.html for s in r.sections)
    assert not re.search(r"<(ins|del)>[^<]*136[15]", html_all)  # never a word edit
    changes = re.findall(r'<span class="so-lieu-doi" title="([^"]*)" data-khoa="([^"]*)">', html_all)
    assert len(changes) == 2 and {k for _, k in changes} == {"dang_bo.so_dang_vien"}
    assert all(
        "dang_bo.so_dang_vien (source_data/dang_bo.yaml:1)" in t and "1.361" in t and "1.365" in t for t, _ in changes
    )
    assert "Toàn Đảng bộ có <span" in html_all and "1.361</span> → <span" in html_all
    assert 'class="khoa-so-lieu" href="#du-lieu-dang_bo.so_dang_vien">số liệu: dang_bo.so_dang_vien</a>' in html_all
    # The words: one phrase replaced in one section, two words deleted in another.
    by_title = {s.title: s for s in r.sections}
    assert "<del>tăng cường</del><ins>đẩy mạnh</ins>" in by_title["Công tác xây dựng Đảng"].html
    assert by_title["Văn hóa, xã hội"].deletions == 1 and by_title["Văn hóa, xã hội"].insertions == 0
    assert "y tế <del>có nhiều</del> chuyển biến" in by_title["Văn hóa, xã hội"].html
    # The prose as printed: numbers filled in, headings as headings, no markup.
    text = _visible_text(page)
    assert "sinh hoạt tại 32 chi bộ" in text and "kết nạp mới 95 đảng viên" in text
    assert not re.search(r"\{\{|\{%|\[\^|^\s*#{1,6}\s", text, re.M)
    # Unchanged sections are folded.
    assert by_title["Phát triển kinh tế"].kind == "giu"
    folded = page.split('<details class="khong-doi">')
    kept, culture = by_title["Phát triển kinh tế"].anchor, by_title["Văn hóa, xã hội"].anchor
    assert any(f'id="{kept}"' in part.split("</details>")[0] for part in folded[1:])
    assert f'id="{culture}"' not in "".join(p.split("</details>")[0] for p in folded[1:])
    # The data table still lists the change, with its file.
    row = page[page.index('<tr id="du-lieu-dang_bo.so_dang_vien">') :].split("</tr>")[0]
    assert "<del>1.361 đảng viên</del>" in row and "<ins>1.365 đảng viên</ins>" in row
    assert "source_data/dang_bo.yaml:1" in row
    # Offline page: no outside resource.
    assert not re.search(r"""(src|href)=["']https?://""", page)


@pytest.fixture(scope="module")
def prose_drafts(tmp_path_factory) -> Path:
    return draft_repo.prose_drafts(tmp_path_factory.mktemp("redline-prose") / "p")


def test_footnotes_lists_tables_and_macros_in_the_redline(prose_drafts):
    e4, e5 = read_register(prose_drafts)
    page, r = render_redline(
        read_commit(prose_drafts, e4.commit, "Dự thảo lần 4"), read_commit(prose_drafts, e5.commit, "Dự thảo lần 5")
    )
    section = next(s for s in r.sections if s.title == "Chi bộ và đảng viên")
    # the footnote at its place, its edit as an edit
    assert (
        "(đã rà soát)</ins>. [Chú thích: Theo báo cáo của Ban Tổ chức <del>năm</del><ins>tháng 6/</ins>2025.]"
        in section.html
    )
    # a number printed through a macro: a data change with the quantity's key; the macro's new words inserted
    kinds = [(s.kind, s.key, s.old, s.text) for s in section.segments if s.kind in ("so_lieu", "them")]
    assert ("so_lieu", "dang_bo.ket_nap_moi", "95 đảng viên", "96 đảng viên") in kinds
    assert [k[3] for k in kinds if k[0] == "them"] == ["(đã rà soát)", "(đã rà soát)", "tháng 6/"]
    # a list item and a table row, as such
    assert "– Chi bộ nông thôn sinh hoạt đều đặn." in section.html
    assert "Đảng viên │ " in section.html and "1.365</span> đảng viên" in section.html
    assert {c.key for c in r.data} == {"dang_bo.so_dang_vien", "dang_bo.ket_nap_moi"}
    # used at the table row's own line: line 30 of phan-1.md (the fixture + PROSE_SECTION)
    in_table = [u.line for c in r.data for u in c.uses if u.section == "Chi bộ và đảng viên" and c.key.endswith("vien")]
    assert in_table == [30]
    text = _visible_text(page)
    assert not re.search(r"\{\{|\{%|\[\^|^\s*#{1,6}\s|^\|", text, re.M)


def test_make_diff_command_defaults_to_last_two(drafts):
    import pdfplumber

    env = {**os.environ, "PYTHONPATH": str(drafts)}
    r = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.diff"], cwd=drafts, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    out = drafts / "_build/diff/so-sanh-du-thao-lan-4-voi-lan-5.html"
    pdf = out.with_suffix(".pdf")
    assert str(out) in r.stdout and "1 số liệu thay đổi" in r.stdout and str(pdf) in r.stdout
    page = out.read_text(encoding="utf-8")
    assert "<ins>đẩy mạnh</ins>" in page
    assert 'href="so-sanh-du-thao-lan-4-voi-lan-5.pdf"' in page  # the printable version, beside the page
    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4
        text = "\n".join(p.extract_text() for p in doc.pages)
        words = [w for p in doc.pages[:1] for w in p.extract_words()]
        rules = first.lines + first.rects
        fonts = {c["fontname"].split("+")[-1] for c in first.chars}
    assert "SO SÁNH DỰ THẢO LẦN 4 VÀ LẦN 5" in text
    assert "ĐẢNG ỦY XÃ NAM THANH MIỆN" in text  # the issuing body, from van_ban.yaml
    assert re.search(r"1\.361 → 1\.365 đảng viên", text) and "dang_bo.so_dang_vien" in text
    assert fonts and all(f.startswith("TeXGyreTermes") for f in fonts)

    def ruled(word: str, where: str) -> bool:
        """A rule drawn across ``word``: under it (insertion) or through its middle (deletion)."""
        for w in (w for w in words if w["text"] == word):
            for line in rules:
                y = (line["top"] + line["bottom"]) / 2
                # from the word's start over most of it (a comma after an inserted word is not inserted)
                across = line["x0"] <= w["x0"] + 1 and line["x1"] >= w["x0"] + 0.7 * (w["x1"] - w["x0"])
                under = w["bottom"] - 3 <= y <= w["bottom"] + 3
                middle = w["top"] + 0.3 * (w["bottom"] - w["top"]) <= y <= w["bottom"] - 0.2 * (w["bottom"] - w["top"])
                if across and (under if where == "under" else middle):
                    return True
        return False

    assert ruled("mạnh,", "under") and ruled("đẩy", "under")  # inserted: underlined
    assert ruled("tăng", "through") and not ruled("tăng", "under")  # deleted: struck through
    assert ruled("1.365", "under") and ruled("1.361", "through")
    assert not ruled("Toàn", "under") and not ruled("Toàn", "through")  # unchanged words: plain


def test_make_diff_against_the_working_tree(drafts):
    text = (drafts / "docs/phan-1.md").read_text(encoding="utf-8")
    (drafts / "docs/phan-1.md").write_text(text.replace("rõ rệt", "rất rõ rệt"), encoding="utf-8")
    try:
        e5 = read_register(drafts)[-1]
        _, r = render_redline(read_commit(drafts, e5.commit, "Dự thảo lần 5"), read_worktree(drafts))
        # the draft being written, by its number (after issuing 5, the working tree is draft 6)
        assert r.new.label == "Bản đang soạn (dự thảo lần 6)" and r.insertions == 1 and r.deletions == 0
    finally:
        (drafts / "docs/phan-1.md").write_text(text, encoding="utf-8")


def test_unknown_draft_number_is_a_clear_error(drafts):
    env = {**os.environ, "PYTHONPATH": str(drafts)}
    r = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.diff", "--cu", "2"],
        cwd=drafts,
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    assert "không có dự thảo lần 2" in r.stderr and "4, 5" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_draft_that_does_not_render_is_a_clear_error(drafts):
    path = drafts / "docs/phan-1.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("dang_bo.so_chi_bo", "dang_bo.so_chi_boo"), encoding="utf-8")
    try:
        env = {**os.environ, "PYTHONPATH": str(drafts)}
        r = subprocess.run(
            [sys.executable, "-m", "build_scripts.cli.diff", "--moi", "hien-tai", "--bo-pdf"],
            cwd=drafts,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_text(text, encoding="utf-8")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("LỖI: docs/phan-1.md:5: Bản đang soạn (dự thảo lần 6) không dựng được để so sánh: ")
    assert "'dang_bo.so_chi_boo'" in r.stderr and "Cách sửa: Có phải ý bạn là: 'dang_bo.so_chi_bo'?" in r.stderr


def test_files_follow_the_toctree_order():
    from build_scripts.core.redline.order import document_order

    texts = {
        "docs/index.md": "# Báo cáo\n\n```{toctree}\n:maxdepth: 2\n\nphan-thu-nhat/index\nPhụ lục <phu-luc>\n```\n",
        "docs/phan-thu-nhat/index.md": "# Phần thứ nhất\n\n:::{toctree}\nb-ton-tai\na-ket-qua\n:::\n",
        "docs/phan-thu-nhat/a-ket-qua.md": "# A\n",
        "docs/phan-thu-nhat/b-ton-tai.md": "# B\n",
        "docs/phu-luc.md": "# Phụ lục\n",
        "docs/le.md": "# Không nằm trong mục lục\n",
        "templates/snippets/dau.md.j2": "x",
    }
    assert document_order(texts) == [
        "docs/index.md",
        "docs/phan-thu-nhat/index.md",
        "docs/phan-thu-nhat/b-ton-tai.md",
        "docs/phan-thu-nhat/a-ket-qua.md",
        "docs/phu-luc.md",
        "docs/le.md",
        "templates/snippets/dau.md.j2",
    ]


def test_spaces_around_changes_are_not_marked():
    d = diff_words("một hai ba bốn", "một ba bốn năm")
    assert d.html == "một <del>hai</del> ba bốn <ins>năm</ins>"


def test_jinja_comments_are_not_compared():
    from build_scripts.core.redline.snapshot import prose

    old = prose("{#- ghi chú cũ\n   hai dòng -#}\nVăn bản.\n")
    new = prose("{#- ghi chú mới -#}\nVăn bản.\n")
    assert old == "\n\nVăn bản.\n" and new == "\nVăn bản.\n"  # line numbers kept
    assert not diff_words(old.strip(), new.strip()).changed
