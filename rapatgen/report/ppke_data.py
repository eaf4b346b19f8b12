"""The figures of the PPKE package, computed (never typed) from `realisasi/<tahun>.yaml`: no blocks,
no cells here, only numbers, so the XLSX, the PDF and the tests read the same ones.

- `period_of(year, triwulan, semester)`: the reporting period — a quarter (Inpres 4/2022: every
  three months) or a half-year (Inpres 8/2025: every six months) — with the quarters it closes;
- `matrix(data, ctx, period)`: Matriks 2, the sub-kegiatan grouped by strategy (or cluster) with
  money per quarter up to the period's end, the cumulative sum, % of pagu, physical %, and
  subtotals and totals that are sums of their rows;
- `score(rows)`: the incentive self-score of PMK 97/2023 — realised tagged spending per category
  (travel left out), weighted langsung 50 / tidak langsung 30 / penunjang 20, standardised
  X_i / X_max × 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapatgen.model.realisasi import BOBOT_KATEGORI, KATEGORI, STRATEGI, TRIWULAN, RealisasiTahunan, SubKegiatanRealisasi
from rapatgen.text import locale as L
from rapatgen.text.errors import UsageError

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # triwulan | semester
    number: int

    @property
    def quarters(self) -> tuple[int, ...]:
        return (self.number,) if self.kind == "triwulan" else ((1, 2) if self.number == 1 else (3, 4))

    @property
    def last_quarter(self) -> int:
        return self.quarters[-1]

    @property
    def end(self) -> date:
        month, day = QUARTER_END[self.last_quarter]
        return date(self.year, month, day)

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} {L.romawi(self.number)} Tahun {self.year}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{'tw' if self.kind == 'triwulan' else 'smt'}{self.number}"

    @property
    def regulation(self) -> str:
        return ("Instruksi Presiden Nomor 8 Tahun 2025" if self.kind == "semester"
                else "Instruksi Presiden Nomor 4 Tahun 2022")


def period_of(year: int, triwulan: int | None, semester: int | None) -> Period:
    if triwulan is not None and semester is not None:
        raise UsageError("pilih salah satu: --triwulan N (Inpres 4/2022, tiap 3 bulan) atau --semester N "
                         "(Inpres 8/2025, tiap 6 bulan), bukan keduanya")
    if triwulan is None and semester is None:
        raise UsageError("sebutkan periodenya: --triwulan 1–4 (tiap 3 bulan, Inpres 4/2022) atau --semester 1–2 "
                         f"(tiap 6 bulan, Inpres 8/2025), mis. rapatgen laporan ppke {year} --semester 1")
    if triwulan is not None and triwulan not in TRIWULAN:
        raise UsageError(f"--triwulan {triwulan} tidak ada — tulis 1, 2, 3, atau 4")
    if semester is not None and semester not in (1, 2):
        raise UsageError(f"--semester {semester} tidak ada — tulis 1 (Januari–Juni) atau 2 (Juli–Desember)")
    return Period(year, "triwulan", triwulan) if triwulan is not None else Period(year, "semester", semester)


# --- Matriks 2 ---------------------------------------------------------------------------------
@dataclass
class Row:
    opd: str  # the institution's name
    opd_id: str
    line: SubKegiatanRealisasi
    quarters: dict[int, int | None]  # money spent in each quarter up to the period's end; None: not written
    fisik: float | None  # cumulative physical % at the period's end
    opd_short: str = ""  # its short name (the printed matrix)

    @property
    def kumulatif(self) -> int:
        return sum(v for v in self.quarters.values() if v)

    @property
    def travel(self) -> int:
        return sum(q.perjalanan_dinas or 0 for n in self.quarters
                   if (q := self.line.realisasi.get(n)) is not None)


@dataclass
class Group:
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def pagu(self) -> int:
        return sum(r.line.pagu for r in self.rows)

    def quarter(self, n: int) -> int:
        return sum(r.quarters.get(n) or 0 for r in self.rows)

    @property
    def kumulatif(self) -> int:
        return sum(r.kumulatif for r in self.rows)


@dataclass
class Matrix:
    period: Period
    groups: list[Group]

    @property
    def rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]

    @property
    def pagu(self) -> int:
        return sum(g.pagu for g in self.groups)

    def quarter(self, n: int) -> int:
        return sum(g.quarter(n) for g in self.groups)

    @property
    def kumulatif(self) -> int:
        return sum(g.kumulatif for g in self.groups)


def share(part: float, whole: float) -> float | None:
    """part as a percentage of whole, unrounded; None when whole is 0."""
    return 100 * part / whole if whole else None


def matrix(data: RealisasiTahunan, institution_name, period: Period, short_name=None) -> Matrix:
    """Rows in the order of the strategies (then clusters), each group in the order written."""
    order = list(STRATEGI.values())
    groups: dict[str, Group] = {}
    for opd, line in data.rows():
        quarters = {n: (q.keuangan if (q := line.realisasi.get(n)) is not None else None)
                    for n in TRIWULAN if n <= period.last_quarter}
        name = institution_name(opd) or opd
        row = Row(name, opd, line, quarters, line.fisik_sampai(period.last_quarter),
                  (short_name(opd) if short_name else None) or name)
        groups.setdefault(line.kelompok, Group(line.kelompok)).rows.append(row)
    ordered = sorted(groups.values(), key=lambda g: (order.index(g.label) if g.label in order else len(order), g.label))
    return Matrix(period, ordered)


def no_realisation(data: RealisasiTahunan | None, period: Period, folder: str) -> str | None:
    """Why the period cannot be reported, or None."""
    if data is None:
        return (f"tidak ada {folder}/{period.year}.yaml — Matriks 2 disusun dari realisasi program per triwulan; "
                f"buat berkas itu (lihat README, bagian data tahunan), lalu jalankan lagi")
    if not any(line.realisasi.get(n) is not None for _, line in data.rows() for n in period.quarters):
        written = sorted({n for _, line in data.rows() for n in TRIWULAN if line.realisasi.get(n) is not None})
        have = (f"; triwulan yang sudah diisi: {', '.join(L.romawi(n) for n in written)}" if written
                else "; belum ada triwulan yang diisi")
        return (f"{folder}/{period.year}.yaml belum berisi realisasi {period.kind} {L.romawi(period.number)} "
                f"tahun {period.year} "
                f"(tw{', tw'.join(map(str, period.quarters))}){have}")
    return None


# --- PMK 97/2023 self-score --------------------------------------------------------------------
@dataclass
class CategoryScore:
    kategori: str
    label: str
    bobot: int
    realisasi: int  # realised tagged spending up to the period's end
    perjalanan: int  # of which travel (excluded)

    @property
    def dinilai(self) -> int:
        return self.realisasi - self.perjalanan

    @property
    def tertimbang(self) -> float:
        return self.bobot * self.dinilai / 100


@dataclass
class Score:
    categories: list[CategoryScore]
    x_max: float | None = None  # the highest X among the regions compared; None: this region's own

    @property
    def x(self) -> float:
        return sum(c.tertimbang for c in self.categories)

    @property
    def reference(self) -> float:
        return self.x_max if self.x_max else self.x

    @property
    def nilai(self) -> float:
        return 100 * self.x / self.reference if self.reference else 0.0


def score(rows: list[Row]) -> Score:
    out = []
    for key, label in KATEGORI.items():
        mine = [r for r in rows if r.line.kategori == key]
        out.append(CategoryScore(key, label, BOBOT_KATEGORI[key], sum(r.kumulatif for r in mine),
                                 sum(r.travel for r in mine)))
    return Score(out)
