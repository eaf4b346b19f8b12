"""The last pass over every document's text: one quotation rule (text/quotes.py) for all of it.

Every document passes through `finish` (frame.stamp for the meeting documents and the tracker,
compose_jadwal and the surat permintaan themselves), so a quote typed straight in the YAML, a
quote a sentence puts around a value, and a quote inside that value come out as the same nested
pairs “… ‘…’ …” in the undangan, the notulen and every other document, in both backends (they
draw the model's text as it is). A paragraph's runs are read as one text, so a quote may open in
plain text and close after bold.
"""

from __future__ import annotations

from dataclasses import replace

from rapatgen.model.blocks import (AttachmentHeader, Document, LabelValue, ListItem, NumberedList, Paragraph, Run,
                                   Signatures, Table, Title)
from rapatgen.text.quotes import clause_dots, typographic, typographic_marks


def inline(content: list[Run]) -> list[Run]:
    """Runs of one line of text with typographic quotes across them and no '.;'."""
    text = "".join(r.text for r in content)
    marks = typographic_marks(text)
    out, pos = [], 0
    for r in content:
        end = pos + len(r.text)
        new = r.text
        if marks:  # quotes somewhere in the line (most text has none: nothing to look up per character)
            new = "".join(marks.get(pos + i, ch) for i, ch in enumerate(new))
        pos = end
        new = clause_dots(new)
        out.append(r if new == r.text else replace(r, text=new))
    return out


def _text(s: str) -> str:
    return clause_dots(typographic(s))


def _block(b) -> None:
    if isinstance(b, Paragraph):
        b.content = inline(b.content)
    elif isinstance(b, NumberedList):
        for item in b.items:
            _item(item)
    elif isinstance(b, Table):
        for col in b.columns:
            col.title = _text(col.title)
        for row in b.rows:
            for cell in row:
                cell.content = [inline(x) for x in cell.content]
    elif isinstance(b, LabelValue):
        b.rows = [(_text(label), [inline(v) for v in values]) for label, values in b.rows]
    elif isinstance(b, Title):
        b.text = _text(b.text)
        b.subtitle = [_text(s) for s in b.subtitle]
    elif isinstance(b, AttachmentHeader):
        b.title = _text(b.title)
        b.rows = [(label, _text(value)) for label, value in b.rows]
    elif isinstance(b, Signatures):
        for s in b.blocks:
            s.lines_above = [_text(x) for x in s.lines_above]


def _item(item: ListItem) -> None:
    item.content = inline(item.content)
    for child in item.children:
        _block(child)


def finish(doc: Document) -> Document:
    """`doc` with every text in the project's one quotation style (changed in place, returned)."""
    for b in doc.text_blocks():
        _block(b)
    doc.title = _text(doc.title)
    return doc
