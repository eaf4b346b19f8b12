"""A realistic synthetic project for the bench: N meetings of varied kinds over two years.

Built from the Kalimantan Timur example project (one TKPK): each meeting is one of five kinds —
the example's FGD (two days, one letter with a list of invitees attached), konsolidasi and rakor
(follow-ups, action plan, indicators), an FGD sending one letter per invitee (`bentuk:
per_undangan`, ten letters), and a sosialisasi held as a series in four cities (`rangkaian:
true`: four sessions, each its own letter, invitees and calendar) — with its own id, its dates moved to a day in 2024–2025 (every date in the file
moves together, so letters still go out before the meeting and histories stay in order), one
of four teams (so carry-over sections read earlier meetings of the same team), hand-typed
letter numbers removed (the register numbers them), and `lanjutan_dari` pointing at an
item of the previous konsolidasi of the same team when there is one. Each rakor presents the
indicator series as they stood on its day (`_indicators`): the province's poverty rate per
semester and the verified extreme-poor households per month, up to the meeting's month, the last
figure that meeting's own — so the series grow meeting by meeting and no two rakor show the same
chart (each chart is drawn, none is a cache hit of another meeting's). A programme per year
(`program/2024.yaml`, `program/2025.yaml`, from the example's) links one generated meeting of each
planned kind and month where there is one, and each rakor reviews its own year's programme.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "contoh" / "kaltim"
TEAMS = ["tkpk-kaltim", "pokja-data", "pokja-program", "pokja-pengaduan"]
START = date(2024, 1, 8)
DAYS = 2 * 365 - 40
DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")


SERIES = """id: sosialisasi-rangkaian-kaltim-2024-10-07
jenis: sosialisasi
judul: Sosialisasi Verifikasi dan Validasi Data P3KE bagi Pemerintah Kabupaten/Kota
tema: Pemutakhiran Data Keluarga Miskin Ekstrem By Name By Address
tim: tkpk-kaltim
kop: bappeda_kaltim
zona_waktu: WITA
rangkaian: true
tujuan:
  - Menyamakan tata cara verifikasi dan validasi data P3KE di kabupaten/kota.
sesi:
{sessions}
pimpinan:
  ketua: plh_kabid_bappeda_kaltim
  pembuka: kepala_bappeda_kaltim
  notulis: analis_pppk_kaltim
narasumber:
  - {{id: kadinsos_kaltim, materi: Tata Cara Verifikasi dan Validasi P3KE}}
  - {{instansi: bps_kaltim, materi: Pemeringkatan Kesejahteraan}}
undangan:
  tanggal: 2024-09-30
  sifat: Segera
  hal: Undangan Sosialisasi Verifikasi dan Validasi Data P3KE
  penandatangan: {{orang: kepala_bappeda_kaltim}}
  bentuk: daftar_terlampir
  cantumkan_tujuan: true
  catatan:
    - Setiap kabupaten/kota mengutus operator data P3KE.
  tembusan: [Gubernur Kalimantan Timur (sebagai laporan)]
acara:
  - {{mulai: "09.00", selesai: "09.15", acara: Pembukaan, oleh: Kepala Bappeda}}
  - {{mulai: "09.15", selesai: "10.30", acara: Paparan verifikasi dan validasi P3KE, oleh: Dinas Sosial dan BPS}}
  - {{mulai: "10.30", selesai: "12.00", acara: Tanya jawab dan simulasi}}
pembahasan:
  - judul: Paparan verifikasi dan validasi P3KE
    catatan: |
      Dinas Sosial menjelaskan jadwal verval triwulanan dan format berita acara desa.
      Peserta menanyakan keluarga yang pindah domisili; disepakati dicatat di desa tujuan.
kesepakatan:
  - id: K1
    isi: Setiap kabupaten/kota menunjuk operator verval P3KE dan melaporkannya kepada Dinas Sosial Provinsi.
    pj: dinsos_kaltim
    batas_waktu: "2 minggu setelah sesi"
notulen:
  ditutup: "12.00"
