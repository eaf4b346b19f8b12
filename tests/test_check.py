"""`rapatgen check`: every problem at file:line:column, in Indonesian, exit codes 0/1/2."""

import subprocess
import sys

import pytest

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

KALTIM = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"  # in contoh/kaltim


@pytest.fixture(autouse=True)
def _inside_project(request, monkeypatch):
    # users run rapatgen from the project folder: the example project the test uses
    name = "kaltim" if "kaltim" in request.fixturenames else "project"
    monkeypatch.chdir(request.getfixturevalue(name))


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def test_examples_are_valid(project):
    r = run(project, "check")
    assert r.exit_code == 0, r.output
    n = len(list((project / "agendas").glob("*.yaml")))
    assert n >= 2 and f"{n} berkas rapat" in r.output


def test_typo_key_gets_did_you_mean_at_its_line(kaltim):
    f = kaltim / KALTIM
    replace_in(f, "  - tanggal: 2024-12-19", "  - tangal: 2024-12-19")
    r = run(kaltim, "check")
    assert r.exit_code == 1
    line = line_of(f, "tangal:")
    assert f"{KALTIM}:{line}:5: kunci 'tangal' tidak dikenal — maksud Anda 'tanggal'?" in r.output
    assert "Traceback" not in r.output


def test_all_problems_of_all_files_are_reported_at_once(kaltim):
    f = kaltim / KALTIM
    replace_in(f, "pj: dinsos_kaltim", "pj: dinsoss_kaltim")
    replace_in(f, "batas_waktu: 2025-03-31", "batas_waktu: 2024-03-31")
    replace_in(kaltim / "direktori.yaml", 'nip: "197108081998031005"', 'nip: "197108081998033005"')
    r = run(kaltim, "check")
    assert r.exit_code == 1
    out = r.output
    assert f"{KALTIM}:{line_of(f, 'dinsoss_kaltim')}:" in out and "maksud Anda 'dinsos_kaltim'?" in out
    assert f"{KALTIM}:{line_of(f, 'batas_waktu: 2024-03-31')}:" in out and "sebelum tanggal rapat" in out
    assert f"direktori.yaml:{line_of(kaltim / 'direktori.yaml', '197108081998033005')}:" in out
    assert "3 masalah ditemukan" in out


def test_unknown_invitee_and_signer_are_cross_checked(kaltim):
    f = kaltim / KALTIM
    replace_in(f, "    - bps_kaltim\n    - bpkp_kaltim", "    - bps_kaltm\n    - bpkp_kaltim")
    replace_in(f, "    orang: sekda_kaltim", "    orang: sekda_kaltimm")
    r = run(kaltim, "check")
    assert r.exit_code == 1
    assert f"{line_of(f, '- bps_kaltm')}:7: yang diundang 'bps_kaltm' tidak ada" in r.output
    assert "penanda tangan 'sekda_kaltimm'" in r.output


def test_duplicate_item_ids_and_meeting_ids(kaltim):
    f = kaltim / KALTIM
    replace_in(f, "  - id: K2\n", "  - id: K1\n")
    replace_in(kaltim / "agendas/2024-12-04-konsolidasi-tkpk-kaltim.yaml", "id: konsolidasi-kaltim-2024-12-04",
               "id: rakor-kaltim-2024-12-19")
    r = run(kaltim, "check")
    assert "id 'K1' sudah dipakai" in r.output
    assert "id rapat 'rakor-kaltim-2024-12-19' sudah dipakai" in r.output


def test_check_of_one_file_ignores_problems_elsewhere(project):
    replace_in(project / "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml", "jenis: sosialisasi", "jenis: rakr")
    r = run(project, "check", str(project / "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"))
    assert r.exit_code == 0, r.output
    r = run(project, "check", str(project / "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"))
    assert r.exit_code == 1 and "maksud Anda 'rakor'?" in r.output


def test_usage_errors_exit_2(project, tmp_path_factory):
    r = run(project, "check", str(project / "tidak-ada.yaml"))
    assert r.exit_code == 2 and "tidak ditemukan" in r.output
    empty = tmp_path_factory.mktemp("kosong")
    r = CliRunner().invoke(main, ["check", "--proyek", str(empty)])
    assert r.exit_code == 2 and "rapatgen.yaml tidak ditemukan" in r.output


