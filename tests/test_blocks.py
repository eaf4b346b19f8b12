"""Every block of the document model renders in both backends and reads back (the grid)."""


import pytest

from rapatgen.model.blocks import (AttachmentHeader, Cell, Column, Document, Image, LabelValue, Letterhead, ListItem,
                                       NumberedList, PageBreak, PageSetup, Paragraph, Run, Section, SignatureBlock,
                                       Signatures, Spacer, Table, Title, runs)
from rapatgen.render import RENDERERS
from tests.conftest import ROOT
from tests.readback import docx_text, flat, pdf_pages, pdf_text

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
NASTY = "A & B <x> #tag [a] $5$ *b* _c_ @d {{ x }} {% y %} back\\slash 😀 Ünïcode"
LONG = "Supercalifragilisticexpialidocious" * 4



def _picture() -> bytes:
    """A small PNG with shapes in it, so its pixels can be compared after embedding."""
    import io

    from PIL import Image as Pil, ImageDraw

    im = Pil.new("RGB", (240, 120), "white")
    draw = ImageDraw.Draw(im)
    draw.rectangle((10, 10, 110, 100), fill=(31, 78, 121))
    draw.line((0, 119, 239, 0), fill=(192, 0, 0), width=3)
    out = io.BytesIO()
    im.save(out, format="PNG")
    return out.getvalue()


PICTURE = _picture()

BLOCKS = {
    "paragraph": (Paragraph([Run("tebal", bold=True), Run(" miring", italic=True), Run(" garis", underline=True)],
                            first_line_cm=1.25), ["tebal miring garis"]),
    "title": (Title("NOTULA", ["RAPAT KOORDINASI"]), ["NOTULA", "RAPAT KOORDINASI"]),
    "letterhead": (Letterhead(["PEMERINTAH KABUPATEN CONTOH", "BADAN PERENCANAAN"], ["Jalan Contoh 1"],
                              ROOT / "templates/logo/logo-contoh-kabupaten.png"),
                   ["PEMERINTAH KABUPATEN CONTOH", "BADAN PERENCANAAN", "Jalan Contoh 1"]),
    "emblem-kop": (Letterhead(["BUPATI CONTOH"], [], ROOT / "templates/logo/lambang-negara-contoh.png",
                              centred_emblem=True), ["BUPATI CONTOH"]),
    "label-value": (LabelValue([("Nomor", [runs("400.9.14/1/Bappeda")]), ("Acara", [runs("Satu"), runs("Dua")])],
                               numbered_values=True), ["Nomor", "400.9.14/1/Bappeda", "1.", "Satu", "2.", "Dua"]),
    "numbered-list": (NumberedList([ListItem(runs("pertama"), [NumberedList([ListItem(runs("anak"))], style="a.")]),
                                    ListItem(runs("kedua"))]), ["1.", "pertama", "a.", "anak", "2.", "kedua"]),
    "table": (Table([Column("No", 1), Column("Uraian", 3), Column("Rp", 2, "right")],
                    [[Cell([runs("Grup")], colspan=3)], [Cell([runs("1.")]), Cell([runs("isi")]), Cell([runs("1.000")])],
                     [Cell([runs("Jumlah")], colspan=2), Cell([runs("1.000")])]], ["group", "body", "total"]),
              ["No", "Uraian", "Grup", "isi", "1.000", "Jumlah"]),
    "signature-table": (Table([Column("No", 1), Column("Nama", 3), Column("Tanda Tangan", 2)],
                              [[Cell([runs("1.")]), Cell([runs("Ani")]), Cell([])],
                               [Cell([runs("2.")]), Cell([runs("Budi")]), Cell([])]],
                              signature_column=2, min_row_height_cm=1.0), ["Ani", "Budi"]),
    "signatures": (Signatures([SignatureBlock(["Ketua,"], "Nama Satu", ["NIP 19700101 199503 1 001"]),
                               SignatureBlock(["Pencatat,"], "Nama Dua")]),
                   ["Ketua,", "Pencatat,", "Nama Satu", "Nama Dua", "NIP 19700101 199503 1 001"]),  # row by row
    "attachment-header": (AttachmentHeader("LAMPIRAN SURAT", [("NOMOR", "1/2/3")]), ["LAMPIRAN SURAT", "NOMOR", "1/2/3"]),
    "page-break": (PageBreak(), []),
    "spacer": (Spacer(2), []),
    "nasty-text": (Paragraph(runs(NASTY + " " + LONG)), [NASTY, LONG]),
    "image": (Image(PICTURE, 6.0, caption="Grafik 1. Uji " + NASTY, alt="grafik uji"), ["Grafik 1. Uji " + NASTY]),
}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", list(BLOCKS))
def test_block_renders_and_reads_back(name, fmt):
    block, expected = BLOCKS[name]
    doc = Document("uji", "Uji", [Section([Paragraph(runs("AWAL")), block, Paragraph(runs("AKHIR"))])], PAGE)
    data = RENDERERS[fmt](doc)
    text = docx_text(data) if fmt == "docx" else pdf_text(data)
    found = flat(text)
    position = found.index("AWAL")
    for piece in expected + ["AKHIR"]:
        where = found.find(flat(piece), position)
        assert where >= 0, f"{piece!r} missing or out of order in {fmt}: {text!r}"
        position = where
    if name == "page-break" and fmt == "pdf":
        assert pdf_pages(data) == 2


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_landscape_section_after_portrait(fmt):
    doc = Document("uji", "Uji", [Section([Paragraph(runs("tegak"))]), Section([Paragraph(runs("mendatar"))], landscape=True)], PAGE)
    data = RENDERERS[fmt](doc)
    if fmt == "pdf":
        import io

        import pypdf

        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
        assert sizes[0][0] < sizes[0][1] and sizes[1][0] > sizes[1][1]
    else:
        import io

        import docx

        secs = docx.Document(io.BytesIO(data)).sections
        assert secs[0].page_width < secs[0].page_height and secs[1].page_width > secs[1].page_height


def test_same_document_gives_identical_bytes_in_every_format():
    import time

    doc = Document("uji", "Uji", [Section([Paragraph(runs("sama"))])], PAGE)
    first = {fmt: RENDERERS[fmt](doc) for fmt in RENDERERS}
    time.sleep(1.1)  # zip entries carry a timestamp with 2-second resolution
    time.sleep(1.0)
    assert {fmt: RENDERERS[fmt](doc) for fmt in RENDERERS} == first


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_image_is_embedded_as_the_same_picture_at_its_width(fmt):
    import io

    from PIL import Image as Pil

    doc = Document("uji", "Uji", [Section([Image(PICTURE, 6.0, caption="Grafik", alt="grafik uji")])], PAGE)
    data = RENDERERS[fmt](doc)
    expected = Pil.open(io.BytesIO(PICTURE)).convert("RGB")
    if fmt == "docx":
        import docx
        from docx.shared import Cm

        d = docx.Document(io.BytesIO(data))
        (shape,) = d.inline_shapes
        assert abs(shape.width - Cm(6.0)) < Cm(0.01)
        blob = d.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        assert blob == PICTURE  # the very bytes
        assert shape._inline.docPr.get("descr") == "grafik uji"
    else:
        import pdfplumber
        import pypdf

        (embedded,) = pypdf.PdfReader(io.BytesIO(data)).pages[0].images
        assert embedded.image.convert("RGB").tobytes() == expected.tobytes()  # lossless: the same pixels
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            (placed,) = pdf.pages[0].images
        assert abs((placed["x1"] - placed["x0"]) - 6.0 / 2.54 * 72) < 0.5
