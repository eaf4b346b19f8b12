"""The DOCX package around a document body, assembled from parts made once per process.

python-docx opened the base package, grew every document element by element through its
oxml layer, serialized each part and zipped it, and `zipfix.reproducible` then unzipped and
zipped it all again: most of a document's cost. Here python-docx is used only to make the
parts that do not depend on a document's text, once per process (the base's settings, theme,
numbering …, the styles part per page setup and cell-style sizes, the footers per kind), and
each document's `word/document.xml` is written as text by `render/docx.py`, parsed once by
lxml and serialized as python-docx would. The zip is written once, with the fixed timestamps
and in the part order python-docx's `PackageWriter` uses, so the bytes are the same as before.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from lxml import etree

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import CT_Relationships, serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docx.image.image import Image as DocxImage

from rapatgen.render.docx.base import new_base_document
from rapatgen.render.zipfix import FIXED, _MODIFIED

# python-docx's own parser settings, without its element classes (not needed to serialize)
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

CORE_PROPERTY_MAX = 255


@dataclass
class _Part:
    partname: str  # "/word/document.xml"
    content_type: str
    blob: bytes = b""
    rels: list = field(default_factory=list)  # (rId, reltype, target partname, target_ref)


@dataclass(frozen=True)
class _Base:
    parts: dict  # partname → _Part (the base package, in python-docx's walk order)
    package_rels: list  # (rId, reltype, target partname, target_ref)
    package_rels_xml: bytes
    document_head: str  # '<w:document …><w:body>'
    sentinel_attrs: str  # the rsid attributes of the base's last w:sectPr
    pgmar_rest: str  # w:header, w:footer, w:gutter of the base's w:pgMar
    cols: str
    doc_grid: str
    core: bytes
    footer_head: str  # '<w:ftr …>' of python-docx's default footer


def _rels_of(part) -> list:
    return [(rel.rId, rel.reltype, None if rel.is_external else str(rel.target_part.partname), rel.target_ref)
            for rel in part.rels.values()]


@lru_cache(maxsize=1)
def base() -> _Base:
    doc = new_base_document()
    package = doc.part.package
    parts = {}
    for part in package.iter_parts():
        parts[str(part.partname)] = _Part(str(part.partname), part.content_type, part.blob, _rels_of(part))
    document = doc.element
    body = document.body
    sect = body.sectPr
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    head = serialize_part_xml(document).decode("utf-8")
    head = head[head.index("<w:document"):head.index("<w:body>") + len("<w:body>")]
    attrs = "".join(f' w:{k[len(w):]}="{v}"' for k, v in sect.attrib.items())
    pgmar = sect.find(f"{w}pgMar")
    rest = "".join(f' w:{k[len(w):]}="{v}"' for k, v in pgmar.attrib.items()
                   if k[len(w):] in ("header", "footer", "gutter"))
    cols = etree.tostring(sect.find(f"{w}cols")).decode()
    grid = etree.tostring(sect.find(f"{w}docGrid")).decode()
    cols, grid = (_strip_ns(s) for s in (cols, grid))
    from docx.parts.hdrftr import FooterPart

    footer = serialize_part_xml(parse_xml(FooterPart._default_footer_xml())).decode("utf-8")
    footer_head = footer[footer.index("<w:ftr"):footer.index("<w:p>")]
    assert not any(r[2] is None for p in parts.values() for r in p.rels)
    return _Base(parts, _rels_of(package), package.rels.xml, head, attrs, rest, cols, grid,
                 parts["/docProps/core.xml"].blob, footer_head)


def _strip_ns(xml: str) -> str:
    """An element serialized alone carries the namespace declarations; in the body it must not."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)


# --- parts made once per kind -------------------------------------------------------------

def style_id(size: float) -> str:
    return f"Sel {size:g}".replace(" ", "")


