"""Long sheets without an openpyxl Cell per cell: the bytes openpyxl writes, at a fraction of the cost.

The project tracker at 500 meetings has ≈ 97,000 cells (2,850 items on two sheets, 1,400 rows of
progress). Putting each into openpyxl (a Cell object, its value checked, its style copied) and
serialising it again (lxml, one element at a time) took 2.2–2.6 s, more than half of the tracker's
CPU after one follow-up item changed. `LongRows` keeps each body cell as its value and its style
(`styled`'s template: made once per key on a scratch cell with `put`, so the workbook registers the
same fonts, fills and formats in the same order) and writes the rows as text when the workbook is
saved (`save`): the header rows and every other sheet are openpyxl's own, the style ids are taken in
the order openpyxl takes them (first written, first numbered), and each cell is `xlsxcell`'s
`cell_xml`. tests/test_xlsx_rows.py compares the file with the one openpyxl makes cell by cell.

Inside `kept_in` (the build gives the tracker `.rapatgen/cache/tabel-xlsx/`) the rows' text is kept in
blocks of BLOCK_ROWS under a key of what they hold, style numbers included (they are still taken in the
order openpyxl takes them, kept block or not): after one item changed, only its blocks are written again.
"""

from __future__ import annotations

import io
from copy import copy
from datetime import datetime, timezone

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from rapatgen.render.xlsxcell import cell_xml_writer, put
from rapatgen.render.scope import Scoped
from rapatgen.text.cells import FORMULA_START

_PLACE = "rapatgen-baris"  # the comment the rows replace in a sheet's XML


class LongRows:
    """The body rows of the long sheets of one workbook, kept until `save` writes them."""

    def __init__(self, wb, made: dict | None = None):
        from openpyxl.worksheet.worksheet import Worksheet

        self.wb = wb
        self.made = made if made is not None else {}  # (key, quote prefix) → style template, as `styled` keeps
        self.sheets: dict[int, dict[int, dict]] = {}  # id(ws) → {row: {column: (value, style)}}
        self._scratch = Worksheet(wb)  # bound to the workbook (its styles), not one of its sheets
        self._seen: set[type] = set()
        self._shapes: dict[tuple, tuple] = {}  # a row's shape → its cells' styles (`put_row`)

    def _cell(self, row: int, column: int, value):
        """A fresh scratch cell at (row, column) holding `value` as `put` leaves it (a style may read where)."""
        self._scratch._cells.clear()
        return put(self._scratch, row, column, value)

    def put(self, ws, row: int, column: int, value, key, style) -> None:
        """What `styled(made, put(ws, row, column, value), key, style)` does, without a Cell in `ws`."""
        kind = type(value)
        if kind not in self._seen:  # what `put` registers in the workbook for a value of this kind (a date's format)
            self._seen.add(kind)
            self._cell(row, column, value)
        template = self.made.get((key, isinstance(value, str) and value.startswith(FORMULA_START)))
        if template is None:
            cell = self._cell(row, column, value)
            style(cell)
            template = self.made[(key, cell.quotePrefix)] = copy(cell._style)  # the key `styled` gives it
        cells = self.sheets.setdefault(id(ws), {}).setdefault(row, {})
        if column in cells:  # openpyxl would style the cell it holds again: not the same file
            raise ValueError(f"cell {get_column_letter(column)}{row} of {ws.title!r} put twice")
        cells[column] = (value, template)

    def put_row(self, ws, row: int, values, keys, style) -> None:
        """`put(ws, row, column, value, keys[i], style(keys[i]))` for each of `values`, from column 1. A row of
        a shape met before (its values' types, which of them read as formulas, the keys) takes that row's
        styles as they are: nothing is made or registered for it, as `put` would make nothing. At 300
        meetings the tracker's 60,000 cells, put one by one, took ≈ 0.06 s of the XLSX's 0.25 s."""
        shape = (tuple(map(type, values)),
                 tuple(isinstance(v, str) and v.startswith(FORMULA_START) for v in values), tuple(keys))
        templates = self._shapes.get(shape)
        if templates is None:  # cell by cell: the styles made, and registered, in the order `put` makes them
            for column, (value, key) in enumerate(zip(values, keys), 1):
                self.put(ws, row, column, value, key, style(key))
            made = self.sheets[id(ws)][row]
            self._shapes[shape] = tuple(made[column][1] for column in range(1, len(values) + 1))
            return
        cells = self.sheets.setdefault(id(ws), {})
        if row in cells:  # openpyxl would style the cells it holds again: not the same file
            raise ValueError(f"row {row} of {ws.title!r} put twice")
        cells[row] = dict(zip(range(1, len(values) + 1), zip(values, templates)))

    def last_row(self, ws) -> int:
        rows = self.sheets.get(id(ws))
        return max(ws.max_row, max(rows)) if rows else ws.max_row


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer; the long rows stand after the sheet's own rows, as a placeholder first."""

    def __init__(self, ws, rows: dict[int, dict]):
        self.long = rows
        super().__init__(ws, out=io.BytesIO())

    def write_dimensions(self):
        from openpyxl.worksheet.dimensions import SheetDimension

        cells = list(self.ws._cells)
        rows = [r for r, _ in cells] + list(self.long)
        cols = [c for _, c in cells] + [c for row in self.long.values() for c in row]
        self.xf.send(SheetDimension(f"{get_column_letter(min(cols))}{min(rows)}:"
                                    f"{get_column_letter(max(cols))}{max(rows)}").to_tree())

    def write_rows(self):
        from lxml.etree import Comment

        if self.long and self.ws._cells and max(r for r, _ in self.ws._cells) >= min(self.long):
            raise ValueError("long rows must follow the sheet's own rows")
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            for row_idx, row in self.rows():
                self.write_row(xf, row, row_idx)
            xf.write(Comment(_PLACE))
        self.xf.send(None)


