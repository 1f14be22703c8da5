"""{ghi-chu}: a note the committee writes for itself shows in drafts and stops an official build."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, run_build

NOTE = ":::{ghi-chu} Chờ phòng Kinh tế\nSố hộ nghèo năm 2025 chưa có báo cáo **chính thức**.\n:::\n"


def _with_note(tmp_path: Path) -> tuple[Path, int]:
    """The PDF fixture report with a note after the first paragraph of index.md (below the
    header the include adds, so the rendered line differs from the line of the file)."""
    project = make_project(tmp_path, "pdf")
    index = project / "docs/index.md"
    text = index.read_text(encoding="utf-8")
    anchor = "\n\nNhiệm kỳ 2020 - 2025"
    index.write_text(text.replace(anchor, "\n\n" + NOTE + anchor, 1), encoding="utf-8")
    line = next(
        n for n, ln in enumerate(index.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(":::{ghi-chu}")
    )
    return project, line


def test_a_note_shows_in_the_draft_as_a_committee_note(tmp_path):
    project, _ = _with_note(tmp_path)
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr + r.stdout
    page = (project / "_build/html/index.html").read_text(encoding="utf-8")
    box = page[page.index('<div class="ghi-chu-bien-tap admonition">') :]
    box = box[: box.index("</div>")].replace("\u00a0", " ")
    assert "Ghi chú cho tổ biên tập — Chờ phòng Kinh tế" in box
    assert "Số hộ nghèo năm 2025 chưa có báo cáo <strong>chính thức</strong>." in box


def test_a_note_left_in_stops_the_official_build_at_its_line(tmp_path):
    project, line = _with_note(tmp_path)
    r = run_build(project, "html", "--final")
    assert r.returncode == 1, r.stdout
    assert r.stderr.startswith(
        f"LỖI: docs/index.md:{line}: Ghi chú cho tổ biên tập ({{ghi-chu}}) vẫn còn trong văn bản: "
        "bản chính thức không in ghi chú."
    ), r.stderr
    assert "xóa cả khối" in r.stderr
    assert not (project / "_build/chinh-thuc/html/index.html").exists()


def test_make_final_lists_every_note_left_in_the_text(tmp_path):
    from build_scripts.cli.final import Gate, check_committee_notes

    project, line = _with_note(tmp_path)
    (project / "docs/phan-thu-hai.md").open("a", encoding="utf-8").write("\n```{ghi-chu}\nKiểm tra lại.\n```\n")
    (project / "templates/snippets/ghi_chu_chung.md.j2").write_text(":::{ghi-chu}\nChung.\n:::\n", encoding="utf-8")
    gate = Gate(project)
    check_committee_notes(gate)
    listed = gate.problems["Ghi chú cho tổ biên tập còn trong văn bản"]
    n = len((project / "docs/phan-thu-hai.md").read_text(encoding="utf-8").splitlines()) - 2
    assert [entry.split(": ")[0] for entry in listed] == [
        f"docs/index.md:{line}",
        f"docs/phan-thu-hai.md:{n}",
        "templates/snippets/ghi_chu_chung.md.j2:1",
    ]


def test_a_footnote_mark_in_a_notes_subject_is_text_not_a_crash_of_the_pdf(tmp_path):
    """`:::{ghi-chu} Kiểm tra [^fn1]` stopped the PDF build with "lỗi không mong đợi (TypeError …)"."""
    project = make_project(tmp_path, "pdf")
    index = project / "docs/index.md"
    text = index.read_text(encoding="utf-8")
    anchor = "\n\nNhiệm kỳ 2020 - 2025"
    index.write_text(
        text.replace(anchor, "\n\n:::{ghi-chu} Kiểm tra [^mo-dau] **gấp**\nNội dung.\n:::" + anchor, 1),
        encoding="utf-8",
    )
    r = run_build(project, "pdf")
    assert r.returncode == 0, r.stderr
    r = run_build(project, "html")
    page = (project / "_build/html/index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Ghi chú cho tổ biên tập — Kiểm tra [^mo-dau] **gấp**" in page
