"""The project-wide unit `matriks-tindak-lanjut` (PDF, DOCX, XLSX): planned, made and written."""

from __future__ import annotations

from rapatgen.build.inputs import Inputs
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import TRACKER, Report, Task, _renderers
from rapatgen.build.writer import _write_unit, _Writer
from rapatgen.check.project import Project
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context

TRACKER_NAME = "matriks-tindak-lanjut"
TABLE_PIECES = "tabel"  # .rapatgen/cache/tabel/: the tracker PDF's pieces (rapatgen.render.pdf.pieces)
TABLE_ROWS_DOCX = "tabel-docx"  # .rapatgen/cache/tabel-docx/: its DOCX rows (rapatgen.render.docx.document)
TABLE_ROWS_XLSX = "tabel-xlsx"  # .rapatgen/cache/tabel-xlsx/: its XLSX rows' text (rapatgen.render.xlsxrows)
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


def tracker_document(ctx: Context, meetings: list[Rapat]):
    """(items, document model) of the project-wide tracker; (items, None) when nothing is tracked."""
    from rapatgen.documents.frame import stamp
    from rapatgen.documents.tracker import compose_tracker
    from rapatgen.resolve.followups import collect

    items = collect(meetings, ctx.today, ctx.directory, ctx.team)
    return items, (stamp(ctx, None, compose_tracker(ctx, items, ctx.today)) if items else None)


def tracker_files(ctx: Context, meetings: list[Rapat], formats, with_xlsx: bool) -> list[tuple[str, bytes]]:
    """The project-wide follow-up tracker as (file name, bytes); empty when there is nothing to track.

    Only the formats asked for are imported: a PDF-only build's tracker never imports the XLSX writer
    (openpyxl, numpy) nor the Word backend (python-docx): ≈ 0.3-0.45 s of CPU in the process making it."""
    items, doc = tracker_document(ctx, meetings)
    if doc is None:
        return []
    from contextlib import ExitStack

    from rapatgen.files.cache import BlobCache
    from rapatgen.render.layout import fitted_once
    from rapatgen.render.tablekeys import texts_once

    renderers = _renderers()
    # the long table: only the PDF pieces and the blocks of DOCX rows whose rows changed are made
    # again; the columns are fitted to their words, and the rows' texts written, once for both formats
    stores = {}
    with ExitStack() as kept:
        if "pdf" in formats:
            from rapatgen.render.pdf.pieces import kept_in

            stores["pdf"] = kept.enter_context(kept_in(BlobCache(ctx.root, TABLE_PIECES)))
        if "docx" in formats:
            from rapatgen.render.docx.document import rows_kept_in

            stores["docx"] = kept.enter_context(rows_kept_in(BlobCache(ctx.root, TABLE_ROWS_DOCX)))
        kept.enter_context(fitted_once())
        kept.enter_context(texts_once())
        files = [(f"{TRACKER_NAME}.{fmt}", renderers[fmt](doc)) for fmt in formats]
    for store in stores.values():
        store.prune()  # what this tracker did not use
    if with_xlsx:
        from rapatgen.render.xlsx import render_tracker_xlsx
        from rapatgen.render.xlsxrows import kept_in as xlsx_rows_kept_in

        # the long sheets: only the blocks of rows that changed are written again as text
        with xlsx_rows_kept_in(BlobCache(ctx.root, TABLE_ROWS_XLSX)) as sheet_rows:
            files.append((f"{TRACKER_NAME}.xlsx", render_tracker_xlsx(ctx, items, ctx.today)))
        sheet_rows.prune()
    return files
