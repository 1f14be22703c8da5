"""make publish: atomic switch of both editions, every draft kept, old site kept on failure — served by a
real nginx with the README's block (TLS, accounts)."""

from __future__ import annotations

import os
import shutil
import threading
import time

import draft_repo
import pytest
from draft_repo import build_site, edit, release
from nginx_site import serve

from build_scripts.cli.publish import publish
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.site.accounts import COMMITTEE, READERS, set_account

READER, READER_PW = "nguoidoc", "hoa-sen-mua-thu-2025"
EDITOR, EDITOR_PW = "bientap1", "lua-xanh-dong-que-9"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two successive sites: drafts 4-5, then drafts 4-6."""
    base = tmp_path_factory.mktemp("publish")
    repo = draft_repo.two_drafts(base / "p")
    r = build_site(repo, base / "site-a", base / "cache")
    assert r.returncode == 0, r.stderr
    edit(repo, "docs/phan-1.md", "rõ rệt", "rõ rệt, bền vững", "Thêm chữ")
    assert release(repo, "2025-10-01").returncode == 0
    r = build_site(repo, base / "site-b", base / "cache")
    assert r.returncode == 0, r.stderr
    return base / "site-a", base / "site-b"


@pytest.fixture
def nginx(tmp_path):
    """The README's nginx block over DEST (TLS, accounts: a reader and a committee member)."""
    dest = tmp_path / "www"
    dest.mkdir()
    set_account(dest, READER, READERS, READER_PW)
    set_account(dest, EDITOR, COMMITTEE, EDITOR_PW)
    with serve(tmp_path, dest) as server:
        yield server, dest


#: (path, who reads it)
PAGES = [
    *(
        (p, READER)
        for p in (
            "/index.html",
            "/moi-nhat/index.html",
            "/moi-nhat/phan-1.html",
            "/du-thao-lan-5/phan-1.html",
            "/so-sanh/du-thao-lan-4-voi-lan-5.html",
            "/moi-nhat/searchindex.js",
        )
    ),
    *(
        (p, EDITOR)
        for p in (
            "/to-bien-tap/index.html",
            "/to-bien-tap/moi-nhat/phan-1.html",
            "/to-bien-tap/so-sanh/du-thao-lan-4-voi-lan-5.html",
        )
    ),
]
PASSWORDS = {READER: READER_PW, EDITOR: EDITOR_PW}


