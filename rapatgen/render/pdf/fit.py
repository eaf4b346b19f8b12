"""A short document fitted on the page its header starts, as a typist would (issue 19 item 1).

A document that is only a header (kop, title) and a closing run that never splits (a table
of at most five rows, its summary and the signature: layout.closing_run) moves the whole run
to page 2 when the run is a little taller than the rest of page 1, and page 1 holds only the
kop and the title. A typist closes the gap instead, step by step, only as far as needed:

1. the signature space from 2.2 cm to TIGHT_SIGNATURE_CM (room enough for a signature and
   a stamp);
2. the bottom margin no wider than the top one (the page footer stays below the text);
3. the table set at TIGHT_TABLE_PT.

Each step is measured with one Typst layout (render/pdf/measure: no PDF made) and kept only when the document then fits on one
page with SLACK_CM to spare (LibreOffice sets a Word file's lines a little taller than Typst).
When no step makes it fit, the document keeps its own spacing and its table (of more than
LAST_ROWS rows) may split (Table.split_ok): its first rows follow the title on page 1, its last
LAST_ROWS rows go with the signature; a table of fewer rows stays as it was. The steps change only the document
model (Signatures.space_cm, PageSetup.margin_cm, Table.font_size), so the PDF and the Word file
get the same page. Documents of any other shape are returned unchanged, without a layout.
"""

from __future__ import annotations

from dataclasses import replace

from rapatgen.model.blocks import (AttachmentHeader, Cell, Document, Letterhead, PageBreak, Signatures, Table, Title,
                                   runs)
from rapatgen.render.layout import LAST_ROWS, SIGNATURE_SPACE_CM, SMALL_TABLE_ROWS, closing_run
from rapatgen.render.pdf.measure import measure

TIGHT_SIGNATURE_CM = 1.6
TIGHT_TABLE_PT = 8.0
SLACK_CM = 0.3


def _header_and_run(doc: Document) -> bool:
    """One section, no page break, only header blocks before its closing run, and the run
    unbreakable (no table longer than SMALL_TABLE_ROWS: a longer one flows from page 1 anyway)."""
    if len(doc.sections) != 1:
        return False
    blocks = doc.sections[0].blocks
    if any(isinstance(b, PageBreak) for b in blocks):
        return False
    k = closing_run(blocks)
    return (bool(k) and all(isinstance(b, (Letterhead, Title, AttachmentHeader)) for b in blocks[:k])
            and not any(isinstance(b, Table) and len(b.rows) > SMALL_TABLE_ROWS for b in blocks[k:]))  # unbreakable


def _blocks(doc: Document, change) -> Document:
    sec = doc.sections[0]
    return replace(doc, sections=[replace(sec, blocks=[change(b) for b in sec.blocks])])


def _signature_space(cm: float):
    def change(b):
        if not isinstance(b, Signatures):
            return b
        return replace(b, blocks=[replace(x, space_cm=min(x.space_cm or SIGNATURE_SPACE_CM, cm)) for x in b.blocks])
    return change


def _tight_signatures(doc: Document) -> Document:
    return _blocks(doc, _signature_space(TIGHT_SIGNATURE_CM))


def _tight_margin(doc: Document) -> Document:
    top, right, bottom, left = doc.page.margin_cm
    return replace(doc, page=replace(doc.page, margin_cm=(top, right, min(bottom, top), left)))


def _tight_table(doc: Document) -> Document:
    return _blocks(doc, lambda b: replace(b, font_size=min(b.font_size or doc.page.font_size, TIGHT_TABLE_PT))
                   if isinstance(b, Table) else b)


STEPS = (_tight_signatures, _tight_margin, _tight_table)


_PAGES = "#context [#metadata(counter(page).final().first())<rapatgen-halaman>]\n"


def _pages(doc: Document) -> int:
    """How many pages `doc` takes: Typst's layout only (no PDF made, none read back). `doc` is one
    section without a page break (_header_and_run), so its page counter counts its pages."""
    return int(measure(doc, _PAGES, "rapatgen-halaman"))


def _with_slack(doc: Document) -> Document:
    """`doc` with every signature space SLACK_CM taller: it fits so, it fits in LibreOffice."""
    def change(b):
        if not isinstance(b, Signatures):
            return b
        return replace(b, blocks=[replace(x, space_cm=(x.space_cm or SIGNATURE_SPACE_CM) + SLACK_CM) for x in b.blocks])
    return _blocks(doc, change)


def fit_on_one_page(doc: Document) -> Document:
    """`doc`, or `doc` tightened by the first steps that put its header and closing run on one page."""
    if not _header_and_run(doc) or _pages(doc) == 1:
        return doc
    tight = doc
    for step in STEPS:
        tight = step(tight)
        if _pages(_with_slack(tight)) == 1:
            return tight
    # too tall even set tight: the table starts on page 1, its last LAST_ROWS rows go with the signature
    if any(isinstance(b, Table) and len(b.rows) > LAST_ROWS for b in doc.sections[0].blocks):
        return _blocks(doc, lambda b: replace(b, split_ok=True) if isinstance(b, Table) and len(b.rows) > LAST_ROWS else b)
    return doc