"""
CITIES = [("Kota Samarinda", "pemkot_samarinda", "bappeda_samarinda"),
          ("Kota Balikpapan", "pemkot_balikpapan", "bappeda_balikpapan"),
          ("Kabupaten Kutai Kartanegara", "pemkab_kukar", "bappeda_kukar"),
          ("Kabupaten Berau", "pemkab_berau", "bappeda_berau")]


def _series_template() -> str:
    """A sosialisasi held in four cities, one session (and one letter, one calendar) each."""
    sessions = []
    for k, (city, pemda, bappeda) in enumerate(CITIES):
        sessions += [f"  - nama: {city}", f"    tanggal: 2024-10-{7 + k:02d}", '    mulai: "09.00"',
                     '    selesai: "12.00"', f"    tempat: Aula Bappeda {city}", f"    jumlah_peserta: {20 + 5 * k}",
                     f"    yth: [{pemda}, {bappeda}]"]
    return SERIES.format(sessions="\n".join(sessions))


def _per_invitee(fgd: str) -> str:
    """The example's FGD sending one letter per invitee: four OPD, four Bappeda, BPS and BPKP."""
    text = fgd.replace("bentuk: daftar_terlampir", "bentuk: per_undangan")
    text = re.sub(r"^  yth: .*$",  # each its own letter (a group named here is one letter to the group)
                  "  yth: [dinsos_kaltim, dpmpd_kaltim, diskominfo_kaltim, disperkim_kaltim, bappeda_samarinda, "
                  "bappeda_balikpapan, bappeda_kukar, bappeda_berau, bps_kaltim, bpkp_kaltim]",
                  text, count=1, flags=re.M)
    return re.sub(r"^id: fgd-rpkd-", "id: fgd-per-undangan-", text, count=1, flags=re.M)


