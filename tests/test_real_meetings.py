"""What real TKPK meetings say (issue 7): read back from the DOCX and PDF a user opens.

Series with their own invitees and numbers, institutions as speakers, capacity (selaku)
and representation (mewakili), objectives, online attendees, facts the documents state.
"""

import re

import docx
import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, flat, pdf_text

pytestmark = pytest.mark.slow
SERIES = "sosialisasi-dtsen-buleleng-2025"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
BULELENG = "rakor-buleleng-2023-12-14"
KALTIM = "rakor-kaltim-2024-12-19"
SESSIONS = [("01-gerokgak", "57", "Rabu" and "18 Februari 2025", "Aula Kantor Camat Gerokgak", "Pejarakan"),
            ("02-seririt", "58", "19 Februari 2025", "Aula Kantor Camat Seririt", "Kalisada"),
            ("03-sukasada", "61", "25 Februari 2025", "Aula Kantor Camat Sukasada", "Pancasari"),
            ("04-sawan", "62", "26 Februari 2025", "Aula Kantor Camat Sawan", "Sangsit")]


def _build(root, *args):
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", *args, "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    return root


@pytest.fixture
def buleleng(built_buleleng):
    """The root example, built once for the session (read only)."""
    return built_buleleng.root


def both(root, meeting, stem):
    base = root / "outputs" / meeting / stem
    return flat(docx_text(base.with_suffix(".docx"))), flat(pdf_text(base.with_suffix(".pdf")))


def test_series_letters_have_own_number_invitees_date_and_agenda(buleleng):
    names = sorted(p.name for p in (buleleng / "outputs" / SERIES).glob("undangan-*.pdf"))
    assert names == [f"undangan-{SERIES}-sesi-{s[0]}.pdf" for s in SESSIONS]  # sorted and say where
    numbers = set()
    for suffix, urut, day, place, desa in SESSIONS:
        for text in both(buleleng, SERIES, f"undangan-{SERIES}-sesi-{suffix}"):
            number = re.search(r"Nomor:(400\.9\.14/\d+/Bappeda)", text).group(1)
            assert number == f"400.9.14/{urut}/Bappeda"
            numbers.add(number)
            assert flat(day) in text and flat(place) in text
            assert flat(f"Kepala Desa {desa}") in text  # its own invitees in the lampiran
            others = [s[4] for s in SESSIONS if s[4] != desa]
            assert not any(flat(f"Kepala Desa {o}") in text for o in others), suffix
    assert len(numbers) == 4
    for text in both(buleleng, SERIES, f"undangan-{SERIES}-sesi-04-sawan"):
        # the letter says 13.30 and so does its own attached agenda
        assert flat("pukul 13.30 WITA s.d. selesai") in text and flat("13.30–13.45 WITA") in text
        assert flat("09.00–09.15 WITA") not in text


def test_series_attendance_lists_only_own_invitees_with_expected_rows(buleleng):
    d = docx.Document(str(buleleng / "outputs" / SERIES / f"daftar-hadir-{SERIES}.docx"))
    sheets = [t for t in d.tables if t.rows[0].cells[0].text == "No"]
    assert len(sheets) == 4
    for table, (_, _, _, place, _) in zip(sheets, SESSIONS):
        text = "\n".join(r.cells[2].text for r in table.rows)
        # the village heads came as a counted group line: "Kepala Desa se-Kecamatan …, 5 orang" (issue 18)
        kecamatan = place.split()[-1]
        assert f"Camat {kecamatan}" in text and f"Kepala Desa se-Kecamatan {kecamatan}" in text
        assert not any(f"Kecamatan {s[3].split()[-1]}" in text or f"Camat {s[3].split()[-1]}" in text
                       for s in SESSIONS if s[3] != place)
        # (the jumlah_peserta rows to sign are the sheet before the meeting: test_attendance's 'sebelum' test)
        assert table.rows[1].cells[0].text == "1."  # each list starts its own numbering


def test_series_notulen_and_berita_acara_name_every_session(buleleng):
    for stem in (f"notulen-{SERIES}", f"berita-acara-{SERIES}"):
        for text in both(buleleng, SERIES, stem):
            for _, _, day, place, _ in SESSIONS:
                assert flat(day) in text and flat(place) in text, (stem, day)
            assert "s.d.Selasa" not in text and "s.d.Rabu,26Februari" not in text
    for text in both(buleleng, SERIES, f"notulen-{SERIES}"):
        for _, urut, *_ in SESSIONS:  # the number of every session's letter, never dots
            assert flat(f"Nomor 400.9.14/{urut}/Bappeda") in text
        assert "......" not in text
        assert flat("13.30 WITA pada Sesi 4 (Kecamatan Sawan)") in text


def test_series_invitation_states_objectives(buleleng):
    for text in both(buleleng, SERIES, f"undangan-{SERIES}-sesi-01-gerokgak"):
        assert flat("Kegiatan tersebut bertujuan:") in text and flat("operator desa untuk pemutakhiran data") in text


