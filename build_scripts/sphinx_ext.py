"""Sphinx extension: data-driven MyST.

Connects through Sphinx's own events:
- ``config-inited``: load source_data/ (errors stop the build with file:line:column);
- ``source-read``/``include-read``: NFC-normalise and render each source as a Jinja template;
- ``env-get-outdated``: a document is re-read when a data value it used has changed (its own,
  or in a file it includes); an edited template re-reads the documents that included or imported it;
- ``env-updated``: all template errors of all documents are reported together.

Config values: ``bao_cao_data_dir`` (source_data), ``bao_cao_template_dirs`` (templates),
``bao_cao_final`` (a final build: missing values are errors).
"""
from __future__ import annotations

import difflib
import re
import sys
from functools import cached_property
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .data import load_source_data
from .jinja_render import JINJA_TAG, Renderer, normalise_nfc, value_digest
from .lint.blocks import check_blocks
from .lint.footnotes import check_footnotes
from .lint.placeholders import check_placeholders
from .messages import SourceLocation, UserError, UserErrors, display_path, read_utf8

logger = logging.getLogger(__name__)

ENV_KEY = "bao_cao_data_deps"


def _confdir(app: Sphinx) -> Path:
    return Path(app.confdir)


def on_config_inited(app: Sphinx, config) -> None:
    root = _confdir(app)
    dataset = load_source_data(root / config.bao_cao_data_dir)
    search = [root / d for d in config.bao_cao_template_dirs] + [Path(app.srcdir)]
    app.bao_cao_data = dataset
    # compiled macros and snippets beside them, like Python's __pycache__ (ignored by git)
    cache = root / config.bao_cao_template_dirs[0] / "__pycache__" if config.bao_cao_template_dirs else None
    app.bao_cao_renderer = Renderer(dataset, search, final=config.bao_cao_final, cache_dir=cache)
    app.bao_cao_errors = []
    app.bao_cao_line_maps = {}
    app.bao_cao_digests = {}
    app.bao_cao_references = {}


class LineMap:
    """For each line of the rendered text (index 0 = line 1), the source line it comes from.

    Computed on first use: only a build with a warning to report needs it.
    """

    def __init__(self, source: str, rendered: str):
        self._texts = (source, rendered)

    @cached_property
    def _mapping(self) -> list[int]:
        return line_map(*self._texts)

    def __len__(self) -> int:
        return len(self._mapping)

    def __getitem__(self, index):
        return self._mapping[index]


def _rendered_as(line: str):
    """What a source line prints: itself; with tags, its own text with anything in place of each
    tag (a compiled pattern); nothing of its own (None) for a line of control tags only."""
    if "{" not in line:
        return line
    parts = JINJA_TAG.split(line)
    if "".join(parts).strip() or "{{" in line or "{% include" in line:
        return re.compile(".*".join(re.escape(part) for part in parts), re.S)
    return None


