"""A kab/kota's follow-up that answers a provincial agreement (issue 21 item 2, the kab/kota's side).

The kab/kota writes `kesepakatan_provinsi: {tanggal, nomor}` — the provincial meeting's date and the
agreement's number as the province's signed berita acara prints them — on the item; `rapatgen check`
places every mistake at its file:line:col; `rapatgen ekspor` (format version 2) carries it with the
item's last recorded status and its date; a version 1 file still imports.
"""

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import ROOT, UJI_FILE, uji_meeting, write_meeting

SCHEMA = json.loads((ROOT / "schema" / "ekspor.schema.json").read_text(encoding="utf-8"))
ANSWER = """\
  - id: K1
    isi: Pemerintah kabupaten melakukan verval data P3KE dan DTKS.
    pj: bappeda_bll
    batas_waktu: 2025-04-30
    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 4}
    riwayat:
      - {tanggal: 2025-03-20, status: proses, catatan: Verval berjalan.}
"""


def check(project: Path):
    return CliRunner().invoke(main, ["check", "--proyek", str(project)])


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if UJI_FILE.split("/")[-1] in line]


def test_the_reference_travels_through_ekspor_with_the_status_recorded_and_its_date(project):
    write_meeting(project, uji_meeting(ANSWER))
    assert check(project).exit_code == 0
    result = CliRunner().invoke(main, ["ekspor", "--per", "2025-05-15", "--proyek", str(project)])
    assert result.exit_code == 0, result.output
    data = json.loads((project / "outputs" / "ekspor" / "ekspor.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["versi"] == 2
    row = next(r for r in data["baris"] if r["id"] == "uji-1/K1")
    assert row["nilai"] == "terlambat"  # derived on 'per' (deadline 30 April) …
    assert (row["status_dicatat"], row["tanggal_status"]) == ("proses", "2025-03-20")  # … the status written
    assert row["kesepakatan_provinsi"] == {"tanggal": "2024-12-19", "nomor": 4, "rapat": None}
    others = [r for r in data["baris"] if r["jenis"] == "tindak_lanjut" and r["id"] != "uji-1/K1"]
    assert others and all(r["kesepakatan_provinsi"] is None for r in others)
    assert all(r["status_dicatat"] in ("belum", "proses", "selesai", "tidak_dapat") for r in others)
    text = (project / "outputs" / "ekspor" / "ekspor.csv").read_text(encoding="utf-8-sig")
    csv_row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "uji-1/K1")
    assert csv_row["kesepakatan_provinsi"] == "2024-12-19 nomor 4"
    assert (csv_row["status_dicatat"], csv_row["tanggal_status"]) == ("proses", "2025-03-20")


def test_a_status_recorded_after_per_is_not_exported_as_of_per(project):
    later = ANSWER + "      - {tanggal: 2025-06-01, status: selesai, catatan: Selesai.}\n"
    write_meeting(project, uji_meeting(later))
    assert CliRunner().invoke(main, ["ekspor", "--per", "2025-05-15", "--proyek", str(project)]).exit_code == 0
    data = json.loads((project / "outputs" / "ekspor" / "ekspor.json").read_text(encoding="utf-8"))
    row = next(r for r in data["baris"] if r["id"] == "uji-1/K1")
    assert (row["status_dicatat"], row["tanggal_status"]) == ("proses", "2025-03-20")


def _at(output: str, line: int) -> str:
    found = [x for x in problem_lines(output) if f"zz-uji.yaml:{line}:" in x]
    assert found, (line, output)
    return " ".join(found)


def test_check_places_a_misspelt_reference_at_its_line_and_column(project):
    write_meeting(project, uji_meeting(
        "  - id: K1\n    isi: Tanggal salah.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 19-12-2024, nomor: 4}\n"
        "  - id: K2\n    isi: Nomor nol.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 0}\n"
        "  - id: K3\n    isi: Kunci salah.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, no: 3}\n"))
    result = check(project)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "zz-uji.yaml:14:37:" in _at(result.output, 14) and "TTTT-BB-HH" in _at(result.output, 14)
    assert "zz-uji.yaml:18:56:" in _at(result.output, 18) and "terlalu kecil (minimal 1)" in _at(result.output, 18)
    assert "'no'" in _at(result.output, 22) and "tanggal, nomor, rapat" in _at(result.output, 22)


def test_check_refuses_a_reference_on_an_item_the_province_cannot_record(project):
    write_meeting(project, uji_meeting(
        "  - id: K1\n    isi: Tidak dipantau.\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 2}\n"
        "  - id: K2\n    isi: Dipantau per anggota.\n    pj: opd_tkpk_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 3}\n"))
    result = check(project)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "zz-uji.yaml:13:" in _at(result.output, 13) and "tanpa 'pj' tidak dipantau" in _at(result.output, 13)
    assert "dipantau per anggota kelompok" in _at(result.output, 17)


def test_one_provincial_agreement_answered_twice_is_named_at_the_second(project):
    write_meeting(project, uji_meeting(ANSWER))
    second = uji_meeting(ANSWER.replace("id: K1", "id: K7")).replace("id: uji-1", "id: uji-2")
    write_meeting(project, second, "agendas/zzz-uji.yaml")
    result = check(project)
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "sudah dijawab" in x)
    assert "zzz-uji.yaml:15:" in line and "uji-1/K1" in line and "19 Desember 2024" in line


def test_a_provincial_project_does_not_answer_itself(kaltim):
    path = kaltim / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    pj: diskominfo_kaltim\n",
                                 "    pj: diskominfo_kaltim\n    kesepakatan_provinsi: {tanggal: 2024-12-04, nomor: 1}\n"),
                    encoding="utf-8")
    result = check(kaltim)
    assert result.exit_code == 1
    assert "2024-12-19-rakor-tkpk-kaltim.yaml:" in result.output and "proyek ini tingkat provinsi" in result.output


def test_a_history_source_is_only_what_rekap_impor_writes(kaltim):
    path = kaltim / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("catatan: Tim verval desa dibentuk.}", "catatan: Tim verval desa dibentuk., "
                                                                         "sumber: surat bupati}"), encoding="utf-8")
    result = check(kaltim)
    assert result.exit_code == 1
    assert "'sumber' pada riwayat ditulis 'rapatgen rekap impor'" in result.output


def test_a_version_1_export_still_imports(kaltim, tmp_path):
    shutil.rmtree(kaltim / "rekap")
    data = json.loads((ROOT / "contoh" / "kaltim-kabkota" / "kabkota" / "berau" / "ekspor.json").read_text("utf-8"))
    data["versi"] = 1
    for row in data["baris"]:
        for key in ("status_dicatat", "tanggal_status", "kesepakatan_provinsi"):
            del row[key]
    path = tmp_path / "kiriman" / "berau" / "ekspor.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["rekap", "impor", str(tmp_path / "kiriman"), "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    assert "1 berkas disimpan" in result.output
    data["versi"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["rekap", "impor", str(tmp_path / "kiriman"), "--proyek", str(kaltim)])
    assert result.exit_code == 1 and "versi berkas ekspor 3, yang dikenal versi 1, 2" in result.output
