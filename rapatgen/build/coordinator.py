"""`rapatgen build`: compose every document of every meeting, render, write atomically — incrementally.

A build records, per unit (one meeting's documents of one kind in one format, or the
project tracker), the hash of everything the unit is made from (see `Inputs`), and per
output file the hash of the bytes written. A rebuild skips a unit whose inputs are
unchanged **without composing or rendering it**; after one meeting changes, only its
documents and the ones that read it (the next meetings' carry-over section in notulen,
the project tracker) are made again. Files are written by temp file + rename under the
project lock, and a file staff edited by hand since the last build is never overwritten
silently: the new version goes beside it as `… (baru).<ext>` unless `--timpa`.
"""

from __future__ import annotations

import hashlib
import os
import time
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from rapatgen import __version__
from rapatgen.documents.berita_acara import compose_berita_acara
from rapatgen.model.blocks import Document
from rapatgen.documents.daftar_hadir import compose_daftar_hadir
from rapatgen.documents.frame import Skip
from rapatgen.documents.notulen import compose_notulen
from rapatgen.documents.rencana_aksi import compose_rencana_aksi
from rapatgen.documents.tindak_lanjut import compose_tindak_lanjut
from rapatgen.documents.undangan import compose_undangan
from rapatgen.build.stamp import UnchangedFiles
from rapatgen.text.errors import RapatgenError, display_path
from rapatgen.text.glyphs import is_pdfa, not_pdfa_message
from rapatgen.model.meeting import Rapat
from rapatgen.check.project import Project
from rapatgen.resolve.context import Context
from rapatgen.text.templating import project_templates, use_project
from rapatgen.build.manifest import BuildManifest
from rapatgen.files.atomic import WriteFailed, project_lock, write_atomic

FORMATS = ("docx", "pdf")
BUNDLE = "berkas"  # the archival PDF of a meeting (rapatgen.render.pdf.bundle)
TRACKER = "proyek"  # unit prefix of the project-wide tracker
SUMS_NAME = "SHA256SUMS"  # = distribute.bundle.SUMS_NAME, named here so a no-op build does not import the renderers
SAVE_EVERY_S = 1.0  # the manifest follows the outputs at least this often during a long build


class RenderFailed(RapatgenError):
    """A document could not be rendered; nothing of that meeting is written."""


def _single(fn) -> Callable[[Context, Rapat], list[tuple[str, Document]]]:
    return lambda ctx, m: [("", fn(ctx, m))]


def _stamped(fn) -> Callable[[Context, Rapat], list[tuple[str, Document]]]:
    """Documents with their metadata: the issuing unit and the document's own date."""
    from rapatgen.documents.frame import stamp

    return lambda ctx, m: [(suffix, stamp(ctx, m, doc)) for suffix, doc in fn(ctx, m)]


DOCUMENTS: dict[str, Callable[[Context, Rapat], list[tuple[str, Document]]]] = {
    "undangan": _stamped(lambda ctx, m: [(l.suffix, l.document) for l in compose_undangan(ctx, m)]),
    "daftar-hadir": _stamped(_single(compose_daftar_hadir)),
    "notulen": _stamped(_single(compose_notulen)),
    "berita-acara": _stamped(_single(compose_berita_acara)),
    "rencana-aksi": _stamped(_single(compose_rencana_aksi)),
    "tindak-lanjut": _stamped(_single(compose_tindak_lanjut)),
}


def _renderers():
    from rapatgen.render import RENDERERS  # the render stack is imported only when something is rendered

    return RENDERERS


@dataclass
class Report(UnchangedFiles):
    written: list[Path] = field(default_factory=list)
    # `unchanged`: up to date (skipped unit) or re-made byte-identical (rapatgen.files.cache.UnchangedFiles)
    _unchanged: list[Path] = field(default_factory=list, repr=False)
    _unchanged_later: list[str] = field(default_factory=list, repr=False)
    kept: list[Path] = field(default_factory=list)  # edited by hand, not overwritten (refused)
    beside: list[Path] = field(default_factory=list)  # the new version of a kept file, "… (baru).<ext>"
    skipped: list[str] = field(default_factory=list)  # documents a meeting has no data for yet
    meetings: int = 0  # meetings considered
    composed: int = 0  # meetings composed (the others were up to date)
    rendered: int = 0  # files rendered
    made: list[Path] = field(default_factory=list)  # files rendered in this build (written or identical)
    failed: list[str] = field(default_factory=list)  # files that could not be written: why, one line each
    dry_run: bool = False
    # outputs/<id>/ folders of meetings no longer in the project (file deleted, id renamed), and then
    # outputs/jadwal-rapat-<tahun>.<fmt> of programmes no longer in it (file deleted, tahun changed): kept, reported
    stale: list[Path] = field(default_factory=list)
    meetings_folder: str = "agendas"  # where the meeting files are (named in the report of stale folders)
    programmes_folder: str = "program"  # where the programmes are (named in the report of stale jadwal files)

    @property
    def documents(self) -> int:
        return len(self.written) + self.unchanged_count

    @property
    def refused(self) -> bool:
        return bool(self.kept)


def file_name(kind: str, meeting_id: str, suffix: str, fmt: str) -> str:
    return f"{kind}-{meeting_id}" + (f"-{suffix}" if suffix else "") + f".{fmt}"


def beside_name(target: Path) -> Path:
    """Where the new version of a hand-edited file goes: `notulen-x.docx` → `notulen-x (baru).docx`."""
    return target.with_name(f"{target.stem} (baru){target.suffix}")


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


