"""``make publish DEST=/srv/bao-cao``: put the built site where the web server serves it.

Atomic: the site is copied into ``DEST/releases/<stamp>/`` first, and only when
the copy is complete does ``DEST/current`` (a symbolic link, the web server's
root) switch to it, by rename(2) of a new link over the old one. A reader sees
the old site or the new one, never half of each; if anything fails the old
site stays. Every draft ever published stays: a draft directory of the
previous release that the new site lacks is carried over, into the same edition
(readers' at the root, the committee's in ``to-bien-tap/``; a release from before the
two editions had only the committee's, with the notes: its drafts go to ``to-bien-tap/``
only). The three newest releases are kept on disk (for going back by hand), older ones
removed. The accounts (``DEST/tai-khoan/``, ``make nguoi-dung``) are not touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.messages import run_cli
from build_scripts.core.site.editions import COMMITTEE_DIR

CURRENT = "current"
RELEASES = "releases"
KEEP = 3
PDF_DIR = "pdf"
_DRAFT_DIR = re.compile(r"^du-thao-lan-\d+$")
_STAMP = re.compile(r"^\d{8}T\d{6}\d{6}Z$")


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def current_release(dest: Path) -> Path | None:
    link = dest / CURRENT
    if link.is_symlink():
        return (dest / os.readlink(link)).resolve()
    if link.exists():
        raise DraftError(
            f"{link} đang là thư mục/tệp thật, không phải liên kết do 'make publish' tạo. "
            f"Chuyển nó đi chỗ khác (ví dụ: mv {link} {link}.cu) rồi chạy lại."
        )
    return None


def publish(src: Path, dest: Path, keep: int = KEEP) -> Path:
    """Publish the site in ``src`` to ``dest``; return the new release directory."""
    if not (src / "index.html").is_file():
        raise DraftError(f"Chưa có trang để đăng: không thấy {src / 'index.html'}. Chạy 'make site' trước.")
    if not (src / COMMITTEE_DIR / "index.html").is_file():
        raise DraftError(
            f"Trang ở {src} chưa chia hai bản (người đọc / tổ biên tập: thiếu {COMMITTEE_DIR}/index.html), "
            "nên không đăng: các ghi chú cho tổ biên tập có thể lọt tới người đọc. Chạy lại 'make site' rồi đăng."
        )
    dest.mkdir(parents=True, exist_ok=True)
    releases = dest / RELEASES
    releases.mkdir(exist_ok=True)
    previous = current_release(dest)
    stamp = _stamp()
    staging = releases / f".dang-chep-{stamp}"
    final = releases / stamp
    link_tmp = dest / f".{CURRENT}-{stamp}"
    try:
        shutil.copytree(src, staging, symlinks=False)
        if previous is not None and previous.is_dir():
            if (previous / COMMITTEE_DIR).is_dir():
                _carry_over(previous, staging)
                _carry_over(previous / COMMITTEE_DIR, staging / COMMITTEE_DIR)
            else:  # published before the two editions: its drafts have the notes
                _carry_over(previous, staging / COMMITTEE_DIR)
        os.rename(staging, final)
        os.symlink(os.path.join(RELEASES, stamp), link_tmp)
        os.replace(link_tmp, dest / CURRENT)  # rename(2): atomic switch
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if link_tmp.is_symlink():
            link_tmp.unlink()
        if final.exists() and current_release(dest) != final.resolve():
            shutil.rmtree(final, ignore_errors=True)
        raise
    _prune(releases, keep, {final.resolve(), *([previous] if previous else [])})
    return final


def _carry_over(old_root: Path, new_root: Path) -> None:
    """The drafts and PDFs of ``old_root`` that ``new_root`` lacks, copied into it."""
    for old in old_root.iterdir():
        if _DRAFT_DIR.match(old.name) and not (new_root / old.name).exists():
            shutil.copytree(old, new_root / old.name)
    if (old_root / PDF_DIR).is_dir():
        (new_root / PDF_DIR).mkdir(exist_ok=True)
        for old in (old_root / PDF_DIR).glob("*.pdf"):
            if not (new_root / PDF_DIR / old.name).exists():
                shutil.copy2(old, new_root / PDF_DIR / old.name)


def _prune(releases: Path, keep: int, protect: set[Path]) -> None:
    stamps = sorted(p for p in releases.iterdir() if p.is_dir() and _STAMP.match(p.name))
    for old in stamps[:-keep] if keep > 0 else stamps:
        if old.resolve() not in protect:
            shutil.rmtree(old, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="make publish", description="Đăng trang lên thư mục máy chủ web.")
    parser.add_argument("--dest", default=os.environ.get("DEST", ""), help="thư mục máy chủ web phục vụ (DEST=…)")
    parser.add_argument("--src", type=Path, default=Path("_build") / "site")
    parser.add_argument("--chi-kiem-tra", action="store_true", help="chỉ kiểm tra DEST, không đăng")
    args = parser.parse_args()
    if not args.dest:
        raise DraftError(
            "Chưa nói đăng vào đâu. Chạy: make publish DEST=/duong/dan/thu-muc-web "
            "(thư mục mà nginx phục vụ qua liên kết DEST/current)."
        )
    dest = Path(args.dest)
    if dest.exists() and not dest.is_dir():
        raise DraftError(f"DEST={args.dest} là một tệp, không phải thư mục. Chọn một thư mục.")
    if dest.is_dir():
        current_release(dest)  # refuses a real directory named current
        if not os.access(dest, os.W_OK):
            raise DraftError(f"Không có quyền ghi vào {dest}. Chạy với quyền phù hợp hoặc chọn DEST khác.")
    if args.chi_kiem_tra:
        return 0
    final = publish(args.src.resolve(), Path(args.dest).resolve())
    print(
        f"Đã đăng: {Path(args.dest) / CURRENT} → {final}. Máy chủ web phục vụ thư mục {Path(args.dest) / CURRENT} "
        f"(bản cho người đọc ở /, bản của tổ biên tập ở /{COMMITTEE_DIR}/; tài khoản: make nguoi-dung)."
    )
    return 0


if __name__ == "__main__":
    run_cli(main)
