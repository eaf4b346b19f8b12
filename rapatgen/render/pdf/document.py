"""One document model → PDF bytes: typeset whole, or a long table in pieces (memory flat in its length)."""

from __future__ import annotations

from rapatgen.model.blocks import Document
from rapatgen.render.layout import fit_columns
from rapatgen.render.pdf import pieces as pdf_pieces
from rapatgen.render.pdf.typeset import _image_files, compile_pdf, typst_source

def render_pdf(doc: Document) -> bytes:
    doc = fit_columns(doc)  # before a long table is cut into pieces: every piece has the whole table's columns
    if pdf_pieces.long_table(doc) is not None:  # memory flat in the table's length
        return pdf_pieces.render_in_pieces(doc)
    with _image_files():
        return compile_pdf(typst_source(doc))
