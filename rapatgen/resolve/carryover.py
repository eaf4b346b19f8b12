"""The carry-over section of every notulen, worked out in one pass per team (linear in the archive).

What a notulen shows under "Tindak lanjut rapat sebelumnya" is defined by
`followups.open_before` (the occurrences of earlier meetings of the same team still open on
the meeting's first day) bounded by `documents.notulen.bounded_carry_over` (the `limit` most
recent items, every item the meeting continues among them, the rest counted). Asking that for
every meeting re-reads every earlier meeting of the team each time: the work grew with the
square of the archive (0.07, 0.42, 2.4, 11.5 s at 100, 200, 500, 1,000 meetings).

`OpenItems` gives the same answer from an index made once: each team's occurrences are
expanded once, and a sweep over the team's meeting days keeps which of them are open. An
occurrence's openness changes only on a few days — the day after its meeting, each day of its
history, the day after a later meeting of the team continues it — so each is looked at again
only then (a heap of those days). Per meeting the sweep keeps a count of open items per source
meeting and in all, so the hidden count is known without reading them; only the items shown
are made into `FollowUp`s. Meetings asked for in date order (as the build asks) cost one pass;
an earlier day than the last one asked starts that team's sweep again.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapatgen.model import occurrences as occ
from rapatgen.model.directory import Direktori
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.followups import KIND, FollowUp
from rapatgen.resolve.status import state_of

ONE_DAY = timedelta(days=1)


@dataclass
class _Occurrence:
    full: str  # "<meeting>/<item>" + occurrence suffix
    group: int  # index of its item in the team's list of items
    item: object  # Butir
    rincian: occ.Rincian
    history: list
    changes: list[date]  # days (ascending) on which its openness may change
    open: bool = False


@dataclass
class _Item:
    butir_id: str
    source: int  # index of its meeting in the team's meetings, sorted by (first day, id)
    kind: str
    occurrences: list[_Occurrence] = field(default_factory=list)
    open: int = 0  # open occurrences on the sweep's day


class _Team:
    """One team's meetings and items, and a sweep over its days."""

    def __init__(self, meetings: list[Rapat], directory: Direktori):
        self.meetings = sorted(meetings, key=lambda x: (x.sesi[0].tanggal, x.id))
        self.days = [m.sesi[0].tanggal for m in self.meetings]
        # the first day of a team meeting that continues an item or occurrence (`lanjutan_dari`)
        continued: dict[str, date] = {}
        for m, day in zip(self.meetings, self.days):
            for section in ("kesepakatan", "arahan"):
                for it in getattr(m, section):
                    if it.lanjutan_dari and it.lanjutan_dari not in continued:
                        continued[it.lanjutan_dari] = day
        self.items: list[_Item] = []
        self.by_butir: dict[str, int] = {}
        self.by_source: list[list[int]] = []
        for s, (m, day) in enumerate(zip(self.meetings, self.days)):
            own = []
            for section in ("kesepakatan", "arahan"):
                for it in getattr(m, section):
                    if not it.pj:
                        continue
                    base = f"{m.id}/{it.id}"
                    item = _Item(base, s, KIND[section])
                    g = len(self.items)
                    for r in occ.expand(m, it, directory):
                        full = base + r.suffix
                        history = occ.history(it, r)
                        ends = [d for d in (continued.get(full), continued.get(base)) if d is not None]
                        changes = {day + ONE_DAY, *(e.tanggal for e in history), *(d + ONE_DAY for d in ends)}
                        item.occurrences.append(_Occurrence(full, g, it, r, history, sorted(changes)))
                    self.items.append(item)
                    self.by_butir.setdefault(base, g)
                    own.append(g)
            self.by_source.append(own)
        self.continued = continued
        self._reset()

    def _reset(self) -> None:
        self.day: date | None = None
        self.open_items = 0
        self.open_in_source = [0] * len(self.meetings)
        self.heap: list[tuple[date, int, int]] = []  # (day, item, occurrence) to look at again
        for g, item in enumerate(self.items):
            item.open = 0
            for k, o in enumerate(item.occurrences):
                o.open = False
                self.heap.append((o.changes[0], g, k))
        heapq.heapify(self.heap)

    def _is_open(self, item: _Item, o: _Occurrence, day: date) -> bool:
        """= the occurrence is in `open_before` of a team meeting held on `day` (see the module doc)."""
        if not self.days[item.source] < day:
            return False
        for key in (o.full, item.butir_id):
            d = self.continued.get(key)
            if d is not None and d < day:
                return False
        return state_of(o.history, None, day).is_open

    def advance(self, day: date) -> None:
        if self.day is not None and day < self.day:
            self._reset()
        self.day = day
        heap = self.heap
        while heap and heap[0][0] <= day:
            _, g, k = heapq.heappop(heap)
            item = self.items[g]
            o = item.occurrences[k]
            now = self._is_open(item, o, day)
            if now != o.open:
                o.open = now
                step = 1 if now else -1
                if (item.open == 0) != (item.open + step == 0):  # the item opens or closes
                    self.open_items += step
                    self.open_in_source[item.source] += step
                item.open += step
            later = next((d for d in o.changes if d > day), None)
            if later is not None:
                heapq.heappush(heap, (later, g, k))

    def section(self, m: Rapat, directory: Direktori, limit: int) -> tuple[list[FollowUp], int]:
        day = m.sesi[0].tanggal
        self.advance(day)
        continued = {it.lanjutan_dari for it in (*m.kesepakatan, *m.arahan) if it.lanjutan_dari}
        kept: list[int] = [self.by_butir[b] for b in continued
                           if b in self.by_butir and self.items[self.by_butir[b]].open]
        wanted = max(0, limit - len(kept))
        # the most recent meetings first; meetings of one day in the order collect gives them (by id)
        others: list[int] = []
        hi = bisect.bisect_left(self.days, day)
        while hi > 0 and len(others) < wanted:
            lo = bisect.bisect_left(self.days, self.days[hi - 1], 0, hi)
            for s in range(lo, hi):
                if not self.open_in_source[s]:
                    continue
                for g in self.by_source[s]:
                    item = self.items[g]
                    if item.open and item.butir_id not in continued:
                        others.append(g)
                        if len(others) >= wanted:
                            break
                if len(others) >= wanted:
                    break
            hi = lo
        kept_set = set(kept) | set(others)
        order = sorted(kept_set, key=lambda g: (-self.days[self.items[g].source].toordinal(), g))
        shown = []
        for g in order:
            item = self.items[g]
            source = self.meetings[item.source]
            for o in item.occurrences:
                if o.open:
                    state = state_of(o.history, o.rincian.batas_waktu, day)
                    shown.append(FollowUp(o.full, source, item.kind, o.item, state, o.rincian))
        return shown, self.open_items - len(kept_set)


def open_items(ctx) -> "OpenItems":
    """The index of `ctx`'s meetings, made once per context (kept in it, as the carry-over memo is)."""
    index = ctx.__dict__.get("open_items")
    if index is None or index.meetings is not ctx.meetings:
        index = ctx.__dict__["open_items"] = OpenItems(ctx.meetings, ctx.directory, ctx.team)
    return index


class OpenItems:
    """Every team's index, made when first asked (see the module doc)."""

    def __init__(self, meetings: list[Rapat], directory: Direktori, team: str = "TKPK"):
        self.meetings, self.directory, self.team = meetings, directory, team
        self.teams: dict[str, _Team] = {}

    def section(self, m: Rapat, limit: int) -> tuple[list[FollowUp], int]:
        """(shown, hidden) = `bounded_carry_over(m, open_before(meetings, m, directory), limit)`."""
        if not m.tim:
            return [], 0
        team = self.teams.get(m.tim)
        if team is None:
            team = self.teams[m.tim] = _Team([x for x in self.meetings if x.tim == m.tim], self.directory)
        shown, hidden = team.section(m, self.directory, limit)
        for f in shown:
            f.team = self.team
        return shown, hidden
