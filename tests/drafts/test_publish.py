"""make publish: atomic switch, every draft kept, old site kept on failure — served by a real nginx."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import draft_repo
import pytest
from conftest import require_tool
from draft_repo import build_site, edit, release

from build_scripts.cli.publish import publish
from build_scripts.core.drafts.errors import DraftError


def _nginx() -> str:
    return require_tool("nginx", "the publish test serves the site with nginx")


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(tmp_path):
    binary = _nginx()
    dest = tmp_path / "www"
    dest.mkdir()
    port = _free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read files in the private tmp dir
    conf = run / "nginx.conf"
    conf.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  types {{ text/html html; text/css css; application/javascript js; application/pdf pdf; }}
  server {{
    listen 127.0.0.1:{port};
    root {dest}/current;
    index index.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
""",
        encoding="utf-8",
    )
    log = open(run / "stderr.log", "wb")
    proc = subprocess.Popen([binary, "-p", str(run), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                log.close()
                pytest.fail(
                    f"nginx did not start: {(run / 'stderr.log').read_text()} {(run / 'error.log').read_text() if (run / 'error.log').exists() else ''}"
                )
            time.sleep(0.05)
    yield base, dest
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


PAGES = [
    "/index.html",
    "/moi-nhat/index.html",
    "/moi-nhat/phan-1.html",
    "/du-thao-lan-5/phan-1.html",
    "/so-sanh/du-thao-lan-4-voi-lan-5.html",
    "/moi-nhat/searchindex.js",
]


def test_publish_twice_readers_see_one_whole_version(sites, nginx):
    site_a, site_b = sites
    base, dest = nginx
    publish(site_a, dest)
    for p in PAGES:
        assert _get(base + p) == (200, (site_a / p.lstrip("/")).read_bytes()), p

    versions = {
        p: {(site_a / p.lstrip("/")).read_bytes(): "a", (site_b / p.lstrip("/")).read_bytes(): "b"} for p in PAGES
    }
    seen: list[tuple[str, int, str | None]] = []
    stop = threading.Event()

    def reader():
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline and len(seen) < 20000:
            for p in PAGES:
                status, body = _get(base + p)
                seen.append((p, status, versions[p].get(body)))

    t = threading.Thread(target=reader)
    t.start()
    time.sleep(0.2)
    during = len(seen)
    publish(site_b, dest)
    time.sleep(0.2)
    stop.set()
    t.join()
    assert len(seen) > during > 0  # reads happened before, during and after the switch
    bad = [s for s in seen if s[1] != 200 or s[2] is None]
    assert bad == [], bad[:5]
    # Each page flips from a to b once and never back.
    for p in PAGES:
        order = "".join(v for q, _, v in seen if q == p)
        assert order.lstrip("a").strip("b") == "", f"{p}: {order[:80]}"
    # After the second publish: the new site everywhere.
    for p in PAGES:
        assert _get(base + p) == (200, (site_b / p.lstrip("/")).read_bytes()), p
    status, home = _get(base + "/index.html")
    assert "Dự thảo lần 6".encode() in home
    assert os.path.islink(dest / "current")


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
