"""A kab/kota agreement that answers a provincial one (`kesepakatan_provinsi`) says so on the
kab/kota's own signed pages — notulen, berita acara, the meeting's matriks tindak lanjut and the
project-wide matriks — not only in the export file the province reads."""

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, flat, pdf_text

YAML = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
REF = "menindaklanjuti kesepakatan nomor 3 rapat TKPK Provinsi Bali tanggal 20 November 2023"


def test_the_provincial_agreement_is_named_on_every_page_that_lists_the_item(project):
    replace_in(project / YAML, "    pj: perkimta_bll\n    batas_waktu: 2024-06-30\n",
               "    pj: perkimta_bll\n    batas_waktu: 2024-06-30\n"
               "    kesepakatan_provinsi: {tanggal: 2023-11-20, nomor: 3}\n")
    r = CliRunner().invoke(main, ["build", "--per", "2025-03-31", "-q", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    out = project / "outputs"
    folder = out / "rakor-buleleng-2023-12-14"
    pages = {
        "notulen": folder / "notulen-rakor-buleleng-2023-12-14",
        "berita acara": folder / "berita-acara-rakor-buleleng-2023-12-14",
        "matriks rapat": folder / "tindak-lanjut-rakor-buleleng-2023-12-14",
        "matriks proyek": out / "matriks-tindak-lanjut",
    }
    for name, stem in pages.items():
        for text in (flat(docx_text(stem.with_suffix(".docx"))), flat(pdf_text(stem.with_suffix(".pdf")))):
            at = text.find(flat("bedah rumah bagi KK miskin ekstrem"))
            assert at >= 0, name
            window = text[at:at + 400].casefold()  # (a page break may fall inside: its page number)
            assert all(flat(part).casefold() in window for part in REF.split(" tanggal ")), (name, window)
