"""What a build is made of: its units and their file names, the jobs and tasks handed to the workers, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rapatgen.build.stamp import UnchangedFiles
from rapatgen.model.meeting import Rapat
from rapatgen.text.errors import RapatgenError

FORMATS = ("docx", "pdf")
BUNDLE = "berkas"  # the archival PDF of a meeting (rapatgen.render.pdf.bundle)
TRACKER = "proyek"  # unit prefix of the project-wide tracker
LAPORAN = "laporan"  # outputs/laporan/: the yearly and quarterly reports (rapatgen laporan …), no meeting's folder
SUMS_NAME = "SHA256SUMS"  # = distribute.bundle.SUMS_NAME, named here so a no-op build does not import the renderers


class RenderFailed(RapatgenError):
    """A document could not be rendered; nothing of that meeting is written."""


def _renderers():
    from rapatgen.render import (
        RENDERERS,  # the render stack is imported only when something is rendered
    )

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


def _unit_key(meeting_id: str, kind: str, fmt: str) -> str:
    return f"{meeting_id}/{kind}/{fmt}"


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


@dataclass
class Task:
    """A project-wide output made beside the meetings (in the pool): the tracker, the deadline feeds, a jadwal."""

    name: str  # "tracker" | "feeds" | "jadwal"
    arg: tuple = ()
    weight: int = 1  # about how long it takes, in meetings: the pool starts the longest first
