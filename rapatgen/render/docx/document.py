"""DOCX backend: real Word styles and sections, editable by staff afterwards.

The kop sits in the body of page one; page numbers live in the footer of every page
but the first (a different first-page footer). A landscape matrix is its own section.
Numbered lists are typed numbers with a hanging indent, so they never continue counting
across lists the way Word's automatic numbering can.

The document body is written as WordprocessingML text in the exact form python-docx's API
produced before (same elements, attribute order and values), parsed once by lxml, and
packaged by render/docx_package.py: python-docx grew the tree one element at a time with a
Python search per insertion, which cost most of a document's render time.
"""

from __future__ import annotations

import os
import re
from copy import copy
from functools import lru_cache

from docx.shared import Cm, Pt

from rapatgen.render.layout import part_tail
from rapatgen.render.scope import Scoped

from rapatgen.model.blocks import (AttachmentHeader, Block, Document, Image, Inline, LabelValue, Letterhead,
                                       NumberedList, PageBreak, Paragraph, Run, Signatures, Spacer, Table,
                                       Title)
from rapatgen.render.docx.package import (Package, base, core_blob, document_bytes, footer_blob,
                                          serialize_document, style_id, styles_blob)
from rapatgen.render.docx.wordml import TableXml, clean as _clean, escape, paragraph_xml, runs_xml, t_elements
from rapatgen.render.layout import (KOP_LOGO_CM, fit_columns, KOP_SIDE_CM, LAST_ROWS, SIGNATURE_SPACE_CM, SMALL_TABLE_ROWS, _marker,
                                    breakable, closing_run, kop_address, room, signature_pairs)

ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}  # w:jc values
ROW_GAP_PT = 3.0  # matches the Typst grids' row-gutter
SIGNATURE_GUTTER_CM = 0.3  # half of the PDF signature grid's column gutter
BLOCK_GAP_PT = 8.0  # matches Typst's block spacing


_ATTR = (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"), ("\r", "&#13;"))
_RUN_SPLIT = re.compile(r"([\t\r])")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_BREAK_RUN = '<w:r><w:br w:type="page"/></w:r>'
_NO_BORDERS = ('<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
               '</w:tcBorders><w:tcMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
               '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tcMar>')
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')
_PIC_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')


# --- python-docx's unit conversions (docx.shared, docx.oxml.simpletypes) ---------------------

def _tw(emu: int) -> str:
    """A length in EMU as python-docx writes twips."""
    return str(int(round(emu / 635.0)))


def _cm(cm: float) -> str:
    return _tw(Cm(cm))


def _pt(points: float) -> str:
    return _tw(Pt(points))


def _hps(points: float) -> str:
    """Half-points, as python-docx writes w:sz."""
    return str(int(Pt(points) / 12700.0 * 2))


def _attr(text: str) -> str:
    """An attribute value as lxml writes it (quotes, tabs and line ends as references)."""
    text = escape(text)
    for char, ref in _ATTR:
        text = text.replace(char, ref)
    return text


def _t_plain(text: str) -> str:
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _t(text: str) -> str:
    return t_elements(text, _t_plain)


def _run_content(text: str) -> str:
    """python-docx's run text: a tab is `w:tab`, a carriage return `w:br`, the rest `w:t`."""
    if "\t" not in text and "\r" not in text:
        return _t(text) if text else ""
    out = []
    for piece in _RUN_SPLIT.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\r":
            out.append("<w:br/>")
        elif piece:
            out.append(_t(piece))
    return "".join(out)


@lru_cache(maxsize=256)
def _rpr(bold: bool, italic: bool, underline: bool, size: float | None) -> str:
    """A run's w:rPr in schema order (b, i, sz, u), as python-docx's font setters leave it."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + \
            (f'<w:sz w:val="{_hps(size)}"/>' if size else "") + ('<w:u w:val="single"/>' if underline else "")
    return f"<w:rPr>{props}</w:rPr>" if props else ""


@lru_cache(maxsize=8)
def _file_bytes(path: str, mtime_ns: int, size: int) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _run(text: str, bold=False, italic=False, underline=False, size: float | None = None) -> str:
    return f"<w:r>{_rpr(bold, italic, underline, size)}{_run_content(text)}</w:r>"


class _P:
    """One `w:p` as python-docx's paragraph API would leave it; text at the end."""

    __slots__ = ("ppr", "style", "keep_next", "keep_lines", "tabs", "spacing", "ind", "jc", "border", "sect", "runs")

    def __init__(self):
        self.ppr = False
        self.style = None
        self.keep_next = self.keep_lines = False
        self.tabs: list[str] = []
        self.spacing: dict[str, str] = {}  # attribute → value, in the order python-docx set them
        self.ind: dict[str, str] = {}
        self.jc = None
        self.border = ""
        self.sect = None
        self.runs: list[str] = []

    def align(self, align: str) -> None:
        self.ppr = True
        self.jc = ALIGN[align]

    def space(self, attr: str, points: float) -> None:
        self.ppr = True
        self.spacing[attr] = _pt(points)

    def line_exact(self, points: float) -> None:
        self.ppr = True
        self.spacing["w:line"] = _pt(points)
        self.spacing["w:lineRule"] = "exact"

    def line_multiple(self, value: float) -> None:
        self.ppr = True
        self.spacing["w:line"] = _tw(int(value * 152400))
        self.spacing["w:lineRule"] = "auto"

    def keep(self, value: bool) -> None:
        self.ppr = True
        self.keep_next = bool(value)

    def left_indent(self, cm: float) -> None:
        self.ppr = True
        self.ind["w:left"] = _cm(cm)

    def first_line(self, cm: float) -> None:
        self.ppr = True
        self.ind.pop("w:firstLine", None)
        self.ind.pop("w:hanging", None)
        if cm < 0:
            self.ind["w:hanging"] = _tw(-Cm(cm))
        else:
            self.ind["w:firstLine"] = _cm(cm)

    def xml(self) -> str:
        if not self.ppr:
            return f"<w:p>{''.join(self.runs)}</w:p>"
        ppr = []
        if self.style:
            ppr.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.keep_next:
            ppr.append("<w:keepNext/>")
        if self.keep_lines:
            ppr.append("<w:keepLines/>")
        if self.tabs:
            ppr.append("<w:tabs>" + "".join(f'<w:tab w:pos="{p}" w:val="left"/>' for p in self.tabs) + "</w:tabs>")
        if self.spacing:
            ppr.append("<w:spacing" + "".join(f' {k}="{v}"' for k, v in self.spacing.items()) + "/>")
        if self.ind:
            ppr.append("<w:ind" + "".join(f' {k}="{v}"' for k, v in self.ind.items()) + "/>")
        if self.jc:
            ppr.append(f'<w:jc w:val="{self.jc}"/>')
        ppr.append(self.border)
        if self.sect is not None:
            ppr.append(self.sect.xml())
        return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{''.join(self.runs)}</w:p>"


class _Sect:
    """One `w:sectPr` as python-docx's section API would leave it."""

    __slots__ = ("footer", "first_footer", "width", "height", "landscape", "margins", "restart", "title_page")

    def __init__(self):
        self.footer = None  # rId of the section's own default footer
        self.first_footer = None  # rId of its first-page footer (title_page: page 1 without a number)
        self.width = self.height = ""
        self.landscape = False
        self.margins = ("", "", "", "")
        self.restart = False
        self.title_page = False

    def xml(self, attrs: str = "") -> str:
        b = base()
        top, right, bottom, left = self.margins
        return (f"<w:sectPr{attrs}>"
                + (f'<w:footerReference w:type="default" r:id="{self.footer}"/>' if self.footer else "")
                + (f'<w:footerReference w:type="first" r:id="{self.first_footer}"/>' if self.first_footer else "")
                + f'<w:pgSz w:w="{self.width}" w:h="{self.height}"'
                + (' w:orient="landscape"/>' if self.landscape else "/>")
                + f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}"{b.pgmar_rest}/>'
                + ('<w:pgNumType w:start="1"/>' if self.restart else "")
                + b.cols + ("<w:titlePg/>" if self.title_page else "") + b.doc_grid + "</w:sectPr>")


