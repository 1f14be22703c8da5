"""Print where the current draft's outputs are: ``python -m build_scripts.cli.outputs``."""

from __future__ import annotations

import sys
from pathlib import Path

from build_scripts.core.document import read_document_info
from build_scripts.core.messages import report_and_exit


def main() -> None:
    root = Path.cwd()
    try:
        info = read_document_info(root)
    except Exception as exc:  # noqa: BLE001 - shown in Vietnamese
        report_and_exit(exc, code=1)
    html = root / "_build/html/index.html"
    pdf = root / f"_build/pdf/{info.file_stem}.pdf"
    docx = root / f"_build/docx/{info.file_stem}.docx"
    missing = [p for p in (html, pdf, docx) if not p.exists()]
    print(f"{info.label}:")
    print(f"  HTML: {html.relative_to(root)}" + ("  (chưa có)" if html in missing else ""))
    print(f"  PDF:  {pdf.relative_to(root)}" + ("  (chưa có)" if pdf in missing else ""))
    print(f"  Word: {docx.relative_to(root)}" + ("  (chưa có)" if docx in missing else ""))
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
