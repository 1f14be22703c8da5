"""The readers' edition's PDF (`build pdf --ban-doc`, what `make site` puts in the readers' /pdf/):
no committee note, where the draft's PDF has it (issue 28)."""

from __future__ import annotations

import pdfplumber
from conftest import make_project, run_build

NOTE = "Chờ phòng Kinh tế xác nhận số hộ nghèo zqxpdfnote."


def _text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join((page.extract_text() or "") for page in pdf.pages)


def test_readers_pdf_has_no_committee_note(tmp_path):
    project = make_project(tmp_path)
    part = project / "docs/phan-mot.md"
    part.write_text(part.read_text(encoding="utf-8") + f"\n:::{{ghi-chu}} Số liệu\n{NOTE}\n:::\n", encoding="utf-8")
    for args in (("pdf",), ("pdf", "--ban-doc")):
        result = run_build(project, *args)
        assert result.returncode == 0, result.stderr + result.stdout
    [draft] = (project / "_build/pdf").glob("*.pdf")
    [readers] = (project / "_build/ban-doc/pdf").glob("*.pdf")
    assert draft.name == readers.name  # the same draft, the same file name in each edition's /pdf/
    draft_text, readers_text = _text(draft), _text(readers)
    assert "zqxpdfnote" in draft_text and "Ghi chú cho tổ biên tập" in draft_text
    assert "zqxpdfnote" not in readers_text and "Ghi chú cho tổ biên tập" not in readers_text
    assert "đề nghị khai trừ" in readers_text  # the text itself is there
