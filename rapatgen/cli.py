"""Command line: a thin click layer; each command imports its work lazily (fast --help)."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from rapatgen import __version__

if TYPE_CHECKING:
    from pathlib import Path

CONTEXT = {"help_option_names": ["-h", "--help"]}


class PathArg(click.Path):
    """click.Path giving a pathlib.Path; pathlib is imported when a command is given a path, not for --help."""

    def convert(self, value, param, ctx):
        from pathlib import Path

        return Path(super().convert(value, param, ctx))


def _help_width() -> int:
    """click's help width (terminal columns, at most 80, minus 2, at least 50) without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:  # as shutil.get_terminal_size: COLUMNS, else the terminal of stdout, else 80
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 80) - 2, 50)


def _root(proyek: str | None) -> Path:
    from pathlib import Path

    from rapatgen.check.project import find_root

    if proyek:
        from rapatgen.text.errors import UsageError
        from rapatgen.check.project import CONFIG_NAME

        folder = Path(proyek)
        if not (folder / CONFIG_NAME).is_file():
            raise UsageError(f"{CONFIG_NAME} tidak ditemukan di '{proyek}' — beri --proyek folder yang berisi {CONFIG_NAME}")
        return folder.resolve()
    return find_root()


proyek_option = click.option("--proyek", metavar="FOLDER", help="folder proyek (berisi rapatgen.yaml); bawaan: folder ini")


HELP_TEXT = "tampilkan petunjuk ini lalu keluar"


class IndonesianFormatter(click.HelpFormatter):
    """click's help headings in Bahasa Indonesia ("Penggunaan:", "Opsi:", "Perintah:")."""

    HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix="Penggunaan: " if prefix is None else prefix)

    def write_heading(self, heading):
        super().write_heading(self.HEADINGS.get(heading, heading))


class IndonesianContext(click.Context):
    formatter_class = IndonesianFormatter


class _IndonesianHelp:
    """Every command's help in Bahasa Indonesia: its -h/--help line, headings and usage line
    (click's own text is English)."""

    context_class = IndonesianContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)
        if getattr(self, "subcommand_metavar", None) == "COMMAND [ARGS]...":
            self.subcommand_metavar = "PERINTAH [ARGUMEN]..."

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class IndonesianCommand(_IndonesianHelp, click.Command):
    pass


