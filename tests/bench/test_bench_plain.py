"""The benchmark's plain Sphinx build typesets the same pages as ours, notes included.

Without that, "our layer's overhead over plain Sphinx on the same rendered text" would
compare two different documents. (Speed itself is measured by ``make bench``.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from build_scripts.bench.run import different_pages, plain_sphinx, render_plain_sources, scratch_copy
from build_scripts.core.report_structure import NOTE_CLASS


def test_plain_sphinx_builds_the_same_pages_as_ours(tmp_path: Path):
    repo = scratch_copy(tmp_path)
    plain = tmp_path / "plain"
    render_plain_sources(repo, plain)
    ours = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.build", "html"], cwd=repo, capture_output=True, text=True
    )
    assert ours.returncode == 0, ours.stdout + ours.stderr
    out = tmp_path / "plain-out"
    theirs = subprocess.run(plain_sphinx(repo, plain, "html", out), cwd=plain, capture_output=True, text=True)
    assert theirs.returncode == 0, theirs.stdout + theirs.stderr

    # plain Sphinx ran without our layer: no data, no rules
    conf = (plain / "conf.py").read_text(encoding="utf-8")
    assert "build_scripts.bench.plain_notes" in conf and '"build_scripts.sphinx_ext"' not in conf
    assert "{{" not in (plain / "docs" / "phan-thu-nhat" / "a-ket-qua-dat-duoc.md").read_text(encoding="utf-8")

    assert different_pages(repo / "_build" / "html", out) == []
    # not two empty builds: the pages hold the report and the committee's notes
    page = (out / "phan-thu-nhat" / "a-ket-qua-dat-duoc.html").read_text(encoding="utf-8")
    assert page.count(f'class="{NOTE_CLASS} admonition"') >= 1
    assert "1.361" in page  # dang_bo.so_dang_vien, filled in and formatted by our layer


def test_different_pages_names_a_changed_and_a_missing_page(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "sub").mkdir(parents=True)
        (root / "index.html").write_text("<p>giống</p>", encoding="utf-8")
    (a / "sub" / "x.html").write_text("<p>một</p>", encoding="utf-8")
    (b / "sub" / "x.html").write_text("<p>hai</p>", encoding="utf-8")
    (a / "only.html").write_text("", encoding="utf-8")
    assert different_pages(a, b) == ["only.html", "sub/x.html"]
