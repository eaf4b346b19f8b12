"""`rapatgen build`: narrowing, skipping, safety of outputs, growth with many attendees."""

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in
from tests.readback import docx_text, flat, pdf_pages, pdf_text

SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"


def build(project, *args):
    return CliRunner().invoke(main, ["build", "--per", "2025-02-15", *args, "--proyek", str(project)])


def test_only_and_format_narrow_the_build(project):
    r = build(project, SERIES, "--only", "notulen", "--format", "pdf")
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in (project / "outputs" / SERIES).iterdir() if not p.name.startswith("."))
    assert files == [f"notulen-{SERIES}.pdf"]


def test_unknown_meeting_id_suggests(project):
    r = build(project, "sosialisasi-dtsen-buleleng-2024")
    assert r.exit_code == 2 and "maksud Anda 'sosialisasi-dtsen-buleleng-2025'?" in r.output


def test_missing_data_is_skipped_with_one_line(project):
    r = build(project, SERIES, "--only", "rencana-aksi", "--only", "notulen")
    assert r.exit_code == 0
    assert f"{SERIES}: rencana-aksi dilewati — rapat ini tidak memuat rencana_aksi" in r.output


def test_yaml_text_cannot_inject_into_either_format(project):
    nasty = 'A & B <b>x</b> #set [z] $y$ *k* {{ judul }} {% if %} \\\\n 😀 ' + "Panjaaaaaaaaaaang" * 8
    replace_in(project / SERIES_FILE, "isi: Setiap desa menunjuk satu operator pemutakhiran DTSEN dan melaporkannya kepada camat.",
               f'isi: "{nasty}"')
    r = build(project, SERIES, "--only", "berita-acara")
    assert r.exit_code == 0, r.output
    expected = nasty.replace("\\\\", "\\")
    for text in (docx_text(project / "outputs" / SERIES / f"berita-acara-{SERIES}.docx"),
                 pdf_text(project / "outputs" / SERIES / f"berita-acara-{SERIES}.pdf")):
        assert flat(expected) in flat(text)


def test_page_count_grows_with_150_attendees(project):
    r = build(project, SERIES, "--only", "daftar-hadir", "--format", "pdf")
    small = pdf_pages(project / "outputs" / SERIES / f"daftar-hadir-{SERIES}.pdf")
    extra = ", ".join(f"{{jabatan: \"Kepala Desa Contoh {i}\"}}" for i in range(150))
    replace_in(project / SERIES_FILE, "{jabatan: Pendamping Program Keluarga Harapan (PKH) Kecamatan Sawan}]",
               "{jabatan: Pendamping Program Keluarga Harapan (PKH) Kecamatan Sawan}, " + extra + "]")
    r = build(project, SERIES, "--only", "daftar-hadir")
    assert r.exit_code == 0, r.output
    pdf = project / "outputs" / SERIES / f"daftar-hadir-{SERIES}.pdf"
    big = pdf_pages(pdf)
    assert big >= small + 4  # 150 more rows of >= 1 cm each in the last session
    text = pdf_text(pdf)
    # (150 rows and the session's own; its five village heads came as one counted group line)
    assert "Kepala Desa Contoh 149" in text and "155." in text
    docx_rows = docx_text(project / "outputs" / SERIES / f"daftar-hadir-{SERIES}.docx")
    assert "Kepala Desa Contoh 149" in docx_rows


def test_hand_edited_output_is_not_overwritten(project):
    assert build(project, SERIES, "--only", "notulen").exit_code == 0
    target = project / "outputs" / SERIES / f"notulen-{SERIES}.docx"
    target.write_bytes(target.read_bytes() + b"diedit")
    edited = target.read_bytes()
    replace_in(project / SERIES_FILE, "tema: Pemanfaatan", "tema: Pemanfaatan Baru")
    r = build(project, SERIES, "--only", "notulen")
    assert r.exit_code == 3  # done, but something was refused
    assert "diubah manual sejak build terakhir — tidak ditimpa" in r.output
    assert target.read_bytes() == edited
    beside = target.with_name(f"notulen-{SERIES} (baru).docx")  # the new version, so nothing is lost
    assert "Baru" in docx_text(beside) and f"'{beside.name}'" in r.output
    again = build(project, SERIES, "--only", "notulen")
    assert again.exit_code == 3 and "tidak ditimpa" in again.output  # still said on the next build
    r = build(project, SERIES, "--only", "notulen", "--timpa")
    assert target.read_bytes() != edited and "Baru" in docx_text(target)


