"""`rapatgen laporan lp2kd TAHUN` (issue 20 items 2 and 5): the LP2KD draft of both example projects,
read back from the DOCX and the PDF a secretariat receives — every total the sum of its rows, every
indicator figure found in the file behind the document the report names as its source (the notulen of
a meeting, the secretariat's own series), no file named in the report, chapters without data saying
so (and the command naming the file to write), the wording editable in templates/teks/, the layout checker and PDF/A; and the error cases."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import KALTIM_ROOT, copy_example_project, copy_root_project
from tests.readback import docx_text, flat, pdf_text

SIGNED = "2025-01-20"
EXAMPLES = {"buleleng": ((2023, 2024), "Kabupaten Buleleng"), "kaltim": ((2024, 2025), "Provinsi Kalimantan Timur")}
REPORTS = [(name, year) for name, (years, _) in EXAMPLES.items() for year in years]
DATA_YEAR = {"buleleng": 2024, "kaltim": 2025}  # the year of each example's realisasi/ and lokus/


def _run(root: Path, *args: str):
    r = CliRunner().invoke(main, ["laporan", "lp2kd", *args, "--proyek", str(root)])
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    return r


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, int], tuple[Path, bytes, bytes]]:
    """Each example's LP2KDs, made by one command per project: (project root, DOCX bytes, PDF bytes)."""
    out = {}
    for name, (years, _) in EXAMPLES.items():
        target = tmp_path_factory.mktemp(name)
        root = copy_root_project(target) if name == "buleleng" else copy_example_project(KALTIM_ROOT, target)
        r = _run(root, *map(str, years), "--tanggal", SIGNED)
        assert r.exit_code == 0, r.output
        folder = root / "outputs" / "laporan"
        for year in years:
            out[name, year] = (root, (folder / f"lp2kd-{year}.docx").read_bytes(),
                               (folder / f"lp2kd-{year}.pdf").read_bytes())
    return out


def _tables(data: bytes) -> list[list[list[str]]]:
    d = docx.Document(io.BytesIO(data))
    return [[[c.text.strip() for c in row.cells] for row in t.rows] for t in d.tables]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.mark.parametrize("name, year", REPORTS)
def test_letter_form_chapters_and_signature(reports, name, year):
    root, docx_bytes, pdf_bytes = reports[name, year]
    region = EXAMPLES[name][1]
    for text in (docx_text(docx_bytes), pdf_text(pdf_bytes)):
        body = flat(text)
        assert flat("LAPORAN PELAKSANAAN PENANGGULANGAN KEMISKINAN DAERAH (LP2KD)") in body
        assert flat(f"{region.upper()} TAHUN {year}") in body
        assert flat("BADAN PERENCANAAN PEMBANGUNAN DAERAH") in body  # the kop
        for chapter in ("PENDAHULUAN", "KONDISI KEMISKINAN DAERAH", "PELAKSANAAN PROGRAM", "TINJAUAN ANGGARAN",
                        "KOORDINASI TKPK", "PENUTUP"):
            assert flat(chapter) in body, chapter
        assert flat(f"selaku Sekretaris TKPK {region}") in body  # Kepala Bappeda as Sekretaris TKPK
        assert flat("Peraturan Menteri Dalam Negeri Nomor 53 Tahun 2020") in body  # dasar hukum from rapatgen.yaml
        assert flat("20 Januari 2025") in body


