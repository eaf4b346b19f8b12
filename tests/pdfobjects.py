"""pdfplumber's reading of a PDF, parsed once per test run for each content.

Parsing a page's content stream (pdfminer, in Python) is most of what the layout checks cost: a
third of the suite's PDF reading went to files another test had already parsed (the same example
document read by tests/test_layout.py, test_lp2kd.py, test_ppke.py and test_part_tail.py; a
meeting's bundle and its singles read by two tests of test_bundle.py), often on the other
pytest-xdist worker. `open_pdf` hands out a pdfplumber PDF whose pages already hold their parsed
objects when any process of this run has parsed the same bytes before.

Why this cannot leak from one test to another:
- the key is the SHA-256 of the PDF's bytes, and what is kept is a function of those bytes alone
  (pdfplumber's objects of each page: chars, lines, rects, curves, images), with the pdfplumber
  and pdfminer versions in the key;
- each `open_pdf` gets its own fresh copy (unpickled from the file), so a test that changes the
  lists or dicts it got changes only its own copy;
- the folder belongs to one run: the first pytest process (the xdist controller, or the only one
  with -n 0) makes it when it loads tests/conftest.py and removes it at its exit; nothing is kept
  from one run to the next. A record is written to a temporary name and renamed, so a reader sees
  a whole record or none.

Every page's objects are the same whether they came from the file or were parsed here: an image's
raw `stream` and its `colorspace` (pdfminer objects tied to the open document, which no check
reads) are left out in both cases, so a test never sees a difference between a first and a
later reading.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path

FOLDER_VARIABLE = "RAPATGEN_TEST_PDF_OBJECTS"
_IMAGE_DROPPED = ("stream", "colorspace")


@functools.cache
def _version_tag() -> bytes:
    from importlib.metadata import version

    import pdfplumber

    return f"pdfplumber {pdfplumber.__version__}, pdfminer {version('pdfminer.six')}".encode()


def record_key(data: bytes) -> str:
    return hashlib.sha256(_version_tag() + b"\0" + data).hexdigest()


def _plain(objects: dict[str, list[dict]]) -> dict[str, list[dict]]:
    if "image" not in objects:
        return objects
    return {**objects, "image": [{k: v for k, v in im.items() if k not in _IMAGE_DROPPED} for im in objects["image"]]}


def _kept(page, objects) -> bool:
    """Give `page` its parsed objects; False when this pdfplumber does not take them (then it
    parses the page itself, as without this module)."""
    page._objects = objects
    return page.objects is objects


@contextlib.contextmanager
def open_pdf(source: Path | bytes):
    """pdfplumber.open of `source` (bytes or a path), every page's objects parsed once per run."""
    import pdfplumber  # here, not above: tests/conftest.py imports this module in every pytest process

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    folder = os.environ.get(FOLDER_VARIABLE)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if folder and os.path.isdir(folder):
            _prime(pdf, Path(folder) / f"{record_key(data)}.pickle")
        yield pdf


def _prime(pdf, record: Path) -> None:
    try:
        kept = pickle.loads(record.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        kept = None
    if kept is not None and len(kept) == len(pdf.pages):
        for page, objects in zip(pdf.pages, kept):
            if not _kept(page, objects):
                return
        return
    parsed = [_plain(page.objects) for page in pdf.pages]
    for page, objects in zip(pdf.pages, parsed):
        if not _kept(page, objects):
            return
    fd, temp = tempfile.mkstemp(dir=record.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(parsed, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, record)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
