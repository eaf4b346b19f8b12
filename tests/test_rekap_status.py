"""`rapatgen rekap impor` records what a kab/kota reports about a provincial agreement (issue 21 item 2).

The kab/kota's row answering the agreement (`kesepakatan_provinsi`) updates that member's status in the
provincial meeting file — the store `followup set` writes — with the kab/kota's date and the kept file as
`sumber`; never over a status the province recorded itself (a conflict, listed by `rekap impor` and in the
roll-up's section D); a later export updates, the same or an older one changes nothing; a reference to no
agreement, or to one the kab/kota does not own, is named with its file and row.
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from rapatgen.check.project import load_project
from rapatgen.cli import main
from rapatgen.model import occurrences as occ
from tests.conftest import KALTIM_ROOT, ROOT
from tests.test_rekap import received

KIRIMAN = ROOT / "contoh" / "kaltim-kabkota" / "kabkota"
RAKOR = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
BERAU_BY_HAND = ("      - {tanggal: 2025-02-14, anggota: pemkab_berau, status: proses, catatan: Menunggu hasil "
                 "musyawarah desa.}\n")


def impor(project: Path, folder: Path):
    return CliRunner().invoke(main, ["rekap", "impor", str(folder), "--proyek", str(project)])


def without_imports(text: str) -> str:
    """The provincial meeting file as before any kab/kota export was recorded in it."""
    return "".join(line for line in text.splitlines(keepends=True) if 'sumber: "rekap/' not in line)


@pytest.fixture
def provinsi(kaltim) -> Path:
    """The Kaltim example before its first `rekap impor`: no kept exports, no status recorded from one."""
    shutil.rmtree(kaltim / "rekap")
    path = kaltim / RAKOR
    path.write_text(without_imports(path.read_text(encoding="utf-8")), encoding="utf-8")
    return kaltim


def berau(project: Path) -> list:
    """K4's history for Kabupaten Berau, as the provincial tracker reads it."""
    m = load_project(project).meeting("rakor-kaltim-2024-12-19").model
    item = next(it for it in m.kesepakatan if it.id == "K4")
    part = next(r for r in occ.expand(m, item, load_project(project).directory) if r.anggota == "pemkab_berau")
    return occ.history(item, part)


def variant(tmp_path: Path, name: str, urutan: int, diekspor: str, **row) -> Path:
    """Berau's example export, a later one: its row answering the provincial agreement changed."""
    data = json.loads((KIRIMAN / "berau" / "ekspor.json").read_text(encoding="utf-8"))
    data.update(urutan=urutan, diekspor=diekspor)
    answer = next(r for r in data["baris"] if r["kesepakatan_provinsi"])
    for key, value in row.items():
        if key == "nomor" or key == "tanggal":
            answer["kesepakatan_provinsi"][key] = value
        else:
            answer[key] = value
    return received(tmp_path / name, "berau", data)


def test_the_members_status_is_recorded_with_its_date_and_source_as_the_committed_example_holds(provinsi):
    result = impor(provinsi, KIRIMAN)
    assert result.exit_code == 0, result.output
    last = berau(provinsi)[-1]
    assert (last.status, last.tanggal, last.sumber) == ("proses", date(2025, 2, 20), "rekap/kabupaten-berau.json")
    assert "Kabupaten Berau" in last.catatan and "urutan 1" in last.catatan
    line = next(x for x in result.output.splitlines() if x.startswith("DICATAT"))
    assert "Rakor TKPK 19 Desember 2024, kesepakatan nomor 4" in line and "Kabupaten Berau" in line
    assert "1 status anggota dicatat" in result.output and "2 sama" in result.output
    # the tracker as the secretariat lists it
    listed = CliRunner().invoke(main, ["followup", "list", "--json", "--pj", "pemkab_berau", "--per", "2025-03-31",
                                       "--proyek", str(provinsi)])
    item = json.loads(listed.output)["butir"][0]
    assert (item["status"], item["tanggal_perubahan_terakhir"], item["laporan_kabkota"]) == \
        ("proses", "2025-02-20", "rekap/kabupaten-berau.json")
    # README's first command finds the example already imported: the committed file is what impor writes
    assert (provinsi / RAKOR).read_bytes() == (KALTIM_ROOT / RAKOR).read_bytes()


