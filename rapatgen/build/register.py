"""The register of outgoing letter numbers (buku agenda surat keluar) of a project.

`buku-agenda-surat-keluar.csv` in the project folder (next to rapatgen.yaml, not under
outputs/, so deleting outputs never resets the numbering) lists every letter number the
project uses: numbers rapatgen assigned and numbers typed by hand in a meeting file.

- A letter is identified by a key: `<meeting>/undangan`, or `<meeting>/undangan/sesi-<n>` for
  each session of a series (each session's letter is a letter of its own).
- `assign` gives a letter the next agenda number of its year — one more than the highest
  number ever recorded that year — and the same number again on every later build. Entries
  are never removed, so the number of a deleted meeting is never given again.
- `record` notes a hand-typed number and refuses one that another letter already has.
- Every change happens under a file lock and is written atomically.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from rapatgen.text.cells import csv_safe, csv_unsafe
from rapatgen.text.errors import RapatgenError, display_path
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context, letter_key

REGISTER_NAME = "buku-agenda-surat-keluar.csv"
LOCK_TIMEOUT_S = 60
AUTO, MANUAL, BATAL = "otomatis", "manual", "diganti"  # diganti: an assigned number the letter no longer uses


class DuplicateNumber(RapatgenError):
    """A hand-typed letter number that the register already gives to another letter."""


@dataclass
class Entry:
    kunci: str
    tahun: int
    urut: int | None
    nomor: str
    tanggal: str  # ISO date of the letter
    hal: str
    rapat: str
    dokumen: str
    sumber: str  # otomatis | manual
    dicatat: str  # when it was first recorded (ISO date)


FIELDS = list(Entry.__dataclass_fields__)


class Register:
    def __init__(self, root: Path, entries: dict[str, Entry] | None = None):
        self.root = Path(root)
        self.path = self.root / REGISTER_NAME
        self.entries: dict[str, Entry] = entries if entries is not None else {}
        self.dirty = False

    # --- reading ------------------------------------------------------------------
    @classmethod
    def load(cls, root: Path) -> "Register":
        """The register as it is on disk (read-only use; empty when there is none yet)."""
        reg = cls(root)
        try:
            text = reg.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return reg
        except IsADirectoryError:
            raise RapatgenError(f"{display_path(reg.path)} adalah sebuah folder, padahal di sini rapatgen mencatat nomor "
                                "surat — pindahkan atau ganti nama folder itu") from None
        except OSError as exc:
            raise RapatgenError(f"{display_path(reg.path)} tidak dapat dibaca ({exc.strerror}) — periksa izin "
                                "berkas itu") from None
        for i, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
            try:
                row = {k: csv_unsafe(v) if isinstance(v, str) else v for k, v in row.items()}
                entry = Entry(kunci=row["kunci"], tahun=int(row["tahun"]), urut=int(row["urut"]) if row["urut"] else None,
                              nomor=row["nomor"], tanggal=row["tanggal"], hal=row["hal"], rapat=row["rapat"],
                              dokumen=row["dokumen"], sumber=row["sumber"], dicatat=row["dicatat"])
            except (KeyError, ValueError, TypeError):
                raise RapatgenError(f"{REGISTER_NAME}:{i}: baris buku agenda tidak dapat dibaca — pulihkan berkas itu "
                                    "(mis. dari cadangan atau riwayat git); nomor surat tidak diberikan") from None
            reg.entries[entry.kunci] = entry
        return reg

    def number(self, key: str) -> str | None:
        entry = self.entries.get(key)
        return entry.nomor if entry else None

    def rows(self) -> list[Entry]:
        """Entries in agenda order: year, number, then date."""
        return sorted(self.entries.values(), key=lambda e: (e.tahun, e.urut or 0, e.tanggal, e.kunci))

    # --- changing (under `editing`) ---------------------------------------------------
    @classmethod
    @contextmanager
    def editing(cls, root: Path):
        """Load under the register's lock, yield it, save atomically if it changed."""
        from filelock import FileLock, Timeout

        from rapatgen.files.atomic import write_failed

        from rapatgen.files.state import lock_path, remove_old_lock

        try:
            path = lock_path(root, Path(REGISTER_NAME).stem)  # .rapatgen/kunci/, not beside the register
        except OSError as exc:
            raise write_failed(exc, Path(root) / ".rapatgen" / "kunci") from None
        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=LOCK_TIMEOUT_S)
        except Timeout:
            raise RapatgenError(f"{REGISTER_NAME} sedang dipakai proses lain lebih dari {LOCK_TIMEOUT_S} detik — "
                                "coba lagi sebentar lagi") from None
        except OSError as exc:  # an unwritable lock file or project folder, a folder in its place
            raise write_failed(exc, path) from None
        try:
            remove_old_lock(Path(root) / (REGISTER_NAME + ".lock"))  # where earlier versions kept it
            reg = cls.load(root)
            yield reg
            if reg.dirty:
                reg.save()
        finally:
            lock.release()

    def assign(self, key: str, day: date, hal: str, meeting: str, document: str, make_number, first: int = 1) -> str:
        """The letter's number: its recorded one, else the next agenda number of `day`'s year.

        `make_number(urut)` turns the agenda number into the full letter number (the project's pattern);
        `first` is the lowest number rapatgen gives in that year (`penomoran.mulai`: the office's
        agenda book had already reached it when the project started).
        """
        entry = self.entries.get(key)
        if entry is not None and entry.sumber == AUTO:
            return entry.nomor
        urut = max((e.urut or 0 for e in self.entries.values() if e.tahun == day.year), default=0) + 1
        urut = max(urut, first)
        nomor = make_number(urut)
        self._check_free(key, day.year, urut, nomor, meeting, document)
        self._put(Entry(key, day.year, urut, nomor, day.isoformat(), hal, meeting, document, AUTO,
                        entry.dicatat if entry else datetime.now().date().isoformat()))
        return nomor

    def record(self, key: str, day: date, hal: str, meeting: str, document: str, nomor: str,
               urut: int | None) -> None:
        """Note a hand-typed number; refuse it when another letter has it already."""
        entry = self.entries.get(key)
        if entry is not None and entry.nomor == nomor and entry.urut == urut and entry.sumber == MANUAL:
            return
        self._check_free(key, day.year, urut, nomor, meeting, document)
        self._put(Entry(key, day.year, urut, nomor, day.isoformat(), hal, meeting, document, MANUAL,
                        entry.dicatat if entry else datetime.now().date().isoformat()))

    def _check_free(self, key: str, year: int, urut: int | None, nomor: str, meeting: str, document: str) -> None:
        for other in self.entries.values():
            if other.kunci == key or other.kunci.startswith(key + "~"):
                continue
            if other.tahun == year and (other.nomor == nomor or (urut is not None and other.urut == urut)):
                raise DuplicateNumber(
                    f"nomor surat '{nomor}' untuk {document} rapat {meeting} sudah tercatat di {REGISTER_NAME} "
                    f"untuk {other.dokumen} rapat {other.rapat} (tanggal {other.tanggal}) — satu nomor hanya untuk "
                    f"satu surat: ganti 'urut'/'nomor' di berkas rapat, atau hapus keduanya agar rapatgen memberi "
                    f"nomor berikutnya")

    def _put(self, entry: Entry) -> None:
        old = self.entries.get(entry.kunci)
        if old is not None and old.sumber == AUTO and old.nomor != entry.nomor:
            # an assigned number stays given (never handed out again) even when the letter now has another
            self.entries[f"{old.kunci}~{old.urut}"] = Entry(**{**asdict(old), "kunci": f"{old.kunci}~{old.urut}",
                                                               "sumber": BATAL})
        self.entries[entry.kunci] = entry
        self.dirty = True

    def save(self) -> None:
        from rapatgen.files.atomic import write_atomic

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for entry in self.rows():
            # hal, nomor and the meeting come from YAML: a spreadsheet must never read them as a formula
            writer.writerow({k: ("" if v is None else csv_safe(v)) for k, v in asdict(entry).items()})
        write_atomic(self.path, out.getvalue().encode("utf-8"))
        self.dirty = False