# --- what each unit is made from ------------------------------------------------------------


class Inputs:
    """Hashes of everything a unit is made from.

    Shared by every unit (first slice: whole files, not only the parts a unit reads): the
    tool (version, and a hash of the installed package: code, fonts, wording), the project's
    own `templates/` (wording overrides, logos), every logo a kop names, `rapatgen.yaml` and
    the directory. Per meeting: its file. Per kind: what it reads of other meetings — notulen
    what its carry-over section shows of earlier meetings of the same team (`effective`; first
    tested cheaply with `coarse`) and the days of the meetings its reviewed programme links —,
    the reference date for documents that print a status on that date, and the letter numbers
    the register gave. The tracker and the deadline
    feeds read every meeting's follow-up items and title, not the rest of its file.
    """

    #: kinds that read other meetings or the reference date: declare it here when a document starts to
    READS_OTHER_MEETINGS = {"notulen"}
    READS_REFERENCE_DATE = {"tindak-lanjut"}
    READS_REGISTER = {"undangan"}  # the letter numbers the register gave

    def __init__(self, project: Project, ctx: Context):
        from rapatgen.files.cache import fingerprint

        self.ctx = ctx
        logos = sorted({k.logo for k in project.config.kop.values() if k.logo})
        own = project_templates(project.root)
        self.base = _hash(__version__, fingerprint(), _tree_digest(own) if own else "",
                          *[f"{p}={_file_digest(project.root / p)}" for p in logos],
                          project.config_digest, project.directory_digest)
        self.by_id = {mf.model.id: mf.digest for mf in project.meetings}
        self.models = {mf.model.id: mf.model for mf in project.meetings}
        self.programmes = {pf.model.tahun: pf.digest for pf in project.programmes}
        self._teams: dict[str, tuple[list, list]] | None = None
        self._tracker: str | None = None
        self._followup: dict[str, str] = {}

    #: what other documents read of a meeting: its follow-up items and what names them (kind, dates,
    #: sessions, team) — the carry-over section of later notulen, the tracker (also the title), the feeds
    FOLLOWUP_FIELDS = {"id", "jenis", "tim", "rangkaian", "sesi", "kesepakatan", "arahan"}

    def followup(self, meeting_id: str) -> str:
        """A hash of what a later notulen or the tracker can show of a meeting (not its notes, attendance, …)."""
        if meeting_id not in self._followup:
            m = self.models.get(meeting_id)
            self._followup[meeting_id] = _hash(m.model_dump_json(include=self.FOLLOWUP_FIELDS)) if m else ""
        return self._followup[meeting_id]

    def dates(self, meeting_id: str) -> str:
        """What a programme shows of a linked meeting: its days (planned, held, or scheduled)."""
        m = self.models.get(meeting_id)
        return ",".join(s.tanggal.isoformat() for s in m.sesi) if m else "-"

    def head(self, m: Rapat, kind: str) -> str:
        """A hash of what a unit reads besides the carry-over section of notulen."""
        parts = [self.base, self.by_id.get(m.id, ""), kind]
        if kind in self.READS_REFERENCE_DATE:
            parts.append(self.ctx.today.isoformat())
        if kind == "notulen" and m.tinjau_program is not None:  # the programme and the days of the meetings it links
            prog = next((p for p in self.ctx.programmes if p.tahun == m.tinjau_program), None)
            linked = sorted({e.rapat for e in prog.kegiatan if e.rapat}) if prog else []
            parts += [f"program={self.programmes.get(m.tinjau_program, '')}",
                      *[f"{k}={self.dates(k)}" for k in linked]]
        if kind in self.READS_REGISTER:
            from rapatgen.build.register import letters_of

            parts += [f"{key}={self.ctx.numbers.get(key, '')}" for key, _, _ in letters_of(m)]
        return _hash(*parts)

    def unit(self, m: Rapat, kind: str) -> str:
        """The inputs hash of a unit that reads no other meeting (see `effective` for notulen)."""
        return self.head(m, kind)

    def coarse(self, m: Rapat, kind: str) -> str:
        """Cheap and conservative: the head and every follow-up item of earlier meetings of m's team.

        Equal to the recorded one → the unit is up to date without working out its carry-over.
        """
        return _hash(self.head(m, kind), "tim=" + self.earlier_of_team(m))

    def effective(self, m: Rapat, kind: str, shown: str) -> str:
        """The inputs hash recorded for a notulen: its head and what its carry-over section shows."""
        return _effective(self.head(m, kind), shown)

    def earlier_of_team(self, m: Rapat) -> str:
        """A hash of the follow-up items of every earlier meeting of m's team (what a carry-over may show).

        A running hash per team of `followup` (the items, the meeting's kind, days and sessions —
        not its notes, attendance or title), O(log N) per meeting. Only the first, conservative
        test (`coarse`): when it differs from the recorded one, the build works out what the
        carry-over section shows (`carry_over_shown`) and remakes the notulen only when that
        changed, so editing an item closed before m was held, or one among the items only
        counted, leaves m's notulen alone.
        """
        if not m.tim:
            return ""
        if self._teams is None:
            self._teams = {}
            for other in sorted(self.ctx.meetings, key=lambda x: (x.sesi[0].tanggal, x.id)):
                if other.tim and any(it.pj or it.lanjutan_dari for it in (*other.kesepakatan, *other.arahan)):
                    days, hashes = self._teams.setdefault(other.tim, ([], []))
                    days.append(other.sesi[0].tanggal)
                    hashes.append(_hash(hashes[-1] if hashes else "", other.id, self.followup(other.id)))
        import bisect

        days, hashes = self._teams.get(m.tim, ([], []))
        i = bisect.bisect_left(days, m.sesi[0].tanggal)  # meetings strictly before m's first day
        return hashes[i - 1] if i else ""

    def jadwal(self, year: int) -> str:
        """The programme file, the reference date, and the meetings it links (their dates make the statuses)."""
        prog = next((p for p in self.ctx.programmes if p.tahun == year), None)
        linked = sorted({e.rapat for e in prog.kegiatan if e.rapat}) if prog else []
        return _hash(self.base, self.ctx.today.isoformat(), self.programmes.get(year, ""),
                     *[f"{k}={self.dates(k)}" for k in linked])

    def tracker(self) -> str:
        """Every meeting's follow-up items and title (the XLSX names the meeting), and the reference date."""
        if self._tracker is None:
            self._tracker = _hash(self.base, self.ctx.today.isoformat(),
                                  *sorted(f"{k}={self.followup(k)}:{_hash(m.judul)}" for k, m in self.models.items()))
        return self._tracker