class IndonesianGroup(_IndonesianHelp, click.Group):
    """Shows click's usage errors in Bahasa Indonesia, with the help command to read.

    Its commands and sub-groups are Indonesian too (`command_class`, `group_class`).
    """

    command_class = IndonesianCommand
    group_class = type  # a sub-group is an IndonesianGroup as well

    def make_context(self, info_name, args, parent=None, **extra):
        if "terminal_width" not in extra and click.formatting.FORCED_WIDTH is None:  # (click's test runner sets it)
            extra["terminal_width"] = _help_width()  # inherited by subcommands; click would import shutil for it
        return super().make_context(info_name, args, parent=parent, **extra)

    def main(self, *args, **kwargs):
        kwargs.pop("standalone_mode", None)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            from rapatgen.text.cli_messages import translate

            where = exc.ctx.command_path if exc.ctx else "rapatgen"
            click.echo(f"Galat: {translate(exc.format_message())}", err=True)
            click.echo(f"Lihat petunjuknya: {where} --help", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Dibatalkan.", err=True)
            sys.exit(1)


@click.group(name="rapatgen", cls=IndonesianGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="rapatgen", message="%(prog)s, versi %(version)s",
                      help="tampilkan versi lalu keluar")
@click.help_option("-h", "--help", help=HELP_TEXT)
def main() -> None:
    """rapatgen — dokumen rapat koordinasi TKPK dari berkas YAML.

    \b
    Perintah umum:
      rapatgen new rakor --judul "…" --tanggal 2025-03-12   membuat berkas rapat baru
      rapatgen check                                        memeriksa semua berkas
      rapatgen build                                        membuat dokumen Word dan PDF
    """


def _interactive() -> bool:
    """A person at a terminal can be asked; a script gets a usage error instead of a hanging prompt."""
    return sys.stdin.isatty()


@main.command()
@click.argument("folder", required=False, type=PathArg())
@click.option("--pemerintah", help="pemerintah daerah tim ini, mis. \"Kabupaten Blora\"")
@click.option("--tingkat", type=click.Choice(["provinsi", "kabupaten", "kota"]), help="bawaan: dari --pemerintah")
@click.option("--zona", type=click.Choice(["WIB", "WITA", "WIT"]), help="zona waktu daerah")
@click.option("--kota-surat", help="tempat pada tanggal surat, mis. Blora")
@click.option("--unit", default="Badan Perencanaan Pembangunan Daerah", show_default=True,
              help="perangkat daerah sekretariat TKPK (baris kop kedua)")
@click.option("--unit-singkat", default="Bappeda", show_default=True, help="singkatan unit (nomor surat)")
@click.option("--kop", "kop_baris", multiple=True, help="baris kop (boleh diulang); bawaan: PEMERINTAH … / unit")
@click.option("--alamat", help="alamat pada kop")
@click.option("--provinsi", help="provinsi tempat kabupaten/kota ini, mis. \"Jawa Tengah\" (untuk rapatgen ekspor)")
def init(folder: Path | None, pemerintah, tingkat, zona, kota_surat, unit, unit_singkat, kop_baris, alamat,
         provinsi) -> None:
    """Memulai proyek baru untuk satu TKPK di FOLDER (bawaan: folder ini); tidak menimpa apa pun."""
    from pathlib import Path

    from rapatgen.text.errors import UsageError, display_path
    from rapatgen.scaffold.new_project import NewProject, create_project

    asked = {"--pemerintah": pemerintah, "--zona": zona, "--kota-surat": kota_surat}
    missing = [name for name, value in asked.items() if not value]
    if missing and not _interactive():
        raise UsageError("isi " + ", ".join(missing) + " — mis. rapatgen init proyek-blora --pemerintah "
                         "\"Kabupaten Blora\" --zona WIB --kota-surat Blora")
    if not pemerintah:
        pemerintah = click.prompt("Pemerintah daerah (mis. Kabupaten Blora)")
    if not zona:
        zona = click.prompt("Zona waktu", type=click.Choice(["WIB", "WITA", "WIT"]))
    if not kota_surat:
        kota_surat = click.prompt("Kota pada tanggal surat (mis. Blora)")
    target = folder or Path.cwd()
    written = create_project(target, NewProject(pemerintah=pemerintah, zona=zona, kota_surat=kota_surat,
                                                tingkat=tingkat, unit=unit, unit_singkat=unit_singkat,
                                                kop_baris=list(kop_baris), alamat=alamat, provinsi=provinsi))
    for path in written:
        click.echo(f"Ditulis: {display_path(path)}")
    where = f" --proyek {display_path(target)}" if folder else ""
    click.echo("Lengkapi kop (alamat, logo) dan orang di direktori.yaml, lalu: "
               f"rapatgen new rakor --judul \"…\" --tanggal TTTT-BB-HH{where}")


@main.command()
@click.argument("jenis", type=click.Choice(["rakor", "raker", "fgd", "sosialisasi", "konsolidasi",
                                            "pra_rakor", "desk_evaluasi", "rapat"]))
@click.option("--judul", required=True, help="judul rapat")
@click.option("--tanggal", required=True, help="tanggal rapat, TTTT-BB-HH")
@click.option("--id", "meeting_id", help="id rapat; bawaan: JENIS-TANGGAL")
@click.option("--dari", "dari", metavar="RAPAT",
              help="mulai dari rapat sebelumnya (id atau berkasnya): pimpinan, undangan, narasumber, acara disalin")
@proyek_option
def new(jenis: str, judul: str, tanggal: str, meeting_id: str | None, dari: str | None, proyek: str | None) -> None:
    """Membuat berkas rapat baru yang siap diisi di folder agendas/."""
    from rapatgen.text.errors import UsageError
    from rapatgen.scaffold.new_meeting import create_meeting_file, meeting_from

    try:
        day = date.fromisoformat(tanggal)
    except ValueError:
        raise UsageError(f"--tanggal '{tanggal}' bukan tanggal — tulis TTTT-BB-HH, mis. 2025-03-12") from None
    if dari:
        path = meeting_from(_root(proyek), dari, jenis, judul, day, meeting_id)
        click.echo(f"Berkas rapat baru dari '{dari}': {path}")
        click.echo("Periksa tanggal, tempat, dan undangan, lalu jalankan 'rapatgen check'.")
        return
    path = create_meeting_file(_root(proyek), jenis, judul, day, meeting_id)
    click.echo(f"Berkas rapat baru: {path}")
    click.echo("Isi bagian bertanda '…', lalu jalankan 'rapatgen check'.")


@main.command()
@click.argument("paths", nargs=-1, type=PathArg())
@proyek_option
def check(paths: tuple[Path, ...], proyek: str | None) -> None:
    """Memeriksa rapatgen.yaml, direktori, berkas rapat, realisasi, lokus, dan indikator; melaporkan semua
    masalah sekaligus."""
    from rapatgen.check.project import load_project
    from rapatgen.check.projectdata import check_project_data, is_data_path
    from rapatgen.resolve.kop_warnings import kop_warnings, letterhead_warnings
    from rapatgen.text.errors import InvalidInput

    root = _root(proyek)
    data_given = [p for p in paths if is_data_path(root, p)]
    others = [p for p in paths if not is_data_path(root, p)]
    problems = []
    try:
        project = load_project(root, others or None)
    except InvalidInput as exc:
        project = None
        if others or not data_given:  # only data files named: the meetings' problems were not asked for
            problems.extend(exc.problems)
    asked = {p.resolve() for p in data_given} if paths else None
    data = check_project_data(root, project.directory if project else None,
                              [m.model for m in project.meetings] if project else None, problems, asked,
                              meeting_paths={m.model.id: m.path for m in project.meetings
                                             if not paths or m.path in others} if project else None)
    if problems:
        raise InvalidInput(problems)
    checked = ["konfigurasi", "direktori"]
    if not paths or others:
        checked.append(f"{len(project.meetings) if not paths else len(others)} berkas rapat")
    if data_given or (not paths and data.files):
        checked.append(f"{len(data_given) if paths else data.files} berkas data (realisasi, lokus, indikator)")
    click.echo(f"Semua berkas benar: {', '.join(checked[:-1])}, dan {checked[-1]}.")
    if project is None:  # only data files named, and another file of the project is invalid
        click.echo("Peringatan: id OPD dan tautan rencana aksi di berkas data belum diperiksa karena berkas "
                   "proyek yang lain bermasalah — jalankan 'rapatgen check' tanpa nama berkas untuk melihatnya")
        return
    from rapatgen.text.errors import printable
    from rapatgen.resolve.addressees import addressee_warnings
    from rapatgen.resolve.people_warnings import people_warnings

    # warnings name their file: one whose name is not UTF-8 is still printable on any terminal
    from rapatgen.resolve.field_warnings import field_warnings

    for line in [*map(str, project.notices), *kop_warnings(project), *addressee_warnings(project),
                 *people_warnings(project), *field_warnings(project), *letterhead_warnings(project)]:
        click.echo(f"Peringatan: {printable(line)}")


@main.command()
@click.option("--keluar", "folder", type=PathArg(), help="folder tujuan; bawaan: schema/ di proyek")
@proyek_option
def schema(folder: Path | None, proyek: str | None) -> None:
    """Menulis JSON Schema berkas rapat, konfigurasi, dan direktori (untuk VS Code)."""
    from rapatgen.model.schema import write_schemas

    target = folder or (_root(proyek) / "schema")
    for path in write_schemas(target):
        click.echo(f"Ditulis: {path}")


DOC_KINDS = ["undangan", "daftar-hadir", "notulen", "berita-acara", "rencana-aksi", "tindak-lanjut", "jadwal"]


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), help="hanya satu format; bawaan: keduanya")
@click.option("--only", "only", multiple=True, type=click.Choice(DOC_KINDS), help="hanya dokumen ini (boleh diulang)")
@click.option("--per", "as_of", help="tanggal acuan status tindak lanjut (TTTT-BB-HH); bawaan: hari ini")
@click.option("--timpa", is_flag=True, help="timpa juga berkas hasil yang sudah diubah manual")
@click.option("--paksa-ulang", "paksa_ulang", is_flag=True,
              help="buat ulang semua dokumen, juga yang masukannya tidak berubah")