def test_a_second_run_or_the_same_files_again_change_nothing(provinsi):
    assert impor(provinsi, KIRIMAN).exit_code == 0
    path = provinsi / RAKOR
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    again = impor(provinsi, KIRIMAN)
    assert again.exit_code == 0, again.output
    assert "DICATAT" not in again.output and "0 status anggota dicatat" in again.output
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_later_export_updates_and_an_older_one_changes_nothing(provinsi, tmp_path):
    assert impor(provinsi, KIRIMAN).exit_code == 0
    later = variant(tmp_path, "baru", 2, "2025-05-02T02:00:00Z", status_dicatat="selesai",
                    tanggal_status="2025-04-28", nilai="selesai")
    result = impor(provinsi, later)
    assert result.exit_code == 0, result.output
    assert "'proses' → 'selesai' per 28 April 2025" in result.output
    steps = berau(provinsi)
    assert [(s.status, s.tanggal, s.sumber) for s in steps[-2:]] == [
        ("proses", date(2025, 2, 20), "rekap/kabupaten-berau.json"),
        ("selesai", date(2025, 4, 28), "rekap/kabupaten-berau.json")]
    text = (provinsi / RAKOR).read_bytes()
    older = impor(provinsi, KIRIMAN)  # urutan 1 again, after urutan 2
    assert older.exit_code == 0 and "lebih lama dari yang tersimpan" in older.output
    assert "DICATAT" not in older.output and (provinsi / RAKOR).read_bytes() == text


def test_never_over_a_status_the_province_recorded_itself(provinsi, tmp_path):
    """The province wrote Berau's status by hand; the kab/kota reports another: listed, not written, and the
    roll-up's section D names the conflict for the secretariat."""
    path = provinsi / RAKOR
    text = path.read_text(encoding="utf-8")
    anchor = "      - {tanggal: 2025-02-12, anggota: pemkot_bontang"
    head, tail = text.split(anchor)
    tail_lines = tail.split("\n", 1)
    path.write_text(head + anchor + tail_lines[0] + "\n" + BERAU_BY_HAND + tail_lines[1], encoding="utf-8")
    before = path.read_bytes()
    done = variant(tmp_path, "selesai", 2, "2025-04-10T02:00:00Z", status_dicatat="selesai",
                   tanggal_status="2025-03-20", nilai="selesai")
    result = impor(provinsi, done)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("KONFLIK"))
    assert "provinsi mencatat 'proses' (14 Februari 2025)" in line and "Kabupaten Berau melaporkan 'selesai'" in line
    assert "berau/ekspor.json, baris" in line and "tidak dicatat" in line
    assert "1 konflik" in result.output and path.read_bytes() == before
    assert berau(provinsi)[-1].sumber is None
    rekap = CliRunner().invoke(main, ["rekap", "--proyek", str(provinsi)])
    assert rekap.exit_code == 0, rekap.output
    ws = openpyxl.load_workbook(provinsi / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Perbandingan"]
    row = next([ws.cell(r, c).value for c in range(1, 6)] for r in range(1, ws.max_row + 1)
               if ws.cell(r, 1).value == "Kabupaten Berau")
    assert row[2:4] == ["terlambat", "selesai"] and row[4].startswith("konflik: provinsi mencatat sendiri")
    from tests.readback import pdf_text

    pdf = pdf_text(provinsi / "outputs" / "laporan" / "rekap-kabkota-2025.pdf")
    assert "konflik" in pdf and "1 konflik" in pdf


def test_a_report_going_backwards_is_a_conflict_never_written(provinsi, tmp_path):
    done = variant(tmp_path, "selesai", 2, "2025-04-10T02:00:00Z", status_dicatat="selesai",
                   tanggal_status="2025-03-20", nilai="selesai")
    assert impor(provinsi, done).exit_code == 0
    assert berau(provinsi)[-1].status == "selesai"
    before = (provinsi / RAKOR).read_bytes()
    back = variant(tmp_path, "mundur", 3, "2025-05-10T02:00:00Z", status_dicatat="proses",
                   tanggal_status="2025-05-01", nilai="proses")
    result = impor(provinsi, back)
    assert result.exit_code == 0, result.output
    assert "laporan mundur tidak dicatat" in result.output and (provinsi / RAKOR).read_bytes() == before


def test_the_roll_up_marks_a_status_recorded_from_a_kabkota_report(kaltim):
    result = CliRunner().invoke(main, ["rekap", "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(kaltim / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Perbandingan"]
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 6)] for r in range(1, ws.max_row + 1)}
    assert rows["Kabupaten Berau"][4] == ("dicatat dari laporan kab/kota, 20 Februari 2025 "
                                          "(rekap/kabupaten-berau.json)")
    assert rows["Kota Samarinda"][4] == "sama"


