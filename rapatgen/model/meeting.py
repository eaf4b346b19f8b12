"""One meeting file in `agendas/`: everything the six documents are made from."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from rapatgen.model.common import (ID_PATTERN, Angka, Baris, BarisWajib, Id, Jam, Model, NomorKesepakatan, Rupiah, Tanggal,
                                   Teks, fail)
from rapatgen.model.deadline import BatasWaktu, Berulang, PeriodeId
from rapatgen.model.indikator import Indikator, Pembanding  # noqa: F401 (Pembanding re-exported)

JenisRapat = Literal["rakor", "raker", "fgd", "sosialisasi", "konsolidasi", "pra_rakor",
                     "desk_evaluasi", "rapat"]
Sifat = Literal["Biasa", "Penting", "Segera", "Sangat Segera", "Rahasia"]
StatusTL = Literal["belum", "proses", "selesai", "tidak_dapat"]


class RefOrInline(Model):
    """Written either as a bare id from the directory or as a mapping filled in place.

    Subclasses name the fields that identify an inline entry and the hint shown when
    none of them is given.
    """

    _identity: ClassVar[tuple[str, ...]] = ()
    _identity_hint: ClassVar[str] = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _has_identity(self):
        if not self.id and not any(getattr(self, f) for f in self._identity):
            raise fail(self._identity_hint)
        return self


class Diwakili(RefOrInline):
    """Whom a person represents: a directory id (person or institution), a position or an
    institution written out, or both name and position."""

    id: Id | None = Field(None, description="id orang atau instansi di direktori")
    nama: Baris | None = None
    jabatan: Baris | None = Field(None, description="mis. Wakil Bupati Buleleng")
    instansi: Baris | None = Field(None, description="instansi yang diwakili: id di direktori atau nama tertulis, "
                                                     "mis. Sekretariat Wakil Presiden")

    _identity = ("nama", "jabatan", "instansi")
    _identity_hint = ("isi id orang/instansi dari direktori, 'jabatan' (dan 'nama') yang diwakili, "
                      "atau 'instansi' yang diwakili")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        # "wabup_bll" is an id; "Gubernur Kalimantan Timur" or "Sekretariat Wakil Presiden" is written out
        if isinstance(value, str):
            return {"id": value} if re.fullmatch(ID_PATTERN, value) and " " not in value else {"jabatan": value}
        return value


class Pihak(RefOrInline):
    """A person or an institution taking part.

    `id` names a person (or an institution) in the directory; otherwise it is written inline:
    `nama` and `jabatan` for a person, or only `instansi` for an institution with no named
    person (a narasumber "dari Kementerian PPN/Bappenas"). Fields written next to an `id`
    override the directory for this meeting (e.g. the `jabatan` held on that day).
    """

    id: Id | None = Field(None, description="id orang (atau instansi) di direktori")
    nama: Baris | None = None
    jabatan: Baris | None = Field(None, description="jabatan; di samping id: jabatan pada rapat ini")
    instansi: Baris | None = Field(None, description="id instansi di direktori atau nama instansi")
    hp: Baris | None = None
    jenis_kelamin: Literal["L", "P"] | None = None
    mewakili: Diwakili | None = Field(None, description="yang diwakili: id orang atau instansi, jabatan (mis. Wakil "
                                                          "Bupati Buleleng), atau instansi tertulis")
    selaku: Baris | None = Field(None, description="kapasitas dalam rapat, mis. Ketua TKPK Kabupaten Buleleng")
    gelar_depan: Baris | None = Field(None, description="orang yang ditulis di sini (bukan dari direktori): mis. Dr. Ir.")
    gelar_belakang: Baris | None = Field(None, description="orang yang ditulis di sini (bukan dari direktori): mis. S.E., M.Si.")

    _identity = ("nama", "jabatan", "instansi")
    _identity_hint = "isi 'id' (dari direktori), 'nama' dan 'jabatan', atau 'instansi' saja"


class Daring(Model):
    platform: Baris = Field("Zoom Meeting", description="mis. Zoom Meeting")
    tautan: Baris | None = None
    id_rapat: Baris | None = Field(None, description="Meeting ID")
    kode_akses: Baris | None = Field(None, description="passcode")


class Sesi(Model):
    """A day of a multi-day meeting, or one session of a series (own date and place)."""

    nama: Baris | None = Field(None, description="label sesi, mis. Kecamatan Gerokgak")
    wilayah: Baris | None = Field(None, description="rangkaian: nama tempat sesi ini, dipakai sesi_bawaan sebagai {wilayah}")
    kode: Baris | None = Field(None, description="rangkaian: bagian id tempat ini untuk sesi_bawaan ({kode}); "
                                                 "bawaan: wilayah huruf kecil, spasi menjadi _")
    tanggal: Tanggal
    mulai: Jam
    selesai: Jam | None = Field(None, description="kosongkan untuk 's.d. selesai'")
    tempat: str | None = Field(None, description="tempat luring; kosong bila hanya daring")
    daring: Daring | None = None
    yth: list[Yth] = Field(default_factory=list, description="rangkaian: yang diundang ke sesi ini saja; kosong = undangan.yth")
    jumlah_peserta: int | None = Field(None, ge=1, le=2000, description="perkiraan jumlah peserta: baris daftar hadir disiapkan sebanyak ini")
    urut: int | None = Field(None, ge=1, le=999_999, description="rangkaian: nomor urut surat undangan sesi ini dari buku agenda")
    nomor: Baris | None = Field(None, description="rangkaian: nomor lengkap surat undangan sesi ini (mengalahkan 'urut')")
    acara: list[Acara] = Field(default_factory=list, description="susunan acara sesi ini; kosong = acara rapat")
    tembusan: list[Teks] = Field(default_factory=list, description="rangkaian: tembusan surat sesi ini; kosong = undangan.tembusan")

    @model_validator(mode="after")
    def _somewhere(self):
        if not self.tempat and not self.daring:
            raise fail("sesi perlu 'tempat' (luring), 'daring' (tautan), atau keduanya")
        if self.selesai is not None and self.selesai <= self.mulai:
            raise fail(f"jam selesai harus sesudah jam mulai {self.mulai:%H.%M}")
        return self


class Pimpinan(Model):
    ketua: Pihak = Field(description="pimpinan rapat")
    pembuka: Pihak | None = Field(None, description="yang membuka rapat, boleh dengan 'mewakili'")
    moderator: Pihak | None = Field(None, description="yang memandu diskusi/paparan; dicetak di notulen")
    sekretaris: Pihak | None = None
    notulis: Pihak | None = Field(None, description="pencatat")


class Narasumber(Pihak):
    materi: str | None = Field(None, description="judul/topik paparan")
    daring: bool = Field(False, description="hadir secara daring")


class Penandatangan(Model):
    orang: Id = Field(description="id orang di direktori")
    atas_nama: Baris | None = Field(None, description="baris a.n., mis. BUPATI BULELENG")
    untuk_beliau: Baris | None = Field(None, description="baris u.b. (dua tingkat di bawah)")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value):
        return {"orang": value} if isinstance(value, str) else value


class Yth(RefOrInline):
    """An addressee: an id of a person, institution or group, or a position written inline."""

    id: Id | None = Field(None, description="id orang, instansi, atau kelompok di direktori")
    jabatan: Baris | None = Field(None, description="jabatan yang diundang bila tidak ada di direktori")
    di: Baris | None = Field(None, description="tempat di bawah 'di' untuk surat per undangan")

    _identity = ("jabatan",)
    _identity_hint = "isi id dari direktori atau 'jabatan' yang diundang"


class Undangan(Model):
    """Letter metadata of the surat undangan and who is invited."""

    nomor: Baris | None = Field(None, description="nomor lengkap yang ditulis manual; mengalahkan 'urut'")
    urut: int | None = Field(None, ge=1, le=999_999, description="nomor urut dari buku agenda; nomor disusun dari pola")
    kode: Baris | None = Field(None, description="kode klasifikasi bila berbeda dari konfigurasi")
    tanggal: Tanggal = Field(description="tanggal surat")
    sifat: Sifat = "Biasa"
    lampiran: str | None = Field(None, description="mis. '1 (satu) lembar'; bawaan dihitung otomatis")
    hal: BarisWajib = "Undangan"
    penandatangan: Penandatangan | None = None
    bentuk: Literal["per_undangan", "daftar_terlampir"] = Field(
        "daftar_terlampir", description="per_undangan: satu surat per undangan; daftar_terlampir: satu surat + lampiran")
    di: Baris = Field("Tempat", description="baris setelah 'di'")
    pembuka: str | None = Field(None, description="paragraf pembuka; bawaan disusun dari judul rapat")
    pakaian: str | None = None
    catatan: list[Teks] = Field(default_factory=list, description="catatan tambahan, mis. konfirmasi kehadiran")
    penutup: str | None = None
    tidak_diwakilkan: bool | None = Field(
        None, description="kalimat 'dan tidak diwakilkan' di penutup; kosong = otomatis (dihilangkan bila yang "
                          "diundang lebih tinggi kedudukannya daripada penanda tangan)")
    tembusan: list[Teks] = Field(default_factory=list)
    yth: list[Yth] = Field(default_factory=list, description="yang diundang: id orang/instansi/kelompok, atau {jabatan: …}; rangkaian: boleh per sesi")
    lampiran_acara: bool = Field(True, description="lampirkan susunan acara")
    cantumkan_tujuan: bool = Field(False, description="sebut maksud dan tujuan rapat di surat undangan")


class Hadir(Pihak):
    hari: list[int] | None = Field(None, description="nomor sesi/hari yang dihadiri (1, 2, …); kosong = semua")
    daring: bool = Field(False, description="hadir secara daring (dicatat terpisah dari daftar hadir kertas)")
    kelompok: Baris | None = Field(None, description="satu baris untuk sekelompok peserta: id kelompok di direktori "
                                                   "atau sebutan tertulis, mis. Forkopimda Kabupaten Buleleng")
    jumlah: int | None = Field(None, ge=1, le=2000, description="jumlah orang kelompok yang hadir, bila diketahui")

    _identity = ("nama", "jabatan", "instansi", "kelompok")
    _identity_hint = "isi 'id' (dari direktori), 'nama' dan 'jabatan', 'instansi' saja, atau 'kelompok'"

    @model_validator(mode="after")
    def _group_alone(self):
        if self.jumlah is not None and not self.kelompok:
            raise fail("'jumlah' hanya untuk baris 'kelompok' — untuk satu orang hapus 'jumlah'")
        if self.kelompok and (self.id or self.nama or self.jabatan):
            raise fail("baris 'kelompok' berdiri sendiri — tulis orangnya sebagai baris 'hadir' tersendiri")
        return self


class Acara(Model):
    hari: int | None = Field(None, ge=1, le=1000, description="nomor sesi/hari; kosong = hari pertama (rangkaian: setiap sesi)")
    mulai: Jam
    selesai: Jam | None = None
    acara: Teks
    oleh: Baris | None = Field(None, description="pengisi acara")


class Pembahasan(Model):
    judul: BarisWajib = Field(description="mata acara atau nama pembicara")
    oleh: Baris | None = None
    catatan: str = Field("", description="catatan pembahasan dalam Markdown")


class Riwayat(Model):
    tanggal: Tanggal
    status: StatusTL
    catatan: str | None = None
    bukti: list[str] = Field(default_factory=list, description="nama dokumen atau tautan bukti dukung")
    # which occurrence the entry is about, for items tracked per member / session / period
    anggota: Id | None = Field(None, description="id anggota kelompok, bila pj butir adalah kelompok")
    sesi: int | None = Field(None, ge=1, description="nomor sesi, bila batas waktu dihitung per sesi rangkaian")
    periode: PeriodeId | None = Field(None, description="periode komitmen berulang, mis. 2025-04")
    sumber: Baris | None = Field(
        None, description="berkas ekspor kab/kota asal status ini (ditulis 'rapatgen rekap impor', mis. "
                          "rekap/kabupaten-berau.json); tanpa 'sumber' = dicatat provinsi sendiri")

    @model_validator(mode="before")
    @classmethod
    def _bukti_text(cls, value):
        if isinstance(value, dict) and isinstance(value.get("bukti"), str):
            value = dict(value)
            value["bukti"] = [value["bukti"]]
        return value

    @model_validator(mode="after")
    def _reason(self):
        if self.status == "tidak_dapat" and not self.catatan:
            raise fail("status 'tidak_dapat' perlu 'catatan' berisi alasannya")
        return self


class KesepakatanProvinsi(Model):
    """The provincial agreement a kab/kota's item answers, as the kab/kota knows it from the province's signed
    berita acara or notulen: the provincial meeting's date and the agreement's number as printed there (4, "3.a",
    "II.2"; no internal id)."""

    tanggal: Tanggal = Field(description="tanggal rapat provinsi (tercetak di berita acara/notulennya), mis. 2024-12-19")
    nomor: NomorKesepakatan = Field(description="nomor kesepakatan di berita acara/notulen rapat provinsi itu, seperti "
                                                "tercetak: mis. 4, \"3.a\", \"II.2\"")
    rapat: Baris | None = Field(None, description="judul rapat provinsi seperti tercetak (perlu hanya bila provinsi "
                                                  "mengadakan dua rapat pada tanggal itu)")


class Butir(Model):
    """An agreement (kesepakatan) or direction (arahan); with `pj` it is a follow-up item."""

    id: Id = Field(description="id tetap, mis. K1 atau A2")
    isi: Teks
    pj: Id | None = Field(None, description="id instansi penanggung jawab, atau id kelompok: dipantau per anggota")
    terkait: list[Id] = Field(default_factory=list, description="instansi (atau kelompok) terkait")
    rincian: dict[Id, Teks] = Field(
        default_factory=dict,
        description="pj kelompok: bagian tiap anggota, mis. {dinkes_bll: Desa Pejarakan, dinsos_bll: Desa "
                    "Sumberkima}; dicetak di notulen, matriks tindak lanjut, dan XLSX")
    batas_waktu: BatasWaktu | None = Field(
        None, description="tanggal, jangka setelah rapat/sesi (mis. \"2 minggu setelah sesi\"), atau \"segera\"")
    segera: bool = Field(False, description="batas waktu 'segera' tanpa tanggal (ditulis batas_waktu: segera): "
                                            "dicetak 'segera', tidak pernah terlambat")
    berulang: Berulang | None = Field(None, description="komitmen berkala: satu tindak lanjut per periode")
    sesi: list[Annotated[int, Field(ge=1, le=1000)]] = Field(
        default_factory=list, description="rangkaian: nomor sesi tempat butir ini disepakati (mis. [2]); kosong = semua sesi")
    rencana_tindak_lanjut: str | None = None
    riwayat: list[Riwayat] = Field(default_factory=list, description="riwayat status tindak lanjut")
    lanjutan_dari: Baris | None = Field(None, description="id butir rapat lain yang dilanjutkan, mis. rakor-2024-06/K3")
    kesepakatan_provinsi: KesepakatanProvinsi | None = Field(
        None, description="proyek kab/kota: kesepakatan rapat TKPK provinsi yang dijawab butir ini, mis. {tanggal: "
                          "2024-12-19, nomor: 4}; statusnya ikut 'rapatgen ekspor' dan dicatat provinsi")
    oleh: Baris | None = Field(None, description="yang menyampaikan: id orang/instansi di direktori atau sebutan tertulis, "
                                               "mis. Wali Kota Samarinda; narasumber dicetak 'saran narasumber …'")

    @model_validator(mode="before")
    @classmethod
    def _id_text(cls, value):
        if isinstance(value, dict) and isinstance(value.get("sesi"), int) and not isinstance(value.get("sesi"), bool):
            value = dict(value, sesi=[value["sesi"]])
        if isinstance(value, dict) and isinstance(value.get("batas_waktu"), str) \
                and value["batas_waktu"].strip().casefold() == "segera":  # as a minute says it: no date
            value = {**{k: v for k, v in value.items() if k != "batas_waktu"}, "segera": True}
        if isinstance(value, dict) and value.get("id") is not None and not isinstance(value["id"], (str, bool)):
            value = dict(value)
            value["id"] = str(value["id"])
        return value


class ButirRencanaAksi(Model):
    strategi: Literal[1, 2, 3] | str = Field(
        description="1 pengurangan beban pengeluaran, 2 peningkatan pendapatan, 3 penurunan jumlah kantong-kantong kemiskinan, atau teks")
    opd: Id = Field(description="id instansi penanggung jawab")
    program: Teks
    kegiatan: Teks
    sub_kegiatan: str | None = None
    kode: str | None = None
    aksi: str | None = None
    indikator: Teks
    volume: Angka
    satuan: Teks
    lokasi: list[str] = Field(default_factory=list, description="desa/kelurahan lokus")
    sasaran: str | None = None
    anggaran: Rupiah | None = Field(None, description="rupiah; kosongkan bila komitmen ini belum dianggarkan "
                                                      "(dicetak 'belum dianggarkan')")
    sumber_dana: Teks | None = Field(None, description="APBD, APBN, DAK, Dana Desa, CSR, …; wajib bila ada anggaran")
    waktu: str | None = Field(None, description="mis. TW I–IV atau Maret–Juni")
    keterangan: str | None = None


    @model_validator(mode="after")
    def _source_of_money(self):
        if self.anggaran is not None and not self.sumber_dana:
            raise fail("butir beranggaran perlu 'sumber_dana', mis. sumber_dana: APBD — atau hapus 'anggaran' bila "
                       "belum dianggarkan")
        return self


class RencanaAksi(Model):
    dokumen: Literal["RAT", "RPKD"] = "RAT"
    tahun: int = Field(ge=2000, le=2100)
    judul: str | None = None
    butir: list[ButirRencanaAksi] = Field(min_length=1)


class Notulen(Model):
    nomor: Baris | None = None
    dibuka: Jam | None = Field(None, description="jam rapat dibuka; bawaan: jam mata acara pembukaan")
    ditutup: Jam | None = Field(None, description="jam rapat ditutup")
    ditutup_oleh: Pihak | None = Field(None, description="yang menutup rapat; bawaan: ketua")
    peserta: Literal["daftar", "terlampir"] = Field("terlampir", description="sebut peserta satu per satu atau 'terlampir pada daftar hadir'")
    penandatangan: list[Pihak] | None = Field(None, description="bawaan: ketua dan notulis")


class PihakBeritaAcara(Pihak):
    sesi: list[Annotated[int, Field(ge=1, le=1000)]] = Field(
        default_factory=list, description="berita acara per sesi: nomor sesi yang ditandatangani (mis. [2]); kosong = semua")

    @model_validator(mode="before")
    @classmethod
    def _one_session(cls, value):
        if isinstance(value, dict) and isinstance(value.get("sesi"), int) and not isinstance(value.get("sesi"), bool):
            value = dict(value, sesi=[value["sesi"]])
        return value


class DaftarHadir(Model):
    """How the attendance list is printed (the list itself: rapatgen.resolve.attendance)."""

    mode: Literal["sebelum", "sesudah"] | None = Field(
        None, description="sebelum: lembar tanda tangan dari semua yang diharapkan hadir; sesudah: baris yang sama "
                          "ditandai siapa yang hadir; bawaan: sesudah bila 'hadir' sudah diisi")
    urutan: Literal["protokol", "tertulis"] | list[Baris] = Field(
        "protokol", description="protokol: kepala daerah, wakil, sekda, pimpinan rapat (pembuka, ketua, sekretaris, "
                                "moderator), urutan undangan, lainnya; tertulis: urutan seperti ditulis di berkas "
                                "rapat; atau daftar id/nama/jabatan yang dicetak paling atas, berurutan (sisanya protokol)")


class BeritaAcara(Model):
    nomor: Baris | None = None
    tanggal: Tanggal | None = Field(None, description="bawaan: tanggal sesi terakhir")
    tempat: str | None = None
    pihak: list[PihakBeritaAcara] = Field(default_factory=list, description="yang menandatangani; bawaan: pimpinan "
                                          "rapat, lalu instansi PJ dan terkait kesepakatan yang hadir (per sesi: yang "
                                          "hadir di sesi itu)")
    per_sesi: bool = Field(False, description="rangkaian: satu berita acara per sesi, dengan kesepakatan, tanggal, "
                                              "tempat, dan penanda tangan sesi itu")
    mengetahui: Pihak | None = None
    rangkap: int | None = Field(None, ge=1, le=100)


class Rapat(Model):
    """The whole meeting file."""

    @staticmethod
    def prepare_source(loaded, problems) -> None:
        """Before validation (check.validate.to_model): a series' `sesi_bawaan` filled into its sessions."""
        from rapatgen.model.series import expand_series

        expand_series(loaded, problems)

    id: Id = Field(description="id tetap rapat, mis. rakor-2024-12-19")
    jenis: JenisRapat
    judul: BarisWajib
    tema: str | None = None
    tujuan: list[Teks] = Field(default_factory=list, description="maksud dan tujuan rapat, satu butir per baris")
    tim: Id | None = Field(None, description="id tim/rangkaian rapat untuk meninjau tindak lanjut rapat sebelumnya")
    kop: Id | None = Field(None, description="id profil kop di rapatgen.yaml")
    zona_waktu: Literal["WIB", "WITA", "WIT"] | None = None
    lintas_wilayah: bool = Field(False, description="true: rapat bersama pemerintah lain; kop/penanda tangan "
                                                    "boleh milik pemerintah selain tim proyek ini")
    rangkaian: bool = Field(False, description="true: satu kegiatan di banyak tempat, tiap sesi punya undangan sendiri")
    sesi_bawaan: dict[str, Any] | None = Field(
        None, description="rangkaian: isian yang sama untuk setiap sesi (mulai, tempat, yth, jumlah_peserta, …); "
                          "{wilayah} dan {kode} diganti dengan milik sesi itu; isian sesi sendiri menang")
    sesi: list[Sesi] = Field(min_length=1)
    pimpinan: Pimpinan
    narasumber: list[Narasumber] = Field(default_factory=list)
    undangan: Undangan | None = None
    hadir: list[Hadir] = Field(default_factory=list)
    acara: list[Acara] = Field(default_factory=list)
    pembahasan: list[Pembahasan] = Field(default_factory=list)
    kesepakatan: list[Butir] = Field(default_factory=list)
    arahan: list[Butir] = Field(default_factory=list)
    rencana_aksi: RencanaAksi | None = None
    indikator: list[Indikator] = Field(default_factory=list, description="angka yang disampaikan: periode, nilai, jumlah, "
                                       "target (tahun, sumber, rentang) dan pembanding; dicetak di notulen dengan grafik")
    dasar_hukum: list[Teks] = Field(default_factory=list)
    notulen: Notulen = Notulen()
    daftar_hadir: DaftarHadir = DaftarHadir()
    berita_acara: BeritaAcara | None = None
    dibatalkan: bool = Field(False, description="true: rapat dibatalkan; kalender (.ics) mengirim pembatalan")
    tinjau_program: int | None = Field(None, ge=2000, le=2100,
                                       description="tahun program rapat yang ditinjau rapat ini; notulen memuat "
                                                   "jadwal tahun itu beserta statusnya")
    tinjau_lokus: int | None = Field(None, ge=2000, le=2100,
                                     description="tahun lokus (lokus/<tahun>.yaml) yang dibahas rapat ini; notulen "
                                                 "memuat tabel desa/kelurahan lokus dan OPD pendampingnya")
