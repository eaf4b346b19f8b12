"""A document laid out by Typst to read where things fall, without making its PDF.

render/pdf/fit asks how many pages a short document takes and where a section ends. Each
question is one Typst layout of the document's source with a query appended, in one measuring
world per process: the source goes into one file that the world reads again at every question
(Typst's standard library is built once, not per question, and the layout of what the
questions share — a kop, a table's header — is taken from Typst's memo). No PDF is exported
and none is read back: the layout is the same one the PDF is made from.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_WORLDS: dict[int, tuple[Path, object]] = {}  # pid → (the source file, its compiler); a forked child makes its own


def _world() -> tuple[Path, object]:
    pid = os.getpid()
    if pid not in _WORLDS:
        import typst

        from rapatgen.render.pdf.typeset import _fonts

        from multiprocessing.util import Finalize

        folder = Path(tempfile.mkdtemp(prefix="rapatgen-ukur-"))
        # removed as the process ends: at exit, and in a forked pool worker too, which leaves by
        # os._exit after multiprocessing's finalizers, not atexit (build/workers._start_method)
        Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=0)
        path = folder / "ukur.typ"
        path.write_text("", encoding="utf-8")
        _WORLDS[pid] = (path, typst.Compiler(str(path), root="/", font_paths=_fonts(), ignore_system_fonts=True))
    return _WORLDS[pid]


def measure(doc, query: str, label: str) -> str:
    """The value (JSON) of the one metadata labelled `label` that `query` (Typst code appended
    to the document's source) places, after Typst has laid `doc` out."""
    from rapatgen.render.pdf.typeset import _image_files, typst_source

    path, compiler = _world()
    with _image_files():
        path.write_text(typst_source(doc) + query, encoding="utf-8")
        return compiler.query(f"<{label}>", field="value", one=True)
