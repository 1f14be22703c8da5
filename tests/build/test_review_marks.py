"""The committee's HTML marks each paragraph reviewers commented on, with the count and the ids;
the readers' edition never does."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_project, run_build

RECORD = """\
y_kien:
  - id: GY-1-001
    don_vi: Chi bộ thôn An Lạc
    ngay: 2026-12-01
    doan_van: {ident}
    noi_dung: "Đề nghị nêu rõ số đảng viên kết nạp mới."
    xu_ly: chua_xu_ly
    ly_do: ""
  - id: GY-1-002
    don_vi: Đảng ủy Quân sự xã
    ngay: 2026-12-02
    doan_van: {ident}
    noi_dung: "Đề nghị viết gọn câu này."
    xu_ly: tiep_thu
    ly_do: ""
"""


def _paragraph_ids(page: Path) -> list[str]:
    return re.findall(r'<p id="(p[0-9a-f]{10}(?:_\d+)?)"', page.read_text(encoding="utf-8"))


def test_a_commented_paragraph_shows_its_comments_only_in_the_committees_edition(tmp_path):
    project = make_project(tmp_path)
    assert run_build(project, "html").returncode == 0
    page, front = project / "_build/html/phan-mot.html", project / "_build/html/index.html"
    target, other = _paragraph_ids(page)[0], _paragraph_ids(front)[0]
    assert 'class="so-gop-y"' not in page.read_text(encoding="utf-8")

    register = project / "source_data/gop_y/lan-1/chi-bo.yaml"
    register.parent.mkdir(parents=True)
    register.write_text(RECORD.format(ident=target), encoding="utf-8")
    result = run_build(project, "html")  # an incremental build: the register changed, pages are re-written
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    marked = re.search(rf'<p id="{target}"[^>]*><span class="so-gop-y" title="([^"]+)"[^>]*>(\d+)</span>', text)
    assert marked, text[:2000]
    assert marked.group(2) == "2"
    assert "GY-1-001 (Chi bộ thôn An Lạc)" in marked.group(1) and "GY-1-002" in marked.group(1)
    assert text.count('class="so-gop-y"') == 1
    front_text = front.read_text(encoding="utf-8")
    assert f'<p id="{other}"' in front_text and "so-gop-y" not in front_text

    readers = run_build(project, "html", "--ban-doc")
    assert readers.returncode == 0, readers.stderr
    readers_text = (project / "_build/ban-doc/html/phan-mot.html").read_text(encoding="utf-8")
    assert f'id="{target}"' in readers_text and "so-gop-y" not in readers_text and "An Lạc" not in readers_text


def test_a_mistake_in_the_register_stops_the_build_at_its_line(tmp_path):
    project = make_project(tmp_path)
    register = project / "source_data/gop_y/lan-1/chi-bo.yaml"
    register.parent.mkdir(parents=True)
    register.write_text(RECORD.format(ident="null").replace("xu_ly: tiep_thu", "xu_ly: tiep_thuu"), encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode != 0
    assert "source_data/gop_y/lan-1/chi-bo.yaml:" in result.stderr and "tiep_thu" in result.stderr, result.stderr
    assert "lỗi không mong đợi" not in result.stderr
