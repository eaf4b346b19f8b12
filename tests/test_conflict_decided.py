"""A conflict between the province's own status and a kab/kota's report is listed until the secretariat
decides (closing note of stop 27, "Older leftovers": it stayed listed after the decision)."""

import openpyxl
from click.testing import CliRunner

from rapatgen.cli import main
from tests.test_rekap_status import BERAU_BY_HAND, RAKOR, impor, provinsi, variant  # noqa: F401 (fixture)

BUTIR = "rakor-kaltim-2024-12-19/K4@pemkab_berau"


def _conflict(project, tmp_path):
    """Berau's status written by hand 'proses' (14 February 2025); Berau reports 'selesai' (20 March 2025)."""
    path = project / RAKOR
    text = path.read_text(encoding="utf-8")
    anchor = "      - {tanggal: 2025-02-12, anggota: pemkot_bontang"
    head, tail = text.split(anchor)
    first, rest = tail.split("\n", 1)
    path.write_text(head + anchor + first + "\n" + BERAU_BY_HAND + rest, encoding="utf-8")
    done = variant(tmp_path, "selesai", 2, "2025-04-10T02:00:00Z", status_dicatat="selesai",
                   tanggal_status="2025-03-20", nilai="selesai")
    result = impor(project, done)
    assert result.exit_code == 0 and "KONFLIK" in result.output, result.output
    return done


def _section_d(project) -> str:
    r = CliRunner().invoke(main, ["rekap", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(project / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Perbandingan"]
    return next(ws.cell(r, 5).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kabupaten Berau")


def test_the_secretariat_keeping_the_provinces_status_ends_the_conflict(provinsi, tmp_path):  # noqa: F811
    """Reproduced on 705b452: after `followup set … proses` (12 April 2025, the decision on Berau's 'selesai'
    of 20 March), `rekap impor` still printed KONFLIK asking for that very command, and section D of the
    roll-up still said 'konflik'. Now it is named as decided, and the province's decision is kept."""
    done = _conflict(provinsi, tmp_path)
    assert _section_d(provinsi).startswith("konflik: provinsi mencatat sendiri")
    r = CliRunner().invoke(main, ["followup", "set", BUTIR, "proses", "--tanggal", "2025-04-12", "--catatan",
                                  "Diputuskan sekretariat: laporan selesai belum disertai bukti.",
                                  "--proyek", str(provinsi)])
    assert r.exit_code == 0, r.output
    before = (provinsi / RAKOR).read_bytes()
    again = impor(provinsi, done)
    assert again.exit_code == 0 and "KONFLIK" not in again.output, again.output
    line = next(x for x in again.output.splitlines() if x.startswith("DIPUTUSKAN"))
    assert ("sekretariat memutuskan 'proses' (12 April 2025) atas laporan Kabupaten Berau 'selesai' (20 Maret 2025"
            in line), line
    assert "0 konflik (diputuskan sekretariat), 1 sudah diputuskan sekretariat" in again.output
    assert (provinsi / RAKOR).read_bytes() == before  # the decision is kept, nothing written over it
    assert _section_d(provinsi) == "berbeda — sudah diputuskan sekretariat, 12 April 2025"
    from tests.readback import flat, pdf_text

    pdf = flat(pdf_text(provinsi / "outputs" / "laporan" / "rekap-kabkota-2025.pdf"))
    assert flat("0 konflik, 1 sudah diputuskan sekretariat") in pdf and flat("sudah diputuskan sekretariat, 12 April 2025") in pdf


def test_a_later_report_of_the_kabkota_is_a_conflict_again(provinsi, tmp_path):  # noqa: F811
    """The decision answers the report it was made on: a status the kab/kota dates after it is listed again."""
    _conflict(provinsi, tmp_path)
    r = CliRunner().invoke(main, ["followup", "set", BUTIR, "proses", "--tanggal", "2025-04-12", "--catatan",
                                  "Diputuskan sekretariat.", "--proyek", str(provinsi)])
    assert r.exit_code == 0, r.output
    later = variant(tmp_path, "lagi", 3, "2025-05-10T02:00:00Z", status_dicatat="selesai",
                    tanggal_status="2025-05-02", nilai="selesai")
    result = impor(provinsi, later)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("KONFLIK"))
    assert "provinsi mencatat 'proses' (12 April 2025)" in line and "'selesai' (2 Mei 2025" in line, line


def test_a_status_written_before_the_report_is_still_a_conflict(provinsi, tmp_path):  # noqa: F811
    """The province's own status of 14 February, before Berau's report of 20 March: not a decision on it."""
    _conflict(provinsi, tmp_path)
    assert _section_d(provinsi).startswith("konflik: provinsi mencatat sendiri")
