"""The invitation's closing sentence asks 'tidak diwakilkan' only of addressees not above the signer
(issue 18 point 7): a Kepala Bappeda does not tell a Wakil Bupati whom not to send."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.resolve.rank import DEPUTY, HEAD, OTHER, SECOND, rank
from tests.conftest import replace_in
from tests.readback import docx_text, pdf_text

SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"
ASKED = "dan tidak diwakilkan"


def _letters(project) -> dict[str, tuple[str, str]]:
    r = CliRunner().invoke(main, ["build", SERIES, "--only", "undangan", "--per", "2025-03-01", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    folder = project / "outputs" / SERIES
    return {p.stem: (" ".join(docx_text(p).split()), " ".join(pdf_text(p.with_suffix(".pdf").read_bytes()).split()))
            for p in sorted(folder.glob("undangan-*.docx"))}


def test_the_session_that_invites_the_wakil_bupati_does_not_ask_it_the_others_still_do(project):
    replace_in(project / SERIES_FILE, "yth: [kec_seririt, kades_seririt,", "yth: [wakil_bupati_bll, kec_seririt, kades_seririt,")
    letters = _letters(project)
    assert len(letters) == 4
    for stem, (docx, pdf) in letters.items():
        wanted = "seririt" not in stem  # signed by the Kepala Bappeda, below a Wakil Bupati
        assert (ASKED in docx) == wanted and (ASKED in pdf) == wanted, stem
        assert "dimohon hadir tepat waktu" in docx


@pytest.mark.parametrize("switch, wanted", [("false", False), ("true", True)])
def test_the_meeting_decides_when_it_says_so(project, switch, wanted):
    replace_in(project / SERIES_FILE, "yth: [kec_seririt, kades_seririt,", "yth: [wakil_bupati_bll, kec_seririt, kades_seririt,")
    replace_in(project / SERIES_FILE, "  hal: Undangan Sosialisasi DTSEN\n",
               f"  hal: Undangan Sosialisasi DTSEN\n  tidak_diwakilkan: {switch}\n")
    assert all((ASKED in docx) == wanted for docx, _ in _letters(project).values())


@pytest.mark.parametrize("position, expected", [
    ("Bupati Buleleng", HEAD), ("Plt. Wali Kota Samarinda", HEAD), ("Pj. Gubernur Kalimantan Timur", HEAD),
    ("Wakil Bupati Buleleng", DEPUTY), ("Sekretaris Daerah Provinsi Kalimantan Timur", SECOND),
    ("Anggota DPRD Kabupaten Buleleng", SECOND), ("Ketua Dewan Perwakilan Rakyat Daerah Kabupaten Buleleng", SECOND),
    ("Kepala Badan Perencanaan Pembangunan Daerah", OTHER), ("Camat Gerokgak", OTHER),
    ("Sekretaris Dinas Sosial", OTHER), ("BUPATI BULELENG", HEAD),
])
def test_rank_read_from_the_printed_position(position, expected):
    assert rank(position) == expected

