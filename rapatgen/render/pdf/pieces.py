"""A long table typeset in pieces, so memory does not grow with its length.

Typst holds a whole document (and its layout caches) in memory while it compiles: the
project tracker at 500 meetings (≈ 4,000 rows, 330 pages) took ≈ 800 MiB in one compile.
A document whose one section holds a table longer than `LONG_TABLE_ROWS` is therefore made
as several Typst documents of at most `PIECE_ROWS` rows each, then joined:

1. Piece 1 holds everything before the table and its first rows, each further piece the
   next rows (the table header repeats as always), the last one also what follows the table
   (the signature). Every row carries an invisible label; one query after the compile says
   on which page each row fell. The piece's last page — where the piece's end, not the page
   foot, ended the table — is dropped, and the next piece starts with the first row of that
   page on a fresh page. So every page is laid out exactly as in one compile of the whole
   table (tests/test_pdf_pieces.py compares the words and their positions page by page).
2. The pieces are compiled without page footer; once the number of pages is known, one
   small Typst document of footers only ("Halaman X dari Y" or the page number) is compiled
   with the same page setup, and each footer page is laid over its page as a form XObject.
3. pypdf joins the pages; the catalogue keeps piece 1's PDF/A-2b metadata (XMP with the page
   count corrected, output intent, language, document ID, Info), so the result is PDF/A-2b.
   The pieces are untagged (a structure tree cannot be joined faithfully); PDF/A-2b does not
   require tags. Nothing depends on time or chance: a rebuild writes the same bytes.

Between pieces Typst's memo cache is aged out (typst-py evicts entries unused for 10
compiles; a few empty compiles do that), so the peak is one piece, not ten.

With a `store` (the build gives the tracker one, `.rapatgen/cache/tabel/`), each piece's PDF
and row pages, and the footer document, are kept under a hash of the Typst source they were
compiled from (its rows, the page setup, the first row's index; the tool and Typst's version) —
for every piece but the first, a text of its model instead (`_model_key`), so an unchanged piece's
source is not even written: after one follow-up item changed, only the pieces whose rows changed
are written and compiled again — and those after them only when the change moved a page break —
and the pieces are joined again.
A compile is a pure function of its source, so the PDF is the same bytes as made without it.

The join itself is kept there too (`_join`): each piece's objects, and the footers', as the bytes pypdf
wrote for them, under the piece's PDF and its place (its first object's number, its first page's). A
piece joined before at the same place is not read again; its objects are written as they were, when
its pages still point at the same footer objects (else the whole join is made afresh). After one item
changed, only the changed piece is read, cloned and written (≈ 0.25 s → 0.01 s at 300 meetings).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from functools import lru_cache
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import typst

from rapatgen.model.blocks import Document, Paragraph, Section, Signatures, Table
from rapatgen.render.scope import Scoped

LONG_TABLE_ROWS = 300  # longer tables are typeset in pieces (the examples' trackers stay one compile)
PIECE_ROWS = 150  # rows per piece: ≈ 12 tracker pages; the last page of each piece is typeset twice
PAGES_LABEL = "rapatgen-halaman"
EVICT_COMPILES = 11  # typst-py runs comemo::evict(10) after each compile


def long_table(doc: Document) -> int | None:
    """Index of the block that is a long table, when `doc` can be typeset in pieces; else None.

    One section (one page numbering), its last table longer than LONG_TABLE_ROWS, no per-row
    numbering (a signature column counts its rows), and after it at most a paragraph and a
    signature (what travels with the table's last rows).
    """
    if len(doc.sections) != 1:
        return None
    blocks = doc.sections[0].blocks

    def last_table(i: int) -> bool:  # only what travels with the table's last rows comes after it
        after = blocks[i + 1:]
        return len(after) <= 2 and all(isinstance(b, (Paragraph, Signatures)) for b in after)

    # a long table before it (the tracker's summary: one row per penanggung jawab) is typeset whole
    found = [i for i, b in enumerate(blocks) if isinstance(b, Table) and len(b.rows) > LONG_TABLE_ROWS and last_table(i)]
    if len(found) != 1 or blocks[found[0]].signature_column is not None:
        return None
    return found[0]


def _slice(t: Table, start: int, stop: int) -> Table:
    piece = replace(t, rows=t.rows[start:stop], row_kinds=t.row_kinds[start:stop])
    piece.mark_from = start  # read by pdf._table: each unit's first row is labelled with its index
    return piece


def _units_start(t: Table) -> list[int]:
    from rapatgen.render.pdf.typeset import _units

    return [unit[0] for unit in _units(t)]


def _standards(pdfa: bool) -> list[str]:
    return ["a-2b"] if pdfa else []


def _store_key(kind: str, source: str, pdfa: bool) -> str:
    from rapatgen.files import cache

    return cache.digest(cache.tool_digest(), _typst_version(), kind, "a-2b" if pdfa else "-", source)


@lru_cache(maxsize=1)
def _typst_version() -> str:
    """Typst's version, read once per process (importlib.metadata parses the package's metadata: ≈ 4 ms a key)."""
    from importlib.metadata import version

    return version("typst")


def _model_key(piece: Document, table: Table, start: int, stop: int, preamble: str, query: str) -> str:
    """What a piece without the document's head is typeset from, in place of its Typst source:
    the page setup (`preamble`), the document's fields, rows start..stop of the long `table` with
    everything else of it (render.tablekeys: every field of every cell — dataclass reprs), the
    blocks after it in the piece (the tail), the index of its first row (its rows' labels) and the
    page query. Writing the Typst source of 22 pieces of 150 rows took ≈ 0.25 s at 500 meetings;
    the row texts, ≈ 0.08 s, shared with the DOCX. The head (kop, title, summary) is always
    written as source: its logo is read by Typst from a path."""
    from rapatgen.render.tablekeys import table_text

    section = piece.sections[0]
    blocks = [table_text(table, start, stop) if isinstance(b, Table) else repr(b) for b in section.blocks]
    return "\n".join([preamble, repr(replace(piece, sections=[])), f"landscape={section.landscape}", *blocks,
                      f"mark_from={start}", query])


def _cached_piece(source, folder: Path, pdfa: bool, store, key_text: str | None = None
                  ) -> tuple[bytes, dict[int, int]]:
    """`_compile_piece`, or what it gave for the same source before (kept in `store`). `source`: the
    Typst source, or what writes it (called only when it must be compiled, keyed by `key_text`)."""
    if store is None:
        made = _compile_piece(source if isinstance(source, str) else source(), folder, pdfa)
        _forget()
        return made
    key = _store_key("bagian", source, pdfa) if key_text is None else _store_key("bagian-model", key_text, pdfa)
    payload = store.get(key)
    if payload is not None:
        head, _, pdf = payload.partition(b"\n")
        try:
            return pdf, {int(row): page for row, page in json.loads(head)}
        except (ValueError, TypeError):
            pass  # not what this version keeps: compiled again
    pdf, pages = _compile_piece(source if isinstance(source, str) else source(), folder, pdfa)
    _forget()
    store.put(key, json.dumps(sorted(pages.items())).encode("ascii") + b"\n" + pdf)
    return pdf, pages


def _compile_piece(source: str, folder: Path, pdfa: bool) -> tuple[bytes, dict[int, int]]:
    """(PDF bytes, page of each labelled row) of one piece: one compile, the query reads its result."""
    from rapatgen.render.pdf.typeset import _fonts

    path = folder / "bagian.typ"
    path.write_text(source, encoding="utf-8")
    compiler = typst.Compiler(str(path), root="/", font_paths=_fonts(), ignore_system_fonts=True)
    pdf = compiler.compile(pdf_standards=_standards(pdfa), timestamp=0, pdf_tags=False)
    pages = json.loads(compiler.query(f"<{PAGES_LABEL}>", field="value", one=True))
    return pdf, {int(row): int(page) for row, page in pages}


def _forget() -> None:
    """Age Typst's memo cache out, so one piece's layout does not stay in memory during the next."""
    from rapatgen.render.pdf.typeset import _compiler

    for _ in range(EVICT_COMPILES):
        _compiler().compile(input=b"", pdf_tags=False)


_STORE = Scoped()  # where compiled pieces are kept while `kept_in` is open


def kept_in(store):
    """Keep (and reuse) the compiled pieces of the long tables rendered inside in `store`
    (`files.cache.BlobCache`: `get(key)`, `put(key, bytes)`); the renderers keep their one argument."""
    return _STORE.holding(store)


def render_in_pieces(doc: Document, store=None) -> bytes:
    """`store`: where compiled pieces are kept by their source; default: the one `kept_in` gives, else none."""
    store = store if store is not None else _STORE.held
    try:
        return _in_pieces(doc, pdfa=True, store=store)
    except typst.TypstError as exc:
        if "could not be displayed" not in str(exc):
            raise
        # a character no shipped font has: a plain PDF, as compile_pdf makes (the build names it)
        return _in_pieces(doc, pdfa=False, store=store)


def _in_pieces(doc: Document, pdfa: bool, store=None) -> bytes:
    from rapatgen.render.pdf.typeset import ROW_MARK, typst_body, typst_preamble

    at = long_table(doc)
    section = doc.sections[0]
    head, table, tail = section.blocks[:at], section.blocks[at], section.blocks[at + 1:]
    starts = _units_start(table)  # a piece starts only where a unit (rows kept together) starts
    query = (f"#context [#metadata(query(<{ROW_MARK}>).map(e => (e.value, e.location().page())))"
             f"<{PAGES_LABEL}>]\n")
    pieces: list[tuple[bytes, int]] = []  # (PDF, pages kept)
    start, rows = 0, PIECE_ROWS
    with tempfile.TemporaryDirectory(prefix="rapatgen-") as tmp:
        while True:
            stop = next((s for s in starts if s >= start + rows), len(table.rows))
            last = stop == len(table.rows)
            blocks = (head if not pieces else []) + [_slice(table, start, stop)] + (tail if last else [])
            piece = replace(doc, sections=[Section(blocks, landscape=section.landscape)])
            preamble = typst_preamble(piece, footer=False)
            if pieces:  # no head: keyed by its model, its Typst source written only to be compiled
                pdf, pages = _cached_piece(lambda piece=piece, preamble=preamble: preamble + typst_body(piece) + query,
                                           Path(tmp), pdfa, store,
                                           _model_key(piece, table, start, stop, preamble, query)
                                           if store is not None else None)
            else:
                pdf, pages = _cached_piece(preamble + typst_body(piece) + query, Path(tmp), pdfa, store)
            if last:
                pieces.append((pdf, -1))
                break
            final = max(pages.values())
            cut = min(row for row, page in pages.items() if page == final)
            if cut == start:  # the whole piece fits on one page: take more rows
                rows *= 2
                continue
            pieces.append((pdf, final - 1))
            start, rows = cut, PIECE_ROWS
    return _join(doc, pieces, pdfa, store)


def _footers(doc: Document, count: int, pdfa: bool, store=None) -> bytes:
    """`count` pages holding only the footer of `doc`'s page setup (kept in `store` by its source)."""
    from rapatgen.render.pdf.typeset import _compiler, typst_preamble

    section = doc.sections[0]
    body = ("#set page(flipped: true)\n" if section.landscape else "") + "#pagebreak()\n" * (count - 1) \
        + "#metadata(none) <akhir-bagian>\n"
    source = typst_preamble(doc) + body
    key = _store_key("kaki", source, pdfa) if store is not None else None
    pdf = store.get(key) if key is not None else None
    if pdf is None:
        pdf = _compiler().compile(input=source.encode("utf-8"), pdf_standards=_standards(pdfa), timestamp=0,
                                  pdf_tags=False)
        if key is not None:
            store.put(key, pdf)
    return pdf


def _join(doc: Document, pieces: list[tuple[bytes, int]], pdfa: bool, store=None) -> bytes:
    """The pieces' kept pages joined, each with its footer laid over, the catalogue of the first.

    With a `store`, a piece joined before at the same place is not read again: its objects are
    written as the bytes they were (`_Block`), when its pages point at the same footer objects as
    then; else (a change that moved what follows, a link between pages) the whole join is made
    afresh. Either way the same bytes."""
    if store is not None:
        made = _joined(doc, pieces, pdfa, store, reuse=True)
        if made is not None:
            return made
    return _joined(doc, pieces, pdfa, store, reuse=False)


# what the join reads of pypdf's writer beyond its public face (pypdf >= 5): without them it joins whole
_WRITER_PARTS = ("_objects", "_id_translated", "_unresolved_links", "flattened_pages")


class _Block:
    """A piece's objects as joined before: their numbers, what its pages point at outside it, the bytes."""

    def __init__(self, first: int, pages: list[int], footers: list[list[int]], translated: dict[int, int],
                 bodies: list[bytes]):
        self.first, self.pages, self.footers, self.translated, self.bodies = first, pages, footers, translated, bodies

    def payload(self) -> bytes:
        head = {"pertama": self.first, "halaman": self.pages, "kaki": self.footers,
                "asal": sorted(self.translated.items()), "isi": [len(b) for b in self.bodies]}
        return json.dumps(head).encode("ascii") + b"\n" + b"".join(self.bodies)

    @classmethod
    def read(cls, payload: bytes | None) -> "_Block | None":
        if payload is None:
            return None
        head, _, rest = payload.partition(b"\n")
        try:
            fields = json.loads(head)
            bodies, at = [], 0
            for size in fields["isi"]:
                bodies.append(rest[at:at + size])
                at += size
            if at != len(rest):
                return None
            return cls(int(fields["pertama"]), [int(n) for n in fields["halaman"]],
                       [[int(n) for n in refs] for refs in fields["kaki"]],
                       {int(a): int(b) for a, b in fields["asal"]}, bodies)
        except (ValueError, TypeError, KeyError):
            return None  # not what this version keeps: joined again


class _Placed(NamedTuple):
    """A block of objects in the join: a piece's, or the footers'."""

    first: int  # its first object's number
    at: int  # its first page's index in the joined PDF
    pages: list  # the pages added for it (none when kept)
    block: "_Block | None"  # as kept from an earlier join, or None when made now
    key: str | None  # where it is kept
    translated: dict[int, int]  # what it took from its PDF: object number there → number here
    is_footers: bool = False


def _block_key(kind: str, data: bytes, place: str, pdfa: bool) -> str:
    """Objects joined from the PDF `data` at `place` (their first number …), with pypdf's version (it wrote them)."""
    import hashlib

    from pypdf import __version__

    return _store_key(kind, f"{hashlib.sha256(data).hexdigest()} {place} pypdf {__version__}", pdfa)


def _joined(doc: Document, pieces: list[tuple[bytes, int]], pdfa: bool, store, reuse: bool) -> bytes | None:
    """The join; with `reuse`, the blocks kept in `store` where they fit, or None where one does not."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, IndirectObject,
                               NameObject, NumberObject, PdfObject)

    class Kept(PdfObject):
        """An object joined before, written as the bytes it was."""

        def __init__(self, body: bytes):
            self.body = body

        def write_to_stream(self, stream, *args) -> None:
            stream.write(self.body)

    class Writer(PdfWriter):
        positions: list[int] = []  # where each object starts in what `write` wrote

        def _write_pdf_structure(self, stream):
            positions, free = super()._write_pdf_structure(stream)
            self.positions = positions
            return positions, free

    def kept(key: str | None, first: int) -> _Block | None:
        block = _Block.read(store.get(key)) if reuse and key is not None else None
        if block is None or block.first != first:
            return None
        for body in block.bodies:
            obj = Kept(body)
            writer._objects.append(obj)
            obj.indirect_reference = IndirectObject(len(writer._objects), 0, writer)
        return block

    writer = Writer()
    # a pypdf whose writer is built otherwise: joined whole, nothing kept
    keeping = store is not None and all(hasattr(writer, name) for name in _WRITER_PARTS) \
        and hasattr(PdfWriter, "_write_pdf_structure")
    if reuse and not keeping:
        return None
    tree = writer.root_object.raw_get("/Pages")
    node = tree.get_object()
    readers: list = [None] * len(pieces)
    placed: list[_Placed] = []
    count = 0
    for i, (data, keep) in enumerate(pieces):
        first = len(writer._objects) + 1
        key = _block_key("gabung", data, f"{keep} {first} {tree.idnum} {count}", pdfa) if keeping else None
        block = kept(key, first)
        if block is not None:
            for number in block.pages:
                node[NameObject("/Kids")].append(IndirectObject(number, 0, writer))
                writer.flattened_pages.append(writer._objects[number - 1])
            node[NameObject("/Count")] = NumberObject(node["/Count"] + len(block.pages))
            placed.append(_Placed(first, count, [], block, key, block.translated))
            count += len(block.pages)
            continue
        readers[i] = reader = PdfReader(io.BytesIO(data))
        pages = [writer.add_page(page) for page in (reader.pages if keep < 0 else reader.pages[:keep])]
        translated = {n: d for n, d in writer._id_translated.get(id(reader), {}).items()
                      if isinstance(n, int)} if keeping else {}
        placed.append(_Placed(first, count, pages, None, key, translated))
        count += len(pages)
    # the footers: one form per page, drawn over it
    footer_pdf = _footers(doc, count, pdfa, store)
    first = len(writer._objects) + 1
    key = _block_key("gabung-kaki", footer_pdf, f"{first} {count}", pdfa) if keeping else None
    block = kept(key, first)
    if block is not None:
        refs = [tuple(IndirectObject(n, 0, writer) for n in numbers) for numbers in block.footers]
    else:
        refs = [_footer_objects(writer, footer) for footer in PdfReader(io.BytesIO(footer_pdf)).pages]
    footers = _Placed(first, 0, [], block, key, {}, is_footers=True)
    for first, at, pages, block, *_ in placed:
        if block is not None and block.footers != [[r.idnum for r in refs[at + k]] for k in range(len(block.pages))]:
            return None  # the footers are elsewhere now: joined afresh
        for k, page in enumerate(pages):
            _point_page(page, *refs[at + k])
    if any(p.block is not None for p in placed) and writer._unresolved_links:
        return None  # a link to a page of a kept piece: joined afresh
    placed.append(footers)
    end = len(writer._objects) + 1  # the first object after the footers'
    if readers[0] is None:
        readers[0] = PdfReader(io.BytesIO(pieces[0][0]))
        translated = writer._id_translated.setdefault(id(readers[0]), {"PreventGC": readers[0]})
        translated.update(placed[0].translated)  # what the first piece's pages took: the catalogue shares it
    first = readers[0]
    source = first.trailer["/Root"]
    root = writer.root_object
    for name in ("/Lang", "/ViewerPreferences", "/OutputIntents"):
        if name in source:
            root[NameObject(name)] = source.raw_get(name).clone(writer)
    if "/Metadata" in source:
        xmp = source["/Metadata"].get_object().get_data().decode("utf-8")
        xmp = re.sub(r"<xmpTPg:NPages>\d+</xmpTPg:NPages>", f"<xmpTPg:NPages>{count}</xmpTPg:NPages>", xmp)
        meta = DecodedStreamObject()  # PDF/A: the metadata stream stays unfiltered
        meta.set_data(xmp.encode("utf-8"))
        meta.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        root[NameObject("/Metadata")] = writer._add_object(meta)
    info = DictionaryObject({NameObject(k): v.clone(writer) for k, v in first.trailer["/Info"].get_object().items()})
    writer._info = info  # as Typst wrote it (no pypdf Producer: the Info must match the XMP)
    writer._ID = ArrayObject([ByteStringObject(x.original_bytes if hasattr(x, "original_bytes") else bytes(x))
                              for x in first.trailer["/ID"]])
    writer.pdf_header = first.pdf_header
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if keeping and not writer._unresolved_links:
        _keep_blocks(store, data, writer.positions, placed, refs, end)
    return data


def _keep_blocks(store, data: bytes, positions: list[int], placed: list[_Placed], refs: list, end: int) -> None:
    """Each block joined afresh (a piece's objects, the footers'), kept as its objects' bytes (`_Block`) for
    the next join; `positions`: where each object starts in `data`; `end`: the first object after the last block."""
    if len(positions) < end:
        return  # not written as expected: nothing kept
    ends = [p.first for p in placed[1:]] + [end]
    for (first, at, pages, block, key, translated, is_footers), stop in zip(placed, ends):
        if block is not None:
            continue
        bodies = []
        for number in range(first, stop):
            start, after = positions[number - 1], positions[number]  # the next object follows it
            head = f"{number} 0 obj\n".encode("ascii")
            if min(start, after) < 0 or data[start:start + len(head)] != head or data[after - 8:after] != b"\nendobj\n":
                return  # not laid out as expected: nothing kept
            bodies.append(data[start + len(head):after - 8])
        numbers = [[r.idnum for r in refs[at + k]] for k in range(len(refs) if is_footers else len(pages))]
        pages = [p.indirect_reference.idnum for p in pages]
        store.put(key, _Block(first, pages, numbers, translated, bodies).payload())


def _footer_content(footer) -> bytes:
    """The decoded content of a footer page. Typst writes one Flate stream: zlib reads it directly
    (pypdf's decoder, sized for its 75 MB limit, took ≈ 0.6 ms a page: 0.15 s at 240 pages);
    anything else as pypdf reads it."""
    import zlib

    from pypdf.generic import NameObject, StreamObject

    stream = footer.raw_get("/Contents").get_object()
    raw = getattr(stream, "_data", None)  # its encoded bytes: pypdf has no public getter for them
    if isinstance(stream, StreamObject) and isinstance(raw, bytes) \
            and stream.get("/Filter") == NameObject("/FlateDecode") and "/DecodeParms" not in stream:
        try:
            return zlib.decompress(raw)
        except zlib.error:
            pass
    return footer.get_contents().get_data()


def _footer_objects(writer, footer) -> tuple:
    """`footer` (a page of the footer document) as a form XObject in `writer`, with the content streams drawn
    before and after a page's own (q … Q, then the form): their references (form, before, after)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject, StreamObject

    form = DecodedStreamObject()
    form.set_data(_footer_content(footer))
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(v) for v in footer.mediabox]),
                 NameObject("/Resources"): footer["/Resources"].clone(writer)})
    form_ref = writer._add_object(form)
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\nq /RapatgenKaki Do Q\n")
    return form_ref, writer._add_object(before), writer._add_object(after)


def _point_page(page, form, before, after) -> None:
    """Draw the footer `form` over `page`: the page's own content between `before` and `after`."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    name = NameObject("/RapatgenKaki")
    resources = DictionaryObject(page["/Resources"].get_object())  # this page's own copy
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[name] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    contents = page.raw_get("/Contents")
    contents = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([before, *contents, after])
