"""`rapatgen rekap` (issue 21 item 3): the roll-up's numbers are the sums over the kab/kota export files.

Every count is recomputed here from the raw JSON of the files kept in rekap/ (not through the code under
test): per kab/kota the province's agreements it reports on (pj = its own government) by status, its
own agreements and how many are done, its meetings of the year; the totals are their sums, in the
workbook (SUM formulas with their stored values), in the PDF and in the Word file.
"""

import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document as Docx

from rapatgen.cli import main

STATUSES = ("selesai", "terlambat", "belum")


def expected(project: Path, year: int) -> dict[str, dict]:
    out = {}
    for path in sorted((project / "rekap").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["wilayah"]["kabupaten_kota"]
        prov, own, meetings = Counter(), Counter(), set()
        for row in data["baris"]:
            if row["jenis"] != "tindak_lanjut":
                continue
            counter = prov if row["pj"] == f"Pemerintah {name}" else own
            counter[row["nilai"] if row["nilai"] in STATUSES else "proses"] += 1
            counter["jumlah"] += 1
            if str(year) in row["sumber"].split(",")[0]:
                meetings.add(row["rapat"])
        latest = {}
        for row in data["baris"]:
            if row["jenis"] == "indikator" and row["wilayah"] == name:
                latest[row["indikator"]] = max(latest.get(row["indikator"], ("", None)), (row["periode"], row["nilai"]))
        out[name] = {"prov": prov, "own": own, "rapat": len(meetings), "latest": latest}
    return out


def rekap(project: Path, *args):
    return CliRunner().invoke(main, ["rekap", *args, "--proyek", str(project)])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from tests.conftest import KALTIM_ROOT, copy_example_project

    project = copy_example_project(KALTIM_ROOT, tmp_path_factory.mktemp("kaltim-rekap"))
    result = rekap(project)
    assert result.exit_code == 0, result.output
    return project


def test_the_workbook_holds_each_kabkota_as_its_file_says_and_the_totals_are_their_sums(made):
    want = expected(made, 2025)
    assert len(want) == 3
    wb = openpyxl.load_workbook(made / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")
    ws = wb["Tindak lanjut"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(1, 15)]
            for r in range(header + 1, header + 1 + len(want))}
    assert set(rows) == set(want)
    for name, w in want.items():
        row = rows[name]
        assert row[2:7] == [w["prov"]["jumlah"], w["prov"]["selesai"], w["prov"]["terlambat"], w["prov"]["belum"],
                            w["prov"]["proses"]], name
        assert row[8:11] == [w["rapat"], w["own"]["jumlah"], w["own"]["selesai"]], name
    total_row = header + 1 + len(want)
    assert ws.cell(total_row, 2).value == "JUMLAH"
    assert ws.cell(total_row, 3).value.startswith("=SUM(")  # a formula the reader can check
    values = openpyxl.load_workbook(made / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx", data_only=True)
    vs = values["Tindak lanjut"]
    sums = {3: ("prov", "jumlah"), 4: ("prov", "selesai"), 5: ("prov", "terlambat"), 6: ("prov", "belum"),
            10: ("own", "jumlah"), 11: ("own", "selesai")}
    for c, (part, key) in sums.items():
        assert vs.cell(total_row, c).value == sum(w[part][key] for w in want.values()), c
    assert vs.cell(total_row, 9).value == sum(w["rapat"] for w in want.values())
    # the indicator panel: each kab/kota's latest figure, the province's and the nation's of that period
    panel = wb["Indikator"]
    got = {(panel.cell(r, 1).value, panel.cell(r, 2).value): (panel.cell(r, 3).value, panel.cell(r, 4).value,
                                                              panel.cell(r, 5).value, panel.cell(r, 6).value)
           for r in range(header + 1, panel.max_row + 1) if panel.cell(r, 1).value}
    for name, w in want.items():
        for indikator, (periode, nilai) in w["latest"].items():
            assert got[(name, indikator)] == (periode, nilai, 5.78, 9.03)  # Kaltim and Nasional 2024-03


def test_the_ranking_puts_the_kabkota_with_more_provincial_agreements_done_first(made):
    want = expected(made, 2025)
    ws = openpyxl.load_workbook(made / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Peringkat"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Peringkat")
    order = [ws.cell(r, 2).value for r in range(header + 1, header + 1 + len(want))]

    def key(name):
        w = want[name]
        return (-w["prov"]["selesai"] / w["prov"]["jumlah"], -w["own"]["selesai"] / w["own"]["jumlah"], -w["rapat"],
                name)

    assert order == sorted(want, key=key)
    assert order[-1] == "Kabupaten Berau"  # its verval report is late


def test_the_document_under_the_provincial_kop_shows_the_same_totals(made):
    import pdfplumber

    want = expected(made, 2025)
    total = [sum(w["prov"][k] for w in want.values()) for k in ("jumlah", "selesai", "terlambat", "belum")]
    folder = made / "outputs" / "laporan"
    with pdfplumber.open(folder / "rekap-kabkota-2025.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "PEMERINTAH PROVINSI KALIMANTAN TIMUR" in text
    assert "REKAPITULASI TINDAK LANJUT DAN INDIKATOR KABUPATEN/KOTA" in text
    line = next(l for l in text.splitlines() if l.startswith("JUMLAH"))
    assert [int(x) for x in re.findall(r"\b\d+\b", line)[:4]] == total
    doc = Docx(str(folder / "rekap-kabkota-2025.docx"))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    docx_total = next(r for r in cells if "JUMLAH" in r)
    assert [int(x) for x in docx_total[2:6]] == total
    assert "Kota Bontang" in text  # in the directory, no export kept: listed as not sent


def test_a_kabkota_project_or_an_empty_store_gets_a_message(project, kaltim):
    import shutil

    result = rekap(project)
    assert result.exit_code != 0 and "hanya untuk proyek TKPK provinsi" in result.output
    shutil.rmtree(kaltim / "rekap")
    result = rekap(kaltim)
    assert result.exit_code != 0 and "rapatgen rekap impor" in result.output and "Traceback" not in result.output
    assert not (kaltim / "outputs" / "laporan").exists()


def test_timeliness_against_the_deadline_given(kaltim):
    """Exported (UTC date of `diekspor`) on or before --batas: on time; after it: late by the days between."""
    result = rekap(kaltim, "--batas", "2025-04-04")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(kaltim / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Tindak lanjut"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    got = {ws.cell(r, 2).value: ws.cell(r, 15).value for r in range(header + 1, header + 4)}
    exported = {}
    for path in (kaltim / "rekap").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        exported[data["wilayah"]["kabupaten_kota"]] = data["diekspor"][:10]
    from datetime import date

    for name, day in exported.items():
        late = (date.fromisoformat(day) - date(2025, 4, 4)).days
        assert got[name] == ("tepat waktu" if late <= 0 else f"terlambat {late} hari"), name
    assert got["Kabupaten Berau"] == "terlambat 1 hari"  # exported 5 April
    assert ws.cell(header + 4, 15).value == "2 tepat waktu"


def test_a_kabkota_report_that_differs_from_the_provinces_record_is_listed_never_applied(kaltim):
    """Item 2 in part: the province's member status beside the kab/kota's report; a difference is listed for
    the secretariat, and no meeting file changes."""
    stored = kaltim / "rekap" / "kota-balikpapan.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    for row in data["baris"]:
        if row["jenis"] == "tindak_lanjut" and row["pj"] == "Pemerintah Kota Balikpapan":
            row["nilai"] = "proses"
    stored.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    before = {p: p.read_bytes() for p in (kaltim / "agendas").glob("*.yaml")}
    result = rekap(kaltim)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(kaltim / "outputs" / "laporan" / "rekap-kabkota-2025.xlsx")["Perbandingan"]
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 6)] for r in range(1, ws.max_row + 1)
            if ws.cell(r, 1).value in ("Kota Balikpapan", "Kota Samarinda", "Kabupaten Berau")}
    assert rows["Kota Balikpapan"][2:4] == ["selesai", "proses"]
    assert rows["Kota Balikpapan"][4].startswith("berbeda")
    assert rows["Kota Samarinda"][2:5] == ["selesai", "selesai", "sama"]
    assert "K4@pemkot_balikpapan" in rows["Kota Balikpapan"][1]
    assert {p: p.read_bytes() for p in (kaltim / "agendas").glob("*.yaml")} == before


def test_one_chart_shows_every_kabkota_in_the_pdf_and_the_word_file(made):
    """Item 3's chart: one picture (the same PNG bytes in both files) of the main indicator of every kab/kota."""
    import pdfplumber

    from rapatgen.check.project import load_project
    from rapatgen.model.blocks import Image
    from rapatgen.report.rekap_run import rekap_files

    folder = made / "outputs" / "laporan"
    with pdfplumber.open(folder / "rekap-kabkota-2025.pdf") as pdf:
        assert sum(len(page.images) for page in pdf.pages) == 2  # the kop's logo and the chart
    doc = Docx(str(folder / "rekap-kabkota-2025.docx"))
    assert len(doc.inline_shapes) >= 1
    _, r = rekap_files(load_project(made))
    from rapatgen.report.rekap_grafik import draw, main_indicator

    assert main_indicator(r) == "Persentase penduduk miskin"
    png = draw(r, main_indicator(r))
    assert png.startswith(b"\x89PNG") and png == draw(r, main_indicator(r))  # reproducible bytes
    assert any(png in part.blob for part in doc.part.package.parts if part.partname.endswith(".png"))


def test_the_signed_document_names_agreements_not_internal_ids_or_commands(made):
    """Section D in the PDF and the Word file names each agreement as the meeting said it; the item id
    ('…/K4@pemkab_berau') and the command that records a decision stay in the worksheet."""
    from tests.readback import docx_text, pdf_text

    out = made / "outputs" / "laporan"
    ws = openpyxl.load_workbook(out / "rekap-kabkota-2025.xlsx")["Perbandingan"]
    ids = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str) and "@" in v]
    assert ids, "the worksheet keeps each item's id"
    for text in (pdf_text(out / "rekap-kabkota-2025.pdf"), docx_text(out / "rekap-kabkota-2025.docx")):
        assert "kesepakatan nomor 4" in text
        assert not re.search(r"K\d+@\w", text), re.search(r".{30}K\d+@\w.{20}", text)
        assert "rapatgen followup" not in text


