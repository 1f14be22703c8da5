"""The project's lint lists in source_data/lint/ and the Vietnamese dictionary."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LINT_DATA = Path("source_data/lint")
HUNSPELL_DIRS = [Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell")]


class LintSetupError(Exception):
    """A lint list or the dictionary cannot be used; the message is Vietnamese."""


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# New-style tone placement (hóa, thủy) -> old style (hoá, thuỷ), which is what
# hunspell-vi lists. Both styles are correct Vietnamese; the dictionary has one.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _move_tone(syllable: str, new_to_old: bool) -> str:
    d = unicodedata.normalize("NFD", syllable)
    if new_to_old:
        rx = rf"(.*?)([oO])([{_TONES}])([aAeE])|(.*?)([uU])([{_TONES}])([yY])"
    else:
        rx = rf"(.*?)([oO])([aAeE])([{_TONES}])|(.*?)([uU])([yY])([{_TONES}])"
    m = re.fullmatch(rx, d)
    if not m:
        return syllable
    g = m.groups()[:4] if m.group(1) is not None else m.groups()[4:]
    if re.search(r"[qQ]$", g[0]):
        return syllable
    return nfc(g[0] + g[1] + g[3] + g[2])


def old_style_tone(syllable: str) -> str:
    """hóa -> hoá, thủy -> thuỷ (the style hunspell-vi lists)."""
    return _move_tone(syllable, True)


def new_style_tone(syllable: str) -> str:
    """hoá -> hóa, thuỷ -> thủy."""
    return _move_tone(syllable, False)


@dataclass
class Vocab:
    root: Path
    words: set[str] = field(default_factory=set)  # project words, exact case
    words_lower: set[str] = field(default_factory=set)  # project words, any case
    allow: list[tuple[re.Pattern, str]] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    range_dash: str = " - "
    tone_style: str = "moi"  # "moi": hóa, thủy ; "cu": hoá, thuỷ ; "" : no check
    proper_names: list[tuple[str, list[str], str]] = field(default_factory=list)  # (name, not after, why)

    @property
    def dir(self) -> Path:
        return self.root / LINT_DATA


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise LintSetupError(
            f"{where}: tệp danh sách của lint sai cú pháp YAML ({getattr(exc, 'problem', exc)}) — sửa dòng này"
        ) from exc


def load_vocab(root: Path) -> Vocab:
    v = Vocab(root=root)
    wl = v.dir / "tu_rieng.txt"
    if wl.exists():
        for line in wl.read_text(encoding="utf-8").splitlines():
            w = nfc(line.split("#", 1)[0].strip())
            if w:
                v.words.add(w)
                v.words_lower.add(w.lower())
    allow = _read_yaml(v.dir / "so_lieu_cho_phep.yaml")
    for i, item in enumerate(allow.get("mau", []) or [], start=1):
        try:
            v.allow.append((re.compile(nfc(item["regex"])), item.get("ten", f"mẫu {i}")))
        except (KeyError, TypeError, re.error) as exc:
            raise LintSetupError(
                f"{v.dir / 'so_lieu_cho_phep.yaml'}: mẫu thứ {i} không dùng được ({exc}) — mỗi mẫu cần `ten` và `regex` hợp lệ"
            ) from exc
    terms = _read_yaml(v.dir / "thuat_ngu.yaml")
    v.terms = [t for t in (terms.get("cum_tu") or []) if isinstance(t, dict) and t.get("dung")]
    v.range_dash = terms.get("gach_khoang", v.range_dash)
    v.tone_style = str(terms.get("kieu_dau_thanh", v.tone_style) or "")
    for item in terms.get("ten_rieng") or []:
        if isinstance(item, dict) and item.get("ten"):
            v.proper_names.append(
                (
                    nfc(str(item["ten"])),
                    [nfc(str(w)) for w in item.get("tru_khi_sau") or []],
                    str(item.get("ly_do") or ""),
                )
            )
        elif isinstance(item, str):
            v.proper_names.append((nfc(item), [], ""))
    return v


def find_dictionary() -> Path | None:
    for d in HUNSPELL_DIRS:
        if (d / "vi_VN.dic").exists() and (d / "vi_VN.aff").exists():
            return d / "vi_VN"
    return None


@functools.lru_cache(maxsize=1)
def hunspell_vi():
    """The hunspell-vi dictionary through spylls (pure-Python hunspell)."""
    base = find_dictionary()
    if base is None:
        raise LintSetupError(
            "không tìm thấy từ điển tiếng Việt hunspell (/usr/share/hunspell/vi_VN.dic) — "
            "cài gói Debian: apt-get install hunspell-vi"
        )
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(base))


class Speller:
    """Is a token a Vietnamese syllable or a project word? Cached per token."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.dic = hunspell_vi()
        self._cache: dict[str, bool] = {}

    def syllable(self, token: str) -> bool:
        hit = self._cache.get(token)
        if hit is None:
            hit = bool(self.dic.lookup(token)) or bool(self.dic.lookup(old_style_tone(token)))
            if not hit and token.isupper() and len(token) > 1:
                t = token.lower()
                hit = bool(self.dic.lookup(t)) or bool(self.dic.lookup(old_style_tone(t)))
            self._cache[token] = hit
        return hit

    def known(self, token: str) -> bool:
        return token in self.vocab.words or token.lower() in self.vocab.words_lower or self.syllable(token)

    def suggest(self, token: str, limit: int = 3) -> list[str]:
        out = []
        for s in self.dic.suggest(token):
            if s not in out and "-" not in s:
                out.append(s)
            if len(out) >= limit:
                break
        return out
