"""`rapatgen new KIND --dari RAPAT`: a meeting started from an earlier one (issue 18 point 8)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import KALTIM_ROOT, copy_example_project
from tests.readback import docx_text, flat

RAKOR = "rakor-buleleng-2023-12-14"
SERIES = "sosialisasi-dtsen-buleleng-2025"


def _new(root, *args):
    return CliRunner().invoke(main, ["new", *args, "--proyek", str(root)])


def _written(r) -> str:
    return r.output.split(": ", 1)[1].splitlines()[0].strip()


def test_a_meeting_from_the_last_one_keeps_people_and_letter_and_empties_the_minutes(project):
    before = {p: p.read_bytes() for p in (project / "agendas").iterdir()}
    r = _new(project, "rakor", "--judul", "Rapat Koordinasi TKPK Triwulan I 2024", "--tanggal", "2024-03-14",
             "--dari", RAKOR)
    assert r.exit_code == 0, r.output
    path = project / "agendas" / "2024-03-14-rakor-rapat-koordinasi-tkpk-triwulan-i-2024.yaml"
    assert _written(r).endswith(path.name) and path.exists()
    assert all(p.read_bytes() == data for p, data in before.items())  # the earlier file untouched
    text = path.read_text(encoding="utf-8")
    assert "id: rakor-2024-03-14" in text and "tim: tkpk-buleleng" in text
    assert "ketua: {id: sekda_bll, selaku: Pelaksana Ketua TKPK Kabupaten Buleleng}" in text  # comments, form kept
    assert "- tanggal: 2024-03-14" in text and "tanggal: 2024-03-07" in text  # invitation 7 days before, as then
    assert "urut: null" in text and "urut: 245" not in text  # the register gives the letter a new number
    assert "nomor: 400.9.14/260/Bappeda" not in text and "ditutup:" not in text
    for key in ("hadir: []", "pembahasan: []", "kesepakatan: []", "tema: null"):
        assert key in text
    for gone in ("arahan:", "rencana_aksi:", "indikator:", "Luh Contoh Sukerti"):
        assert gone not in text
    check = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert check.exit_code == 0, check.output
    build = CliRunner().invoke(main, ["build", "rakor-2024-03-14", "--per", "2024-03-20", "--format", "docx",
                                      "--only", "undangan", "--proyek", str(project)])
    assert build.exit_code == 0, build.output
    letters = sorted((project / "outputs" / "rakor-2024-03-14").glob("undangan-*.docx"))
    invited = ["dinsos_bll", "dinkes_bll", "disdik_bll", "dpmd_bll", "perkimta_bll", "dagperinkop_bll",
               "disdukcapil_bll", "bps_bll"]  # the earlier meeting's yth, one letter each (per_undangan)
    assert [re.sub(r"^undangan-rakor-2024-03-14-\d\d-", "", p.stem) for p in letters] == invited
    first = flat(docx_text(letters[0]))
    assert "Kamis,14Maret2024" in first and "UndanganRapatKoordinasiTKPK" in first
    number = re.search(r"Nomor:400\.9\.14/(\d+)/Bappeda", first)
    assert number and number.group(1) != "245"  # a new number from the register, not the earlier letter's


def test_a_series_moves_every_session_by_the_same_days(project):
    r = _new(project, "sosialisasi", "--judul", "Sosialisasi DTSEN Tahap II", "--tanggal", "2025-08-05",
             "--dari", SERIES, "--id", "sosialisasi-dtsen-2")
    assert r.exit_code == 0, r.output
    text = (project / "agendas" / "2025-08-05-sosialisasi-dtsen-tahap-ii.yaml").read_text(encoding="utf-8")
    # 18, 19, 25, 26 February → 5, 6, 12, 13 August (168 days later); the letter 8 days before, as then
    assert [d for d in re.findall(r"tanggal: (\S+)", text)] == ["2025-08-05", "2025-08-06", "2025-08-12",
                                                               "2025-08-13", "2025-07-28"]
    assert text.count("urut: null") == 4 and "Kecamatan Sawan" in text and "rangkaian: true" in text
    assert CliRunner().invoke(main, ["check", "--proyek", str(project)]).exit_code == 0


@pytest.mark.parametrize("name", sorted(p.name for p in (KALTIM_ROOT / "agendas").glob("*.yaml")))
def test_every_kaltim_meeting_can_start_a_new_one_that_check_accepts(tmp_path, name):
    root = copy_example_project(KALTIM_ROOT, tmp_path / "kaltim")
    r = _new(root, "rakor", "--judul", "Rapat Lanjutan", "--tanggal", "2025-06-10", "--dari", f"agendas/{name}")
    assert r.exit_code == 0, r.output
    check = CliRunner().invoke(main, ["check", "--proyek", str(root)])
    assert check.exit_code == 0, check.output


def test_an_unknown_earlier_meeting_is_a_message_with_a_suggestion(project):
    r = _new(project, "rakor", "--judul", "X", "--tanggal", "2024-03-14", "--dari", "rakor-buleleng-2023-12-15")
    assert r.exit_code == 2 and f"maksud Anda '{RAKOR}'?" in r.output and "Traceback" not in r.output
    r = _new(project, "rakor", "--judul", "X", "--tanggal", "2024-03-14", "--dari", RAKOR, "--id", SERIES)
    assert r.exit_code == 2 and "sudah dipakai" in r.output
    assert len(list((project / "agendas").iterdir())) == 2  # nothing written
