"""Finish the PDF rinohtype wrote: document language, draft watermark.

The watermark is a PDF *Watermark annotation* on every page (ISO 32000-1,
12.5.6.22): its appearance is the text ``DỰ THẢO`` set in the document's own
TeX Gyre Termes Bold, light grey, along the page diagonal, blended with
"multiply" so the text under it stays black. Being an annotation, it is not
part of the page text: copying or extracting the report's text never picks
up stray watermark letters.
"""

import math

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

WATERMARK_FONT = "TeXGyreTermes-Bold"
WATERMARK_GREY = 0.88  # fill grey (1 = white); multiplied onto the page
WATERMARK_FILL = 0.80  # fraction of the page diagonal the text spans
MAX_FONT_SIZE = 130.0


class WatermarkFontMissing(Exception):
    pass


def _rinoh_font(name):
    from rinoh_typeface_texgyretermes import typeface

    for widths in typeface.values():
        for slants in widths.values():
            for font in slants.values():
                if font.name == name:
                    return font
    raise KeyError(name)


def _find_font_ref(writer, base_name):
    """The indirect reference of the embedded font called `base_name`."""
    for page in writer.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        fonts = resources.get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            base = str(ref.get_object().get("/BaseFont", "")).lstrip("/")
            if base.split("+", 1)[-1].startswith(base_name + "-") or base == base_name:
                return ref
    raise WatermarkFontMissing(base_name)


def _glyph_codes(font, text):
    """Hex string of 2-byte glyph codes (Identity-H, as rinohtype writes them)
    and the text width in font units per em (1000)."""
    codes, width = [], 0.0
    for char in text:
        metrics = font.get_glyph_metrics(char, None)
        codes.append(f"{metrics.code:04X}")
        width += metrics.width * 1000 / font.units_per_em
    return "".join(codes), width


def watermark_stream(page_width, page_height, hex_codes, text_width_em, cap_height_em=662):
    """Content stream drawing the text centred on the page diagonal."""
    angle = math.atan2(page_height, page_width)
    diagonal = math.hypot(page_width, page_height)
    size = min(MAX_FONT_SIZE, WATERMARK_FILL * diagonal * 1000 / text_width_em)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = page_width / 2, page_height / 2
    x0 = -text_width_em / 1000 * size / 2
    y0 = -cap_height_em / 1000 * size / 2
    return (
        f"q /GSwm gs {WATERMARK_GREY:.3f} g BT /FWm {size:.2f} Tf "
        f"{cos:.5f} {sin:.5f} {-sin:.5f} {cos:.5f} {cx:.3f} {cy:.3f} Tm "
        f"{x0:.3f} {y0:.3f} Td <{hex_codes}> Tj ET Q"
    ).encode("ascii")


def _watermark_annotation(writer, page, font_ref, text, hex_codes, width_em):
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    width, height = x1 - x0, y1 - y0
    form = DecodedStreamObject()
    form.set_data(watermark_stream(width, height, hex_codes, width_em))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/Font"): DictionaryObject({NameObject("/FWm"): font_ref}),
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
    form_ref = writer._add_object(form)
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


def finish_pdf(source, target, watermark=None, language="vi"):
    """Copy the PDF `source` to `target`, setting /Lang and, for a draft,
    adding the `watermark` text on every page."""
    reader = PdfReader(str(source))
    writer = PdfWriter(clone_from=reader)
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    if reader.metadata:
        writer.add_metadata({key: value for key, value in reader.metadata.items()})
    if watermark:
        font_ref = _find_font_ref(writer, WATERMARK_FONT)
        hex_codes, width_em = _glyph_codes(_rinoh_font(WATERMARK_FONT), watermark)
        for page in writer.pages:
            _watermark_annotation(writer, page, font_ref, watermark, hex_codes, width_em)
    with open(target, "wb") as file:
        writer.write(file)


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
