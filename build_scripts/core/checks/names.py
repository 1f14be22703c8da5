"""Names and terms: a proper name after a given word must be a known one.

A ``ten_goi`` rule::

    - ma: ten_xa
      mo_ta: Sau chữ «xã» chỉ có tên xã mới hoặc tên 4 xã cũ
      ten_goi:
        mau: xã                     # the word before the name
        hop_le: [van_ban.dia_danh, Chi Lăng Bắc, Chi Lăng Nam, Thanh Giang, Hồng Phong]

``hop_le`` entries are data keys (a string or a list of strings in source_data) or the
names themselves. Every "<mau> <Name>" in docs/*.md whose name is not in the list is
reported with file:line; a two-part name written in the other order ("B - A" for
"A - B") is reported as such.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from build_scripts.core.checks.results import RuleEvalError, RuleResult
from build_scripts.core.checks.rules import Location, Rule

_WORD = re.compile(r"[^\W\d_][\w]*", re.UNICODE)
_SEPARATOR = re.compile(r"[ \t]*-[ \t]*|[ \t]+")  # between the words of a name


def _is_name_word(w: str) -> bool:
    # "Chi", "Lăng", "Đảo"; not an acronym like "NTM", "THCS"
    return w[:1].isupper() and (len(w) == 1 or not w.isupper())


# a Roman numeral or a list of them; Arabic numbers are caught too (the text should use Roman)
_ROMAN = re.compile(r"(?:[IVXLC]+|\d+)(?:\s*,\s*(?:[IVXLC]+|\d+))*(?!\w)")


def _word_matches(text: str, words: list[str]):
    """The places of any of ``words`` (case-insensitive, as whole words) followed by white space.

    The text is searched in lower case for the words themselves, and the word boundary before
    a match is checked afterwards: a case-insensitive pattern that starts with a boundary test
    is tried at every character, some twenty times slower on the report.
    """
    words = [unicodedata.normalize("NFC", w) for w in words]
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: the slow way
        yield from re.finditer(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")\s+", text, re.IGNORECASE)
        return
    pattern = re.compile("(?:" + "|".join(re.escape(w.lower()) for w in words) + r")\s+")
    pos = 0
    while (m := pattern.search(lowered, pos)) is not None:
        before = lowered[m.start() - 1] if m.start() else ""
        if before.isalnum() or before == "_":  # inside a word: look again one character on
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


def find_names(
    text: str, mau: str | list[str], allowed: set[str] | None = None, roman: bool = False
) -> list[tuple[str, int]]:
    """All (name, offset) following the word ``mau`` (case-insensitive) in ``text``.

    With ``roman`` the "name" is a Roman numeral or a list of them ("khóa XI, XII").
    """
    out = []
    for m in _word_matches(text, [mau] if isinstance(mau, str) else list(mau)):
        if roman:
            r = _ROMAN.match(text, m.end())
            if r:
                out.append((r.group(0), m.start()))
            continue
        pos = m.end()
        literal = (
            next(
                (a for a in allowed if text.startswith(a, pos) and not text[pos + len(a) : pos + len(a) + 1].isalnum()),
                None,
            )
            if allowed
            else None
        )
        if literal:  # a known name that goes on in lower case: "Đoàn Thanh niên"
            continue
        words: list[str] = []
        while True:
            w = _WORD.match(text, pos)
            if not w or not _is_name_word(w.group(0)):
                break
            words.append(w.group(0))
            pos = w.end()
            sep = _SEPARATOR.match(text, pos)
            if not sep:
                break
            nxt = _WORD.match(text, sep.end())
            if not nxt or not _is_name_word(nxt.group(0)):
                break
            words.append(" - " if "-" in sep.group(0) else " ")
            pos = sep.end()
        if words:
            out.append(("".join(words), m.start()))
    return out


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def allowed_names(rule: Rule, dataset: Any) -> set[str]:
    names: set[str] = set()
    for entry in rule.ten_goi.get("hop_le", []):
        entry = str(entry)
        value = None
        if "." in entry and " " not in entry:
            try:
                value = dataset.get(entry)
            except KeyError:
                raise RuleEvalError(f"hop_le ghi «{entry}» nhưng source_data không có khoá này") from None
        if value is None:
            names.add(entry)
        elif isinstance(value, str):
            names.add(value)
        elif isinstance(value, (list, tuple)):
            names.update(str(v) for v in value)
        elif isinstance(value, dict):
            names.update(str(v) for v in value.values() if isinstance(v, str))
    return {unicodedata.normalize("NFC", " ".join(n.split())) for n in names}


def check_names(rule: Rule, dataset: Any, texts: list[tuple[Path, str]] | None):

    if not texts:
        return RuleResult(rule, "chua_kiem_tra", "chưa kiểm tra được: chưa có văn bản (docs/*.md)")
    try:
        allowed = allowed_names(rule, dataset)
    except RuleEvalError as e:
        return RuleResult(rule, "loi", f"{rule.location}: quy tắc «{rule.ma}» sai: {e}")
    mau = rule.ten_goi["mau"]
    roman = bool(rule.ten_goi.get("so_la_ma"))
    bad: list[tuple[str, Location, str]] = []
    for path, text in texts:
        text = unicodedata.normalize("NFC", text)
        for name, off in find_names(text, mau, allowed, roman):
            if roman and all(part.strip() in allowed for part in name.split(",")):
                continue
            if not roman and (name in allowed or any(name.startswith(a + " ") for a in allowed)):
                continue  # "Chi Lăng Nam Xanh": a longer phrase that starts with a known name
            parts = name.split(" - ")
            why = "không phải tên đã biết"
            if roman and any(ch.isdigit() for ch in name):
                why = "số khoá viết bằng chữ số Ả Rập; văn bản Đảng viết số La Mã (ví dụ XV)"
            if len(parts) == 2 and f"{parts[1]} - {parts[0]}" in allowed:
                why = f"viết ngược thứ tự, tên đã biết là «{parts[1]} - {parts[0]}»"
            said = text[off:].split(name, 1)[0].strip()  # the word before the name, as written
            bad.append((f"{said} {name}", Location(path, _line_of(text, off)), why))
    if not bad:
        msg = f"mọi tên sau «{mau if isinstance(mau, str) else ' / '.join(mau)}» đều đã biết ({', '.join(sorted(allowed))})"
        status = "het_sai_lech" if rule.known else "dat"
        if rule.known:
            msg += (
                f" — quy tắc được ghi là sai lệch đã biết nhưng nay đã khớp: xoá mục sai_lech_da_biet ở {rule.location}"
            )
        return RuleResult(rule, status, msg)
    counts: dict[tuple, int] = {}
    for item in bad:  # the same name twice on a line is said once, with how many times
        counts[item] = counts.get(item, 0) + 1
    msg = "; ".join(f"«{n}» ở {loc}{f' ({c} lần)' if c > 1 else ''}: {why}" for (n, loc, why), c in counts.items())
    return RuleResult(rule, "da_biet" if rule.known else "sai", msg, occurrences=[(n, loc) for n, loc, _ in bad])
