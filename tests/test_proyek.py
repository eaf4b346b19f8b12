"""One project is one TKPK: each example project names only its own government, `check`
refuses a meeting that mixes governments, and `rapatgen init` starts a new region's project."""

import json

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


BLORA_PERSON = """orang:
  kepala_bappeda_blora:
    nama: Budi Contoh Santoso
    gelar_belakang: S.E., M.Si.
    jabatan: Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Blora
    instansi: bappeda_blora
    golongan: IV/c
    nip: "197501012000031001"
"""
BLORA_MEETING = """# yaml-language-server: $schema=../schema/rapat.schema.json
id: rakor-blora-2025-03-12
jenis: rakor
judul: Rapat Koordinasi TKPK Kabupaten Blora Triwulan I
sesi:
  - {tanggal: 2025-03-12, mulai: "09.00", tempat: Ruang Rapat Bappeda Kabupaten Blora}
pimpinan: {ketua: kepala_bappeda_blora}
undangan:
  tanggal: 2025-03-05
  urut: 12
  penandatangan: kepala_bappeda_blora
  yth: [bappeda_blora]
"""
INIT = ["init", "--pemerintah", "Kabupaten Blora", "--zona", "WIB", "--kota-surat", "Blora"]


@pytest.mark.slow
def test_init_starts_a_new_regions_project_that_checks_and_builds(tmp_path):
    from tests.readback import docx_text, flat, pdf_text

    folder = tmp_path / "tkpk-blora"
    r = CliRunner().invoke(main, [*INIT[:1], str(folder), *INIT[1:]])
    assert r.exit_code == 0, r.output
    config = (folder / "rapatgen.yaml").read_text(encoding="utf-8")
    assert config.startswith("# yaml-language-server: $schema=schema/konfigurasi.schema.json")
    assert 'wilayah: "Kabupaten Blora"' in config and "zona_waktu: WIB" in config and 'kota_surat: "Blora"' in config
    assert (folder / "agendas").is_dir() and (folder / "schema" / "rapat.schema.json").is_file()
    assert cli(folder, "check").exit_code == 0
    assert cli(folder, "build").exit_code == 0
    # the user adds a person (as the comment in direktori.yaml shows) and a meeting
    replace_in(folder / "direktori.yaml", "orang: {}\n", BLORA_PERSON)
    (folder / "agendas" / "2025-03-12-rakor-tkpk-blora.yaml").write_text(BLORA_MEETING, encoding="utf-8")
    r = cli(folder, "build", "--per", "2025-03-12", "--only", "undangan")
    assert r.exit_code == 0, r.output
    letter = folder / "outputs" / "rakor-blora-2025-03-12" / "undangan-rakor-blora-2025-03-12"
    for text in (docx_text(letter.with_suffix(".docx")), pdf_text(letter.with_suffix(".pdf"))):
        f = flat(text)
        for piece in ("PEMERINTAH KABUPATEN BLORA", "BADAN PERENCANAAN PEMBANGUNAN DAERAH", "Blora, 5 Maret 2025",
                      "400.9.14/12/Bappeda", "pukul 09.00 WIB s.d. selesai", "Budi Contoh Santoso, S.E., M.Si."):
            assert flat(piece) in f, piece
        assert "Buleleng" not in text and "Singaraja" not in text and "WITA" not in text


