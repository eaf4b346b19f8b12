"""Surat undangan: one letter per invitee (mail merge) or one letter with an attached list;
for a series (rangkaian), one letter per session with its own date and place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapatgen.text import locale as L
from rapatgen.model.blocks import (AttachmentHeader, Cell, Column, Document, LabelValue, ListItem,
                                       NumberedList, PageBreak, Paragraph, Section, Signatures, Table, Title, runs)
from rapatgen.documents.paraf import with_paraf
from rapatgen.documents.speakers import speaker_name
from rapatgen.documents.frame import Skip, letterhead, prose, session_rows, wording
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.rank import above
from rapatgen.resolve.context import Context, session_label
from rapatgen.model.agenda import session_agenda


@dataclass
class Letter:
    suffix: str  # part of the file name: "" or "sesi-1" or "03-dinsos_bll"
    document: Document


def _attachments(m: Rapat, days: list[int]) -> list[str]:
    u = m.undangan
    names = []
    if u.bentuk == "daftar_terlampir":
        names.append("DAFTAR UNDANGAN")
    if u.lampiran_acara and any(session_agenda(m, d) for d in days):
        names.append("SUSUNAN ACARA")
    return names


def signer_of(ctx: Context, m: Rapat):
    """Who signs the invitation: its own penandatangan, else the project's default, else the chair."""
    u = m.undangan
    return u.penandatangan.orang if u.penandatangan else (ctx.config.penandatangan.undangan or m.pimpinan.ketua)


def _signature(ctx: Context, m: Rapat):
    u = m.undangan
    return ctx.signature(signer_of(ctx, m), atas_nama=u.penandatangan.atas_nama if u.penandatangan else None,
                         untuk_beliau=u.penandatangan.untuk_beliau if u.penandatangan else None, kapital=True)


# Abbreviations of offices written out in the lampiran header, so one office reads the same in
# every project whether its `atas_nama` or jabatan was typed short or in full.
OFFICE_WORDS = {"BAPPEDA": "BADAN PERENCANAAN PEMBANGUNAN DAERAH", "SETDA": "SEKRETARIAT DAERAH",
                "SEKDA": "SEKRETARIS DAERAH", "PEMKAB": "PEMERINTAH KABUPATEN", "PEMKOT": "PEMERINTAH KOTA",
                "PEMPROV": "PEMERINTAH PROVINSI", "KAB.": "KABUPATEN", "PROV.": "PROVINSI"}


def principal(ctx: Context, m: Rapat) -> str:
    """Whose letter it is, for the lampiran header ("LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR"):
    the office named after a.n. — a letter the Sekda signs a.n. the Governor is the Governor's
    letter — else the signer's own jabatan; in capitals, abbreviations written out."""
    u = m.undangan
    who = u.penandatangan.atas_nama if u.penandatangan and u.penandatangan.atas_nama else _signer_position(ctx, m)
    words = [OFFICE_WORDS.get(w, w) for w in who.upper().replace(",", " ").split()]
    return " ".join(words)


_office = principal


def _signer_position(ctx: Context, m: Rapat) -> str:
    """The signer's jabatan: as the directory has it for a directory person, else as resolved."""
    signer = signer_of(ctx, m)
    person = ctx.directory.orang.get(signer) if isinstance(signer, str) else None
    return person.jabatan if person else ctx.person(signer).jabatan


def _not_represented(ctx: Context, m: Rapat, own, addressee: tuple[str, str | None] | None) -> bool:
    """Ask for "tidak diwakilkan" only of addressees not above the signer (`undangan.tidak_diwakilkan` decides
    when written). A letter a.n. the head of region speaks with the head's rank."""
    u = m.undangan
    if u.tidak_diwakilkan is not None:
        return u.tidak_diwakilkan
    signer_position = u.penandatangan.atas_nama if u.penandatangan and u.penandatangan.atas_nama else \
        _signer_position(ctx, m)
    lines = [addressee[0]] if addressee else [x for head, members in ctx.invitee_list(m, own) for x in (head, *members)]
    return not above(lines, signer_position)


