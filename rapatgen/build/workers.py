"""The worker pool: every core for 8+ units, the longest project-wide task first."""

from __future__ import annotations

import os

from rapatgen.build.compose import make_meeting, make_task
from rapatgen.build.units import Job, Task
from rapatgen.resolve.context import Context
from rapatgen.text.templating import use_project

PARALLEL_MIN_MEETINGS = 8  # below this, starting worker processes costs more than it saves
# a worker's collector: a young pass every 10,000 container allocations, not Python's 700 (below)
WORKER_GC_THRESHOLD = (10_000, 10, 10)
_WORKER_CTX: Context | None = None


def _init_worker(ctx: Context) -> None:
    """The project's context (every meeting, the config, the directory), unpickled when the worker starts,
    lasts as long as the worker: frozen out of the collector's passes (`gc.freeze`) with the modules. Each
    full pass walked it again while the documents were made, and once more when the worker ended: in a
    PDF-only build of 60 meetings the collector took ≈ 5 % of the workers' CPU.

    A worker makes documents: many small containers, nearly all dropped with the document, few
    cycles. Python's young pass every 700 allocations (and a full pass every 100 young ones) took
    ≈ 1 % of a PDF-only build's CPU, most of it walking objects alive anyway (WORKER_GC_THRESHOLD:
    ≈ 30 times fewer passes, a third of that time; the peak memory the same at 50 meetings)."""
    import gc

    global _WORKER_CTX
    _end_with_the_build()
    _WORKER_CTX = ctx
    use_project(ctx.root)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def _end_with_the_build() -> None:
    """A worker ends when the build that started it ends, however it ended (Linux: the kernel sends the
    worker SIGKILL as its parent goes, `PR_SET_PDEATHSIG`). Without it, a build killed on its own (not with
    its process group, as a terminal's Ctrl-C does) left its workers running for ever: one blocked writing
    a result nobody reads, the other waiting for it, each holding its memory. A worker writes nothing the
    next build cannot clean up: its temporary files are removed under the project lock."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import multiprocessing
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the build ended before the line above
        os._exit(1)


def _start_method() -> str:
    """How the pool starts its workers: "fork" where that is safe, else "spawn".

    A forked worker begins with the coordinator's modules and the project's context already in
    memory: no interpreter start, no imports and no unpickled context (≈ 0.4-0.5 s of CPU per
    worker in a PDF-only build, ≈ 3 % of its CPU at 100 meetings). A fork copies only the thread
    that forks: it is safe while this process has no other thread — none of Python's, and none of
    a native library's, such as Typst's (its threads start with its first compile, and a build
    in-process before, or `rapatgen watch`, may have run it). Linux only (where /proc counts the
    threads); elsewhere, and with any other thread, a worker is spawned fresh as before."""
    import sys
    import threading

    if not sys.platform.startswith("linux") or "typst" in sys.modules or threading.active_count() != 1:
        return "spawn"
    return "fork" if _one_thread() else "spawn"


def _one_thread() -> bool:
    """This process runs one thread, native ones counted (Linux: /proc/self/task)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


# What a worker imports for its first meeting, by what the meeting needs (each imported when first
# used, not with the module that uses it): imported once in the build process before a fork, not
# once in each worker (≈ 0.15 s of CPU per worker in a PDF-only build). Only imports: no thread starts.
PRELOAD = {
    "compose": ("rapatgen.render.pdf.fit", "PIL.ImageFont", "rapatgen.text.terbilang", "babel.dates", "babel.numbers"),
    "pdf": ("rapatgen.render.pdf.document",),
    "docx": ("rapatgen.render.docx.document",),
    "bundle": ("rapatgen.render.pdf.bundle", "pikepdf", "lxml.etree"),
    "calendar": ("rapatgen.build.calendar",),
}


def _preload(jobs: list[Job]) -> None:
    """Import, in the build process about to fork its workers, what each of them would import for its
    first meeting (PRELOAD): once here instead of once per worker."""
    from importlib import import_module

    needs = set()
    for job in jobs:
        needs.update(("compose",) if job.compose else ())
        needs.update(job.formats if job.render else ())
        needs.update(("bundle",) if job.bundle else ())
        needs.update(("calendar",) if job.calendar is not None else ())
    for need in sorted(needs):
        for name in PRELOAD.get(need, ()):
            import_module(name)


def _make_in_worker(item: "Job | Task"):
    return make_task(_WORKER_CTX, item) if isinstance(item, Task) else make_meeting(_WORKER_CTX, item)


def _made(ctx: Context, jobs: list[Job], tasks: list[Task], workers: int | None):
    """Yield (job or task, what it made) as each is done; uses every core for larger builds.

    In the pool the project-wide outputs start first, the longest first (the tracker), so they
    overlap the meetings instead of following them; the coordinator only writes what comes back.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) + len(tasks) >= PARALLEL_MIN_MEETINGS:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # fork only while no thread runs (Typst keeps native threads that a fork would copy half-way)
        method = _start_method()
        if method == "fork":
            _preload(jobs)
            method = "fork" if _one_thread() else "spawn"  # an import that started a thread: spawn after all
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_init_worker, initargs=(ctx,))
        try:
            order = [*sorted(tasks, key=lambda t: -t.weight), *jobs]
            futures = {pool.submit(_make_in_worker, item): item for item in order}
            for future in as_completed(futures):
                # dropped as soon as it is written: a kept future holds its files' bytes, and the
                # coordinator grew by ≈ 1 MiB per meeting (500 meetings: 509 MiB, tree peak 1 GB)
                item = futures.pop(future)
                yield item, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # a failed meeting: nothing more is started
        return
    for job in jobs:
        yield job, make_meeting(ctx, job)
    for task in tasks:
        yield task, make_task(ctx, task)
