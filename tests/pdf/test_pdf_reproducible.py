"""Issue 26: one commit builds the same PDF bytes anywhere, any time; the draft watermark is
drawn, not text; _build/pdf holds only the PDF.

The builds run the committee's command (``python -m build_scripts.cli.build pdf``) in copies of
tests/fixtures/pdf (it builds as the final document too); the second build of a pair runs in another folder, at another wall-clock
second, in a time zone 26 hours away (so even the local *date* differs) and with another
hash seed. One test (marked slow in its name) does the same with the whole repository.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pdfplumber  # noqa: E402
import pikepdf  # noqa: E402
import pytest
import yaml
from conftest import REPO, make_project, require_tool, run_build

from build_scripts.core.data import load_data_text  # noqa: E402
from build_scripts.core.document import document_info_from  # noqa: E402
from build_scripts.core.messages import UserError  # noqa: E402
from build_scripts.core.reproducible import file_sha256, pdf_date, source_timestamp, stamp_content_id, timestamp_for  # noqa: E402
from build_scripts.pdf.pdf_post import WatermarkFontMissing, finish_pdf, text_outlines, watermark_texts  # noqa: E402

DRAFT = "_build/pdf/bao-cao-chinh-tri-du-thao-lan-4.pdf"
FINAL = "_build/chinh-thuc/pdf/bao-cao-chinh-tri-chinh-thuc.pdf"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
# POSIX TZ strings (no tzdata needed): UTC-12 and UTC+14
WEST, EAST = {"TZ": "AOE+12", "PYTHONHASHSEED": "1"}, {"TZ": "LINT-14", "PYTHONHASHSEED": "2"}
WATERMARK_TOKENS = re.compile(r"\b(?:DỰ|THẢO|ẢO|TH)\b")  # whole words: "XÂY DỰNG" is body text
WATERMARK_GREY = range(220, 229)  # 0.88 grey is 224; rendered without anti-aliasing, text is 0 or 255


def _info(van_ban: dict, final: bool = False):
    """The document as the build reads it, from a van_ban.yaml holding ``van_ban``."""
    text = yaml.safe_dump(van_ban, allow_unicode=True)
    return document_info_from(load_data_text(text, Path("source_data/van_ban.yaml"), "van_ban"), final or None)


def _van_ban(issued=None, day=None, month=8):
    return {"du_thao": {"so": 4, "ngay": issued}, "ngay_ban_hanh": {"ngay": day, "thang": month, "nam": 2025}}


def _build(project: Path, *args: str, env: dict | None = None) -> None:
    """A PDF build; SOURCE_DATE_EPOCH only when `env` gives it (Sphinx fails on an empty one)."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        result = run_build(project, "pdf", *args, env=env)
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert result.returncode == 0, result.stderr + result.stdout


def _copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(".git", ".venv", "_build", "__pycache__", ".pytest_cache", "node_modules"),
    )
    return target


# ---------------------------------------------------------------- the timestamp and the hash


def test_file_sha256(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.6\n" * 300_000)  # more than one read block
    assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_timestamp_is_the_drafts_issue_date_else_the_issue_month():
    env = {}
    assert timestamp_for(_info(_van_ban(issued=dt.date(2025, 8, 20))), environ=env) == dt.datetime(
        2025, 8, 20, tzinfo=VIETNAM
    )
    assert timestamp_for(_info(_van_ban()), environ=env) == dt.datetime(2025, 8, 1, tzinfo=VIETNAM)
    assert timestamp_for(_info(_van_ban(day=27)), environ=env) == dt.datetime(2025, 8, 27, tzinfo=VIETNAM)
    # the final document carries its own issue date, not the last draft's
    final = timestamp_for(_info(_van_ban(issued=dt.date(2025, 8, 20), day=27), final=True), environ=env)
    assert final == dt.datetime(2025, 8, 27, tzinfo=VIETNAM)


def test_source_date_epoch_wins_and_a_bad_one_is_explained():
    data = _info(_van_ban(issued=dt.date(2025, 8, 20)))
    assert timestamp_for(data, environ={"SOURCE_DATE_EPOCH": "1700000000"}) == dt.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC
    )
    with pytest.raises(UserError) as error:
        timestamp_for(data, environ={"SOURCE_DATE_EPOCH": "20/8/2025"})
    assert "SOURCE_DATE_EPOCH" in error.value.message and "Cách sửa" in error.value.format()
    with pytest.raises(UserError):
        timestamp_for(data, environ={"SOURCE_DATE_EPOCH": ""})  # Sphinx would fail on it too


@pytest.mark.parametrize("value", ["", "20/8/2025"])
def test_a_build_with_a_bad_source_date_epoch_says_so_in_vietnamese(tmp_path, value):
    project = make_project(tmp_path, "pdf")
    result = run_build(project, "pdf", env={"SOURCE_DATE_EPOCH": value})
    assert result.returncode != 0
    assert "Biến môi trường SOURCE_DATE_EPOCH" in result.stderr and "Cách sửa" in result.stderr, result.stderr
    assert "ValueError" not in result.stderr


