"""The problems of the text checks the build runs too (footnotes, fences, one-brace placeholders).

Found before the document has a path: the build stops on them with the file's path, lint turns
them into findings (:func:`build_scripts.core.lint.runner.lint_files`). Kept apart from
:mod:`.findings` so that a build does not load lint's records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextProblem:
    line: int
    column: int
    message: str
    fix: str
    excerpt: str = ""  # the text at fault (a footnote label, a placeholder as written)
