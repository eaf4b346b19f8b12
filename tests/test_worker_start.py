"""Issue 22.5 (d): the build's workers are forked from the build where that is safe.

A forked worker starts with the build's modules and the project's context in memory: no interpreter
start, no imports, nothing unpickled (≈ 0.4-0.5 s of CPU per worker). Safe only while the build
process has no other thread (Typst's native threads start with its first compile); the worker must
not keep the project lock, nor leave the measuring world's folder behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

LINUX = sys.platform.startswith("linux")


def _python(code: str, cwd: Path, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not LINUX, reason="fork only on Linux")
def test_fork_only_while_no_other_thread_runs(tmp_path):
    out = _python("""
        import threading
        from rapatgen.build.workers import _start_method
        print(_start_method())                       # a fresh build process: nothing but its own thread
        stop = threading.Event()
        t = threading.Thread(target=stop.wait); t.start()
        print(_start_method())                       # a Python thread (e.g. `watch`)
        stop.set(); t.join()
        from rapatgen.model.blocks import Document, PageSetup, Paragraph, Section, runs
        from rapatgen.render.pdf.document import render_pdf
        render_pdf(Document('notulen', 'x', [Section([Paragraph(runs('isi'))])],
                            PageSetup(215, 330, (2, 2, 2.5, 3), 'Arial', 12, 1.15)))
        print(_start_method())                       # Typst has run here: its threads
    """, tmp_path)
    assert out.split() == ["fork", "spawn", "spawn"]


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="fork only on Linux")
def test_forked_workers_import_nothing_and_write_what_one_process_writes(project, tmp_path):
    """A pool build in a fresh process: each worker has the build's modules already (none imported
    again: the module the build marked is the same object), and the ones its first meeting imports
    (imported once, before the fork); no measuring folder is left in the temp folder, and one process
    rebuilding everything writes the same bytes (every file unchanged)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    record = tmp_path / "pekerja.txt"
    out = _python(f"""
        import os, sys
        from datetime import date
        from pathlib import Path
        import rapatgen.build.workers as workers
        from rapatgen.build import compose
        from rapatgen.build.coordinator import build
        from rapatgen.check.project import load_project

        compose.MARK = os.getpid()            # set in the build process only
        real = workers._init_worker
        def init(ctx):
            with open({str(record)!r}, "a") as fh:
                fh.write(f"{{getattr(compose, 'MARK', None) == os.getppid()}} "
                         f"{{all(m in sys.modules for m in ('rapatgen.render.pdf.document', 'rapatgen.text.terbilang'))}}\\n")
            real(ctx)
        workers._init_worker = init
        workers.PARALLEL_MIN_MEETINGS = 1
        root = Path({str(project)!r})
        kinds = ["undangan", "daftar-hadir", "notulen"]
        pooled = build(load_project(root), only=kinds, formats=("pdf",), as_of=date(2025, 2, 15),
                       log=lambda _: None, workers=2)
        again = build(load_project(root), only=kinds, formats=("pdf",), as_of=date(2025, 2, 15),
                      log=lambda _: None, workers=1, force=True)
        print(len(pooled.written), len(again.written), len(again.unchanged))
    """, project, TMPDIR=str(temp))
    written, rewritten, unchanged = map(int, out.split())
    assert written >= 10 and rewritten == 0 and unchanged == written
    lines = record.read_text().splitlines()
    # two workers, forked from the build, which imported what each needs for its first meeting
    # (build/workers.PRELOAD): the PDF backend, num2words' Indonesian for the letters' numbers in words
    assert lines == ["True True"] * 2
    assert not list(temp.glob("rapatgen-ukur-*"))


@pytest.mark.skipif(not LINUX, reason="fork only on Linux")
def test_a_child_forked_under_the_project_lock_does_not_keep_it(tmp_path):
    """The build is killed (SIGKILL) while a forked child lives on: the next build takes the lock at once."""
    out = tmp_path / "outputs"
    child_file = tmp_path / "anak.pid"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, signal, time
        from rapatgen.files.atomic import project_lock
        with project_lock({str(out)!r}):
            pid = os.fork()
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            open({str(child_file)!r}, "w").write(str(pid))
            os.kill(os.getpid(), signal.SIGKILL)
    """)])
    holder.wait(timeout=60)
    child = int(child_file.read_text())
    try:
        from rapatgen.files.atomic import project_lock
        from rapatgen.text.errors import RapatgenError

        start = time.monotonic()
        try:
            with project_lock(out, timeout=2):
                taken = True
        except RapatgenError:
            taken = False
        assert taken and time.monotonic() - start < 2
    finally:
        os.kill(child, signal.SIGKILL)


def _gone(pid: int) -> bool:
    """The process has ended (gone, or a zombie nobody reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="the kernel's parent-death signal is Linux's")
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_end_when_the_build_is_killed_alone(project, tmp_path, method):
    """The build process alone is killed (SIGKILL to it, not to its process group, as a service manager or
    `kill PID` does) while its workers run: both workers end too, not left blocked for ever."""
    record = tmp_path / "pekerja.txt"
    script = tmp_path / "bangun.py"  # a file, not -c: a spawned worker imports it again to find `init`
    script.write_text(textwrap.dedent(f"""
        import os
        from datetime import date
        from pathlib import Path
        import rapatgen.build.workers as workers
        from rapatgen.build.coordinator import build
        from rapatgen.check.project import load_project

        real = workers._init_worker
        def init(ctx):
            with open({str(record)!r}, "a") as fh:
                fh.write(f"{{os.getpid()}}\\n")
            real(ctx)

        if __name__ == "__main__":
            workers._init_worker = init
            workers._start_method = lambda: {method!r}
            workers.PARALLEL_MIN_MEETINGS = 1
            build(load_project(Path({str(project)!r})), formats=("pdf", "docx"), as_of=date(2025, 2, 15),
                  log=lambda _: None, workers=2, force=True)
    """), encoding="utf-8")
    build_proc = subprocess.Popen([sys.executable, str(script)], cwd=project, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
    pids: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(pids) < 2 and build_proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            pids = [int(n) for n in record.read_text().split()] if record.exists() else []
        assert len(pids) == 2, build_proc.stderr.read().decode() if build_proc.poll() is not None else pids
        build_proc.kill()
        build_proc.wait(timeout=30)
        deadline = time.monotonic() + 30  # a bound on waiting, not a speed figure: they end at once or never
        while not all(_gone(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in pids if not _gone(p)] == []
    finally:
        build_proc.kill()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
