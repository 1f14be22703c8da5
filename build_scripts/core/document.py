"""Who issues the report, which draft it is, and the output file names — from van_ban.yaml."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from build_scripts.core.data import DataError, load_data_text, load_source_data
from build_scripts.core.messages import SourceLocation

DRAFT = "du_thao"
FINAL = "chinh_thuc"
FILE_PREFIX = "bao-cao-chinh-tri-"  # every output file of the report starts so
VAN_BAN = Path("source_data") / "van_ban.yaml"


@dataclass(frozen=True)
class DocumentInfo:
    """What ``van_ban.yaml`` says of the document: the one parse of it, shared by every tool."""

    draft_number: int
    status: str
    title: str
    issuing_body: str
    #: where van_ban.yaml says which status (a final build asked for there, not by `make final`)
    status_location: SourceLocation | None = None
    #: the title's lines as van_ban.yaml breaks them (the printed title breaks there)
    title_lines: tuple[str, ...] = ()
    #: the day the draft was issued (``du_thao.ngay``, written by `make release`)
    issued_on: dt.date | None = None
    #: where ``du_thao.so`` is written
    number_location: SourceLocation | None = None
    #: where ``ten_van_ban`` is written
    title_location: SourceLocation | None = None
    #: ``ngay_ban_hanh`` as (year, month, day), month and day None while not yet decided
    dated: tuple[int, int | None, int | None] | None = None
    #: the line under the title ("Báo cáo Chính trị của Ban Chấp hành … trình tại Đại hội …")
    subtitle: str = ""

    @property
    def is_final(self) -> bool:
        return self.status == FINAL

    @property
    def label(self) -> str:
        """'Dự thảo lần 4', or 'Chính thức' for the final document."""
        return "Chính thức" if self.is_final else f"Dự thảo lần {self.draft_number}"

    @property
    def file_stem(self) -> str:
        return f"{FILE_PREFIX}chinh-thuc" if self.is_final else draft_file_stem(self.draft_number)

    @property
    def tag(self) -> str:
        """The git tag, and the site's folder, of this draft."""
        return draft_tag(self.draft_number)


def draft_tag(number: int) -> str:
    """'du-thao-lan-4': the git tag of an issued draft, and its folder on the site."""
    return f"du-thao-lan-{number}"


def draft_file_stem(number: int) -> str:
    return f"{FILE_PREFIX}{draft_tag(number)}"


def pdf_name(number: int) -> str:
    return f"{draft_file_stem(number)}.pdf"


def read_document_info(root: Path, final: bool | None = None, data_dir: str = "source_data") -> DocumentInfo:
    """The document of the project at ``root``; parsed once per process while the file is unchanged
    (conf.py, the build command and the extensions all ask)."""
    folder = Path(root).resolve() / data_dir
    try:
        stat = (folder / VAN_BAN.name).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return _as_final(_read_cached(folder, stamp), final)


@lru_cache(maxsize=8)
def _read_cached(folder: Path, _stamp) -> DocumentInfo:
    return document_info_from(load_source_data(folder, only={"van_ban"}))


def parse_document_info(text: str, path: Path) -> DocumentInfo:
    """The document of a ``van_ban.yaml`` text (from a commit: the redline, the site)."""
    return document_info_from(load_data_text(text, path, "van_ban"))


def _as_final(info: DocumentInfo, final: bool | None) -> DocumentInfo:
    return replace(info, status=FINAL) if final else info