def _yaml(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _rp(text: str) -> int:
    return int(text.replace("Rp", "").replace(".", ""))


def _pct(text: str) -> float:
    return float(text.rstrip("%").replace(",", "."))


@pytest.mark.parametrize("name", EXAMPLES)
def test_realisation_by_strategy_and_opd_adds_up_to_the_yaml(reports, name):
    """Every OPD row is its lines in realisasi/<tahun>.yaml; each subtotal the sum of its rows; the total the sum
    of the subtotals and of the file; % of pagu and the pagu-weighted physical progress recomputed from it."""
    year = DATA_YEAR[name]
    root, docx_bytes, pdf_bytes = reports[name, year]
    lines = [line for rows in _yaml(root / "realisasi" / f"{year}.yaml")["opd"].values() for line in rows]
    table = next(t for t in _tables(docx_bytes) if t[0][1] == "Strategi / Perangkat Daerah")
    body: list[list[str]] = []
    subtotals = []
    for row in table[1:]:
        if row[0].startswith("Subtotal"):
            for col, parse in ((2, _number), (3, _rp), (4, _rp)):
                assert parse(row[col]) == sum(parse(r[col]) for r in body), (row, col)
            subtotals.append(row)
            body = []
        elif row[0] == "Jumlah":
            total = row
        elif row[0].endswith("."):
            body.append(row)
    assert len(subtotals) >= 2
    for col, parse in ((2, _number), (3, _rp), (4, _rp)):
        assert parse(total[col]) == sum(parse(r[col]) for r in subtotals)
    pagu = sum(x["pagu"] for x in lines)
    spent = sum(q["keuangan"] for x in lines for q in x["realisasi"].values())
    assert (_number(total[2]), _rp(total[3]), _rp(total[4])) == (len(lines), pagu, spent)
    assert _pct(total[5]) == round(100 * spent / pagu, 2)
    last = [x["realisasi"][max(x["realisasi"])]["fisik"] for x in lines]
    assert _pct(total[6]) == round(sum(f * x["pagu"] for f, x in zip(last, lines)) / pagu, 2)
    assert flat(total[3]) in flat(pdf_text(pdf_bytes))


@pytest.mark.parametrize("name", EXAMPLES)
def test_tagged_spending_by_category_and_lokus_trace_to_the_yaml(reports, name):
    year = DATA_YEAR[name]
    root, docx_bytes, _ = reports[name, year]
    lines = [line for rows in _yaml(root / "realisasi" / f"{year}.yaml")["opd"].values() for line in rows]
    table = next(t for t in _tables(docx_bytes) if t[0][1] == "Kategori penandaan")
    body, total = table[1:-1], table[-1]
    spent = {k: sum(q["keuangan"] for x in lines if x["kategori"] == k for q in x["realisasi"].values())
             for k in ("langsung", "tidak_langsung", "penunjang")}
    assert [_rp(r[4]) for r in body] == list(spent.values())
    assert _rp(total[4]) == sum(spent.values()) == sum(_rp(r[4]) for r in body)
    for row, amount in zip(body, spent.values()):
        assert _pct(row[5]) == round(100 * amount / sum(spent.values()), 2)  # share of the total
    lokus = _yaml(root / "lokus" / f"{year}.yaml")["lokus"]
    table = next(t for t in _tables(docx_bytes) if t[0][1] == "Desa/Kelurahan")
    assert [r[1] for r in table[1:]] == [("Desa " + d["desa"]) if d.get("desa") else "Kelurahan " + d["kelurahan"]
                                         for d in lokus]
    assert [r[2] for r in table[1:]] == [d["kecamatan"] for d in lokus]


@pytest.mark.parametrize("name, year", REPORTS)
def test_agreements_per_opd_total_is_the_sum_of_its_rows(reports, name, year):
    from rapatgen.check.project import load_project
    from rapatgen.resolve.followups import collect

    root, docx_bytes, pdf_bytes = reports[name, year]
    table = next(t for t in _tables(docx_bytes) if t[0][1:5] == ["Perangkat Daerah", "Butir", "Baru", "Bawaan"])
    body, total = table[1:-1], table[-1]
    assert total[0] == "Jumlah" and len(body) >= 2
    for row in body:
        assert _number(row[2]) == _number(row[3]) + _number(row[4]), row  # Butir = new + carried in
        assert _number(row[2]) == sum(_number(x) for x in row[5:]), row  # Butir = its statuses
    for col in range(2, len(total)):
        assert _number(total[col]) == sum(_number(row[col]) for row in body), (col, total)
    # the year's own items are every occurrence its meetings hold; the carried-in ones were open on 1 January
    project = load_project(root)
    meetings = [mf.model for mf in project.meetings]
    own = [m for m in meetings if m.sesi[0].tanggal.year == year]
    assert _number(total[3]) == len(collect(own, date(year, 12, 31), project.directory))
    earlier = [m for m in meetings if m.sesi[0].tanggal.year < year]
    assert _number(total[4]) == sum(f.is_open for f in collect(earlier, date(year - 1, 12, 31), project.directory))
    assert flat("Jumlah " + " ".join(total[2:])) in flat(pdf_text(pdf_bytes))


_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"]


def _period(label: str) -> str:
    if label.isdigit():  # a figure of a year
        return label
    month, year = label.split()
    return f"{year}-{_MONTHS.index(month) + 1:02d}"


def _source_files(root: Path, cell: str) -> list[Path]:
    """The YAML files behind the sources a cell names: 'Notulen Rakor TKPK 14 Desember 2023' → that meeting's
    file, 'Data Sekretariat TKPK Kabupaten Buleleng' → indikator.yaml."""
    from rapatgen.check.project import load_project
    from rapatgen.model.occurrences import meeting_label

    project = load_project(root)
    org = project.config.organisasi
    labels = {f"Notulen {meeting_label(mf.model, 'TKPK')}": mf.path for mf in project.meetings}
    labels[f"Data Sekretariat {org.singkatan or org.nama}"] = root / "indikator.yaml"
    text = flat(cell)
    return [path for label, path in labels.items() if flat(label) in text]


@pytest.mark.parametrize("name, year", REPORTS)
def test_every_indicator_figure_traces_to_its_source(reports, name, year):
    root, docx_bytes, _ = reports[name, year]
    series = [t for t in _tables(docx_bytes) if t[0][0] == "Periode" and t[0][-1] == "Sumber"]
    assert series
    checked = 0
    for table in series:
        head = table[0]
        for row in table[1:]:
            if not re.fullmatch(r"(\w+ )?\d{4}", row[0]):  # the chart below the table, a row of it in Word
                assert "Grafik" in row[0], row
                continue
            period = _period(row[0])
            files = _source_files(root, row[-1])
            assert files, row
            lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()
                     if f"periode: {period}" in line]
            for title, cell in zip(head[1:-1], row[1:-1]):
                if cell == "–":
                    continue
                if title.startswith("Jumlah"):
                    wanted = f"jumlah: {cell.replace('.', '')}"
                else:
                    number = re.sub(r"[^\d,]", "", cell).replace(",", ".")
                    wanted = f"nilai: {number}"
                assert any(wanted in line for line in lines), (name, row, title, wanted, files)
                checked += 1
    assert checked >= 6


