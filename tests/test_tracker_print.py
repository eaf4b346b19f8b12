"""Issue 19 item 12: the XLSX tracker prints readably. Its 18 columns fitted to one page wide
printed at about 30 %; the item sheet now prints the columns a reader needs (print area) and the
rest from a second sheet, every sheet at >= 60 % on A4 and F4 landscape."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from rapatgen.check.project import load_project
from rapatgen.render.xlsx import render_tracker_xlsx
from rapatgen.resolve.context import Context
from rapatgen.resolve.followups import collect
from tests.conftest import KALTIM_ROOT, ROOT
from tests.layout_xlsx import MIN_SCALE, check_workbook_print, print_scale, printed_columns

DAY = date(2025, 2, 15)
READER = ["Rapat", "Kesepakatan / Arahan", "Penanggung Jawab", "Batas Waktu", "Keadaan", "Catatan Terakhir"]
A4, F4 = 9, 14


def tracker_workbook(root):
    proj = load_project(root)
    meetings = [m.model for m in proj.meetings]
    ctx = Context(proj.config, proj.directory, proj.root, DAY, meetings)
    items = collect(meetings, DAY, proj.directory)
    return openpyxl.load_workbook(io.BytesIO(render_tracker_xlsx(ctx, items, DAY)))


@pytest.fixture(scope="module", params=[ROOT, KALTIM_ROOT], ids=["buleleng", "kaltim"])
def wb(request):
    return tracker_workbook(request.param)


def test_every_sheet_prints_at_sixty_percent_or_more(wb):
    assert check_workbook_print("matriks-tindak-lanjut.xlsx", wb, papers=(A4, F4)) == []
    ws = wb["Tindak Lanjut"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == F4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert print_scale(ws) >= MIN_SCALE and print_scale(ws, A4) >= MIN_SCALE


def test_the_printed_area_holds_what_a_reader_needs_and_the_rest_prints_from_a_second_sheet(wb):
    ws = wb["Tindak Lanjut"]
    header = [c.value for c in ws[1]]
    assert len(header) == 18  # every column stays on the sheet for filtering
    printed = [header[c - 1] for c in printed_columns(ws)]
    assert printed[0] == "ID" and set(READER) <= set(printed), printed
    assert len(printed) < len(header)
    rest = wb.worksheets[1]
    assert rest.title == "Tindak Lanjut (lanjutan)"
    rest_header = [c.value for c in rest[1]]
    assert rest_header[0] == "ID" and set(rest_header[1:]) == set(header) - set(printed)
    assert [rest_header[c - 1] for c in printed_columns(rest)] == rest_header  # all of it prints
    assert rest.print_title_rows == "$1:$1" and ws.print_title_rows == "$1:$1"
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    rest_rows = {r[0]: dict(zip(rest_header, r)) for r in rest.iter_rows(min_row=2, values_only=True)}
    assert rows and list(rest_rows) == list(rows)
    for key, values in rest_rows.items():
        assert all(rows[key][name] == value for name, value in values.items()), key
    # the printed area covers every item row
    assert ws.print_area.endswith(f"${ws.max_row}")
