"""`rapatgen kirim --dokumen undangan` follows the people (issue 18 point 7): each invitee gets exactly
their own letter (their session's in a series, their own in per-invitee letters), the signer none,
and everyone who cannot be reached is named."""

from __future__ import annotations

import email
from email import policy

from click.testing import CliRunner

from rapatgen.cli import main

SERIES = "sosialisasi-dtsen-buleleng-2025"
RAKOR = "rakor-buleleng-2023-12-14"


def _drafts(project, meeting) -> tuple[dict[str, list[str]], str]:
    r = CliRunner().invoke(main, ["build", meeting, "--only", "undangan", "--format", "pdf", "--per", "2025-03-01",
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["kirim", meeting, "--dokumen", "undangan", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    out = {}
    for path in sorted((project / "outputs" / meeting / "surel").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        out[msg["To"].addresses[0].addr_spec] = sorted(a.get_filename() for a in msg.iter_attachments())
    return out, r.output


def test_a_series_sends_each_camat_their_own_session_letter_and_the_signer_none(project):
    drafts, output = _drafts(project, SERIES)
    for n, place in enumerate(["gerokgak", "seririt", "sukasada", "sawan"], 1):
        assert drafts[f"kec.{place}@bulelengkab.example"] == [f"undangan-{SERIES}-sesi-{n:02d}-{place}.pdf"]
    assert "kepala.bappeda@bulelengkab.example" not in drafts  # signs every letter of the series
    assert "bappeda@bulelengkab.example" not in drafts
    # the narasumber from Dinas Sosial speaks at every session: every session's letter
    assert len(drafts["dinsos@bulelengkab.example"]) == 4
    # who cannot be reached is named, the positions written inline too
    assert "tanpa alamat surel di direktori: Pendamping Program Keluarga Harapan (PKH) Kecamatan Gerokgak" in output


def test_per_invitee_letters_go_each_to_its_own_addressee(project):
    drafts, output = _drafts(project, RAKOR)
    assert drafts["dinsos@bulelengkab.example"] == [f"undangan-{RAKOR}-01-dinsos_bll.pdf"]
    assert drafts["dinkes@bulelengkab.example"] == [f"undangan-{RAKOR}-02-dinkes_bll.pdf"]
    assert all(len(files) == 1 for files in drafts.values()), drafts  # nobody gets another office's letter
    assert "kepala.bappeda@bulelengkab.example" not in drafts  # the signer (and narasumber) gets none
