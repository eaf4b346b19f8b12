"""Directory of reusable people, institutions and groups (`direktori.yaml`).

Signer kinds follow Permendagri 1/2023 Pasal 44: the head of region, the deputy and the
Sekda print their name only; an acting head (Pj/Plt/Plh) prints neither gelar nor NIP;
civil servants print gelar, pangkat and NIP.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from rapatgen.model.common import NIP, Baris, BarisWajib, Id, Model, Surel, Teks, fail

GOLONGAN = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
            "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
PANGKAT = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I", "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata", "III/d": "Penata Tingkat I", "IV/a": "Pembina", "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}
GOLONGAN_PPPK = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
                 "XIV", "XV", "XVI", "XVII"]

JenisPenandatangan = Literal["kepala_daerah", "wakil_kepala_daerah", "sekda", "pns", "pppk", "non_asn",
                             "anggota_dprd", "tokoh_agama", "tokoh_masyarakat", "akademisi", "dunia_usaha", "media"]

# Kinds of people from outside the civil service (the pentahelix a TKPK invites): they print
# name and gelar only, never pangkat or NIP, and need no `jabatan` — this one is printed instead.
JABATAN_BAWAAN = {"anggota_dprd": "Anggota DPRD", "tokoh_agama": "Tokoh Agama", "tokoh_masyarakat": "Tokoh Masyarakat",
                  "akademisi": "Akademisi", "dunia_usaha": "Pelaku Usaha", "media": "Wartawan"}

# The head of an institution, when `kepala` is not written: "Lurah Banyuasri", "Camat Seririt".
KEPALA_BAWAAN = {"kecamatan": ("Camat", "Kecamatan"), "desa": ("Kepala Desa", "Desa"),
                 "kelurahan": ("Lurah", "Kelurahan"), "dprd": ("Ketua", ""), "perguruan_tinggi": ("Rektor", ""),
                 "dunia_usaha": ("Pimpinan", ""), "media": ("Pemimpin Redaksi", "")}


class Orang(Model):
    gelar_depan: Baris | None = Field(None, description="mis. Dr. Ir. H.")
    nama: BarisWajib = Field(description="nama tanpa gelar")
    gelar_belakang: Baris | None = Field(None, description="mis. S.E., M.Si.")
    jabatan: Baris | None = Field(None, description="jabatan lengkap, mis. Kepala Dinas Sosial Kabupaten Buleleng; "
                                                   "boleh kosong untuk anggota DPRD, tokoh, akademisi, dunia usaha, media")
    instansi: Id | None = Field(None, description="id instansi di direktori")
    jenis: JenisPenandatangan = "pns"
    pelaksana: Literal["pj", "plt", "plh"] | None = Field(None, description="Pj./Plt./Plh. bila bukan pejabat definitif")
    pangkat: Baris | None = Field(None, description="bawaan: dari golongan, mis. Pembina Utama Muda")
    golongan: Baris | None = Field(None, description="mis. IV/c (PNS) atau IX (PPPK)")
    nip: NIP | None = None
    hp: Baris | None = None
    jenis_kelamin: Literal["L", "P"] | None = None
    surel: Surel | None = Field(None, description="alamat surel untuk kiriman dokumen (rapatgen kirim)")

    @model_validator(mode="after")
    def _consistent(self):
        if not self.jabatan and self.jenis not in JABATAN_BAWAAN:
            raise fail("isi 'jabatan' (jabatan lengkap, mis. Kepala Dinas Sosial Kabupaten Buleleng)")
        if self.nip and self.jenis in JABATAN_BAWAAN:
            raise fail(f"orang dengan jenis '{self.jenis}' tidak dicetak dengan NIP — hapus 'nip' atau ubah 'jenis'")
        if self.jenis == "pns" and self.golongan and self.golongan not in GOLONGAN:
            raise fail(f"golongan '{self.golongan}' tidak dikenal untuk PNS; pilihan: {', '.join(GOLONGAN)}")
        if self.jenis == "pppk" and self.golongan and self.golongan not in GOLONGAN_PPPK:
            raise fail(f"golongan PPPK '{self.golongan}' tidak dikenal; pilihan: I s.d. XVII")
        if self.jenis in ("kepala_daerah", "wakil_kepala_daerah") and self.nip and not self.pelaksana:
            raise fail("kepala/wakil kepala daerah hasil pemilihan tidak memiliki NIP — hapus 'nip' "
                       "atau isi 'pelaksana: pj' bila ia penjabat")
        if self.nip and self.nip[12:14] == "21" and self.jenis != "pppk":
            raise fail(f"NIP '{self.nip}' berformat NI PPPK (angka ke-13/14 = 21) — isi 'jenis: pppk', "
                       "atau periksa angka TMT-nya")
        if self.nip and self.jenis == "pppk" and self.nip[12:14] != "21":
            raise fail(f"NI PPPK '{self.nip}': angka ke-13/14 semestinya 21 — periksa nomornya")
        if self.jenis == "non_asn" and self.nip:
            raise fail("orang dengan jenis 'non_asn' tidak memiliki NIP — hapus 'nip' atau ubah 'jenis'")
        return self

    def jabatan_text(self) -> str:
        """`jabatan`, or for a person from outside the civil service the kind: "Tokoh Agama"."""
        return self.jabatan or JABATAN_BAWAAN.get(self.jenis, "")

    def pangkat_text(self) -> str | None:
        return self.pangkat or (PANGKAT.get(self.golongan) if self.golongan else None)


class Instansi(Model):
    nama: BarisWajib = Field(description="nama lengkap, mis. Dinas Sosial Kabupaten Buleleng")
    singkatan: Baris | None = Field(None, description="mis. Dinsos")
    jenis: Literal["opd", "vertikal", "kecamatan", "desa", "kelurahan", "dprd", "perguruan_tinggi", "dunia_usaha",
                   "media", "lainnya"] = "opd"
    kepala: Baris | None = Field(None, description="jabatan kepala untuk alamat surat, mis. Kepala Dinas Sosial Kabupaten "
                                                   "Buleleng; bawaan menurut jenis: Camat …, Kepala Desa …, Lurah …, "
                                                   "Ketua DPRD, Rektor, Pemimpin Redaksi, Pimpinan …")
    alamat: str | None = None
    surel: Surel | None = Field(None, description="alamat surel dinas instansi (rapatgen kirim, followup minta)")


    def kepala_text(self) -> str:
        """The head as addressed: `kepala`, else by kind ("Lurah Banyuasri"), else "Pimpinan …"."""
        if self.kepala:
            return self.kepala
        title, drop = KEPALA_BAWAAN.get(self.jenis, ("Pimpinan", ""))
        name = self.nama
        if drop and name.casefold().startswith(drop.casefold() + " "):
            name = name[len(drop) + 1:]
        return f"{title} {name}"


class Kelompok(Model):
    """A group addressed as one line ("Camat se-Kabupaten Buleleng") and expanded in lists."""

    nama: BarisWajib = Field(description="sebutan kelompok, mis. Camat se-Kabupaten Buleleng")
    anggota: list[Id] = Field(default_factory=list, description="id instansi atau orang anggota kelompok")
    sebutan_anggota: Baris | None = Field(None, description="sebutan satu anggota saat dihitung, mis. kab/kota "
                                                          "(\"3 dari 10 kab/kota selesai\"); bawaan: anggota")


class Direktori(Model):
    orang: dict[Id, Orang] = Field(default_factory=dict)
    instansi: dict[Id, Instansi] = Field(default_factory=dict)
    kelompok: dict[Id, Kelompok] = Field(default_factory=dict)
