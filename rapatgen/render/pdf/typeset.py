"""PDF backend: the document model as Typst source, compiled in-process to PDF/A-2b.

All text enters Typst as escaped string literals (`#"…"`), never as markup, so `#`, `[`,
`$`, `*`, `<` and friends in YAML print literally. Dates are formatted in Python
(Typst names months only in English). Fonts come from the package's data/fonts only, so the
output is the same on every machine.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import typst

from rapatgen.render.layout import (CELL_PAD_PT, fit_columns, KOP_LOGO_CM, KOP_SIDE_CM, LAST_ROWS, SIGNATURE_SPACE_CM, SMALL_TABLE_ROWS,
                                    _ROOM, _marker, closing_run, kop_address, room, signature_pairs, unbreakable)

from rapatgen.model.blocks import (AttachmentHeader, Block, Document, Image, Inline, LabelValue, Letterhead,
                                       NumberedList, PageBreak, Paragraph, Run, Section, Signatures,
                                       Spacer, Table, Title)
from rapatgen.render.layout import part_tail
PDF_FONT = "Liberation Sans"  # metric-compatible with Arial, which the DOCX names
FALLBACK_FONTS = ("DejaVu Sans", "Noto Emoji")  # symbols, then emoji (monochrome outlines: PDF/A allows them)
KOP_RULE_PT = (3.0, 0.75, 0.75)  # kop closing rule: thick line, thin line below it, gap between them
# Measured: Word/LibreOffice set one line of Arial/Liberation Sans at 1.149 em times the
# line spacing; Typst's ascender→descender box for Liberation Sans is 0.938 em. The
# difference becomes Typst's leading, so lines and pages fall where Word puts them.
WORD_LINE_EM = 1.149
TYPST_LINE_EM = 0.938


@lru_cache(maxsize=1)
def _fonts() -> typst.Fonts:
    """The shipped fonts only; without them Typst would print no text at all, so that is an error."""
    from rapatgen.text.resources import MissingResource, fonts_dir

    folder = fonts_dir()
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)])
    if PDF_FONT not in fonts.families():
        raise MissingResource(f"huruf '{PDF_FONT}' tidak ada di {folder} — PDF tanpa huruf tidak dibuat; "
                              "pasang ulang rapatgen")
    return fonts


_STRING_ESCAPES = {**dict.fromkeys(range(32)), ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\t"): " "}


def s(text: str) -> str:
    """A Typst string literal for `text`: the only way text from YAML enters Typst.

    Backslash and quote escaped, a line break as \\n, a tab as a space, other control characters dropped."""
    return '"' + text.translate(_STRING_ESCAPES) + '"'


def joined(text: str) -> str:
    """Markup for `text` whose identifiers, letter numbers and "nomor N" never break (issue 19
    item 3, layout.unbreakable): each such piece in a box, the rest a plain string."""
    pieces = unbreakable(text)
    if not any(keep for _, keep in pieces):
        return f"#{s(text)}"
    return "".join(f"#box({s(piece)})" if keep else f"#{s(piece)}" for piece, keep in pieces)


def _run(r: Run) -> str:
    return _run_source(r.text, r.bold, r.italic, r.underline, _ROOM[0])


@lru_cache(maxsize=16384)
def _run_source(text: str, bold: bool, italic: bool, underline: bool, box: tuple[float, float] | None) -> str:
    """The Typst markup of a run (every field of it, and the box it is written in: what
    layout.unbreakable keeps whole depends on it), made once per process: the same names,
    numbers and dates fill every meeting's tables, measured by the fit and rendered again."""
    r = Run(text, bold, italic, underline)
    parts = []
    lines = r.text.split("\n")
    for i, line in enumerate(lines):
        if i:
            parts.append("#linebreak()")
        if not line:
            continue
        args = []
        if r.bold:
            args.append('weight: "bold"')
        if r.italic:
            args.append('style: "italic"')
        if any(keep for _, keep in unbreakable(line)):
            body = f"#text({', '.join(args)})[{joined(line)}]" if args else joined(line)
            if r.underline:
                body = f"#underline[{body}]"
            parts.append(body)
            continue
        body = f"#text({', '.join(args + [s(line)])})" if args else f"#{s(line)}"
        if r.underline:
            body = f"#underline({body[1:]})"
        parts.append(body)
    return "".join(parts)


