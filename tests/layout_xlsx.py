"""Layout checker, the workbook rule (issue 19 item 12): every sheet of an XLSX prints at a
readable scale when fitted to the page width.

Excel and LibreOffice shrink a sheet set to "fit to 1 page wide" by printable width / width of
what is printed. What is printed is the print area when there is one, else every used column.
A column's stored width is in characters of the default font's digit (Calibri 11: 7 px at 96 dpi,
padding included), so it is width × 7 × 0.75 points. Returns problems in plain words (empty = ok).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter, range_boundaries

MIN_SCALE = 0.60
PT_PER_CHAR = 7 * 0.75  # one width unit = 7 px of Calibri 11 = 5.25 pt
DEFAULT_WIDTH = 8.43 + 5 / 7  # a column without its own width (Excel's 64 px)
PAPER_PT = {9: (595.3, 841.9), 14: (612.0, 936.0), 8: (841.9, 1190.6)}  # A4, F4/folio 8.5×13 in, A3 (portrait w, h)


def printed_columns(ws) -> range:
    """Column numbers that print: the print area's, else A … the last used column."""
    area = ws.print_area
    if area:
        refs = area if isinstance(area, (list, tuple)) else str(area).split(",")
        assert len(refs) == 1, f"{ws.title}: print area of several ranges ({area}) prints each on its own pages"
        ref = refs[0].split("!")[-1].replace("$", "")
        lo, _, hi, _ = range_boundaries(ref)
        return range(lo, hi + 1)
    return range(1, ws.max_column + 1)


def column_width_pt(ws, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
    return width * PT_PER_CHAR


def printed_width_pt(ws) -> float:
    return sum(column_width_pt(ws, c) for c in printed_columns(ws))


def printable_width_pt(ws, paper: int | None = None) -> float:
    w, h = PAPER_PT[int(paper or ws.page_setup.paperSize or 9)]
    across = h if ws.page_setup.orientation == "landscape" else w
    return across - 72 * ((ws.page_margins.left or 0.75) + (ws.page_margins.right or 0.75))


def print_scale(ws, paper: int | None = None) -> float:
    """The zoom Excel applies when this sheet is fitted to one page wide (1.0 = 100 %, never more)."""
    if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage):
        return (ws.page_setup.scale or 100) / 100
    return min(1.0, printable_width_pt(ws, paper) / printed_width_pt(ws))


def check_workbook_print(name: str, wb, papers=(None,)) -> list[str]:
    """Every sheet prints at >= MIN_SCALE on its paper (and on each paper of `papers` asked)."""
    problems = []
    for ws in wb.worksheets:
        for paper in papers:
            scale = print_scale(ws, paper)
            if scale < MIN_SCALE:
                problems.append(f"{name} [{ws.title}]: dicetak {scale:.0%} (kolom "
                                f"{get_column_letter(printed_columns(ws)[0])}–"
                                f"{get_column_letter(printed_columns(ws)[-1])}, kertas {paper or ws.page_setup.paperSize})")
    return problems



