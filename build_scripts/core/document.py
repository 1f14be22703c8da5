"""Who issues the report, which draft it is, and the output file names — from van_ban.yaml."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.data import DataError, load_source_data
from build_scripts.core.messages import SourceLocation

DRAFT = "du_thao"
FINAL = "chinh_thuc"
FILE_PREFIX = "bao-cao-chinh-tri-"   # every output file of the report starts so


@dataclass(frozen=True)
class DocumentInfo:
    draft_number: int
    status: str
    title: str
    issuing_body: str
    #: where van_ban.yaml says which status (a final build asked for there, not by `make final`)
    status_location: SourceLocation | None = None
    #: the title's lines as van_ban.yaml breaks them (the printed title breaks there)
    title_lines: tuple[str, ...] = ()

    @property
    def is_final(self) -> bool:
        return self.status == FINAL

    @property
    def label(self) -> str:
        """'Dự thảo lần 4', or 'Chính thức' for the final document."""
        return "Chính thức" if self.is_final else f"Dự thảo lần {self.draft_number}"

    @property
    def file_stem(self) -> str:
        if self.is_final:
            return f"{FILE_PREFIX}chinh-thuc"
        return f"{FILE_PREFIX}du-thao-lan-{self.draft_number}"


def read_document_info(root: Path, final: bool | None = None) -> DocumentInfo:
    """Read van_ban.yaml (through the data loader, so errors look the same everywhere)."""
    dataset = load_source_data(Path(root) / "source_data", only={"van_ban"})
    return document_info_from(dataset, final)


def document_info_from(dataset, final: bool | None = None) -> DocumentInfo:
    van_ban = dataset.namespace.get("van_ban")
    path = dataset.files.get("van_ban", Path("source_data/van_ban.yaml"))
    if not isinstance(van_ban, dict) or not isinstance(van_ban.get("du_thao"), dict):
        raise DataError("Thiếu mục 'du_thao' (số lần dự thảo, trạng thái) trong van_ban.yaml.",
                        SourceLocation(path), "Thêm:\ndu_thao:\n  so: 4\n  trang_thai: du_thao")
    du_thao = van_ban["du_thao"]
    number = du_thao.get("so")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise DataError(f"Số lần dự thảo phải là số nguyên dương, đang là '{number}'.",
                        dataset.location("van_ban.du_thao.so") if "van_ban.du_thao.so" in dataset.keys() else SourceLocation(path),
                        "Sửa 'du_thao: so:' trong source_data/van_ban.yaml, ví dụ 'so: 4'.")
    status = du_thao.get("trang_thai", DRAFT)
    if status not in (DRAFT, FINAL):
        raise DataError(f"Trạng thái văn bản '{status}' không hợp lệ.",
                        dataset.location("van_ban.du_thao.trang_thai"),
                        f"Dùng '{DRAFT}' (dự thảo) hoặc '{FINAL}' (chính thức).")
    _check_issue_date(dataset, path)
    key = "van_ban.du_thao.trang_thai"
    where = dataset.location(key) if key in dataset.keys() else SourceLocation(path)
    if final is not None:
        status = FINAL if final else status
    return DocumentInfo(
        draft_number=number,
        status=status,
        title=" ".join(str(van_ban.get("ten_van_ban", "")).split()),
        title_lines=tuple(" ".join(line.split()) for line in str(van_ban.get("ten_van_ban", "")).splitlines()
                          if line.strip()),
        issuing_body=str(van_ban.get("co_quan_ban_hanh", "")),
        status_location=where,
    )


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

    limits = {"ngay": (1, 31, "số ngày (1 - 31), ví dụ 'ngay: 20'"),
              "thang": (1, 12, "số tháng (1 - 12), ví dụ 'thang: 8'"),
              "nam": (1945, 2100, "năm bốn chữ số, ví dụ 'nam: 2025'")}
    for field, (low, high, example) in limits.items():
        value = date.get(field)
        if value is None and field != "nam":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            what = {"ngay": "một số ngày", "thang": "một số tháng", "nam": "một năm"}[field]
            raise DataError(f"Ngày ban hành ghi '{field}: {value}', không phải {what}.", where(field),
                            f"Ghi riêng {example}; tháng ghi ở 'thang:', năm ở 'nam:'. Chưa có ngày thì để 'ngay: null'."
                            if field == "ngay" else f"Ghi {example}.")
    day, month, year = date.get("ngay"), date.get("thang"), date["nam"]
    if day and month and day > calendar.monthrange(year, month)[1]:
        raise DataError(f"Ngày ban hành {day}/{month}/{year} không có: tháng {month} năm {year} có "
                        f"{calendar.monthrange(year, month)[1]} ngày.", where("ngay"), "Sửa 'ngay:' hoặc 'thang:' cho đúng.")
