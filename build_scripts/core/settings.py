"""The project's own settings (``bao_cao_*`` in conf.py): declared, defaulted and checked in one place.

Sphinx registers them (:mod:`build_scripts.sphinx_ext.register_settings`); every extension and the PDF
typesetter read them as one typed object, :func:`report_settings`, checked once per build.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from weakref import WeakKeyDictionary

from build_scripts.core.messages import SourceLocation, UserError

PREFIX = "bao_cao_"


@dataclass(frozen=True)
class ReportSettings:
    #: the numbers, relative to conf.py
    data_dir: str = "source_data"
    #: where Jinja finds macros and snippets, relative to conf.py
    template_dirs: tuple[str, ...] = ("templates",)
    #: the official document (`make final`): a missing value or a note left is an error, no watermark
    final: bool = False
    #: the readers' edition of a draft: no committee note at all (`build --ban-doc`)
    readers_edition: bool = False
    #: rinohtype's template configuration, relative to conf.py
    pdf_template: str = "templates/rinoh/bao_cao.rtt"
    #: the watermark of a draft, in its PDF and its Word file
    watermark: str = "DỰ THẢO"
    #: our fix of rinohtype 0.5.6's footnote placement (the tests turn it off to show the bug)
    rinoh_footnote_fix: bool = True

    @classmethod
    def declared(cls) -> list[tuple[str, object, type]]:
        """``(conf.py name, default, type)`` of each setting, for Sphinx to register."""
        out = []
        for f in fields(cls):
            default = f.default
            kind = type(default)
            out.append((PREFIX + f.name, list(default) if kind is tuple else default, list if kind is tuple else kind))
        return out


_CHECKED: WeakKeyDictionary = WeakKeyDictionary()


def report_settings(config) -> ReportSettings:
    """The settings of ``config`` (Sphinx's, or any object with the ``bao_cao_*`` attributes), checked
    once; a value of the wrong kind is a UserError naming conf.py."""
    settings = _CHECKED.get(config)
    if settings is None:
        values = {}
        for f in fields(ReportSettings):
            value = getattr(config, PREFIX + f.name, f.default)
            values[f.name] = _checked(f.name, value, f.default)
        settings = ReportSettings(**values)
        _CHECKED[config] = settings
    return settings


def _checked(name: str, value, default):
    where = SourceLocation(Path("conf.py"))
    if isinstance(default, tuple):
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise UserError(
            f"Thiết lập {PREFIX}{name} phải là một danh sách tên thư mục, đang là {value!r}.",
            where,
            f'Ví dụ: {PREFIX}{name} = ["templates"].',
        )
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise UserError(
            f"Thiết lập {PREFIX}{name} phải là True hoặc False, đang là {value!r}.",
            where,
            f"Viết {PREFIX}{name} = True (hoặc False), không có dấu nháy.",
        )
    if isinstance(value, str) and value.strip():
        return value
    raise UserError(
        f"Thiết lập {PREFIX}{name} phải là một chuỗi chữ, đang là {value!r}.",
        where,
        f'Ví dụ: {PREFIX}{name} = "{default}".',
    )
