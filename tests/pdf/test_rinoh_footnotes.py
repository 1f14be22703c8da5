"""Every footnote reaches the PDF (build_scripts/pdf/footnote_fix.py, rinohtype 0.5.6 bug).

The PDFs are read back with pdfplumber. A reference mark is a run of digits set
smaller than the text of its line (never at the start of a line). A footnote is
found by its text: a line that starts with a number followed by the first words
of one footnote definition from the source; that number is the note's label.

Fixtures (tests/fixtures/footnotes/, built with rinohtype's own template):
``drop/`` — without the fix rinohtype silently loses the notes of a page;
``crash/`` — without the fix rinohtype stops with ``AssertionError``;
``early/`` — without the fix a note is printed on the page before its mark;
``tall/`` — a note taller than a page's footnote area: it must be split;
``huge/`` — a note taller than a page in its first line: a clear error, no endless pages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from statistics import median

import pytest

pdfplumber = pytest.importorskip("pdfplumber")

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "footnotes"
SWITCH = "BAO_CAO_SUA_CHU_THICH"
REPORT_FOOTNOTES = 20
PREFIX_CHARS = 20
DIGITS = "0123456789"
DEFINITION = re.compile(r"^\[\^([^\]]+)\]:[ \t]*(.*)$", re.M)


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def definitions(folder: Path) -> dict[str, str]:
    """{label: first words} of the footnote definitions in folder/**.md (text before any Jinja)."""
    found = {}
    for path in sorted(folder.rglob("*.md")):
        for label, text in DEFINITION.findall(path.read_text(encoding="utf-8")):
            text = re.split(r"\{[{%]", text)[0].replace("\\", "")
            found[label] = _squash(text)[:PREFIX_CHARS]
    return found


# --- reading footnotes back from a PDF ----------------------------------------------------


def _digit_runs(chars):
    """(start, end) index pairs of consecutive digit characters."""
    runs, start = [], None
    for i, ch in enumerate(chars + [{"text": " "}]):
        if len(ch["text"]) == 1 and ch["text"] in DIGITS:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    return runs


def read_pdf(pdf_path: Path, prefixes: dict[str, str]):
    """({mark number: first page}, {definition label: [(note number, page), ...]}), pages from 1."""
    marks, notes = {}, {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for line in page.extract_text_lines(return_chars=True):
                chars = [c for c in line["chars"] if not c["text"].isspace()]
                if not chars:
                    continue
                line_size = median(c["size"] for c in chars)
                for start, end in _digit_runs(chars)[1:] if chars[0]["text"] in DIGITS else _digit_runs(chars):
                    if max(c["size"] for c in chars[start:end]) < 0.85 * line_size:
                        value = int("".join(c["text"] for c in chars[start:end]))
                        marks.setdefault(value, number)
                text = _squash("".join(c["text"] for c in chars))
                label = re.match(r"\d+", text)
                if label:
                    rest = text[label.end() :]
                    for key, prefix in prefixes.items():
                        if prefix and rest.startswith(prefix):
                            notes.setdefault(key, []).append((int(label.group()), number))
    return marks, notes


def check_footnotes(pdf_path: Path, prefixes: dict[str, str], same_page: bool = False):
    """(problems, {page: [note numbers]}): problems is '' when every note is there once,
    numbered 1..N, on the page of its mark (or, unless same_page, a later page)."""
    marks, notes = read_pdf(pdf_path, prefixes)
    problems, by_number, per_page = [], {}, {}
    for key in prefixes:
        places = notes.get(key, [])
        if len(places) != 1:
            problems.append(f"note [^{key}] found {len(places)} times {places}")
            continue
        value, page = places[0]
        if value in by_number:
            problems.append(f"number {value} used by [^{by_number[value][0]}] and [^{key}]")
        by_number[value] = (key, page)
        per_page.setdefault(page, []).append(value)
    if sorted(by_number) != list(range(1, len(prefixes) + 1)) and not problems:
        problems.append(f"note numbers {sorted(by_number)} are not 1..{len(prefixes)}")
    for value, (key, page) in sorted(by_number.items()):
        mark = marks.get(value)
        if mark is None:
            problems.append(f"mark {value} not found (note [^{key}] on page {page})")
        elif page < mark or (same_page and page != mark):
            problems.append(f"note {value} [^{key}] on page {page}, its mark on page {mark}")
    return "; ".join(problems), {p: sorted(v) for p, v in sorted(per_page.items())}


# --- builds (once per session) -------------------------------------------------------------


def _sphinx_build(
    srcdir: Path, confdir: Path, outdir: Path, patched: bool, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), SWITCH: "1" if patched else "0"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "rinoh",
            "-q",
            "-E",
            "-c",
            str(confdir),
            *extra,
            str(srcdir),
            str(outdir),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


class Build:
    def __init__(self, result: subprocess.CompletedProcess, pdf: Path):
        self.result, self.pdf = result, pdf

    @property
    def log(self) -> str:
        return self.result.stdout[-3000:] + "\n" + self.result.stderr[-3000:]

    def require_pdf(self) -> Path:
        assert self.result.returncode == 0 and self.pdf.is_file(), self.log
        return self.pdf


VARIANTS = {  # variant: (conf.py folder, also built without the fix)
    "drop": (FIXTURE, True),
    "crash": (FIXTURE, True),
    "early": (FIXTURE / "early", True),
    "tall": (FIXTURE, False),
    "huge": (FIXTURE / "huge", False),
}


@pytest.fixture(scope="session")
def fixture_builds(tmp_path_factory):
    """{(variant, patched): Build} for the fixture documents."""
    builds = {}
    for variant, (confdir, also_raw) in VARIANTS.items():
        for patched in (True, False) if also_raw else (True,):
            out = tmp_path_factory.mktemp(f"fn-{variant}-{'fix' if patched else 'raw'}")
            result = _sphinx_build(FIXTURE / variant, confdir, out, patched)
            builds[variant, patched] = Build(result, out / "fixture.pdf")
    return builds


@pytest.fixture(scope="session")
def report_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("fn-report")
    result = _sphinx_build(REPO / "docs", REPO, out, patched=True)
    pdfs = sorted(out.glob("*.pdf"))
    return Build(result, pdfs[0] if pdfs else out / "missing.pdf")


# --- tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["drop", "crash", "early"])
def test_fixture_every_note_on_the_page_of_its_mark(fixture_builds, variant):
    pdf = fixture_builds[variant, True].require_pdf()
    prefixes = definitions(FIXTURE / variant)
    assert len(prefixes) == (10 if variant == "early" else 9)
    problems, per_page = check_footnotes(pdf, prefixes, same_page=True)
    assert problems == "", per_page


def test_fixture_drop_loses_notes_without_the_fix(fixture_builds):
    build = fixture_builds["drop", False]
    pdf = build.require_pdf()  # rinohtype finishes "successfully" ...
    problems, per_page = check_footnotes(pdf, definitions(FIXTURE / "drop"))
    assert "found 0 times" in problems, per_page  # ... but notes are gone


def test_fixture_crash_fails_without_the_fix(fixture_builds):
    build = fixture_builds["crash", False]
    assert build.result.returncode != 0
    assert "assert self._allocation_phase" in build.log or "AssertionError" in build.log


def test_fixture_early_prints_a_note_before_its_mark_without_the_fix(fixture_builds):
    pdf = fixture_builds["early", False].require_pdf()
    problems, per_page = check_footnotes(pdf, definitions(FIXTURE / "early"), same_page=True)
    assert re.search(r"note 5 \[\^n05\] on page (\d+), its mark on page (\d+)", problems), per_page
    found, mark = map(int, re.search(r"on page (\d+), its mark on page (\d+)", problems).groups())
    assert found < mark


def test_fixture_note_taller_than_a_page_is_split(fixture_builds):
    pdf = fixture_builds["tall", True].require_pdf()
    problems, per_page = check_footnotes(pdf, definitions(FIXTURE / "tall"))
    assert problems == "", per_page
    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    # the tall note starts on the page of its mark and ends on the next page
    first = [i for i, t in enumerate(pages) if "DAIBATDAU" in t]
    last = [i for i, t in enumerate(pages) if "DAIKETTHUC" in t]
    assert len(first) == len(last) == 1
    assert last[0] == first[0] + 1
    assert per_page.get(first[0] + 1) == [5]


def test_fixture_note_that_fits_nowhere_stops_the_build_in_vietnamese(fixture_builds):
    build = fixture_builds["huge", True]
    assert build.result.returncode != 0
    definition_line = next(
        i
        for i, line in enumerate((FIXTURE / "huge" / "noidung.md").read_text(encoding="utf-8").splitlines(), start=1)
        if line.startswith("[^qua-lon]:")
    )
    assert f"noidung.md:{definition_line}: chú thích [^qua-lon]: không đặt được" in build.log
    assert "Cách sửa:" in build.log


def test_report_has_every_footnote(report_build):
    pdf = report_build.require_pdf()
    prefixes = definitions(REPO / "docs")
    assert len(prefixes) == REPORT_FOOTNOTES
    problems, per_page = check_footnotes(pdf, prefixes)
    assert problems == "", f"{problems}\nnotes per page: {per_page}"


def test_patch_is_idempotent_and_switchable(monkeypatch):
    from rinoh.layout import FootnoteContainer

    from build_scripts.pdf import footnote_fix, rinoh_patches

    monkeypatch.setenv(SWITCH, "0")
    assert not rinoh_patches.is_enabled()
    monkeypatch.setenv(SWITCH, "1")
    assert rinoh_patches.is_enabled()
    rinoh_patches.apply_patch()
    patched = FootnoteContainer.add_footnote
    rinoh_patches.apply_patch()
    assert FootnoteContainer.add_footnote is patched is footnote_fix.add_footnote


def test_the_fix_refuses_a_rinohtype_it_was_not_written_for():
    """The fix replaces rinohtype 0.5.6's own methods; on another release it must not run blind."""
    import rinoh

    from build_scripts.core.messages import UserError
    from build_scripts.pdf import footnote_fix

    assert rinoh.__version__ == footnote_fix.WRITTEN_FOR  # the pinned release passes
    footnote_fix.check_rinohtype_version()
    with pytest.raises(UserError) as info:
        footnote_fix.check_rinohtype_version("0.5.7")
    text = info.value.format()
    assert "rinohtype 0.5.6" in text and "rinohtype 0.5.7" in text and "requirements.in" in text
