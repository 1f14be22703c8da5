"""``make serve``: preview the current draft in a browser, rebuilt on every save.

Each save in docs/, source_data/ or templates/ runs the same build as ``make html``
(``python -m build_scripts.cli.build html``): its messages are the Vietnamese ones, with file, line
and fix, and a failed build keeps the page shown. The pages are served from _build/html, with
_build/pdf beside them (the sidebar's "Tải bản PDF" works once `make pdf` has run), on 127.0.0.1
only. sphinx-autobuild supplies the file watcher and the page reload; its own builder ran plain
sphinx-build, whose errors were English tracebacks asking to report a bug to Sphinx.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.messages import run_cli

WATCHED = ("docs", "source_data", "templates", "conf.py")
# caches, hidden files and editors' temporary files (vim's .swp, sed -i's sedXXXXXX, "file~")
IGNORED = [r"__pycache__", r"\.pyc$", r"(^|/)\.[^/]*$", r"~$", r"\.sw.$", r"(^|/)sed\w{6}$", r"\.tmp$"]


NOT_FOUND = (
    '<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>Không có trang này</title>'
    '<body style="font-family:serif;margin:2em"><h1>Không có trang này</h1>'
    "<p>Trang này không có trong bản đang soạn (tệp đã đổi tên hoặc xoá, hoặc bản dựng chưa xong). "
    '<a href="/">Về trang đầu của báo cáo</a>.</p></body></html>'
)


class Rebuild:
    """The build run on each save (in a worker process of the watcher: plain attributes only)."""

    def __init__(self, root: Path):
        self.root = root

    def __call__(self, *, changed_paths=()) -> None:
        names = list(
            dict.fromkeys(
                p.relative_to(self.root).as_posix() if p.is_relative_to(self.root) else str(p) for p in changed_paths
            )
        )  # a save can be told twice
        if names:
            print(f"Đã lưu {', '.join(names[:3])}{' …' if len(names) > 3 else ''}: đang dựng lại…", flush=True)
        env = {**os.environ, "PYTHONPATH": str(self.root)}
        r = subprocess.run([sys.executable, "-m", "build_scripts.cli.build", "html"], cwd=self.root, env=env)
        if r.returncode == 0:
            if names:  # not the first build: main() has said where to look
                print("Trình duyệt tự tải lại trang đang xem.", flush=True)
        elif r.returncode == 130:
            pass  # stopped (Ctrl+C): the build said so
        elif (self.root / "_build" / "html" / "index.html").is_file():
            print("Trang trong trình duyệt vẫn là bản dựng tốt gần nhất. Sửa lỗi trên rồi lưu lại tệp.", flush=True)
        else:
            print("Chưa có bản dựng nào để xem. Sửa lỗi trên rồi lưu lại tệp: trang sẽ hiện ra.", flush=True)


def app(root: Path, url_host: str):
    """The web app: the pages of _build/html at /, the PDFs of _build/pdf at /pdf/, and the
    socket through which a save reloads the page."""
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class Pages(StaticFiles):
        """The built pages; a page that is not there is said in Vietnamese (not "Not Found")."""

        async def get_response(self, path, scope):
            try:
                return await super().get_response(path, scope)
            except HTTPException as e:
                if e.status_code != 404:
                    raise
                return HTMLResponse(NOT_FOUND, status_code=404)

    build = root / "_build"
    for folder in ("html", "pdf"):  # served before the first build has made them (else: 500)
        (build / folder).mkdir(parents=True, exist_ok=True)
    rebuild = Rebuild(root)
    rebuild()
    watched = [root / name for name in WATCHED if (root / name).exists()]
    watcher = RebuildServer(watched, IgnoreFilter([build, root / ".venv"], IGNORED), change_callback=rebuild)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/pdf", app=Pages(directory=build / "pdf", check_dir=False), name="pdf"),
            Mount("/", app=Pages(directory=build / "html", html=True, check_dir=False), name="html"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="make serve", description="Xem trước bản đang soạn, tự dựng lại khi lưu.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()
    root = args.root.resolve()
    if not (root / "docs").is_dir():
        raise DraftError(f"Không thấy thư mục docs/ trong {root}. Chạy 'make serve' ở thư mục gốc của kho.")
    import socket

    import uvicorn

    host = "127.0.0.1"
    with socket.socket() as probe:
        try:
            probe.bind((host, args.port))
        except OSError:
            raise DraftError(
                f"Cổng {args.port} đang được một chương trình khác dùng (có thể là một 'make serve' "
                f"khác đang chạy). Dừng chương trình đó, hoặc chọn cổng khác: PORT={args.port + 1} make serve"
            ) from None
    print(f"Mở trình duyệt tại http://{host}:{args.port}/ — lưu tệp là trang tự cập nhật. Dừng: Ctrl+C.", flush=True)
    web = app(root, f"{host}:{args.port}")
    try:
        uvicorn.run(web, host=host, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        pass
    print("Đã dừng xem trước.", flush=True)
    return 0


if __name__ == "__main__":
    run_cli(main)
