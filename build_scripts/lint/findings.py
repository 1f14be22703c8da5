"""The Finding record every lint family produces, and its one-line rendering; the TextProblem of
the checks the build runs too (footnotes, fences, placeholders)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    path: str            # relative to the project root, forward slashes
    line: int            # 1-based
    column: int          # 1-based, in characters (not bytes)
    code: str            # short Vietnamese slug, e.g. "chinh-ta"
    message: str = field(compare=False)   # what is wrong (Vietnamese)
    fix: str = field(compare=False)       # how to fix it (Vietnamese)
    excerpt: str = field(default="", compare=False)  # the offending text, used by the baseline
    context: str = field(default="", compare=False)  # a little text around it, used by the baseline

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: [{self.code}] {self.message} — {self.fix}"


@dataclass(frozen=True)
class TextProblem:
    """A problem in a document's text, found before it has a path: the build stops on it (with
    the file's path), lint reports it as a :class:`Finding`."""
    line: int
    column: int
    message: str
    fix: str
    excerpt: str = ""   # the text at fault (a footnote label, a placeholder as written)

    def finding(self, path: str, code: str) -> Finding:
        return Finding(path, self.line, self.column, code, self.message, self.fix, self.excerpt)


def q(text: str) -> str:
    """Quote a piece of the user's text for a message, Vietnamese style."""
    return f"“{text}”"
