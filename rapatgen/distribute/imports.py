"""`rapatgen followup impor`: read returned forms, check every row, show the changes, and
(with --ya) record exactly what was shown.

One path for the preview and --ya: `plan_import` reads every form (`formfile`: bounded,
no entity or zip bombs), checks every row and applies each accepted change to the meeting
file's text in memory, one after another, through the same checks `followup set` makes
(`edit.changed_text`: the text rule, the occurrence, the transition, the file valid after).
The preview prints the plan; --ya writes the planned texts, after every row of every form
was checked, under each file's lock, and only if no file changed since it was read.

Refused outright (nothing recorded at all): a file that is not a rapatgen form, a form
issued by another project (other key), a row whose id or seal was altered, a damaged
hidden sheet. Per row, reported and left out: an unknown status, a formula without a
saved value, a date in the future or before the meeting, a change going backwards, text
no document may hold, and an item changed in the YAML since the form was issued (conflict:
never overwritten). A row whose report is already in the item's history (a second run
after an interrupted one, the same form given twice) is shown as recorded, not again.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rapatgen.distribute.formfile import BadForm, FormFile, read_form_file
from rapatgen.distribute.requests import (FORM_VERSION, STATUS_CHOICES, fingerprint, project_id, project_key,
                                          row_seal)
from rapatgen.text.errors import InvalidInput, RapatgenError

KEYS = {v: v for v in STATUS_CHOICES.values()}
FILL_IN = {7: "G (status baru)", 8: "H (catatan)", 9: "I (bukti)", 10: "J (tanggal perubahan)"}

@dataclass
class Row:
    row: int
    id: str
    status: str
    tanggal: date
    catatan: str | None
    bukti: tuple[str, ...]
    before: str  # label of the current status


@dataclass
class Reading:
    path: Path
    opd: str
    changes: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows left out, with why
    conflicts: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)  # rows whose report is already in the YAML


@dataclass
class Pending:
    """A meeting file as read, and its text with every accepted change of this import."""

    original: str
    bom: bool
    text: str


@dataclass
class Plan:
    readings: list[Reading] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # whole files refused: nothing is recorded
    files: dict[Path, Pending] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return sum(len(r.changes) for r in self.readings)

    @property
    def known(self) -> int:
        return sum(len(r.recorded) for r in self.readings)

    @property
    def left(self) -> int:
        return sum(len(r.conflicts) + len(r.problems) for r in self.readings)


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value) -> date | None:
    """The date a cell holds; ValueError with the message for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"tanggal '{text[:40]}' tidak dikenali — tulis mis. 28-03-2025")


# --- the hidden sheet -----------------------------------------------------------------------------------
def _sealed_rows(form: FormFile, key: bytes | None) -> tuple[str, list[tuple[int, str, str]]]:
    """(OPD, [(form row, item id, fingerprint)]) when the hidden sheet is this project's and intact."""
    name = form.path.name
    head = form.head
    if len(head) < 3 or head[0] != FORM_VERSION:
        raise BadForm(f"{name}: bukan formulir tindak lanjut rapatgen versi ini (lembar penandanya tidak cocok)")
    # compared as bytes: compare_digest refuses a str with non-ASCII characters (a tampered sheet)
    if key is None or not isinstance(head[1], str) or not hmac.compare_digest(head[1].encode("utf-8", "replace"),
                                                                               project_id(key).encode("ascii")):
        raise BadForm(f"{name}: diterbitkan oleh proyek lain (atau kunci formulir proyek ini, "
                      ".rapatgen/kunci-formulir, hilang) — formulir ditolak, tidak ada yang dicatat")
    opd = head[2]
    if not isinstance(opd, str) or not opd:
        raise BadForm(f"{name}: lembar penanda formulir rusak (perangkat daerah tidak tertulis) — formulir ditolak")
    rows, seen_rows, seen_ids = [], set(), set()
    for n, sealed in enumerate(form.sealed, 2):
        if all(v is None for v in sealed):
            continue
        values = list(sealed) + [None] * 4
        row, item_id, fp, seal = values[:4]
        if not (isinstance(row, int) and not isinstance(row, bool) and row in form.values
                and all(isinstance(v, str) for v in (item_id, fp, seal)) and not any(v is not None for v in values[4:6])):
            raise BadForm(f"{name}: lembar penanda formulir rusak atau diubah (baris {n}) — formulir ditolak, "
                          "tidak ada yang dicatat")
        if not hmac.compare_digest(seal.encode("utf-8", "replace"),
                                   row_seal(key, opd, row, item_id, fp).encode("ascii")):
            raise BadForm(f"{name}: segel baris {row} tidak cocok — formulir diubah di luar kolom isian; ditolak")
        if row in seen_rows or item_id in seen_ids:
            raise BadForm(f"{name}: baris {row} ({item_id}) tercatat dua kali di lembar penanda — formulir ditolak")
        seen_rows.add(row)
        seen_ids.add(item_id)
        shown = _text(form.values[row][1])
        if shown != item_id or 2 in form.formulas.get(row, ()):
            raise BadForm(f"{name} baris {row}: id butir '{shown}' diubah (semula '{item_id}') — formulir ditolak")
        rows.append((row, item_id, fp))
    return opd, rows