class _Cell:
    """A cell of a table made as python-docx's `add_table` makes it."""

    __slots__ = ("width", "span", "valign", "paragraphs")

    def __init__(self, width: int):
        self.width = width
        self.span = 1
        self.valign = None
        self.paragraphs = [_P()]

    def add_paragraph(self) -> _P:
        p = _P()
        self.paragraphs.append(p)
        return p

    def xml(self) -> str:
        tcpr = f'<w:tcW w:type="dxa" w:w="{self.width}"/>' + \
               (f'<w:gridSpan w:val="{self.span}"/>' if self.span > 1 else "") + \
               (f'<w:vAlign w:val="{self.valign}"/>' if self.valign else "")
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(p.xml() for p in self.paragraphs)}</w:tc>"


class _DocxTable:
    """python-docx's `add_table` with left alignment, fixed layout and no cell margins (the
    kop and attachment header tables)."""

    def __init__(self, rows: int, widths_cm: list[float]):
        self.widths = [int(Cm(w).twips) for w in widths_cm]
        self.rows = [[_Cell(w) for w in self.widths] for _ in range(rows)]

    def merge(self, row: int, first: int, last: int) -> _Cell:
        cells = self.rows[row]
        cell = cells[first]
        cell.width = sum(c.width for c in cells[first:last + 1])
        cell.span = last - first + 1
        del cells[first + 1:last + 1]
        return cell

    def xml(self) -> str:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        rows = "".join(f"<w:tr>{''.join(c.xml() for c in row)}</w:tr>" for row in self.rows)
        return ('<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
                f'{_TABLE_LOOK}<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
                f"</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")


