"""Evaluating rules against the data set.

Each rule yields a :class:`RuleResult` with a status:

===============  ====  =========================================================
status           mark  meaning
===============  ====  =========================================================
``dat``          ✓     the numbers agree
``sai``          ✗     they do not (an unexpected failure)
``da_biet``      ⚠     they do not, and the rule is marked ``sai_lech_da_biet``
``het_sai_lech`` ✗     marked as a known discrepancy but now agrees: remove the mark
``chua_kiem_tra`` ?    cannot be checked yet (a value or a table row is still empty)
``loi``          ✗     the rule itself is wrong (unknown key, mismatched units …)
``dinh_nghia``   =     a derived value, shown with its value
===============  ====  =========================================================
"""

from __future__ import annotations

import ast
import fnmatch
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from build_scripts.core.checks.expr import dotted
from build_scripts.core.checks.names import check_names
from build_scripts.core.checks.results import MARKS, UNEXPECTED, Pending, RuleEvalError, RuleResult  # noqa: F401 (re-exported)
from build_scripts.core.checks.rules import Rule
from build_scripts.core.checks.units import INF, NUMBER, UnitError, Value, add, compare, div, mul, neg, parse_unit, sub
from build_scripts.core.suggest import did_you_mean
from build_scripts.core.vi_format import format_number

# qualifiers of the prose -> built-in tolerance (fraction of the value)
QUALIFIER_TOLERANCE = {"uoc": Decimal("0.01"), "khoang": Decimal("0.05")}
QUALIFIER_WORDS = {
    "chinh_xac": "",
    "tren": "trên ",
    "duoi": "dưới ",
    "it_nhat": "ít nhất ",
    "toi_da": "tối đa ",
    "khoang": "khoảng ",
    "uoc": "ước ",
}


_NEG = {"==": "≠", "!=": "=", "<": "≥", "<=": ">", ">": "≤", ">=": "<"}
_POS = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "×", ast.Div: "÷"}
_PREC = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}


# ---------------------------------------------------------------------------
# number formatting (Vietnamese)


def fmt_number(x: Decimal, places: int | None = None) -> str:
    """A number as `make check` shows it: the report's format (babel, half-up), at most the
    places given (by default: none for a whole number, else 1 from 1000 up, 2 from 1, 4 below),
    without trailing zeros."""
    if x in (INF, -INF):
        return "∞" if x > 0 else "-∞"
    if places is None:
        places = 0 if x == x.to_integral_value() else (1 if abs(x) >= 1000 else 2 if abs(x) >= 1 else 4)
    text = format_number(x, places)
    return text.rstrip("0").rstrip(",") if places else text


def fmt_value(v: Value, unit=None) -> str:
    u = unit or v.unit
    label = f" {u.label}" if u.label else ""
    if label == " %":
        label = "%"
    lo, hi = v.lo / u.factor if v.lo not in (INF, -INF) else v.lo, v.hi / u.factor if v.hi not in (INF, -INF) else v.hi
    if v.is_point:
        return fmt_number(lo) + label
    if hi == INF:
        return ("trên " if v.lo_open else "từ ") + fmt_number(lo) + label + ("" if v.lo_open else " trở lên")
    if lo == -INF:
        return ("dưới " if v.hi_open else "tối đa ") + fmt_number(hi) + label
    return f"{fmt_number((lo + hi) / 2)}{label} (từ {fmt_number(lo)} đến {fmt_number(hi)})"


# ---------------------------------------------------------------------------
# the data