@pytest.mark.parametrize("change, says", [
    ({"nomor": 9}, "kesepakatan nomor 9 rapat provinsi 19 Desember 2024: tidak ada — jumlah kesepakatan rapat "
                   "tanggal itu Rakor TKPK 19 Desember 2024: 4"),
    ({"tanggal": "2024-12-20"}, "tidak ada rapat provinsi pada tanggal itu (rapat terdekat: FGD TKPK 27 September "
                                "2024; Rapat Konsolidasi TKPK 4 Desember 2024; Rakor TKPK 19 Desember 2024)"),
    ({"nomor": 2}, "Kabupaten Berau bukan penanggung jawabnya (pj: Badan Perencanaan"),
])
def test_an_unknown_reference_names_the_file_and_the_row(provinsi, tmp_path, change, says):
    folder = variant(tmp_path, "salah", 2, "2025-04-10T02:00:00Z", **change)
    before = (provinsi / RAKOR).read_bytes()
    result = impor(provinsi, folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("TIDAK DIKENAL"))
    assert "salah/kabkota/berau/ekspor.json, baris 7 (rakor-berau-1/K3)" in line and says in line, line
    assert "berkas ekspornya tetap disimpan" in result.output
    assert json.loads((provinsi / "rekap" / "kabupaten-berau.json").read_text("utf-8"))["urutan"] == 2
    assert (provinsi / RAKOR).read_bytes() == before


def test_a_status_written_by_hand_meanwhile_wins(provinsi):
    """Decided again under the meeting file's lock: a `followup set` between reading and writing is kept."""
    from rapatgen.report.rekap_impor import kept_exports
    from rapatgen.report.rekap_status import CATAT, DIPUTUSKAN, match, record

    shutil.copytree(KIRIMAN.parent.parent / "kaltim" / "rekap", provinsi / "rekap")
    stale = load_project(provinsi)
    plan = match(stale, kept_exports(stale))
    assert [j.kabkota for j in plan.of(CATAT)] == ["Kabupaten Berau"]
    set_by_hand = CliRunner().invoke(main, ["followup", "set", "rakor-kaltim-2024-12-19/K4@pemkab_berau", "selesai",
                                            "--tanggal", "2025-03-01", "--proyek", str(provinsi)])
    assert set_by_hand.exit_code == 0, set_by_hand.output
    record(stale, plan, date.today())
    # the province's own status, dated after Berau's report: the secretariat's decision, kept (not a conflict)
    assert plan.dicatat == [] and [j.kabkota for j in plan.of(DIPUTUSKAN)] == ["Kabupaten Berau"]
    assert [(s.status, s.sumber) for s in berau(provinsi)] == [("selesai", None)]


def test_a_run_killed_after_storing_is_completed_by_the_next(provinsi, monkeypatch):
    from rapatgen.report import rekap_status

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(rekap_status, "record", killed)
    with pytest.raises(KeyboardInterrupt):
        from rapatgen.report.rekap_impor import import_exports

        import_exports(load_project(provinsi), KIRIMAN)
    assert len(list((provinsi / "rekap").glob("*.json"))) == 3 and berau(provinsi) == []
    monkeypatch.undo()
    leftover = provinsi / "agendas" / ".2024-12-19-rakor-tkpk-kaltim.yaml.abc123.tmp"  # a killed atomic write
    leftover.write_text("kesepakatan: [", encoding="utf-8")
    result = impor(provinsi, KIRIMAN)
    assert result.exit_code == 0, result.output
    assert "0 berkas disimpan" in result.output and "1 status anggota dicatat" in result.output
    assert not leftover.exists() and (provinsi / RAKOR).read_bytes() == (KALTIM_ROOT / RAKOR).read_bytes()