class _Writer:
    def __init__(self, doc: Document):
        doc = fit_columns(doc)  # every column holds its words, as in the PDF (render/layout.fit_columns)
        self.model = doc
        self.page = doc.page
        self.package = Package()
        self.body: list = []  # the body's elements before the last w:sectPr: _P or table XML text
        self.sentinel = _Sect()  # the body's last w:sectPr (the last section)
        self._last_was_table = False
        self._landscape = False
        self._cell_sizes: list[float] = []  # table text sizes, in the order of first use
        self._shapes = 0  # pictures so far (python-docx's next_id: their docPr ids)

    # --- frame --------------------------------------------------------------------
    def _setup_section(self, section: _Sect, landscape: bool, first: bool) -> None:
        p = self.page
        w, h = Cm(p.width_mm / 10), Cm(p.height_mm / 10)
        section.landscape = landscape
        width, height = (h, w) if landscape else (w, h)
        section.width, section.height = _tw(width), _tw(height)
        section.margins = tuple(_cm(m) for m in p.margin_cm)
        of_pages = self.model.page_of_pages
        section.title_page = first and not of_pages
        note = self._footer_note()
        if of_pages and len(self.model.sections) > 1:
            index = self._sections - 1
            section.footer = self.package.add_footer(
                footer_blob(note + self._page_of_pages(f"PAGEREF {_section_end(index)} \\h")))
        elif first:
            if of_pages:
                para = self._page_of_pages("NUMPAGES")
            else:
                para = f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{self._page_field()}</w:p>'
            section.footer = self.package.add_footer(footer_blob(note + para))
            if note and section.title_page:  # page 1 has no number, but the note
                section.first_footer = self.package.add_footer(footer_blob(note))

    def _footer_note(self) -> str:
        """The document's footer note (SRIKANDI's BSrE sentence) as a footer paragraph; "" without one."""
        if not self.model.footer_note:
            return ""
        return ('<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
                f'{_run(self.model.footer_note, italic=True, size=8)}</w:p>')

    def _page_of_pages(self, total_field: str) -> str:
        """'Halaman X dari Y'. With several sections (one attendance list each) Y is the page
        number of a bookmark at the section's end, as in the PDF: Word's SECTIONPAGES would say
        the same, but LibreOffice does not compute it, while both compute PAGEREF."""
        return ('<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
                f'{_run("Halaman ", size=10)}{self._page_field()}{_run(" dari ", size=10)}'
                f'{self._page_field(total_field)}</w:p>')

    @staticmethod
    def _page_field(field: str = "PAGE") -> str:
        return (f'<w:r><w:rPr><w:sz w:val="{_hps(10)}"/></w:rPr><w:fldChar w:fldCharType="begin"/>'
                f'<w:instrText xml:space="preserve">{escape(field)}</w:instrText><w:fldChar w:fldCharType="separate"/>'
                '<w:t>1</w:t><w:fldChar w:fldCharType="end"/></w:r>')

    @staticmethod
    def _mark_section_ends(body) -> None:
        """A bookmark in the last paragraph of each section (the targets of the PAGEREF totals)."""
        p_tag, tbl_tag = f"{_W}p", f"{_W}tbl"
        ends = [p for p in body.iterchildren(p_tag) if p.find(f"{_W}pPr/{_W}sectPr") is not None]
        last = None
        for el in reversed(list(body.iterchildren(p_tag, tbl_tag))):
            last = el if el.tag == p_tag else next(iter(reversed(list(el.iter(p_tag)))), None)
            if last is not None:
                break
        for i, p in enumerate([*ends, last]):
            if p is None:
                continue
            start = p.makeelement(f"{_W}bookmarkStart")
            start.set(f"{_W}id", str(i))
            start.set(f"{_W}name", _section_end(i))
            end = p.makeelement(f"{_W}bookmarkEnd")
            end.set(f"{_W}id", str(i))
            p.append(start)
            p.append(end)

    def text_width_cm(self, landscape: bool) -> float:
        p = self.page
        width = (p.height_mm if landscape else p.width_mm) / 10
        return width - p.margin_cm[1] - p.margin_cm[3]

    # --- inline -------------------------------------------------------------------
    @staticmethod
    def runs(paragraph: _P, content: Inline, size: float | None = None, bold: bool = False) -> None:
        out = paragraph.runs
        for r in content:
            text = _clean(r.text)
            rpr = _rpr(bool(r.bold or bold), bool(r.italic), bool(r.underline), size or None)
            if "\n" not in text:
                out.append(f"<w:r>{rpr}{_run_content(text)}</w:r>")
                continue
            lines = text.split("\n")
            last = len(lines) - 1
            for i, line in enumerate(lines):
                out.append(f"<w:r>{rpr}{_run_content(line)}{'<w:br/>' if i < last else ''}</w:r>")

    def _new_paragraph(self) -> _P:
        p = _P()
        self.body.append(p)
        return p

    def para(self, content: Inline = (), align: str = "left", size=None, bold=False,
             indent_cm: float = 0, first_line_cm: float = 0, space_after: float | None = None,
             paragraph: _P | None = None) -> _P:
        p = self._new_paragraph() if paragraph is None else paragraph
        p.align(align)
        if indent_cm:
            p.left_indent(indent_cm)
        if first_line_cm:
            p.first_line(first_line_cm)
        if space_after is not None:
            p.space("w:after", space_after)
        self.runs(p, list(content), size=size, bold=bold)
        return p

    def _picture(self, paragraph: _P, blob: bytes, filename: str | None, width=None, height=None, alt: str | None = None) -> None:
        """python-docx's `add_run().add_picture(…)`: an inline picture in a run of its own."""
        rid, image = self.package.add_image(blob, filename)
        cx, cy = image.scaled_dimensions(width, height)
        self._shapes += 1
        n = self._shapes
        descr = f' descr="{_attr(alt)}"' if alt is not None else ""
        paragraph.runs.append(
            f'<w:r><w:drawing><wp:inline {_PIC_NS}><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{n}" name="Picture {n}"{descr}/><wp:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="0" name="{_attr(image.filename)}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
            f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
            f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')

    def _logo(self, paragraph: _P, logo) -> None:
        path = str(logo)
        st = os.stat(path)  # read once per process while the file is unchanged
        self._picture(paragraph, _file_bytes(path, st.st_mtime_ns, st.st_size), os.path.basename(path),
                      height=Cm(KOP_LOGO_CM))

    # --- tables -------------------------------------------------------------------
    def _table(self, rows: int, widths_cm: list[float]) -> _DocxTable:
        self._keep_apart_from_previous_table()
        table = _DocxTable(rows, widths_cm)
        self.body.append(table)
        return table

    def _cell_style(self, size: float | None) -> str:
        """A real Word paragraph style for table text ("Sel 10" …), made once per size."""
        key = size or self.page.font_size
        if key not in self._cell_sizes:
            self._cell_sizes.append(key)
        return style_id(key)

    def _cell_paragraphs(self, cell: _Cell, contents: list[Inline], align="left", size=None, bold=False):
        style = self._cell_style(size)
        first = True
        for content in contents or [[]]:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            p.ppr = True
            p.style = style
            if align != "left":
                p.align(align)
            self.runs(p, content, bold=bold)
            first = False

    # --- blocks -------------------------------------------------------------------
    def block(self, b: Block, landscape: bool, keep: bool = False, signature: Signatures | None = None) -> None:
        self._landscape = landscape
        if signature is not None and isinstance(b, Table):
            self._data_table(b, landscape, keep_last=True, signature=signature)
        elif keep and isinstance(b, Table):
            self._data_table(b, landscape, keep_last=True)
        else:
            self._block(b, landscape)
            if keep and isinstance(b, (Paragraph, NumberedList)):
                last = self.body[-1] if self.body else None
                if isinstance(last, _P):
                    last.keep(True)
        self._last_was_table = isinstance(b, (LabelValue, Signatures, AttachmentHeader))

    def _block(self, b: Block, landscape: bool) -> None:
        if isinstance(b, Paragraph):
            p = self.para(b.content, b.align, b.size, indent_cm=b.indent_cm, first_line_cm=b.first_line_cm)
            if b.space_before:
                p.space("w:before", b.space_before * self.page.font_size * 1.2)
            p.keep(b.keep_with_next)
        elif isinstance(b, Title):
            self.para([Run(b.text, bold=True, underline=b.underline)], "center", space_after=0)
            for line in b.subtitle:
                self.para([Run(line, bold=True)], "center", space_after=0)
            gap = self.para([], space_after=0)  # Typst: v(0.4em) after a title
            gap.line_exact(0.4 * self.page.font_size)
        elif isinstance(b, Letterhead):
            self._letterhead(b, landscape)
        elif isinstance(b, LabelValue):
            self._label_value(b, landscape)
        elif isinstance(b, NumberedList):
            self._numbered(b, b.indent_cm)
        elif isinstance(b, Table):
            self._data_table(b, landscape)
        elif isinstance(b, Signatures):
            self._signatures(b, landscape)
        elif isinstance(b, AttachmentHeader):
            self._attachment_header(b, landscape)
        elif isinstance(b, PageBreak):
            self._page_break()
        elif isinstance(b, Image):
            self._image(b)
        elif isinstance(b, Spacer):
            for _ in range(max(1, round(b.lines))):
                self.para([], space_after=0)
        else:
            raise TypeError(f"unknown block {type(b).__name__}")

    def _image_row(self, table: TableXml, im: Image, columns: int) -> str:
        """The chart (and its caption) as a borderless row at the foot of its table, kept with the
        last rows: LibreOffice keeps rows of one table together, not a table with what follows."""
        moved = self._image(im, place=False)
        pic = moved[0]
        pic.keep(bool(im.caption))
        pic.spacing["w:before"] = str(int(BLOCK_GAP_PT * 20))
        row = (f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="{columns}"/>{_NO_BORDERS}'
               f'</w:tcPr>{"".join(p.xml() for p in moved)}</w:tc></w:tr>')
        xml = table.xml()
        return xml[:-len("</w:tbl>")] + row + "</w:tbl>"

    def _image(self, im: Image, place: bool = True) -> list[_P]:
        """The PNG bytes as an inline picture, centred, kept with its caption."""
        made = []
        p = self.para([], "center", space_after=3 if im.caption else BLOCK_GAP_PT, paragraph=_P())
        made.append(p)
        p.keep(bool(im.caption))
        self._picture(p, im.png, None, width=Cm(im.width_cm), alt=_clean(im.alt) if im.alt else None)
        if im.caption:
            cap = self.para([Run(im.caption)], "center", size=10, space_after=BLOCK_GAP_PT, paragraph=_P())
            cap.keep_lines = True
            made.append(cap)
        if place:
            self.body.extend(made)
        return made

    def _letterhead(self, k: Letterhead, landscape: bool) -> None:
        width = self.text_width_cm(landscape)
        sizes = [16] if len(k.lines) == 1 else [13] + [15] * (len(k.lines) - 1)
        if k.centred_emblem:
            if k.logo:
                p = self.para([], "center", space_after=0)
                self._logo(p, k.logo)
            target = None
        else:
            table = self._table(1, [KOP_LOGO_CM + 0.2, width - KOP_LOGO_CM - KOP_SIDE_CM, 0.3])
            logo_cell, target = table.rows[0][0], table.rows[0][1]
            logo_cell.valign = target.valign = "center"
            if k.logo:
                lp = logo_cell.paragraphs[0]
                lp.space("w:after", 0)
                lp.align("center")
                self._logo(lp, k.logo)

        def add_paragraph() -> _P:
            return self._new_paragraph() if target is None else target.add_paragraph()

        first = True
        for size, line in zip(sizes, k.lines):
            if first and target is not None:
                p = target.paragraphs[0]
                p.space("w:after", 0)
            else:
                p = add_paragraph()
            p.align("center")
            p.space("w:after", 0)
            p.line_multiple(1.0)
            self.runs(p, [Run(line, bold=True)], size=size)
            first = False
        address, size = kop_address(k.address_lines, width - (0 if k.centred_emblem else KOP_LOGO_CM + KOP_SIDE_CM))
        for line in address:  # no orphan "Kode Pos" line (issue 19 item 1)
            p = add_paragraph()
            p.align("center")
            p.space("w:after", 0)
            p.line_multiple(1.0)
            self.runs(p, [Run(line)], size=size)
        rule = self.para([], space_after=6)
        rule.line_multiple(1.0)
        rule.border = ('<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="1" w:color="000000"/>'
                       '</w:pBdr>')

    def _label_value(self, lv: LabelValue, landscape: bool) -> None:
        width = self.text_width_cm(landscape)
        widths = ([lv.indent_cm] if lv.indent_cm else []) + [lv.label_cm, 0.45]
        widths.append(width - sum(widths))
        table = TableXml([int(Cm(w).twips) for w in widths], grid_style=False, no_cell_margins=True)
        hang = int(Cm(0.7).twips)
        for n, (label, values) in enumerate(lv.rows):
            after = BLOCK_GAP_PT if n == len(lv.rows) - 1 else ROW_GAP_PT
            if lv.numbered_values and len(values) > 1:
                value = "".join(paragraph_xml([Run(f"{i + 1}.\t"), *v], space_after_pt=after if i == len(values) - 1 else 0,
                                              left_twips=hang, hanging_twips=hang, tab_twips=hang)
                                for i, v in enumerate(values))
            else:
                value = "".join(paragraph_xml(v, space_after_pt=after if i == len(values) - 1 else 0)
                                for i, v in enumerate(values or [[]]))
            with room(lv.label_cm * 72 / 2.54, self.page.font_size):
                label_xml = paragraph_xml([Run(label)], space_after_pt=after)
            cells = ([("", 1, None, "top")] if lv.indent_cm else []) + [
                (label_xml, 1, None, "top"),
                (paragraph_xml([Run(":")], space_after_pt=after), 1, None, "top"), (value, 1, None, "top")]
            table.add_row(cells, cant_split=False)
        self._place(table.xml())

    def _numbered(self, nl: NumberedList, indent_cm: float) -> None:
        hang = 0.5 if nl.style == "-" else 0.8
        for i, item in enumerate(nl.items, nl.start - 1):
            p = self._new_paragraph()  # left-aligned, as every list (issue 19 item 4)
            p.left_indent(indent_cm + hang)
            p.first_line(-hang)
            p.tabs.append(_cm(indent_cm + hang))
            p.space("w:after", 3)
            self.runs(p, [Run(_marker(nl.style, i) + "\t"), *item.content])
            for child in item.children:
                if isinstance(child, NumberedList):
                    self._numbered(child, indent_cm + hang + child.indent_cm)
                elif isinstance(child, Paragraph):
                    self.para(child.content, "left" if child.align == "justify" else child.align, child.size,
                              indent_cm=indent_cm + hang)
                else:
                    self.block(child, False)

    def _data_table(self, t: Table, landscape: bool, keep_last: bool = False,
                    signature: Signatures | None = None, image: Image | None = None) -> None:
        """A data table; rows never split; group headings and sums stay with their rows;
        with `keep_last`, the last rows stay with what follows (a signature, which may be
        given to be written as the table's last rows)."""
        width = t.width_cm or self.text_width_cm(landscape)
        total = sum(c.width for c in t.columns)
        widths = [width * c.width / total for c in t.columns]
        style = self._cell_style(t.font_size)
        table = TableXml([int(Cm(w).twips) for w in widths], grid_style=True)
        with breakable():  # the PDF writes column titles as they are
            table.add_row([(paragraph_xml([Run(c.title)], style, "center", bold=True), 1, "F2F2F2", "center")
                           for c in t.columns], header=True)
        height = int(Cm(t.min_row_height_cm).twips) if t.min_row_height_cm else None
        n = len(t.rows)
        store = _ROW_STORE.held if n > LONG_TABLE_ROWS else None
        for start in range(0, n, CHUNK_ROWS if store is not None else max(n, 1)):
            stop = min(n, start + CHUNK_ROWS) if store is not None else n
            key = _chunk_key(t, start, stop, widths, style, height, keep_last, self.page.font_size) \
                if store is not None else None
            kept = store.get(key) if key is not None else None
            if kept is not None:
                table.rows.append(kept.decode("utf-8"))
                continue
            first = len(table.rows)
            self._table_rows(t, start, stop, widths, style, height, keep_last, table)
            if key is not None:
                store.put(key, "".join(table.rows[first:]).encode("utf-8"))
        if signature is not None:
            self._signature_table_rows(signature, table)
            self._place(table.xml())
            self._last_was_table = True
            return
        if image is not None:
            self._keep_apart_from_previous_table()
            self.body.append(self._image_row(table, image, len(widths)))
            return
        self._place(table.xml())
        gap = self.para([], space_after=0)  # Typst's block spacing after a table
        gap.line_exact(BLOCK_GAP_PT)
        gap.keep(keep_last)

    def _table_rows(self, t: Table, start: int, stop: int, widths: list[float], style, height, keep_last: bool,
                    table: TableXml) -> None:
        """Rows start..stop of data table `t` into `table`."""
        n = len(t.rows)
        for i in range(start, stop):
            row_cells = t.rows[i]
            kind = t.kind(i)
            keep = (kind == "group" or (i + 1 < n and t.kind(i + 1) in ("subtotal", "total"))
                    or (keep_last and i >= n - LAST_ROWS) or (n <= SMALL_TABLE_ROWS and i < n - 1 and not t.split_ok)
                    # blank rows counted to fill their page (render.pdf.fit) stay with the row above them
                    or (t.blank_together and t.blank_rows and n - t.blank_rows - 1 <= i < n - 1))
            shade = {"group": "EBEBEB", "total": "E1E1E1"}.get(kind)
            bold_row = kind in ("subtotal", "total")
            cells = []
            col = 0
            for cell in row_cells:
                column_align = t.columns[col].align if cell.colspan == 1 else "left"
                align = cell.align if cell.align != "left" else column_align
                if align == "justify":
                    align = "left"
                if t.signature_column is not None and col == t.signature_column and kind == "body":
                    indent = int(Cm(widths[col] / 2).twips) if i % 2 == 1 else 0
                    body = paragraph_xml([Run(f"{i + 1}.")], style, left_twips=indent, keep_next=keep)
                    cells.append((body, 1, shade, "top"))
                else:
                    span_pt = sum(widths[col:col + cell.colspan]) * 72 / 2.54 - 2 * 5.4
                    with room(span_pt, t.font_size or self.page.font_size):
                        body = "".join(paragraph_xml(c, style, align, bold=cell.bold or bold_row, keep_next=keep)
                                       for c in (cell.content or [[]]))
                    cells.append((body, cell.colspan, shade, "center"))
                col += cell.colspan
            table.add_row(cells, min_height_twips=height)

    def _page_break(self) -> None:
        """Break after the last paragraph itself: a paragraph of its own holding only the
        break can land at the very foot of a full page and push out an empty page."""
        last = self.body[-1] if self.body else None
        if isinstance(last, _P):
            last.runs.append(_PAGE_BREAK_RUN)
        else:
            p = self._new_paragraph()
            p.space("w:after", 0)
            p.line_exact(1)
            p.runs.append(_PAGE_BREAK_RUN)

    def _keep_apart_from_previous_table(self) -> None:
        """Word merges two tables that touch; a tiny paragraph keeps them apart."""
        if self._last_was_table:
            gap = self._new_paragraph()
            gap.space("w:after", 0)
            gap.line_exact(2)

    def _place(self, xml: str) -> None:
        self._keep_apart_from_previous_table()
        self.body.append(xml)

    def _signature_rows(self, sig: Signatures):
        """The blocks two by two in rows of line slots (as in the PDF): jabatan lines share a row,
        names share a row. Yields, per pair, rows of (left, right) paragraph XML builders:
        `cell(c, **extra)` makes the paragraph of column c (0 left, 1 right)."""
        blocks = sig.blocks
        pairs = signature_pairs(blocks)
        for pair in pairs:
            present = [b for b in pair if b]
            above = max(len(b.lines_above) for b in present)
            below = max(len(b.below) for b in present)
            rows: list[list[list[Run]]] = []
            for k in range(above):
                row = []
                for b in pair:
                    pad = above - len(b.lines_above) if b else above
                    text = b.lines_above[k - pad] if b and k >= pad else ""
                    row.append([Run(text)] if text else [])
                rows.append(row)
            gap_row = len(rows)
            rows.append([[Run(b.space_text)] if b and b.space_text else [] for b in pair])
            rows.append([[Run(b.name, bold=True, underline=True)] if b else [] for b in pair])
            for k in range(below):
                rows.append([[Run(b.below[k])] if b and k < len(b.below) else [] for b in pair])
            gap_pt = max((b.space_cm or SIGNATURE_SPACE_CM) for b in present) / 2.54 * 72
            out = []
            for r, row in enumerate(rows):
                last = r == len(rows) - 1
                after = BLOCK_GAP_PT if last else 0
                field_row = r == gap_row and any(row)  # a field at the top of the space, the room below it
                before = gap_pt - self.page.font_size if r == gap_row and not field_row else None

                def cell(c, content=None, before=None, *, _row=row, _after=after, _before=before, _field=field_row,
                         _last=last, keep_next=None, **extra):
                    return paragraph_xml(_row[c] if content is None else content,
                                         space_after_pt=gap_pt - self.page.font_size if _field else _after,
                                         space_before_pt=_before if before is None else before,
                                         keep_next=not _last if keep_next is None else keep_next, **extra)
                out.append(cell)
            yield out

    def _signatures(self, sig: Signatures, landscape: bool, tembusan: tuple | None = None) -> None:
        """Each pair of blocks its own borderless table: left block, gutter, right block; every
        row kept with the next so the block never splits. A `tembusan` (its heading and list) is
        written as rows at the foot of the last pair's table, kept with the signature: LibreOffice
        keeps no table with the paragraphs after it (issue 19 item 1)."""
        width = self.text_width_cm(landscape)
        gutter = SIGNATURE_GUTTER_CM
        twips = [int(Cm(width / 2 - gutter).twips), int(Cm(2 * gutter).twips), int(Cm(width / 2 - gutter).twips)]
        pairs = list(self._signature_rows(sig))
        for n, rows in enumerate(pairs):
            table = TableXml(twips, grid_style=False, no_cell_margins=True)
            last_pair = tembusan is not None and n == len(pairs) - 1
            if sig.paraf is not None and n == 0 and len(sig.blocks) == 1:
                # paraf koordinasi: one unsplittable row, the paraf table at the foot of the left cell and
                # the signature's line slots as paragraphs of the right one (as in the PDF)
                keep = {"keep_next": True} if last_pair else {}
                table.add_row([(self._paraf_xml(sig.paraf, landscape), 1, None, "bottom"), ("<w:p/>", 1, None, "top"),
                               ("".join(cell(1, **(keep if r == len(rows) - 1 else {})) for r, cell in enumerate(rows)),
                                1, None, "top")])
            else:
                for r, cell in enumerate(rows):
                    keep = {"keep_next": True} if last_pair and r == len(rows) - 1 else {}
                    table.add_row([(cell(0, **keep), 1, None, "top"), (cell(0, [], **keep), 1, None, "top"),
                                   (cell(1, **keep), 1, None, "top")])
            if last_pair:
                heading, items = tembusan
                table.add_row([(paragraph_xml(heading.content, space_after_pt=0, keep_next=True), 3, None, "top")])
                hang = int(Cm(0.8).twips)
                if isinstance(items, Paragraph):  # a single tembusan: one line, no number
                    table.add_row([(paragraph_xml(items.content, space_after_pt=3), 3, None, "top")])
                for i, item in enumerate(items.items if isinstance(items, NumberedList) else []):
                    xml = paragraph_xml([Run(_marker(items.style, i) + "\t"), *item.content], space_after_pt=3,
                                        left_twips=hang, hanging_twips=hang, tab_twips=hang,
                                        keep_next=i < len(items.items) - 1)
                    table.add_row([(xml, 3, None, "top")])
            self._place(table.xml())
            self._last_was_table = True

    def _paraf_xml(self, t: Table, landscape: bool) -> str:
        """The paraf table as cell content: a nested table, then the paragraph a Word cell ends with."""
        body, last = self.body, self._last_was_table
        self.body, self._last_was_table = [], False
        try:
            self._data_table(t, landscape)
            xml = "".join(x if isinstance(x, str) else x.xml() for x in self.body)
        finally:
            self.body, self._last_was_table = body, last
        return xml + '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'

    def _signature_table_rows(self, sig: Signatures, table: TableXml) -> None:
        """The signature as borderless rows at the foot of the table before it: LibreOffice keeps
        rows of one table together by keep-with-next, but not a table with the next table, so
        the last rows and the signature move to a new page together (as in the PDF).
        Column positions as in `_signatures` (the right block at half the width plus the gutter)."""
        widths = table.widths
        right = int(Cm(self.text_width_cm(self._landscape) / 2 + SIGNATURE_GUTTER_CM).twips)
        split = max(k for k in range(1, len(widths)) if sum(widths[:k]) <= right)
        indent = right - sum(widths[:split])
        spans = ((0, split), (split, len(widths)))
        first = True
        for rows in self._signature_rows(sig):
            for cell in rows:
                before = BLOCK_GAP_PT if first else None  # the table's block spacing in the PDF
                cells = [(cell(c, before=before, left_twips=indent if c else 0), b - a, None, "top")
                         for c, (a, b) in enumerate(spans)]
                table.add_row(cells, borderless=True)
                first = False

    def _date_and_label(self, date: Paragraph, label: Paragraph, landscape: bool) -> None:
        """A place-and-date line (right) over a table's label ("Yang menyepakati:") as one paragraph
        kept with the table: LibreOffice moves only the paragraph right before a table with it."""
        self._keep_apart_from_previous_table()
        right = int(Cm(self.text_width_cm(landscape)).twips)
        self.body.append(f'<w:p><w:pPr><w:keepNext/><w:tabs><w:tab w:val="right" w:pos="{right}"/></w:tabs></w:pPr>'
                         f'<w:r><w:tab/></w:r>{runs_xml(date.content)}<w:r><w:br/></w:r>{runs_xml(label.content)}</w:p>')
        self._last_was_table = False

    def _attachment_header(self, a: AttachmentHeader, landscape: bool) -> None:
        width = self.text_width_cm(landscape)
        left = width * 1 / 2.1
        table = self._table(1 + len(a.rows), [left, 2.2, 0.4, width - left - 2.6])
        title = table.merge(0, 1, 3)
        self._cell_paragraphs(title, [[Run(a.title)]], size=10)
        for row, (label, value) in zip(table.rows[1:], a.rows):
            for cell, text in zip(row[1:], (label, ":", value)):
                self._cell_paragraphs(cell, [[Run(text)]], size=10)
        for row in table.rows:  # the empty left cells too: every line at the 10 pt pitch, evenly spaced
            self._cell_paragraphs(row[0], [[]], size=10)
        for cell in table.rows[-1]:
            cell.paragraphs[-1].space("w:after", BLOCK_GAP_PT + 4)

    # --- whole document -------------------------------------------------------------
    def _add_section(self) -> None:
        """python-docx's `add_section`: the last section's w:sectPr copied into a paragraph that
        ends it; the new last section keeps its settings but not its footer."""
        p = self._new_paragraph()
        p.ppr = True
        p.sect = copy(self.sentinel)
        self.sentinel.footer = None

    def render(self) -> bytes:
        sections = self.model.sections
        for i, sec in enumerate(sections):
            if i:
                self._add_section()
            self._sections = i + 1
            self._setup_section(self.sentinel, sec.landscape, first=(i == 0))
            if sec.restart_numbering and i:
                self.sentinel.restart = True
            blocks = sec.blocks
            run = _closing_runs(blocks)
            skip = 0
            for j, b in enumerate(blocks):
                if skip:
                    skip -= 1
                    continue
                nxt = blocks[j + 1] if j + 1 < len(blocks) else None
                if isinstance(b, Signatures) and j + 2 in run and isinstance(nxt, Paragraph) \
                        and (isinstance(blocks[j + 2], NumberedList)  # the tembusan stays with its signature
                             or (isinstance(blocks[j + 2], Paragraph)  # a single one, unnumbered
                                 and "".join(r.text for r in nxt.content) == "Tembusan:")):
                    self._landscape = sec.landscape
                    self._signatures(b, sec.landscape, tembusan=(nxt, blocks[j + 2]))
                    skip = 2
                    continue
                if _date_over_label(blocks, j):  # one paragraph: LibreOffice keeps one, not two, with a table
                    self._date_and_label(b, nxt, sec.landscape)
                    skip = 1
                    continue
                if isinstance(b, Table) and isinstance(nxt, Signatures):  # one table: never apart in LibreOffice
                    self.block(b, sec.landscape, signature=nxt)
                    skip = 1
                    continue
                if isinstance(b, Table) and isinstance(nxt, Image):  # an indicator's chart stays with its table
                    self._landscape = sec.landscape
                    self._data_table(b, sec.landscape, keep_last=True, image=nxt)
                    self._last_was_table = False
                    skip = 1
                    continue
                self.block(b, sec.landscape, keep=_leads_to_signature(blocks, j) or (j in run and j + 1 in run))
        b = base()
        xml = "".join([b.document_head, *(item if isinstance(item, str) else item.xml() for item in self.body),
                       self.sentinel.xml(b.sentinel_attrs), "</w:body></w:document>"])
        root = serialize_document(xml)
        if self.model.page_of_pages and len(sections) > 1:
            self._mark_section_ends(root.find(f"{_W}body"))
        p = self.page
        return self.package.save(document_bytes(root),
                                 styles_blob(p.font_name, p.font_size, p.line_spacing, tuple(self._cell_sizes)),
                                 core_blob(self.model.title, self.model.author, self.model.issued))


def _section_end(index: int) -> str:
    return f"_Akhir_bagian_{index + 1}"


def _closing_runs(blocks: list[Block]) -> set[int]:
    """Indices of the blocks of each part's closing run (layout.part_tail; a page break ends a part)."""
    out: set[int] = set()
    start = 0
    for i, b in enumerate(blocks + [PageBreak()]):
        if isinstance(b, PageBreak):
            k = part_tail(blocks[start:i])
            if k is not None:
                out.update(range(start + k, i))
            start = i + 1
    return out


def _date_over_label(blocks: list[Block], j: int) -> bool:
    """Block j is a right-aligned line (place and date) kept with a left-aligned label kept with a table."""
    if j + 2 >= len(blocks):
        return False
    a, b, t = blocks[j], blocks[j + 1], blocks[j + 2]
    return (isinstance(a, Paragraph) and a.align == "right" and a.keep_with_next and isinstance(b, Paragraph)
            and b.align == "left" and b.keep_with_next and isinstance(t, Table))


def _leads_to_signature(blocks: list[Block], j: int) -> bool:
    """Block j must stay with a signature that follows (directly, or after one paragraph)."""
    nxt = blocks[j + 1] if j + 1 < len(blocks) else None
    after = blocks[j + 2] if j + 2 < len(blocks) else None
    return isinstance(nxt, Signatures) or (isinstance(blocks[j], Table) and isinstance(nxt, Paragraph)
                                           and isinstance(after, Signatures))


def render_docx(doc: Document) -> bytes:
    return _Writer(doc).render()


# --- the rows of a long table, kept between builds (the project tracker's) ---------------------
LONG_TABLE_ROWS = 300  # a longer table's rows are kept in `CHUNK_ROWS` blocks while `rows_kept_in` is open
CHUNK_ROWS = 100
_ROW_STORE = Scoped()  # where blocks of rows are kept while `rows_kept_in` is open


def rows_kept_in(store):
    """Keep (and reuse) the WordprocessingML of a long table's rows, `CHUNK_ROWS` at a time, in `store`
    (`files.cache.BlobCache`: `get(key)`, `put(key, bytes)`): after one follow-up item changed, the
    tracker's rows took ≈ 0.3 s to write at 500 meetings; only the block holding the item is written."""
    return _ROW_STORE.holding(store)


def _chunk_key(t: Table, start: int, stop: int, widths, style, height, keep_last: bool, page_size) -> str:
    """Everything rows start..stop are written from: the rows and the table (render.tablekeys), the kind
    of the row after them (a row before a sum stays with it), the widths, cell style, row height, page
    text size, whether the last rows keep with what follows, the box being written (render.layout.room);
    the tool's digest."""
    from rapatgen.files import cache
    from rapatgen.render.layout import _ROOM
    from rapatgen.render.tablekeys import table_text

    after = t.kind(stop) if stop < len(t.rows) else "-"
    return cache.digest(cache.tool_digest(), "docx-baris",
                        repr((widths, style, height, keep_last, page_size, after, _ROOM[0])), table_text(t, start, stop))
