"""Render a markdown source as a sandboxed Jinja template, with the data as context.

- Sandboxed (no Python internals reachable), StrictUndefined (no silent empty strings).
- Before rendering, every data reference is checked statically, so that *all* unknown keys of
  a file are reported at once, each with its line and the nearest existing keys.
- Line numbers of the output match the source (no lines added or removed by tags).
- Every data value the template reads is recorded, so that a build can tell which documents
  a data change affects.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import traceback
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from build_scripts.core.data import MISSING_MARKER, DataSet, Quantity
from build_scripts.core.messages import SourceLocation, UserError, UserErrors, display_path
from build_scripts.core.suggest import closest, did_you_mean
from build_scripts.core.templating.references import QUANTITY_ATTRIBUTES, scan_tree
from build_scripts.core.vi_format import FILTERS, MissingText, format_quantity


class TemplateProblem(UserError):
    """An error in a placeholder or template tag of a markdown file or a template."""


class MissingValueError(UserError):
    """A value with no data (gia_tri: null) used in a final build."""


# -- recording which data a document reads ------------------------------------------------


class _Recorder:
    def __init__(self):
        self.keys: set[str] = set()


class TrackedMapping(Mapping):
    """A read-only view of a data group that records every key read through it."""

    def __init__(self, data: Mapping, path: str, recorder: _Recorder):
        self._data = data
        self._path = path
        self._recorder = recorder

    def __getitem__(self, name):
        value = self._data[name]
        return _track(value, f"{self._path}.{name}" if self._path else name, self._recorder)

    def __iter__(self):
        self._recorder.keys.add(self._path)
        return iter(self._data)

    def __len__(self):
        self._recorder.keys.add(self._path)
        return len(self._data)

    def __repr__(self):
        return f"<nhóm dữ liệu {self._path}>"


class TrackedList(Sequence):
    def __init__(self, data: list, path: str, recorder: _Recorder):
        self._data = data
        self._path = path
        self._recorder = recorder

    def __getitem__(self, index):
        if isinstance(index, slice):
            self._recorder.keys.add(self._path)
            return [
                _track(v, f"{self._path}[{i}]", self._recorder)
                for i, v in zip(range(len(self._data))[index], self._data[index])
            ]
        return _track(self._data[index], f"{self._path}[{index}]", self._recorder)

    def __len__(self):
        self._recorder.keys.add(self._path)
        return len(self._data)

    def __iter__(self):
        # a loop reads the whole list: an item added at its end is a change too
        self._recorder.keys.add(self._path)
        return (_track(v, f"{self._path}[{i}]", self._recorder) for i, v in enumerate(self._data))


class DataText(str):
    """A text of source_data that has line breaks (printed on one line: Renderer._finalize)."""


def _track(value, path: str, recorder: _Recorder):
    if isinstance(value, Mapping):
        return TrackedMapping(value, path, recorder)
    if isinstance(value, list):
        return TrackedList(value, path, recorder)
    recorder.keys.add(path)
    if type(value) is str and "\n" in value:
        return DataText(value)
    return value


def value_digest(dataset: DataSet, key: str) -> str:
    """A digest of a data value (a quantity, a plain value or a whole group)."""
    try:
        value = dataset.get(key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return "<không có>"
    return hashlib.sha1(_canonical(value).encode("utf-8")).hexdigest()


def _canonical(value) -> str:
    if isinstance(value, Quantity):
        return value.digest()
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k}:{_canonical(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    return repr(value)


# -- the environment ----------------------------------------------------------------------

# What shapes compiled code besides a template's text: this module (the code generator, the
# environment's settings) and the names of the filters, which Jinja checks when compiling.
COMPILER_FINGERPRINT = hashlib.sha1(
    Path(__file__).read_bytes() + " ".join(sorted(FILTERS)).encode() + jinja2.__version__.encode()
).hexdigest()


class CompiledTemplateCache(jinja2.FileSystemBytecodeCache):
    """The compiled documents, macros and snippets, kept between builds.

    What ``__pycache__`` is to Python code: a template is compiled again only when its text
    (Jinja checks a digest of it), the Jinja or Python version, or our compiler
    (``COMPILER_FINGERPRINT``) changed. A number edited in source_data re-reads the documents
    that use it, and their code, compiled from the same text, is taken from here.
    A folder that cannot be written simply goes without.
    """

    def __init__(self, directory: Path):
        super().__init__(str(directory), "%s.jinja")

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(source + "\0" + COMPILER_FINGERPRINT)

    def get_bucket(self, environment, name, filename, source) -> _Bucket:
        bucket = _Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _Bucket(jinja2.bccache.Bucket):
    """Jinja's cache entry, with what the checks need of a document's syntax tree beside its code
    (``facts``, see ``Renderer.render_document``): a document kept here is not parsed again."""

    facts = None

    def reset(self) -> None:
        super().reset()
        self.facts = None

    def load_bytecode(self, f) -> None:
        super().load_bytecode(f)
        if self.code is not None:
            try:
                self.facts = marshal.load(f)
            except (EOFError, ValueError, TypeError):  # written before facts were kept
                self.reset()

    def write_bytecode(self, f) -> None:
        super().write_bytecode(f)
        marshal.dump(self.facts, f)


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with the text between placeholders as raw string literals.

    Jinja writes that text as ``repr()``: a literal with escapes (``\\n``), which CPython decodes
    through its slow path when the text is not ASCII. Vietnamese prose compiles about a
    quarter faster from ``r'''…'''``. Text that a raw literal cannot hold keeps ``repr()``.
    """

    def _output_const_repr(self, group) -> str:
        text = "".join(map(str, group))
        if "\\" in text or "'''" in text or text.endswith("'") or "\r" in text or "\0" in text:
            return repr(text)
        return f"r'''{text}'''"

    def write(self, x: str) -> None:
        # Jinja counts the lines of the code it writes by its newline() calls, to map each code
        # line back to a template line (the line an error names). A raw literal's own line
        # breaks must be counted too, or a placeholder's error is blamed on a later line.
        super().write(x)
        if "\n" in x:
            self.code_lineno += x.count("\n")


