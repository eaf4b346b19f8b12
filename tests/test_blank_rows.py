"""Issue 19 item 1: a daftar hadir's blank rows (for those who come unannounced) fill the page they
start on and never begin a new one (rule 19.1b, run on every example page by tests/test_layout.py).
The examples' lists are made after their meetings (no blank rows), so the rule is shown here on
attendance lists of every length, before the meeting."""

from __future__ import annotations

import pytest

from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, Letterhead, PageSetup, Section, SignatureBlock,
                                   Signatures, Table, Title, runs)
from rapatgen.render.pdf.document import render_pdf
from rapatgen.render.pdf.fit import fill_blank_rows
from tests.layout import PT_PER_CM, Checked, check_blank_rows, check_signatures, check_tails, read_pdf

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)
ADDRESS = ["Jalan Contoh Nomor 2, Samarinda, Telepon (0541) 000000", "Laman bappeda.contoh-prov.go.id, Kode Pos 75000"]
COLUMNS = [Column("No", 0.9, "center"), Column("Nama", 3.7), Column("Jabatan / Instansi", 4.4), Column("L/P", 1.0, "center"),
           Column("No. HP", 2.9), Column("Tanda Tangan", 3.2)]


def attendance(filled: int, blank: int = 10, minimum: int = 0) -> Document:
    """A daftar hadir as documents/daftar_hadir composes it before the meeting: `filled` invited
    people, `blank` spare rows (`minimum` of them asked for by jumlah_peserta)."""
    rows = [[Cell([runs(f"{i + 1}.")], align="center"), Cell([runs(f"Nama Undangan {i + 1}")]),
             Cell([runs("Kepala Dinas Sosial Provinsi Kalimantan Timur" if i % 3 == 0 else "Camat Contoh")]),
             Cell([runs("L")], align="center"), Cell([runs("")]), Cell([])] for i in range(filled)]
    rows += [[Cell([runs(f"{filled + k + 1}.")], align="center")] + [Cell([]) for _ in range(5)] for k in range(blank)]
    blocks = [Letterhead(["PEMERINTAH PROVINSI", "BADAN"], ADDRESS, None),
              Title("DAFTAR HADIR", ["RAPAT KOORDINASI TKPK PROVINSI KALIMANTAN TIMUR"]),
              LabelValue([("Hari/Tanggal", [runs("Kamis, 19 Desember 2024")]), ("Pukul", [runs("09.00 WITA")]),
                          ("Tempat", [runs("Ruang Rapat Bappeda")])], label_cm=3.2),
              Table(COLUMNS, rows, font_size=10, signature_column=5, min_row_height_cm=1.0, blank_rows=blank,
                    blank_minimum=minimum),
              Signatures([SignatureBlock(["Samarinda, 19 Desember 2024", "Mengetahui,", "Kepala Bappeda,"],
                                         "Nama Penanda Tangan", ["NIP 1"])])]
    return Document("daftar-hadir", "x", [Section(blocks)], PAGE)


def problems(doc: Document) -> list[str]:
    c = Checked(f"{sum(1 for _ in doc.text_blocks())}", doc, read_pdf(render_pdf(doc)))
    footer = c.pages[0].height - PAGE.margin_cm[2] * PT_PER_CM + 1
    check_signatures(c, footer)
    check_tails(c, footer)
    check_blank_rows(c, footer)
    return c.problems


FILLED = [0, 6, 11, 13, 15, 26, 36]  # people listed: the blank rows start high, low, at the foot of page 1 and 2


@pytest.mark.parametrize("filled", FILLED)
def test_blank_rows_fill_their_page_and_never_begin_one(filled):
    doc = attendance(filled)
    assert problems(doc)  # ten spare rows as composed: they begin page 2, or leave it half empty
    fitted = fill_blank_rows(doc)
    assert not problems(fitted), filled
    t = fitted.sections[0].blocks[3]
    assert t.blank_rows >= 1 and len(t.rows) == filled + t.blank_rows


@pytest.mark.parametrize("filled,minimum", [(5, 18), (5, 30), (20, 25)])
def test_rows_asked_for_are_all_printed_and_the_last_page_filled(filled, minimum):
    """jumlah_peserta asks for a number of rows: never fewer; more than a page holds run on as rows
    do (continuing from a full page), and the last page is filled."""
    fitted = fill_blank_rows(attendance(filled, blank=minimum, minimum=minimum))
    assert not problems(fitted), (filled, minimum)
    assert fitted.sections[0].blocks[3].blank_rows >= minimum


def test_a_list_without_blank_rows_is_not_measured():
    doc = attendance(12, blank=0)
    doc.sections[0].blocks[3].blank_rows = 0
    assert fill_blank_rows(doc) is doc


@pytest.mark.slow
def test_word_keeps_the_blank_rows_on_their_page(tmp_path):
    """The DOCX of the fitted lists, laid out by LibreOffice: the same rule."""
    from rapatgen.render.docx.document import render_docx
    from tests.soffice import convert, require

    require()
    docs = {f"d{n:02d}": fill_blank_rows(attendance(n)) for n in FILLED}
    docs["m30"] = fill_blank_rows(attendance(5, blank=30, minimum=30))
    for stem, doc in docs.items():
        (tmp_path / f"{stem}.docx").write_bytes(render_docx(doc))
    convert(sorted(tmp_path.glob("*.docx")), tmp_path, timeout=300)
    found = []
    for stem, doc in docs.items():
        c = Checked(stem, doc, read_pdf((tmp_path / f"{stem}.pdf").read_bytes()))
        footer = c.pages[0].height - PAGE.margin_cm[2] * PT_PER_CM + 1
        check_signatures(c, footer)
        check_tails(c, footer)
        check_blank_rows(c, footer)
        found += c.problems
    assert not found, "\n".join(found)
