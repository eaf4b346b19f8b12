"""The year's data beside the meetings (issue 20 item 1): realisasi/<tahun>.yaml, lokus/<tahun>.yaml
and indikator.yaml — read by one entry point, validated with file:line:column messages, published
as JSON Schema, and present in both example projects (item 5)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import KALTIM_ROOT, ROOT


@pytest.mark.parametrize("root,year", [(ROOT, 2024), (KALTIM_ROOT, 2025)], ids=["buleleng", "kaltim"])
def test_examples_carry_a_year_of_realisation_and_lokus(root, year):
    from rapatgen.check.projectdata import load_project_data
    from rapatgen.model.realisasi import KATEGORI, STRATEGI, TRIWULAN

    data = load_project_data(root)
    rows = data.realisasi[year].rows()
    assert len(rows) >= 8 and len({opd for opd, _ in rows}) >= 4
    assert {line.kategori for _, line in rows} == set(KATEGORI)
    assert {line.strategi for _, line in rows} == set(STRATEGI)
    for opd, line in rows:
        quarters = [line.realisasi.get(n) for n in TRIWULAN]
        assert all(q is not None for q in quarters), (opd, line.sub_kegiatan.nama)
        money = [q.keuangan for q in quarters]
        assert len(set(money)) == 4, (opd, line.sub_kegiatan.nama, money)  # each quarter its own figure
        assert 10_000_000 <= line.pagu <= 20_000_000_000 and sum(money) <= line.pagu
        assert line.realisasi_keuangan == sum(money) and line.keuangan_sampai(2) == money[0] + money[1]
    linked = [line.rencana_aksi for _, line in rows if line.rencana_aksi]
    assert linked, "a RAT commitment linked to its realisation"
    lokus = data.lokus[year].lokus
    assert len(lokus) >= 6 and len({d.kecamatan for d in lokus}) >= 2
    assert all(d.pendamping for d in lokus)
    assert data.sources[("realisasi", year)].name == f"{year}.yaml"


BAD_REALISASI = """\
tahun: 2025
opd:
  dinsos_kaltim:
    - program: {kode: 1.06, nama: Program Perlindungan dan Jaminan Sosial}
      kegiatan: Pengelolaan Data Fakir Miskin
      sub_kegiatan: Verifikasi Data
      strategi: 4
      kategori: langsng
      sasaran: {jumlah: 10, satuan: kabupaten/kota}
      pagu: 850000000
      sumber_dana: APBD Provinsi
"""

CROSS_REALISASI = """\
tahun: 2025
opd:
  dinsos_kaltm:
    - program: Program Perlindungan dan Jaminan Sosial
      kegiatan: Pengelolaan Data Fakir Miskin
      sub_kegiatan: Verifikasi Data
      strategi: 1
      kategori: penunjang
      sasaran: {jumlah: 10, satuan: kabupaten/kota}
      pagu: 85000000
      sumber_dana: APBD Provinsi
      realisasi:
        tw1: {keuangan: 50000000, fisik: 30}
        tw2: {keuangan: 50000000, fisik: 20}
  disperkim_kaltim:
    - program: Program Kawasan Permukiman
      kegiatan: Penanganan Rumah Tidak Layak Huni
      sub_kegiatan: Peningkatan Kualitas RTLH
      strategi: 1
      kategori: langsung
      sasaran: {jumlah: 350, satuan: unit}
      pagu: 8750000000
      sumber_dana: APBD Provinsi
      rencana_aksi: {rapat: rakor-kaltim-2024-12-19, butir: 1}
    - program: Program Kawasan Permukiman
      kegiatan: Penanganan Rumah Tidak Layak Huni
      sub_kegiatan: Bantuan Stimulan
      strategi: 1
      kategori: langsung
      sasaran: {jumlah: 35, satuan: unit}
      pagu: 875000000
      sumber_dana: APBD Provinsi
      rencana_aksi: {rapat: rakor-kaltim-2024-12-19, butir: 9}
  dinsos_kaltim:
    - program: Program Perlindungan dan Jaminan Sosial
      kegiatan: Pengelolaan Data Fakir Miskin
      sub_kegiatan: Verifikasi Data
      strategi: 1
      kategori: penunjang
      sasaran: {jumlah: 10, satuan: kabupaten/kota}
      pagu: 850000000
      sumber_dana: APBD Provinsi
      rencana_aksi: {rapat: rakor-kaltim-2024-12-91, butir: 1}
