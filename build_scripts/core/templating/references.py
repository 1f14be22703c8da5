"""Where in the text each data value is used: ``{key: [SourceLocation, …]}``.

Read statically from the Jinja syntax tree of every markdown file (and template), so it needs
no build. A value used inside a macro over a list is found as the list's key.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import jinja2
from jinja2 import nodes

from build_scripts.core.messages import SourceLocation

QUANTITY_ATTRIBUTES = {
    "gia_tri",
    "tu",
    "den",
    "don_vi",
    "tinh_chat",
    "nguon",
    "ghi_chu",
    "doc_lap",
    "key",
    "is_missing",
    "is_range",
    "decimals",
    "value",
}


def _chains(tree: nodes.Template):
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        parts = []
        current = node
        while isinstance(current, (nodes.Getattr, nodes.Getitem)):
            if isinstance(current, nodes.Getattr):
                parts.append(current.attr)
            elif isinstance(current.arg, nodes.Const) and isinstance(current.arg.value, int):
                parts.append(current.arg.value)
            else:
                parts = []
            current = current.node
        if isinstance(current, nodes.Name) and current.ctx == "load":
            yield current.name, list(reversed(parts)), node.lineno


def _key(root: str, parts: list) -> str:
    key = root
    for part in parts:
        if isinstance(part, int):
            key += f"[{part}]"
        elif part in QUANTITY_ATTRIBUTES:
            break
        else:
            key += f".{part}"
    return key


def scan_file(path: Path, namespaces: set[str] | None = None) -> dict[str, list[SourceLocation]]:
    env = jinja2.Environment()
    try:
        tree = env.parse(path.read_text(encoding="utf-8"))
    except jinja2.TemplateSyntaxError:
        return {}
    return scan_tree(tree, path, namespaces)


def scan_tree(tree: nodes.Template, path: Path, namespaces: set[str] | None = None) -> dict[str, list[SourceLocation]]:
    """The data keys of one parsed template (``path`` is where it was read from)."""
    found: dict[str, set[int]] = defaultdict(set)
    for root, parts, line in _chains(tree):
        if namespaces is not None and root not in namespaces:
            continue
        found[_key(root, parts)].add(line)
    # Keep only the longest keys: 'a.b' is listed only where 'a.b.c' is not on the same line.
    covered = {(key[:i], ln) for key, lines in found.items() for i, ch in enumerate(key) if ch in ".[" for ln in lines}
    result: dict[str, list[SourceLocation]] = {}
    for key, lines in found.items():
        lines = {ln for ln in lines if (key, ln) not in covered}
        if lines:
            result[key] = [SourceLocation(path, ln) for ln in sorted(lines)]
    return result


def scan_references(
    docs: Path, namespaces: set[str] | None = None, extra_dirs: list[Path] | None = None
) -> dict[str, list[SourceLocation]]:
    """Every data key used in ``docs`` (and ``extra_dirs``, e.g. templates/), with its places."""
    files = sorted(Path(docs).rglob("*.md"))
    for extra in extra_dirs or []:
        files += sorted(Path(extra).rglob("*.j2"))
    result: dict[str, list[SourceLocation]] = defaultdict(list)
    for path in files:
        if "_build" in path.parts:
            continue
        for key, places in scan_file(path, namespaces).items():
            result[key].extend(places)
    return dict(result)