def inline(content: Inline) -> str:
    return "".join(_run(r) for r in content) or "#[]"


def _cm(v: float) -> str:
    return f"{v:.3f}cm"


def _paragraph(p: Paragraph) -> str:
    align = {"justify": "left", "left": "left", "center": "center", "right": "right"}[p.align]
    opts = [f"justify: {'true' if p.align == 'justify' else 'false'}"]
    if p.first_line_cm:
        opts.append(f"first-line-indent: (amount: {_cm(p.first_line_cm)}, all: true)")
    size = f"#set text(size: {p.size}pt)\n" if p.size else ""
    body = f"#set align({align})\n{size}#par({', '.join(opts)})[{inline(p.content)}]"
    pre = f"#v({p.space_before * 1.2:.2f}em)\n" if p.space_before else ""
    if p.indent_cm:
        body = f"#pad(left: {_cm(p.indent_cm)})[\n{body}\n]"
    if p.keep_with_next:  # Word's "keep with next": never leave a heading alone at a page foot
        return pre + f"#block(sticky: true, width: 100%)[\n{body}\n]\n"
    return pre + f"#[\n{body}\n]\n"


def _title(t: Title) -> str:
    head = f"#text(weight: \"bold\", {s(t.text)})"
    if t.underline:
        head = f"#underline({head[1:]})"
    lines = [head] + [f"#text(weight: \"bold\", {s(x)})" for x in t.subtitle]
    return "#align(center)[\n#set par(justify: false)\n" + " \\\n".join(lines) + "\n]\n#v(0.4em)\n"


def _letterhead(k: Letterhead) -> str:
    logo = f"image({s(str(k.logo.resolve()))}, height: {_cm(KOP_LOGO_CM)})" if k.logo else "[]"
    sizes = [16] if len(k.lines) == 1 else [13] + [15] * (len(k.lines) - 1)
    texts = [f"#text(size: {sz}pt, weight: \"bold\", {s(line)})" for sz, line in zip(sizes, k.lines)]
    width_cm = _PAGE[0][0] * 2.54 / 72 - (0 if k.centred_emblem else KOP_LOGO_CM + KOP_SIDE_CM)
    address, size = kop_address(k.address_lines, width_cm)  # no orphan "Kode Pos" line (issue 19 item 1)
    texts += [f"#text(size: {size:g}pt, {s(line)})" for line in address]
    block = f"#set par(justify: false, leading: {WORD_LINE_EM - TYPST_LINE_EM:.3f}em)\n" + " \\\n".join(texts)
    if k.centred_emblem:
        top = f"#align(center)[#{logo}]\n" if k.logo else ""
        body = top + f"#align(center)[\n{block}\n]\n"
    else:
        body = (f"#grid(columns: ({_cm(KOP_LOGO_CM + 0.2)}, 1fr, {_cm(0.3)}), align: (center + horizon, center + horizon),\n"
                f"  {logo}, [\n{block}\n], [])\n")
    # the DOCX's rule (a thickThinSmallGap bottom border of 3 pt) as LibreOffice draws it:
    # 3 pt over 0.75 pt, 0.75 pt apart; the text below stays where it was
    thick, thin, gap = KOP_RULE_PT
    rule = (f"#v(0.15em)\n#line(length: 100%, stroke: {thick}pt)\n#v(-0.75em + {gap + (thick + thin) / 2 - 1.6:.3f}pt)\n"
            f"#line(length: 100%, stroke: {thin}pt)\n#v(0.6em - {gap + (thick + thin) / 2 - 1.6:.3f}pt)\n")
    return body + rule


