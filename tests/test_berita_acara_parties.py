"""Berita acara parties (issue 18, point 5): short names only where unique, signers named from
the directory, one berita acara per session of a series — read back from DOCX and PDF."""

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import line_of, replace_in
from tests.readback import docx_text, flat, pdf_text

KALTIM = "rakor-kaltim-2024-12-19"
SERIES = "sosialisasi-dtsen-buleleng-2025"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"


def both(built, meeting, stem):
    folder = built.outputs(meeting)
    return built.texts[folder / f"{stem}.docx"], built.texts[folder / f"{stem}.pdf"]


@pytest.mark.slow
def test_a_short_name_shared_by_several_institutions_is_written_in_full(built_kaltim):
    for text in both(built_kaltim, KALTIM, f"berita-acara-{KALTIM}"):
        f = flat(text)
        assert flat("Pihak terkait: Badan Perencanaan Pembangunan Daerah Kota Samarinda, Badan Perencanaan "
                    "Pembangunan Daerah Kota Balikpapan, Badan Perencanaan Pembangunan Daerah Kabupaten Kutai "
                    "Kartanegara, Badan Perencanaan Pembangunan Daerah Kabupaten Berau") in f
        assert flat("Bappeda, Bappeda") not in f
        # a unique short name is introduced at the first mention, in brackets after the full name, then
        # used (one form per document, issue 19)
        assert flat("Pihak terkait: Badan Perencanaan Pembangunan Daerah Provinsi Kalimantan Timur (Bappeda Kaltim), "
                    "Badan Pusat Statistik Provinsi Kalimantan Timur (BPS Kaltim)") in f
        assert flat("Penanggung jawab: Bappeda Kaltim") in f


@pytest.mark.slow
def test_default_signers_are_named_from_the_directory(built_buleleng):
    for text in both(built_buleleng, SERIES, f"berita-acara-{SERIES}"):
        f = flat(text).split("Yangmenyepakati")[1]
        assert flat("Nyoman Contoh Wijaya, S.Sos., M.AP. Kepala Dinas Sosial Kabupaten Buleleng") in f
        # DPMD owns K1 but was neither invited nor there: it does not sign (issue 18 review)
        assert "KomangContohBudiasa" not in f


def _build(root, *args):
    r = CliRunner().invoke(main, ["build", SERIES, "--only", "berita-acara", *args, "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return root / "outputs" / SERIES


@pytest.mark.slow
def test_per_sesi_gives_one_berita_acara_per_session_with_its_own_signers(project):
    f = project / SERIES_FILE
    replace_in(f, "notulen:\n  peserta: daftar\n", "notulen:\n  peserta: daftar\nberita_acara:\n  per_sesi: true\n")
    # the camat of Gerokgak and of Sawan came to their own session (those who were there sign)
    replace_in(f, "  - {id: wartawan_contoh, hari: [4]}\n", "  - {id: wartawan_contoh, hari: [4]}\n"
               "  - {nama: Made Contoh Gerokgak, jabatan: Camat Gerokgak, instansi: kec_gerokgak, hari: [1]}\n"
               "  - {nama: Made Contoh Sawan, jabatan: Camat Sawan, instansi: kec_sawan, hari: [4]}\n")
    out = _build(project)
    stems = sorted(p.stem for p in out.glob("berita-acara-*.pdf"))
    assert stems == [f"berita-acara-{SERIES}-sesi-0{i}-{k}" for i, k in
                     ((1, "gerokgak"), (2, "seririt"), (3, "sukasada"), (4, "sawan"))]
    for stem, words, place, camat, deadline in (
            (stems[0], "delapan belas bulan Februari", "Aula Kantor Camat Gerokgak", "Camat Gerokgak", "4 Maret 2025"),
            (stems[3], "dua puluh enam bulan Februari", "Aula Kantor Camat Sawan", "Camat Sawan", "12 Maret 2025")):
        for text in (docx_text(out / f"{stem}.docx"), pdf_text(out / f"{stem}.pdf")):
            t = flat(text)
            assert flat(words) in t and flat(place) in t
            assert flat(camat) in t  # the camat of the place signs that session's record
            assert flat(f"Made Contoh {camat.split()[-1]} {camat}") in t.split("Yangmenyepakati")[1]
            others = {"Camat Gerokgak", "Camat Seririt", "Camat Sukasada", "Camat Sawan"} - {camat}
            assert not any(flat(o) in t for o in others), stem
            assert flat(f"Batas waktu: {deadline} (2 minggu setelah sesi)") in t  # this session's own date
            assert flat("Komang Contoh Budiasa") not in t and flat("Nyoman Contoh Wijaya") in t  # DPMD was away
    # parties written per session sign only their own session's record
    replace_in(f, "berita_acara:\n  per_sesi: true\n",
               "berita_acara:\n  per_sesi: true\n  pihak:\n    - kadinsos_bll\n"
               "    - {nama: Made Contoh Juliadi, jabatan: Camat Seririt, sesi: 2}\n")
    out = _build(project, "--format", "pdf")
    assert "Made Contoh Juliadi" in pdf_text(out / f"{stems[1]}.pdf")
    assert "Made Contoh Juliadi" not in pdf_text(out / f"{stems[0]}.pdf")
    assert "Nyoman Contoh Wijaya" in pdf_text(out / f"{stems[0]}.pdf")


def test_per_sesi_keys_are_checked(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    replace_in(f, "  mengetahui: wakil_bupati_bll", "  mengetahui: wakil_bupati_bll\n  per_sesi: true")
    replace_in(f, "  pihak: [kepala_bappeda_bll, kadinsos_bll,",
               "  pihak: [{id: kepala_bappeda_bll, sesi: 2}, kadinsos_bll,")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert r.exit_code == 1
    name = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
    assert f"{name}:{line_of(f, 'per_sesi: true')}:13: 'per_sesi' hanya untuk rangkaian" in r.output
    s = project / SERIES_FILE
    replace_in(s, "notulen:\n  peserta: daftar\n",
               "notulen:\n  peserta: daftar\nberita_acara:\n  per_sesi: true\n  nomor: 400.9.14/70/Bappeda\n"
               "  pihak: [{id: kadinsos_bll, sesi: 7}]\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(project)])
    assert f"{SERIES_FILE}:{line_of(s, 'nomor: 400.9.14/70')}:10: berita acara per sesi mengambil nomor" in r.output
    assert f"{SERIES_FILE}:{line_of(s, 'sesi: 7')}:" in r.output and "sesi 7 tidak ada; rapat ini punya 4 sesi" in r.output