def _effective(head: str, shown: str) -> str:
    return _hash(head, "isi=" + shown)


def carry_over_shown(ctx: Context, m: Rapat) -> tuple[str, tuple[list, int]]:
    """(hash, (shown, hidden)) of the "Tindak lanjut rapat sebelumnya" section of m's notulen.

    The hash is of the table as the notulen prints it (rows, labels, statuses) and the count
    of the other open items: exactly what the section shows.
    """
    from rapatgen.documents.notulen import bounded_carry_over, previous_table
    from rapatgen.resolve.followups import open_before

    previous, hidden = bounded_carry_over(m, open_before(ctx.meetings, m, ctx.directory)) if m.tim else ([], 0)
    shown = repr(previous_table(ctx, m, previous)) if previous else ""
    return _hash(shown, str(hidden)), (previous, hidden)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def _tree_digest(folder: Path) -> str:
    return _hash(*[f"{p.relative_to(folder).as_posix()}={_file_digest(p)}"
                   for p in sorted(folder.rglob("*")) if p.is_file()])


# --- compose and render -----------------------------------------------------------------------


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


@dataclass
class Job:
    """One meeting to make: compose `compose` kinds, render `render` kinds, maybe the bundle."""

    meeting: Rapat
    formats: tuple[str, ...]
    compose: list[str]
    render: list[str]
    bundle: bool
    digests: dict[str, str | None] = field(default_factory=dict)  # kind → inputs hash (None: the worker finds it)
    quick: dict[str, dict] = field(default_factory=dict)  # kind → quick tests kept in the record (notulen)
    calendar: dict[str, dict] | None = None  # SEQUENCE entries of its calendar when that is made (_Calendars)
    check: dict[str, str] = field(default_factory=dict)  # kind → recorded hash: made only if what it shows changed
    up_to_date: list[str] = field(default_factory=list)  # unit keys reported unchanged when it did not


@dataclass
class Made:
    files: list[tuple[str, str, str, bytes]]  # (kind, format, file name, bytes); kind BUNDLE for the bundle
    skipped: dict[str, str]  # kind → reason
    rendered: int = 0
    shown: dict[str, str] = field(default_factory=dict)  # kind → hash of its carry-over section (notulen)
    calendars: list[tuple[str, bytes]] | None = None  # (file name, bytes) of kalender-*.ics
    sequence: dict[str, dict] = field(default_factory=dict)  # the SEQUENCE entries its calendar read or made
    same: bool = False  # a checked job whose carry-over section shows what it showed: nothing made


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


PARALLEL_MIN_MEETINGS = 8  # below this, starting worker processes costs more than it saves
_WORKER_CTX: Context | None = None


@dataclass
class Task:
    """A project-wide output made beside the meetings (in the pool): the tracker, the deadline feeds, a jadwal."""

    name: str  # "tracker" | "feeds" | "jadwal"
    arg: tuple = ()
    weight: int = 1  # about how long it takes, in meetings: the pool starts the longest first


def make_task(ctx: Context, task: Task) -> list[tuple[str, bytes]]:
    """(file name, bytes) of a project-wide output."""
    if task.name == "tracker":
        formats, with_xlsx = task.arg
        return tracker_files(ctx, ctx.meetings, formats, with_xlsx=with_xlsx)
    if task.name == "feeds":
        from rapatgen.build.calendar import deadline_feeds
        from rapatgen.resolve.followups import collect

        return deadline_feeds(ctx, collect(ctx.meetings, ctx.today, ctx.directory), ctx.today, cache_root=ctx.root,
                              keep=task.arg[0] if task.arg else ())
    if task.name == "jadwal":
        from rapatgen.documents.jadwal import compose_jadwal

        year, formats = task.arg
        prog = next(p for p in ctx.programmes if p.tahun == year)
        doc = compose_jadwal(ctx, prog, ctx.today)
        return [(f"jadwal-rapat-{year}.{fmt}", _renderers()[fmt](doc)) for fmt in formats]
    raise ValueError(task.name)


