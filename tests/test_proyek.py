"""One project is one TKPK: each example project names only its own government, `check`
refuses a meeting that mixes governments, and `rapatgen init` starts a new region's project."""

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

BULELENG_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
KALTIM_KOP = """  bappeda_kaltim:
    baris: [PEMERINTAH PROVINSI KALIMANTAN TIMUR, BADAN PERENCANAAN PEMBANGUNAN DAERAH]
"""
KALTIM_SEKDA = """  sekda_kaltim:
    nama: Sri Contoh Rahayu
    jabatan: Sekretaris Daerah Provinsi Kalimantan Timur
    jenis: sekda
"""


def cli(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


@pytest.fixture
def with_other_region(project, monkeypatch):
    """The Buleleng project, whose config and directory also know a Kaltim kop and official."""
    monkeypatch.chdir(project)
    replace_in(project / "rapatgen.yaml", "\nkop:\n", "\nkop:\n" + KALTIM_KOP)
    replace_in(project / "direktori.yaml", "\norang:\n", "\norang:\n" + KALTIM_SEKDA)
    assert cli(project, "check").exit_code == 0  # knowing another region's kop is fine
    return project


def test_check_refuses_a_meeting_with_another_governments_kop_and_signer(with_other_region):
    project = with_other_region
    f = project / BULELENG_FILE
    replace_in(f, "kop: bappeda_buleleng", "kop: bappeda_kaltim")
    replace_in(f, "    orang: kepala_bappeda_bll\n    atas_nama: BUPATI BULELENG",
               "    orang: sekda_kaltim\n    atas_nama: GUBERNUR KALIMANTAN TIMUR")
    r = cli(project, "check")
    assert r.exit_code == 1 and "Traceback" not in r.output
    out = r.output
    assert (f"{BULELENG_FILE}:{line_of(f, 'kop: bappeda_kaltim')}:6: kop 'bappeda_kaltim' milik Provinsi Kalimantan "
            "Timur, bukan Kabupaten Buleleng") in out
    assert f"{BULELENG_FILE}:{line_of(f, 'orang: sekda_kaltim')}:12: penanda tangan 'sekda_kaltim' adalah pejabat " \
           "Provinsi Kalimantan Timur, bukan Kabupaten Buleleng" in out
    assert f"{BULELENG_FILE}:{line_of(f, 'atas_nama: GUBERNUR')}:16: 'a.n. GUBERNUR KALIMANTAN TIMUR'" in out
    assert "lintas_wilayah: true" in out
    # told that it is a joint meeting: accepted
    replace_in(f, "kop: bappeda_kaltim", "kop: bappeda_kaltim\nlintas_wilayah: true")
    r = cli(project, "check")
    assert r.exit_code == 0, r.output


def test_project_fallbacks_must_be_the_teams_own(with_other_region):
    project = with_other_region
    cfg = project / "rapatgen.yaml"
    replace_in(cfg, "kop_bawaan: bappeda_buleleng", "kop_bawaan: bappeda_kaltim")
    replace_in(cfg, "  undangan: kepala_bappeda_bll", "  undangan: sekda_kaltim")
    r = cli(project, "check")
    assert r.exit_code == 1
    assert f"rapatgen.yaml:{line_of(cfg, 'kop_bawaan:')}:13: kop bawaan 'bappeda_kaltim' milik Provinsi " \
           "Kalimantan Timur" in r.output
    assert f"rapatgen.yaml:{line_of(cfg, 'undangan: sekda_kaltim')}:13: penanda tangan bawaan 'sekda_kaltim'" in r.output
