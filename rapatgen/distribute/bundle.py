"""One archival PDF per meeting: every document in order, a bookmark per document,
page numbers running on through the whole bundle, PDF/A-2b like every single PDF.

The bundle is composed from the same document models as the single PDFs and compiled
by Typst as one document (not stitched from finished PDFs), so PDF/A conformance,
fonts and reproducible bytes come from one place. `SHA256SUMS` lists every file of the
meeting's folder in the format `sha256sum -c` reads.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from rapatgen.documents.blocks import Document
from rapatgen.render.pdf import compile_pdf, s, typst_body, typst_preamble

SUMS_NAME = "SHA256SUMS"
TITLES = {
    "undangan": "Surat Undangan",
    "daftar-hadir": "Daftar Hadir",
    "notulen": "Notulen",
    "berita-acara": "Berita Acara Kesepakatan",
    "rencana-aksi": "Matriks Rencana Aksi",
    "tindak-lanjut": "Matriks Tindak Lanjut",
}


def bundle_name(meeting_id: str) -> str:
    return f"berkas-{meeting_id}.pdf"


def bookmark(kind: str, suffix: str) -> str:
    title = TITLES.get(kind, kind.replace("-", " ").title())
    return f"{title} ({suffix.replace('-', ' ')})" if suffix else title


def bundle_source(title: str, docs: list[tuple[str, str, Document]]) -> str:
    """Typst source of one PDF holding `docs` (kind, suffix, document) in the given order."""
    first = docs[0][2]
    parts = [typst_preamble(first), f"#set document(title: {s(title)})\n#show heading: none\n"]
    for i, (kind, suffix, doc) in enumerate(docs):
        # one numbering for the whole bundle: no document restarts it
        continuous = replace(doc, sections=[replace(sec, restart_numbering=False) for sec in doc.sections])
        if i:
            parts.append("#pagebreak(weak: true)\n#set page(flipped: false)\n")
        parts.append(f"#heading(level: 1, {s(bookmark(kind, suffix))})\n")
        parts.append(typst_body(continuous))
    return "".join(parts)


def render_bundle(title: str, docs: list[tuple[str, str, Document]]) -> bytes:
    return compile_pdf(bundle_source(title, docs))


def checksums(folder: Path) -> bytes:
    """`sha256sum` lines for every visible file in `folder` (not sub-folders, not this list)."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name != SUMS_NAME:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    return "".join(lines).encode("utf-8")
