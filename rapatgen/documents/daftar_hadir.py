"""Daftar hadir: one list per day or session, pre-filled with invitees plus blank rows,
the signature column staggered (odd numbers left, even right), header repeated per page."""

from __future__ import annotations

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, Paragraph, Run, Section,
                                       Signatures, Table, Title, runs)
from rapatgen.documents.frame import letterhead
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context, session_place

BLANK_ROWS = 10
SPARE_ROWS = 2  # for walk-ins when the expected number is already pre-filled


def _attends(h, day: int) -> bool:
    return not h.hari or day in h.hari


def _rows(ctx: Context, m: Rapat, day: int) -> list[tuple[str, str, str]]:
    """(nama, jabatan/instansi, hp) on the paper sheet: invitees when there is an invitation,
    else who came in person. Online participants sign nothing: they are listed apart."""
    if m.undangan:
        online = {id(ns) for ns in m.narasumber if ns.daring}
        session = m.sesi[day - 1] if m.rangkaian else None
        keep = [ns for ns in m.narasumber if id(ns) not in online]
        return [(n, j, "") for n, j in ctx.invitee_rows(m.model_copy(update={"narasumber": keep}), session)]
    rows = []
    for h in m.hadir:
        if _attends(h, day) and not h.daring:
            p = ctx.person(h)
            rows.append((p.nama, p.role(), p.hp or ""))
    return rows


def online_people(ctx: Context, m: Rapat, day: int) -> list[tuple[str, str]]:
    """(nama, jabatan/instansi) of those who joined online on that day: narasumber and attendees."""
    seen, out = set(), []
    for who in [*(ns for ns in m.narasumber if ns.daring), *(h for h in m.hadir if h.daring and _attends(h, day))]:
        p = ctx.person(who)
        if (p.nama, p.role()) not in seen:
            seen.add((p.nama, p.role()))
            out.append((p.nama, p.role()))
    return out


def compose_daftar_hadir(ctx: Context, m: Rapat) -> Document:
    zone = ctx.zone(m)
    sections = []
    for day, s in enumerate(m.sesi, 1):
        blocks = []  # each session its own section: own heading, own "Halaman X dari Y"
        sections.append(Section(blocks, restart_numbering=day > 1))
        if day == 1:
            blocks.append(letterhead(ctx, m))
        label = f" — {s.nama}" if s.nama else (f" — HARI KE-{day}" if len(m.sesi) > 1 else "")
        blocks.append(Title("DAFTAR HADIR" + label.upper(), [m.judul.upper()]))
        blocks.append(LabelValue(rows=[("Hari/Tanggal", [runs(L.hari_tanggal(s.tanggal))]),
                                       ("Pukul", [runs(L.pukul(s.mulai, s.selesai, zone)[6:])]),
                                       ("Tempat", [runs(session_place(s))])], label_cm=3.2))
        filled = _rows(ctx, m, day)
        blank = max(s.jumlah_peserta - len(filled), 0) or SPARE_ROWS if s.jumlah_peserta else BLANK_ROWS
        rows = [[Cell([runs("")], align="center"), Cell([runs(n)]), Cell([runs(j)]), Cell([runs(hp)]), Cell([])]
                for n, j, hp in filled]
        rows += [[Cell([]), Cell([]), Cell([]), Cell([]), Cell([])] for _ in range(blank)]
        for i, row in enumerate(rows):
            row[0] = Cell([runs(f"{i + 1}.")], align="center")
        blocks.append(Table([Column("No", 0.9, "center"), Column("Nama", 4.2), Column("Jabatan / Instansi", 5.0),
                             Column("No. HP", 2.6), Column("Tanda Tangan", 3.4)],
                            rows, font_size=10, signature_column=4, min_row_height_cm=1.0))
        online = online_people(ctx, m, day)
        if online:
            blocks.append(Paragraph([Run("Peserta yang hadir secara daring", bold=True)], align="left",
                                    space_before=0.5, keep_with_next=True))
            blocks.append(Table([Column("No", 0.9, "center"), Column("Nama", 5.0), Column("Jabatan / Instansi", 10.2)],
                                [[Cell([runs(f"{i}.")], align="center"), Cell([runs(n)]), Cell([runs(j)])]
                                 for i, (n, j) in enumerate(online, 1)], font_size=10))
        signer = m.pimpinan.sekretaris or m.pimpinan.ketua
        blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, s.tanggal), "Mengetahui,"])]))
    return Document("daftar-hadir", f"Daftar Hadir {m.judul}", sections, ctx.page_setup())
