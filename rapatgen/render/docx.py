"""DOCX backend: python-docx with real styles and sections, editable by staff afterwards.

The kop sits in the body of page one; page numbers live in the footer of every page
but the first (a different first-page footer). A landscape matrix is its own section.
Numbered lists are typed numbers with a hanging indent, so they never continue counting
across lists the way Word's automatic numbering can.
"""

from __future__ import annotations

import io
from datetime import datetime

from rapatgen.render.docx_base import new_base_document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from rapatgen.documents.blocks import (AttachmentHeader, Block, Document, Image, Inline, LabelValue, Letterhead,
                                       NumberedList, PageBreak, Paragraph, Run, Signatures, Spacer, Table,
                                       Title)
from rapatgen.render.docx_xml import TableXml, paragraph_xml
from rapatgen.render.zipfix import reproducible
from rapatgen.render.pdf import KOP_LOGO_CM, SIGNATURE_SPACE_CM, _marker

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
_FIXED_DATE = datetime(2000, 1, 1)
ROW_GAP_PT = 3.0  # matches the Typst grids' row-gutter
SIGNATURE_GUTTER_CM = 0.3  # half of the PDF signature grid's column gutter
BLOCK_GAP_PT = 8.0  # matches Typst's block spacing
_XML_BAD = {c for c in range(32) if c not in (9, 10, 13)}

CORE_PROPERTY_MAX = 255


_DROP_BAD = dict.fromkeys(_XML_BAD)  # str.translate table: every forbidden character → nothing


def _clean(text: str) -> str:
    """XML 1.0 forbids most control characters; drop them rather than corrupt the file."""
    return text.translate(_DROP_BAD)


