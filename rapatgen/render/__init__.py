"""Render: one backend per format (pdf/, docx/, xlsx), each a pure function document model → bytes.

A backend is imported when its format is first rendered: a PDF-only build's workers never import the
Word backend and python-docx (≈ 0.15 s of CPU in each worker process)."""

from collections.abc import MutableMapping
from importlib import import_module

_BACKENDS = {"docx": ("rapatgen.render.docx.document", "render_docx"),
             "pdf": ("rapatgen.render.pdf.document", "render_pdf")}


class _Renderers(MutableMapping):
    """format → render function, each backend imported on first use (a format given its own function
    here, as tests do, keeps it until it is given back or deleted)."""

    def __init__(self):
        self._set: dict = {}

    def __getitem__(self, fmt: str):
        if fmt in self._set:
            return self._set[fmt]
        module, name = _BACKENDS[fmt]
        return getattr(import_module(module), name)

    def __setitem__(self, fmt: str, render) -> None:
        self._set[fmt] = render

    def __delitem__(self, fmt: str) -> None:
        if fmt not in self._set and fmt not in _BACKENDS:
            raise KeyError(fmt)
        self._set.pop(fmt, None)

    def __iter__(self):
        return iter({**dict.fromkeys(_BACKENDS), **self._set})

    def __len__(self) -> int:
        return len({**dict.fromkeys(_BACKENDS), **self._set})


RENDERERS = _Renderers()


def __getattr__(name: str):
    """`render_docx` and `render_pdf`, imported when first asked for."""
    if name.startswith("render_") and name[len("render_"):] in _BACKENDS:
        return RENDERERS[name[len("render_"):]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RENDERERS", "render_docx", "render_pdf"]
