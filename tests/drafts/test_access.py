"""Who may read what (issue 28): the README's nginx block, served by a real nginx over TLS, with the
accounts `make nguoi-dung` writes; and the accounts' files themselves."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import subprocess
import sys
import time
import urllib.parse

import draft_repo
import pytest
from conftest import REPO, nonempty
from draft_repo import NOTE_4, NOTE_5, NOTE_WORDS, build_site
from nginx_site import readme_block, serve

from build_scripts.cli.publish import publish
from build_scripts.core.site.accounts import (
    COMMITTEE,
    READERS,
    AccountError,
    account_file,
    accounts,
    remove_account,
    set_account,
)
from build_scripts.core.site.editions import COMMITTEE_DIR

READER, READER_PW = "nguoidoc", "hoa-sen-mua-thu-2025"
EDITOR, EDITOR_PW = "bientap1", "lua-xanh-dong-que-9"
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("access")
    repo = draft_repo.drafts_with_notes(base / "p")
    r = build_site(repo, base / "out", base / "cache")
    assert r.returncode == 0, r.stderr
    return base / "out"


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    work = tmp_path_factory.mktemp("server")
    dest = work / "www"
    publish(site, dest)
    set_account(dest, READER, READERS, READER_PW)
    set_account(dest, EDITOR, COMMITTEE, EDITOR_PW)
    with serve(work, dest) as s:
        yield s


def _urls(root, under: str = "") -> list[str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return ["/" + under + urllib.parse.quote(p.relative_to(root).as_posix()) for p in files]


@pytest.fixture(scope="module")
def paths(site):
    readers = [u for u in _urls(site) if not u.startswith(f"/{COMMITTEE_DIR}/")]
    committee = _urls(site / COMMITTEE_DIR, COMMITTEE_DIR + "/")
    nonempty(readers, "files of the readers' edition", 30)
    nonempty(committee, "files of the committee's edition", 30)
    for needed in ("/moi-nhat/searchindex.js", "/moi-nhat/_static/muc-tim-kiem.js"):
        assert needed in readers and f"/{COMMITTEE_DIR}{needed}" in committee
    return readers, committee


def test_anonymous_gets_401_everywhere(server, paths):
    readers, committee = paths
    with contextlib.closing(server.connection()) as conn:
        for url in [*readers, *committee, "/", f"/{COMMITTEE_DIR}/", "/khong-co.html"]:
            status, headers, body = server.get(url, conn=conn)
            assert status == 401, url
            assert headers.get("www-authenticate", "").startswith("Basic"), url
            assert b"zqx" not in body


def test_a_reader_reads_the_readers_edition_only(server, site, paths):
    readers, committee = paths
    with contextlib.closing(server.connection()) as conn:
        for url in readers:
            status, _, body = server.get(url, READER, READER_PW, conn=conn)
            assert status == 200, url
            assert body == (site / urllib.parse.unquote(url).lstrip("/")).read_bytes(), url
        for url in committee:
            status, _, body = server.get(url, READER, READER_PW, conn=conn)
            assert status in (401, 403), url
            assert b"zqx" not in body, url
        assert server.get("/index.html", READER, "sai-mat-khau-roi", conn=conn)[0] == 401
        assert server.get("/index.html", "khong-co-ai", READER_PW, conn=conn)[0] == 401


@pytest.mark.parametrize(
    "path",
    [
        "/to-bien-tap",
        "/to-bien-tap/",
        "//to-bien-tap/index.html",
        "/./to-bien-tap/index.html",
        "/moi-nhat/../to-bien-tap/index.html",
        "/%74o-bien-tap/index.html",
        "/to-bien-tap%2Fmoi-nhat%2Fphan-1.html",
        "/to-bien-tap/moi-nhat/searchindex.js",
        "/to-bien-tap/gop-y/",
    ],
)
def test_a_reader_finds_no_way_round_to_the_committee(server, path):
    status, _, body = server.get(path, READER, READER_PW)
    assert status in (401, 403), (path, status)
    assert b"zqx" not in body and "Ghi chú cho tổ biên tập".encode() not in body


def test_a_committee_member_reads_both_editions(server, site, paths):
    readers, committee = paths
    with contextlib.closing(server.connection()) as conn:
        for url in [*readers, *committee]:
            status, _, body = server.get(url, EDITOR, EDITOR_PW, conn=conn)
            assert status == 200, url
            assert body == (site / urllib.parse.unquote(url).lstrip("/")).read_bytes(), url
    status, _, page = server.get(f"/{COMMITTEE_DIR}/du-thao-lan-4/phan-1.html", EDITOR, EDITOR_PW)
    assert NOTE_4.encode() in page


def test_the_readers_published_tree_holds_no_note(server, site):
    """Every served file of the readers' edition, as nginx sends it to a reader."""
    current = server.dest / "current"
    files = [p for p in current.rglob("*") if p.is_file() and p.relative_to(current).parts[0] != COMMITTEE_DIR]
    words = [w.encode() for w in (*NOTE_WORDS, NOTE_4, NOTE_5)]
    for path in nonempty(files, "published files of the readers' edition", 30):
        data = path.read_bytes().lower()
        assert not [w for w in words if w.lower() in data], path
    committee = b"".join(p.read_bytes() for p in (current / COMMITTEE_DIR).rglob("*.html"))
    assert NOTE_4.encode() in committee and NOTE_5.encode() in committee  # the check could fail


