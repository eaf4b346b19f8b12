"""Issue 19 item 1: no page is only a tail. tests/test_layout.py runs rule 19.1 on every example
page (PDF, and DOCX through LibreOffice); here the shared pieces both backends use."""

from __future__ import annotations

from rapatgen.model.blocks import (Cell, Column, Document, Letterhead, ListItem, NumberedList, PageBreak, PageSetup,
                                   Paragraph, Section, SignatureBlock, Signatures, Table, Title, runs)
from rapatgen.render.layout import KOP_LOGO_CM, KOP_SIDE_CM, closing_run, kop_address, text_width_pt
from rapatgen.render.pdf.document import render_pdf
from tests.layout import Checked, check_header_pages, check_signatures, check_tails, read_pdf, PT_PER_CM

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
ADDRESS = ["Jalan Contoh Nomor 2, Samarinda, Telepon (0541) 000000, Faksimile (0541) 000001",
           "Laman bappeda.contoh-prov.go.id, Pos-el bappeda@contoh-prov.go.id, Kode Pos 75000"]
SIG = Signatures([SignatureBlock(["Kepala Bappeda,"], "Nama Penanda Tangan", ["NIP 1"])])
BODY = "Dalam rangka percepatan penghapusan kemiskinan ekstrem bersama ini kami mengundang Bapak/Ibu. " * 3


def test_kop_address_never_wraps_into_an_orphan_line():
    width = 21.5 - 5 - KOP_LOGO_CM - KOP_SIDE_CM
    lines, size = kop_address(ADDRESS, width)
    assert size < 10 and len(lines) == 2  # shrunk, not wrapped
    narrow, small = kop_address(ADDRESS, 8.0)  # too narrow even at 8.5 pt: split at a comma, never mid-phrase
    assert small == 8.5 and len(narrow) > 2 and all(text_width_pt(x, small) < 8.0 * 72 / 2.54 for x in narrow)
    assert " ".join(narrow) == " ".join(ADDRESS)


def test_closing_run_starts_at_the_last_body_text():
    tembusan = [Paragraph(runs("Tembusan:"), align="left"), NumberedList([ListItem(runs("Gubernur"))])]
    letter = [Paragraph(runs(BODY)), Paragraph(runs("Penutup."), first_line_cm=1.25), SIG, *tembusan]
    assert closing_run(letter) == 1
    sheet = Table([Column("No", 1), Column("Nama", 3), Column("Tanda Tangan", 2)],
                  [[Cell([runs(f"{i}.")]), Cell([runs("x")]), Cell([])] for i in range(2)], signature_column=2)
    ba = [Paragraph(runs(BODY)), Paragraph(runs("Tempat, tanggal"), align="right"),
          Paragraph(runs("Yang menyepakati:"), align="left"), sheet]
    assert closing_run(ba) == 0
    assert closing_run([Paragraph(runs(BODY)), PageBreak()][:1]) is None  # no signature: nothing to keep
    # a matrix: kop, title, a short table and its signature — the title is not pulled along (a page
    # holding only the kop), the run starts at the table
    matrix = [Letterhead(["PEMERINTAH"], ADDRESS, None), Title("MATRIKS TINDAK LANJUT"), sheet,
              Paragraph(runs("Ringkasan: 2 butir"), align="left"), SIG]
    assert closing_run(matrix) == 2


def _filled(n: int, tail: list) -> Document:
    blocks = [Letterhead(["PEMERINTAH", "BADAN"], ADDRESS, None)]
    blocks += [Paragraph(runs(BODY)) for _ in range(n)] + tail
    return Document("undangan", "x", [Section(blocks)], PAGE)


def test_pdf_tembusan_and_small_tables_stay_with_their_signature():
    """Filled so the page ends at every point of the closing run: the signature page always
    carries body text, the tembusan its signature, a four-row table never splits."""
    small = Table([Column("No", 1), Column("Nama", 5)], [[Cell([runs(f"{i}.")]), Cell([runs("Nama")])]
                                                        for i in range(4)])
    tail = [Paragraph(runs("Demikian."), first_line_cm=1.25), small, SIG, Paragraph(runs("Tembusan:"), align="left"),
            NumberedList([ListItem(runs("Gubernur;")), ListItem(runs("Inspektur."))])]
    problems = []
    for n in range(9, 15):
        doc = _filled(n, tail)
        c = Checked(f"n={n}", doc, read_pdf(render_pdf(doc)))
        footer = c.pages[0].height - PAGE.margin_cm[2] * PT_PER_CM + 1
        check_signatures(c, footer)
        check_tails(c, footer)
        problems += c.problems
    assert not problems, "\n".join(problems)


