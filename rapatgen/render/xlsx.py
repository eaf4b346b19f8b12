"""XLSX (openpyxl): the follow-up tracker (filters, frozen header, overdue rows marked), and report workbooks
described sheet by sheet (`SheetSpec`, `render_workbook`: the PPKE matrices)."""

from __future__ import annotations

import io
import re
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rapatgen.documents.tracker import SUMMARY_ORDER, summaries
from rapatgen.resolve.followups import STATUS_LABELS, FollowUp, progress
from rapatgen.resolve.status import LABELS
from rapatgen.render.xlsxcell import CELL_MAX, put, put_formula  # noqa: F401 (CELL_MAX: the limit put applies)
from rapatgen.render.zipfix import reproducible
from rapatgen.resolve.context import Context

OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
# The item sheet: every column stays on "Tindak Lanjut" (filters, `followup` ids); the printed page
# holds the first PRINTED columns (what a reader of the matriks needs, at >= 60 % on A4/F4 landscape)
# and the rest print from the second sheet, "Tindak Lanjut (lanjutan)", keyed by the same ID.
COLUMNS = [("ID", 28), ("Rapat", 26), ("Tanggal Rapat", 12), ("Kesepakatan / Arahan", 52), ("Penanggung Jawab", 30),
           ("Batas Waktu", 12), ("Keadaan", 20), ("Catatan Terakhir", 34),
           ("Butir", 24), ("Jenis", 12), ("Kelompok", 26), ("Rincian", 24), ("Status Tercatat", 16), ("Terlambat", 10),
           ("Tanggal Perubahan", 13), ("Bukti", 26), ("Lanjutan Dari", 24), ("Dilanjutkan Ke", 24)]
PRINTED = 8  # ID … Catatan Terakhir
REST_SHEET = "Tindak Lanjut (lanjutan)"
PROGRESS_COLUMNS = [("Butir", 26), ("Rapat dan Butir", 32), ("Kesepakatan / Arahan", 48), ("Penanggung Jawab", 30),
                    ("Dipantau per", 12), ("Jumlah Rincian", 9), ("Selesai", 9), ("Terlambat", 10),
                    ("% Selesai", 10), ("Keadaan", 30)]


def styled(made: dict, cell, key, style) -> None:
    """Give `cell` the format `style(cell)` sets, made once per `key` and copied after that.

    openpyxl hashes a style object on every assignment: at 1,000 meetings that was most of the
    tracker's time. The copy is the same style entry, so the file's bytes do not change.
    """
    key = (key, cell.quotePrefix)  # put() may have set Excel's quote prefix, a part of the style
    template = made.get(key)
    if template is None:
        style(cell)
        made[key] = copy(cell._style)
    else:
        cell._style = copy(template)


def _header(ws, names) -> None:
    for col, (name, width) in enumerate(names, 1):
        cell = put(ws, 1, col, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}1"


PAPER = {"A4": 9, "F4": 14}  # SpreadsheetML paperSize: 9 = A4, 14 = Folio 8.5 x 13 in (F4)