# --- the plan -------------------------------------------------------------------------------------------
class _Planner:
    def __init__(self, project, today: date):
        from rapatgen.model.occurrences import team_short
        from rapatgen.resolve.followups import collect

        self.project, self.today = project, today
        self.items = {f.id: f for f in collect([mf.model for mf in project.meetings], today, project.directory,
                                               team_short(project.config.organisasi.singkatan))}
        self.key = project_key(project.root, create=False)
        self.plan = Plan()
        self.accepted: dict[tuple, str] = {}  # (item, status, date, catatan, bukti) -> the row that brought it

    def form(self, path: Path) -> None:
        try:
            form = read_form_file(path)
            opd, rows = _sealed_rows(form, self.key)
        except BadForm as exc:
            self.plan.refused.append(exc.format_message())
            return
        reading = Reading(path, opd)
        self.plan.readings.append(reading)
        for row, item_id, fp in rows:
            self.row(reading, form, row, item_id, fp)

    def row(self, reading: Reading, form: FormFile, row: int, item_id: str, fp: str) -> None:
        from rapatgen.followup.edit import Change, recorded_entry

        name = form.path.name
        where = f"{name} baris {row} ({item_id})"
        values = form.values[row]
        formulas = sorted(c for c in form.formulas.get(row, ()) if c in FILL_IN and values[c - 1] is None)
        if formulas:
            reading.problems.append(f"{where}: kolom {', '.join(FILL_IN[c] for c in formulas)} berisi rumus tanpa "
                                    "nilai tersimpan — tulis isiannya langsung (bukan rumus), simpan, kirim lagi")
            return
        status_text, catatan, bukti_text = _text(values[6]), _text(values[7]), _text(values[8])
        if not (status_text or catatan or bukti_text):
            return  # nothing reported on this row
        try:
            given_day = _date(values[9])
        except ValueError as exc:
            reading.problems.append(f"{where}: {exc}")
            return
        day = given_day or self.today
        f = self.items.get(item_id)
        if f is None:
            reading.problems.append(f"{where}: butir ini tidak ada lagi (atau rapatnya belum terjadi pada tanggal acuan)")
            return
        bukti = tuple(b.strip() for b in (bukti_text or "").replace("\n", ";").split(";") if b.strip())
        history = f.history
        current = history[-1].status if history else "belum"
        status = STATUS_CHOICES.get(status_text or "", KEYS.get(status_text or "")) if status_text else current
        if status is None:
            reading.problems.append(f"{where}: status '{status_text[:60]}' tidak dikenal — pilih dari daftar: "
                                    + ", ".join(STATUS_CHOICES))
            return
        same = recorded_entry(history, status, given_day, catatan, bukti)
        if same is not None:  # an earlier (perhaps interrupted) run, or `followup set`, recorded it
            reading.recorded.append(f"{where}: sudah tercatat ({same.status}, {same.tanggal.isoformat()})")
            return
        key = (f.id, status, day, catatan, bukti)
        if key in self.accepted:  # the same form given twice, or two forms with the same row
            reading.recorded.append(f"{where}: sama dengan {self.accepted[key]} — dicatat sekali saja")
            return
        if fingerprint(f) != fp:
            reading.conflicts.append(f"{where}: butir sudah berubah di YAML sejak formulir diterbitkan "
                                     f"(status kini: {f.label}) — periksa manual, tidak ditimpa")
            return
        try:
            self._change(f.id, Change(status, day, catatan, bukti))
        except RapatgenError as exc:
            reading.problems.append(f"{where}: {_message(exc)}")
            return
        self.accepted[key] = where
        reading.changes.append(Row(row, f.id, status, day, catatan, bukti, f.label))

    def _change(self, full_id: str, change) -> None:
        """Apply `change` to its meeting file's planned text, through every rule of `followup set`."""
        from rapatgen.followup.edit import changed_text, read_meeting_text, resolve_id, with_occurrence

        mf, section, _ = resolve_id(self.project, full_id)
        change = with_occurrence(full_id, change)
        path = Path(os.path.realpath(mf.path))
        pending = self.plan.files.get(path)
        if pending is None:
            text, bom = read_meeting_text(path)
            pending = Pending(text, bom, text)
        new_text = changed_text(self.project, path, pending.text, section, full_id, change, self.today)
        pending.text = new_text
        self.plan.files[path] = pending


