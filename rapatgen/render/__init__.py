"""Render: one backend per format (pdf/, docx/, xlsx), each a pure function document model → bytes."""

from rapatgen.render.docx.document import render_docx
from rapatgen.render.pdf.document import render_pdf

RENDERERS = {"docx": render_docx, "pdf": render_pdf}

__all__ = ["RENDERERS", "render_docx", "render_pdf"]
