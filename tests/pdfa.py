"""PDF/A-2b checks of ISO 19005-2 that can be read from the file with pikepdf (qpdf).

veraPDF, the reference validator, is a Java program that neither PyPI nor Debian ships; this
checks, per file, the clauses a generator gets wrong in practice, each named by its clause:

- qpdf's structure check passes (cross-reference table, object streams, every stream decodes)
- 6.1.2 header: %PDF-1.n (n ≤ 7) and a comment of four bytes ≥ 128 on the second line
- 6.1.3 trailer: an /ID; no /Encrypt
- 6.1.7 streams: no /F, /FFilter or /FDecodeParms (external content); 6.1.7.2 no LZWDecode
- 6.2.3 output intent: /GTS_PDFA1 with an embedded ICC profile whose /N matches its colours
- 6.2.8 images: no /Interpolate true, no /Alternates, no /OPI
- 6.2.11.4 fonts: every font program embedded (FontFile/FontFile2/FontFile3, Type0 through its
  descendant), Type 3 fonts excepted (their glyphs are content streams)
- 6.5 annotations: no forbidden subtypes; each annotation printable (/F has the Print bit)
- 6.6 actions: no JavaScript anywhere (/JS, /JavaScript name tree), no Launch, no /AA on the catalog
- 6.6.2.1 metadata: the catalog's /Metadata is XMP with pdfaid:part 2 and conformance B; its
  dc:title, dc:creator and xmp:CreateDate agree with the document information dictionary
- 6.2.10 transparency: a page using transparency groups carries /Group with a colour space
  or the document an output intent (satisfied by 6.2.3)
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import pikepdf

FORBIDDEN_ANNOTS = {"/Sound", "/Movie", "/3D", "/Screen", "/RichMedia", "/FileAttachment"}


def _walk(obj, seen, out):
    """Every dictionary and stream reachable from obj (each indirect object once)."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, pikepdf.Object) and o.is_indirect:
            key = o.objgen
            if key in seen:
                continue
            seen.add(key)
        if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)):
            out.append(o)
            stack.extend(o.values() if isinstance(o, pikepdf.Dictionary) else o.stream_dict.values())
        elif isinstance(o, pikepdf.Array):
            stack.extend(o)


def _pdf_date(value: str) -> datetime | None:
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", value)
    if not m:
        return None
    parts = [int(p) if p else d for p, d in zip(m.groups(), (0, 1, 1, 0, 0, 0))]
    return datetime(*parts)


def check_pdfa2b(data: bytes) -> list[str]:
    problems: list[str] = []
    head = data[:64].split(b"\n")
    if not re.fullmatch(rb"%PDF-1\.[0-7]\r?", head[0]):
        problems.append(f"6.1.2: header {head[0][:10]!r}")
    if len(head) < 2 or not head[1].startswith(b"%") or sum(b >= 128 for b in head[1][1:5]) < 4:
        problems.append("6.1.2: no binary comment on the second line")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        problems += [f"struktur (qpdf): {p}" for p in pdf.check_pdf_syntax()]
        trailer = pdf.trailer
        if "/ID" not in trailer:
            problems.append("6.1.3: trailer without /ID")
        if pdf.is_encrypted or "/Encrypt" in trailer:
            problems.append("6.1.3: encrypted")
        root = pdf.Root
        objs: list = []
        _walk(root, set(), objs)
        _walk(trailer.get("/Info", pikepdf.Dictionary()), set(), objs)
        for o in objs:
            d = o.stream_dict if isinstance(o, pikepdf.Stream) else o
            if isinstance(o, pikepdf.Stream):
                if any(k in d for k in ("/F", "/FFilter", "/FDecodeParms")):
                    problems.append("6.1.7: external stream content")
                filters = d.get("/Filter")
                names = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters] if filters else [])]
                if "/LZWDecode" in names:
                    problems.append("6.1.7.2: LZWDecode")
                if d.get("/Subtype") == "/Image":
                    if d.get("/Interpolate") is True or bool(d.get("/Interpolate", False)):
                        problems.append("6.2.8: image with /Interpolate true")
                    if "/Alternates" in d or "/OPI" in d:
                        problems.append("6.2.8: image with /Alternates or /OPI")
            if "/JS" in d or d.get("/S") == "/JavaScript":
                problems.append("6.6.1: JavaScript action")
            if d.get("/S") in ("/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide"):
                problems.append(f"6.6.1: forbidden action {d.get('/S')}")
            if d.get("/Type") == "/Annot" or (d.get("/Subtype") in FORBIDDEN_ANNOTS and "/Rect" in d):
                if d.get("/Subtype") in FORBIDDEN_ANNOTS:
                    problems.append(f"6.3.1: forbidden annotation {d.get('/Subtype')}")
                if d.get("/Subtype") != "/Popup" and not int(d.get("/F", 0)) & 4:
                    problems.append("6.3.2: annotation not printable (/F without the Print bit)")
            if d.get("/Type") == "/Font" and d.get("/Subtype") not in ("/Type3", "/Type0"):
                desc = d.get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"6.2.11.4: font {d.get('/BaseFont')} not embedded")
        if "/Names" in root and "/JavaScript" in root.Names:
            problems.append("6.6.1: JavaScript name tree")
        if "/AA" in root:
            problems.append("6.6.2: catalog with /AA")
        intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
        if not intents:
            problems.append("6.2.3: no GTS_PDFA1 output intent")
        for intent in intents:
            profile = intent.get("/DestOutputProfile")
            if not isinstance(profile, pikepdf.Stream):
                problems.append("6.2.3: output intent without an embedded ICC profile")
                continue
            icc = profile.read_bytes()
            if icc[36:40] != b"acsp":
                problems.append("6.2.3: DestOutputProfile is not an ICC profile")
            space = icc[16:20]
            if int(profile.stream_dict.get("/N", 0)) != {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(space, -1):
                problems.append(f"6.2.3: ICC /N {profile.stream_dict.get('/N')} does not match colour space {space!r}")
        if "/Metadata" not in root:
            problems.append("6.6.2.1: catalog without /Metadata")
            return problems
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            if meta.get("pdfaid:part") != "2" or str(meta.get("pdfaid:conformance", "")).upper() != "B":
                problems.append(f"6.6.2.1: XMP pdfaid {meta.get('pdfaid:part')}/{meta.get('pdfaid:conformance')}, "
                                "not 2/B")
            info = trailer.get("/Info")
            if info is not None:
                if "/Title" in info and str(info.Title) != str(meta.get("dc:title", "")):
                    problems.append("6.6.2.1: /Title and dc:title differ")
                if "/Author" in info:
                    creators = meta.get("dc:creator") or []
                    if str(info.Author) not in [str(c) for c in creators]:
                        problems.append("6.6.2.1: /Author is not in dc:creator")
                if "/CreationDate" in info:
                    made = _pdf_date(str(info.CreationDate))
                    xmp = str(meta.get("xmp:CreateDate", ""))
                    if not made or not xmp.startswith(made.strftime("%Y-%m-%d")):
                        problems.append(f"6.6.2.1: /CreationDate {info.CreationDate} and xmp:CreateDate {xmp} differ")
    return problems
