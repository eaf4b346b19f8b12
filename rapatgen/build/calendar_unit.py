"""The calendar units: each meeting's invitations (.ics, with their SEQUENCE state) and the deadline feeds."""

from __future__ import annotations

from pathlib import Path

from rapatgen.build.inputs import Inputs, _hash
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import TRACKER, Made, Task, _unit_key
from rapatgen.build.writer import _Writer
from rapatgen.check.project import Project
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context


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
        entries = dict(self.by_meeting.get(m.id, {}))
        if self._sent_before(m, key):  # its state is gone (kalender.json deleted): SEQUENCE from the clock
            from rapatgen.build.calendar import lost_entry, meeting_uids

            for uid in meeting_uids(self.ctx, m):
                if uid not in entries:
                    entries[uid] = lost_entry()
        return entries

    def _sent_before(self, m: Rapat, key: str) -> bool:
        """A calendar of m was made before: the manifest records its unit, or a kalender-<id>*.ics is there."""
        if key in self.manifest.units:
            return True
        folder = self.project.output_dir / m.id
        return folder.is_dir() and any(folder.glob(f"kalender-{m.id}*.ics"))

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
