"""Issue 9.1: one archival PDF per meeting with bookmarks, running page numbers, PDF/A, SHA256SUMS."""

import hashlib

import pypdf
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import KALTIM_ROOT, copy_example_project

MEETING = "rakor-kaltim-2024-12-19"
ORDER = ["undangan", "daftar-hadir", "notulen", "berita-acara", "rencana-aksi", "tindak-lanjut"]


def fresh_project(folder):
    return copy_example_project(KALTIM_ROOT, folder)


def build(project, *args):
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", *args, "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture
def built(built_kaltim):
    """The meeting's folder in the shared build of the example (a whole-project build makes the
    same meeting folder as `build <meeting>`: the rebuild test below compares the two)."""
    return built_kaltim.outputs(MEETING)


@pytest.mark.slow
def test_bundle_holds_every_document_in_order_with_bookmarks_and_running_numbers(built):
    bundle = pypdf.PdfReader(built / f"berkas-{MEETING}.pdf")
    starts, total = [], 0
    for kind in ORDER:
        starts.append(total)
        total += len(pypdf.PdfReader(built / f"{kind}-{MEETING}.pdf").pages)
    assert len(bundle.pages) == total
    marks = [(o.title, bundle.get_destination_page_number(o)) for o in bundle.outline]
    assert marks == list(zip(["Surat Undangan", "Daftar Hadir", "Notulen", "Berita Acara Kesepakatan",
                              "Matriks Rencana Aksi", "Matriks Tindak Lanjut"], starts))
    # the footer number runs on through the bundle; every document's own page 1 is numbered too
    for n, page in enumerate(bundle.pages[1:], 2):
        assert page.extract_text().rstrip().splitlines()[-1].strip() == str(n)
    notulen_first = bundle.pages[starts[2]].extract_text()
    assert "NOTULA" in notulen_first.upper()


@pytest.mark.slow
def test_bundle_pages_are_the_single_pdfs_pages(built):
    """Made from the singles' pages, not typeset again: every word where the single has it, page by
    page; only the footer (below the 2.5 cm bottom margin of the example) is the bundle's own."""
    import io

    import pdfplumber

    def body(data):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [[(w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in page.extract_words()
                     if w["bottom"] < page.height - 2.5 / 2.54 * 72] for page in pdf.pages]

    singles = [page for kind in ORDER for page in body((built / f"{kind}-{MEETING}.pdf").read_bytes())]
    bundle = body((built / f"berkas-{MEETING}.pdf").read_bytes())
    assert len(bundle) == len(singles) > 6
    for number, (a, b) in enumerate(zip(singles, bundle), 1):
        assert a == b, f"halaman {number} berbeda"


@pytest.mark.slow
def test_bundle_is_pdfa_and_rebuilds_to_the_same_bytes(built, tmp_path):
    data = (built / f"berkas-{MEETING}.pdf").read_bytes()
    reader = pypdf.PdfReader(built / f"berkas-{MEETING}.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert reader.trailer["/Root"].get("/OutputIntents")
    other = fresh_project(tmp_path)
    build(other, MEETING)
    again = other / "outputs" / MEETING
    assert (again / f"berkas-{MEETING}.pdf").read_bytes() == data
    assert (again / "SHA256SUMS").read_bytes() == (built / "SHA256SUMS").read_bytes()


@pytest.mark.slow
def test_sha256sums_lists_every_file_of_the_meeting(built):
    lines = (built / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.name for p in built.iterdir() if p.is_file() and not p.name.startswith(".")} - {"SHA256SUMS"}
    assert set(listed) == files and {f"berkas-{MEETING}.pdf", f"kalender-{MEETING}.ics"} <= files and len(files) == 14
    for name, digest in listed.items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest


def test_partial_build_makes_no_bundle(kaltim):
    build(kaltim, MEETING, "--only", "notulen")
    assert not (kaltim / "outputs" / MEETING / f"berkas-{MEETING}.pdf").exists()
