"""`rapatgen rekap [--tahun N]`: the roll-up of the exports kept in rekap/ into outputs/laporan/
(rekap-kabkota-<tahun>.xlsx, .docx, .pdf), written as every report is (report/common.write_reports)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rapatgen.report.common import render_document, write_reports
from rapatgen.report.rekap import compose, file_stem, sheets
from rapatgen.report.rekap_data import default_year, rekap
from rapatgen.report.rekap_impor import FOLDER, province_of, stored_exports
from rapatgen.text.errors import UsageError


def rekap_document(project, year: int | None = None, signed: date | None = None, batas: date | None = None):
    """(the document model, the roll-up, the context, the signing date): checked, nothing drawn."""
    from rapatgen.resolve.context import Context
    from rapatgen.text.templating import use_project

    provinsi = province_of(project.config)
    exports = stored_exports(project)
    if not exports:
        raise UsageError(f"belum ada berkas ekspor kab/kota di {FOLDER}/ — jalankan dulu 'rapatgen rekap impor "
                         "FOLDER' dengan folder berisi berkas ekspor.json kiriman kab/kota")
    year = year or default_year(exports)
    if not 2000 <= year <= date.today().year:
        raise UsageError(f"tahun {year} tidak dikenal atau belum berjalan — tulis tahun rekap antara 2000 dan "
                         f"{date.today().year}")
    use_project(project.root)
    signed = signed or date.today()
    ctx = Context(project.config, project.directory, project.root, signed, [mf.model for mf in project.meetings])
    r = rekap(project, exports, year, provinsi, batas)
    return compose(ctx, r, signed), r, ctx, signed


def rekap_files(project, year: int | None = None, signed: date | None = None, batas: date | None = None):
    """(file name, bytes) of the workbook and the document; (the roll-up) for the caller to report on."""
    from rapatgen.render.xlsx import render_workbook

    doc, r, ctx, signed = rekap_document(project, year, signed, batas)
    stem = file_stem(r)
    files = [(f"{stem}.xlsx", render_workbook(sheets(ctx, r), ctx.config.kertas, f"Rekap kab/kota {r.tahun}",
                                              ctx.config.organisasi.singkatan or ctx.config.organisasi.nama, signed))]
    files += render_document(doc, ("docx", "pdf"), stem)
    return files, r


def write_rekap(project, year: int | None = None, signed: date | None = None, overwrite: bool = False,
                warn=print, batas: date | None = None) -> list[Path]:
    files, _ = rekap_files(project, year, signed, batas)
    return write_reports(project, files, overwrite, warn)
