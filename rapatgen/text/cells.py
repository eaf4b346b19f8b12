"""Text from YAML that lands in a spreadsheet cell stays text (CSV/formula injection, OWASP).

One rule for every table rapatgen writes: every XLSX cell (`render.xlsxcell.put`, the one
writer, stores text as text and marks such cells with Excel's quote prefix) and every CSV — `followup list --csv` and
the register `buku-agenda-surat-keluar.csv` (a leading apostrophe, which the register takes
off again when it reads its own file).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(text: str) -> bool:
    """Starts like a formula, also behind apostrophes (so that adding one can always be undone)."""
    return text.startswith(FORMULA_START) or (text.startswith("'") and text.lstrip("'").startswith(FORMULA_START))


def csv_safe(value):
    """A CSV field a spreadsheet shows as text: a leading ' before '=', '+', '-', '@', tab or CR."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def csv_unsafe(value: str) -> str:
    """The text `csv_safe` was given (for a CSV rapatgen reads back)."""
    if value.startswith("'") and _formula_like(value[1:]):
        return value[1:]
    return value