def line_map(source: str, rendered: str) -> list[int]:
    """For each line of the rendered text (index 0 = line 1), the source line it comes from.

    The lines with text of their own are aligned (difflib); where placeholders changed them, a
    source line takes, in order, the first rendered line its own text matches. Every other
    rendered line (what a loop, a macro or an include printed, a blank line) comes from the
    source line of the last line aligned above it. Blank lines are left out of the alignment:
    they are alike, and pairing them pairs the wrong lines around them.
    """
    src, out = source.splitlines(), rendered.splitlines()
    if len(src) == len(out) and all(s == o for s, o in zip(src, out) if "{" not in s):
        return list(range(1, len(out) + 1))  # placeholders filled in on their own lines
    src_text = [i for i, line in enumerate(src) if line.strip()]
    out_text = [j for j, line in enumerate(out) if line.strip()]
    aligned: dict[int, int] = {}  # rendered line index -> source line index
    matcher = difflib.SequenceMatcher(None, [src[i] for i in src_text], [out[j] for j in out_text],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            aligned.update((out_text[j1 + k], src_text[i1 + k]) for k in range(i2 - i1))
            continue
        j = j1
        for i in src_text[i1:i2]:
            shape = _rendered_as(src[i])
            if shape is None:
                continue
            for k in range(j, j2):
                line = out[out_text[k]]
                if line == shape if isinstance(shape, str) else shape.fullmatch(line):
                    aligned[out_text[k]] = i
                    j = k + 1
                    break
    mapping, current = [], 1
    for j in range(len(out)):
        if j in aligned:
            current = aligned[j] + 1
        mapping.append(current)
    return mapping


def _render(app: Sphinx, path: Path, text: str, docname: str, included: bool = False) -> str:
    """The rendered text of ``path``: the document ``docname``, or (``included``) a file it includes."""
    text, changed_line = normalise_nfc(text)
    if changed_line:
        # Not an error: the text is normalised, and the user is told where.
        print(
            f"CẢNH BÁO: {SourceLocation(path, changed_line)}: chữ tiếng Việt không ở dạng Unicode dựng sẵn (NFC) "
            "— đã tự chuẩn hoá khi dựng.\n    → Cách sửa: chạy 'make lint-sua' để chuẩn hoá tệp, hoặc gõ lại bằng bộ gõ Unicode dựng sẵn.",
            file=sys.stderr,
        )
    try:
        result = app.bao_cao_renderer.render_document(text, path)
    except UserErrors as e:
        app.bao_cao_errors.extend(e.errors)
        return text
    except UserError as e:
        app.bao_cao_errors.append(e)
        return text
    rendered, keys = result.text, result.keys
    for template in result.templates:
        app.env.note_dependency(template)  # an edited macro or snippet re-reads the documents using it
    deps = getattr(app.env, ENV_KEY, None)
    if deps is None:
        deps = {}
        setattr(app.env, ENV_KEY, deps)
    used = {key: _digest(app, key) for key in keys}
    if included:
        # a MyST {include}: its data is the data of the document being read
        deps.setdefault(docname, {}).update(used)
    else:
        # where each data value shows in this document (the committee notes use it)
        app.bao_cao_references[docname] = result.references
        # Sphinx reports lines of the rendered text; an {% include %} or a {% for %} adds lines.
        app.bao_cao_line_maps[str(Path(path).resolve())] = LineMap(text, rendered)
        # Broken or unused footnotes stop the build with one clear message each (docutils'
        # own warnings for them are English, lose the label and come in threes).
        # So do code and directive fences left open (they swallow the text after them, and the
        # footnotes in it), which comes first: the footnote messages would follow from it; and
        # placeholders typed with one brace ("{ ky_luat.tong }"), which went into the report as written.
        problems = (check_blocks(text) or check_footnotes(text)) + check_placeholders(text, app.bao_cao_data.namespace)
        app.bao_cao_errors.extend(
            UserError(p.message, SourceLocation(path, p.line, p.column), p.fix[:1].upper() + p.fix[1:] + ".")
            for p in problems)
        deps[docname] = used
    return rendered


def _digest(app: Sphinx, key: str) -> str:
    """The digest of a data value, computed once per build (the data does not change during it)."""
    digests = app.bao_cao_digests
    if key not in digests:
        digests[key] = value_digest(app.bao_cao_data, key)
    return digests[key]


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    source[0] = _render(app, path, source[0], docname)


def on_include_read(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    path = Path(app.srcdir) / relative_path
    content[0] = _render(app, path, content[0], parent_docname, included=True)


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Documents whose data changed since the last build (only those); and the documents whose
    table of contents lists a removed one: Sphinx re-reads neither, so a part whose file was
    deleted stayed in its section's contents and in the PDF, without a word."""
    deps = getattr(env, ENV_KEY, {})
    outdated = []
    for docname, used in deps.items():
        if docname in removed or docname not in env.found_docs:
            continue
        if any(_digest(app, key) != digest for key, digest in used.items()):
            outdated.append(docname)
    for parent, children in env.toctree_includes.items():
        if parent not in removed and parent in env.found_docs and removed.intersection(children):
            outdated.append(parent)
    return outdated


def on_env_purge_doc(app: Sphinx, env, docname: str) -> None:
    getattr(env, ENV_KEY, {}).pop(docname, None)


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    getattr(env, ENV_KEY, {}).update({d: getattr(other, ENV_KEY, {}).get(d, {}) for d in docnames})


def on_env_updated(app: Sphinx, env) -> None:
    errors = app.bao_cao_errors
    if errors:
        app.bao_cao_errors = []
        raise UserErrors(errors) if len(errors) > 1 else errors[0]


def _code_version() -> int:
    """A number that changes with our own code, so Sphinx re-reads everything after an update.

    Taken from the size and modification time of each module (as make does): a checkout that
    only touches the files costs one full re-read, a changed module is never missed.
    """
    import hashlib

    digest = hashlib.sha1()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return int(digest.hexdigest()[:8], 16)


def on_env_before_read_docs(app: Sphinx, env, docnames: list[str]) -> None:
    """A document not saved as UTF-8 stops the build with its file and line; Sphinx itself
    would stop with Python's UnicodeDecodeError, naming no file."""
    problems = []
    for docname in docnames:
        try:
            read_utf8(Path(env.doc2path(docname)))
        except UserError as e:
            problems.append(e)
    if problems:
        raise UserErrors(problems) if len(problems) > 1 else problems[0]


def setup(app: Sphinx) -> dict:
    app.add_config_value("bao_cao_data_dir", "source_data", "env", str)
    app.add_config_value("bao_cao_template_dirs", ["templates"], "env", list)
    app.add_config_value("bao_cao_final", False, "env", bool)
    app.add_config_value("bao_cao_an_ghi_chu", False, "env", bool)  # a draft without committee notes
    # Run early, so that other extensions see the loaded data.
    app.connect("config-inited", on_config_inited, priority=100)
    app.connect("source-read", on_source_read, priority=100)
    app.connect("include-read", on_include_read, priority=100)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-updated", on_env_updated)
    app.setup_extension("build_scripts.closing_place")  # only the appendix follows the signature
    app.setup_extension("build_scripts.committee_notes")  # {ghi-chu}: notes of the drafts
    app.setup_extension("build_scripts.code_blocks")  # a paragraph indented by a Tab is no code
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": _code_version()}


__all__ = ["setup", "display_path"]
