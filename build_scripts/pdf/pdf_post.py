"""Finish the PDF rinohtype wrote: document language, draft watermark, reproducible bytes.

The watermark is a PDF *Watermark annotation* on every page (ISO 32000-1,
12.5.6.22): its appearance is ``DỰ THẢO`` in the document's own TeX Gyre
Termes Bold, light grey, along the page diagonal, blended with "multiply" so
the text under it stays black. It is drawn as the glyphs' *outlines* (filled
paths), not as text: poppler (pdftotext, most viewers' copy and search) reads
an annotation's text too, and put "ẢO", "TH", "DỰ" between the body lines.
The outlines come from the font file through pdfium (pypdfium2, already
installed for pdfplumber), as FreeType reads them.

Dates and /ID come from the document's data, not the clock (:mod:`.reproducible`).
"""

import ctypes
import io
import math
import unicodedata
import warnings
from functools import cache

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from build_scripts.core.reproducible import ID_PLACEHOLDER, pdf_date, stamp_content_id

WATERMARK_FONT = "TeXGyreTermes-Bold"
WATERMARK_GREY = 0.88  # fill grey (1 = white); multiplied onto the page
WATERMARK_FILL = 0.80  # fraction of the page diagonal the text spans
MAX_FONT_SIZE = 130.0
CAP_HEIGHT = 662  # Termes Bold, per 1000 em


class WatermarkFontMissing(Exception):
    """The watermark font lacks a character (args: the character)."""


def _rinoh_font(name):
    from rinoh_typeface_texgyretermes import typeface

    for widths in typeface.values():
        for slants in widths.values():
            for font in slants.values():
                if font.name == name:
                    return font
    raise KeyError(name)


def _number(value):
    """Shortest fixed notation, one decimal (font units: 1/1000 em): the same text everywhere."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def _glyph_path(char):
    """(advance width, path operators) of `char` in TeX Gyre Termes Bold, in 1/1000 em,
    origin at the glyph's baseline start."""
    import pypdfium2.raw as pdfium
    from rinoh.font import MissingGlyphException

    font = _rinoh_font(WATERMARK_FONT)
    try:
        with warnings.catch_warnings():  # rinohtype warns of a missing glyph: ours is the error
            warnings.simplefilter("ignore")
            width = font.get_glyph_metrics(char, None).width * 1000 / font.units_per_em
    except (KeyError, MissingGlyphException):
        raise WatermarkFontMissing(char) from None
    with open(font.filename, "rb") as file:
        data = file.read()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    document = pdfium.FPDF_CreateNewDocument()
    handle = pdfium.FPDFText_LoadFont(document, buffer, len(data), pdfium.FPDF_FONT_TRUETYPE, 1)
    try:
        if not handle:
            raise WatermarkFontMissing(char)
        path = pdfium.FPDFFont_GetGlyphPath(handle, ord(char), 1000.0)
        if not path:
            if char.isspace():
                return width, ""
            raise WatermarkFontMissing(char)
        operators = []
        bezier = []
        for index in range(pdfium.FPDFGlyphPath_CountGlyphSegments(path)):
            segment = pdfium.FPDFGlyphPath_GetGlyphPathSegment(path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = f"{_number(x.value * 1000)} {_number(y.value * 1000)}"
            kind = pdfium.FPDFPathSegment_GetType(segment)
            if kind == pdfium.FPDF_SEGMENT_MOVETO:
                operators.append(point + " m")
            elif kind == pdfium.FPDF_SEGMENT_LINETO:
                operators.append(point + " l")
            else:  # cubic Bézier: three points in a row
                bezier.append(point)
                if len(bezier) == 3:
                    operators.append(" ".join(bezier) + " c")
                    bezier = []
            if pdfium.FPDFPathSegment_GetClose(segment) and not bezier:
                operators.append("h")
        return width, " ".join(operators)
    finally:
        if handle:
            pdfium.FPDFFont_Close(handle)
        pdfium.FPDF_CloseDocument(document)


def text_outlines(text):
    """Path operators drawing `text` (in 1/1000 em units) and its width in those units."""
    parts, x = [], 0.0
    for char in text:
        width, path = _glyph_path(char)
        if path:
            parts.append(f"q 1 0 0 1 {_number(x)} 0 cm {path} f Q")
        x += width
    return " ".join(parts), x


def watermark_stream(page_width, page_height, outlines, text_width_em, cap_height_em=CAP_HEIGHT):
    """Content stream filling the text's `outlines` (1/1000 em) centred on the page diagonal."""
    angle = math.atan2(page_height, page_width)
    diagonal = math.hypot(page_width, page_height)
    size = min(MAX_FONT_SIZE, WATERMARK_FILL * diagonal * 1000 / text_width_em)
    cos, sin = math.cos(angle), math.sin(angle)
    scale = size / 1000
    x0 = -text_width_em / 2
    y0 = -cap_height_em / 2
    return (
        f"q /GSwm gs {WATERMARK_GREY:.3f} g "
        f"{cos:.5f} {sin:.5f} {-sin:.5f} {cos:.5f} {page_width / 2:.3f} {page_height / 2:.3f} cm "
        f"{scale:.5f} 0 0 {scale:.5f} 0 0 cm 1 0 0 1 {x0:.3f} {y0:.3f} cm {outlines} Q"
    ).encode("ascii")


def _watermark_form(writer, width, height, outlines, width_em):
    form = DecodedStreamObject()
    form.set_data(watermark_stream(width, height, outlines, width_em))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/ExtGState"): DictionaryObject(
                        {
                            NameObject("/GSwm"): DictionaryObject(
                                {
                                    NameObject("/Type"): NameObject("/ExtGState"),
                                    NameObject("/BM"): NameObject("/Multiply"),
                                }
                            ),
                        }
                    ),
                }
            ),
        }
    )
    return writer._add_object(form)


