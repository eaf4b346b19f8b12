"""Incremental build: nothing changed → nothing composed or rendered; one change → exactly its dependents."""

from __future__ import annotations

from datetime import date
import pytest
from click.testing import CliRunner

from rapatgen import build as build_module
from rapatgen.build import build as run_build
from rapatgen.cli import main
from rapatgen.project import load_project
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
    tracker = build_module.tracker_files

    def tracking(*args, **kwargs):
        seen["tracker"] += 1
        return tracker(*args, **kwargs)
    monkeypatch.setattr(build_module, "tracker_files", tracking)

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


def test_changing_the_last_meeting_rebuilds_only_it_and_the_tracker(kaltim, calls):
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    assert set(_composed(calls)) == {RAKOR}
    assert calls["tracker"] == 1
    assert {p.parent.name for p in report.written} <= {RAKOR, "outputs"}


def test_changing_an_earlier_meeting_rebuilds_the_later_carry_over_sections(built_kaltim, kaltim, calls):
    out = kaltim / "outputs"
    fgd_files = {p.relative_to(built_kaltim.outputs()).as_posix() for p in built_kaltim.report.made
                 if p.parent.name == FGD}
    replace_in(kaltim / "agendas/2024-09-27-fgd-rpkd-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    made = {p.relative_to(out).as_posix() for p in report.made}
    assert {p for p in made if p.startswith(f"{FGD}/")} == fgd_files  # all of the changed meeting
    assert made - fgd_files == {f"{KONSOLIDASI}/notulen-{KONSOLIDASI}.docx", f"{KONSOLIDASI}/notulen-{KONSOLIDASI}.pdf",
                          f"{RAKOR}/notulen-{RAKOR}.docx", f"{RAKOR}/notulen-{RAKOR}.pdf",
                          f"{KONSOLIDASI}/berkas-{KONSOLIDASI}.pdf", f"{RAKOR}/berkas-{RAKOR}.pdf",  # hold the notulen
                          "matriks-tindak-lanjut.docx", "matriks-tindak-lanjut.pdf", "matriks-tindak-lanjut.xlsx",
                          "jadwal-rapat-2024.docx", "jadwal-rapat-2024.pdf"}  # the programme links the FGD
    assert calls["tracker"] == 1


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
    monkeypatch.setattr(build_module, "__version__", "99.0")
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

    from rapatgen.buildui import BuildOutput

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
    from rapatgen.build import Report
    from rapatgen.buildui import BuildOutput

    out = BuildOutput()
    for i in range(40):
        out.log(f"rapat-{i}: rencana-aksi dilewati — rapat ini tidak memuat rencana_aksi")
    report = Report(skipped=["x"] * 40, meetings=40, composed=40)
    assert out.finish(report) == 0
    printed = capsys.readouterr().out
    assert "40 dokumen dilewati karena datanya belum ada (rinciannya: --verbose)." in printed
    assert "rapat-3:" not in printed and printed.count("\n") == 2