@pytest.mark.parametrize("name", EXAMPLES)
def test_breakdown_by_region_traces_to_its_source(reports, name):
    """The per-wilayah table of an indicator (kab/kota, kecamatan): each figure on the line of its region in the
    file behind the source the heading above the table names."""
    year = DATA_YEAR[name]
    root, docx_bytes, _ = reports[name, year]
    text = docx_text(docx_bytes, tables=False)
    sources = re.findall(r"menurut wilayah \(sumber: ([^)]+)\)", text)
    tables = [t for t in _tables(docx_bytes) if t[0][0] == "Wilayah"]
    assert tables and len(sources) == len(tables)
    checked = 0
    for table, source in zip(tables, sources):
        lines = [line for f in _source_files(root, source) for line in f.read_text(encoding="utf-8").splitlines()]
        periods = [p for p in table[0][1:] if re.fullmatch(r"(\w+ )?\d{4}", p)]
        for row in table[1:]:
            mine = [line for line in lines if f"wilayah: {row[0]}" in line and "periode:" in line]
            if not mine:  # the whole region, last: its series table is traced above
                assert row is table[-1] and any(t[0][1] == row[0] for t in _tables(docx_bytes) if t[0][0] == "Periode")
                continue
            for period, cell in zip(periods, row[1:]):
                if cell == "–":
                    continue
                number = re.sub(r"[^\d,]", "", cell.split("(")[0]).replace(",", ".")
                assert any(f"periode: {_period(period)}, nilai: {number}" in line for line in mine), (row, period)
                checked += 1
    assert checked >= 6


def test_chapters_without_data_say_so(reports, tmp_path):
    """In the report's words, naming no file; the command names the file that would hold it."""
    _, docx_bytes, _ = reports["buleleng", 2023]
    text = flat(docx_text(docx_bytes))
    assert flat("Data realisasi program tahun 2023 belum tersedia.") in text
    assert flat("Lokus desa/kelurahan tahun 2023 belum ditetapkan.") in text
    assert flat("Data belanja yang ditandai (langsung, tidak langsung, penunjang) tahun 2023 belum tersedia.") in text
    _, docx_bytes, _ = reports["buleleng", 2024]  # realisation, but no meeting and no programme that year
    text = flat(docx_text(docx_bytes))
    assert flat("Tidak ada rapat TKPK yang tercatat pada tahun 2024.") in text
    assert flat("Program rapat tahun 2024 belum ditetapkan; rapat yang terlaksana tercantum pada 5.2.") in text
    assert ".yaml" not in text and "agendas/" not in text
    # a project whose meetings hold no indicator and no programme: each chapter says what is missing
    root = copy_root_project(tmp_path / "p")
    import shutil

    shutil.rmtree(root / "program")
    (root / "indikator.yaml").unlink(missing_ok=True)
    meeting = root / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    text = meeting.read_text(encoding="utf-8").replace("tinjau_program: 2023", "")
    meeting.write_text(text.split("\n# Angka BPS")[0].rstrip() + "\n" + "dasar_hukum:" + text.split("\ndasar_hukum:")[1],
                       encoding="utf-8")
    r = _run(root, "2023", "--tanggal", SIGNED)
    assert r.exit_code == 0, r.output
    text = flat(docx_text((root / "outputs" / "laporan" / "lp2kd-2023.docx").read_bytes()))
    assert flat("Belum ada data indikator kemiskinan tahun 2019–2023") in text
    assert flat("Program rapat tahun 2023 belum ditetapkan") in text
    for note in ("program rapat: tulis program/2023.yaml", "realisasi program: tulis realisasi/2023.yaml",
                 "lokus desa/kelurahan: tulis lokus/2023.yaml"):
        assert f"catatan: lp2kd-2023: {note}" in r.output, r.output


