"""The project-wide unit `jadwal-rapat-<tahun>`: each year's programme of meetings."""

from __future__ import annotations

from rapatgen.build.inputs import Inputs
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import TRACKER, Report, Task
from rapatgen.build.writer import _write_unit, _Writer
from rapatgen.check.project import Project
from rapatgen.resolve.context import Context


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
