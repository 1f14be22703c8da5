"""The rule expression language: parsed with Python's ``ast`` and a node whitelist.

Written the way the committee writes numbers:

* numbers in Vietnamese style: ``1.361`` (thousands), ``1,5`` (decimal), ``1,5%``;
* ``;`` separates the arguments of a function (as in a Vietnamese spreadsheet):
  ``tong(a; b; c)``, ``dem(ket_qua_2020_2025.chi_tieu; ket_qua == "vuot")``;
* ``+ - * /`` and ``× ÷``; comparisons ``== != < <= > >=`` and ``= ≠ ≤ ≥ ≈``;
  ``va`` / ``hoac`` join comparisons;
* a dotted name is a data key (``ky_luat.tong``); ``.tu`` / ``.den`` give the ends of a range.

Nothing is ever passed to ``eval``: the tree is checked against a whitelist and walked by
:mod:`build_scripts.core.checks.engine`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Decimal

from build_scripts.core.suggest import did_you_mean

FUNCTIONS = {
    "tong": "tổng các đối số: tong(a; b; c)",
    "dem": 'đếm dòng của một bảng thoả điều kiện: dem(bang; ket_qua == "vuot")',
    "so_dong": "số dòng (số phần tử) của một bảng/danh sách: so_dong(bang)",
    "nho_nhat": "giá trị nhỏ nhất: nho_nhat(a; b)",
    "lon_nhat": "giá trị lớn nhất: lon_nhat(a; b)",
    "luy_thua": "lũy thừa với số mũ nguyên: luy_thua(1 + 10,7%; 5)",
    "bo_don_vi": "bỏ đơn vị, chỉ lấy con số (khi cố ý so hai đại lượng khác đơn vị): bo_don_vi(x)",
}

_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}

_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(\s*%)?")
_SYMBOLS = {"×": "*", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "==", "−": "-", "–": "-", ";": ","}
_WORDS = {"va": "and", "và": "and", "hoac": "or", "hoặc": "or"}


class ExprError(ValueError):
    """A problem in a rule expression; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Literal:
    value: Decimal
    percent: bool
    text: str  # as written


@dataclass
class Expression:
    source: str
    tree: ast.Expression
    literals: dict[str, Literal]

    def names(self) -> list[str]:
        """Dotted data names used (outside row conditions), in order of appearance."""
        out: list[str] = []
        _collect_names(self.tree.body, out)
        return out


def _collect_names(node: ast.AST, out: list[str]) -> None:
    if isinstance(node, ast.Call) and node.func.id == "dem":  # type: ignore[union-attr]
        _collect_names(node.args[0], out)
        return
    name = dotted(node)
    if name is not None:
        if not name.startswith("__n") and name not in out:
            out.append(name)
        return
    for child in ast.iter_child_nodes(node):
        _collect_names(child, out)


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _preprocess(src: str) -> tuple[str, dict[str, Literal], list[int]]:
    """Rewrite Vietnamese numbers and symbols into Python; keep a column map."""
    out: list[str] = []
    colmap: list[int] = []  # output index -> source column (0-based)
    literals: dict[str, Literal] = {}
    i = 0
    n = len(src)

    def emit(text: str, col: int) -> None:
        out.append(text)
        colmap.extend([col] * len(text))

    while i < n:
        c = src[i]
        if c in "\"'":
            j = src.find(c, i + 1)
            if j < 0:
                raise ExprError("thiếu dấu nháy đóng chuỗi", i + 1)
            emit(src[i : j + 1], i)
            i = j + 1
            continue
        prev = src[i - 1] if i else " "
        if c.isdigit() and not (prev.isalnum() or prev in "_."):
            m = _NUMBER.match(src, i)
            assert m
            end = m.end()
            if end < n and src[end] == "." and end + 1 < n and src[end + 1].isdigit():
                raise ExprError(
                    f"số «{src[i : end + 2]}…» viết sai: dùng dấu phẩy cho phần thập phân "
                    "(1,5) và dấu chấm để tách hàng nghìn (1.361)",
                    i + 1,
                )
            digits = m.group(1).replace(".", "").replace(",", ".")
            name = f"__n{len(literals)}__"
            literals[name] = Literal(Decimal(digits), bool(m.group(2)), m.group(0).strip())
            emit(name, i)
            i = end
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            word = src[i:j]
            if word.startswith("_"):
                raise ExprError(f"tên «{word}» không hợp lệ: tên không bắt đầu bằng dấu «_»", i + 1)
            if word in _WORDS and (i == 0 or src[i - 1] != "."):
                emit(f" {_WORDS[word]} ", i)
            else:
                emit(word, i)
            i = j
            continue
        if c == "=" and (i + 1 >= n or src[i + 1] != "=") and prev not in "<>=!":
            emit("==", i)
            i += 1
            continue
        if c == ",":
            raise ExprError(
                "dấu phẩy chỉ dùng cho số thập phân (1,5); giữa các đối số của hàm dùng dấu chấm phẩy «;»", i + 1
            )
        emit(_SYMBOLS.get(c, c), i)
        i += 1
    return "".join(out), literals, colmap


