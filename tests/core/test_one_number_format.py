"""One Vietnamese number format: the report, `make check` and the redline print a value alike.

`make check` used to format numbers by hand and round half to even: 2.345 was "2,34" there and
"2,35" in the report (babel, half up). Each path is exercised as the committee meets it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from build_scripts.core.checks import run_checks
from build_scripts.core.data import load_source_data
from build_scripts.core.redline.datadiff import data_changes
from build_scripts.core.templating.render import Renderer

DATA = """\
x: {gia_tri: 2.345, don_vi: "%", nguon: thử}
y: {gia_tri: 1234.5, don_vi: ha, nguon: thử}
z: {gia_tri: 4.69, don_vi: "%", nguon: thử}
"""


def _source(tmp_path: Path, rules: str = "") -> Path:
    src = tmp_path / "source_data"
    (src / "rules").mkdir(parents=True)
    (src / "t.yaml").write_text(DATA, encoding="utf-8")
    (src / "rules" / "r.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    return src


def test_the_report_rounds_half_up_and_groups_thousands(tmp_path):
    dataset = load_source_data(_source(tmp_path))
    renderer = Renderer(dataset, [tmp_path])
    text, _keys = renderer.render("{{ t.x | so(2) }} | {{ t.x }} | {{ t.y }} | {{ t.y | so(0) }}", tmp_path / "a.md")
    assert text == "2,35 | 2,345 | 1.234,5 | 1.235"


def test_make_check_prints_the_value_as_the_report_does(tmp_path):
    src = _source(
        tmp_path,
        """\
        - ma: nua
          mo_ta: một nửa của z
          quy_tac: t.z / 2 == 2,3%
        - ma: gap_doi
          mo_ta: gấp đôi y
          quy_tac: t.y × 2 == 1.000
        """,
    )
    run = run_checks(src, tmp_path / "docs")
    messages = {r.rule.ma: r.message for r in run.results}
    assert set(messages) == {"nua", "gap_doi"}
    # 4,69 ÷ 2 = 2,345 is 2,35 at two places (half up), as `| so(2)` prints 2.345; half to even gave 2,34
    assert "4,69% ÷ 2 = 2,35% ≠ 2,3%" in messages["nua"], messages["nua"]
    assert "1.234,5 × 2 = 2.469 ha ≠ 1.000" in messages["gap_doi"], messages["gap_doi"]


def test_the_redline_prints_a_changed_value_as_the_report_does(tmp_path):
    old = {
        "t": {
            "x": {"gia_tri": 2.3, "don_vi": "%", "nguon": "thử"},
            "y": {"gia_tri": 1234.5, "don_vi": "ha", "nguon": "thử"},
        }
    }
    new = {
        "t": {
            "x": {"gia_tri": 2.345, "don_vi": "%", "nguon": "thử"},
            "y": {"gia_tri": 12345.5, "don_vi": "ha", "nguon": "thử"},
        }
    }
    changes = {c.key: (c.old, c.new) for c in data_changes(old, new)}
    assert changes == {"t.x": ("2,3%", "2,345%"), "t.y": ("1.234,5 ha", "12.345,5 ha")}
