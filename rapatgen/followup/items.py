"""Every agreement or direction with a PJ, across all meetings, with its state on a date.

An open item that a later agreement continues (`lanjutan_dari`) counts as carried
forward ("dilanjutkan"): its history stays in the first meeting, the work goes on in the
new item, so it is neither open nor overdue any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapatgen.model.meeting import Butir, Rapat
from rapatgen.status import LABELS, State, evidence, state_of

KIND = {"kesepakatan": "Kesepakatan", "arahan": "Arahan"}


@dataclass
class FollowUp:
    id: str  # "<meeting-id>/<item-id>"
    meeting: Rapat
    kind: str  # Kesepakatan | Arahan
    item: Butir
    state: State
    continued_by: str | None = None  # id of the later item that carries this one forward

    @property
    def status(self) -> str:
        """Derived status on the reference date: belum, proses, selesai, tidak_dapat, terlambat, dilanjutkan."""
        return "dilanjutkan" if self.continued_by else self.state.derived

    @property
    def label(self) -> str:
        return f"Dilanjutkan ({self.continued_by})" if self.continued_by else self.state.label

    @property
    def is_open(self) -> bool:
        return self.state.is_open and not self.continued_by

    @property
    def meeting_date(self) -> date:
        return self.meeting.sesi[0].tanggal

    def evidence(self, as_of: date) -> list[str]:
        return evidence(self.item, as_of)


def all_items(meetings: list[Rapat]) -> list[tuple[Rapat, str, Butir]]:
    return [(m, KIND[section], it) for m in meetings for section in ("kesepakatan", "arahan")
            for it in getattr(m, section) if it.pj]


def collect(meetings: list[Rapat], as_of: date) -> list[FollowUp]:
    """Follow-ups of meetings held on or before `as_of`, sorted by meeting date then order."""
    held = [m for m in meetings if m.sesi[0].tanggal <= as_of]
    continued: dict[str, str] = {}
    for m in held:
        for section in ("kesepakatan", "arahan"):
            for it in getattr(m, section):
                if it.lanjutan_dari:
                    continued[it.lanjutan_dari] = f"{m.id}/{it.id}"
    out = []
    for m, kind, it in all_items(sorted(held, key=lambda x: (x.sesi[0].tanggal, x.id))):
        full = f"{m.id}/{it.id}"
        state = state_of(it, as_of)
        link = continued.get(full) if state.is_open else None
        out.append(FollowUp(full, m, kind, it, state, link))
    return out


def open_before(meetings: list[Rapat], current: Rapat) -> list[FollowUp]:
    """Items of earlier meetings of the same team still open when `current` is held."""
    if not current.tim:
        return []
    day = current.sesi[0].tanggal
    earlier = [m for m in meetings if m.tim == current.tim and m.id != current.id and m.sesi[0].tanggal < day]
    return [f for f in collect(earlier, day) if f.is_open]


STATUS_CHOICES = ["belum", "proses", "selesai", "tidak_dapat", "terlambat", "dilanjutkan"]
STATUS_LABELS = {**LABELS, "dilanjutkan": "Dilanjutkan"}
