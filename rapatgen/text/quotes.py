"""Quotation marks and clause joins of running text, one rule for every document.

Quotes: the outer pair is “…”, a quote inside it ‘…’, a quote inside that “…” again — whether
the user typed straight quotes ("…"), curly ones, or a mix, and whether the nesting comes from
the YAML alone or from a sentence that quotes a value (`dengan tema "{{ tema }}"` around a theme
that itself quotes a programme name). Text whose quotes cannot be paired as prose (code, a
formula, an inch mark: `=HYPERLINK("x"&A1)`, `12" saja`) keeps every quote as written.

Clauses: parts joined with "; " lose the full stop of a sentence before the semicolon
("menyampaikan rekap.; lanjutan …" → "menyampaikan rekap; lanjutan …"); an abbreviation's
dot ("S.E.", "dst.") stays.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "“‘", "”’"  # by depth parity: even depth “…”, odd depth ‘…’
_OPENS_AFTER = set("([{“‘—–-/")
_CLOSES_BEFORE = set(".,;:!?)]}…”’—–-/")


def _kind(text: str, i: int) -> str | None:
    """'open', 'close' or None (not a prose quote here) for the quotation mark at i."""
    ch = text[i]
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    if ch == "‘":
        return "open" if (not prev or prev.isspace() or prev in _OPENS_AFTER) else None
    if ch == "’":  # an apostrophe (Jum’at, ’90-an) is no closing quote
        return "close" if prev and not prev.isspace() and (not nxt or not nxt.isalnum()) else None
    # a straight double quote: decided by its neighbours
    opens = (not prev or prev.isspace() or prev in _OPENS_AFTER) and nxt and not nxt.isspace()
    closes = prev and not prev.isspace() and (not nxt or nxt.isspace() or nxt in _CLOSES_BEFORE or nxt == '"')
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return None


def quote_marks(text: str) -> dict[int, str] | None:
    """Position → typographic mark for every quotation mark of `text`, nested by depth;
    None when the double quotes cannot be paired as prose (then nothing is changed)."""
    marks: dict[int, str] = {}
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch not in '"“”‘’':
            continue
        kind = _kind(text, i)
        if kind is None:
            if ch == '"':
                return None
            continue  # an apostrophe or a lone single mark: left as written
        if kind == "open":
            marks[i] = OPEN[len(stack) % 2]
            stack.append(i)
        else:
            if not stack:
                if ch == "’":
                    continue  # "para pihak’" — an apostrophe after all
                return None
            stack.pop()
            marks[i] = CLOSE[len(stack) % 2]
    if stack:
        return None
    return marks


def typographic_marks(text: str) -> dict[int, str]:
    """The replacements that turn the quotes of `text` into nested typographic pairs."""
    if not any(ch in text for ch in '"“”‘’'):
        return {}
    marks = quote_marks(text)
    if marks is None:  # code, a formula, an inch mark: every quote as written
        return {}
    return {i: ch for i, ch in marks.items() if text[i] != ch}


def typographic(text: str) -> str:
    """`text` with nested typographic quotes: 'tema "Program "X""' → 'tema “Program ‘X’”'."""
    marks = typographic_marks(text)
    if not marks:
        return text
    return "".join(marks.get(i, ch) for i, ch in enumerate(text))


# A sentence's full stop before a semicolon: after a word of two or more lower-case letters
# or digits, not after an abbreviation (a capital, or a dot inside the word: "S.E.", "dll.").
_DOT_SEMICOLON = re.compile(r"(?<![.\w])(?!(?:dll|dsb|dst|dkk|tsb|yth|hlm|no)\.)([a-z0-9][a-z0-9]+|[A-Za-z][a-z]{3,})\.(?=;)")


def clause_dots(text: str) -> str:
    """'rekap.; lanjutan' → 'rekap; lanjutan' (a sentence's dot before ';' goes, an abbreviation's stays)."""
    if ".;" not in text:
        return text
    return _DOT_SEMICOLON.sub(r"\1", text)


def join_clauses(parts, sep: str = "; ") -> str:
    """Parts of one line joined with `sep`, none keeping a sentence's full stop before it."""
    return clause_dots(sep.join(p for p in parts if p))