_MAPPING_ATTRIBUTES = frozenset(dir(TrackedMapping))


class _ReportEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, reading ``nhom.khoa`` of a data group as its item straight away.

    Jinja tries the attribute first and takes the item when that raises; for a data group
    (never an attribute) that exception is raised for each of the report's ~1,100 lookups.
    The names of the group's own methods still go through the sandbox as before.
    """

    code_generator_class = _CodeGenerator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_loaded: set[str] = set()  # the template files a render used (see Renderer)

    # A rendered {% include %}, {% import %} or {% from … import %} asks for its template here,
    # even when the environment has it in memory: what a document used, branch by branch.
    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        self.files_loaded.add(template.filename)
        return template

    def select_template(self, names, parent=None, globals=None):
        template = super().select_template(names, parent, globals)
        self.files_loaded.add(template.filename)
        return template

    def getattr(self, obj, attribute):
        if type(obj) is TrackedMapping and attribute not in _MAPPING_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _DataUndefined(jinja2.StrictUndefined):
    """A key missing from a data group names the group by its data path
    ("'ket_qua_2020_2025.bang.chi_tieu_03' has no attribute …"), not by Python's type
    ("'build_scripts.core.templating.render.TrackedMapping object' has no attribute …"), so that the error
    can point at the group in source_data (Renderer.render_document)."""

    @property
    def _undefined_message(self) -> str:
        group = self._undefined_obj
        if isinstance(group, TrackedMapping) and isinstance(self._undefined_name, str):
            return f"'{group._path}' has no attribute '{self._undefined_name}'"
        return super()._undefined_message


_MISSING_DATA_KEY = re.compile(r"^'([\w.\[\]]+)' has no attribute '(\w+)'$")


class Renderer:
    """One Jinja environment for a build: data, filters, template folders, draft status.

    ``cache_dir``: where compiled templates are kept between builds (none: compiled every time).
    """

    def __init__(self, dataset: DataSet, search_path: list[Path], final: bool = False, cache_dir: Path | None = None):
        self.dataset = dataset
        self.final = final
        self.missing_used: list[tuple[str, SourceLocation | None]] = []
        self.env = _ReportEnvironment(
            loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
            undefined=_DataUndefined,
            keep_trailing_newline=True,
            autoescape=False,
            finalize=self._finalize,
            optimized=False,  # constant folding saves nothing on prose with placeholders
            bytecode_cache=CompiledTemplateCache(cache_dir) if cache_dir else None,
        )
        self.env.filters.update(FILTERS)
        self.env.globals["bao_loi"] = _raise_problem
        self.env.globals["ban_chinh_thuc"] = final
        self._current: Path | None = None

    def _finalize(self, value):
        if isinstance(value, (TrackedMapping, TrackedList)):
            # "{{ ky_luat }}": a whole group printed as "<nhóm dữ liệu ky_luat>" in the report
            example = next(iter(value._data), "ten_so_lieu") if isinstance(value, TrackedMapping) else "0"
            shown = f"{value._path}.{example}" if isinstance(value, TrackedMapping) else f"{value._path}[0]"
            raise TemplateProblem(
                f"'{value._path}' là cả một nhóm số liệu, không phải một số liệu: không in được vào văn bản.",
                None,
                f"Viết tên một số liệu trong nhóm, ví dụ {{{{ {shown} }}}}. Nếu trong tệp YAML số liệu này "
                "thiếu dòng 'gia_tri:' (hoặc gõ sai tên trường), hãy sửa ở đó.",
            )
        if isinstance(value, DataText):
            # a text of source_data printed in a line of markdown (a heading, a cell, an item):
            # its line breaks (the title's, kept for the PDF) would end that line
            return " ".join(value.split())
        if isinstance(value, Quantity) and value.is_missing:
            return self._missing(value.key)
        if isinstance(value, MissingText):
            return self._missing(value.key)
        if isinstance(value, Quantity):
            return format_quantity(value)  # "{{ x }}" with no filter: the number as written
        return value

    def _missing(self, key: str) -> str:
        self.missing_used.append((key, self._current and SourceLocation(self._current)))
        if self.final:
            raise MissingValueError(
                f"Số liệu '{key}' chưa có giá trị (gia_tri: null) nhưng đang dựng bản chính thức"
                + (f" (dùng ở {display_path(self._current)})." if self._current else "."),
                self.dataset.location(key) if key in self.dataset.keys() else None,
                "Điền giá trị vào source_data, hoặc dựng bản dự thảo.",
            )
        return MISSING_MARKER

    # -- static validation -----------------------------------------------------------------

    def check_references(self, source: str | nodes.Template, path: Path) -> list[UserError]:
        """Every unknown data key in the template, each with its line and suggestions."""
        if isinstance(source, nodes.Template):
            tree = source
        else:
            try:
                tree = self.env.parse(source, filename=str(path))
            except jinja2.TemplateSyntaxError as e:
                return [syntax_problem(e, path)]
        problems, chains = self._read_tree(tree, path)
        return self._data_problems(chains, path, problems)

    def _read_tree(self, tree: nodes.Template, path: Path) -> tuple[list[UserError], list[tuple]]:
        """The problems the text alone shows, and the chains ``a.b[0].c`` that read the data,
        as ``(root, parts, line)``: all that the checks need of the tree once the text is right."""
        local_names = _assigned_names(tree)
        problems: list[UserError] = []
        chains: list[tuple] = []
        for node in tree.find_all((nodes.Output, nodes.Filter, nodes.Name, nodes.Getattr, nodes.Getitem)):  # one walk
            if isinstance(node, nodes.Output):
                problems += _typed_numbers(node, path)
                continue
            if isinstance(node, nodes.Filter):
                if node.name not in self.env.filters:
                    problems.append(unknown_filter(node.name, SourceLocation(path, node.lineno), self.env.filters))
                continue
            if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
                problems.append(internals_problem(SourceLocation(path, node.lineno)))
            chain = _attribute_chain(node)
            if chain is None:
                continue
            root, parts, lineno = chain
            if root in local_names or root in self.env.globals:
                continue
            chains.append((root, parts, lineno))
        return problems, chains

    def _data_problems(self, chains: list[tuple], path: Path, problems: list[UserError] = ()) -> list[UserError]:
        """``problems`` and each chain that names no data, in the order of their lines."""
        problems = list(problems)
        for root, parts, lineno in chains:
            problem = self._resolve(root, list(parts), SourceLocation(path, lineno))
            if problem:
                problems.append(problem)
        # Report each (location, message) once: nested chains resolve to the same problem.
        unique: dict[str, UserError] = {}
        for p in problems:
            unique.setdefault(p.format(), p)
        return sorted(unique.values(), key=lambda p: p.location.line if p.location else 0)

    def _resolve(self, root: str, parts: list, where: SourceLocation) -> UserError | None:
        namespace = self.dataset.namespace
        if root not in namespace:
            return self._unknown(root, where, list(namespace), root)
        value = namespace[root]
        path = root
        for part in parts:
            if isinstance(value, Quantity):
                if part in QUANTITY_ATTRIBUTES or part in value.extra:
                    return None
                return self._unknown(
                    f"{path}.{part}", where, ["gia_tri", "tu", "den", "don_vi", "nguon", *value.extra], part, path
                )
            if isinstance(value, list):
                if isinstance(part, int) and -len(value) <= part < len(value):
                    value = value[part]
                    path = f"{path}[{part}]"
                    continue
                return None  # dynamic indexing: checked when rendering
            if not isinstance(value, Mapping):
                return None
            if part not in value:
                return self._unknown(f"{path}.{part}", where, list(value), part, path)
            value = value[part]
            path = f"{path}.{part}"
        return None

    def _unknown(self, key: str, where: SourceLocation, siblings: list, name, parent: str | None = None) -> UserError:
        close = closest(name, siblings, n=3)
        if parent:
            candidates = [f"{parent}.{c}" for c in close]
        else:
            candidates = list(close)
        if not candidates:
            everything = list(self.dataset.keys())
            candidates = closest(key, everything, n=3, cutoff=0.75)
        hint = did_you_mean(key, (), near=candidates, n=3)
        group = f"nhóm '{parent}'" if parent else "source_data/"
        if parent and "." not in parent and not siblings and parent in self.dataset.files:
            # every key of the file is "missing": say once why (an emptied or unsaved file)
            group += f", mà tệp {display_path(self.dataset.files[parent])} trống: không có số liệu nào"
        return TemplateProblem(
            f"Không có số liệu '{key}' (trong {group}).",
            where,
            hint + "Sửa tên khóa trong dấu {{ }}, hoặc thêm số liệu này vào tệp tương ứng trong source_data/.",
        )

    # -- rendering ------------------------------------------------------------------------

    def render(self, source: str, path: Path) -> tuple[str, set[str]]:
        """Render ``source`` (the text of ``path``); return the text and the data keys read."""
        result = self.render_document(source, path)
        return result.text, result.keys

    def _compiled(
        self, tree: nodes.Template | None, bucket: _Bucket | None, facts: tuple, path: Path
    ) -> jinja2.Template:
        """The template of a document: its code from the cache when its text was compiled before;
        else compiled from ``tree`` and kept, with ``facts``, for the next build."""
        env = self.env
        if bucket is None:
            template = env.from_string(tree)
        else:
            if bucket.code is None or bucket.facts is None:
                bucket.code = env.compile(tree)
                bucket.facts = facts
                try:
                    env.bytecode_cache.set_bucket(bucket)
                except ValueError:  # a value marshal cannot write: the next build parses again
                    pass
            template = env.template_class.from_code(env, bucket.code, env.make_globals(None))
        template.filename = str(path)
        return template

    def render_document(self, source: str, path: Path) -> RenderedDocument:
        """Render ``source``, parsed once for the static checks, the places of each data key
        (:func:`build_scripts.core.templating.references.scan_tree`) and the compiled template."""
        if not _JINJA_SYNTAX.search(source):
            return RenderedDocument(source, set(), {}, frozenset())  # plain text: Jinja would return it as is
        cache = self.env.bytecode_cache
        bucket = cache.get_bucket(self.env, f"tai-lieu:{display_path(path)}", None, source) if cache else None
        if bucket is not None and bucket.facts is not None:
            # compiled before from this very text: what the checks need of its tree was kept with it
            tree = None
            chains, places = bucket.facts
            problems = self._data_problems(chains, path)
        else:
            try:
                tree = self.env.parse(source, filename=str(path))
            except jinja2.TemplateSyntaxError as e:
                raise syntax_problem(e, path) from None
            problems, chains = self._read_tree(tree, path)
            problems = self._data_problems(chains, path, problems)
            # before compiling: the code generator may fold nodes
            places = [(key, [where.line for where in found]) for key, found in scan_tree(tree, path).items()]
        if problems:
            raise UserErrors(problems) if len(problems) > 1 else problems[0]
        references = {key: [SourceLocation(path, line) for line in lines] for key, lines in places}
        recorder = _Recorder()
        context = {name: _track(value, name, recorder) for name, value in self.dataset.namespace.items()}
        self._current = path
        self.env.files_loaded = set()
        try:
            template = self._compiled(tree, bucket, (chains, places), path)
            text = template.render(context)
        except UserError as e:
            if e.location is None:
                e.location = _template_location(e, path)
            raise
        except jinja2.TemplateSyntaxError as e:
            raise syntax_problem(e, path) from None
        except jinja2.TemplateNotFound as e:
            raise TemplateProblem(
                f"Không tìm thấy mẫu '{e.name}'.",
                _template_location(e, path),
                "Kiểm tra tên tệp trong {% include %} / {% import %}; các mẫu nằm trong thư mục templates/.",
            ) from None
        except SecurityError as e:
            raise internals_problem(_template_location(e, path)) from None
        except jinja2.UndefinedError as e:
            missing = _MISSING_DATA_KEY.match(str(e))
            if missing and missing.group(1) in self.dataset.keys():
                group, name = missing.groups()
                siblings = self.dataset.get(group)
                hint = did_you_mean(name, siblings) if isinstance(siblings, Mapping) else ""
                raise TemplateProblem(
                    f"Mục '{group}' của source_data không có khóa '{name}' (mẫu {display_path(_template_location(e, path).path)} "
                    "cần khóa này để dựng văn bản).",
                    self.dataset.location(group),
                    hint
                    + f"Thêm khóa '{name}' vào mục này (xem các mục cùng loại bên cạnh), hoặc sửa tên khóa cho đúng.",
                ) from None
            raise TemplateProblem(
                f"Chỗ giữ chỗ không có dữ liệu: {translate_undefined(str(e))}.",
                _template_location(e, path),
                "Sửa tên khóa trong dấu {{ }}, hoặc thêm số liệu vào source_data/.",
            ) from None
        except (TypeError, ValueError, ArithmeticError) as e:
            raise TemplateProblem(
                f"Không tính được biểu thức trong chỗ giữ chỗ ({type(e).__name__}: {e}).",
                _template_location(e, path),
                "Kiểm tra phép tính và bộ lọc trong dấu {{ }}.",
            ) from None
        finally:
            self._current = None
        return RenderedDocument(text, recorder.keys, references, frozenset(self.env.files_loaded))


def _typed_numbers(output: nodes.Output, path: Path) -> list[UserError]:
    """``{{ 38 }}`` or ``{{ 38 | dem }}``: a number typed into a placeholder, which then looks like
    data but has no source, no unit and no check (numbers come from source_data/)."""
    problems = []
    for expr in output.nodes:
        while isinstance(expr, (nodes.Filter, nodes.Neg, nodes.Pos)):
            expr = expr.node
        if not isinstance(expr, nodes.Const) or isinstance(expr.value, bool):
            continue
        typed = expr.value
        if isinstance(typed, str):  # {{ "38" }}, {{ "1.361" }}: a number in quotes
            typed = typed.strip()
            if not re.fullmatch(r"\d[\d.,]*", typed):
                continue
        elif not isinstance(typed, (int, float)):
            continue
        problems.append(
            TemplateProblem(
                f"Số {typed} được gõ thẳng vào chỗ giữ chỗ {{{{ }}}}: con số trong báo cáo phải lấy từ "
                "source_data/ (có đơn vị, nguồn và được kiểm tra).",
                SourceLocation(path, expr.lineno),
                "Viết tên số liệu trong dấu {{ }}, ví dụ {{ ky_luat.khien_trach }}; số chưa có thì thêm vào "
                "tệp .yaml tương ứng trong source_data/ (gia_tri, don_vi, nguon).",
            )
        )
    return problems


_JINJA_SYNTAX = re.compile(r"\{[{%#]")
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # one placeholder, tag or comment


@dataclass(frozen=True)
class RenderedDocument:
    text: str
    keys: set[str]  # the data keys the document read
    references: dict[str, list[SourceLocation]]  # data key -> its places in the source
    templates: frozenset[str]  # the template files it included or imported


def _raise_problem(message: str, fix: str = "") -> None:
    """``{{ bao_loi("…") }}``: a macro stops the build with a message of its own."""
    raise TemplateProblem(str(message), None, str(fix) or None)


def _template_location(exc: BaseException, path: Path) -> SourceLocation:
    """The line of the template frame in which ``exc`` was raised (Jinja rewrites tracebacks)."""
    line = getattr(exc, "lineno", None)
    file = path
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == str(path) or frame.filename.endswith((".j2", ".md")):
            file = Path(frame.filename)
            line = frame.lineno
    return SourceLocation(file, line or 0)


def syntax_problem(e: jinja2.TemplateSyntaxError, path: Path) -> TemplateProblem:
    file = Path(e.filename) if e.filename else path
    opened = _unclosed_block(e.source) if e.source and "unexpected end of template" in e.message.lower() else None
    if opened:
        name, line = opened
        return TemplateProblem(
            f"Thẻ {{% {name} … %}} ở dòng này chưa được đóng: văn bản hết mà chưa gặp {{% end{name} %}}.",
            SourceLocation(file, line),
            f"Thêm {{% end{name} %}} vào chỗ khối lệnh này kết thúc, hoặc xoá thẻ {{% {name} … %}} nếu nó thừa.",
        )
    return TemplateProblem(
        f"Sai cú pháp chỗ giữ chỗ: {translate_syntax(e.message or '')}.",
        SourceLocation(file, e.lineno or 0),
        "Mỗi '{{' phải có '}}' đóng, mỗi '{%' phải có '%}', mỗi {% for %}/{% if %} phải có {% endfor %}/{% endif %}.",
    )


#: the tags that open a block closed by "end<tag>" ({% set x %}…{% endset %} only without "=")
_BLOCK_TAGS = frozenset({"if", "for", "macro", "call", "filter", "block", "with", "autoescape", "trans", "set"})


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost block tag of ``source`` left open at its end, and its line (Jinja itself
    reports the end of the file)."""
    open_blocks: list[tuple[str, int]] = []
    tag: tuple[str, int] | None = ("", 0)  # None right after "{%", where the tag's name comes
    try:
        for line, kind, value in jinja2.Environment().lex(source):
            if kind == "block_begin":
                tag = None
            elif kind == "name" and tag is None:
                tag = (value, line)
                if value in _BLOCK_TAGS:
                    open_blocks.append(tag)
                elif value.startswith("end") and open_blocks and open_blocks[-1][0] == value[3:]:
                    open_blocks.pop()
            elif kind == "operator" and value == "=" and tag and tag[0] == "set" and open_blocks[-1:] == [tag]:
                open_blocks.pop()  # {% set x = … %} is a statement, not a block
            elif kind == "block_end":
                tag = ("", line)
    except jinja2.TemplateSyntaxError:
        return None
    return open_blocks[-1] if open_blocks else None


