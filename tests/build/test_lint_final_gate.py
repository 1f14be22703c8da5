"""`make final`: refuses while anything is left to fix, and lists every problem at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project
from lint_helpers import REPO, require_dictionary


@pytest.fixture
def project(tmp_path) -> Path:
    require_dictionary()
    root = make_project(tmp_path)
    shutil.copytree(REPO / "source_data/lint", root / "source_data/lint")
    (root / "source_data/lint/baseline.yaml").unlink()
    return root


def gate(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.final", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_final_gate_lists_missing_values_typed_markers_and_lint_findings_together(project):
    doc = project / "docs/phan-mot.md"
    added = "Tỷ lệ hộ nghèo [chưa có số liệu], tình hình ổnđịnh."
    doc.write_text(doc.read_text(encoding="utf-8") + "\n" + added + "\n", encoding="utf-8")
    n = len(doc.read_text(encoding="utf-8").splitlines())
    marker_col, typo_col = added.index("[") + 1, added.index("ổn") + 1
    r = gate(project)
    assert r.returncode == 1
    err = r.stderr
    assert err.startswith("CHƯA THỂ DỰNG BẢN CHÍNH THỨC: còn ")
    # the fixture's `chua_co: {gia_tri: null}` (source_data/ky_luat.yaml line 6)
    assert (
        "Số liệu còn thiếu (1):\n  - source_data/ky_luat.yaml:6:1: 'ky_luat.chua_co' chưa có giá trị "
        "(gia_tri: null) — điền số liệu vào source_data trước khi ban hành"
    ) in err
    assert (
        f"Dấu “chưa có số liệu” (1):\n  - docs/phan-mot.md:{n}:{marker_col}: còn dấu [chưa có số liệu] "
        "— thay bằng số liệu thật"
    ) in err
    assert (
        f"  - docs/phan-mot.md:{n}:{typo_col}: [dinh-chu] “ổnđịnh” là các chữ viết dính liền — tách thành “ổn định”"
        in err
    )
    assert "Kiểm tra số liệu (1):" in err
    assert "Traceback" not in err
    assert not (project / "_build").exists()  # nothing was built


def test_baselined_lint_findings_do_not_block_but_new_ones_do(project):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    doc = project / "docs/phan-mot.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nTình hình ổnđịnh.\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.lint", "--ghi-baseline"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    assert "Lỗi văn bản (lint)" not in gate(project, "--chi-kiem-tra").stderr
    doc.write_text(doc.read_text(encoding="utf-8") + "\nViệc xắp xếp bộ máy.\n", encoding="utf-8")
    err = gate(project, "--chi-kiem-tra").stderr
    assert "Lỗi văn bản (lint) chưa được chấp nhận (1):" in err and "“xắp xếp”" in err


def test_broken_data_is_reported_not_raised(project):
    (project / "source_data/ky_luat.yaml").write_text("tong: {gia_tri: 47,,}\n", encoding="utf-8")
    r = gate(project, "--chi-kiem-tra")
    assert r.returncode == 1
    assert "Dữ liệu (1):\n  - source_data/ky_luat.yaml:1:20: Tệp YAML sai cú pháp" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_placeholder_that_does_not_render_is_listed_and_the_draft_is_not_promised(project):
    """The gate listed 58 other issues, not the misspelt key, and said the draft still builds."""
    doc = project / "docs/phan-mot.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("{{ ky_luat.tong }}", "{{ ky_luat.tongg }}"), encoding="utf-8"
    )
    r = gate(project, "--chi-kiem-tra")
    assert r.returncode == 1
    assert (
        "Chỗ giữ chỗ không dựng được (1):\n  - docs/phan-mot.md:5: Không có số liệu 'ky_luat.tongg' "
        "(trong nhóm 'ky_luat')."
    ) in r.stderr
    assert "Bản dự thảo vẫn dựng được" not in r.stderr
    assert r.stderr.rstrip().endswith("`make` (bản dự thảo) cũng dừng ở các lỗi dữ liệu và chỗ giữ chỗ trên.")


def test_make_final_target_runs_the_gate():
    mk = (REPO / "build_scripts/make/lint.mk").read_text(encoding="utf-8")
    target = mk.split("\nfinal:", 1)[1].split("\n\n", 1)[0]
    assert "$(PY) -m build_scripts.cli.final" in target


def test_a_known_discrepancy_blocks_the_final_build(project):
    # The fixture's rules mark `ky_luat_thu_sai_lech` (47 ≠ 38 + 8) as a known discrepancy:
    # fine in a draft, a refusal for the final document.
    r = gate(project, "--chi-kiem-tra")
    assert r.returncode == 1
    section = r.stderr.split("Sai lệch đã biết chưa xử lý (1):\n", 1)[1].split("\n\n", 1)[0]
    assert section.startswith(
        "  - source_data/rules/ky_luat.yaml:5:3: ky_luat_thu_sai_lech: Một quy tắc cố ý sai để thử ghi chú sai lệch"
    )
    assert "Ghi chú: Thiếu 01 đồng chí bị khai trừ trong phép cộng" in section
    assert "(trong văn bản: docs/phan-mot.md:5" in section
    # `make check` failures are listed without its ✓ lines.
    checks = r.stderr.split("Kiểm tra số liệu (1):\n", 1)[1].split("\n\n", 1)[0]
    assert "✓" not in checks and "✗ dia_ban.dan_so" in checks