@click.option("--dry-run", "dry_run", is_flag=True, help="tampilkan yang akan ditulis/dilewati/tidak ditimpa, tanpa menulis")
@click.option("-v", "--verbose", is_flag=True, help="tampilkan setiap berkas yang ditulis dan setiap catatan")
@click.option("-q", "--quiet", is_flag=True, help="diam kecuali ada berkas yang tidak ditimpa atau galat")
@click.option("--pantau", is_flag=True, help="terus memantau berkas proyek dan membuat ulang setiap kali disimpan")
@click.option("--srikandi", is_flag=True,
              help="juga tulis surat undangan siap unggah ke SRIKANDI di outputs/<rapat>/srikandi/")
@proyek_option
def build(targets: tuple[str, ...], fmt: str | None, only: tuple[str, ...], as_of: str | None, timpa: bool,
          paksa_ulang: bool, dry_run: bool, verbose: bool, quiet: bool, pantau: bool, srikandi: bool,
          proyek: str | None) -> None:
    """Membuat dokumen Word dan PDF untuk rapat di agendas/ (atau berkas/id yang disebut)."""
    from pathlib import Path

    from rapatgen.build.ui import BuildOutput

    root = _root(proyek)
    day = _parse_day(as_of, "--per")
    force = [paksa_ulang]  # --paksa-ulang applies to the first round of --pantau only

    def once() -> int:
        import gc

        old = gc.get_threshold()
        gc.set_threshold(BUILD_YOUNG_GENERATION, *old[1:])  # see BUILD_YOUNG_GENERATION
        try:
            return _once()
        finally:
            gc.set_threshold(*old)

    def _once() -> int:
        files = [Path(t) for t in targets if t.endswith((".yaml", ".yml"))]
        ids = [t for t in targets if not t.endswith((".yaml", ".yml"))]
        out = BuildOutput(verbose=verbose, quiet=quiet and not verbose, dry_run=dry_run)
        stamp = None
        if not (dry_run or timpa or srikandi):  # nothing changed since the last build → nothing parsed
            from rapatgen.build.stamp import BuildStamp, build_options

            stamp = BuildStamp(root, build_options(targets, fmt, only, day or date.today()))
            noop = None if force[0] else stamp.nothing_to_do()
            if noop is not None:
                return out.finish(noop)
            stamp.before()
        from rapatgen.check.project import gc_paused, load_project

        with gc_paused(freeze=True):  # the build's modules and the meetings: many lasting objects, no garbage
            from rapatgen.build.units import FORMATS
            from rapatgen.build.coordinator import build as run_build

            # the meeting files the stamp just hashed are found in the cache without reading them again
            project = load_project(root, files or None, hashed=stamp.inputs if stamp is not None else None)
        if files:
            wanted = {p.resolve() for p in files}
            ids += [mf.model.id for mf in project.meetings if mf.path.resolve() in wanted]
        for meeting_id in ids:
            project.meeting(meeting_id)  # unknown id: clear error with a suggestion
        report = run_build(project, ids or None, (fmt,) if fmt else FORMATS, list(only) or None, day, timpa,
                           log=out.log, warn=out.warn, force=force[0], dry_run=dry_run, progress=out.progress)
        force[0] = False
        if stamp is not None:
            stamp.after(project, report)
        code = out.finish(report)
        if srikandi and not dry_run:
            from rapatgen.distribute.srikandi import write_invitations
            from rapatgen.text.errors import display_path

            made = write_invitations(project, ids or None, day or date.today())
            for path in made:
                if not quiet:
                    click.echo(f"SRIKANDI: {display_path(path)}")
            click.echo(f"{len(made)} berkas surat untuk SRIKANDI ditulis (nomor, tanggal, dan tanda tangan diisi "
                       "SRIKANDI).")
        return code

    if pantau:
        from rapatgen.load import read_yaml
        from rapatgen.check.project import CONFIG_NAME
        from rapatgen.build.watch import watch

        config = read_yaml(root / CONFIG_NAME).data
        output = root / (config.get("folder_keluaran") if isinstance(config, dict) and
                         isinstance(config.get("folder_keluaran"), str) else "outputs")
        watch(root, output, once, click.echo)
        return
    code = once()
    _freeze_at_exit()
    if code:
        sys.exit(code)


