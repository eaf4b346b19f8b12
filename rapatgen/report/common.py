"""What every yearly or quarterly report shares (LP2KD here; the PPKE package reuses it):

- `ReportYear` / `report_year(project, year, as_of)`: the year checked (a clear Indonesian
  message for a year out of range, still to come, or with neither meetings nor data), its
  meetings, the project's data (`check/projectdata.load_project_data`: realisasi, lokus,
  indikator.yaml) with the file each came from, the reference date of its statuses
  (31 December of the year, or today while the year runs), and a `Context` for composing;
- `write_reports(project, files, overwrite, warn)`: the made files written under the project
  lock into `outputs/laporan/`, each atomically, recorded in the build manifest, a file edited
  by hand since rapatgen wrote it never overwritten (the new version goes beside it as
  `… (baru).<ext>`, as `rapatgen build` does);
- `render_document(doc, formats)`: one document model through the shipped backends (no second
  renderer), a failing render one clean message;
- small number helpers `share(part, whole)` (a percentage as text, '–' when the whole is 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapatgen.build.units import LAPORAN
from rapatgen.check.project import Project
from rapatgen.check.projectdata import ProjectData
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L
from rapatgen.text.errors import RapatgenError, UsageError

YEAR_MIN = 2000  # no TKPK reported before Perpres 15/2010; a typo such as 203 is refused early


@dataclass
class ReportYear:
    year: int
    as_of: date  # statuses (follow-ups, programme) as on this day
    meetings: list[Rapat]  # held (first day) in the year, by date
    ctx: Context  # every meeting of the project (carried-forward items look across years)
    data: ProjectData  # realisasi/, lokus/, indikator.yaml (check/projectdata.py), validated

    @property
    def realisasi(self):
        return self.data.realisasi.get(self.year)

    @property
    def lokus(self):
        return self.data.lokus.get(self.year)

    def source(self, kind: str) -> str:
        """The file a year's 'realisasi' or 'lokus' was read from, relative to the project."""
        path = self.data.sources.get((kind, self.year))
        return relative(path, self.ctx.root) if path else ""


def relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def meeting_years(project: Project) -> list[int]:
    return sorted({mf.model.sesi[0].tanggal.year for mf in project.meetings})


def data_years(project: Project, data: ProjectData) -> list[int]:
    """Years with a meeting, a programme, a realisation or a lokus file."""
    return sorted({*meeting_years(project), *(pf.model.tahun for pf in project.programmes), *data.realisasi,
                   *data.lokus})


def report_year(project: Project, year: int, as_of: date | None = None, today: date | None = None) -> ReportYear:
    """The year of a report, checked: raises a `UsageError` whose message says what to write instead."""
    from rapatgen.check.projectdata import load_project_data

    today = today or date.today()
    data = load_project_data(project.root, project)
    known = data_years(project, data)
    listed = f"tahun yang punya rapat atau data di proyek ini: {', '.join(map(str, known))}" if known else ""
    if not YEAR_MIN <= year <= today.year:
        when = "belum berjalan" if year > today.year else "tidak dikenal"
        raise UsageError(f"tahun {year} {when}; tulis tahun laporan antara {YEAR_MIN} dan {today.year}"
                         + (f" — {listed}" if listed else ""))
    meetings = sorted((mf.model for mf in project.meetings if mf.model.sesi[0].tanggal.year == year),
                      key=lambda m: (m.sesi[0].tanggal, m.id))
    if year not in known:
        folder = project.config.folder_rapat
        raise UsageError(f"tidak ada rapat pada tahun {year} di {folder}/, dan tidak ada data tahun itu "
                         f"({project.config.folder_program}/{year}.yaml, realisasi/{year}.yaml, lokus/{year}.yaml) — "
                         "laporan tahunan disusun dari rapat dan data tahun itu"
                         + (f"; {listed}" if listed else f"; folder {folder}/ belum berisi berkas rapat"))
    end = date(year, 12, 31)
    as_of = as_of or min(end, today)
    ctx = Context(project.config, project.directory, project.root, as_of,
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    return ReportYear(year, as_of, meetings, ctx, data)


def report_dir(project: Project) -> Path:
    """`outputs/laporan/`: every report of every year."""
    return project.output_dir / LAPORAN


def render_document(doc, formats=("docx", "pdf"), stem: str = "") -> list[tuple[str, bytes]]:
    """(file name, bytes) of one document model in each format, through the shipped backends."""
    from rapatgen.render import RENDERERS

    out = []
    for fmt in formats:
        name = f"{stem}.{fmt}"
        try:
            out.append((name, RENDERERS[fmt](doc)))
        except RapatgenError:
            raise
        except Exception as exc:  # a clean line, never a traceback; nothing is written
            raise RapatgenError(f"{name} tidak dapat dibuat: {exc}. Tidak ada berkas laporan yang ditulis; "
                                "laporkan ke pengelola rapatgen bila berulang") from None
    return out


def write_reports(project: Project, files: list[tuple[str, bytes]], overwrite: bool = False, warn=print) -> list[Path]:
    """Write (name, bytes) into outputs/laporan/ under the project lock; the paths that now hold the new bytes
    (a hand-edited file kept: its new version `… (baru).<ext>` instead). Raises when a file cannot be written,
    after the others: an old report, if any, stays whole."""
    from rapatgen.build.manifest import BuildManifest
    from rapatgen.build.units import Report, beside_name
    from rapatgen.build.writer import _Writer
    from rapatgen.files.atomic import project_lock
    from rapatgen.files.state import refuse_writes_outside

    folder = report_dir(project)
    refuse_writes_outside(project.root, project.output_dir, [folder])
    report = Report()
    with project_lock(project.output_dir, waiting=warn):
        manifest = BuildManifest(project.output_dir, state_root=project.root)
        writer = _Writer(project.output_dir, manifest, overwrite, False, report, warn, warn)
        written = []
        for name, data in files:
            target = folder / name
            if writer.file(target, data):
                written.append(target)
            elif beside_name(target) in report.beside:
                written.append(beside_name(target))
        manifest.save()
    if report.failed:
        raise RapatgenError("; ".join(report.failed))
    return written


def share(part: float, whole: float, decimals: int = 2) -> str:
    """'42,50%' of part in whole; '–' when the whole is zero (never a division by zero)."""
    if not whole:
        return "–"
    return L.persen(100 * part / whole, decimals)