def test_no_issue_year_is_an_error_naming_van_ban():
    with pytest.raises(UserError) as error:
        timestamp_for(_info({"du_thao": {"so": 4}}), environ={})
    assert "van_ban.yaml" in error.value.format()


def test_source_timestamp_of_the_repository():
    assert source_timestamp(REPO, environ={}).tzinfo is not None
    assert source_timestamp(REPO, environ={"SOURCE_DATE_EPOCH": "0"}) == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_pdf_date():
    assert pdf_date(dt.datetime(2025, 8, 1, tzinfo=VIETNAM)) == "D:20250801000000+07'00'"
    assert (
        pdf_date(dt.datetime(2025, 8, 1, 3, 4, 5, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30))))
        == "D:20250801030405-03'30'"
    )


def test_content_id_follows_the_content():
    zero = "<" + "00" * 16 + ">"
    pdf = f"%PDF-1.6\nbody\ntrailer\n<< /ID [ {zero} {zero} ] >>\n%%EOF\n".encode()
    stamped = stamp_content_id(pdf)
    digest = hashlib.sha256(pdf).digest()[:16].hex()
    assert stamped.count(digest.encode()) == 2 and zero.encode() not in stamped
    assert stamp_content_id(pdf.replace(b"body", b"bodY")) != stamped
    with pytest.raises(ValueError):
        stamp_content_id(stamped)


