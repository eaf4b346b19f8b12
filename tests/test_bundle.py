"""Issue 9.1: one archival PDF per meeting with bookmarks, PDF/A, SHA256SUMS; issue 19.2: each document
inside keeps its own page numbers."""

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
def test_bundle_holds_every_document_in_order_with_bookmarks(built):
    bundle = pypdf.PdfReader(built / f"berkas-{MEETING}.pdf")
    starts, total = [], 0
    for kind in ORDER:
        starts.append(total)
        total += len(pypdf.PdfReader(built / f"{kind}-{MEETING}.pdf").pages)
    assert len(bundle.pages) == total
    marks = [(o.title, bundle.get_destination_page_number(o)) for o in bundle.outline]
    assert marks == list(zip(["Surat Undangan", "Daftar Hadir", "Notulen", "Berita Acara Kesepakatan",
                              "Matriks Rencana Aksi", "Matriks Tindak Lanjut"], starts))
    notulen_first = bundle.pages[starts[2]].extract_text()
    assert "NOTULA" in notulen_first.upper()


@pytest.mark.slow
@pytest.mark.parametrize("meeting", [MEETING, "fgd-rpkd-kaltim-2024-09-27"])
def test_each_document_in_the_bundle_keeps_its_own_page_numbers(built_kaltim, meeting):
    """Issue 19 item 2 (layout rule 19.2): the bundle's page footers are the singles' own — the
    second invitation starts again at its own page 1, a daftar hadir reads "Halaman 1 dari 2" —
    not one number running through the bundle; the bookmarks give the order."""
    from tests.layout import check_bundle

    folder = built_kaltim.outputs(meeting)
    bundle = pypdf.PdfReader(folder / f"berkas-{meeting}.pdf")
    singles = [folder / f"{kind}-{meeting}.pdf" for kind in ORDER if (folder / f"{kind}-{meeting}.pdf").exists()]
    assert len(singles) >= 4
    problems = check_bundle(meeting, (folder / f"berkas-{meeting}.pdf").read_bytes(),
                            [p.read_bytes() for p in singles], 2.5)
    assert not problems, "\n".join(problems)
    footers = [page.extract_text().rstrip().splitlines()[-1].strip() for page in bundle.pages]
    assert "Halaman 1 dari 2" in footers or "Halaman 1 dari 4" in footers


@pytest.mark.slow
def test_bundle_pages_are_the_single_pdfs_pages(built):
    """Made from the singles' pages, not typeset again: every word where the single has it, page by
    page; only the footer (below the 2.5 cm bottom margin of the example) is the bundle's own."""
    from tests.pdfobjects import open_pdf

    def body(data):
        with open_pdf(data) as pdf:  # test_each_document_in_the_bundle_keeps_its_own_page_numbers read these
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


def _sessions_attendance():
    """The Kaltim FGD's daftar hadir: one section per session, "Halaman X dari Y" counted per section."""
    from datetime import date

    from rapatgen.build.compose import compose_meeting
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    project = load_project(KALTIM_ROOT)
    use_project(project.root)
    ctx = Context(project.config, project.directory, project.root, date(2025, 2, 15),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    docs, _ = compose_meeting(ctx, project.meeting("fgd-rpkd-kaltim-2024-09-27").model, ["daftar-hadir"])
    (kind, suffix, doc), = docs
    assert len(doc.sections) > 1 and doc.page_of_pages
    return kind, suffix, doc


def test_bundle_lays_a_document_out_once(monkeypatch):
    """Issue 22.5 (d): a document whose sections count their own pages ("Halaman X dari Y") is laid out by
    Typst once, for its single PDF; the bundle reads where its sections end from that PDF's footers
    (asking Typst, a second layout of the whole document, took ≈ 40 % of a bundle's CPU). The bundle's
    one Typst compile is its page of footers."""
    import io

    import pikepdf
    import typst

    from rapatgen.render.pdf import bundle, typeset
    from rapatgen.render.pdf.document import render_pdf

    kind, suffix, doc = _sessions_attendance()
    single = render_pdf(doc)
    calls = []
    real = typst.Compiler

    class Counting:
        def __init__(self, *args, **kwargs):
            self.real = real(*args, **kwargs)

        def compile(self, *args, **kwargs):
            calls.append("compile")
            return self.real.compile(*args, **kwargs)

        def query(self, *args, **kwargs):
            calls.append("query")
            return self.real.query(*args, **kwargs)

    monkeypatch.setattr(typst, "Compiler", Counting)
    monkeypatch.setattr(typeset, "_COMPILERS", {})
    bundle.render_bundle("Berkas", [(kind, suffix, doc)], [single])
    assert calls == ["compile"]
    monkeypatch.undo()
    # what Typst says of the same document: the same section ends
    assert bundle._ends_from_footers(pikepdf.Pdf.open(io.BytesIO(single)), len(doc.sections)) == \
        bundle._section_ends(doc)


def test_reading_a_singles_footers_adds_nothing_to_it():
    """Issue 22.5 (d): where the sections of a 'Halaman X dari Y' document end is read from its single
    PDF's footers; each footer was parsed as a stream made inside the single (≈ 2 ms a page, a fifth
    of a bundle's CPU outside Typst). Now parsed in a scratch PDF: the single is left as it was, and
    the ends read are the same."""
    import io

    import pikepdf

    from rapatgen.render.pdf import bundle
    from rapatgen.render.pdf.document import render_pdf

    kind, suffix, doc = _sessions_attendance()
    single = pikepdf.Pdf.open(io.BytesIO(render_pdf(doc)))
    before = len(single.objects)
    ends = bundle._ends_from_footers(single, len(doc.sections))
    assert ends is not None and len(ends) == len(doc.sections)
    assert len(single.objects) == before