# The collector's youngest generation while a build runs (`gc.set_threshold`; set back after). A build after
# one change imports some 700 modules and composes and renders a meeting: with the default (700 new
# container objects) that took ≈ 185 young, 16 middle and one full collection walking every module imported
# so far — ≈ 0.05 s of CPU at 500 meetings; ≈ 0.02 s in about a dozen young ones with 10,000. Garbage is
# still collected, in larger steps.
BUILD_YOUNG_GENERATION = 10_000


def _freeze_at_exit() -> None:
    """What a one-shot build read and made (the meetings, the modules: some 150,000 objects at 500 meetings)
    lasts until the process ends: frozen out of the collector's pass at exit (`gc.freeze` run by atexit,
    before the interpreter's last collection), which walked it all once more — 0.15-0.2 s of CPU at 500
    meetings. Registered once per process; a process that goes on (tests calling the CLI) is not touched."""
    global _FREEZE_REGISTERED
    if not _FREEZE_REGISTERED:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _FREEZE_REGISTERED = True


_FREEZE_REGISTERED = False


@main.command()
@click.argument("rapat")
@click.option("--dokumen", required=True, type=click.Choice([*DOC_KINDS, "berkas"]),
              help="dokumen yang dikirim (PDF hasil build); berkas = PDF gabungan rapat")
@click.option("--ya", is_flag=True, help="benar-benar kirim lewat SMTP (tanpa ini hanya ditampilkan)")
@click.option("--ulang", is_flag=True, help="kirim lagi juga ke alamat yang sudah pernah menerima dokumen ini")
@click.option("--ulang-tidak-pasti", "ulang_tidak_pasti", is_flag=True,
              help="kirim lagi hanya ke penerima yang tercatat TIDAK PASTI (pengiriman terhenti sebelum server menjawab)")
@click.option("--draf", is_flag=True, help="tulis draf .eml saja walaupun SMTP sudah diatur")
@proyek_option
def kirim(rapat: str, dokumen: str, ya: bool, ulang: bool, ulang_tidak_pasti: bool, draf: bool,
          proyek: str | None) -> None:
    """Mengirim dokumen RAPAT ke penerima di direktori (draf .eml, atau lewat SMTP)."""
    from rapatgen.check.project import load_project
    from rapatgen.files.atomic import project_lock

    project = load_project(_root(proyek))
    # under the project lock: two sends at once deliver each letter once, and no build replaces
    # the PDFs while they are attached
    with project_lock(project.output_dir, waiting=click.echo):
        _kirim(project, rapat, dokumen, ya, ulang, ulang_tidak_pasti, draf)


def _refuse_links(project, folders) -> None:
    from rapatgen.files.state import refuse_writes_outside

    refuse_writes_outside(project.root, project.output_dir, folders)


def _kirim(project, rapat: str, dokumen: str, ya: bool, ulang: bool, ulang_tidak_pasti: bool, draf: bool) -> None:
    from datetime import datetime, timezone

    from rapatgen.distribute import mail
    from rapatgen.text.errors import display_path
    from rapatgen.resolve.context import Context

    m = project.meeting(rapat).model
    _refuse_links(project, [project.output_dir / m.id / "surel"])  # drafts, and the sent log under .rapatgen/
    ctx = Context(project.config, project.directory, project.root, date.today(), [mf.model for mf in project.meetings])
    mail._sender(ctx)
    p = mail.plan(ctx, project, m, dokumen)
    now = datetime.now(timezone.utc).astimezone().replace(microsecond=0)
    for name in p.without_address:
        click.echo(f"tanpa alamat surel di direktori: {name}")
    for name in p.without_letter:
        click.echo(f"tidak dikirimi: {name} — narasumber tanpa surat undangan yang ditujukan kepadanya "
                   "(surat dibuat per undangan); tambahkan ke 'yth' bila perlu diundang")
    if not p.recipients:
        from rapatgen.text.errors import UsageError

        raise UsageError(f"tidak ada penerima {dokumen} rapat {rapat} yang punya alamat surel — isi 'surel' "
                         "orang/instansi di direktori.yaml")
    if draf or project.config.surel.smtp is None:
        out = mail.write_drafts(ctx, project, m, dokumen, p, now)
        for path in out.drafts:
            click.echo(f"draf: {display_path(path)}")
        click.echo(f"Selesai: {len(out.drafts)} draf surel ditulis (buka dengan program surel untuk mengirimnya).")
        return
    out = mail.send(ctx, project, m, dokumen, p, now, confirm=ya, again=ulang, again_unsure=ulang_tidak_pasti)
    for r in out.already:
        click.echo(f"sudah pernah dikirim, dilewati: {r.name} <{r.address}>")
    for r in out.unsure_before:
        click.echo(f"TIDAK PASTI: {r.name} <{r.address}> — pengiriman sebelumnya terhenti sesudah surel diserahkan ke "
                   "server, sebelum server menjawab; dianggap terkirim (tanyakan penerima; bila belum sampai, "
                   "kirim ulang ke yang tidak pasti saja dengan --ulang-tidak-pasti)")
    if not ya:
        for r in out.pending:
            click.echo(f"akan dikirim: {r.name} <{r.address}>")
        click.echo(f"{len(out.pending)} surel siap dikirim lewat {project.config.surel.smtp.host}. "
                   "Jalankan lagi dengan --ya untuk mengirim.")
        return
    for r in out.sent:
        click.echo(f"terkirim: {r.name} <{r.address}>")
    for r, why in out.failed:
        click.echo(f"GAGAL: {r.name} <{r.address}> — {why}", err=True)
    for r, why in out.unsure:
        click.echo(f"TIDAK PASTI: {r.name} <{r.address}> — {why}; dianggap terkirim (tanyakan penerima; bila belum "
                   "sampai, kirim ulang ke yang tidak pasti saja dengan --ulang-tidak-pasti)", err=True)
    for r in out.untried:
        click.echo(f"BELUM DICOBA: {r.name} <{r.address}>", err=True)
    summary = [f"{out.tried} dicoba", f"{len(out.sent)} terkirim"]
    summary += [f"{len(out.unsure)} tidak pasti"] if out.unsure else []
    summary += [f"{len(out.failed)} gagal", f"{len(out.untried)} belum dicoba",
                f"{len(out.already)} sudah pernah dikirim"]
    click.echo(f"Selesai: {', '.join(summary)}.")
    if out.failed or out.untried or out.unsure:
        from rapatgen.text.errors import RapatgenError

        missing = len(out.failed) + len(out.untried)
        why = (f"{len(out.failed)} surel gagal dikirim" + (f", {len(out.untried)} belum dicoba karena sambungan "
                                                            "ke server terputus" if out.untried else ""))
        raise RapatgenError((f"{why}; jalankan lagi perintah yang sama — hanya {missing} surel yang belum terkirim "
                             "itu yang dikirim" if missing else
                             f"{len(out.unsure)} surel tidak pasti terkirim (lihat di atas)"))


