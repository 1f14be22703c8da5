"""Lint on the real thing: draft 4's known typos and errors are reported where they are;
the recorded baseline makes `make lint` pass, and a new typo fails it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import issued_draft_tree
from lint_helpers import REPO, require_dictionary

SEED = REPO / "tests/data/bao-cao-chinh-tri-du-thao-lan-4.txt"


@pytest.fixture(scope="module")
def draft4(tmp_path_factory) -> Path:
    """Draft 4 as issued (the working tree while it is draft 4)."""
    return issued_draft_tree(4, tmp_path_factory.mktemp("lint-draft4"))


@pytest.fixture(scope="module")
def findings(draft4):
    require_dictionary()
    from build_scripts.core.lint.runner import default_files, lint_files

    global TREE
    TREE = draft4
    return lint_files(draft4, default_files(draft4))


TREE = REPO


def at(f) -> str:
    """The text at a finding's position (in the draft-4 tree the findings come from)."""
    from build_scripts.core.lint.source import load

    return load(TREE / f.path, TREE).lines[f.line - 1][f.column - 1 :]


# (code, excerpt) pairs the draft-4 text contains; each must be found, pointing at its text.
KNOWN = [
    ("dinh-chu", "ổnđịnh"),
    ("dinh-chu", "cácvụ"),
    ("thuat-ngu", "điện thử"),
    ("thuat-ngu", "đối mới"),
    ("thuat-ngu", "GIÁI PHÁP"),
    ("thuat-ngu", "xắp xếp"),
    ("thuat-ngu", "giải phòng mặt bằng"),
    ("thuat-ngu", "khoa học công nghiệp"),
    ("thuat-ngu", "xã Gia Lộc"),
    ("thuat-ngu", "Covid - 19"),
    ("thuat-ngu", "giành sự quan tâm"),
    ("chinh-ta", "m"),
    ("lap-tu", "quy hoạch"),
    ("so-muc", "(8)."),
    ("so-muc", "2.2.3."),
    ("viet-hoa", "Việt nam"),
    ("kieu-dau-thanh", "khoá"),
    ("gach-khoang", "2021–2025"),
    ("gach-khoang", "2026–2030"),
    ("gach-khoang", "2022-2027"),
]


@pytest.mark.parametrize("code, excerpt", KNOWN)
def test_draft4_errors_are_reported_at_their_position(findings, code, excerpt):
    hits = [f for f in findings if f.code == code and f.excerpt == excerpt]
    assert hits, f"{code} {excerpt} not reported"
    for f in hits:
        assert at(f).startswith(excerpt), (f.render(), at(f)[:30])


def test_draft4_quote_and_spacing_errors(findings):
    assert any(f.code == "thieu-cach" and at(f).startswith("”của") for f in findings)
    assert any(f.code == "kieu-ngoac-kep" for f in findings)
    assert any(f.code == "hai-dau-cach" and at(f).startswith("  ") for f in findings)


def test_the_seed_as_pasted_from_word_shows_its_encoding_and_line_break_errors(tmp_path):
    require_dictionary()
    from build_scripts.core.lint.runner import lint_files

    fs = lint_files(REPO, [SEED])
    by_code = {}
    for f in fs:
        by_code.setdefault(f.code, []).append(f)
    # Lost footnote marks from Word, decomposed diacritics, sentences broken before "." / ";".
    assert len(by_code["ky-tu-hong"]) >= 20
    assert len(by_code["khong-nfc"]) >= 20
    assert len(by_code["dau-dau-dong"]) >= 15
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for f in by_code["ky-tu-hong"]:
        assert lines[f.line - 1][f.column - 1] == "\ufffd"
    for f in by_code["dau-dau-dong"]:
        assert lines[f.line - 1].lstrip()[:1] in ".;,:"


def run_lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.lint"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_make_lint_passes_with_the_baseline_and_a_new_typo_fails_it(tmp_path):
    require_dictionary()
    root = tmp_path / "repo"
    for d in ("docs", "source_data", "templates"):
        shutil.copytree(REPO / d, root / d)
    clean = run_lint(root)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    doc = root / "docs/phan-thu-hai/b-quan-diem-phat-trien.md"
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "Đảng bộ quyết tâm ổnđịnh tình hình.\n")
    doc.write_text("".join(lines), encoding="utf-8")
    r = run_lint(root)
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "docs/phan-thu-hai/b-quan-diem-phat-trien.md:2:19: [dinh-chu] “ổnđịnh” là các chữ viết dính liền "
        "— tách thành “ổn định”"
    ]
