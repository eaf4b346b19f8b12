"""Berita acara kesepakatan: date in words, numbered agreements, a signature table for
every party (staggered) and a "Mengetahui" signatory."""

from __future__ import annotations

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, ListItem, NumberedList, Paragraph, Run, Section,
                                       Signatures, Table, Title, runs)
from rapatgen.documents.frame import Skip, letterhead, persons_present, prose, wording
from rapatgen.model.occurrences import deadline_text, owners
from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.resolve.context import Context, session_label, session_place


def _parties(ctx: Context, m: Rapat) -> list[Pihak]:
    ba = m.berita_acara
    if ba and ba.pihak:
        return ba.pihak
    # Default: the head of every institution responsible for an agreement, by position
    # (every member of a group that owns one).
    seen, out = set(), []
    for item in m.kesepakatan:
        for pj in owners(ctx.directory, item.pj) if item.pj else []:
            if pj not in seen and pj in ctx.directory.instansi:
                seen.add(pj)
                inst = ctx.directory.instansi[pj]
                out.append(Pihak(nama="", jabatan=inst.kepala_text()))
    return out


def _series_opening(ctx: Context, m: Rapat, ketua: str, attendees: str) -> list:
    """A series is agreed over all its sessions: each is named with its own date and place,
    never the last session's date and place for the whole series."""
    sessions = [ListItem(runs(f"{session_label(m, i)}: {L.hari_tanggal(s.tanggal)}, bertempat di {session_place(s)}"
                              + (";" if i < len(m.sesi) else ".")))
                for i, s in enumerate(m.sesi, 1)]
    return [Paragraph(runs(wording("berita_acara_pembuka_rangkaian", judul=m.judul, ketua=ketua,
                                   jumlah_sesi=f"{len(m.sesi)} ({L.terbilang(len(m.sesi))})")),
                      first_line_cm=1.25, space_before=0.5, keep_with_next=True),
            NumberedList(sessions, indent_cm=0.6),
            Paragraph(runs(wording("berita_acara_sepakat_rangkaian", jumlah_hadir=attendees)), first_line_cm=1.25)]


def compose_berita_acara(ctx: Context, m: Rapat) -> Document:
    if not m.kesepakatan:
        raise Skip("rapat ini belum mencatat kesepakatan")
    ba = m.berita_acara
    day = (ba.tanggal if ba and ba.tanggal else m.sesi[-1].tanggal)
    place = (ba.tempat if ba and ba.tempat else session_place(m.sesi[-1]))
    ketua = ctx.person(m.pimpinan.ketua)
    count = persons_present(m)
    attendees = f"{count} ({L.terbilang(count)}) orang peserta" if count else "para peserta rapat"
    blocks = [letterhead(ctx, m), Title("BERITA ACARA KESEPAKATAN", [m.judul.upper()])]
    blocks.append(Paragraph(runs(f"NOMOR: {ctx.record_number(ba.nomor if ba else None, day)}"), align="center"))
    if m.rangkaian and len(m.sesi) > 1:
        blocks += _series_opening(ctx, m, ketua.role(), attendees)
    else:
        opening = wording("berita_acara_pembuka", tanggal_terbilang=L.tanggal_terbilang(day),
                          tanggal_angka=day.strftime("%d-%m-%Y"), tempat=place, judul=m.judul,
                          ketua=ketua.role(), jumlah_hadir=attendees)
        blocks.append(Paragraph(runs(opening), first_line_cm=1.25, space_before=0.5))
    items = []
    for it in m.kesepakatan:
        children = []
        details = []
        if it.pj:
            details.append(f"Penanggung jawab: {ctx.institution_name(it.pj)}")
        if it.terkait:
            details.append("Pihak terkait: " + ", ".join(ctx.institution_short(x) for x in it.terkait))
        if deadline_text(m, it):
            details.append(f"Batas waktu: {deadline_text(m, it)}")
        if details:
            children.append(NumberedList([ListItem(runs(d)) for d in details], style="a."))
        items.append(ListItem(prose(it.isi), children))
    blocks.append(NumberedList(items))
    rangkap = f"{ba.rangkap} ({L.terbilang(ba.rangkap)})" if ba and ba.rangkap else None
    blocks.append(Paragraph(runs(wording("berita_acara_penutup", rangkap=rangkap)), first_line_cm=1.25))
    blocks.append(Paragraph(runs(ctx.place_date(m, day)), align="right", keep_with_next=True))
    parties = _parties(ctx, m)
    rows = []
    for i, who in enumerate(parties, 1):
        p = ctx.person(who)
        where = p.role()
        rows.append([Cell([runs(f"{i}.")], align="center"), Cell([runs(p.nama)]), Cell([runs(where)]), Cell([])])
    blocks.append(Paragraph([Run("Yang menyepakati:", bold=True)], align="left", keep_with_next=True))
    blocks.append(Table([Column("No", 0.7, "center"), Column("Nama", 4.0), Column("Jabatan/Instansi", 5.2),
                         Column("Tanda Tangan", 3.4)], rows, font_size=10, signature_column=3, min_row_height_cm=1.2))
    if ba and ba.mengetahui:
        blocks.append(Signatures([ctx.signature(ba.mengetahui, above=["Mengetahui,"])]))
    return Document("berita-acara", f"Berita Acara Kesepakatan {m.judul}", [Section(blocks)], ctx.page_setup())
