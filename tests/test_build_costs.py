"""What a build after one change costs, counted (never timed): system calls and work per unchanged file.

Issue 22.5: the one-shot `rapatgen build` after one change at 500 meetings must stay well under a
second outside rendering; these tests count the work that grows with the project.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from rapatgen.files import state


def test_real_paths_match_realpath(tmp_path):
    root = tmp_path / "proyek"
    (root / "outputs" / "a").mkdir(parents=True)
    (root / "dalam").mkdir()
    outside = tmp_path / "luar"
    outside.mkdir()
    (root / "outputs" / "ke-dalam").symlink_to(root / "dalam")
    (root / "outputs" / "ke-luar").symlink_to(outside)
    real = state._RealPaths()
    paths = [root, root / "outputs", root / "outputs" / "a", root / "outputs" / "tidak-ada",
             root / "outputs" / "tidak-ada" / "juga", root / "outputs" / "ke-dalam", root / "outputs" / "ke-dalam" / "x",
             root / "outputs" / "ke-luar", root / "outputs" / "ke-luar" / "y", root / "outputs" / ".." / "dalam"]
    for path in paths:
        assert real(path) == os.path.realpath(path), path
    for path in paths:  # remembered: the same answer again
        assert real(path) == os.path.realpath(path), path


def test_refuse_outside_one_lstat_per_folder(tmp_path, monkeypatch):
    """The build checks every meeting's folder: each is one lstat once its parent is known, not one per
    component of its path (500 folders took 5,000 lstat calls, ≈ 0.03 s)."""
    root = tmp_path / "proyek"
    out = root / "outputs"
    folders = [out / f"rapat-{i:03d}" for i in range(100)]
    for folder in folders[:50]:
        folder.mkdir(parents=True)
    calls = []
    real_lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda p, *a, **k: calls.append(p) or real_lstat(p, *a, **k))
    state.refuse_writes_outside(root, out, folders)
    assert len(calls) < 2 * len(folders)

    (tmp_path / "luar").mkdir()
    (out / "rapat-000").rmdir()
    (out / "rapat-000").symlink_to(tmp_path / "luar")
    try:
        state.refuse_writes_outside(root, out, folders)
    except state.OutsideProject as exc:
        assert "rapat-000" in str(exc) and "rapat-001" not in str(exc)
    else:
        raise AssertionError("a folder linked out of the project was not refused")


def test_journal_read_without_a_json_parse_per_line(tmp_path, monkeypatch):
    """The output journal is read on every build (a line per file written: 9,600 at 500 meetings); a path
    json.dumps wrote without escapes is taken as it is, the others (non-ASCII, quotes) parsed as JSON."""
    import json

    from rapatgen.build.manifest import Journal

    out = tmp_path / "outputs"
    out.mkdir()
    plain = [f"rapat-{i}/notulen-rapat-{i}.pdf" for i in range(200)]
    odd = ["rapat-é/notulen.pdf", 'rapat-"kutip"/a.pdf', "rapat\\miring/b.pdf"]
    journal = Journal(tmp_path, out)
    journal.intend_many([(rel, f"{i:064x}") for i, rel in enumerate(plain + odd)])
    with open(journal.path, "a", encoding="utf-8") as fh:
        fh.write(f"{'f' * 64} \"rapat-9/terpoton")  # a line cut short by a kill
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda s, *a, **k: parsed.append(s) or real_loads(s, *a, **k))
    again = Journal(tmp_path, out)
    assert again.latest == {rel: f"{i:064x}" for i, rel in enumerate(plain + odd)}
    assert again.lines == len(plain) + len(odd)
    assert len(parsed) <= len(odd) + 2  # the odd paths and the cut line (and the head), not one per line


def test_remove_temp_files_finds_them_at_any_depth(tmp_path):
    from rapatgen.files.atomic import remove_temp_files

    out = tmp_path / "outputs"
    (out / "rapat-1" / "srikandi").mkdir(parents=True)
    temps = [out / ".jadwal.pdf.x1y2.tmp", out / "rapat-1" / ".notulen.pdf.abc123.tmp",
             out / "rapat-1" / "srikandi" / ".surat.pdf.q.tmp"]
    kept = [out / "rapat-1" / "notulen.pdf", out / "rapat-1" / ".hidden", out / "rapat-1" / "a.tmp",
            out / ".x.tmp"]  # not a temp file of write_atomic (`.<name>.<random>.tmp`)
    for path in temps + kept:
        path.write_bytes(b"x")
    (out / "rapat-1" / ".folder.pdf.abc.tmp").mkdir()  # a folder of that name is not removed
    elsewhere = tmp_path / "luar"
    elsewhere.mkdir()
    (elsewhere / ".a.pdf.b.tmp").write_bytes(b"x")
    (out / "tautan").symlink_to(elsewhere)  # never followed
    assert remove_temp_files(out) == len(temps)
    assert not any(p.exists() for p in temps) and all(p.exists() for p in kept)
    assert (out / "rapat-1" / ".folder.pdf.abc.tmp").is_dir() and (elsewhere / ".a.pdf.b.tmp").exists()


def test_worker_freezes_the_context_out_of_the_collector(tmp_path):
    """A worker keeps the project's context (every meeting) for its whole life: frozen out of the cyclic
    collector's passes (and of the pass at its exit) once it is set (issue 22.5 d)."""
    import gc
    from types import SimpleNamespace

    from rapatgen.build import workers

    ctx = SimpleNamespace(root=tmp_path, meetings=[{"rapat": i} for i in range(1000)])
    before, threshold = gc.get_freeze_count(), gc.get_threshold()
    try:
        workers._init_worker(ctx)
        assert gc.get_freeze_count() >= before + 1000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)  # this process is no worker
        workers._WORKER_CTX = None