class _Writer:
    def __init__(self, doc: Document):
        self.model = doc
        self.doc = new_document()
        self.page = doc.page
        self._last_was_table = False
        self._landscape = False
        self._cell_styles: dict[float, str] = {}
        self._styles()

    # --- frame --------------------------------------------------------------------
    def _styles(self) -> None:
        p = self.page
        normal = self.doc.styles["Normal"]
        normal.font.name = p.font_name
        normal.font.size = Pt(p.font_size)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), p.font_name)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(6)
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = p.line_spacing
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "id-ID")
        rpr.append(lang)
        props = self.doc.core_properties
        # core properties hold at most 255 characters (python-docx raises beyond): shorten, never fail
        title = self.model.title
        props.title = title if len(title) <= CORE_PROPERTY_MAX else title[:CORE_PROPERTY_MAX - 1] + "…"
        author = self.model.author or "rapatgen"
        props.author = author[:CORE_PROPERTY_MAX]
        props.language = "id-ID"
        issued = self.model.issued
        props.created = props.modified = datetime(issued.year, issued.month, issued.day) if issued else _FIXED_DATE
        props.last_modified_by = author[:CORE_PROPERTY_MAX]
        props.revision = 1

    def _setup_section(self, section, landscape: bool, first: bool) -> None:
        p = self.page
        w, h = Cm(p.width_mm / 10), Cm(p.height_mm / 10)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (h, w) if landscape else (w, h)
        top, right, bottom, left = p.margin_cm
        section.top_margin, section.right_margin = Cm(top), Cm(right)
        section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
        of_pages = self.model.page_of_pages
        section.different_first_page_header_footer = first and not of_pages
        if of_pages and len(self.model.sections) > 1:
            index = len(self.doc.sections) - 1
            if index:
                section.footer.is_linked_to_previous = False
            self._page_of_pages(section.footer.paragraphs[0], f"PAGEREF {_section_end(index)} \\h")
        elif first:
            para = section.footer.paragraphs[0]
            if of_pages:
                self._page_of_pages(para, "NUMPAGES")
            else:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._page_field(para)

    def _page_of_pages(self, para, total_field: str) -> None:
        """'Halaman X dari Y'. With several sections (one attendance list each) Y is the page
        number of a bookmark at the section's end, as in the PDF: Word's SECTIONPAGES would say
        the same, but LibreOffice does not compute it, while both compute PAGEREF."""
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._text_run(para, "Halaman ")
        self._page_field(para)
        self._text_run(para, " dari ")
        self._page_field(para, total_field)

    def _mark_section_ends(self) -> None:
        """A bookmark in the last paragraph of each section (the targets of the PAGEREF totals)."""
        body = self.doc.element.body
        ends = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
        last = None
        for el in reversed(list(body.iterchildren(qn("w:p"), qn("w:tbl")))):
            last = el if el.tag == qn("w:p") else next(iter(reversed(list(el.iter(qn("w:p"))))), None)
            if last is not None:
                break
        for i, p in enumerate([*ends, last]):
            if p is None:
                continue
            start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
            start.set(qn("w:id"), str(i))
            start.set(qn("w:name"), _section_end(i))
            end.set(qn("w:id"), str(i))
            p.append(start)
            p.append(end)

    @staticmethod
    def _text_run(paragraph, text: str) -> None:
        paragraph.add_run(text).font.size = Pt(10)

    def _page_field(self, paragraph, field: str = "PAGE") -> None:
        run = paragraph.add_run()
        run.font.size = Pt(10)
        for kind, text in (("begin", None), (None, field), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif text == field:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            else:
                el = OxmlElement("w:t")
                el.text = text
            run._r.append(el)

    def text_width_cm(self, landscape: bool) -> float:
        p = self.page
        width = (p.height_mm if landscape else p.width_mm) / 10
        return width - p.margin_cm[1] - p.margin_cm[3]

    # --- inline -------------------------------------------------------------------
    def runs(self, paragraph, content: Inline, size: float | None = None, bold: bool = False) -> None:
        for r in content:
            lines = _clean(r.text).split("\n")
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if i < len(lines) - 1:
                    run.add_break()
                if r.bold or bold:
                    run.bold = True
                if r.italic:
                    run.italic = True
                if r.underline:
                    run.underline = True
                if size:
                    run.font.size = Pt(size)

    def para(self, container, content: Inline = (), align: str = "left", size=None, bold=False,
             indent_cm: float = 0, first_line_cm: float = 0, space_after: float | None = None):
        paragraph = container.add_paragraph()
        paragraph.alignment = ALIGN[align]
        if indent_cm:
            paragraph.paragraph_format.left_indent = Cm(indent_cm)
        if first_line_cm:
            paragraph.paragraph_format.first_line_indent = Cm(first_line_cm)
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        self.runs(paragraph, list(content), size=size, bold=bold)
        return paragraph

    # --- tables -------------------------------------------------------------------
    def _table(self, container, rows: int, widths_cm: list[float], borders: bool):
        if container is self.doc:
            self._keep_apart_from_previous_table()
        table = container.add_table(rows=rows, cols=len(widths_cm))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        if borders:
            table.style = self.doc.styles["Table Grid"]
        else:
            self._no_cell_margins(table)
        twips = [str(int(Cm(w).twips)) for w in widths_cm]
        for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips):
            col.set(qn("w:w"), width)
        for tc_row in table._tbl.tr_lst:
            for tc, width in zip(tc_row.tc_lst, twips):
                tcw = tc.get_or_add_tcPr().get_or_add_tcW()
                tcw.set(qn("w:w"), width)
                tcw.set(qn("w:type"), "dxa")
        return table

    @staticmethod
    def _no_cell_margins(table) -> None:
        tblpr = table._tbl.tblPr
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), "0")
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        tblpr.append(margins)

    @staticmethod
    def _space_after_row(row, points: float) -> None:
        for cell in row.cells:
            cell.paragraphs[-1].paragraph_format.space_after = Pt(points)

    @staticmethod
    def _first_paragraph(cell, space_after: float = 0):
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(space_after)
        return p

    def _cell_style(self, size: float | None) -> str:
        """A real Word paragraph style for table text ("Sel 10" …), made once per size."""
        key = size or self.page.font_size
        style_id = self._cell_styles.get(key)
        if style_id is None:
            name = f"Sel {key:g}"
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.font.size = Pt(key)
            style.paragraph_format.space_after = Pt(0)
            style.quick_style = True
            style_id = style.style_id
            self._cell_styles[key] = style_id
        return style_id

    def _cell_paragraphs(self, cell, contents: list[Inline], align="left", size=None, bold=False):
        style_id = self._cell_style(size)
        first = True
        for content in contents or [[]]:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            p._p.style = style_id
            if align != "left":
                p.alignment = ALIGN[align]
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
                last = self.doc.element.body.sectPr.getprevious()
                if last is not None and last.tag == qn("w:p"):
                    last.get_or_add_pPr().keepNext_val = True
        self._last_was_table = isinstance(b, (LabelValue, Signatures, AttachmentHeader))

    def _block(self, b: Block, landscape: bool) -> None:
        body = self.doc
        if isinstance(b, Paragraph):
            p = self.para(body, b.content, b.align, b.size, indent_cm=b.indent_cm, first_line_cm=b.first_line_cm)
            if b.space_before:
                p.paragraph_format.space_before = Pt(b.space_before * self.page.font_size * 1.2)
            p.paragraph_format.keep_with_next = b.keep_with_next or None
        elif isinstance(b, Title):
            self.para(body, [Run(b.text, bold=True, underline=b.underline)], "center", space_after=0)
            for line in b.subtitle:
                self.para(body, [Run(line, bold=True)], "center", space_after=0)
            gap = self.para(body, [], space_after=0)  # Typst: v(0.4em) after a title
            gap.paragraph_format.line_spacing = Pt(0.4 * self.page.font_size)
        elif isinstance(b, Letterhead):
            self._letterhead(b, landscape)
        elif isinstance(b, LabelValue):
            self._label_value(b, landscape)
        elif isinstance(b, NumberedList):
            self._numbered(b, body, b.indent_cm)
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
                self.para(body, [], space_after=0)
        else:
            raise TypeError(f"unknown block {type(b).__name__}")

    def _image_row(self, tbl, im: Image, columns: int) -> None:
        """The chart (and its caption) as a borderless row at the foot of its table, kept with the
        last rows: LibreOffice keeps rows of one table together, not a table with what follows."""
        body = self.doc.element.body
        before = len(body)
        self._image(im)
        moved = [el for el in list(body)[before - 1:] if el.tag == qn("w:p")]
        pic = moved[0]
        pic.get_or_add_pPr().keepNext_val = bool(im.caption) or None
        tr = parse_xml(f'<w:tr {nsdecls("w")}><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>'
                       f'<w:gridSpan w:val="{columns}"/><w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
                       '<w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders><w:tcMar><w:top w:w="0" w:type="dxa"/>'
                       '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
                       '</w:tcMar></w:tcPr></w:tc></w:tr>')
        cell = tr.find(qn("w:tc"))
        for p in moved:
            cell.append(p)  # moves it out of the body
        spacing = pic.get_or_add_pPr().get_or_add_spacing()
        spacing.set(qn("w:before"), str(int(BLOCK_GAP_PT * 20)))
        tbl.append(tr)

    def _image(self, im: Image) -> None:
        """The PNG bytes as an inline picture, centred, kept with its caption."""
        p = self.para(self.doc, [], "center", space_after=3 if im.caption else BLOCK_GAP_PT)
        p.paragraph_format.keep_with_next = bool(im.caption) or None
        p.add_run().add_picture(io.BytesIO(im.png), width=Cm(im.width_cm))
        if im.alt:
            for doc_pr in p._p.iter(qn("wp:docPr")):
                doc_pr.set("descr", _clean(im.alt))
        if im.caption:
            cap = self.para(self.doc, [Run(im.caption)], "center", size=10, space_after=BLOCK_GAP_PT)
            cap.paragraph_format.keep_together = True

    def _letterhead(self, k: Letterhead, landscape: bool) -> None:
        width = self.text_width_cm(landscape)
        sizes = [16] if len(k.lines) == 1 else [13] + [15] * (len(k.lines) - 1)
        if k.centred_emblem:
            if k.logo:
                p = self.para(self.doc, [], "center", space_after=0)
                p.add_run().add_picture(str(k.logo), height=Cm(KOP_LOGO_CM))
            container, align = self.doc, "center"
            target = None
        else:
            table = self._table(self.doc, 1, [KOP_LOGO_CM + 0.2, width - KOP_LOGO_CM - 0.5, 0.3], borders=False)
            logo_cell, target = table.rows[0].cells[0], table.rows[0].cells[1]
            logo_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if k.logo:
                lp = self._first_paragraph(logo_cell)
                lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                lp.add_run().add_picture(str(k.logo), height=Cm(KOP_LOGO_CM))
            container, align = target, "center"
        first = True
        for size, line in zip(sizes, k.lines):
            p = self._first_paragraph(container) if (first and target is not None) else container.add_paragraph()
            p.alignment = ALIGN[align]
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            self.runs(p, [Run(line, bold=True)], size=size)
            first = False
        for line in k.address_lines:
            p = container.add_paragraph()
            p.alignment = ALIGN[align]
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            self.runs(p, [Run(line)], size=10)
        rule = self.para(self.doc, [], space_after=6)
        rule.paragraph_format.line_spacing = 1.0
        ppr = rule._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "thickThinSmallGap"), ("w:sz", "24"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        border.append(bottom)
        ppr.append(border)

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
            cells = ([("", 1, None, "top")] if lv.indent_cm else []) + [
                (paragraph_xml([Run(label)], space_after_pt=after), 1, None, "top"),
                (paragraph_xml([Run(":")], space_after_pt=after), 1, None, "top"), (value, 1, None, "top")]
            table.add_row(cells, cant_split=False)
        self._place(table.element())

    def _numbered(self, nl: NumberedList, container, indent_cm: float) -> None:
        hang = 0.5 if nl.style == "-" else 0.8
        for i, item in enumerate(nl.items):
            p = container.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf = p.paragraph_format
            pf.left_indent = Cm(indent_cm + hang)
            pf.first_line_indent = Cm(-hang)
            pf.tab_stops.add_tab_stop(Cm(indent_cm + hang))
            pf.space_after = Pt(3)
            self.runs(p, [Run(_marker(nl.style, i) + "\t"), *item.content])
            for child in item.children:
                if isinstance(child, NumberedList):
                    self._numbered(child, container, indent_cm + hang + child.indent_cm)
                elif isinstance(child, Paragraph):
                    self.para(container, child.content, child.align, child.size, indent_cm=indent_cm + hang)
                else:
                    self.block(child, False)

    def _data_table(self, t: Table, landscape: bool, keep_last: bool = False,
                    signature: Signatures | None = None, image: Image | None = None) -> None:
        """A data table; rows never split; group headings and sums stay with their rows;
        with `keep_last`, the last rows stay with what follows (a signature, which may be
        given to be written as the table's last rows)."""
        width = self.text_width_cm(landscape)
        total = sum(c.width for c in t.columns)
        widths = [width * c.width / total for c in t.columns]
        style_id = self._cell_style(t.font_size)
        table = TableXml([int(Cm(w).twips) for w in widths], grid_style=True)
        table.add_row([(paragraph_xml([Run(c.title)], style_id, "center", bold=True), 1, "F2F2F2", "center")
                       for c in t.columns], header=True)
        height = int(Cm(t.min_row_height_cm).twips) if t.min_row_height_cm else None
        n = len(t.rows)
        for i, row_cells in enumerate(t.rows):
            kind = t.kind(i)
            keep = (kind == "group" or (i + 1 < n and t.kind(i + 1) in ("subtotal", "total"))
                    or (keep_last and i == n - 1))
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
                    body = paragraph_xml([Run(f"{i + 1}.")], style_id, left_twips=indent, keep_next=keep)
                    cells.append((body, 1, shade, "top"))
                else:
                    body = "".join(paragraph_xml(c, style_id, align, bold=cell.bold or bold_row, keep_next=keep)
                                   for c in (cell.content or [[]]))
                    cells.append((body, cell.colspan, shade, "center"))
                col += cell.colspan
            table.add_row(cells, min_height_twips=height)
        if signature is not None:
            self._signature_table_rows(signature, table)
            self._place(table.element())
            self._last_was_table = True
            return
        if image is not None:
            element = table.element()
            self._place(element)
            self._image_row(element, image, len(widths))
            return
        self._place(table.element())
        gap = self.para(self.doc, [], space_after=0)  # Typst's block spacing after a table
        gap.paragraph_format.line_spacing = Pt(BLOCK_GAP_PT)
        gap.paragraph_format.keep_with_next = keep_last or None

    def _page_break(self) -> None:
        """Break after the last paragraph itself: a paragraph of its own holding only the
        break can land at the very foot of a full page and push out an empty page."""
        body = self.doc.element.body
        last = body.sectPr.getprevious() if body.sectPr is not None else body[-1]
        if last is not None and last.tag == qn("w:p"):
            last.append(parse_xml(f'<w:r {nsdecls("w")}><w:br w:type="page"/></w:r>'))
        else:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = Pt(1)
            p.add_run().add_break(WD_BREAK.PAGE)

    def _keep_apart_from_previous_table(self) -> None:
        """Word merges two tables that touch; a tiny paragraph keeps them apart."""
        if self._last_was_table:
            gap = self.doc.add_paragraph()
            gap.paragraph_format.space_after = Pt(0)
            gap.paragraph_format.line_spacing = Pt(2)

    def _place(self, element) -> None:
        self._keep_apart_from_previous_table()
        body = self.doc.element.body
        body.sectPr.addprevious(element) if body.sectPr is not None else body.append(element)

    def _signature_rows(self, sig: Signatures):
        """The blocks two by two in rows of line slots (as in the PDF): jabatan lines share a row,
        names share a row. Yields, per pair, rows of (left, right) paragraph XML builders:
        `cell(c, **extra)` makes the paragraph of column c (0 left, 1 right)."""
        blocks = sig.blocks
        pairs = [[None, blocks[0]]] if len(blocks) == 1 else [blocks[i:i + 2] + [None] * (2 - len(blocks[i:i + 2]))
                                                            for i in range(0, len(blocks), 2)]
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
                         _last=last, **extra):
                    return paragraph_xml(_row[c] if content is None else content,
                                         space_after_pt=gap_pt - self.page.font_size if _field else _after,
                                         space_before_pt=_before if before is None else before, keep_next=not _last,
                                         **extra)
                out.append(cell)
            yield out

    def _signatures(self, sig: Signatures, landscape: bool) -> None:
        """Each pair of blocks its own borderless table: left block, gutter, right block; every
        row kept with the next so the block never splits."""
        width = self.text_width_cm(landscape)
        gutter = SIGNATURE_GUTTER_CM
        twips = [int(Cm(width / 2 - gutter).twips), int(Cm(2 * gutter).twips), int(Cm(width / 2 - gutter).twips)]
        for rows in self._signature_rows(sig):
            table = TableXml(twips, grid_style=False, no_cell_margins=True)
            for cell in rows:
                table.add_row([(cell(0), 1, None, "top"), (cell(0, []), 1, None, "top"), (cell(1), 1, None, "top")])
            self._place(table.element())
            self._last_was_table = True

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

    def _attachment_header(self, a: AttachmentHeader, landscape: bool) -> None:
        width = self.text_width_cm(landscape)
        left = width * 1 / 2.1
        table = self._table(self.doc, 1 + len(a.rows), [left, 2.2, 0.4, width - left - 2.6], borders=False)
        title = table.rows[0].cells[1].merge(table.rows[0].cells[3])
        self._cell_paragraphs(title, [[Run(a.title)]], size=10)
        for row, (label, value) in zip(table.rows[1:], a.rows):
            for cell, text in zip(row.cells[1:], (label, ":", value)):
                self._cell_paragraphs(cell, [[Run(text)]], size=10)
        for row in table.rows:  # the empty left cells too: every line at the 10 pt pitch, evenly spaced
            self._cell_paragraphs(row.cells[0], [[]], size=10)
        self._space_after_row(table.rows[-1], BLOCK_GAP_PT + 4)

    # --- whole document -------------------------------------------------------------
    def render(self) -> bytes:
        for i, sec in enumerate(self.model.sections):
            if i == 0:
                section = self.doc.sections[0]
            else:
                section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            self._setup_section(section, sec.landscape, first=(i == 0))
            if sec.restart_numbering and i:
                _restart_numbering(section._sectPr)
            blocks = sec.blocks
            skip = False
            for j, b in enumerate(blocks):
                if skip:
                    skip = False
                    continue
                nxt = blocks[j + 1] if j + 1 < len(blocks) else None
                if isinstance(b, Table) and isinstance(nxt, Signatures):  # one table: never apart in LibreOffice
                    self.block(b, sec.landscape, signature=nxt)
                    skip = True
                    continue
                if isinstance(b, Table) and isinstance(nxt, Image):  # an indicator's chart stays with its table
                    self._landscape = sec.landscape
                    self._data_table(b, sec.landscape, keep_last=True, image=nxt)
                    self._last_was_table = False
                    skip = True
                    continue
                self.block(b, sec.landscape, keep=_leads_to_signature(blocks, j))
        if self.model.page_of_pages and len(self.model.sections) > 1:
            self._mark_section_ends()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return reproducible(buffer.getvalue())


def _section_end(index: int) -> str:
    return f"_Akhir_bagian_{index + 1}"


_AFTER_PGNUMTYPE = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                    "docGrid", "printerSettings", "sectPrChange")


def _restart_numbering(sect_pr) -> None:
    """`w:pgNumType w:start="1"` in its schema place (a new section copies the previous one's
    sectPr, so it may already be there)."""
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        following = next((el for el in sect_pr if el.tag in {qn(f"w:{t}") for t in _AFTER_PGNUMTYPE}), None)
        following.addprevious(pg) if following is not None else sect_pr.append(pg)
    pg.set(qn("w:start"), "1")


def _leads_to_signature(blocks: list[Block], j: int) -> bool:
    """Block j must stay with a signature that follows (directly, or after one paragraph)."""
    nxt = blocks[j + 1] if j + 1 < len(blocks) else None
    after = blocks[j + 2] if j + 2 < len(blocks) else None
    return isinstance(nxt, Signatures) or (isinstance(blocks[j], Table) and isinstance(nxt, Paragraph)
                                           and isinstance(after, Signatures))


def render_docx(doc: Document) -> bytes:
    return _Writer(doc).render()
