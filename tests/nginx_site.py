"""A real nginx serving a published site with the README's own server block (issue 28): TLS with a
certificate made here, basic auth from DEST/tai-khoan/, free ports on 127.0.0.1, its own prefix."""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, require_tool

README_DEST = "/srv/bao-cao"
README_CERT = "/etc/ssl/noi-bo/bao-cao.crt"
README_KEY = "/etc/ssl/noi-bo/bao-cao.key"


def readme_block() -> str:
    """The ```nginx block of the README's "Cấu hình nginx"."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Cấu hình nginx") :]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    openssl = require_tool("openssl", "the access tests serve the site over TLS")
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "bao-cao.crt", folder / "bao-cao.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Server:
    https_port: int
    http_port: int
    dest: Path
    cert: Path

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def connection(self) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection("127.0.0.1", self.https_port, context=self.context(), timeout=10)

    def get(self, path: str, user: str | None = None, password: str = "", conn=None):
        """``(status, headers, body)`` of GET ``path`` (sent as is: no normalisation)."""
        own = conn is None
        conn = conn or self.connection()
        try:
            headers = {}
            if user is not None:
                headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            if own:
                conn.close()


@contextlib.contextmanager
def serve(workdir: Path, dest: Path):
    """nginx with the README's block for ``dest`` (DEST), until the block ends."""
    binary = require_tool("nginx", "the access tests serve the site with nginx")
    run = workdir / "nginx"
    run.mkdir(parents=True)
    cert, key = make_certificate(workdir / "tls")
    https_port, http_port = free_port(), free_port()
    block = (
        readme_block()
        .replace(README_DEST, str(dest))
        .replace(README_CERT, str(cert))
        .replace(README_KEY, str(key))
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    )
    assert str(dest) in block and f":{https_port} ssl" in block and f":{http_port};" in block
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read files in the private tmp dir
    conf = run / "nginx.conf"
    conf.write_text(
        f"""{user}daemon off;
worker_processes 2;
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
  types {{ text/html html; text/css css; application/javascript js; application/pdf pdf; image/svg+xml svg; }}
  default_type application/octet-stream;
{block}
}}
""",
        encoding="utf-8",
    )
    log = open(run / "stderr.log", "wb")
    proc = subprocess.Popen([binary, "-p", str(run), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    log.close()
                    errors = (run / "error.log").read_text() if (run / "error.log").exists() else ""
                    pytest.fail(f"nginx did not start: {(run / 'stderr.log').read_text()} {errors}")
                time.sleep(0.05)
        yield Server(https_port, http_port, dest, cert)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