def test_broken_config_is_reported_not_crashed(project):
    replace_in(project / "rapatgen.yaml", "kertas: F4", "kertas: Folio")
    replace_in(project / "rapatgen.yaml", "logo: templates/logo/lambang-negara-contoh.png", "logo: tidak/ada.png")
    r = run(project, "check")
    assert r.exit_code == 1
    assert "pilihan: F4, A4" in r.output


def test_new_writes_schema_header_and_never_overwrites(project):
    r = CliRunner().invoke(main, ["new", "rakor", "--judul", "Rakor TKPK Triwulan I", "--tanggal", "2025-03-12",
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    created = project / "agendas/2025-03-12-rakor-tkpk-triwulan-i.yaml"  # jenis not said twice
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/rapat.schema.json")
    assert "id: rakor-2025-03-12" in text and '"Rakor TKPK Triwulan I"' in text
    again = CliRunner().invoke(main, ["new", "rakor", "--judul", "Rakor TKPK Triwulan I", "--tanggal",
                                      "2025-03-12", "--proyek", str(project)])
    assert again.exit_code == 2 and "tidak ditimpa" in again.output
    assert created.read_text(encoding="utf-8") == text
    bad = CliRunner().invoke(main, ["new", "rakor", "--judul", "x", "--tanggal", "2025-02-30", "--proyek", str(project)])
    assert bad.exit_code == 2


def test_committed_schemas_match_the_model(tmp_path):
    from tests.conftest import ROOT
    from rapatgen.model.schema import SCHEMAS, schema_text

    for name in SCHEMAS:
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == schema_text(name), \
            f"schema/{name} is stale: run 'rapatgen schema'"


def test_cli_runs_as_installed_command(project):
    r = subprocess.run([sys.executable, "-m", "rapatgen", "check", "--proyek", str(project)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_unreadable_logo_is_reported_at_its_line(project):
    from tests.conftest import line_of

    (project / "templates/logo/logo-contoh-kabupaten.png").write_bytes(b"bukan gambar")
    r = run(project, "check")
    assert r.exit_code == 1
    line = line_of(project / "rapatgen.yaml", "logo: templates/logo/logo-contoh-kabupaten.png")
    assert f"rapatgen.yaml:{line}:11: berkas logo 'templates/logo/logo-contoh-kabupaten.png' bukan gambar" in r.output


def test_click_usage_errors_are_in_indonesian(project):
    r = run(project, "build", "--format", "xls")
    assert r.exit_code == 2 and "nilai 'xls' untuk --format tidak dikenal; pilihan: docx, pdf" in r.output
    assert "rapatgen build --help" in r.output
    r = CliRunner().invoke(main, ["biuld"])
    assert r.exit_code == 2 and "perintah 'biuld' tidak dikenal" in r.output
    r = run(project, "followup", "list", "--pjj", "x")
    assert r.exit_code == 2 and "pilihan --pjj tidak dikenal — maksud Anda" in r.output and "--pj" in r.output


def test_new_keeps_the_year_and_its_placeholders_are_reported(project):
    r = CliRunner().invoke(main, ["new", "rakor", "--judul", "Rapat Koordinasi Penanggulangan Kemiskinan Kabupaten "
                                  "Buleleng Tahun 2025", "--tanggal", "2025-03-12", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    created = project / "agendas/2025-03-12-rakor-rapat-koordinasi-penanggulangan-kemiskinan-tahun-2025.yaml"
    assert created.is_file()
    checked = run(project, "check")
    assert checked.exit_code == 1
    placeholders = [line for line in checked.output.splitlines() if "isian '…' belum diganti" in line]
    assert placeholders and all(line.startswith("agendas/2025-03-12-rakor-") or "2025-03-12-rakor-" in line
                                for line in placeholders)
    assert run(project, "build", "--only", "undangan").exit_code == 1  # never printed into a letter


def test_cross_references_reported_with_type_problems_in_one_run(project):
    path = project / "agendas" / "2025-02-sosialisasi-dtsen-buleleng.yaml"
    replace_in(path, "    pj: dpmd_bll", "    pj: dpmd_bl")
    replace_in(path, "    batas_waktu: 2025-03-14", "    batas_waktu: 2025-03-32")
    r = run(project, "check")
    assert r.exit_code == 1
    assert f"{line_of(path, 'pj: dpmd_bl')}:" in r.output and "maksud Anda 'dpmd_bll'?" in r.output
    assert "Maret 2025 hanya 31 hari" in r.output


# --- an invalid meeting is still a known meeting (issue 17 item 4) -----------------------------------
RAKOR_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"


def _problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("agendas/", "program/"))]


@pytest.mark.parametrize("breakage,message", [
    (("  - tanggal: 2023-12-14", "  - tanggal: 2023-06-31"), "tanggal '2023-06-31' tidak ada: Juni 2023 hanya 30 hari"),
    (("  - tanggal: 2023-12-14", "  - tanggal: 2023-13-14"), "tanggal '2023-13-14': bulan 13 tidak ada (1–12)"),
    (("jenis: rakor\n", "jenis: rakorr\n"), "nilai 'rakorr' tidak dikenal"),
    (('    mulai: "09.00"\n    tempat', '    mulai: "24.00"\n    tempat'), "jam '24.00' tidak ada (00.00–23.59)"),
], ids=["impossible day", "impossible month", "unknown choice", "impossible time"])
def test_an_invalid_value_hides_no_other_problem_of_its_meeting(project, breakage, message):
    """A required value that is invalid stands in for itself in the other checks (the nearest date,
    a choice, a placeholder): the unknown pj in the same file is reported in the same run, and the
    programme's link to this meeting and the next meeting's `lanjutan_dari` are not "missing"."""
    f = project / RAKOR_FILE
    replace_in(f, *breakage)
    replace_in(f, "    pj: dinsos_bll\n    terkait", "    pj: dinsos_xx\n    terkait")
    replace_in(project / SERIES_FILE, "  - id: K1\n", "  - id: K1\n    lanjutan_dari: rakor-buleleng-2023-12-14/K2\n")
    r = run(project, "check")
    assert r.exit_code == 1 and "Traceback" not in r.output
    found = _problems(r.output)
    assert len(found) == 2, r.output
    assert found[0].startswith(f"{RAKOR_FILE}:{line_of(f, breakage[1].strip().splitlines()[0])}:") and message in found[0]
    assert found[1] == (f"{RAKOR_FILE}:{line_of(f, 'pj: dinsos_xx')}:9: penanggung jawab 'dinsos_xx' tidak ada di "
                        "direktori (instansi/kelompok) — maksud Anda 'dinsos_bll'?")


def test_a_meeting_too_broken_to_check_is_still_known_to_the_others(project):
    f = project / RAKOR_FILE
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("pimpinan:\n", "pimpinan_:\n", 1), encoding="utf-8")  # no chair: nothing to check
    replace_in(project / SERIES_FILE, "  - id: K1\n", "  - id: K1\n    lanjutan_dari: rakor-buleleng-2023-12-14/K2\n")
    r = run(project, "check")
    assert r.exit_code == 1
    assert all(line.startswith(RAKOR_FILE) for line in _problems(r.output)), r.output
    assert "tidak ada di folder" not in r.output and "tidak ada di rapat-rapat" not in r.output


def test_a_link_to_no_meeting_says_its_advice_once(project):
    f = project / "program/2023.yaml"
    replace_in(f, "    rapat: rakor-buleleng-2023-12-14", "    rapat: zzz")
    replace_in(project / SERIES_FILE, "  - id: K1\n", "  - id: K1\n    lanjutan_dari: zzz/K9\n")
    r = run(project, "check")
    assert r.exit_code == 1
    program, = [line for line in _problems(r.output) if line.startswith("program/")]
    assert program.startswith(f"program/2023.yaml:{line_of(f, 'rapat: zzz')}:12: rapat 'zzz' tidak ada di folder "
                              "agendas (tulis id rapat dari berkas rapatnya) — ")
    series, = [line for line in _problems(r.output) if "zzz/K9" in line]
    for line in (program, series):
        assert line.count("(") == line.count(")") == 1 and "tambahkan" not in line, line
