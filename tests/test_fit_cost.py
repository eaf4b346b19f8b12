"""Issue 22.5 and the full build's regression: the layout rules of issue 19 (a short matriks fitted
on the page of its kop, blank attendance rows filling their page, columns that hold their words)
cost what they measure and no more. Counted, never timed."""

from __future__ import annotations

import dataclasses

import pytest

from rapatgen.model.blocks import Cell, Column, Document, PageSetup, Section, Table, runs
from rapatgen.render import layout


@pytest.fixture
def typst_work(monkeypatch):
    """Every Typst world made, every question asked of one and every PDF compiled while a test runs."""
    import typst

    import importlib

    from rapatgen.render.pdf import document, typeset

    seen = {"worlds": 0, "queries": 0, "pdfs": 0}
    real = typst.Compiler

    class Counted:
        def __init__(self, *args, **kwargs):
            seen["worlds"] += 1
            self._c = real(*args, **kwargs)

        def query(self, *args, **kwargs):
            seen["queries"] += 1
            return self._c.query(*args, **kwargs)

        def compile(self, *args, **kwargs):
            seen["pdfs"] += 1
            return self._c.compile(*args, **kwargs)

    monkeypatch.setattr(typst, "Compiler", Counted)
    try:  # a world an earlier test made is not counted
        monkeypatch.setattr(importlib.import_module("rapatgen.render.pdf.measure"), "_WORLDS", {})
    except ImportError:  # the code before it
        pass
    real_pdf = typeset.compile_pdf

    def compile_pdf(text):
        seen["pdfs"] += 1
        return real_pdf(text)

    monkeypatch.setattr(typeset, "compile_pdf", compile_pdf)
    monkeypatch.setattr(document, "compile_pdf", compile_pdf)
    return seen


def test_fitting_lays_out_in_one_world_and_makes_no_pdf(typst_work):
    """fit_on_one_page asked each step's page count of a PDF it compiled and read back (a PDF
    made and thrown away, 43 % of a compile being the PDF itself), and fill_blank_rows built a
    fresh Typst world for every measurement (Typst's library rebuilt, nothing of the layout
    before it reused). Now each is one layout with a query, all in one world per process."""
    from rapatgen.render.pdf.fit import fill_blank_rows, fit_on_one_page
    from tests.test_blank_rows import attendance
    from tests.test_tail_pages import _matrix

    fitted = fit_on_one_page(_matrix(3, "FOCUS GROUP DISCUSSION " * 9))  # tightened step by step
    assert fitted.sections[0].blocks[-1].blocks[0].space_cm is not None
    filled = fill_blank_rows(attendance(13))  # measured, then checked
    assert filled.sections[0].blocks[3].blank_rows > 1
    assert typst_work["pdfs"] == 0
    assert typst_work["worlds"] == 1
    assert typst_work["queries"] >= 4  # at least: the page count, a step; the blank rows, their check


def _table(cells: list[str], bold: bool = False) -> Table:
    return Table([Column("No", 0.1), Column("Uraian", 5.0)],
                 [[Cell([runs(f"{i + 1}.")]), Cell([runs(text)], bold=bold)] for i, text in enumerate(cells)])


def test_a_cells_words_are_measured_once_per_process(monkeypatch):
    """fit_columns runs for every table each time a document is laid out (the fit's measurements,
    the PDF, the Word file): a cell's text is cut into words and measured the first time only."""
    if hasattr(layout, "_widest_1000"):  # what an earlier test measured
        layout._widest_1000.cache_clear()
    cut = []
    real = layout._pieces
    monkeypatch.setattr(layout, "_pieces", lambda text: cut.append(text) or real(text))
    doc = Document("x", "x", [Section([_table(["Dinas Sosial Provinsi", "SIKS-NG/DTKS"] * 20)])],
                   PageSetup(210, 297, (2, 2, 2, 2), "Arial", 12, 1.15))
    first = layout.fit_columns(doc)
    assert first is not doc  # the 'No' column widened for '40.'
    assert sorted(cut) == sorted({"No", "Uraian", "Dinas Sosial Provinsi", "SIKS-NG/DTKS"} | {f"{i}." for i in range(1, 41)})
    cut.clear()
    assert layout.fit_columns(doc) == first and layout.fit_columns(first) is first
    assert cut == []


def test_what_a_column_needs_follows_each_input():
    """The widths kept per text cover all a column's need depends on: the text, bold or not, the size."""
    base = layout.column_needs(_table(["kata pendek"]), 10)
    assert layout.column_needs(_table(["kata pendek"]), 10) == base
    assert layout.column_needs(_table(["kata berkepanjangan"]), 10)[1] > base[1]
    assert layout.column_needs(_table(["kata pendek"], bold=True), 10)[1] > base[1]
    assert layout.column_needs(_table(["kata pendek"]), 12)[1] > base[1]
    t = _table(["kata pendek"])
    total = dataclasses.replace(t, row_kinds=["total"])  # a total row is set bold
    assert layout.column_needs(total, 10)[1] > base[1]
    # each equals the widest piece measured on its own, at the size asked
    assert base[1] == (layout.text_width_pt("pendek", 10) + 2 * layout.CELL_INSET_PT + layout.FIT_SLACK_PT)


def test_a_runs_markup_is_made_once_per_process(monkeypatch):
    """The fit lays a document out again to measure it, then the PDF is made: the Typst markup of
    a run (a cell's name, number, date) is written the first time only."""
    from rapatgen.render.pdf import typeset

    if hasattr(typeset, "_run_source"):  # what an earlier test wrote
        typeset._run_source.cache_clear()
    asked = []
    real = typeset.unbreakable
    monkeypatch.setattr(typeset, "unbreakable", lambda text: asked.append(text) or real(text))
    doc = Document("x", "x", [Section([_table([f"Dinas Sosial {i}, SIKS-NG/DTKS" for i in range(30)])])],
                   PageSetup(210, 297, (2, 2, 2, 2), "Arial", 12, 1.15))
    first = typeset.typst_source(doc)
    assert len(asked) > 60
    asked.clear()
    assert typeset.typst_source(doc) == first
    assert sorted(asked) == ["No", "Uraian"]  # the column titles only (written with joined, not as runs)


def test_a_runs_markup_follows_each_input():
    """The markup kept per run covers all it depends on: its text, bold, italic, underline, and
    the box it is written in (an identifier wider than a narrow cell is not kept whole)."""
    from rapatgen.model.blocks import Run
    from rapatgen.render.pdf.typeset import inline

    plain = inline([Run("nomor 400.9.14/57/Bappeda")])
    assert inline([Run("nomor 400.9.14/57/Bappeda")]) == plain
    assert inline([Run("nomor 400.9.14/58/Bappeda")]) != plain
    assert len({plain, inline([Run("nomor 400.9.14/57/Bappeda", bold=True)]),
                inline([Run("nomor 400.9.14/57/Bappeda", italic=True)]),
                inline([Run("nomor 400.9.14/57/Bappeda", underline=True)])}) == 4
    with layout.room(20.0, 10.0):  # too narrow to keep the number whole
        narrow = inline([Run("nomor 400.9.14/57/Bappeda")])
    assert narrow != plain and "#box" in plain
