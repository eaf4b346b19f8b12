"""Berita acara kesepakatan: date in words, numbered agreements, a signature table for
every party that was there (resolve/parties.py; staggered) and a "Mengetahui" signatory; for a series with
`berita_acara.per_sesi`, one berita acara per session with that session's agreements and signers."""

from __future__ import annotations

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, ListItem, NumberedList, Paragraph, Run, Section,
                                       Signatures, Table, Title, runs)
from rapatgen.documents.frame import Skip, letterhead, prose, wording
from rapatgen.documents.undangan import session_slug
from rapatgen.documents.speakers import provincial_reference
from rapatgen.model.deadline import Jangka
from rapatgen.model.occurrences import deadline_text, invited_to, per_session
from rapatgen.model.meeting import Butir, Pihak, Rapat
from rapatgen.resolve.attendance import mode, present
from rapatgen.resolve.context import Context, session_label, session_place
from rapatgen.resolve.parties import Party, chair_party, default_signers


def _named(ctx: Context, who: Pihak) -> Party:
    """A party written in `berita_acara.pihak`: an institution (`pihak: [dinsos_bll]`) signs by its
    head, named when the directory knows them."""
    if who.id and who.id in ctx.directory.instansi and not (who.nama or who.jabatan):
        head = ctx.head_of(who.id)
        if not head:
            return Party("", ctx.directory.instansi[who.id].kepala_text(), who.id)
        who = Pihak(id=head)
    p = ctx.person(who)
    return Party(p.nama, p.role())


class _Naming:
    """One form for an institution throughout a berita acara, as Tata Naskah has it: the full name
    at its first mention with its singkatan in brackets ("Badan Perencanaan Pembangunan Daerah Kota
    Tebing Tinggi (Bappeda)"), the singkatan after; the full name every time when the institution
    is named once, has no singkatan, or shares it with another institution of the document.
    Looked up in document order."""

    def __init__(self, ctx: Context, refs: list[str]):
        self.ctx, self.seen = ctx, set()
        self.short = {ref: name for ref, name in ctx.short_names(refs).items()  # named again later: short after
                      if ref in ctx.directory.instansi and name != ctx.institution_name(ref) and refs.count(ref) > 1}

    def __getitem__(self, ref: str) -> str:
        full = self.ctx.institution_name(ref) or ref
        if ref not in self.short:
            return full
        if ref in self.seen:
            return self.short[ref]
        self.seen.add(ref)
        return f"{full} ({self.short[ref]})"


def _parties(ctx: Context, m: Rapat, items: list[Butir], session: int | None = None) -> list[Party]:
    """Those written in `berita_acara.pihak` (of this session), else the chair and the agreements'
    parties that were there (resolve/parties.py); the chair when there is no one else."""
    ba = m.berita_acara
    if ba and ba.pihak:
        out = [_named(ctx, p) for p in ba.pihak if session is None or not p.sesi or session in p.sesi]
    else:
        out = default_signers(ctx, m, items, session)
    return out or [chair_party(ctx, m)]


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


def _attendees(ctx: Context, m: Rapat, session: int | None) -> str:
    """'12 (dua belas) orang peserta dan 1 (satu) instansi': the attendance model's count (of one
    session for a session's berita acara); before the meeting, 'para peserta rapat'."""
    tally = present(ctx, m, [session] if session else None) if mode(m) == "sesudah" else None
    return tally.text(words=True, person_noun="orang peserta") if tally and tally.total else "para peserta rapat"


def _deadline(m: Rapat, item: Butir, session: int | None) -> str | None:
    """The deadline as agreed in this berita acara: in one session's, that session's own date."""
    d = item.batas_waktu
    if session is not None and per_session(m, item) and isinstance(d, Jangka):
        return f"{L.tanggal(d.after(m.sesi[session - 1].tanggal))} ({d.teks})"
    return deadline_text(m, item)


def _related(ctx: Context, m: Rapat, item: Butir, session: int | None) -> list[str]:
    """The related parties as printed: one session's record names those of that place."""
    if session is None:
        return list(item.terkait)
    return [x for x in item.terkait if invited_to(m, session, x, ctx.directory)] or list(item.terkait)


