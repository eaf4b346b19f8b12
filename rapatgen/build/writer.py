"""Writing what the workers made: atomic files under the manifest, hand edits never overwritten silently."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from rapatgen.build.inputs import _hash
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import (
    BUNDLE,
    SUMS_NAME,
    Job,
    Made,
    Report,
    _unit_key,
    beside_name,
)
from rapatgen.files.atomic import WriteFailed, sha256, write_atomic
from rapatgen.text.errors import RapatgenError, display_path
from rapatgen.text.glyphs import is_pdfa, not_pdfa_message

SAVE_EVERY_S = 3.0  # the manifest follows the outputs at least this often during a long build


class _Writer:
    """Writes made files, records them and their units, keeps hand edits, and the manifest in step."""

    def __init__(self, root: Path, manifest: BuildManifest, overwrite: bool, dry_run: bool, report: Report, log,
                 warn):
        self.root, self.manifest, self.overwrite, self.dry_run = root, manifest, overwrite, dry_run
        self.report, self.log, self.warn = report, log, warn
        self.saved_at = time.monotonic()
        self.save_every = SAVE_EVERY_S
        self._announced: Job | None = None  # the job whose files `announce` entered in the journal last
        self._hashes: dict[Path, str] = {}  # their hashes, taken by `file` as it writes them

    def file(self, target: Path, data: bytes, *, always: bool = False, digest: str | None = None) -> bool:
        """Write one file unless it is identical or hand-edited; True when it now holds `data`.

        `digest`: its sha256 when known (entered in the journal with the other files of its meeting)."""
        report, manifest = self.report, self.manifest
        digest = digest or self._hashes.pop(target, None)
        if target.suffix == ".pdf" and not is_pdfa(data):  # a character no shipped font has: never silent
            self.warn(not_pdfa_message(display_path(target)))
        if target.is_dir():  # not a hand edit: nothing can be written there, say so and go on
            return self._write(target, data, digest) is not None
        if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
            report.add_unchanged(target)
            if not self.dry_run:
                manifest.record_file(target, data, digest)  # its hash taken once, by `announce`
            return True
        if not always and not self.overwrite and manifest.edited_by_hand(target):
            report.kept.append(target)
            new = beside_name(target)
            if self.dry_run:
                self.warn(f"{display_path(target)} diubah manual — tidak akan ditimpa; versi baru akan ditulis di "
                         f"'{new.name}'")
                return False
            digest = self._write(new, data)
            if digest is None:
                return False
            manifest.record_file(new, data, digest)
            report.beside.append(new)
            self.warn(f"{display_path(target)} diubah manual sejak build terakhir — tidak ditimpa; versi baru ditulis "
                     f"di '{new.name}' (pakai --timpa untuk menimpa)")
            return False
        if not self.dry_run:
            digest = self._write(target, data, digest)
            if digest is None:
                return False
            manifest.record_file(target, data, digest)
        report.written.append(target)
        return True

    def _write(self, target: Path, data: bytes, digest: str | None = None) -> str | None:
        """Write one file, entered in the journal first; its hash, or None when it could not be written
        (reported; the build goes on)."""
        digest = digest or sha256(data)
        try:
            self.manifest.intend(target, digest)
            write_atomic(target, data)
        except WriteFailed as exc:
            self.report.failed.append(exc.message)
            self.warn(exc.message)
            return None
        return digest

    def announce(self, job: Job, made: Made) -> None:
        """Enter every file a meeting's job made (documents, calendars) in the journal at once, before the
        first of them is written: one flush to disk per meeting, not one per file."""
        if self.dry_run or self._announced is job:
            return
        self._announced = job
        folder = self.root / job.meeting.id
        files = [*((name, data) for _, _, name, data in made.files), *(made.calendars or ())]
        self._hashes = {folder / name: sha256(data) for name, data in files}
        try:
            self.manifest.intend_many(self._hashes.items())
        except WriteFailed:
            pass  # said per file by `_write`, which enters each again

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
        self.announce(job, made)
        for kind, fmt, name, data in made.files:
            target = folder / name
            self.report.made.append(target)
            ok = self.file(target, data, digest=self._hashes.pop(target, None))
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
            # a large manifest (thousands of files) takes a while to write: never spend more than about
            # 2% of the build on it (the journal says which bytes are rapatgen's between two saves; a unit
            # a killed build did not record is made again, the same bytes, and found unchanged)
            self.save_every = max(SAVE_EVERY_S, 50 * (self.saved_at - began))


def _checksums(folder: Path) -> bytes:
    """= distribute.bundle.checksums (`sha256sum` lines of the folder's visible files), without importing the
    PDF renderer into the coordinator; tests/test_build.py holds the two together."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name != SUMS_NAME:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    return "".join(lines).encode("utf-8")


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
