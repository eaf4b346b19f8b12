"""Follow-up status: the stored history and what it means on a given date.

`terlambat` (overdue) is derived, never stored: not `selesai`/`tidak_dapat` and the
deadline has passed on the reference date. A history entry dated after the reference
date is not yet known on that date. The history and deadline are those of one tracked
occurrence (see `followup/occurrences.py`): an item, or one member/session/period of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapatgen.model.meeting import Riwayat

LABELS = {
    "belum": "Belum Ditindaklanjuti",
    "proses": "Dalam Proses",
    "selesai": "Selesai",
    "tidak_dapat": "Tidak Dapat Ditindaklanjuti",
    "terlambat": "Terlambat",
}
CLOSED = ("selesai", "tidak_dapat")
ORDER = ["terlambat", "belum", "proses", "selesai", "tidak_dapat"]


@dataclass
class State:
    stored: str  # belum | proses | selesai | tidak_dapat
    derived: str  # the same, or terlambat
    last: Riwayat | None

    @property
    def overdue(self) -> bool:
        return self.derived == "terlambat"

    @property
    def label(self) -> str:
        if self.derived == "terlambat" and self.stored == "proses":
            return "Terlambat (dalam proses)"
        return LABELS[self.derived]

    @property
    def is_open(self) -> bool:
        return self.stored not in CLOSED


def state_of(history: list[Riwayat], deadline: date | None, as_of: date) -> State:
    """The state on `as_of` of one occurrence with this history and deadline."""
    known = [r for r in history if r.tanggal <= as_of]
    last = known[-1] if known else None
    stored = last.status if last else "belum"
    derived = stored
    if stored not in CLOSED and deadline and as_of > deadline:
        derived = "terlambat"
    return State(stored, derived, last)


def evidence(history: list[Riwayat], as_of: date) -> list[str]:
    return [b for r in history if r.tanggal <= as_of for b in r.bukti]


def note_sentence(last) -> str:
    """The latest history entry as a sentence for a tracker cell: 'Dalam proses sejak
    17 Desember 2024: …'; '-' when nothing has been recorded."""
    from rapatgen.text import locale as L

    if last is None:
        return "-"
    day = L.tanggal(last.tanggal)
    head = {"selesai": f"Selesai pada {day}", "tidak_dapat": f"Dinyatakan tidak dapat ditindaklanjuti pada {day}",
            "belum": f"Belum ditindaklanjuti per {day}"}.get(last.status, f"{LABELS.get(last.status, last.status)} sejak {day}")
    note = (last.catatan or "").strip()
    return f"{head}: {note}" if note else f"{head}."
