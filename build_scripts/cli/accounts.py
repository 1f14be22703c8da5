"""``make nguoi-dung DEST=… THEM=ten NHOM=doc|bien-tap`` / ``XOA=ten``: the site's accounts.

The password is asked at the terminal (twice, not echoed), or read from the environment
variable ``MAT_KHAU`` for scripts. Without THEM or XOA: the list of accounts and groups.
The files: build_scripts.core.site.accounts.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from build_scripts.core.messages import run_cli
from build_scripts.core.site.accounts import (
    ACCOUNTS_DIR,
    COMMITTEE,
    GROUPS,
    AccountError,
    accounts,
    check_group,
    check_name,
    check_password,
    remove_account,
    set_account,
)

GROUP_NAMES = {"doc": "người đọc", "bien-tap": "tổ biên tập"}
PASSWORD_ENV = "MAT_KHAU"


def _password(name: str) -> str:
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise AccountError(
            "Không có ai để hỏi mật khẩu (lệnh không chạy ở cửa sổ dòng lệnh).",
            fix=f"Chạy lệnh ở cửa sổ dòng lệnh, hoặc đặt mật khẩu trong biến môi trường {PASSWORD_ENV}=….",
        )
    first = getpass.getpass(f"Mật khẩu cho {name}: ")
    check_password(name, first)  # a weak one is refused before it is typed twice
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise AccountError("Hai lần nhập mật khẩu không giống nhau; chưa thay đổi gì.", fix="Chạy lại lệnh.")
    return first


def main() -> int:
    parser = argparse.ArgumentParser(prog="make nguoi-dung", description="Tài khoản đọc trang nội bộ.")
    parser.add_argument("--dest", default=os.environ.get("DEST", ""), help="thư mục đăng trang (DEST=…)")
    parser.add_argument("--them", help="thêm hoặc đổi tài khoản (THEM=…)")
    parser.add_argument("--nhom", help=f"nhóm: {' hoặc '.join(GROUPS)} (NHOM=…)")
    parser.add_argument("--xoa", help="xóa tài khoản (XOA=…)")
    args = parser.parse_args()
    if not args.dest:
        raise AccountError(
            "Chưa nói tài khoản của trang nào.",
            fix="Ghi thư mục đăng trang: make nguoi-dung DEST=/srv/bao-cao THEM=nguyenvana NHOM=doc",
        )
    dest = Path(args.dest)
    if args.them is not None and args.xoa is not None:
        raise AccountError("Mỗi lần chỉ thêm (THEM=) hoặc xóa (XOA=) một tài khoản.", fix="Chạy hai lệnh.")
    if args.xoa is not None:
        group = remove_account(dest, args.xoa)
        print(
            f"Đã xóa tài khoản {args.xoa} (nhóm {GROUP_NAMES[group]}). Có hiệu lực ngay với mọi yêu cầu mới; "
            "trình duyệt đang mở của người đó cũng bị từ chối ở trang kế tiếp."
        )
        return 0
    if args.them is not None:
        check_name(args.them)
        if not args.nhom:
            raise AccountError(
                f"Chưa nói tài khoản {args.them} thuộc nhóm nào.",
                fix=f"Thêm NHOM=doc (người đọc) hoặc NHOM={COMMITTEE} (tổ biên tập, đọc được cả hai bản).",
            )
        check_group(args.nhom)
        new = set_account(dest, args.them, args.nhom, _password(args.them))
        print(
            f"Đã {'thêm' if new else 'đổi'} tài khoản {args.them}, nhóm {GROUP_NAMES[args.nhom]}"
            + (" (đọc được cả bản cho người đọc và bản của tổ biên tập)." if args.nhom == COMMITTEE else ".")
            + f" Tệp: {dest / ACCOUNTS_DIR}/."
        )
        return 0
    found = accounts(dest)
    if not found:
        print(
            f"Chưa có tài khoản nào trong {dest / ACCOUNTS_DIR}/. Thêm: make nguoi-dung DEST={dest} THEM=ten NHOM=doc"
        )
    for name, group in sorted(found.items()):
        print(f"{name}\t{GROUP_NAMES[group]}")
    return 0


if __name__ == "__main__":
    run_cli(main)