@main.command()
@click.option("--tahun", type=int, help="hanya nomor tahun ini")
@click.option("--xlsx", "xlsx_path", type=PathArg(), help="tulis juga sebagai XLSX ke berkas ini")
@proyek_option
def nomor(tahun: int | None, xlsx_path: Path | None, proyek: str | None) -> None:
    """Buku agenda surat keluar: semua nomor surat yang diberikan atau dicatat rapatgen."""
    from rapatgen.text.errors import display_path
    from rapatgen.build.register import Register, to_table, to_xlsx
    from rapatgen.files.atomic import write_atomic

    register = Register.load(_root(proyek))
    click.echo(to_table(register, tahun))
    if xlsx_path:
        write_atomic(xlsx_path, to_xlsx(register, tahun))
        click.echo(f"Ditulis: {display_path(xlsx_path)}")


@main.command()
@click.option("--per", "as_of", help="tanggal acuan status tindak lanjut (TTTT-BB-HH); bawaan: hari ini")
@proyek_option
def ekspor(as_of: str | None, proyek: str | None) -> None:
    """Menulis indikator, realisasi, dan tindak lanjut proyek sebagai CSV dan JSON (outputs/ekspor/)."""
    from rapatgen.check.project import load_project
    from rapatgen.report.ekspor import write_export
    from rapatgen.resolve.context import Context
    from rapatgen.text.errors import display_path

    project = load_project(_root(proyek))
    day = _parse_day(as_of, "--per") or date.today()
    ctx = Context(project.config, project.directory, project.root, day, [mf.model for mf in project.meetings])
    for path in write_export(project, ctx, day):
        click.echo(f"Ditulis: {display_path(path)}")


@main.group()
def followup() -> None:
    """Tindak lanjut kesepakatan dan arahan lintas rapat."""


@followup.command("list")
@click.option("--pj", help="hanya penanggung jawab ini (id instansi, atau id kelompok)")
@click.option("--status", type=click.Choice(["belum", "proses", "selesai", "tidak_dapat", "terlambat", "dilanjutkan"]))
@click.option("--rapat", help="hanya rapat ini (id rapat)")
@click.option("--terlambat", is_flag=True, help="hanya yang melewati batas waktu")
@click.option("--semua", is_flag=True, help="termasuk yang sudah selesai/tidak dapat/dilanjutkan")
@click.option("--per", "as_of", help="tanggal acuan (TTTT-BB-HH); bawaan: hari ini")
@click.option("--json", "as_json", is_flag=True, help="keluaran JSON")
@click.option("--csv", "as_csv", is_flag=True, help="keluaran CSV")
@proyek_option
def followup_list(pj, status, rapat, terlambat, semua, as_of, as_json, as_csv, proyek) -> None:
    """Menampilkan butir tindak lanjut yang masih terbuka di semua rapat."""
    from rapatgen.resolve.followups import collect
    from rapatgen.followup.listing import as_records, filtered, to_csv, to_json, to_table
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context

    project = load_project(_root(proyek))
    day = _parse_day(as_of, "--per") or date.today()
    _known(project, pj=pj, rapat=rapat)
    ctx = Context(project.config, project.directory, project.root, day)
    everything = collect([m.model for m in project.meetings], day, project.directory, ctx.team)
    items = filtered(everything, pj=pj, status=status, rapat=rapat, terlambat=terlambat, semua=semua)
    scope = filtered(everything, pj=pj, rapat=rapat, semua=True)  # every status: the completion figure
    label = " " + ", ".join(x for x in (ctx.institution_short(pj) if pj else "", rapat or "") if x) if pj or rapat else ""
    if as_json:
        click.echo(to_json(as_records(ctx, items, day, everything), day, scope))
    elif as_csv:
        click.echo(to_csv(as_records(ctx, items, day, everything)), nl=False)
    else:
        click.echo(to_table(ctx, items, day, everything, scope, label))


def _known(project, pj: str | None, rapat: str | None) -> None:
    from rapatgen.text.errors import UsageError
    from rapatgen.text.suggest import suggest

    known = {**project.directory.instansi, **project.directory.kelompok}
    if pj and pj not in known:
        hint = suggest(pj, known)
        raise UsageError(f"--pj '{pj}' tidak ada di direktori" + (f" — maksud Anda '{hint}'?" if hint else ""))
    if rapat:
        project.meeting(rapat)


