"""Reproducible PDFs: one commit builds the same bytes on any machine, at any time, in any folder.

rinohtype stamps the wall-clock time into /CreationDate and /ModDate and derives the trailer /ID
from it. :func:`build_scripts.pdf.pdf_post.finish_pdf` replaces them:

* the time is :func:`source_timestamp` — ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds
  convention; UTC), else the date the document itself carries in source_data/van_ban.yaml:
  a draft's ``du_thao.ngay`` (written by ``make release`` when it is issued); else — and always
  for the final document — ``ngay_ban_hanh`` (day 1 while its day is still ``null``), at 00:00
  Vietnam time (+07:00), where the report is issued. A draft not yet issued thus carries the
  month of the congress, not a made-up day: its data say no more;
* the /ID is the first 16 bytes of the SHA-256 of the file written with a zero /ID, so it
  changes exactly when the content does.

rinohtype embeds whole fonts under fixed names (no random subset tags), writes no XMP and no
path; objects are numbered in document order. The tests check all of this on real builds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from build_scripts.core.document import VAN_BAN, DocumentInfo, read_document_info
from build_scripts.core.messages import SourceLocation, UserError

VIETNAM = dt.timezone(dt.timedelta(hours=7))
ENV = "SOURCE_DATE_EPOCH"
ID_PLACEHOLDER = bytes(16)
ID_LENGTH = 16


def file_sha256(path) -> str:
    """Hex SHA-256 of the file at `path` (what a release records for its PDF)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def epoch_from_environment(environ) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, None when unset; a committee-readable error when it is no
    number (Sphinx reads it too, and would fail with a bare ValueError)."""
    value = environ.get(ENV)
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UserError(
            f"Biến môi trường {ENV}={value!r} không phải một số giây (thời điểm Unix).",
            None,
            f"Đặt {ENV} là số nguyên, ví dụ {ENV}=$(git log -1 --format=%ct), "
            f"hoặc bỏ hẳn nó đi (unset {ENV}) để dùng ngày trong source_data/van_ban.yaml.",
        ) from None


def timestamp_for(info: DocumentInfo, environ=None) -> dt.datetime:
    """The build's timestamp for the document ``info`` (see the module's docstring)."""
    epoch = epoch_from_environment(os.environ if environ is None else environ)
    if epoch is not None:
        return epoch
    if not info.is_final and info.issued_on is not None:
        day = info.issued_on
        return dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)
    if info.dated is not None:
        year, month, day = info.dated
        return dt.datetime(year, month or 1, day or 1, tzinfo=VIETNAM)
    raise UserError(
        "Không có ngày của văn bản để ghi vào PDF (để mỗi lần dựng cùng một bản ra đúng một tệp).",
        info.title_location or SourceLocation(VAN_BAN),
        "Ghi 'ngay_ban_hanh:' với 'nam:' (và 'thang:', 'ngay:' nếu đã có) trong "
        "source_data/van_ban.yaml, hoặc đặt biến môi trường SOURCE_DATE_EPOCH.",
    )


def source_timestamp(root, final: bool = False, environ=None) -> dt.datetime:
    """The timestamp an output built from the tree at ``root`` carries."""
    return timestamp_for(read_document_info(Path(root), final or None), environ)


def pdf_date(moment: dt.datetime) -> str:
    """PDF date string (ISO 32000-1, 7.9.4), with the moment's own UTC offset."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{minutes:02d}'"


def stamp_content_id(data: bytes) -> bytes:
    """`data`, a PDF whose trailer /ID is the zero placeholder twice, with that /ID replaced by
    the first 16 bytes of the SHA-256 of `data`."""
    trailer = data.rfind(b"trailer")
    placeholder = b"<" + ID_PLACEHOLDER.hex().encode() + b">"
    if trailer < 0 or data.count(placeholder, trailer) != 2:
        raise ValueError("the PDF trailer has no placeholder /ID")
    digest = hashlib.sha256(data).digest()[:ID_LENGTH]
    stamp = b"<" + digest.hex().encode() + b">"
    return data[:trailer] + data[trailer:].replace(placeholder, stamp)
