"""Files shipped inside the package (fonts, wording templates, sample logos, new-meeting template).

They are read with importlib.resources, so a wheel, `pip install .` or `pipx install` works
from any folder: nothing is looked up next to the source tree. A project may override the
wording with its own `templates/teks/*.j2` (see `templating.py`).
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from rapatgen.text.errors import RapatgenError

PACKAGE = "rapatgen"
DATA = "data"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


class MissingResource(RapatgenError):
    """A file rapatgen itself ships (font, template) is missing: a broken installation."""


def _reinstall_hint() -> str:
    return "pasang ulang rapatgen (mis. 'python3 -m pip install --force-reinstall rapatgen')"


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The package's data folder as a real directory (extracted once if installed zipped)."""
    traversable = files(PACKAGE) / DATA
    if isinstance(traversable, Path):
        path = traversable
    else:  # pragma: no cover - zip imports: extract for the life of the process
        stack = ExitStack()
        atexit.register(stack.close)
        path = Path(stack.enter_context(as_file(traversable)))
    if not path.is_dir():
        raise MissingResource(f"folder data rapatgen tidak ditemukan ({path}) — {_reinstall_hint()}")
    return path


def data_file(*parts: str) -> Path:
    path = data_dir().joinpath(*parts)
    if not path.is_file():
        raise MissingResource(f"berkas bawaan rapatgen '{'/'.join(parts)}' tidak ditemukan — {_reinstall_hint()}")
    return path


def fonts_dir() -> Path:
    """The folder of shipped fonts; an error (never a silent fallback) when it holds none."""
    folder = data_dir() / "fonts"
    if not folder.is_dir() or not any(p.suffix.lower() in FONT_SUFFIXES for p in folder.iterdir()):
        raise MissingResource(f"huruf bawaan rapatgen tidak ditemukan di {folder} — PDF tanpa huruf tidak "
                              f"dibuat; {_reinstall_hint()}")
    return folder