def internals_problem(where: SourceLocation) -> TemplateProblem:
    return TemplateProblem(
        "Chỗ giữ chỗ này truy cập vào bên trong Python (thuộc tính bắt đầu bằng '_'), điều bị chặn vì an toàn.",
        where,
        "Chỉ dùng tên số liệu (ví dụ {{ dang_bo.so_dang_vien }}) và các bộ lọc của dự án.",
    )


def unknown_filter(name: str, where: SourceLocation, filters) -> TemplateProblem:
    ours = list(FILTERS)
    hint = did_you_mean(name, filters, n=2)
    return TemplateProblem(
        f"Không có bộ lọc '{name}'.",
        where,
        hint + "Các bộ lọc của dự án: " + ", ".join(ours) + ".",
    )


_SYNTAX = {
    "unexpected end of template": "mẫu kết thúc khi còn thẻ chưa đóng",
    # "{{ x }" or "{% if x }": a lone '}' where the closing mark was meant
    "unexpected '}'": "dấu '}' đứng lẻ: chỗ giữ chỗ phải đóng bằng '}}', thẻ lệnh bằng '%}'",
    "expected token 'end of print statement'": "chỗ giữ chỗ {{ … }} chưa được đóng đúng",
    "unexpected char": "có ký tự không hợp lệ",
    "Encountered unknown tag": "thẻ không hợp lệ",
    "no filter named": "không có bộ lọc",
}


