"""Daftar hadir: one list per day or session, pre-filled with invitees plus blank rows,
the signature column staggered (odd numbers left, even right), header repeated per page."""

from __future__ import annotations

from rapatgen import locale as L
from rapatgen.documents.blocks import (Cell, Column, Document, LabelValue, PageBreak, Section,
                                       Signatures, Table, Title, runs)
from rapatgen.documents.frame import letterhead
from rapatgen.model.meeting import Rapat
from rapatgen.resolve import Context, session_place

BLANK_ROWS = 10


def _rows(ctx: Context, m: Rapat, day: int) -> list[tuple[str, str, str]]:
    """(nama, jabatan/instansi, hp): invitees when there is an invitation, else who came."""
    if m.undangan:
        return [(n, j, "") for n, j in ctx.invitee_rows(m)]
    rows = []
    for h in m.hadir:
        if h.hari and day not in h.hari:
            continue
        p = ctx.person(h)
        where = p.jabatan + (f" — {p.instansi}" if p.instansi and p.instansi not in p.jabatan else "")
        rows.append((p.nama, where, p.hp or ""))
    return rows


def compose_daftar_hadir(ctx: Context, m: Rapat) -> Document:
    zone = ctx.zone(m)
    blocks = []
    for day, s in enumerate(m.sesi, 1):
        if day > 1:
            blocks.append(PageBreak())
        if day == 1:
            blocks.append(letterhead(ctx, m))
        label = f" — {s.nama}" if s.nama else (f" — HARI KE-{day}" if len(m.sesi) > 1 else "")
        blocks.append(Title("DAFTAR HADIR" + label.upper(), [m.judul.upper()]))
        blocks.append(LabelValue(rows=[("Hari/Tanggal", [runs(L.hari_tanggal(s.tanggal))]),
                                       ("Pukul", [runs(L.pukul(s.mulai, s.selesai, zone)[6:])]),
                                       ("Tempat", [runs(session_place(s))])], label_cm=3.2))
        rows = [[Cell([runs("")], align="center"), Cell([runs(n)]), Cell([runs(j)]), Cell([runs(hp)]), Cell([])]
                for n, j, hp in _rows(ctx, m, day)]
        rows += [[Cell([]), Cell([]), Cell([]), Cell([]), Cell([])] for _ in range(BLANK_ROWS)]
        for i, row in enumerate(rows):
            row[0] = Cell([runs(f"{i + 1}.")], align="center")
        blocks.append(Table([Column("No", 0.9, "center"), Column("Nama", 4.2), Column("Jabatan / Instansi", 5.0),
                             Column("No. HP", 2.6), Column("Tanda Tangan", 3.4)],
                            rows, font_size=10, signature_column=4, min_row_height_cm=1.0))
        signer = m.pimpinan.sekretaris or m.pimpinan.ketua
        blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, s.tanggal), "Mengetahui,"])]))
    return Document("daftar-hadir", f"Daftar Hadir {m.judul}", [Section(blocks)], ctx.page_setup())
