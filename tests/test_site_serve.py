"""make serve: the preview rebuilds when a number changes (sphinx-autobuild, 127.0.0.1 only)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

import draft_repo


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


def test_preview_rebuilds_on_save(tmp_path):
    pytest.importorskip("sphinx_autobuild")
    project = draft_repo.make_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(project)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_scripts.serve", "--port", str(port)],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/phan-1.html"
        _wait_for(url, "1.361 đảng viên", 90)
        data = project / "source_data/dang_bo.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 1361", "gia_tri: 1370"), encoding="utf-8")
        page = _wait_for(url, "1.370 đảng viên", 90)
        assert "1.361 đảng viên" not in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