# --- the letters of a meeting ------------------------------------------------------------------


def letters_of(m) -> list[tuple[str, object, int | None]]:
    """(key, own, session number) of every numbered letter of a meeting: one, or one per series session.

    `own` is where a hand-typed number would be (the session in a series, else `undangan`).
    """
    if m.undangan is None:
        return []
    if m.rangkaian:
        return [(letter_key(m.id, i), s, i) for i, s in enumerate(m.sesi, 1)]
    return [(letter_key(m.id), m.undangan, None)]


def number_letters(ctx, meetings, register: Register) -> None:
    """Record hand-typed numbers and assign the missing ones, meetings in date order (deterministic)."""
    ordered = sorted(meetings, key=lambda x: (x.undangan.tanggal if x.undangan else date.min, x.id))
    # hand-typed numbers first, so an assigned number follows the highest one the secretariat used
    for m in ordered:
        for key, own, session in letters_of(m):
            if own.nomor or own.urut:
                u = m.undangan
                register.record(key, u.tanggal, u.hal, m.id, _label(session),
                                ctx.letter_number(m, own if session else None), own.urut if not own.nomor else None)
    if not ctx.config.penomoran.otomatis:
        return
    for m in ordered:
        for key, own, session in letters_of(m):
            if not (own.nomor or own.urut):
                u = m.undangan
                register.assign(key, u.tanggal, u.hal, m.id, _label(session),
                                lambda urut, m=m: ctx.number_from_pattern(m, urut),
                                first=ctx.config.penomoran.mulai.get(u.tanggal.year, 1))


