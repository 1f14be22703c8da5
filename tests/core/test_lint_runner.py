"""The lint command as the committee runs it: output format, exit codes, baseline, NFC fix, errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from lint_helpers import REPO, lint_project, require_dictionary

LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): \[(?P<code>[a-z-]+)\] (?P<msg>.+) — (?P<fix>.+)$")


@pytest.fixture(autouse=True)
def _dictionary():
    require_dictionary()


def lint(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    if not env or "VERBOSE" not in env:
        full_env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.lint", *args],
        cwd=root,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


DOC = "# Kết quả\n\nDiện tích nuôi trồng ổnđịnh; Cổng thông tin điện thử của xã.\n"


def test_findings_are_printed_file_line_column_code_message_fix(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": DOC})
    r = lint(root)
    assert r.returncode == 1
    lines = [LINE.match(ln) for ln in r.stdout.splitlines() if ln.strip()]
    assert all(lines), r.stdout
    got = [(m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in lines]
    assert got == [("docs/a.md", 3, 22, "dinh-chu"), ("docs/a.md", 3, 45, "thuat-ngu")]
    assert "Có 2 lỗi mới" in r.stderr and "make lint-baseline" in r.stderr
    assert "Traceback" not in r.stdout + r.stderr


def test_baseline_accepts_current_findings_and_new_ones_still_fail(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": DOC})
    r = lint(root, "--ghi-baseline")
    assert r.returncode == 0 and "2 lỗi được chấp nhận" in r.stdout
    assert lint(root).returncode == 0
    # Editing other lines does not make the accepted findings new.
    doc = root / "docs/a.md"
    doc.write_text("Lời mở đầu.\n\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    ok = lint(root)
    assert ok.returncode == 0, ok.stdout
    assert "2 lỗi đã được chấp nhận" in ok.stdout
    # A new typo fails, and only the new one is printed.
    doc.write_text(doc.read_text(encoding="utf-8") + "\nViệc xắp xếp bộ máy.\n", encoding="utf-8")
    r = lint(root)
    assert r.returncode == 1
    assert (
        r.stdout.strip() == "docs/a.md:7:6: [thuat-ngu] “xắp xếp” gần giống thuật ngữ “sắp xếp” nhưng sai chữ “xắp” "
        "— sửa thành “sắp xếp”; nếu đúng là cụm từ khác, thêm nó vào `cung_dung` trong "
        "source_data/lint/thuat_ngu.yaml"
    )
    # The same accepted typo typed a second time is new too.
    doc.write_text(doc.read_text(encoding="utf-8").replace("xắp xếp", "sắp xếp") + "\nLại ổnđịnh.\n", encoding="utf-8")
    r = lint(root)
    assert r.returncode == 1 and "[dinh-chu]" in r.stdout and r.stdout.count("\n") == 1


def test_a_new_finding_like_an_accepted_one_is_named_at_its_own_line(tmp_path):
    # The baseline counts findings of the same text: with one "03" accepted near the end, a new
    # "03" typed above it was reported at the accepted one's line, and that line needed no fix.
    root = lint_project(tmp_path, {"docs/a.md": "Mở đầu.\n\nCuối năm có 03 chi bộ được khen.\n"})
    assert lint(root, "--ghi-baseline").returncode == 0
    doc = root / "docs/a.md"
    doc.write_text("Đầu năm có 03 tổ đảng mới.\n\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    r = lint(root)
    assert r.returncode == 1
    assert [m.group("line") for m in map(LINE.match, r.stdout.splitlines()) if m] == ["1"], r.stdout


def test_fixed_accepted_findings_are_pointed_out(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": DOC})
    lint(root, "--ghi-baseline")
    doc = root / "docs/a.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("ổnđịnh", "ổn định"), encoding="utf-8")
    r = lint(root)
    assert r.returncode == 0
    assert "1 lỗi đã chấp nhận nay không còn (đã được sửa): chạy `make lint-baseline` để dọn baseline." in r.stdout


def test_only_given_files_are_linted(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": DOC, "docs/b.md": "Văn bản sạch.\n"})
    assert lint(root, "docs/b.md").returncode == 0
    assert lint(root, "docs/a.md").returncode == 1


def test_sua_rewrites_files_in_nfc_and_nothing_else(tmp_path):
    nfd = unicodedata.normalize("NFD", "Công tác kiểm tra  được chú trọng.\n")
    root = lint_project(tmp_path, {"docs/a.md": nfd})
    before = lint(root)
    assert "[khong-nfc]" in before.stdout and "[hai-dau-cach]" in before.stdout
    r = lint(root, "--sua")
    assert r.returncode == 0 and "docs/a.md: đã chuẩn hoá" in r.stdout
    assert (root / "docs/a.md").read_text(encoding="utf-8") == unicodedata.normalize("NFC", nfd)
    after = lint(root)
    assert "[khong-nfc]" not in after.stdout and "[hai-dau-cach]" in after.stdout


def test_a_broken_lint_list_names_the_file_and_line_without_traceback(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": "Văn bản.\n"})
    (root / "source_data/lint/thuat_ngu.yaml").write_text("cum_tu:\n  - dung: [đổi mới\n", encoding="utf-8")
    r = lint(root)
    assert r.returncode == 2
    assert r.stderr.startswith("Lỗi: ") and "source_data/lint/thuat_ngu.yaml:3:1" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_hand_broken_baseline_is_named_with_its_fix(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": "Văn bản.\n"})
    (root / "source_data/lint/baseline.yaml").write_text("chap_nhan:\n  - tep: docs/a.md\n", encoding="utf-8")
    r = lint(root)
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "Lỗi: source_data/lint/baseline.yaml: mục thứ 1 thiếu `tep`, `ma` hoặc `chu` — "
        "chạy lại `make lint-baseline` để ghi lại tệp này (đừng sửa tay)"
    )


def test_an_unexpected_error_shows_a_traceback_only_with_verbose(tmp_path):
    root = lint_project(tmp_path, {"docs/a.md": "Văn bản.\n"})
    # A directory where the word list should be: not a mistake the committee can make by editing.
    (root / "source_data/lint/tu_rieng.txt").unlink()
    (root / "source_data/lint/tu_rieng.txt").mkdir()
    r = lint(root)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "VERBOSE=1" in r.stderr
    r = lint(root, env={"VERBOSE": "1"})
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_without_the_dictionary_lint_says_which_package_to_install(tmp_path, monkeypatch, capsys):
    from build_scripts.cli import lint as lint_command
    from build_scripts.core.lint import vocab

    root = lint_project(tmp_path, {"docs/a.md": "Văn bản.\n"})
    monkeypatch.chdir(root)
    monkeypatch.setattr(vocab, "HUNSPELL_DIRS", [tmp_path / "khong-co"])
    vocab.hunspell_vi.cache_clear()
    try:
        assert lint_command.main([]) == 2
    finally:
        vocab.hunspell_vi.cache_clear()
    err = capsys.readouterr().err
    assert err.strip() == (
        "Lỗi: không tìm thấy từ điển tiếng Việt hunspell (/usr/share/hunspell/vi_VN.dic) — "
        "cài gói Debian: apt-get install hunspell-vi"
    )
