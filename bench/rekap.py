"""A provincial roll-up at scale (issue 21 item 5): N kab/kota exports of M meetings each, generated.

    python3 bench/rekap.py [--kabkota 38] [--rapat 50]

Each export is what `rapatgen ekspor` writes for a kab/kota of M meetings (5 agreements each, one of
them the province's, a yearly indicator series), made from the published model so it validates against
the schema. A copy of contoh/kaltim imports them (`rekap impor`: schema check of every file, store) and
makes the roll-up (`rekap`: XLSX, DOCX, PDF); each step runs in its own process so its peak memory
(ru_maxrss of the child) is its own. Prints wall time and peak memory per step.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATUSES = ["selesai", "selesai", "proses", "terlambat", "belum"]


def export(n: int, meetings: int) -> dict:
    from rapatgen.model.ekspor import BarisEkspor, Ekspor, WilayahEkspor

    nama = f"Kabupaten Contoh {n:02d}"
    rows = [BarisEkspor(jenis="indikator", wilayah=nama, indikator="Persentase penduduk miskin",
                        periode=f"{year}-03", nilai=round(8 - 0.3 * (year - 2020) + n / 50, 2), satuan="persen",
                        sumber="BPS", rapat=f"rakor-{n}-1") for year in range(2020, 2025)]
    for m in range(1, meetings + 1):
        day = f"{1 + (m * 7) % 28} Maret 2025"
        for k in range(1, 6):
            rows.append(BarisEkspor(
                jenis="tindak_lanjut", wilayah=nama, indikator="Status tindak lanjut", periode="2025-06-30",
                nilai=STATUSES[(n + m + k) % 5], sumber=f"Rakor TKPK {day}, kesepakatan nomor {k}",
                rapat=f"rakor-{n}-{m}", id=f"rakor-{n}-{m}/K{k}",
                pj=f"Pemerintah {nama}" if k == 1 else f"Dinas Contoh {k} {nama}",
                keterangan=f"Kesepakatan: butir {k} rapat {m} " + "teks kesepakatan " * 6))
    e = Ekspor(format="rapatgen-ekspor", versi=1,
               wilayah=WilayahEkspor(tingkat="kabupaten", nama=nama, provinsi="Provinsi Kalimantan Timur",
                                     kabupaten_kota=nama, organisasi=f"TKPK {nama}"),
               diekspor="2025-07-01T00:00:00Z", urutan=1, per="2025-06-30", jumlah_baris=len(rows), baris=rows)
    return e.model_dump(mode="json")


def step(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rapatgen", *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kabkota", type=int, default=38)
    parser.add_argument("--rapat", type=int, default=50)
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "kaltim"
        shutil.copytree(ROOT / "contoh" / "kaltim", project, ignore=shutil.ignore_patterns("outputs", "rekap"))
        received = work / "kabkota"
        size = 0
        for n in range(1, a.kabkota + 1):
            path = received / f"kab{n:02d}" / "ekspor.json"
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps(export(n, a.rapat), ensure_ascii=False, indent=2), encoding="utf-8")
            size += path.stat().st_size
        print(f"{a.kabkota} kab/kota × {a.rapat} rapat: {a.kabkota * (a.rapat * 5 + 5)} baris, "
              f"{size / 1e6:.1f} MB JSON")
        wall, peak = step(["rekap", "impor", str(received), "--proyek", str(project)])
        print(f"rekap impor: {wall:.2f} s, puncak memori ≤ {peak:.0f} MB")
        wall, peak = step(["rekap", "impor", str(received), "--proyek", str(project)])
        print(f"rekap impor lagi (tidak berubah): {wall:.2f} s, puncak memori ≤ {peak:.0f} MB")
        wall, peak = step(["rekap", "--proyek", str(project)])
        print(f"rekap (XLSX, DOCX, PDF): {wall:.2f} s, puncak memori ≤ {peak:.0f} MB")


if __name__ == "__main__":
    main()
