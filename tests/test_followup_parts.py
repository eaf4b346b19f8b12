"""Issue 7 points 5, 7 and 12: one agreement with many owners, deadlines as people say them,
recurring commitments — tracked per member / session / period, read back from the CLI,
the generated DOCX/PDF/XLSX and the YAML file that `followup set` edits."""

import csv
import io
import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import added_lines, line_of, replace_in
from tests.readback import docx_text, flat, pdf_text

RAKOR = "rakor-kaltim-2024-12-19"
RAKOR_FILE = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
SOS = "sosialisasi-dtsen-buleleng-2025"
SOS_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
K4_ISI = ("Setiap pemerintah kabupaten/kota melakukan verifikasi dan validasi (verval) data P3KE dan DTKS by name "
          "by address dan mengunggah hasilnya ke aplikasi Sistem Informasi Penanganan Kemiskinan Terpadu Kalimantan Timur.")
MEMBERS = ["pemkab_berau", "pemkab_kubar", "pemkab_kukar", "pemkab_kutim", "pemkab_mahulu", "pemkab_paser",
           "pemkab_ppu", "pemkot_balikpapan", "pemkot_bontang", "pemkot_samarinda"]
INTERNAL_ID = re.compile(r"[a-z]+(-[a-z0-9]+)+/[KA]\d|@pemk|@sesi-|@20\d\d-")


def cli(project, *args):
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r