class _Writer(ExcelWriter):
    def __init__(self, workbook, archive, long: LongRows):
        super().__init__(workbook, archive)
        self.long = long

    def write_worksheet(self, ws):
        rows = self.long.sheets.get(id(ws))
        if not rows:
            return super().write_worksheet(ws)
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()  # as ExcelWriter.write_worksheet
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, rows)
        writer.write()  # the sheet's own rows: their style ids are taken first, as openpyxl takes them
        ws._rels = writer._rels
        body = _rows_xml(self.workbook, rows)
        data = writer.out.getvalue().replace(f"<!--{_PLACE}-->".encode("ascii"), body.encode("ascii"), 1)
        self._archive.writestr(ws.path[1:], data)
        self.manifest.append(ws)


BLOCK_ROWS = 100  # rows of a long sheet kept together between builds (`kept_in`)
_STORE = Scoped()  # where blocks of rows are kept while `kept_in` is open


def kept_in(store):
    """Keep (and reuse) the text of the long sheets' rows saved inside in `store` (`files.cache.BlobCache`: `get`,
    `put`), BLOCK_ROWS rows a block, under a key of what they hold: each row's number, and each cell's column,
    style number and value. After one follow-up item changed, only the blocks holding its rows are written."""
    return _STORE.holding(store)


def _block_key(epoch, lines: list) -> str:
    """What a block of rows is written from: `lines` ((row, [(column, style number, value) …]) …, the values as
    `put` was given them: a text, number, truth value, date or None, each with a repr of its own), the
    workbook's epoch (a date's serial number), the tool (how a cell is written)."""
    from rapatgen.files import cache

    return cache.digest(cache.tool_digest(), "xlsx-baris", str(epoch), repr(lines))


def _rows_xml(wb, rows: dict[int, dict]) -> str:
    cell_xml = cell_xml_writer(wb.epoch)
    ids: dict[int, int | None] = {}
    letters = {}
    out = []
    order = sorted(rows)
    store = _STORE.held
    for at in range(0, len(order), BLOCK_ROWS):
        lines = []
        for row in order[at:at + BLOCK_ROWS]:
            cells = rows[row]
            line = []
            for column in sorted(cells):
                value, style = cells[column]
                sid = ids.get(id(style), -1)
                if sid == -1:  # numbered when first written, as openpyxl numbers a cell's style (kept or not)
                    sid = ids[id(style)] = wb._cell_styles.add(style) if style is not None and any(style) else None
                line.append((column, sid, value))
            lines.append((row, line))
        key = _block_key(wb.epoch, lines) if store is not None else None
        kept = store.get(key) if key is not None else None
        if kept is not None:
            out.append(kept.decode("ascii"))
            continue
        block = []
        for row, line in lines:
            block.append(f'<row r="{row}">')
            for column, sid, value in line:
                letter = letters.get(column) or letters.setdefault(column, get_column_letter(column))
                block.append(cell_xml(f"{letter}{row}", sid, value))
            block.append("</row>")
        text = "".join(block)
        if key is not None:
            store.put(key, text.encode("ascii"))
        out.append(text)
    return "".join(out)


def save(wb, long: LongRows) -> bytes:
    """The workbook's bytes, as `wb.save` writes them, with the long rows in their sheets."""
    from zipfile import ZIP_STORED, ZipFile

    if wb.iso_dates or wb.write_only:
        raise ValueError("LongRows writes dates as serial numbers, in an ordinary workbook")
    buffer = io.BytesIO()
    # stored, not deflated: the file is packed again by zipfix.reproducible (which deflates it)
    with ZipFile(buffer, "w", ZIP_STORED, allowZip64=True) as archive:
        wb.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)  # as openpyxl's save_workbook
        _Writer(wb, archive, long).write_data()
    return buffer.getvalue()