def test_init_never_overwrites_and_says_what_is_missing(tmp_path):
    folder = tmp_path / "ada"
    folder.mkdir()
    (folder / "direktori.yaml").write_text("# milik pengguna\n", encoding="utf-8")
    r = CliRunner().invoke(main, [*INIT[:1], str(folder), *INIT[1:]])
    assert r.exit_code == 2 and "direktori.yaml sudah ada" in r.output and "tidak ada yang ditimpa" in r.output
    assert (folder / "direktori.yaml").read_text(encoding="utf-8") == "# milik pengguna\n"
    assert not (folder / "rapatgen.yaml").exists()
    r = CliRunner().invoke(main, ["init", str(tmp_path / "baru"), "--zona", "WIB"])
    assert r.exit_code == 2 and "isi --pemerintah, --kota-surat" in r.output
    r = CliRunner().invoke(main, ["init", str(tmp_path / "baru"), "--pemerintah", "Blora", "--zona", "WIB",
                                  "--kota-surat", "Blora"])
    assert r.exit_code == 2 and "tidak menyebut tingkatnya" in r.output
    r = CliRunner().invoke(main, ["init", str(tmp_path / "baru"), "--pemerintah", "Samarinda", "--tingkat", "kota",
                                  "--zona", "WITA", "--kota-surat", "Samarinda"])
    assert r.exit_code == 0, r.output
    assert 'wilayah: "Kota Samarinda"' in (tmp_path / "baru" / "rapatgen.yaml").read_text(encoding="utf-8")
    assert "WALI KOTA SAMARINDA" in (tmp_path / "baru" / "rapatgen.yaml").read_text(encoding="utf-8")
    assert cli(tmp_path / "baru", "check").exit_code == 0


def test_init_asks_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr("rapatgen.cli._interactive", lambda: True)
    r = CliRunner().invoke(main, ["init", str(tmp_path / "tanya")], input="Provinsi Kalimantan Utara\nWITA\nTanjung Selor\n")
    assert r.exit_code == 0, r.output
    config = (tmp_path / "tanya" / "rapatgen.yaml").read_text(encoding="utf-8")
    assert 'wilayah: "Provinsi Kalimantan Utara"' in config and "tingkat: provinsi" in config
    assert "GUBERNUR KALIMANTAN UTARA" in config and 'kota_surat: "Tanjung Selor"' in config


def test_readme_first_command_builds_every_example_project():
    """Each folder contoh/<nama>/ with a rapatgen.yaml is an example project; README's first
    command (which .ci/run runs) builds the root and every one of them."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(line for line in readme.splitlines() if line.startswith("python3 -m pip install -e . &&"))
    examples = sorted(p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "contoh").glob("*/rapatgen.yaml"))
    assert examples, "no example project under contoh/"
    assert "&& rapatgen build &&" in first or first.rstrip().endswith("&& rapatgen build")
    for folder in examples:
        assert f"rapatgen build --proyek {folder}" in first, folder
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_init_records_the_province_that_ekspor_needs(tmp_path):
    """A kab/kota team started with --provinsi exports at once; one started without it is shown where the
    line goes (rapatgen.yaml has it as a comment) and is never told another province's name as its fix."""
    with_province = tmp_path / "tebing"
    r = CliRunner().invoke(main, ["init", str(with_province), "--pemerintah", "Kota Tebing Tinggi", "--zona", "WIB",
                                  "--kota-surat", "Tebing Tinggi", "--provinsi", "Sumatera Utara"])
    assert r.exit_code == 0, r.output
    config = (with_province / "rapatgen.yaml").read_text(encoding="utf-8")
    assert 'provinsi: "Provinsi Sumatera Utara"' in config
    assert cli(with_province, "check").exit_code == 0
    r = cli(with_province, "ekspor")
    assert r.exit_code == 0, r.output
    exported = json.loads((with_province / "outputs" / "ekspor" / "ekspor.json").read_text(encoding="utf-8"))
    assert exported["wilayah"]["provinsi"] == "Provinsi Sumatera Utara"

    without = tmp_path / "blora"
    assert CliRunner().invoke(main, [*INIT[:1], str(without), *INIT[1:]]).exit_code == 0
    assert "# provinsi: Provinsi …" in (without / "rapatgen.yaml").read_text(encoding="utf-8")
    r = cli(without, "ekspor")
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "organisasi.provinsi" in r.output and "provinsi tempat Kabupaten Blora" in r.output, r.output
    assert "Bali" not in r.output

    r = CliRunner().invoke(main, ["init", str(tmp_path / "prov"), "--pemerintah", "Provinsi Bali", "--zona", "WITA",
                                  "--kota-surat", "Denpasar", "--provinsi", "Bali"])
    assert r.exit_code == 2 and "hanya untuk tim kabupaten/kota" in r.output, r.output
    assert not (tmp_path / "prov" / "rapatgen.yaml").exists()
