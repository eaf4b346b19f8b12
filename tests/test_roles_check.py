"""`rapatgen check` on the role keys of issue 18 (point 4): file:line:column and 'maksud Anda'."""

from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in

KALTIM = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"


def check(root):
    return CliRunner().invoke(main, ["check", "--proyek", str(root)])


def test_role_typos_are_placed_and_suggested(kaltim, monkeypatch):
    monkeypatch.chdir(kaltim)
    f = kaltim / KALTIM
    replace_in(f, "    oleh: sekda_kaltim ", "    oleh: sekda_kaltm ")
    replace_in(f, "  moderator: plh_kabid_bappeda_kaltim", "  moderator: plh_kabid_bapeda_kaltim")
    replace_in(f, "  peserta: daftar", "  peserta: daftar\n  ditutup_olh: sekda_kaltim")
    r = check(kaltim)
    assert r.exit_code == 1, r.output
    out = r.output
    assert f"{KALTIM}:{line_of(f, 'sekda_kaltm')}:11: 'sekda_kaltm' tidak ada di direktori — maksud Anda 'sekda_kaltim'?" in out
    assert f"{KALTIM}:{line_of(f, 'plh_kabid_bapeda')}:14: orang 'plh_kabid_bapeda_kaltim' tidak ada di direktori " \
           "(orang) — maksud Anda 'plh_kabid_bappeda_kaltim'?" in out
    assert f"{KALTIM}:{line_of(f, 'ditutup_olh')}:3: kunci 'ditutup_olh' tidak dikenal — maksud Anda 'ditutup_oleh'?" in out
    assert "Traceback" not in out


def test_a_speaker_written_out_is_accepted(kaltim, monkeypatch):
    monkeypatch.chdir(kaltim)
    f = kaltim / KALTIM
    replace_in(f, "    oleh: sekda_kaltim ", "    oleh: Wali Kota Samarinda ")
    replace_in(f, "  peserta: daftar", "  peserta: daftar\n  ditutup_oleh: {nama: Rudi Contoh, jabatan: Kepala Bappeda Kota Samarinda}")
    r = check(kaltim)
    assert r.exit_code == 0, r.output
