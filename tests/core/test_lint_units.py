"""Lint: one spelling of a unit throughout (m2 / m², km2 / km²), issue 26."""

from __future__ import annotations

from conftest import nonempty
from lint_helpers import REPO, lint_project

from build_scripts.core.lint.runner import default_files, lint_files

AREA = "dien_tich: {gia_tri: 3000, don_vi: m2, nguon: x}\nrong: {gia_tri: 5, don_vi: km², nguon: x}\n"


def unit_findings(root, files=None):
    files = files or default_files(root)
    return [f for f in lint_files(root, files) if f.code == "don-vi"]


def test_the_less_usual_spelling_is_named_at_each_place_with_the_fix(tmp_path):
    root = lint_project(
        tmp_path,
        {
            "source_data/dat.yaml": AREA,
            "docs/a.md": "# A\n\nDiện tích {{ dat.rong }} km², trong đó 20 m² đất ở và 3 m3 bê tông.\n",
        },
    )
    found = unit_findings(root)
    assert [(f.path, f.line, f.column, f.excerpt) for f in found] == [
        ("docs/a.md", 3, 57, "m3"),
        ("source_data/dat.yaml", 1, 36, "m2"),
    ]
    assert "viết “m²” cho thống nhất" in found[1].fix and "make lint-baseline" in found[1].fix
    assert "(3 chỗ, 2 chỗ như ở đây)" in found[1].message  # counted over data and prose alike


def test_one_spelling_throughout_is_no_finding_whichever_it_is(tmp_path):
    digits = lint_project(tmp_path / "a", {"source_data/dat.yaml": AREA.replace("km²", "km2")})
    supers = lint_project(tmp_path / "b", {"source_data/dat.yaml": AREA.replace("m2", "m²")})
    assert unit_findings(digits) == [] and unit_findings(supers) == []


def test_the_superscript_is_the_usual_form_in_a_tie_and_comments_and_notes_do_not_count(tmp_path):
    root = lint_project(
        tmp_path,
        {
            "source_data/dat.yaml": AREA
            + '# ví dụ: 3.000 m² hoặc 5 km²\nghi: {gia_tri: 1, don_vi: ha, ghi_chu: "văn bản viết m2"}\n',
        },
    )
    [f] = unit_findings(root)
    assert (f.line, f.excerpt) == (1, "m2")


def test_the_commit_hook_decides_the_usual_spelling_over_the_whole_project(tmp_path):
    root = lint_project(
        tmp_path,
        {"source_data/dat.yaml": AREA, "source_data/khac.yaml": "a: {gia_tri: 1, don_vi: m²}\n"},
    )
    # only the file with m² is committed: it follows the usual spelling, nothing to say
    assert unit_findings(root, [root / "source_data/khac.yaml"]) == []
    [f] = unit_findings(root, [root / "source_data/dat.yaml"])
    assert f.excerpt == "m2"


def test_draft_4_wrote_m2_where_the_rest_writes_m2_superscript():
    found = nonempty(unit_findings(REPO), "unit findings of the real report", at_least=2)
    for f in found:
        line = (REPO / f.path).read_text(encoding="utf-8").splitlines()[f.line - 1]
        assert line[f.column - 1 :].startswith("m2") and "don_vi" in line
    assert {f.excerpt for f in found} == {"m2"}
