"""Who may read the intranet site (issue 28): the accounts nginx's basic auth checks.

Two groups, two files beside the published releases (outside the served tree and outside git)::

    DEST/tai-khoan/doc.htpasswd        everyone who may read the readers' edition (location /):
                                       the readers AND the committee
    DEST/tai-khoan/bien-tap.htpasswd   the committee (location /to-bien-tap/)

nginx takes one file per location, so a committee member is written into both files (with the
same hash): ``doc.htpasswd`` is the list of everyone who may read, ``bien-tap.htpasswd`` the
committee; an account's group is "bien-tap" when it is in the second file. No derived file to
regenerate, and removing an account removes it from both.

The hashes are bcrypt (``$2b$``), which Debian 12's nginx verifies through the system crypt(3)
(libxcrypt). nginx checks the password on every request, a page and each of its files, so the
cost is low (:data:`COST`: a page of the site with its 13 files stays well under 0.2 s on the
office's 2-core machine; tests/drafts/test_access.py measures it). Never plain text, never MD5.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from pathlib import Path

import bcrypt

from build_scripts.core.messages import SourceLocation, UserError

ACCOUNTS_DIR = "tai-khoan"
READERS = "doc"
COMMITTEE = "bien-tap"
GROUPS = (READERS, COMMITTEE)
#: bcrypt's cost (2**COST rounds): ~6 ms a check here; nginx checks on every request
COST = 6
MIN_LENGTH = 10
#: bcrypt reads at most 72 bytes of a password (bcrypt 5 refuses longer ones)
MAX_BYTES = 72
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_LOCK = ".khoa"


class AccountError(UserError):
    pass


def account_file(dest: Path, group: str) -> Path:
    return dest / ACCOUNTS_DIR / f"{group}.htpasswd"


def check_group(group: str) -> str:
    if group not in GROUPS:
        raise AccountError(
            f"Không có nhóm «{group}».",
            fix=f"Chọn NHOM={READERS} (người đọc: đại biểu, đảng viên) hoặc NHOM={COMMITTEE} (tổ biên tập).",
        )
    return group


def check_name(name: str) -> str:
    if not name.strip():
        raise AccountError(
            "Chưa có tên tài khoản.",
            fix="Ghi tên sau THEM= hoặc XOA=, ví dụ: make nguoi-dung DEST=/srv/bao-cao THEM=nguyenvana NHOM=doc",
        )
    if not _NAME.match(name):
        raise AccountError(
            f"Tên tài khoản «{name}» không dùng được: tên gồm 2–32 chữ thường không dấu, chữ số, dấu chấm, "
            "gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.",
            fix="Ví dụ: nguyenvana, tran.thi.b, bientap-01.",
        )
    return name


def check_password(name: str, password: str) -> str:
    if not password:
        raise AccountError("Mật khẩu trống: không tạo tài khoản không có mật khẩu.", fix="Nhập một mật khẩu.")
    problem = ""
    if len(password) < MIN_LENGTH:
        problem = f"ngắn quá ({len(password)} ký tự, cần ít nhất {MIN_LENGTH})"
    elif len(set(password)) < 4:
        problem = "chỉ lặp lại vài ký tự"
    elif name.lower() in password.lower():
        problem = "có chứa tên tài khoản"
    elif len(password.encode("utf-8")) > MAX_BYTES:
        problem = f"dài quá ({len(password.encode('utf-8'))} byte, tối đa {MAX_BYTES}; chữ có dấu tính 2–3 byte)"
    if problem:
        raise AccountError(
            f"Mật khẩu yếu hoặc không dùng được: {problem}.",
            fix=f"Chọn mật khẩu từ {MIN_LENGTH} ký tự trở lên, không chứa tên tài khoản, ví dụ ghép ba bốn từ dễ nhớ.",
        )
    return password


def hash_password(password: str, cost: int = COST) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=cost, prefix=b"2b")).decode("ascii")


def _read(path: Path) -> dict[str, str]:
    """``name -> hash`` of one file (lines kept in order; blank and # lines dropped)."""
    entries: dict[str, str] = {}
    if not path.is_file():
        return entries
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not hashed.startswith(("$2b$", "$2y$", "$6$", "$y$")):
            raise AccountError(
                "Dòng này không phải «tên:mã băm bcrypt» (có thể bị sửa tay, hoặc là mật khẩu để trần, MD5).",
                SourceLocation(path, n),
                f"Xóa dòng này rồi tạo lại tài khoản: make nguoi-dung DEST=… THEM={name or 'ten'} NHOM=…",
            )
        entries[name] = hashed
    return entries


def _write(path: Path, entries: dict[str, str]) -> None:
    """Replace ``path`` at once (rename(2)): nginx reads the old file or the new one, never half.
    A new file is readable by its owner and the folder's group (the web server's), not by all."""
    mode, gid = 0o640, path.parent.stat().st_gid
    if path.exists():
        st = path.stat()
        mode, gid = st.st_mode & 0o777, st.st_gid
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(f"{name}:{hashed}\n" for name, hashed in entries.items())
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        with contextlib.suppress(PermissionError):
            os.chown(tmp, -1, gid)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(dest: Path):
    folder = dest / ACCOUNTS_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    with open(folder / _LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two admins at once: one waits
        yield folder


def accounts(dest: Path) -> dict[str, str]:
    """``name -> group`` of every account."""
    readers = _read(account_file(dest, READERS))
    committee = _read(account_file(dest, COMMITTEE))
    return {name: COMMITTEE if name in committee else READERS for name in {**readers, **committee}}


def set_account(dest: Path, name: str, group: str, password: str, cost: int = COST) -> bool:
    """Add ``name`` to ``group`` (or change its password and group); True when it is new."""
    check_name(name)
    check_group(group)
    check_password(name, password)
    hashed = hash_password(password, cost)
    with _locked(dest):
        readers = _read(account_file(dest, READERS))
        committee = _read(account_file(dest, COMMITTEE))
        new = name not in readers and name not in committee
        readers[name] = hashed
        if group == COMMITTEE:
            committee[name] = hashed
        else:
            committee.pop(name, None)
        # the committee's file first: a reader being promoted is never in it without a password
        # the readers' file knows, and one being demoted leaves it before anything else changes
        _write(account_file(dest, COMMITTEE), committee)
        _write(account_file(dest, READERS), readers)
    return new


def remove_account(dest: Path, name: str) -> str:
    """Remove ``name`` from both files; its group."""
    check_name(name)
    with _locked(dest):
        readers = _read(account_file(dest, READERS))
        committee = _read(account_file(dest, COMMITTEE))
        if name not in readers and name not in committee:
            known = ", ".join(sorted({*readers, *committee})) or "(chưa có tài khoản nào)"
            raise AccountError(
                f"Không có tài khoản «{name}».",
                SourceLocation(account_file(dest, READERS)),
                f"Kiểm tra lại tên. Các tài khoản hiện có: {known}.",
            )
        group = COMMITTEE if name in committee else READERS
        committee.pop(name, None)
        readers.pop(name, None)
        _write(account_file(dest, COMMITTEE), committee)
        _write(account_file(dest, READERS), readers)
    return group
