"""The berita acara kesepakatan is signed by the meeting's chair (pimpinan rapat) and the parties
that were there — also when the chair's own institution owns no agreement (closing note of stop 27,
"Older leftovers"). The chair signs once: first in the table, or under "Mengetahui" when the chair
is that signatory. Read back from the DOCX and the PDF a user opens."""

import io
from datetime import date

from tests.conftest import uji_meeting, write_meeting
from tests.readback import flat, pdf_text

SEKDA = ("Dr. Ir. Gede Contoh Suyasa, M.Si.", "Sekretaris Daerah Kabupaten Buleleng")
K1_DINSOS = "  - id: K1\n    isi: Dinas Sosial memutakhirkan data DTSEN.\n    pj: dinsos_bll\n"
HADIR = "hadir: [kadinsos_bll]\n"


def berita_acara(project) -> tuple[bytes, bytes]:
    """The berita acara of 'uji-1' as the build writes it (DOCX, PDF), composed and rendered in this process."""
    from rapatgen.build.compose import compose_meeting
    from rapatgen.check.project import load_project
    from rapatgen.render import RENDERERS
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    p = load_project(project)
    use_project(p.root)
    ctx = Context(p.config, p.directory, p.root, date(2025, 3, 20), [mf.model for mf in p.meetings],
                  [pf.model for pf in p.programmes])
    (_, _, doc), = compose_meeting(ctx, p.meeting("uji-1").model, ["berita-acara"])[0]
    return RENDERERS["docx"](doc), RENDERERS["pdf"](doc)


def signatories(word: bytes):
    """(Nama, Jabatan/Instansi) of each numbered row of the 'Yang menyepakati' table of a berita acara
    DOCX (the "Mengetahui" block below it shares the table, without a number)."""
    import docx

    d = docx.Document(io.BytesIO(word))
    table, = [t for t in d.tables if [c.text for c in t.rows[0].cells][:3] == ["No", "Nama", "Jabatan/Instansi"]]
    return [(r.cells[1].text, r.cells[2].text) for r in table.rows[1:] if r.cells[0].text]


def _signers(project, extra: str = ""):
    write_meeting(project, uji_meeting(K1_DINSOS, HADIR + extra))
    word, pdf = berita_acara(project)
    rows = signatories(word)
    tail = flat(pdf_text(pdf)).split("Yangmenyepakati")[1]
    return rows, tail


def test_the_chair_signs_first_when_the_chairs_institution_owns_no_agreement(project):
    # the chair (Sekda, of the Setda) owns no agreement; the Dinas Sosial, pj of K1, was there
    rows, tail = _signers(project)
    assert [n for n, _ in rows] == [SEKDA[0], "Nyoman Contoh Wijaya, S.Sos., M.AP."], rows
    assert rows[0][1].startswith(SEKDA[1]) and rows[1][1] == "Kepala Dinas Sosial Kabupaten Buleleng"
    assert tail.index(flat("Gede Contoh Suyasa")) < tail.index(flat("Nyoman Contoh Wijaya"))
    assert "Mengetahui" not in tail


def test_the_chair_who_signs_as_mengetahui_is_not_in_the_table_again(project):
    rows, tail = _signers(project, "berita_acara: {mengetahui: sekda_bll}\n")
    assert rows == [("Nyoman Contoh Wijaya, S.Sos., M.AP.", "Kepala Dinas Sosial Kabupaten Buleleng")]
    assert tail.count(flat("Gede Contoh Suyasa")) == 1 and tail.index("Mengetahui") < tail.index(flat("Gede Contoh"))