def test_worker_collects_rarely(tmp_path):
    """Issue 22.5 (d): a worker's collector makes a young pass every 10,000 container allocations, not
    every 700: making 100,000 small containers (as a meeting's documents do) costs at most 10 passes."""
    import gc
    from types import SimpleNamespace

    from rapatgen.build import workers

    passes = []
    threshold = gc.get_threshold()

    def count(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    try:
        workers._init_worker(SimpleNamespace(root=tmp_path, meetings=[]))
        gc.collect()
        gc.callbacks.append(count)
        kept = [[i] for i in range(100_000)]
        gc.callbacks.remove(count)
        assert len(kept) == 100_000 and len(passes) <= 10 and 2 not in passes, passes
    finally:
        if count in gc.callbacks:
            gc.callbacks.remove(count)
        gc.unfreeze()
        gc.set_threshold(*threshold)
        workers._WORKER_CTX = None


def test_one_shot_build_freezes_its_objects_at_exit(tmp_path, monkeypatch):
    """`rapatgen build` (not --pantau) has what it read and made frozen out of the collector at exit (atexit,
    before the interpreter's last pass, which walked every meeting once more: 0.15-0.2 s of CPU at 500
    meetings); the process itself, while it runs, is left as it was."""
    import atexit
    import gc

    from click.testing import CliRunner

    from rapatgen import cli
    from tests.conftest import bare_project, uji_meeting, write_meeting

    registered = []
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn))
    monkeypatch.setattr(cli, "_FREEZE_REGISTERED", False)
    root = bare_project(tmp_path / "proyek")
    write_meeting(root, uji_meeting())
    result = CliRunner().invoke(cli.main, ["build", "--per", "2025-01-01", "--format", "docx", "--proyek", str(root)])
    assert result.exit_code == 0, result.output
    assert registered.count(gc.freeze) == 1
    assert gc.get_freeze_count() == 0  # nothing frozen in a process that goes on


