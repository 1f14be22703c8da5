"""Coverage of the rules: every number is governed or standalone, and the rules bite.

Mutation test: every value that rules govern (and that is not marked standalone in
``source_data/rules/doc_lap.yaml``) is nudged up and down by 3% (at least one unit of its last
written digit); each nudge must turn at least one passing rule into a failing one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from build_scripts.core.checks import load_rules, run_checks
from build_scripts.core.checks.engine import evaluate_all
from build_scripts.core.checks.rules import load_doc_lap
from build_scripts.core.data import load_source_data

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "source_data"
DOCS = REPO / "docs"
NUDGE = Decimal("0.03")

DATASET = load_source_data(SOURCE)
RULES = [r for r in load_rules(SOURCE / "rules") if r.kind != "ten_goi"]
DOC_LAP = load_doc_lap(SOURCE / "rules")


def _governed_not_standalone() -> list[str]:
    from build_scripts.core.checks import governed_keys

    qs = DATASET.quantities()
    return sorted(
        k for k in governed_keys(RULES, DATASET) if k not in DOC_LAP and not qs[k].doc_lap and not qs[k].is_missing
    )


def nudged(value: Decimal, decimals: int, sign: int) -> Decimal:
    step = Decimal(1).scaleb(-decimals)
    out = (value * (1 + sign * NUDGE)).quantize(step)
    if out == value:
        out = value + sign * step
    return out


def _statuses(overrides=None) -> dict[str, str]:
    return {r.rule.ma: r.status for r in evaluate_all(RULES, DATASET, overrides, texts=None)}


BASELINE = _statuses()


def test_every_numeric_value_is_governed_or_standalone():
    run = run_checks(SOURCE, DOCS)
    lines = [f"{k} ({DATASET.location(k)})" for k in run.uncovered]
    assert not lines, (
        "Các số liệu sau chưa có quy tắc nào và không có lý do doc_lap "
        "(thêm quy tắc, hoặc ghi lý do vào source_data/rules/doc_lap.yaml):\n  " + "\n  ".join(lines)
    )


def test_doc_lap_names_only_existing_values():
    qs = DATASET.quantities()
    stale = [f"{loc}: {k}" for k, (_, loc) in DOC_LAP.items() if k not in qs]
    assert not stale, "doc_lap.yaml ghi khoá không có trong source_data:\n" + "\n".join(stale)


def test_enough_values_are_governed():
    assert len(_governed_not_standalone()) >= 20


@pytest.mark.parametrize("key", _governed_not_standalone())
def test_nudging_a_governed_value_breaks_a_rule(key):
    from build_scripts.core.checks import governed_keys

    pending = [ma for ma in governed_keys(RULES, DATASET)[key] if BASELINE[ma] == "chua_kiem_tra"]
    if pending:
        pytest.skip(f"{key}: quy tắc {', '.join(pending)} chưa kiểm tra được (bảng Phụ lục chưa điền)")
    q = DATASET.quantities()[key]
    for sign in (1, -1):
        if q.is_range:
            change = {"tu": nudged(q.tu, q.decimals, sign), "den": nudged(q.den, q.decimals, sign)}
        else:
            change = {"gia_tri": nudged(q.gia_tri, q.decimals, sign)}
        after = _statuses({key: change})
        broken = [ma for ma, st in after.items() if BASELINE[ma] == "dat" and st in ("sai", "loi")]
        assert broken, (
            f"{key}: đổi thành {change} mà không quy tắc nào báo sai — quy tắc chưa đủ chặt; "
            "viết thêm quy tắc hoặc ghi lý do vào doc_lap.yaml"
        )


# --- end to end: edit a number in a copy of source_data/, `make check` must fail naming the rule

EDITS = [  # (data key, new value, the rule that must fail)
    ("ky_luat.khien_trach", "39", "ky_luat_tong"),
    ("hdnd.so_ky_hop_chuyen_de", "16", "hdnd_ky_hop_tong"),
    ("giao_duc.so_truong_dat_chuan", "11", "truong_chuan_12_tren_12"),
    ("chuyen_doi_so.ty_le_ho_so_xu_ly_truc_tuyen", "99", "ho_so_truc_tuyen_2025_noi_hai_noi"),
    ("nong_nghiep.san_luong_thoc", "1688.6", "lua_gia_thuyet_hai_vu"),
]


def _edit_value(data: Path, key: str, new: str) -> None:
    """Change the gia_tri line of ``key`` in its YAML file, as a committee member would."""
    loc = DATASET.location(key)
    path = data / Path(loc.path).name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i in range(loc.line, len(lines)):
        if lines[i].strip().startswith("gia_tri:"):
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = f"{indent}gia_tri: {new}\n"
            break
    else:
        raise AssertionError(f"no gia_tri line for {key}")
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("key,new,rule", EDITS, ids=[e[0] for e in EDITS])
def test_editing_a_number_fails_make_check_naming_the_rule(tmp_path, key, new, rule):
    data = tmp_path / "source_data"
    shutil.copytree(SOURCE, data)
    _edit_value(data, key, new)
    assert load_source_data(data).get(key).gia_tri == Decimal(new)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERBOSE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.check", "--du-lieu", str(data), "--van-ban", str(DOCS), "--gon"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = [ln for ln in proc.stdout.splitlines() if ln.startswith("✗ ")]
    assert any(ln.startswith(f"✗ {rule}:") for ln in failed), proc.stdout
    assert "Traceback" not in proc.stderr