@pytest.mark.slow
def test_two_imports_at_once_record_each_status_once(provinsi):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "rapatgen", "rekap", "impor", str(KIRIMAN), "--proyek", str(provinsi)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
            for _ in range(2)]
    outputs = [(p.wait(timeout=120), p.stdout.read()) for p in runs]
    assert [rc for rc, _ in outputs] == [0, 0], outputs
    assert sum(out.count("DICATAT") for _, out in outputs) == 1
    assert (provinsi / RAKOR).read_bytes() == (KALTIM_ROOT / RAKOR).read_bytes()


@pytest.mark.parametrize("change, says", [
    ({"tanggal": "kemarin"}, 'kesepakatan_provinsi.tanggal): nilai "kemarin" bukan tanggal TTTT-BB-HH'),
    ({"tanggal": "2024-13-45"}, "(pada baris[7].kesepakatan_provinsi.tanggal): bukan tanggal yang ada"),
    ({"status_dicatat": "done"}, '(pada baris[7].status_dicatat): nilai "done" bukan salah satu dari: "belum", '
                                 '"proses", "selesai", "tidak_dapat", null'),
    ({"tanggal_status": "20-02-2025"}, '(pada baris[7].tanggal_status): nilai "20-02-2025" bukan tanggal'),
    ({"nomor": "4 a"}, '(pada baris[7].kesepakatan_provinsi.nomor): nilai "4 a" harus bilangan bulat atau teks'),
])
def test_a_damaged_reference_refuses_the_file_in_indonesian(provinsi, tmp_path, change, says):
    folder = variant(tmp_path, "rusak", 2, "2025-04-10T02:00:00Z", **change)
    result = impor(provinsi, folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("DITOLAK"))
    assert "rusak/kabkota/berau/ekspor.json" in line and says in line, line
    assert not (provinsi / "rekap").exists()


def test_the_status_is_written_under_the_project_lock_and_the_meeting_files_lock(provinsi, monkeypatch):
    from filelock import FileLock, Timeout

    from rapatgen.files import atomic
    from rapatgen.files.state import file_lock_path, lock_path
    from rapatgen.followup import edit

    seen = []
    real = edit.write_atomic

    def held(path) -> str:
        try:
            FileLock(str(path)).acquire(timeout=0)
            return "free"
        except Timeout:
            return "held"

    def spy(path, data, durable=True):
        seen.append((Path(path).name, held(lock_path(provinsi, atomic.PROJECT_LOCK)), held(file_lock_path(Path(path)))))
        return real(path, data, durable)

    monkeypatch.setattr(edit, "write_atomic", spy)
    assert impor(provinsi, KIRIMAN).exit_code == 0
    assert seen == [("2024-12-19-rakor-tkpk-kaltim.yaml", "held", "held")]


def test_after_recording_the_roll_up_numbers_are_still_the_sums_of_the_kabkota_files(provinsi, tmp_path):
    """The statuses recorded in the provincial file do not enter section A: its counts stay those of the files."""
    import tests.test_rekap_report as report

    assert impor(provinsi, KIRIMAN).exit_code == 0
    later = variant(tmp_path, "baru", 2, "2025-05-02T02:00:00Z", status_dicatat="selesai",
                    tanggal_status="2025-04-28", nilai="selesai")
    assert impor(provinsi, later).exit_code == 0
    result = CliRunner().invoke(main, ["rekap", "--proyek", str(provinsi)])
    assert result.exit_code == 0, result.output
    report.test_the_workbook_holds_each_kabkota_as_its_file_says_and_the_totals_are_their_sums(provinsi)
    assert report.expected(provinsi, 2025)["Kabupaten Berau"]["prov"]["selesai"] == 1