def test_penutup_wording_comes_from_the_projects_templates(tmp_path):
    root = copy_root_project(tmp_path)
    own = root / "templates" / "teks"
    own.mkdir(parents=True)
    (own / "lp2kd_penutup.j2").write_text("Kalimat penutup sekretariat {{ tim }}: {{ rapat }} rapat pada {{ tahun }}.",
                                          encoding="utf-8")
    assert _run(root, "2023", "--tanggal", SIGNED).exit_code == 0
    data = (root / "outputs" / "laporan" / "lp2kd-2023.pdf").read_bytes()
    assert flat("Kalimat penutup sekretariat TKPK Kabupaten Buleleng: 5 rapat pada 2023.") in flat(pdf_text(data))


@pytest.mark.parametrize("name, year", REPORTS)
def test_layout_checker_and_pdfa(reports, name, year):
    from rapatgen.check.project import load_project
    from rapatgen.build.charts import ChartCache
    from rapatgen.report.common import report_year
    from rapatgen.report.lp2kd import compose_lp2kd
    from rapatgen.text.templating import use_project
    from tests.layout import check_document
    from tests.pdfa import check_pdfa2b

    root, _, pdf_bytes = reports[name, year]
    project = load_project(root)
    use_project(project.root)
    doc = compose_lp2kd(report_year(project, year), date(2025, 1, 20), ChartCache(None).png)
    assert check_document(f"lp2kd-{year}.pdf", doc, pdf_bytes) == []
    assert check_pdfa2b(pdf_bytes) == []


