"""The project tracker's XLSX with its long sheets written as text (render/xlsxrows.py, issue 22 item 5):
no openpyxl Cell per item, and the same bytes as openpyxl's own save of the same cells put one by one."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from rapatgen.check.project import load_project
from rapatgen.render import xlsx, xlsxrows
from rapatgen.render.xlsxcell import put
from rapatgen.render.zipfix import reproducible
from rapatgen.resolve.context import Context
from tests.conftest import EXAMPLE_PER, MemoryStore, replace_in

LONG_SHEETS = {"Tindak Lanjut", xlsx.REST_SHEET, "Ringkasan per Butir"}

# text as meetings write it, and as they should not but may: quotes, markup, formulas, spaces around,
# line ends (CR too), letters outside ASCII (one outside the BMP), the longest cell
ODD = ["biasa", "  spasi di depan", "di belakang ", "\tberjarak", "baris\nkedua", "CR\r\nLF", "", "'kutip' \"dua\"",
       "<b>tebal</b> & <i>miring</i>", "=SUM(A1:A9)", "+62 361", "-", "@ketua", "#N/A", "é…–“”", "emoji 😀",
       "]]>", "x" * 40_000, " ", "\u00a0nbsp\u00a0"]
VALUES = [*ODD, None, 0, 7, -3, 2.5, 1 / 3, 1e20, 0.125, True, False, date(2025, 2, 15), date(1900, 1, 1),
          datetime(2025, 3, 1, 13, 45)]


class _CellByCell:
    """The reference: what the tracker did before LongRows — `put` every cell and `styled` it, openpyxl's save."""

    def __init__(self, wb, made=None):
        self.made = made if made is not None else {}

    def put(self, ws, row, column, value, key, style):
        xlsx.styled(self.made, put(ws, row, column, value), key, style)

    def put_row(self, ws, row, values, keys, style):
        for column, (value, key) in enumerate(zip(values, keys), 1):
            self.put(ws, row, column, value, key, style(key))

    def last_row(self, ws):
        return ws.max_row


def _cell_by_cell_save(wb, _rows) -> bytes:
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(rows_class, save) -> bytes:
    wb = Workbook()
    wb.properties.created = datetime(2025, 1, 1)  # not the clock's second: the two workbooks compared are made apart
    ws = wb.active
    ws.title = "Lembar"
    for col in range(1, 6):
        put(ws, 1, col, f"Kolom {col}").fill = PatternFill("solid", fgColor="D9D9D9")
    other = wb.create_sheet("Lain")
    put(other, 1, 1, "x")
    rows = rows_class(wb, {})

    def style(cell, odd):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if odd:
            cell.fill = PatternFill("solid", fgColor="F8CBAD")
        if cell.column == 3:
            cell.number_format = "0.0%"

    for i, value in enumerate(VALUES):
        row = 2 + i // 2
        for col in (range(1, 4) if i % 2 == 0 else range(4, 9)):
            odd = (i + col) % 3 == 0
            rows.put(ws, row, col, VALUES[(i + col) % len(VALUES)], ("k", odd, col == 3), lambda c: style(c, odd))
    for i, value in enumerate(VALUES):
        rows.put(other, 2 + i, 2, value, ("lain", False, False), lambda c: c)  # cells without a style of their own
    return reproducible(save(wb, rows))


def test_long_rows_are_the_bytes_openpyxl_writes():
    assert _sheet(xlsxrows.LongRows, xlsxrows.save) == _sheet(_CellByCell, _cell_by_cell_save)


def test_a_long_row_cell_is_put_once():
    wb = Workbook()
    rows = xlsxrows.LongRows(wb)
    rows.put(wb.active, 2, 1, "a", "k", lambda c: c)
    with pytest.raises(ValueError):
        rows.put(wb.active, 2, 1, "b", "k", lambda c: c)


@pytest.fixture
def odd_kaltim(kaltim):
    """The Kaltim example with odd text in a follow-up item (and its pj's name left as it is)."""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml",
               "isi: Seluruh perangkat daerah menyelaraskan program dan kegiatan penanggulangan kemiskinan dengan "
               "sasaran BNBA.", 'isi: "=SUM(A1) é… <b>&amp;</b>\\n  Seluruh perangkat daerah 😀 "')
    return kaltim


