"""`rapatgen build`: compose every document of every meeting, render, write atomically.

Everything is rendered in memory first; files are then written by temp file + rename.
A manifest records the hash of each file written, so a file that staff edited by hand
since the last build is reported and left alone unless the user asks to overwrite it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from rapatgen.documents.berita_acara import compose_berita_acara
from rapatgen.documents.blocks import Document
from rapatgen.documents.daftar_hadir import compose_daftar_hadir
from rapatgen.documents.frame import Skip
from rapatgen.documents.notulen import compose_notulen
from rapatgen.documents.rencana_aksi import compose_rencana_aksi
from rapatgen.documents.tindak_lanjut import compose_tindak_lanjut
from rapatgen.documents.undangan import compose_undangan
from rapatgen.errors import RapatgenError, display_path
from rapatgen.model.meeting import Rapat
from rapatgen.project import Project
from rapatgen.render import RENDERERS
from rapatgen.resolve import Context
from rapatgen.templating import use_project
from rapatgen.write import write_atomic

MANIFEST = ".rapatgen-manifest.json"
FORMATS = ("docx", "pdf")


class RenderFailed(RapatgenError):
    """A document could not be rendered; nothing of that meeting is written."""


def _single(fn) -> Callable[[Context, Rapat], list[tuple[str, Document]]]:
    return lambda ctx, m: [("", fn(ctx, m))]


DOCUMENTS: dict[str, Callable[[Context, Rapat], list[tuple[str, Document]]]] = {
    "undangan": lambda ctx, m: [(l.suffix, l.document) for l in compose_undangan(ctx, m)],
    "daftar-hadir": _single(compose_daftar_hadir),
    "notulen": _single(compose_notulen),
    "berita-acara": _single(compose_berita_acara),
    "rencana-aksi": _single(compose_rencana_aksi),
    "tindak-lanjut": _single(compose_tindak_lanjut),
}


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # edited by hand, not overwritten
    skipped: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.written) + len(self.unchanged)


def file_name(kind: str, meeting_id: str, suffix: str, fmt: str) -> str:
    return f"{kind}-{meeting_id}" + (f"-{suffix}" if suffix else "") + f".{fmt}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Manifest:
    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        try:
            self.entries: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def edited_by_hand(self, target: Path) -> bool:
        """The file exists and differs from what rapatgen last wrote there."""
        if not target.exists():
            return False
        recorded = self.entries.get(target.name)
        return recorded is None or recorded != _digest(target.read_bytes())

    def record(self, target: Path, data: bytes) -> None:
        self.entries[target.name] = _digest(data)

    def save(self) -> None:
        write_atomic(self.path, (json.dumps(self.entries, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def compose_meeting(ctx: Context, m: Rapat, only: list[str] | None = None) -> tuple[list[tuple[str, str, Document]], list[str]]:
    """(kind, suffix, document) for each document of a meeting, and skip reasons."""
    docs, skipped = [], []
    for kind, compose in DOCUMENTS.items():
        if only and kind not in only:
            continue
        try:
            for suffix, doc in compose(ctx, m):
                docs.append((kind, suffix, doc))
        except Skip as reason:
            skipped.append(f"{m.id}: {kind} dilewati — {reason}")
    return docs, skipped


PARALLEL_MIN_MEETINGS = 8  # below this, starting worker processes costs more than it saves
_WORKER_CTX: Context | None = None


def render_meeting(ctx: Context, m: Rapat, formats, only) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(file name, bytes) for every document of one meeting, and skip reasons."""
    docs, skipped = compose_meeting(ctx, m, only)
    rendered = []
    for kind, suffix, doc in docs:
        for fmt in formats:
            name = file_name(kind, m.id, suffix, fmt)
            try:
                rendered.append((name, RENDERERS[fmt](doc)))
            except RapatgenError:  # already a clean message (e.g. the shipped fonts are missing)
                raise
            except Exception as exc:  # a clean line for the user, never a traceback
                raise RenderFailed(f"{name} tidak dapat dibuat: {exc}. Tidak ada berkas rapat {m.id} yang ditulis; "
                                   "periksa isian rapat ini, dan laporkan ke pengelola rapatgen bila berulang") from None
    if docs and "pdf" in formats and not only:  # the archival bundle needs every document
        from rapatgen.distribute.bundle import bundle_name, render_bundle

        try:
            rendered.append((bundle_name(m.id), render_bundle(f"Berkas {m.judul}", docs)))
        except Exception as exc:
            raise RenderFailed(f"{bundle_name(m.id)} tidak dapat dibuat: {exc}. Tidak ada berkas rapat {m.id} "
                               "yang ditulis; laporkan ke pengelola rapatgen bila berulang") from None
    return rendered, skipped