def test_headers_and_no_directory_listing(server):
    for user, password, path, expected in (
        (None, "", "/index.html", 401),
        (READER, READER_PW, "/index.html", 200),
        (READER, READER_PW, "/moi-nhat/_static/bao-cao.css", 200),
        (EDITOR, EDITOR_PW, f"/{COMMITTEE_DIR}/index.html", 200),
    ):
        status, headers, _ = server.get(path, user, password)
        assert status == expected, path
        for name, value in HEADERS.items():
            assert headers.get(name) == value, (path, name, headers)
        csp = headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert server.get("/index.html", READER, READER_PW)[1].get("cache-control") == "no-cache"
    assert "cache-control" not in server.get("/moi-nhat/_static/bao-cao.css", READER, READER_PW)[1]
    # pdf/ has no index.html (a site built without PDFs: empty), _static/ neither
    for path in ("/pdf/", "/moi-nhat/_static/", f"/{COMMITTEE_DIR}/gop-y/"):
        status, _, body = server.get(path, EDITOR, EDITOR_PW)
        assert status in (403, 404), path
        assert b"Index of" not in body and b"bao-cao.css" not in body, path


def test_http_is_sent_to_https(server):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=5)
    conn.request("GET", "/moi-nhat/phan-1.html")
    resp = conn.getresponse()
    assert resp.status == 301
    assert resp.getheader("Location") == "https://127.0.0.1/moi-nhat/phan-1.html"
    assert b"zqx" not in resp.read()  # nothing of the site over plain HTTP
    conn.close()


def test_a_page_with_its_files_takes_under_0_2_s(server):
    """nginx checks the bcrypt hash on every request: the page and each file it loads (one
    keep-alive connection, one after the other: slower than a browser's parallel requests)."""
    page = "/moi-nhat/phan-1.html"
    status, _, body = server.get(page, READER, READER_PW)
    assert status == 200
    assets = sorted(set(re.findall(r'(?:src|href)="(_static/[^"#?]+)', body.decode("utf-8"))))
    nonempty(assets, "files the page loads", 8)
    timings = []
    for _ in range(5):
        with contextlib.closing(server.connection()) as conn:
            server.get("/favicon-none", READER, READER_PW, conn=conn)  # TLS handshake first
            started = time.perf_counter()
            for url in [page, *("/moi-nhat/" + a for a in assets)]:
                assert server.get(url, READER, READER_PW, conn=conn)[0] == 200, url
            timings.append(time.perf_counter() - started)
    print(f"\n{1 + len(assets)} requests: best {min(timings) * 1000:.0f} ms, median {sorted(timings)[2] * 1000:.0f} ms")
    assert min(timings) < 0.2, timings


def test_removing_or_moving_an_account_takes_effect_at_once(server):
    dest = server.dest
    set_account(dest, "tamthoi", COMMITTEE, "mat-khau-tam-thoi-1")
    committee_page = f"/{COMMITTEE_DIR}/index.html"
    assert server.get(committee_page, "tamthoi", "mat-khau-tam-thoi-1")[0] == 200
    set_account(dest, "tamthoi", READERS, "mat-khau-tam-thoi-2")  # left the committee, still a reader
    assert server.get(committee_page, "tamthoi", "mat-khau-tam-thoi-2")[0] == 401
    assert server.get("/index.html", "tamthoi", "mat-khau-tam-thoi-2")[0] == 200
    assert server.get("/index.html", "tamthoi", "mat-khau-tam-thoi-1")[0] == 401  # the old password
    assert remove_account(dest, "tamthoi") == READERS
    assert server.get("/index.html", "tamthoi", "mat-khau-tam-thoi-2")[0] == 401
    assert "tamthoi" not in accounts(dest)


def test_every_inline_script_of_the_site_is_allowed_by_the_readme_csp(site):
    """Furo's two inline scripts run under the CSP by their hashes: a new or changed one (a Sphinx
    or Furo upgrade) must be added to the README's block, or it is blocked in the browser."""
    csp = re.search(r'Content-Security-Policy "([^"]+)"', readme_block()).group(1)
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = set()
    for page in nonempty(site.rglob("*.html"), "pages of the site", 20):
        text = page.read_text(encoding="utf-8")
        scripts |= set(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S))
        assert not re.search(r"\son[a-z]+=\"", text), page  # event attributes would need 'unsafe-inline'
    hashes = {base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in scripts}
    assert nonempty(hashes, "inline scripts") and hashes <= allowed, hashes - allowed


