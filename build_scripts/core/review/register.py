"""The register of comments on draft N: ``source_data/gop_y/lan-N/*.yaml``.

One file per reviewer (a body, a cell, a delegate), one record per comment under ``y_kien:``::

    y_kien:
      - id: GY-5-001
        don_vi: Chi bộ thôn An Lạc
        nguoi: Nguyễn Văn A           # optional
        ngay: 2026-12-01
        doan_van: p036dcc8444         # the paragraph's identity in draft N; null: not known
        muc: Công tác xây dựng Đảng   # the section, as a reader finds it
        trich: được tăng cường        # the words commented on
        noi_dung: Đề nghị nêu rõ số đảng viên kết nạp mỗi năm.
        xu_ly: chua_xu_ly             # tiep_thu | tiep_thu_mot_phan | giai_trinh | khong_tiep_thu | chua_xu_ly
        ly_do: ""                     # what was done, or why not (needed unless tiep_thu/chua_xu_ly)
        da_sua: ""                    # optional: where draft N+1 changed

``make nhan-gop-y`` adds ``nguon`` (the file and comment it came from), ``neo`` (how its place
was found: ma_doan_van | van_ban | chua_xac_dinh) and ``ma_nhan`` (the key that keeps a second
intake of the same file from adding it again). The folder lies below ``source_data/``, so the
report's data loader (top-level ``*.yaml`` only) never reads it, and lint leaves the reviewers'
words alone (:func:`build_scripts.core.lint.runner.is_reviewers_words`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts.core.messages import SourceLocation, UserError, UserErrors, read_utf8
from build_scripts.core.suggest import did_you_mean

FOLDER = Path("source_data") / "gop_y"
LIST_KEY = "y_kien"
UNDECIDED = "chua_xu_ly"
#: decision -> how the report says it
DECISIONS = {
    "tiep_thu": "Tiếp thu",
    "tiep_thu_mot_phan": "Tiếp thu một phần",
    "giai_trinh": "Giải trình",
    "khong_tiep_thu": "Không tiếp thu",
    UNDECIDED: "Chưa xử lý",
}
#: a decision the committee must explain (``ly_do``)
NEEDS_REASON = {"tiep_thu_mot_phan", "giai_trinh", "khong_tiep_thu"}
REQUIRED = ("id", "don_vi", "ngay", "noi_dung", "xu_ly")
OPTIONAL = ("nguoi", "doan_van", "muc", "trich", "ly_do", "da_sua", "nguon", "neo", "ma_nhan")
#: how intake found the place: by the bookmark, by the paragraph's text, not at all
ANCHORS = ("ma_doan_van", "van_ban", "chua_xac_dinh")
HEADER = """\
# Ý kiến góp ý vào Dự thảo lần {n} của: {don_vi}
# Mỗi ý kiến một mục dưới y_kien. Tổ biên tập ghi quyết định vào xu_ly
# (tiep_thu | tiep_thu_mot_phan | giai_trinh | khong_tiep_thu | chua_xu_ly) và ly_do.
# Lời của người góp ý giữ nguyên như nhận được: không sửa trich, noi_dung.
"""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RegisterError(UserError):
    pass


@dataclass
class Comment:
    id: str
    don_vi: str
    ngay: dt.date
    noi_dung: str
    xu_ly: str
    nguoi: str = ""
    doan_van: str | None = None
    muc: str = ""
    trich: str = ""
    ly_do: str = ""
    da_sua: str = ""
    nguon: str = ""
    neo: str = ""
    ma_nhan: str = ""
    #: where the record starts (file:line), and where its doan_van is written
    location: SourceLocation | None = field(default=None, compare=False)
    place_location: SourceLocation | None = field(default=None, compare=False)

    @property
    def placed(self) -> bool:
        return bool(self.doan_van)

    @property
    def decided(self) -> bool:
        return self.xu_ly != UNDECIDED


def folder(root: Path, n: int) -> Path:
    return Path(root) / FOLDER / f"lan-{n}"


def id_pattern(n: int) -> re.Pattern:
    return re.compile(rf"GY-{n}-(\d{{3,}})")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _parse(path: Path, shown: Path) -> tuple[yaml.Node | None, object]:
    text = unicodedata.normalize("NFC", read_utf8(path, RegisterError))
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RegisterError(
            f"Tệp góp ý không đọc được (YAML): {getattr(exc, 'problem', exc)}.",
            SourceLocation(shown, mark.line + 1 if mark else 0),
            "Kiểm tra thụt lề (mỗi ý kiến bắt đầu bằng '  - id: …', các trường thụt đều) và dấu ':' sau tên trường; "
            "câu có dấu ':' thì đặt trong ngoặc kép.",
        ) from None
    finally:
        loader.dispose()


def read_file(path: Path, n: int, root: Path) -> list[Comment]:
    """The records of one reviewer's file; every mistake of the file at once (UserErrors)."""
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    node, data = _parse(path, shown)
    if data is None:
        return []
    items_node = _child(node, LIST_KEY)
    if not isinstance(data, dict) or not isinstance(data.get(LIST_KEY), list) or items_node is None:
        raise RegisterError(
            f"Tệp góp ý phải có '{LIST_KEY}:' theo sau là danh sách các ý kiến.",
            SourceLocation(shown, 1),
            "Xem mẫu một ý kiến trong README.md (mục Góp ý vào dự thảo).",
        )
    errors: list[UserError] = []
    out: list[Comment] = []
    for item, item_node in zip(data[LIST_KEY], items_node.value):
        here = SourceLocation(shown, _line(item_node))

        def at(key: str, _node=item_node, _here=here) -> SourceLocation:
            value = _child(_node, key)
            return SourceLocation(shown, _line(value)) if value is not None else _here

        if not isinstance(item, dict):
            errors.append(RegisterError("Mỗi ý kiến phải là một nhóm trường (id:, don_vi:, …).", here))
            continue
        bad = False
        for key in item:
            if key not in REQUIRED and key not in OPTIONAL:
                bad = True
                errors.append(
                    RegisterError(
                        f"Trường '{key}' không có trong mẫu ý kiến.",
                        at(key),
                        did_you_mean(key, REQUIRED + OPTIONAL) + "Các trường: " + ", ".join(REQUIRED + OPTIONAL) + ".",
                    )
                )
        for key in REQUIRED:
            if item.get(key) in (None, ""):
                bad = True
                errors.append(
                    RegisterError(
                        f"Ý kiến {item.get('id') or ''} thiếu trường '{key}'.".replace("  ", " "),
                        here,
                        _FIX_MISSING[key],
                    )
                )
        ident = str(item.get("id") or "")
        if ident and not id_pattern(n).fullmatch(ident):
            bad = True
            errors.append(
                RegisterError(
                    f"Mã ý kiến '{ident}' không đúng dạng GY-{n}-<số> (thư mục lan-{n}).",
                    at("id"),
                    f"Ghi ví dụ 'id: GY-{n}-012' (ba chữ số); ý kiến vào dự thảo khác để trong thư mục của lần đó.",
                )
            )
        decision = item.get("xu_ly")
        if decision not in (None, "") and decision not in DECISIONS:
            bad = True
            errors.append(
                RegisterError(
                    f"Cách xử lý '{decision}' không có.",
                    at("xu_ly"),
                    did_you_mean(decision, DECISIONS) + "Dùng một trong: " + " | ".join(DECISIONS) + ".",
                )
            )
        elif decision in NEEDS_REASON and not str(item.get("ly_do") or "").strip():
            bad = True
            errors.append(
                RegisterError(
                    f"Ý kiến {ident} được xử lý '{decision}' nhưng chưa ghi lý do.",
                    at("xu_ly"),
                    "Ghi 'ly_do:' (tiếp thu phần nào, vì sao giữ nguyên) — nội dung này in vào báo cáo tổng hợp.",
                )
            )
        day = item.get("ngay")
        if day not in (None, "") and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            bad = True
            errors.append(
                RegisterError(
                    f"Ngày góp ý ghi '{day}', không phải một ngày.",
                    at("ngay"),
                    "Ghi dạng năm-tháng-ngày, ví dụ 'ngay: 2026-12-01'.",
                )
            )
        neo = item.get("neo")
        if neo not in (None, "") and neo not in ANCHORS:
            bad = True
            errors.append(
                RegisterError(
                    f"'neo: {neo}' không có.",
                    at("neo"),
                    did_you_mean(neo, ANCHORS) + "Dùng một trong: " + " | ".join(ANCHORS) + " (hoặc bỏ trường này).",
                )
            )
        place = item.get("doan_van")
        if not place and not str(item.get("trich") or item.get("muc") or "").strip():
            bad = True
            errors.append(
                RegisterError(
                    f"Ý kiến {ident} không cho biết góp ý vào đâu: không có doan_van, muc hay trich.",
                    here,
                    "Ghi 'muc:' (mục, ví dụ '1.2. Về kinh tế') và 'trich:' (mấy chữ của đoạn được góp ý); "
                    "biết mã đoạn văn thì ghi 'doan_van:'.",
                )
            )
        if bad:
            continue
        out.append(
            Comment(
                id=ident,
                don_vi=_text(item["don_vi"]),
                ngay=day,
                noi_dung=_text(item["noi_dung"]),
                xu_ly=decision,
                nguoi=_text(item.get("nguoi")),
                doan_van=str(place) if place else None,
                muc=_text(item.get("muc")),
                trich=_text(item.get("trich")),
                ly_do=_text(item.get("ly_do")),
                da_sua=_text(item.get("da_sua")),
                nguon=_text(item.get("nguon")),
                neo=_text(item.get("neo")),
                ma_nhan=_text(item.get("ma_nhan")),
                location=here,
                place_location=at("doan_van"),
            )
        )
    if errors:
        raise UserErrors(errors) if len(errors) > 1 else errors[0]
    return out


