"""Measurements and list markers the PDF and the Word backends share, so both lay a page out alike."""

from __future__ import annotations

SIGNATURE_SPACE_CM = 2.2
KOP_LOGO_CM = 2.6
CELL_PAD_PT = 1.5  # extra room above and below table text, the same in the DOCX cell margins


def _marker(style: str, i: int) -> str:
    from rapatgen.text.locale import huruf_urut

    return {"1.": f"{i + 1}.", "a.": f"{huruf_urut(i)}.", "1)": f"{i + 1})", "-": "–"}[style]


def signature_pairs(blocks: list) -> list[list]:
    """Signature blocks two by two, left and right; a single block stands on the right (where a letter is
    signed), an odd last one on the left with an empty right."""
    if len(blocks) == 1:
        return [[None, blocks[0]]]
    return [blocks[i:i + 2] + [None] * (2 - len(blocks[i:i + 2])) for i in range(0, len(blocks), 2)]