def print_setup(ws, kertas: str, last_row: int | None = None) -> None:
    """Prints as a matrix: landscape, the configured paper, header row on every page, fit to width.
    `last_row`: the sheet's last row when its body is kept apart (`LongRows`); default its own."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER.get(kertas, 9)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if (last_row or ws.max_row) > 1:
        ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Halaman &P dari &N"


def _item_style(cell, is_date: bool, overdue: bool) -> None:
    if is_date:
        cell.number_format = "DD-MM-YYYY"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if overdue:
        cell.fill = OVERDUE_FILL


def _item_styler(key: tuple[bool, bool]):
    """What styles an item cell of key (a date?, overdue?)."""
    is_date, overdue = key
    return lambda cell: _item_style(cell, is_date, overdue)


_PROGRESS_KEYS = [("butir", col == 9) for col in range(1, len(PROGRESS_COLUMNS) + 1)]


def _progress_style(cell) -> None:
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if cell.column == 9:
        cell.number_format = "0.0%"


def render_tracker_xlsx(ctx: Context, items: list[FollowUp], as_of: date) -> bytes:
    from rapatgen.render.xlsxrows import LongRows, save

    wb = Workbook()
    ws = wb.active
    ws.title = "Tindak Lanjut"
    _header(ws, COLUMNS)
    made: dict = {}
    body = LongRows(wb, made)  # the long sheets' rows, written as text when saved (as openpyxl would)
    rest = wb.create_sheet(REST_SHEET)
    _header(rest, COLUMNS[:1] + COLUMNS[PRINTED:])
    for row, f in enumerate(items, 2):
        last = f.state.last
        group = ctx.institution_name(f.item.pj) if f.rincian.anggota else None
        what = f.item.isi + (f"\nRincian: {f.rincian.detail}" if f.rincian.detail else "")
        values = [f.id, f.meeting.judul, f.meeting_date, what, ctx.institution_name(f.pj), f.batas_waktu,
                  f.label, last.catatan if last else None,
                  f.butir_id, f.kind, group, f.rincian.label or None, LABELS[f.state.stored],
                  "Ya" if f.overdue else "Tidak", last.tanggal if last else None,
                  "; ".join(f.evidence(as_of)) or None, f.item.lanjutan_dari, f.continued_by]
        overdue = f.status == "terlambat"
        for ws_, cells in ((ws, values), (rest, values[:1] + values[PRINTED:])):
            body.put_row(ws_, row, cells, [(isinstance(value, date), overdue) for value in cells], _item_styler)
    last_row = max(1, len(items) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    rest.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS) - PRINTED + 1)}{last_row}"
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{last_row}"
    summary = wb.create_sheet("Ringkasan per OPD")
    names = [("Penanggung Jawab", 50), ("Jenis", 24)] + [(STATUS_LABELS[k], 14) for k in SUMMARY_ORDER] \
        + [("Jumlah", 10), ("% Selesai", 11)]
    _header(summary, names)
    for row, s in enumerate(summaries(ctx, items), 2):
        values = [s.name, s.heading] + [s.counts[k] for k in SUMMARY_ORDER] + [s.total, s.completion.fraction]
        for col, value in enumerate(values, 1):
            cell = put(summary, row, col, value)
        cell.number_format = "0.0%"
    summary.auto_filter.ref = f"A1:{get_column_letter(len(names))}{summary.max_row}"
    per_item = wb.create_sheet("Ringkasan per Butir")
    _header(per_item, PROGRESS_COLUMNS)
    for row, p in enumerate(progress(items, ctx.directory), 2):
        values = [p.butir_id, p.parts[0].source_label, p.item.isi, ctx.institution_name(p.item.pj),
                  p.noun if p.split else "-", len(p.parts), p.done, p.count("terlambat"),
                  p.completion.fraction, p.text]
        body.put_row(per_item, row, values, _PROGRESS_KEYS[:len(values)], lambda key: _progress_style)
    per_item.auto_filter.ref = f"A1:{get_column_letter(len(PROGRESS_COLUMNS))}{body.last_row(per_item)}"
    info = wb.create_sheet("Keterangan")
    put(info, 1, 1, "Keadaan per")
    put(info, 1, 2, as_of).number_format = "DD-MM-YYYY"
    put(info, 2, 1, "Terlambat")
    put(info, 2, 2, "batas waktu lewat dan belum selesai/tidak dapat ditindaklanjuti (dihitung, tidak disimpan)")
    put(info, 3, 1, "Rincian")
    put(info, 3, 2, "butir dengan penanggung jawab kelompok dipantau per anggota; batas waktu per sesi dan komitmen "
                    "berulang dipantau per sesi/periode — satu baris per rincian")
    put(info, 4, 1, "Cetak")
    put(info, 4, 2, f"lembar Tindak Lanjut mencetak kolom {COLUMNS[0][0]} sampai {COLUMNS[PRINTED - 1][0]}; "
                    f"kolom lainnya dicetak dari lembar {REST_SHEET} (baris dengan ID yang sama)")
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 100
    for cell in info["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in wb.worksheets:
        print_setup(sheet, ctx.config.kertas, body.last_row(sheet))
    from rapatgen.documents.frame import issuer

    wb.properties.creator = wb.properties.lastModifiedBy = issuer(ctx, None)
    wb.properties.title = "Matriks Tindak Lanjut Hasil Rapat"
    wb.properties.created = wb.properties.modified = datetime(as_of.year, as_of.month, as_of.day)
    return reproducible(save(wb, body))


# --- report workbooks (PPKE matrices): sheets described by the report, drawn here ------------------
@dataclass
class Formula:
    """A formula rapatgen composes from cell references and numbers (never from YAML text), with the value it
    computes: the file stores both, so a reader that does not recalculate (openpyxl, a viewer) sees the figure."""

    expression: str  # without the leading '=', e.g. 'SUM(H5:H9)'
    value: float


@dataclass
class SheetSpec:
    """One sheet: title lines, a header row, body rows of values or `Formula`s.

    `kinds[i]` styles row i (body, group, subtotal, total); `formats` maps a column (1-based) to its number
    format; `header_row` is where the header lands (after the title lines and one blank row)."""

    title: str
    lines: list[str]
    columns: list[tuple[str, float]]
    rows: list[list] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    formats: dict[int, str] = field(default_factory=dict)
    landscape: bool = True
    input_cells: list[tuple[int, int]] = field(default_factory=list)  # (row, column) the user fills in

    @property
    def header_row(self) -> int:
        return len(self.lines) + 2 if self.lines else 1

    def row_of(self, index: int) -> int:
        """The sheet row of body row `index` (0-based)."""
        return self.header_row + 1 + index


GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
TOTAL_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def _draw_sheet(ws, spec: SheetSpec, kertas: str, cached: dict) -> None:
    from openpyxl.styles import Border, Side

    for i, line in enumerate(spec.lines, 1):
        put(ws, i, 1, line).font = Font(bold=i == 1, size=12 if i == 1 else 11)
    head = spec.header_row
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (name, width) in enumerate(spec.columns, 1):
        cell = put(ws, head, col, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = box
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for index, values in enumerate(spec.rows):
        row = spec.row_of(index)
        kind = spec.kinds[index] if index < len(spec.kinds) else "body"
        for col, value in enumerate(values, 1):
            if isinstance(value, Formula):
                cell = put_formula(ws, row, col, value.expression)
                cached[(ws.title, cell.coordinate)] = value.value
            else:
                cell = put(ws, row, col, value)
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col in spec.formats:
                cell.number_format = spec.formats[col]
            if kind in ("group", "subtotal", "total"):
                cell.font = Font(bold=True)
                cell.fill = GROUP_FILL if kind != "total" else TOTAL_FILL
            if (row, col) in spec.input_cells:
                cell.fill = INPUT_FILL
    ws.freeze_panes = ws.cell(row=head + 1, column=1).coordinate
    print_setup(ws, kertas)
    if not spec.landscape:
        ws.page_setup.orientation = "portrait"
    ws.print_title_rows = f"{head}:{head}"


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>')


def _with_cached_values(data: bytes, sheet_files: dict[str, str], cached: dict) -> bytes:
    """openpyxl writes a formula with an empty value; give each its computed value (Excel's own layout:
    `<c r=..><f>…</f><v>123</v></c>`), so every reader sees the figure, and keep recalculation on load."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            title = sheet_files.get(info.filename)
            if title is not None:
                def fill(match, title=title):
                    value = cached.get((title, match.group(1).decode()))
                    if value is None:
                        return match.group(0)
                    text = repr(float(value)) if not float(value).is_integer() else str(int(value))
                    return (b'<c r="' + match.group(1) + b'"' + match.group(2) + b"><f>" + match.group(3) +
                            b"</f><v>" + text.encode() + b"</v></c>")
                body = _FORMULA_CELL.sub(fill, body)
            target.writestr(info, body)
    return out.getvalue()


def render_workbook(sheets: list[SheetSpec], kertas: str, title: str, author: str, day: date) -> bytes:
    """A report workbook: each sheet drawn as its spec says, formulas stored with their values."""
    wb = Workbook()
    cached: dict = {}
    first = True
    for spec in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = spec.title
        _draw_sheet(ws, spec, kertas, cached)
    wb.properties.creator = wb.properties.lastModifiedBy = author
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = datetime(day.year, day.month, day.day)
    if cached:
        wb.calculation.fullCalcOnLoad = True  # a spreadsheet recomputes them on opening all the same
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet_files = {f"xl/worksheets/sheet{i}.xml": ws.title for i, ws in enumerate(wb.worksheets, 1)}
    return reproducible(_with_cached_values(buffer.getvalue(), sheet_files, cached))
