"""Texts of a long table's rows, by which its backends keep what they made of them.

A backend that keeps the output of a long table's rows between builds (the project tracker's PDF
pieces, the DOCX rows) keys it by what the rows are: the text of each row is its kind and the
repr of its cells — every field of every Cell and Run (dataclass reprs), so nothing a row shows is
left out of the key. At 500 meetings writing them for 3,000 rows takes ≈ 0.08 s; inside
`texts_once` (the tracker renders its PDF and DOCX in one) they are written once per table.
"""

from __future__ import annotations

from dataclasses import replace

from rapatgen.model.blocks import Table
from rapatgen.render.scope import Scoped

_KEPT = Scoped()  # while `texts_once` is open: {id(rows): (rows, texts)}


def texts_once():
    """Inside, the row texts of one table (its list of rows: a fitted or sliced copy shares it) are
    written once; the list is held until the block ends, and a model is not changed while rendered."""
    return _KEPT.holding({})


def row_texts(t: Table, start: int = 0, stop: int | None = None) -> list[str]:
    """The text of rows start..stop of `t`: each row's kind and its cells (every row's, kept, inside
    `texts_once`)."""
    stop = len(t.rows) if stop is None else stop
    memo = _KEPT.held
    if memo is None:
        return [f"{t.kind(i)}|{t.rows[i]!r}" for i in range(start, stop)]
    kept = memo.get(id(t.rows))
    if kept is None or len(kept[1]) != len(t.rows):
        kept = memo[id(t.rows)] = (t.rows, [f"{t.kind(i)}|{row!r}" for i, row in enumerate(t.rows)])
    return kept[1][start:stop]


def table_text(t: Table, start: int = 0, stop: int | None = None) -> str:
    """What rows start..stop of `t` are, with everything else of the table (columns, sizes …)."""
    stop = len(t.rows) if stop is None else stop
    return "\n".join([repr(replace(t, rows=[], row_kinds=[])), f"{start}:{stop}/{len(t.rows)}",
                      *row_texts(t, start, stop)])
