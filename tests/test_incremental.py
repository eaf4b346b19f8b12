"""Incremental build: nothing changed → nothing composed or rendered; one change → exactly its dependents."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapatgen.build import coordinator as build_module, inputs as inputs_module, tracker as tracker_module, workers
from rapatgen.build.coordinator import build as run_build
from rapatgen.cli import main
from rapatgen.check.project import load_project
from rapatgen.render import RENDERERS
from tests.conftest import EXAMPLE_PER, built_copy, replace_in

FGD = "fgd-rpkd-kaltim-2024-09-27"
KONSOLIDASI = "konsolidasi-kaltim-2024-12-04"
RAKOR = "rakor-kaltim-2024-12-19"
ALL_KINDS = {"undangan", "daftar-hadir", "notulen", "berita-acara", "rencana-aksi", "tindak-lanjut"}


@pytest.fixture
def calls(monkeypatch):
    """Every compose call as (meeting, kind), every render as format, every tracker made."""
    seen = {"compose": [], "render": [], "tracker": 0}

    for kind, compose in list(build_module.DOCUMENTS.items()):
        def counting(ctx, m, _kind=kind, _compose=compose):
            seen["compose"].append((m.id, _kind))
            return _compose(ctx, m)
        monkeypatch.setitem(build_module.DOCUMENTS, kind, counting)
    for fmt, render in list(RENDERERS.items()):
        def rendering(doc, _fmt=fmt, _render=render):
            seen["render"].append(_fmt)
            return _render(doc)
        monkeypatch.setitem(RENDERERS, fmt, rendering)
    tracker = tracker_module.tracker_files

    def tracking(*args, **kwargs):
        seen["tracker"] += 1
        return tracker(*args, **kwargs)
    monkeypatch.setattr(tracker_module, "tracker_files", tracking)

    def reset():
        seen["compose"].clear()
        seen["render"].clear()
        seen["tracker"] = 0
    seen["reset"] = reset
    return seen


PER = date.fromisoformat(EXAMPLE_PER)  # the shared build's reference date


@pytest.fixture
def kaltim(built_kaltim, tmp_path):
    """A copy of the built Kalimantan Timur example (all documents, both formats, tracker; the
    shared session build) with its outputs and manifest, times kept, that a test may change."""
    return built_copy(built_kaltim, tmp_path / "kaltim")


def _build(root, **kwargs):
    return run_build(load_project(root), as_of=PER, log=lambda _: None, workers=1, **kwargs)


def _composed(calls) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for meeting, kind in calls["compose"]:
        out.setdefault(meeting, set()).add(kind)
    return out


def test_nothing_changed_composes_and_renders_nothing(built_kaltim, kaltim, calls):
    first = built_kaltim.report
    assert first.written and first.composed == 3
    again = _build(kaltim)
    assert calls["compose"] == [] and calls["render"] == [] and calls["tracker"] == 0
    assert again.written == [] and again.composed == 0 and again.made == []
    # every file accounted for, none re-made
    assert (sorted(p.relative_to(kaltim) for p in again.unchanged)
            == sorted(p.relative_to(built_kaltim.root) for p in first.written))


def test_changing_the_last_meeting_s_text_rebuilds_only_it(kaltim, calls):
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    assert set(_composed(calls)) == {RAKOR}
    assert calls["tracker"] == 0  # the tracker shows items and titles, not the theme
    assert {p.parent.name for p in report.written} <= {RAKOR, "outputs"}
    assert {p.parent.name for p in report.made} == {RAKOR}


def _made_after(built_kaltim, kaltim, edit) -> tuple[set[str], set[str]]:
    """(files the build made outside the FGD's folder, and whether all of the FGD's were made) after `edit`."""
    fgd_files = {p.relative_to(built_kaltim.outputs()).as_posix() for p in built_kaltim.report.made
                 if p.parent.name == FGD}
    edit(kaltim / "agendas/2024-09-27-fgd-rpkd-kaltim.yaml")
    made = {p.relative_to(kaltim / "outputs").as_posix() for p in _build(kaltim).made}
    assert {p for p in made if p.startswith(f"{FGD}/")} == fgd_files  # all of the changed meeting
    return made - fgd_files


LATER_NOTULEN = {f"{KONSOLIDASI}/notulen-{KONSOLIDASI}.docx", f"{KONSOLIDASI}/notulen-{KONSOLIDASI}.pdf",
                 f"{RAKOR}/notulen-{RAKOR}.docx", f"{RAKOR}/notulen-{RAKOR}.pdf",
                 f"{KONSOLIDASI}/berkas-{KONSOLIDASI}.pdf", f"{RAKOR}/berkas-{RAKOR}.pdf"}  # the bundles hold them
TRACKER_FILES = {"matriks-tindak-lanjut.docx", "matriks-tindak-lanjut.pdf", "matriks-tindak-lanjut.xlsx"}


def test_changing_an_earlier_meeting_s_notes_leaves_the_later_notulen_alone(built_kaltim, kaltim, calls):
    def edit(path):
        replace_in(path, "tema:", "tema: Diperbarui —")
        replace_in(path, "    catatan: |\n", "    catatan: |\n      Catatan baru.\n\n")
    assert _made_after(built_kaltim, kaltim, edit) == set()
    assert set(_composed(calls)) == {FGD} and calls["tracker"] == 0


def test_changing_an_open_item_rebuilds_the_later_carry_over_sections(built_kaltim, kaltim, calls):
    def edit(path):  # K2 of the FGD is still open when the konsolidasi and the rakor are held
        replace_in(path, "isi: Disperkim memetakan", "isi: Disperkim (diperbarui) memetakan")
    assert _made_after(built_kaltim, kaltim, edit) == LATER_NOTULEN | TRACKER_FILES
    assert calls["tracker"] == 1
    assert _composed(calls) == {FGD: ALL_KINDS, KONSOLIDASI: ALL_KINDS, RAKOR: ALL_KINDS}  # the bundles


def test_changing_an_item_closed_before_the_later_meetings_leaves_their_notulen_alone(built_kaltim, kaltim, calls):
    def edit(path):  # K1 of the FGD was done on 18 October 2024: no later notulen shows it
        replace_in(path, "isi: Setiap perangkat daerah", "isi: Setiap perangkat daerah (diperbarui)")
    assert _made_after(built_kaltim, kaltim, edit) == TRACKER_FILES  # the tracker lists every item
    assert set(_composed(calls)) == {FGD}  # not even composed
    calls["reset"]()
    assert _build(kaltim).made == [] and calls["compose"] == []  # and the records took the new state


def test_the_carry_over_hash_is_what_the_section_shows(built_kaltim, kaltim):
    from rapatgen.build.inputs import carry_over_shown
    from rapatgen.documents.notulen import CARRY_OVER_MAX

    project = load_project(kaltim)
    ctx = build_module.Context(project.config, project.directory, kaltim, PER,
                               [mf.model for mf in project.meetings], [])
    rakor = project.meeting(RAKOR).model
    digest, (shown, hidden) = carry_over_shown(ctx, rakor)
    assert shown and hidden == 0 and len({f.butir_id for f in shown}) <= CARRY_OVER_MAX
    assert "Disperkim memetakan" in repr([f.item.isi for f in shown])
    assert not any("Setiap perangkat daerah" in f.item.isi for f in shown)
    assert carry_over_shown(ctx, rakor)[0] == digest  # stable


def test_changing_an_earlier_meeting_s_title_remakes_the_tracker_not_the_notulen(built_kaltim, kaltim, calls):
    def edit(path):
        replace_in(path, "\njudul: ", "\njudul: Diperbarui — ")
    assert _made_after(built_kaltim, kaltim, edit) == TRACKER_FILES  # the XLSX names each item's meeting


def _meetings_composed(calls) -> set[str]:
    return set(_composed(calls))


NARROW = {"only": ["notulen", "tindak-lanjut"], "formats": ("docx",)}


def test_a_template_change_rebuilds_every_meeting(kaltim, calls):
    _build(kaltim, **NARROW)
    assert calls["compose"] == []
    teks = kaltim / "templates" / "teks"
    teks.mkdir(parents=True)
    (teks / "notulen_penutup.j2").write_text("Rapat ditutup.\n", encoding="utf-8")
    _build(kaltim, **NARROW)
    assert _meetings_composed(calls) == {FGD, KONSOLIDASI, RAKOR} and calls["tracker"] == 1


def test_a_new_tool_version_rebuilds_every_meeting(kaltim, calls, monkeypatch):
    monkeypatch.setattr(inputs_module, "__version__", "99.0")
    _build(kaltim, **NARROW)
    assert _meetings_composed(calls) == {FGD, KONSOLIDASI, RAKOR} and calls["tracker"] == 1


def test_paksa_ulang_rebuilds_everything_and_a_deleted_output_comes_back(kaltim, calls):
    r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, "--paksa-ulang", "--format", "docx",
                                  "--only", "notulen", "--only", "tindak-lanjut", "--proyek", str(kaltim)])
    assert r.exit_code == 0, r.output
    assert _meetings_composed(calls) == {FGD, KONSOLIDASI, RAKOR} and calls["tracker"] == 1
    assert "0 berkas ditulis" in r.output  # re-made byte-identical: nothing rewritten

    calls["reset"]()
    gone = kaltim / "outputs" / RAKOR / f"berita-acara-{RAKOR}.pdf"
    gone.unlink()
    r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, "--proyek", str(kaltim)])
    assert gone.is_file() and _meetings_composed(calls) == {RAKOR} and calls["tracker"] == 0


def test_a_new_reference_date_remakes_only_dated_documents(kaltim, calls):
    report = run_build(load_project(kaltim), as_of=date(2025, 3, 1), log=lambda _: None, workers=1)
    names = {p.name for p in report.made}
    assert any(n.startswith("tindak-lanjut-") for n in names)  # "Keadaan per <tanggal>" is printed in it
    assert all(n.startswith(("tindak-lanjut-", "berkas-", "matriks-tindak-lanjut", "jadwal-rapat-")) for n in names), names  # jadwal: "keadaan per"
    assert calls["tracker"] == 1


def _cli(root, *args):
    return CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, *args, "--proyek", str(root)])


def test_dry_run_says_what_would_happen_and_writes_nothing(kaltim):
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "judul: Rapat", "judul: Diperbarui — Rapat")
    edited = kaltim / "outputs" / RAKOR / f"notulen-{RAKOR}.docx"
    edited.write_bytes(edited.read_bytes() + b"diedit")
    before = {p: p.read_bytes() for p in (kaltim / "outputs").rglob("*") if p.is_file()}
    r = _cli(kaltim, "--dry-run")
    assert r.exit_code == 3  # something would be refused
    assert f"akan ditulis: " in r.stdout and f"berita-acara-{RAKOR}.pdf" in r.stdout
    assert f"notulen-{RAKOR}.docx diubah manual — tidak akan ditimpa" in r.stdout + r.stderr
    assert "Uji coba (--dry-run), tidak ada berkas yang ditulis" in r.stdout
    assert {p: p.read_bytes() for p in (kaltim / "outputs").rglob("*") if p.is_file()} == before


def test_dry_run_of_a_project_never_built_leaves_no_trace(project):
    r = _cli(project, "--dry-run", "--format", "docx")
    assert r.exit_code == 0, r.output
    assert not (project / "outputs").exists()


def test_quiet_prints_nothing_and_verbose_lists_every_file(kaltim):
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    r = _cli(kaltim, "--quiet")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema: Diperbarui —", "tema: Lagi —")
    r = _cli(kaltim, "--verbose")
    assert r.exit_code == 0
    assert f"ditulis: outputs/{RAKOR}/notulen-{RAKOR}.pdf" in r.stdout.replace(str(kaltim) + "/", "")
    assert "1 dibuat ulang, 2 sudah mutakhir" in r.stdout


def test_no_op_output_is_one_summary_line(kaltim):
    r = _cli(kaltim)
    assert r.exit_code == 0
    assert r.stdout.strip().count("\n") == 0 and "0 berkas ditulis" in r.stdout and "3 sudah mutakhir" in r.stdout


def test_progress_bar_on_a_terminal(kaltim):
    import io

    from rapatgen.build.ui import BuildOutput

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    out = BuildOutput(stream=screen)
    report = run_build(load_project(kaltim), as_of=PER, log=out.log, warn=out.warn,
                       progress=out.progress, workers=1)
    assert out.finish(report) == 0
    assert "Membuat dokumen" in screen.getvalue() and "3/3" in screen.getvalue()


def test_many_skip_notices_become_one_line(capsys):
    from rapatgen.build.units import Report
    from rapatgen.build.ui import BuildOutput

    out = BuildOutput()
    for i in range(40):
        out.log(f"rapat-{i}: rencana-aksi dilewati — rapat ini tidak memuat rencana_aksi")
    report = Report(skipped=["x"] * 40, meetings=40, composed=40)
    assert out.finish(report) == 0
    printed = capsys.readouterr().out
    assert "40 dokumen dilewati karena datanya belum ada (rinciannya: --verbose)." in printed
    assert "rapat-3:" not in printed and printed.count("\n") == 2


# --- nothing to do, decided before anything is parsed (rapatgen.files.cache) -----------------------

NARROW_CLI = ["--format", "docx", "--only", "notulen", "--only", "tindak-lanjut"]


@pytest.fixture
def loads(monkeypatch):
    """How many times the project was loaded (parsed and validated)."""
    import rapatgen.check.project as project_module

    seen = []
    real = project_module.load_project

    def counting(*args, **kwargs):
        seen.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(project_module, "load_project", counting)
    return seen


def test_a_no_op_build_parses_nothing(kaltim, loads, calls):
    assert _cli(kaltim, *NARROW_CLI).exit_code == 0 and len(loads) == 1
    r = _cli(kaltim, *NARROW_CLI)
    assert r.exit_code == 0, r.output
    assert len(loads) == 1 and calls["compose"] == [] and calls["render"] == []  # not even loaded
    assert "0 berkas ditulis" in r.stdout and "3 sudah mutakhir" in r.stdout and r.stdout.count("\n") == 1
    assert _cli(kaltim, *NARROW_CLI, "--per", "2025-01-16").exit_code == 0 and len(loads) == 2  # another date
    assert _cli(kaltim, *NARROW_CLI, "--paksa-ulang").exit_code == 0 and len(loads) == 3


def _stamp_matches(root: Path) -> bool:
    import os

    from rapatgen.build.stamp import BuildStamp, build_options

    here = os.getcwd()
    return BuildStamp(root, build_options([], "docx", ["notulen", "tindak-lanjut"], PER)) \
        .nothing_to_do() is not None and os.getcwd() == here


@pytest.mark.parametrize("change", [
    "agendas/2024-09-27-fgd-rpkd-kaltim.yaml", "direktori.yaml", "rapatgen.yaml", "program/2024.yaml",
    "logo/logo-contoh-provinsi.png", "buku-agenda-surat-keluar.csv", "templates/teks/notulen_penutup.j2",
    "agendas/baru.yaml", f"outputs/{RAKOR}/notulen-{RAKOR}.docx", "outputs/.rapatgen-build.json"])
def test_any_input_that_matters_spoils_the_no_op(kaltim, change):
    assert _cli(kaltim, *NARROW_CLI).exit_code == 0
    assert _stamp_matches(kaltim)
    path = kaltim / change
    if change.startswith("outputs/") and change.endswith(".docx"):  # an output gone: made again
        path.rename(path.with_suffix(".bak"))
        assert not _stamp_matches(kaltim)
        path.with_suffix(".bak").rename(path)
    elif change.endswith(".json"):  # another build wrote since (e.g. of one meeting)
        path.write_bytes(path.read_bytes())
        assert not _stamp_matches(kaltim)
    elif path.exists():
        before = path.read_bytes()
        path.write_bytes(before + b"\n# ubah\n")
        assert not _stamp_matches(kaltim)
        path.write_bytes(before)  # the same bytes again: the same inputs, nothing to do
        assert _stamp_matches(kaltim)
    else:  # a new file where the build reads
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n", encoding="utf-8")
        assert not _stamp_matches(kaltim)


def test_a_changed_tool_spoils_the_no_op(kaltim, monkeypatch):
    from rapatgen.files import cache as buildcache

    assert _cli(kaltim, *NARROW_CLI).exit_code == 0 and _stamp_matches(kaltim)
    monkeypatch.setattr(buildcache, "tool_digest", lambda: "another version")
    assert not _stamp_matches(kaltim)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign"])
def test_a_corrupt_or_foreign_cache_is_ignored_silently(kaltim, loads, damage):
    import hashlib
    import hmac

    assert _cli(kaltim, *NARROW_CLI).exit_code == 0
    cache = kaltim / ".rapatgen" / "cache"
    files = [cache / "build.bin", *sorted((cache / "rapat").glob("*.bin"))]
    assert len(files) == 4  # the stamp and the three meetings
    for path in files:
        blob = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x80\x04garbage" * 10)
        elif damage == "truncated":
            path.write_bytes(blob[: len(blob) // 2])
        else:  # a cache signed by someone else's key: never unpickled
            path.write_bytes(blob[:4] + hmac.new(b"k" * 32, blob[36:], hashlib.sha256).digest() + blob[36:])
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    r = _cli(kaltim, *NARROW_CLI)
    assert r.exit_code == 0 and r.stderr == "" and "1 dibuat ulang" in r.stdout, r.output
    assert len(loads) == 2
    assert _stamp_matches(kaltim)  # and made again


def test_without_a_cache_folder_the_build_still_works(kaltim, monkeypatch, loads):
    from rapatgen.files import cache as buildcache

    blocker = kaltim / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the user's cache cannot be made
    monkeypatch.setattr(buildcache, "_KEY", False)
    for _ in range(2):
        r = _cli(kaltim, *NARROW_CLI)
        assert r.exit_code == 0 and "3 sudah mutakhir" in r.stdout, r.output
    assert len(loads) == 2  # no stamp: read every time


def test_validated_meetings_are_reused_and_a_changed_file_is_read_again(kaltim, monkeypatch):
    from rapatgen.text.errors import InvalidInput
    from rapatgen.load import yamlfile

    parsed = []
    real = yamlfile.parse_text

    def counting(text, path, *args, **kwargs):
        parsed.append(Path(path).name)
        return real(text, path, *args, **kwargs)
    monkeypatch.setattr(yamlfile, "parse_text", counting)
    first = load_project(kaltim)
    parsed.clear()
    again = load_project(kaltim)
    assert not [n for n in parsed if n.startswith("2024-")]  # no meeting file parsed again
    assert [mf.model for mf in again.meetings] == [mf.model for mf in first.meetings]
    assert [mf.digest for mf in again.meetings] == [mf.digest for mf in first.meetings]
    rakor = kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
    replace_in(rakor, "tema:", "tema: Diperbarui —")
    parsed.clear()
    assert load_project(kaltim).meeting(RAKOR).model.tema.startswith("Diperbarui")
    assert [n for n in parsed if n.startswith("2024-")] == [rakor.name]
    replace_in(rakor, "zona_waktu: WITA", "zona_waktu: WITX")  # a problem: reported every time, never cached
    for _ in range(2):
        with pytest.raises(InvalidInput, match="WITX"):
            load_project(kaltim)


def test_a_cached_meeting_keeps_its_warnings(kaltim):
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema: ", "tema: 会议 ")
    for _ in range(2):  # parsed, then from the cache: the same warning at the same place
        notices = [str(n) for n in load_project(kaltim).notices]
        assert len(notices) == 1 and "2024-12-19-rakor-tkpk-kaltim.yaml:7:7:" in notices[0], notices


def test_moving_a_linked_meeting_remakes_the_programmes_that_show_its_days(built_kaltim, kaltim, calls):
    def edit(path):
        replace_in(path, "  - tanggal: 2024-09-27", "  - tanggal: 2024-09-26")
    made = _made_after(built_kaltim, kaltim, edit)
    assert {"jadwal-rapat-2024.docx", "jadwal-rapat-2024.pdf"} <= made  # the programme links the FGD
    assert {f"{RAKOR}/notulen-{RAKOR}.pdf"} <= made  # the rakor reviews that programme (and carries its items)


def test_cache_temp_file_of_a_killed_writer_is_swept(tmp_path):
    """A process killed while writing a cache file leaves `.<name>.<pid>.tmp`; the next writer removes it."""
    import subprocess
    import sys

    from rapatgen.files import cache as buildcache

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "cache"
    folder.mkdir()
    left = folder / f".abc.bin.{dead.pid}.tmp"
    left.write_bytes(b"half")
    mine = folder / f".def.bin.{os.getpid()}.tmp"
    mine.write_bytes(b"in progress")
    if not buildcache.write_signed(folder / "new.bin", b"payload"):
        pytest.skip("tidak ada folder cache pengguna (kunci cache tidak dapat dibuat)")
    assert not left.exists()
    assert mine.exists()  # a live writer's temp file is left alone


def test_a_changed_meeting_s_charts_come_from_the_chart_cache(kaltim, calls, monkeypatch):
    """The rakor's notulen made again after its theme changed: its chart is read, not drawn."""
    from rapatgen.documents import grafik

    assert list((kaltim / ".rapatgen" / "cache" / "grafik").glob("*.bin"))  # left by the first build
    drawn = []
    monkeypatch.setattr(grafik, "_draw", lambda ind: drawn.append(ind) or b"")
    grafik._DRAWN.clear()
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    assert (RAKOR, "notulen") in calls["compose"] and drawn == []
    assert f"notulen-{RAKOR}.pdf" in {p.name for p in report.written}