def listing(project, *args) -> dict:
    r = cli(project, "followup", "list", "--json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def texts(path_without_ext):
    return [pdf_text(path_without_ext.with_suffix(".pdf")), docx_text(path_without_ext.with_suffix(".docx"))]


# --- point 5: one agreement, many owners --------------------------------------------------
@pytest.mark.slow
def test_group_agreement_is_printed_once_naming_the_group(kaltim):
    r = cli(kaltim, "build", RAKOR, "--only", "notulen", "--only", "berita-acara", "--per", "2025-03-05")
    assert r.exit_code == 0, r.output
    out = kaltim / "outputs" / RAKOR
    # once each: the notulen's plan table lists only written plans, never the agreement again (issue 19)
    for kind, copies in (("notulen", 1), ("berita-acara", 1)):
        for text in texts(out / f"{kind}-{RAKOR}"):
            f = flat(text)
            assert f.count(flat(K4_ISI)) == copies, kind
            assert flat("Pemerintah Kabupaten/Kota se-Kalimantan Timur") in f
            assert "Pemerintah Kabupaten Kutai Barat" not in text and "pemkab" not in text


@pytest.mark.slow
def test_tracker_shows_each_member_and_the_whole_item(kaltim):
    r = cli(kaltim, "build", "--per", "2025-03-05", "--only", "tindak-lanjut")
    assert r.exit_code == 0, r.output
    out = kaltim / "outputs"
    wb = openpyxl.load_workbook(out / "matriks-tindak-lanjut.xlsx")
    ws = wb["Tindak Lanjut"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    k4 = {k.split("@")[1]: v for k, v in rows.items() if k.startswith(f"{RAKOR}/K4@")}
    assert sorted(k4) == MEMBERS
    assert k4["pemkab_kukar"]["Rincian"] == "Pemerintah Kabupaten Kutai Kartanegara"
    assert k4["pemkab_kukar"]["Kelompok"] == "Pemerintah Kabupaten/Kota se-Kalimantan Timur"
    assert k4["pemkab_kukar"]["Status Tercatat"] == "Dalam Proses" and k4["pemkab_kukar"]["Terlambat"] == "Ya"
    assert k4["pemkot_samarinda"]["Status Tercatat"] == "Selesai" and k4["pemkot_samarinda"]["Terlambat"] == "Tidak"
    assert k4["pemkab_kubar"]["Keadaan"] == "Terlambat" and k4["pemkab_kubar"]["Catatan Terakhir"] is None
    assert sum(v["Status Tercatat"] == "Selesai" for v in k4.values()) == 3
    per_item = {r[0]: r for r in wb["Ringkasan per Butir"].iter_rows(min_row=2, values_only=True)}
    assert per_item[f"{RAKOR}/K4"][-1] == "3 dari 10 kab/kota selesai; 7 terlambat"
    assert per_item[f"{RAKOR}/K4"][-2] == 0.3
    summary = {r[0]: r for r in wb["Ringkasan per OPD"].iter_rows(min_row=2, values_only=True)}
    # issue 19 item 11: each member of the group item is counted for itself, under its own heading
    assert "Pemerintah Kabupaten/Kota se-Kalimantan Timur" not in summary
    members = [r for name, r in summary.items() if name.startswith("Pemerintah K")]
    assert len(members) == 10 and all(r[1] == "Pemerintah Kabupaten/Kota" and r[-2] == 1 for r in members)
    assert sum(r[2] for r in members) == 7 and sum(r[5] for r in members) == 3  # terlambat, selesai
    for text in texts(out / "matriks-tindak-lanjut"):
        f = flat(text)
        assert flat("3 dari 10 kab/kota selesai; 7 terlambat") in f
        assert flat("Pemerintah Kabupaten Penajam Paser Utara") in f and flat("Pemerintah Kota Bontang") in f
        assert flat("Rakor TKPK 19 Desember 2024, kesepakatan nomor 4") in f
        assert not INTERNAL_ID.search(text), INTERNAL_ID.search(text)


def test_list_per_member_with_stored_status_and_overdue_flag(kaltim):
    data = listing(kaltim, "--per", "2025-03-05", "--pj", "pemkab_kukar")
    [row] = [b for b in data["butir"] if b["butir"] == f"{RAKOR}/K4"]
    assert row["id"] == f"{RAKOR}/K4@pemkab_kukar" and row["anggota"] == "pemkab_kukar"
    assert row["kelompok"] == "pemkabkota_kaltim" and row["pj_nama"] == "Pemerintah Kabupaten Kutai Kartanegara"
    assert (row["status"], row["terlambat"], row["status_turunan"]) == ("proses", True, "terlambat")
    assert row["progres_butir"] == "3 dari 10 kab/kota selesai; 7 terlambat"
    assert row["sumber"] == "Rakor TKPK 19 Desember 2024, kesepakatan nomor 4"
    group = listing(kaltim, "--per", "2025-03-05", "--pj", "pemkabkota_kaltim")
    assert sorted(b["anggota"] for b in group["butir"]) == sorted(set(MEMBERS) - {"pemkot_balikpapan",
                                                                                  "pemkot_bontang", "pemkot_samarinda"})
    every = listing(kaltim, "--per", "2025-03-05", "--pj", "pemkabkota_kaltim", "--semua")
    assert every["jumlah"] == 10
    r = cli(kaltim, "followup", "list", "--per", "2025-03-05", "--pj", "pemkabkota_kaltim", "--csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {row["status"] for row in rows} == {"belum", "proses"} and {row["terlambat"] for row in rows} == {"ya"}
    table = cli(kaltim, "followup", "list", "--per", "2025-03-05", "--rapat", RAKOR).output
    assert "3 dari 10 kab/kota selesai" in table and "@pemkab_kubar" in table and "@pemkot_samarinda" not in table


def test_set_on_a_member_inserts_one_line_and_follows_that_member(kaltim):
    path = kaltim / RAKOR_FILE
    before = path.read_text(encoding="utf-8")
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K4@pemkab_kubar", "proses", "--tanggal", "2025-03-01",
            "--catatan", "Verval dimulai")
    assert r.exit_code == 0, r.output
    after = path.read_text(encoding="utf-8")
    assert added_lines(before, after) == ['      - {tanggal: 2025-03-01, anggota: pemkab_kubar, status: proses, '
                                          'catatan: "Verval dimulai"}']
    # inserted at the end of K4's own history, not elsewhere
    assert after.index("anggota: pemkab_kubar") > after.index("anggota: pemkab_berau, status: proses")
    assert after.index("anggota: pemkab_kubar") < after.index("\narahan:")
    # the option form is the same thing
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K4", "selesai", "--anggota", "pemkab_kukar", "--tanggal", "2025-03-02")
    assert r.exit_code == 0, r.output
    data = listing(kaltim, "--per", "2025-03-05", "--semua", "--rapat", RAKOR)
    state = {b["id"]: b for b in data["butir"]}
    assert state[f"{RAKOR}/K4@pemkab_kubar"]["status"] == "proses"
    assert state[f"{RAKOR}/K4@pemkab_kukar"]["status"] == "selesai"
    assert state[f"{RAKOR}/K4@pemkab_kutim"]["status"] == "belum"
    assert state[f"{RAKOR}/K4@pemkab_kukar"]["progres_butir"] == "4 dari 10 kab/kota selesai; 6 terlambat"
    # transitions are checked per member: Samarinda is done, Berau is not
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K4@pemkot_samarinda", "proses", "--tanggal", "2025-03-03")
    assert r.exit_code == 2 and "@pemkot_samarinda sudah berstatus 'selesai'" in r.output and "--paksa" in r.output
    assert cli(kaltim, "followup", "set", f"{RAKOR}/K4@pemkab_berau", "selesai", "--tanggal",
               "2025-03-03").exit_code == 0


def test_set_on_a_group_item_says_which_member_is_meant(kaltim):
    path = kaltim / RAKOR_FILE
    before = path.read_bytes()
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K4", "proses", "--tanggal", "2025-03-01")
    assert r.exit_code == 2
    assert "dipantau per anggota kelompok 'Pemerintah Kabupaten/Kota se-Kalimantan Timur'" in r.output
    assert f"{RAKOR}/K4@pemkab_berau" in r.output and "pemkot_samarinda" in r.output
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K4@pemkab_kukr", "proses", "--tanggal", "2025-03-01")
    assert r.exit_code == 2 and "maksud Anda 'pemkab_kukar'?" in r.output
    r = cli(kaltim, "followup", "set", f"{RAKOR}/K2@pemkab_kukar", "proses", "--tanggal", "2025-03-01")
    assert r.exit_code == 2 and "tidak dipantau per anggota kelompok" in r.output
    assert path.read_bytes() == before


# --- point 7: recurring commitments --------------------------------------------------------
@pytest.mark.slow
def test_recurring_commitment_is_one_occurrence_per_period(kaltim):
    data = listing(kaltim, "--per", "2025-05-01", "--semua", "--rapat", RAKOR)
    a2 = {b["periode"]: b for b in data["butir"] if b["butir"] == f"{RAKOR}/A2"}
    assert {p: b["batas_waktu"] for p, b in a2.items()} == {
        "2025-01": "2025-01-25", "2025-04": "2025-04-25", "2025-07": "2025-07-25", "2025-10": "2025-10-25"}
    assert a2["2025-01"]["status"] == "selesai" and not a2["2025-01"]["terlambat"]
    assert a2["2025-04"]["terlambat"] and not a2["2025-07"]["terlambat"]
    assert a2["2025-04"]["progres_butir"] == "1 dari 4 periode selesai; 1 terlambat"
    path = kaltim / RAKOR_FILE
    before = path.read_text(encoding="utf-8")
    r = cli(kaltim, "followup", "set", f"{RAKOR}/A2", "selesai", "--periode", "2025-4", "--tanggal", "2025-04-24")
    assert r.exit_code == 0, r.output
    assert added_lines(before, path.read_text(encoding="utf-8")) == [
        "      - {tanggal: 2025-04-24, periode: 2025-04, status: selesai}"]
    r = cli(kaltim, "followup", "set", f"{RAKOR}/A2@2025-05", "selesai", "--tanggal", "2025-04-24")
    assert r.exit_code == 2 and "periode '2025-05' tidak ada" in r.output
    r = cli(kaltim, "build", "--per", "2025-05-01", "--only", "tindak-lanjut")
    assert r.exit_code == 0, r.output
    for text in texts(kaltim / "outputs" / "matriks-tindak-lanjut"):
        f = flat(text)
        assert flat("2 dari 4 periode selesai") in f
        assert flat("setiap triwulan (Januari, April, Juli, dan Oktober 2025), paling lambat tanggal 25") in f
        for letter, month in zip("abcd", ("Januari", "April", "Juli", "Oktober")):
            assert flat(f"{letter}. {month} 2025") in f and flat(f"25 {month} 2025") in f
        assert not INTERNAL_ID.search(text)


# --- point 7: deadlines relative to the session -------------------------------------------
@pytest.mark.slow
def test_deadline_after_each_session_of_a_series(project):
    data = listing(project, "--per", "2025-03-10", "--semua", "--rapat", SOS)
    k2 = {b["sesi"]: b for b in data["butir"] if b["butir"] == f"{SOS}/K2"}
    # two weeks after 18, 19, 25 and 26 February 2025
    assert {s: b["batas_waktu"] for s, b in k2.items()} == {1: "2025-03-04", 2: "2025-03-05", 3: "2025-03-11",
                                                           4: "2025-03-12"}
    assert k2[2]["status"] == "proses" and k2[2]["terlambat"] and not k2[3]["terlambat"]
    assert k2[1]["rincian"] == "Sesi 1 (Kecamatan Gerokgak, 18 Februari 2025)"
    r = cli(project, "build", SOS, "--only", "notulen", "--only", "tindak-lanjut", "--per", "2025-03-10")
    assert r.exit_code == 0, r.output
    out = project / "outputs" / SOS
    for text in texts(out / f"notulen-{SOS}"):
        assert flat("batas waktu: 2 minggu setelah setiap sesi (4–12 Maret 2025)") in flat(text)
    for text in texts(out / f"tindak-lanjut-{SOS}"):
        f = flat(text)
        assert flat("1 dari 4 sesi selesai") in f
        assert flat("Sesi 3 (Kecamatan Sukasada, 25 Februari 2025)") in f and flat("11 Maret 2025") in f
    path = project / SOS_FILE
    before = path.read_text(encoding="utf-8")
    r = cli(project, "followup", "set", f"{SOS}/K2@sesi-3", "selesai", "--tanggal", "2025-03-07")
    assert r.exit_code == 0, r.output
    assert added_lines(before, path.read_text(encoding="utf-8")) == [
        "      - {tanggal: 2025-03-07, sesi: 3, status: selesai}"]


@pytest.mark.slow
def test_deadline_after_a_single_meeting_resolves_to_a_date(project):
    path = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(  - id: K2\n(?:    .*\n)*?    batas_waktu: )\S+", r'\1"30 hari setelah rapat"', text, count=1)
    path.write_text(text, encoding="utf-8")
    data = listing(project, "--per", "2024-01-20", "--rapat", "rakor-buleleng-2023-12-14")
    [k2] = [b for b in data["butir"] if b["id"] == "rakor-buleleng-2023-12-14/K2"]
    assert k2["batas_waktu"] == "2024-01-13" and k2["terlambat"]  # 14 Dec 2023 + 30 days
    r = cli(project, "build", "rakor-buleleng-2023-12-14", "--only", "notulen", "--per", "2024-01-20")
    assert r.exit_code == 0, r.output
    for t in texts(project / "outputs" / "rakor-buleleng-2023-12-14" / "notulen-rakor-buleleng-2023-12-14"):
        assert flat("13 Januari 2024 (30 hari setelah rapat)") in flat(t)


# --- check: positioned messages ------------------------------------------------------------
def check(project, path):
    r = cli(project, "check", str(path))
    assert r.exit_code == 1, r.output
    return r.output


@pytest.mark.parametrize("old,new,needle,message", [
    # a group where one person is needed
    ("    - kadinsos_kaltim\n    - kaper_bpkp_kaltim", "    - pemkabkota_kaltim\n    - kaper_bpkp_kaltim",
     "    - pemkabkota_kaltim",
     "'pemkabkota_kaltim' adalah kelompok (Pemerintah Kabupaten/Kota se-Kalimantan Timur, 10 anggota), sedangkan "
     "di sini perlu satu orang"),
    # an entry of a group-owned item must say whose it is, and name a member
    ("- {tanggal: 2025-01-22, anggota: pemkab_kukar, status: proses",
     "- {tanggal: 2025-01-22, status: proses", "- {tanggal: 2025-01-22, status: proses",
     "butir ini dipantau per anggota kelompok 'pemkabkota_kaltim' — tulis 'anggota: …' pada riwayat ini "
     "(pilihan: pemkab_berau"),
    ("anggota: pemkab_kukar, status: proses", "anggota: pemkab_kukr, status: proses", "anggota: pemkab_kukr",
     "anggota 'pemkab_kukr' tidak ada pada butir ini — maksud Anda 'pemkab_kukar'?"),
    ("batas_waktu: 2025-02-28\n    riwayat:\n      - {tanggal: 2025-01-15",
     "batas_waktu: dua pekan setelah sesi\n    riwayat:\n      - {tanggal: 2025-01-15", "dua pekan setelah sesi",
     "batas waktu 'dua pekan setelah sesi' tidak dipahami — tulis tanggal (mis. 2025-03-14) atau jangka waktu"),
    ("    berulang: {setiap: triwulan, bulan: [Januari, April, Juli, Oktober], tahun: 2025, tanggal: 25}",
     "    berulang: {setiap: triwulan, bulan: [Januari, April, Juli, Oktober], tahun: 2025, tanggal: 25}\n"
     "    batas_waktu: 2025-12-31", "    batas_waktu: 2025-12-31",
     "butir ini 'berulang': batas waktunya per periode"),
    ("bulan: [Januari, April, Juli, Oktober]", "bulan: [Januari, April, Juli]", "berulang:",
     "'setiap: triwulan' berarti 4 kali setahun, tetapi 'bulan' menyebut 3 (Januari, April, Juli)"),
    ("bulan: [Januari, April, Juli, Oktober]", "bulan: [Januari, Apirl, Juli, Oktober]", "berulang:",
     "'Apirl' bukan nama bulan — maksud Anda 'April'?"),
    ("periode: 2025-01, status: selesai", "status: selesai", "- {tanggal: 2025-01-24, status: selesai",
     "butir ini dipantau per periode — tulis 'periode: …' pada riwayat ini (pilihan: 2025-01, 2025-04"),
])
def test_check_explains_groups_and_deadlines_at_their_place(kaltim, old, new, needle, message):
    path = kaltim / RAKOR_FILE
    replace_in(path, old, new)
    out = check(kaltim, path)
    line = line_of(path, needle)
    assert re.search(rf"{re.escape(path.name)}:{line}:\d+: {re.escape(message)}", out), out


def test_schema_pattern_and_validator_agree_on_relative_deadlines():
    from pydantic import TypeAdapter, ValidationError

    from rapatgen.model.deadline import RELATIVE_PATTERN, BatasWaktu

    adapter = TypeAdapter(BatasWaktu)
    for text in ["2 minggu setelah sesi", "dua minggu setelah sesi", "seminggu setelah rapat", "30 hari sesudah rapat",
                 "dua belas bulan setelah rapat", "2 Minggu setelah sesi", "2 minggu sebelum sesi", "minggu depan",
                 "2 pekan setelah sesi", "2  minggu setelah sesi"]:
        try:
            adapter.validate_python(text)
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == bool(re.match(RELATIVE_PATTERN, text)), text


LATER = """\
id: rapat-evaluasi-kaltim-2025-03-10
jenis: rapat
judul: Rapat Evaluasi Tindak Lanjut Rakor TKPK
tim: tkpk-kaltim
sesi:
  - {tanggal: 2025-03-10, mulai: "09.00", tempat: Ruang Rapat Bappeda Provinsi Kalimantan Timur}
pimpinan: {ketua: kepala_bappeda_kaltim}
pembahasan:
  - {judul: Evaluasi, catatan: Tindak lanjut rakor dievaluasi.}
"""


@pytest.mark.slow
def test_next_meeting_reviews_open_members_and_periods_without_ids(kaltim):
    (kaltim / "agendas" / "2025-03-10-evaluasi.yaml").write_text(LATER, encoding="utf-8")
    r = cli(kaltim, "build", "rapat-evaluasi-kaltim-2025-03-10", "--only", "notulen", "--per", "2025-03-10")
    assert r.exit_code == 0, r.output
    for text in texts(kaltim / "outputs" / "rapat-evaluasi-kaltim-2025-03-10" / "notulen-rapat-evaluasi-kaltim-2025-03-10"):
        f = flat(text)
        assert flat("Tindak lanjut rapat sebelumnya") in f
        # the group item once, with the members still open and how they stand
        assert f.count(flat(K4_ISI)) == 1
        assert flat("masih terbuka 7 kab/kota") in f
        assert flat("Terlambat (dalam proses): Pemerintah Kabupaten Berau, Pemerintah Kabupaten Kutai Kartanegara") in f
        assert flat("Pemerintah Kota Samarinda") not in f  # done
        # the quarterly commitment: the periods still open
        assert flat("masih terbuka 3 periode") in f and flat("April 2025, Juli 2025, Oktober 2025") in f
        assert not INTERNAL_ID.search(text), INTERNAL_ID.search(text)


def test_per_session_deadline_needs_a_series(kaltim):
    path = kaltim / "agendas" / "2024-09-27-fgd-rpkd-kaltim.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("tanggal: 2024-09-2") >= 2  # a two-day meeting, not a series
    new = re.sub(r"(\n  - id: K\d+\n(?:    .*\n)*?    batas_waktu: )\S+", r'\1"2 minggu setelah sesi"', text, count=1)
    path.write_text(new, encoding="utf-8")
    out = check(kaltim, path)
    line = line_of(path, '"2 minggu setelah sesi"')
    assert f"{path.name}:{line}:" in out and "rapat ini bukan rangkaian (rangkaian: true)" in out


def test_group_owned_recurring_commitment_is_tracked_per_member_and_period(kaltim):
    path = kaltim / RAKOR_FILE
    replace_in(path, "    pj: dinsos_kaltim\n    berulang:", "    pj: pemkabkota_kaltim\n    berulang:")
    replace_in(path, "- {tanggal: 2025-01-24, periode: 2025-01,", "- {tanggal: 2025-01-24, anggota: pemkab_paser, periode: 2025-01,")
    data = listing(kaltim, "--per", "2025-05-01", "--semua", "--rapat", RAKOR)
    a2 = {b["id"].split("@", 1)[1]: b for b in data["butir"] if b["butir"] == f"{RAKOR}/A2"}
    assert len(a2) == 40 and a2["pemkab_paser@2025-01"]["status"] == "selesai"
    assert a2["pemkab_paser@2025-04"]["terlambat"] and a2["pemkab_paser@2025-04"]["batas_waktu"] == "2025-04-25"
    assert a2["pemkab_kukar@2025-07"]["rincian"] == "Pemerintah Kabupaten Kutai Kartanegara, Juli 2025"
    assert a2["pemkab_kukar@2025-07"]["progres_butir"] == "1 dari 40 rincian selesai; 19 terlambat"  # 9 of January, 10 of April
    before = path.read_text(encoding="utf-8")
    r = cli(kaltim, "followup", "set", f"{RAKOR}/A2@pemkab_kukar@2025-04", "proses", "--tanggal", "2025-04-20")
    assert r.exit_code == 0, r.output
    assert added_lines(before, path.read_text(encoding="utf-8")) == [
        "      - {tanggal: 2025-04-20, anggota: pemkab_kukar, periode: 2025-04, status: proses}"]
    r = cli(kaltim, "followup", "set", f"{RAKOR}/A2@pemkab_kukar", "proses", "--tanggal", "2025-04-20")
    assert r.exit_code == 2 and "dipantau per periode" in r.output and "2025-04" in r.output


def test_session_occurrence_cannot_be_recorded_before_its_session(project):
    path = project / SOS_FILE
    before = path.read_bytes()
    r = cli(project, "followup", "set", f"{SOS}/K2", "proses", "--sesi", "4", "--tanggal", "2025-02-20")
    assert r.exit_code == 2 and "sebelum sesi 4 (2025-02-26)" in r.output
    assert path.read_bytes() == before
    replace_in(path, "- {tanggal: 2025-03-03, sesi: 2,", "- {tanggal: 2025-02-18, sesi: 2,")
    out = check(project, path)
    assert f"{path.name}:{line_of(path, 'tanggal: 2025-02-18, sesi: 2')}:" in out
    assert "tanggal 2025-02-18 sebelum sesi 2 (2025-02-19)" in out


def test_berita_acara_without_parties_is_signed_by_the_members_that_were_there(kaltim):
    from rapatgen.documents.berita_acara import compose_berita_acara
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context

    path = kaltim / RAKOR_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("  pihak:\n")
    end = text.index("  mengetahui:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    proj = load_project(kaltim)
    m = proj.meeting(RAKOR).model
    doc = compose_berita_acara(Context(proj.config, proj.directory, proj.root, m.sesi[0].tanggal), m)
    table = [b for b in doc.sections[0].blocks if type(b).__name__ == "Table"][-1]
    signers = ["".join(r.text for r in row[2].content[0]) for row in table.rows]
    # K4's pj is the group of the ten kab/kota governments: none of their heads was at the rakor, so none signs
    # (issue 18 review: a party signs only when it was there); the four kab/kota Bappeda of K2 came and sign
    assert not [s for s in signers if s.startswith(("Bupati", "Wali Kota"))]
    for bappeda in ("Kota Samarinda", "Kota Balikpapan", "Kabupaten Kutai Kartanegara", "Kabupaten Berau"):
        assert len([s for s in signers if s.endswith(bappeda)]) == 1, bappeda


def test_schema_and_validator_agree_on_months_and_periods():
    import jsonschema
    from pydantic import TypeAdapter, ValidationError

    from rapatgen.model.deadline import Bulan, PeriodeId

    for annotation, values in ((Bulan, [1, 12, 13, 0, "April", "april", "4", "Apirl"]),
                               (PeriodeId, ["2025-04", "2025-4", "2025-13", "2025-00", " 2025-04", "April 2025"])):
        adapter = TypeAdapter(annotation)
        schema = adapter.json_schema()
        for value in values:
            try:
                adapter.validate_python(value)
                accepted = True
            except ValidationError:
                accepted = False
            assert accepted == jsonschema.Draft202012Validator(schema).is_valid(value), value
