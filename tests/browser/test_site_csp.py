"""The published site in Chromium behind the README's nginx block (issue 28): the pages work under its
Content-Security-Policy (Furo's inline scripts allowed by hash, nothing blocked), with the accounts."""

from __future__ import annotations

import draft_repo
import pytest
from draft_repo import NOTE_5, build_site
from nginx_site import serve

from build_scripts.cli.publish import publish
from build_scripts.core.site.accounts import COMMITTEE, READERS, set_account

READER, READER_PW = "nguoidoc", "hoa-sen-mua-thu-2025"
EDITOR, EDITOR_PW = "bientap1", "lua-xanh-dong-que-9"
#: records what the CSP blocks, in every page, before its own scripts run
WATCH = """
window.__blocked = [];
document.addEventListener('securitypolicyviolation',
    e => window.__blocked.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("csp")
    repo = draft_repo.drafts_with_notes(base / "p")
    r = build_site(repo, base / "out", base / "cache")
    assert r.returncode == 0, r.stderr
    dest = base / "www"
    publish(base / "out", dest)
    set_account(dest, READER, READERS, READER_PW)
    set_account(dest, EDITOR, COMMITTEE, EDITOR_PW)
    with serve(base, dest) as s:
        yield f"https://127.0.0.1:{s.https_port}"


def _context(browser, user, password):
    # the test's self-signed certificate: the office's browsers trust the intranet's own
    context = browser.new_context(http_credentials={"username": user, "password": password}, ignore_https_errors=True)
    context.add_init_script(WATCH)
    return context


@pytest.fixture
def reader(browser):
    context = _context(browser, READER, READER_PW)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/index.html",
        "/moi-nhat/phan-1.html",
        "/du-thao-lan-4/phan-1.html",
        "/so-sanh/du-thao-lan-4-voi-lan-5.html",
        "/moi-nhat/search.html?q=dang+vien",
    ],
)
def test_pages_work_under_the_csp(reader, server, path):
    errors, failed = [], []
    reader.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    reader.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    reader.goto(server + path)
    reader.wait_for_load_state("networkidle")
    if "search.html" in path:
        reader.wait_for_selector("#search-results li", timeout=15000)
    assert reader.evaluate("window.__blocked") == []
    assert errors == [] and failed == []
    if path != "/index.html" and "so-sanh" not in path:  # Furo's pages: its inline scripts ran
        assert reader.evaluate("document.body.dataset.theme") == "light"
        assert reader.evaluate("localStorage.getItem('theme')") == "light"


def test_the_csp_does_block_an_inline_script(reader, server):
    """The watch above would see a blocked script (else an empty list proves nothing)."""
    reader.goto(server + "/moi-nhat/phan-1.html")
    reader.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = 1'; document.head.appendChild(s); }""")
    reader.wait_for_function("window.__blocked.length > 0")
    assert reader.evaluate("window.__ran") is None
    assert "script-src" in reader.evaluate("window.__blocked")[0]


def test_a_reader_is_refused_the_committee_edition_and_a_member_reads_it(browser, reader, server):
    response = reader.goto(server + "/to-bien-tap/moi-nhat/phan-1.html")
    assert response.status == 401
    assert NOTE_5 not in reader.content()
    context = _context(browser, EDITOR, EDITOR_PW)
    page = context.new_page()
    response = page.goto(server + "/to-bien-tap/moi-nhat/phan-1.html")
    assert response.status == 200
    assert NOTE_5 in page.inner_text("div.body")
    assert page.locator(".ghi-chu-bien-tap").is_visible()
    assert page.evaluate("window.__blocked") == []
    response = page.goto(server + "/moi-nhat/phan-1.html")  # and the readers' pages
    assert response.status == 200 and NOTE_5 not in page.content()
    context.close()


def test_without_an_account_nothing_is_shown(browser, server):
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    # headless Chromium has no login box to show: the 401 ends the navigation
    with pytest.raises(PlaywrightError) as info:
        page.goto(server + "/moi-nhat/phan-1.html")
    assert "ERR_INVALID_AUTH_CREDENTIALS" in str(info.value)  # (what nginx sends: test_access.py)
    context.close()