def _label_value(lv: LabelValue) -> str:
    cells = []
    for label, values in lv.rows:
        if lv.numbered_values and len(values) > 1:
            inner = ", ".join(f"[#{s(f'{i}.')}], [{inline(v)}]" for i, v in enumerate(values, 1))
            value = f"grid(columns: (0.7cm, 1fr), row-gutter: rowgap, {inner})"
            value = f"[#{value}]"
        else:
            value = "[" + " #linebreak() ".join(inline(v) for v in values) + "]"
        with room(lv.label_cm * 72 / 2.54, _PAGE[0][1]):
            label_markup = joined(label)
        cells.append(f"[{label_markup}], [#\":\"], {value}")
    cols = f"({_cm(lv.label_cm)}, 0.45cm, 1fr)"
    grid = (f"#grid(columns: {cols}, row-gutter: rowgap, align: (left + top, left + top, left + top),\n  "
            + ",\n  ".join(cells) + ")\n")
    wrapped = "#block[\n#set par(justify: false)\n" + grid + "]\n"
    return f"#pad(left: {_cm(lv.indent_cm)})[\n{wrapped}]\n" if lv.indent_cm else wrapped


def _left(b: Block) -> Block:
    """A paragraph inside a list item is part of the list: left-aligned."""
    return replace(b, align="left") if isinstance(b, Paragraph) and b.align == "justify" else b


def _numbered(nl: NumberedList, start: int = 0) -> str:
    """A list, left-aligned like every list and table cell (issue 19 item 4: justified, a short
    item's last-but-one line spread with wide gaps); body paragraphs stay justified."""
    cells = []
    for i, item in enumerate(nl.items, start + nl.start - 1):
        body = inline(item.content)
        if item.children:
            body += "\n" + "".join(block(_left(b)) for b in item.children)
        cells.append(f"[#{s(_marker(nl.style, i))}], [\n#set par(justify: false)\n{body}\n]")
    width = 0.5 if nl.style == "-" else 0.8
    grid = (f"#grid(columns: ({_cm(width)}, 1fr), row-gutter: rowgap,\n  " + ",\n  ".join(cells) + ")\n")
    return f"#pad(left: {_cm(nl.indent_cm)})[\n{grid}]\n" if nl.indent_cm else grid


def _cell_body(cell) -> str:
    body = " #linebreak() ".join(inline(c) for c in cell.content) if cell.content else ""
    if cell.bold:
        body = f"#text(weight: \"bold\")[{body}]"
    return body


HEADER_FILL = "luma(242)"  # the DOCX header shading F2F2F2
GROUP_FILL = "luma(235)"  # EBEBEB
TOTAL_FILL = "luma(225)"  # E1E1E1


ROW_MARK = "rapatgen-baris"  # a long table typeset in pieces finds its rows' pages by this label (pdf_pieces)


def _row_cells(t: Table, i: int, mark: int | None = None) -> list[str]:
    """Typst cells of model row i; no row breaks across pages (breakable: false). `mark`: an
    invisible label in the first cell, so the pages each row fell on can be asked for."""
    aligns = [c.align if c.align != "justify" else "left" for c in t.columns]
    kind = t.kind(i)
    out, col = [], 0
    total = sum(c.width for c in t.columns)
    for cell in t.rows[i]:
        align = cell.align if cell.align != "left" else aligns[col] if cell.colspan == 1 else "left"
        width = _PAGE[0][0] * sum(c.width for c in t.columns[col:col + cell.colspan]) / total - 2 * 5.4
        before, _ROOM[0] = _ROOM[0], (width, t.font_size or _PAGE[0][1])  # = `with room(…)`, without a
        try:                                                                # context manager per cell
            body = _cell_body(cell)
        finally:
            _ROOM[0] = before
        signature = t.signature_column is not None and col == t.signature_column
        if signature and kind == "body":
            number = f"{i + 1}."
            left = i % 2 == 0
            # the row exactly min_row_height_cm tall, as the DOCX row's trHeight atLeast: the
            # cell's top and bottom inset (cellpad: lead / 2 + CELL_PAD_PT each) come off the block
            height = (f"{_cm(t.min_row_height_cm)} - lead - {2 * CELL_PAD_PT}pt" if t.min_row_height_cm
                      else _cm(0.5))
            # odd rows' numbers at the left, even rows' at the middle (as the DOCX tab stop); h(50%),
            # not a two-column grid per row, which cost ≈ 14 % of a daftar hadir's render
            body = f"#block(height: {height}, width: 100%)[{'' if left else '#h(50%)'}#{s(number)}]"
        opts = [f"align: {align} + {'top' if signature else 'horizon'}", "breakable: false"]
        if cell.colspan > 1:
            opts.append(f"colspan: {cell.colspan}")
        if kind == "group":
            opts.append(f"fill: {GROUP_FILL}")
        if kind in ("subtotal", "total"):
            body = f"#text(weight: \"bold\")[{body}]"
            if kind == "total":
                opts.append(f"fill: {TOTAL_FILL}")
        if mark is not None and not out:
            body = f"#metadata({mark})<{ROW_MARK}>" + body
        out.append(f"table.cell({', '.join(opts)})[{body}]")
        col += cell.colspan
    return out


