"""The Finding record every lint family produces, and its one-line rendering."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # relative to the project root, forward slashes
    line: int  # 1-based
    column: int  # 1-based, in characters (not bytes)
    code: str  # short Vietnamese slug, e.g. "chinh-ta"
    message: str = field(compare=False)  # what is wrong (Vietnamese)
    fix: str = field(compare=False)  # how to fix it (Vietnamese)
    excerpt: str = field(default="", compare=False)  # the offending text, used by the baseline
    context: str = field(default="", compare=False)  # a little text around it, used by the baseline

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: [{self.code}] {self.message} — {self.fix}"


def q(text: str) -> str:
    """Quote a piece of the user's text for a message, Vietnamese style."""
    return f"“{text}”"
