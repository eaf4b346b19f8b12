""""Maksud Anda …?": the closest known word to a mistyped one."""

from __future__ import annotations

import difflib

def suggest(word: str, choices) -> str | None:
    """The closest known word, for "maksud Anda …?" hints."""
    found = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None
