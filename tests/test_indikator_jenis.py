"""Indicators a yearly report needs (issue 20 item 1, "Indicators"): P0, P1, P2 and extreme poverty as
named kinds with their units; a target without a measured series; a value with only a year or with a
`catatan` ("angka sementara", "dihitung"); a breakdown per wilayah (kab/kota or kecamatan). Printed in
the notulen only where written: the example meetings' outputs stay byte for byte the same
(bench/samebytes.py, 119 of 119)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from rapatgen.cli import main
from rapatgen.documents.indikator import indicator_blocks, kalimat, tabel, tabel_wilayah
from rapatgen.load.yamlfile import parse_text
from rapatgen.model.blocks import Paragraph, Table
from rapatgen.model.indikator import Indikator
from tests.conftest import ROOT


def indicator(text: str) -> Indikator:
    return Indikator.model_validate(parse_text(text, Path("uji.yaml")))


def _cells(table: Table) -> list[list[str]]:
    return [["".join(r.text for line in c.content for r in line) for c in row] for row in table.rows]


@pytest.mark.parametrize("jenis,nama,satuan", [
    ("p0", "Persentase penduduk miskin", "persen"), ("p1", "Indeks kedalaman kemiskinan (P1)", "indeks"),
    ("p2", "Indeks keparahan kemiskinan (P2)", "indeks"), ("miskin_ekstrem", "Persentase penduduk miskin ekstrem", "persen"),
    ("jumlah_miskin", "Jumlah penduduk miskin", "jiwa")])
def test_named_kinds_carry_their_name_and_unit(jenis, nama, satuan):
    ind = indicator(f"{{jenis: {jenis}, wilayah: Kabupaten Buleleng, data: [{{periode: 2024-03, nilai: 0.71}}]}}")
    assert (ind.jenis, ind.nama, ind.satuan) == (jenis, nama, satuan)
    own = indicator(f"{{jenis: {jenis}, nama: Nama sendiri, wilayah: W, data: [{{periode: 2024, nilai: 1}}]}}")
    assert own.nama == "Nama sendiri" and own.satuan == satuan  # a name of one's own is kept


def test_p1_is_an_index_and_says_so():
    text = kalimat(indicator("{jenis: p1, wilayah: Provinsi Kalimantan Timur, data: [{periode: 2023-03, nilai: 0.96},"
                             " {periode: 2024-03, nilai: 0.87}]}"))
    assert text.startswith("Indeks kedalaman kemiskinan (P1) Provinsi Kalimantan Timur pada Maret 2024 sebesar 0,87, "
                           "turun 0,09 poin dibanding Maret 2023.")
    with pytest.raises(ValidationError) as exc:
        indicator("{jenis: p1, satuan: persen, wilayah: W, data: [{periode: 2024, nilai: 0.8}]}")
    assert "indikator jenis p1 bersatuan indeks, bukan persen — hapus 'satuan'" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        indicator("{wilayah: W, data: [{periode: 2024, nilai: 0.8}]}")
    assert "indikator perlu 'nama'" in str(exc.value) and "'jenis' (p0, p1, p2" in str(exc.value)


def test_target_only_indicator_is_said_without_inventing_a_figure():
    ind = indicator("{jenis: miskin_ekstrem, wilayah: Kabupaten Buleleng, target: [{tahun: 2026, nilai: 0, "
                    "sumber: RPJMD}, {tahun: 2025, dari: 0.5, sampai: 1, sumber: RKPD}]}")
    assert ind.data == [] and ind.terakhir is None
    assert kalimat(ind) == ("Persentase penduduk miskin ekstrem Kabupaten Buleleng belum memiliki angka terukur. "
                            "Target: 0,5–1% pada tahun 2025 (RKPD); 0% pada tahun 2026 (RPJMD).")
    assert tabel(ind) is None and not ind.perlu_grafik()
    blocks = indicator_blocks([ind])
    assert [type(b) for b in blocks] == [Paragraph]
    for bad, said in (("{nama: X, wilayah: W}", "atau sedikitnya satu 'target'"),
                      ("{nama: X, wilayah: W, grafik: true, target: [{tahun: 2026, nilai: 0}]}", "hapus 'grafik'"),
                      ("{nama: X, wilayah: W, target: [{tahun: 2026, nilai: 0}], pembanding: [{wilayah: Nasional, "
                       "data: [{periode: 2024, nilai: 1}]}]}", "isi 'data' wilayah ini dulu")):
        with pytest.raises(ValidationError) as exc:
            indicator(bad)
        assert said in str(exc.value), bad


def test_a_figure_with_only_a_year_or_a_note():
    ind = indicator("{jenis: p0, wilayah: Kabupaten Buleleng, data: [{periode: 2023-03, nilai: 5.85}, "
                    "{periode: 2024-03, nilai: 5.41, catatan: angka sementara}], pembanding: [{wilayah: Provinsi Bali, "
                    "data: [{periode: 2024-03, nilai: 4.00, catatan: dihitung}]}]}")
    text = kalimat(ind)
    assert "pada Maret 2024 sebesar 5,41% (angka sementara), turun 0,44 poin dibanding Maret 2023." in text
    assert "Sebagai pembanding pada Maret 2024: Provinsi Bali 4,00% (dihitung)." in text
    assert ["Maret 2024", "5,41% (angka sementara)", "turun 0,44 poin", "4,00% (dihitung)"] in _cells(tabel(ind))
    yearly = indicator("{jenis: jumlah_miskin, wilayah: Kabupaten Buleleng, data: [{periode: 2024, nilai: 44120}]}")
    assert kalimat(yearly) == "Jumlah penduduk miskin Kabupaten Buleleng pada tahun 2024 sebanyak 44.120 jiwa."


KALTIM_BY_REGION = """
jenis: p0
wilayah: Provinsi Kalimantan Timur
data: [{periode: 2023-03, nilai: 6.11}, {periode: 2024-03, nilai: 5.78}]
per_wilayah:
  - {wilayah: Kota Balikpapan, data: [{periode: 2023-03, nilai: 2.41}, {periode: 2024-03, nilai: 2.30}]}
  - {wilayah: Kabupaten Mahakam Ulu, data: [{periode: 2023-03, nilai: 11.23}, {periode: 2024-03, nilai: 10.90}]}
  - {wilayah: Kota Bontang, data: [{periode: 2024-03, nilai: 4.19, catatan: angka sementara}]}