# --- blank rows fill the page they start on (issue 19 item 1) ---------------------------------
PT_PER_CM = 72 / 2.54
BLANK_SLACK_CM = 0.6  # under blank rows: LibreOffice keeps the Word file's closing empty paragraph on their page
_ENDS = ("#context [#metadata(query(<akhir-bagian>).map(e => (e.location().page(), e.location().position().y.pt())))"
         "<rapatgen-ukur>]\n")


def _ends(doc: Document) -> list[tuple[int, float]]:
    """(page, y in pt from the page top) where each section of `doc` ends, from one Typst layout."""
    import json

    found = json.loads(measure(doc, _ENDS, "rapatgen-ukur"))
    return [(int(page), float(y)) for page, y in found]


def _blank_tables(doc: Document) -> list[tuple[int, int]]:
    """(section, block) of each table with blank rows that ends its section, just before its signature."""
    out = []
    for si, sec in enumerate(doc.sections):
        blocks = sec.blocks
        for bi, b in enumerate(blocks):
            if (isinstance(b, Table) and b.blank_rows and b.min_row_height_cm and bi + 2 == len(blocks)
                    and isinstance(blocks[-1], Signatures)):
                out.append((si, bi))
    return out


def _with_blanks(t: Table, count: int, together: bool) -> Table:
    """`t` with `count` blank rows at its foot, numbered on."""
    filled = t.rows[:len(t.rows) - t.blank_rows]
    width = len(t.rows[-1])
    blank = [[Cell([runs(f"{len(filled) + k + 1}.")], align="center")] + [Cell([]) for _ in range(width - 1)]
             for k in range(count)]
    return replace(t, rows=filled + blank, row_kinds=t.row_kinds[:len(filled)], blank_rows=count,
                   blank_together=together)


def _apply(doc: Document, tables: dict[tuple[int, int], tuple[int, bool]]) -> Document:
    sections = []
    for si, sec in enumerate(doc.sections):
        blocks = [(_with_blanks(b, *tables[(si, bi)]) if (si, bi) in tables else b) for bi, b in enumerate(sec.blocks)]
        sections.append(replace(sec, blocks=blocks))
    return replace(doc, sections=sections)


def fill_blank_rows(doc: Document) -> Document:
    """`doc` with the blank rows of each attendance list counted so that they fill the page they
    start on and never begin one: they travel with the row above them and the signature, and as
    many are printed as fill that page (SLACK_CM kept free). Never fewer than `blank_minimum`; when
    those do not fit in the room left on the page where they start (measured with one blank row),
    they run on as rows do, from a full page, and the last page is filled — never moved whole to
    the next page, which left the page before half empty. Measured with Typst (one layout with one
    blank row, then one or two to check; render/pdf/measure); none without blank rows."""
    targets = _blank_tables(doc)
    if not targets:
        return doc
    p = doc.page
    geometry = {}
    for si, bi in targets:
        t = doc.sections[si].blocks[bi]
        height = (p.width_mm if doc.sections[si].landscape else p.height_mm) / 10
        geometry[(si, bi)] = ((height - p.margin_cm[2]) * PT_PER_CM, t.min_row_height_cm * PT_PER_CM)
    probe = {key: (1, True) for key in targets}
    ends = _ends(_apply(doc, probe))  # where one blank row, the row above it and the signature land
    pages = {key: ends[key[0]][0] for key in targets}  # the page the blank rows start on
    state: dict[tuple[int, int], tuple[int, bool]] = {}
    for key in targets:
        limit, row = geometry[key]
        room = 1 + max(int((limit - ends[key[0]][1] - BLANK_SLACK_CM * PT_PER_CM) // row), 0)
        minimum = max(doc.sections[key[0]].blocks[key[1]].blank_minimum, 1)
        state[key] = (room, True) if minimum <= room else (minimum, False)
    ends = _ends(_apply(doc, state))
    for key, (count, together) in state.items():
        if not together:  # rows run on: the page their last one and the signature end on
            pages[key] = ends[key[0]][0]
    for _ in range(5):
        changed = False
        for key, (count, together) in state.items():
            limit, row = geometry[key]
            page, y = ends[key[0]]
            if page != pages[key]:  # a row too many moved them to a new page: one fewer
                if count > max(doc.sections[key[0]].blocks[key[1]].blank_minimum, 1):
                    state[key] = (count - 1, together)
                    changed = True
                continue
            add = int((limit - y - BLANK_SLACK_CM * PT_PER_CM) // row)
            if add > 0:
                state[key] = (count + add, together)
                changed = True
        if not changed:
            break
        ends = _ends(_apply(doc, state))
    return _apply(doc, state)