def _watermark_annotation(writer, page, text, form_ref):
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Watermark"),
            NameObject("/Rect"): ArrayObject([FloatObject(x0), FloatObject(y0), FloatObject(x1), FloatObject(y1)]),
            NameObject("/F"): NumberObject(4 | 128),  # Print, Locked
            NameObject("/Contents"): TextStringObject(text),
            NameObject("/NM"): TextStringObject("du-thao-watermark"),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): form_ref}),
        }
    )
    annotation_ref = writer._add_object(annotation)
    annots = page.get("/Annots")
    if annots is None:
        page[NameObject("/Annots")] = ArrayObject([annotation_ref])
    else:
        annots.get_object().append(annotation_ref)


def finish_pdf(source, target, watermark=None, language="vi", timestamp=None):
    """Copy the PDF `source` to `target`, setting /Lang and, for a draft, adding the `watermark`
    on every page. With a `timestamp` (an aware datetime) the output is reproducible: both dates
    are it and the /ID is a hash of the content (see :mod:`.reproducible`)."""
    reader = PdfReader(str(source))
    writer = PdfWriter(clone_from=reader)
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    metadata = {key: value for key, value in (reader.metadata or {}).items()}
    if timestamp is not None:
        date = TextStringObject(pdf_date(timestamp))
        metadata.update({"/CreationDate": date, "/ModDate": date})
    if metadata:
        writer.add_metadata(metadata)
    if watermark:
        watermark = unicodedata.normalize("NFC", watermark)  # 'Ự' one glyph, not U + marks
        outlines, width_em = text_outlines(watermark)
        forms = {}  # one appearance per page size
        for page in writer.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            size = (round(x1 - x0, 3), round(y1 - y0, 3))
            if size not in forms:
                forms[size] = _watermark_form(writer, *size, outlines, width_em)
            _watermark_annotation(writer, page, watermark, forms[size])
    if timestamp is None:
        with open(target, "wb") as file:
            writer.write(file)
        return
    writer._ID = ArrayObject([ByteStringObject(ID_PLACEHOLDER), ByteStringObject(ID_PLACEHOLDER)])
    buffer = io.BytesIO()
    writer.write(buffer)
    with open(target, "wb") as file:
        file.write(stamp_content_id(buffer.getvalue()))


def watermark_texts(path):
    """For each page of the PDF at `path`, the /Contents of its Watermark
    annotations (a list of lists; used by the tests)."""
    result = []
    for page in PdfReader(str(path)).pages:
        texts = []
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") == "/Watermark":
                texts.append(str(annotation.get("/Contents", "")))
        result.append(texts)
    return result