def _tracker_xlsx(root):
    from rapatgen.build.tracker import tracker_document

    project = load_project(root)
    ctx = Context(project.config, project.directory, project.root, date.fromisoformat(EXAMPLE_PER),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    items, _ = tracker_document(ctx, ctx.meetings)
    assert len(items) > 10
    return xlsx.render_tracker_xlsx(ctx, items, ctx.today)


def test_tracker_xlsx_is_what_openpyxl_writes_cell_by_cell(odd_kaltim, monkeypatch):
    fast = _tracker_xlsx(odd_kaltim)
    monkeypatch.setattr(xlsxrows, "LongRows", _CellByCell)
    monkeypatch.setattr(xlsxrows, "save", _cell_by_cell_save)
    assert fast == _tracker_xlsx(odd_kaltim)


def test_tracker_xlsx_makes_no_cell_per_item(odd_kaltim, monkeypatch):
    """The long sheets' body rows are kept as values and written as text: an openpyxl Cell for each of the
    97,000 cells of the tracker at 500 meetings was more than half of its CPU after one item changed."""
    from openpyxl.cell.cell import Cell

    made = []
    real = Cell.__init__

    def counting(self, worksheet, row=None, column=None, value=None, style_array=None):
        made.append((worksheet.title, row))
        real(self, worksheet, row, column, value, style_array)

    monkeypatch.setattr(Cell, "__init__", counting)
    _tracker_xlsx(odd_kaltim)
    assert {title for title, _ in made} >= LONG_SHEETS  # their header rows are openpyxl's cells
    assert [(title, row) for title, row in made if title in LONG_SHEETS and row > 1] == []


def test_only_the_blocks_of_rows_that_changed_are_written_again(kaltim, monkeypatch):
    """The tracker's XLSX with its rows kept (blocks of 4 rows for the example): made again unchanged, no
    cell of the long sheets is written as text; with one item's text changed, only the blocks holding its
    rows (one on each of the three long sheets); the bytes are those made without a store."""
    from dataclasses import replace

    from rapatgen.build.tracker import tracker_document

    monkeypatch.setattr(xlsxrows, "BLOCK_ROWS", 4)
    written = []
    writer = xlsxrows.cell_xml_writer

    def counting(epoch):
        cell_xml = writer(epoch)
        return lambda ref, sid, value: written.append(ref) or cell_xml(ref, sid, value)
    monkeypatch.setattr(xlsxrows, "cell_xml_writer", counting)
    project = load_project(kaltim)
    ctx = Context(project.config, project.directory, project.root, date.fromisoformat(EXAMPLE_PER),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    items, _ = tracker_document(ctx, ctx.meetings)
    assert len(items) > 3 * 4
    plain = xlsx.render_tracker_xlsx(ctx, items, ctx.today)
    every = len(written)
    store = MemoryStore()
    with xlsxrows.kept_in(store):
        assert xlsx.render_tracker_xlsx(ctx, items, ctx.today) == plain
        written.clear()
        assert xlsx.render_tracker_xlsx(ctx, items, ctx.today) == plain
        assert written == []
        k = len(items) // 2
        changed = [*items[:k], replace(items[k], item=items[k].item.model_copy(update={"isi": "Isi yang diubah"})),
                   *items[k + 1:]]
        written.clear()
        again = xlsx.render_tracker_xlsx(ctx, changed, ctx.today)
    rows = {int("".join(c for c in ref if c.isdigit())) for ref in written}
    assert len(rows) <= 3 * 4 and 0 < len(written) < every / 4  # the blocks holding the item's rows
    assert again != plain and again == xlsx.render_tracker_xlsx(ctx, changed, ctx.today)


def test_a_block_of_rows_key_covers_what_its_cells_hold():
    """Every input of a block's text changes its key: a row's number, a cell's column, style number and value
    (its type too: 1, 1.0, True and "1" are written differently), the workbook's epoch."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    def key(row=2, column=1, sid=3, value="a", epoch=CALENDAR_WINDOWS_1900):
        return xlsxrows._block_key(epoch, [(row, [(column, sid, value), (2, None, None)])])

    before = key()
    assert key() == before
    others = [key(row=3), key(column=2), key(sid=4), key(sid=None), key(value="b"), key(value=None),
              key(epoch=CALENDAR_MAC_1904), key(value=date(2025, 1, 2)), key(value=datetime(2025, 1, 2))]
    others += [key(value=v) for v in (1, 1.0, True, "1")]
    assert len({before, *others}) == 1 + len(others)


def test_a_row_put_whole_takes_the_styles_of_its_shape_only():
    """`put_row` reuses the styles of an earlier row of the same shape: rows that differ from the first in one
    thing each — a value's type (a date: its number format), a text read as a formula (the quote prefix), a
    cell's key — are styled as `put` styles them cell by cell (the bytes openpyxl writes)."""
    def sheet(rows_class, save) -> bytes:
        wb = Workbook()
        wb.properties.created = datetime(2025, 1, 1)
        ws = wb.active
        rows = rows_class(wb, {})

        def styler(key):
            def style(cell):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if key[1]:
                    cell.fill = PatternFill("solid", fgColor="F8CBAD")
            return style
        shapes = [["a", date(2025, 1, 2), 3], ["b", date(2025, 1, 3), 4],  # the same shape twice
                  ["c", "teks", 5], ["=d", date(2025, 1, 4), 6], ["-", None, 7.5], ["e", date(2025, 1, 5), 8],
                  ["f", datetime(2025, 1, 6, 10), 9]]  # the keys of the first, a type not met before
        for row, values in enumerate(shapes, 2):
            odd = row == 7  # another key, the same types as the first
            rows.put_row(ws, row, values, [(isinstance(v, date), odd) for v in values], styler)
        return reproducible(save(wb, rows))

    assert sheet(xlsxrows.LongRows, xlsxrows.save) == sheet(_CellByCell, _cell_by_cell_save)
