"""Every agreement or direction with a PJ, across all meetings, with its state on a date.

Public API (also used by the request letters and forms of `followup minta/impor`):

- `collect(meetings, as_of, directory)` → one `FollowUp` per tracked occurrence: a
  simple item gives one; a group-owned item one per member; a per-session deadline one
  per session; a recurring commitment one per period (see `followup/occurrences.py`).
  `FollowUp.pj` is the institution responsible for that occurrence.
- `progress(followups)` → one `ItemProgress` per item ("3 dari 10 kab/kota selesai").
- `open_before(meetings, current, directory)` → occurrences of earlier meetings of the
  same team still open when `current` is held.

An open item that a later agreement continues (`lanjutan_dari`) counts as carried
forward ("dilanjutkan"): its history stays in the first meeting, the work goes on in the
new item, so it is neither open nor overdue any more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rapatgen.model import occurrences as occ
from rapatgen.model.occurrences import Rincian
from rapatgen.model.directory import Direktori
from rapatgen.model.meeting import Butir, Rapat, Riwayat
from rapatgen.resolve.completion import Completion, completion
from rapatgen.resolve.status import LABELS, State, evidence, state_of
from rapatgen.text import locale as L

KIND = {"kesepakatan": "Kesepakatan", "arahan": "Arahan"}


@dataclass
class FollowUp:
    """One tracked occurrence of an agreement or direction, with its state on a date."""

    id: str  # "<meeting-id>/<item-id>", plus "@member", "@sesi-N", "@2025-04" for an occurrence
    meeting: Rapat
    kind: str  # Kesepakatan | Arahan
    item: Butir
    state: State
    rincian: Rincian
    continued_by: str | None = None  # id of the later item that carries this one forward
    continued_as: str | None = None  # the same, as documents name it ("Rakor TKPK …, kesepakatan nomor 1")
    team: str = occ.TEAM  # the project's team as meeting labels name it (occurrences.team_short)

    @property
    def butir_id(self) -> str:
        """The item's id without the occurrence part: '<meeting-id>/<item-id>'."""
        return f"{self.meeting.id}/{self.item.id}"

    @property
    def pj(self) -> str:
        """Id of the institution responsible for this occurrence (the member of a group-owned item)."""
        return self.rincian.owner

    @property
    def batas_waktu(self) -> date | None:
        """The resolved deadline of this occurrence."""
        return self.rincian.batas_waktu

    def deadline_text(self, fmt: Callable[[date], str] = L.tanggal) -> str:
        """The deadline as every list prints it: the date, 'segera' (due at once, never late), or '-'."""
        if self.batas_waktu:
            return fmt(self.batas_waktu)
        return "segera" if getattr(self.item, "segera", False) else "-"

    @property
    def is_part(self) -> bool:
        """True for one member/session/period of an item tracked in parts."""
        r = self.rincian  # = bool(r.key), without building the dict
        return r.anggota is not None or r.sesi is not None or r.periode is not None

    @property
    def history(self) -> list[Riwayat]:
        return occ.history(self.item, self.rincian)

    @property
    def status(self) -> str:
        """Derived status on the reference date: belum, proses, selesai, tidak_dapat, terlambat, dilanjutkan."""
        return "dilanjutkan" if self.continued_by else self.state.derived

    @property
    def overdue(self) -> bool:
        return self.status == "terlambat"

    @property
    def label(self) -> str:
        return f"Dilanjutkan ({self.continued_as})" if self.continued_by else self.state.label

    @property
    def is_open(self) -> bool:
        return self.state.is_open and not self.continued_by

    @property
    def meeting_date(self) -> date:
        return self.meeting.sesi[0].tanggal

    @property
    def source_label(self) -> str:
        """'Rakor TKPK 19 Desember 2024, kesepakatan nomor 1' — for printed documents (no ids)."""
        return occ.source_label(self.meeting, self.item, self.team)

    def evidence(self, as_of: date) -> list[str]:
        return evidence(self.history, as_of)


