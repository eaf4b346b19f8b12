"""One archival PDF per meeting: every document in order, a bookmark per document, each
document keeping its own page numbers (issue 19 item 2), PDF/A-2b like every single PDF.

The bundle is made from the meeting's single PDFs, not typeset a second time (one Typst
compile of everything cost as much again as all the singles). qpdf (pikepdf) copies each
single's pages into the bundle, less their footer: Typst writes the footer as the page's last
marked content (a pagination artifact), cut off the page's stream; render/pdf_pieces.py's
footer is its own stream, dropped. The bundle's footers — each document's page number in its
own style; "Halaman X dari Y" counts to the end of the section as in a single —
come from one small Typst document of footers only, with each document's page setup, laid
over each page as a form XObject (as pdf_pieces.py does). The bundle's footers are each
document's own — its page number, or "Halaman X dari Y" per section — so a page of the bundle
is its single's page: the bookmarks, not a running number, give the order. So every page is
laid out exactly as in its single PDF (tests/test_bundle.py compares words and positions page
by page, and tests/layout.check_bundle the footers).

The catalogue is the footer document's: Typst's XMP (PDF/A-2b, the bundle's title, its page
count), output intent, language and Info; the bundle is PDF/A-2b when every single is. Its
pages are untagged (the singles' structure trees are not joined; PDF/A-2b does not require
tags). Nothing depends on time or chance: a rebuild writes the same bytes. `SHA256SUMS` lists
every file of the meeting's folder in the format `sha256sum -c` reads.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zlib
from pathlib import Path

from rapatgen.model.blocks import Document

SUMS_NAME = "SHA256SUMS"
TITLES = {
    "undangan": "Surat Undangan",
    "daftar-hadir": "Daftar Hadir",
    "notulen": "Notulen",
    "berita-acara": "Berita Acara Kesepakatan",
    "rencana-aksi": "Matriks Rencana Aksi",
    "tindak-lanjut": "Matriks Tindak Lanjut",
}
# Typst's footer: the last marked content of a page's stream
TYPST_FOOTER = re.compile(rb"/Artifact<<[^<>]*/Subtype/Footer[^<>]*>>BDC")
PIECES_FOOTER = b"/RapatgenKaki Do"  # the footer stream pdf_pieces lays over a long table's pages
SECTIONS_LABEL = "rapatgen-bagian"


def bundle_name(meeting_id: str) -> str:
    return f"berkas-{meeting_id}.pdf"


def bookmark(kind: str, suffix: str) -> str:
    title = TITLES.get(kind, kind.replace("-", " ").title())
    return f"{title} ({suffix.replace('-', ' ')})" if suffix else title


def render_bundle(title: str, docs: list[tuple[str, str, Document]], pdfs: list[bytes | None] | None = None) -> bytes:
    """The bundle of `docs` (kind, suffix, document) in the given order. `pdfs`: their single PDFs
    (render_pdf's bytes) where already made; the others are rendered here."""
    import pikepdf

    from rapatgen.text.glyphs import is_pdfa
    from rapatgen.render.pdf.document import render_pdf

    pdfs = list(pdfs) if pdfs is not None else [None] * len(docs)
    pdfs = [pdf if pdf is not None else render_pdf(doc) for pdf, (_, _, doc) in zip(pdfs, docs)]
    singles = [pikepdf.Pdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    runs = [_runs(doc, single, doc.page_of_pages) for (_, _, doc), single in zip(docs, singles)]
    footers = pikepdf.Pdf.open(io.BytesIO(_footers(title, [doc for _, _, doc in docs], runs,
                                                   all(is_pdfa(pdf) for pdf in pdfs))))
    out = pikepdf.Pdf.new()
    starts = []
    for single in singles:
        starts.append(len(out.pages))
        for page in single.pages:
            _strip_footer(page)
        out.pages.extend(single.pages)
    if len(footers.pages) != len(out.pages):
        raise RuntimeError(f"halaman kaki {len(footers.pages)} ≠ halaman berkas {len(out.pages)}")
    for page, footer in zip(out.pages, footers.pages):
        _lay_over(out, page, footer)
    with out.open_outline() as outline:
        for (kind, suffix, _), start in zip(docs, starts):
            outline.root.append(pikepdf.OutlineItem(bookmark(kind, suffix), start))
    _adopt_catalog(out, footers)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, min_version=footers.pdf_version)
    return buffer.getvalue()


def _runs(doc: Document, single, totals: bool) -> list[tuple[bool, int, bool]]:
    """(landscape, pages, numbering restarts) of each section of `doc` as its single PDF laid it out.

    The bundle's "Halaman X dari Y" (`totals`) needs where each section ends when a document has
    several: read from the single's own footers (asked of Typst only when they cannot be read).
    Page numbers alone need only where the orientation changes."""
    if len(doc.sections) == 1:
        return [(doc.sections[0].landscape, len(single.pages), False)]
    if totals:
        ends = _ends_from_footers(single, len(doc.sections))
        if ends is None:  # a footer this cannot read (a long table's, laid over in pieces): ask Typst
            ends = _section_ends(doc)
        return [(sec.landscape, end - start, sec.restart_numbering)
                for sec, start, end in zip(doc.sections, [0] + ends, ends)]
    runs: list[tuple[bool, int, bool]] = []
    for page in single.pages:
        box = page.mediabox
        landscape = abs(float(box[2]) - float(box[0])) > abs(float(box[3]) - float(box[1]))
        if runs and runs[-1][0] == landscape:
            runs[-1] = (landscape, runs[-1][1] + 1, False)
        else:
            runs.append((landscape, 1, False))
    return runs


FOOTER_PAGES = re.compile(r"Halaman\s*(\d+)\s*dari\s*(\d+)")


def _ends_from_footers(single, sections: int) -> list[int] | None:
    """The last page of each section, read from the single's own footers: a page showing "Halaman X dari
    X" ends its section (Y counts to the section's end: typeset.PAGE_OF_PAGES). The single was laid out
    once; asking Typst where its sections end laid the whole document out a second time (≈ 40 % of a
    bundle's CPU). None when a footer cannot be read or the count of ends is not `sections`."""
    import pikepdf

    ends = []
    scratch = pikepdf.Pdf.new()  # the footers are parsed here: a stream made in the single cost ≈ 2 ms a page
    for number, page in enumerate(single.pages, start=1):
        text = _footer_text(scratch, page)
        found = FOOTER_PAGES.findall(text) if text is not None else None
        if not found:
            return None
        shown, total = found[-1]
        if shown == total:
            ends.append(number)
    return ends if len(ends) == sections else None


def _footer_text(pdf, page) -> str | None:
    """The text of the Typst footer of `page` (its last marked content), decoded through each font's
    ToUnicode map; None when there is none to read. `pdf`: where the footer's operators are parsed
    (any PDF: they name fonts and hold strings, no object of the page's own PDF)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return None
    data = contents.read_bytes()
    found = TYPST_FOOTER.match(data, data.rfind(b"/Artifact<<"))
    if found is None:
        return None
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps: dict[str, dict[bytes, str] | None] = {}
    font, text = None, []
    for operands, operator in pikepdf.parse_content_stream(pikepdf.Stream(pdf, data[found.start():])):
        op = str(operator)
        if op == "Tf":
            font = str(operands[0])
            if font not in maps:
                maps[font] = _to_unicode(fonts.get(font))
        elif op in ("Tj", "TJ", "'", '"'):
            codes = maps.get(font)
            if codes is None:
                return None
            strings = operands[0] if op == "TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    text += [codes.get(raw[i:i + 2], "") for i in range(0, len(raw), 2)]
    return "".join(text)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _to_unicode(font) -> dict[bytes, str] | None:
    """Two-byte code → text of a Type0 font with Identity-H (Typst's), from its ToUnicode CMap."""
    if font is None or "/ToUnicode" not in font or str(font.get("/Encoding")) != "/Identity-H":
        return None
    cmap = font.ToUnicode.read_bytes()
    codes: dict[bytes, str] = {}
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for src, dst in zip(values[::2], values[1::2]):
            codes[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            values = _HEX.findall(line)
            if len(values) != 3 or b"[" in line:
                continue  # an array of targets: not in Typst's maps; a code it leaves out is not a digit
            low, high = int(values[0], 16), int(values[1], 16)
            first = bytes.fromhex(values[2].decode())
            for k in range(high - low + 1):
                target = int.from_bytes(first, "big") + k
                codes[(low + k).to_bytes(2, "big")] = target.to_bytes(len(first), "big").decode("utf-16-be", "replace")
    return codes


def _section_ends(doc: Document) -> list[int]:
    """The last page of each section of `doc` (a Typst query on the single's source: a second layout)."""
    import typst

    from rapatgen.render.pdf.typeset import _fonts, typst_source

    query = f"#context [#metadata(query(<akhir-bagian>).map(e => e.location().page()))<{SECTIONS_LABEL}>]\n"
    compiler = typst.Compiler((typst_source(doc) + query).encode("utf-8"), root="/", font_paths=_fonts(),
                              ignore_system_fonts=True)
    return [int(page) for page in json.loads(compiler.query(f"<{SECTIONS_LABEL}>", field="value", one=True))]


def _footers(title: str, docs: list[Document], runs: list[list[tuple[bool, int, bool]]], pdfa: bool) -> bytes:
    """The bundle's footers, one page per page of the bundle, each document's page setup.

    Every page's footer is written out (its number is known here), the text the document's own
    footer shows on that page of its single PDF (typeset.footer_code): numbered from 1 in each
    document, restarting where a section restarts it. No `context`, so Typst lays the pages out once."""
    from rapatgen.render.pdf.typeset import _compiler, s, typst_document, typst_page, typst_text

    first = docs[0]
    parts = [typst_document(first, title), typst_text(first)]
    for doc, doc_runs in zip(docs, runs):
        parts.append(typst_page(doc, "none"))
        number = 0
        for landscape, count, restart in doc_runs:
            if restart:
                number = 0
            end = number + count  # "Halaman X dari Y" counts to the end of the section (pdf.PAGE_OF_PAGES)
            for _ in range(count):
                number += 1
                text = f"Halaman {number} dari {end}" if doc.page_of_pages else str(number) if number > 1 else ""
                footer = f"align(center, text(size: 10pt, {s(text)}))" if text else "none"
                parts.append(f"#page(flipped: {'true' if landscape else 'false'}, footer: {footer})[]\n")
    return _compiler().compile(input="".join(parts).encode("utf-8"), pdf_standards=["a-2b"] if pdfa else [],
                               timestamp=0, pdf_tags=False)


def _strip_footer(page) -> None:
    """Take the single's own footer (and its link to the single's structure tree) off `page`."""
    from pikepdf import Array, Name

    if Name.StructParents in page.obj:
        del page.obj[Name.StructParents]
    contents = page.obj.Contents
    if isinstance(contents, Array):  # pdf_pieces: q, the page's streams, then Q and its footer form
        if len(contents) < 3 or PIECES_FOOTER not in contents[len(contents) - 1].read_bytes():
            raise RuntimeError("kaki halaman tidak ditemukan")
        page.obj.Contents = Array(list(contents)[1:-1])
        del page.obj.Resources.XObject[Name("/RapatgenKaki")]
        return
    plain_flate = contents.get(Name.Filter) == Name.FlateDecode and Name.DecodeParms not in contents
    data = zlib.decompress(contents.read_raw_bytes()) if plain_flate else contents.read_bytes()
    found = TYPST_FOOTER.match(data, data.rfind(b"/Artifact<<"))
    if found is None or b"BDC" in data[found.end():]:
        raise RuntimeError("kaki halaman tidak ditemukan")
    # level 2: a third of the time of zlib's default for ≈ 10 % more bytes in these streams
    contents.write(zlib.compress(data[:found.start()], 2), filter=Name.FlateDecode)


def _lay_over(out, page, footer) -> None:
    """Draw `footer` (a page of the footer document) over `page`, as a form XObject."""
    from pikepdf import Name

    page.add_resource(out.copy_foreign(footer.as_form_xobject()), Name.XObject, Name("/RapatgenKaki"))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\nq /RapatgenKaki Do Q\n")


def _adopt_catalog(out, footers) -> None:
    """The footer document's PDF/A identity: XMP, output intent, language, Info, document ID."""
    import pikepdf

    def copied(value):
        if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            return out.copy_foreign(value if value.is_indirect else footers.make_indirect(value))
        return value

    for key in ("/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
        if key in footers.Root:
            out.Root[key] = copied(footers.Root[key])
    out.trailer.Info = copied(footers.trailer.Info)
    out.trailer.ID = pikepdf.Array([pikepdf.String(bytes(x)) for x in footers.trailer.ID])


def checksums(folder: Path) -> bytes:
    """`sha256sum` lines for every visible file in `folder` (not sub-folders, not this list)."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name != SUMS_NAME:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    return "".join(lines).encode("utf-8")