def translate_syntax(message: str) -> str:
    for english, vietnamese in _SYNTAX.items():
        if english.lower() in message.lower():
            return f"{vietnamese} ({message})"
    return message


def translate_undefined(message: str) -> str:
    return message.replace("has no attribute", "không có khóa").replace("is undefined", "chưa được định nghĩa")


def _assigned_names(tree: nodes.Template) -> set[str]:
    names: set[str] = set()
    for node in tree.find_all((nodes.Name, nodes.Macro, nodes.CallBlock, nodes.FromImport, nodes.Import)):
        if isinstance(node, nodes.Name):
            if node.ctx in ("store", "param"):
                names.add(node.name)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            names.update(arg.name for arg in node.args)
        elif isinstance(node, nodes.FromImport):
            names.update(name[1] if isinstance(name, tuple) else name for name in node.names)
        else:
            names.add(node.target)
    names.update({"loop", "caller", "varargs", "kwargs", "range", "self"})
    return names


def _attribute_chain(node: nodes.Node):
    """``a.b[0].c`` as ('a', ['b', 0, 'c'], lineno) when the chain starts at a Name."""
    parts: list = []
    current = node
    while isinstance(current, (nodes.Getattr, nodes.Getitem)):
        if isinstance(current, nodes.Getattr):
            parts.append(current.attr)
        else:
            if isinstance(current.arg, nodes.Const):
                parts.append(current.arg.value)
            else:
                parts = []  # dynamic index: only the part before it is checked
        current = current.node
    if not isinstance(current, nodes.Name) or current.ctx != "load":
        return None
    return current.name, list(reversed(parts)), node.lineno


def normalise_nfc(text: str) -> tuple[str, int | None]:
    """The NFC text, and the 1-based line of the first change (None when already NFC)."""
    normalised = unicodedata.normalize("NFC", text)
    if normalised == text:
        return text, None
    for number, (a, b) in enumerate(zip(text.splitlines(), normalised.splitlines()), 1):
        if a != b:
            return normalised, number
    return normalised, 1
