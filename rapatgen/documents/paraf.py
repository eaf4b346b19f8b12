"""Paraf koordinasi: the small table of initials under a letter's signature (the drafter, then
the unit heads, as in Bappeda letters), from `paraf:` in rapatgen.yaml.

`with_paraf(ctx, doc)` works on any letter: it puts the table beside the letter's first signature
(the letter itself, not its lampiran), at the left, level with the signer's name, so it takes no
extra lines. Undangan and surat permintaan use it; a new letter kind calls it on its document too.
SRIKANDI versions leave it out: there the verifiers initial in the application.
"""

from __future__ import annotations

from dataclasses import replace

from rapatgen.model.blocks import Cell, Column, Document, Signatures, Table, runs
from rapatgen.resolve.context import Context

PARAF_COLUMN = "Paraf Koordinasi"
WIDTH_CM = 7.0  # within the left half of the narrowest text width (A4: 16 cm)


def paraf_table(jabatan: list[str]) -> Table:
    rows = [[Cell([runs(f"{i}.")], align="center"), Cell([runs(j)]), Cell([])] for i, j in enumerate(jabatan, 1)]
    return Table([Column("No", 1.1, "center"), Column(PARAF_COLUMN, 4.8), Column("Paraf", 1.9, "center")], rows,
                 font_size=8, min_row_height_cm=0.8, width_cm=WIDTH_CM)


def with_paraf(ctx: Context, doc: Document) -> Document:
    """`doc` with the paraf table beside its first signature; `doc` itself when none is configured."""
    jabatan = ctx.config.paraf
    if not jabatan:
        return doc
    sections, done = [], False
    for sec in doc.sections:
        blocks = []
        for b in sec.blocks:
            if not done and isinstance(b, Signatures) and len(b.blocks) == 1:
                b = replace(b, paraf=paraf_table(jabatan))
                done = True
            blocks.append(b)
        sections.append(replace(sec, blocks=blocks))
    return replace(doc, sections=sections)