def test_unchanged_meeting_rewrites_nothing(project):
    assert build(project, SERIES, "--only", "notulen").exit_code == 0
    r = build(project, SERIES, "--only", "notulen")
    assert "0 berkas ditulis, 2 tidak berubah" in r.output


def test_invalid_input_writes_no_output_at_all(project):
    replace_in(project / SERIES_FILE, "mulai: \"13.30\"", "mulai: \"13:30\"")
    r = build(project)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert not (project / "outputs").exists()


@pytest.mark.slow
def test_parallel_build_writes_the_same_files_as_serial(project):
    from datetime import date

    from rapatgen.build.workers import PARALLEL_MIN_MEETINGS

    from rapatgen.build.coordinator import build as run_build
    from rapatgen.check.project import load_project

    text = (project / SERIES_FILE).read_text(encoding="utf-8")
    for i in range(PARALLEL_MIN_MEETINGS):
        (project / "agendas" / f"salinan-{i}.yaml").write_text(
            text.replace(f"id: {SERIES}", f"id: salinan-{i}"), encoding="utf-8")
    proj = load_project(project)
    ids = [f"salinan-{i}" for i in range(PARALLEL_MIN_MEETINGS)]
    run_build(proj, ids, only=["notulen", "berita-acara"], as_of=date(2025, 2, 15), log=lambda _: None, workers=1)
    serial = {p.name: p.read_bytes() for p in (project / "outputs").rglob("*.*") if p.suffix in (".pdf", ".docx")}
    report = run_build(proj, ids, only=["notulen", "berita-acara"], as_of=date(2025, 2, 15), log=lambda _: None,
                       workers=2, overwrite=True)
    assert len(serial) == 4 * PARALLEL_MIN_MEETINGS
    assert len(report.unchanged) == len(serial) and not report.written  # byte-identical


def test_the_coordinator_s_checksums_are_the_bundle_s(tmp_path):
    from rapatgen.build.writer import _checksums
    from rapatgen.render.pdf.bundle import checksums

    (tmp_path / "b.pdf").write_bytes(b"%PDF b")
    (tmp_path / "a.docx").write_bytes(b"a")
    (tmp_path / ".tersembunyi").write_bytes(b"x")
    (tmp_path / "SHA256SUMS").write_bytes(b"lama")
    (tmp_path / "sub").mkdir()
    assert _checksums(tmp_path) == checksums(tmp_path) and b"a.docx" in _checksums(tmp_path)


@pytest.mark.slow
def test_the_pool_makes_calendars_tracker_feeds_and_jadwal_as_one_process_does(built_buleleng, tmp_path, monkeypatch):
    """Calendars in the meetings' jobs, the tracker, deadline feeds and jadwal as pool jobs: the same bytes."""
    from datetime import date

    from rapatgen.build import coordinator as build_module, workers
    from rapatgen.check.project import load_project
    from tests.conftest import EXAMPLE_PER, copy_root_project

    root = copy_root_project(tmp_path / "p")
    monkeypatch.setattr(workers, "PARALLEL_MIN_MEETINGS", 1)
    made = []
    real = build_module._made

    def recording(ctx, jobs, tasks, workers):
        made.append(sorted(t.name for t in tasks))
        yield from real(ctx, jobs, tasks, workers)
    monkeypatch.setattr(build_module, "_made", recording)
    report = build_module.build(load_project(root), as_of=date.fromisoformat(EXAMPLE_PER), formats=("docx",),
                                log=lambda _: None, workers=2)
    assert made[0][:2] == ["feeds", "jadwal"] and "tracker" in made[0] and not report.failed
    ours = {p.relative_to(root / "outputs").as_posix(): p.read_bytes() for p in (root / "outputs").rglob("*")
            if p.suffix in (".docx", ".ics")}
    theirs = {p.relative_to(built_buleleng.outputs()).as_posix(): p.read_bytes()
              for p in built_buleleng.outputs().rglob("*") if p.suffix in (".docx", ".ics")}
    assert ours.keys() == theirs.keys() and any(k.endswith(".ics") and "/kalender-" in k for k in ours)
    assert [k for k in ours if ours[k] != theirs[k]] == []
    state = ".rapatgen/kalender.json"
    assert (root / state).read_bytes() == (built_buleleng.root / state).read_bytes()
