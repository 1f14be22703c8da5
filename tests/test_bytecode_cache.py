"""build.cache_bytecode: compiled bytecode is kept where PYTHONDONTWRITEBYTECODE is set, at
the cost of a few stat calls when it is already current."""
import importlib
import os
import py_compile
import sys

import pytest

from build_scripts import build


@pytest.fixture
def package(tmp_path, monkeypatch):
    """An imported package 'goi_thu' with one module whose bytecode is compiled and current."""
    root = tmp_path / "goi_thu"
    root.mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    module = root / "mo_dun.py"
    module.write_text("X = 1\n", encoding="utf-8")
    for source in (root / "__init__.py", module):
        py_compile.compile(str(source), cfile=importlib.util.cache_from_source(str(source)))
    # (not syspath_prepend: it invalidates every finder's cache, which a finder another test
    # leaves on sys.meta_path may not support)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    importlib.import_module("goi_thu.mo_dun")
    yield module
    for name in ("goi_thu.mo_dun", "goi_thu"):
        sys.modules.pop(name, None)


def test_current_bytecode_is_not_stale(package):
    assert build.stale_modules("goi_thu") == []


def test_source_newer_than_its_bytecode_is_stale(package):
    cached = importlib.util.cache_from_source(str(package))
    later = os.stat(cached).st_mtime_ns + 5_000_000_000
    os.utime(package, ns=(later, later))  # edited after it was compiled
    assert build.stale_modules("goi_thu") == ["goi_thu.mo_dun"]


def test_missing_bytecode_is_stale(package):
    os.remove(importlib.util.cache_from_source(str(package)))
    assert build.stale_modules("goi_thu") == ["goi_thu.mo_dun"]


def test_other_packages_are_not_looked_at(package):
    os.remove(importlib.util.cache_from_source(str(package)))
    assert build.stale_modules("goi_thu_khac") == []


def test_compiles_only_when_something_is_stale(monkeypatch):
    import compileall

    calls = []
    monkeypatch.setattr(compileall, "compile_dir", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(build, "stale_modules", lambda: [])
    build.cache_bytecode()
    assert calls == []
    monkeypatch.setattr(build, "stale_modules", lambda: ["build_scripts.vi_format"])
    build.cache_bytecode()
    assert len(calls) == 1
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # Python keeps it by itself
    build.cache_bytecode()
    assert len(calls) == 1
