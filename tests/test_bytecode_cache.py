"""build.cache_bytecode: compiled bytecode is kept where PYTHONDONTWRITEBYTECODE is set."""
import sys

from build_scripts import build


def test_compiles_only_where_python_does_not_keep_bytecode_itself(monkeypatch):
    import compileall

    calls = []
    monkeypatch.setattr(compileall, "compile_dir", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    build.cache_bytecode()
    assert len(calls) == 1 and calls[0][0].name == "build_scripts"
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # Python keeps it by itself
    build.cache_bytecode()
    assert len(calls) == 1