def _init_worker(ctx: Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx
    use_project(ctx.root)


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

        # spawn, not fork: Typst keeps native threads that a fork would copy half-way
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
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


# --- the build ------------------------------------------------------------------------------


def build(project: Project, meeting_ids: list[str] | None = None, formats=FORMATS, only: list[str] | None = None,
          as_of: date | None = None, overwrite: bool = False, log=print, workers: int | None = None,
          force: bool = False, dry_run: bool = False, progress: Callable[[int, int, Report], None] | None = None,
          warn=None) -> Report:
    """Make what is out of date. `force` rebuilds everything; `dry_run` renders but writes nothing.

    `log(line)` receives notices (documents skipped for lack of data); `warn(line)` what a user
    must read (hand-edited files not overwritten, waiting for another build; default: `log`);
    `progress(done, total, report)` is called after each meeting.
    """
    warn = warn or log
    use_project(project.root)
    formats = tuple(formats)
    ctx = Context(project.config, project.directory, project.root, as_of or date.today(),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    report = Report(dry_run=dry_run)
    meetings = [mf.model for mf in project.meetings if not meeting_ids or mf.model.id in meeting_ids]
    report.meetings = len(meetings)
    kinds = [k for k in DOCUMENTS if not only or k in only]
    if "undangan" in kinds:
        ctx.numbers = _letter_numbers(ctx, project.root, meetings, dry_run)
    # a dry run into a project never built leaves no trace at all (not even the lock file)
    lock = nullcontext() if dry_run and not project.output_dir.exists() else project_lock(project.output_dir,
                                                                                          waiting=warn)
    with lock, _frozen_heap():
        manifest = BuildManifest(project.output_dir)
        writer = _Writer(project.output_dir, manifest, overwrite, dry_run, report, log, warn)
        inputs = Inputs(project, ctx)
        calendars = _Calendars(ctx, project, inputs, manifest, writer, force) if not only or "undangan" in only \
            else None
        jobs, done = [], 0
        for m in meetings:
            job = _plan(m, kinds, formats, only, inputs, manifest, force, overwrite, report)
            entries = calendars.plan(m) if calendars else None
            if job is None and entries is not None:  # only its calendar is owed
                job = Job(m, formats, [], [], False)
            if job is None:
                done += 1
                if progress:
                    progress(done, len(meetings), report)
            else:
                job.calendar = entries
                jobs.append(job)
        tasks: dict[int, tuple[Task, Callable[[list[tuple[str, bytes]]], None]]] = {}
        if not meeting_ids and (not only or "tindak-lanjut" in only):
            for planned in (_tracker(ctx, project, formats, inputs, manifest, writer, force, overwrite, report, log),
                            _deadline_feeds(ctx, project, inputs, manifest, writer, force)):
                if planned:
                    tasks[id(planned[0])] = planned
        if not meeting_ids and (not only or "jadwal" in only):
            for planned in _jadwal(ctx, project, formats, inputs, manifest, writer, force, overwrite, report):
                tasks[id(planned[0])] = planned
        made_items = _made(ctx, jobs, [task for task, _ in tasks.values()], workers)
        with closing(made_items):
            pending = len(jobs) + len(tasks)
            for item, made in made_items:
                pending -= 1
                if isinstance(item, Task):
                    tasks[id(item)][1](made)
                    continue
                job = item
                if made.same:  # its notulen shows what it showed: the records take the new quick test
                    if not dry_run:
                        for kind in job.check:
                            for fmt in job.formats:
                                manifest.units[_unit_key(job.meeting.id, kind, fmt)]["kasar"] = job.quick[kind]["kasar"]
                        manifest.dirty = True
                    _report_up_to_date(job.meeting, job.up_to_date, manifest, report)
                    if made.calendars is not None:  # its calendar was owed all the same
                        calendars.write(job.meeting, made)
                        folder = project.output_dir / job.meeting.id
                        if (folder / SUMS_NAME).exists():
                            writer.file(folder / SUMS_NAME, _checksums(folder), always=True)
                    done += 1
                    if progress:
                        progress(done, len(meetings), report)
                    continue
                for kind, shown in made.shown.items():  # what the worker found the carry-over section shows
                    if job.digests.get(kind) is None or kind in job.check:
                        job.digests[kind] = inputs.effective(job.meeting, kind, shown)
                report.composed += 1 if job.compose else 0
                report.rendered += made.rendered
                if made.calendars is not None:  # only once the documents were made
                    calendars.write(job.meeting, made)
                writer.meeting(job, made, last=not pending)
                done += 1
                if progress:
                    progress(done, len(meetings), report)
        if calendars:
            calendars.save()
        if not meeting_ids:  # the whole project is known: folders of meetings it no longer has
            report.stale = stale_outputs(project, manifest, forget=not dry_run)
            report.stale += stale_jadwal(project, manifest, forget=not dry_run)
            report.meetings_folder = project.config.folder_rapat
            report.programmes_folder = project.config.folder_program
        if not dry_run and not meeting_ids and not only:  # the whole project, like the tracker
            _dashboard(ctx, project, writer, inputs)
        if not dry_run:
            manifest.save()
    return report


@contextmanager
def _frozen_heap():
    """What is loaded so far (the meetings, the config, the modules) is left out of the garbage collector's
    full passes while the build runs (`gc.freeze`), and given back after.

    The build allocates many small containers (the manifest's JSON, the plan): each full pass walked
    every meeting model again — at 500 meetings the manifest took 0.18 s to read and 0.23 s to save,
    0.03 s and 0.04 s without those passes. Nothing is kept longer: these objects outlive the build anyway.
    """
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


DASHBOARD = "index.html"  # the manifest unit of outputs/index.html: recorded with a hash of what it shows
CHARTS = f"{TRACKER}/grafik/png"  # the unit of outputs/grafik/*.png, the charts the dashboard links


def _dashboard_inputs(project: Project, inputs: Inputs, stale, manifest: BuildManifest | None = None,
                      written=()):
    """(hash of what outputs/index.html shows, the meetings, the files of each meeting's folder, the charts,
    their keys); `manifest`: the records of the last build (folders and chart keys known unchanged);
    `written`: the files this build wrote (their folders are read again)."""
    from rapatgen.build import dashboard

    out = project.output_dir
    meetings = [mf.model for mf in project.meetings]
    units = manifest.units if manifest is not None else {}
    changed = {p.parent.name for p in written if p.parent.parent == out}
    listing = dashboard.Listing(out, [m.id for m in meetings], units.get(DASHBOARD), changed)
    keys = dashboard.ChartKeys(inputs.base, inputs.by_id, units.get(CHARTS))
    charts = dashboard.charts_of(meetings, keys)
    digest = _hash(inputs.tracker(), dashboard.shown(out, meetings, listing, charts, stale))
    return digest, meetings, listing, charts, keys


def _dashboard(ctx: Context, project: Project, writer: "_Writer", inputs: Inputs) -> None:
    """outputs/index.html and its charts, made again only when what the page shows changed.

    What it shows: the follow-up items and their status on the reference date (`Inputs.tracker`,
    which also holds the tool, the config and the directory), and `dashboard.shown` — every
    meeting's days, title and cancelled mark, the files in its folder, the tracker files, the
    stale folders (`stale_outputs`, named, not linked), the charts. A text-only change of a
    meeting leaves the page as it is, without collecting the items; a build stopped before the
    page finds a different hash next time (the record is written only with the page)."""
    from rapatgen.build import dashboard

    out = project.output_dir
    manifest = writer.manifest
    report = writer.report
    digest, meetings, listing, charts, keys = _dashboard_inputs(project, inputs, report.stale, manifest,
                                                                [*report.written, *report.beside])
    dashboard.write_charts(charts, ctx.root, writer, CHARTS, keys.record())
    target = out / dashboard.INDEX_NAME
    record = manifest.up_to_date(DASHBOARD, digest, writer.overwrite)
    if record is not None:
        writer.report.unchanged.append(target)
        if record.get("folder") != listing.now:  # folders read again this time: not next time
            record.update(listing.record())
            manifest.dirty = True
        return
    from rapatgen.resolve.followups import collect

    items = collect(meetings, ctx.today, ctx.directory)
    page = dashboard.render_index(ctx, out, meetings, items, ctx.today, writer.report.stale, listing, charts)
    if writer.file(target, page) or target in writer.report.kept:  # written, or its new version beside an edited one
        manifest.record_unit(DASHBOARD, digest, [dashboard.INDEX_NAME], **listing.record())


def stale_outputs(project: Project, manifest: BuildManifest, forget: bool) -> list[Path]:
    """outputs/<id>/ folders rapatgen wrote for meetings the project no longer has (a meeting file
    deleted, an `id` renamed), as the manifest records them.

    Never removed: such a folder may hold the only signed or hand-edited copy, so the user decides.
    While it exists its records stay (the meeting may come back: its files are then no hand edits);
    once the user removed it, `forget` drops them from the manifest.
    """
    current = {mf.model.id for mf in project.meetings}
    # meeting folders are the first part of the files and units recorded below one (see _unit_key);
    # the deadline feeds' kalender/ and the tracker's units are the project's own
    recorded = {rel.split("/", 1)[0] for rel in manifest.files if "/" in rel}
    recorded |= {key.split("/", 1)[0] for key in manifest.units if key.count("/") == 2}
    stale = []
    for name in sorted(recorded - current - {"kalender", "grafik", TRACKER}):
        folder = manifest.root / name
        if folder.is_dir():
            stale.append(folder)
        elif forget and not folder.exists():
            prefix = f"{name}/"
            for rel in [rel for rel in manifest.files if rel.startswith(prefix)]:
                del manifest.files[rel]
                manifest.dirty = True
            for key in [key for key in manifest.units if key.startswith(prefix)]:
                manifest.forget_unit(key)
    return stale


def stale_jadwal(project: Project, manifest: BuildManifest, forget: bool) -> list[Path]:
    """outputs/jadwal-rapat-<tahun>.<fmt> rapatgen wrote for a programme the project no longer has (its
    program/<tahun>.yaml deleted, or its `tahun` changed), as the manifest records them (see `_jadwal`).

    Never removed, like a stale meeting folder (`stale_outputs`): it may be the only signed copy. While it
    exists its record stays (the programme may come back); once the user removed it, `forget` drops it.
    """
    current = {f"{TRACKER}/jadwal-{pf.model.tahun}/" for pf in project.programmes}
    stale = []
    for key in sorted(k for k in manifest.units if k.startswith(f"{TRACKER}/jadwal-")):
        if key[:key.rindex("/") + 1] in current:
            continue
        files = manifest.units[key].get("files", [])
        present = [manifest.root / rel for rel in files if (manifest.root / rel).is_file()]
        stale += present
        if forget and not present:
            manifest.forget_unit(key)
            for rel in files:
                if manifest.files.pop(rel, None) is not None:
                    manifest.dirty = True
    return stale


class _Calendars:
    """kalender-<rapat>.ics per meeting, made again only when the meeting (or the tool/config) changed.

    Made in the meeting's job (a worker, beside its documents) from the SEQUENCE entries of its
    UIDs, which come back with the files and join the project's state. Identical bytes are not
    rewritten; SEQUENCE state (distribute/calendar.py) moves only when a meeting changes, so
    skipping an unchanged meeting leaves it as it is.
    """

    def __init__(self, ctx: Context, project: Project, inputs: "Inputs", manifest: BuildManifest,
                 writer: "_Writer", force: bool):
        self.ctx, self.project, self.inputs, self.manifest = ctx, project, inputs, manifest
        self.writer, self.force = writer, force
        self.state = None
        self.by_meeting: dict[str, dict[str, dict]] = {}

    def _key(self, m: Rapat) -> tuple[str, str]:
        return _unit_key(m.id, "kalender", "ics"), _hash(self.inputs.base, self.inputs.by_id.get(m.id, ""), "kalender")

    def plan(self, m: Rapat) -> dict[str, dict] | None:
        """None when m's calendar is up to date (reported unchanged); else the SEQUENCE entries it needs."""
        key, digest = self._key(m)
        record = None if self.force else self.manifest.up_to_date(key, digest)
        if record is not None:
            self.writer.report.unchanged_in(self.manifest.base, record["files"])
            return None
        if self.state is None:
            from rapatgen.build.calendar import SequenceState

            self.state = SequenceState(self.project.root)
            self.by_meeting = self.state.of_meeting()
        return dict(self.by_meeting.get(m.id, {}))

    def write(self, m: Rapat, made: "Made") -> None:
        key, digest = self._key(m)
        for uid, entry in made.sequence.items():
            if self.state.entries.get(uid) != entry:
                self.state.entries[uid] = entry
                self.state.changed = True
        files, complete = [], True
        for name, data in made.calendars:
            target = self.project.output_dir / m.id / name
            complete = self.writer.file(target, data) and complete
            files.append(self.manifest.rel(target))
        if not self.writer.dry_run:
            if complete:
                self.manifest.record_unit(key, digest, files)
            else:
                self.manifest.forget_unit(key)

    def save(self) -> None:
        if self.state is not None and not self.writer.dry_run:
            self.state.save()


def _deadline_feeds(ctx: Context, project: Project, inputs: "Inputs", manifest: BuildManifest, writer: "_Writer",
                    force: bool):
    """outputs/kalender/tindak-lanjut-<opd>.ics: the open deadlines of each OPD (made when any meeting changed).

    None when up to date; else (the task, what writes its files)."""
    key, digest = f"{TRACKER}/kalender/ics", _hash(inputs.tracker(), "kalender")
    record = None if force else manifest.up_to_date(key, digest)
    if record is not None:
        writer.report.unchanged_in(manifest.base, record["files"])
        return None

    def finish(made: list[tuple[str, bytes]]) -> None:
        files, complete = [], True
        for name, data in made:
            target = project.output_dir / "kalender" / name
            complete = writer.file(target, data) and complete
            files.append(manifest.rel(target))
        if not writer.dry_run:
            if complete:
                manifest.record_unit(key, digest, files)
            else:
                manifest.forget_unit(key)
    # OPDs whose feed was written before: emptied when they have no open deadline now, not left as they were
    written = tuple(Path(rel).stem.removeprefix("tindak-lanjut-")
                    for rel in manifest.units.get(key, {}).get("files", []))
    return Task("feeds", (written,), max(1, len(ctx.meetings) // 20)), finish


def _letter_numbers(ctx: Context, root: Path, meetings: list[Rapat], dry_run: bool) -> dict[str, str]:
    """Numbers of the letters from the project's register, assigning missing ones (a dry run only shows them)."""
    from rapatgen.build.register import Register, number_letters

    if dry_run:
        register = Register.load(root)
        number_letters(ctx, meetings, register)
    else:
        with Register.editing(root) as register:
            number_letters(ctx, meetings, register)
    return {key: entry.nomor for key, entry in register.entries.items()}


def _unit_key(meeting_id: str, kind: str, fmt: str) -> str:
    return f"{meeting_id}/{kind}/{fmt}"


def _plan(m: Rapat, kinds, formats, only, inputs: Inputs, manifest: BuildManifest, force: bool, overwrite: bool,
          report: Report) -> Job | None:
    """The job for a meeting, or None when every unit is up to date (then reported as unchanged)."""
    digests: dict[str, str | None] = {}
    quick: dict[str, dict] = {}
    check: dict[str, str] = {}
    for k in kinds:
        if k in inputs.READS_OTHER_MEETINGS:
            quick[k] = {"kasar": inputs.coarse(m, k), "kepala": inputs.head(m, k)}
            digests[k], checked = (None, False) if force else _recorded(m, k, formats, quick[k], manifest)
            if checked:
                check[k] = digests[k]
        else:
            digests[k] = inputs.unit(m, k)
    records, stale = {}, []
    for kind in kinds:
        for fmt in formats:
            record = None if force else manifest.up_to_date(_unit_key(m.id, kind, fmt), digests[kind], overwrite)
            if record is None:
                stale.append(kind)
                break
            records[kind, fmt] = record
    bundle = "pdf" in formats and not only
    bundle_stale = False
    if bundle:
        bundle_stale = force or bool(stale) or manifest.up_to_date(
            _unit_key(m.id, BUNDLE, "pdf"), _hash(*digests.values()), overwrite) is None
    keys = [_unit_key(m.id, kind, fmt) for kind, fmt in records] + ([_unit_key(m.id, BUNDLE, "pdf")] if bundle else [])
    if not stale and not bundle_stale and check:  # made only if its carry-over section changed (the pool decides)
        return Job(m, formats, kinds if bundle else list(check), list(check), bundle, digests, quick, check=check,
                   up_to_date=keys)
    if not stale and not bundle_stale:
        _report_up_to_date(m, keys, manifest, report)
        return None
    for kind in check:  # made anyway: its carry-over section is worked out with it
        digests[kind] = None
        if kind not in stale:
            stale.append(kind)
    return Job(m, formats, kinds if bundle_stale else stale, stale, bundle_stale, digests, quick)


def _report_up_to_date(m: Rapat, keys: list[str], manifest: BuildManifest, report: Report) -> None:
    """Report the files of a meeting's up-to-date units as unchanged (and its skip notices, once)."""
    seen_skips = set()
    for key in keys:
        record = manifest.units[key]
        report.unchanged_in(manifest.base, record["files"])
        kind = key.split("/")[-2]
        if record.get("skip") and kind not in seen_skips:
            seen_skips.add(kind)
            report.skipped.append(record["skip"])
    if keys and keys[-1].endswith(f"/{BUNDLE}/pdf") and manifest.exists(f"{m.id}/{SUMS_NAME}"):
        report.unchanged_in(manifest.base, [f"{m.id}/{SUMS_NAME}"])


def _recorded(m: Rapat, kind: str, formats, quick: dict, manifest: BuildManifest) -> tuple[str | None, bool]:
    """(the inputs hash of a notulen unit when known without composing, or None; whether it must be checked).

    Recorded beside it: `kasar` (its head and every item of earlier meetings of the team) and
    `kepala` (its head). The same `kasar` → the recorded hash stands. Only `kasar` differs →
    something an earlier meeting of the team may show changed: the job checks (in the pool) what
    the carry-over section shows, and makes the notulen again only when it shows something else.
    """
    records = [manifest.units.get(_unit_key(m.id, kind, fmt)) for fmt in formats]
    if not all(records) or len({r.get("inputs") for r in records}) != 1:
        return None, False
    if all(r.get("kasar") == quick["kasar"] for r in records):
        return records[0]["inputs"], False
    if not all(r.get("kepala") == quick["kepala"] for r in records):
        return None, False  # the meeting itself (or the tool, the directory, …) changed: made again anyway
    return records[0]["inputs"], True


class _Writer:
    """Writes made files, records them and their units, keeps hand edits, and the manifest in step."""

    def __init__(self, root: Path, manifest: BuildManifest, overwrite: bool, dry_run: bool, report: Report, log,
                 warn):
        self.root, self.manifest, self.overwrite, self.dry_run = root, manifest, overwrite, dry_run
        self.report, self.log, self.warn = report, log, warn
        self.saved_at = time.monotonic()
        self.save_every = SAVE_EVERY_S

    def file(self, target: Path, data: bytes, *, always: bool = False) -> bool:
        """Write one file unless it is identical or hand-edited; True when it now holds `data`."""
        report, manifest = self.report, self.manifest
        if target.suffix == ".pdf" and not is_pdfa(data):  # a character no shipped font has: never silent
            self.warn(not_pdfa_message(display_path(target)))
        if target.is_dir():  # not a hand edit: nothing can be written there, say so and go on
            return self._write(target, data)
        if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
            report.unchanged.append(target)
            if not self.dry_run:
                manifest.record_file(target, data)
            return True
        if not always and not self.overwrite and manifest.edited_by_hand(target):
            report.kept.append(target)
            new = beside_name(target)
            if self.dry_run:
                self.warn(f"{display_path(target)} diubah manual — tidak akan ditimpa; versi baru akan ditulis di "
                         f"'{new.name}'")
                return False
            if not self._write(new, data):
                return False
            manifest.record_file(new, data)
            report.beside.append(new)
            self.warn(f"{display_path(target)} diubah manual sejak build terakhir — tidak ditimpa; versi baru ditulis "
                     f"di '{new.name}' (pakai --timpa untuk menimpa)")
            return False
        if not self.dry_run:
            if not self._write(target, data):
                return False
            manifest.record_file(target, data)
        report.written.append(target)
        return True

    def _write(self, target: Path, data: bytes) -> bool:
        """Write one file; a file that cannot be written is reported and the build goes on."""
        try:
            write_atomic(target, data)
        except WriteFailed as exc:
            self.report.failed.append(exc.message)
            self.warn(exc.message)
            return False
        return True

    def meeting(self, job: Job, made: Made, last: bool = False) -> None:
        """Write a meeting's files and record its units; `last`: the build saves the manifest right after."""
        m = job.meeting
        folder = self.root / m.id
        from rapatgen.model.common import inside

        if folder.exists() and not inside(folder, self.root):
            raise RapatgenError(f"{display_path(folder)} adalah tautan simbolik ke luar folder proyek — hapus tautan "
                                "itu; rapatgen tidak menulis ke luar folder proyek")
        for kind in job.render:
            if kind in made.skipped:
                self.report.skipped.append(made.skipped[kind])
                self.log(made.skipped[kind])
        by_unit: dict[tuple[str, str], list[str]] = {}
        complete: dict[tuple[str, str], bool] = {}
        for kind, fmt, name, data in made.files:
            target = folder / name
            self.report.made.append(target)
            ok = self.file(target, data)
            by_unit.setdefault((kind, fmt), []).append(self.manifest.rel(target))
            complete[kind, fmt] = complete.get((kind, fmt), True) and ok
        if self.dry_run:
            return
        digests = job.digests
        for kind in job.render:
            quick = job.quick.get(kind, {})
            for fmt in job.formats:
                key = _unit_key(m.id, kind, fmt)
                if kind in made.skipped:
                    self.manifest.record_unit(key, digests[kind], [], made.skipped[kind], **quick)
                elif complete.get((kind, fmt), True):
                    self.manifest.record_unit(key, digests[kind], by_unit.get((kind, fmt), []), **quick)
                else:  # a refused file: build this unit again next time, and say so again
                    self.manifest.forget_unit(key)
        if job.bundle:
            key = _unit_key(m.id, BUNDLE, "pdf")
            if complete.get((BUNDLE, "pdf"), True):
                self.manifest.record_unit(key, _hash(*digests.values()), by_unit.get((BUNDLE, "pdf"), []))
            else:
                self.manifest.forget_unit(key)
        if job.bundle or (folder / SUMS_NAME).exists():  # the archive list kept current
            self.file(folder / SUMS_NAME, _checksums(folder), always=True)
        if not last and time.monotonic() - self.saved_at >= self.save_every:
            began = time.monotonic()
            self.manifest.save()
            self.saved_at = time.monotonic()
            # a large manifest (thousands of files) takes a while to write: never spend more than
            # about 5% of the build on it
            self.save_every = max(SAVE_EVERY_S, 20 * (self.saved_at - began))


def _checksums(folder: Path) -> bytes:
    """= distribute.bundle.checksums (`sha256sum` lines of the folder's visible files), without importing the
    PDF renderer into the coordinator; tests/test_build.py holds the two together."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name != SUMS_NAME:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    return "".join(lines).encode("utf-8")


TRACKER_NAME = "matriks-tindak-lanjut"
TRACKER_EMPTY = "matriks tindak lanjut proyek dilewati — belum ada butir dengan penanggung jawab"


def _tracker(ctx: Context, project: Project, formats, inputs: Inputs, manifest: BuildManifest, writer: _Writer,
             force: bool, overwrite: bool, report: Report, log):
    """The project tracker: None when up to date; else (the task, what writes its files)."""
    digest = inputs.tracker()
    with_xlsx = len(formats) > 1
    outs = [*formats, *(["xlsx"] if with_xlsx else [])]
    keys = [f"{TRACKER}/tindak-lanjut/{fmt}" for fmt in outs]
    records = [None if force else manifest.up_to_date(key, digest, overwrite) for key in keys]
    if all(records):
        for record in records:
            report.unchanged_in(manifest.base, record["files"])
        if records[0].get("skip"):
            report.skipped.append(records[0]["skip"])
        return None

    def finish(rendered: list[tuple[str, bytes]]) -> None:
        report.rendered += len(rendered)
        if not rendered:
            report.skipped.append(TRACKER_EMPTY)
            log(TRACKER_EMPTY)
            if not writer.dry_run:
                for key in keys:
                    manifest.record_unit(key, digest, [], TRACKER_EMPTY)
            return
        for key, (name, data) in zip(keys, rendered):
            _write_unit(project.output_dir / name, data, key, digest, manifest, writer, report)
    return Task("tracker", (formats, with_xlsx), max(2, len(ctx.meetings) // 4)), finish


def _write_unit(target, data: bytes, key: str, digest: str, manifest: BuildManifest, writer: _Writer,
                report: Report) -> None:
    """Write one project-wide output and record it in the manifest (forgotten when refused)."""
    report.made.append(target)
    ok = writer.file(target, data)
    if writer.dry_run:
        return
    if ok:
        manifest.record_unit(key, digest, [manifest.rel(target)])
    else:
        manifest.forget_unit(key)


def _jadwal(ctx: Context, project: Project, formats, inputs: Inputs, manifest: BuildManifest, writer: _Writer,
            force: bool, overwrite: bool, report: Report) -> list:
    """'Jadwal Rapat Koordinasi Tahun …' of each programme in program/, rebuilt when it or a meeting changed.

    (task, what writes its files) for each programme that is out of date."""
    out = []
    for prog in sorted(ctx.programmes, key=lambda p: p.tahun):
        digest = inputs.jadwal(prog.tahun)
        keys = [f"{TRACKER}/jadwal-{prog.tahun}/{fmt}" for fmt in formats]
        records = [None if force else manifest.up_to_date(key, digest, overwrite) for key in keys]
        if all(records):
            for record in records:
                report.unchanged_in(manifest.base, record["files"])
            continue

        def finish(made: list[tuple[str, bytes]], keys=keys, digest=digest) -> None:
            for key, (name, data) in zip(keys, made):
                report.rendered += 1
                _write_unit(project.output_dir / name, data, key, digest, manifest, writer, report)
        out.append((Task("jadwal", (prog.tahun, formats), 2), finish))
    return out


def tracker_document(ctx: Context, meetings: list[Rapat]):
    """(items, document model) of the project-wide tracker; (items, None) when nothing is tracked."""
    from rapatgen.documents.tracker import compose_tracker
    from rapatgen.documents.frame import stamp
    from rapatgen.resolve.followups import collect

    items = collect(meetings, ctx.today, ctx.directory)
    return items, (stamp(ctx, None, compose_tracker(ctx, items, ctx.today)) if items else None)


def tracker_files(ctx: Context, meetings: list[Rapat], formats, with_xlsx: bool) -> list[tuple[str, bytes]]:
    """The project-wide follow-up tracker as (file name, bytes); empty when there is nothing to track."""
    from rapatgen.render.xlsx import render_tracker_xlsx

    items, doc = tracker_document(ctx, meetings)
    if doc is None:
        return []
    renderers = _renderers()
    files = [(f"{TRACKER_NAME}.{fmt}", renderers[fmt](doc)) for fmt in formats]
    if with_xlsx:
        files.append((f"{TRACKER_NAME}.xlsx", render_tracker_xlsx(ctx, items, ctx.today)))
    return files