# ---------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The mini project built as a draft in two folders, at two moments and time zones, and the
    first also as the final document."""
    base = tmp_path_factory.mktemp("repro")
    first = make_project(base / "mot", "pdf")
    second = make_project(base / "hai-thu-muc-khac", "pdf")
    _build(first, env=WEST)
    time.sleep(1.1)  # another second of the clock
    _build(second, env=EAST)
    _build(first, "--final", env=WEST)
    return first, second


def test_two_builds_in_two_folders_at_two_times_are_byte_identical(pair):
    first, second = pair
    assert file_sha256(first / DRAFT) == file_sha256(second / DRAFT)


def test_dates_and_id_come_from_the_data(pair):
    first, _ = pair
    pdf = pikepdf.open(first / DRAFT)
    assert str(pdf.docinfo["/CreationDate"]) == "D:20250801000000+07'00'"  # ngay_ban_hanh: 8/2025
    assert str(pdf.docinfo["/ModDate"]) == "D:20250801000000+07'00'"
    data = (first / DRAFT).read_bytes()
    ident = bytes(pdf.trailer["/ID"][0])
    assert bytes(pdf.trailer["/ID"][1]) == ident
    zeroed = data.replace(b"<" + ident.hex().encode() + b">", b"<" + b"00" * 16 + b">")
    assert hashlib.sha256(zeroed).digest()[:16] == ident


def test_no_path_of_the_build_machine_in_the_pdf(pair):
    """Every object, streams decompressed: no folder of the build, no user name, no XMP."""
    first, _ = pair
    pdf = pikepdf.open(first / DRAFT)
    assert "/Metadata" not in pdf.Root
    chunks = [bytes(pdf.trailer.unparse())]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            chunks.append(obj.read_bytes())
            chunks.append(bytes(obj.stream_dict.unparse()))
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
            chunks.append(bytes(obj.unparse()))
    everything = b"\n".join(chunks)
    assert len(everything) > 100_000  # fonts were read decompressed
    for needle in (
        str(first).encode(),
        str(first.parent.parent).encode(),
        b"/tmp/",
        b"/root",
        b"/home/",
        b"dang-dung",
        b".rtc",
    ):
        assert needle not in everything, needle
    fonts = {str(font.get("/BaseFont")) for page in pdf.pages for font in page.Resources.get("/Font", {}).values()}
    assert fonts and all(re.fullmatch(r"/TeXGyreTermes-[A-Za-z]+-Identity-H", f) for f in fonts), fonts


def test_a_rebuild_with_rinohtypes_cache_is_identical_and_the_pdf_folder_holds_only_the_pdf(pair, tmp_path):
    first, _ = pair
    before = file_sha256(first / DRAFT)
    cache = first / "_build/.doctrees/pdf/rinoh/bao-cao-chinh-tri-du-thao-lan-4.rtc"
    assert cache.is_file()  # kept for the next build: it saves rinohtype passes
    # an older build left its working files beside the PDF: they go
    for suffix in (".rtc", ".stylelog"):
        (first / DRAFT).with_suffix(suffix).write_text("cũ", encoding="utf-8")
    _build(first, env=EAST)
    assert sorted(p.name for p in (first / "_build/pdf").iterdir()) == [Path(DRAFT).name]
    assert sorted(p.name for p in (first / "_build/chinh-thuc/pdf").iterdir()) == [Path(FINAL).name]
    assert file_sha256(first / DRAFT) == before


def test_source_date_epoch_sets_the_dates(tmp_path, pair):
    project = make_project(tmp_path, "pdf")
    _build(project, env={"SOURCE_DATE_EPOCH": "1756684800"})  # 2025-09-01 00:00 UTC
    pdf = pikepdf.open(project / DRAFT)
    assert str(pdf.docinfo["/CreationDate"]) == "D:20250901000000+00'00'"
    assert file_sha256(project / DRAFT) != file_sha256(pair[0] / DRAFT)


# ---------------------------------------------------------------- the watermark


def _pdftotext_pages(path: Path) -> list[str]:
    tool = require_tool("pdftotext", "poppler-utils")
    text = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_watermark_is_no_text_of_the_page(pair):
    first, _ = pair
    draft_pages = _pdftotext_pages(first / DRAFT)
    final_pages = _pdftotext_pages(first / FINAL)
    assert len(draft_pages) >= 2
    for number, page in enumerate(draft_pages, 1):
        assert not WATERMARK_TOKENS.findall(page), (number, WATERMARK_TOKENS.findall(page))
    with pdfplumber.open(first / DRAFT) as pdf:
        for page in pdf.pages:
            assert not WATERMARK_TOKENS.findall(page.extract_text() or ""), page.page_number
    # the draft's words are the final's (less the draft label): nothing added between lines
    draft_words = {w for page in draft_pages for w in page.split()}
    final_words = {w for page in final_pages for w in page.split()}
    assert draft_words - final_words <= {"(Dự", "thảo", "lần", "4)"}, draft_words - final_words


def test_watermark_is_drawn_as_outlines_on_every_draft_page_and_not_on_the_final(pair):
    first, _ = pair
    pages = watermark_texts(first / DRAFT)
    assert pages == [["DỰ THẢO"]] * len(pages)
    assert watermark_texts(first / FINAL) == [[]] * len(watermark_texts(first / FINAL))
    pdf = pikepdf.open(first / DRAFT)
    appearance = next(a for a in pdf.pages[0].Annots if a.Subtype == "/Watermark").AP.N
    content = appearance.read_bytes()
    assert b"BT" not in content and b"Tj" not in content and "/Font" not in appearance.Resources
    assert content.count(b" f Q") == len("DỰTHẢO")
    outlines, _ = text_outlines("DỰ THẢO")
    assert outlines.encode() in content


def test_watermark_text_is_nfc_and_a_missing_glyph_is_named(pair, tmp_path):
    first, _ = pair
    target = tmp_path / "nfd.pdf"
    finish_pdf(first / FINAL, target, watermark=unicodedata.normalize("NFD", "DỰ THẢO"))
    assert watermark_texts(target)[0] == ["DỰ THẢO"]  # NFC: 'Ự' one glyph, not U + two marks
    with pytest.raises(WatermarkFontMissing) as missing:
        finish_pdf(first / FINAL, target, watermark="DỰ THẢO 中")
    assert missing.value.args == ("中",)


def _grey_pixels(path: Path, page: int) -> int:
    from PIL import Image

    tool = require_tool("pdftoppm", "poppler-utils")
    prefix = path.parent / f"render-{page}"
    subprocess.run(
        [
            tool,
            "-png",
            "-gray",
            "-r",
            "50",
            "-aa",
            "no",
            "-aaVector",
            "no",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    image = Image.open(f"{prefix}.png").convert("L")
    try:
        return sum(image.histogram()[v] for v in WATERMARK_GREY)
    finally:
        Path(f"{prefix}.png").unlink()


def test_watermark_is_visible_when_printed(pair, tmp_path):
    first, _ = pair
    draft, final = tmp_path / "draft.pdf", tmp_path / "final.pdf"
    shutil.copy(first / DRAFT, draft)
    shutil.copy(first / FINAL, final)
    draft_grey, final_grey = _grey_pixels(draft, 1), _grey_pixels(final, 1)
    # A4 at 50 dpi is 413 x 585 px; the letters cover some thousands of them
    assert draft_grey > 3000, draft_grey
    assert final_grey < 50, final_grey


# ---------------------------------------------------------------- the real report (slow)


def test_slow_real_repository_builds_byte_identical_in_two_folders(tmp_path):
    """Slow (two full PDF builds of the report, ~15 s each)."""
    first = _copy_tree(REPO, tmp_path / "ban-mot")
    second = _copy_tree(REPO, tmp_path / "thu-muc" / "ban-hai")
    _build(first, env=WEST)
    time.sleep(1.1)
    _build(second, env=EAST)
    pdfs = [sorted((root / "_build/pdf").glob("*.pdf")) for root in (first, second)]
    assert len(pdfs[0]) == 1 and [p.name for p in pdfs[0]] == [p.name for p in pdfs[1]]
    assert file_sha256(pdfs[0][0]) == file_sha256(pdfs[1][0])
    with pikepdf.open(pdfs[0][0]) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == pdf_date(source_timestamp(first, environ={}))


def test_a_watermark_letter_missing_from_the_font_is_named_in_vietnamese(tmp_path):
    project = make_project(tmp_path, "pdf")
    with open(project / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\nbao_cao_watermark = "DỰ THẢO 中"\n')
    result = run_build(project, "pdf")
    assert result.returncode != 0
    line = len((project / "conf.py").read_text(encoding="utf-8").splitlines())
    assert f"conf.py:{line}:" in result.stderr and "'中'" in result.stderr and "bao_cao_watermark" in result.stderr, (
        result.stderr
    )
    assert not (project / DRAFT).exists()
