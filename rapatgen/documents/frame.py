"""Pieces every document shares: kop, wording from teks/*.j2 (package data, project may override), meeting facts."""

from __future__ import annotations

import re

from rapatgen.text import locale as L
from rapatgen.model.blocks import Letterhead, Run
from rapatgen.model.meeting import Rapat, Sesi
from rapatgen.resolve.context import Context, session_label, session_place
from rapatgen.text.templating import get_template
from rapatgen.text.quotes import typographic
from rapatgen.documents.typography import finish, inline


class Skip(Exception):
    """A document cannot be made from this meeting yet; the message says why."""


def curly_quotes(text: str) -> str:
    """Straight and curly quotes of running text as nested typographic pairs: “… ‘…’ …” (text/quotes.py)."""
    return typographic(text)


def prose_quotes(content: list[Run]) -> list[Run]:
    """Running text from YAML with its quoted phrases in typographic quotes, nested “… ‘…’ …”,
    across runs (a quote may open in plain text and close after bold); code-like text is left
    as written."""
    return inline(content)


def prose(text: str) -> list[Run]:
    return prose_quotes([Run(text)])


def wording(name: str, **values) -> str:
    """One sentence from teks/<name>.j2 (the project's templates/ first, then the shipped one), with values
    inserted as plain text; straight double quotes become curly ones."""
    text = " ".join(get_template(f"teks/{name}.j2").render(**values).split())
    # a value ending in an abbreviation's dot ("…, M.Si.") before the sentence's own: one dot
    return curly_quotes(_DOUBLE_DOT.sub(".", text))


_DOUBLE_DOT = re.compile(r"(?<=[A-Za-z])\.\.(?!\.)")


def letterhead(ctx: Context, m: Rapat | None, kop_id: str | None = None) -> Letterhead:
    kop = ctx.kop(m, kop_id)
    address = []
    first = ", ".join(x for x in (kop.alamat, f"Telepon {kop.telepon}" if kop.telepon else None,
                                  f"Faksimile {kop.faksimile}" if kop.faksimile else None) if x)
    second = ", ".join(x for x in (f"Laman {kop.laman}" if kop.laman else None,
                                   f"Pos-el {kop.pos_el}" if kop.pos_el else None,
                                   f"Kode Pos {kop.kode_pos}" if kop.kode_pos else None) if x)
    address = [x for x in (first, second) if x]
    logo = (ctx.root / kop.logo) if kop.logo else None
    return Letterhead(lines=list(kop.baris), address_lines=address, logo=logo,
                      centred_emblem=kop.jenis == "kepala_daerah")


def session_rows(ctx: Context, m: Rapat, sessions: list[Sesi], access: bool = True) -> list[tuple[str, list[str]]]:
    """hari/tanggal, waktu, tempat (+ daring details) for one or several days.

    The sessions of a series are named one by one, each with its own date, time and place.
    `access=False` (the notulen, a record of a meeting already held): the place says "secara
    daring melalui Zoom Meeting", without the link, ID Rapat and access code, which belong
    to the invitation alone.
    """
    zone = ctx.zone(m)
    if m.rangkaian and len(sessions) > 1:
        lines = [f"{session_label(m, i)}: {L.hari_tanggal(s.tanggal)}, {L.pukul(s.mulai, s.selesai, zone)}, "
                 f"{session_place(s)}" for i, s in enumerate(m.sesi, 1) if s in sessions]
        return [("Waktu dan Tempat", lines)]
    rows = [("Hari/Tanggal", [L.hari_rentang([s.tanggal for s in sessions])])]
    times = {(s.mulai, s.selesai) for s in sessions}
    if len(times) == 1:
        s0 = sessions[0]
        rows.append(("Waktu", [L.pukul(s0.mulai, s0.selesai, zone)]))
    else:
        rows.append(("Waktu", [f"{L.hari(s.tanggal)}: {L.pukul(s.mulai, s.selesai, zone)}" for s in sessions]))
    places = []
    for s in sessions:
        place = session_place(s)
        if place not in places:
            places.append(place)
    rows.append(("Tempat", places))
    for s in sessions if access else []:
        if s.daring:
            if s.daring.tautan:
                rows.append(("Tautan", [s.daring.tautan]))
            if s.daring.id_rapat:
                rows.append(("ID Rapat", [s.daring.id_rapat]))
            if s.daring.kode_akses and s.daring.kode_akses not in (s.daring.tautan or ""):  # printed once
                rows.append(("Kode Akses", [s.daring.kode_akses]))
            break
    return rows


def follow_up_items(m: Rapat):
    """Agreements and directions that need action (those with a PJ), in document order."""
    return [(kind, item) for kind, items in (("Kesepakatan", m.kesepakatan), ("Arahan", m.arahan))
            for item in items if item.pj]


PAGE_OF_PAGES_KINDS = ("daftar-hadir", "rencana-aksi", "tindak-lanjut")  # lists and matrices


def issuer(ctx: Context, m: Rapat | None, kop_id: str | None = None) -> str:
    """The issuing unit as the kop names it: 'Badan Perencanaan Pembangunan Daerah Kabupaten Buleleng'."""
    lines = list(ctx.kop(m, kop_id).baris)
    if len(lines) > 1 and lines[0].upper().startswith("PEMERINTAH "):
        text = f"{lines[-1]} {lines[0][len('PEMERINTAH '):]}"
    else:
        text = " ".join(lines)
    words = [w.lower() if w.lower() in ("dan", "se", "di") else w.capitalize() for w in text.split()]
    return " ".join(words)


def stamp(ctx: Context, m: Rapat | None, doc):
    """Metadata every document carries: author (the unit), its own date, page furniture."""
    if not doc.author:
        doc.author = issuer(ctx, m)
    if doc.issued is None:
        if m is None or doc.kind == "tindak-lanjut":
            doc.issued = ctx.today
        elif doc.kind == "undangan" and m.undangan:
            doc.issued = m.undangan.tanggal
        elif doc.kind == "berita-acara" and m.berita_acara and m.berita_acara.tanggal:
            doc.issued = m.berita_acara.tanggal
        elif doc.kind == "daftar-hadir":
            doc.issued = m.sesi[0].tanggal
        else:
            doc.issued = m.sesi[-1].tanggal
    if doc.kind in PAGE_OF_PAGES_KINDS:
        doc.page_of_pages = True
    return finish(doc)
