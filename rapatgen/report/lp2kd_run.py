"""`rapatgen laporan lp2kd TAHUN`: the year checked, the LP2KD composed once, drawn by both backends,
written into outputs/laporan/ under the project lock (hand edits kept, see `common.write_reports`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rapatgen.check.project import Project
from rapatgen.report.common import render_document, report_year, write_reports
from rapatgen.report.lp2kd import compose_lp2kd, file_stem


def missing(ry) -> list[str]:
    """What the year's report says is not there yet, with the file that would hold it (for the secretariat,
    on the command line: the signed report names no file)."""
    from rapatgen.resolve.programme import programme_for

    cfg, year = ry.ctx.config, ry.year
    out = []
    if not cfg.laporan.dasar_hukum and not any(m.dasar_hukum for m in ry.meetings):
        out.append("dasar hukum: tulis di rapatgen.yaml, bagian laporan.dasar_hukum")
    if programme_for(ry.ctx.programmes, year) is None:
        out.append(f"program rapat: tulis {cfg.folder_program}/{year}.yaml")
    if not ry.meetings:
        out.append(f"rapat tahun {year}: belum ada berkas rapat di {cfg.folder_rapat}/")
    if ry.realisasi is None:
        out.append(f"realisasi program: tulis realisasi/{year}.yaml")
    if ry.lokus is None:
        out.append(f"lokus desa/kelurahan: tulis lokus/{year}.yaml")
    return out


def lp2kd_document(project: Project, year: int, as_of: date | None = None, signed: date | None = None,
                   today: date | None = None, charts=None):
    """The year's LP2KD as a document model (what both backends draw; the layout tests check it).
    `charts(indikator) -> PNG`: the project's chart cache unless given."""
    from rapatgen.build.charts import ChartCache
    from rapatgen.text.templating import use_project

    use_project(project.root)
    ry = report_year(project, year, as_of, today)
    return compose_lp2kd(ry, signed or today or date.today(), charts or ChartCache(project.root).png)


def lp2kd_files(project: Project, year: int, as_of: date | None = None, signed: date | None = None,
                formats=("docx", "pdf"), today: date | None = None) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the year's LP2KD in each format; nothing is written."""
    return render_document(lp2kd_document(project, year, as_of, signed, today), formats, file_stem(year))


def write_lp2kd(project: Project, years: list[int], as_of: date | None = None, signed: date | None = None,
                overwrite: bool = False, warn=print) -> list[Path]:
    """Every year checked and made before the first file is written: a wrong year writes nothing. What a
    year's report says is missing is named on the command line with the file that would hold it."""
    files = [f for year in dict.fromkeys(years) for f in lp2kd_files(project, year, as_of, signed)]
    written = write_reports(project, files, overwrite, warn)
    for year in dict.fromkeys(years):
        for note in missing(report_year(project, year, as_of)):
            warn(f"catatan: {file_stem(year)}: {note}")
    return written
