"""Accidents of editing through git and pasting from Word, found before anything is built.

Each one used to build silently into the report or stop with a message that pointed elsewhere:
git's conflict markers (``=======`` turned the line above into a heading), a copy a merge tool
left beside a part (``phan-mot_BACKUP_1234.md`` was read as one more part, and the message said
to add it to the table of contents), a template that includes itself (Python's "maximum
recursion depth", no file), invisible characters pasted from Word or the web, curly quotes
typed by Word inside a ``{% … %}`` tag, a part emptied by a bad merge.

Accepted as they are (tested): a UTF-8 BOM at the start of a file and Windows line ends (CRLF):
Sphinx, Jinja and YAML read them as the same text; an editor's swap or backup file
(``.phan-mot.md.swp``, ``phan-mot.md~``, ``.#phan-mot.md``): the build never reads it.
Left to the readers that already name them well: a Tab-indented or curly-quoted YAML key and an
empty YAML file (the data loader), a file not saved as UTF-8 (:func:`messages.read_utf8`), a file
name with a space (``cli.build``).

Used by the build (``cli.build`` before reading van_ban.yaml, and the data layer's first hook
for a bare sphinx-build), by ``make lint`` and by the commit hook.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.messages import SourceLocation, UserError, UserErrors, read_utf8

#: Where the build reads from, relative to the project root.
FOLDERS = ("docs", "templates", "source_data")
#: Text the build reads in those folders (templates/ holds PNG previews: never read as text).
TEXT_SUFFIXES = {".md", ".j2", ".html", ".rts", ".rtt", ".yaml", ".yml", ".css", ".js", ".po", ".txt", ".svg"}
#: Where prose and data are: an invisible character there reaches the report.
PROSE_SUFFIXES = {".md", ".j2", ".yaml", ".yml"}
SKIP_PARTS = {"__pycache__", "_build", ".git", ".venv", "node_modules"}

_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?$")
_LEFTOVER = re.compile(r"^.+_(BACKUP|BASE|LOCAL|REMOTE)_\d+(\.[^.]+)+$|^.+\.(orig|rej)$")
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TEMPLATE_REF = re.compile(r"\{%-?\s*(?:include|import|from|extends)\s+[\"']([^\"']+)[\"']")
_STRING = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'')
_CURLY = "“”‘’„"
INVISIBLE = {
    "\u200b": "khoảng trắng không độ rộng (U+200B)",
    "\u200c": "ký tự nối vô hình (U+200C)",
    "\u200d": "ký tự nối vô hình (U+200D)",
    "\u2060": "ký tự nối vô hình (U+2060)",
    "\ufeff": "dấu BOM (U+FEFF) giữa văn bản",
    "\u00ad": "dấu gạch nối mềm (U+00AD)",
}

# quick tests of a whole text: most files have none of these
_ANY_MARKER = re.compile(r"^(<{7}|>{7})", re.M)
_ANY_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
_ANY_CURLY = re.compile(f"[{_CURLY}]")


@dataclass(frozen=True)
class Accident:
    path: Path  # relative to the project root
    line: int
    column: int
    code: str  # the lint code: xung-dot-git, tep-thua, tep-trong, ky-tu-an, ngoac-cong, goi-vong
    message: str
    fix: str

    def error(self) -> UserError:
        return UserError(self.message, SourceLocation(self.path, self.line, self.column), self.fix)


def _walk(root: Path) -> list[Path]:
    """Every file under the build's folders, in a stable order (one walk, caches and VCS left out)."""
    files = []
    for folder in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_PARTS)
            # not a dangling link (an editor's lock file ``.#phan-mot.md``): nothing to read there
            files += [path for name in sorted(filenames) if (path := Path(dirpath) / name).is_file()]
    return files


def build_inputs(root: Path, files: list[Path] | None = None) -> list[Path]:
    """Every file the build reads as text: docs/, templates/, source_data/ and conf.py."""
    inputs = [p for p in (_walk(root) if files is None else files) if p.suffix in TEXT_SUFFIXES]
    return inputs + [p for p in (root / "conf.py",) if p.is_file()]


def is_leftover(name: str) -> bool:
    return bool(_LEFTOVER.match(name))


def leftovers(root: Path, files: list[Path] | None = None) -> list[Accident]:
    """The copies a merge tool leaves (``phan-mot_BACKUP_1234.md``, ``phan-mot.md.orig``)."""
    return [leftover(p.relative_to(root)) for p in (_walk(root) if files is None else files) if _LEFTOVER.match(p.name)]


