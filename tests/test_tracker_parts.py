"""The project tracker after one follow-up item changed: work in proportion to what changed.

Counts, never time (bench/incremental.py measures): the words of a table are measured once for
both formats; a piece of the PDF whose rows did not change is neither written as Typst source nor
compiled again; a block of DOCX rows that did not change is not written again (issue 22 item 5,
second bullet)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rapatgen.render import layout
from tests.conftest import KALTIM_ROOT, MemoryStore, copy_example_project
from tests.layout import AS_OF


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    """The Kalimantan Timur example's context, in a copy (the tracker keeps its PDF's pieces there)."""
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    project = load_project(copy_example_project(KALTIM_ROOT, tmp_path_factory.mktemp("kaltim")))
    use_project(project.root)
    yield Context(project.config, project.directory, project.root, AS_OF, [mf.model for mf in project.meetings],
                  [pf.model for pf in project.programmes])
    use_project(None)


def test_each_table_s_words_are_measured_once_for_both_formats(ctx, monkeypatch):
    from rapatgen.build.tracker import tracker_files

    measured = Counter()
    needs = layout.column_needs

    def counting(t, size_pt):
        measured[id(t)] += 1
        return needs(t, size_pt)
    monkeypatch.setattr(layout, "column_needs", counting)
    files = tracker_files(ctx, ctx.meetings, ("docx", "pdf"), with_xlsx=True)
    assert [name for name, _ in files] == ["matriks-tindak-lanjut.docx", "matriks-tindak-lanjut.pdf",
                                           "matriks-tindak-lanjut.xlsx"]
    assert len(measured) == 2 and set(measured.values()) == {1}  # the summary and the items: once each
    assert layout._FITTED is None  # nothing kept after the tracker


@pytest.mark.slow
def test_only_the_pieces_whose_rows_changed_are_written_again(ctx, monkeypatch):
    """The tracker's PDF in pieces (thresholds lowered for the example): made again with one item's text
    changed, only the piece holding it is written as Typst source and compiled (and the first, whose
    source is its key); the file is the one made without a store."""
    from copy import deepcopy

    from rapatgen.build.tracker import tracker_document
    from rapatgen.model.blocks import Run, Table
    from rapatgen.render.pdf import pieces as pdf_pieces
    from rapatgen.render.pdf import typeset

    monkeypatch.setattr(pdf_pieces, "LONG_TABLE_ROWS", 10)
    monkeypatch.setattr(pdf_pieces, "PIECE_ROWS", 12)
    written, compiled = [], []
    body, compile_piece = typeset.typst_body, pdf_pieces._compile_piece
    monkeypatch.setattr(typeset, "typst_body", lambda doc: written.append(doc) or body(doc))
    monkeypatch.setattr(pdf_pieces, "_compile_piece", lambda *a: compiled.append(a) or compile_piece(*a))
    _, doc = tracker_document(ctx, ctx.meetings)
    doc = layout.fit_columns(doc)
    store = MemoryStore()
    first = pdf_pieces.render_in_pieces(doc, store)
    made = len(compiled)
    assert made >= 3 and len(written) == made  # every piece written and compiled once
    written.clear(), compiled.clear()
    assert pdf_pieces.render_in_pieces(doc, store) == first
    assert len(written) == 1 and compiled == []  # the first piece's source is its key; nothing compiled

    changed = deepcopy(doc)
    table = [b for b in changed.sections[0].blocks if isinstance(b, Table)][-1]
    row = next(r for r in table.rows[-len(table.rows) // 3:] if len(r) > 2)  # in a later piece
    row[2].content = [[Run(row[2].content[0][0].text.replace("a", "o", 1))] + row[2].content[0][1:]]
    written.clear(), compiled.clear()
    again = pdf_pieces.render_in_pieces(changed, store)
    assert len(written) == 2 and len(compiled) == 1  # the first piece's source, and the changed piece
    assert again != first and again == pdf_pieces.render_in_pieces(changed)  # the same bytes as made whole


@pytest.mark.slow
def test_only_the_docx_rows_blocks_that_changed_are_written_again(ctx, monkeypatch):
    """The tracker's DOCX (thresholds lowered for the example): made again unchanged, none of its items
    table's rows is written; with one item's text changed, only the block of rows holding it; the file is
    the one made without a store."""
    from copy import deepcopy

    from rapatgen.build.tracker import tracker_document
    from rapatgen.model.blocks import Run, Table
    from rapatgen.render.docx import document as docx_document
    from rapatgen.render.docx.wordml import TableXml

    monkeypatch.setattr(docx_document, "LONG_TABLE_ROWS", 10)
    monkeypatch.setattr(docx_document, "CHUNK_ROWS", 8)
    rows = []
    add_row = TableXml.add_row
    monkeypatch.setattr(TableXml, "add_row", lambda self, cells, **kw: rows.append(cells) or add_row(self, cells, **kw))
    _, doc = tracker_document(ctx, ctx.meetings)
    table = [b for b in doc.sections[0].blocks if isinstance(b, Table)][-1]
    assert len(table.rows) > 3 * 8
    plain = docx_document.render_docx(doc)
    every = len(rows)
    store = MemoryStore()
    with docx_document.rows_kept_in(store):
        assert docx_document.render_docx(doc) == plain
        rows.clear()
        assert docx_document.render_docx(doc) == plain
        fixed = len(rows)
        assert fixed <= every - len(table.rows)  # headers, the signature: no item row

        changed = deepcopy(doc)
        table = [b for b in changed.sections[0].blocks if isinstance(b, Table)][-1]
        row = next(r for r in table.rows[len(table.rows) // 2:] if len(r) > 2)
        row[2].content = [[Run(row[2].content[0][0].text + " (diubah)")] + row[2].content[0][1:]]
        rows.clear()
        again = docx_document.render_docx(changed)
    assert len(rows) == fixed + 8  # and the block of eight rows holding the changed one
    assert again != plain and again == docx_document.render_docx(changed)


def _table():
    from rapatgen.model.blocks import Cell, Column, Run, Table

    rows = [[Cell([[Run(f"butir {i}")]]), Cell([[Run("Dinas", bold=i == 2)]])] for i in range(6)]
    return Table([Column("No", 1.0), Column("Isi", 3.0)], rows, ["group"] + ["body"] * 5, font_size=9)


def _set_text(t):
    t.rows[1][0].content[0][0].text = "butir satu"


def _set_italic(t):
    t.rows[2][1].content[0][0].italic = True


def _set_align(t):
    t.rows[3][1].align = "right"


def _set_kind(t):
    t.row_kinds[1] = "subtotal"


def _set_next_kind(t):
    t.row_kinds[4] = "total"  # the row after the block: the block's last row keeps with it


def _set_size(t):
    t.font_size = 10


def _set_column(t):
    t.columns[1].align = "center"


@pytest.mark.parametrize("change", [_set_text, _set_italic, _set_align, _set_kind, _set_next_kind, _set_size,
                                    _set_column])
def test_a_docx_rows_block_key_covers_what_the_rows_show(change):
    """Every input of a block of rows changes its key (no stale block): a cell's text and formatting, a
    row's kind and the next row's, the table's text size and columns; and so do the widths and style."""
    from rapatgen.render.docx.document import _chunk_key
    from rapatgen.render.tablekeys import texts_once

    def key(t, widths=(2.0, 6.0), style="Sel9", keep_last=False):
        return _chunk_key(t, 1, 4, list(widths), style, None, keep_last, 11)

    t = _table()
    before = key(t)
    with texts_once():
        assert key(t) == before  # the texts kept once are the same texts
    assert key(t, widths=(2.5, 5.5)) != before and key(t, style="Sel10") != before
    assert key(t, keep_last=True) != before
    change(t)
    assert key(t) != before


