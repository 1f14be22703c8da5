"""``make nhan-gop-y``: a reviewer's returned .docx into the register of draft N.

Each comment and tracked change becomes one record (``xu_ly: chua_xu_ly``), anchored to its
paragraph of draft N (:mod:`.anchor`). A record's ``ma_nhan`` is a hash of what it is (reviewer,
kind, author, day, paragraph, words): a second intake of the same file, or of a copy of it
re-saved by another program, adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.core.review.anchor import BY_IDENTITY, BY_TEXT, UNPLACED, Anchoring
from build_scripts.core.review.docx_comments import COMMENT, INSERTION, Remark, draft_number, open_docx, read_remarks
from build_scripts.core.review.paragraph_map import draft_paragraphs, issued_entry
from build_scripts.core.review.register import UNDECIDED, append_records, folder, load_register, next_id

UNPLACED_TEXT = "chưa xác định được vị trí"


@dataclass
class IntakeResult:
    number: int
    path: Path | None  # the register file written (None: nothing new)
    added: list[dict] = field(default_factory=list)
    already: int = 0  # found in the register from an earlier intake
    methods: Counter = field(default_factory=Counter)


def intake_key(don_vi: str, remark: Remark, place: str) -> str:
    parts = [don_vi, remark.kind, remark.author, str(remark.date or ""), place, remark.text, remark.quote]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def _content(remark: Remark) -> str:
    if remark.kind == COMMENT:
        return remark.text
    return ("thêm: " if remark.kind == INSERTION else "bỏ: ") + remark.text


def intake(
    root: Path, docx_path: Path, don_vi: str, n: int | None = None, today: dt.date | None = None
) -> IntakeResult:
    root = Path(root)
    document = open_docx(docx_path)
    n = n or draft_number(docx_path, document)
    issued_entry(root, n)  # a draft never issued is refused before anything is built
    draft = draft_paragraphs(root, n)
    existing = load_register(root, n) if folder(root, n).is_dir() else []
    known = {c.ma_nhan for c in existing if c.ma_nhan}
    _, remarks = read_remarks(docx_path, document)
    anchoring = Anchoring(draft.paragraphs)
    result = IntakeResult(n, None)
    records = []
    for remark in remarks:
        anchor = anchoring.anchor(remark.paragraph)
        place = anchor.identity or (remark.paragraph.text if remark.paragraph else "")
        key = intake_key(don_vi, remark, place)
        if key in known:
            result.already += 1
            continue
        known.add(key)
        result.methods[anchor.method] += 1
        mapped = draft.paragraphs.get(anchor.identity) if anchor.identity else None
        if mapped:
            section = " ".join(x for x in (mapped.get("so_muc"), _unnumbered(mapped)) if x)
        else:
            section = remark.paragraph.heading if remark.paragraph else ""
        quote = remark.quote or (remark.paragraph.text[:200] if remark.paragraph and remark.kind == COMMENT else "")
        kind_label = {"y_kien": "nhận xét", "them": "thêm (sửa có theo dõi)", "bo": "bỏ (sửa có theo dõi)"}
        record = {
            "id": next_id([*existing], n, offset=len(records)),
            "don_vi": don_vi,
            "nguoi": remark.author,
            "ngay": remark.date or today or dt.date.today(),
            "doan_van": anchor.identity,
            "muc": section,
            "trich": quote,
            "noi_dung": _content(remark),
            "xu_ly": UNDECIDED,
            "ly_do": "",
            "nguon": f"{docx_path.name}, {kind_label[remark.kind]} {remark.number}"
            + ("" if anchor.identity else f" — {UNPLACED_TEXT}"),
            "neo": anchor.method,
            "ma_nhan": key,
        }
        if not remark.author:
            del record["nguoi"]
        records.append(record)
    if records:
        result.path = append_records(root, n, don_vi, records)
    result.added = records
    return result


def _unnumbered(paragraph: dict) -> str:
    heading, number = paragraph.get("muc", ""), paragraph.get("so_muc", "")
    return heading[len(number) :].strip() if number and heading.startswith(number) else heading


def summary_lines(result: IntakeResult, shown_path: str) -> list[str]:
    """What the committee is told after an intake (Vietnamese)."""
    added = len(result.added)
    comments = sum(1 for r in result.added if not r["noi_dung"].startswith(("thêm: ", "bỏ: ")))
    lines = [
        f"Góp ý vào Dự thảo lần {result.number}: nhận {added} mục mới "
        f"({comments} nhận xét, {added - comments} chỗ sửa có theo dõi).",
        f"  - xác định vị trí theo mã đoạn văn: {result.methods[BY_IDENTITY]}",
        f"  - xác định vị trí theo nội dung đoạn văn: {result.methods[BY_TEXT]}",
        f"  - {UNPLACED_TEXT}: {result.methods[UNPLACED]}",
    ]
    if result.already:
        lines.append(f"  - đã có trong sổ từ lần nhận trước, không thêm lại: {result.already}")
    if result.path:
        lines.append(f"Đã ghi vào {shown_path}. Tổ biên tập ghi quyết định vào 'xu_ly' và 'ly_do' của từng mục.")
    else:
        lines.append("Không có gì mới để ghi.")
    if result.methods[UNPLACED]:
        lines.append(
            f"Các mục '{UNPLACED_TEXT}' có 'doan_van: null': xem 'trich' và 'muc' rồi ghi mã đoạn văn bằng tay "
            "(hoặc để nguyên)."
        )
    return lines
