"""The Word document opens in LibreOffice: converted headless to PDF without error, its
footnotes at the foot of the pages that reference them, page numbers from page 2."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pdfplumber  # noqa: E402
import pytest
from conftest import require_tool
from lxml import etree  # noqa: E402
from test_docx import _build, norm, q  # noqa: E402


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    soffice = require_tool("soffice", "LibreOffice converts the .docx to PDF")
    work = tmp_path_factory.mktemp("docx-lo")
    _build(work / "_build", "docx")
    source = next((work / "_build/docx").glob("*.docx"))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = work / (source.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stderr + result.stdout
    return source, pdf


def _footnote_texts(docx_path: Path) -> list[str]:
    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    return [
        norm("".join(t.text or "" for t in fn.iter(q("w:t"))))
        for fn in root.findall(q("w:footnote"))
        if fn.get(q("w:type")) is None
    ]


def test_footnotes_stand_at_the_foot_of_their_pages(converted):
    docx_path, pdf_path = converted
    notes = _footnote_texts(docx_path)
    assert len(notes) >= 20
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) > 20
        lines = [(i, line) for i, page in enumerate(pdf.pages) for line in page.extract_text_lines()]
        heights = [page.height for page in pdf.pages]
        placed = 0
        for note in notes[:12]:
            head = " ".join(note.split()[:6])
            found = [(i, line) for i, line in lines if head in norm(line["text"])]
            assert found, head
            page, line = found[0]
            # in the bottom part of the page, in the smaller footnote size
            assert line["top"] > 0.45 * heights[page], (head, page + 1, line["top"])
            sizes = {round(c["size"]) for c in line["chars"] if c["text"].strip()}
            assert max(sizes) <= 12, sizes
            placed += 1
        assert placed == 12


def test_page_numbers_from_page_two(converted):
    _, pdf_path = converted
    with pdfplumber.open(pdf_path) as pdf:

        def top_line(n):
            page = pdf.pages[n]
            return norm(page.extract_text_lines()[0]["text"]), page.extract_text_lines()[0]["top"]

        first, _ = top_line(0)
        assert first.startswith("ĐẢNG BỘ")  # no number on page 1
        for n in (1, 2, len(pdf.pages) - 1):
            text, top = top_line(n)
            assert text == str(n + 1) and top < 20 * 72 / 25.4, (n, text, top)
