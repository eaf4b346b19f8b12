"""A year's programme realisation (`realisasi/<tahun>.yaml`): per OPD, the sub-kegiatan tagged to
poverty reduction with their pagu and quarterly realisation.

The rows of the PPKE Matriks 2 and of the LP2KD's "Pelaksanaan program": strategy (the three
Inpres strategies) or cluster, kategori penandaan (PMK 97/2023), sasaran, lokasi, pagu, sumber
dana, and per quarter the money spent in that quarter and the physical progress reached by its
end. Totals and percentages are computed, never typed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from rapatgen.model.common import ONE_LINE_PATTERN, Angka, Baris, BarisWajib, Id, Model, Rupiah, Teks, fail
# Inpres 4/2022 diktum KEDUA: the three strategies of extreme-poverty reduction (their own module)
from rapatgen.model.strategi import STRATEGI, STRATEGI_NOMOR  # noqa: F401  (re-exported)

# Perpres 15/2010: the four clusters of poverty programmes
KLASTER: dict[int, str] = {
    1: "Klaster I: bantuan sosial terpadu berbasis keluarga",
    2: "Klaster II: pemberdayaan masyarakat",
    3: "Klaster III: pemberdayaan usaha ekonomi mikro dan kecil",
    4: "Klaster IV: program pro-rakyat lainnya",
}

# PMK 97/2023: kategori penandaan belanja kemiskinan ekstrem, with the incentive weights
KATEGORI: dict[str, str] = {"langsung": "Langsung", "tidak_langsung": "Tidak langsung", "penunjang": "Penunjang"}
BOBOT_KATEGORI: dict[str, int] = {"langsung": 50, "tidak_langsung": 30, "penunjang": 20}

TRIWULAN = (1, 2, 3, 4)


def _parse_strategi(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value in STRATEGI_NOMOR:
        return STRATEGI_NOMOR[value]
    if isinstance(value, str) and value in STRATEGI:
        return value
    from rapatgen.text.suggest import suggest

    near = suggest(re.sub(r"[\s-]+", "_", value.strip().lower()), list(STRATEGI)) if isinstance(value, str) else None
    known = f"maksud Anda '{near}'? Atau 1, 2, 3" if near else f"tulis 1, 2, 3 atau salah satu dari: {', '.join(STRATEGI)}"
    raise fail(f"strategi '{value}' tidak dikenal — {known} "
               "(Inpres 4/2022: kurangi beban pengeluaran, tingkatkan pendapatan, kurangi kantong kemiskinan)")


Strategi = Annotated[str, BeforeValidator(_parse_strategi),
                     WithJsonSchema({"anyOf": [{"enum": list(STRATEGI)}, {"enum": list(STRATEGI_NOMOR)}],
                                     "description": "1 kurangi_beban_pengeluaran, 2 tingkatkan_pendapatan, "
                                                    "3 kurangi_kantong_kemiskinan (Inpres 4/2022)"})]


def _parse_kategori(value: Any) -> Any:
    if isinstance(value, str) and value in KATEGORI:
        return value
    from rapatgen.text.suggest import suggest

    near = suggest(re.sub(r"[\s-]+", "_", value.strip().lower()), list(KATEGORI)) if isinstance(value, str) else None
    raise fail(f"kategori '{value}' tidak dikenal — " + (f"maksud Anda '{near}'? Pilihannya: " if near else "tulis ") +
               "langsung, tidak_langsung, atau penunjang "
               "(kategori penandaan belanja kemiskinan, PMK 97/2023)")


Kategori = Annotated[str, BeforeValidator(_parse_kategori),
                     WithJsonSchema({"enum": list(KATEGORI),
                                     "description": "kategori penandaan belanja (PMK 97/2023): langsung, "
                                                    "tidak_langsung, penunjang"})]


class Nomenklatur(Model):
    """A programme, kegiatan or sub-kegiatan: its name and, when known, its code (Permendagri 90/2019)."""

    kode: Baris | None = Field(None, description="kode Permendagri 90/2019, mis. 1.06.05.2.01.0001 (tulis di antara "
                                                 "tanda kutip)")
    nama: BarisWajib = Field(description="nama sesuai DPA, mis. Pengelolaan Data Fakir Miskin")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"nama": value} if isinstance(value, str) else value

    @field_validator("kode", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            written = getattr(value, "written", None) or str(value)
            raise fail(f"kode '{written}' terbaca sebagai angka — tulis di antara tanda kutip, mis. kode: \"{written}\"")
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """Also just the name, as text."""
        return {"anyOf": [{"type": "string", "minLength": 1, "pattern": ONE_LINE_PATTERN}, handler(core_schema)]}

    @property
    def label(self) -> str:
        return f"{self.kode} {self.nama}" if self.kode else self.nama


class Sasaran(Model):
    jumlah: Angka = Field(ge=0, description="volume sasaran, mis. 120")
    satuan: BarisWajib = Field(description="mis. KK, jiwa, unit, desa")


class RealisasiTriwulan(Model):
    """One quarter: money spent in the quarter, physical progress reached by its end."""

    keuangan: Rupiah = Field(description="realisasi keuangan DALAM triwulan ini (rupiah, bukan kumulatif); "
                                         "realisasi setahun = jumlah keempat triwulan")
    fisik: Angka = Field(ge=0, le=100, description="capaian fisik KUMULATIF sampai akhir triwulan ini, persen (0–100)")
    perjalanan_dinas: Rupiah | None = Field(
        None, description="bagian 'keuangan' triwulan ini yang berupa belanja perjalanan dinas (rupiah); dikeluarkan "
                          "dari skor insentif PMK 97/2023 (rapatgen laporan ppke)")

    @model_validator(mode="after")
    def _travel_within(self):
        if self.perjalanan_dinas is not None and self.perjalanan_dinas > self.keuangan:
            raise fail(f"perjalanan_dinas ({self.perjalanan_dinas}) lebih besar dari keuangan triwulan itu "
                       f"({self.keuangan}) — perjalanan dinas adalah bagian dari realisasi keuangannya")
        return self


class Triwulanan(Model):
    tw1: RealisasiTriwulan | None = Field(None, description="triwulan I (Januari–Maret)")
    tw2: RealisasiTriwulan | None = Field(None, description="triwulan II (April–Juni)")
    tw3: RealisasiTriwulan | None = Field(None, description="triwulan III (Juli–September)")
    tw4: RealisasiTriwulan | None = Field(None, description="triwulan IV (Oktober–Desember)")

    def get(self, triwulan: int) -> RealisasiTriwulan | None:
        return getattr(self, f"tw{triwulan}")


class TautanRencanaAksi(Model):
    """The RAT commitment this line realises: a meeting's `rencana_aksi`, item number from 1."""

    rapat: Id = Field(description="id rapat yang memuat rencana_aksi, mis. rakor-2023-12-14")
    butir: int = Field(ge=1, le=10_000, description="nomor urut butir rencana_aksi di rapat itu (mulai 1)")


