"""`make` rebuilds when an input changed, and only then: make itself sees only newer files, so a
file added or removed (a rule file deleted, a part dropped) must count as a change too."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, require_tool


def up_to_date(project: Path, target: str) -> bool:
    """make's question mode: nothing is run, the exit status says whether the build of ``target``
    ("html", "pdf") is current. Asked of its stamp file: a phony target is never current."""
    result = subprocess.run(["make", "-q", f"_build/.{target}-xong"], cwd=project, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


@pytest.fixture
def project(tmp_path):
    """The repository's tracked files, a stand-in for the virtual environment, and builds that
    are newer than every input (as after a successful `make`)."""
    require_tool("make", "the Makefile tests")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    dest = tmp_path / "p"
    for name in filter(None, files.decode().split("\0")):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    (dest / ".venv/bin").mkdir(parents=True)
    (dest / ".venv/.da-cai-dat").touch()
    up_to_date(dest, "html")  # the first run of make may write what it keeps between runs
    (dest / "_build").mkdir(exist_ok=True)
    for stamp in (".html-xong", ".pdf-xong", ".docx-xong"):
        (dest / "_build" / stamp).touch()
    return dest


def test_nothing_changed_nothing_to_do(project):
    assert up_to_date(project, "html") and up_to_date(project, "pdf") and up_to_date(project, "docx")


def test_an_edited_data_file_is_a_change(project):
    data = next((project / "source_data").glob("*.yaml"))
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not up_to_date(project, "html") and not up_to_date(project, "pdf") and not up_to_date(project, "docx")


def test_a_removed_rule_file_is_a_change(project):
    next((project / "source_data/rules").glob("*.yaml")).unlink()
    assert not up_to_date(project, "html") and not up_to_date(project, "pdf")


def test_an_added_file_is_a_change(project):
    new = project / "docs/ghi-chu-moi.md"
    new.write_text("# Ghi chú\n", encoding="utf-8")
    os.utime(new, ns=(0, 0))  # even with an old date (copied with cp -p, extracted from an archive)
    assert not up_to_date(project, "html")


def test_clean_then_build_in_one_command(project):
    """`make clean all` once stopped with make's own English error: the list of inputs, read
    before `clean` removed it, was gone when the build asked for it. (PY=true stands in for
    the build itself.)"""
    result = subprocess.run(["make", "clean", "html", "PY=true"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project / "_build/.html-xong").exists()
    assert up_to_date(project, "html")


def test_help_and_clean_leave_no_build_folder(project):
    shutil.rmtree(project / "_build")
    for goal in ("help", "clean"):
        result = subprocess.run(["make", goal], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert not (project / "_build").exists(), goal


def test_a_file_named_with_a_space_is_a_change_not_a_make_error(project):
    """Windows names a copy "phu-luc - Copy.md"; make stopped with its own English "No rule to
    make target '-'" and built nothing. The build (not make) names the file and the fix."""
    (project / "docs/phu-luc - Copy.md").write_text("# Bản sao\n", encoding="utf-8")
    assert not up_to_date(project, "html") and not up_to_date(project, "pdf")
    result = subprocess.run(["make", "html", "PY=true"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_make_warns_about_numbers_that_disagree_after_a_changed_build(project):
    """`make` (not `make html`) runs the checks as a warning once the draft is built, when an
    input changed; with nothing changed and nothing to warn about, it runs nothing."""
    plan = subprocess.run(["make", "-n", "PY=python"], cwd=project, capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    assert "-m build_scripts.cli.check --canh-bao" in plan.stdout
    (project / "_build/.kiem-tra-xong").touch()
    plan = subprocess.run(["make", "-n", "PY=python"], cwd=project, capture_output=True, text=True)
    assert "build_scripts.cli.check" not in plan.stdout and "build_scripts.cli.build" not in plan.stdout
    plan = subprocess.run(["make", "-n", "html", "PY=python"], cwd=project, capture_output=True, text=True)
    assert "build_scripts.cli.check" not in plan.stdout