def _units(t: Table) -> list[list[int]]:
    """Rows that must share a page: a subtotal or total stays with the row above it."""
    units: list[list[int]] = []
    for i in range(len(t.rows)):
        if units and t.kind(i) in ("subtotal", "total") and t.kind(units[-1][-1]) != "group":
            units[-1].append(i)
        else:
            units.append([i])
    return units


def _glued(t: Table, cols: str, rows: list[int], tail: str = "", mark: int | None = None) -> str:
    """Several rows (and what follows the table) as one unbreakable full-width cell holding a
    table with the same columns, so its lines fall exactly on the outer table's."""
    cells = ", ".join(c for k, i in enumerate(rows) for c in _row_cells(t, i, mark if k == 0 else None))
    inner = f"#table(columns: {cols}, inset: cellpad, stroke: 0.5pt, {cells})\n" if rows else ""
    return (f"table.cell(colspan: {len(t.columns)}, inset: 0pt, stroke: none, breakable: false, align: left + top)"
            f"[\n{inner}" + (f"#[\n#set text(size: bodysize)\n{tail}]\n" if tail else "") + "]")


def _table(t: Table, tail: str = "") -> str:
    """A data table; `tail` (the signature and what leads to it) travels with the last rows — at
    least LAST_ROWS of them, so its page is never a signature under one row (issue 19 item 1). A
    table of at most SMALL_TABLE_ROWS rows never splits."""
    cols = "(" + ", ".join(f"{c.width}fr" for c in t.columns) + ",)"
    total = sum(c.width for c in t.columns)
    titles = []
    for c in t.columns:  # "Belum/Selesai" kept whole where the column holds it
        with room(_PAGE[0][0] * c.width / total - 2 * 5.4, t.font_size or _PAGE[0][1]):
            titles.append(joined(c.title))
    header = ", ".join(f"table.cell(align: center + horizon, fill: {HEADER_FILL})[#text(weight: \"bold\")[{title}]]"
                       for title in titles)
    out = []
    units = _units(t)
    marks = getattr(t, "mark_from", None)  # set on the slices of a table typeset in pieces
    glue = len(units)  # the units from here on travel with the tail
    if tail:
        glue, rows = len(units) - 1, len(units[-1]) if units else 0
        while glue > 0 and rows < LAST_ROWS:
            glue -= 1
            rows += len(units[glue])
    if t.blank_together and t.blank_rows and units:  # blank rows counted to fill their page (render.pdf.fit)
        lead = max(len(t.rows) - t.blank_rows - 1, 0)  # travel with the row above them: they never begin a page
        glue = min(glue, next(n for n, u in enumerate(units) if lead in u))
    for n, unit in enumerate(units):
        if n > glue:
            continue
        mark = None if marks is None else marks + unit[0]
        if n == glue and (tail or glue < len(units)):
            together = [i for u in units[glue:] for i in u]
            out.append(_glued(t, cols, together, tail, mark))
        elif t.kind(unit[0]) == "group":
            # a group heading is a sub-header: Typst never leaves it alone at a page foot
            out.append(f"table.header(level: 2, repeat: false, {', '.join(_row_cells(t, unit[0], mark))})")
        elif len(unit) > 1:
            out.append(_glued(t, cols, unit, mark=mark))
        else:
            out.extend(_row_cells(t, unit[0], mark))
    if tail and not units:
        out.append(_glued(t, cols, [], tail))
    size = f"#set text(size: {t.font_size}pt)\n" if t.font_size else ""
    whole = "breakable: false" if len(t.rows) <= SMALL_TABLE_ROWS and marks is None and not t.split_ok else ""
    opts = ", ".join(x for x in (f"width: {_cm(t.width_cm)}" if t.width_cm else "", whole) if x)
    return ((f"#block({opts})[\n" if opts else "#block[\n") + size + "#set par(justify: false)\n"
            f"#table(columns: {cols}, inset: cellpad, stroke: 0.5pt,\n"
            f"  table.header(repeat: true, {header}),\n  " + ",\n  ".join(out) + ")\n]\n")


