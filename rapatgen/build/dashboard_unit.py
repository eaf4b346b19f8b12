"""The unit `outputs/index.html` and its charts: remade only when what it shows changed."""

from __future__ import annotations

from rapatgen.build.inputs import Inputs, _hash
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import TRACKER
from rapatgen.build.writer import _Writer
from rapatgen.check.project import Project
from rapatgen.resolve.context import Context

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
        writer.report.add_unchanged(target)
        if record.get("folder") != listing.now:  # folders read again this time: not next time
            record.update(listing.record())
            manifest.dirty = True
        return
    from rapatgen.resolve.followups import collect

    items = collect(meetings, ctx.today, ctx.directory, ctx.team)
    page = dashboard.render_index(ctx, out, meetings, items, ctx.today, writer.report.stale, listing, charts)
    if writer.file(target, page) or target in writer.report.kept:  # written, or its new version beside an edited one
        manifest.record_unit(DASHBOARD, digest, [dashboard.INDEX_NAME], **listing.record())