def document_info_from(dataset, final: bool | None = None) -> DocumentInfo:
    van_ban = dataset.namespace.get("van_ban")
    path = dataset.files.get("van_ban", VAN_BAN)

    def where(key: str) -> SourceLocation:
        key = f"van_ban.{key}"
        return dataset.location(key) if key in dataset.keys() else SourceLocation(path)

    if not isinstance(van_ban, dict) or not isinstance(van_ban.get("du_thao"), dict):
        raise DataError(
            "Thiếu mục 'du_thao' (số lần dự thảo, trạng thái) trong van_ban.yaml.",
            SourceLocation(path),
            "Thêm:\ndu_thao:\n  so: 4\n  trang_thai: du_thao",
        )
    du_thao = van_ban["du_thao"]
    number = du_thao.get("so")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise DataError(
            f"Số lần dự thảo phải là số nguyên dương, đang là '{number}'.",
            where("du_thao.so"),
            "Sửa 'du_thao: so:' trong source_data/van_ban.yaml, ví dụ 'so: 4'.",
        )
    status = du_thao.get("trang_thai", DRAFT)
    if status not in (DRAFT, FINAL):
        raise DataError(
            f"Trạng thái văn bản '{status}' không hợp lệ.",
            where("du_thao.trang_thai"),
            f"Dùng '{DRAFT}' (dự thảo) hoặc '{FINAL}' (chính thức).",
        )
    issued_on = du_thao.get("ngay")
    if issued_on is not None and (not isinstance(issued_on, dt.date) or isinstance(issued_on, dt.datetime)):
        raise DataError(
            f"Ngày phát hành dự thảo ghi '{issued_on}', không phải một ngày.",
            where("du_thao.ngay"),
            "Ghi ngày dạng năm-tháng-ngày, ví dụ 'ngay: 2025-08-20', hoặc 'ngay: null' khi chưa phát hành "
            "(`make release` tự ghi).",
        )
    _check_issue_date(dataset, path)
    title = str(van_ban.get("ten_van_ban", ""))
    info = DocumentInfo(
        draft_number=number,
        status=status,
        title=" ".join(title.split()),
        title_lines=tuple(" ".join(line.split()) for line in title.splitlines() if line.strip()),
        issuing_body=str(van_ban.get("co_quan_ban_hanh", "")),
        status_location=where("du_thao.trang_thai"),
        issued_on=issued_on,
        number_location=where("du_thao.so"),
        title_location=where("ten_van_ban"),
        subtitle=" ".join(str(van_ban.get("phu_de", "")).split()),
        dated=_dated(van_ban.get("ngay_ban_hanh")),
    )
    return _as_final(info, final)


def _dated(date) -> tuple[int, int | None, int | None] | None:
    if not isinstance(date, dict) or not isinstance(date.get("nam"), int):
        return None
    return date["nam"], date.get("thang"), date.get("ngay")


def _check_issue_date(dataset, path: Path) -> None:
    """ngay_ban_hanh: {ngay, thang, nam}, each a number (the day may wait: null), and a date that
    exists. A day typed "20/8" stopped the build inside a template, in Python's words; "31" with
    "thang: 9" was printed."""
    date = dataset.namespace["van_ban"].get("ngay_ban_hanh")
    if not isinstance(date, dict):
        return  # the template says what it needs (vi_format.format_issue_date)

    def where(field: str) -> SourceLocation:
        key = f"van_ban.ngay_ban_hanh.{field}"
        return dataset.location(key) if key in dataset.keys() else SourceLocation(path)

    limits = {
        "ngay": (1, 31, "số ngày (1 - 31), ví dụ 'ngay: 20'"),
        "thang": (1, 12, "số tháng (1 - 12), ví dụ 'thang: 8'"),
        "nam": (1945, 2100, "năm bốn chữ số, ví dụ 'nam: 2025'"),
    }
    for field, (low, high, example) in limits.items():
        value = date.get(field)
        if value is None and field != "nam":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            what = {"ngay": "một số ngày", "thang": "một số tháng", "nam": "một năm"}[field]
            raise DataError(
                f"Ngày ban hành ghi '{field}: {value}', không phải {what}.",
                where(field),
                f"Ghi riêng {example}; tháng ghi ở 'thang:', năm ở 'nam:'. Chưa có ngày thì để 'ngay: null'."
                if field == "ngay"
                else f"Ghi {example}.",
            )
    day, month, year = date.get("ngay"), date.get("thang"), date["nam"]
    if day and month and day > calendar.monthrange(year, month)[1]:
        raise DataError(
            f"Ngày ban hành {day}/{month}/{year} không có: tháng {month} năm {year} có "
            f"{calendar.monthrange(year, month)[1]} ngày.",
            where("ngay"),
            "Sửa 'ngay:' hoặc 'thang:' cho đúng.",
        )
