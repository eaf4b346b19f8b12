"""Render: one backend per format (pdf/, docx/, xlsx), each a pure function document model → bytes.

A backend is imported when its format is first rendered: a PDF-only build's workers never import the
Word backend and python-docx (≈ 0.15 s of CPU in each worker process)."""

from collections.abc import Mapping
from importlib import import_module

_BACKENDS = {"docx": ("rapatgen.render.docx.document", "render_docx"),
             "pdf": ("rapatgen.render.pdf.document", "render_pdf")}


class _Renderers(Mapping):
    """format → render function, each backend imported on first use."""

    def __getitem__(self, fmt: str):
        module, name = _BACKENDS[fmt]
        return getattr(import_module(module), name)

    def __iter__(self):
        return iter(_BACKENDS)

    def __len__(self) -> int:
        return len(_BACKENDS)


RENDERERS = _Renderers()


def __getattr__(name: str):
    """`render_docx` and `render_pdf`, imported when first asked for."""
    if name.startswith("render_") and name[len("render_"):] in _BACKENDS:
        return RENDERERS[name[len("render_"):]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RENDERERS", "render_docx", "render_pdf"]
