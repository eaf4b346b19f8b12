"""A sentence whose value ends in an abbreviation's dot ends with one dot (found writing a meeting from a news report)."""

from __future__ import annotations

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text


def test_a_title_ending_in_a_dot_closes_the_sentence_once(project):
    """'… mewakili Wakil Bupati Buleleng, Dr. Wayan Contoh Wibawa, S.H., M.H..' printed two dots."""
    meeting = project / "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
    replace_in(meeting, "  pembuka: {id: sekda_bll, selaku: Pelaksana Ketua TKPK Kabupaten Buleleng}",
               "  pembuka: {id: sekda_bll, mewakili: wakil_bupati_bll}")
    r = CliRunner().invoke(main, ["build", "rakor-buleleng-2023-12-14", "--only", "notulen", "--format", "docx",
                                  "--per", "2024-01-15", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    text = " ".join(docx_text(project / "outputs/rakor-buleleng-2023-12-14/notulen-rakor-buleleng-2023-12-14.docx").split())
    assert "mewakili Wakil Bupati Buleleng, Dr. Wayan Contoh Wibawa, S.H., M.H. " in text + " "
    assert "M.H.." not in text
