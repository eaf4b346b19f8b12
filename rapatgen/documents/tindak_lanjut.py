"""Matriks tindak lanjut of one meeting: landscape, one row per agreement or direction
with a PJ (and one row per member/session/period of an item tracked in parts), its
status as of the reference date, a summary of counts per status."""

from __future__ import annotations

from datetime import date

from rapatgen.text import locale as L
from rapatgen.documents.speakers import item_label, provincial_reference
from rapatgen.model.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import Skip, letterhead
from rapatgen.resolve.followups import followups_of, progress
from rapatgen.model.occurrences import deadline_text
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context
from rapatgen.resolve.status import LABELS, ORDER, note_sentence

COLUMNS = [Column("No", 0.6, "center"), Column("Kesepakatan / Arahan", 3.3), Column("Rencana Tindak Lanjut", 2.6),
           Column("Penanggung Jawab", 1.7), Column("Batas Waktu", 1.4, "center"), Column("Status", 1.5, "center"),
           Column("Progres / Keterangan", 2.5), Column("Bukti", 2.2)]


def status_cell(state) -> Cell:
    overdue = state.derived == "terlambat"
    return Cell([[Run(state.label, bold=overdue, underline=overdue)]], align="center")


def summary_line(states, noun: str = "butir") -> list[Run]:
    counts = {k: 0 for k in ORDER}
    for st in states:
        counts[st.derived] += 1
    parts = [f"{LABELS[k]} {counts[k]}" for k in ORDER if counts[k]]
    return [Run("Ringkasan: ", bold=True), Run(" | ".join(parts) + f" (jumlah {len(states)} {noun})")]


def _note(f) -> str:
    return note_sentence(f.state.last)


def compose_tindak_lanjut(ctx: Context, m: Rapat, as_of: date | None = None) -> Document:
    as_of = as_of or ctx.today
    entries = progress(followups_of(m, as_of, ctx.directory, team=ctx.team), ctx.directory)
    if not entries:
        raise Skip("tidak ada kesepakatan/arahan yang memiliki penanggung jawab (pj)")
    rows, states = [], []
    for i, entry in enumerate(entries, 1):
        it = entry.item
        what = Cell([[Run(f"{item_label(ctx, m, it)}: ", bold=True), Run(it.isi)]]
                    + [[Run(f"({ref})", italic=True)] for ref in [provincial_reference(ctx, it)] if ref])
        plan = Cell([runs(it.rencana_tindak_lanjut or "-")])
        owner = Cell([runs(ctx.institution_short(it.pj))])
        if not entry.split:
            f = entry.parts[0]
            states.append(f.state)
            rows.append([Cell([runs(f"{i}.")]), what, plan, owner,
                         Cell([runs(f.deadline_text())]), status_cell(f.state),
                         Cell([runs(_note(f))]), Cell([runs(p) for p in f.evidence(as_of)] or [runs("-")])])
            continue
        rows.append([Cell([runs(f"{i}.")]), what, plan, owner, Cell([runs(deadline_text(m, it) or "-")]),
                     Cell([runs(entry.text)], align="center"), Cell([runs("-")]), Cell([runs("-")])])
        for k, f in enumerate(entry.parts):
            states.append(f.state)
            rows.append([Cell([runs("")]), Cell([[Run(f"{chr(97 + k) if k < 26 else k + 1}. {f.rincian.label}",
                                                     italic=True)]]),
                         Cell([runs(f.rincian.detail)]), Cell([runs(ctx.institution_short(f.pj))]),
                         Cell([runs(f.deadline_text())]), status_cell(f.state),
                         Cell([runs(_note(f))]), Cell([runs(p) for p in f.evidence(as_of)] or [runs("-")])])
    blocks = [letterhead(ctx, m), Title("MATRIKS TINDAK LANJUT HASIL RAPAT", [m.judul.upper(),
                                                                            f"Keadaan per {L.tanggal(as_of)}"]),
              Table(COLUMNS, rows, font_size=9), Paragraph(summary_line(states, "rincian" if any(e.split for e in entries) else "butir"), align="left")]
    signer = m.pimpinan.sekretaris or ctx.config.penandatangan.tindak_lanjut or m.pimpinan.ketua
    blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, as_of)])]))
    return Document("tindak-lanjut", f"Matriks Tindak Lanjut {m.judul}", [Section(blocks, landscape=True)],
                    ctx.page_setup())