def leftover(rel: Path) -> Accident:
    m = _LEFTOVER.match(rel.name)
    original = (
        re.sub(r"_(BACKUP|BASE|LOCAL|REMOTE)_\d+", "", rel.name) if m.group(1) else rel.name[: -len(m.group(3)) - 1]
    )
    return Accident(
        rel,
        0,
        0,
        "tep-thua",
        f"Tệp '{rel.name}' là bản sao tạm mà công cụ gộp nhánh (git mergetool) để lại cạnh '{original}'"
        + (": bản dựng sẽ đọc nó như một phần nữa của báo cáo." if rel.suffix == ".md" else "."),
        f"Xem lại '{original}' đã đúng sau khi gộp chưa, rồi xoá tệp '{rel}' (để git không giữ bản sao này nữa: "
        "git config --global mergetool.keepBackup false).",
    )


def check_text(text: str, rel: Path) -> list[Accident]:
    """The accidents inside one file's text (``rel``: its path relative to the project root)."""
    text = text.removeprefix("\ufeff")  # a BOM at the start: accepted, as Sphinx and YAML do
    lines = text.splitlines()
    found = _conflicts(lines, rel) if _ANY_MARKER.search(text) else []
    if rel.suffix == ".md" and rel.parts[0] == "docs" and not text.strip():
        found.append(
            Accident(
                rel,
                1,
                0,
                "tep-trong",
                "Tệp trống: phần này của báo cáo không còn chữ nào (thường do gộp nhánh hoặc chép đè nhầm).",
                f"Lấy lại nội dung: 'git log -p -- {rel.as_posix()}' cho biết lần sửa cuối còn chữ, "
                f"'git checkout <mã commit> -- {rel.as_posix()}' lấy lại tệp; nếu phần này bỏ hẳn thì xoá tệp "
                "và dòng của nó trong mục lục ({toctree}).",
            )
        )
    if rel.suffix in PROSE_SUFFIXES and _ANY_INVISIBLE.search(text):
        found += _invisible(lines, rel)
    if rel.suffix in (".md", ".j2") and _ANY_CURLY.search(text):
        found += _curly_quotes_in_tags(text, rel)
    return found


def _conflicts(lines: list[str], rel: Path) -> list[Accident]:
    marks = [(n, m.group(1)[0]) for n, line in enumerate(lines, 1) if (m := _MARKER.match(line))]
    if not any(kind in "<>" for _, kind in marks):
        return []  # "=======" alone is a heading's underline
    found, start = [], None
    for n, kind in marks:
        if kind == "<":
            start = n
        elif kind == ">":  # "=======" and "|||||||" lie inside the block
            first = start or n
            found.append(
                Accident(
                    rel,
                    first,
                    0,
                    "xung-dot-git",
                    f"Lần gộp nhánh (git merge) chưa xong: dòng {first}–{n} còn dấu xung đột của git "
                    "(<<<<<<<, =======, >>>>>>>), hai phiên bản của đoạn này đang nằm cạnh nhau.",
                    "Giữ lại phiên bản đúng (phần giữa <<<<<<< và ======= là bản của nhánh đang đứng, phần giữa "
                    "======= và >>>>>>> là bản gộp vào) hoặc ghép hai bản, xoá các dòng đánh dấu, rồi "
                    f"'git add {rel.as_posix()}' và 'git commit' để kết thúc lần gộp.",
                )
            )
            start = None
    if start is not None:  # an opening marker without its end
        found.append(
            Accident(
                rel,
                start,
                0,
                "xung-dot-git",
                f"Lần gộp nhánh (git merge) chưa xong: dòng {start} còn dấu xung đột <<<<<<< của git.",
                f"Giữ lại phiên bản đúng, xoá các dòng đánh dấu, rồi 'git add {rel.as_posix()}' và 'git commit'.",
            )
        )
    return found


def _invisible(lines: list[str], rel: Path) -> list[Accident]:
    return [
        Accident(
            rel,
            n,
            col,
            "ky-tu-an",
            f"Có {INVISIBLE[ch]}: ký tự không nhìn thấy, lẫn vào khi chép từ Word hoặc trang web; nó đi vào "
            "bản in và làm hỏng việc tìm kiếm (hoặc tên số liệu).",
            "Chạy 'make lint-sua' để xoá các ký tự này, hoặc xoá tay ký tự ở vị trí trên.",
        )
        for n, line in enumerate(lines, 1)
        for col, ch in enumerate(line, 1)
        if ch in INVISIBLE
    ]


def _curly_quotes_in_tags(text: str, rel: Path) -> list[Accident]:
    found = []
    for m in _JINJA_TAG.finditer(_JINJA_COMMENT.sub(lambda c: " " * len(c.group(0)), text)):
        tag = _STRING.sub(lambda q: " " * len(q.group(0)), m.group(0))  # “ ” inside "…" is text
        for i, ch in enumerate(tag):
            if ch in _CURLY:
                at = m.start() + i
                line = text.count("\n", 0, at) + 1
                found.append(
                    Accident(
                        rel,
                        line,
                        at - (text.rfind("\n", 0, at) + 1) + 1,
                        "ngoac-cong",
                        f"Dấu ngoặc kép cong {ch} trong {m.group(0)[:2]} … {m.group(0)[-2:]} (Word tự đổi khi gõ "
                        "hoặc chép): Jinja chỉ hiểu dấu ngoặc thẳng \" hoặc '.",
                        'Thay các dấu “ ” trong thẻ này bằng dấu " thẳng, ví dụ {% include "snippets/ket_van_ban.md.j2" %}.',
                    )
                )
                break  # one per tag
    return found