class DataView:
    """The data set as the engine needs it, with optional overrides (mutation test)."""

    def __init__(self, dataset: Any, overrides: Mapping[str, Mapping[str, Decimal | None]] | None = None):
        self.ds = dataset
        self.quantities = dataset.quantities()
        self.overrides = dict(overrides or {})
        self.derived: dict[str, Value] = {}
        self.alias: dict[str, str] = {}  # "x" -> the data key a moi_so rule is checking now

    def has_plain(self, key: str) -> bool:
        try:
            self.ds.get(key)
            return True
        except (KeyError, AttributeError, TypeError):
            return False

    def known_keys(self) -> list[str]:
        return sorted(set(self.quantities) | set(self.derived))

    def field(self, q: Any, name: str) -> Decimal | None:
        ov = self.overrides.get(q.key)
        if ov is not None and name in ov:
            return ov[name]
        return getattr(q, name)

    def quantity_value(self, key: str, part: str | None = None) -> Value:
        q = self.quantities[key]
        try:
            unit = parse_unit(q.don_vi)
        except UnitError as e:
            raise RuleEvalError(f"đơn vị «{q.don_vi}» của {key} không hợp lệ: {e}") from None
        f = unit.factor
        if q.is_range:
            tu, den = self.field(q, "tu"), self.field(q, "den")
            if part == "tu":
                return Value.point(tu, unit)
            if part == "den":
                return Value.point(den, unit)
            return Value(tu * f, den * f, unit)
        if part in ("tu", "den"):
            raise RuleEvalError(f"{key} không phải một khoảng từ … đến …, không có «.{part}»")
        v = self.field(q, "gia_tri")
        if v is None:
            raise Pending(f"{key} chưa có số liệu")
        tc = q.tinh_chat or "chinh_xac"
        m = v * f
        if tc == "chinh_xac":
            return Value(m, m, unit)
        if tc == "tren":
            return Value(m, INF, unit, lo_open=True)
        if tc == "duoi":
            return Value(-INF, m, unit, hi_open=True)
        if tc == "it_nhat":
            return Value(m, INF, unit)
        if tc == "toi_da":
            return Value(-INF, m, unit)
        if tc in QUALIFIER_TOLERANCE:
            d = abs(m) * QUALIFIER_TOLERANCE[tc]
            return Value(m - d, m + d, unit)
        raise RuleEvalError(f"tinh_chat «{tc}» của {key} không có")

    def show_quantity(self, key: str, part: str | None = None) -> str:
        """A data value as the prose writes it: "trên 80%", "80 - 85%", "ước 124,4"."""
        q = self.quantities[key]
        places = getattr(q, "decimals", None)
        pct = "%" if (q.don_vi or "").strip() == "%" else ""
        if q.is_range and part is None:
            return f"{fmt_number(self.field(q, 'tu'), places)} - {fmt_number(self.field(q, 'den'), places)}{pct}"
        if q.is_range:
            return fmt_number(self.field(q, part), places) + pct
        v = self.field(q, "gia_tri")
        if v is None:
            return "[chưa có số liệu]"
        pct = "%" if (q.don_vi or "").strip() == "%" else ""
        return QUALIFIER_WORDS.get(q.tinh_chat or "chinh_xac", "") + fmt_number(v, places) + pct

    def resolve(self, name: str) -> tuple[str, str | None]:
        """Map a dotted name to (quantity or derived key, part)."""
        if name in self.alias:
            return self.alias[name], None
        if name in self.quantities or name in self.derived:
            return name, None
        head, _, last = name.rpartition(".")
        if last in ("tu", "den", "gia_tri") and head in self.quantities:
            return head, (None if last == "gia_tri" else last)
        hint = did_you_mean(name, self.known_keys(), quotes="«»", form="clause")
        if self.has_plain(name):
            raise RuleEvalError(f"«{name}» không phải một số liệu (không có gia_tri){hint}")
        raise RuleEvalError(f"không có số liệu «{name}» trong source_data{hint}")


# ---------------------------------------------------------------------------
# evaluation


