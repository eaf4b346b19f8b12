"""Measurements and list markers the PDF and the Word backends share, so both lay a page out alike."""

from __future__ import annotations



SIGNATURE_SPACE_CM = 2.2


KOP_LOGO_CM = 2.6


CELL_PAD_PT = 1.5  # extra room above and below table text, the same in the DOCX cell margins


def _marker(style: str, i: int) -> str:
    from rapatgen.text.locale import huruf_urut

    return {"1.": f"{i + 1}.", "a.": f"{huruf_urut(i)}.", "1)": f"{i + 1})", "-": "–"}[style]
