"""The figures of the LP2KD, computed (never typed) from the project: no blocks here, only numbers and
where each came from, so tests can hold every printed figure to its YAML source.

- `indicator_panel(meetings, year, sources)`: every indicator presented at a meeting (or written in the
  project), merged by name and region, the last five years up to the report's year, each value with
  the document it was taken from; a later meeting's value for the same period replaces an earlier one;
- `gaps(ind)`: each target of the year or later against the latest value;
- `agreements_by_opd(...)`, `overdue(...)`: the year's agreements and directions per responsible OPD;
- `programme_counts(...)`: the year's programme, planned against held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapatgen.model.indikator import DataIndikator, Indikator, Pembanding, Target
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.followups import FollowUp

WINDOW_YEARS = 5  # "the last five years" of the indicator panel


# --- indicators ------------------------------------------------------------------------------
@dataclass
class PanelIndicator:
    """One indicator of the panel: the merged series as an `Indikator` (so the chart and the wording of the
    notulen apply unchanged) and, per (region, period), the file its value was read from."""

    indikator: Indikator
    sources: dict[tuple[str, str], str]  # (wilayah as compared, str(periode)) → where it was taken from
    target_sources: dict[int, str] = field(default_factory=dict)  # index in indikator.target → the same

    def source(self, wilayah: str, periode) -> str:
        return self.sources.get((_key(wilayah), str(periode)), "")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def indicator_panel(entries: list[tuple[Indikator, str]], year: int) -> list[PanelIndicator]:
    """Merge (indicator, source file) pairs, given in the order they were written (oldest meeting first),
    into one series per indicator and region — with its comparisons and its breakdown by kab/kota or
    kecamatan — keeping the periods of the five years up to `year`.

    An indicator with no value in the window stays only when it has a target for `year` or later (a
    target-only indicator: what the region aims at, no figure yet). The BPS measures come first in their
    order (P0, P1, P2, extreme poverty, …), the others after them as written."""
    from rapatgen.model.indikator import JENIS, RincianWilayah

    first = year - WINDOW_YEARS + 1
    merged: dict[tuple[str, str], dict] = {}
    for ind, src in entries:
        key = (_key(ind.nama), _key(ind.wilayah))
        slot = merged.setdefault(key, {"latest": ind, "data": {}, "pembanding": {}, "per_wilayah": {}, "names": {},
                                       "targets": {}, "sources": {}})
        slot["latest"] = ind  # the name, unit and source as written last
        for d in ind.data:
            slot["data"][d.periode] = d
            slot["sources"][(key[1], str(d.periode))] = src
        for part in ("pembanding", "per_wilayah"):
            for other in getattr(ind, part):
                ck = _key(other.wilayah)
                slot["names"][ck] = other.wilayah
                series = slot[part].setdefault(ck, {})
                for d in other.data:
                    series[d.periode] = d
                    slot["sources"][(ck, str(d.periode))] = src
        for t in ind.target:
            slot["targets"][(t.tahun, t.sumber or "")] = (t, src)

    def window(series: dict) -> list:
        return [d for p, d in sorted(series.items()) if first <= p.tahun <= year]

    out = []
    for slot in merged.values():
        latest: Indikator = slot["latest"]
        data = window(slot["data"])
        targets = sorted(slot["targets"].values(), key=lambda ts: (ts[0].tahun, ts[0].sumber or ""))
        if not data and not any(t.tahun >= year for t, _ in targets):
            continue
        comps = [Pembanding(wilayah=slot["names"][ck], data=values) for ck, series in slot["pembanding"].items()
                 if (values := window(series))] if data else []
        parts = [RincianWilayah(wilayah=slot["names"][ck], data=values) for ck, series in slot["per_wilayah"].items()
                 if (values := window(series))]
        ind = Indikator(nama=latest.nama, satuan=latest.satuan, satuan_jumlah=latest.satuan_jumlah,
                        wilayah=latest.wilayah, sumber=latest.sumber, data=data, pembanding=comps, per_wilayah=parts,
                        target=[t for t, _ in targets], grafik=None)
        out.append(PanelIndicator(ind, slot["sources"], {i: s for i, (_, s) in enumerate(targets)}))
    names = [_key(name) for name, _ in JENIS.values()]
    return sorted(out, key=lambda p: names.index(_key(p.indikator.nama)) if _key(p.indikator.nama) in names
                  else len(names))


def meeting_indicators(meetings: list[Rapat], labels: dict[str, str], as_of: date,
                       own: list[Indikator] = (), own_label: str = "") -> list[tuple[Indikator, str]]:
    """(indicator, where it was taken from) of every meeting held by `as_of`, oldest first (`labels`: meeting
    id → 'Notulen Rakor TKPK 14 Desember 2023'), then the project's own series (`indikator.yaml`, `own_label`),
    which thus has the last word on a period both give."""
    held = sorted((m for m in meetings if m.sesi[0].tanggal <= as_of), key=lambda m: (m.sesi[0].tanggal, m.id))
    return [*((ind, labels.get(m.id, "")) for m in held for ind in m.indikator), *((ind, own_label) for ind in own)]


@dataclass
class Gap:
    target: Target
    latest: DataIndikator
    gap: Decimal | None  # latest − target (for a range: distance to its nearer end; 0 inside it)


def gaps(ind: Indikator, year: int) -> list[Gap]:
    """Each target of `year` or later against the latest value of the series (none without a series)."""
    if not ind.data:
        return []
    latest = ind.data[-1]
    out = []
    for t in ind.target:
        if t.tahun < year:
            continue
        if t.nilai is not None:
            gap = latest.nilai - t.nilai
        elif latest.nilai < t.dari:
            gap = latest.nilai - t.dari
        elif latest.nilai > t.sampai:
            gap = latest.nilai - t.sampai
        else:
            gap = Decimal(0)
        out.append(Gap(t, latest, gap))
    return out


# --- agreements --------------------------------------------------------------------------------
COLUMNS = ("selesai", "berjalan", "terlambat", "dilanjutkan", "tidak_dapat")
COLUMN_TITLES = {"selesai": "Selesai", "berjalan": "Belum/ dalam proses", "terlambat": "Terlambat",
                 "dilanjutkan": "Dilanjutkan", "tidak_dapat": "Tidak dapat"}


def column_of(f: FollowUp) -> str:
    """The one column of the per-OPD table an occurrence counts in."""
    status = f.status
    if status in ("belum", "proses"):
        return "berjalan"
    return status


@dataclass
class YearFollowups:
    """The follow-ups a year's report accounts for, with their status on the reference date: the occurrences
    of the year's meetings, and those of earlier meetings still open when the year began (carried in)."""

    items: list[FollowUp]
    carried_in: set[str]  # ids of the occurrences from before the year

    def is_carried_in(self, f: FollowUp) -> bool:
        return f.id in self.carried_in


