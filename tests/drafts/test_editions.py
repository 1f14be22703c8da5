"""make site, two editions (issue 28): the readers' one at the root holds nothing of the committee's."""

from __future__ import annotations

import datetime as dt

import draft_repo
import pytest
from conftest import nonempty
from draft_repo import NOTE_4, NOTE_5, NOTE_WORDS, build_site

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.register import RegisterEntry
from build_scripts.core.site.builds import DraftBuild
from build_scripts.core.site.editions import COMMITTEE_DIR, assemble_editions, committee_traces, without_notes

READERS_PAGES = ("index.html", "moi-nhat/phan-1.html", "du-thao-lan-4/phan-1.html", "du-thao-lan-5/phan-1.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("editions")
    repo = draft_repo.drafts_with_notes(base / "p")
    r = build_site(repo, base / "out", base / "cache")
    assert r.returncode == 0, r.stderr
    return base / "out"


def _readers_files(out):
    return [p for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] != COMMITTEE_DIR]


def test_committee_edition_has_every_note(site):
    committee = site / COMMITTEE_DIR
    d4 = (committee / "du-thao-lan-4/phan-1.html").read_text(encoding="utf-8")
    d5 = (committee / "moi-nhat/phan-1.html").read_text(encoding="utf-8")
    assert NOTE_4 in d4 and "Ghi chú cho tổ biên tập" in d4
    assert NOTE_5 in d5 and NOTE_4 not in d5
    redline = (committee / "so-sanh/du-thao-lan-4-voi-lan-5.html").read_text(encoding="utf-8")
    assert "zqxnamnotnam" in redline  # the committee sees the notes change too
    assert "bản của tổ biên tập" in (committee / "index.html").read_text(encoding="utf-8")
    assert (committee / "gop-y").is_dir()  # the review register's place


def test_readers_files_hold_no_note_not_even_of_a_draft_whose_own_code_printed_them(site):
    # draft 4's own code (draft_repo.drafts_with_notes) puts notes in its readers' edition:
    # the site builds that edition with today's builder instead
    texts = {}
    for path in nonempty(_readers_files(site), "files of the readers' edition", 30):
        texts[path] = path.read_bytes().decode("utf-8", errors="replace").lower()
    searched = [p.name for p in texts]
    assert "searchindex.js" in searched and "muc-tim-kiem.js" in searched
    for path, text in texts.items():
        for word in (*NOTE_WORDS, NOTE_4.lower(), NOTE_5.lower()):
            assert word not in text, (path, word)
        if path.suffix != ".css":  # the style sheet styles the notes' box, by name
            assert "ghi chú cho tổ biên tập" not in text and "ghi-chu-bien-tap" not in text, path
    # the readers' pages are the drafts themselves, words and all
    d4 = (site / "du-thao-lan-4/phan-1.html").read_text(encoding="utf-8")
    d5 = (site / "du-thao-lan-5/phan-1.html").read_text(encoding="utf-8")
    assert "Dự thảo lần 4" in d4 and "tăng cường" in d4 and "Phát triển kinh tế" in d4
    assert "Dự thảo lần 5" in d5 and "đẩy mạnh" in d5
    redline = (site / "so-sanh/du-thao-lan-4-voi-lan-5.html").read_text(encoding="utf-8")
    assert "<ins>đẩy mạnh</ins>" in redline
    assert committee_traces(site) == []


def test_readers_home_does_not_link_the_committee_edition(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert COMMITTEE_DIR not in home and "Dự thảo lần 5" in home


def test_without_notes_keeps_lines_and_nested_blocks():
    text = (
        "Đoạn một.\n::::{ghi-chu} Chủ đề\nGhi chú.\n:::{note}\nLồng.\n:::\nVẫn ghi chú.\n::::\nĐoạn hai.\n"
        "```{ghi-chu}\nNữa.\n```\nĐoạn ba.\n"
    )
    out = without_notes(text)
    assert out.split("\n") == ["Đoạn một.", *[""] * 7, "Đoạn hai.", "", "", "", "Đoạn ba.", ""]
    assert without_notes("Không có ghi chú.\n") == "Không có ghi chú.\n"


def _fake_builds(tmp_path, body: str, tag: str) -> list[DraftBuild]:
    html = tmp_path / f"html-{tag}"
    html.mkdir()
    (html / "index.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return [DraftBuild(RegisterEntry(4, dt.date(2025, 8, 20), "c" * 40), html, None, 1.0, False)]


def test_committee_pages_go_to_the_committee_edition_only(tmp_path):
    """The review register's reports (gop-y/) name reviewers: the committee's edition holds them."""
    readers = _fake_builds(tmp_path, "Văn bản.", "doc")
    committee = _fake_builds(tmp_path, "Văn bản.", "bt")
    page = "<html><body>Đồng chí Lê Thị Zqxgopy góp ý mục 2.</body></html>"
    assemble_editions(readers, {}, committee, {}, tmp_path / "out", committee_pages={"gop-y/tong-hop.html": page})
    assert (tmp_path / "out" / COMMITTEE_DIR / "gop-y/tong-hop.html").read_text(encoding="utf-8") == page
    for path in nonempty(_readers_files(tmp_path / "out"), "readers' files", 3):
        assert "Zqxgopy" not in path.read_text(encoding="utf-8"), path
    with pytest.raises(DraftError):  # nowhere outside the committee's edition
        assemble_editions(readers, {}, committee, {}, tmp_path / "o2", committee_pages={"../x.html": page})


def test_a_readers_build_with_a_note_is_refused(tmp_path):
    readers = _fake_builds(tmp_path, '<div class="admonition ghi-chu-bien-tap">Chờ số.</div>', "doc")
    committee = _fake_builds(tmp_path, "Văn bản.", "bt")
    with pytest.raises(DraftError) as info:
        assemble_editions(readers, {}, committee, {}, tmp_path / "out")
    assert "du-thao-lan-4/index.html" in str(info.value) and "người phát triển" in str(info.value)