_FIX_MISSING = {
    "id": "Ghi mã ý kiến, ví dụ 'id: GY-5-012' (số tiếp theo trong thư mục; `make nhan-gop-y` tự đánh số).",
    "don_vi": "Ghi đơn vị góp ý, ví dụ 'don_vi: Chi bộ thôn An Lạc'.",
    "ngay": "Ghi ngày nhận góp ý, ví dụ 'ngay: 2026-12-01'.",
    "noi_dung": "Chép nguyên văn ý kiến vào 'noi_dung:'.",
    "xu_ly": "Ghi 'xu_ly: chua_xu_ly' khi chưa quyết định; sau đó tiep_thu | tiep_thu_mot_phan | giai_trinh | "
    "khong_tiep_thu.",
}


def _text(value) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


def load_register(root: Path, n: int, paragraphs: dict | None = None) -> list[Comment]:
    """Every comment on draft ``n``, checked; ``paragraphs`` (the map of draft n): every
    ``doan_van`` must be one of its identities. All mistakes are reported together."""
    root = Path(root)
    errors: list[UserError] = []
    comments: list[Comment] = []
    for path in sorted(folder(root, n).glob("*.yaml")) + sorted(folder(root, n).glob("*.yml")):
        try:
            comments += read_file(path, n, root)
        except UserErrors as many:
            errors += many.errors
        except UserError as one:
            errors.append(one)
    first: dict[str, Comment] = {}
    for c in comments:
        if c.id in first:
            errors.append(
                RegisterError(
                    f"Mã ý kiến {c.id} trùng với ý kiến ở {first[c.id].location}.",
                    c.location,
                    f"Đổi mã này thành {next_id(comments, n)} (mỗi ý kiến một mã riêng).",
                )
            )
        else:
            first[c.id] = c
        if paragraphs is not None and c.doan_van and c.doan_van not in paragraphs:
            errors.append(
                RegisterError(
                    f"Ý kiến {c.id}: đoạn văn '{c.doan_van}' không có trong Dự thảo lần {n}.",
                    c.place_location,
                    "Chép đúng mã đoạn (mở trang HTML của dự thảo, mã nằm sau dấu # khi bấm vào đoạn), "
                    "hoặc ghi 'doan_van: null' và ghi rõ 'muc:', 'trich:'.",
                )
            )
    if errors:
        raise UserErrors(errors) if len(errors) > 1 else errors[0]
    return comments


