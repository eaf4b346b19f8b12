"""Issue 8 rules read as text and metadata: a.n./u.b. order (4), kop follows the signer (5),
berita acara number line (6), lampiran header (7), document metadata (11)."""

from __future__ import annotations

import io
import shutil

import docx
import pypdf
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.render.docx.document import render_docx
from rapatgen.render.pdf.document import render_pdf
from tests.conftest import ROOT
from tests.layout import example_documents
from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow
KALTIM = "contoh/kaltim/"


@pytest.fixture(scope="module")
def docs():
    return dict(example_documents(ROOT))


def rendered(doc):
    return render_pdf(doc), render_docx(doc)


def in_order(text: str, pieces: list[str]) -> bool:
    found, pos = flat(text), 0
    for piece in pieces:
        pos = found.find(flat(piece), pos)
        if pos < 0:
            return False
    return True


def test_an_ub_in_national_order_and_casing(docs):
    pdf, dx = rendered(docs[KALTIM + "undangan-fgd-rpkd-kaltim-2024-09-27.pdf"])
    chain = ["a.n. KEPALA BAPPEDA PROVINSI KALIMANTAN TIMUR", "SEKRETARIS BAPPEDA,", "u.b.",
             "Plh. KEPALA BIDANG PEMERINTAHAN DAN PEMBANGUNAN MANUSIA BAPPEDA PROVINSI KALIMANTAN TIMUR,",
             "Fajar Contoh Nugroho, S.E., M.Ec.Dev."]
    for text in (pdf_text(pdf), docx_text(dx)):
        assert in_order(text, chain), text
        assert "u.b. SEKRETARIS" not in text


def test_kop_follows_the_signer(docs):
    sekda_letter = docs[KALTIM + "undangan-rakor-kaltim-2024-12-19.pdf"]  # signed by the Sekda a.n. Gubernur
    pdf, dx = rendered(sekda_letter)
    first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert in_order(first_page, ["PEMERINTAH PROVINSI KALIMANTAN TIMUR", "SEKRETARIAT DAERAH", "Nomor"])
    assert "BADAN PERENCANAAN" not in first_page
    assert in_order(docx_text(dx), ["PEMERINTAH PROVINSI KALIMANTAN TIMUR", "SEKRETARIAT DAERAH"])
    bappeda_letter = docs[KALTIM + "undangan-fgd-rpkd-kaltim-2024-09-27.pdf"]  # signed within Bappeda
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in pypdf.PdfReader(io.BytesIO(render_pdf(bappeda_letter))).pages[0].extract_text()


def test_check_warns_when_the_signers_kop_is_missing(tmp_path):
    project = tmp_path / "kaltim"
    shutil.copytree(ROOT / "contoh" / "kaltim", project, ignore=shutil.ignore_patterns("outputs"))
    config = project / "rapatgen.yaml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("  setda_kaltim:"), text.index("  gubernur_kaltim:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert result.exit_code == 0, result.output
    assert "Peringatan: 2024-12-19-rakor-tkpk-kaltim.yaml: undangan ditandatangani Sekretaris Daerah" in result.output
    assert "kop Sekretariat Daerah" in result.output
    clean = CliRunner().invoke(main, ["check", "--proyek", str(ROOT / "contoh" / "kaltim")])
    assert "Peringatan" not in clean.output


def test_every_berita_acara_has_a_number_line(docs):
    given = docs[KALTIM + "berita-acara-rakor-kaltim-2024-12-19.pdf"]
    assert "NOMOR: 400.9.14/1301/Bappeda" in pdf_text(render_pdf(given))
    unnumbered = docs["berita-acara-sosialisasi-dtsen-buleleng-2025.pdf"]  # no nomor in the meeting file
    for text in (pdf_text(render_pdf(unnumbered)), docx_text(render_docx(unnumbered))):
        assert "NOMOR: 400.9.14/....../Bappeda" in text


def test_lampiran_header_names_the_signers_office(docs):
    # issue 19 item 8: the letter the Sekda signs a.n. the Governor is the Governor's letter
    pdf, dx = rendered(docs[KALTIM + "undangan-rakor-kaltim-2024-12-19.pdf"])
    for text in (pdf_text(pdf), docx_text(dx)):
        assert in_order(text, ["LAMPIRAN I SURAT GUBERNUR KALIMANTAN TIMUR",
                               "NOMOR", ":", "400.9.14/1287/Bappeda", "TANGGAL", ":", "12 Desember 2024", "HAL"])
        assert "SURAT UNDANGAN" not in text


def test_metadata_names_the_unit_and_the_documents_own_date(docs):
    pdf, dx = rendered(docs[KALTIM + "undangan-fgd-rpkd-kaltim-2024-09-27.pdf"])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info.author == "Badan Perencanaan Pembangunan Daerah Provinsi Kalimantan Timur"
    assert info.title.startswith("Undangan")
    assert info["/CreationDate"].startswith("D:20240920")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    core = docx.Document(io.BytesIO(dx)).core_properties
    assert core.author == "Badan Perencanaan Pembangunan Daerah Provinsi Kalimantan Timur"
    assert core.author != "python-docx" and core.last_modified_by == core.author
    assert (core.created.year, core.created.month, core.created.day) == (2024, 9, 20)


def test_tracker_xlsx_prints_landscape_on_the_configured_paper(built_buleleng):
    import openpyxl

    wb = openpyxl.load_workbook(built_buleleng.outputs("matriks-tindak-lanjut.xlsx"))  # the shared build, --per 2025-02-15
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape"
        assert int(setup.paperSize) == 14  # F4/folio, as rapatgen.yaml says
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert wb["Tindak Lanjut"].print_title_rows == "$1:$1"
    assert wb.properties.creator == "Badan Perencanaan Pembangunan Daerah Kabupaten Buleleng"


def test_typography_quotes_single_note_and_tracker_sentences(docs):
    letter = docs["undangan-rakor-buleleng-2023-12-14-01-dinsos_bll.pdf"]  # one catatan, a tema in quotes
    for text in (pdf_text(render_pdf(letter)), docx_text(render_docx(letter))):
        assert "“Arah Kebijakan" in text and '"Arah' not in text
        assert flat("Catatan: Peserta dimohon membawa data") in flat(text)
        assert flat("1. Peserta dimohon") not in flat(text)
    tracker = pdf_text(render_pdf(docs["matriks-tindak-lanjut.pdf"]))
    assert flat("Dalam Proses sejak") in flat(tracker) or flat("Selesai pada") in flat(tracker)
    assert "!" not in tracker and "- (" not in tracker
