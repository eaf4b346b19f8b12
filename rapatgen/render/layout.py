"""Measurements and list markers the PDF and the Word backends share, so both lay a page out alike."""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache

SIGNATURE_SPACE_CM = 2.2
KOP_LOGO_CM = 2.6
CELL_PAD_PT = 1.5  # extra room above and below table text, the same in the DOCX cell margins


def _marker(style: str, i: int) -> str:
    from rapatgen.text.locale import huruf_urut

    return {"1.": f"{i + 1}.", "a.": f"{huruf_urut(i)}.", "1)": f"{i + 1})", "-": "–"}[style]


def signature_pairs(blocks: list) -> list[list]:
    """Signature blocks two by two, left and right; a single block stands on the right (where a letter is
    signed), an odd last one on the left with an empty right."""
    if len(blocks) == 1:
        return [[None, blocks[0]]]
    return [blocks[i:i + 2] + [None] * (2 - len(blocks[i:i + 2])) for i in range(0, len(blocks), 2)]


# --- words that never break (issue 19 item 3) ----------------------------------------------
# An identifier, letter number or abbreviation joined by a hyphen, slash or dash ("SIKS-NG",
# "400.9.14/57/Bappeda", "kab/kota", "TW III–IV", "se-Kalimantan") and "nomor N" are set as one
# unbreakable piece: the PDF boxes it, the DOCX joins it with a non-breaking hyphen, word joiners
# after its slashes and dashes, and a no-break space. Web and mail addresses are left to break.
_IDENTIFIER = re.compile(r"\S*\w[-/–]\w\S*")
_JOINED = re.compile(r"\b[Nn]omor \S*\d\S*|" + _IDENTIFIER.pattern)
_ADDRESS = re.compile(r"://|@|^www\.|[A-Za-z]\.[A-Za-z]{2,}")
JOINED_MAX = 40  # longer pieces may break: an unbreakable one that long could overflow a narrow cell


_ROOM: list[tuple[float, float] | None] = [None]  # (width, font size) in points of the cell being written


@contextmanager
def room(width_pt: float, size_pt: float):
    """While a narrow box (a table cell `width_pt` wide, text `size_pt`) is written, a piece wider
    than it is not joined: it could only overflow the cell or break inside a letter."""
    before, _ROOM[0] = _ROOM[0], (width_pt, size_pt)
    try:
        yield
    finally:
        _ROOM[0] = before


def breakable():
    """While text is written inside, nothing is joined (table headers, as in the PDF)."""
    return room(0.0, 1.0)


