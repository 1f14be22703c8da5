"""User-facing errors: what went wrong, where, and how to fix it — in Vietnamese.

Every error a committee member can cause is a ``UserError``. The command-line entry points
print it without a Python traceback unless ``VERBOSE=1`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceLocation:
    """A place in a file: 1-based line and column (column may be 0 when unknown)."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = display_path(self.path)
        if self.line and self.column:
            return f"{path}:{self.line}:{self.column}"
        if self.line:
            return f"{path}:{self.line}"
        return path


def display_path(path: Path | str) -> str:
    """A path relative to the current directory when possible (what the user typed)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class UserError(Exception):
    """An error in the committee's input: a message (what), a location (where), a fix (how)."""

    def __init__(self, message: str, location: SourceLocation | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.fix = fix

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.message}"
        if self.fix:
            text += f"\n    → Cách sửa: {self.fix}"
        return text

    def __str__(self) -> str:
        return self.format()


class UserErrors(UserError):
    """Several user errors reported together, so the user can fix them all in one go."""

    def __init__(self, errors: list[UserError]):
        self.errors = errors
        super().__init__(f"Có {len(errors)} lỗi cần sửa.")

    def format(self) -> str:
        lines = [f"Có {len(self.errors)} lỗi cần sửa:"]
        lines += [f"  {i}. " + e.format().replace("\n", "\n     ") for i, e in enumerate(self.errors, 1)]
        return "\n".join(lines)


def read_utf8(path: Path, error: type[UserError] = UserError) -> str:
    """The text of one of the committee's files; a file not saved as UTF-8 (Windows-1258, UTF-16,
    text pasted from TCVN3/VNI) is an ``error`` at its first undecodable byte."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1
        raise error(
            "Tệp không phải mã UTF-8 (có thể được lưu bằng bảng mã khác, hoặc dán từ bảng mã cũ TCVN3/VNI).",
            SourceLocation(Path(path), line, column),
            "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Lưu thành… → Mã hóa: UTF-8) "
            "và gõ lại đoạn chữ bị lỗi bằng Unicode.",
        ) from None


def find_user_error(exc: BaseException) -> UserError | None:
    """Find a UserError inside exceptions that Sphinx or Jinja wrapped around it."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, UserError):
            return exc
        exc = getattr(exc, "orig_exc", None) or exc.__cause__ or exc.__context__
    return None


def verbose() -> bool:
    return os.environ.get("VERBOSE", "") not in ("", "0")


def report_and_exit(exc: BaseException, code: int = 2) -> None:
    """Print an error for the user and exit; a traceback only with VERBOSE=1."""
    user_error = find_user_error(exc)
    if verbose():
        import traceback

        traceback.print_exception(exc)
    if user_error is not None:
        print(f"LỖI: {user_error.format()}", file=sys.stderr)
    else:
        print(
            f"LỖI: lỗi không mong đợi ({type(exc).__name__}: {exc}).\n"
            "    → Chạy lại với VERBOSE=1 để xem chi tiết và gửi cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
    sys.exit(code)


def run_cli(main: Callable[[], int | None]) -> None:
    """Run a command's ``main``: its exit code; an error in Vietnamese (a traceback only with VERBOSE=1);
    Ctrl-C without a traceback."""
    try:
        code = main()
    except KeyboardInterrupt:
        if verbose():
            raise
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - every error is shown in Vietnamese
        report_and_exit(exc, code=1)
    sys.exit(code or 0)
