"""Reading the committee's rule files (``source_data/rules/*.yaml``).

A rule file is a YAML list; each item is one rule::

    - ma: ky_luat_tong                       # unique id (lower case, no accents, _)
      mo_ta: Tổng số đảng viên bị kỷ luật bằng tổng các hình thức
      quy_tac: ky_luat.tong == ky_luat.khien_trach + ky_luat.canh_cao + ky_luat.khai_tru
      sai_so: 1%                             # optional: "1%" relative, "0,5" absolute
      don_vi: tấn                            # optional: unit to compare and show in
      sai_lech_da_biet:                      # optional: a known error of the draft
        ghi_chu: "what disagrees, by how much, the likely cause"

or a derived value (``dat_ten`` + ``bang``), usable by later rules::

    - ma: cong_nghiep_dau_nhiem_ky
      mo_ta: Giá trị công nghiệp - xây dựng đầu nhiệm kỳ: giá trị năm 2025 trừ mức tăng
      dat_ten: suy_ra.cong_nghiep_2020
      bang: kinh_te.cong_nghiep.gia_tri_2025 - kinh_te.cong_nghiep.tang_so_dau_nhiem_ky

or a names check (``ten_goi``, see :mod:`build_scripts.core.checks.names`).

``doc_lap.yaml`` in the same folder is different: a mapping ``data key: reason`` for
values that no rule governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from build_scripts.core.checks.expr import ExprError, Expression, parse
from build_scripts.core.checks.units import Unit, UnitError, parse_unit
from build_scripts.core.messages import SourceLocation as Location
from build_scripts.core.messages import UserError
from build_scripts.core.suggest import did_you_mean

DOC_LAP_FILE = "doc_lap.yaml"

_KEYS_COMMON = {"ma", "mo_ta", "ghi_chu", "sai_lech_da_biet"}
_KEYS_RULE = {"quy_tac", "sai_so", "don_vi", "moi_so"}
_KEYS_DERIVED = {"dat_ten", "bang", "don_vi"}
_KEYS_NAMES = {"ten_goi"}
ALL_KEYS = _KEYS_COMMON | _KEYS_RULE | _KEYS_DERIVED | _KEYS_NAMES
_NAME_KEYS = {"mau", "hop_le", "so_la_ma"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUM = re.compile(r"^\s*(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(%?)\s*$")


class RuleFileError(UserError):
    """A mistake in a rule file: a Vietnamese message naming file:line and how to fix it."""

    def __init__(self, location: Location, message: str, hint: str = ""):
        super().__init__(message, location, hint or None)


@dataclass(frozen=True)
class Tolerance:
    amount: Decimal
    relative: bool
    text: str


@dataclass
class Rule:
    ma: str
    mo_ta: str
    location: Location
    kind: str  # "quy_tac" | "dat_ten" | "ten_goi"
    expression: Expression | None = None
    expr_location: Location | None = None
    dat_ten: str | None = None
    sai_so: Tolerance | None = None
    don_vi: Unit | None = None
    known: str | None = None  # the note of a known discrepancy
    ghi_chu: str | None = None
    ten_goi: dict = field(default_factory=dict)
    moi_so: str | None = None  # glob of data keys; the rule is checked with x = each of them
    mo_ta_lines: tuple[int, int] | None = None  # first and last line of mo_ta in its file

    @property
    def source_text(self) -> str:
        return self.expression.source if self.expression else ""


def _scalar_text(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _loc(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def parse_tolerance(text: object, where: Location) -> Tolerance:
    if isinstance(text, bool) or text is None:
        raise RuleFileError(where, f"sai_so «{text}» không hợp lệ", "viết 1% (tương đối) hoặc 0,5 (tuyệt đối)")
    if isinstance(text, float):
        raise RuleFileError(
            where,
            f"sai_so «{text}» viết bằng dấu chấm thập phân",
            f"viết {str(text).replace('.', ',')} (dấu phẩy thập phân), đặt trong nháy nếu cần",
        )
    m = _NUM.match(str(text))
    if not m:
        raise RuleFileError(
            where,
            f"sai_so «{text}» không hợp lệ",
            "viết 1% (sai số tương đối) hoặc 0,5 (sai số tuyệt đối, theo đơn vị so sánh)",
        )
    amount = Decimal(m.group(1).replace(".", "").replace(",", "."))
    if m.group(2):
        return Tolerance(amount / 100, True, str(text).strip())
    return Tolerance(amount, False, str(text).strip())


def _did_you_mean(word: str, choices) -> str:
    return did_you_mean(word, sorted(choices), quotes="«»", form="bare")


def _compose(path: Path) -> yaml.Node | None:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise RuleFileError(
            Location(path, line, (mark.column + 1) if mark else 1),
            f"lỗi cú pháp YAML: {e.problem or e.context}",
            "kiểm tra thụt lề, dấu «:» và dấu nháy ở dòng này hoặc dòng trên",
        ) from None


def parse_rule_file(path: Path) -> list[Rule]:
    root = _compose(path)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise RuleFileError(_loc(path, root), "tệp quy tắc phải là một danh sách, mỗi mục bắt đầu bằng «- ma:»")
    constructor = yaml.SafeLoader("")  # builds the values of this file's nodes (one per file: it keeps what it built)
    return [_parse_rule(path, item, constructor) for item in root.value]


def _parse_rule(path: Path, node: yaml.Node, constructor: yaml.SafeLoader) -> Rule:
    where = _loc(path, node)
    if not isinstance(node, yaml.MappingNode):
        raise RuleFileError(where, "mỗi quy tắc là một nhóm khoá «ma:», «mo_ta:», «quy_tac:» …")
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = _scalar_text(knode)
        kloc = _loc(path, knode)
        if key in entries:
            raise RuleFileError(kloc, f"khoá «{key}» bị lặp trong cùng một quy tắc", "xoá một trong hai dòng")
        if key not in ALL_KEYS and str(key).isdigit():
            raise RuleFileError(
                kloc,
                f"khoá «{key}» không có trong quy tắc: có lẽ một số thập phân có dấu phẩy "
                "(như 100,9) nằm trong dấu ngoặc {…} nên bị tách đôi",
                'đặt biểu thức trong dấu nháy: quy_tac: "x == 100,9", hoặc viết mỗi khoá một dòng',
            )
        if key not in ALL_KEYS:
            hint = _did_you_mean(str(key), ALL_KEYS)
            raise RuleFileError(
                kloc,
                f"khoá «{key}» không có trong quy tắc" + (f"; {hint}" if hint else ""),
                "các khoá dùng được: " + ", ".join(sorted(ALL_KEYS)),
            )
        entries[key] = (knode, vnode)

    def value(key: str):
        return constructor.construct_object(entries[key][1], deep=True) if key in entries else None

    def vloc(key: str) -> Location:
        return _loc(path, entries[key][1])

    if "ma" not in entries:
        raise RuleFileError(where, "quy tắc thiếu «ma:» (mã quy tắc)", "thêm dòng «- ma: ten_quy_tac»")
    ma = value("ma")
    if not isinstance(ma, str) or not _ID.match(ma):
        raise RuleFileError(
            vloc("ma"),
            f"mã quy tắc «{ma}» không hợp lệ",
            "chỉ dùng chữ thường không dấu, chữ số và «_», ví dụ ky_luat_tong",
        )
    kinds = [k for k in ("quy_tac", "dat_ten", "ten_goi") if k in entries]
    if len(kinds) != 1:
        raise RuleFileError(where, f"quy tắc «{ma}» phải có đúng một trong «quy_tac:», «dat_ten:» hoặc «ten_goi:»")
    kind = kinds[0]
    allowed = _KEYS_COMMON | {"quy_tac": _KEYS_RULE, "dat_ten": _KEYS_DERIVED, "ten_goi": _KEYS_NAMES}[kind]
    for key in entries:
        if key not in allowed:
            raise RuleFileError(
                _loc(path, entries[key][0]),
                f"khoá «{key}» không dùng được cùng «{kind}:» (quy tắc «{ma}»)",
                "xoá khoá này hoặc tách thành một quy tắc khác",
            )
    mo_ta = value("mo_ta")
    rule = Rule(ma=ma, mo_ta=str(mo_ta).strip() if mo_ta else "", location=where, kind=kind)
    if "mo_ta" in entries:
        start, end = entries["mo_ta"][1].start_mark, entries["mo_ta"][1].end_mark
        rule.mo_ta_lines = (start.line + 1, end.line + (0 if end.column == 0 else 1))
    if "ghi_chu" in entries:
        rule.ghi_chu = str(value("ghi_chu"))
    if "sai_lech_da_biet" in entries:
        known = value("sai_lech_da_biet")
        if isinstance(known, dict):
            extra = set(known) - {"ghi_chu"}
            if extra:
                raise RuleFileError(
                    vloc("sai_lech_da_biet"),
                    f"khoá «{sorted(extra)[0]}» không có trong sai_lech_da_biet",
                    "chỉ dùng «ghi_chu:»",
                )
            known = known.get("ghi_chu")
        if not isinstance(known, str) or not known.strip():
            raise RuleFileError(
                vloc("sai_lech_da_biet"),
                "sai_lech_da_biet cần một ghi chú cho tổ biên tập",
                'viết: sai_lech_da_biet: { ghi_chu: "cái gì lệch, lệch bao nhiêu, nguyên nhân có thể" }',
            )
        rule.known = " ".join(known.split())
    if "don_vi" in entries:
        try:
            rule.don_vi = parse_unit(value("don_vi"))
        except UnitError as e:
            raise RuleFileError(vloc("don_vi"), f"đơn vị không hợp lệ: {e}") from None
    if "sai_so" in entries:
        rule.sai_so = parse_tolerance(value("sai_so"), vloc("sai_so"))
    if "moi_so" in entries:
        pattern = value("moi_so")
        if not isinstance(pattern, str) or not pattern.strip():
            raise RuleFileError(vloc("moi_so"), 'moi_so cần một mẫu khoá, ví dụ "*.ty_le*"')
        rule.moi_so = pattern.strip()
    if kind == "quy_tac":
        rule.expression = _parse_expr(path, entries["quy_tac"][1], ma)
        rule.expr_location = vloc("quy_tac")
        top = rule.expression.tree.body
        import ast

        if not isinstance(top, (ast.Compare, ast.BoolOp)):
            raise RuleFileError(
                vloc("quy_tac"), f"quy tắc «{ma}» phải là một phép so sánh (==, <=, …)", "ví dụ: a.tong == a.x + a.y"
            )
    elif kind == "dat_ten":
        name = value("dat_ten")
        if not isinstance(name, str) or not all(_ID.match(p) for p in name.split(".")):
            raise RuleFileError(vloc("dat_ten"), f"tên «{name}» không hợp lệ", "ví dụ: suy_ra.cong_nghiep_2020")
        if "bang" not in entries:
            raise RuleFileError(where, f"«{ma}»: dat_ten cần «bang:» (biểu thức tính giá trị)")
        rule.dat_ten = name
        rule.expression = _parse_expr(path, entries["bang"][1], ma)
        rule.expr_location = vloc("bang")
    else:
        spec = value("ten_goi")
        if not isinstance(spec, dict):
            raise RuleFileError(vloc("ten_goi"), "ten_goi cần các khoá «mau:» và «hop_le:»")
        for k in spec:
            if k not in _NAME_KEYS:
                hint = _did_you_mean(str(k), _NAME_KEYS)
                raise RuleFileError(
                    vloc("ten_goi"), f"khoá «{k}» không có trong ten_goi" + (f"; {hint}" if hint else "")
                )
        mau = spec.get("mau")
        mau_ok = isinstance(mau, str) or (isinstance(mau, list) and mau and all(isinstance(m, str) for m in mau))
        if not mau_ok or not isinstance(spec.get("hop_le"), list):
            raise RuleFileError(
                vloc("ten_goi"), "ten_goi cần «mau:» (chữ đứng trước tên, ví dụ «xã») và «hop_le:» (danh sách)"
            )
        rule.ten_goi = spec
    if not rule.mo_ta:
        rule.mo_ta = rule.source_text or ma
    return rule


def _parse_expr(path: Path, vnode: yaml.Node, ma: str) -> Expression:
    where = _loc(path, vnode)
    src = vnode.value if isinstance(vnode, yaml.ScalarNode) else None
    if not isinstance(src, str):
        raise RuleFileError(where, f"«{ma}»: biểu thức phải là một dòng chữ")
    try:
        return parse(src)
    except ExprError as e:
        hint = "sửa biểu thức; số viết 1.361 hoặc 1,5; đối số của hàm cách nhau bằng «;»"
        if vnode.style in (">", "|"):  # a block over several lines: point at its first line
            raise RuleFileError(
                Location(path, where.line + 1), f"«{ma}»: {e} (ký tự thứ {e.column} của biểu thức)", hint
            ) from None
        # a one-line scalar: the column in the file is the value's column + offset
        col = where.column + (e.column - 1 if e.column else 0)
        if vnode.style in ("'", '"'):
            col += 1
        raise RuleFileError(Location(path, where.line, col), f"«{ma}»: {e} (cột {col})", hint) from None


def load_rules(rules_dir: Path) -> list[Rule]:
    """All rules from ``rules_dir/*.yaml`` (except doc_lap.yaml), ids checked unique."""
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name == DOC_LAP_FILE:
            continue
        for r in parse_rule_file(path):
            if r.ma in seen:
                raise RuleFileError(
                    r.location, f"mã quy tắc «{r.ma}» đã dùng ở {seen[r.ma].location}", "đặt một mã khác"
                )
            seen[r.ma] = r
            if r.dat_ten:
                if r.dat_ten in names:
                    raise RuleFileError(r.location, f"tên «{r.dat_ten}» đã được đặt ở {names[r.dat_ten].location}")
                names[r.dat_ten] = r
            rules.append(r)
    return rules


def load_doc_lap(rules_dir: Path) -> dict[str, tuple[str, Location]]:
    """``doc_lap.yaml``: data key -> (reason, location)."""
    path = rules_dir / DOC_LAP_FILE
    if not path.exists():
        return {}
    root = _compose(path)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise RuleFileError(_loc(path, root), "doc_lap.yaml là danh sách «khoá.dữ.liệu: lý do»")
    out: dict[str, tuple[str, Location]] = {}
    for knode, vnode in root.value:
        key = _scalar_text(knode)
        reason = _scalar_text(vnode)
        if key in out:
            raise RuleFileError(_loc(path, knode), f"khoá «{key}» bị lặp", "xoá một dòng")
        if not reason or not reason.strip():
            raise RuleFileError(_loc(path, knode), f"«{key}» thiếu lý do", "viết lý do vì sao số này không cần quy tắc")
        out[str(key)] = (" ".join(reason.split()), _loc(path, knode))
    return out