@followup.command("set")
@click.argument("butir")
@click.argument("status", type=click.Choice(["belum", "proses", "selesai", "tidak_dapat"]))
@click.option("--catatan", help="catatan singkat (wajib untuk tidak_dapat: alasannya)")
@click.option("--bukti", multiple=True, help="nama dokumen atau tautan bukti dukung (boleh diulang)")
@click.option("--tanggal", help="tanggal perubahan (TTTT-BB-HH); bawaan: hari ini")
@click.option("--paksa", is_flag=True, help="izinkan membuka kembali butir yang sudah selesai/tidak dapat")
@click.option("--anggota", help="anggota kelompok (id instansi), bila pj butir adalah kelompok")
@click.option("--sesi", type=click.IntRange(min=1), help="nomor sesi, bila batas waktu dihitung per sesi")
@click.option("--periode", help="periode komitmen berulang, TTTT-BB, mis. 2025-04")
@proyek_option
def followup_set(butir, status, catatan, bukti, tanggal, paksa, anggota, sesi, periode, proyek) -> None:
    """Mencatat perubahan status BUTIR (ID-RAPAT/ID-BUTIR) di berkas rapatnya.

    Butir yang dipantau per anggota, sesi, atau periode: tambahkan @bagian pada id
    (mis. rakor-…/K4@pemkab_kukar, …/K1@sesi-2, …/K5@2025-04) atau --anggota/--sesi/--periode.
    """
    from rapatgen.text.errors import UsageError, display_path
    from rapatgen.followup.edit import Change, record
    from rapatgen.check.project import load_project

    project = load_project(_root(proyek))
    today = date.today()
    day = _parse_day(tanggal, "--tanggal") or today
    if periode:
        from rapatgen.model.occurrences import parse_suffix

        periode = parse_suffix([periode]).get("periode")
        if periode is None:
            raise UsageError("--periode ditulis TTTT-BB, mis. 2025-04")
    change = Change(status, day, catatan, tuple(bukti), paksa, anggota, sesi, periode)
    path = record(project, butir, change, today)
    where = "".join(f"@{x}" for x in (anggota, f"sesi-{sesi}" if sesi else None, periode) if x and f"@{x}" not in butir)
    click.echo(f"Dicatat: {butir}{where} → {status} per {day.isoformat()} di {display_path(path)}")


@followup.command("minta")
@click.option("--per", "as_of", required=True, help="tanggal acuan status (TTTT-BB-HH), mis. 2025-03-31")
@click.option("--pj", help="hanya perangkat daerah ini (id instansi)")
@click.option("--tanggal", help="tanggal surat (TTTT-BB-HH); bawaan: tanggal acuan")
@click.option("--batas", help="batas pengembalian formulir (TTTT-BB-HH); bawaan: 14 hari setelah tanggal surat")
@click.option("--urut", type=click.IntRange(min=1), help="nomor urut buku agenda surat pertama (berikutnya +1)")
@click.option("--srikandi", is_flag=True, help="surat siap unggah ke SRIKANDI (nomor, tanggal, tanda tangan diisi SRIKANDI)")
@proyek_option
def followup_minta(as_of, pj, tanggal, batas, urut, srikandi, proyek) -> None:
    """Menulis surat permintaan laporan dan formulir XLSX untuk setiap OPD yang punya butir terbuka."""
    from datetime import timedelta

    from rapatgen.distribute.requests import make_requests
    from rapatgen.text.errors import display_path
    from rapatgen.resolve.followups import collect
    from rapatgen.check.project import load_project
    from rapatgen.render import RENDERERS
    from rapatgen.resolve.context import Context
    from rapatgen.files.atomic import write_atomic

    project = load_project(_root(proyek))
    per = _parse_day(as_of, "--per")
    _refuse_links(project, [project.output_dir / f"permintaan-{per.isoformat()}"])  # letters, forms, the form key
    letter_day = _parse_day(tanggal, "--tanggal") or per
    due = _parse_day(batas, "--batas") or letter_day + timedelta(days=14)
    _known(project, pj=pj, rapat=None)
    ctx = Context(project.config, project.directory, project.root, per, [mf.model for mf in project.meetings])
    items = collect([mf.model for mf in project.meetings], per, project.directory, ctx.team)
    requests = make_requests(ctx, project.root, items, per, only=pj, letter_day=letter_day, due=due, urut=urut,
                             numbered=not srikandi)
    if not requests:
        click.echo(f"Tidak ada butir tindak lanjut yang terbuka per {per.isoformat()}; tidak ada surat yang ditulis.")
        return
    folder = project.output_dir / f"permintaan-{per.isoformat()}"
    for req in requests:
        if srikandi:
            from rapatgen.distribute.srikandi import for_srikandi
        letter = for_srikandi(req.letter) if srikandi else req.letter
        stem = f"surat-permintaan-{req.opd}" + ("-srikandi" if srikandi else "")
        for fmt in ("docx", "pdf"):
            click.echo(f"ditulis: {display_path(write_atomic(folder / f'{stem}.{fmt}', RENDERERS[fmt](letter)))}")
        click.echo(f"ditulis: {display_path(write_atomic(folder / req.form_name, req.form))}")
    click.echo(f"Selesai: surat permintaan dan formulir untuk {len(requests)} perangkat daerah di {display_path(folder)}.")


