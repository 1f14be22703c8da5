"""The text, templates and data of one draft, read straight from a git commit (or the work tree):
everything needed to render that draft with its own macros and numbers (:mod:`.prose`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts.core.document import DocumentInfo, parse_document_info
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import git, show_file
from build_scripts.core.drafts.register import REGISTER

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What counts as the prose of the report: the markdown and the shared snippets.
TEXT_DIRS = ("docs", "templates/snippets")
TEXT_SUFFIXES = (".md", ".md.j2")
# The Jinja templates a document may include or import (macros, snippets); not the site's or
# the writers' own templates.
TEMPLATE_DIR = "templates"
TEMPLATE_SUFFIXES = (".j2", ".md")
NOT_TEMPLATES = ("templates/html/", "templates/rinoh/", "templates/docx/", "templates/locale/")
DATA_DIR = "source_data"
# Files in source_data that are not the report's numbers.
NOT_DATA = {REGISTER.as_posix()}


@dataclass
class Snapshot:
    label: str  # "Dự thảo lần 4" / "Bản đang soạn"
    ref: str  # commit hash or "" for the work tree
    identity: DocumentInfo | None
    texts: dict[str, str] = field(default_factory=dict)  # repo path -> text
    data: dict[str, object] = field(default_factory=dict)  # namespace -> parsed YAML
    data_texts: dict[str, str] = field(default_factory=dict)  # repo path -> YAML text
    templates: dict[str, str] = field(default_factory=dict)  # path under templates/ -> text


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def prose(text: str) -> str:
    """The text as the reader will see it, for comparing: NFC, Jinja comments
    (notes for the editors, never printed) blanked, line numbers kept."""
    text = unicodedata.normalize("NFC", text)
    return _JINJA_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _is_text(path: str) -> bool:
    return any(path.startswith(d + "/") for d in TEXT_DIRS) and path.endswith(TEXT_SUFFIXES)


def _is_template(path: str) -> bool:
    return (
        path.startswith(TEMPLATE_DIR + "/") and path.endswith(TEMPLATE_SUFFIXES) and not path.startswith(NOT_TEMPLATES)
    )


def _is_data(path: str) -> bool:
    return (
        path.startswith(DATA_DIR + "/")
        and path.count("/") == 1
        and path.endswith((".yaml", ".yml"))
        and path not in NOT_DATA
    )


def _load_yaml(text: str, where: str) -> object:
    try:
        return yaml.load(unicodedata.normalize("NFC", text), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DraftError(f"{where}: YAML không đọc được: {exc}") from exc


def read_commit(repo: Path, commit: str, label: str) -> Snapshot:
    names = git(repo, "ls-tree", "-r", "--name-only", commit, "--", *TEXT_DIRS, TEMPLATE_DIR, DATA_DIR).splitlines()
    snap = Snapshot(label=label, ref=commit, identity=None)
    for name in names:
        if _is_text(name) or _is_data(name) or _is_template(name):
            text = show_file(repo, commit, name)
            if text is None:
                continue
            if _is_template(name):
                snap.templates[name[len(TEMPLATE_DIR) + 1 :]] = unicodedata.normalize("NFC", text)
            if _is_text(name):
                snap.texts[name] = prose(text)
            elif _is_data(name):
                ns = Path(name).name.rsplit(".", 1)[0]
                snap.data_texts[name] = text
                snap.data[ns] = _load_yaml(text, f"{name} (commit {commit[:12]})")
                if ns == "van_ban":
                    snap.identity = parse_document_info(text, Path(name))
    return snap


def read_worktree(root: Path, label: str = "Bản đang soạn") -> Snapshot:
    snap = Snapshot(label=label, ref="", identity=None)
    for d in TEXT_DIRS:
        for p in sorted((root / d).rglob("*")) if (root / d).is_dir() else []:
            rel = p.relative_to(root).as_posix()
            if p.is_file() and _is_text(rel):
                snap.texts[rel] = prose(p.read_text(encoding="utf-8"))
    for p in sorted((root / TEMPLATE_DIR).rglob("*")) if (root / TEMPLATE_DIR).is_dir() else []:
        rel = p.relative_to(root).as_posix()
        if p.is_file() and _is_template(rel):
            snap.templates[rel[len(TEMPLATE_DIR) + 1 :]] = unicodedata.normalize("NFC", p.read_text(encoding="utf-8"))
    for p in sorted((root / DATA_DIR).glob("*.y*ml")):
        rel = p.relative_to(root).as_posix()
        if _is_data(rel):
            text = p.read_text(encoding="utf-8")
            snap.data_texts[rel] = text
            snap.data[p.name.rsplit(".", 1)[0]] = _load_yaml(text, rel)
            if p.name.startswith("van_ban."):
                snap.identity = parse_document_info(text, Path(rel))
    if snap.identity is not None and label == "Bản đang soạn":
        snap.label = f"Bản đang soạn (dự thảo lần {snap.identity.draft_number})"
    return snap