def test_followup_hashes_kept_from_the_last_build(built_kaltim, tmp_path):
    """What later notulen and the tracker can show of each meeting is hashed from its model once, then kept
    by what the model is made from: after one meeting changed, only that one is serialised again."""
    from rapatgen.build.coordinator import build as run_build
    from rapatgen.check.project import load_project
    from rapatgen.model.meeting import Rapat
    from tests.conftest import EXAMPLE_PER, built_copy, replace_in

    PER = date.fromisoformat(EXAMPLE_PER)
    root = built_copy(built_kaltim, tmp_path / "kaltim")
    serialised = []
    real = Rapat.model_dump_json

    def counting(self, *args, **kwargs):
        serialised.append(self.id)
        return real(self, *args, **kwargs)

    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Rapat, "model_dump_json", counting)
        run_build(load_project(root), as_of=PER, log=lambda _: None, workers=1)  # the hashes kept
        serialised.clear()
        replace_in(root / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
        report = run_build(load_project(root), as_of=PER, log=lambda _: None, workers=1)
    assert report.composed == 1
    assert len(serialised) <= 1  # the changed meeting (every one of the project without the kept hashes)


@pytest.mark.slow
def test_a_forced_rebuild_hashes_each_unchanged_file_once(tmp_path, monkeypatch):
    """Issue 22.5 (d): `build --paksa-ulang` makes every file again and finds it unchanged; its hash, taken
    once to enter it in the journal, is the one recorded (the manifest hashed each file a second time)."""
    from click.testing import CliRunner

    import rapatgen.build.manifest as manifest
    import rapatgen.build.writer as writer
    from rapatgen.cli import main
    from tests.conftest import copy_root_project

    root = copy_root_project(tmp_path / "proyek")
    keep = sorted((root / "agendas").glob("*.yaml"))[0]
    for path in (root / "agendas").glob("*.yaml"):
        if path != keep:
            path.unlink()
    args = ["build", "--per", "2025-01-01", "--format", "pdf", "--proyek", str(root)]
    assert CliRunner().invoke(main, args).exit_code == 0
    hashed = []
    for module in (manifest, writer):
        real = module.sha256
        monkeypatch.setattr(module, "sha256", lambda data, real=real: hashed.append(len(data)) or real(data))
    r = CliRunner().invoke(main, [*args, "--paksa-ulang"])
    assert r.exit_code == 0, r.output
    files = [p for p in (root / "outputs").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(files) >= 5 and "0 berkas ditulis" in r.output
    assert len(hashed) <= len(files), (len(hashed), len(files))


def test_manifest_names_a_file_as_pathlib_does(tmp_path):
    """BuildManifest.rel takes the text after the output folder (it is called for every file written and
    recorded); a path pathlib would read otherwise is left to pathlib."""
    from pathlib import Path

    from rapatgen.build.manifest import BuildManifest

    out = tmp_path / "outputs"
    out.mkdir()
    m = BuildManifest(out, state_root=tmp_path)
    for target in [out / "a" / "b.pdf", out / "a" / ".b.pdf", out / "kalender" / "x.ics", out / "x.html",
                   Path(f"{out}/a//b.pdf"), Path(f"{out}/a/./b.pdf"), f"{out}/a/b.pdf", f"{out}//a/b.pdf"]:
        assert m.rel(target) == Path(target).relative_to(out).as_posix(), target


def test_pdf_rendering_imports_no_word_backend():
    """Issue 22.5 (d): a worker of a PDF-only build imports what rendering a PDF needs — not the Word
    backend and python-docx (≈ 0.15 s of CPU in every worker process)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from rapatgen.build.compose import make_meeting\n"
            "from rapatgen.build.units import _renderers\n"
            "from rapatgen.model.blocks import Document, PageSetup, Paragraph, Section, runs\n"
            "doc = Document('notulen', 'x', [Section([Paragraph(runs('isi'))])], "
            "PageSetup(215, 330, (2, 2, 2.5, 3), 'Arial', 12, 1.15))\n"
            "assert _renderers()['pdf'](doc).startswith(b'%PDF')\n"
            "print(sorted(m for m in sys.modules if m == 'docx' or m.startswith('rapatgen.render.docx')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
