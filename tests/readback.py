"""Read generated files back the way a user would see them."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import docx
import pypdf
from docx.oxml.ns import qn


def docx_text(source: Path | bytes, tables: bool = True) -> str:
    """All text of a DOCX in document order, one paragraph per line; `tables=False` skips tables."""
    d = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    lines = []
    body = d.element.body.iterchildren() if not tables else d.element.body.iter()
    for el in body:
        if el.tag == qn("w:p"):
            text = "".join((t.text or "") if t.tag == qn("w:t") else "-"
                           for t in el.iter(qn("w:t"), qn("w:noBreakHyphen")))
            text = text.replace("\u2060", "").replace("\u00a0", " ")  # joins that keep identifiers whole
            if text:
                lines.append(text)
    return "\n".join(lines)


_PDF_TEXTS: dict[bytes, str] = {}


def pdf_text(source: Path | bytes) -> str:
    """The text of every page (pypdf). Read once per process for each content: many tests read the
    same document (the shared example builds, a project built alike in several files), and the
    text is a function of the file's bytes alone (keyed by their SHA-256; a str cannot be changed)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    key = hashlib.sha256(data).digest()
    if key not in _PDF_TEXTS:
        reader = pypdf.PdfReader(io.BytesIO(data))
        _PDF_TEXTS[key] = "\n".join(page.extract_text() or "" for page in reader.pages)
    return _PDF_TEXTS[key]


def pdf_pages(source: Path | bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(source) if isinstance(source, bytes) else str(source)).pages)


def flat(text: str) -> str:
    """Whitespace-insensitive form, since line breaks differ between formats."""
    return re.sub(r"\s+", "", text)