def test_unknown_year_and_a_year_without_meetings(tmp_path):
    root = copy_root_project(tmp_path)
    r = _run(root, "2999")
    assert r.exit_code == 2 and "tahun 2999 belum berjalan" in r.output and "2023, 2024, 2025" in r.output
    r = _run(root, "2022")
    assert r.exit_code == 2
    assert "tidak ada rapat pada tahun 2022 di agendas/, dan tidak ada data tahun itu" in r.output
    assert "2023, 2024, 2025" in r.output
    r = _run(root, "2023", "2022")  # one wrong year of several: nothing written
    assert r.exit_code == 2
    r = _run(root, "duaribu")
    assert r.exit_code == 2 and "Galat:" in r.output
    assert not (root / "outputs" / "laporan").exists()
    # the same through the installed command: one line, no traceback
    p = subprocess.run([sys.executable, "-m", "rapatgen", "laporan", "lp2kd", "2022", "--proyek", str(root)],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.startswith("Galat: tidak ada rapat")


def test_locked_output_folder_writes_nothing_half(tmp_path, monkeypatch):
    import errno

    import rapatgen.files.atomic as w

    root = copy_root_project(tmp_path)
    real_mkstemp = w.tempfile.mkstemp

    def no_permission(*args, **kwargs):
        if "laporan" in str(kwargs.get("dir", "")):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(w.tempfile, "mkstemp", no_permission)
    r = _run(root, "2023")
    assert r.exit_code == 1
    assert "outputs/laporan/lp2kd-2023.docx tidak dapat ditulis: tidak ada izin menulis" in r.output
    assert [p.name for p in (root / "outputs" / "laporan").iterdir()] == []  # no half file, no temp file


def test_a_hand_edited_report_is_kept(tmp_path):
    root = copy_root_project(tmp_path)
    assert _run(root, "2023", "--tanggal", SIGNED).exit_code == 0
    target = root / "outputs" / "laporan" / "lp2kd-2023.docx"
    target.write_bytes(target.read_bytes() + b"\0")  # edited in Word since
    r = _run(root, "2023", "--tanggal", "2025-01-21")
    assert r.exit_code == 0 and "tidak ditimpa" in r.output
    assert target.read_bytes().endswith(b"\0")
    assert (target.parent / "lp2kd-2023 (baru).docx").is_file()


def test_readme_first_command_makes_the_lp2kd_of_every_example():
    """README's first command (which .ci/run runs) writes each example's LP2KD for the year this test reads."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(line for line in readme.splitlines() if line.startswith("python3 -m pip install -e . &&"))
    for name, (years, _) in EXAMPLES.items():
        where = "" if name == "buleleng" else " --proyek contoh/kaltim"
        assert f"rapatgen laporan lp2kd {' '.join(map(str, years))}{where}" in first
    assert "## Laporan tahunan dan triwulan" in readme and "### LP2KD" in readme


def test_strategies_are_named_as_the_rencana_aksi_names_them(reports, built_buleleng):
    """Inpres 4/2022's three strategies read the same in the signed RAT and in the LP2KD
    ('Penurunan jumlah kantong-kantong kemiskinan', not a second wording of it)."""
    rat = docx.Document(built_buleleng.root / "outputs" / "rakor-buleleng-2023-12-14"
                        / "rencana-aksi-rakor-buleleng-2023-12-14.docx")
    in_rat = {c.text.strip().split(": ", 1)[1] for t in rat.tables for row in t.rows for c in row.cells
              if c.text.strip().startswith("Strategi ")}
    assert "Penurunan jumlah kantong-kantong kemiskinan" in in_rat, in_rat
    table = next(t for t in _tables(reports["kaltim", 2025][1]) if t[0][1] == "Strategi / Perangkat Daerah")
    headings = {m[1] for row in table[1:] if (m := re.fullmatch(r"[IV]+\. (.+)", row[0]))}
    assert len(headings) == 3 and headings <= in_rat, (headings, in_rat)


@pytest.mark.parametrize("name, year", REPORTS)
def test_sources_name_the_publisher_and_the_document_never_a_file(reports, name, year):
    """Issue 19 item 7: the LP2KD printed 15–32 YAML paths as the source of its figures ('agendas/2023-12-14-
    rakor-tkpk-buleleng.yaml', 'indikator.yaml', 'Sumber: realisasi/2024.yaml'); it names the meeting's notulen,
    the secretariat's data and the OPD reports instead."""
    from tests.wording import check_paths

    root, docx_bytes, pdf_bytes = reports[name, year]
    team = "TKPK Kabupaten Buleleng" if name == "buleleng" else "TKPK Provinsi Kalimantan Timur"
    for text in (docx_text(docx_bytes), pdf_text(pdf_bytes)):
        assert check_paths(name, text) == []
        body = flat(text)
        assert flat(f"Data Sekretariat {team}") in body
        assert flat("Notulen Rakor TKPK") in body or flat("Notulen Rapat Konsolidasi TKPK") in body
        if year == DATA_YEAR[name]:
            assert flat(f"Sumber: laporan realisasi perangkat daerah anggota {team} tahun {year}.") in body


def test_a_tkpkd_project_names_its_team_and_the_quotes_nest(tmp_path):
    """'Rakor TKPK 14 Desember 2023' in a TKPKD project, and 'BAB V KOORDINASI TKPK'; straight quotes typed in
    the data printed as typed (the LP2KD skipped the quote pass every other document takes)."""
    root = copy_root_project(tmp_path)
    cfg = root / "rapatgen.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("singkatan: TKPK Kabupaten Buleleng",
                                                           "singkatan: TKPKD Kabupaten Buleleng"), encoding="utf-8")
    lokus = root / "lokus" / "2024.yaml"
    lokus.write_text(lokus.read_text(encoding="utf-8").replace(
        "kegiatan: Bedah RTLH 40 unit}", "kegiatan: 'Bedah rumah \"Program \"Bali Mandara\" 2024\" 40 unit'}"),
        encoding="utf-8")
    r = _run(root, "2024", "--tanggal", SIGNED)
    assert r.exit_code == 0, r.output
    folder = root / "outputs" / "laporan"
    for text in (docx_text((folder / "lp2kd-2024.docx").read_bytes()), pdf_text((folder / "lp2kd-2024.pdf").read_bytes())):
        body = " ".join(text.split())
        assert "Rakor TKPKD 14 Desember 2023" in body and "Rakor TKPK " not in body
        assert "KOORDINASI TKPKD" in body and "KOORDINASI TKPK " not in body + " "
        assert flat("Bedah rumah “Program ‘Bali Mandara’ 2024” 40 unit") in flat(text)
        assert '"' not in text
