"""The export file of `rapatgen ekspor` (JSON; the CSV has the same rows): its published schema.

One file = one project (one TKPK). `wilayah` names it — tingkat, the team's government, its
province and, below the province, its kab/kota — so a provincial roll-up can check that a
file is one of its own kab/kota's and refuse one from another province. `diekspor` (UTC
timestamp) and `urutan` (one more at every export of the project) let it tell an older file
from a newer one. `baris` is long format: one row per figure (wilayah, indikator, periode,
nilai, sumber) and one per follow-up occurrence. Aggregates only: no person's number (NIK,
KK) or a household's name is ever a field, and free text is scrubbed of such numbers.

`VERSI` moves when a field is added, changes meaning or goes away: the schema refuses a field it does not
know, so a reader of an older version must be told to update rather than see a broken file. Every older
version a reader knows still reads (`VERSI_DIKENAL`): version 1 had no `status_dicatat`, `tanggal_status`
and `kesepakatan_provinsi`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from rapatgen.model.common import Model, NomorKesepakatan

FORMAT = "rapatgen-ekspor"
VERSI = 2
VERSI_DIKENAL = (1, 2)

def _real_date(text: str) -> str:
    """TTTT-BB-HH that is a day of the calendar (the schema's pattern lets 2025-13-45 through)."""
    date.fromisoformat(text)  # ValueError: the file is refused, never a traceback later
    return text


Tanggal = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]

JenisBaris = Literal["indikator", "target", "realisasi", "tindak_lanjut"]


class WilayahEkspor(Model):
    tingkat: Literal["provinsi", "kabupaten", "kota", "kecamatan", "desa"] = Field(
        description="tingkat pemerintahan tim: provinsi, kabupaten, kota, …")
    nama: str = Field(description="pemerintah daerah tim, mis. Kabupaten Buleleng")
    provinsi: str = Field(description="provinsi tim (untuk tim provinsi: wilayahnya sendiri), mis. Provinsi Bali")
    kabupaten_kota: str | None = Field(description="kabupaten/kota tim; kosong (null) untuk tim provinsi")
    organisasi: str = Field(description="nama tim, mis. TKPK Kabupaten Buleleng")


class RujukanProvinsi(Model):
    """The provincial agreement a kab/kota's follow-up answers (its `kesepakatan_provinsi:`), as printed in the
    province's berita acara: the meeting's date and the agreement's number."""

    tanggal: Tanggal = Field(description="tanggal rapat provinsi, TTTT-BB-HH")
    nomor: NomorKesepakatan = Field(description="nomor kesepakatan di berita acara/notulen rapat provinsi itu, seperti "
                                                "ditulis kab/kota: angka (4) atau teks (\"3.a\", \"II.2\")")
    rapat: str | None = Field(None, description="judul rapat provinsi seperti ditulis kab/kota (bila diisi)")


class BarisEkspor(Model):
    """One row of the long format; the CSV's columns in this order."""

    jenis: JenisBaris = Field(description="indikator (angka terukur), target, realisasi (program), "
                                          "tindak_lanjut (satu baris per rincian tindak lanjut)")
    wilayah: str = Field(description="wilayah yang diukur, mis. Kabupaten Buleleng, Provinsi Bali, Nasional")
    indikator: str = Field(description="nama indikator; untuk tindak_lanjut: 'Status tindak lanjut'")
    periode: str = Field(description="TTTT (tahun), TTTT-BB (bulan), TTTT-TWn (triwulan: realisasi), atau TTTT-BB-HH "
                                     "(batas waktu tindak lanjut; kosong bila tidak ada)")
    nilai: int | float | str | None = Field(description="angka (titik desimal) atau, untuk tindak_lanjut, statusnya pada "
                                                  "tanggal 'per': belum, proses, selesai, tidak_dapat, terlambat, "
                                                  "dilanjutkan; kosong untuk target rentang")
    satuan: str | None = Field(None, description="persen, jiwa, KK, rupiah, …")
    sumber: str | None = Field(None, description="sumber angka (mis. BPS) atau rapat asal tindak lanjut")
    dari: int | float | None = Field(None, description="batas bawah target rentang")
    sampai: int | float | None = Field(None, description="batas atas target rentang")
    rapat: str | None = Field(None, description="id rapat tempat angka disampaikan, atau indikator.yaml / "
                                               "realisasi/<tahun>.yaml (dipisah '; ' bila beberapa)")
    id: str | None = Field(None, description="id rincian tindak lanjut (rapat/butir@rincian) atau kegiatan realisasi")
    pj: str | None = Field(None, description="instansi penanggung jawab")
    keterangan: str | None = Field(None, description="isi kesepakatan/arahan, catatan angka, …")
    status_dicatat: Literal["belum", "proses", "selesai", "tidak_dapat"] | None = Field(
        None, description="tindak_lanjut: status terakhir yang dicatat di riwayat (tanpa terlambat/dilanjutkan, "
                          "yang dihitung dari tanggal 'per'); versi 2")
    tanggal_status: Tanggal | None = Field(None, description="tindak_lanjut: tanggal status terakhir itu (TTTT-BB-HH); "
                                                            "kosong bila belum ada riwayat; versi 2")
    kesepakatan_provinsi: RujukanProvinsi | None = Field(
        None, description="tindak_lanjut kab/kota: kesepakatan rapat TKPK provinsi yang dijawabnya; versi 2")


class Ekspor(Model):
    """Berkas ekspor rapatgen: indikator, realisasi, dan tindak lanjut satu proyek TKPK."""

    format: Literal["rapatgen-ekspor"] = Field(description="selalu 'rapatgen-ekspor'")
    versi: Literal[1, 2] = Field(description="versi format berkas ini (2 sejak status_dicatat, tanggal_status, "
                                             "kesepakatan_provinsi; berkas versi 1 tetap dibaca)")
    wilayah: WilayahEkspor
    diekspor: str = Field(description="waktu ekspor (UTC, ISO 8601), mis. 2026-12-07T15:45:00Z")
    urutan: int = Field(ge=1, description="nomor urut ekspor proyek ini: berkas dengan urutan lebih besar lebih baru")
    per: Tanggal = Field(description="tanggal acuan status tindak lanjut (TTTT-BB-HH)")
    jumlah_baris: int = Field(ge=0)
    baris: list[BarisEkspor]


COLUMNS = list(BarisEkspor.model_fields)


def rujukan_text(ref: RujukanProvinsi | None) -> str | None:
    """The CSV cell of `kesepakatan_provinsi`: '2024-12-19 nomor 4' (with the meeting's title when written)."""
    if ref is None:
        return None
    return f"{ref.tanggal} nomor {ref.nomor}" + (f" ({ref.rapat})" if ref.rapat else "")