"""

BAD_LOKUS = """\
tahun: 2025
lokus:
  - {desa: Desa Jambuk, kecamatan: Bongan, pendamping: dinsos_kaltim}
  - {kecamatan: Bongan, pendamping: dinsos_kaltim}
"""

CROSS_LOKUS = """\
tahun: 2024
lokus:
  - {desa: Jambuk, kecamatan: Bongan, pendamping: opd_tkpk_kaltim}
  - {desa: Kahala, kecamatan: Kenohan, pendamping: bapeda_kaltim}
  - {desa: Jambuk, kecamatan: Bongan, pendamping: dinsos_kaltim}
"""


def _check(root, *args):
    return CliRunner().invoke(main, ["check", "--proyek", str(root), *args])


def test_shape_problems_name_file_line_column_and_the_fix(kaltim):
    (kaltim / "realisasi" / "2025.yaml").write_text(BAD_REALISASI, encoding="utf-8")
    (kaltim / "lokus" / "2025.yaml").write_text(BAD_LOKUS, encoding="utf-8")
    r = _check(kaltim)
    assert r.exit_code == 1
    out = r.output
    assert "realisasi/2025.yaml:4:23: kode '1.06' terbaca sebagai angka — tulis di antara tanda kutip" in out
    assert "realisasi/2025.yaml:7:17: strategi '4' tidak dikenal — tulis 1, 2, 3" in out
    assert "realisasi/2025.yaml:8:17: kategori 'langsng' tidak dikenal — maksud Anda 'langsung'? Pilihannya: langsung" in out
    assert "lokus/2025.yaml:3:12: desa 'Desa Jambuk': tulis namanya saja" in out and "desa: Jambuk" in out
    assert "lokus/2025.yaml:4:5: isi 'desa' (mis. desa: Pejarakan) atau 'kelurahan'" in out
    assert "Traceback" not in out and "5 masalah ditemukan" in out


def test_cross_references_and_figures_are_checked_in_the_same_pass(kaltim):
    (kaltim / "realisasi" / "2025.yaml").write_text(CROSS_REALISASI, encoding="utf-8")
    (kaltim / "lokus" / "2025.yaml").write_text(CROSS_LOKUS, encoding="utf-8")
    r = _check(kaltim)
    assert r.exit_code == 1
    out = r.output
    expected = [
        "realisasi/2025.yaml:3:3: OPD 'dinsos_kaltm' tidak ada di direktori (instansi) — maksud Anda 'dinsos_kaltim'?",
        "realisasi/2025.yaml:14:42: fisik triwulan 2 (20%) lebih kecil dari triwulan 1 (30%)",
        "realisasi/2025.yaml:10:13: realisasi keuangan setahun (jumlah triwulan yang diisi: Rp100.000.000) melebihi "
        "pagu (Rp85.000.000)",
        "realisasi/2025.yaml:24:61: butir 1 rencana aksi rapat 'rakor-kaltim-2024-12-19' milik dinsos_kaltim",
        "realisasi/2025.yaml:33:61: rencana aksi rapat 'rakor-kaltim-2024-12-19' hanya punya 4 butir — tulis nomor 1–4",
        "realisasi/2025.yaml:43:29: rapat 'rakor-kaltim-2024-12-91' tidak ada di folder rapat — maksud Anda "
        "'rakor-kaltim-2024-12-19'?",
        "lokus/2025.yaml:1:8: berkas lokus/2025.yaml berisi tahun 2024 — satu berkas per tahun",
        "lokus/2025.yaml:3:51: 'opd_tkpk_kaltim' adalah kelompok",
        "lokus/2025.yaml:4:52: OPD pendamping 'bapeda_kaltim' tidak ada di direktori (instansi) — maksud Anda "
        "'bappeda_kaltim'?",
        "lokus/2025.yaml:5:12: Desa Jambuk (Kecamatan Bongan) sudah ada sebagai lokus ke-1",
    ]
    for line in expected:
        assert line in out, (line, out)
    assert f"{len(expected)} masalah ditemukan" in out


def test_rencana_aksi_of_another_year_is_refused(kaltim):
    path = kaltim / "realisasi" / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tahun: 2025", "tahun: 2026"), encoding="utf-8")
    path.rename(kaltim / "realisasi" / "2026.yaml")
    r = _check(kaltim)
    assert r.exit_code == 1
    assert "rencana aksi rapat 'rakor-kaltim-2024-12-19' untuk tahun 2025, sedangkan realisasi ini tahun 2026" \
        in r.output


def test_check_names_the_data_files_and_checks_one_when_asked(kaltim):
    r = _check(kaltim)
    assert r.exit_code == 0, r.output
    assert "3 berkas rapat, dan 3 berkas data" in r.output  # realisasi, lokus, indikator.yaml
    (kaltim / "lokus" / "2025.yaml").write_text(BAD_LOKUS, encoding="utf-8")
    only = _check(kaltim, str(kaltim / "realisasi" / "2025.yaml"))
    assert only.exit_code == 0, only.output  # the lokus file was not asked about
    assert "1 berkas data" in only.output and "berkas rapat" not in only.output
    asked = _check(kaltim, str(kaltim / "lokus" / "2025.yaml"))
    assert asked.exit_code == 1 and "lokus/2025.yaml:3:12" in asked.output


def test_load_project_data_raises_with_every_problem(kaltim):
    from rapatgen.check.projectdata import load_project_data
    from rapatgen.text.errors import InvalidInput

    (kaltim / "lokus" / "2025.yaml").write_text(CROSS_LOKUS, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_project_data(kaltim)
    assert len(caught.value.problems) == 4
    assert all(p.file.endswith("2025.yaml") and p.line > 0 for p in caught.value.problems)


def test_project_without_data_loads_empty(project):
    import shutil

    from rapatgen.check.projectdata import load_project_data

    shutil.rmtree(project / "realisasi")
    shutil.rmtree(project / "lokus")
    (project / "indikator.yaml").unlink(missing_ok=True)
    data = load_project_data(project)
    assert data.realisasi == {} and data.lokus == {} and data.indikator == [] and data.files == 0
    r = _check(project)
    assert r.exit_code == 0 and "berkas data" not in r.output


@pytest.mark.parametrize("name,root", [("realisasi", ROOT / "realisasi" / "2024.yaml"),
                                       ("lokus", ROOT / "lokus" / "2024.yaml"),
                                       ("realisasi", KALTIM_ROOT / "realisasi" / "2025.yaml"),
                                       ("lokus", KALTIM_ROOT / "lokus" / "2025.yaml"),
                                       ("indikator", ROOT / "indikator.yaml"),
                                       ("indikator", KALTIM_ROOT / "indikator.yaml")])
def test_examples_follow_the_published_schema_they_name(name, root):
    import jsonschema

    from rapatgen.load import read_yaml

    text = root.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=") and f"schema/{name}.schema.json" in text.splitlines()[0]
    schema_path = (root.parent / text.splitlines()[0].split("$schema=")[1]).resolve()
    assert schema_path == ROOT / "schema" / f"{name}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(read_yaml(root).data))
    jsonschema.Draft202012Validator(schema).validate(data)
    if name == "realisasi":  # the editor marks what check refuses
        first = next(iter(data["opd"].values()))[0]
        first["kategori"] = "langsng"
        assert not jsonschema.Draft202012Validator(schema).is_valid(data)
