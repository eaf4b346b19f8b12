"""A value that holds for the length of a `with` block, for the render stack.

The project tracker renders one long table in every format inside a few blocks: the stores that keep
its PDF pieces, DOCX rows and XLSX rows between builds (`pieces.kept_in`, `docx rows_kept_in`,
`xlsxrows.kept_in`) and the per-tracker memo of row texts (`tablekeys.texts_once`). Each is a
`Scoped`: it holds None outside its block, the given value inside, the outer value again after it.
The renderers keep their one argument (the document model), so the value is read from here.
"""

from __future__ import annotations

from contextlib import contextmanager


class Scoped:
    """A value given for a `with` block (`holding`); None outside it; nested blocks restore the outer one."""

    __slots__ = ("held",)

    def __init__(self) -> None:
        self.held = None

    @contextmanager
    def holding(self, value):
        before, self.held = self.held, value
        try:
            yield value
        finally:
            self.held = before