# --- the accounts' files -------------------------------------------------------------------


def test_accounts_files_hold_bcrypt_hashes_and_committee_in_both(tmp_path):
    set_account(tmp_path, "nguoidoc", READERS, READER_PW)
    set_account(tmp_path, "bientap1", COMMITTEE, EDITOR_PW)
    doc = account_file(tmp_path, READERS).read_text(encoding="utf-8")
    bt = account_file(tmp_path, COMMITTEE).read_text(encoding="utf-8")
    assert re.fullmatch(r"(nguoidoc|bientap1):\$2b\$06\$[./A-Za-z0-9]{53}\n(nguoidoc|bientap1):\$2b\$06\$\S{53}\n", doc)
    assert re.fullmatch(r"bientap1:\$2b\$06\$[./A-Za-z0-9]{53}\n", bt)
    assert READER_PW not in doc + bt and EDITOR_PW not in doc + bt
    assert os.stat(account_file(tmp_path, READERS)).st_mode & 0o777 == 0o640
    assert accounts(tmp_path) == {"nguoidoc": READERS, "bientap1": COMMITTEE}


@pytest.mark.parametrize(
    ("name", "group", "password", "says"),
    [
        ("", READERS, READER_PW, "Chưa có tên tài khoản"),
        ("Nguyễn", READERS, READER_PW, "không dùng được"),
        ("a:b", READERS, READER_PW, "không dùng được"),
        ("nguoidoc", "quan-tri", READER_PW, "Không có nhóm «quan-tri»"),
        ("nguoidoc", READERS, "", "Mật khẩu trống"),
        ("nguoidoc", READERS, "ngan", "ngắn quá"),
        ("nguoidoc", READERS, "aaaaaaaaaaaaa", "lặp lại"),
        ("nguoidoc", READERS, "nguoidoc-2025", "tên tài khoản"),
        ("nguoidoc", READERS, "hoa sen nở trên đồng quê Việt Nam " * 3, "dài quá"),
    ],
)
def test_refused_accounts_say_why_and_write_nothing(tmp_path, name, group, password, says):
    with pytest.raises(AccountError) as info:
        set_account(tmp_path, name, group, password)
    assert says in str(info.value) and "Cách sửa" in str(info.value)
    assert not account_file(tmp_path, READERS).exists()


def _make_accounts(dest, *args, env=None, stdin=subprocess.DEVNULL):
    full = {k: v for k, v in os.environ.items() if k != "MAT_KHAU"}
    full.update({"PYTHONPATH": str(REPO), **(env or {})})
    cmd = [sys.executable, "-m", "build_scripts.cli.accounts", "--dest", str(dest), *args]
    return subprocess.run(cmd, env=full, capture_output=True, text=True, stdin=stdin, timeout=60)


def test_make_nguoi_dung_adds_changes_lists_and_removes(tmp_path):
    r = _make_accounts(tmp_path, "--them", "tranthib", "--nhom", "bien-tap", env={"MAT_KHAU": EDITOR_PW})
    assert r.returncode == 0, r.stderr
    assert "Đã thêm tài khoản tranthib, nhóm tổ biên tập" in r.stdout
    r = _make_accounts(tmp_path, "--them", "tranthib", "--nhom", "doc", env={"MAT_KHAU": READER_PW})
    assert r.returncode == 0 and "Đã đổi tài khoản tranthib, nhóm người đọc" in r.stdout
    assert accounts(tmp_path) == {"tranthib": READERS}
    r = _make_accounts(tmp_path)
    assert r.stdout.strip() == "tranthib\tngười đọc"
    r = _make_accounts(tmp_path, "--xoa", "tranthib")
    assert r.returncode == 0 and "Đã xóa tài khoản tranthib" in r.stdout
    r = _make_accounts(tmp_path, "--xoa", "tranthib")
    assert r.returncode == 1 and "Không có tài khoản «tranthib»" in r.stderr and "Traceback" not in r.stderr
    assert "doc.htpasswd" in r.stderr  # where it looked


def test_make_nguoi_dung_without_a_terminal_or_a_group_says_what_to_do(tmp_path):
    r = _make_accounts(tmp_path, "--them", "tranthib", "--nhom", "doc")
    assert r.returncode == 1 and "MAT_KHAU" in r.stderr and "Traceback" not in r.stderr
    r = _make_accounts(tmp_path, "--them", "tranthib", env={"MAT_KHAU": READER_PW})
    assert r.returncode == 1 and "NHOM=doc" in r.stderr
    r = _make_accounts(tmp_path, "--them", "tranthib", "--nhom", "doc", env={"MAT_KHAU": "ngan"})
    assert r.returncode == 1 and "ngắn quá" in r.stderr
    assert accounts(tmp_path) == {}