def _lines(lines: list[str]) -> str:
    return " \\\n".join(f"#{s(x)}" for x in lines if x) or ""


def _signatures(sig: Signatures) -> str:
    """Blocks two by two on a grid of line slots: jabatan lines share a row (top-aligned),
    names share a row (one baseline), whatever each jabatan's length."""
    out = []
    blocks = sig.blocks
    pairs = signature_pairs(blocks)
    for pair in pairs:
        present = [b for b in pair if b]
        above = max(len(b.lines_above) for b in present)
        below = max(len(b.below) for b in present)
        cells = []
        for k in range(above):  # pad at the top: the jabatan lines (last) share a row
            for b in pair:
                pad = above - len(b.lines_above) if b else above
                text = b.lines_above[k - pad] if b and k >= pad else ""
                cells.append(f"[{joined(text)}]" if text else "[]")
        space = max((b.space_cm or SIGNATURE_SPACE_CM) for b in present)
        if any(b.space_text for b in present):  # a field in the space, the rest of the box left free
            cells += [f"[#block(height: {_cm(space)}, width: 100%)[#{s(b.space_text)}]]" if b and b.space_text
                      else f"[#v({_cm(space)})]" for b in pair]
        else:
            cells += [f"[#v({_cm(space)})]", "[]"]
        for b in pair:
            cells.append(f"[#text(weight: \"bold\")[#underline(evade: false, {s(b.name)})]]" if b else "[]")
        for k in range(below):
            for b in pair:
                cells.append(f"[#{s(b.below[k])}]" if b and k < len(b.below) else "[]")
        if sig.paraf is not None and pair[0] is None:
            cells = _with_paraf(cells, sig.paraf, above, space)
        out.append(f"#block(breakable: false)[\n#set par(justify: false)\n#set align(left)\n"
                   f"#grid(columns: (1fr, 1fr), column-gutter: 0.6cm, row-gutter: lead,\n  {', '.join(cells)})]\n")
    return "#v(0.8em)\n".join(out)


def _with_paraf(cells: list[str], paraf: Table, above: int, space: float) -> list[str]:
    """The grid cells of a single block (left column empty) with the paraf koordinasi in the left
    column: one cell spanning every row, its table at the foot. A paraf taller than the block
    makes the block taller (the last row grows), so it never covers the text above."""
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    right = [r[1] for r in rows]
    if right[above] == "[]":  # the signature space was the left cell's: it moves to the right
        right[above] = f"[#v({_cm(space)})]"
    spanning = f"grid.cell(rowspan: {len(rows)}, align: left + bottom)[\n{_table(paraf)}]"
    return [spanning, right[0], *right[1:]]


def _attachment_header(a: AttachmentHeader) -> str:
    """LAMPIRAN … / NOMOR : … / TANGGAL : … / HAL : … on one grid, so every line is spaced alike."""
    rows = ", ".join(f"[#{s(label)}], [#\":\"], [{joined(value)}]" for label, value in a.rows)
    return (f"#grid(columns: (1fr, 1.1fr), [], [\n#set par(justify: false, leading: lead)\n#set text(size: 10pt)\n"
            f"#grid(columns: (2.2cm, 0.4cm, 1fr), row-gutter: lead, grid.cell(colspan: 3)[#{s(a.title)}], {rows})\n])\n"
            f"#v(0.8em)\n")


