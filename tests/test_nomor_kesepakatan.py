"""`kesepakatan_provinsi.nomor` as a province prints it (closing note of stop 27, "Older leftovers"): real
berita acara number their agreements "3.a" or "II.2", not only 4. The kab/kota writes the number as
printed; its notulen, berita acara and matriks tindak lanjut print it as written, `rapatgen ekspor`
carries it as written, integers keep working, and a number no document can hold is refused at its
file:line:col. A province whose own berita acara numbers 1, 2, 3 names a text number it cannot find."""

import csv
import io
import json

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in, uji_meeting, write_meeting
from tests.readback import docx_text, flat, pdf_text
from tests.test_rekap_status import RAKOR, impor, provinsi, variant  # noqa: F401 (fixture)

YAML = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


def test_a_number_as_printed_is_printed_as_written_and_exported_as_written(project):
    replace_in(project / YAML, "    pj: perkimta_bll\n    batas_waktu: 2024-06-30\n",
               "    pj: perkimta_bll\n    batas_waktu: 2024-06-30\n"
               "    kesepakatan_provinsi: {tanggal: 2023-11-20, nomor: II.2}\n")
    replace_in(project / YAML, "    pj: dpmd_bll\n    batas_waktu: 2024-03-31\n",
               "    pj: dpmd_bll\n    batas_waktu: 2024-03-31\n"
               "    kesepakatan_provinsi: {tanggal: 2023-11-20, nomor: 3.10}\n")  # unquoted: its zero kept
    r = CliRunner().invoke(main, ["build", "rakor-buleleng-2023-12-14", "--per", "2025-03-31", "-q",
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    folder = project / "outputs" / "rakor-buleleng-2023-12-14"
    for kind in ("notulen", "berita-acara", "tindak-lanjut"):
        stem = folder / f"{kind}-rakor-buleleng-2023-12-14"
        for text in (flat(docx_text(stem.with_suffix(".docx"))), flat(pdf_text(stem.with_suffix(".pdf")))):
            assert flat("indaklanjuti kesepakatan nomor II.2 rapat TKPK") in text, kind
            assert flat("indaklanjuti kesepakatan nomor 3.10 rapat TKPK") in text, kind
    r = CliRunner().invoke(main, ["ekspor", "--per", "2025-03-31", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    data = json.loads((project / "outputs" / "ekspor" / "ekspor.json").read_text(encoding="utf-8"))
    refs = {row["id"]: row["kesepakatan_provinsi"]["nomor"] for row in data["baris"] if row.get("kesepakatan_provinsi")}
    assert refs == {"rakor-buleleng-2023-12-14/K2": "II.2", "rakor-buleleng-2023-12-14/K3": "3.10"}
    text = (project / "outputs" / "ekspor" / "ekspor.csv").read_text(encoding="utf-8-sig")
    cells = {row["id"]: row["kesepakatan_provinsi"] for row in csv.DictReader(io.StringIO(text))}
    assert cells["rakor-buleleng-2023-12-14/K2"] == "2023-11-20 nomor II.2"


def test_a_number_no_document_can_hold_is_refused_at_its_place(project):
    path = write_meeting(project, uji_meeting(
        "  - id: K1\n    isi: Spasi.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: \"3 a\"}\n"
        "  - id: K2\n    isi: Terlalu besar.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 1001}\n"
        "  - id: K3\n    isi: Daftar.\n    pj: bappeda_bll\n"
        "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: [3]}\n"))
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    lines = [x for x in r.output.splitlines() if path.name in x]
    assert any(":14:56:" in x and "nomor kesepakatan '3 a' tidak dapat dipakai" in x and '"II.2"' in x
               for x in lines), r.output
    assert any(":18:56:" in x and "nomor kesepakatan 1001 terlalu besar (maksimal 1000)" in x for x in lines), r.output
    assert any(":22:" in x and "nomor kesepakatan harus angka atau teks" in x for x in lines), r.output


def test_4_and_quoted_4_are_one_agreement_answered_twice(project):
    answer = ("  - id: K1\n    isi: Verval.\n    pj: bappeda_bll\n    batas_waktu: 2025-04-30\n"
              "    kesepakatan_provinsi: {tanggal: 2024-12-19, nomor: 4}\n")
    write_meeting(project, uji_meeting(answer))
    second = uji_meeting(answer.replace("id: K1", "id: K7").replace("nomor: 4}", 'nomor: "4"}'))
    write_meeting(project, second.replace("id: uji-1", "id: uji-2"), "agendas/zzz-uji.yaml")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1
    assert any("zzz-uji.yaml:15:" in x and "sudah dijawab" in x for x in r.output.splitlines()), r.output


def test_the_province_names_a_text_number_it_cannot_find_and_finds_a_quoted_integer(provinsi, tmp_path):  # noqa: F811
    result = impor(provinsi, variant(tmp_path, "teks", 2, "2025-04-10T02:00:00Z", nomor="4.a"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("TIDAK DIKENAL"))
    assert "teks/kabkota/berau/ekspor.json, baris 7 (rakor-berau-1/K3)" in line, line
    assert "kesepakatan nomor 4.a rapat provinsi 19 Desember 2024: nomor '4.a' tidak ada" in line, line
    assert "Rakor TKPK 19 Desember 2024: 1 s.d. 4" in line, line
    result = impor(provinsi, variant(tmp_path, "kutip", 3, "2025-04-11T02:00:00Z", nomor="4"))
    assert result.exit_code == 0 and "TIDAK DIKENAL" not in result.output, result.output
    assert 'sumber: "rekap/kabupaten-berau.json"' in (provinsi / RAKOR).read_text(encoding="utf-8")