def _templates() -> dict[str, str]:
    out = {}
    for path in sorted((EXAMPLE / "agendas").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out[re.search(r"^id: (\S+)", text, re.M).group(1)] = text
    fgd = next(text for name, text in out.items() if name.startswith("fgd-"))
    for text in (_per_invitee(fgd), _series_template()):
        out[re.search(r"^id: (\S+)", text, re.M).group(1)] = text
    return out


def _semesters(day: date) -> list[tuple[str, int]]:
    """(period, index) of every BPS semester (March, September) from 2019-03 published by `day`."""
    out, k, year, month = [], 0, 2019, 3
    while date(year, month, 15) + timedelta(days=120) <= day:  # released about four months later
        out.append((f"{year}-{month:02d}", k))
        k += 1
        year, month = (year, 9) if month == 3 else (year + 1, 3)
    return out


def _indicators(day: date, i: int) -> str:
    """The rakor's `indikator:` block as it stood on `day`; the last monthly figure is meeting `i`'s own."""
    rate = "\n".join(f"      - {{periode: {p}, nilai: {6.9 - 0.07 * k - 0.02 * (k % 3):.2f}, "
                      f"jumlah: {250000 - 2100 * k}}}" for p, k in _semesters(day))
    national = "\n".join(f"          - {{periode: {p}, nilai: {10.1 - 0.09 * k:.2f}}}" for p, k in _semesters(day))
    months, cursor = [], date(2023, 7, 1)
    while cursor < day.replace(day=1):
        months.append(cursor.isoformat()[:7])
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    months.append(day.isoformat()[:7])
    counts = [14000 - 160 * k for k in range(len(months))]
    counts[-1] -= 7 * (i % 13)  # the figure presented at this meeting
    monthly = "\n".join(f"      - {{periode: {p}, nilai: {v}}}" for p, v in zip(months, counts))
    return f"""indikator:
  - nama: Persentase penduduk miskin
    satuan: persen
    satuan_jumlah: jiwa
    wilayah: Provinsi Kalimantan Timur
    sumber: BPS (Susenas Maret dan September)
    data:
{rate}
    target:
      - {{tahun: 2025, dari: 5.40, sampai: 5.60, sumber: RKPD}}
      - {{tahun: 2026, nilai: 5.20, sumber: RPJMD}}
    pembanding:
      - wilayah: Nasional
        data:
{national}
  - nama: Keluarga miskin ekstrem terverifikasi (P3KE)
    satuan: KK
    wilayah: Provinsi Kalimantan Timur
    sumber: Dinas Sosial (verifikasi dan validasi bulanan)
    data:
{monthly}

"""


def meeting_kinds(root: Path) -> dict[str, str]:
    """Each generated meeting's kind for sampling: rakor-grafik (a rakor whose notulen carries charts),
    rangkaian (a series), per-undangan (one letter per invitee), fgd, konsolidasi."""
    kinds = {}
    for path in sorted((root / "agendas").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        meeting = re.search(r"^id: (\S+)", text, re.M).group(1)
        if re.search(r"^rangkaian: true", text, re.M):
            kinds[meeting] = "rangkaian"
        elif "bentuk: per_undangan" in text:
            kinds[meeting] = "per-undangan"
        elif meeting.startswith("rakor-"):
            kinds[meeting] = "rakor-grafik" if len(re.findall(r"^      - \{periode: ", text, re.M)) > 1 else "rakor"
        else:
            kinds[meeting] = meeting.split("-")[0]
    return kinds


def _first_day(text: str) -> date:
    m = re.search(r"^(?:  - |    )tanggal: (\d{4}-\d\d-\d\d)", text, re.M)  # the first session
    return date.fromisoformat(m.group(1))


def _shift(text: str, days: int) -> str:
    def move(m):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (d + timedelta(days=days)).isoformat()
    return DATE.sub(move, text)


def make_project(n: int, target: Path, seed: int = 2024) -> Path:
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(EXAMPLE / name, target / name)
    shutil.copytree(EXAMPLE / "logo", target / "logo")
    agendas = target / "agendas"
    agendas.mkdir()
    templates = _templates()
    names = sorted(templates)
    days = sorted(rng.randrange(DAYS) for _ in range(n))
    last_konsolidasi: dict[str, str] = {}
    made: dict[tuple[str, str], str] = {}  # (kind, month) → the first generated meeting
    for i, offset in enumerate(days):
        source = names[i % len(names)] if i < len(names) else rng.choice(names)
        text = templates[source]
        day = START + timedelta(days=offset)
        team = TEAMS[rng.randrange(len(TEAMS))]
        new_id = f"{source.rsplit('-', 3)[0]}-{i:04d}"
        text = _shift(text, (day - _first_day(text)).days)
        text = re.sub(r"^id: \S+", f"id: {new_id}", text, count=1, flags=re.M)
        text = re.sub(r"^tim: \S+", f"tim: {team}", text, count=1, flags=re.M)
        text = re.sub(r"^(  |    )(urut|nomor): .*\n", "", text, flags=re.M)  # the register numbers the letters
        text = re.sub(r"(berulang: \{.*?)tahun: \d+, ", r"\1", text)  # recurring: the meeting's own year
        text = re.sub(r"^.*periode: 20\d\d-\d\d, status.*\n", "", text, flags=re.M)  # and no old periods
        text = re.sub(r"^ +riwayat:\n(?! +- )", "", text, flags=re.M)
        link = last_konsolidasi.get(team)
        if link:
            text = re.sub(r"lanjutan_dari: \S+/", f"lanjutan_dari: {link}/", text)
        else:
            text = re.sub(r"^\s+lanjutan_dari: .*\n", "", text, flags=re.M)
        if source.startswith("konsolidasi"):
            last_konsolidasi[team] = new_id
        text = re.sub(r"^tinjau_program: \d+", f"tinjau_program: {day.year}", text, count=1, flags=re.M)
        if "\nindikator:\n" in text:
            text = re.sub(r"^indikator:\n.*?(?=^dasar_hukum:)", lambda _: _indicators(day, i), text, count=1,
                          flags=re.M | re.S)
        kind = re.search(r"^jenis: (\S+)", text, re.M).group(1)
        made.setdefault((kind, day.isoformat()[:7]), new_id)
        (agendas / f"{day.isoformat()}-{new_id}.yaml").write_text(text, encoding="utf-8")
    _programmes(target / "program", made)
    return target


def _programmes(folder: Path, made: dict[tuple[str, str], str]) -> None:
    """program/<year>.yaml for 2024 and 2025 from the example's plan, linked to generated meetings."""
    folder.mkdir()
    plan = (EXAMPLE / "program" / "2024.yaml").read_text(encoding="utf-8")
    head, _, body = plan.partition("kegiatan:\n")
    entries = re.findall(r"^  - bulan: (\d{4}-\d\d)\n    jenis: (\S+)\n    judul: (.*)\n", body, re.M)
    for year in (2024, 2025):
        lines = [f"tahun: {year}", "kegiatan:"]
        used = set()
        for month_text, kind, title in entries:
            month = f"{year}{month_text[4:]}"
            lines += [f"  - bulan: {month}", f"    jenis: {kind}", f"    judul: {title.replace('2024', str(year))}"]
            link = made.get((kind, month))
            if link and link not in used:
                used.add(link)
                lines.append(f"    rapat: {link}")
            else:
                lines.append(f"    terlaksana: {month}")
        (folder / f"{year}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python3 bench/realistic.py 50 /tmp/proyek
    import sys

    print(make_project(int(sys.argv[1]), Path(sys.argv[2])))
