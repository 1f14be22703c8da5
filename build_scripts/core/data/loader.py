"""Load every YAML file of source_data/ into one namespace, with positions for every key.

The file name is the top-level key (``ky_luat.yaml`` -> ``ky_luat``). YAML is read with the
safe loader's resolver and constructors, except that decimals become ``Decimal`` exactly as
written (``23.99``, ``2553.6``). Duplicate keys, malformed YAML and wrong types are
``DataError`` with file, line and column. All strings are NFC-normalised.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from build_scripts.core.data.counting_units import counts_whole_things, looks_like_thousands
from build_scripts.core.data.quantity import QUALIFIERS, QUANTITY_FIELDS, Quantity
from build_scripts.core.messages import SourceLocation, UserError, UserErrors, read_utf8
from build_scripts.core.suggest import did_you_mean
from build_scripts.core.vi_text import fold

# libyaml's parser when PyYAML was built with it (about ten times faster); same nodes and marks.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Sub-folders of source_data/ that hold other kinds of files (rules, lint lists, …).


def _comma_decimal(key_node: yaml.Node, text: str) -> tuple[str, str, int, int] | None:
    """A number key that is really the decimals of '1.145,42' in a flow mapping:
    (written, meant, line, column of the number)."""
    mark = key_node.start_mark
    if not text or not isinstance(key_node, yaml.ScalarNode) or not key_node.value.isdigit():
        return None
    lines = text.split("\n")
    at = sum(len(ln) + 1 for ln in lines[: mark.line]) + mark.column
    before = text[:at].rstrip(" ")
    m = re.search(r"(\d[\d.]*),$", before)
    if not m:
        return None
    written = f"{m.group(1)},{key_node.value}"
    start = m.start(1)
    line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return written, f"{m.group(1).replace('.', '')}.{key_node.value}", line, column


#: how the committee writes a whole number; anything else YAML reads as an int is a surprise
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")


class DataError(UserError):
    """An error in a source_data/ file."""


class DataSet:
    """All data: a nested namespace for Jinja, and flat views for checks and tools."""

    def __init__(self, root: Path):
        self.root = root
        self.namespace: dict = {}
        self.files: dict[str, Path] = {}
        self._locations: dict[str, SourceLocation] = {}
        self._quantities: dict[str, Quantity] = {}

    def quantities(self) -> dict[str, Quantity]:
        return dict(self._quantities)

    def location(self, key: str) -> SourceLocation:
        return self._locations[key]

    def keys(self) -> list[str]:
        """Every dotted key that names a value or a group."""
        return list(self._locations)

    def get(self, key: str):
        value = self.namespace
        for part in split_key(key):
            if isinstance(value, Quantity):
                value = getattr(value, part)
            elif isinstance(value, list):
                value = value[part]
            else:
                value = value[part]
        return value


_KEY_PIECE = re.compile(r"([^\[]+)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")


def split_key(key: str) -> list:
    """``a.b[2].c`` -> ['a', 'b', 2, 'c']."""
    pieces = key.split(".")
    if "[" not in key:
        if "" in pieces:
            raise KeyError(key)
        return pieces
    parts: list = []
    for piece in pieces:
        m = _KEY_PIECE.fullmatch(piece)
        if not m:
            raise KeyError(key)
        parts.append(m.group(1))
        parts += [int(i) for i in _INDEX.findall(m.group(2))]
    return parts


def load_source_data(root: Path, only: set[str] | None = None) -> DataSet:
    """Load every ``*.yaml`` in ``root`` (not in rules/ or lint/), or only the namespaces in
    ``only``; raise DataError(s)."""
    root = Path(root)
    if not root.is_dir():
        raise DataError(
            f"Không tìm thấy thư mục số liệu '{root}'.",
            fix="Chạy lệnh từ thư mục gốc của kho (nơi có Makefile), hoặc tạo lại thư mục source_data/.",
        )
    paths = sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))
    return _load_all(DataSet(root), ((p, None) for p in paths if only is None or p.stem in only))


def _load_all(dataset: DataSet, files) -> DataSet:
    """Load each ``(path, text)`` (text None: read the file) into ``dataset``; the mistakes of
    every file reported together."""
    errors: list[UserError] = []
    for path, text in files:
        name = path.stem
        try:
            if not KEY_PATTERN.match(name):
                raise DataError(
                    f"Tên tệp số liệu '{path.name}' không hợp lệ: tên tệp là nhóm dữ liệu nên chỉ gồm chữ thường không dấu, số và dấu gạch dưới.",
                    SourceLocation(path),
                    f"Đổi tên tệp, ví dụ '{ascii_key(name)}.yaml'.",
                )
            _FileLoader(dataset, path, name).load(text)
        except UserErrors as e:
            errors.extend(e.errors)
        except UserError as e:
            errors.append(e)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)
    return dataset


class DataErrors(UserErrors, DataError):
    pass


def load_data_text(text: str, path: Path, name: str) -> DataSet:
    """One data file given as text (a file of an earlier commit), checked as ``load_source_data`` does."""
    dataset = DataSet(Path(path).parent)
    _FileLoader(dataset, Path(path), name).load(text)
    return dataset


def load_data_texts(texts: dict[str, str]) -> DataSet:
    """Several data files given as text (``{"source_data/x.yaml": text}``, the files of an earlier
    commit) as one DataSet, each checked as ``load_source_data`` does."""
    return _load_all(DataSet(Path("source_data")), ((Path(rel), text) for rel, text in sorted(texts.items())))


def ascii_key(text: str) -> str:
    text = fold(text)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "du_lieu"


class _FileLoader:
    def __init__(self, dataset: DataSet, path: Path, name: str):
        self.dataset = dataset
        self.path = path
        self.name = name
        self.errors: list[UserError] = []

    def loc(self, node: yaml.Node) -> SourceLocation:
        return SourceLocation(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def load(self, text: str | None = None) -> None:
        text = read_utf8(self.path, DataError) if text is None else text
        self.text = text
        loader = FAST_LOADER(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            where = SourceLocation(self.path, mark.line + 1, mark.column + 1) if mark else SourceLocation(self.path)
            problem = translate_yaml_problem(e.problem or e.context or "")
            earlier = _earlier_cause(text, e)
            if earlier:
                line, problem = earlier
                where = SourceLocation(self.path, line)
            raise DataError(
                f"Tệp YAML sai cú pháp: {problem}.",
                where,
                "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau mỗi khóa, và dấu ngoặc kép đóng mở đủ đôi.",
            ) from None
        finally:
            loader.dispose()
        self.loader = yaml.SafeLoader("")
        if node is None:
            value = {}
        elif not isinstance(node, yaml.MappingNode):
            raise DataError(
                "Tệp số liệu phải là một danh sách khóa: giá trị (dạng 'khoa: ...').",
                self.loc(node),
                "Viết mỗi số liệu thành một khóa ở đầu dòng, ví dụ 'so_dang_vien:'.",
            )
        else:
            value = self.construct(node, self.name)
        self.dataset.namespace[self.name] = value
        self.dataset.files[self.name] = self.path
        self.dataset._locations[self.name] = SourceLocation(self.path, 1, 1)
        if self.errors:
            raise DataErrors(self.errors) if len(self.errors) > 1 else self.errors[0]

    # -- construction -------------------------------------------------------------------

    def construct(self, node: yaml.Node, key: str, key_location: SourceLocation | None = None):
        self.dataset._locations[key] = key_location or self.loc(node)
        if isinstance(node, yaml.MappingNode):
            mapping = self.construct_mapping(node, key)
            if "gia_tri" in mapping or "tu" in mapping or "den" in mapping or "don_vi" in mapping:
                # a unit makes it a number too: its value under a misspelt name ("gia_tr") is an
                # error, not a group that the report would print as "<nhóm dữ liệu …>"
                return self.make_quantity(node, key, mapping)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.construct(item, f"{key}[{i}]") for i, item in enumerate(node.value)]
        return self.construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, key: str) -> dict:
        result: dict = {}
        key_nodes: dict[str, yaml.Node] = {}
        self.loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            name = self.construct_scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(name, str):
                comma = _comma_decimal(key_node, self.text)
                if comma:
                    written, meant, line, column = comma
                    self.errors.append(
                        DataError(
                            f"Số '{written}' viết bằng dấu phẩy thập phân: trong tệp YAML dấu phẩy ngăn cách các mục, "
                            "nên số bị cắt đôi.",
                            SourceLocation(self.path, line, column),
                            f"Viết '{meant}' (dấu chấm cho phần thập phân, không có dấu phân cách hàng nghìn).",
                        )
                    )
                    continue
                self.errors.append(
                    DataError(
                        "Khóa phải là chữ (ví dụ 'so_dang_vien'), không phải số hay danh sách.",
                        self.loc(key_node),
                        "Đặt tên khóa bằng chữ thường không dấu, nối bằng dấu gạch dưới.",
                    )
                )
                continue
            if name in key_nodes:
                first = key_nodes[name].start_mark.line + 1
                self.errors.append(
                    DataError(
                        f"Khóa '{name}' bị lặp lại (đã có ở dòng {first}).",
                        self.loc(key_node),
                        "Mỗi khóa chỉ được khai báo một lần trong cùng một nhóm: xóa hoặc đổi tên một trong hai.",
                    )
                )
                continue
            if not KEY_PATTERN.match(name):
                self.errors.append(
                    DataError(
                        f"Tên khóa '{name}' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch dưới.",
                        self.loc(key_node),
                        f"Đổi thành '{ascii_key(name)}'.",
                    )
                )
                continue
            key_nodes[name] = key_node
            result[name] = self.construct(value_node, f"{key}.{name}", self.loc(key_node))
        return result

    def construct_scalar(self, node: yaml.Node):
        if not isinstance(node, yaml.ScalarNode):
            return self.construct(node, "?")
        if not node.style and node.tag == "tag:yaml.org,2002:int" and not _DECIMAL_INT.fullmatch(node.value):
            # YAML 1.1 reads 010 as 8 (octal), 0x1F as 31, 1:30 as 90 (base 60)
            digits = node.value.lstrip("+-").lstrip("0") or "0"
            leading_zero = digits.isdigit()
            self.errors.append(
                DataError(
                    f"Số '{node.value}' "
                    + (
                        f"có số 0 đứng đầu, nên YAML đọc nó thành {self.loader.construct_object(node)} (hệ bát phân)."
                        if leading_zero
                        else "không viết theo kiểu số thập phân thông thường."
                    ),
                    self.loc(node),
                    (
                        f"Viết {digits} (không có số 0 đứng đầu). Muốn báo cáo in số 0 đứng đầu (08, 010) thì dùng bộ "
                        "lọc | dem trong văn bản."
                        if leading_zero
                        else "Viết số chỉ bằng chữ số, dấu chấm cho phần thập phân (1361, 23.99)."
                    ),
                )
            )
            return None
        if node.tag == "tag:yaml.org,2002:float":
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                return node.value
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
        return value

    def make_quantity(self, node: yaml.MappingNode, key: str, mapping: dict) -> Quantity | dict:
        where = self.dataset._locations.get(key) or self.loc(node)
        fields = {}
        for name, value in mapping.items():
            if name not in QUANTITY_FIELDS:
                hint = did_you_mean(name, QUANTITY_FIELDS)
                self.errors.append(
                    DataError(
                        f"Trường '{name}' không có trong mô tả một số liệu ({key}).",
                        self.dataset._locations.get(f"{key}.{name}", where),
                        hint + "Các trường hợp lệ: " + ", ".join(QUANTITY_FIELDS) + ".",
                    )
                )
                continue
            fields[name] = value
        for name in ("gia_tri", "tu", "den"):
            if name in fields:
                value = fields[name]
                if value is None:
                    continue
                if isinstance(value, str) and re.fullmatch(r"0[0-9]+", value.strip()):
                    self.errors.append(
                        DataError(
                            f"'{key}.{name}' có số 0 đứng đầu ('{value}'): trong source_data số viết không có số 0 "
                            "đứng đầu.",
                            self.dataset._locations.get(f"{key}.{name}", where),
                            f"Viết {value.strip().lstrip('0') or '0'}. Muốn báo cáo in số 0 đứng đầu (08) thì dùng bộ "
                            "lọc | dem trong văn bản.",
                        )
                    )
                    fields[name] = None
                elif isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                    self.errors.append(
                        DataError(
                            f"'{key}.{name}' phải là một số, nhưng đang là '{value}'.",
                            self.dataset._locations.get(f"{key}.{name}", where),
                            "Viết số theo kiểu máy tính: dấu chấm cho phần thập phân, không có dấu phân cách hàng nghìn "
                            "(1361, 23.99). Để trống thì ghi null.",
                        )
                    )
                    fields[name] = None
                else:
                    fields[name] = Decimal(value)
        if ("tu" in fields) != ("den" in fields):
            self.errors.append(
                DataError(
                    f"'{key}' là một khoảng nên cần cả 'tu' và 'den'.",
                    where,
                    "Thêm trường còn thiếu, hoặc dùng 'gia_tri' nếu là một số.",
                )
            )
        if "gia_tri" in fields and ("tu" in fields or "den" in fields):
            self.errors.append(
                DataError(
                    f"'{key}' có cả 'gia_tri' lẫn 'tu'/'den'.",
                    where,
                    "Dùng 'gia_tri' cho một số, hoặc 'tu' và 'den' cho một khoảng — không dùng cả hai.",
                )
            )
        for name in ("don_vi", "nguon"):
            value = fields.get(name)
            if not isinstance(value, str) or not value.strip():
                what = (
                    "đơn vị (ví dụ: đảng viên, %, tỷ đồng, ha)"
                    if name == "don_vi"
                    else "nguồn (mục của văn bản hoặc tài liệu gốc)"
                )
                self.errors.append(
                    DataError(
                        f"Số liệu '{key}' thiếu trường '{name}' — {what}.",
                        where,
                        f"Thêm dòng '{name}: ...' cho số liệu này.",
                    )
                )
                fields[name] = str(value or "")
        if counts_whole_things(fields["don_vi"]):
            for name in ("gia_tri", "tu", "den"):
                value = fields.get(name)
                if (
                    isinstance(value, Decimal)
                    and value != value.to_integral_value()
                    and not looks_like_thousands(value)
                ):
                    self.errors.append(
                        DataError(
                            f"'{key}.{name}' là số đếm (đơn vị '{fields['don_vi']}') nên không có phần lẻ, nhưng "
                            f"đang là {value}.",
                            self.dataset._locations.get(f"{key}.{name}", where),
                            "Viết số nguyên. Nếu đây là số bình quân hay số đo, ghi đơn vị cho đúng "
                            "(ví dụ 'người/hộ', 'nghìn người').",
                        )
                    )
                elif isinstance(value, Decimal) and looks_like_thousands(value):
                    written = str(value)
                    whole = written.replace(".", "")
                    self.errors.append(
                        DataError(
                            f"'{key}.{name}' là số đếm (đơn vị '{fields['don_vi']}') nhưng đang là {written} — "
                            "dấu chấm ở đây có phải là dấu ngăn cách hàng nghìn không?",
                            self.dataset._locations.get(f"{key}.{name}", where),
                            f"Trong source_data, số viết không có dấu ngăn cách hàng nghìn: {whole} (không phải "
                            f"{written}); báo cáo tự in thành {written}. Nếu đây thật là số lẻ, ghi đơn vị đo cho đúng "
                            "(ví dụ 'nghìn người').",
                        )
                    )
        qualifier = fields.get("tinh_chat", "chinh_xac")
        if qualifier not in QUALIFIERS:
            self.errors.append(
                DataError(
                    f"Tính chất '{qualifier}' của '{key}' không hợp lệ.",
                    self.dataset._locations.get(f"{key}.tinh_chat", where),
                    did_you_mean(qualifier, QUALIFIERS) + "Chọn một trong: " + ", ".join(QUALIFIERS) + ".",
                )
            )
            qualifier = "chinh_xac"
        known = {"gia_tri", "tu", "den", "don_vi", "nguon", "tinh_chat", "ghi_chu", "doc_lap"}
        quantity = Quantity(
            key=key,
            don_vi=fields["don_vi"],
            nguon=fields["nguon"],
            gia_tri=fields.get("gia_tri"),
            tu=fields.get("tu"),
            den=fields.get("den"),
            tinh_chat=qualifier,
            ghi_chu=fields.get("ghi_chu"),
            doc_lap=fields.get("doc_lap"),
            extra={k: v for k, v in fields.items() if k not in known},
            location=where,
        )
        self.dataset._quantities[key] = quantity
        return quantity


_YAML_PROBLEMS = {
    "mapping values are not allowed in this context": "có dấu ':' ở chỗ không được phép (thường do thiếu dấu cách sau ':' hoặc thiếu ngoặc kép quanh chuỗi có dấu ':')",
    "found character that cannot start any token": "có ký tự không được phép (thường là Tab)",
    "did not find expected ':'": "thiếu dấu ':' sau tên khóa",
    "did not find expected node content": "thiếu giá trị",
    "found unexpected end of stream": "chuỗi trong ngoặc kép chưa được đóng",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "mapping values are not allowed here": "có dấu ':' ở chỗ không được phép (thường do thiếu dấu cách sau ':' hoặc thiếu ngoặc kép quanh chuỗi có dấu ':')",
    "found character '\\t' that cannot start any token": "có ký tự Tab",
    "could not find expected ':'": "thiếu dấu ':' sau tên khóa",
    "did not find expected key": "thụt lề không thẳng hàng",
    "expected <block end>, but found": "thụt lề không thẳng hàng",
    "found undefined alias": "dùng bí danh (*) chưa khai báo",
    "found a tab character that violates indentation": "dòng này thụt lề bằng dấu Tab (YAML chỉ nhận dấu cách)",
    "found a tab character where an indentation space is expected": "dòng này thụt lề bằng dấu Tab (YAML chỉ nhận dấu cách)",
}


def _earlier_cause(text: str, e: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """The line where the slip is, when YAML noticed it lines later: a key without its ':'
    ("gia_tri 38") runs on into the next line; a quote left open swallows the lines after it."""
    if not e.problem_mark:
        return None
    lines = text.splitlines()
    end = e.problem_mark.line  # 0-based: the line YAML stopped at
    if (e.problem or "").startswith("mapping values are not allowed"):
        for n in range(end - 1, -1, -1):
            content = lines[n].split("#", 1)[0].strip()
            if not content:
                continue
            if ":" not in content and not content.startswith(("-", '"', "'")):
                return n + 1, f"dòng này thiếu dấu ':' sau tên khóa (YAML đọc nó liền với dòng {end + 1})"
            break
    if (e.problem or "").startswith("could not find expected ':'") and e.context_mark:
        # YAML names the line after; the key that lacks its ':' starts where it began scanning
        return e.context_mark.line + 1, f"dòng này thiếu dấu ':' sau tên khóa (YAML đọc nó liền với dòng {end + 1})"
    if (e.problem or "").startswith(("did not find expected key", "found unexpected end of stream")):
        start = e.context_mark.line if e.context_mark else 0
        for n in range(start, min(end + 1, len(lines))):
            content = lines[n].split(" #", 1)[0]
            if (content.count('"') - content.count('\\"')) % 2 == 1:  # an odd number of quotes
                return n + 1, f"dấu ngoặc kép mở ở dòng này chưa được đóng (YAML đọc tiếp đến dòng {end + 1})"
    return None


def translate_yaml_problem(problem: str) -> str:
    for english, vietnamese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"{vietnamese} ({problem})"
    return problem