class _ImageFiles:
    """PNG files of the images of the document being compiled, in a temporary folder removed after it.

    Typst reads a PNG given as a path in a fraction of the time it takes to parse the same PNG
    written into the source as an array of numbers (≈ 20 ms for a 57 KB chart); the PDF is the same
    bytes either way. The folder and file names are the same for every compile of this process
    (`1.png`, `2.png`, … in order), so the one Typst world (_compiler) keeps a few file slots, not one
    per chart ever drawn; it reads each file again at every compile."""

    _folders: dict[int, Path] = {}  # per process (a forked child names its own)

    def __init__(self):
        self.count = 0
        pid = os.getpid()
        if pid not in self._folders:
            self._sweep()
            self._folders[pid] = Path(tempfile.gettempdir()) / f"rapatgen-gambar-{pid}-{secrets.token_hex(6)}"
        self.FOLDER = self._folders[pid]

    @staticmethod
    def _sweep() -> None:
        """Remove the folders a killed process left (its pid no longer alive), once per process."""
        for folder in Path(tempfile.gettempdir()).glob("rapatgen-gambar-*-*"):
            try:
                os.kill(int(folder.name.split("-")[2]), 0)
            except ProcessLookupError:
                shutil.rmtree(folder, ignore_errors=True)
            except (ValueError, PermissionError, OSError):
                pass

    def path(self, png: bytes) -> str:
        if not self.count:
            self.FOLDER.mkdir(mode=0o700)
        self.count += 1
        path = self.FOLDER / f"{self.count}.png"
        path.write_bytes(png)
        return str(path)

    def close(self) -> None:
        if self.count:
            shutil.rmtree(self.FOLDER, ignore_errors=True)


_IMAGE_FILES: _ImageFiles | None = None  # set while render_pdf writes and compiles one document


@contextmanager
def _image_files():
    global _IMAGE_FILES
    outer, _IMAGE_FILES = _IMAGE_FILES, _ImageFiles()
    try:
        yield
    finally:
        _IMAGE_FILES.close()
        _IMAGE_FILES = outer


def _image(im: Image) -> str:
    """The PNG as a file while render_pdf compiles (_ImageFiles), else its bytes in the source."""
    data = s(_IMAGE_FILES.path(im.png)) if _IMAGE_FILES else "bytes((" + ",".join(map(str, im.png)) + ",))"
    alt = f", alt: {s(im.alt)}" if im.alt else ""
    caption = (f"\n#v(0.25em)\n#block(width: 100%)[#set par(justify: false)\n#set text(size: 10pt)\n#{s(im.caption)}]"
               if im.caption else "")
    return (f"#block(breakable: false, width: 100%)[#align(center)[#image({data}, format: \"png\", "
            f"width: {_cm(im.width_cm)}{alt}){caption}]]\n")


_BLOCKS = {
    Paragraph: _paragraph, Title: _title, Letterhead: _letterhead, LabelValue: _label_value,
    NumberedList: _numbered, Table: _table, Signatures: _signatures, AttachmentHeader: _attachment_header,
    PageBreak: lambda _: "#pagebreak()\n", Spacer: lambda b: f"#v({b.lines * 1.2:.2f}em)\n",
    Image: _image,
}


def block(b: Block) -> str:
    handler = _BLOCKS.get(type(b))
    if handler is None:
        raise TypeError(f"unknown block {type(b).__name__}")
    return handler(b)


def _sticky(b: Block) -> str:
    """A block that stays on the page of the block after it."""
    if isinstance(b, Paragraph):
        return _paragraph(replace(b, keep_with_next=True))
    if isinstance(b, NumberedList) and len(b.items) > 1:
        head = replace(b, items=b.items[:-1])
        last = _numbered(replace(b, items=b.items[-1:]), start=len(b.items) - 1)
        return _numbered(head) + f"#block(sticky: true, above: rowgap)[\n{last}]\n"
    return f"#block(sticky: true, breakable: false)[\n{block(b)}]\n"


