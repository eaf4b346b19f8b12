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
PREFIX = "rapatgen-ukur-"  # + the maker's pid + "-" + mkdtemp's letters
LEFT_AFTER = 600  # seconds without a question before a dead maker's folder counts as left behind


def _world() -> tuple[Path, object]:
    pid = os.getpid()
    if pid not in _WORLDS:
        import typst

        from rapatgen.render.pdf.typeset import _fonts

        _remove_left_behind(Path(tempfile.gettempdir()))
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-"))
        _remove_at_exit(folder)
        path = folder / "ukur.typ"
        path.write_text("", encoding="utf-8")
        _WORLDS[pid] = (path, typst.Compiler(str(path), root="/", font_paths=_fonts(), ignore_system_fonts=True))
    return _WORLDS[pid]


def _remove_left_behind(temp: Path) -> None:
    """Measuring folders whose maker was killed outright (SIGKILL, the machine's OOM killer: nothing runs at
    exit) are removed by the next process that measures, so they do not pile up in /tmp. Only a folder named
    with a pid that no longer runs here, whose source file was last written over LEFT_AFTER seconds ago: a
    live maker rewrites it at every question, and a pid alive (or another user's) is never touched — nor is
    a folder of a process in another pid namespace sharing /tmp while it still measures."""
    import time

    now = time.time()
    try:
        entries = [e for e in os.scandir(temp) if e.name.startswith(PREFIX)]
    except OSError:
        return
    for entry in entries:
        maker = entry.name[len(PREFIX):].split("-", 1)[0]
        if not maker.isdigit() or int(maker) == os.getpid():
            continue
        try:
            os.kill(int(maker), 0)
            continue  # alive (or not ours to signal)
        except ProcessLookupError:
            pass
        except OSError:
            continue
        try:
            last = max([os.stat(f).st_mtime for f in os.scandir(entry.path)] or [entry.stat().st_mtime])
        except OSError:
            continue
        if now - last > LEFT_AFTER:
            shutil.rmtree(entry.path, True)


def _remove_at_exit(folder: Path) -> None:
    """`folder` removed as this process ends. A pool worker (multiprocessing already imported: spawned, or
    forked from a build that made its pool) leaves by os._exit after multiprocessing's finalizers, not atexit
    (build/workers._start_method): a finalizer, run only in the process that made it. Elsewhere — a one-change
    build measures in its own process, with no pool — atexit, without importing multiprocessing (with socket,
    selectors, signal, subprocess: ≈ 5 ms of CPU) for it, and, as a finalizer, only in this process: the
    folder stays its parent's to remove in a child forked later."""
    import sys

    if "multiprocessing" in sys.modules:
        from multiprocessing.util import Finalize

        Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=0)
        return
    import atexit

    pid = os.getpid()

    def remove() -> None:
        if os.getpid() == pid:  # as a finalizer: not in a child forked after, which may end through atexit
            shutil.rmtree(folder, True)

    atexit.register(remove)


def measure(doc, query: str, label: str) -> str:
    """The value (JSON) of the one metadata labelled `label` that `query` (Typst code appended
    to the document's source) places, after Typst has laid `doc` out."""
    from rapatgen.render.pdf.typeset import _image_files, typst_source

    path, compiler = _world()
    with _image_files():
        path.write_text(typst_source(doc) + query, encoding="utf-8")
        return compiler.query(f"<{label}>", field="value", one=True)