@dataclass
class ItemProgress:
    """An item and all its tracked occurrences: completion per item."""

    meeting: Rapat
    kind: str
    item: Butir
    parts: list[FollowUp] = field(default_factory=list)
    noun: str = "rincian"  # kab/kota, periode, sesi, …

    @property
    def butir_id(self) -> str:
        return f"{self.meeting.id}/{self.item.id}"

    @property
    def split(self) -> bool:
        return any(f.is_part for f in self.parts)

    def count(self, status: str) -> int:
        return sum(1 for f in self.parts if f.status == status)

    @property
    def done(self) -> int:
        return self.count("selesai")

    @property
    def completion(self) -> Completion:
        return completion(f.status for f in self.parts)

    @property
    def text(self) -> str:
        """'3 dari 10 kab/kota selesai; 2 terlambat' (or the one status of a simple item); the parts
        carried to a later meeting are named, not counted (resolve/completion.py)."""
        if not self.split:
            return self.parts[0].label
        out = f"{self.done} dari {self.completion.owned} {self.noun} selesai"
        extra = [f"{self.count(k)} {LABELS[k].lower() if k != 'tidak_dapat' else 'tidak dapat'}"
                 for k in ("terlambat", "tidak_dapat") if self.count(k)]
        if self.count("dilanjutkan"):
            extra.append(f"{self.count('dilanjutkan')} dilanjutkan")
        return out + ("; " + ", ".join(extra) if extra else "")


def all_items(meetings: list[Rapat]) -> list[tuple[Rapat, str, Butir]]:
    return [(m, KIND[section], it) for m in meetings for section in ("kesepakatan", "arahan")
            for it in getattr(m, section) if it.pj]


def _noun(m: Rapat, item: Butir, directory: Direktori) -> str:
    dims = occ.required_dimensions(m, item, directory)
    if dims == ["anggota"]:
        return occ.member_noun(directory, item.pj)
    if dims == ["periode"]:
        return "periode"
    if dims == ["sesi"]:
        return "sesi"
    return "rincian"


def collect(meetings: list[Rapat], as_of: date, directory: Direktori, team: str = occ.TEAM) -> list[FollowUp]:
    """Occurrences of items of meetings held on or before `as_of`, by meeting date, then order."""
    held = [m for m in meetings if m.sesi[0].tanggal <= as_of]
    continued: dict[str, tuple[str, str]] = {}
    for m in held:
        for section in ("kesepakatan", "arahan"):
            for it in getattr(m, section):
                if it.lanjutan_dari:
                    continued[it.lanjutan_dari] = (f"{m.id}/{it.id}", occ.source_label(m, it, team))
    out = []
    for m in sorted(held, key=lambda x: (x.sesi[0].tanggal, x.id)):
        out += followups_of(m, as_of, directory, continued, team)
    return out


def followups_of(m: Rapat, as_of: date, directory: Direktori,
                 continued: dict[str, tuple[str, str]] | None = None, team: str = occ.TEAM) -> list[FollowUp]:
    """The occurrences of one meeting's items, in document order, with their state on `as_of`."""
    continued = continued or {}
    out = []
    for _, kind, it in all_items([m]):
        base = f"{m.id}/{it.id}"
        for r in occ.expand(m, it, directory):
            state = state_of(occ.history(it, r), r.batas_waktu, as_of)
            full = base + r.suffix
            link = (continued.get(full) or continued.get(base)) if state.is_open else None
            out.append(FollowUp(full, m, kind, it, state, r, *(link or (None, None)), team=team))
    return out


def progress(followups: list[FollowUp], directory: Direktori) -> list[ItemProgress]:
    """Group occurrences by item, in the order given."""
    out: dict[str, ItemProgress] = {}
    for f in followups:
        if f.butir_id not in out:
            out[f.butir_id] = ItemProgress(f.meeting, f.kind, f.item, noun=_noun(f.meeting, f.item, directory))
        out[f.butir_id].parts.append(f)
    return list(out.values())


def open_before(meetings: list[Rapat], current: Rapat, directory: Direktori) -> list[FollowUp]:
    """Occurrences of earlier meetings of the same team still open when `current` is held."""
    if not current.tim:
        return []
    day = current.sesi[0].tanggal
    earlier = [m for m in meetings if m.tim == current.tim and m.id != current.id and m.sesi[0].tanggal < day]
    return [f for f in collect(earlier, day, directory) if f.is_open]


STATUS_CHOICES = ["belum", "proses", "selesai", "tidak_dapat", "terlambat", "dilanjutkan"]
STATUS_LABELS = {**LABELS, "dilanjutkan": "Dilanjutkan"}
