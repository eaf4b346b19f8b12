"""Stage 3: turn ids into people, institutions and lines of text ready for a document.

Signature rules follow Permendagri 1/2023 Pasal 44 (see `model/directory.py`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapatgen.text import locale as L
from rapatgen.model.blocks import PageSetup, SignatureBlock
from rapatgen.model.config import Konfigurasi, Kop
from rapatgen.model.directory import KEPALA_BAWAAN, Direktori, Orang
from rapatgen.model.meeting import Pihak, Rapat, Sesi

PAPER_MM = {"F4": (215.0, 330.0), "A4": (210.0, 297.0)}
PELAKSANA = {"pj": "Pj.", "plt": "Plt.", "plh": "Plh."}


@dataclass
class Person:
    """A person (or an institution with no named person) as documents print them."""

    nama: str  # with gelar where the rules allow; "" for an institution
    jabatan: str  # for an institution: its full name
    instansi: str | None = None
    pangkat: str | None = None  # "Pembina Utama Muda (IV/c)"
    nip: str | None = None  # grouped
    hp: str | None = None
    jenis_kelamin: str | None = None
    mewakili: str | None = None  # "Wakil Bupati Buleleng, I Nyoman Contoh"
    prefix: str | None = None  # Plt./Plh./Pj., already part of `jabatan`
    selaku: str | None = None  # capacity in this meeting: "Ketua TKPK Kabupaten Buleleng"
    institution: bool = False  # an institution speaking or agreeing, no named person
    nama_polos: str = ""  # the name without gelar, for capitals
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    inline: bool = False  # written in the meeting file: its jabatan may lack the institution
    group: bool = False  # a group line of `hadir` ("Forkopimda Kabupaten Buleleng, 5 orang")
    instansi_forms: tuple[str, ...] = ()  # how a jabatan may already name the institution (full or short)

    def name_capitals(self) -> str:
        """'Dr. BUDI SANTOSO, S.E., M.Si.': only the name is capitalised, never the gelar."""
        if not self.nama_polos:
            return self.nama.upper()
        full = " ".join(x for x in (self.gelar_depan, self.nama_polos.upper()) if x)
        return f"{full}, {self.gelar_belakang}" if self.gelar_belakang else full

    def role(self) -> str:
        """Position as printed next to the name: 'Sekretaris Daerah, selaku Ketua TKPK …'."""
        where = self.jabatan
        forms = (self.instansi, *self.instansi_forms)
        if self.instansi and (joined := join_institution(where, forms)):
            where = joined  # "Kepala Bappeda" of "Bappeda Kota Samarinda": "Kepala Bappeda Kota Samarinda"
        elif self.instansi and not names_institution(where, forms):
            where = f"{where}, {self.instansi}" if where else self.instansi
        return f"{where}, selaku {self.selaku}" if self.selaku else where

    def line(self) -> str:
        """'Nama, Jabatan Instansi[, selaku …][, mewakili …]' or the institution alone."""
        text = f"{self.nama}, {self.role()}" if self.nama else self.role()
        return f"{text}, mewakili {self.mewakili}" if self.mewakili else text


SEX_FROM_NIP = {"1": "L", "2": "P"}
_REGIONS = (re.compile(r"\b(Provinsi|Kabupaten|Kota)\b.*$"), re.compile(r"\b(Kecamatan|Desa|Kelurahan)\b.*$"))


def region_of(name: str) -> str | None:
    """'Kota Samarinda' of 'Badan Perencanaan Pembangunan Daerah Kota Samarinda'."""
    for pattern in _REGIONS:
        hit = pattern.search(name)
        if hit:
            return hit.group(0)
    return None


def names_institution(jabatan: str, forms) -> bool:
    """Whether a position already names its institution: its full name, its short name, or the
    short name's first word with the region ('Kepala Perwakilan BPKP Provinsi Kalimantan Timur')."""
    for form in forms:
        if not form:
            continue
        if form.lower() in jabatan.lower():
            return True
    return False


def _words(text: str) -> list[str]:
    return [w.strip(",.").casefold() for w in text.split()]


