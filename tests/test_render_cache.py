"""What the render path makes once and reuses gives what making it again would give."""

from __future__ import annotations

import random

from rapatgen.documents import grafik
from rapatgen.render.pdf.typeset import s
from tests.test_indikator import KALTIM_YAML, indicator


def test_a_chart_is_drawn_once_for_the_same_data_and_again_for_other_data():
    grafik._DRAWN.clear()
    first = grafik.draw(indicator(KALTIM_YAML))
    assert grafik.draw(indicator(KALTIM_YAML)) is first  # equal data: the bytes already drawn
    assert first == grafik._draw(indicator(KALTIM_YAML))  # and they are what drawing gives
    other = grafik.draw(indicator(KALTIM_YAML.replace("nilai: 5.78", "nilai: 5.780")))
    assert other is not first  # written precision differs: a chart of its own


def _literal_by_hand(text: str) -> str:
    """Typst string literal, one character at a time (the definition s() must keep)."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) >= 32:
            out.append(ch)
    return "".join(out) + '"'


def test_typst_string_literal_escapes_as_defined():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(128)] + ["é", "“", "中", "\U0001F44D", "\u200b"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(16)))
        assert s(text) == _literal_by_hand(text), repr(text)
