"""Project config (`rapatgen.yaml`): organisation, kop profiles, paper, numbering."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from rapatgen.model.common import Baris, BarisWajib, Id, Model, ProjectPath, Surel, Teks, fail

ZonaWaktu = Literal["WIB", "WITA", "WIT"]
Kertas = Literal["F4", "A4"]


class Organisasi(Model):
    nama: BarisWajib = Field(description="nama tim, mis. Tim Koordinasi Penanggulangan Kemiskinan Kabupaten Buleleng")
    singkatan: Baris | None = Field(None, description="mis. TKPK Kabupaten Buleleng")
    tingkat: Literal["provinsi", "kabupaten", "kota", "kecamatan", "desa"] = "kabupaten"
    wilayah: BarisWajib = Field(description="mis. Kabupaten Buleleng")
    provinsi: Baris | None = Field(None, description="provinsi tempat kabupaten/kota ini, mis. Provinsi Bali; dicatat "
                                                     "dalam berkas ekspor agar rekap provinsi mengenali asalnya "
                                                     "(bawaan untuk tim provinsi: wilayahnya sendiri)")


class Kop(Model):
    """One letterhead profile: a perangkat daerah kop or the head-of-region (Garuda) kop."""

    jenis: Literal["perangkat_daerah", "kepala_daerah", "sekretariat_daerah"] = "perangkat_daerah"
    logo: ProjectPath | None = Field(None, description="berkas gambar logo/lambang, relatif terhadap rapatgen.yaml")
    baris: list[BarisWajib] = Field(min_length=1, description="baris judul kop, mis. PEMERINTAH KABUPATEN …, BADAN …")
    alamat: str | None = None
    telepon: Baris | None = None
    faksimile: Baris | None = None
    pos_el: Baris | None = Field(None, description="alamat e-mail")
    laman: Baris | None = Field(None, description="situs web")
    kode_pos: Baris | None = None
    kota: Baris | None = Field(None, description="nama tempat pada tanggal surat; bawaan: kota_surat")
    wilayah: Baris | None = Field(None, description="pemerintah pemilik kop, mis. Kabupaten Buleleng; bawaan: dibaca dari baris kop")
    zona_waktu: ZonaWaktu | None = Field(None, description="bawaan: zona_waktu proyek")


class Margin(Model):
    atas: float = Field(2.0, ge=0, le=8)
    kanan: float = Field(2.0, ge=0, le=8)
    bawah: float = Field(2.5, ge=0, le=8)
    kiri: float = Field(3.0, ge=0, le=8)


class Huruf(Model):
    nama: Baris = Field("Arial", description="nama huruf di Word; PDF memakai Liberation Sans (metrik sama dengan Arial)")
    ukuran: float = Field(12, ge=9, le=14)


class Penomoran(Model):
    pola: Baris = Field("{kode}/{urut}/{unit}",
                      description="pola nomor surat: {kode} {urut} {unit} {bulan} {bulan_romawi} {tahun}")
    kode: Baris = Field("400.9.14", description="kode klasifikasi Permendagri 83/2022")
    unit: Baris = Field("Bappeda", description="kode unit pengolah")
    otomatis: bool = Field(True, description="beri nomor urut berikutnya dari buku-agenda-surat-keluar.csv bila "
                                             "rapat tidak menulis 'urut'/'nomor'; false: titik-titik untuk diisi tangan")
    mulai: dict[Annotated[int, Field(ge=1900, le=2100)], Annotated[int, Field(ge=1, le=999_999)]] = Field(
        default_factory=dict,
        description="nomor urut pertama yang diberikan rapatgen pada tahun itu, bila buku agenda kantor sudah "
                    "berjalan sebelum proyek ini, mis. {2025: 301}")

    @model_validator(mode="after")
    def _known_fields(self):
        import string

        known = {"kode", "urut", "unit", "bulan", "bulan_romawi", "tahun"}
        for _, name, _, _ in string.Formatter().parse(self.pola):
            if name and name not in known:
                raise fail(f"pola nomor memakai '{{{name}}}' yang tidak dikenal; yang dikenal: "
                           + ", ".join("{" + k + "}" for k in sorted(known)))
        return self


class PenandatanganBawaan(Model):
    undangan: Id | None = Field(None, description="id orang di direktori")
    notulen: Id | None = None
    berita_acara: Id | None = None
    rencana_aksi: Id | None = None
    tindak_lanjut: Id | None = None
    lp2kd: Id | None = Field(None, description="penanda tangan LP2KD (rapatgen laporan lp2kd): Kepala Bappeda "
                                                "selaku Sekretaris TKPK; bawaan: penanda tangan undangan")
    ppke: Id | None = Field(None, description="penanda tangan surat pengantar laporan PPKE (rapatgen laporan ppke): "
                                               "kepala daerah atau wakilnya selaku Ketua TKPK")


class PengaturanLaporan(Model):
    """What the yearly reports (`rapatgen laporan …`) take from the project rather than from a meeting."""

    dasar_hukum: list[Teks] = Field(
        default_factory=list,
        description="dasar hukum pada Pendahuluan LP2KD, satu peraturan per baris, mis. Peraturan Menteri Dalam "
                    "Negeri Nomor 53 Tahun 2020 tentang …; kosong: dasar hukum rapat-rapat tahun itu")


class Smtp(Model):
    """Server surel keluar. Kata sandi TIDAK ditulis di sini: ia dibaca dari variabel lingkungan `sandi_env`."""

    host: BarisWajib = Field(description="mis. smtp.contoh.go.id")
    port: int = Field(587, ge=1, le=65535)
    keamanan: Literal["starttls", "ssl", "tanpa"] = Field("starttls", description="starttls (587), ssl (465), tanpa (uji lokal)")
    pengguna: Baris | None = Field(None, description="nama pengguna SMTP; kosong bila server tidak meminta login")
    sandi_env: Baris = Field("RAPATGEN_SMTP_SANDI", description="nama variabel lingkungan yang berisi kata sandi SMTP")


class PengaturanSurel(Model):
    pengirim: Surel = Field(description="alamat pengirim, mis. sekretariat.tkpk@contoh.go.id")
    nama_pengirim: Baris | None = Field(None, description="nama tampilan pengirim; bawaan: singkatan organisasi")
    balas_ke: Surel | None = Field(None, description="alamat Reply-To bila berbeda")
    smtp: Smtp | None = Field(None, description="tanpa smtp: rapatgen kirim hanya menulis draf .eml")


class Konfigurasi(Model):
    """The whole `rapatgen.yaml`."""

    organisasi: Organisasi
    kop: dict[Id, Kop] = Field(min_length=1, description="satu atau lebih profil kop surat")
    kop_bawaan: Id | None = Field(None, description="id kop yang dipakai bila rapat tidak menyebutnya")
    kota_surat: BarisWajib = Field(description="tempat pada tanggal surat, mis. Singaraja")
    zona_waktu: ZonaWaktu = "WIB"
    kertas: Kertas = "F4"
    margin: Margin = Margin()
    huruf: Huruf = Huruf()
    spasi: float = Field(1.15, ge=1.0, le=2.0, description="jarak antarbaris")
    tata_letak_undangan: Literal["2023", "2009"] = Field(
        "2023", description="2023: Yth. di kiri di bawah Hal; 2009: Yth. di kanan di bawah tanggal")
    penomoran: Penomoran = Penomoran()
    penandatangan: PenandatanganBawaan = PenandatanganBawaan()
    label_nip: Baris = Field("NIP", description="'NIP' atau 'NIP.'")
    label_ni_pppk: Baris = Field("NI PPPK", description="label nomor induk PPPK pada blok tanda tangan")
    nama_kapital: bool = Field(False, description="cetak nama penanda tangan dengan huruf kapital")
    paraf: list[BarisWajib] = Field(
        default_factory=list, max_length=6,
        description="paraf koordinasi di bawah tanda tangan surat (undangan, surat permintaan): jabatan yang "
                    "memaraf, berurutan dari konseptor sampai kepala unit, mis. [Kepala Subbidang Sosial Budaya, "
                    "Kepala Bidang Pemerintahan dan Pembangunan Manusia]; kosong: tanpa paraf")
    surel: PengaturanSurel | None = Field(None, description="pengiriman dokumen lewat surel (rapatgen kirim)")
    laporan: PengaturanLaporan = Field(PengaturanLaporan(), description="laporan tahunan dan triwulan "
                                                                        "(rapatgen laporan)")
    direktori: ProjectPath = Field("direktori.yaml", description="berkas direktori orang dan instansi")
    folder_rapat: ProjectPath = Field("agendas", description="folder berkas rapat")
    folder_keluaran: ProjectPath = Field("outputs", description="folder hasil")
    folder_program: ProjectPath = Field("program", description="folder program rapat tahunan (program/<tahun>.yaml)")

    @model_validator(mode="after")
    def _default_kop_exists(self):
        if self.kop_bawaan is not None and self.kop_bawaan not in self.kop:
            raise fail(f"kop_bawaan '{self.kop_bawaan}' tidak ada di daftar kop ({', '.join(self.kop)})")
        return self

    def default_kop_id(self) -> str:
        return self.kop_bawaan or next(iter(self.kop))