def _compose(ctx: Context, m: Rapat, items: list[Butir], session: int | None = None) -> Document:
    ba = m.berita_acara
    own = m.sesi[session - 1] if session else None
    day = own.tanggal if own else (ba.tanggal if ba and ba.tanggal else m.sesi[-1].tanggal)
    place = session_place(own) if own else (ba.tempat if ba and ba.tempat else session_place(m.sesi[-1]))
    ketua = ctx.person(m.pimpinan.ketua)
    attendees = _attendees(ctx, m, session)
    subtitle = [m.judul.upper()] + ([session_label(m, session).upper()] if session else [])
    blocks = [letterhead(ctx, m), Title("BERITA ACARA KESEPAKATAN", subtitle)]
    blocks.append(Paragraph(runs(f"NOMOR: {ctx.record_number(None if session else (ba.nomor if ba else None), day)}"),
                            align="center"))
    if session is None and m.rangkaian and len(m.sesi) > 1:
        blocks += _series_opening(ctx, m, ketua.role(), attendees)
    else:
        opening = wording("berita_acara_pembuka", tanggal_terbilang=L.tanggal_terbilang(day),
                          tanggal_angka=day.strftime("%d-%m-%Y"), tempat=place, judul=m.judul,
                          ketua=ketua.role(), jumlah_hadir=attendees)
        blocks.append(Paragraph(runs(opening), first_line_cm=1.25, space_before=0.5))
    names = _Naming(ctx, [ref for it in items for ref in ([it.pj] if it.pj else []) + _related(ctx, m, it, session)])
    entries = []
    for it in items:
        children = []
        details = []
        if ref := provincial_reference(ctx, it):
            details.append(ref[0].upper() + ref[1:])
        if it.pj:
            details.append(f"Penanggung jawab: {names[it.pj]}")
        related = _related(ctx, m, it, session)
        if related:
            details.append("Pihak terkait: " + ", ".join(names[x] for x in related))
        if _deadline(m, it, session):
            details.append(f"Batas waktu: {_deadline(m, it, session)}")
        if details:
            children.append(NumberedList([ListItem(runs(d)) for d in details], style="a."))
        entries.append(ListItem(prose(it.isi), children))
    blocks.append(NumberedList(entries))
    rangkap = f"{ba.rangkap} ({L.terbilang(ba.rangkap)})" if ba and ba.rangkap else None
    blocks.append(Paragraph(runs(wording("berita_acara_penutup", rangkap=rangkap)), first_line_cm=1.25))
    blocks.append(Paragraph(runs(ctx.place_date(m, day)), align="right", keep_with_next=True))
    rows = []
    for i, party in enumerate(_parties(ctx, m, items, session), 1):
        rows.append([Cell([runs(f"{i}.")], align="center"), Cell([runs(party.nama)]), Cell([runs(party.jabatan)]),
                     Cell([])])
    blocks.append(Paragraph([Run("Yang menyepakati:", bold=True)], align="left", keep_with_next=True))
    blocks.append(Table([Column("No", 0.7, "center"), Column("Nama", 4.0), Column("Jabatan/Instansi", 5.2),
                         Column("Tanda Tangan", 3.4)], rows, font_size=10, signature_column=3, min_row_height_cm=1.2))
    if ba and ba.mengetahui:
        blocks.append(Signatures([ctx.signature(ba.mengetahui, above=["Mengetahui,"])]))
    title = f"Berita Acara Kesepakatan {m.judul}" + (f" — {session_label(m, session)}" if session else "")
    doc = Document("berita-acara", title, [Section(blocks)], ctx.page_setup())
    if own:
        doc.issued = own.tanggal
    return doc


def compose_berita_acara(ctx: Context, m: Rapat) -> Document:
    if not m.kesepakatan:
        raise Skip("rapat ini belum mencatat kesepakatan")
    return _compose(ctx, m, list(m.kesepakatan))


def compose_berita_acara_all(ctx: Context, m: Rapat) -> list[tuple[str, Document]]:
    """(file suffix, document): one berita acara, or with `per_sesi` one per session of a series
    that agreed something ('sesi-01-gerokgak')."""
    if not m.kesepakatan:
        raise Skip("rapat ini belum mencatat kesepakatan")
    if not (m.berita_acara and m.berita_acara.per_sesi and m.rangkaian and len(m.sesi) > 1):
        return [("", _compose(ctx, m, list(m.kesepakatan)))]
    out = []
    for i in range(1, len(m.sesi) + 1):
        items = [it for it in m.kesepakatan if not it.sesi or i in it.sesi]
        if items:
            out.append((session_slug(m, i), _compose(ctx, m, items, i)))
    return out
