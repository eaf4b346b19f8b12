"""`rapatgen laporan lp2kd TAHUN`: the year checked, the LP2KD composed once, drawn by both backends,
written into outputs/laporan/ under the project lock (hand edits kept, see `common.write_reports`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rapatgen.check.project import Project
from rapatgen.report.common import render_document, report_year, write_reports
from rapatgen.report.lp2kd import compose_lp2kd, file_stem


def meeting_files(project: Project) -> dict[str, str]:
    """Meeting id → its file relative to the project root ('agendas/2023-12-14-rakor.yaml')."""
    out = {}
    for mf in project.meetings:
        try:
            out[mf.model.id] = mf.path.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            out[mf.model.id] = mf.path.name
    return out


def lp2kd_document(project: Project, year: int, as_of: date | None = None, signed: date | None = None,
                   today: date | None = None, charts=None):
    """The year's LP2KD as a document model (what both backends draw; the layout tests check it).
    `charts(indikator) -> PNG`: the project's chart cache unless given."""
    from rapatgen.build.charts import ChartCache
    from rapatgen.text.templating import use_project

    use_project(project.root)
    ry = report_year(project, year, as_of, today)
    return compose_lp2kd(ry, meeting_files(project), signed or today or date.today(),
                         charts or ChartCache(project.root).png)


def lp2kd_files(project: Project, year: int, as_of: date | None = None, signed: date | None = None,
                formats=("docx", "pdf"), today: date | None = None) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the year's LP2KD in each format; nothing is written."""
    return render_document(lp2kd_document(project, year, as_of, signed, today), formats, file_stem(year))


def write_lp2kd(project: Project, years: list[int], as_of: date | None = None, signed: date | None = None,
                overwrite: bool = False, warn=print) -> list[Path]:
    """Every year checked and made before the first file is written: a wrong year writes nothing."""
    files = [f for year in dict.fromkeys(years) for f in lp2kd_files(project, year, as_of, signed)]
    return write_reports(project, files, overwrite, warn)