def test_capacity_objectives_and_opening_time(buleleng):
    for text in both(buleleng, BULELENG, f"notulen-{BULELENG}"):
        assert flat("selaku Pelaksana Ketua TKPK Kabupaten Buleleng") in text
        assert flat("Maksud dan Tujuan") in text and flat("Menyelaraskan program dan kegiatan antar-OPD") in text


def test_institution_speaker_online_and_representation(built_kaltim):
    root = built_kaltim.root
    for text in both(root, KALTIM, f"notulen-{KALTIM}"):
        assert flat("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan (daring)") in text
        assert "PerwakilanKementerian" not in text and "PerwakilanKemenko" not in text
        assert flat("mewakili Gubernur Kalimantan Timur") in text
        # the opening item of the agenda, not registration at 08.30
        assert flat("Rapat dibuka pukul 09.00 WITA") in text
        assert flat("11 hadir langsung, 2 hadir daring") in text  # the moderator; Kemenko PMK spoke online (issue 18.2)
    d = docx.Document(str(root / "outputs" / KALTIM / f"daftar-hadir-{KALTIM}.docx"))
    lists = [t for t in d.tables if t.rows[0].cells[0].text == "No"]
    paper, online = lists
    assert "Nur Contoh" not in "".join(c.text for r in paper.rows for c in r.cells)
    assert "Nur Contoh" in "".join(c.text for r in online.rows for c in r.cells)
    assert len(online.columns) == 3  # no signature column for those online
    speaker = [r for r in online.rows if "Kementerian Koordinator" in r.cells[2].text]
    assert speaker and speaker[0].cells[1].text == ""  # blank name line, no invented person


def test_institution_invited_and_speaking_is_listed_once(project):
    replace_in(project / SERIES_FILE, "  - {id: kadinsos_bll, materi:", "  - {instansi: kec_sawan, materi: Kondisi desa}\n"
               "  - {id: kadinsos_bll, materi:")
    _build(project, SERIES, "--only", "daftar-hadir", "--format", "docx")
    d = docx.Document(str(project / "outputs" / SERIES / f"daftar-hadir-{SERIES}.docx"))
    sawan = [t for t in d.tables if t.rows[0].cells[0].text == "No"][3]
    assert sum(r.cells[2].text in ("Camat Sawan", "Kecamatan Sawan") for r in sawan.rows) == 1


def test_nama_kapital_capitalises_the_name_not_the_gelar(project):
    replace_in(project / "rapatgen.yaml", "nama_kapital: false", "nama_kapital: true")
    _build(project, BULELENG, "--only", "undangan", "--format", "docx")
    letter = sorted((project / "outputs" / BULELENG).glob("undangan-*.docx"))[0]
    text = docx_text(letter)
    assert "Ir. MADE CONTOH ARSANA, M.T." in text and "IR. MADE" not in text


def check(root):
    return CliRunner().invoke(main, ["check", "--proyek", str(root)])


def test_check_series_number_belongs_to_sessions(project):
    replace_in(project / SERIES_FILE, "undangan:\n  tanggal", "undangan:\n  urut: 57\n  tanggal")
    r = check(project)
    assert r.exit_code == 1
    assert "perlu nomor sendiri — pindahkan 'urut' ke tiap sesi" in r.output
    assert f"{SERIES_FILE}:" in r.output


def test_check_session_time_must_match_its_agenda(project):
    replace_in(project / SERIES_FILE, "    tempat: Aula Kantor Camat Gerokgak\n",
               "    tempat: Aula Kantor Camat Gerokgak\n    acara: [{mulai: \"08.00\", acara: Registrasi}]\n")
    r = check(project)
    assert r.exit_code == 1 and "susunan acaranya dimulai pukul 08.00" in r.output
    # registration before the opening time is fine as long as the letter's time is on the agenda
    replace_in(project / SERIES_FILE, "acara: [{mulai: \"08.00\", acara: Registrasi}]",
               "acara: [{mulai: \"08.30\", acara: Registrasi}, {mulai: \"09.00\", acara: Pembukaan}]")
    assert check(project).exit_code == 0


def test_check_person_fields_next_to_id(project):
    path = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    replace_in(path, "  ketua: {id: sekda_bll,", "  ketua: {id: sekda_bll, nama: Orang Lain,")
    replace_in(path, "  pembuka: {id: sekda_bll,", "  pembuka: {id: sekda_bll, mewakili: wabup_blll,")
    r = check(project)
    assert r.exit_code == 1
    assert "'nama' ditulis bersama 'id'" in r.output
    assert "orang 'wabup_blll' yang diwakili tidak ada di direktori" in r.output


def test_jabatan_next_to_id_is_used(project):
    path = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    replace_in(path, "  ketua: {id: sekda_bll,", "  ketua: {id: sekda_bll, jabatan: Penjabat Sekretaris Daerah Kabupaten Buleleng,")
    _build(project, BULELENG, "--only", "notulen", "--format", "docx")
    text = docx_text(project / "outputs" / BULELENG / f"notulen-{BULELENG}.docx")
    assert "Penjabat Sekretaris Daerah Kabupaten Buleleng" in text