def join_institution(jabatan: str, forms) -> str | None:
    """A position ending in the first words of its institution's name, completed with the rest:
    'Kepala Bappeda' of 'Bappeda Kota Samarinda' is 'Kepala Bappeda Kota Samarinda', never
    'Kepala Bappeda, Bappeda Kota Samarinda'. None when the position names it in full already or
    does not end that way."""
    if not jabatan:
        return None
    mine = _words(jabatan)
    for form in forms:
        if not form or names_institution(jabatan, (form,)):
            if form and names_institution(jabatan, (form,)) and region_of(form) and region_of(form).casefold() in \
                    jabatan.casefold():
                return None  # the name and its region are there already
            continue
        theirs, written = _words(form), form.split()
        for n in range(min(len(mine), len(theirs) - 1), 0, -1):
            if mine[-n:] == theirs[:n]:
                return f"{jabatan} {' '.join(written[n:])}"
    return None


def institution_forms(inst) -> tuple[str, ...]:
    """The full name, the short name, and the short name's first word with the name's region."""
    if inst is None:
        return ()
    forms = [inst.nama]
    if inst.singkatan:
        forms.append(inst.singkatan)
        region = region_of(inst.nama)
        if region:
            forms.append(f"{inst.singkatan.split()[0]} {region}")
    return tuple(forms)


