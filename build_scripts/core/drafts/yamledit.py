"""Read the drafts' YAML files with their node positions; change one scalar in place.

PyYAML's node marks give the exact text span of the scalar, so only those
characters change. Used by ``make release`` on ``source_data/van_ban.yaml``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from build_scripts.core.drafts.errors import DraftError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where installed


def parse_with_nodes(text: str, path: Path) -> tuple[yaml.Node | None, object]:
    """The node tree (for line numbers) and the data of a YAML text, NFC-normalised."""
    text = unicodedata.normalize("NFC", text)
    loader = _LOADER(text)  # parsed once: the data is built from the same nodes
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.YAMLError as exc:
        raise DraftError(f"{path}: YAML không đọc được: {exc}") from exc
    finally:
        loader.dispose()


def _mapping_child(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def set_scalar(path: Path, keys: list[str], text: str) -> None:
    """Set ``a.b.c`` (``keys``) in ``path`` to the YAML scalar ``text``.

    The parent mapping must exist; a missing last key is added under it with
    the indentation of its siblings.
    """
    source = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(source)
    except yaml.YAMLError as exc:
        raise DraftError(f"{path}: YAML không đọc được: {exc}") from exc
    node = root
    where = str(path)
    for key in keys[:-1]:
        found = _mapping_child(node, key)
        if found is None:
            raise DraftError(f"{where}: thiếu khóa '{key}'. Thêm khóa '{'.'.join(keys[:-1])}' vào {path}.")
        node = found[1]
        where = f"{path}:{found[0].start_mark.line + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise DraftError(f"{where}: '{'.'.join(keys[:-1])}' phải là một nhóm khóa (mapping).")
    last = keys[-1]
    found = _mapping_child(node, last)
    if found is not None:
        value = found[1]
        if not isinstance(value, yaml.ScalarNode):
            raise DraftError(f"{path}:{value.start_mark.line + 1}: '{'.'.join(keys)}' phải là một giá trị đơn.")
        start, end = value.start_mark.index, value.end_mark.index
        if start == end:  # empty value ("key:" with nothing after it)
            text = " " + text if source[start - 1 : start] == ":" else text
        new = source[:start] + text + source[end:]
    else:
        if not node.value:
            raise DraftError(f"{where}: nhóm '{'.'.join(keys[:-1])}' đang rỗng.")
        first_key = node.value[0][0]
        indent = " " * first_key.start_mark.column
        # insert after the last line of the mapping's last value
        last_value = node.value[-1][1]
        end_mark = last_value.end_mark
        lines = source.splitlines(keepends=True)
        # end_mark points just past the value; if at column 0 the value ended on the previous line
        insert_at = end_mark.line if end_mark.column == 0 else end_mark.line + 1
        lines.insert(insert_at, f"{indent}{last}: {text}\n")
        new = "".join(lines)
    # validate before writing
    try:
        yaml.safe_load(new)
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise DraftError(f"{path}: không sửa được khóa {'.'.join(keys)}: {exc}") from exc
    path.write_text(new, encoding="utf-8")