def _init_worker(ctx: Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx
    use_project(ctx.root)


def _render_job(args):
    m, formats, only = args
    return render_meeting(_WORKER_CTX, m, formats, only)


def _rendered_meetings(ctx: Context, meetings: list[Rapat], formats, only, workers: int | None):
    """Yield (meeting, rendered, skipped) in order; uses every core for larger builds."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(meetings) >= PARALLEL_MIN_MEETINGS:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: Typst keeps native threads that a fork would copy half-way
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init_worker, initargs=(ctx,)) as pool:
            jobs = ((m, formats, only) for m in meetings)
            for m, (rendered, skipped) in zip(meetings, pool.map(_render_job, jobs, chunksize=2)):
                yield m, rendered, skipped
        return
    for m in meetings:
        yield (m, *render_meeting(ctx, m, formats, only))


def build(project: Project, meeting_ids: list[str] | None = None, formats=FORMATS, only: list[str] | None = None,
          as_of: date | None = None, overwrite: bool = False, log=print, workers: int | None = None) -> Report:
    use_project(project.root)
    ctx = Context(project.config, project.directory, project.root, as_of or date.today(),
                  [mf.model for mf in project.meetings])
    report = Report()
    meetings = [mf.model for mf in project.meetings if not meeting_ids or mf.model.id in meeting_ids]
    for m, rendered, skipped in _rendered_meetings(ctx, meetings, formats, only, workers):
        report.skipped += skipped
        for line in skipped:
            log(line)
        _write_all(project.output_dir / m.id, rendered, overwrite, report, log)
        from rapatgen.distribute.bundle import SUMS_NAME, bundle_name, checksums

        folder = project.output_dir / m.id
        if any(name == bundle_name(m.id) for name, _ in rendered) or (folder / SUMS_NAME).exists():
            _write_all(folder, [(SUMS_NAME, checksums(folder))], True, report, log)  # archive list kept current
    if not meeting_ids and (not only or "tindak-lanjut" in only):
        rendered = tracker_files(ctx, [mf.model for mf in project.meetings], formats, with_xlsx=len(formats) > 1)
        if rendered:
            _write_all(project.output_dir, rendered, overwrite, report, log)
        else:
            report.skipped.append("matriks tindak lanjut proyek dilewati — belum ada butir dengan penanggung jawab")
            log(report.skipped[-1])
    return report


TRACKER_NAME = "matriks-tindak-lanjut"


def tracker_files(ctx: Context, meetings: list[Rapat], formats, with_xlsx: bool) -> list[tuple[str, bytes]]:
    """The project-wide follow-up tracker as (file name, bytes); empty when there is nothing to track."""
    from rapatgen.documents.tracker import compose_tracker
    from rapatgen.followup.items import collect
    from rapatgen.render.xlsx import render_tracker_xlsx

    items = collect(meetings, ctx.today, ctx.directory)
    if not items:
        return []
    doc = compose_tracker(ctx, items, ctx.today)
    files = [(f"{TRACKER_NAME}.{fmt}", RENDERERS[fmt](doc)) for fmt in formats]
    if with_xlsx:
        files.append((f"{TRACKER_NAME}.xlsx", render_tracker_xlsx(ctx, items, ctx.today)))
    return files


def _write_all(folder: Path, rendered: list[tuple[str, bytes]], overwrite: bool, report: Report, log) -> None:
    manifest = _Manifest(folder)
    for name, data in rendered:
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            report.unchanged.append(target)
            manifest.record(target, data)
            continue
        if not overwrite and manifest.edited_by_hand(target):
            report.kept.append(target)
            log(f"{display_path(target)} diubah manual sejak build terakhir — tidak ditimpa "
                "(pakai --timpa untuk menimpanya)")
            continue
        write_atomic(target, data)
        manifest.record(target, data)
        report.written.append(target)
    if rendered:
        manifest.save()
