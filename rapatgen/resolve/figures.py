"""Every indicator figure the project holds, once: the series and targets of every meeting.

A figure presented at several meetings (the same wilayah, indicator, period and unit) is one
figure; the latest meeting's value stands (a revised figure replaces the earlier one) and
every meeting that presented it is listed. Comparisons (`pembanding`) are figures of their
own wilayah. The absolute count beside a rate (`jumlah`) is a figure in its own unit,
named "<indikator> (jumlah)".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rapatgen.model.indikator import Indikator, Periode
from rapatgen.model.meeting import Rapat


@dataclass
class Figure:
    jenis: str  # indikator | target
    wilayah: str
    indikator: str
    periode: str  # '2024', '2024-03'
    nilai: Decimal | None
    satuan: str
    sumber: str | None
    rapat: list[str] = field(default_factory=list)
    dari: Decimal | None = None
    sampai: Decimal | None = None
    periode_urut: tuple = ()

    @property
    def key(self) -> tuple:
        return (self.jenis, self.wilayah, self.indikator, self.periode, self.satuan, self.sumber if self.jenis == "target" else None)


def _of_indicator(ind: Indikator, meeting_id: str) -> list[Figure]:
    out = []

    def point(wilayah: str, d, sumber):
        order = (d.periode.tahun, d.periode.bulan)
        out.append(Figure("indikator", wilayah, ind.nama, str(d.periode), d.nilai, ind.satuan, sumber,
                          [meeting_id], periode_urut=order))
        if d.jumlah is not None:
            out.append(Figure("indikator", wilayah, f"{ind.nama} (jumlah)", str(d.periode), Decimal(d.jumlah),
                              ind.satuan_jumlah, sumber, [meeting_id], periode_urut=order))

    for d in ind.data:
        point(ind.wilayah, d, ind.sumber)
    for p in ind.pembanding:
        for d in p.data:
            point(p.wilayah, d, ind.sumber)
    for t in ind.target:
        out.append(Figure("target", ind.wilayah, ind.nama, str(Periode(t.tahun)), t.nilai, ind.satuan, t.sumber,
                          [meeting_id], t.dari, t.sampai, periode_urut=(t.tahun, 0)))
    return out


PROJECT_FILE = "indikator.yaml"


def collect_figures(meetings: list[Rapat], own: list[Indikator] = ()) -> list[Figure]:
    """Every figure once, in (jenis, indikator, wilayah, periode) order; later meetings win, and the project's
    own series (`indikator.yaml`, kept by the secretariat) wins over every meeting."""
    merged: dict[tuple, Figure] = {}
    sources = [(m.id, m.indikator) for m in sorted(meetings, key=lambda x: (x.sesi[0].tanggal, x.id))]
    for where, indicators in sources + [(PROJECT_FILE, list(own))]:
        for ind in indicators:
            for f in _of_indicator(ind, where):
                before = merged.get(f.key)
                if before is not None:
                    f.rapat = before.rapat + [r for r in f.rapat if r not in before.rapat]
                merged[f.key] = f
    return sorted(merged.values(), key=lambda f: (f.jenis != "indikator", f.indikator, f.wilayah, f.periode_urut,
                                                  f.satuan, f.sumber or ""))
