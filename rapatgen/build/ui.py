"""What `rapatgen build` prints: a progress bar on a terminal, a short summary, details on request.

- default: progress bar (on a terminal), hand-edited files that were not overwritten, the
  skip notices when there are only a few, one summary line;
- `--verbose`: every notice as it happens and every file written;
- `--quiet`: nothing but refusals and errors (for scripts; the exit code tells the rest);
- `--dry-run`: what would be written, skipped or refused — nothing is written.

Exit codes: 0 done, 1 invalid input or an error, 2 wrong use, 3 done but some hand-edited
file was not overwritten (its new version is beside it).
"""

from __future__ import annotations

import sys
import time

import click

EXIT_REFUSED = 3
FEW = 10  # up to this many skip notices are shown without --verbose


class BuildOutput:
    def __init__(self, verbose: bool = False, quiet: bool = False, dry_run: bool = False, stream=None):
        self.verbose, self.quiet, self.dry_run = verbose, quiet, dry_run
        self.stream = stream or sys.stderr
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.bar = None
        self.started = time.monotonic()

    # --- callbacks for rapatgen.build.coordinator.build ------------------------------------------
    def log(self, line: str) -> None:
        if self.verbose:
            click.echo(line)
        else:
            self.notes.append(line)

    def warn(self, line: str) -> None:
        if self.bar is not None or self.quiet:
            self.warnings.append(line)
        else:
            click.echo(line, err=self.quiet)

    def progress(self, done: int, total: int, report) -> None:
        if self.verbose or self.quiet or total < 2 or not self._tty():
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Membuat dokumen", file=self.stream, show_pos=True,
                                         show_eta=False, width=24, item_show_func=self._status)
            self.bar.__enter__()
        self._report = report
        self.bar.update(done - self.bar.pos, current_item=report)

    def _status(self, report) -> str | None:
        if report is None:
            return None
        return f"{len(report.written)} berkas ditulis, {time.monotonic() - self.started:.0f} dtk"

    def _tty(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    # --- after the build --------------------------------------------------------------
    def finish(self, report) -> int:
        from rapatgen.text.errors import display_path

        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        for line in self.warnings:
            click.echo(line, err=self.quiet)
        if self.quiet:
            return 1 if getattr(report, "failed", None) else EXIT_REFUSED if report.kept else 0
        if not self.verbose:
            if len(self.notes) <= FEW:
                for line in self.notes:
                    click.echo(line)
            else:
                click.echo(f"{len(self.notes)} dokumen dilewati karena datanya belum ada (rinciannya: --verbose).")
        if self.verbose or self.dry_run:
            verb = "akan ditulis" if self.dry_run else "ditulis"
            for path in report.written:
                click.echo(f"{verb}: {display_path(path)}")
            for path in report.beside:
                click.echo(f"versi baru di samping berkas yang diubah manual: {display_path(path)}")
        elapsed = time.monotonic() - self.started
        rebuilt = f"{report.composed} dibuat ulang, {report.meetings - report.composed} sudah mutakhir"
        if self.dry_run:
            click.echo(f"Uji coba (--dry-run), tidak ada berkas yang ditulis: {len(report.written)} berkas akan "
                       f"ditulis, {report.unchanged_count} tidak berubah, {len(report.kept)} tidak akan ditimpa, "
                       f"{len(report.skipped)} dokumen dilewati; {report.meetings} rapat ({rebuilt}).")
        else:
            click.echo(f"Selesai: {len(report.written)} berkas ditulis, {report.unchanged_count} tidak berubah, "
                       f"{len(report.kept)} tidak ditimpa, {len(report.skipped)} dokumen dilewati; "
                       f"{report.meetings} rapat ({rebuilt}) dalam {elapsed:.1f} detik.")
        jadwal: dict[str, list] = {}  # outputs of meetings and programmes that are gone: said every build
        for folder in getattr(report, "stale", ()):
            if not folder.is_dir():  # a programme's jadwal-rapat-<tahun>.<fmt> (rapatgen.build.stale.stale_jadwal)
                jadwal.setdefault(folder.stem.rpartition("-")[2], []).append(folder)
                continue
            click.echo(f"Keluaran tanpa berkas rapat: {display_path(folder)}/ (rapat `{folder.name}` tidak ada lagi di "
                       f"{report.meetings_folder}/). Hapus foldernya bila tidak diperlukan lagi.")
        for year, files in jadwal.items():
            click.echo(f"Keluaran tanpa berkas program: {', '.join(display_path(f) for f in files)} (program tahun "
                       f"{year} tidak ada lagi di {getattr(report, 'programmes_folder', 'program')}/). Hapus berkasnya "
                       "bila tidak diperlukan lagi.")
        if getattr(report, "failed", None):
            click.echo(f"{len(report.failed)} berkas tidak dapat ditulis (lihat pesan di atas); berkas lain sudah "
                       "ditulis — perbaiki masalahnya lalu jalankan lagi.", err=True)
            return 1
        if report.kept:
            click.echo(f"{len(report.kept)} berkas diubah manual dan tidak ditimpa — periksa versi barunya "
                       "('… (baru)'), atau jalankan lagi dengan --timpa.", err=True)
            return EXIT_REFUSED
        return 0
