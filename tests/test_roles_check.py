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


def test_people_keys_are_checked_where_written(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / "agendas" / "2025-02-sosialisasi-dtsen-buleleng.yaml"
    name = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
    replace_in(f, "{id: csr_bank_contoh, hari: [3]}", "{id: csr_bank_contoh, jumlah: 2, hari: [3]}")
    d = project / "direktori.yaml"
    replace_in(d, "    jenis: media                 #", '    nip: "199001012015031001"\n    jenis: media                 #')
    out = CliRunner().invoke(main, ["check", "--proyek", str(project)]).output
    assert f"{name}:{line_of(f, 'jumlah: 2')}:5: 'jumlah' hanya untuk baris 'kelompok'" in out
    assert f"direktori.yaml:{line_of(d, 'wartawan_contoh:')}:3: orang dengan " in out and \
        "jenis 'media' tidak dicetak dengan NIP" in out
    replace_in(f, "jumlah: 2, hari: [3]}", "hari: [3]}")
    replace_in(d, '    nip: "199001012015031001"\n', "")
    replace_in(f, "{kelompok: kades_seririt, jumlah: 5", "{kelompok: kades_seririd, jumlah: 5")
    replace_in(f, "mewakili: kel_sukasada}", "mewakili: kel_sukasad}")
    replace_in(f, "{id: akademisi_undiksha, hari: [3]}", "{id: akademisi_undiksha, gelar_depan: Prof., hari: [3]}")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1, r.output
    out = r.output
    assert f"{name}:{line_of(f, 'kades_seririd')}:16: kelompok 'kades_seririd' tidak ada di direktori — " \
           "maksud Anda 'kades_seririt'?" in out
    assert f"{name}:{line_of(f, 'kel_sukasad}')}:" in out and "'kel_sukasad' yang diwakili tidak ada di direktori — " \
           "maksud Anda 'kel_sukasada'?" in out
    assert f"{name}:{line_of(f, 'gelar_depan: Prof.')}:" in out and "'gelar_depan' ditulis bersama 'id'" in out
    assert "Traceback" not in out
