"""Outputs of a meeting or programme that is gone: kept, named in the summary, forgotten by the manifest."""

from __future__ import annotations

from pathlib import Path

from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import LAPORAN, TRACKER
from rapatgen.check.project import Project


def stale_outputs(project: Project, manifest: BuildManifest, forget: bool) -> list[Path]:
    """outputs/<id>/ folders rapatgen wrote for meetings the project no longer has (a meeting file
    deleted, an `id` renamed), as the manifest records them.

    Never removed: such a folder may hold the only signed or hand-edited copy, so the user decides.
    While it exists its records stay (the meeting may come back: its files are then no hand edits);
    once the user removed it, `forget` drops them from the manifest.
    """
    current = {mf.model.id for mf in project.meetings}
    # meeting folders are the first part of the files and units recorded below one (see _unit_key);
    # the deadline feeds' kalender/, the tracker's units and the reports' laporan/ are the project's own
    recorded = {rel.split("/", 1)[0] for rel in manifest.files if "/" in rel}
    recorded |= {key.split("/", 1)[0] for key in manifest.units if key.count("/") == 2}
    stale = []
    for name in sorted(recorded - current - {"kalender", "grafik", TRACKER, LAPORAN}):
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
            manifest.forget_meeting(name)
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