def _letter(ctx: Context, m: Rapat, days: list[int], addressee: tuple[str, str | None] | None) -> Document:
    """One letter for the sessions/days `days` (1-based): all days, or one session of a series."""
    u = m.undangan
    sessions = [m.sesi[d - 1] for d in days]
    own = sessions[0] if m.rangkaian else None  # a series session is a letter of its own
    number = ctx.letter_number(m, own)
    attachments = _attachments(m, days)
    lampiran = u.lampiran or (L.jumlah_kata(len(attachments), "berkas") if attachments else "-")
    date_line = ctx.place_date(m, u.tanggal)
    blocks = [letterhead(ctx, m, ctx.signer_kop_id(m, signer_of(ctx, m)))]  # the kop follows the signer
    meta = LabelValue(rows=[("Nomor", [runs(number)]), ("Sifat", [runs(u.sifat)]),
                            ("Lampiran", [runs(lampiran)]), ("Hal", [runs(u.hal)])], label_cm=2.2)
    if addressee is None:
        yth, di = "(daftar terlampir)", u.di
    else:
        yth, di = addressee[0], addressee[1] or u.di
    address = [Paragraph(runs(f"Yth. {yth}"), align="left"), Paragraph(runs("di"), align="left"),
               Paragraph(runs(di), align="left", indent_cm=1.0)]
    if ctx.config.tata_letak_undangan == "2023":
        blocks += [Paragraph(runs(date_line), align="right"), meta, *address]
    else:  # 2009 style: addressee on the right under the date
        blocks += [Paragraph(runs(date_line), align="right"), meta,
                   Paragraph(runs("Kepada"), align="left", indent_cm=9.0),
                   *[Paragraph(p.content, align="left", indent_cm=9.0 + p.indent_cm) for p in address]]
    opening = u.pembuka or wording("undangan_pembuka", judul=m.judul, tema=m.tema)
    blocks.append(Paragraph(prose(" ".join(opening.split())), first_line_cm=1.25, space_before=0.5))
    details = session_rows(ctx, m, sessions)
    details.append(("Acara", [m.judul]))
    if u.pakaian:
        details.append(("Pakaian", [u.pakaian]))
    blocks.append(LabelValue(rows=[(k, [runs(x) for x in v]) for k, v in details], indent_cm=1.25, label_cm=3.2))
    if u.cantumkan_tujuan and m.tujuan:
        blocks.append(Paragraph(runs("Kegiatan tersebut bertujuan:"), align="left", indent_cm=1.25, keep_with_next=True))
        blocks.append(NumberedList([ListItem(prose(t)) for t in m.tujuan], style="a.", indent_cm=1.25))
    if len(u.catatan) == 1:  # a single note is not numbered
        blocks.append(Paragraph(prose(f"Catatan: {u.catatan[0]}"), indent_cm=1.25))
    elif u.catatan:
        blocks.append(Paragraph(runs("Catatan:"), align="left", indent_cm=1.25))
        blocks.append(NumberedList([ListItem(prose(c)) for c in u.catatan], style="1.", indent_cm=1.25))
    # the closing sentence travels with the signature: a signature never stands alone on a page
    closing = u.penutup or wording("undangan_penutup", tidak_diwakilkan=_not_represented(ctx, m, own, addressee))
    blocks.append(Paragraph(prose(closing), first_line_cm=1.25, keep_with_next=True))
    blocks.append(Signatures([_signature(ctx, m)]))
    tembusan = (own.tembusan if own is not None and own.tembusan else u.tembusan)
    if tembusan:
        blocks.append(Paragraph(runs("Tembusan:"), align="left", keep_with_next=True))
        if len(tembusan) == 1:  # a single tembusan is not numbered
            blocks.append(Paragraph(runs(tembusan[0] + "."), align="left"))
        else:
            blocks.append(NumberedList([ListItem(runs(t + (";" if i < len(tembusan) - 1 else "."))) for i, t in
                                        enumerate(tembusan)]))
    for i, name in enumerate(attachments):
        blocks.append(PageBreak())
        roman = f" {L.romawi(i + 1)}" if len(attachments) > 1 else ""
        blocks.append(AttachmentHeader(f"LAMPIRAN{roman} SURAT {_office(ctx, m)}",
                                       [("NOMOR", number), ("TANGGAL", L.tanggal(u.tanggal)), ("HAL", u.hal)]))
        blocks.append(Title(name))
        if name == "DAFTAR UNDANGAN":
            items = []
            for line, members in ctx.invitee_list(m, own):
                children = [NumberedList([ListItem(runs(x)) for x in members], style="a.")] if members else []
                items.append(ListItem(runs(line), children))
            blocks.append(NumberedList(items))
        else:
            blocks.append(_agenda_table(ctx, m, days))
        blocks.append(Signatures([_signature(ctx, m)]))
    title = f"Undangan {m.judul}"
    return with_paraf(ctx, Document("undangan", title, [Section(blocks)], ctx.page_setup()))