class Evaluator:
    def __init__(self, data: DataView):
        self.data = data
        self.keys: list[str] = []

    def literal_value(self, rule: Rule, name: str) -> Value:
        lit = rule.expression.literals[name]
        if lit.percent:
            return Value.point(lit.value, parse_unit("%"))
        return Value.point(lit.value, NUMBER, bare=True)

    def value(self, rule: Rule, node: ast.AST) -> Value:
        name = dotted(node)
        if name is not None:
            if name in rule.expression.literals:
                return self.literal_value(rule, name)
            key, part = self.data.resolve(name)
            if key in self.data.derived:
                return self.data.derived[key]
            if key not in self.keys:
                self.keys.append(key)
            return self.data.quantity_value(key, part)
        if isinstance(node, ast.BinOp):
            a, b = self.value(rule, node.left), self.value(rule, node.right)
            try:
                return {ast.Add: add, ast.Sub: sub, ast.Mult: mul, ast.Div: div}[type(node.op)](a, b)
            except UnitError as e:
                raise RuleEvalError(str(e)) from None
            except ZeroDivisionError as e:
                raise RuleEvalError(str(e)) from None
        if isinstance(node, ast.UnaryOp):
            v = self.value(rule, node.operand)
            return neg(v) if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Call):
            return self.call(rule, node)
        raise RuleEvalError("biểu thức không tính được thành một số")

    def call(self, rule: Rule, node: ast.Call) -> Value:
        fid = node.func.id  # type: ignore[union-attr]
        if fid in ("dem", "so_dong"):
            table_name = dotted(node.args[0])
            try:
                rows = self.data.ds.get(table_name)
            except KeyError:
                hint = did_you_mean(table_name, self.data.known_keys(), quotes="«»", form="clause")
                raise RuleEvalError(f"không có bảng «{table_name}» trong source_data{hint}") from None
            if isinstance(rows, dict):  # a group: its entries that are rows (not "ten_nhom: …")
                rows = [r for r in rows.values() if isinstance(r, dict) or hasattr(r, "extra")]
            if not isinstance(rows, list):
                raise RuleEvalError(f"«{table_name}» không phải một bảng (danh sách)")
            if fid == "so_dong" or len(node.args) == 1:
                return Value.point(Decimal(len(rows)), NUMBER, bare=True)
            cond = node.args[1]
            empty = [i for i, r in enumerate(rows, 1) if self._row_missing(cond, r)]
            if empty:
                shown = ", ".join(str(i) for i in empty[:8]) + (" …" if len(empty) > 8 else "")
                raise Pending(
                    f"{len(empty)}/{len(rows)} dòng của {table_name} chưa có "
                    f"{', '.join(self._row_fields(cond))} (dòng {shown})"
                )
            n = sum(1 for r in rows if self._row_true(rule, cond, r, table_name))
            return Value.point(Decimal(n), NUMBER, bare=True)
        args = [self.value(rule, a) for a in node.args]
        try:
            if fid == "tong":
                out = args[0]
                for a in args[1:]:
                    out = add(out, a)
                return out
            if fid in ("nho_nhat", "lon_nhat"):
                for a in args[1:]:
                    compare(args[0], a, "<=")  # unit check
                pick = min if fid == "nho_nhat" else max
                base = args[0]
                lo = pick(a.adopt(base).lo for a in args)
                hi = pick(a.adopt(base).hi for a in args)
                return Value(lo, hi, base.unit if base.unit.label else args[-1].unit)
            if fid == "bo_don_vi":
                v = args[0]
                return Value(v.lo, v.hi, NUMBER, v.lo_open, v.hi_open, bare=True)
            if fid == "luy_thua":
                base, exp = args
                if not exp.is_point or exp.lo != exp.lo.to_integral_value() or exp.unit.dim:
                    raise RuleEvalError("số mũ của luy_thua phải là số nguyên")
                out = Value.point(Decimal(1), NUMBER, bare=True)
                for _ in range(int(exp.lo)):
                    out = mul(out, base)
                return out
        except UnitError as e:
            raise RuleEvalError(str(e)) from None
        raise RuleEvalError(f"hàm {fid} không tính được")

    @staticmethod
    def _row_fields(cond: ast.AST) -> list[str]:
        return sorted({n.id for n in ast.walk(cond) if isinstance(n, ast.Name) and not n.id.startswith("__n")})

    @staticmethod
    def _row_get(row: Any, name: str, default=KeyError):
        if isinstance(row, dict):
            if name in row:
                return row[name]
        else:  # a Quantity row: gia_tri, ket_qua, ma … (extra fields read as attributes)
            try:
                return getattr(row, name)
            except AttributeError:
                pass
        if default is KeyError:
            raise KeyError(name)
        return default

    def _row_missing(self, cond: ast.AST, row: Any) -> bool:
        return any(self._row_get(row, f, None) is None for f in self._row_fields(cond))

    def _row_true(self, rule: Rule, node: ast.AST, row: Any, table: str) -> bool:
        if isinstance(node, ast.BoolOp):
            vals = [self._row_true(rule, v, row, table) for v in node.values]
            return all(vals) if isinstance(node.op, ast.And) else any(vals)
        if isinstance(node, ast.Compare):
            left = self._row_scalar(rule, node.left, row, table)
            for op, right_node in zip(node.ops, node.comparators):
                right = self._row_scalar(rule, right_node, row, table)
                o = _CMP[type(op)]
                try:
                    ok = {"==": left == right, "!=": left != right}.get(o)
                    if ok is None:
                        ok = {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[o]
                except TypeError:
                    raise RuleEvalError(f"không so sánh được «{left}» với «{right}» trong bảng {table}") from None
                if not ok:
                    return False
                left = right
            return True
        raise RuleEvalError('điều kiện của dem(...) phải là một phép so sánh, ví dụ ket_qua == "vuot"')

    def _row_scalar(self, rule: Rule, node: ast.AST, row: Any, table: str):
        if isinstance(node, ast.Constant):
            return node.value
        name = dotted(node)
        if name in rule.expression.literals:
            return rule.expression.literals[name].value
        try:
            v = self._row_get(row, name)
        except KeyError:
            v = KeyError
        if v is not KeyError:
            if hasattr(v, "gia_tri"):
                v = v.gia_tri
            return Decimal(str(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        fields = sorted(row) if isinstance(row, dict) else sorted(getattr(row, "extra", {}))
        hint = did_you_mean(name, fields, quotes="«»", form="clause")
        raise RuleEvalError(f"dòng của bảng {table} không có cột «{name}»{hint}")

    # -- rendering -------------------------------------------------------------
    def render(self, rule: Rule, node: ast.AST, short: bool) -> str:
        name = dotted(node)
        if name is not None:
            if name in rule.expression.literals:
                return rule.expression.literals[name].text
            if short:
                return name.rsplit(".", 1)[-1] if not name.endswith((".tu", ".den")) else ".".join(name.split(".")[-2:])
            try:
                key, part = self.data.resolve(name)
            except RuleEvalError:
                return name
            if key in self.data.derived:
                return fmt_value(self.data.derived[key])
            return self.data.show_quantity(key, part)
        if isinstance(node, ast.BinOp):
            p = _PREC[type(node.op)]
            left = self.render(rule, node.left, short)
            right = self.render(rule, node.right, short)
            if isinstance(node.left, ast.BinOp) and _PREC[type(node.left.op)] < p:
                left = f"({left})"
            if isinstance(node.right, ast.BinOp) and (
                _PREC[type(node.right.op)] < p
                or (_PREC[type(node.right.op)] == p and isinstance(node.op, (ast.Sub, ast.Div)))
            ):
                right = f"({right})"
            return f"{left} {_BIN[type(node.op)]} {right}"
        if isinstance(node, ast.UnaryOp):
            return "-" + self.render(rule, node.operand, short)
        if isinstance(node, ast.Call):
            fid = node.func.id  # type: ignore[union-attr]
            if fid in ("dem", "so_dong") and not short:
                try:
                    n = self.value(rule, node)
                    return f"{fmt_value(n)} (đếm trong bảng)"
                except (Pending, RuleEvalError):
                    pass
            return (
                f"{fid}("
                + "; ".join(
                    ast.unparse(a) if fid == "dem" and i else self.render(rule, a, short)
                    for i, a in enumerate(node.args)
                )
                + ")"
            )
        if isinstance(node, ast.Constant):
            return repr(node.value)
        return ast.unparse(node)

    def is_simple(self, node: ast.AST) -> bool:
        return dotted(node) is not None


def _display_unit(rule: Rule, a: Value, b: Value):
    if rule.don_vi is not None:
        for side in (a, b):
            if not side.bare and side.unit.dim != rule.don_vi.dim:
                raise RuleEvalError(
                    f"đơn vị không khớp: quy tắc ghi don_vi «{rule.don_vi.label}» nhưng một vế có đơn vị "
                    f"«{side.unit.label or 'số'}» ({side.unit.dimension_text})"
                )
        return rule.don_vi
    if a.bare or not a.unit.label:
        return b.unit if (b.unit.label or a.bare) else a.unit
    return a.unit


def _tolerance(rule: Rule, unit) -> tuple[Decimal, bool]:
    if rule.sai_so is None:
        return Decimal(0), False
    if rule.sai_so.relative:
        return rule.sai_so.amount, True
    return rule.sai_so.amount * unit.factor, False


def evaluate_rule(rule: Rule, data: DataView) -> RuleResult:
    ev = Evaluator(data)
    try:
        if rule.kind == "dat_ten":
            v = ev.value(rule, rule.expression.tree.body)
            if rule.don_vi is not None:
                if v.unit.dim != rule.don_vi.dim:
                    raise RuleEvalError(
                        f"đơn vị không khớp: kết quả có đơn vị «{v.unit.label or 'số'}», "
                        f"quy tắc ghi «{rule.don_vi.label}»"
                    )
                v = Value(v.lo, v.hi, rule.don_vi, v.lo_open, v.hi_open)
            data.derived[rule.dat_ten] = v
            msg = f"{rule.dat_ten} = {ev.render(rule, rule.expression.tree.body, False)} = {fmt_value(v)}"
            return RuleResult(rule, "dinh_nghia", msg, ev.keys, value=v)
        if rule.moi_so:
            ok, msg = _eval_each(rule, data, ev)
        else:
            ok, msg = _eval_bool(rule, rule.expression.tree.body, ev)
    except Pending as p:
        return RuleResult(rule, "chua_kiem_tra", f"chưa kiểm tra được: {p}", ev.keys)
    except RuleEvalError as e:
        where = rule.expr_location or rule.location
        return RuleResult(rule, "loi", f"{where}: quy tắc «{rule.ma}» sai: {e}", ev.keys)
    if rule.known:
        status = "het_sai_lech" if ok else "da_biet"
    else:
        status = "dat" if ok else "sai"
    if status == "het_sai_lech":
        msg += f" — quy tắc được ghi là sai lệch đã biết nhưng nay đã khớp: xoá mục sai_lech_da_biet ở {rule.location}"
    return RuleResult(rule, status, msg, ev.keys)


def _eval_each(rule: Rule, data: DataView, ev: Evaluator) -> tuple[bool, str]:
    """A ``moi_so`` rule: the expression, with ``x`` standing for each matching value."""
    keys = [k for k in sorted(data.quantities) if fnmatch.fnmatchcase(k, rule.moi_so)]
    if not keys:
        raise RuleEvalError(f"moi_so «{rule.moi_so}» không khớp số liệu nào")
    fails, pending, n, failed_keys = [], [], 0, []
    try:
        for k in keys:
            data.alias["x"] = k
            try:
                ok, msg = _eval_bool(rule, rule.expression.tree.body, ev)
            except Pending:
                pending.append(k)
                continue
            n += 1
            if not ok:
                fails.append(msg.replace("x: ", f"{k}: "))
                failed_keys.append(k)
    finally:
        data.alias.pop("x", None)
    ev.keys[:] = failed_keys
    if fails:
        return False, "; ".join(fails)
    text = f"{n} số liệu ({rule.moi_so}) đều thoả"
    if pending:
        text += f"; {len(pending)} số chưa có số liệu"
    return True, text


def _eval_bool(rule: Rule, node: ast.AST, ev: Evaluator) -> tuple[bool, str]:
    if isinstance(node, ast.BoolOp):
        parts = [_eval_bool(rule, v, ev) for v in node.values]
        if isinstance(node.op, ast.And):
            ok = all(p[0] for p in parts)
            msgs = [m for good, m in parts if not good] if not ok else [m for _, m in parts]
            return ok, "; ".join(msgs)
        ok = any(p[0] for p in parts)
        return ok, " hoặc ".join(m for _, m in parts)
    if not isinstance(node, ast.Compare):
        raise RuleEvalError("quy tắc phải là một phép so sánh")
    values = [ev.value(rule, n) for n in [node.left, *node.comparators]]
    nodes = [node.left, *node.comparators]
    all_ok = True
    fails, oks = [], []
    for i, op_node in enumerate(node.ops):
        op = _CMP[type(op_node)]
        a, b = values[i], values[i + 1]
        if rule.don_vi is not None:  # a number without unit is in the rule's unit
            a, b = (
                Value(v.lo * rule.don_vi.factor, v.hi * rule.don_vi.factor, rule.don_vi, v.lo_open, v.hi_open)
                if v.bare
                else v
                for v in (a, b)
            )
        try:
            unit = _display_unit(rule, a, b)
            tol, rel = _tolerance(rule, unit)
            ok = compare(a, b, op, tol, rel)
        except UnitError as e:
            raise RuleEvalError(str(e)) from None
        text = _pair_text(rule, ev, nodes[i], nodes[i + 1], a, b, op, ok, unit)
        (oks if ok else fails).append(text)
        all_ok = all_ok and ok
    return all_ok, "; ".join(fails if not all_ok else oks)


def _pair_text(rule, ev, ln, rn, a, b, op, ok, unit) -> str:
    sym = _POS[op] if ok else _NEG[op]

    def side(node, v, other):
        name = dotted(node)
        if name is not None and name in rule.expression.literals:
            lit = rule.expression.literals[name]
            if rule.don_vi is not None and rule.don_vi.label and not lit.percent:
                return f"{lit.text} {rule.don_vi.label}"
            return lit.text
        shown = ev.render(rule, node, short=False)
        if name is not None:
            if name in ev.data.derived or v.bare or not v.unit.label or shown.endswith("%"):
                return shown
            return f"{shown} {v.unit.label}"
        return f"{shown} = {fmt_value(v.adopt(other), unit)}"

    left = side(ln, a, b)
    right = side(rn, b, a)
    text = f"{left} {sym} {right}"
    if not ev.is_simple(rn):
        if ev.is_simple(ln) and dotted(ln) not in rule.expression.literals:
            text += f" ({ev.render(rule, rn, True)})"
        else:
            text += f" ({ev.render(rule, ln, True)} {_POS[op]} {ev.render(rule, rn, True)})"
    elif not ev.is_simple(ln):
        text += f" ({ev.render(rule, ln, True)} {_POS[op]} {ev.render(rule, rn, True)})"
    name = dotted(ln)
    if name is not None and name not in rule.expression.literals:
        text = f"{name}: {text}"
    if rule.sai_so and op in ("==", "!="):
        text += f" [sai số cho phép {rule.sai_so.text}]"
    return text


def evaluate_all(rules: list[Rule], dataset: Any, overrides=None, texts=None) -> list[RuleResult]:
    """Evaluate every rule in order (derived values first become available to later rules)."""

    data = DataView(dataset, overrides)
    out = []
    for r in rules:
        if r.kind == "ten_goi":
            out.append(check_names(r, dataset, texts))
        else:
            out.append(evaluate_rule(r, data))
    return out
