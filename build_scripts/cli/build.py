"""Build the report: ``python -m build_scripts.cli.build html|pdf|text [--final]``.

Each build runs in a temporary directory (a copy of the last good output, so Sphinx can work
incrementally) and is moved into place only when it succeeded: a failed build never destroys
the last good output. Warnings are errors, reported in Vietnamese with file and line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.accidents import refuse_accidents
from build_scripts.core.document import FILE_PREFIX, read_document_info
from build_scripts.core.messages import (
    SourceLocation,
    UserError,
    UserErrors,
    display_path,
    find_user_error,
    report_and_exit,
    verbose,
)
from build_scripts.core.reproducible import epoch_from_environment
from build_scripts.core.warning_text import parse_warnings
from build_scripts.sphinx_ext.state import line_maps as line_maps_of

BUILDERS = {"html": "html", "pdf": "rinoh", "text": "text", "docx": "docx"}


@dataclass
class BuildResult:
    builder: str
    outdir: Path
    main_file: Path
    seconds: float


class BuildFailed(UserError):
    pass


def build(
    kind: str,
    root: Path | None = None,
    final: bool = False,
    build_dir: Path | None = None,
    quiet: bool = True,
    readers: bool = False,
) -> BuildResult:
    """Build ``kind`` (html, pdf, text) of the project at ``root`` into ``build_dir/kind``.

    The official document goes to ``_build/chinh-thuc/`` (``html/``, ``pdf/``): the drafts keep
    theirs in ``_build/``, so neither is ever mistaken for the other (a `make` after `make final`
    found its HTML current, and showed the official build under the draft's name).
    ``readers``: the draft without the committee's notes, in ``_build/ban-doc/``."""
    root = Path(root or Path.cwd()).resolve()
    default_dir = root / "_build" / ("chinh-thuc" if final else "ban-doc" if readers else "")
    build_dir = Path(build_dir or default_dir)
    final_dir = build_dir / kind
    doctree_dir = build_dir / ".doctrees" / kind
    build_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".dang-dung-{kind}-", dir=build_dir))
    started = time.perf_counter()
    try:
        refuse_accidents(root)  # conflict markers in van_ban.yaml or conf.py: before either is read
        info = read_document_info(root, final=final or None)
        _refuse_spaced_names(root)
        epoch_from_environment(os.environ)  # else Sphinx stops on a bad SOURCE_DATE_EPOCH, in English
        if info.is_final and not final:
            raise UserError(
                "van_ban.yaml ghi trạng thái 'chinh_thuc', nhưng bản chính thức chỉ được dựng bằng "
                "`make final`: lệnh đó kiểm tra trước số liệu còn thiếu, số liệu chưa khớp và lỗi văn bản.",
                info.status_location,
                "Chạy `make final` để dựng bản chính thức. Nếu văn bản vẫn đang soạn, đặt lại "
                "'trang_thai: du_thao' ở dòng này rồi chạy `make`.",
            )
        out = work / "out"
        doctrees = work / "doctrees"
        if final_dir.is_dir():
            shutil.copytree(final_dir, out, symlinks=True)
        if doctree_dir.is_dir():
            shutil.copytree(doctree_dir, doctrees)
        warnings = io.StringIO()
        line_maps: dict[str, list[int]] = {}
        status = _run_sphinx(root, out, doctrees, BUILDERS[kind], warnings, final, quiet, line_maps, readers)
        problems = parse_warnings(warnings.getvalue(), line_maps)
        if status != 0 or problems:
            raise BuildFailed(
                "Dựng không thành công" + (":\n" + "\n".join(f"  - {p}" for p in problems) if problems else "."),
                fix="Sửa các chỗ trên rồi chạy lại. Bản dựng tốt gần nhất vẫn giữ nguyên"
                + (f" tại {display_path(final_dir)}." if final_dir.exists() else "."),
            )
        if kind in ("pdf", "docx"):
            _drop_other_drafts(out, info.file_stem)
        _swap(out, final_dir)
        _swap(doctrees, doctree_dir)
    except BaseException as exc:
        user_error = find_user_error(exc)
        if user_error is not None and not isinstance(user_error, BuildFailed) and final_dir.exists():
            kept = f"\n    (Bản dựng tốt gần nhất vẫn giữ nguyên tại {display_path(final_dir)}.)"
            if user_error.fix:
                user_error.fix += kept
            else:  # no "→ Cách sửa:" with nothing after it (the message says what to do)
                user_error.message += kept
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    main = {
        "html": final_dir / "index.html",
        "pdf": final_dir / f"{info.file_stem}.pdf",
        "text": final_dir / "index.txt",
        "docx": final_dir / f"{info.file_stem}.docx",
    }[kind]
    return BuildResult(kind, final_dir, main, time.perf_counter() - started)