def template_cycles(
    root: Path, template_dirs: Iterable[str] = ("templates",), texts: dict[Path, str] | None = None
) -> list[Accident]:
    """Templates that include or import themselves, directly or through others: Jinja went on
    until Python's recursion limit, and the build said "maximum recursion depth", naming no file.
    ``texts``: the files already read (path -> text), else they are read here."""
    search = [root / d for d in template_dirs] + [root / "docs"]
    edges: dict[Path, list[tuple[Path, int]]] = {}
    files = [p for p in (texts or build_inputs(root)) if p.suffix in (".md", ".j2", ".html") and p.name != "conf.py"]
    for path in files:
        try:
            raw = texts[path] if texts is not None else read_utf8(path)
        except UserError:
            continue  # reported by check_file
        if "{%" not in raw:
            continue
        text = _JINJA_COMMENT.sub(lambda c: "\n" * c.group(0).count("\n"), raw)
        for m in _TEMPLATE_REF.finditer(text):
            target = next((d / m.group(1) for d in search if (d / m.group(1)).is_file()), None)
            if target is not None:
                edges.setdefault(path, []).append((target.resolve(), text.count("\n", 0, m.start()) + 1))
    edges = {k.resolve(): v for k, v in edges.items()}
    found, reported = [], set()
    for start in sorted(edges):
        chain = _cycle_from(start, edges)
        if chain and frozenset(p for p, _ in chain) not in reported:
            reported.add(frozenset(p for p, _ in chain))
            names = " → ".join(f"{_rel(p, root)}:{line}" for p, line in chain) + f" → {_rel(chain[0][0], root)}"
            first, line = chain[0]
            found.append(
                Accident(
                    Path(_rel(first, root)),
                    line,
                    0,
                    "goi-vong",
                    f"Mẫu văn bản tự gọi lại chính nó (include/import vòng tròn): {names}. Bản dựng sẽ lặp mãi.",
                    "Bỏ lệnh {% include %}/{% import %} gây vòng ở một trong các dòng trên (một mẫu không được "
                    "gọi lại chính nó, trực tiếp hay qua mẫu khác).",
                )
            )
    return found


def _cycle_from(start: Path, edges: dict[Path, list[tuple[Path, int]]]) -> list[tuple[Path, int]] | None:
    """A cycle through ``start``: each file with the line of its include of the next one."""
    stack = [(start, [])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for target, line in edges.get(node, []):
            step = path + [(node, line)]
            if target == start:
                return step
            if target not in seen:
                seen.add(target)
                stack.append((target, step))
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat() if path.exists() else None
    return (st.st_mtime_ns, st.st_size) if st else (0, 0)


def check_file(path: Path, root: Path) -> list[Accident]:
    rel = path.resolve().relative_to(root.resolve()) if path.is_absolute() else path
    if _LEFTOVER.match(path.name):
        return [leftover(rel)]
    return check_text(read_utf8(root / rel), rel)


def check_tree(root: Path, template_dirs: Iterable[str] = ("templates",)) -> list[Accident]:
    """Every accident in the files the build reads. A file not in UTF-8 raises read_utf8's error."""
    root = Path(root)
    files = _walk(root)
    found = leftovers(root, files)
    texts = {path: read_utf8(path) for path in build_inputs(root, files) if not _LEFTOVER.match(path.name)}
    for path, text in texts.items():
        found += check_text(text, path.relative_to(root))
    return found + template_cycles(root, template_dirs, texts)


#: the last tree found clean, by its files' sizes and times: the build command and the data layer
#: both ask, in one process, and a long-running preview asks again only after a save
_CLEAN: set[tuple] = set()


def refuse_accidents(root: Path, template_dirs: Iterable[str] = ("templates",)) -> None:
    """Stop before anything is built, with every accident found (file:line and the fix)."""
    root = Path(root).resolve()
    files = _walk(root) + [root / "conf.py"]
    try:
        stamp = (root, tuple(template_dirs), tuple((str(p), *_stat(p)) for p in files))
    except OSError:
        stamp = None
    if stamp is not None and stamp in _CLEAN:
        return
    errors = [a.error() for a in check_tree(root, template_dirs)]
    if not errors and stamp is not None:
        _CLEAN.clear()
        _CLEAN.add(stamp)
    if errors:
        raise UserErrors(errors) if len(errors) > 1 else errors[0]
