"""The one writer of every XLSX cell rapatgen makes (tracker, request forms, register export).

openpyxl turns a string into a formula when it starts with '=' and into an error value when
it reads like one ('#N/A'); text from YAML must never become either (formula injection,
OWASP). Every cell therefore goes through `put`: text is stored as text, and text a
spreadsheet would read as a formula once edited gets Excel's quote prefix (shown as typed).
No other module assigns a cell value, sets `ws["A1"]` or calls `ws.append`:
tests/test_xlsx_cells.py checks the code for it and reads every cell of every XLSX back.

rapatgen writes formula cells only through `put_formula`, for arithmetic it composes itself (the PPKE
self-score): references, numbers, operators and SUMIF/SUM/ROUND/IF/MAX, never text from YAML.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from rapatgen.text.cells import FORMULA_START

CELL_MAX = 32_767  # Excel's limit: a longer cell makes the file "corrupt"
VALUE_TYPES = (str, bool, int, float, date, datetime, type(None))


def put(ws, row: int, column: int, value):
    """Write one cell and return it; text is always text: '=…', '+…', '-…', '@…' never a formula."""
    value = _checked(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # not 'f' (formula) nor 'e' (error value), whatever the text
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def _checked(value):
    if not isinstance(value, VALUE_TYPES):
        raise TypeError(f"XLSX cell value of type {type(value).__name__}")  # a programming error, not user input
    if isinstance(value, str) and len(value) > CELL_MAX:
        value = value[:CELL_MAX - 1] + "…"
    return value


def put_row(ws, row: int, values, first_column: int = 1) -> list:
    """`put` each of `values` into `row`, from `first_column` on; the cells, in order."""
    return [put(ws, row, column, value) for column, value in enumerate(values, first_column)]


# A formula rapatgen composes itself (the PPKE self-score shows its arithmetic): cell references, numbers,
# operators and a few functions — nothing else, so no text from YAML can ever be one.
FORMULA_FUNCTIONS = ("SUMIF", "SUM", "ROUND", "IF", "MAX")
_FORMULA_TOKENS = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+|[0-9]+(?:\.[0-9]+)?|[-+*/(),:<>=]|\s+|"
                             + "|".join(FORMULA_FUNCTIONS))


def put_formula(ws, row: int, column: int, expression: str):
    """Write a formula cell ('SUM(H5:H9)', without '='); refuses anything but references, numbers and
    SUMIF/SUM/ROUND/IF/MAX (a programming error, never user input)."""
    if _FORMULA_TOKENS.sub("", expression):
        raise ValueError(f"not a formula rapatgen composes: {expression!r}")
    cell = ws.cell(row=row, column=column)
    cell.value = "=" + expression
    return cell


# --- cells written straight as SpreadsheetML (render/xlsxrows.py: the long sheets of the tracker) ----------
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def cell_xml_writer(epoch):
    """`cell_xml(ref, style_id, value)`: the `<c …>` of one cell as openpyxl writes it (cell/_writer.py, lxml).

    Text is always an inline string — never a formula nor an error value, whatever it reads like (Excel's
    quote prefix is in the cell's style, set by `put` on the cell that style was made from) —, numbers
    "%.16g", dates as serial numbers from `epoch` (the workbook's). `style_id` None: a cell without style
    (empty, it is not written at all: ''). tests/test_xlsx_rows.py compares with openpyxl's own bytes."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.compat import safe_string
    from openpyxl.utils.datetime import to_excel
    from openpyxl.utils.exceptions import IllegalCharacterError

    illegal = ILLEGAL_CHARACTERS_RE.search

    def cell_xml(ref: str, style_id: int | None, value) -> str:
        value = _checked(value)
        s = "" if style_id is None else f' s="{style_id}"'
        if isinstance(value, str):
            if illegal(value):
                raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
            if not value:
                return f'<c r="{ref}"{s} t="inlineStr"></c>'
            space = ' xml:space="preserve"' if value != value.strip() else ""
            text = value.translate(_ESCAPES)
            if not text.isascii():
                text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if value is None:
            return f'<c r="{ref}"{s} t="n"></c>' if s else ""
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{safe_string(value)}</v></c>'
        if isinstance(value, (date, datetime)):
            value = to_excel(value, epoch)
        return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'

    return cell_xml