"""


def test_breakdown_per_wilayah_is_a_table_with_the_whole_region_last():
    ind = indicator(KALTIM_BY_REGION)
    assert ("Menurut wilayah pada Maret 2024: tertinggi Kabupaten Mahakam Ulu (10,90%), terendah Kota Balikpapan "
            "(2,30%).") in kalimat(ind)
    table = tabel_wilayah(ind)
    assert [c.title for c in table.columns] == ["Wilayah", "Maret 2023", "Maret 2024", "Perubahan"]
    assert _cells(table) == [
        ["Kota Balikpapan", "2,41%", "2,30%", "turun 0,11 poin"],
        ["Kabupaten Mahakam Ulu", "11,23%", "10,90%", "turun 0,33 poin"],
        ["Kota Bontang", "–", "4,19% (angka sementara)", "–"],
        ["Provinsi Kalimantan Timur", "6,11%", "5,78%", "turun 0,33 poin"]]
    blocks = indicator_blocks([ind])
    assert table in blocks or any(isinstance(b, Table) and _cells(b) == _cells(table) for b in blocks)
    assert any(isinstance(b, Paragraph) and "menurut wilayah:" in "".join(r.text for r in b.content) for b in blocks)
    with pytest.raises(ValidationError) as exc:
        indicator("{nama: X, wilayah: W, data: [{periode: 2024, nilai: 1}], per_wilayah: [{wilayah: Kota A}]}")
    assert "rincian Kota A perlu 'data'" in str(exc.value)


def test_check_reports_a_wrong_unit_for_a_kind_at_its_line(project):
    path = project / "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - nama: KK miskin ekstrem hasil verifikasi\n    satuan: KK\n",
                                 "  - jenis: p2\n    satuan: KK\n"), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1
    line = text.splitlines().index("  - nama: KK miskin ekstrem hasil verifikasi") + 1
    assert f"2023-12-14-rakor-tkpk-buleleng.yaml:{line}:5: indikator jenis p2 bersatuan indeks, bukan KK" in r.output


PROJECT_INDICATORS = """\
# yaml-language-server: $schema=../../schema/indikator.schema.json
indikator:
  - jenis: p0
    wilayah: Provinsi Kalimantan Timur
    sumber: BPS (Susenas Maret)
    data:
      - {periode: 2023-03, nilai: 6.11}
      - {periode: 2024-03, nilai: 5.78, catatan: angka sementara}
    per_wilayah:
      - {wilayah: Kota Balikpapan, data: [{periode: 2024-03, nilai: 2.30}]}
      - {wilayah: Kabupaten Mahakam Ulu, data: [{periode: 2024-03, nilai: 10.90, catatan: dihitung}]}
  - {jenis: p1, wilayah: Provinsi Kalimantan Timur, data: [{periode: 2024-03, nilai: 0.87}]}
  - {jenis: p2, wilayah: Provinsi Kalimantan Timur, data: [{periode: 2024-03, nilai: 0.21}]}
  - {jenis: jumlah_miskin, wilayah: Provinsi Kalimantan Timur, data: [{periode: 2024, nilai: 221340}]}
  - {jenis: miskin_ekstrem, wilayah: Provinsi Kalimantan Timur, target: [{tahun: 2026, nilai: 0, sumber: RPJMD}]}
"""


def test_project_indicators_take_every_new_form_and_follow_their_schema(kaltim):
    import json

    import jsonschema

    from rapatgen.check.projectdata import load_project_data
    from rapatgen.load import read_yaml

    path = kaltim / "indikator.yaml"
    path.write_text(PROJECT_INDICATORS, encoding="utf-8")
    inds = load_project_data(kaltim).indikator
    assert [i.jenis for i in inds] == ["p0", "p1", "p2", "jumlah_miskin", "miskin_ekstrem"]
    assert [i.satuan for i in inds] == ["persen", "indeks", "indeks", "jiwa", "persen"]
    assert not inds[-1].data and inds[-1].target
    assert inds[0].per_wilayah[1].data[0].catatan == "dihitung"
    schema = json.loads((ROOT / "schema" / "indikator.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(read_yaml(path).data)))