def _run_sphinx(
    root: Path,
    out: Path,
    doctrees: Path,
    builder: str,
    warnings: io.StringIO,
    final: bool,
    quiet: bool,
    line_maps: dict | None = None,
    readers: bool = False,
) -> int:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    overrides = {"bao_cao_final": True} if final else {}
    if readers:
        overrides["bao_cao_readers_edition"] = True
    status_stream = None if quiet and not verbose() else sys.stdout
    # rinohtype prints its progress on stdout: keep the committee's terminal readable.
    redirect = contextlib.redirect_stdout(io.StringIO()) if status_stream is None else contextlib.nullcontext()
    with redirect, patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir=str(root / "docs"),
            confdir=str(root),
            outdir=str(out),
            doctreedir=str(doctrees),
            buildername=builder,
            confoverrides=overrides,
            status=status_stream,
            warning=warnings,
            freshenv=False,
            warningiserror=False,
        )
        app.build()
        if line_maps is not None:
            line_maps.update(line_maps_of(app.env))
        return app.statuscode


def _drop_other_drafts(out: Path, stem: str) -> None:
    """The PDF (and rinohtype's caches) of an earlier draft number, carried over with the last
    output: only the current draft's file stays, so there is no guessing which one to send."""
    for path in out.glob(f"{FILE_PREFIX}*"):
        if path.is_file() and path.name.split(".", 1)[0] != stem:
            path.unlink()


def _refuse_spaced_names(root: Path) -> None:
    """A file name with a space ("phu-luc - Copy.md", as Windows names a copy) breaks make,
    which cannot list it as an input; Sphinx would read it as one more part of the report."""
    spaced = sorted(
        p
        for folder in ("docs", "source_data", "templates")
        for p in (root / folder).rglob("* *")
        if p.is_file() and "__pycache__" not in p.parts
    )
    problems = [
        UserError(
            "Tên tệp có dấu cách: lệnh make không dùng được tệp này (và bản sao của một phần sẽ bị dựng "
            "như một phần nữa của báo cáo).",
            SourceLocation(path.relative_to(root)),
            "Đổi tên tệp, dùng dấu gạch nối thay cho dấu cách (ví dụ 'phu-luc-ban-sao.md'); "
            "nếu đây là bản sao thừa thì xoá đi.",
        )
        for path in spaced
    ]
    if problems:
        raise UserErrors(problems) if len(problems) > 1 else problems[0]


def _swap(new: Path, final: Path) -> None:
    """Put ``new`` in place of ``final`` with two renames; the old one is removed afterwards."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.cu-{os.getpid()}")
        os.rename(final, old)
    os.rename(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cache_bytecode(package: Path | None = None) -> None:
    """Keep the compiled bytecode of build_scripts/ (a no-op once it is current).

    Python normally caches it by itself, and then this does nothing; where
    PYTHONDONTWRITEBYTECODE is set (as on some managed machines and CI images), every build
    would compile our modules again. The cache lives in build_scripts/**/__pycache__/ (ignored
    by git and by the Makefile's inputs); a read-only checkout simply goes without it.

    A stamp records when it was last brought up to date: while no module is newer, the check is
    one stat per module, not compileall's read of every cached file (5 ms on each build).
    A module missed here is still read correctly: Python checks each cached file it loads.
    """
    if not sys.dont_write_bytecode:
        return
    package = Path(package or Path(__file__).resolve().parents[1])  # all of build_scripts/
    stamp = package / "__pycache__" / ".da-bien-dich"
    try:
        since = stamp.stat().st_mtime_ns
        if all(path.stat().st_mtime_ns < since for path in package.rglob("*.py")):
            return
    except OSError:
        pass
    import compileall  # it checks each module's cached bytecode itself

    started = time.time_ns()  # a module saved while compiling is newer than the stamp
    try:
        compileall.compile_dir(package, quiet=2)
        stamp.parent.mkdir(exist_ok=True)
        stamp.touch()
        os.utime(stamp, ns=(started, started))
    except OSError:
        pass


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    cache_bytecode()
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.cli.build", description="Dựng báo cáo (HTML, PDF, Word)."
    )
    parser.add_argument("kinds", nargs="+", choices=sorted(BUILDERS), help="html, pdf, docx hoặc text")
    parser.add_argument("--final", action="store_true", help="dựng bản chính thức (không phải dự thảo)")
    parser.add_argument(
        "--ban-doc",
        action="store_true",
        help="bản dự thảo cho người đọc: không có ghi chú cho tổ biên tập (_build/ban-doc/)",
    )
    args = parser.parse_args(argv)
    # A stop from outside (kill, a closed terminal) unwinds like Ctrl-C, so the temporary copy
    # is removed and the last good output stays.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGHUP, _interrupted)
    for kind in args.kinds:
        try:
            result = build(kind, final=args.final, readers=args.ban_doc)
        except KeyboardInterrupt:
            if verbose():
                raise
            print(
                f"\nĐÃ DỪNG: lần dựng {kind.upper()} bị dừng giữa chừng. Bản dựng tốt gần nhất vẫn giữ nguyên; "
                "chạy lại lệnh để dựng tiếp.",
                file=sys.stderr,
            )
            sys.exit(130)
        except BaseException as exc:  # noqa: BLE001 - every error is shown in Vietnamese
            if isinstance(exc, SystemExit):
                raise
            report_and_exit(exc, code=1)
        print(f"✓ Đã dựng {kind.upper()}: {display_path(result.main_file)} ({result.seconds:.1f} giây)")


if __name__ == "__main__":
    main()
