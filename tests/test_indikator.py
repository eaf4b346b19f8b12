"""Indicator figures: periods, values as written, computed changes, targets, comparisons,
and what `check` says about bad input."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from rapatgen.cli import main
from rapatgen.documents.indikator import indicator_blocks, kalimat, tabel
from rapatgen.load.yamlfile import parse_text
from rapatgen.model.indikator import DataIndikator, Indikator, Jumlah, Nilai, PeriodeField, Target
from tests.conftest import line_of, replace_in

BULELENG = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"

KALTIM_YAML = """
nama: Persentase penduduk miskin
satuan: persen
wilayah: Provinsi Kalimantan Timur
sumber: BPS (Susenas)
data:
  - {periode: 2024-03, nilai: 5.78, jumlah: 221340}
  - {periode: 2023-03, nilai: 6.11, jumlah: 231070}
target:
  - {tahun: 2026, nilai: 5.20, sumber: RPJMD}
  - {tahun: 2025, dari: 10.5, sampai: 11.2, sumber: RKPD}
pembanding:
  - {wilayah: Nasional, data: [{periode: 2024-03, nilai: 9.03}, {periode: 2023-03, nilai: 9.36}]}
"""


def indicator(text: str) -> Indikator:
    """An indicator read the way the tool reads a file (through the YAML reader)."""
    return Indikator.model_validate(parse_text(text, Path("uji.yaml")))


def err(model, data) -> str:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    return " | ".join(e["msg"] for e in exc.value.errors())


def test_change_is_computed_from_rates_and_counts():
    text = kalimat(indicator(KALTIM_YAML))
    assert ("Persentase penduduk miskin Provinsi Kalimantan Timur pada Maret 2024 sebesar 5,78% (221.340 jiwa), "
            "turun 0,33 poin atau 9.730 jiwa dibanding Maret 2023.") in text
    assert "Target: 10,5–11,2% pada tahun 2025 (RKPD); 5,20% pada tahun 2026 (RPJMD)." in text
    assert "Sebagai pembanding pada Maret 2024: Nasional 9,03%." in text


def test_rise_and_opposite_directions_are_said_as_such():
    up = indicator("{nama: P, wilayah: W, data: [{periode: 2022, nilai: 5.76}, {periode: 2023, nilai: 5.85}]}")
    assert "pada tahun 2023 sebesar 5,85%, naik 0,09 poin dibanding tahun 2022." in kalimat(up)
    mixed = indicator("{nama: P, wilayah: W, data: [{periode: 2023-03, nilai: 6.10, jumlah: 100000},"
                      " {periode: 2023-09, nilai: 6.05, jumlah: 100500}]}")
    assert "turun 0,05 poin, sedangkan jumlahnya naik 500 jiwa dibanding Maret 2023" in kalimat(mixed)
    kk = indicator("{nama: KK miskin ekstrem, satuan: KK, wilayah: W, data: [{periode: 2023, nilai: 349},"
                   " {periode: 2024, nilai: 120}]}")
    assert "sebanyak 120 KK, turun 229 KK dibanding tahun 2023" in kalimat(kk)


@pytest.mark.parametrize("written,printed", [("3", "3%"), ("5.78", "5,78%"), ("6.10", "6,10%"), ("6.1", "6,1%"),
                                             ("0", "0%"), ('"6.10"', "6,10%")])
def test_percentages_keep_the_precision_written(written, printed):
    ind = indicator(f"{{nama: P, wilayah: W, data: [{{periode: 2024-03, nilai: {written}}}]}}")
    assert f"sebesar {printed}." in kalimat(ind)


def test_table_sets_regions_side_by_side_with_targets_last():
    t = tabel(indicator(KALTIM_YAML))
    assert [c.title for c in t.columns] == ["Periode", "Provinsi Kalimantan Timur", "Jumlah (jiwa)", "Perubahan",
                                            "Nasional"]
    cells = [["".join(r.text for line in c.content for r in line) for c in row] for row in t.rows]
    assert cells[0] == ["Maret 2023", "6,11%", "231.070", "–", "9,36%"]
    assert cells[1] == ["Maret 2024", "5,78%", "221.340", "turun 0,33 poin atau 9.730 jiwa", "9,03%"]
    assert cells[2][:2] == ["Target 2025 (RKPD)", "10,5–11,2%"] and cells[3][:2] == ["Target 2026 (RPJMD)", "5,20%"]


def test_older_year_keyed_form_still_works():
    ind = indicator("{nama: P, wilayah: W, seri: {2023: 6.11, 2024: 5.78}, target: {2026: 3},"
                    " pembanding: [{wilayah: Nasional, seri: {2024: 9.03}}]}")
    assert [str(d.periode) for d in ind.data] == ["2023", "2024"]
    text = kalimat(ind)
    assert "turun 0,33 poin dibanding tahun 2023" in text and "3% pada tahun 2026" in text
    assert "Nasional 9,03%" in text


@pytest.mark.parametrize("data,fragment", [
    ({"periode": "2024-13", "nilai": 1}, "periode '2024-13': bulan 13 tidak ada"),
    ({"periode": "2024-03-01", "nilai": 1}, "cukup tahun dan bulan: 2024-03"),
    ({"periode": "maret 2024", "nilai": 1}, "'Maret 2024'"),
    ({"periode": "Maret 2024", "nilai": "5,78"}, "pakai titik desimal: 5.78"),
    ({"periode": 2024, "nilai": "5.78%"}, "tanpa tanda %: 5.78"),
    ({"periode": 2024, "nilai": 1, "jumlah": 221.34}, "harus bilangan bulat"),
])
def test_bad_figures_get_a_hint(data, fragment):
    assert fragment in err(DataIndikator, data)


def test_count_written_with_thousand_dots_gets_the_digits_back():
    msg = err(Indikator, parse_text("{nama: P, wilayah: W, data: [{periode: 2024, nilai: 5.78, jumlah: 221.340}]}",
                                    Path("x.yaml")))
    assert "jumlah '221.340' memakai titik/koma ribuan — tulis tanpa pemisah: 221340" in msg


def test_comma_inside_flow_mapping_gets_the_decimal_point_hint():
    # YAML reads {2023: 5,85} as {2023: 5, 85: null}: the comma separates entries
    for text in ("{nama: P, wilayah: W, seri: {2023: 5,85}}",
                 "{nama: P, wilayah: W, data: [{periode: 2023, nilai: 5,85}]}",
                 "{nama: P, wilayah: W, seri: {2023: 5.85}, target: {2026: 3,5}}"):
        msg = err(Indikator, parse_text(text, Path("x.yaml")))
        assert re.search(r"angka '(5,85|3,5)' memakai koma — di YAML pakai titik desimal: (5\.85|3\.5)", msg), msg


def test_targets_are_one_value_or_a_range_with_a_year():
    assert "bukan keduanya" in err(Target, {"tahun": 2025, "nilai": 5, "dari": 4, "sampai": 6})
    assert "perlu 'dari' dan 'sampai'" in err(Target, {"tahun": 2025, "dari": 4})
    assert "lebih kecil" in err(Target, {"tahun": 2025, "dari": 6, "sampai": 4})
    assert "perlu 'nilai'" in err(Target, {"tahun": 2025, "sumber": "RPJMD"})
    assert "dua kali" in err(Indikator, {"nama": "P", "wilayah": "W", "data": [{"periode": "2024-03", "nilai": 1},
                                                                             {"periode": "Maret 2024", "nilai": 2}]})
    assert "hanya untuk indikator bersatuan persen" in err(
        Indikator, {"nama": "P", "satuan": "KK", "wilayah": "W", "data": [{"periode": 2024, "nilai": 1, "jumlah": 3}]})


@pytest.mark.parametrize("kind,values", [
    (PeriodeField, [2024, 1899, 2101, "2024", "2024-03", "2024-3", "2024-13", "2024-00", "Maret 2024", "maret 2024",
                    "2024-03-01", "Mar 2024", 2024.5, True]),
    (Nilai, [5.78, 3, -0.5, "6.10", "5,85", "5.78%", "abc", "", True]),
    (Jumlah, [221340, 0, -1, 221.34, "221340", True]),
], ids=["periode", "nilai", "jumlah"])
def test_editor_schema_and_validator_accept_the_same_values(kind, values):
    import jsonschema
    from pydantic import TypeAdapter

    adapter = TypeAdapter(kind)
    editor = jsonschema.Draft202012Validator(adapter.json_schema())
    for value in values:
        try:
            adapter.validate_python(value)
            valid = True
        except ValidationError:
            valid = False
        assert valid == editor.is_valid(value), (value, valid)


def test_check_points_at_a_bad_period_in_indonesian(project):
    f = project / BULELENG
    replace_in(f, "{periode: 2023-03, nilai: 5.85}", "{periode: 2023-13, nilai: 5.85}")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    line = line_of(f, "2023-13")
    assert re.search(rf"{BULELENG}:{line}:\d+: periode '2023-13': bulan 13 tidak ada", r.output), r.output


def test_check_gives_the_decimal_point_hint_for_the_old_form(project):
    f = project / BULELENG
    replace_in(f, "      - {periode: 2022-03, nilai: 5.76}\n      - {periode: 2023-03, nilai: 5.85}\n",
               "      - {periode: 2022-03, nilai: 5.76}\n")
    replace_in(f, "    data:\n      - {periode: 2022-03, nilai: 5.76}\n", "    seri: {2022: 5.76, 2023: 5,85}\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1, r.output
    line = line_of(f, "seri: {2022")
    assert f"{BULELENG}:{line}:" in r.output and "pakai titik desimal: 5.85" in r.output, r.output


def test_notulen_section_has_sentence_then_table_per_indicator():
    ind = indicator(KALTIM_YAML)
    blocks = indicator_blocks([ind, ind])
    kinds = [type(b).__name__ for b in blocks]
    assert kinds[:3] == ["Paragraph", "Paragraph", "Table"]
    assert blocks[0].content[0].text == "a. Persentase penduduk miskin"


# --- the notulen, built and read back from DOCX and PDF ------------------------------------
KALTIM_ID = "rakor-kaltim-2024-12-19"
BULELENG_ID = "rakor-buleleng-2023-12-14"


@pytest.fixture
def notulen(built_kaltim, built_buleleng):
    """The notulen of both example rakor (the shared builds): {meeting id: (docx path, pdf path)}."""
    paths = {}
    for built, meeting in ((built_kaltim, KALTIM_ID), (built_buleleng, BULELENG_ID)):
        folder = built.outputs(meeting)
        paths[meeting] = (folder / f"notulen-{meeting}.docx", folder / f"notulen-{meeting}.pdf")
    return paths


def _texts(paths):
    from tests.readback import docx_text, flat, pdf_text

    return [flat(docx_text(paths[0])), flat(pdf_text(paths[1]))]


@pytest.mark.slow
def test_notulen_states_computed_change_targets_and_sources_in_both_formats(notulen):
    from tests.readback import flat

    for text in _texts(notulen[KALTIM_ID]):
        for piece in ("Persentase penduduk miskin Provinsi Kalimantan Timur pada Maret 2024 sebesar 5,78% "
                      "(221.340 jiwa), turun 0,33 poin atau 9.730 jiwa dibanding Maret 2023.",
                      "Target: 5,40–5,60% pada tahun 2025 (RKPD); 5,20% pada tahun 2026 (RPJMD).",
                      "Sebagai pembanding pada Maret 2024: Nasional 9,03%.",
                      "Target 2025 (RKPD)", "Target 2026 (RPJMD)",
                      "Grafik 1. Persentase penduduk miskin, Provinsi Kalimantan Timur dibanding Nasional"):
            assert flat(piece) in text, piece
        assert "0,53%" in text and "0%padatahun2026(RPJMD)" in text


@pytest.mark.slow
def test_notulen_keeps_written_precision_and_sets_comparisons_side_by_side(notulen):
    from tests.readback import flat

    for text in _texts(notulen[BULELENG_ID]):
        assert flat("sebesar 5,85%, naik 0,09 poin dibanding Maret 2022.") in text
        assert flat("Target: 3% pada tahun 2026 (RPKD).") in text and "3,00%" not in text
        assert flat("Sebagai pembanding pada Maret 2023: Provinsi Bali 4,25%, Nasional 9,36%.") in text
        # one table row per period: the region, its change, then province and nation beside it
        assert flat("Periode Kabupaten Buleleng Perubahan Provinsi Bali Nasional") in text
        assert flat("Maret 2023 5,85% naik 0,09 poin 4,25% 9,36%") in text
        assert flat("September 2022 – – – 9,57%") in text


def _chart_in_docx(path):
    import docx

    d = docx.Document(str(path))
    charts = [s for s in d.inline_shapes if (s._inline.docPr.get("descr") or "").startswith("Grafik garis")]
    return [d.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob for s in charts]


def _images_in_pdf(path):
    import pypdf

    return [im.image for page in pypdf.PdfReader(str(path)).pages for im in page.images]


@pytest.mark.slow
@pytest.mark.parametrize("meeting", [KALTIM_ID, BULELENG_ID])
def test_chart_is_the_same_picture_in_docx_and_pdf(notulen, meeting):
    import io

    from PIL import Image as Pil

    docx_path, pdf_path = notulen[meeting]
    (png,) = _chart_in_docx(docx_path)  # one indicator with two periods or more: one chart
    chart = Pil.open(io.BytesIO(png)).convert("RGB")
    assert chart.size == (1181, 661)  # 15 × 8.4 cm at 200 dpi
    same = [im for im in _images_in_pdf(pdf_path) if im.size == chart.size]
    assert len(same) == 1 and same[0].convert("RGB").tobytes() == chart.tobytes()


@pytest.mark.slow
def test_chart_bytes_are_identical_across_builds_and_processes(notulen):
    import hashlib
    import subprocess
    import sys

    (png,) = _chart_in_docx(notulen[KALTIM_ID][0])
    code = ("import hashlib, sys; from rapatgen.check.project import load_project; from rapatgen.documents.grafik import draw;"
            "from pathlib import Path; p = load_project(Path(sys.argv[1])); m = next(f.model for f in p.meetings if f.model.id == sys.argv[2]);"
            "print(hashlib.sha256(draw(m.indikator[0])).hexdigest())")
    from tests.conftest import KALTIM_ROOT

    procs = [subprocess.Popen([sys.executable, "-c", code, str(KALTIM_ROOT), KALTIM_ID], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]  # two processes at once
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == hashlib.sha256(png).hexdigest()
    assert b"tEXt" not in png and b"tIME" not in png  # no software name, no date


def test_a_chart_is_drawn_only_when_there_is_a_series():
    one = indicator("{nama: P, wilayah: W, data: [{periode: 2024-03, nilai: 0.53}], target: {2026: 0}}")
    assert not one.perlu_grafik()
    assert indicator("{nama: P, wilayah: W, grafik: true, data: [{periode: 2024-03, nilai: 0.53}]}").perlu_grafik()
    assert not indicator("{nama: P, wilayah: W, grafik: false, seri: {2023: 1, 2024: 2}}").perlu_grafik()


def test_time_axis_labels_the_regions_periods_and_never_crowds_them():
    from rapatgen.documents.grafik import tick_periods

    ind = indicator("{nama: P, wilayah: W, data: [{periode: 2023-03, nilai: 6}, {periode: 2023-09, nilai: 5.9},"
                    " {periode: 2024-03, nilai: 5.8}], pembanding: [{wilayah: Nasional, seri: {2023: 9.4, 2022: 9.5}}]}")
    assert [p.label for p in tick_periods(ind)] == ["2022", "Maret 2023", "September 2023", "Maret 2024"]