def next_id(comments: list[Comment], n: int, offset: int = 0) -> str:
    numbers = [int(m.group(1)) for c in comments if (m := id_pattern(n).fullmatch(c.id))]
    return f"GY-{n}-{max(numbers, default=0) + 1 + offset:03d}"


def slug(name: str) -> str:
    """'Chi bộ thôn An Lạc' -> 'chi-bo-thon-an-lac': the reviewer's file name."""
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "khong-ten"


def render_record(record: dict) -> str:
    """One record as the YAML lines of an item of ``y_kien`` (two spaces in, '- ' first)."""
    text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return "".join("  " + line + "\n" for line in text.splitlines())


def append_records(root: Path, n: int, don_vi: str, records: list[dict]) -> Path:
    """Add ``records`` to the reviewer's file (created when new); the text already there, with the
    committee's decisions and remarks, is kept byte for byte. Written whole or not at all."""
    path = folder(root, n) / f"{slug(don_vi)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        old = read_utf8(path, RegisterError)
        _, data = _parse(path, path)
        if isinstance(data, dict) and data.get(LIST_KEY):
            keys = list(data)
            if keys[-1] != LIST_KEY:
                raise RegisterError(
                    f"Không thêm được ý kiến: trong tệp này '{LIST_KEY}:' phải là phần cuối cùng.",
                    SourceLocation(path),
                    f"Chuyển các trường khác lên trên '{LIST_KEY}:' rồi chạy lại.",
                )
            new = old + ("" if old.endswith("\n") else "\n") + "".join(render_record(r) for r in records)
        else:
            new = old.rstrip("\n") + "\n" if old.strip() else HEADER.format(n=n, don_vi=don_vi)
            new = (
                re.sub(rf"(?m)^{LIST_KEY}:.*\n?", "", new)
                + f"{LIST_KEY}:\n"
                + "".join(render_record(r) for r in records)
            )
    else:
        new = HEADER.format(n=n, don_vi=don_vi) + f"{LIST_KEY}:\n" + "".join(render_record(r) for r in records)
    handle, tmp = tempfile.mkstemp(prefix=".tam-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(new)
        read_file(Path(tmp), n, Path(root))  # what we wrote reads back
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
