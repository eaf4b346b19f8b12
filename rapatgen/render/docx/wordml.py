"""WordprocessingML fragments for the DOCX backend's tables, built as escaped text.

python-docx inserts each element in schema order with a Python search per insertion,
which made tables (most of a document's content) cost tens of ms. Tables are therefore
written here as escaped XML text; render/docx.py puts them in the body's text, which is
parsed once with lxml.
"""

from __future__ import annotations

import re

from rapatgen.model.blocks import Inline
from rapatgen.render.layout import CELL_PAD_PT, unbreakable

_BAD = {c for c in range(32) if c not in (9, 10, 13)}
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
CELL_SIDE_TWIPS = 108  # Word's default cell margin left and right (5.4 pt), the PDF's cell inset


_DROP_BAD = dict.fromkeys(_BAD)  # str.translate table: control characters XML 1.0 forbids → nothing
_HAS_BAD = re.compile("[" + "".join(chr(c) for c in sorted(_BAD)) + "]")


def clean(text: str) -> str:
    """XML 1.0 forbids most control characters; they are dropped rather than corrupt the file."""
    return text.translate(_DROP_BAD) if _HAS_BAD.search(text) else text


def escape(text: str) -> str:
    """xml.sax.saxutils.escape (&, <, >), without its cost when there is nothing to escape."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def text_xml(text: str) -> str:
    return escape(clean(text))


NO_BREAK_HYPHEN = "<w:noBreakHyphen/>"
WORD_JOINER = "\u2060"
_JOIN_AFTER = re.compile(r"([/–])(?=.)")


def t_elements(text: str, t) -> str:
    """`text` as `w:t` elements (`t(piece)` writes one) where identifiers, letter numbers and
    "nomor N" never break (issue 19 item 3, layout.unbreakable): in such a piece a hyphen is a
    `w:noBreakHyphen`, a slash or dash is followed by a word joiner, a space is a no-break space."""
    pieces = unbreakable(text)
    if not any(keep for _, keep in pieces):
        return t(text)
    out, buf = [], ""
    for piece, keep in pieces:
        if not keep:
            buf += piece
            continue
        for k, part in enumerate(_JOIN_AFTER.sub("\\1" + WORD_JOINER, piece.replace(" ", "\u00a0")).split("-")):
            if k:
                if buf:
                    out.append(t(buf))
                out.append(NO_BREAK_HYPHEN)
                buf = ""
            buf += part
    if buf:
        out.append(t(buf))
    return "".join(out)


def _t_preserved(text: str) -> str:
    return f'<w:t xml:space="preserve">{text_xml(text)}</w:t>'


_RPR = {(b, i, u): (f"<w:rPr>{props}</w:rPr>" if props else "")
        for b in (False, True) for i in (False, True) for u in (False, True)
        for props in [("<w:b/>" if b else "") + ("<w:i/>" if i else "") + ('<w:u w:val="single"/>' if u else "")]}


def runs_xml(content: Inline, bold: bool = False) -> str:
    out = []
    for r in content:
        rpr = _RPR[(bool(r.bold or bold), bool(r.italic), bool(r.underline))]
        text = r.text
        if "\n" not in text:
            if text:
                out.append(f'<w:r>{rpr}{t_elements(text, _t_preserved)}</w:r>')
            continue
        for i, line in enumerate(text.split("\n")):
            if i:
                out.append(f"<w:r>{rpr}<w:br/></w:r>")
            if line:
                out.append(f'<w:r>{rpr}{t_elements(line, _t_preserved)}</w:r>')
    return "".join(out)


_PPR: dict[tuple, str] = {}


def paragraph_xml(content: Inline, style_id: str | None = None, align: str = "left", bold: bool = False,
                  space_after_pt: float | None = None, space_before_pt: float | None = None, left_twips: int = 0, hanging_twips: int = 0,
                  tab_twips: int | None = None, keep_next: bool = False) -> str:
    key = (style_id, align, space_after_pt, space_before_pt, left_twips, hanging_twips, tab_twips, keep_next)
    ppr = _PPR.get(key)
    if ppr is None:
        if len(_PPR) > 4096:  # a long-running process (watch mode): keep the memo small
            _PPR.clear()
        ppr = _PPR[key] = _ppr_xml(*key)
    return f"<w:p>{ppr}{runs_xml(content, bold)}</w:p>"


def _ppr_xml(style_id, align, space_after_pt, space_before_pt, left_twips, hanging_twips, tab_twips, keep_next) -> str:
    ppr = []
    if style_id:
        ppr.append(f'<w:pStyle w:val="{style_id}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if tab_twips is not None:
        ppr.append(f'<w:tabs><w:tab w:val="left" w:pos="{tab_twips}"/></w:tabs>')
    if space_after_pt is not None or space_before_pt is not None:
        before = f' w:before="{int(space_before_pt * 20)}"' if space_before_pt is not None else ""
        ppr.append(f'<w:spacing{before} w:after="{int((space_after_pt or 0) * 20)}"/>')
    if left_twips or hanging_twips:
        ppr.append(f'<w:ind w:left="{left_twips}"' + (f' w:hanging="{hanging_twips}"' if hanging_twips else "") + "/>")
    if align != "left":
        ppr.append(f'<w:jc w:val="{JC[align]}"/>')
    return f"<w:pPr>{''.join(ppr)}</w:pPr>"


class TableXml:
    """Collects rows of cells, then gives one `w:tbl` as text."""

    def __init__(self, widths_twips: list[int], grid_style: bool, no_cell_margins: bool = False):
        self.widths = widths_twips
        self.grid_style = grid_style
        self.no_cell_margins = no_cell_margins
        self.rows: list[str] = []

    def add_row(self, cells: list[tuple[str, int, str | None, str]], header: bool = False,
                min_height_twips: int | None = None, cant_split: bool = True, borderless: bool = False) -> None:
        """cells: (paragraphs xml, grid span, shade hex or None, vertical align). A `borderless`
        row has no cell borders and no cell margins (a signature at a table's foot)."""
        trpr = []
        if cant_split:
            trpr.append("<w:cantSplit/>")
        if min_height_twips:
            trpr.append(f'<w:trHeight w:val="{min_height_twips}" w:hRule="atLeast"/>')
        if header:
            trpr.append('<w:tblHeader w:val="true"/>')
        col = 0
        tcs = []
        for body, span, shade, valign in cells:
            width = sum(self.widths[col:col + span])
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                tcpr += f'<w:gridSpan w:val="{span}"/>'
            if borderless:
                tcpr += ('<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
                         '<w:right w:val="nil"/></w:tcBorders>')
            if shade:
                tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
            if borderless:
                tcpr += ('<w:tcMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
                         '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tcMar>')
            if valign != "top":
                tcpr += f'<w:vAlign w:val="{valign}"/>'
            tcs.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body or '<w:p/>'}</w:tc>")
            col += span
        self.rows.append(f"<w:tr><w:trPr>{''.join(trpr)}</w:trPr>{''.join(tcs)}</w:tr>")

    def xml(self) -> str:
        """The table as text, without namespace declarations: it goes into a body's text."""
        style = '<w:tblStyle w:val="TableGrid"/>' if self.grid_style else ""
        if self.no_cell_margins:
            margins = '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            indent = 0
        else:  # the PDF's cell padding (render/pdf.py CELL_PAD_PT) above and below the text
            pad = int(CELL_PAD_PT * 20)
            margins = (f'<w:tblCellMar><w:top w:w="{pad}" w:type="dxa"/><w:left w:w="{CELL_SIDE_TWIPS}" w:type="dxa"/>'
                       f'<w:bottom w:w="{pad}" w:type="dxa"/><w:right w:w="{CELL_SIDE_TWIPS}" w:type="dxa"/>'
                       '</w:tblCellMar>')
            # Word (compatibility mode 14, as our files declare) and LibreOffice measure tblInd to
            # the first cell's text: indenting by the cell margin puts the border on the text
            # margin, the table spanning exactly the text width as in the PDF
            indent = CELL_SIDE_TWIPS
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        return (f"<w:tbl><w:tblPr>{style}<w:tblW w:w=\"{sum(self.widths)}\" w:type=\"dxa\"/>"
               f'<w:jc w:val="left"/><w:tblInd w:w="{indent}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{margins}'
               f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(self.rows)}</w:tbl>')
