"""Issue 19 item 1: a daftar hadir's blank rows (for those who come unannounced) fill the page they
start on and never begin a new one (rule 19.1b, run on every example page by tests/test_layout.py),
and rows asked for that do not fit where they start never leave that page half empty (rule 19.1c).
The examples' lists are made after their meetings (no blank rows), so the rule is shown here on
attendance lists of every length, before the meeting."""

from __future__ import annotations

import re

import pytest

from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, Letterhead, PageSetup, Section, SignatureBlock,
                                   Signatures, Table, Title, runs)
from rapatgen.render.pdf.document import render_pdf
from rapatgen.render.pdf.fit import _apply, fill_blank_rows
from tests.layout import (PT_PER_CM, Checked, check_blank_rows, check_early_breaks, check_signatures, check_tails,
                          read_pdf)

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
    check_early_breaks(c, footer)
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


@pytest.mark.parametrize("filled,minimum", [(0, 19), (1, 19), (5, 18), (11, 10)])
def test_rows_asked_for_that_do_not_fit_where_they_start_run_on_from_a_full_page(filled, minimum):
    """Closing note of stop 27: blank rows asked for (jumlah_peserta) that fit on a page but not in
    the room left under the title or the listed people were kept together with the row above them
    and the signature, and the whole went to page 2, leaving page 1 half empty (22 cm free under
    the title with 19 asked for). They now run on from a full page 1; the last page is filled."""
    doc = attendance(filled, blank=minimum, minimum=minimum)
    kept_together = _apply(doc, {(0, 3): (minimum, True)})  # what the fit did before
    assert any(": aturan 19.1c: halaman 1 diputus terlalu awal" in p for p in problems(kept_together))
    fitted = fill_blank_rows(doc)
    assert not problems(fitted), (filled, minimum)
    t = fitted.sections[0].blocks[3]
    assert t.blank_rows >= minimum
    first_page = read_pdf(render_pdf(fitted))[0]
    numbers = [w["text"] for w in first_page.words if w["x0"] < 4.5 * PT_PER_CM and re.fullmatch(r"\d+\.", w["text"])]
    assert len(numbers) >= 15, numbers  # page 1 carries a full sheet of rows


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
    docs["m19"] = fill_blank_rows(attendance(1, blank=19, minimum=19))
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
        check_early_breaks(c, footer)
        found += c.problems
    assert not found, "\n".join(found)


def test_a_meeting_asking_for_twenty_rows_fills_page_1(project):
    """The user's case: a rakor with `jumlah_peserta: 20` and one person listed. The PDF's page 1
    carries the first rows under the title (before: only the kop and the title, the whole table on
    page 2); every row asked for is in the DOCX and the PDF."""
    import io
    from datetime import date

    import docx
    import pdfplumber

    from rapatgen.build.compose import compose_meeting
    from rapatgen.check.project import load_project
    from rapatgen.render import RENDERERS
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project
    from tests.conftest import uji_meeting, write_meeting

    write_meeting(project, uji_meeting().replace("    tempat: Aula Bappeda\n",
                                                 "    tempat: Aula Bappeda\n    jumlah_peserta: 20\n"))
    p = load_project(project)
    use_project(p.root)
    ctx = Context(p.config, p.directory, p.root, date(2025, 3, 1), [mf.model for mf in p.meetings],
                  [pf.model for pf in p.programmes])
    (_, _, doc), = compose_meeting(ctx, p.meeting("uji-1").model, ["daftar-hadir"])[0]
    with pdfplumber.open(io.BytesIO(RENDERERS["pdf"](doc))) as pdf:
        pages = [[w["text"] for w in page.extract_words() if w["x0"] < 4.5 * PT_PER_CM and re.fullmatch(r"\d+\.", w["text"])]
                 for page in pdf.pages]
    assert len(pages) == 2 and pages[0][:3] == ["1.", "2.", "3."] and len(pages[0]) >= 18, pages
    numbers = [int(n[:-1]) for page in pages for n in page]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 20
    table, = [t for t in docx.Document(io.BytesIO(RENDERERS["docx"](doc))).tables if t.rows[0].cells[0].text == "No"]
    assert [r.cells[0].text for r in table.rows[1:] if r.cells[0].text] == [f"{n}." for n in numbers]