def _blocks(blocks: list[Block]) -> str:
    """Blocks in order, part by part (a page break ends a part); each part's closing run — its
    last body text and the signature, tembusan or short signature list after it — stays on one
    page (layout.closing_run, layout.part_tail for an unsigned part): no page is only a tail."""
    out, start = [], 0
    for i, b in enumerate(blocks + [PageBreak()]):
        if isinstance(b, PageBreak):
            out.append(_part(blocks[start:i]))
            if i < len(blocks):
                out.append(block(b))
            start = i + 1
    return "".join(out)


def _part(blocks: list[Block]) -> str:
    k = part_tail(blocks)
    if k is None:
        return "".join(_pieces(blocks))
    head, run = blocks[k], blocks[k + 1:]
    closing = _pieces(run)
    chain = "".join(f"#block(sticky: true)[\n{p}]\n" for p in closing[:-1]) + closing[-1]
    if isinstance(head, Table):  # its last rows travel with the run
        return "".join(_pieces(blocks[:k])) + _table(head, tail=chain)
    return "".join(_pieces(blocks[:k])) + _sticky(head) + chain


def _pieces(blocks: list[Block]) -> list[str]:
    """Blocks in order; a signature never stands alone: the table rows or text before it travel with it."""
    out = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if isinstance(b, Table) and isinstance(nxt, Signatures):
            out.append(_table(b, tail=_signatures(nxt)))
            i += 2
            continue
        if isinstance(b, Table) and isinstance(nxt, Image):  # an indicator's chart never leaves its table
            out.append(_table(b, tail="#v(0.6em)\n" + _image(nxt)))
            i += 2
            continue
        if isinstance(b, Table) and isinstance(nxt, Paragraph) and isinstance(after, Signatures):
            out.append(_table(b, tail=_paragraph(nxt) + _signatures(after)))
            i += 3
            continue
        if isinstance(nxt, Signatures) and isinstance(b, (Paragraph, NumberedList, LabelValue)):
            out.append(_sticky(b))
        else:
            out.append(block(b))
        i += 1
    return out


def _section(sec: Section, first: bool) -> str:
    head = ""
    if not first:
        head = f"#set page(flipped: {'true' if sec.landscape else 'false'})\n"
    elif sec.landscape:
        head = "#set page(flipped: true)\n"
    if sec.restart_numbering:
        head += "#counter(page).update(1)\n"
    return head + _blocks(sec.blocks) + "#metadata(none) <akhir-bagian>\n"


PAGE_OF_PAGES = ("context {{ let n = counter(page).get().first(); "
                 "let ends = query(<akhir-bagian>).filter(e => e.location().page() >= here().page()); "
                 "let total = if ends.len() > 0 {{ counter(page).at(ends.first().location()).first() }} else {{ n }}; "
                 "align(center, text(size: 10pt, \"Halaman \" + str(n) + \" dari \" + str(total))) }}")
PAGE_NUMBER = ("context {{ if counter(page).get().first() > 1 {{ align(center, text(size: 10pt, "
               "str(counter(page).get().first()))) }} }}")


def typst_source(doc: Document) -> str:
    doc = fit_columns(doc)  # the same columns as the Word file (render/layout.fit_columns)
    return typst_preamble(doc) + typst_body(doc)


_PAGE: list[tuple[float, float]] = [(453.5, 12.0)]  # text width (pt) and font size of the section being written


def typst_body(doc: Document) -> str:
    """The pages of a document without its page setup (a bundle strings several together)."""
    p = doc.page
    out = []
    for i, sec in enumerate(doc.sections):
        width_cm = (p.height_mm if sec.landscape else p.width_mm) / 10 - p.margin_cm[1] - p.margin_cm[3]
        _PAGE[0] = (width_cm * 72 / 2.54, p.font_size)
        out.append(_section(sec, i == 0))
    return "".join(out)


