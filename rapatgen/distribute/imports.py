"""`rapatgen followup impor`: read returned forms, check every row, show the changes, and
(with --ya) record them through the same text-preserving edit and lock as `followup set`.

Refused outright (nothing recorded from that form): a file that is not a rapatgen form,
a form issued by another project (other key), a row whose id or seal was altered.
Per row: an unknown status, a date in the future or before the meeting, a change going
backwards, and an item changed in the YAML since the form was issued (conflict: never
overwritten) are reported and left out.

Idempotent per row: a row whose change the item's history already holds (same status, date
and catatan: `followup.edit.recorded_entry`) is reported as already recorded and never
recorded again — whether an earlier or interrupted run recorded it, the same form was given
twice (`repeats_dropped`), or another process imports it at the same time (the command holds
the project lock, and `record(once=True)` checks again under the file's lock).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rapatgen.distribute.requests import (FIRST_ROW, FORM_SHEET, FORM_VERSION, META_SHEET, STATUS_CHOICES,
                                          fingerprint, project_id, project_key, row_seal)
from rapatgen.text.errors import RapatgenError, UsageError
from rapatgen.resolve.followups import FollowUp

KEYS = {v: v for v in STATUS_CHOICES.values()}


class ForeignForm(RapatgenError):
    """The file is not a form of this project, or was tampered with."""


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
    recorded: list[str] = field(default_factory=list)  # rows already recorded: nothing to do, not a problem


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value, row: int) -> date | None:
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
    raise ValueError(f"baris {row}: tanggal '{text}' tidak dikenali — tulis mis. 28-03-2025")


def read_form(project, path: Path, items: list[FollowUp], today: date) -> Reading:
    from openpyxl import load_workbook
    from zipfile import BadZipFile

    from rapatgen.followup.edit import (Change, check_transition, recorded_entry, resolve_id, target_occurrence,
                                        with_occurrence)

    name = path.name
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, BadZipFile, KeyError, ValueError) as exc:
        raise ForeignForm(f"{name} tidak dapat dibuka sebagai berkas Excel ({exc.__class__.__name__}) — "
                          "kirim berkas .xlsx formulir dari 'rapatgen followup minta'") from None
    if META_SHEET not in wb.sheetnames or FORM_SHEET not in wb.sheetnames:
        raise ForeignForm(f"{name} bukan formulir tindak lanjut rapatgen (lembar penandanya tidak ada)")
    meta = wb[META_SHEET]
    head = [c.value for c in meta[1]]
    if not head or head[0] != FORM_VERSION:
        raise ForeignForm(f"{name} bukan formulir tindak lanjut rapatgen versi ini")
    key = project_key(project.root, create=False)
    if key is None or not hmac.compare_digest(str(head[1]), project_id(key)):
        raise ForeignForm(f"{name} diterbitkan oleh proyek lain (atau kunci formulir proyek ini, "
                          ".rapatgen/kunci-formulir, hilang) — formulir ditolak, tidak ada yang dicatat")
    opd = str(head[2])
    ws = wb[FORM_SHEET]
    current = {f.id: f for f in items}
    out = Reading(path, opd)
    for sealed in meta.iter_rows(min_row=2, values_only=True):
        if not sealed or sealed[0] is None:
            continue
        row, item_id, fp, seal = int(sealed[0]), str(sealed[1]), str(sealed[2]), str(sealed[3])
        if not hmac.compare_digest(seal, row_seal(key, opd, row, item_id, fp)):
            raise ForeignForm(f"{name}: segel baris {row} tidak cocok — formulir diubah di luar kolom isian; ditolak")
        shown = _text(ws.cell(row=row, column=2).value)
        if shown != item_id:
            raise ForeignForm(f"{name} baris {row}: id butir '{shown}' diubah (semula '{item_id}') — formulir ditolak")
        status_text = _text(ws.cell(row=row, column=7).value)
        catatan = _text(ws.cell(row=row, column=8).value)
        bukti_text = _text(ws.cell(row=row, column=9).value)
        if not (status_text or catatan or bukti_text):
            continue  # nothing reported on this row
        where = f"{name} baris {row} ({item_id})"
        try:
            given_day = _date(ws.cell(row=row, column=10).value, row)
        except ValueError as exc:
            out.problems.append(f"{name} {exc}")
            continue
        day = given_day or today
        f = current.get(item_id)
        if f is None:
            out.problems.append(f"{where}: butir ini tidak ada lagi (atau rapatnya belum terjadi pada tanggal acuan)")
            continue
        wanted = (STATUS_CHOICES.get(status_text, KEYS.get(status_text)) if status_text
                  else f.history[-1].status if f.history else "belum")
        same = recorded_entry(f.history, wanted, given_day, catatan) if wanted else None
        if same is not None:
            out.recorded.append(f"{where}: sudah tercatat ({same.status}, {same.tanggal.isoformat()})")
            continue
        if fingerprint(f) != fp:
            out.conflicts.append(f"{where}: butir sudah berubah di YAML sejak formulir diterbitkan "
                                 f"(status kini: {f.label}) — periksa manual, tidak ditimpa")
            continue
        last = f.history[-1].status if f.history else "belum"
        status = STATUS_CHOICES.get(status_text or "", KEYS.get(status_text or "")) if status_text else last
        if status is None:
            out.problems.append(f"{where}: status '{status_text}' tidak dikenal — pilih dari daftar: "
                                + ", ".join(STATUS_CHOICES))
            continue
        bukti = tuple(b.strip() for b in (bukti_text or "").replace("\n", ";").split(";") if b.strip())
        change = Change(status, day, catatan, bukti)
        try:
            mf, section, index = resolve_id(project, f.id)
            change = with_occurrence(f.id, change)
            rincian = target_occurrence(project, mf.model, section, index, change)
            check_transition(mf.model, section, index, change, today, rincian)
        except UsageError as exc:
            message = exc.format_message().replace("--tanggal", "tanggal").replace("--catatan", "catatan")
            out.problems.append(f"{where}: {message}")
            continue
        out.changes.append(Row(row, f.id, status, day, catatan, bukti, f.label))
    return out


def repeats_dropped(readings: list[Reading]) -> None:
    """A change given twice (the same form named twice, or two forms with the same row) is kept once:
    the later ones move to `recorded`, so the preview says what `--ya` does."""
    first: dict[tuple, str] = {}
    for reading in readings:
        kept = []
        for r in reading.changes:
            key = (r.id, r.status, r.tanggal, r.catatan)
            where = f"{reading.path.name} baris {r.row} ({r.id})"
            if key in first:
                reading.recorded.append(f"{where}: sama dengan {first[key]} — dicatat sekali saja")
            else:
                first[key] = where
                kept.append(r)
        reading.changes = kept


def apply(project, reading: Reading, today: date) -> list[str]:
    """Record the reading's changes; returns the ids recorded. A change the file already holds
    (written by another process since the form was read) is skipped and moved to `recorded`."""
    from rapatgen.followup.edit import Change, record

    done = []
    for r in reading.changes:
        if record(project, r.id, Change(r.status, r.tanggal, r.catatan, r.bukti), today, once=True) is None:
            reading.recorded.append(f"{reading.path.name} baris {r.row} ({r.id}): sudah tercatat")
            continue
        done.append(r.id)
    return done