@pytest.mark.slow
def test_the_pool_checks_the_carry_over_sections_too(built_kaltim, kaltim, monkeypatch):
    """The later notulen whose team changed are checked in the worker processes: same outcome as one process."""
    monkeypatch.setattr(workers, "PARALLEL_MIN_MEETINGS", 1)
    fgd = kaltim / "agendas/2024-09-27-fgd-rpkd-kaltim.yaml"

    def made(edit_from, edit_to):
        replace_in(fgd, edit_from, edit_to)
        report = run_build(load_project(kaltim), as_of=PER, log=lambda _: None, workers=2)
        assert not report.failed
        return {p.relative_to(kaltim / "outputs").as_posix() for p in report.made if p.parent.name != FGD}

    assert made("isi: Setiap perangkat daerah", "isi: Setiap perangkat daerah (diperbarui)") == TRACKER_FILES
    assert made("isi: Disperkim memetakan", "isi: Disperkim (diperbarui) memetakan") == LATER_NOTULEN | TRACKER_FILES
    again = run_build(load_project(kaltim), as_of=PER, log=lambda _: None, workers=2)
    assert again.made == [] and again.composed == 0


def test_the_build_keeps_the_loaded_meetings_out_of_full_collections_and_gives_them_back(kaltim, monkeypatch):
    import gc

    from rapatgen.build import manifest as write

    frozen = []
    real = write.BuildManifest.__init__

    def reading(self, *args, **kwargs):
        frozen.append(gc.get_freeze_count())
        real(self, *args, **kwargs)
    monkeypatch.setattr(write.BuildManifest, "__init__", reading)
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    assert _build(kaltim).composed == 1
    assert frozen and frozen[0] > 0  # the manifest is read with the meetings frozen
    assert gc.get_freeze_count() == 0  # and nothing stays frozen after the build


def test_files_left_as_they_were_stay_text_in_the_report(kaltim):
    """A build after one change counts the thousands of files it left alone without making a Path of each
    (the report's `unchanged` reads them as Paths only when asked): one file written identical made all
    of them Paths (≈ 0.1 s at 500 meetings)."""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    identical = [p for p in report.made if p not in report.written]
    assert identical  # some of the remade files came out the same bytes
    assert report._unchanged == [] and all(isinstance(p, str) for p in report._unchanged_later)
    assert set(identical) <= set(report.unchanged) and all(isinstance(p, Path) for p in report.unchanged)
