"""The PDF/A-2b checker (tests/pdfa.py) itself: a PDF we make passes, and files that break
the clauses it reads are caught (so a pass on the examples means something)."""

from __future__ import annotations

import io

import pikepdf
import pypdf

from rapatgen.model.blocks import Document, Paragraph, Section, runs
from rapatgen.render.pdf.document import render_pdf
from tests.pdfa import check_pdfa2b
from tests.test_blocks import PAGE


def _ours() -> bytes:
    return render_pdf(Document("notulen", "Uji PDF/A", [Section([Paragraph(runs("Isi uji."))])], PAGE,
                               author="Bappeda Kabupaten Contoh"))


def _edited(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_our_pdf_passes():
    assert check_pdfa2b(_ours()) == []


def test_a_plain_pdf_is_not_pdfa():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    problems = check_pdfa2b(out.getvalue())
    assert any(p.startswith("6.2.3") for p in problems) and any(p.startswith("6.6.2.1") for p in problems)


def test_broken_clauses_are_reported():
    data = _ours()
    no_intent = _edited(data, lambda pdf: pdf.Root.__delitem__("/OutputIntents"))
    assert any(p.startswith("6.2.3") for p in check_pdfa2b(no_intent))

    def add_javascript(pdf):
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    assert any(p.startswith("6.6.1") for p in check_pdfa2b(_edited(data, add_javascript)))

    def retitle(pdf):
        pdf.trailer.Info.Title = pikepdf.String("Judul lain")
    assert any("dc:title" in p for p in check_pdfa2b(_edited(data, retitle)))