def _message(exc: RapatgenError) -> str:
    if isinstance(exc, InvalidInput):
        text = "; ".join(p.message for p in exc.problems[:3])
    else:
        text = exc.format_message()
    return text.replace("--tanggal", "tanggal").replace("--catatan", "catatan").replace("--bukti", "bukti")


def plan_import(project, paths: list[Path], today: date) -> Plan:
    """Every form read and every row checked, each accepted change applied in memory: what --ya will write."""
    planner = _Planner(project, today)
    for path in paths:
        planner.form(path)
    if planner.plan.refused:
        planner.plan.files.clear()
    return planner.plan


def apply(plan: Plan) -> list[Path]:
    """Write the planned meeting files: all locked, all unchanged since they were read, or nothing is written."""
    from contextlib import ExitStack

    from filelock import Timeout

    from rapatgen.followup.edit import file_lock, read_meeting_text, write_meeting_text
    from rapatgen.files.atomic import remove_temp_files

    if plan.refused:
        raise RapatgenError("ada formulir yang ditolak; tidak ada yang dicatat")
    paths = sorted(path for path, p in plan.files.items() if p.text != p.original)
    written = []
    try:
        with ExitStack() as locks:
            for path in paths:
                locks.enter_context(file_lock(path))
            for path in paths:
                remove_temp_files(path.parent, recursive=False, prefix=f".{path.name}.")  # left by a killed edit
                if read_meeting_text(path)[0] != plan.files[path].original:
                    raise RapatgenError(f"{path.name} berubah sejak formulir diperiksa — tidak ada yang dicatat; "
                                        "jalankan lagi perintah yang sama")
            for path in paths:
                p = plan.files[path]
                try:
                    write_meeting_text(path, p.text, p.bom)
                except OSError as exc:
                    done = ", ".join(w.name for w in written) or "tidak ada"
                    raise RapatgenError(f"{path.name} tidak dapat ditulis ({exc.strerror or exc}); sudah dicatat: "
                                        f"{done} — perbaiki lalu jalankan lagi perintah yang sama (yang sudah "
                                        "tercatat tidak dicatat dua kali)") from None
                written.append(path)
    except Timeout:
        raise RapatgenError("berkas rapat sedang diubah oleh proses lain — tidak ada yang dicatat; coba lagi "
                            "sebentar lagi") from None
    return written
