"""A slim base document for the DOCX backend, made once per process in memory.

python-docx's default template carries 164 styles (349 KB) plus a 438 KB
stylesWithEffects part; parsing and writing those cost about 12 ms per file. The base
keeps the styles our documents use (and Word's built-ins they rest on) and drops the
optional parts, so each document opens and saves in a fraction of that time.
"""

from __future__ import annotations

import io
from functools import lru_cache

from docx import Document
from docx.oxml.ns import qn

KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "Footer",
               "HeaderChar", "FooterChar"}
DROP_PART_TYPES = ("stylesWithEffects", "customXml", "webSettings")


@lru_cache(maxsize=1)
def base_bytes() -> bytes:
    doc = Document()
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in DROP_PART_TYPES:
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] == "thumbnail":
            package.rels.pop(rid)
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in list(styles.iter(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def new_base_document():
    return Document(io.BytesIO(base_bytes()))
