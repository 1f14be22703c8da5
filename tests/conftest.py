"""Shared test helpers: a copy of a fixture project, external tools that CI must have, and the
markers each folder's tests carry.

The folders say what a test tests (and so how long it takes):

- ``core/``: the data, formats, templating, checks and lint, in process (marker ``unit``);
- ``project/``: the architecture contract, ruff, the dependency lock (``unit``);
- ``build/``: Sphinx builds of a project, bad input, incremental builds (``build``);
- ``pdf/``, ``docx/``: the typeset PDF and the Word file (``pdf`` / ``build``, ``slow``);
- ``drafts/``: release, redline, site, publish: whole drafts from git (``build``, ``slow``);
- ``browser/``: the HTML in Chromium (``browser``);
- ``bench/``: the benchmark's scenarios (``slow``).

``make test`` runs them all; ``.venv/bin/python -m pytest -m unit`` runs the quick ones.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI") == "true"


def missing(message: str) -> None:
    """Something a test needs is not on this machine: skip — but in CI (CI=true) fail."""
    if IN_CI:
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)


MARKERS = {
    "core": ("unit",),
    "project": ("unit",),
    "build": ("build",),
    "pdf": ("pdf", "slow"),
    "docx": ("build", "slow"),
    "drafts": ("build", "slow"),
    "browser": ("browser",),
    "bench": ("slow",),
}


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).resolve().parent
    for item in items:
        folder = Path(item.fspath).resolve().relative_to(tests).parts[0]
        for name in MARKERS.get(folder, ()):
            item.add_marker(name)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(directory: Path):
    """``directory`` served over HTTP on 127.0.0.1 (a free port) while the block runs: its base URL."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def recording_page(browser, origin_url: str):
    """A new browser page whose ``outside`` lists every request that leaves ``origin_url``'s origin."""
    import urllib.parse

    context = browser.new_context()
    page = context.new_page()
    page.outside = []
    origin = urllib.parse.urlsplit(origin_url)

    def check(request):
        u = urllib.parse.urlsplit(request.url)
        if u.scheme not in ("data", "blob", "about") and (u.scheme, u.netloc) != (origin.scheme, origin.netloc):
            page.outside.append(request.url)

    page.on("request", check)
    try:
        yield page
    finally:
        context.close()


def nonempty(items, what: str, at_least: int = 1) -> list:
    """``items`` as a list, failing when there are fewer than ``at_least``: a loop of assertions
    over them must not pass because there was nothing to check."""
    items = list(items)
    assert len(items) >= at_least, f"{what}: {len(items)} found, at least {at_least} expected"
    return items


def require_tool(name: str, reason: str = "") -> str:
    """The path of an external program (also in /usr/sbin, e.g. nginx); see ``missing``."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path:
        return path
    missing(f"'{name}' is not installed{': ' + reason if reason else ''} (Debian: see .ci/apt-packages.txt)")


def make_project(tmp_path: Path, fixture: str = "mini") -> Path:
    """A buildable copy of tests/fixtures/<fixture> with the repo's conf.py and templates/."""
    project = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, project)
    shutil.copy(REPO / "conf.py", project / "conf.py")
    if not (project / "templates").exists():
        shutil.copytree(REPO / "templates", project / "templates")
    return project


def run_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m build_scripts.cli.build ARGS`` in ``project`` as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("VERBOSE", None) if not (env and "VERBOSE" in env) else None
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.build", *args],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def issued_draft_tree(number: int, workdir: Path) -> Path:
    """The tree of draft ``number``: the working tree while it is that draft, else the commit the
    register (source_data/ban_du_thao.yaml) says it was issued from, extracted into ``workdir``."""
    import io
    import tarfile

    import yaml

    van_ban = yaml.safe_load((REPO / "source_data" / "van_ban.yaml").read_text(encoding="utf-8"))
    if van_ban["du_thao"]["so"] == number:
        return REPO
    register = yaml.safe_load((REPO / "source_data" / "ban_du_thao.yaml").read_text(encoding="utf-8"))
    entry = next((e for e in register.get("da_phat_hanh") or [] if e.get("so") == number), None)
    if entry is None:
        pytest.fail(f"Sổ ban_du_thao.yaml không có dự thảo lần {number}.")
    archive = subprocess.run(["git", "archive", "--format=tar", entry["commit"]], cwd=REPO, capture_output=True)
    if archive.returncode != 0:
        pytest.fail(f"Không lấy được dự thảo lần {number} (commit {entry['commit']}) từ git: {archive.stderr.decode()}")
    target = workdir / f"du-thao-lan-{number}"
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (a CI machine must have both)."""
    chromium = require_tool("chromium", "browser tests of the HTML")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Python package 'playwright' is not installed (requirements.txt)")
    with sync_playwright() as p:
        # Debian's chromium; never a downloaded browser. --no-sandbox: tests run as root.
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        b.close()