def _matrix(rows: int, subtitle: str) -> Document:
    """A landscape F4 matriks: kop, title, a small table, its summary and the signature."""
    page = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
    text = "Kesepakatan nomor 1: Dinas Sosial menghimpun rekap verval P3KE dan DTKS dari kabupaten/kota sebelum rakor."
    table = Table([Column("No", 0.6, "center"), Column("Kesepakatan / Arahan", 3.3), Column("Rencana", 2.6),
                   Column("PJ", 1.7), Column("Batas Waktu", 1.4), Column("Status", 1.5), Column("Progres", 2.5),
                   Column("Bukti", 2.2)],
                  [[Cell([runs(f"{i}.")]), Cell([runs(text)]), Cell([runs("-")]), Cell([runs("Dinsos")]),
                    Cell([runs("16 Desember 2024")]), Cell([runs("Selesai")]), Cell([runs(text)]), Cell([runs("-")])]
                   for i in range(1, rows + 1)], font_size=9)
    sig = Signatures([SignatureBlock(["Samarinda, 7 Desember 2026", "Kepala Badan Perencanaan Pembangunan Daerah "
                                      "Provinsi Kalimantan Timur,"], "Nama Penanda Tangan", ["Pembina", "NIP 1"])])
    blocks = [Letterhead(["PEMERINTAH PROVINSI", "BADAN"], ADDRESS, None),
              Title("MATRIKS TINDAK LANJUT HASIL RAPAT", [subtitle, "Keadaan per 7 Desember 2026"]), table,
              Paragraph(runs("Ringkasan: Selesai 2"), align="left"), sig]
    return Document("tindak-lanjut", "x", [Section(blocks, landscape=True)], page)


def _header_only(doc: Document) -> list[str]:
    c = Checked("m", doc, read_pdf(render_pdf(doc)))
    check_header_pages(c, c.pages[0].height - doc.page.margin_cm[2] * PT_PER_CM + 1)
    return c.problems


def test_a_short_matrix_is_fitted_on_the_page_of_its_kop():
    """Rule 19.1a's case (the Kaltim FGD and konsolidasi matriks): the unbreakable table and
    signature a little taller than the rest of page 1 left page 1 with only the kop and title.
    fit_on_one_page tightens the signature space, the bottom margin, then the table's type, as
    far as needed — the same model for the PDF and the Word file."""
    from rapatgen.render.pdf.fit import fit_on_one_page

    long_title = "FOCUS GROUP DISCUSSION " * 9
    for rows, subtitle in ((2, long_title), (3, long_title), (3, "RAPAT KONSOLIDASI TKPK " * 2)):
        doc = _matrix(rows, subtitle)
        assert _header_only(doc), (rows, subtitle)  # the unfitted document strands its header
        fitted = fit_on_one_page(doc)
        assert not _header_only(fitted) and len(read_pdf(render_pdf(fitted))) == 1, (rows, subtitle)
    # too tall even set tight: the table starts under the title, its last three rows go with the signature
    tall = fit_on_one_page(_matrix(5, long_title))
    c = Checked("m", tall, read_pdf(render_pdf(tall)))
    footer = c.pages[0].height - tall.page.margin_cm[2] * PT_PER_CM + 1
    check_signatures(c, footer)
    check_tails(c, footer)
    check_header_pages(c, footer)
    assert not c.problems and len(c.pages) == 2 and tall.sections[0].blocks[2].split_ok
    short = _matrix(1, "RAPAT")  # fits as it is: untouched
    assert fit_on_one_page(short) is short
    long = _matrix(8, long_title)  # a longer table flows from page 1 as it is: not measured, not split
    assert fit_on_one_page(long) is long
    letter = _filled(3, [SIG])  # body text before the signature: not the shape fitted
    assert fit_on_one_page(letter) is letter
