"""Layout rule 8.1 on every table (render/layout.fit_columns): a column narrower than its longest word
— the LP2KD's 0.6 cm 'No' at 9 pt bold, 'Bawaan' and 'Terlambat' in its per-OPD table, 'Kesepakatan'
in the roll-up — is widened in both backends, the room taken from columns that have it to spare; a
table whose words all fit is drawn exactly as written."""

from __future__ import annotations

from rapatgen.model.blocks import Cell, Column, Document, PageSetup, Section, Table, runs
from rapatgen.render.docx.document import render_docx
from rapatgen.render.layout import CELL_INSET_PT, fit_columns, text_width_pt
from rapatgen.render.pdf.document import render_pdf
from tests.layout import check_cell_inset

PAGE = PageSetup(215, 330, (2, 2, 2.5, 3), "Arial", 12, 1.15)


def _doc(widths: list[float]) -> Document:
    columns = [Column("No", widths[0], "center"), Column("Kesepakatan / Arahan", widths[1]),
               Column("Terlambat", widths[2], "right")]
    rows = [[Cell([runs(f"{i}.")]), Cell([runs("Menyampaikan data keluarga miskin ekstrem " * 3)]),
             Cell([runs(str(i))])] for i in range(1, 13)]
    return Document("lp2kd", "x", [Section([Table(columns, rows, font_size=9)])], PAGE)


def test_narrow_columns_widened_from_the_wide_one_and_nothing_else_changes():
    doc = _doc([0.6, 12.0, 0.9])
    fitted = fit_columns(doc)
    before = [c.width for c in doc.sections[0].blocks[0].columns]
    columns = fitted.sections[0].blocks[0].columns
    width_pt = (21.5 - 5) * 72 / 2.54
    total = sum(c.width for c in columns)
    printed = [width_pt * c.width / total for c in columns]
    assert printed[0] >= text_width_pt("No", 9, bold=True) + 2 * CELL_INSET_PT
    assert printed[2] >= text_width_pt("Terlambat", 9, bold=True) + 2 * CELL_INSET_PT
    assert printed[1] < width_pt * before[1] / sum(before)  # the room came from the text column
    assert abs(sum(printed) - width_pt) < 0.01
    assert [c.title for c in columns] == [c.title for c in doc.sections[0].blocks[0].columns]
    assert [c.width for c in doc.sections[0].blocks[0].columns] == before  # the model given is not changed
    roomy = _doc([2.0, 10.0, 3.0])
    assert fit_columns(roomy) is roomy


def test_both_backends_draw_the_fitted_columns():
    """The PDF directly; the Word file gets the same widths (its grid, in twips)."""
    import re
    import zipfile
    from io import BytesIO

    doc = _doc([0.6, 12.0, 0.9])
    assert check_cell_inset("x", doc, render_pdf(doc)) == []
    xml = zipfile.ZipFile(BytesIO(render_docx(doc))).read("word/document.xml").decode()
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
    assert grid[0] / 20 >= text_width_pt("No", 9, bold=True) + 2 * CELL_INSET_PT - 0.1
    assert grid[2] / 20 >= text_width_pt("Terlambat", 9, bold=True) + 2 * CELL_INSET_PT - 0.1
