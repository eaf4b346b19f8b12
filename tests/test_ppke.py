"""`rapatgen laporan ppke TAHUN --triwulan N | --semester N` (issue 20 item 3).

Read back: Matriks 2 (XLSX and PDF) — every subtotal and total is the sum of its rows, every figure
is its YAML source's, a quarter's figures differ from the next; the self-score sheet holds real formulas
whose stored values are ours (and LibreOffice computes the same, where it is installed); the cover letter
is numbered from the register and signed by the Ketua TKPK; Matriks 1 cites the meeting where a point
was agreed and leaves the rest blank; bad input is one Indonesian message and nothing written.
"""

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, pdf_text

YEAR = "2024"


def laporan(project: Path, *args):
    return CliRunner().invoke(main, ["laporan", "ppke", *args, "--tanggal", "2024-07-10", "--proyek", str(project)])


def out(project: Path, name: str) -> Path:
    return project / "outputs" / "laporan" / name


def yaml_lines(project: Path) -> list[dict]:
    data = yaml.safe_load((project / "realisasi" / f"{YEAR}.yaml").read_text(encoding="utf-8"))
    return [line for lines in data["opd"].values() for line in lines]


@pytest.fixture(scope="module")
def tw2(tmp_path_factory):
    from tests.conftest import copy_root_project

    project = copy_root_project(tmp_path_factory.mktemp("ppke"))
    result = laporan(project, YEAR, "--triwulan", "2")
    assert result.exit_code == 0, result.output
    return project


def body_rows(ws):
    """Matriks 2 rows: (kind, cells) with kind body/subtotal/total, read from the sheet."""
    rows = []
    for row in ws.iter_rows(min_row=1, values_only=False):
        label = row[1].value
        if isinstance(row[0].value, int):
            rows.append(("body", row))
        elif isinstance(label, str) and label.startswith("Jumlah "):
            rows.append(("subtotal", row))
        elif label == "JUMLAH SELURUHNYA":
            rows.append(("total", row))
    return rows


def test_matriks2_xlsx_totals_are_sums_and_figures_are_the_yaml(tw2):
    values = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx"), data_only=True)["Matriks 2"]
    formulas = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx"))["Matriks 2"]
    rows = body_rows(values)
    lines = yaml_lines(tw2)
    body = [r for k, r in rows if k == "body"]
    assert len(body) == len(lines)
    by_name = {line["sub_kegiatan"]["nama"] if isinstance(line["sub_kegiatan"], dict) else line["sub_kegiatan"]: line
               for line in lines}
    for r in body:
        line = next(v for k, v in by_name.items() if k in r[2].value)
        assert r[6].value == line["pagu"]
        assert r[7].value == line["realisasi"]["tw1"]["keuangan"] and r[8].value == line["realisasi"]["tw2"]["keuangan"]
        assert r[9].value is None and r[10].value is None  # TW III and IV are after the period
        assert r[11].value == r[7].value + r[8].value
        assert r[13].value == line["realisasi"]["tw2"]["fisik"]
    group: list = []
    subtotals = []
    for kind, r in rows:
        if kind == "body":
            group.append(r)
        elif kind == "subtotal":
            for c in range(6, 12):
                assert r[c].value == sum(x[c].value or 0 for x in group)
            subtotals.append(r)
            group = []
        else:
            for c in range(6, 12):
                assert r[c].value == sum(s[c].value for s in subtotals)
                assert r[c].value == sum(x[c].value or 0 for x in body)
    assert sum(line["pagu"] for line in lines) == rows[-1][1][6].value
    # the subtotals are formulas, not typed numbers
    total_row = [row for row in formulas.iter_rows() if row[1].value == "JUMLAH SELURUHNYA"][0]
    assert str(total_row[6].value).startswith("=")


