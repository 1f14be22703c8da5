"""Small PNG previews of the PDF for the README: page 1 and the closing page.

``python -m build_scripts.cli.pdf_preview [PDF]`` (default: the draft in
_build/pdf/) writes templates/rinoh/preview/trang-dau.png (page 1) and
trang-cuoi.png (the page with "Nơi nhận:", the end of the report proper;
the appendix follows it).
"""

import sys
from pathlib import Path

from build_scripts.core.document import read_document_info
from build_scripts.core.messages import UserError, report_and_exit

OUT_DIR = Path("templates/rinoh/preview")
DPI = 80
CLOSING_MARK = "Nơi nhận"


def closing_page_index(pdf_path):
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        for index, page in enumerate(pdf.pages):
            if CLOSING_MARK in (page.extract_text() or ""):
                return index
        return len(pdf.pages) - 1


def render(pdf_path, index, target):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    image = pdf[index].render(scale=DPI / 72, draw_annots=True).to_pil()
    image.convert("L").quantize(colors=32).save(str(target), optimize=True)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        root = Path.cwd()
        pdf_path = Path(argv[0]) if argv else root / "_build/pdf" / (read_document_info(root).file_stem + ".pdf")
        if not pdf_path.is_file():
            raise UserError(f"Chưa có tệp PDF {pdf_path}.", None, 'Chạy "make pdf" trước.')
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        render(pdf_path, 0, OUT_DIR / "trang-dau.png")
        render(pdf_path, closing_page_index(pdf_path), OUT_DIR / "trang-cuoi.png")
    except Exception as exc:  # noqa: BLE001 - shown in Vietnamese
        report_and_exit(exc, code=1)
    print("✓ Đã ghi {} và {}".format(OUT_DIR / "trang-dau.png", OUT_DIR / "trang-cuoi.png"))


if __name__ == "__main__":
    main()
