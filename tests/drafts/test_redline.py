"""make diff: word-level redline, section by section, numbers as data changes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import draft_repo
import pytest

from build_scripts.core.drafts.register import read_register
from build_scripts.core.redline.datadiff import data_changes, flatten
from build_scripts.core.redline.page import render_redline
from build_scripts.core.redline.sections import pair_sections, split_sections
from build_scripts.core.redline.snapshot import read_commit, read_worktree
from build_scripts.core.redline.worddiff import diff_words, tokenize


def test_word_diff_marks_whole_changed_phrase():
    d = diff_words(
        "Công tác phát triển đảng viên được tăng cường, kết nạp mới.",
        "Công tác phát triển đảng viên được đẩy mạnh, kết nạp mới.",
    )
    assert "<del>tăng cường</del><ins>đẩy mạnh</ins>" in d.html
    assert (d.insertions, d.deletions, d.inserted_words, d.deleted_words) == (1, 1, 2, 2)
    assert "được " in d.html and ", kết nạp mới." in d.html


def test_placeholder_is_one_token_and_unchanged_placeholder_is_no_change():
    assert tokenize("có {{ dang_bo.so_dang_vien | dv }}.") == ["có", " ", "{{ dang_bo.so_dang_vien | dv }}", "."]
    d = diff_words(
        "Toàn Đảng bộ có {{ dang_bo.so_dang_vien | dv }}.", "Toàn Đảng bộ có {{ dang_bo.so_dang_vien | dv }}."
    )
    assert not d.changed
    d = diff_words("có {{ a.b | dv }} và", "có {{ a.c | dv }} và")
    assert "<del>{{ a.b | dv }}</del><ins>{{ a.c | dv }}</ins>" in d.html


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


def test_redline_between_two_issued_drafts(drafts):
    e4, e5 = read_register(drafts)
    page, r = render_redline(
        read_commit(drafts, e4.commit, "Dự thảo lần 4"), read_commit(drafts, e5.commit, "Dự thảo lần 5")
    )
    # The number: one row in the data table, used in two places, not as prose noise.
    assert [(c.key, c.old, c.new) for c in r.data] == [("dang_bo.so_dang_vien", "1.361 đảng viên", "1.365 đảng viên")]
    uses = [(u.path, u.line, u.section) for u in r.data[0].uses]
    assert ("docs/phan-1.md", 5, "Công tác xây dựng Đảng") in uses
    assert ("docs/tong-quan.md", 11, "Tổng quan số liệu") in uses
    assert not re.search(r"<(ins|del)>[^<]*136[15]", "".join(s.html for s in r.sections))
    # The words: one phrase replaced in one section, two words deleted in another.
    by_title = {s.title: s for s in r.sections}
    assert "<del>tăng cường</del><ins>đẩy mạnh</ins>" in by_title["Công tác xây dựng Đảng"].html
    assert by_title["Văn hóa, xã hội"].deletions == 1 and by_title["Văn hóa, xã hội"].insertions == 0
    assert "y tế <del>có nhiều</del> chuyển biến" in by_title["Văn hóa, xã hội"].html
    # Unchanged sections are folded.
    assert by_title["Phát triển kinh tế"].kind == "giu"
    folded = page.split('<details class="khong-doi">')
    kept, culture = by_title["Phát triển kinh tế"].anchor, by_title["Văn hóa, xã hội"].anchor
    assert any(f'id="{kept}"' in part.split("</details>")[0] for part in folded[1:])
    assert f'id="{culture}"' not in "".join(p.split("</details>")[0] for p in folded[1:])
    # Offline page: no outside resource.
    assert not re.search(r"""(src|href)=["']https?://""", page)


def test_make_diff_command_defaults_to_last_two(drafts):
    env = {**os.environ, "PYTHONPATH": str(drafts)}
    r = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.diff"], cwd=drafts, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    out = drafts / "_build/diff/so-sanh-du-thao-lan-4-voi-lan-5.html"
    assert str(out) in r.stdout and "1 số liệu thay đổi" in r.stdout
    assert "<ins>đẩy mạnh</ins>" in out.read_text(encoding="utf-8")


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
