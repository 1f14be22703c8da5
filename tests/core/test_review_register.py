"""The register of comments (issue 25): records read with their file and line, every mistake said
in Vietnamese with its fix; the register is neither report data nor lint's business."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from conftest import nonempty
from lint_helpers import lint_project

from build_scripts.core.messages import UserError, UserErrors
from build_scripts.core.review.register import append_records, load_register

MAP = {"p036dcc8444": {"tep": "docs/phan-1.md", "dong": 5, "muc": "Công tác xây dựng Đảng", "van_ban": "…"}}
GOOD = """\
y_kien:
  - id: GY-5-001
    don_vi: Chi bộ thôn An Lạc
    ngay: 2026-12-01
    doan_van: p036dcc8444
    muc: Công tác xây dựng Đảng
    trich: được tăng cường
    noi_dung: Đề nghị nêu rõ số đảng viên kết nạp mỗi năm.
    xu_ly: tiep_thu
"""


def _root(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "source_data" / "gop_y" / "lan-5" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _errors(tmp_path, files) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_register(_root(tmp_path, files), 5, MAP)
    errors = caught.value.errors if isinstance(caught.value, UserErrors) else [caught.value]
    return [e.format() for e in errors]


def test_a_good_record_reads_with_its_place(tmp_path):
    [c] = load_register(_root(tmp_path, {"an-lac.yaml": GOOD}), 5, MAP)
    assert (c.id, c.don_vi, c.ngay, c.doan_van, c.xu_ly) == (
        "GY-5-001",
        "Chi bộ thôn An Lạc",
        dt.date(2026, 12, 1),
        "p036dcc8444",
        "tiep_thu",
    )
    assert str(c.location).endswith("source_data/gop_y/lan-5/an-lac.yaml:2")


def test_unknown_decision_names_line_and_suggests(tmp_path):
    [msg] = _errors(tmp_path, {"a.yaml": GOOD.replace("xu_ly: tiep_thu", "xu_ly: tiep_thuu")})
    assert "a.yaml:9" in msg and "'tiep_thuu' không có" in msg
    assert "Có phải ý bạn là 'tiep_thu'?" in msg


def test_missing_field_and_reason(tmp_path):
    no_content = GOOD.replace("    noi_dung: Đề nghị nêu rõ số đảng viên kết nạp mỗi năm.\n", "")
    no_reason = GOOD.replace("xu_ly: tiep_thu", "xu_ly: giai_trinh").replace("GY-5-001", "GY-5-002")
    messages = _errors(tmp_path, {"a.yaml": no_content, "b.yaml": no_reason})
    assert any("a.yaml:2" in m and "thiếu trường 'noi_dung'" in m for m in messages), messages
    assert any("b.yaml:9" in m and "chưa ghi lý do" in m for m in messages), messages


def test_duplicate_id_names_both_places(tmp_path):
    [msg] = _errors(tmp_path, {"a.yaml": GOOD, "b.yaml": GOOD})
    assert "b.yaml:2" in msg and "trùng" in msg and "a.yaml:2" in msg and "GY-5-002" in msg


def test_unknown_paragraph_is_refused(tmp_path):
    [msg] = _errors(tmp_path, {"a.yaml": GOOD.replace("p036dcc8444", "p0000000000")})
    assert "a.yaml:5" in msg and "'p0000000000' không có trong Dự thảo lần 5" in msg


def test_a_typo_of_a_field_is_caught(tmp_path):
    [msg] = _errors(tmp_path, {"a.yaml": GOOD.replace("    trich:", "    trick:")})
    assert "Trường 'trick'" in msg and "'trich'" in msg


def test_append_keeps_the_committees_text(tmp_path):
    root = _root(tmp_path, {"chi-bo-thon-an-lac.yaml": "# ghi chú của tổ biên tập\n" + GOOD})
    before = (root / "source_data/gop_y/lan-5/chi-bo-thon-an-lac.yaml").read_text(encoding="utf-8")
    record = {
        "id": "GY-5-002",
        "don_vi": "Chi bộ thôn An Lạc",
        "ngay": dt.date(2026, 12, 2),
        "doan_van": None,
        "trich": "ý kiến: có dấu hai chấm, {{ ngoặc }} và # dấu thăng",
        "noi_dung": "thêm: …",
        "xu_ly": "chua_xu_ly",
    }
    path = append_records(root, 5, "Chi bộ thôn An Lạc", [record])
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    comments = load_register(root, 5, MAP)
    assert [c.id for c in comments] == ["GY-5-001", "GY-5-002"]
    assert comments[1].trich == record["trich"] and comments[1].doan_van is None


def test_register_is_not_report_data_nor_linted(tmp_path):
    from build_scripts.core.data import load_source_data
    from build_scripts.core.lint.runner import default_files, lint_files

    # words as a reviewer's program may save them (decomposed accents): lint flags them in report data
    words = unicodedata.normalize("NFD", "Đề nghị viết lại câu này cho gọn")
    record = GOOD.replace("Đề nghị nêu rõ số đảng viên kết nạp mỗi năm.", f'"{words}"')
    root = lint_project(
        tmp_path, {"source_data/gop_y/lan-5/a.yaml": record, "source_data/dang_bo.yaml": f'ghi_chu: "{words}"\n'}
    )
    assert "gop_y" not in load_source_data(root / "source_data").namespace
    files = default_files(root)
    assert root / "source_data/dang_bo.yaml" in files
    assert not [p for p in files if "gop_y" in p.parts]
    assert lint_files(root, [root / "source_data/dang_bo.yaml"]), "the words are flagged in report data"
    assert lint_files(root, [root / "source_data/gop_y/lan-5/a.yaml"]) == []


def test_the_readmes_record_typed_by_hand_reads(tmp_path):
    """README.md shows the committee how to type a comment received on paper: that form must read."""
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in readme.split("```yaml\n")[1:] if b.startswith("y_kien:")]
    [block] = nonempty(blocks, "the hand-typed record in README.md")
    [c] = load_register(_root(tmp_path, {"dang-uy-quan-su.yaml": block.split("```")[0]}), 5, MAP)
    assert (c.id, c.doan_van, c.xu_ly, c.ngay) == ("GY-5-014", None, "chua_xu_ly", dt.date(2026, 12, 3))
    assert c.trich and c.muc.startswith("III.2.")
