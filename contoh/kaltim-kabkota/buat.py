"""Membuat contoh berkas ekspor tiga kab/kota di Kalimantan Timur (kabkota/<id>/ekspor.json).

Setiap kab/kota adalah proyek rapatgen kecil yang dibuat di folder sementara ('rapatgen init',
direktori, satu atau dua rapat tahun 2025 dengan kesepakatan, riwayat tindak lanjut, dan
indikator), lalu diekspor dengan 'rapatgen ekspor' (waktu ekspor tetap agar berkasnya sama setiap
kali dibuat). Hasilnya dibaca provinsi dengan:

    rapatgen rekap impor contoh/kaltim-kabkota/kabkota --proyek contoh/kaltim

Semua nama, angka, dan tanggal adalah CONTOH. Jalankan ulang setelah format ekspor berubah:
    python contoh/kaltim-kabkota/buat.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER = date(2025, 3, 31)

# (id, pemerintah, kota surat, [(persen miskin 2023-03, 2024-03)], kesepakatan provinsi: status, rapat sendiri)
KABKOTA = [
    ("samarinda", "Kota Samarinda", "Samarinda", (4.62, 4.39), "selesai", 2),
    ("balikpapan", "Kota Balikpapan", "Balikpapan", (2.58, 2.47), "selesai", 1),
    ("berau", "Kabupaten Berau", "Tanjung Redeb", (5.09, 4.96), "proses", 1),
]

DIREKTORI = """\
orang:
  ketua_{id}:
    nama: Ketua Contoh {short}
    jabatan: Sekretaris Daerah {pemerintah}
    instansi: setda_{id}
instansi:
  setda_{id}: {{nama: Sekretariat Daerah {pemerintah}, singkatan: Setda, kepala: Sekretaris Daerah {pemerintah}}}
  bappeda_{id}: {{nama: Badan Perencanaan Pembangunan Daerah {pemerintah}, singkatan: Bappeda, kepala: Kepala Bappeda {pemerintah}}}
  dinsos_{id}: {{nama: Dinas Sosial {pemerintah}, singkatan: Dinsos, kepala: Kepala Dinas Sosial {pemerintah}}}
  pemda_{id}: {{nama: Pemerintah {pemerintah}, singkatan: {short}, jenis: lainnya, kepala: {kepala}}}
kelompok: {{}}
"""

RAPAT = """\
id: rakor-{id}-{n}
jenis: rakor
judul: Rapat Koordinasi TKPK {pemerintah} {n}
sesi:
  - tanggal: {tanggal}
    mulai: "09.00"
    tempat: Ruang Rapat Bappeda {pemerintah}
pimpinan:
  ketua: ketua_{id}
kesepakatan:
  - id: K1
    isi: Dinas Sosial memutakhirkan data DTKS hasil musyawarah desa/kelurahan.
    pj: dinsos_{id}
    batas_waktu: {batas1}
    riwayat:
      - {{tanggal: {selesai1}, status: selesai, catatan: Data dimutakhirkan.}}
  - id: K2
    isi: Bappeda menyusun rancangan RPKD {pemerintah}.
    pj: bappeda_{id}
    batas_waktu: 2025-03-15
"""

PROVINSI = """\
  - id: K3
    isi: Verifikasi dan validasi data P3KE dan DTKS by name by address diunggah ke aplikasi Provinsi Kalimantan Timur (kesepakatan Rakor TKPK Provinsi 19 Desember 2024).
    pj: pemda_{id}
    batas_waktu: 2025-02-28
    # kesepakatan nomor 4 berita acara Rakor TKPK Provinsi Kalimantan Timur 19 Desember 2024:
    # statusnya dicatat provinsi ('rapatgen rekap impor') untuk kab/kota ini
    kesepakatan_provinsi: {{tanggal: 2024-12-19, nomor: 4}}
    riwayat:
      - {{tanggal: 2025-02-20, status: {status}, catatan: Dilaporkan kepada TKPK Provinsi.}}
indikator:
  - nama: Persentase penduduk miskin
    satuan: persen
    wilayah: {pemerintah}
    sumber: BPS (Susenas Maret)
    data:
      - {{periode: 2023-03, nilai: {p2023}}}
      - {{periode: 2024-03, nilai: {p2024}}}
    pembanding:
      - wilayah: Provinsi Kalimantan Timur
        data:
          - {{periode: 2023-03, nilai: 6.11}}
          - {{periode: 2024-03, nilai: 5.78}}
"""


def make_project(root: Path, id_: str, pemerintah: str, kota: str, persen, status: str, rapat: int) -> Path:
    from rapatgen.scaffold.new_project import NewProject, create_project

    project = root / id_
    create_project(project, NewProject(pemerintah=pemerintah, zona="WITA", kota_surat=kota, tingkat=None,
                                       unit="Badan Perencanaan Pembangunan Daerah", unit_singkat="Bappeda",
                                       kop_baris=[], alamat=None))
    config = project / "rapatgen.yaml"
    text = config.read_text(encoding="utf-8")
    wilayah_line = f'  wilayah: "{pemerintah}"\n'
    config.write_text(text.replace(wilayah_line, wilayah_line + "  provinsi: Provinsi Kalimantan Timur\n", 1),
                      encoding="utf-8")
    short = pemerintah.replace("Kabupaten ", "Kab. ")
    kepala = ("Bupati " if pemerintah.startswith("Kabupaten") else "Wali Kota ") + pemerintah.split(" ", 1)[1]
    (project / "direktori.yaml").write_text(DIREKTORI.format(id=id_, pemerintah=pemerintah, short=short,
                                                            kepala=kepala), encoding="utf-8")
    for old in (project / "agendas").glob("*.yaml"):
        old.unlink()
    for n in range(1, rapat + 1):
        tanggal = date(2025, n, 14)
        text = RAPAT.format(id=id_, n=n, pemerintah=pemerintah, tanggal=tanggal.isoformat(),
                            batas1=date(2025, n + 1, 14).isoformat(), selesai1=date(2025, n + 1, 10).isoformat())
        if n == 1:
            text += PROVINSI.format(id=id_, pemerintah=pemerintah, status=status, p2023=persen[0], p2024=persen[1])
        (project / "agendas" / f"{tanggal.isoformat()}-rakor-{id_}.yaml").write_text(text, encoding="utf-8")
    return project


def export(project: Path, urutan_now: datetime) -> bytes:
    from rapatgen.check.project import load_project
    from rapatgen.report.ekspor import write_export
    from rapatgen.resolve.context import Context

    proj = load_project(project)
    ctx = Context(proj.config, proj.directory, proj.root, PER, [mf.model for mf in proj.meetings])
    write_export(proj, ctx, PER, now=urutan_now)
    return (proj.output_dir / "ekspor" / "ekspor.json").read_bytes()


def main(out: Path = HERE / "kabkota") -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (id_, pemerintah, kota, persen, status, rapat) in enumerate(KABKOTA):
            project = make_project(Path(tmp), id_, pemerintah, kota, persen, status, rapat)
            data = export(project, datetime(2025, 4, 3 + i, 2, 0, tzinfo=timezone.utc))
            target = out / id_ / "ekspor.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    for path in main():
        print(f"Ditulis: {path}")
