"""The benchmark's generated 10× report really is ten reports: same structure, distinct data.

(Speed itself is measured by ``make bench``, never by a timed test.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from build_scripts.bench.run import scale_report
from build_scripts.core.data import load_source_data
from build_scripts.core.templating.render import Renderer

REPO = Path(__file__).resolve().parents[2]
FACTOR = 3


def _copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for name in ("docs", "source_data", "templates"):
        shutil.copytree(REPO / name, repo / name)
    return repo


def test_scaled_report_repeats_every_part_with_its_own_data(tmp_path):
    repo = _copy(tmp_path)
    docs = repo / "docs"
    # The parts the report's toctree lists (the front page and the orphan overview are not parts).
    parts = sorted(p.relative_to(docs) for p in docs.rglob("*.md") if p.parent != docs) + [Path("phu-luc.md")]
    scale_report(repo, FACTOR)

    for copy in range(2, FACTOR + 1):
        copied = sorted(p.relative_to(docs / f"ban{copy}") for p in (docs / f"ban{copy}").rglob("*.md"))
        assert copied == sorted(parts)
    index = (repo / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"ban{FACTOR}/" in index, "the copies must be in the toctree, or Sphinx would not build them"

    dataset = load_source_data(repo / "source_data")
    original = dataset.namespace["ky_luat"]["tong"].gia_tri
    copied = dataset.namespace[f"ky_luat_ban{FACTOR}"]["tong"].gia_tri
    assert copied != original, "each copy must have distinct data"

    # A copy renders from its own data, never from the original's.
    renderer = Renderer(dataset, [repo / "templates", repo / "docs"])
    copy_dir = repo / "docs" / f"ban{FACTOR}"
    for path in sorted(copy_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for ns in re.findall(r"\{\{\s*([a-z_0-9]+)\.", text):
            assert ns.endswith(f"_ban{FACTOR}") or ns in ("ct", "van_ban", "loop"), (path, ns)
        renderer.render(text, path)  # no unknown key, no error


def test_scaled_report_has_one_closing_after_all_its_text_and_before_its_appendices(tmp_path):
    """Each copy kept its own signature, so the 10× report had nine parts after a signature:
    the closing check (build_scripts.sphinx_ext.closing_place) stopped the benchmark's build."""
    from build_scripts.bench.run import _is_appendix
    from build_scripts.core.report_structure import CLOSING_INCLUDE

    repo = _copy(tmp_path)
    docs = repo / "docs"
    scale_report(repo, FACTOR)
    holders = [
        p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if CLOSING_INCLUDE in p.read_text(encoding="utf-8")
    ]
    assert holders == [f"ban{FACTOR}/phan-thu-hai/c-muc-tieu-nhiem-vu-giai-phap.md"]
    index = (docs / "index.md").read_text(encoding="utf-8")
    entries = [
        ln
        for ln in re.search(r"```\{toctree\}\n(.*?)```", index, re.S).group(1).splitlines()
        if ln.strip() and not ln.startswith(":")
    ]
    kinds = [_is_appendix(docs, e) for e in entries]
    assert kinds == sorted(kinds) and kinds.count(True) == FACTOR, entries
    assert entries.index(f"ban{FACTOR}/phan-thu-hai/index") == kinds.index(True) - 1
