"""Under `sphinx -j` documents are read in other processes: what the data layer learns while
reading them (the errors to report, the rendered → source line maps) must come back with the
environment, or a broken placeholder would build without a word."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import make_project
from sphinx.application import Sphinx

from build_scripts.core.messages import UserErrors, find_user_error
from build_scripts.sphinx_ext.state import line_maps

PARTS = 8  # Sphinx reads in parallel only when more than five documents are to be read


def _project(tmp_path: Path, broken: set[int]) -> Path:
    project = make_project(tmp_path)
    docs = project / "docs"
    index = docs / "index.md"
    names = [f"phan-{i}" for i in range(PARTS)]
    for i, name in enumerate(names):
        key = "dang_bo.so_dang_vein" if i in broken else "dang_bo.so_dang_vien"
        # a few lines before the placeholder: the reported line is the user's, not line 1
        (docs / f"{name}.md").write_text(
            f"# Phần {i}\n\nMở đầu.\n\nĐảng bộ có {{{{ {key} }}}} đảng viên.\n", encoding="utf-8"
        )
    text = index.read_text(encoding="utf-8")
    # before the part that holds the closing: only the appendix may follow the signature
    index.write_text(text.replace("phan-mot\n", "\n".join(names) + "\nphan-mot\n"), encoding="utf-8")
    return project


def _build(project: Path, parallel: int) -> Sphinx:
    app = Sphinx(
        srcdir=str(project / "docs"),
        confdir=str(project),
        outdir=str(project / "_build" / "html"),
        doctreedir=str(project / "_build" / ".doctrees"),
        buildername="html",
        status=io.StringIO(),
        warning=io.StringIO(),
        freshenv=True,
        parallel=parallel,
    )
    app.build()
    return app


@pytest.mark.parametrize("parallel", [1, 2])
def test_errors_of_documents_read_in_other_processes_are_reported(tmp_path, parallel):
    project = _project(tmp_path, broken={2, 6})
    with pytest.raises(Exception) as info:
        _build(project, parallel)
    error = find_user_error(info.value)
    assert error is not None, info.value
    errors = error.errors if isinstance(error, UserErrors) else [error]
    places = sorted((Path(e.location.path).name, e.location.line) for e in errors)
    assert places == [("phan-2.md", 5), ("phan-6.md", 5)], [e.format() for e in errors]
    assert all("so_dang_vien" in e.format() for e in errors)  # "có phải ý bạn là"


def test_line_maps_of_documents_read_in_other_processes_come_back(tmp_path):
    project = _project(tmp_path, broken=set())
    app = _build(project, 2)
    assert app.parallel == 2 and app.is_parallel_allowed("read")  # our extensions allow it
    maps = line_maps(app.env)
    read = sorted(Path(p).name for p in maps if Path(p).name.startswith("phan-"))
    assert read == sorted([f"phan-{i}.md" for i in range(PARTS)] + ["phan-mot.md"]), sorted(maps)
    # each map has a source line for every rendered line of its document
    assert len(maps[str((project / "docs" / "phan-3.md").resolve())]) == 5