@followup.command("impor")
@click.argument("formulir", nargs=-1, required=True, type=PathArg())
@click.option("--ya", is_flag=True, help="catat perubahan yang valid ke berkas rapat (tanpa ini hanya ditampilkan)")
@click.option("--per", "as_of", help="tanggal penerimaan (TTTT-BB-HH); bawaan: hari ini")
@proyek_option
def followup_impor(formulir, ya, as_of, proyek) -> None:
    """Membaca formulir tindak lanjut yang dikembalikan OPD, memeriksa, lalu mencatatnya (--ya).

    Tanpa --ya hanya ditampilkan; dengan --ya dicatat persis yang ditampilkan, sesudah semua
    baris semua formulir diperiksa.
    """
    from contextlib import nullcontext

    from rapatgen.text.errors import UsageError
    from rapatgen.check.project import load_project
    from rapatgen.files.atomic import project_lock

    root = _root(proyek)
    project = load_project(root)
    _refuse_links(project, [])  # the project lock and the meeting files' locks live under .rapatgen/
    today = _parse_day(as_of, "--per") or date.today()
    if today > date.today():
        raise UsageError(f"--per {today.isoformat()} belum terjadi — tulis tanggal penerimaan formulir, paling lambat "
                         "hari ini")
    for path in formulir:
        if not path.is_file():
            raise UsageError(f"'{path}' tidak ditemukan — beri nama berkas formulir .xlsx")
    # --ya holds the project lock from reading to recording: two imports of one form at once
    # record each row once (the second reads what the first recorded)
    with project_lock(project.output_dir, waiting=click.echo) if ya else nullcontext():
        if ya:
            project = load_project(root)  # read again under the lock: another import may have recorded
        _impor(project, formulir, ya, today)


def _impor(project, formulir, ya: bool, today) -> None:
    from rapatgen.distribute.imports import apply, plan_import
    from rapatgen.resolve.status import LABELS
    from rapatgen.text.errors import RapatgenError

    plan = plan_import(project, list(formulir), today)  # every row of every form checked: what --ya records
    for message in plan.refused:
        click.echo(f"DITOLAK {message}")
    if plan.refused:
        raise RapatgenError(f"{len(plan.refused)} formulir ditolak — tidak ada yang dicatat dari formulir mana pun")
    for reading in plan.readings:
        inst = project.directory.instansi.get(reading.opd)
        click.echo(f"{reading.path.name} ({inst.nama if inst else reading.opd}):")
        for r in reading.changes:
            extra = "; ".join(x for x in (r.catatan, ", ".join(r.bukti)) if x)
            click.echo(f"  {r.id}: {r.before} → {LABELS[r.status]} per {r.tanggal.isoformat()}" + (f" — {extra}" if extra else ""))
        for line in reading.recorded:
            click.echo(f"  SUDAH TERCATAT {line}")
        for line in reading.conflicts:
            click.echo(f"  KONFLIK {line}")
        for line in reading.problems:
            click.echo(f"  DILEWATI {line}")
        if not (reading.changes or reading.conflicts or reading.problems or reading.recorded):
            click.echo("  tidak ada isian baru")
    total, left, known = plan.changes, plan.left, plan.known
    if not ya:
        already = f", {known} sudah tercatat sebelumnya (tidak dicatat lagi)" if known else ""
        click.echo(f"{total} perubahan siap dicatat{already}, {left} baris dilewati. "
                   "Jalankan lagi dengan --ya untuk mencatatnya.")
        return
    apply(plan)
    already = f"; {known} sudah tercatat sebelumnya (tidak dicatat lagi)" if known else ""
    click.echo(f"Dicatat: {total} perubahan{already}; {left} baris dilewati (lihat di atas).")
    if left:
        raise RapatgenError(f"{left} baris tidak dicatat — perbaiki formulirnya atau catat manual dengan 'rapatgen followup set'")


@main.group(context_settings=CONTEXT, invoke_without_command=True)
@click.option("--tahun", type=int, help="tahun rapat yang dihitung; bawaan: tahun tanggal 'per' ekspor terbaru")
@click.option("--tanggal", help="tanggal dokumen (TTTT-BB-HH); bawaan: hari ini")
@click.option("--timpa", is_flag=True, help="timpa juga rekap yang sudah diubah manual")
@click.option("--batas", help="batas waktu laporan kab/kota (TTTT-BB-HH): ekspor sesudahnya ditandai terlambat")
@proyek_option
@click.pass_context
def rekap(ctx, tahun: int | None, tanggal: str | None, timpa: bool, batas: str | None, proyek: str | None) -> None:
    """Rekap TKPK provinsi dari berkas ekspor kab/kota (XLSX, Word, PDF di outputs/laporan/).

    Simpan dulu berkas kiriman kab/kota dengan 'rapatgen rekap impor FOLDER'.
    """
    if ctx.invoked_subcommand is not None:
        return
    from rapatgen.check.project import load_project
    from rapatgen.report.rekap_run import write_rekap
    from rapatgen.text.errors import display_path

    project = load_project(_root(proyek))
    for path in write_rekap(project, tahun, _parse_day(tanggal, "--tanggal"), overwrite=timpa, warn=click.echo,
                            batas=_parse_day(batas, "--batas")):
        click.echo(f"ditulis: {display_path(path)}")


