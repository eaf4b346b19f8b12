"""The project tracker typeset in pieces (rapatgen.render.pdf.pieces) is the same document.

A long table is compiled as several Typst documents and joined, so memory stays flat in the
number of meetings; here the thresholds are lowered so that the Kalimantan Timur example's
tracker is cut into several pieces, and the result is compared with one compile of the whole
table: the same pages, every word at the same place (page footers included), the layout
rules of tests/layout.py, PDF/A-2b metadata, and the same bytes when made again.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from rapatgen.render.pdf import pieces as pdf_pieces
from rapatgen.render.pdf.document import render_pdf
from tests.conftest import KALTIM_ROOT
from tests.layout import AS_OF, check_document


@pytest.fixture(scope="module")
def tracker():
    from rapatgen.build.tracker import tracker_document
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    project = load_project(KALTIM_ROOT)
    use_project(project.root)
    meetings = [mf.model for mf in project.meetings]
    ctx = Context(project.config, project.directory, project.root, AS_OF, meetings,
                  [pf.model for pf in project.programmes])
    _, doc = tracker_document(ctx, meetings)
    yield doc
    use_project(None)


def _render(doc, monkeypatch, long_rows: int, piece_rows: int = pdf_pieces.PIECE_ROWS) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(pdf_pieces, "LONG_TABLE_ROWS", long_rows)
        m.setattr(pdf_pieces, "PIECE_ROWS", piece_rows)
        return render_pdf(doc)


def _words(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as pdf_file:
        return [[(w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in page.extract_words()]
                for page in pdf_file.pages]


@pytest.mark.slow
def test_tracker_in_pieces_is_the_same_document(tracker, monkeypatch):
    rows = max(len(b.rows) for b in tracker.sections[0].blocks if hasattr(b, "rows"))
    assert rows > 20, "the example's tracker is too short to be cut"
    whole = _render(tracker, monkeypatch, long_rows=10 ** 9)
    pieces = _render(tracker, monkeypatch, long_rows=10, piece_rows=12)
    assert whole != pieces  # really made in pieces
    a, b = _words(whole), _words(pieces)
    assert len(a) == len(b) > 3
    for number, (page_a, page_b) in enumerate(zip(a, b), 1):
        assert page_a == page_b, f"halaman {number} berbeda"
    assert any(re.search(rf"Halaman {len(b)} dari {len(b)}", " ".join(w[0] for w in page)) for page in b[-1:])
    assert check_document("matriks-tindak-lanjut.pdf", tracker, pieces) == []
    assert _render(tracker, monkeypatch, long_rows=10, piece_rows=12) == pieces  # a rebuild: the same bytes


@pytest.mark.slow
def test_tracker_in_pieces_is_pdfa(tracker, monkeypatch):
    from tests.pdfa import check_pdfa2b

    pieces = _render(tracker, monkeypatch, long_rows=10, piece_rows=12)
    assert check_pdfa2b(pieces) == []  # the PDF/A-2b clauses tests/pdfa.py reads
    reader = PdfReader(io.BytesIO(pieces))
    root = reader.trailer["/Root"]
    assert pieces.startswith(b"%PDF-1.7\n%")
    xmp_stream = root["/Metadata"].get_object()
    assert "/Filter" not in xmp_stream
    xmp = xmp_stream.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert f"<xmpTPg:NPages>{len(reader.pages)}</xmpTPg:NPages>" in xmp
    assert root.get("/OutputIntents") and root.get("/Lang") == "id"
    doc_id = reader.trailer["/ID"][0]
    doc_id = doc_id.original_bytes.decode("latin-1") if hasattr(doc_id, "original_bytes") else str(doc_id)
    assert f"<xmpMM:DocumentID>{doc_id}</xmpMM:DocumentID>" in xmp
    info = reader.metadata
    assert info["/Title"] == tracker.title and "/Producer" not in info
    assert f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{tracker.title}</rdf:li>" in xmp


def test_short_tables_stay_one_compile(tracker):
    assert pdf_pieces.long_table(tracker) is None  # the examples' trackers: one compile, bytes as before


@pytest.mark.slow
def test_a_character_no_font_has_gives_a_plain_pdf_in_pieces_too(tracker, monkeypatch):
    from copy import deepcopy

    from rapatgen.model.blocks import Run, Table
    from rapatgen.text.glyphs import is_pdfa

    doc = deepcopy(tracker)
    table = [b for b in doc.sections[0].blocks if isinstance(b, Table)][-1]
    table.rows[-1][2].content = [[Run("会议 selesai")]]
    pdf = _render(doc, monkeypatch, long_rows=10, piece_rows=12)
    assert not is_pdfa(pdf) and len(PdfReader(io.BytesIO(pdf)).pages) == len(_words(pdf)) > 3