def test_publish_twice_readers_see_one_whole_version(sites, nginx):
    site_a, site_b = sites
    server, dest = nginx
    publish(site_a, dest)

    def get(path, who, conn=None):
        status, _, body = server.get(path, who, PASSWORDS[who], conn=conn)
        return status, body

    for p, who in PAGES:
        assert get(p, who) == (200, (site_a / p.lstrip("/")).read_bytes()), p
    # the committee's pages differ from the readers' (else the test could not tell them apart)
    assert (site_a / "to-bien-tap/index.html").read_bytes() != (site_a / "index.html").read_bytes()

    versions = {
        p: {(site_a / p.lstrip("/")).read_bytes(): "a", (site_b / p.lstrip("/")).read_bytes(): "b"} for p, _ in PAGES
    }
    seen: list[tuple[str, int, str | None]] = []
    stop = threading.Event()

    def reader(who):
        pages = [(p, w) for p, w in PAGES if w == who]
        conn = server.connection()
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline and len(seen) < 20000:
            for p, w in pages:
                status, body = get(p, w, conn)
                seen.append((p, status, versions[p].get(body)))
        conn.close()

    threads = [threading.Thread(target=reader, args=(who,)) for who in (READER, EDITOR)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    during = len(seen)
    publish(site_b, dest)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    assert len(seen) > during > 0  # reads happened before, during and after the switch
    assert sum(len(v) == 2 for v in versions.values()) >= 6  # pages that tell the two sites apart
    bad = [s for s in seen if s[1] != 200 or s[2] is None]
    assert bad == [], bad[:5]
    # Each page flips from a to b once and never back.
    for p, _ in PAGES:
        order = "".join(v for q, _, v in seen if q == p)
        if len(versions[p]) == 2:  # (a comparison both sites share is the same file in both)
            assert "a" in order and "b" in order, p  # read before and after the switch
        assert order.lstrip("a").strip("b") == "", f"{p}: {order[:80]}"
    # After the second publish: the new site everywhere.
    for p, who in PAGES:
        assert get(p, who) == (200, (site_b / p.lstrip("/")).read_bytes()), p
    status, home = get("/index.html", READER)
    assert "Dự thảo lần 6".encode() in home
    assert os.path.islink(dest / "current")
    assert (dest / "tai-khoan" / "doc.htpasswd").is_file()  # the accounts stay beside the releases


def test_every_published_draft_is_kept(sites, tmp_path):
    site_a, site_b = sites
    dest = tmp_path / "www"
    publish(site_b, dest)
    # A later site that lacks draft 6 (say, built from an older clone) does not remove it.
    publish(site_a, dest)
    current = dest / "current"
    assert (current / "du-thao-lan-6/index.html").is_file()
    assert (current / "du-thao-lan-4/index.html").is_file()


def test_failed_publish_leaves_the_previous_site(sites, tmp_path, monkeypatch):
    site_a, site_b = sites
    dest = tmp_path / "www"
    first = publish(site_a, dest)
    real_copytree = shutil.copytree

    def broken(src, dst, *a, **k):
        real_copytree(src, dst, *a, **k)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copytree", broken)
    with pytest.raises(OSError):
        publish(site_b, dest)
    monkeypatch.undo()
    assert (dest / "current").resolve() == first.resolve()
    assert (dest / "current/index.html").read_bytes() == (site_a / "index.html").read_bytes()
    leftovers = [p.name for p in (dest / "releases").iterdir() if p.name != first.name]
    assert leftovers == []


def test_old_releases_are_pruned_but_current_kept(sites, tmp_path):
    site_a, _ = sites
    dest = tmp_path / "www"
    made = [publish(site_a, dest) for _ in range(5)]
    left = sorted(p.name for p in (dest / "releases").iterdir())
    assert left == sorted(p.name for p in made[-3:])
    assert (dest / "current").resolve() == made[-1].resolve()


def test_refuses_a_real_directory_named_current(sites, tmp_path):
    site_a, _ = sites
    dest = tmp_path / "www"
    (dest / "current").mkdir(parents=True)
    (dest / "current/index.html").write_text("trang cũ", encoding="utf-8")
    with pytest.raises(DraftError) as info:
        publish(site_a, dest)
    assert "không phải liên kết" in str(info.value)
    assert (dest / "current/index.html").read_text(encoding="utf-8") == "trang cũ"


def test_publish_without_a_site_is_a_clear_error(tmp_path):
    with pytest.raises(DraftError) as info:
        publish(tmp_path / "khong-co", tmp_path / "www")
    assert "make site" in str(info.value)
    assert not (tmp_path / "www").exists()


def test_every_published_draft_is_kept_in_its_own_edition(sites, tmp_path):
    site_a, site_b = sites
    dest = tmp_path / "www"
    publish(site_b, dest)
    publish(site_a, dest)  # lacks draft 6 in both editions
    current = dest / "current"
    d6 = (current / "du-thao-lan-6/phan-1.html").read_bytes()
    assert d6 == (site_b / "du-thao-lan-6/phan-1.html").read_bytes()
    c6 = (current / "to-bien-tap/du-thao-lan-6/phan-1.html").read_bytes()
    assert c6 == (site_b / "to-bien-tap/du-thao-lan-6/phan-1.html").read_bytes()


def test_a_release_from_before_the_two_editions_goes_to_the_committee_only(sites, tmp_path):
    """Its drafts were built with the committee's notes: kept, but never where readers read."""
    site_a, _ = sites
    dest = tmp_path / "www"
    old = dest / "releases" / "20250101T000000000000Z"
    (old / "du-thao-lan-3").mkdir(parents=True)
    (old / "du-thao-lan-3/index.html").write_text("Ghi chú cho tổ biên tập — cũ", encoding="utf-8")
    (old / "index.html").write_text("trang cũ", encoding="utf-8")
    os.symlink("releases/20250101T000000000000Z", dest / "current")
    publish(site_a, dest)
    current = dest / "current"
    assert not (current / "du-thao-lan-3").exists()
    assert (current / "to-bien-tap/du-thao-lan-3/index.html").read_text(encoding="utf-8").startswith("Ghi chú")


def test_a_site_of_one_edition_is_not_published(sites, tmp_path):
    site_a, _ = sites
    single = tmp_path / "site"
    shutil.copytree(site_a, single, ignore=shutil.ignore_patterns("to-bien-tap"))
    with pytest.raises(DraftError) as info:
        publish(single, tmp_path / "www")
    assert "to-bien-tap/index.html" in str(info.value) and "make site" in str(info.value)
    assert not (tmp_path / "www" / "current").exists()
