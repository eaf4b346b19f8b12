"""Stage 5: one backend per format, each a pure function document model → bytes."""

from rapatgen.render.docx import render_docx
from rapatgen.render.pdf import render_pdf

RENDERERS = {"docx": render_docx, "pdf": render_pdf}

__all__ = ["RENDERERS", "render_docx", "render_pdf"]
