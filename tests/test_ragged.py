"""Issue 19 item 4: lists and table cells are left-aligned, body paragraphs stay justified — in
the PDF and in the DOCX (tests/test_layout.py runs rule 19.4 on every example page)."""

from __future__ import annotations

from rapatgen.model.blocks import (Cell, Column, Document, ListItem, NumberedList, PageSetup, Paragraph, Section,
                                   Table, runs)
from rapatgen.render.docx.document import render_docx
from rapatgen.render.pdf.document import render_pdf
from tests.layout import Checked, check_ragged, read_pdf
from tests.test_docx_layout_xml import NS, parts, text

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
ITEM = "Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Kutai Kartanegara"
BODY = ("Dalam rangka percepatan penghapusan kemiskinan ekstrem sesuai Instruksi Presiden Nomor 4 Tahun 2022 "
        "serta penyusunan Rencana Penanggulangan Kemiskinan Daerah bersama ini kami mengundang Bapak/Ibu.")


def _doc() -> Document:
    items = [ListItem(runs(ITEM), [Paragraph(runs(ITEM + " dan " + ITEM))]) for _ in range(3)]
    table = Table([Column("No", 1), Column("Jabatan", 3)],
                  [[Cell([runs("1.")]), Cell([runs("Koordinator Pemberdayaan Perempuan dan Perlindungan Anak")])]])
    return Document("undangan", "x", [Section([Paragraph(runs(BODY)), NumberedList(items, "a."),
                                              NumberedList(items, "1.", indent_cm=0.8), table])], PAGE)


def test_pdf_lists_and_cells_are_not_stretched():
    doc = _doc()
    c = Checked("x", doc, read_pdf(render_pdf(doc)))
    check_ragged(c)
    assert not c.problems, "\n".join(c.problems)


def test_docx_lists_and_cells_left_body_justified():
    body = parts(render_docx(_doc()))["word/document.xml"].find("w:body", NS)
    for p in body.iter("{%s}p" % NS["w"]):
        jc = p.find("w:pPr/w:jc", NS)
        value = jc.get("{%s}val" % NS["w"]) if jc is not None else "left"
        if BODY[:30] in text(p):
            assert value == "both"
        elif ITEM in text(p) or "Koordinator" in text(p):
            assert value == "left", text(p)