@dataclass
class Context:
    """Everything a compose module needs besides the meeting itself."""

    config: Konfigurasi
    directory: Direktori
    root: Path
    today: date
    meetings: list[Rapat] = field(default_factory=list)  # all meetings, for follow-ups across them
    programmes: list = field(default_factory=list)  # ProgramTahunan of program/<tahun>.yaml
    lokus: dict = field(default_factory=dict)  # year → LokusTahunan of lokus/<tahun>.yaml (read for tinjau_lokus)
    numbers: dict[str, str] = field(default_factory=dict)  # letter key → number from the register (register.py)

    # --- people -------------------------------------------------------------------
    def person(self, who: Pihak | str) -> Person:
        if isinstance(who, str):
            who = Pihak(id=who)
        d = self.directory
        if who.id and who.id in d.orang:
            p = self.person_from(d.orang[who.id])
            # what is written next to the id is used for this meeting, never dropped
            if who.jabatan:
                p.jabatan = f"{p.prefix} {who.jabatan}" if p.prefix else who.jabatan
            if who.instansi:
                p.instansi = self.institution_name(who.instansi)
                p.instansi_forms = institution_forms(self.directory.instansi.get(who.instansi))
                p.inline = True
            p.hp = who.hp or p.hp
            p.jenis_kelamin = who.jenis_kelamin or p.jenis_kelamin
        elif getattr(who, "kelompok", None):  # a group line of `hadir`: "Forkopimda …, 4 orang"
            name = self.institution_name(who.kelompok) or ""
            jumlah = getattr(who, "jumlah", None)
            p = Person(nama="", jabatan=f"{name}, {jumlah} orang" if jumlah else name, institution=True,
                       group=True)
        elif who.id and who.id in d.instansi or (who.instansi and not who.nama and not who.jabatan):
            p = Person(nama="", jabatan=self.institution_name(who.id or who.instansi) or "", hp=who.hp,
                       institution=True)
        else:
            full = " ".join(x for x in (who.gelar_depan, who.nama) if x) if who.nama else ""
            if full and who.gelar_belakang:
                full = f"{full}, {who.gelar_belakang}"
            p = Person(nama=full, jabatan=who.jabatan or "", nama_polos=who.nama or "",
                       instansi=self.institution_name(who.instansi), hp=who.hp, jenis_kelamin=who.jenis_kelamin,
                       inline=True, gelar_depan=who.gelar_depan, gelar_belakang=who.gelar_belakang,
                       instansi_forms=institution_forms(d.instansi.get(who.instansi or "")))
        p.selaku = who.selaku
        p.mewakili = self.represented(who.mewakili)
        return p

    def represented(self, w) -> str | None:
        """'Wakil Bupati Buleleng, I Nyoman Contoh' for `mewakili`."""
        if w is None:
            return None
        if w.id and w.id in self.directory.orang:
            p = self.person_from(self.directory.orang[w.id])
            return f"{w.jabatan or p.jabatan}, {p.nama}"
        if w.id and w.id in self.directory.instansi:  # "mewakili Kepala Dinas Sosial Provinsi …"
            return self.represented_office(w.id)
        return ", ".join(x for x in (w.jabatan, w.nama, self.institution_name(w.instansi)) if x)

    def represented_office(self, ref: str) -> str:
        """Whom one stands in for when representing a directory institution: its head ("Kepala Dinas
        Sosial …", "Lurah Sukasada") when it has one, else the institution ("Sekretariat …")."""
        inst = self.directory.instansi[ref]
        return inst.kepala_text() if inst.kepala or inst.jenis in KEPALA_BAWAAN else inst.nama

    def person_from(self, o: Orang) -> Person:
        acting_head = o.pelaksana is not None and o.jenis in ("kepala_daerah", "wakil_kepala_daerah", "sekda")
        show_gelar = not acting_head
        show_ids = o.jenis in ("pns", "pppk") and not acting_head
        full = o.nama
        if show_gelar:
            full = " ".join(x for x in (o.gelar_depan, o.nama) if x)
            if o.gelar_belakang:
                full = f"{full}, {o.gelar_belakang}"
        pangkat = None
        if show_ids and (o.pangkat_text() or o.golongan):
            pt, gol = o.pangkat_text(), o.golongan
            pangkat = f"{pt} ({gol})" if pt and gol and o.jenis == "pns" else (pt or f"Golongan {gol}")
        prefix = PELAKSANA.get(o.pelaksana or "")
        sex = o.jenis_kelamin or (SEX_FROM_NIP.get(o.nip[14]) if o.nip else None)  # NIP digit 15
        jabatan = o.jabatan_text()
        inst = self.directory.instansi.get(o.instansi) if o.instansi else None
        if not o.jabatan and inst:  # "Anggota DPRD Kabupaten Buleleng", "Tokoh Agama, Desa Pejarakan"
            jabatan = f"Anggota {inst.nama}" if o.jenis == "anggota_dprd" else f"{jabatan}, {inst.nama}"
        return Person(nama=full, jabatan=f"{prefix} {jabatan}" if prefix else jabatan,
                      instansi=self.institution_name(o.instansi), pangkat=pangkat,
                      nip=L.nip(o.nip) if (show_ids and o.nip) else None, hp=o.hp,
                      jenis_kelamin=sex, prefix=prefix, nama_polos=o.nama,
                      instansi_forms=institution_forms(self.directory.instansi.get(o.instansi or "")),
                      gelar_depan=o.gelar_depan if show_gelar else None,
                      gelar_belakang=o.gelar_belakang if show_gelar else None)

    def institution_name(self, ref: str | None) -> str | None:
        """Full name of an institution, or the name of a group (kelompok) of the directory."""
        if ref and ref in self.directory.instansi:
            return self.directory.instansi[ref].nama
        if ref and ref in self.directory.kelompok:
            return self.directory.kelompok[ref].nama
        return ref

    @property
    def team(self) -> str:
        """The team as meeting labels name it: 'TKPK', or 'TKPKD' when the project's singkatan says so."""
        from rapatgen.model.occurrences import team_short

        return team_short(self.config.organisasi.singkatan)

    def institution_short(self, ref: str) -> str:
        inst = self.directory.instansi.get(ref)
        if not inst:
            return self.institution_name(ref)
        return inst.singkatan or inst.nama

    def short_names(self, refs) -> dict[str, str]:
        """How each institution of one document is named: its short name where no other
        institution of the document has the same one, else its full name (four kab/kota Bappeda
        all "Bappeda" print as "Badan Perencanaan Pembangunan Daerah Kota Samarinda", …)."""
        refs = list(dict.fromkeys(r for r in refs if r))
        holders: dict[str, set[str]] = {}
        for ref in refs:
            holders.setdefault(self.institution_short(ref), set()).add(ref)
        return {ref: (self.institution_short(ref) if len(holders[self.institution_short(ref)]) == 1
                      else self.institution_name(ref)) for ref in refs}

    def head_of(self, ref: str) -> str | None:
        """The directory person who heads institution `ref` (definitive or Plt./Plh./Pj.): the one
        whose jabatan is the institution's head position; None when the directory knows nobody."""
        inst = self.directory.instansi.get(ref)
        if inst is None:
            return None
        wanted = inst.kepala_text().casefold()
        found = [pid for pid, o in self.directory.orang.items()
                 if o.jabatan and o.jabatan.casefold() == wanted and o.instansi in (ref, None)]
        return found[0] if len(found) == 1 else None

    def signature(self, who: Pihak | str, *, above: list[str] | None = None, atas_nama: str | None = None,
                  untuk_beliau: str | None = None, jabatan: str | None = None,
                  kapital: bool = False) -> SignatureBlock:
        """Signature block in the national order: [a.n. X] / [Y, / u.b.] / [Plt./Plh./Pj.] JABATAN, /
        name / pangkat / NIP. `kapital`: jabatan lines in capitals (letters), the prefix as written."""
        p = self.person(who)
        lines = list(above or [])
        if atas_nama:
            lines.append(f"a.n. {atas_nama.upper() if kapital else atas_nama}")
        if untuk_beliau:
            lines.append(f"{untuk_beliau.upper() if kapital else untuk_beliau.rstrip(',')},".replace(",,", ","))
            lines.append("u.b.")
        own = jabatan or (p.jabatan[len(p.prefix) + 1:] if p.prefix and p.jabatan.startswith(p.prefix) else p.jabatan)
        if kapital:
            own = own.upper()
        title = f"{p.prefix} {own}" if p.prefix else own
        if p.selaku:
            title = f"{title} SELAKU {p.selaku.upper()}" if kapital else f"{title} selaku {p.selaku}"
        lines.append(f"{title},")
        name = p.name_capitals() if self.config.nama_kapital else p.nama
        below = []
        if p.pangkat:
            below.append(p.pangkat)
        if p.nip:
            label = self.config.label_ni_pppk if p.nip.replace(" ", "")[12:14] == "21" else self.config.label_nip
            below.append(f"{label} {p.nip}")
        return SignatureBlock(lines_above=lines, name=name, below=below)

    # --- letter frame ---------------------------------------------------------------
    def kop_id(self, m: Rapat | None, kop: str | None = None) -> str:
        return kop or (m.kop if m else None) or self.config.default_kop_id()

    def signer_kop_id(self, m: Rapat | None, signer) -> str | None:
        """The kop a letter takes from its signer: the Setda kop when the Sekda signs, the
        head-of-region kop when the head or deputy signs (Permendagri 1/2023 practice); None
        when the signer needs no other kop or the configuration has none for this government."""
        wanted = kop_for_signer(self.directory, signer)
        if wanted is None:
            return None
        region = region_name(self.kop(m).baris[0])
        found = {kind: kid for kind in wanted for kid, k in self.config.kop.items()
                 if k.jenis == kind and region in " ".join(k.baris).upper()}
        return next((found[kind] for kind in wanted if kind in found), None)

    def kop(self, m: Rapat | None, kop: str | None = None) -> Kop:
        return self.config.kop[self.kop_id(m, kop)]

    def zone(self, m: Rapat) -> str:
        return m.zona_waktu or self.kop(m).zona_waktu or self.config.zona_waktu

    def city(self, m: Rapat) -> str:
        return self.kop(m).kota or self.config.kota_surat

    def place_date(self, m: Rapat, d: date) -> str:
        return f"{self.city(m)}, {L.tanggal(d)}"

    def page_setup(self) -> PageSetup:
        c = self.config
        w, h = PAPER_MM[c.kertas]
        return PageSetup(width_mm=w, height_mm=h,
                         margin_cm=(c.margin.atas, c.margin.kanan, c.margin.bawah, c.margin.kiri),
                         font_name=c.huruf.nama, font_size=c.huruf.ukuran, line_spacing=c.spasi)

    def letter_number(self, m: Rapat, session: Sesi | None = None) -> str:
        """Manual number wins; else the pattern with the agenda-book number; else dots to fill by hand.

        In a series every session's letter is its own letter with its own number.
        """
        u = m.undangan
        if u is None:
            return ""
        own = session if (m.rangkaian and session is not None) else u
        if own.nomor:
            return own.nomor
        if not own.urut:  # the number the register gave this letter, if any
            from rapatgen.resolve.context import letter_key

            index = next((i for i, s in enumerate(m.sesi, 1) if s is own), None) if own is not u else None
            assigned = self.numbers.get(letter_key(m.id, index))
            if assigned:
                return assigned
        return self.number_from_pattern(m, own.urut)

    def number_from_pattern(self, m: Rapat, urut: int | None) -> str:
        """The project's numbering pattern filled for this meeting's letter ("......" without an agenda number)."""
        u = m.undangan
        fields = {"kode": u.kode or self.config.penomoran.kode, "unit": self.config.penomoran.unit,
                  "urut": str(urut) if urut else "......", "bulan": f"{u.tanggal.month:02d}",
                  "bulan_romawi": L.romawi(u.tanggal.month), "tahun": str(u.tanggal.year)}
        return string.Formatter().vformat(self.config.penomoran.pola, (), fields)

    def record_number(self, nomor: str | None, day: date) -> str:
        """A berita acara number: as given, else the numbering pattern with a dotted running
        number to fill from the agenda book (its own sequence, never invented)."""
        if nomor:
            return nomor
        return self.pattern_number(None, day)

    def pattern_number(self, urut: int | None, day: date) -> str:
        """The project's numbering pattern for a letter of the project (no meeting) dated `day`: the agenda
        number `urut`, or dots to fill from the agenda book."""
        fields = {"kode": self.config.penomoran.kode, "unit": self.config.penomoran.unit,
                  "urut": str(urut) if urut else "......",
                  "bulan": f"{day.month:02d}", "bulan_romawi": L.romawi(day.month), "tahun": str(day.year)}
        return string.Formatter().vformat(self.config.penomoran.pola, (), fields)

    # --- invitees --------------------------------------------------------------------
    @staticmethod
    def invited(m: Rapat, session: Sesi | None = None) -> list:
        """`yth` of a series session when it names its own, else the letter's `yth`."""
        if session is not None and session.yth:
            return session.yth
        return m.undangan.yth if m.undangan else []

    def addressees(self, m: Rapat, session: Sesi | None = None) -> list[tuple[str, str | None]]:
        """(line for 'Yth.', place for 'di') per invitee; groups stay one line."""
        groups = self.directory.kelompok
        return [(groups[y.id].nama if y.id in groups else self._yth_line(y), y.di)
                for y in self.invited(m, session)]

    def invitee_list(self, m: Rapat, session: Sesi | None = None) -> list[tuple[str, list[str]]]:
        """Invitees for the attached list: (heading or line, members) with groups expanded."""
        out = []
        d = self.directory
        for y in self.invited(m, session):
            if y.id in d.kelompok:
                group = d.kelompok[y.id]
                members = [self._member_line(x) for x in group.anggota]
                out.append((group.nama, members))
            else:
                out.append((self._yth_line(y), []))
        return out

    def _member_line(self, ref: str) -> str:
        d = self.directory
        if ref in d.orang:  # a person invited by name: the position with its institution
            p = self.person(ref)
            return p.role() or p.jabatan
        return d.instansi[ref].kepala_text()

    def _yth_line(self, y) -> str:
        if y.jabatan:
            return y.jabatan
        return self._member_line(y.id)


