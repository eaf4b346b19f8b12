"""The year's programme (program/<tahun>.yaml): planned meetings by month, their status
computed from the linked meeting files, the Jadwal document and the reviewing notulen."""

from datetime import date

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from rapatgen.model.program import ProgramTahunan
from rapatgen.resolve.programme import planned_status
from rapatgen.check.project import load_project
from tests.conftest import line_of, replace_in
from tests.readback import docx_text, flat, pdf_text

RAKOR = "rakor-buleleng-2023-12-14"
RAKOR_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"
PROGRAM = "program/2023.yaml"


def cli(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


def both(path_without_suffix):
    return (docx_text(path_without_suffix.with_suffix(".docx")), pdf_text(path_without_suffix.with_suffix(".pdf")))


@pytest.mark.slow
def test_jadwal_document_lists_months_and_statuses(project):
    r = cli(project, "build", "--only", "jadwal", "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    for text in both(project / "outputs" / "jadwal-rapat-2023"):
        f = flat(text)
        for piece in ("PEMERINTAH KABUPATEN BULELENG", "JADWAL RAPAT KOORDINASI TAHUN 2023",
                      "Ditetapkan 19 Januari 2023; keadaan per 15 Februari 2025",
                      "Januari", "Rapat Penyusunan Jadwal Kegiatan TKPK Kabupaten Buleleng Tahun 2023",
                      "terlaksana 19 Januari 2023", "Mei", "Pra Rapat Koordinasi", "Agustus", "ditunda",
                      "Desember", "terlaksana 14 Desember 2023", "Terlaksana 5 dari 6 rapat yang direncanakan",
                      "Singaraja, 15 Februari 2025", "Ir. Made Contoh Arsana, M.T."):
            assert flat(piece) in f, piece
        months = [text.find(m) for m in ("Januari", "Maret", "Mei", "Agustus", "September", "Desember")]
        assert months == sorted(months)  # month order
    # planned meetings produce no letters: the only meeting folders are the meeting files'
    assert {p.name for p in (project / "outputs").iterdir() if p.is_dir()} <= {RAKOR, "sosialisasi-dtsen-buleleng-2025"}


@pytest.mark.slow
def test_notulen_of_the_reviewing_meeting_shows_the_programme(project):
    r = cli(project, "build", RAKOR, "--only", "notulen")
    assert r.exit_code == 0, r.output
    for text in both(project / "outputs" / RAKOR / f"notulen-{RAKOR}"):
        f = flat(text)
        assert flat("Program rapat koordinasi tahun 2023") in f
        assert flat("sampai dengan 14 Desember 2023") in f
        assert flat("terlaksana 14 Desember 2023 (rapat ini)") in f and flat("ditunda") in f


def test_status_follows_the_reference_date_and_the_linked_meeting(project):
    proj = load_project(project)
    meetings = {m.model.id: m.model for m in proj.meetings}
    prog = ProgramTahunan.model_validate({"tahun": 2023, "kegiatan": [
        {"bulan": "2023-05", "jenis": "pra_rakor", "judul": "Pra-rakor"},
        {"bulan": "2023-12", "jenis": "rakor", "judul": "Rakor", "rapat": RAKOR}]})
    pra, rakor = prog.kegiatan

    def status(entry, day):
        return planned_status(entry, meetings, day).text
    assert status(pra, date(2023, 5, 31)) == "direncanakan"
    assert status(pra, date(2023, 6, 1)) == "belum terlaksana"
    assert status(rakor, date(2023, 12, 13)) == "dijadwalkan 14 Desember 2023"
    assert status(rakor, date(2023, 12, 14)) == "terlaksana 14 Desember 2023"


def test_programme_mistakes_are_reported_at_their_line(project, monkeypatch):
    monkeypatch.chdir(project)
    f = project / PROGRAM
    replace_in(f, "  - bulan: 2023-05\n", "  - bulan: 2024-05\n")
    replace_in(f, "    rapat: rakor-buleleng-2023-12-14", "    rapat: rakor-bulelen-2023-12-14")
    replace_in(project / RAKOR_FILE, "tinjau_program: 2023", "tinjau_program: 2022")
    r = cli(project, "check")
    assert r.exit_code == 1 and "Traceback" not in r.output
    out = r.output
    assert f"{PROGRAM}:{line_of(f, '2024-05')}:12: bulan 2024-05 bukan tahun 2023" in out
    assert (f"{PROGRAM}:{line_of(f, 'rakor-bulelen-')}:12: rapat 'rakor-bulelen-2023-12-14' tidak ada di folder "
            f"agendas (tulis id rapat dari berkas rapatnya) — maksud Anda '{RAKOR}'?") in out
    assert (f"{RAKOR_FILE}:{line_of(project / RAKOR_FILE, 'tinjau_program')}:17: program tahun 2022 tidak ada "
            "di folder program/ (yang ada: 2023)") in out
    # checking one file reports that file only
    r = cli(project, "check", PROGRAM)
    assert r.exit_code == 1 and RAKOR_FILE not in r.output and "2024-05" in r.output
    # a month written as a date
    replace_in(f, "  - bulan: 2023-03\n", "  - bulan: 2023-03-16\n")
    r = cli(project, "check")
    assert (f"{PROGRAM}:{line_of(f, '2023-03-16')}:12: bulan '2023-03-16' ditulis sebagai tanggal — rencana cukup "
            "bulannya saja: TTTT-BB, mis. 2023-03") in r.output
    assert "program tahun 2022 tidak ada di folder program/ (yang ada: 2023)" in r.output


@pytest.mark.slow
def test_second_regions_programme_from_the_seed(kaltim):
    """contoh/kaltim: the 2024 series the seed lists, some held without a file (month only),
    others linked to their meeting files; the jadwal is the province's own document."""
    r = cli(kaltim, "build", "--only", "jadwal", "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    for text in both(kaltim / "outputs" / "jadwal-rapat-2024"):
        f = flat(text)
        for piece in ("PEMERINTAH PROVINSI KALIMANTAN TIMUR", "JADWAL RAPAT KOORDINASI TAHUN 2024",
                      "terlaksana Januari 2024", "terlaksana Mei 2024", "terlaksana 25 September 2024",
                      "terlaksana 27–28 September 2024", "terlaksana 4 Desember 2024", "terlaksana 19 Desember 2024",
                      "Terlaksana 7 dari 7 rapat", "Samarinda, 15 Februari 2025"):
            assert flat(piece) in f, piece
        assert "Buleleng" not in text and "Singaraja" not in text


def _metadata(path_without_suffix):
    """(author, creation date) of the PDF and of the DOCX, as a reader's document properties show them."""
    import io

    import docx
    import pypdf

    info = pypdf.PdfReader(path_without_suffix.with_suffix(".pdf")).metadata
    core = docx.Document(io.BytesIO(path_without_suffix.with_suffix(".docx").read_bytes())).core_properties
    return [(info.author, info["/CreationDate"][2:10]), (core.author, core.created.strftime("%Y%m%d"))]


def test_jadwal_carries_the_programmes_own_date_and_its_unit(built_buleleng):
    """Like every meeting document (frame.stamp): the day the programme was set, not 1970 or 2000-01-01."""
    unit = "Badan Perencanaan Pembangunan Daerah Kabupaten Buleleng"
    assert _metadata(built_buleleng.outputs("jadwal-rapat-2023")) == [(unit, "20230119")] * 2


@pytest.mark.slow
def test_jadwal_without_a_set_date_carries_the_day_it_is_signed_for(project):
    replace_in(project / PROGRAM, "tanggal: 2023-01-19", "")
    r = cli(project, "build", "--only", "jadwal", "--per", "2025-02-15")
    assert r.exit_code == 0, r.output
    assert [d for _, d in _metadata(project / "outputs" / "jadwal-rapat-2023")] == ["20250215"] * 2
