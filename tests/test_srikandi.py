"""Issue 9.4: letters ready for SRIKANDI — every field whole in one Word run (one w:t),
the same fields as text in the PDF with a free ~3 × 3 cm box at each signature field,
numbered fields for several signers, and the BSrE sentence."""

import io
import re
import zipfile

import pdfplumber
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.distribute.srikandi import bsre_sentence, for_srikandi
from rapatgen.model.blocks import Signatures
from tests.readback import docx_text, flat, pdf_text

PER = "2025-03-31"
CM = 72 / 2.54
FIELDS = ["nomor_naskah", "tanggal_naskah", "ttd_pengirim", "nama_pengirim", "nip_pengirim", "jabatan_pengirim"]


def run(project, *args):
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return r


def word_texts(docx: bytes) -> tuple[list[str], str]:
    """The text of every w:t, and all of the body's text joined."""
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    pieces = [re.sub(r"&amp;", "&", t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)]
    return pieces, "".join(pieces)


def assert_fields_whole(docx: bytes, expected: dict[str, int]) -> None:
    pieces, joined = word_texts(docx)
    for name, count in expected.items():
        field = "${" + name + "}"
        assert joined.count(field) == count, (field, joined.count(field))
        assert sum(p.count(field) for p in pieces) == count  # never split over runs
    assert not re.search(r"\$\{[a-z_0-9]*$", "".join(p for p in pieces if "${" in p and "}" not in p))


def free_box_below(pdf: bytes, field: str) -> int:
    """Number of `field` words found; asserts nothing else is printed in a 3 × 3 cm box from each."""
    found = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for word in page.extract_words():
                if word["text"] != field:
                    continue
                found += 1
                box = (word["x0"], word["bottom"] + 0.5, word["x0"] + 3 * CM, word["top"] + 3 * CM)
                inside = [c["text"] for c in page.chars
                          if c["x0"] < box[2] and c["x1"] > box[0] and c["top"] < box[3] and c["bottom"] > box[1]]
                assert inside == [], (field, "".join(inside))
    return found


@pytest.fixture
def request_letter(project):
    run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll", "--srikandi")
    folder = project / "outputs" / f"permintaan-{PER}"
    return folder / "surat-permintaan-dinsos_bll-srikandi.docx", folder / "surat-permintaan-dinsos_bll-srikandi.pdf"


def test_request_letter_fields_once_each_in_one_run_and_in_the_pdf(request_letter):
    docx, pdf = request_letter
    assert_fields_whole(docx.read_bytes(), {name: 1 for name in FIELDS})
    text = pdf_text(pdf)
    for name in FIELDS:
        assert text.count("${" + name + "}") == 1, name
    assert "Singaraja, ${tanggal_naskah}" in text and "NIP 19720315" not in text  # SRIKANDI fills the signer
    assert free_box_below(pdf.read_bytes(), "${ttd_pengirim}") == 1
    assert flat(bsre_sentence()) in flat(text)
    footers = "".join(zipfile.ZipFile(docx).read(n).decode("utf-8") for n in zipfile.ZipFile(docx).namelist()
                      if n.startswith("word/footer"))
    assert flat(bsre_sentence()) in flat(re.sub(r"<[^>]+>", "", footers))  # issue 19: the page footer, not the body
    assert "Badan Siber dan Sandi Negara" in bsre_sentence()


@pytest.mark.slow
def test_invitation_with_attachments_numbers_every_place(kaltim):
    meeting = "rakor-kaltim-2024-12-19"
    run(kaltim, "build", meeting, "--only", "undangan", "--format", "pdf", "--srikandi", "-q")
    (docx,) = sorted((kaltim / "outputs" / meeting / "srikandi").glob("undangan-*.docx"))
    pdf = docx.with_suffix(".pdf")
    text = pdf_text(pdf)
    places = text.count("LAMPIRAN")  # each attachment repeats number, date and signature
    assert places >= 1
    # the Sekda signs a.n. Gubernur: no NIP on paper (Pasal 44), so no ${nip_pengirim} (issue 19 item 10)
    expected = {"nomor_naskah": 1 + places, "tanggal_naskah": 1 + places, "ttd_pengirim": 1 + places,
                "nama_pengirim": 1 + places, "nip_pengirim": 0, "jabatan_pengirim": 1 + places}
    assert_fields_whole(docx.read_bytes(), expected)
    for name, count in expected.items():
        assert text.count("${" + name + "}") == count
    assert free_box_below(pdf.read_bytes(), "${ttd_pengirim}") == 1 + places


def test_several_signers_get_numbered_fields(kaltim):
    from rapatgen.documents.notulen import compose_notulen
    from rapatgen.check.project import load_project
    from rapatgen.render import render_docx, render_pdf
    from rapatgen.resolve.context import Context
    from datetime import date

    project = load_project(kaltim)
    m = project.meeting("rakor-kaltim-2024-12-19").model
    ctx = Context(project.config, project.directory, project.root, date(2025, 2, 15), [mf.model for mf in project.meetings])
    original = compose_notulen(ctx, m)
    doc = for_srikandi(original)  # signed side by side by the chair and the note-taker
    signers = {b.name for s in doc.sections for x in s.blocks if hasattr(x, "blocks") for b in x.blocks}
    n = len(signers)
    assert n >= 2 and signers == {"${nama_pengirim" + str(i) + "}" for i in range(1, n + 1)}
    names = []
    for b in (b for s in original.sections for x in s.blocks if isinstance(x, Signatures) for b in x.blocks):
        if b.name not in [name for name, _ in names]:
            names.append((b.name, any("NIP" in line for line in b.below)))
    with_nip = {i for i, (_, nip) in enumerate(names, 1) if nip}
    assert 0 < len(with_nip) < n  # the chair (Sekda) shows no NIP, the note-taker does: issue 19 item 10
    expected = {f"{name}{i}": 1 for name in ("ttd_pengirim", "nama_pengirim", "jabatan_pengirim")
                for i in range(1, n + 1)}
    expected.update({f"nip_pengirim{i}": int(i in with_nip) for i in range(1, n + 1)})
    assert_fields_whole(render_docx(doc), expected)
    pdf = render_pdf(doc)
    for i in range(1, n + 1):
        assert free_box_below(pdf, "${ttd_pengirim" + str(i) + "}") == 1
