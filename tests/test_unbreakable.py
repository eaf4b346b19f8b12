"""Issue 19 item 3: identifiers, letter numbers, abbreviations with a hyphen or slash and
"nomor N" never break — in the PDF (a box) and in the DOCX (non-breaking hyphen, word joiner,
no-break space). tests/test_layout.py runs rule 19.3 on every example page (PDF, and DOCX through
LibreOffice where it is installed); here the joins themselves, in a column too narrow to hold a line."""

from __future__ import annotations

from rapatgen.model.blocks import Cell, Column, Document, PageSetup, Paragraph, Section, Table, runs
from rapatgen.render.docx.document import render_docx
from rapatgen.render.layout import room, unbreakable
from rapatgen.render.pdf.document import render_pdf
from tests.layout import Checked, check_breaks, read_pdf
from tests.test_docx_layout_xml import parts, text

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
WORDS = ["III–IV", "SIKS-NG", "400.9.14/57/Bappeda", "kab/kota", "nomor 1", "se-Kalimantan"]
SENTENCE = ("Laporan capaian TW III–IV aplikasi SIKS-NG sesuai surat 400.9.14/57/Bappeda untuk setiap kab/kota "
            "berdasarkan kesepakatan nomor 1 dari seluruh pemerintah se-Kalimantan Timur tahun ini.")


def _doc() -> Document:
    # one sentence in many narrow widths, so every joined word meets a line end somewhere
    columns = [Column("A", 1), Column("B", 1.07), Column("C", 1.13)]
    table = Table(columns, [[Cell([runs(SENTENCE)]) for _ in columns]], font_size=10)
    paragraphs = [Paragraph(runs(SENTENCE), indent_cm=k * 0.37) for k in range(12)]
    return Document("notulen", "x", [Section([table, *paragraphs])], PAGE)


def test_each_named_word_is_one_piece():
    for word in WORDS:
        assert (word, True) in unbreakable(f"x {word} y"), word
    assert all(not keep for _, keep in unbreakable("https://zoom.us/j/0000-1 dan a@b-c.go.id"))
    with room(40, 10):  # wider than its cell: left to break rather than overflow the cell
        assert not any(keep for _, keep in unbreakable("400.9.14/0987/Bappeda/IX/2024"))
        assert ("nomor 1", True) in unbreakable("nomor 1")


def test_pdf_never_breaks_inside_them():
    doc = _doc()
    c = Checked("x", doc, read_pdf(render_pdf(doc)))
    check_breaks(c)
    assert not c.problems, "\n".join(c.problems)


def test_docx_joins_them():
    body = parts(render_docx(_doc()))["word/document.xml"]
    xml = __import__("lxml.etree", fromlist=["tostring"]).tostring(body, encoding="unicode")
    assert "SIKS</w:t><w:noBreakHyphen/><w:t" in xml
    words = text(body)
    assert "kab/\u2060kota" in words and "400.9.14/\u206057/\u2060Bappeda" in words
    assert "III–\u2060IV" in words and "nomor\u00a01" in words


def test_a_text_is_measured_once_per_process(monkeypatch):
    """Issue 22.5 (d): every letter's kop measures the same address lines, every table the same identifiers;
    a text's width is taken from the font once (it was a quarter of making the Typst source), and a text
    in the same room is cut into the same pieces."""
    from rapatgen.render import layout

    def forget():  # what an earlier test measured
        for cached in (getattr(layout, "_width_1000", None), getattr(layout, "_unbreakable", None)):
            if cached is not None:
                cached.cache_clear()

    forget()
    measured = []
    real = layout._font

    class Counting:
        def __init__(self, font):
            self.font = font

        def getlength(self, text):
            measured.append(text)
            return self.font.getlength(text)

    monkeypatch.setattr(layout, "_font", lambda bold: Counting(real(bold)))
    first = [layout.text_width_pt("Kode Pos 75123", size) for size in (10, 9.5, 9)]
    assert first == [layout.text_width_pt("Kode Pos 75123", size) for size in (10, 9.5, 9)]
    assert first[1] == real(False).getlength("Kode Pos 75123") * 9.5 / 1000
    with room(40, 10):
        pieces = unbreakable(SENTENCE)
        assert unbreakable(SENTENCE) == pieces and "".join(p for p, _ in pieces) == SENTENCE
    assert len(measured) == len(set(measured))
    forget()
