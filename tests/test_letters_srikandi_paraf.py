"""Issue 19 item 10: SRIKANDI mode for every letter kind and the paraf koordinasi option.

- The BSrE sentence is a real footer: on every page of the letter and of its lampiran, in the PDF
  and in the Word file (every section's footers, page 1's too), never in the body.
- A signer without NIP on paper (a Sekda signing a.n. Gubernur, Permendagri 1/2023 Pasal 44) gets
  no `${nip_pengirim}`.
- Any letter kind goes through the same `for_srikandi` (undangan, surat permintaan, a surat pengantar).
- `paraf:` in rapatgen.yaml puts a paraf koordinasi table beside the letter's signature (undangan,
  surat permintaan), in PDF and DOCX; validated, in the JSON Schema; SRIKANDI versions leave it out.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.distribute.srikandi import bsre_sentence, for_srikandi
from rapatgen.model.blocks import Document, LabelValue, PageSetup, Paragraph, Run, Section, Signatures
from rapatgen.render.docx.document import render_docx
from rapatgen.render.pdf.document import render_pdf
from tests.layout_letters import check_footer_note, check_paraf_beside
from tests.readback import docx_text, flat, pdf_text

PER = "2025-03-31"
PARAF = ["Kepala Subbidang Sosial dan Budaya", "Kepala Bidang Pemerintahan dan Pembangunan Manusia"]
BSRE = "Dokumen ini telah ditandatangani secara elektronik"


def run(project, *args):
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return r


def docx_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def check_docx_footer_note(data: bytes, note: str) -> list[str]:
    """Every section of the Word file shows `note` in the footer of each of its pages: its default
    footer (or the one it inherits) and, where page 1 has its own footer (titlePg), that one too."""
    parts = docx_parts(data)
    body = parts["word/document.xml"]
    rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', parts["word/_rels/document.xml.rels"]))
    rels.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', parts["word/_rels/document.xml.rels"])})

    def has(rid):
        return flat(note) in flat("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", parts["word/" + rels[rid]])))
    problems = []
    if flat(note) in flat(docx_text(data)):
        problems.append("kalimat BSrE di badan dokumen, bukan kaki halaman")
    inherited = None
    for k, sect in enumerate(re.findall(r"<w:sectPr.*?</w:sectPr>", body)):
        refs = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(rId\d+)"/>', sect))
        default = refs.get("default", inherited)
        inherited = default
        if default is None or not has(default):
            problems.append(f"bagian {k + 1}: kaki halaman tanpa kalimat BSrE")
        if "<w:titlePg/>" in sect and ("first" not in refs or not has(refs["first"])):
            problems.append(f"bagian {k + 1}: halaman pertama tanpa kalimat BSrE")
    return problems


@pytest.fixture(scope="module")
def srikandi_letters(tmp_path_factory):
    """SRIKANDI undangan (Buleleng: Kepala Bappeda a.n. Bupati; Kaltim: Sekda a.n. Gubernur, two
    lampiran) and surat permintaan, as `build --srikandi` and `followup minta --srikandi` write them."""
    from tests.conftest import KALTIM_ROOT, copy_example_project, copy_root_project

    out = {}
    bll = copy_root_project(tmp_path_factory.mktemp("bll"))
    kaltim = copy_example_project(KALTIM_ROOT, tmp_path_factory.mktemp("kaltim"))
    for name, root, meeting in (("bll", bll, "rakor-buleleng-2023-12-14"), ("kaltim", kaltim, "rakor-kaltim-2024-12-19")):
        run(root, "build", meeting, "--only", "undangan", "--format", "pdf", "--srikandi", "-q", "--per", "2025-02-15")
        letters = sorted((root / "outputs" / meeting / "srikandi").glob("undangan-*.docx"))
        out[f"undangan-{name}"] = (letters[0], letters[0].with_suffix(".pdf"))
        opd = "dinsos_bll" if name == "bll" else "dinsos_kaltim"
        run(root, "followup", "minta", "--per", PER, "--pj", opd, "--srikandi")
        docx_path = root / "outputs" / f"permintaan-{PER}" / f"surat-permintaan-{opd}-srikandi.docx"
        out[f"permintaan-{name}"] = (docx_path, docx_path.with_suffix(".pdf"))
    return out


@pytest.mark.slow
def test_bsre_sentence_is_the_footer_of_every_page_of_every_srikandi_letter(srikandi_letters):
    pages = 0
    for name, (docx_path, pdf_path) in srikandi_letters.items():
        pdf = pdf_path.read_bytes()
        assert check_footer_note(pdf, bsre_sentence()) == [], name
        assert check_docx_footer_note(docx_path.read_bytes(), bsre_sentence()) == [], name
        pages += len(re.findall(rb"/Type\s*/Page\b", pdf))
    kaltim = srikandi_letters["undangan-kaltim"][1]
    assert pdf_text(kaltim).count("LAMPIRAN") == 2  # the lampiran pages are among those checked
    assert pages >= 6


@pytest.mark.slow
def test_no_nip_field_for_a_signer_without_nip(srikandi_letters):
    kaltim_docx, kaltim_pdf = srikandi_letters["undangan-kaltim"]  # Sekda a.n. Gubernur: no NIP on paper
    for text in (pdf_text(kaltim_pdf), docx_text(kaltim_docx)):
        assert "${nama_pengirim}" in text and "${nip_pengirim" not in text
        assert "a.n. GUBERNUR KALIMANTAN TIMUR" in text
    bll_docx, bll_pdf = srikandi_letters["undangan-bll"]  # Kepala Bappeda: NIP shown, so SRIKANDI's field
    for text in (pdf_text(bll_pdf), docx_text(bll_docx)):
        assert text.count("${nip_pengirim}") == text.count("${nama_pengirim}") >= 1


def test_any_letter_kind_goes_through_the_same_srikandi_mode():
    """A surat pengantar (or any letter a later stage composes): number, date, signature fields, the
    footer on each page, no NIP field for a signer who has none."""
    page = PageSetup(215, 330, (2.0, 2.0, 2.5, 3.0), "Arial", 12, 1.15)
    sig = Signatures([__import__("rapatgen.model.blocks", fromlist=["SignatureBlock"]).SignatureBlock(
        ["a.n. BUPATI CONTOH", "SEKRETARIS DAERAH,"], "Nama Sekda", below=[])])
    long = [Paragraph([Run("Isi surat pengantar yang panjang. " * 40)]) for _ in range(6)]
    letter = Document("pengantar", "Surat Pengantar", [Section([
        LabelValue([("Nomor", [[Run("000/1/Bappeda")]]), ("Hal", [[Run("Pengantar")]])]), *long, sig])], page)
    ready = for_srikandi(letter)
    assert ready.footer_note == bsre_sentence()
    pdf, word = render_pdf(ready), render_docx(ready)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert check_footer_note(pdf, bsre_sentence()) == []
    assert check_docx_footer_note(word, bsre_sentence()) == []
    text = pdf_text(pdf)
    assert "${nomor_naskah}" in text and "${nama_pengirim}" in text and "${nip_pengirim}" not in text


def with_paraf(root):
    path = root / "rapatgen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nparaf:\n" + "".join(f"  - {j}\n" for j in PARAF),
                    encoding="utf-8")
    return root


@pytest.mark.slow
def test_paraf_koordinasi_beside_the_signature_of_undangan_and_surat_permintaan(project):
    with_paraf(project)
    meeting = "rakor-buleleng-2023-12-14"
    run(project, "build", meeting, "--only", "undangan", "-q", "--per", "2025-02-15", "--srikandi")
    run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll")
    run(project, "followup", "minta", "--per", PER, "--pj", "dinsos_bll", "--srikandi")
    folder = project / "outputs" / meeting
    letter = sorted(folder.glob("undangan-*.pdf"))[0]
    request = project / "outputs" / f"permintaan-{PER}" / "surat-permintaan-dinsos_bll.pdf"
    signer = "Ir. Made Contoh Arsana, M.T."
    for pdf in (letter, request):
        assert check_paraf_beside(pdf.read_bytes(), PARAF, signer) == [], pdf.name
        word = docx.Document(str(pdf.with_suffix(".docx")))
        nested = [t for outer in word.tables for row in outer.rows for cell in row.cells for t in cell.tables]
        assert nested, pdf.name  # inside the signature table, at the left
        assert [row.cells[1].text for row in nested[0].rows] == ["Paraf Koordinasi", *PARAF]
    # the paraf takes no extra lines: the letter is as long as without it
    assert flat("Tembusan") in flat(pdf_text(letter))
    for pdf in [*sorted((folder / "srikandi").glob("undangan-*.pdf")),
                project / "outputs" / f"permintaan-{PER}" / "surat-permintaan-dinsos_bll-srikandi.pdf"]:
        assert "Paraf Koordinasi" not in pdf_text(pdf) and "Paraf Koordinasi" not in docx_text(pdf.with_suffix(".docx"))


@pytest.mark.slow
def test_paraf_beside_the_signature_in_word_after_libreoffice(project, tmp_path):
    from tests.soffice import convert, require

    require()
    with_paraf(project)
    run(project, "build", "rakor-buleleng-2023-12-14", "--only", "undangan", "-q", "--per", "2025-02-15", "--srikandi")
    folder = project / "outputs" / "rakor-buleleng-2023-12-14"
    letter = sorted(folder.glob("undangan-*.docx"))[0]
    ready = sorted((folder / "srikandi").glob("undangan-*.docx"))[0]
    shutil.copy(letter, tmp_path / "a.docx")
    shutil.copy(ready, tmp_path / "b.docx")
    convert([tmp_path / "a.docx", tmp_path / "b.docx"], tmp_path, timeout=300)
    long = six_paraf_letter()
    (tmp_path / "c.docx").write_bytes(render_docx(long))
    convert([tmp_path / "c.docx"], tmp_path, timeout=300)
    # six rows beside a short block: LibreOffice keeps table and signature on one page, as the PDF does
    assert check_paraf_beside((tmp_path / "c.pdf").read_bytes(), SIX, SEKDA) == []
    assert len(re.findall(rb"/Type\s*/Page\b", (tmp_path / "c.pdf").read_bytes())) == \
        len(re.findall(rb"/Type\s*/Page\b", render_pdf(long)))
    word_pdf = (tmp_path / "a.pdf").read_bytes()
    assert check_paraf_beside(word_pdf, PARAF, "Ir. Made Contoh Arsana, M.T.") == []
    assert check_footer_note((tmp_path / "b.pdf").read_bytes(), bsre_sentence()) == []
    for ours, theirs in ((letter.with_suffix(".pdf"), tmp_path / "a.pdf"), (ready.with_suffix(".pdf"), tmp_path / "b.pdf")):
        count = [len(re.findall(rb"/Type\s*/Page\b", p.read_bytes())) for p in (ours, theirs)]
        assert count[0] == count[1], (ours.name, count)  # Word paginates like the PDF


SIX = PARAF + ["Sekretaris Bappeda", "Kepala Bappeda Provinsi Kalimantan Timur",
               "Asisten Pemerintahan dan Kesejahteraan Rakyat", "Kepala Biro Hukum"]
SEKDA = "Sri Contoh Rahayu, S.E., M.M."


def six_paraf_letter():
    """The Kaltim rakor invitation (Sekda a.n. Gubernur: no pangkat, no NIP) with six paraf rows."""
    from datetime import date

    from rapatgen.check.project import load_project
    from rapatgen.documents.undangan import compose_undangan
    from rapatgen.resolve.context import Context
    from tests.conftest import KALTIM_ROOT

    project = load_project(KALTIM_ROOT)
    config = project.config.model_copy(update={"paraf": SIX})
    ctx = Context(config, project.directory, project.root, date(2025, 2, 15), [mf.model for mf in project.meetings])
    return compose_undangan(ctx, project.meeting("rakor-kaltim-2024-12-19").model)[0].document


def test_a_long_paraf_beside_a_short_signature_never_covers_the_letter():
    """Six paraf rows beside a Sekda's block without pangkat or NIP: the block grows, nothing overlaps."""
    letter = six_paraf_letter()
    six = SIX
    assert check_paraf_beside(render_pdf(letter), six, SEKDA) == []
    word = docx.Document(io.BytesIO(render_docx(letter)))
    nested = [t for outer in word.tables for row in outer.rows for cell in row.cells for t in cell.tables]
    assert [row.cells[1].text for row in nested[0].rows] == ["Paraf Koordinasi", *six]


@pytest.mark.parametrize("value, message", [
    ('"Kepala Bidang"', "harus berupa daftar"),
    ('[""]', "tidak boleh kosong"),
    ("[a, b, c, d, e, f, g]", "terlalu banyak isi: 7 butir, paling banyak 6"),
])
def test_paraf_option_is_validated(project, value, message):
    path = project / "rapatgen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"\nparaf: {value}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code != 0
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"rapatgen.yaml:{line}:" in r.output and message in r.output, r.output
    assert "Traceback" not in r.output


def test_paraf_option_is_in_the_json_schema():
    import json

    from rapatgen.model.schema import schema_text

    schema = json.loads(schema_text("konfigurasi.schema.json"))
    paraf = schema["properties"]["paraf"]
    assert paraf["type"] == "array" and paraf["maxItems"] == 6 and "paraf koordinasi" in paraf["description"]