def _later_row(table, part: int = 3):
    """A row with an item's text in the last `1/part` of `table` (a later piece)."""
    return next(r for r in table.rows[-len(table.rows) // part:] if len(r) > 2)


@pytest.mark.slow
def test_the_join_reads_only_the_pieces_that_changed(ctx, monkeypatch):
    """The tracker's PDF in pieces (thresholds lowered for the example), joined again: a piece joined before
    at the same place, and the footers, are written as the bytes they were, not read again; only the changed
    piece's pages are added. A change that moves what follows (a longer piece) or one in the first piece
    gives the file joined whole all the same."""
    from copy import deepcopy

    from pypdf import PdfWriter

    from rapatgen.build.tracker import tracker_document
    from rapatgen.model.blocks import Run, Table
    from rapatgen.render.pdf import pieces as pdf_pieces

    monkeypatch.setattr(pdf_pieces, "LONG_TABLE_ROWS", 10)
    monkeypatch.setattr(pdf_pieces, "PIECE_ROWS", 12)
    added, footers = [], []
    add_page, footer_objects = PdfWriter.add_page, pdf_pieces._footer_objects
    monkeypatch.setattr(PdfWriter, "add_page", lambda self, page, *a: added.append(page) or add_page(self, page, *a))
    monkeypatch.setattr(pdf_pieces, "_footer_objects", lambda *a: footers.append(a) or footer_objects(*a))
    _, doc = tracker_document(ctx, ctx.meetings)
    doc = layout.fit_columns(doc)
    store = MemoryStore()
    first = pdf_pieces.render_in_pieces(doc, store)
    pages = len(added)
    assert pages >= 3 and len(footers) == pages  # every page added and given its footer, once
    added.clear(), footers.clear()
    assert pdf_pieces.render_in_pieces(doc, store) == first
    assert added == [] and footers == []  # nothing read again

    def changed(edit, part=3):
        new = deepcopy(doc)
        table = [b for b in new.sections[0].blocks if isinstance(b, Table)][-1]
        edit(_later_row(table, part)[2])
        added.clear(), footers.clear()
        made = pdf_pieces.render_in_pieces(new, store)
        count, pieces_read = len(added), len({id(page.pdf) for page in added})
        assert made != first and made == pdf_pieces.render_in_pieces(new)  # the bytes of the join made whole
        return count, pieces_read

    def text(cell):
        cell.content = [[Run(cell.content[0][0].text.replace("a", "o", 1))] + cell.content[0][1:]]
    count, read = changed(text)
    assert 0 < count < pages and read == 1  # the changed piece's pages; the others and the footers kept
    assert len(footers) == pages  # (all of them from the join made whole)

    def longer(cell):
        cell.content = cell.content + [[Run("tambahan " * 60)]] * 6
    assert changed(longer)[0] > pages  # a page more: the pieces after it, and the footers, are elsewhere
    assert changed(text, part=1)[1] == 1  # the first piece (the catalogue is taken from it) changed


def test_a_joined_block_key_covers_where_it_stands():
    """A piece's joined objects are kept under its PDF, the pages kept, its first object's number, the page
    tree's, its first page's place and the PDF standard: each changes the key; a kept block cut short or of
    another shape is not used."""
    from rapatgen.render.pdf.pieces import _Block, _block_key

    def key(data=b"%PDF-1.7 a", keep=11, first=4, tree=1, page=0, pdfa=True, kind="gabung"):
        return _block_key(kind, data, f"{keep} {first} {tree} {page}", pdfa)

    before = key()
    assert key() == before
    for changed in (key(data=b"%PDF-1.7 b"), key(keep=10), key(first=5), key(tree=2), key(page=14), key(pdfa=False),
                    key(kind="gabung-kaki")):
        assert changed != before
    block = _Block(4, [5, 9], [[70, 71, 72], [73, 74, 75]], {3: 4, 8: 5}, [b"<< /A 1 >>", b"stream\nx\nendstream"])
    read = _Block.read(block.payload())
    assert (read.first, read.pages, read.footers, read.translated, read.bodies) == \
        (block.first, block.pages, block.footers, block.translated, block.bodies)
    assert _Block.read(block.payload()[:-1]) is None and _Block.read(b"{}\n") is None and _Block.read(None) is None


@pytest.mark.parametrize("formats, with_xlsx, absent", [
    (("pdf",), False, ["rapatgen.render.xlsx", "openpyxl", "rapatgen.render.docx.document", "docx"]),
    (("docx",), False, ["rapatgen.render.xlsx", "openpyxl", "rapatgen.render.pdf.pieces", "typst"]),
])
def test_the_tracker_imports_only_the_formats_asked_for(tmp_path, formats, with_xlsx, absent):
    """A PDF-only build's tracker imports neither the XLSX writer (openpyxl) nor the Word backend; a
    DOCX-only one not the PDF backend (each ≈ 0.15-0.3 s of CPU in the process that makes the tracker)."""
    import subprocess
    import sys
    import textwrap

    root = copy_example_project(KALTIM_ROOT, tmp_path / "kaltim")
    code = textwrap.dedent(f"""
        import sys
        from rapatgen.build.tracker import tracker_files
        from rapatgen.check.project import load_project
        from rapatgen.resolve.context import Context
        from rapatgen.text.templating import use_project
        from datetime import date

        from pathlib import Path
        project = load_project(Path({str(root)!r}))
        use_project(project.root)
        ctx = Context(project.config, project.directory, project.root, date{AS_OF.timetuple()[:3]!r},
                      [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
        files = tracker_files(ctx, ctx.meetings, {formats!r}, with_xlsx={with_xlsx!r})
        print(" ".join(name for name, _ in files))
        print(" ".join(m for m in {absent!r} if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    made, imported = (done.stdout.split("\n") + [""])[:2]
    assert made.split() == [f"matriks-tindak-lanjut.{fmt}" for fmt in formats]
    assert imported.split() == []