def year_followups(meetings: list[Rapat], year: int, as_of: date, directory, team: str = "TKPK") -> YearFollowups:
    """`team`: the project's team as meeting labels name it ('Rakor TKPKD …' in a TKPKD project)."""
    from rapatgen.resolve.followups import collect

    eve = date(year - 1, 12, 31)
    open_then = {f.id for f in collect(meetings, eve, directory, team) if f.is_open}
    items = [f for f in collect(meetings, as_of, directory, team)
             if f.meeting.sesi[0].tanggal.year == year or f.id in open_then]
    return YearFollowups(items, open_then & {f.id for f in items})


@dataclass
class OpdRow:
    opd: str
    counts: dict[str, int]  # status column → occurrences
    new: int = 0  # of the year's meetings
    carried_in: int = 0  # of earlier meetings, open when the year began

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def agreements_by_opd(followups: YearFollowups) -> list[OpdRow]:
    """One row per responsible institution (in order of first appearance), each occurrence counted once:
    new + carried_in = total = the sum of the status columns."""
    rows: dict[str, OpdRow] = {}
    for f in followups.items:
        row = rows.setdefault(f.pj, OpdRow(f.pj, {c: 0 for c in COLUMNS}))
        row.counts[column_of(f)] += 1
        if followups.is_carried_in(f):
            row.carried_in += 1
        else:
            row.new += 1
    return list(rows.values())


def overdue(followups: list[FollowUp]) -> list[FollowUp]:
    return sorted((f for f in followups if f.overdue), key=lambda f: (f.batas_waktu or date.max, f.id))