@lru_cache(maxsize=2)
def _font(bold: bool):
    from PIL import ImageFont

    from rapatgen.text.resources import fonts_dir

    # the basic layout (advances and kerning, no shaping library): the same widths on every machine
    return ImageFont.truetype(str(fonts_dir() / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf"), 1000,
                              layout_engine=ImageFont.Layout.BASIC)


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of `text` (its widest line) in Liberation Sans (Arial's metrics) at `size_pt`."""
    return _width_1000(text, bold) * size_pt / 1000


@lru_cache(maxsize=8192)
def _width_1000(text: str, bold: bool) -> float:
    """`text`'s width at 1000 pt, measured once per process: every letter's kop measures the same
    address lines, every table the same identifiers (a quarter of making the Typst source)."""
    font = _font(bold)
    return max(font.getlength("".join(ch for ch in line if ch >= " ")) for line in text.split("\n"))


def _fits(piece: str) -> bool:
    if len(piece) > JOINED_MAX or _ADDRESS.search(piece):
        return False
    return _ROOM[0] is None or text_width_pt(piece, _ROOM[0][1], bold=True) <= _ROOM[0][0]


def unbreakable(text: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each (piece, must not break); the pieces joined give `text` again.
    "nomor 400.9.14/57/Bappeda" too wide to keep whole keeps at least its number whole."""
    return list(_unbreakable(text, _ROOM[0]))


@lru_cache(maxsize=8192)
def _unbreakable(text: str, room: tuple[float, float] | None) -> tuple[tuple[str, bool], ...]:
    """= unbreakable(text) in a box of `room` (the same text in the same room: the same pieces)."""
    if not _JOINED.search(text):
        return ((text, False),) if text else ()
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _JOINED.finditer(text):
        start, end = m.span()
        if not _fits(m.group()):
            inner = _IDENTIFIER.search(text, start, end)
            if inner is None or inner.span() == (start, end) or not _fits(inner.group()):
                continue
            start, end = inner.span()
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return tuple(out)


# --- pages that are never only a tail (issue 19 item 1) ----------------------------------------
SMALL_TABLE_ROWS = 5  # a table of at most this many rows never splits over two pages
LAST_ROWS = 3  # a table's last rows that travel with the signature after it
KOP_ADDRESS_PT = 10.0  # the kop's address lines
KOP_ADDRESS_MIN_PT = 8.5
KOP_SIDE_CM = 0.5  # the kop's text column: text width less the logo column, this and the cell margins


def kop_address(lines: list[str], width_cm: float) -> tuple[list[str], float]:
    """The kop's address lines and their size so that none wraps (an orphan "Kode Pos 75000" line):
    shrunk by half points down to 8.5 pt, and a line still too wide split at the comma nearest its
    middle. `width_cm`: the text column the lines are centred in."""
    room_pt = width_cm * 72 / 2.54 - 2 * 5.4 - 2  # the DOCX cell margins, and a little for kerning
    size = KOP_ADDRESS_PT
    while size > KOP_ADDRESS_MIN_PT and any(text_width_pt(line, size) > room_pt for line in lines):
        size -= 0.5
    out: list[str] = []
    for line in lines:
        out += _split_to_fit(line, size, room_pt)
    return out, size


def _split_to_fit(line: str, size: float, room_pt: float) -> list[str]:
    if text_width_pt(line, size) <= room_pt or ", " not in line:
        return [line]
    parts = line.split(", ")
    best = min(range(1, len(parts)), key=lambda k: abs(text_width_pt(", ".join(parts[:k]), size)
                                                       - text_width_pt(", ".join(parts[k:]), size)))
    return (_split_to_fit(", ".join(parts[:best]) + ",", size, room_pt)
            + _split_to_fit(", ".join(parts[best:]), size, room_pt))


def part_tail(blocks: list) -> int | None:
    """Where the run that ends one part begins: the closing run when the part is signed
    (closing_run), else the part's last body paragraph and the short tables (at most
    SMALL_TABLE_ROWS rows) and their captions after it — so the last page of a chapter never
    holds only a table (an LP2KD's 'Target dan kesenjangan' row alone at the top of a page).
    None when the part ends in neither."""
    from rapatgen.model.blocks import Paragraph, Table

    k = closing_run(blocks)
    if k is not None:
        return k
    k = len(blocks)
    while k > 0 and (isinstance(blocks[k - 1], Table) and len(blocks[k - 1].rows) <= SMALL_TABLE_ROWS
                     or isinstance(blocks[k - 1], Paragraph) and blocks[k - 1].align != "justify"):
        k -= 1
    if k == len(blocks) or not any(isinstance(b, Table) for b in blocks[k:]):
        return None
    if k == 0 or not (isinstance(blocks[k - 1], Paragraph) and blocks[k - 1].align == "justify"):
        return None
    return k - 1


def closing_run(blocks: list) -> int | None:
    """Where the closing run of one part of a document (up to a page break or its section's end)
    begins: its last body block and what follows it — signatures, a tembusan, short unjustified
    lines (place and date, "Yang menyepakati:"), tables of at most SMALL_TABLE_ROWS rows. The run
    stays on one page, so the page of a signature always carries body text (issue 19 item 1).
    None when the part ends in no signature."""
    from rapatgen.model.blocks import (AttachmentHeader, Letterhead, NumberedList, Paragraph, Signatures, Spacer,
                                       Table, Title)

    def tail(i: int) -> bool:
        b = blocks[i]
        if isinstance(b, (Signatures, Spacer)):
            return True
        if isinstance(b, Paragraph):
            return b.align != "justify"
        if isinstance(b, Table):
            return len(b.rows) <= SMALL_TABLE_ROWS and not b.split_ok
        # a tembusan: its list after its heading after the signature
        return (isinstance(b, NumberedList) and i >= 2 and isinstance(blocks[i - 1], Paragraph)
                and isinstance(blocks[i - 2], Signatures))

    k = len(blocks)
    while k > 0 and tail(k - 1):
        k -= 1
    signed = any(isinstance(b, Signatures) or (isinstance(b, Table) and b.signature_column is not None)
                 for b in blocks[k:])
    if not signed or k == len(blocks):
        return None
    if k == 0 or isinstance(blocks[k - 1], (Title, Letterhead, AttachmentHeader)):
        return k  # no body text before it: a title or kop stays where it is, not pulled onto a new page
    return k - 1


# --- columns that hold their words (layout rule 8.1) -------------------------------------------
CELL_INSET_PT = 5.4  # a cell's left and right inset: the PDF's cellpad, the DOCX cell margins (108 twips)
FIT_SLACK_PT = 0.75  # rounding between measuring and printing (twips, Typst's fr)


def _pieces(text: str) -> list[str]:
    """The parts of a text a line may break between: words, and a word's parts after '/', '-' or '–'."""
    return [p for word in text.split() for p in re.split(r"(?<=[/\-–])", word) if p]


@lru_cache(maxsize=16384)
def _widest_1000(text: str, bold: bool) -> float:
    """The width at 1000 pt of the widest piece of `text` (0.0 without one), worked out once per
    process: the same names, dates and numbers fill the tables of every meeting. Scaling to a size
    afterwards gives the same float as scaling each piece (a product by a positive number keeps
    the order of floats)."""
    return max([0.0] + [_width_1000(p, bold) for p in _pieces(text)])


def column_needs(t, size_pt: float) -> list[float]:
    """Per column, the width (pt) its longest unbreakable piece needs inside the cell's inset: the
    column title (bold) and every single-column cell (bold where the cell or its row is)."""
    widest = [_widest_1000(c.title, True) for c in t.columns]
    for i, row in enumerate(t.rows):
        bold_row = t.kind(i) in ("subtotal", "total")
        col = 0
        for cell in row:
            if cell.colspan == 1 and not (t.signature_column is not None and col == t.signature_column):
                bold = cell.bold or bold_row
                for inline in cell.content:
                    w = _widest_1000("".join(r.text for r in inline), bold)
                    if w > widest[col]:
                        widest[col] = w
            col += cell.colspan
    need = [w * size_pt / 1000 for w in widest]
    return [n + 2 * CELL_INSET_PT + FIT_SLACK_PT if n else 0.0 for n in need]


def fitted_widths(t, width_pt: float, size_pt: float) -> list[float] | None:
    """Column widths (pt) where every column holds its longest word inside the cell's inset — a
    narrow 'No' column is widened, the room taken from the columns with room to spare, in
    proportion to it; None when every column already holds its words (the table is left as written)."""
    total = sum(c.width for c in t.columns)
    if not total or width_pt <= 0:
        return None
    now = [width_pt * c.width / total for c in t.columns]
    need = column_needs(t, size_pt)
    if all(w >= n - FIT_SLACK_PT for n, w in zip(need, now)):
        return None  # every word inside its inset already (the slack is for rounding only)
    short = [max(0.0, n - w) for n, w in zip(need, now)]
    wanted = sum(short)
    spare = [max(0.0, w - n) for n, w in zip(need, now)]
    room_left = sum(spare)
    if room_left <= 0:
        return None  # nothing to take from: the words cannot all fit, the table stays as written
    give = min(1.0, room_left / wanted)  # where not all can be had, each short column gets its share
    taken = wanted * give
    return [w + s * give - (p / room_left) * taken for w, s, p in zip(now, short, spare)]


_FITTED: dict[int, tuple] | None = None  # while `fitted_once` is open: id(doc) → (doc, fitted doc)


@contextmanager
def fitted_once():
    """Inside, `fit_columns` of one document object is worked out once, however many backends draw
    it (the project tracker's PDF and DOCX: measuring every word of 3,000 rows took ≈ 0.2 s each).
    Keyed by the object, which is held until the block ends (its id cannot be reused); a model is
    not changed while it is rendered."""
    global _FITTED
    before, _FITTED = _FITTED, {}
    try:
        yield
    finally:
        _FITTED = before


def fit_columns(doc):
    """`doc` with every data table's columns wide enough for their words (`fitted_widths`); the same
    document when nothing needs it. Both backends draw the fitted model, so Word and PDF agree."""
    if _FITTED is not None:
        kept = _FITTED.get(id(doc))
        if kept is None:
            kept = _FITTED[id(doc)] = (doc, _fit_columns(doc))
        return kept[1]
    return _fit_columns(doc)


def _fit_columns(doc):
    import dataclasses

    from rapatgen.model.blocks import Column, Table

    sections, changed = [], False
    for sec in doc.sections:
        width_cm = (doc.page.height_mm if sec.landscape else doc.page.width_mm) / 10 - doc.page.margin_cm[1] \
            - doc.page.margin_cm[3]
        blocks = []
        for b in sec.blocks:
            if isinstance(b, Table) and b.columns:
                widths = fitted_widths(b, (b.width_cm or width_cm) * 72 / 2.54, b.font_size or doc.page.font_size)
                if widths is not None:
                    b = dataclasses.replace(b, columns=[Column(c.title, round(w, 3), c.align)
                                                        for c, w in zip(b.columns, widths)])
                    changed = True
            blocks.append(b)
        sections.append(dataclasses.replace(sec, blocks=blocks))
    return dataclasses.replace(doc, sections=sections) if changed else doc
