"""Sphinx extension: data-driven MyST.

Connects through Sphinx's own events:
- ``config-inited``: load source_data/ (errors stop the build with file:line:column);
- ``source-read``/``include-read``: NFC-normalise and render each source as a Jinja template;
- ``env-get-outdated``: a document is re-read when a data value it used has changed (its own,
  or in a file it includes); an edited template re-reads the documents that included or imported it;
- ``env-updated``: all template errors of all documents are reported together.

Settings: ``bao_cao_data_dir``, ``bao_cao_template_dirs``, ``bao_cao_final``
(:mod:`build_scripts.core.settings`). What it holds during a build: :mod:`.state`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from build_scripts.core.accidents import refuse_accidents
from build_scripts.core.data import load_source_data
from build_scripts.core.lint.blocks import check_blocks
from build_scripts.core.lint.footnote_labels import check_footnotes
from build_scripts.core.lint.placeholders import check_placeholders
from build_scripts.core.messages import SourceLocation, UserError, UserErrors, display_path, read_utf8
from build_scripts.core.settings import report_settings
from build_scripts.core.templating.line_map import LineMap
from build_scripts.core.templating.render import Renderer, normalise_nfc, value_digest
from build_scripts.sphinx_ext.state import (
    ERRORS,
    DataLayer,
    add_error,
    attach,
    data_layer,
    errors_of,
    line_maps,
    per_document,
)

logger = logging.getLogger(__name__)

ENV_KEY = "bao_cao_data_deps"


def on_config_inited(app: Sphinx, config) -> None:
    settings = report_settings(config)
    root = Path(app.confdir)
    refuse_accidents(root, settings.template_dirs)  # git's conflict markers, merge leftovers, loops: first
    dataset = load_source_data(root / settings.data_dir)
    search = [root / d for d in settings.template_dirs] + [Path(app.srcdir)]
    # compiled macros and snippets beside them, like Python's __pycache__ (ignored by git)
    cache = root / settings.template_dirs[0] / "__pycache__" if settings.template_dirs else None
    attach(app, DataLayer(dataset, Renderer(dataset, search, final=settings.final, cache_dir=cache)))


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
    layer = data_layer(app)
    try:
        result = layer.renderer.render_document(text, path)
    except UserError as e:
        for error in e.errors if isinstance(e, UserErrors) else [e]:
            add_error(app.env, docname, error)
        return text
    except RecursionError:  # a loop through a name the early check cannot see ({% include ten_bien %})
        add_error(
            app.env,
            docname,
            UserError(
                "Mẫu văn bản gọi lại chính nó không dứt (include/import vòng tròn).",
                SourceLocation(path),
                "Xem các lệnh {% include %}/{% import %} của tệp này và của các mẫu nó gọi: bỏ lệnh gây vòng.",
            ),
        )
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
        layer.references[docname] = result.references
        # Sphinx reports lines of the rendered text; an {% include %} or a {% for %} adds lines.
        line_maps(app.env)[str(Path(path).resolve())] = LineMap(text, rendered)
        # Broken or unused footnotes stop the build with one clear message each (docutils'
        # own warnings for them are English, lose the label and come in threes).
        # So do code and directive fences left open (they swallow the text after them, and the
        # footnotes in it), which comes first: the footnote messages would follow from it; and
        # placeholders typed with one brace ("{ ky_luat.tong }"), which went into the report as written.
        problems = (check_blocks(text) or check_footnotes(text)) + check_placeholders(text, layer.data.namespace)
        for p in problems:
            add_error(
                app.env,
                docname,
                UserError(p.message, SourceLocation(path, p.line, p.column), p.fix[:1].upper() + p.fix[1:] + "."),
            )
        deps[docname] = used
    return rendered


def _digest(app: Sphinx, key: str) -> str:
    """The digest of a data value, computed once per build (the data does not change during it)."""
    layer = data_layer(app)
    digests = layer.digests
    if key not in digests:
        digests[key] = value_digest(layer.data, key)
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
    per_document(env, ERRORS).pop(docname, None)
    line_maps(env).pop(str(Path(env.doc2path(docname)).resolve()), None)


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    """What the documents read in another process (``sphinx -j``) left: their data keys, errors, line maps."""
    getattr(env, ENV_KEY, {}).update({d: getattr(other, ENV_KEY, {}).get(d, {}) for d in docnames})
    theirs = per_document(other, ERRORS)
    per_document(env, ERRORS).update({d: theirs[d] for d in docnames if d in theirs})
    line_maps(env).update(line_maps(other))


def on_env_updated(app: Sphinx, env) -> None:
    errors = errors_of(env)
    if errors:
        per_document(env, ERRORS).clear()
        raise UserErrors(errors) if len(errors) > 1 else errors[0]


def _code_version() -> int:
    """A number that changes with our own code, so Sphinx re-reads everything after an update.

    Taken from the size and modification time of each module (as make does): a checkout that
    only touches the files costs one full re-read, a changed module is never missed.
    """
    import hashlib

    digest = hashlib.sha1()
    package = Path(__file__).resolve().parents[1]  # all of build_scripts/
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
    # Run early, so that other extensions see the loaded data.
    app.connect("config-inited", on_config_inited, priority=100)
    app.connect("source-read", on_source_read, priority=100)
    app.connect("include-read", on_include_read, priority=100)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-updated", on_env_updated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": _code_version()}


__all__ = ["setup", "display_path"]
