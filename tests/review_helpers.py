"""A reviewer's .docx, made in the tests from the draft's own: Word comments on chosen
paragraphs (python-docx 1.2 ``add_comment``) and tracked changes (``w:ins``/``w:del`` by lxml)."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import docx
from docx.oxml.ns import qn

AUTHOR = "Trần Thị Bình"
DATE = "2026-12-02T09:30:00Z"


def paragraph_with(document, words: str):
    found = [p for p in document.paragraphs if words in p.text]
    assert len(found) == 1, f"{words!r}: {len(found)} paragraphs"
    return found[0]


def comment_on(document, words: str, text: str, author: str = AUTHOR):
    """A comment on the run(s) of the paragraph holding ``words``."""
    paragraph = paragraph_with(document, words)
    runs = [r for r in paragraph.runs if r.text.strip()]
    return document.add_comment(runs, text=text, author=author, initials="TB")


def _split_run(paragraph, words: str):
    """The run holding exactly ``words`` (the paragraph's text split into three runs)."""
    text = paragraph.text
    start = text.index(words)
    first = next(r for r in paragraph.runs if r.text)
    rpr = first._r.find(qn("w:rPr"))
    for r in list(paragraph.runs):
        r._r.getparent().remove(r._r)
    runs = []
    for piece in (text[:start], words, text[start + len(words) :]):
        run = paragraph.add_run(piece)
        if rpr is not None:
            run._r.insert(0, copy.deepcopy(rpr))
        runs.append(run)
    return runs[1]


def tracked_insertion(document, after_words: str, inserted: str, change_id: int = 901):
    paragraph = paragraph_with(document, after_words)
    anchor = _split_run(paragraph, after_words)
    ins = anchor._r.makeelement(qn("w:ins"), {qn("w:id"): str(change_id), qn("w:author"): AUTHOR, qn("w:date"): DATE})
    run = copy.deepcopy(anchor._r)
    run.find(qn("w:t")).text = inserted
    run.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    ins.append(run)
    anchor._r.addnext(ins)


def tracked_deletion(document, words: str, change_id: int = 902):
    paragraph = paragraph_with(document, words)
    run = _split_run(paragraph, words)
    dele = run._r.makeelement(qn("w:del"), {qn("w:id"): str(change_id), qn("w:author"): AUTHOR, qn("w:date"): DATE})
    run._r.addprevious(dele)
    dele.append(run._r)
    t = run._r.find(qn("w:t"))
    t.tag = qn("w:delText")


def drop_identity_bookmarks(document) -> int:
    """What a program that keeps no bookmarks does: every identity bookmark gone."""
    body = document.element.body
    starts = [b for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name"), "").startswith("p")]
    ids = {b.get(qn("w:id")) for b in starts}
    for b in starts + [e for e in body.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) in ids]:
        b.getparent().remove(b)
    return len(starts)


def libreoffice_copy(soffice: str, source: Path, outdir: Path, profile: Path) -> Path:
    """``source`` opened and saved again as .docx by LibreOffice (headless)."""
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = outdir / source.name
    assert result.returncode == 0 and out.is_file(), result.stderr + result.stdout
    return out


def open_docx(path: Path):
    return docx.Document(str(path))