@rekap.command("impor")
@click.argument("folder", type=PathArg())
@proyek_option
def rekap_impor(folder, proyek) -> None:
    """Membaca berkas ekspor kab/kota di FOLDER (mis. kabkota/<id>/ekspor.json), memeriksa, lalu menyimpannya.

    Setiap berkas diperiksa terhadap skema ekspor dan harus dari kab/kota provinsi ini; satu berkas
    ditolak = tidak ada yang disimpan. Berkas yang sama atau yang lebih lama tidak mengubah apa pun.
    """
    from rapatgen.check.project import load_project
    from rapatgen.report.rekap_impor import import_exports
    from rapatgen.text.errors import RapatgenError, UsageError, display_path

    if not folder.exists():
        raise UsageError(f"'{display_path(folder)}' tidak ditemukan — beri folder berisi berkas ekspor kab/kota")
    project = load_project(_root(proyek))
    plan = import_exports(project, folder, waiting=click.echo)
    for message in plan.refused:
        click.echo(f"DITOLAK {message}")
    if plan.refused:
        raise RapatgenError(f"{len(plan.refused)} berkas ditolak — tidak ada yang disimpan dari berkas mana pun")
    for got, path, what in plan.stored:
        click.echo(f"Disimpan: {display_path(path)} ← {display_path(got.path)} ({what})")
    for line in plan.unchanged:
        click.echo(f"TIDAK BERUBAH {line}")
    click.echo(f"{len(plan.stored)} berkas disimpan, {len(plan.unchanged)} tidak mengubah apa pun.")
    _status_report(plan.status)


STATUS_LINES = 50  # per kind; a province has 38 kab/kota at most with a few agreements each


def _status_report(status) -> None:
    """What `rekap impor` recorded in the provincial tracker from the kab/kota's reports, and what it did not."""
    from rapatgen.report.rekap_status import DIPUTUSKAN, KONFLIK, SAMA, TIDAK_DIKENAL
    from rapatgen.text.errors import RapatgenError

    unknown = status.of(TIDAK_DIKENAL)
    for word, lines in (("DICATAT", [j.pesan for j in status.dicatat]),
                        ("KONFLIK", [j.pesan for j in status.of(KONFLIK)]),
                        ("DIPUTUSKAN", [j.pesan for j in status.of(DIPUTUSKAN)]),
                        ("TIDAK DIKENAL", [f"{j.where}: {j.pesan}" for j in unknown]),
                        ("TIDAK DICATAT", status.gagal)):
        for line in lines[:STATUS_LINES]:
            click.echo(f"{word} {line}")
        if len(lines) > STATUS_LINES:  # a damaged or generated file: the first ones say what is wrong
            click.echo(f"{word} … dan {len(lines) - STATUS_LINES} lainnya")
    if status.jawaban:
        click.echo(f"Kesepakatan provinsi: {len(status.dicatat)} status anggota dicatat dari laporan kab/kota, "
                   f"{len(status.of(KONFLIK))} konflik (diputuskan sekretariat), "
                   + (f"{len(status.of(DIPUTUSKAN))} sudah diputuskan sekretariat, " if status.of(DIPUTUSKAN) else "")
                   + f"{len(status.of(SAMA))} sama dengan yang tercatat.")
    if unknown or status.gagal:
        raise RapatgenError(f"{len(unknown) + len(status.gagal)} laporan kab/kota atas kesepakatan provinsi tidak "
                            "dicatat (lihat di atas); berkas ekspornya tetap disimpan")


@main.group(context_settings=CONTEXT)
def laporan() -> None:
    """Laporan tahunan dan triwulan TKPK, disusun dari data proyek (Word dan PDF di outputs/laporan/)."""


@laporan.command("lp2kd")
@click.argument("tahun", type=int, metavar="TAHUN…", nargs=-1, required=True)
@click.option("--per", "as_of", help="tanggal acuan status (TTTT-BB-HH); bawaan: 31 Desember TAHUN, atau hari ini "
                                     "bila tahunnya masih berjalan")
@click.option("--tanggal", help="tanggal tanda tangan (TTTT-BB-HH); bawaan: hari ini")
@click.option("--timpa", is_flag=True, help="timpa juga laporan yang sudah diubah manual")
@proyek_option
def laporan_lp2kd(tahun: tuple[int, ...], as_of: str | None, tanggal: str | None, timpa: bool,
                  proyek: str | None) -> None:
    """Menulis draf LP2KD (Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah) TAHUN (boleh lebih dari satu)."""
    from rapatgen.check.project import load_project
    from rapatgen.report.lp2kd_run import write_lp2kd
    from rapatgen.text.errors import display_path

    project = load_project(_root(proyek))
    written = write_lp2kd(project, list(tahun), _parse_day(as_of, "--per"), _parse_day(tanggal, "--tanggal"),
                          overwrite=timpa, warn=click.echo)
    for path in written:
        click.echo(f"ditulis: {display_path(path)}")


@laporan.command("ppke")
@click.argument("tahun", type=int, metavar="TAHUN")
@click.option("--triwulan", type=int, help="triwulan 1–4 (Inpres 4/2022: laporan tiap 3 bulan)")
@click.option("--semester", type=int, help="semester 1–2 (Inpres 8/2025: laporan tiap 6 bulan)")
@click.option("--tanggal", help="tanggal surat pengantar (TTTT-BB-HH); bawaan: hari ini")
@click.option("--timpa", is_flag=True, help="timpa juga laporan yang sudah diubah manual")
@proyek_option
def laporan_ppke(tahun: int, triwulan: int | None, semester: int | None, tanggal: str | None, timpa: bool,
                 proyek: str | None) -> None:
    """Menulis paket laporan PPKE: Matriks 1, Matriks 2 dengan skor insentif, dan surat pengantar."""
    from rapatgen.check.project import load_project
    from rapatgen.report.ppke_run import write_ppke
    from rapatgen.text.errors import display_path

    project = load_project(_root(proyek))
    for path in write_ppke(project, tahun, triwulan, semester, _parse_day(tanggal, "--tanggal"), overwrite=timpa,
                           warn=click.echo):
        click.echo(f"ditulis: {display_path(path)}")


def _parse_day(text: str | None, option: str):
    if text is None:
        return None
    from rapatgen.text.errors import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}' bukan tanggal — tulis TTTT-BB-HH, mis. 2025-03-12") from None


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="rapatgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
