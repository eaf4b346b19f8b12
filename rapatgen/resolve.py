"""Stage 3: turn ids into people, institutions and lines of text ready for a document.

Signature rules follow Permendagri 1/2023 Pasal 44 (see `model/directory.py`).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapatgen import locale as L
from rapatgen.documents.blocks import PageSetup, SignatureBlock
from rapatgen.model.config import Konfigurasi, Kop
from rapatgen.model.directory import Direktori, Orang
from rapatgen.model.meeting import Pihak, Rapat, Sesi

PAPER_MM = {"F4": (215.0, 330.0), "A4": (210.0, 297.0)}
PELAKSANA = {"pj": "Pj.", "plt": "Plt.", "plh": "Plh."}


@dataclass
class Person:
    """A person as documents print them."""

    nama: str  # with gelar where the rules allow
    jabatan: str
    instansi: str | None = None
    pangkat: str | None = None  # "Pembina Utama Muda (IV/c)"
    nip: str | None = None  # grouped
    hp: str | None = None
    jenis_kelamin: str | None = None
    mewakili: str | None = None
    prefix: str | None = None  # Plt./Plh./Pj., already part of `jabatan`


@dataclass
class Context:
    """Everything a compose module needs besides the meeting itself."""

    config: Konfigurasi
    directory: Direktori
    root: Path
    today: date
    meetings: list[Rapat] = field(default_factory=list)  # all meetings, for follow-ups across them

    # --- people -------------------------------------------------------------------
    def person(self, who: Pihak | str) -> Person:
        if isinstance(who, str):
            who = Pihak(id=who)
        if who.id:
            p = self.person_from(self.directory.orang[who.id])
            if who.mewakili:
                p.mewakili = who.mewakili
            return p
        return Person(nama=who.nama or "", jabatan=who.jabatan or "",
                      instansi=self.institution_name(who.instansi), hp=who.hp,
                      jenis_kelamin=who.jenis_kelamin, mewakili=who.mewakili)

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
        return Person(nama=full, jabatan=f"{prefix} {o.jabatan}" if prefix else o.jabatan,
                      instansi=self.institution_name(o.instansi), pangkat=pangkat,
                      nip=L.nip(o.nip) if (show_ids and o.nip) else None, hp=o.hp,
                      jenis_kelamin=o.jenis_kelamin, prefix=prefix)

    def institution_name(self, ref: str | None) -> str | None:
        if ref and ref in self.directory.instansi:
            return self.directory.instansi[ref].nama
        return ref

    def institution_short(self, ref: str) -> str:
        inst = self.directory.instansi.get(ref)
        if not inst:
            return ref
        return inst.singkatan or inst.nama

    def signature(self, who: Pihak | str, *, above: list[str] | None = None, atas_nama: str | None = None,
                  untuk_beliau: str | None = None, jabatan: str | None = None) -> SignatureBlock:
        """Signature block: [a.n. X] / [u.b.] / JABATAN, / name / pangkat / NIP."""
        p = self.person(who)
        lines = list(above or [])
        if atas_nama:
            lines.append(f"a.n. {atas_nama}")
        if untuk_beliau:
            lines.append(f"u.b. {untuk_beliau}")
        title = f"{p.prefix} {jabatan}" if (jabatan and p.prefix) else (jabatan or p.jabatan)
        lines.append(f"{title},")
        name = p.nama.upper() if self.config.nama_kapital else p.nama
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

    def letter_number(self, m: Rapat) -> str:
        """Manual number wins; else the pattern with the agenda-book number; else dots to fill by hand."""
        u = m.undangan
        if u is None:
            return ""
        if u.nomor:
            return u.nomor
        fields = {"kode": u.kode or self.config.penomoran.kode, "unit": self.config.penomoran.unit,
                  "urut": str(u.urut) if u.urut else "……", "bulan": f"{u.tanggal.month:02d}",
                  "bulan_romawi": L.romawi(u.tanggal.month), "tahun": str(u.tanggal.year)}
        return string.Formatter().vformat(self.config.penomoran.pola, (), fields)

    # --- invitees --------------------------------------------------------------------
    def addressees(self, m: Rapat) -> list[tuple[str, str | None]]:
        """(line for 'Yth.', place for 'di') per entry of undangan.yth; groups stay one line."""
        groups = self.directory.kelompok
        return [(groups[y.id].nama if y.id in groups else self._yth_line(y), y.di)
                for y in (m.undangan.yth if m.undangan else [])]

    def invitee_list(self, m: Rapat) -> list[tuple[str, list[str]]]:
        """Invitees for the attached list: (heading or line, members) with groups expanded."""
        out = []
        d = self.directory
        for y in m.undangan.yth if m.undangan else []:
            if y.id in d.kelompok:
                group = d.kelompok[y.id]
                members = [self._member_line(x) for x in group.anggota]
                out.append((group.nama, members))
            else:
                out.append((self._yth_line(y), []))
        return out

    def invitee_rows(self, m: Rapat) -> list[tuple[str, str]]:
        """(nama, jabatan/instansi) rows to pre-fill a daftar hadir; names blank where unknown."""
        rows: list[tuple[str, str]] = []
        d = self.directory
        for y in m.undangan.yth if m.undangan else []:
            ids = d.kelompok[y.id].anggota if y.id in d.kelompok else [y.id] if y.id else []
            if not ids:
                rows.append(("", y.jabatan or ""))
            for x in ids:
                if x in d.orang:
                    p = self.person(x)
                    rows.append((p.nama, p.jabatan))
                else:
                    rows.append(("", self._member_line(x)))
        for ns in m.narasumber:
            p = self.person(ns)
            rows.append((p.nama, p.jabatan + (f" ({p.instansi})" if p.instansi and p.instansi not in p.jabatan else "")))
        seen, unique = set(), []
        for r in rows:
            if r not in seen:
                seen.add(r)
                unique.append(r)
        return unique

    def _member_line(self, ref: str) -> str:
        d = self.directory
        if ref in d.orang:
            return d.orang[ref].jabatan
        inst = d.instansi[ref]
        return inst.kepala or f"Pimpinan {inst.nama}"

    def _yth_line(self, y) -> str:
        if y.jabatan:
            return y.jabatan
        return self._member_line(y.id)


def session_place(s: Sesi) -> str:
    """'Ruang Rapat …' / 'secara daring melalui Zoom Meeting' / both for hybrid."""
    if s.tempat and s.daring:
        return f"{s.tempat} dan secara daring melalui {s.daring.platform}"
    if s.daring:
        return f"secara daring melalui {s.daring.platform}"
    return s.tempat or ""
