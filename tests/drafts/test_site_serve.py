"""make serve: the preview rebuilds when a number changes (sphinx-autobuild, 127.0.0.1 only)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import draft_repo
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, needle: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                last = r.read().decode("utf-8")
                if needle in last:
                    return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} not served at {url} within {timeout}s; last page: {last[:300]}")


@contextlib.contextmanager
def serving(project, port: int, env: dict, out=subprocess.DEVNULL):
    """``make serve`` running in ``project`` on ``port``; stopped (and its children) at the end."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_scripts.cli.serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if out is not subprocess.DEVNULL else subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):  # already stopped by the test
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_preview_rebuilds_on_save(tmp_path):
    pytest.importorskip("sphinx_autobuild")
    project = draft_repo.make_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project)}
    with serving(project, port, env):
        url = f"http://127.0.0.1:{port}/phan-1.html"
        _wait_for(url, "1.361 đảng viên", 90)
        data = project / "source_data/dang_bo.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 1361", "gia_tri: 1370"), encoding="utf-8")
        page = _wait_for(url, "1.370 đảng viên", 90)
        assert "1.361 đảng viên" not in page


def test_preview_says_where_to_look_then_what_it_rebuilt_and_stops_plainly(tmp_path):
    # It said "the browser reloads the page" before "open the browser at …", named a saved file
    # twice, answered a missing page in English ("Not Found") and stopped on Ctrl+C without a word.
    pytest.importorskip("sphinx_autobuild")
    project = draft_repo.make_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project)}
    log = tmp_path / "serve.log"
    with log.open("w") as out, serving(project, port, env, out) as proc:
        url = f"http://127.0.0.1:{port}/phan-1.html"
        _wait_for(url, "1.361 đảng viên", 90)
        data = project / "source_data/dang_bo.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 1361", "gia_tri: 1370"), encoding="utf-8")
        _wait_for(url, "1.370 đảng viên", 90)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/khong-co.html", timeout=5)
        assert missing.value.code == 404
        body = missing.value.read().decode("utf-8")
        assert "Không có trang này" in body and "Not Found" not in body
        time.sleep(1)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=15)
    said = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert said[0].startswith(f"Mở trình duyệt tại http://127.0.0.1:{port}/"), said
    saved = [line for line in said if line.startswith("Đã lưu ")]
    assert saved and all(line.count("dang_bo.yaml") == 1 for line in saved), saved
    assert said[-1] == "Đã dừng xem trước.", said
    assert "Traceback" not in "\n".join(said)


def test_an_error_while_previewing_is_told_in_vietnamese_and_the_page_stays(tmp_path):
    """The preview ran plain sphinx-build: a misspelt placeholder gave an English crash report
    ("Extension error … please open an issue at github.com/sphinx-doc"), and the PDF link 404'd."""
    pytest.importorskip("sphinx_autobuild")
    project = draft_repo.make_project(tmp_path / "p")
    (project / "_build/pdf").mkdir(parents=True)
    (project / "_build/pdf/bao-cao-chinh-tri-du-thao-lan-4.pdf").write_bytes(b"%PDF-1.4 thu")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("VERBOSE", None)
    log = tmp_path / "serve.log"
    with log.open("w") as out, serving(project, port, env, out):
        url = f"http://127.0.0.1:{port}/phan-1.html"
        page = _wait_for(url, "1.361 đảng viên", 90)
        href = __import__("re").search(r'href="([^"]+)" class="tai-pdf"', page).group(1)
        with urllib.request.urlopen(urllib.parse.urljoin(url, href), timeout=5) as r:
            assert r.read() == b"%PDF-1.4 thu"
        doc = project / "docs/phan-1.md"
        text = doc.read_text(encoding="utf-8")
        doc.write_text(
            text.replace("{{ dang_bo.so_dang_vien | dv }}", "{{ dang_bo.so_dang_vein | dv }}", 1), encoding="utf-8"
        )
        line = next(n for n, ln in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1) if "so_dang_vein" in ln)
        deadline = time.monotonic() + 60
        while "vẫn là bản dựng tốt gần nhất" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.5)
        said = log.read_text(encoding="utf-8")
        assert f"LỖI: docs/phan-1.md:{line}: Không có số liệu 'dang_bo.so_dang_vein'" in said, said
        assert "Traceback" not in said and "sphinx-doc" not in said and "Extension error" not in said
        assert "1.361 đảng viên" in _wait_for(url, "1.361 đảng viên", 5)  # the last good page


def test_a_busy_port_or_a_first_build_that_fails_is_told_plainly(tmp_path):
    """A port in use gave uvicorn's English "[Errno 98]"; with no build yet, a first build that
    failed left every page an "Internal Server Error" (a folder served before it existed)."""
    pytest.importorskip("sphinx_autobuild")
    project = draft_repo.make_project(tmp_path / "p")
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("VERBOSE", None)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run(
            [sys.executable, "-m", "build_scripts.cli.serve", "--port", str(port)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert r.returncode == 1 and f"LỖI: Cổng {port} đang được một chương trình khác dùng" in r.stderr, r.stderr
    assert f"PORT={port + 1} make serve" in r.stderr and "Errno" not in r.stderr

    data = project / "source_data/dang_bo.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "sai: [\n", encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out, serving(project, port, env, out):
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5)
            except urllib.error.HTTPError as e:
                status = e.code
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert status == 404
        said = log.read_text(encoding="utf-8")
        assert "LỖI: source_data/dang_bo.yaml:" in said and "Chưa có bản dựng nào để xem" in said, said
        assert "Traceback" not in said