@lru_cache(maxsize=64)
def styles_blob(font_name: str, font_size: float, line_spacing: float, cell_sizes: tuple) -> bytes:
    """The styles part: Normal in the page's font, and a paragraph style per table text size
    ("Sel 10" …) in the order the document first uses them, made with python-docx's style API."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = new_base_document()
    normal = doc.styles["Normal"]
    normal.font.name = font_name
    normal.font.size = Pt(font_size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font_name)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = line_spacing
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    rpr.append(lang)
    for key in cell_sizes:
        style = doc.styles.add_style(f"Sel {key:g}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(key)
        style.paragraph_format.space_after = Pt(0)
        style.quick_style = True
        assert style.style_id == style_id(key)
    return serialize_part_xml(doc.styles.element)


@lru_cache(maxsize=64)
def footer_blob(paragraph_xml: str) -> bytes:
    """A footer part holding one paragraph (written by render/docx.py, without namespace
    declarations), serialized as python-docx serializes its default footer filled in."""
    root = etree.fromstring(f"{base().footer_head}{paragraph_xml}</w:ftr>", _PARSER)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _core_xml(title: str, author: str, created: datetime) -> bytes:
    """docProps/core.xml through python-docx's CoreProperties on the base's part."""
    element = parse_xml(base().core)
    props = CoreProperties(element)
    props.title = title
    props.author = author
    props.language = "id-ID"
    props.created = props.modified = created
    props.last_modified_by = author
    props.revision = 1
    return _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", serialize_part_xml(element))


_TEMPLATE_DATE = datetime(1901, 2, 3)
_TEMPLATE_TITLE, _TEMPLATE_AUTHOR = "\ue000judul\ue000", "\ue000pembuat\ue000"
# what lxml refuses in text (it raises) or writes as a reference: such values take python-docx's own path
_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff\ue000]")


@lru_cache(maxsize=1)
def _core_template() -> str:
    return _core_xml(_TEMPLATE_TITLE, _TEMPLATE_AUTHOR, _TEMPLATE_DATE).decode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def core_blob(title: str, author: str, issued) -> bytes:
    """The document's core properties (title, author, date, language), as python-docx writes them;
    the same fixed modification time as zipfix.reproducible."""
    title = title if len(title) <= CORE_PROPERTY_MAX else title[:CORE_PROPERTY_MAX - 1] + "…"
    author = (author or "rapatgen")[:CORE_PROPERTY_MAX]
    created = datetime(issued.year, issued.month, issued.day) if issued else datetime(2000, 1, 1)
    if _UNUSUAL.search(title) or _UNUSUAL.search(author):
        return _core_xml(title, author, created)
    return (_core_template()
            .replace(_TEMPLATE_DATE.strftime("%Y-%m-%dT%H:%M:%SZ"), created.strftime("%Y-%m-%dT%H:%M:%SZ"), 1)
            .replace(_TEMPLATE_TITLE, _text(title)).replace(_TEMPLATE_AUTHOR, _text(author)).encode("utf-8"))


@lru_cache(maxsize=32)
def _rels_xml(rels: tuple) -> bytes:
    element = CT_Relationships.new()
    for rId, reltype, target_ref in rels:
        element.add_rel(rId, reltype, target_ref, False)
    return element.xml


@dataclass
class _FakePart:
    partname: PackURI
    content_type: str


@lru_cache(maxsize=32)
def _content_types(parts: frozenset) -> bytes:
    return _ContentTypesItem.from_parts([_FakePart(PackURI(name), ct) for name, ct in sorted(parts)]).blob


@lru_cache(maxsize=16)
def _image(blob: bytes, filename: str | None) -> DocxImage:
    if filename is None:
        return DocxImage.from_blob(blob)
    return DocxImage._from_stream(io.BytesIO(blob), blob, filename)


# --- one document ---------------------------------------------------------------------

class Package:
    """The document part's relationships as python-docx would number them (first free rId),
    the image and footer parts, then the zip."""

    def __init__(self):
        b = base()
        self.rels: list[tuple[str, str, str, str]] = list(b.parts["/word/document.xml"].rels)
        self._used = {r[0] for r in self.rels}
        self.extra: dict[str, _Part] = {}
        self._images: dict[str, tuple[str, DocxImage]] = {}  # sha1 → (rId, image of the first use)

    def _next_rid(self) -> str:
        for n in range(1, len(self._used) + 2):
            rid = f"rId{n}"
            if rid not in self._used:
                self._used.add(rid)
                return rid
        raise AssertionError

    def add_footer(self, blob: bytes) -> str:
        n = 1 + sum(1 for p in self.extra if p.startswith("/word/footer"))
        name = f"/word/footer{n}.xml"
        self.extra[name] = _Part(name, CT.WML_FOOTER, blob)
        rid = self._next_rid()
        self.rels.append((rid, RT.FOOTER, name, name[len("/word/"):]))
        return rid

    def add_image(self, blob: bytes, filename: str | None) -> tuple[str, DocxImage]:
        """(rId, image) as python-docx's `get_or_add_image`: one part per distinct image."""
        sha1 = hashlib.sha1(blob).hexdigest()
        known = self._images.get(sha1)
        if known is not None:
            return known
        image = _image(blob, filename)
        n = len(self._images) + 1
        name = f"/word/media/image{n}.{image.ext}"
        self.extra[name] = _Part(name, image.content_type, blob)
        rid = self._next_rid()
        self.rels.append((rid, RT.IMAGE, name, name[len("/word/"):]))
        self._images[sha1] = (rid, image)
        return rid, image

    def save(self, document_xml: bytes, styles_xml: bytes, core_xml: bytes) -> bytes:
        b = base()
        parts = dict(b.parts)
        parts["/word/document.xml"] = _Part("/word/document.xml", b.parts["/word/document.xml"].content_type,
                                            document_xml, self.rels)
        parts["/word/styles.xml"] = _Part("/word/styles.xml", b.parts["/word/styles.xml"].content_type, styles_xml)
        parts["/docProps/core.xml"] = _Part("/docProps/core.xml", b.parts["/docProps/core.xml"].content_type, core_xml)
        parts.update(self.extra)
        order = []
        seen = set()

        def walk(rels):  # python-docx's OpcPackage.iter_parts: depth first over the relationships
            for _rid, _type, target, _ref in rels:
                if target is None or target in seen:
                    continue
                seen.add(target)
                order.append(parts[target])
                walk(parts[target].rels)

        walk(b.package_rels)
        entries = [("[Content_Types].xml", _content_types(frozenset((p.partname, p.content_type) for p in order))),
                   ("_rels/.rels", b.package_rels_xml)]
        for part in order:
            entries.append((part.partname[1:], part.blob))
            if part.rels:
                folder, name = part.partname[1:].rsplit("/", 1)
                entries.append((f"{folder}/_rels/{name}.rels", _rels_xml(tuple((r[0], r[1], r[3]) for r in part.rels))))
        return write_zip(entries)


def write_zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in entries:
            entry = zipfile.ZipInfo(name, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, body)
    return out.getvalue()


def serialize_document(xml: str):
    """Parse the document text once (well-formed or an error here, never a broken file)."""
    return etree.fromstring(xml, _PARSER)


def document_bytes(root) -> bytes:
    return etree.tostring(root, encoding="UTF-8", standalone=True)
