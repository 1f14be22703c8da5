"""``make release``: issue the current draft.

1. the work tree must be clean, the draft not issued yet, and every comment on an earlier draft
   decided (``source_data/gop_y/``, :mod:`build_scripts.core.review.gate`);
2. the draft's date is written into ``source_data/van_ban.yaml`` (du_thao.ngay);
3. every check passes (``python -m build_scripts.cli.check``, ``build_scripts.core.lint``
   when they exist, and the HTML + PDF build; or the commands given with ``--kiem-tra``);
4. that state is committed (the *issued commit*) and tagged ``du-thao-lan-N``;
5. the issued files (the readers' PDF and the Word file, :mod:`build_scripts.core.drafts.issued`)
   are built from that state and the register ``source_data/ban_du_thao.yaml`` records N, date,
   full hash and their SHA-256; committed;
6. ``du_thao.so`` becomes N+1 (``ngay`` empty); committed.

If anything fails, the repository is put back as it was (commits and tag undone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import subprocess
import sys
from pathlib import Path

from build_scripts.core.document import VAN_BAN, draft_tag
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import dirty_files, git, head_commit, tag_exists
from build_scripts.core.drafts.identity_check import check_identity
from build_scripts.core.drafts.issued import issued_hashes, issued_name
from build_scripts.core.drafts.register import REGISTER, RegisterEntry, read_register, write_register
from build_scripts.core.drafts.yamledit import set_scalar
from build_scripts.core.messages import run_cli
from build_scripts.core.review.gate import gate_message, undecided_comments


def default_checks(root: Path) -> list[list[str]]:
    """`make check`, `make lint`, then the build itself (HTML and PDF): a draft that does not
    build cannot be sent out nor shown on the site."""
    return [
        [sys.executable, "-m", "build_scripts.cli.check"],
        [sys.executable, "-m", "build_scripts.cli.lint"],
        [sys.executable, "-m", "build_scripts.cli.build", "html", "pdf"],
    ]


def _show(cmd: list[str]) -> str:
    return " ".join(["python" if c == sys.executable else c for c in cmd])


def run_checks(root: Path, cmds: list[list[str]]) -> None:
    for cmd in cmds:
        print(f"Kiểm tra: {_show(cmd)}", flush=True)
        proc = subprocess.run(cmd, cwd=root)
        if proc.returncode != 0:
            raise DraftError(
                f"Kiểm tra '{_show(cmd)}' báo lỗi (mã {proc.returncode}). Sửa các lỗi ở trên "
                "rồi chạy lại 'make release'. Chưa phát hành gì."
            )


def release(root: Path, ngay: dt.date, checks: list[list[str]] | None = None) -> RegisterEntry:
    """Issue the draft in ``root``; return its register entry."""
    root = Path(git(root, "rev-parse", "--show-toplevel"))
    dirty = dirty_files(root)
    if dirty:
        listing = "\n  ".join(dirty[:20])
        raise DraftError(
            "Thư mục làm việc còn thay đổi chưa commit, không phát hành được:\n  "
            f"{listing}\nHãy commit (git commit) hoặc bỏ các thay đổi đó rồi chạy lại."
        )
    ident = check_identity(root)
    n = ident.draft_number
    where = f"{VAN_BAN.as_posix()}:{ident.number_location.line}"
    register = read_register(root)
    for e in register:
        if e.so == n:
            raise DraftError(
                f"{where}: dự thảo lần {n} đã phát hành ngày {e.ngay:%d/%m/%Y} "
                f"({REGISTER}:{e.line}). Đổi du_thao.so thành {max(x.so for x in register) + 1}."
            )
    if register and n < max(e.so for e in register):
        raise DraftError(
            f"{where}: du_thao.so = {n} nhỏ hơn lần đã phát hành gần nhất "
            f"({max(e.so for e in register)}). Đổi thành {max(e.so for e in register) + 1}."
        )
    if ngay > dt.date.today():
        raise DraftError(
            f"Ngày phát hành {ngay:%d/%m/%Y} chưa tới (hôm nay là {dt.date.today():%d/%m/%Y}): dự thảo được "
            "phát hành vào ngày chạy lệnh hoặc một ngày đã qua. Kiểm tra lại NGAY=YYYY-MM-DD "
            "(bỏ NGAY thì lấy ngày hôm nay)."
        )
    latest = max(register, key=lambda e: (e.ngay, e.so), default=None)  # the last of a day's drafts
    if latest is not None and ngay < latest.ngay:
        raise DraftError(
            f"Ngày phát hành {ngay:%d/%m/%Y} sớm hơn ngày đã phát hành dự thảo lần {latest.so} "
            f"({latest.ngay:%d/%m/%Y}, {REGISTER}:{latest.line}): các lần dự thảo phát hành theo thứ tự ngày. "
            "Kiểm tra lại NGAY=YYYY-MM-DD (bỏ NGAY thì lấy ngày hôm nay)."
        )
    pending = undecided_comments(root, n)  # nothing forgotten: every comment on an earlier draft decided
    if pending:
        raise DraftError(gate_message(n, pending))
    tag = draft_tag(n)
    if tag_exists(root, tag):
        raise DraftError(
            f"Thẻ git '{tag}' đã có nhưng sổ {REGISTER} chưa ghi dự thảo lần {n}. "
            f"Kiểm tra lại: 'git show {tag}'; nếu thẻ nhầm, xóa bằng 'git tag -d {tag}'."
        )
    if checks is None:
        checks = default_checks(root)

    start = head_commit(root)
    tagged = False
    try:
        if ident.issued_on != ngay:
            set_scalar(root / VAN_BAN, ["du_thao", "ngay"], ngay.isoformat())
        run_checks(root, checks)
        if dirty_files(root):
            git(root, "add", VAN_BAN.as_posix())
            git(
                root,
                "commit",
                "-q",
                "-m",
                f"Phát hành dự thảo lần {n}, ngày {ngay:%d/%m/%Y}\n\nGhi ngày phát hành vào {VAN_BAN} (du_thao.ngay).",
            )
        issued = head_commit(root)
        git(root, "tag", "-a", tag, "-m", f"Dự thảo lần {n}, ngày {ngay:%d/%m/%Y}", issued)
        tagged = True

        # the work tree is the issued commit here (clean before, only van_ban.yaml committed)
        print("Dựng các tệp phát hành (PDF cho người đọc, Word) để ghi mã kiểm tra…", flush=True)
        hashes = issued_hashes(root, n)
        entry = RegisterEntry(so=n, ngay=ngay, commit=issued, ma_kiem_tra=tuple(hashes.items()))
        write_register(root, [*register, entry])
        git(root, "add", REGISTER.as_posix())
        git(
            root,
            "commit",
            "-q",
            "-m",
            f"Sổ dự thảo: ghi dự thảo lần {n} (commit {issued[:12]})\n\n"
            f"Dự thảo lần {n} phát hành ngày {ngay:%d/%m/%Y} từ commit {issued}.",
        )

        set_scalar(root / VAN_BAN, ["du_thao", "so"], str(n + 1))
        set_scalar(root / VAN_BAN, ["du_thao", "ngay"], "null")
        git(root, "add", VAN_BAN.as_posix())
        git(root, "commit", "-q", "-m", f"Bắt đầu soạn dự thảo lần {n + 1}\n\nSau khi phát hành dự thảo lần {n}.")
    except BaseException:
        git(root, "reset", "-q", "--hard", start, check=False)
        if tagged:
            git(root, "tag", "-d", tag, check=False)
        raise
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(prog="make release", description="Phát hành bản dự thảo hiện tại.")
    parser.add_argument("--ngay", help="ngày phát hành YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument(
        "--kiem-tra",
        action="append",
        metavar="LỆNH",
        help="lệnh kiểm tra thay cho mặc định (có thể lặp lại)",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()
    if args.ngay:
        try:
            ngay = dt.date.fromisoformat(args.ngay)
        except ValueError as exc:
            raise DraftError(f"NGAY={args.ngay!r} không phải ngày dạng YYYY-MM-DD (ví dụ 2025-08-20).") from exc
    else:
        ngay = dt.date.today()
    checks = [shlex.split(c) for c in args.kiem_tra] if args.kiem_tra else None
    entry = release(args.root, ngay, checks)
    print(
        f"Đã phát hành dự thảo lần {entry.so} ngày {entry.ngay:%d/%m/%Y} "
        f"(commit {entry.commit[:12]}, thẻ {draft_tag(entry.so)}). "
        f"Đang soạn dự thảo lần {entry.so + 1}."
    )
    print("Các tệp gửi đi và mã kiểm tra SHA-256 (đã ghi vào sổ):")
    for kind, sha in entry.ma_kiem_tra:
        print(f"  {issued_name(kind, entry.so)}  {sha}")
    return 0


if __name__ == "__main__":
    run_cli(main)
