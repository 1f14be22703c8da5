"""Order the source files as the reader meets them: depth-first through the
toctrees from docs/index.md; files no toctree reaches come after, by name."""

from __future__ import annotations

import posixpath
import re

_TOCTREE = re.compile(r"^(```+|:::+)\{toctree\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)


def _entries(block: str) -> list[str]:
    out = []
    for line in block.splitlines():
        line = line.strip()
        if not line or line.startswith(":"):
            continue
        m = re.match(r"^(?:.*<(.+)>|(.+))$", line)  # "Title <target>" or "target"
        out.append((m.group(1) or m.group(2)).strip())
    return out


def document_order(texts: dict[str, str], root: str = "docs/index.md") -> list[str]:
    seen: list[str] = []

    def visit(path: str) -> None:
        if path in seen or path not in texts:
            return
        seen.append(path)
        base = posixpath.dirname(path)
        for m in _TOCTREE.finditer(texts[path]):
            for target in _entries(m.group(2)):
                if target.startswith("/"):
                    cand = "docs" + target
                else:
                    cand = posixpath.normpath(posixpath.join(base, target))
                for c in (cand, cand + ".md", cand + "/index.md"):
                    if c in texts:
                        visit(c)
                        break

    visit(root)
    rest = sorted(p for p in texts if p not in seen)
    docs_rest = [p for p in rest if p.startswith("docs/")]
    return seen + docs_rest + [p for p in rest if not p.startswith("docs/")]
