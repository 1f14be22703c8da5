"""The Word file is reproducible (issue 26): the same tree builds the same bytes in another folder,
at another time. What differed before: docProps/core.xml's created/modified (the wall clock) and
every zip member's time."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
import zipfile
from pathlib import Path

from conftest import make_project, nonempty, run_build

STEM = "bao-cao-chinh-tri-du-thao-lan-4"


def build_docx(project: Path, env: dict | None = None) -> Path:
    r = run_build(project, "docx", env={"SOURCE_DATE_EPOCH": "", **(env or {})} if env else None)
    assert r.returncode == 0, r.stderr
    return project / "_build/docx" / f"{STEM}.docx"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_of_one_tree_in_two_folders_at_two_times_are_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = make_project(tmp_path / "may-a")
    second = tmp_path / "may-b" / "bao-cao"
    shutil.copytree(first, second)
    a = build_docx(first)
    time.sleep(2.1)  # a zip stores times to 2 s: the old file differed from one build to the next
    b = build_docx(second)
    assert sha(a) == sha(b)

    # the dates are the document's own: van_ban.yaml of the fixture, August 2025 (day still null)
    with zipfile.ZipFile(a) as z:
        times = {i.date_time for i in nonempty(z.infolist(), "members of the .docx", at_least=10)}
        core = z.read("docProps/core.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    assert times == {(2025, 8, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]+)<", core) == [
        ("created", "2025-07-31T17:00:00Z"),  # 1/8/2025 00:00 in Vietnam (+07:00)
        ("modified", "2025-07-31T17:00:00Z"),
    ]
    # no editing-session ids on the text (Word's random numbers); the one w:sectPr carries the
    # constant ones of the section properties it was made from
    assert re.findall(r"<w:(\w+)[^>]* w:rsid", document) == ["sectPr"]


def test_source_date_epoch_sets_the_dates_and_only_them(tmp_path):
    project = make_project(tmp_path)
    plain = build_docx(project).read_bytes()
    moment = dt.datetime(2026, 1, 2, 3, 4, 6, tzinfo=dt.UTC)
    stamped = build_docx(project, {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))})
    assert stamped.read_bytes() != plain
    with zipfile.ZipFile(stamped) as z, zipfile.ZipFile(__import__("io").BytesIO(plain)) as old:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 2, 3, 4, 6)}
        assert "2026-01-02T03:04:06Z" in z.read("docProps/core.xml").decode("utf-8")
        same = [n for n in z.namelist() if n != "docProps/core.xml"]
        assert nonempty(same, "members besides core.xml", at_least=10)
        assert all(z.read(n) == old.read(n) for n in same)
