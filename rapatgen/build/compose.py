"""A meeting's documents composed and rendered (and the project-wide tasks), in whichever process runs them."""

from __future__ import annotations

from typing import Callable

from rapatgen.build import tracker
from rapatgen.build.inputs import Inputs, _effective, carry_over_shown
from rapatgen.build.units import (
    BUNDLE,
    Job,
    Made,
    RenderFailed,
    Task,
    _renderers,
    file_name,
)
from rapatgen.documents.berita_acara import compose_berita_acara_all
from rapatgen.documents.daftar_hadir import compose_daftar_hadir
from rapatgen.documents.frame import Skip
from rapatgen.documents.notulen import compose_notulen
from rapatgen.documents.rencana_aksi import compose_rencana_aksi
from rapatgen.documents.tindak_lanjut import compose_tindak_lanjut
from rapatgen.documents.undangan import compose_undangan
from rapatgen.model.blocks import Document
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context
from rapatgen.text.errors import RapatgenError


def _single(fn) -> Callable[[Context, Rapat], list[tuple[str, Document]]]:
    return lambda ctx, m: [("", fn(ctx, m))]


def _stamped(fn) -> Callable[[Context, Rapat], list[tuple[str, Document]]]:
    """Documents with their metadata (the issuing unit and the document's own date), a short one
    fitted on the page of its kop and title, blank attendance rows counted to fill their page
    (render.pdf.fit: the same page in the PDF and the Word file)."""
    from rapatgen.documents.frame import stamp

    def compose(ctx: Context, m: Rapat) -> list[tuple[str, Document]]:
        from rapatgen.render.pdf.fit import fill_blank_rows, fit_on_one_page  # the render stack only when composing

        return [(suffix, fit_on_one_page(fill_blank_rows(stamp(ctx, m, doc)))) for suffix, doc in fn(ctx, m)]

    return compose


DOCUMENTS: dict[str, Callable[[Context, Rapat], list[tuple[str, Document]]]] = {
    "undangan": _stamped(lambda ctx, m: [(l.suffix, l.document) for l in compose_undangan(ctx, m)]),
    "daftar-hadir": _stamped(_single(compose_daftar_hadir)),
    "notulen": _stamped(_single(compose_notulen)),
    "berita-acara": _stamped(compose_berita_acara_all),
    "rencana-aksi": _stamped(_single(compose_rencana_aksi)),
    "tindak-lanjut": _stamped(_single(compose_tindak_lanjut)),
}


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


def make_meeting(ctx: Context, job: Job) -> Made:
    m = job.meeting
    made = Made([], {})
    docs = []
    if job.calendar is not None:  # the meeting's calendar, made where its documents are (a worker)
        from rapatgen.build.calendar import SequenceState, meeting_calendars

        state = SequenceState.of(job.calendar)
        made.calendars = meeting_calendars(ctx, m, state)
        made.sequence = state.used_entries()
    sections = {}
    for kind, recorded in job.check.items():  # only earlier meetings of the team changed: does it show them?
        made.shown[kind], sections[kind] = carry_over_shown(ctx, m)
        if _effective(job.quick[kind]["kepala"], made.shown[kind]) == recorded:
            made.same = True
            return made
    if "notulen" in job.compose and any(ind.perlu_grafik() for ind in m.indikator):
        from rapatgen.build.charts import ChartCache

        charts = ChartCache(ctx.root)  # a chart drawn before is read, not drawn (nor matplotlib imported)
        for ind in m.indikator:
            if ind.perlu_grafik():
                charts.png(ind)
    for kind in job.compose:
        if kind in Inputs.READS_OTHER_MEETINGS:  # worked out once: its hash for the record, the section for compose
            if kind not in sections:
                made.shown[kind], sections[kind] = carry_over_shown(ctx, m)
            ctx.__dict__.setdefault("carry_over", {})[m.id] = sections[kind]
        try:
            docs += [(kind, suffix, doc) for suffix, doc in DOCUMENTS[kind](ctx, m)]
        except Skip as reason:
            made.skipped[kind] = f"{m.id}: {kind} dilewati — {reason}"
        finally:
            ctx.__dict__.get("carry_over", {}).pop(m.id, None)
    renderers = _renderers() if job.render or job.bundle else {}
    pdfs: list[bytes | None] = [None] * len(docs)  # the bundle is made from the single PDFs
    for i, (kind, suffix, doc) in enumerate(docs):
        if kind not in job.render:
            continue
        for fmt in job.formats:
            name = file_name(kind, m.id, suffix, fmt)
            try:
                made.files.append((kind, fmt, name, renderers[fmt](doc)))
                made.rendered += 1
                if fmt == "pdf":
                    pdfs[i] = made.files[-1][3]
            except RapatgenError:  # already a clean message (e.g. the shipped fonts are missing)
                raise
            except Exception as exc:  # a clean line for the user, never a traceback
                raise RenderFailed(f"{name} tidak dapat dibuat: {exc}. Tidak ada berkas rapat {m.id} yang ditulis; "
                                   "periksa isian rapat ini, dan laporkan ke pengelola rapatgen bila berulang") from None
    if job.bundle and docs:  # the archival bundle needs every document
        from rapatgen.render.pdf.bundle import bundle_name, render_bundle

        try:
            made.files.append((BUNDLE, "pdf", bundle_name(m.id), render_bundle(f"Berkas {m.judul}", docs, pdfs)))
            made.rendered += 1
        except Exception as exc:
            raise RenderFailed(f"{bundle_name(m.id)} tidak dapat dibuat: {exc}. Tidak ada berkas rapat {m.id} "
                               "yang ditulis; laporkan ke pengelola rapatgen bila berulang") from None
    return made


def render_meeting(ctx: Context, m: Rapat, formats, only) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(file name, bytes) for every document of one meeting, and skip reasons (no manifest involved)."""
    kinds = [k for k in DOCUMENTS if not only or k in only]
    made = make_meeting(ctx, Job(m, tuple(formats), kinds, kinds, "pdf" in formats and not only))
    return [(name, data) for _, _, name, data in made.files], list(made.skipped.values())


def make_task(ctx: Context, task: Task) -> list[tuple[str, bytes]]:
    """(file name, bytes) of a project-wide output."""
    if task.name == "tracker":
        formats, with_xlsx = task.arg
        return tracker.tracker_files(ctx, ctx.meetings, formats, with_xlsx=with_xlsx)
    if task.name == "feeds":
        from rapatgen.build.calendar import deadline_feeds
        from rapatgen.resolve.followups import collect

        return deadline_feeds(ctx, collect(ctx.meetings, ctx.today, ctx.directory, ctx.team), ctx.today, cache_root=ctx.root,
                              keep=task.arg[0] if task.arg else ())
    if task.name == "jadwal":
        from rapatgen.documents.jadwal import compose_jadwal

        year, formats = task.arg
        prog = next(p for p in ctx.programmes if p.tahun == year)
        doc = compose_jadwal(ctx, prog, ctx.today)
        return [(f"jadwal-rapat-{year}.{fmt}", _renderers()[fmt](doc)) for fmt in formats]
    raise ValueError(task.name)