def agenda_time(start, end, zone: str) -> str:
    """'09.00–09.15 WITA' or '12.30 WITA s.d. selesai': the zone always follows the time."""
    return f"{L.jam(start)}–{L.jam(end)} {zone}" if end else f"{L.jam(start)} {zone} s.d. selesai"


def _agenda_table(ctx: Context, m: Rapat, days: list[int]) -> Table:
    zone = ctx.zone(m)
    rows, kinds = [], []
    for day in days:
        items = session_agenda(m, day)
        if not items:
            continue
        if len(days) > 1:
            rows.append([Cell([runs(f"{session_label(m, day)}: {L.hari_tanggal(m.sesi[day - 1].tanggal)}")],
                              colspan=3, bold=True)])
            kinds.append("group")
        for a in items:
            rows.append([Cell([runs(agenda_time(a.mulai, a.selesai, zone))], align="center"), Cell([runs(a.acara)]),
                         Cell([runs(speaker_name(ctx, m, a.oleh.strip()) if a.oleh else "")])])
            kinds.append("body")
    return Table([Column("Waktu", 2.2, "center"), Column("Acara", 4.5), Column("Pengisi/Keterangan", 3.3)],
                 rows, kinds, font_size=11)


def session_slug(m: Rapat, index: int) -> str:
    """'sesi-01-gerokgak': file names sort by session and say where."""
    s = m.sesi[index - 1]
    where = re.sub(r"^(kecamatan|kabupaten|kota|desa|kelurahan|kec\.)\s+", "", (s.nama or s.tempat or "").lower())
    tail = re.sub(r"[^a-z0-9]+", "-", where).strip("-")[:30].strip("-")
    return f"sesi-{index:02d}" + (f"-{tail}" if tail else "")


def letter_plan(ctx: Context, m: Rapat) -> list[tuple[str, list[int], list, tuple[str, str | None] | None]]:
    """Every invitation letter of a meeting as (file-name suffix, the days it covers, the `yth` entries it
    goes to, its addressee line and 'di' — None for a letter to the attached list): one per invitee
    (per_undangan) or one to the list, and in a series one set per session. The documents and
    `kirim` (who gets which file) both read it, so they name the same files."""
    every_day = list(range(1, len(m.sesi) + 1))
    groups = [(session_slug(m, d), [d]) for d in every_day] if m.rangkaian else [("", every_day)]
    out = []
    for prefix, days in groups:
        own = m.sesi[days[0] - 1] if m.rangkaian else None
        invited = ctx.invited(m, own)
        if m.undangan.bentuk == "per_undangan":
            for j, addressee in enumerate(ctx.addressees(m, own)):
                ref = invited[j].id or f"undangan-{j + 1}"
                suffix = "-".join(x for x in (prefix, f"{j + 1:02d}-{ref}") if x)
                out.append((suffix, days, [invited[j]], addressee))
        else:
            out.append((prefix, days, list(invited), None))
    return out


def compose_undangan(ctx: Context, m: Rapat) -> list[Letter]:
    """All letters of a meeting."""
    if m.undangan is None:
        raise Skip("rapat ini tidak memuat bagian 'undangan'")
    return [Letter(suffix, _letter(ctx, m, days, addressee)) for suffix, days, _, addressee in letter_plan(ctx, m)]
