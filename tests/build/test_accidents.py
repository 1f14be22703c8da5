"""Accidents of editing through git and pasting from Word (issue 26): each one ends in one clear
Vietnamese message (file:line, what, the fix) before anything is built, never in "lỗi không mong
đợi", and the last good HTML and PDF stay as they were. The ones that are harmless are accepted
and the build says nothing: it is tested that their output is right.

The fixture (tests/fixtures/mini) is built once, HTML and PDF; each case breaks a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, make_project, nonempty, run_build

DOC = "docs/phan-mot.md"
DATA = "source_data/ky_luat.yaml"
SNIPPET = "templates/snippets/ket_van_ban.md.j2"
UNEXPECTED = "lỗi không mong đợi"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("goc"))
    for kind in ("html", "pdf"):
        r = run_build(project, kind)
        assert r.returncode == 0, r.stderr
    return project


def outputs(project: Path) -> dict[str, str]:
    """The last good output: every HTML page and the PDF, by content."""
    files = list((project / "_build/html").rglob("*.html")) + list((project / "_build/pdf").glob("*.pdf"))
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def conflict(text: str, line: int = 0) -> str:
    """``text`` as git leaves it after a merge whose two sides changed its line ``line`` (0-based)."""
    lines = text.splitlines(keepends=True)
    mine = lines[line]
    theirs = mine.replace("4", "5") if "4" in mine else mine.rstrip("\n") + " (bản khác)\n"
    lines[line : line + 1] = ["<<<<<<< HEAD\n", mine, "=======\n", theirs, ">>>>>>> nhanh-cua-anh-tuan\n"]
    return "".join(lines)


def _append(rel: str, extra: str):
    return lambda p: (p / rel).write_text((p / rel).read_text(encoding="utf-8") + extra, encoding="utf-8")


def _edit(rel: str, change):
    return lambda p: (p / rel).write_text(change((p / rel).read_text(encoding="utf-8")), encoding="utf-8")


def _copy(rel: str, name: str):
    return lambda p: shutil.copy(p / rel, (p / rel).with_name(name))


def _line_count(project: Path, rel: str) -> int:
    return len((project / rel).read_text(encoding="utf-8").splitlines())


INCLUDE = '{% include "snippets/ket_van_ban.md.j2" %}'
MERGE_FIX = "xoá các dòng đánh dấu"
LEFTOVER_FIX = "mergetool.keepBackup false"

# name: (edit of the project, expected location ("file:line" or a function of the project), words of
# the message, words of the fix)
ACCIDENTS = {
    "conflict markers in a part": (_edit(DOC, lambda t: conflict(t, 4)), f"{DOC}:5", "dòng 5–9", MERGE_FIX),
    "conflict markers in a data file": (_edit(DATA, conflict), f"{DATA}:1", "dòng 1–5", MERGE_FIX),
    "conflict markers in van_ban.yaml": (
        _edit("source_data/van_ban.yaml", lambda t: conflict(t, 2)),
        "source_data/van_ban.yaml:3",
        "git merge",
        MERGE_FIX,
    ),
    "conflict markers in a snippet": (_edit(SNIPPET, conflict), f"{SNIPPET}:1", "git merge", MERGE_FIX),
    "conflict markers in the HTML template": (
        _edit("templates/html/page.html", conflict),
        "templates/html/page.html:1",
        "git merge",
        MERGE_FIX,
    ),
    "conflict markers in the PDF style sheet": (
        _edit("templates/rinoh/bao_cao.rts", conflict),
        "templates/rinoh/bao_cao.rts:1",
        "git merge",
        MERGE_FIX,
    ),
    "conflict markers in conf.py": (_edit("conf.py", conflict), "conf.py:1", "git merge", MERGE_FIX),
    "a merge left only the opening marker": (
        _edit(DOC, lambda t: t.replace("## 3.", "<<<<<<< HEAD\n## 3.")),
        f"{DOC}:3",
        "còn dấu xung đột <<<<<<<",
        MERGE_FIX,
    ),
    "a snippet that includes itself": (
        _append(SNIPPET, "\n" + INCLUDE + "\n"),
        lambda p: f"{SNIPPET}:{_line_count(p, SNIPPET)}",
        f"{SNIPPET}:",
        "Bỏ lệnh {% include %}",
    ),
    "two snippets that include each other": (
        lambda p: (
            (p / "templates/snippets/vong.md.j2").write_text("Vòng.\n" + INCLUDE + "\n", encoding="utf-8"),
            _append(SNIPPET, '\n{% include "snippets/vong.md.j2" %}\n')(p),
        ),
        lambda p: f"{SNIPPET}:{_line_count(p, SNIPPET)}",
        "templates/snippets/vong.md.j2:2 → templates/snippets/ket_van_ban.md.j2",
        "Bỏ lệnh {% include %}",
    ),
    "curly quotes typed by Word in an include": (
        _edit(DOC, lambda t: t.replace(INCLUDE, "{% include “snippets/ket_van_ban.md.j2” %}")),
        f"{DOC}:9:12",
        "Dấu ngoặc kép cong “ trong {% … %}",
        'bằng dấu " thẳng',
    ),
    "a zero-width space pasted into a placeholder": (
        _edit(DOC, lambda t: t.replace("{{ ky_luat.tong }}", "{{ ky_luat.\u200btong }}")),
        f"{DOC}:5:30",
        "khoảng trắng không độ rộng (U+200B)",
        "make lint-sua",
    ),
    "a zero-width space pasted into the text": (
        _edit(DOC, lambda t: t.replace("Công tác", "Công\u200b tác")),
        f"{DOC}:3:11",
        "U+200B",
        "make lint-sua",
    ),
    "a BOM pasted in the middle of a line": (
        _edit(DOC, lambda t: t.replace("Trong nhiệm kỳ", "Trong \ufeffnhiệm kỳ")),
        f"{DOC}:5:7",
        "U+FEFF",
        "make lint-sua",
    ),
    "a soft hyphen from Word": (
        _edit(DOC, lambda t: t.replace("kiểm tra", "kiểm\u00adtra")),
        f"{DOC}:3:20",
        "dấu gạch nối mềm (U+00AD)",
        "make lint-sua",
    ),
    "an invisible joiner in a data value": (
        _edit(DATA, lambda t: t.replace("don_vi: đảng viên", "don_vi: đảng\u2060 viên")),
        f"{DATA}:1:33",
        "U+2060",
        "make lint-sua",
    ),
    "a part emptied by a merge": (_edit(DOC, lambda t: "\n"), f"{DOC}:1", "Tệp trống", "git checkout"),
    "a merge tool's BACKUP copy of a part": (
        _copy(DOC, "phan-mot_BACKUP_1234.md"),
        "docs/phan-mot_BACKUP_1234.md",
        "một phần nữa của báo cáo",
        LEFTOVER_FIX,
    ),
    "a merge tool's BASE copy": (
        _copy(DOC, "phan-mot_BASE_1234.md"),
        "docs/phan-mot_BASE_1234.md",
        "cạnh 'phan-mot.md'",
        LEFTOVER_FIX,
    ),
    "a merge tool's LOCAL copy of data": (
        _copy(DATA, "ky_luat_LOCAL_77.yaml"),
        "source_data/ky_luat_LOCAL_77.yaml",
        "cạnh 'ky_luat.yaml'",
        LEFTOVER_FIX,
    ),
    "a merge tool's REMOTE copy of a snippet": (
        _copy(SNIPPET, "ket_van_ban_REMOTE_9.md.j2"),
        "templates/snippets/ket_van_ban_REMOTE_9.md.j2",
        "git mergetool",
        LEFTOVER_FIX,
    ),
    "a .orig copy": (_copy(DOC, "phan-mot.md.orig"), "docs/phan-mot.md.orig", "cạnh 'phan-mot.md'", LEFTOVER_FIX),
    # Already named well by the readers they reach (kept here so that they stay so):
    "a YAML line indented by a Tab": (
        _edit("source_data/van_ban.yaml", lambda t: t.replace("  thang: 8", "\tthang: 8")),
        "source_data/van_ban.yaml:10:1",
        "thụt lề bằng dấu Tab",
        "dùng dấu cách",
    ),
    "a YAML key in Word's curly quotes": (
        _edit(DATA, lambda t: t.replace("khien_trach:", "“khien_trach”:")),
        f"{DATA}:2:1",
        "Tên khóa '“khien_trach”' không hợp lệ",
        "Đổi thành 'khien_trach'",
    ),
    "a data file saved as UTF-16": (
        lambda p: (p / DATA).write_bytes((p / DATA).read_text(encoding="utf-8").encode("utf-16")),
        f"{DATA}:1:1",
        "không phải mã UTF-8",
        "Lưu lại tệp với bảng mã UTF-8",
    ),
}


def copy_of(built: Path, tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True)
    return project


@pytest.mark.parametrize("name", list(ACCIDENTS))
def test_an_accident_is_named_before_anything_is_built(built, tmp_path, name):
    edit, where, what, fix = ACCIDENTS[name]
    project = copy_of(built, tmp_path)
    before = nonempty(outputs(project).items(), "pages and PDF of the last good build", at_least=3)
    edit(project)
    where = where(project) if callable(where) else where

    for kind in ("html", "pdf"):
        r = run_build(project, kind)
        assert r.returncode == 1, r.stdout + r.stderr
        err = r.stderr
        assert err.startswith(f"LỖI: {where}: ") or f"\n  1. {where}: " in err or f". {where}: " in err, err
        assert what in err and "→ Cách sửa:" in err and fix in err.split("→ Cách sửa:", 1)[1], err
        assert UNEXPECTED not in err and "Traceback" not in err, err
        assert "Bản dựng tốt gần nhất vẫn giữ nguyên" in err
        assert sorted(outputs(project).items()) == sorted(before)  # the last good HTML and PDF
    assert not list((project / "_build").glob(".dang-dung-*"))


LINTED = {
    "conflict markers in a part": "xung-dot-git",
    "conflict markers in the HTML template": "xung-dot-git",
    "conflict markers in conf.py": "xung-dot-git",
    "a snippet that includes itself": "goi-vong",
    "curly quotes typed by Word in an include": "ngoac-cong",
    "a zero-width space pasted into the text": "ky-tu-an",
    "a part emptied by a merge": "tep-trong",
    "a merge tool's BACKUP copy of a part": "tep-thua",
    "a .orig copy": "tep-thua",
}


def _lint(project: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.lint", *files], cwd=project, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("name", list(LINTED))
def test_make_lint_and_the_commit_hook_name_the_accident(built, tmp_path, name):
    edit, where, _what, _fix = ACCIDENTS[name]
    project = copy_of(built, tmp_path)
    clean = _lint(project)
    edit(project)
    where = where(project) if callable(where) else where
    code = LINTED[name]
    assert f"[{code}]" not in clean.stdout
    whole = _lint(project)
    assert whole.returncode == 1 and f"[{code}]" in whole.stdout, whole.stdout + whole.stderr
    assert any(line.startswith(where.split(":")[0] + ":") and f"[{code}]" in line for line in whole.stdout.splitlines())
    # the hook passes the files of the commit (a loop shows only on the whole tree)
    if code != "goi-vong":
        hook = _lint(project, where.split(":")[0])
        assert hook.returncode == 1 and f"[{code}]" in hook.stdout, hook.stdout + hook.stderr


# Accepted: the text is the same once read; the build says nothing and the output is right.
HARMLESS = {
    "a UTF-8 BOM at the start of a part (Notepad)": (
        lambda p: (p / DOC).write_bytes(b"\xef\xbb\xbf" + (p / DOC).read_bytes()),
        "Công tác kiểm tra",
    ),
    "a UTF-8 BOM at the start of a data file": (
        lambda p: (p / DATA).write_bytes(b"\xef\xbb\xbf" + (p / DATA).read_bytes()),
        "47",
    ),
    "Windows line ends in a part": (
        lambda p: (p / DOC).write_bytes((p / DOC).read_bytes().replace(b"\n", b"\r\n")),
        "Công tác kiểm tra",
    ),
    "Windows line ends in data and a snippet": (
        lambda p: [(p / r).write_bytes((p / r).read_bytes().replace(b"\n", b"\r\n")) for r in (DATA, SNIPPET)],
        "47",
    ),
    "a non-breaking space inside a placeholder": (
        _edit(DOC, lambda t: t.replace("{{ ky_luat.tong }}", "{{\u00a0ky_luat.tong\u00a0}}")),
        "47",
    ),
    "an editor's swap, backup and lock files": (
        lambda p: (
            (p / "docs/.phan-mot.md.swp").write_bytes(b"b0VIM 9.0\x00\x00\xff"),
            (p / "docs/phan-mot.md~").write_text("# Bản cũ của phần một\n", encoding="utf-8"),
            (p / "docs/.#phan-mot.md").symlink_to("to-bien-tap@may.1234:1700000000"),
        ),
        "Công tác kiểm tra",
    ),
}


@pytest.mark.parametrize("name", list(HARMLESS))
def test_a_harmless_accident_builds_the_same_report(built, tmp_path, name):
    edit, shown = HARMLESS[name]
    project = copy_of(built, tmp_path)
    page = project / "_build/html/phan-mot.html"
    before = page.read_text(encoding="utf-8")
    edit(project)
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr
    assert r.stderr == "", r.stderr
    html = page.read_text(encoding="utf-8")
    assert shown in html and "\ufeff" not in html and "\u00a0ky_luat" not in html
    assert html == before  # the same report as before the accident
    assert not any("ban-cu" in p.name or "swp" in p.name for p in (project / "_build/html").rglob("*"))