def test_the_signed_document_names_its_sources_not_files_or_commands(made):
    """Issue 19 item 7: the roll-up printed 'Sumber: rekap/kabupaten-berau.json; …' (the files the secretariat
    keeps) and '(tidak diberikan: rapatgen rekap --batas TTTT-BB-HH)'. It names each kab/kota's report and the
    day its figures stand on."""
    from tests.readback import docx_text, pdf_text
    from tests.wording import check_paths

    out = made / "outputs" / "laporan"
    for text in (pdf_text(out / "rekap-kabkota-2025.pdf"), docx_text(out / "rekap-kabkota-2025.docx")):
        flat = " ".join(text.split())
        assert check_paths("rekap", text) == []
        assert "rapatgen" not in flat and "--batas" not in flat
        assert "Sumber: laporan kabupaten/kota yang diterima Sekretariat TKPK Provinsi Kalimantan Timur (Kabupaten " \
               "Berau, keadaan per " in flat, flat[-600:]
        assert "(batas waktu tidak ditetapkan)" in flat


def test_the_signed_rollup_reads_as_a_report_not_as_files(made):
    """The signed PDF and DOCX speak of the kab/kota's reports ('Keadaan per', 'Kiriman ke-', periods as
    'Maret 2024'), not of the secretariat's machinery ('ekspor', 'UTC', '2024-03')."""
    from tests.readback import docx_text, pdf_text

    stem = made / "outputs" / "laporan" / "rekap-kabkota-2025"
    for text in (pdf_text(stem.with_suffix(".pdf")), docx_text(stem.with_suffix(".docx"))):
        assert "Keadaan per" in text and "Kiriman ke-" in text
        assert "ekspor" not in text.casefold() and "UTC" not in text, text
        assert not re.search(r"\b(19|20)\d\d-(0[1-9]|1[0-2])\b", text), re.findall(r"\b\d{4}-\d\d\b", text)
        assert re.search(r"(Januari|Maret|September|Desember) 20\d\d", text)


def test_the_chart_names_each_bar_with_its_period_as_a_reader_says_it(made, monkeypatch):
    """The bars of the signed roll-up's chart read 'Kota Samarinda (Maret 2024)', like its table, not '(2024-03)'."""
    from matplotlib.axes import Axes

    from rapatgen.check.project import load_project
    from rapatgen.report.rekap_grafik import draw, main_indicator
    from rapatgen.report.rekap_run import rekap_files

    shown = []
    real = Axes.set_yticks
    monkeypatch.setattr(Axes, "set_yticks", lambda self, ticks, labels=None, **kw:
                        shown.extend(labels or []) or real(self, ticks, labels, **kw))
    _, r = rekap_files(load_project(made))
    draw(r, main_indicator(r))
    assert len(shown) >= 3, shown  # (rekap_files draws it too)
    for label in shown:
        assert re.search(r"\((Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                         r"Desember) \d{4}\)$|\(\d{4}\)$", label), label