def _all_document_texts(built):
    for path, text in built.texts.items():  # every DOCX and PDF under outputs/, read back
        if path.suffix == ".pdf" or "(baru)" not in path.name:
            yield path, text


@pytest.mark.parametrize("which", ["built_buleleng", "built_kaltim"])
def test_no_internal_id_or_placeholder_in_any_document(which, request):
    """Ids are for the YAML and the command line; a reader sees names, dates and numbers."""
    from rapatgen.check.project import load_project

    built = request.getfixturevalue(which)
    project = load_project(built.root)
    ids = {m.model.id for m in project.meetings}
    ids |= {x for x in (*project.directory.orang, *project.directory.instansi, *project.directory.kelompok)
            if "_" in x or "-" in x}
    item_ref = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+/[A-Za-z]+\d+\b")
    seen = 0
    for path, text in _all_document_texts(built):
        seen += 1
        assert "…" not in text, f"placeholder in {path.name}"
        assert not item_ref.search(text), f"{item_ref.search(text).group()} in {path.name}"
        words = set(re.findall(r"[A-Za-z0-9_.-]+", text))
        leaked = sorted(i for i in ids if i in words)
        assert not leaked, f"{leaked} in {path.name}"
    assert seen >= 10


def test_representation_by_directory_id_names_the_person(project):
    path = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    replace_in(path, "  pembuka: {id: sekda_bll,", "  pembuka: {id: sekda_bll, mewakili: wakil_bupati_bll,")
    _build(project, BULELENG, "--only", "notulen", "--format", "pdf")
    text = flat(pdf_text(project / "outputs" / BULELENG / f"notulen-{BULELENG}.pdf"))
    assert flat("Sekretaris Daerah Kabupaten Buleleng, selaku Pelaksana Ketua TKPK Kabupaten Buleleng, "
                "mewakili Wakil Bupati Buleleng, Dr. Wayan Contoh Wibawa, S.H., M.H.") in text


def test_attendance_list_names_invited_heads_once_and_chair_first(buleleng):
    d = docx.Document(str(buleleng / "outputs" / BULELENG / f"daftar-hadir-{BULELENG}.docx"))
    sheet = [t for t in d.tables if t.rows[0].cells[0].text == "No"][0]
    rows = [(r.cells[1].text, r.cells[2].text) for r in sheet.rows[1:]]
    assert rows[0][1].startswith("Sekretaris Daerah Kabupaten Buleleng, selaku") and rows[0][0]  # chair first
    dinsos = [r for r in rows if r[1] == "Kepala Dinas Sosial Kabupaten Buleleng"]
    assert len(dinsos) == 1 and dinsos[0][0]  # invited by position, named as narasumber: one named row


def test_series_session_may_have_its_own_tembusan(project):
    replace_in(project / SERIES_FILE, "    urut: 62\n", "    urut: 62\n    tembusan: [Bupati Buleleng (sebagai laporan), Kepala Dinas PMD Kabupaten Buleleng]\n")
    _build(project, SERIES, "--only", "undangan", "--format", "docx")
    sawan = docx_text(project / "outputs" / SERIES / f"undangan-{SERIES}-sesi-04-sawan.docx")
    gerokgak = docx_text(project / "outputs" / SERIES / f"undangan-{SERIES}-sesi-01-gerokgak.docx")
    assert "Kepala Dinas PMD Kabupaten Buleleng." in sawan and "Kepala Dinas PMD" not in gerokgak


def test_group_agreement_of_one_session_is_tracked_for_that_session_only(project):
    replace_in(project / SERIES_FILE, "kesepakatan:\n", """kesepakatan:
  - id: K8
    isi: Setiap desa di Kecamatan Sawan menyampaikan jadwal pemutakhiran DTSEN kepada camat.
    pj: kades_sawan
    batas_waktu: 2 minggu setelah sesi
  - id: K9
    isi: Setiap desa menyampaikan jadwal pemutakhiran DTSEN kepada camat.
    pj: kades_gerokgak
    sesi: 1
    batas_waktu: 2 minggu setelah sesi
""")
    r = CliRunner().invoke(main, ["followup", "list", "--semua", "--json", "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    import json
    rows = json.loads(r.output)["butir"]
    k2 = [x for x in rows if x["id"].startswith(SERIES + "/K8")]
    k3 = [x for x in rows if x["id"].startswith(SERIES + "/K9")]
    # the Sawan villages were invited to the Sawan session only: one occurrence each, due 12 March
    assert len(k2) == 5 and all("sesi-4" in x["id"] for x in k2)
    assert len(k3) == 5 and all("sesi-1" in x["id"] for x in k3)
    replace_in(project / SERIES_FILE, "    sesi: 1\n", "    sesi: 7\n")
    bad = check(project)
    assert bad.exit_code == 1 and "sesi 7 tidak ada; rapat ini punya 4 sesi" in bad.output