def test_an_agreement_owned_by_the_kabkota_itself_gets_an_entry_without_member(provinsi, tmp_path):
    path = provinsi / RAKOR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    pj: bappeda_kaltim\n    terkait: [bappeda_samarinda",
                                 "    pj: pemkab_berau\n    terkait: [bappeda_samarinda", 1), encoding="utf-8")
    folder = variant(tmp_path, "k2", 2, "2025-04-10T02:00:00Z", nomor=2)
    result = impor(provinsi, folder)
    assert result.exit_code == 0, result.output
    assert "kesepakatan nomor 2: Kabupaten Berau 'belum' → 'proses' per 20 Februari 2025" in result.output
    m = load_project(provinsi).meeting("rakor-kaltim-2024-12-19").model
    entry = m.kesepakatan[1].riwayat[-1]
    assert (entry.anggota, entry.status, entry.sumber) == (None, "proses", "rekap/kabupaten-berau.json")


def test_a_different_file_with_the_same_sequence_is_not_called_the_same(provinsi, tmp_path):
    assert impor(provinsi, KIRIMAN).exit_code == 0
    data = json.loads((KIRIMAN / "berau" / "ekspor.json").read_text(encoding="utf-8"))
    data["baris"][0]["nilai"] = 1.5
    path = tmp_path / "ubah" / "berau" / "ekspor.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = impor(provinsi, tmp_path / "ubah")
    assert result.exit_code == 0, result.output
    assert "isinya berbeda — tidak disimpan" in result.output and "berkas yang sama" not in result.output
    assert (provinsi / "rekap" / "kabupaten-berau.json").read_bytes() == (KIRIMAN / "berau" / "ekspor.json").read_bytes()


def test_a_kept_file_damaged_by_hand_is_named_and_the_others_are_still_recorded(provinsi, tmp_path):
    (provinsi / "rekap").mkdir()
    bad = provinsi / "rekap" / "kota-bontang.json"
    bad.write_text('{"format": "rapatgen-ekspor", "versi": 2, "baris": [', encoding="utf-8")
    result = impor(provinsi, KIRIMAN)
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("TIDAK DICATAT"))
    assert "rekap/kota-bontang.json:1:" in line and "bukan JSON yang utuh" in line and "impor ulang" in line
    assert berau(provinsi)[-1].sumber == "rekap/kabupaten-berau.json"


def test_a_series_with_one_berita_acara_per_session_is_numbered_as_that_sessions_record(project):
    """Session 2's berita acara lists K1, K2 and K4 (K3 was agreed in session 1): its 'nomor 3' is K4."""
    from rapatgen.model.ekspor import BarisEkspor, RujukanProvinsi
    from rapatgen.report.rekap_status import Jawaban, _dates, _find

    path = project / "agendas" / "2025-02-sosialisasi-dtsen-buleleng.yaml"
    text = path.read_text(encoding="utf-8").replace("notulen:\n  peserta: daftar\n",
                                                    "notulen:\n  peserta: daftar\nberita_acara: {per_sesi: true}\n")
    text += (
        "  - {id: K3, isi: Kesepakatan sesi satu., pj: kec_gerokgak, batas_waktu: 2025-03-31, sesi: [1]}\n"
        "  - {id: K4, isi: Kesepakatan sesi dua., pj: kec_seririt, batas_waktu: 2025-03-31, sesi: [2]}\n")
    path.write_text(text, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.index("id: K4") > text.index("id: K3") > text.index("id: K2")  # appended after the riwayat of K2
    p = load_project(project)
    row = BarisEkspor(jenis="tindak_lanjut", wilayah="Uji", indikator="Status tindak lanjut", periode="", nilai="proses",
                      id="rakor-uji/K1", status_dicatat="proses", tanggal_status="2025-03-01",
                      kesepakatan_provinsi=RujukanProvinsi(tanggal="2025-02-19", nomor=3))
    j = Jawaban("Uji", "rekap/uji.json", "rekap/uji.json", 1, row, 1, "2025-03-31")
    _find(j, _dates([mf.model for mf in p.meetings]), {"Pemerintah Uji": "kec_seririt"}, p.directory, "TKPK")
    assert j.butir and j.butir.endswith("/K4"), j.pesan
    assert "kesepakatan nomor 4" in j.sumber  # the province's own label: the notulen's number
