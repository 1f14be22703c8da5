"""Sphinx's own words on the HTML pages, in Vietnamese: ``templates/locale/vi/LC_MESSAGES/sphinx.po``.

Sphinx's Vietnamese catalog leaves many of its strings empty or English: the search page gets
no heading and no result count, and the link beside every heading says "Link to this heading".
Our catalog comes first in ``locale_dirs``; Sphinx's own fills in whatever ours lacks.

Sphinx reads two compiled forms of a catalog: ``sphinx.mo`` for the pages it writes (read before
any extension is loaded, which is why conf.py calls :func:`compiled_catalogs`), and ``sphinx.js``
for the messages of the search page in the browser (Sphinx ships one per language but never
writes one for a project). Both are written from the ``.po`` with babel, into
``_build/.ban-dich/``, only when the ``.po`` is newer. Nothing is written into the source tree
(``make`` would see a new input), and each file is replaced whole, so that two builds running at
once (``make -j``) never read half a file.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from build_scripts.core.messages import SourceLocation, UserError

SOURCE_DIR = Path("templates") / "locale"
COMPILED_DIR = ".ban-dich"
DOMAIN = "sphinx"


def compiled_catalogs(root: Path, build_dir: Path | None = None) -> list[str]:
    """Compile ``root/templates/locale/*/LC_MESSAGES/sphinx.po`` where needed and return the
    value for conf.py's ``locale_dirs`` (empty when the project has no catalog)."""
    source_root = Path(root) / SOURCE_DIR
    compiled_root = Path(build_dir or Path(root) / "_build") / COMPILED_DIR
    sources = sorted(source_root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    for po in sources:
        target = compiled_root / po.parent.relative_to(source_root)
        mo, js = target / f"{DOMAIN}.mo", target / f"{DOMAIN}.js"
        if all(f.exists() and f.stat().st_mtime_ns >= po.stat().st_mtime_ns for f in (mo, js)):
            continue
        catalog = read_catalog(po)
        target.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        _replace(mo, buffer.getvalue())
        _replace(js, javascript(catalog).encode("utf-8"))
    return [str(compiled_root.resolve())] if sources else []


def read_catalog(po: Path) -> Catalog:
    """The catalog in ``po``; a malformed file is a UserError naming its line."""
    try:
        with po.open("rb") as f:
            return read_po(f, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", -1) + 1  # babel counts lines from 0
        raise UserError(
            "Tệp bản dịch viết sai ở dòng này (không phải msgid, msgstr hay chú thích #).",
            SourceLocation(po, line),
            fix='mỗi mục gồm một dòng msgid "…" và một dòng msgstr "…", chữ đặt trong '
            "ngoặc kép; xem các mục khác trong tệp.",
        ) from exc


def javascript(catalog: Catalog) -> str:
    """The catalog as Sphinx's ``translations.js`` (what ``Documentation.addTranslations`` sets), with
    only the strings that have a translation: an empty one would show as an empty text."""
    messages: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            forms = list(message.string)
            if all(forms):
                messages[message.id[0]] = forms
        elif message.string:
            messages[message.id] = message.string
    # What Documentation.addTranslations does, without its ``new Function`` (eval) for the plural
    # rule: the site's Content-Security-Policy forbids eval (issue 28); the rule is written here
    # as code of this file (babel's expression for the locale, not anyone's input).
    return (
        "Object.assign(Documentation.TRANSLATIONS, "
        + json.dumps(messages, ensure_ascii=False, indent=1, sort_keys=True)
        + ");\n"
        + f"Documentation.PLURAL_EXPR = function (n) {{ return Number({catalog.plural_expr}); }};\n"
        + f"Documentation.LOCALE = {json.dumps(str(catalog.locale))};\n"
    )


def _replace(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the web server must read the copy
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