def session_label(m: Rapat, index: int) -> str:
    """'Sesi 1 (Kecamatan Gerokgak)' for a series, 'Hari ke-2' for a multi-day meeting."""
    s = m.sesi[index - 1]
    if m.rangkaian:
        return f"Sesi {index}" + (f" ({s.nama})" if s.nama else "")
    return s.nama or f"Hari ke-{index}"


SIGNER_KOPS = {"sekda": ("sekretariat_daerah",), "kepala_daerah": ("kepala_daerah",),
               "wakil_kepala_daerah": ("kepala_daerah", "sekretariat_daerah")}


def kop_for_signer(directory: Direktori, signer) -> tuple[str, ...] | None:
    """Kop kinds (in order of preference) a signer's letter needs, or None for a perangkat daerah kop."""
    person = directory.orang.get(signer) if isinstance(signer, str) else None
    return SIGNER_KOPS.get(person.jenis) if person else None


def region_name(line: str) -> str:
    """'PEMERINTAH PROVINSI KALIMANTAN TIMUR' → 'KALIMANTAN TIMUR' (to match 'GUBERNUR KALIMANTAN TIMUR')."""
    words = line.upper().split()
    while words and words[0] in ("PEMERINTAH", "PROVINSI", "KABUPATEN", "KOTA", "KAB.", "ADMINISTRASI"):
        words.pop(0)
    return " ".join(words)


def session_place(s: Sesi) -> str:
    """'Ruang Rapat …' / 'secara daring melalui Zoom Meeting' / both for hybrid."""
    if s.tempat and s.daring:
        return f"{s.tempat} dan secara daring melalui {s.daring.platform}"
    if s.daring:
        return f"secara daring melalui {s.daring.platform}"
    return s.tempat or ""


def letter_key(meeting_id: str, session: int | None = None) -> str:
    return f"{meeting_id}/undangan" + (f"/sesi-{session}" if session else "")