def parse(src: str) -> Expression:
    """Parse and whitelist-check an expression; raise ExprError with a Vietnamese message."""
    if not isinstance(src, str) or not src.strip():
        raise ExprError("quy tắc rỗng")
    py, literals, colmap = _preprocess(src)
    try:
        tree = ast.parse(py.strip(), mode="eval")
    except SyntaxError as e:
        off = (e.offset or 1) - 1 + (len(py) - len(py.lstrip()))
        col = colmap[min(off, len(colmap) - 1)] + 1 if colmap else None
        raise ExprError("cú pháp không hợp lệ (thiếu toán tử, dấu ngoặc hoặc tên?)", col) from None
    _check(tree.body, colmap, row=False)
    return Expression(src, tree, literals)


def _col(node: ast.AST, colmap: list[int]) -> int | None:
    off = getattr(node, "col_offset", None)
    if off is None or not colmap:
        return None
    return colmap[min(off, len(colmap) - 1)] + 1


def _check(node: ast.AST, colmap: list[int], row: bool) -> None:
    def bad(msg: str) -> ExprError:
        return ExprError(msg, _col(node, colmap))

    if isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _CMP:
                raise bad("chỉ dùng các phép so sánh == != < <= > >=")
        for child in [node.left, *node.comparators]:
            _check(child, colmap, row)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v, colmap, row)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BIN:
            raise bad("chỉ dùng các phép tính + - * /")
        _check(node.left, colmap, row)
        _check(node.right, colmap, row)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise bad("phép toán một ngôi không được phép")
        _check(node.operand, colmap, row)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = dotted(node.func) or "?"
            hint = did_you_mean(name, FUNCTIONS, quotes="«»").rstrip()
            hint = f" {hint}" if hint else ""
            raise bad(f"hàm «{name}» không có.{hint} Các hàm dùng được: {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise bad("hàm không nhận đối số dạng tên=giá trị")
        fid = node.func.id
        if fid == "dem":
            if len(node.args) not in (1, 2):
                raise bad("dem(bang; dieu_kien) nhận 1 hoặc 2 đối số")
            if dotted(node.args[0]) is None:
                raise bad("đối số đầu của dem là tên một bảng trong dữ liệu")
            if len(node.args) == 2:
                _check(node.args[1], colmap, row=True)
        elif fid == "so_dong":
            if len(node.args) != 1 or dotted(node.args[0]) is None:
                raise bad("so_dong(bang) nhận đúng một tên bảng")
        elif fid == "luy_thua":
            if len(node.args) != 2:
                raise bad("luy_thua(co_so; so_mu) nhận 2 đối số")
            for a in node.args:
                _check(a, colmap, row)
        else:
            if not node.args:
                raise bad(f"hàm {fid} cần ít nhất một đối số")
            for a in node.args:
                _check(a, colmap, row)
    elif isinstance(node, (ast.Name, ast.Attribute)):
        if dotted(node) is None:
            raise bad("tên không hợp lệ")
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, str) or not row:
            raise bad("chuỗi chỉ dùng trong điều kiện của dem(...)")
    else:
        raise bad(f"cấu trúc «{type(node).__name__}» không được phép trong quy tắc")