def typst_preamble(doc: Document, footer: bool = True) -> str:
    """Page setup, text and spacing; `footer=False` leaves the footer out (pdf_pieces stamps it later)."""
    return typst_document(doc) + typst_setup(doc, footer_code(doc) if footer else "none")


def footer_code(doc: Document) -> str:
    """The page footer of `doc` (Typst code): "Halaman X dari Y", or the page number from page 2 on."""
    number = (PAGE_OF_PAGES if doc.page_of_pages else PAGE_NUMBER).format()
    if not doc.footer_note:
        return number
    note = f"align(center, par(justify: false, text(size: 8pt, style: \"italic\", {s(doc.footer_note)})))"
    return f"{{ {note}; v(2pt); {number} }}"


def typst_document(doc: Document, title: str | None = None) -> str:
    """The document's metadata (title, author, date): Typst takes it once, before any content."""
    when = doc.issued
    stamp = f", date: datetime(year: {when.year}, month: {when.month}, day: {when.day})" if when else ""
    return f"#set document(title: {s(doc.title if title is None else title)}, author: {s(doc.author or 'rapatgen')}{stamp})\n"


def typst_page(doc: Document, footer: str) -> str:
    """The page size, margins and `footer` (Typst code) of `doc`."""
    p = doc.page
    top, right, bottom, left = p.margin_cm
    return f"""#set page(width: {p.width_mm}mm, height: {p.height_mm}mm,
  margin: (top: {_cm(top)}, right: {_cm(right)}, bottom: {_cm(bottom)}, left: {_cm(left)}),
  footer: {footer})
"""


def typst_text(doc: Document) -> str:
    """Font, size and language: what the footer needs besides the page."""
    return (f"#set text(font: ({', '.join(s(f) for f in (PDF_FONT, *FALLBACK_FONTS))}), size: {doc.page.font_size}pt, "
            'lang: "id", top-edge: "ascender", bottom-edge: "descender")\n')


def typst_setup(doc: Document, footer: str) -> str:
    """Page, text and spacing of `doc`, with `footer` (Typst code) at each page's foot."""
    p = doc.page
    # Word table cells: 108 twips (5.4 pt) left/right and no top/bottom margin; the line's own
    # leading gives the vertical room, so half of it goes above and below the text in Typst.
    leading = max(0.05, p.line_spacing * WORD_LINE_EM - TYPST_LINE_EM)
    return typst_page(doc, footer) + typst_text(doc) + f"""#set par(justify: true, leading: {leading:.3f}em, spacing: {leading:.3f}em + 6pt)
#set block(spacing: {leading:.3f}em + 6pt)
#let rowgap = {leading:.3f}em + 3pt
#let lead = {leading:.3f}em
#let bodysize = {p.font_size}pt
#let cellpad = (x: 5.4pt, y: {leading / 2:.3f}em + {CELL_PAD_PT}pt)
"""


_COMPILERS: dict[int, typst.Compiler] = {}


def _compiler() -> typst.Compiler:
    """One Typst world for every document of this process: a fresh one per compile (what
    typst.compile does) rebuilds and rehashes Typst's standard library and misses the memo cache
    of the documents before it — ≈ 10 % of the render time. Same PDF bytes."""
    pid = os.getpid()  # a forked child makes its own
    if pid not in _COMPILERS:
        _COMPILERS[pid] = typst.Compiler(root="/", font_paths=_fonts(), ignore_system_fonts=True)
    return _COMPILERS[pid]


def compile_pdf(text: str) -> bytes:
    source = text.encode("utf-8")
    compiler = _compiler()
    try:
        return compiler.compile(input=source, pdf_standards=["a-2b"], timestamp=0)
    except typst.TypstError as exc:
        if "could not be displayed" not in str(exc):
            raise
        # A character no shipped font has (glyphs.py): PDF/A forbids it, plain PDF shows a box instead.
        # Never silent: `check` warns at the character, the build names the PDF (glyphs.is_pdfa).
        return compiler.compile(input=source, pdf_standards=[], timestamp=0)
