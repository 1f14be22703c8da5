"""build.cache_bytecode: compiled bytecode is kept where PYTHONDONTWRITEBYTECODE is set."""

import os
import sys

from build_scripts.cli import build


def _package(tmp_path):
    package = tmp_path / "goi"
    (package / "con").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "con" / "mo_dun.py").write_text("X = 1\n")
    return package


def test_compiles_only_where_python_does_not_keep_bytecode_itself(monkeypatch, tmp_path):
    package = _package(tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # Python keeps it by itself
    build.cache_bytecode(package)
    assert not list(package.rglob("*.pyc"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    build.cache_bytecode(package)
    assert len(list(package.rglob("*.pyc"))) == 2


def test_compiles_again_only_after_a_module_changed(monkeypatch, tmp_path):
    """Each build used to run compileall over every module (5 ms); now only a newer module
    than the last compile makes it run."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    package = _package(tmp_path)
    build.cache_bytecode(package)
    cached = package / "con" / "__pycache__"
    assert [p.suffix for p in cached.iterdir()] == [".pyc"]

    import compileall

    calls = []
    real = compileall.compile_dir
    monkeypatch.setattr(compileall, "compile_dir", lambda *a, **k: calls.append(a) or real(*a, **k))
    build.cache_bytecode(package)
    assert calls == []  # nothing changed: not even compileall's check

    module = package / "con" / "mo_dun.py"
    module.write_text("X = 2\n")
    later = (package / "__pycache__" / ".da-bien-dich").stat().st_mtime_ns + 1_000_000
    os.utime(module, ns=(later, later))
    build.cache_bytecode(package)
    assert len(calls) == 1  # an edited module is compiled again

    new = package / "con" / "moi.py"
    new.write_text("Y = 1\n")
    after = (package / "__pycache__" / ".da-bien-dich").stat().st_mtime_ns + 1_000_000
    os.utime(new, ns=(after, after))
    build.cache_bytecode(package)
    assert len(calls) == 2 and len(list(cached.glob("moi.*.pyc"))) == 1