class SubKegiatanRealisasi(Model):
    """One line of realisation: a sub-kegiatan of an OPD (a row of Matriks 2)."""

    program: Nomenklatur = Field(description="program, mis. {kode: \"1.06.05\", nama: Program Perlindungan dan "
                                             "Jaminan Sosial} atau cukup namanya")
    kegiatan: Nomenklatur = Field(description="kegiatan: {kode, nama} atau cukup namanya")
    sub_kegiatan: Nomenklatur = Field(description="sub kegiatan: {kode, nama} atau cukup namanya")
    strategi: Strategi | None = Field(None, description="strategi Inpres 4/2022: 1 kurangi_beban_pengeluaran, "
                                                        "2 tingkatkan_pendapatan, 3 kurangi_kantong_kemiskinan; "
                                                        "atau isi 'klaster'")
    klaster: Literal[1, 2, 3, 4] | None = Field(None, description="klaster program (Perpres 15/2010) bila tidak "
                                                                 "memakai 'strategi': 1–4")
    kategori: Kategori
    sasaran: Sasaran
    lokasi: Annotated[list[Teks], WithJsonSchema(
        {"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}]})] \
        = Field(default_factory=list, description="kecamatan/desa lokasi, mis. [Desa Pejarakan, "
                                                                 "Kecamatan Gerokgak]")
    pagu: Rupiah = Field(description="pagu anggaran setahun (rupiah)")
    sumber_dana: BarisWajib = Field(description="APBD, APBN, DAK, Dana Desa, CSR, …")
    realisasi: Triwulanan = Field(default_factory=Triwulanan,
                                  description="per triwulan: keuangan (rupiah dalam triwulan itu) dan fisik "
                                              "(persen kumulatif), mis. tw1: {keuangan: 48750000, fisik: 15}")
    keterangan: str | None = None
    rencana_aksi: TautanRencanaAksi | None = Field(
        None, description="butir rencana aksi (RAT) yang direalisasikan: {rapat: <id rapat>, butir: <nomor>}")

    @model_validator(mode="before")
    @classmethod
    def _one_place(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("lokasi"), str):
            value = dict(value, lokasi=[value["lokasi"]])
        return value

    @model_validator(mode="after")
    def _grouping_and_money(self):
        if self.strategi is None and self.klaster is None:
            raise fail("isi 'strategi' (1 kurangi_beban_pengeluaran, 2 tingkatkan_pendapatan, "
                       "3 kurangi_kantong_kemiskinan) atau 'klaster' (1–4)")
        if self.strategi is not None and self.klaster is not None:
            raise fail("isi 'strategi' atau 'klaster', bukan keduanya — laporan dikelompokkan menurut salah satunya")
        return self

    @property
    def realisasi_keuangan(self) -> int:
        """Money spent in the year so far: the sum of the quarters written."""
        return sum(q.keuangan for n in TRIWULAN if (q := self.realisasi.get(n)) is not None)

    def keuangan_sampai(self, triwulan: int) -> int:
        """Money spent up to the end of `triwulan` (cumulative)."""
        return sum(q.keuangan for n in TRIWULAN[:triwulan] if (q := self.realisasi.get(n)) is not None)

    def fisik_sampai(self, triwulan: int) -> float | None:
        """Physical progress at the end of `triwulan`: the last quarter written up to it, or None."""
        found = [q.fisik for n in TRIWULAN[:triwulan] if (q := self.realisasi.get(n)) is not None]
        return found[-1] if found else None

    @property
    def kelompok(self) -> str:
        """Label of its strategy or cluster, for grouping."""
        return STRATEGI[self.strategi] if self.strategi else KLASTER[self.klaster]


class RealisasiTahunan(Model):
    """The whole `realisasi/<tahun>.yaml`."""

    tahun: int = Field(ge=2000, le=2100, description="tahun anggaran, mis. 2024")
    keterangan: str | None = Field(None, description="catatan berkas, mis. sumber data (SIPD, laporan OPD)")
    opd: dict[Id, list[SubKegiatanRealisasi]] = Field(
        min_length=1,
        description="per perangkat daerah (id instansi di direktori): daftar sub kegiatan yang ditandai "
                    "penanggulangan kemiskinan")

    def rows(self) -> list[tuple[str, SubKegiatanRealisasi]]:
        """(opd id, line) for every line, in the order written."""
        return [(opd, line) for opd, lines in self.opd.items() for line in lines]
