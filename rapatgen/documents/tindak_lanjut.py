"""Matriks tindak lanjut of one meeting: landscape, one row per agreement or direction
with a PJ, its status as of the reference date, a summary of counts per status."""

from __future__ import annotations

from datetime import date

from rapatgen import locale as L
from rapatgen.documents.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import Skip, follow_up_items, letterhead
from rapatgen.model.meeting import Rapat
from rapatgen.resolve import Context
from rapatgen.status import LABELS, ORDER, evidence, state_of

COLUMNS = [Column("No", 0.5, "center"), Column("Kesepakatan / Arahan", 3.6), Column("Rencana Tindak Lanjut", 2.6),
           Column("Penanggung Jawab", 1.7), Column("Batas Waktu", 1.4, "center"), Column("Status", 1.5, "center"),
           Column("Progres / Keterangan", 2.6), Column("Bukti", 1.8)]


def status_cell(state) -> Cell:
    overdue = state.derived == "terlambat"
    return Cell([[Run(state.label, bold=overdue, underline=overdue)]], align="center")


def summary_line(states) -> list[Run]:
    counts = {k: 0 for k in ORDER}
    for st in states:
        counts[st.derived] += 1
    parts = [f"{LABELS[k]} {counts[k]}" for k in ORDER if counts[k]]
    return [Run("Ringkasan: ", bold=True), Run(" | ".join(parts) + f" (jumlah {len(states)} butir)")]


def compose_tindak_lanjut(ctx: Context, m: Rapat, as_of: date | None = None) -> Document:
    items = follow_up_items(m)
    if not items:
        raise Skip("tidak ada kesepakatan/arahan yang memiliki penanggung jawab (pj)")
    as_of = as_of or ctx.today
    rows, states = [], []
    for i, (kind, it) in enumerate(items, 1):
        st = state_of(it, as_of)
        states.append(st)
        note = st.last.catatan if st.last and st.last.catatan else "-"
        if st.last:
            note = f"{note} ({L.tanggal(st.last.tanggal)})"
        proofs = evidence(it, as_of)
        rows.append([Cell([runs(f"{i}.")]), Cell([[Run(f"{kind} {it.id}: ", bold=True), Run(it.isi)]]),
                     Cell([runs(it.rencana_tindak_lanjut or "-")]), Cell([runs(ctx.institution_short(it.pj))]),
                     Cell([runs(L.tanggal(it.batas_waktu) if it.batas_waktu else "-")]), status_cell(st),
                     Cell([runs(note)]), Cell([runs(p) for p in proofs] or [runs("-")])])
    blocks = [letterhead(ctx, m), Title("MATRIKS TINDAK LANJUT HASIL RAPAT", [m.judul.upper(),
                                                                            f"Keadaan per {L.tanggal(as_of)}"]),
              Table(COLUMNS, rows, font_size=9), Paragraph(summary_line(states), align="left")]
    signer = m.pimpinan.sekretaris or ctx.config.penandatangan.tindak_lanjut or m.pimpinan.ketua
    blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, as_of)])]))
    return Document("tindak-lanjut", f"Matriks Tindak Lanjut {m.judul}", [Section(blocks, landscape=True)],
                    ctx.page_setup())
