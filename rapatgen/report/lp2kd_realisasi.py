"""BAB III Pelaksanaan Program and BAB IV Tinjauan Anggaran of the LP2KD, from `realisasi/<tahun>.yaml`
and `lokus/<tahun>.yaml` (check/projectdata.py): computed, never typed.

- realisation by strategy (or cluster) and OPD: pagu, money realised in the year (the four quarters),
  its share of the pagu, and physical progress at the last quarter written — for a group of lines
  the pagu-weighted mean, so a large sub-kegiatan counts for its size; a subtotal per strategy and
  the total, each the sum of its rows;
- the lokus villages with their OPD pendamping;
- tagged spending by kategori penandaan (PMK 97/2023) and its share of the total realised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapatgen.model.blocks import Block, Cell, Column, Run, Table
from rapatgen.report.common import share
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L


@dataclass
class Sums:
    """Money and progress of some lines of realisation."""

    lines: int = 0
    pagu: int = 0
    realisasi: int = 0
    fisik_x_pagu: float = 0.0  # Σ fisik × pagu over the lines with a physical figure
    pagu_fisik: int = 0  # Σ pagu of those lines

    def add(self, line) -> None:
        self.lines += 1
        self.pagu += line.pagu
        self.realisasi += line.realisasi_keuangan
        fisik = line.fisik_sampai(4)
        if fisik is not None:
            self.fisik_x_pagu += float(fisik) * line.pagu
            self.pagu_fisik += line.pagu

    def plus(self, other: "Sums") -> None:
        self.lines += other.lines
        self.pagu += other.pagu
        self.realisasi += other.realisasi
        self.fisik_x_pagu += other.fisik_x_pagu
        self.pagu_fisik += other.pagu_fisik

    @property
    def fisik(self) -> float | None:
        """Physical progress, pagu-weighted; None when no line reports one."""
        return self.fisik_x_pagu / self.pagu_fisik if self.pagu_fisik else None


@dataclass
class Group:
    label: str  # the strategy or cluster
    opd: dict[str, Sums] = field(default_factory=dict)  # OPD id → its lines in this group

    @property
    def sums(self) -> Sums:
        total = Sums()
        for s in self.opd.values():
            total.plus(s)
        return total


def by_strategy(realisasi) -> list[Group]:
    """Groups in the order of the strategies (1–3, then clusters I–IV), OPDs in the order written."""
    from rapatgen.model.realisasi import KLASTER, STRATEGI

    order = [*STRATEGI.values(), *KLASTER.values()]
    groups: dict[str, Group] = {}
    for opd, line in realisasi.rows():
        group = groups.setdefault(line.kelompok, Group(line.kelompok))
        group.opd.setdefault(opd, Sums()).add(line)
    return sorted(groups.values(), key=lambda g: order.index(g.label) if g.label in order else len(order))


def by_category(realisasi) -> dict[str, Sums]:
    from rapatgen.model.realisasi import KATEGORI

    out = {k: Sums() for k in KATEGORI}
    for _, line in realisasi.rows():
        out[line.kategori].add(line)
    return out


def _rp(amount: int) -> str:
    return L.rupiah(amount, sen=False)


def _fisik(s: Sums) -> str:
    return "–" if s.fisik is None else L.persen(s.fisik, 2)


def _c(text: str, align: str = "left", bold: bool = False) -> Cell:
    return Cell([[Run(text, bold=bold)]], align=align, bold=bold)


def _money_cells(s: Sums, bold: bool = False) -> list[Cell]:
    return [_c(str(s.lines), "right", bold), _c(_rp(s.pagu), "right", bold), _c(_rp(s.realisasi), "right", bold),
            _c(share(s.realisasi, s.pagu), "right", bold), _c(_fisik(s), "right", bold)]


MONEY_COLUMNS = [Column("Sub keg.", 1.0, "right"), Column("Pagu (Rp)", 2.6, "right"),
                 Column("Realisasi (Rp)", 2.6, "right"), Column("% pagu", 1.4, "right"),
                 Column("Fisik (%)", 1.4, "right")]


def strategy_table(ctx: Context, realisasi) -> Table:
    groups = by_strategy(realisasi)
    names = ctx.short_names([opd for g in groups for opd in g.opd])
    rows, kinds = [], []
    total = Sums()
    for gi, g in enumerate(groups, 1):
        rows.append([Cell([[Run(f"{L.romawi(gi)}. {g.label}", bold=True)]], colspan=7, bold=True)])
        kinds.append("group")
        for oi, (opd, s) in enumerate(g.opd.items(), 1):
            rows.append([_c(f"{oi}.", "center"), _c(names.get(opd, opd)), *_money_cells(s)])
            kinds.append("body")
        sub = g.sums
        rows.append([Cell([[Run(f"Subtotal {L.romawi(gi)}", bold=True)]], colspan=2, bold=True),
                     *_money_cells(sub, bold=True)])
        kinds.append("subtotal")
        total.plus(sub)
    rows.append([Cell([[Run("Jumlah", bold=True)]], colspan=2, bold=True), *_money_cells(total, bold=True)])
    kinds.append("total")
    return Table([Column("No", 0.6, "center"), Column("Strategi / Perangkat Daerah", 4.0), *MONEY_COLUMNS],
                 rows, row_kinds=kinds, font_size=9)


def lokus_table(ctx: Context, lokus) -> Table:
    rows_in = lokus.lokus
    province = any(d.kabupaten for d in rows_in)
    names = ctx.short_names([d.pendamping for d in rows_in])
    columns = [Column("No", 0.6, "center"), Column("Desa/Kelurahan", 2.8), Column("Kecamatan", 2.4)]
    if province:
        columns.append(Column("Kabupaten/Kota", 2.8))
    columns += [Column("OPD Pendamping", 2.6), Column("Kegiatan", 3.6)]
    rows = []
    for i, d in enumerate(rows_in, 1):
        row = [_c(f"{i}.", "center"), _c(d.label), _c(d.kecamatan)]
        if province:
            row.append(_c(d.kabupaten or "-"))
        row += [_c(names.get(d.pendamping, d.pendamping)), _c(d.kegiatan or d.catatan or "-")]
        rows.append(row)
    return Table(columns, rows, font_size=9)


def category_table(realisasi) -> Table:
    from rapatgen.model.realisasi import KATEGORI

    cats = by_category(realisasi)
    total = Sums()
    for s in cats.values():
        total.plus(s)
    rows, kinds = [], []
    for i, (key, s) in enumerate(cats.items(), 1):
        rows.append([_c(f"{i}.", "center"), _c(KATEGORI[key]), _c(str(s.lines), "right"), _c(_rp(s.pagu), "right"),
                     _c(_rp(s.realisasi), "right"), _c(share(s.realisasi, total.realisasi), "right"),
                     _c(share(s.realisasi, s.pagu), "right")])
        kinds.append("body")
    rows.append([Cell([[Run("Jumlah", bold=True)]], colspan=2, bold=True), _c(str(total.lines), "right", True),
                 _c(_rp(total.pagu), "right", True), _c(_rp(total.realisasi), "right", True),
                 _c(share(total.realisasi, total.realisasi), "right", True),
                 _c(share(total.realisasi, total.pagu), "right", True)])
    kinds.append("total")
    return Table([Column("No", 0.6, "center"), Column("Kategori penandaan", 3.0), Column("Sub keg.", 1.0, "right"),
                  Column("Pagu (Rp)", 2.6, "right"), Column("Realisasi (Rp)", 2.6, "right"),
                  Column("Porsi realisasi", 1.7, "right"), Column("% pagu", 1.4, "right")],
                 rows, row_kinds=kinds, font_size=9)


def linked_sentence(realisasi, meetings) -> str | None:
    """'5 dari 11 sub kegiatan merealisasikan butir rencana aksi (RAT) Rapat …' — None when none is linked."""
    rows = realisasi.rows()
    linked = [line.rencana_aksi for _, line in rows if line.rencana_aksi]
    if not linked:
        return None
    titles = {m.id: m.judul for m in meetings}
    sources = list(dict.fromkeys(titles.get(link.rapat, link.rapat) for link in linked))
    return (f"{len(linked)} dari {len(rows)} sub kegiatan merealisasikan butir rencana aksi yang disepakati dalam "
            + "; ".join(sources) + ".")


def pelaksanaan_blocks(ctx: Context, year: int, realisasi, lokus, source: str, heading, para, none,
                       meetings) -> list[Block]:
    """`source`: who reported the realisation ('laporan realisasi perangkat daerah … tahun 2024'), never a file."""
    blocks: list[Block] = [heading("3.1 Realisasi program per strategi dan perangkat daerah")]
    if realisasi is None:
        blocks.append(none(f"Data realisasi program tahun {year} belum tersedia."))
    else:
        total = Sums()
        for _, line in realisasi.rows():
            total.add(line)
        blocks.append(para(f"Tahun {year}, {len(realisasi.opd)} perangkat daerah melaksanakan {total.lines} sub "
                           f"kegiatan penanggulangan kemiskinan dengan pagu {_rp(total.pagu)} dan realisasi keuangan "
                           f"{_rp(total.realisasi)} ({share(total.realisasi, total.pagu)} dari pagu). Capaian fisik "
                           "adalah capaian kumulatif triwulan terakhir yang dilaporkan, dirata-rata dengan bobot "
                           f"pagu. Sumber: {source}."))
        sentence = linked_sentence(realisasi, meetings)
        if sentence:
            blocks.append(para(sentence))
        blocks.append(strategy_table(ctx, realisasi))
    blocks.append(heading("3.2 Lokus desa/kelurahan dan perangkat daerah pendamping"))
    if lokus is None:
        blocks.append(none(f"Lokus desa/kelurahan tahun {year} belum ditetapkan."))
    else:
        kecamatan = len({(d.kabupaten, d.kecamatan) for d in lokus.lokus})
        text = (f"Tahun {year} ditetapkan {len(lokus.lokus)} desa/kelurahan lokus di {kecamatan} kecamatan, masing-"
                f"masing didampingi satu perangkat daerah")
        text += "." + (f" Dasar penetapan: {lokus.dasar.rstrip('.')}." if lokus.dasar else "")
        blocks.append(para(text))
        blocks.append(lokus_table(ctx, lokus))
    return blocks


def anggaran_blocks(year: int, realisasi, source: str, para, none) -> list[Block]:
    if realisasi is None:
        return [none(f"Data belanja yang ditandai (langsung, tidak langsung, penunjang) tahun {year} belum tersedia.")]
    cats = by_category(realisasi)
    total = sum(s.realisasi for s in cats.values())
    from rapatgen.model.realisasi import KATEGORI

    parts = [f"{KATEGORI[k].lower()} {share(s.realisasi, total)}" for k, s in cats.items() if s.lines]
    return [para(f"Belanja penanggulangan kemiskinan yang ditandai tahun {year} terealisasi {_rp(total)}; menurut "
                 f"kategori penandaan (PMK 97/2023): " + ", ".join(parts) + f". Sumber: {source}."),
            category_table(realisasi)]