def _label(session: int | None) -> str:
    return "surat undangan" + (f" sesi {session}" if session else "")


# --- showing the register (rapatgen nomor) -----------------------------------------------------

COLUMNS = [("No. Urut", "urut", 9), ("Nomor Surat", "nomor", 30), ("Tanggal", "tanggal", 12), ("Hal", "hal", 40),
           ("Rapat", "rapat", 34), ("Dokumen", "dokumen", 24), ("Asal Nomor", "sumber", 12)]


def _cells(entry: Entry) -> list[str]:
    return ["" if getattr(entry, f) is None else str(getattr(entry, f)) for _, f, _ in COLUMNS]


def to_table(register: Register, year: int | None = None) -> str:
    rows = [e for e in register.rows() if year is None or e.tahun == year]
    if not rows:
        return f"Belum ada nomor surat tercatat di {REGISTER_NAME}" + (f" untuk tahun {year}." if year else ".")
    head = [title for title, _, _ in COLUMNS]
    body = [_cells(e) for e in rows]
    widths = [min(w, max(len(r[i]) for r in body + [head])) for i, (_, _, w) in enumerate(COLUMNS)]

    def line(cells):
        return "  ".join((c if len(c) <= w else c[:w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(head)] + [line(r) for r in body] + [f"{len(rows)} nomor surat."])


def to_xlsx(register: Register, year: int | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from rapatgen.render.xlsxcell import put
    from rapatgen.render.zipfix import reproducible

    wb = Workbook()
    ws = wb.active
    ws.title = "Buku Agenda Surat Keluar"
    for j, (title, _, width) in enumerate(COLUMNS, 1):
        put(ws, 1, j, title).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
    rows = [e for e in register.rows() if year is None or e.tahun == year]
    for i, entry in enumerate(rows, 2):
        for j, (_, f, _) in enumerate(COLUMNS, 1):
            value = getattr(entry, f)
            put(ws, i, j, value if f == "urut" else ("" if value is None else str(value)))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=max(1, len(rows) + 1), column=len(COLUMNS)).coordinate}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return reproducible(buffer.getvalue())


def _letter_numbers(ctx: Context, root: Path, meetings: list[Rapat], dry_run: bool) -> dict[str, str]:
    """Numbers of the letters from the project's register, assigning missing ones (a dry run only shows them)."""
    from rapatgen.build.register import Register, number_letters

    if dry_run:
        register = Register.load(root)
        number_letters(ctx, meetings, register)
    else:
        with Register.editing(root) as register:
            number_letters(ctx, meetings, register)
    return {key: entry.nomor for key, entry in register.entries.items()}