def test_a_quarter_differs_from_the_next_and_semester_closes_two(tw2):
    result = laporan(tw2, YEAR, "--triwulan", "3")
    assert result.exit_code == 0, result.output
    q2 = body_rows(openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx"), data_only=True)["Matriks 2"])
    q3 = body_rows(openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw3-matriks2.xlsx"), data_only=True)["Matriks 2"])
    assert q2[-1][1][11].value != q3[-1][1][11].value and q3[-1][1][9].value
    result = laporan(tw2, YEAR, "--semester", "1")
    assert result.exit_code == 0, result.output
    s1 = body_rows(openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-smt1-matriks2.xlsx"), data_only=True)["Matriks 2"])
    assert s1[-1][1][11].value == q2[-1][1][11].value  # semester I closes with the second quarter


def test_matriks2_pdf_is_landscape_with_the_same_total(tw2):
    import pypdf

    from rapatgen.text import locale as L

    path = out(tw2, f"ppke-{YEAR}-tw2-matriks2.pdf")
    page = pypdf.PdfReader(path).pages[0]
    assert page.mediabox.width > page.mediabox.height
    values = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx"), data_only=True)["Matriks 2"]
    total = body_rows(values)[-1][1]
    text = pdf_text(path)
    assert "JUMLAH SELURUHNYA" in text
    for c in (6, 7, 8, 11):
        assert L.angka(total[c].value) in text


def test_self_score_sheet_has_formulas_whose_stored_values_are_ours(tw2):
    from rapatgen.model.realisasi import BOBOT_KATEGORI

    path = out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx")
    formulas = openpyxl.load_workbook(path)["Skor Insentif PMK 97-2023"]
    values = openpyxl.load_workbook(path, data_only=True)["Skor Insentif PMK 97-2023"]
    cells = {c.coordinate: c.value for row in formulas.iter_rows() for c in row}
    stored = {c.coordinate: c.value for row in values.iter_rows() for c in row}
    formula_cells = [k for k, v in cells.items() if isinstance(v, str) and v.startswith("=")]
    assert any("SUMIF" in cells[k] for k in formula_cells)
    assert all(stored[k] is not None for k in formula_cells)  # every formula carries its value
    # our arithmetic, from the YAML: weighted realisation up to TW II
    lines = yaml_lines(tw2)
    x = sum(BOBOT_KATEGORI[line["kategori"]] / 100 *
            sum(line["realisasi"][q]["keuangan"] - line["realisasi"][q].get("perjalanan_dinas", 0)
                for q in ("tw1", "tw2") if q in line["realisasi"]) for line in lines)
    x_cell = next(k for k, v in stored.items() if v == "X daerah ini (jumlah tertimbang)")
    x_value = stored["F" + x_cell[1:]]
    assert x_value == pytest.approx(x)


def _recalculated(path: Path, work: Path) -> Path | None:
    """The workbook as LibreOffice Calc saves it after recalculating; None when Calc is not installed."""
    from tests.soffice import convert, soffice

    if soffice() is None:
        return None
    work.mkdir(exist_ok=True)
    convert([path], work, "xlsx:Calc MS Excel 2007 XML", timeout=180, check=False)
    out = work / path.name
    return out if out.is_file() else None


@pytest.mark.slow
def test_libreoffice_recalculates_the_same_values(tw2, tmp_path):
    path = out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx")
    again = _recalculated(path, tmp_path)
    if again is None:
        pytest.skip("soffice tanpa LibreOffice Calc: tidak dapat menghitung ulang XLSX")
    recalculated = openpyxl.load_workbook(again, data_only=True)
    checked = 0
    for sheet in ("Skor Insentif PMK 97-2023", "Matriks 2"):
        ours = openpyxl.load_workbook(path, data_only=True)[sheet]
        theirs = recalculated[sheet]
        for row in openpyxl.load_workbook(path)[sheet].iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert theirs[c.coordinate].value == pytest.approx(ours[c.coordinate].value), (sheet, c.coordinate)
                    checked += 1
    assert checked > 20


def test_cover_letter_is_numbered_from_the_register_and_signed_by_the_ketua(tw2):
    text = docx_text(out(tw2, f"ppke-{YEAR}-tw2-surat-pengantar.docx"))
    register = (tw2 / "buku-agenda-surat-keluar.csv").read_text(encoding="utf-8-sig")
    line = next(row for row in register.splitlines() if "ppke-2024-tw2" in row)
    number = line.split(",")[3]
    assert number in text and "/......" not in number
    # a letter: the jabatan in capitals, as the undangan (issue 19 item 8)
    assert "WAKIL BUPATI BULELENG SELAKU KETUA TKPK KABUPATEN BULELENG," in text
    assert "Gubernur Provinsi Bali" in text
    assert number in pdf_text(out(tw2, f"ppke-{YEAR}-tw2-surat-pengantar.pdf"))
    # the same letter keeps its number on a second run
    laporan(tw2, YEAR, "--triwulan", "2", "--timpa")
    again = (tw2 / "buku-agenda-surat-keluar.csv").read_text(encoding="utf-8-sig")
    assert again.count("ppke-2024-tw2") == 1


def test_matriks1_cites_the_meeting_where_it_was_agreed_and_leaves_the_rest_blank(tw2):
    ws = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks1.xlsx"))["Matriks 1"]
    rows = [[c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, str) and
            row[0].value[:1].isdigit()]
    assert len(rows) == 28  # kabupaten: 28 questions in 5 topics
    assert len({r[1] for r in rows}) == 5
    answered = [r for r in rows if r[3]]
    blank = [r for r in rows if not r[3]]
    assert answered and blank
    assert all(r[4] for r in answered)  # every answer names its evidence
    assert any("Notulen dan Berita Acara Rapat Koordinasi" in (r[4] or "") or "Notulen" in (r[4] or "")
               for r in answered)


@pytest.mark.parametrize("args, words", [
    (["2031", "--triwulan", "1"], "tahun 2031"),
    (["2024", "--triwulan", "5"], "--triwulan 5"),
    (["2024"], "--triwulan"),
    (["2024", "--triwulan", "1", "--semester", "1"], "bukan keduanya"),
    (["2023", "--triwulan", "1"], "realisasi/2023.yaml"),
])
def test_bad_input_is_one_message_and_nothing_written(project, args, words):
    result = laporan(project, *args)
    assert result.exit_code != 0 and "Traceback" not in result.output and words in result.output, result.output
    assert not (project / "outputs" / "laporan").exists()


def test_a_year_without_the_quarter_written_says_which_quarters_are(tw2, tmp_path):
    project = Path(shutil.copytree(tw2, tmp_path / "p"))
    shutil.rmtree(project / "outputs")
    text = (project / "realisasi" / f"{YEAR}.yaml").read_text(encoding="utf-8")
    import re
    text = re.sub(r"\n        tw[34]: \{[^}]*\}", "", text)
    (project / "realisasi" / f"{YEAR}.yaml").write_text(text, encoding="utf-8")
    result = laporan(project, YEAR, "--triwulan", "3")
    assert result.exit_code != 0 and "realisasi triwulan III tahun 2024" in result.output
    assert "I, II" in result.output
    assert not (project / "outputs" / "laporan").exists()


def test_readme_first_command_makes_the_ppke_package_of_every_example():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(line for line in readme.splitlines() if line.startswith("python3 -m pip install -e . &&"))
    assert "&& rapatgen laporan ppke 2024 --triwulan 2 &&" in first
    assert "rapatgen laporan ppke 2025 --semester 1 --proyek contoh/kaltim" in first
    assert "### Paket laporan PPKE" in readme


def test_kaltim_semester_package_is_addressed_to_the_minister_with_29_questions(kaltim):
    result = CliRunner().invoke(main, ["laporan", "ppke", "2025", "--semester", "1", "--tanggal", "2025-07-10",
                                       "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    folder = kaltim / "outputs" / "laporan"
    text = docx_text(folder / "ppke-2025-smt1-surat-pengantar.docx")
    assert "Menteri Dalam Negeri" in text and "Instruksi Presiden Nomor 8 Tahun 2025" in text
    assert "WAKIL GUBERNUR KALIMANTAN TIMUR SELAKU KETUA TKPK PROVINSI KALIMANTAN TIMUR," in text
    ws = openpyxl.load_workbook(folder / "ppke-2025-smt1-matriks1.xlsx")["Matriks 1"]
    rows = [[c.value for c in row] for row in ws.iter_rows() if isinstance(row[0].value, str) and
            row[0].value[:1].isdigit()]
    assert len(rows) == 29
    cited = [r for r in rows if r[4] and "Notulen" in r[4]]
    assert cited  # answers from the meetings name the notulen (and berita acara) they come from


def test_sources_name_the_reports_not_files(tw2):
    """Issue 19 item 7: Matriks 2 printed 'Sumber: realisasi/2024.yaml', Matriks 1's evidence column
    'realisasi/2024.yaml; …', 'lokus/2024.yaml (…)' and 'Matriks tindak lanjut (outputs/matriks-tindak-lanjut.xlsx)'.
    Both name who reported the figures and the document instead."""
    from tests.wording import check_paths

    text = pdf_text(out(tw2, f"ppke-{YEAR}-tw2-matriks2.pdf"))
    assert check_paths("matriks2", text) == []
    assert "Sumber: Laporan realisasi perangkat daerah anggota TKPK Kabupaten Buleleng tahun 2024." in " ".join(text.split())
    ws = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks1.xlsx"))["Matriks 1"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [p for c in cells for p in check_paths("matriks1", c)]
    evidence = " ".join(cells)
    assert "Laporan realisasi perangkat daerah anggota TKPK Kabupaten Buleleng tahun 2024; Matriks 2" in evidence
    assert "Keputusan Bupati Buleleng tentang Lokasi Prioritas" in evidence
    assert "Matriks tindak lanjut TKPK Kabupaten Buleleng" in evidence


def test_pdfs_are_pdfa(tw2):
    from tests.pdfa import check_pdfa2b

    for name in (f"ppke-{YEAR}-tw2-matriks2.pdf", f"ppke-{YEAR}-tw2-surat-pengantar.pdf"):
        assert check_pdfa2b(out(tw2, name).read_bytes()) == [], name


def test_layout_checker_on_matriks2_and_the_letter(tw2):
    from datetime import date

    from rapatgen.check.project import load_project
    from rapatgen.check.projectdata import load_project_data
    from rapatgen.report import ppke as P
    from rapatgen.report import ppke_data as D
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project
    from tests.layout import check_cell_inset, check_document

    project = load_project(tw2)
    use_project(project.root)
    data = load_project_data(project.root, project)
    period = D.period_of(2024, 2, None)
    ctx = Context(project.config, project.directory, project.root, period.end, [mf.model for mf in project.meetings],
                  [pf.model for pf in project.programmes])
    m = D.matrix(data.realisasi[2024], ctx.institution_name, period, ctx.institution_short)
    signed = date(2024, 7, 10)
    from rapatgen.report.ppke_run import realisation_source

    doc = P.compose_matriks2(ctx, m, signed, realisation_source(ctx, period))
    name = f"ppke-{YEAR}-tw2-matriks2.pdf"
    assert check_document(name, doc, out(tw2, name).read_bytes()) == []
    assert check_cell_inset(name, doc, out(tw2, name).read_bytes()) == []  # 'Pemutakhiran' in Keterangan
    text = docx_text(out(tw2, f"ppke-{YEAR}-tw2-surat-pengantar.docx"))
    number = next(line for line in text.splitlines() if "400.9.14/" in line).split(":")[-1].strip()
    letter = P.compose_pengantar(ctx, period, "wakil_bupati_bll", number, signed, [
        "Matriks 1 Perkembangan Pelaksanaan PPKE Triwulan II Tahun 2024",
        "Matriks 2 Pemetaan Program/Kegiatan dan Anggaran PPKE Triwulan II Tahun 2024",
        "Skor mandiri belanja penandaan kemiskinan ekstrem (PMK 97/2023) Triwulan II Tahun 2024"])
    name = f"ppke-{YEAR}-tw2-surat-pengantar.pdf"
    assert check_document(name, letter, out(tw2, name).read_bytes()) == []


def _level(value) -> tuple[str | None, str]:
    return (value.get("kode"), value["nama"]) if isinstance(value, dict) else (None, value)


def programme_lines(line: dict) -> list[str]:
    """Program, Kegiatan, Sub Kegiatan of one YAML line as Matriks 2 must print them: each on its own
    line, named by its label unless its name already starts with it; its own code before the name."""
    lines = []
    for label, key in (("Program", "program"), ("Kegiatan", "kegiatan"), ("Sub Kegiatan", "sub_kegiatan")):
        kode, nama = _level(line[key])
        value = f"{kode} {nama}" if kode else nama
        lines.append(value if nama.casefold().startswith(label.casefold() + " ") else f"{label}: {value}")
    return lines


def test_matriks2_names_program_kegiatan_and_sub_kegiatan_each_on_its_own_line(tw2):
    """Issue 19 item 13's labelled stack (documents/program_cell), in the PDF and the XLSX: never three
    names joined by ' / ' where the reader must guess which is the activity."""
    from tests.readback import flat

    lines = yaml_lines(tw2)
    assert any(not _level(line["kegiatan"])[1].startswith("Kegiatan ") for line in lines)
    ws = openpyxl.load_workbook(out(tw2, f"ppke-{YEAR}-tw2-matriks2.xlsx"), data_only=True)["Matriks 2"]
    cells = [row[2].value for kind, row in body_rows(ws) if kind == "body"]
    assert sorted(cell.split("\n") for cell in cells) == sorted(programme_lines(line) for line in lines)
    text = flat(pdf_text(out(tw2, f"ppke-{YEAR}-tw2-matriks2.pdf")))
    for line in lines:  # each level's label right before its name, Program, Kegiatan, Sub Kegiatan in turn
        program, kegiatan, sub = (flat(t) for t in programme_lines(line))
        assert program + kegiatan + sub in text, programme_lines(line)
    assert " / " not in "".join(cells)
