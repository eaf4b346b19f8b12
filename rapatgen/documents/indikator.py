"""The notulen's "Data yang disampaikan": each indicator as a sentence a report would
write (latest value, computed change, targets, comparisons), a table that sets the
region beside its comparisons, and a chart of the series against the targets."""

from __future__ import annotations

from decimal import Decimal

from rapatgen.text import locale as L
from rapatgen.model.blocks import Block, Cell, Column, Image, Paragraph, Run, Table, runs
from rapatgen.documents.nilai import nilai_teks, target_teks
from rapatgen.model.indikator import DataIndikator, Indikator, Periode

# Units of a measure take "sebesar" (a rate, an index, an amount of money, a weight, an area);
# everything else is a count of things — jiwa, KK, kecamatan, sekolah — and takes "sebanyak".
MEASURES = ("persen", "%", "indeks", "rasio", "poin", "rupiah", "rp", "ton", "kg", "kilogram", "hektare",
            "hektar", "ha", "km", "kilometer", "meter", "liter", "kkal", "kalori", "tahun", "bulan", "hari")


def quantity_verb(satuan: str) -> str:
    """'sebesar 5,85%', 'sebesar Rp…' but 'sebanyak 5 kecamatan', 'sebanyak 349 KK'."""
    words = satuan.lower().replace("/", " ").split()
    return "sebesar" if any(w in MEASURES for w in words) else "sebanyak"


def periode_kalimat(p: Periode) -> str:
    """'Maret 2024', or 'tahun 2024' for a yearly figure, as it reads inside a sentence."""
    return p.label if p.bulan else f"tahun {p.tahun}"


def _selisih(delta: Decimal, satuan: str) -> str:
    size = abs(delta)
    if satuan in ("persen", "indeks"):
        return f"{L.angka_tertulis(size)} poin"
    return nilai_teks(size, satuan)


def _arah(delta: Decimal) -> str:
    return "naik" if delta > 0 else "turun" if delta < 0 else "tetap"


def perubahan(now: DataIndikator, before: DataIndikator, ind: Indikator) -> str:
    """'turun 0,33 poin atau 9.730 jiwa' — computed from the two figures, never typed."""
    delta = now.nilai - before.nilai
    rate = "tetap" if not delta else f"{_arah(delta)} {_selisih(delta, ind.satuan)}"
    if now.jumlah is None or before.jumlah is None:
        return rate
    count_delta = now.jumlah - before.jumlah
    count = f"{L.angka(abs(count_delta))} {ind.satuan_jumlah}"
    if not count_delta:
        return rate + ("" if not delta else ", sedangkan jumlahnya tetap")
    if _arah(count_delta) == _arah(delta):
        return f"{rate} atau {count}"
    if not delta:
        return f"tetap, sedangkan jumlahnya {_arah(count_delta)} {count}"
    return f"{rate}, sedangkan jumlahnya {_arah(count_delta)} {count}"


def nilai_dicatat(d: DataIndikator, satuan: str) -> str:
    """'5,78%', or '5,78% (angka sementara)' for a figure written with a `catatan`."""
    return nilai_teks(d.nilai, satuan) + (f" ({d.catatan})" if d.catatan else "")


def _dengan_jumlah(d: DataIndikator, ind: Indikator) -> str:
    text = nilai_teks(d.nilai, ind.satuan)
    text += f" ({L.angka(d.jumlah)} {ind.satuan_jumlah})" if d.jumlah is not None else ""
    return text + (f" ({d.catatan})" if d.catatan else "")


def kalimat(ind: Indikator) -> str:
    """The sentences a report writes about one indicator."""
    now, before = ind.terakhir, ind.sebelumnya
    verb = quantity_verb(ind.satuan)
    if now is None:  # a target without a measured series
        text = f"{ind.nama} {ind.wilayah} belum memiliki angka terukur."
    else:
        text = f"{ind.nama} {ind.wilayah} pada {periode_kalimat(now.periode)} {verb} {_dengan_jumlah(now, ind)}"
        if before is not None:
            text += f", {perubahan(now, before, ind)} dibanding {periode_kalimat(before.periode)}"
        text += "."
    if ind.target:
        parts = [f"{target_teks(t, ind.satuan)} pada tahun {t.tahun}" + (f" ({t.sumber})" if t.sumber else "")
                 for t in sorted(ind.target, key=lambda t: (t.tahun, t.sumber or ""))]
        text += " Target: " + "; ".join(parts) + "."
    if ind.pembanding:
        parts = []
        for comp in ind.pembanding:
            same = comp.at(now.periode)
            if same is not None:
                parts.append(f"{comp.wilayah} {nilai_dicatat(same, ind.satuan)}")
            else:
                last = comp.data[-1]
                parts.append(f"{comp.wilayah} {nilai_dicatat(last, ind.satuan)} ({periode_kalimat(last.periode)})")
        text += f" Sebagai pembanding pada {periode_kalimat(now.periode)}: " + ", ".join(parts) + "."
    text += _kalimat_wilayah(ind)
    if ind.sumber:
        text += f" Sumber data: {ind.sumber}."
    return text


def _kalimat_wilayah(ind: Indikator) -> str:
    """' Menurut wilayah pada Maret 2024: tertinggi Kabupaten Mahakam Ulu (10,90%), terendah Kota Balikpapan (2,30%).'"""
    if len(ind.per_wilayah) < 2:
        return ""
    latest = max(d.periode for r in ind.per_wilayah for d in r.data)
    at = [(r.wilayah, r.at(latest)) for r in ind.per_wilayah if r.at(latest) is not None]
    if len(at) < 2:
        return ""
    high = max(at, key=lambda x: x[1].nilai)
    low = min(at, key=lambda x: x[1].nilai)
    return (f" Menurut wilayah pada {periode_kalimat(latest)}: tertinggi {high[0]} ({nilai_dicatat(high[1], ind.satuan)}),"
            f" terendah {low[0]} ({nilai_dicatat(low[1], ind.satuan)}).")


WILAYAH_PERIODS = 3  # the latest periods a breakdown table shows


def tabel_wilayah(ind: Indikator) -> Table | None:
    """The breakdown by kab/kota or kecamatan: regions down, the latest periods across, then the change."""
    if not ind.per_wilayah:
        return None
    periods = sorted({d.periode for r in ind.per_wilayah for d in r.data})[-WILAYAH_PERIODS:]
    columns = [Column("Wilayah", 3.6)] + [Column(p.label, 2.2, "right") for p in periods]
    if len(periods) >= 2:
        columns.append(Column("Perubahan", 3.4))
    rows = []
    for r in ind.per_wilayah:
        row = [Cell([runs(r.wilayah)])]
        for p in periods:
            here = r.at(p)
            row.append(Cell([runs(nilai_dicatat(here, ind.satuan))]) if here else Cell([runs("–")], align="center"))
        if len(periods) >= 2:
            now, before = r.at(periods[-1]), r.at(periods[-2])
            row.append(Cell([runs(perubahan(now, before, ind))]) if now and before else Cell([runs("–")], align="center"))
        rows.append(row)
    if ind.data and ind.at(periods[-1]) is not None:  # the whole region as the last row, when known
        whole = [Cell([[Run(ind.wilayah, bold=True)]])]
        for p in periods:
            here = ind.at(p)
            whole.append(Cell([[Run(nilai_dicatat(here, ind.satuan), bold=True)]]) if here else
                         Cell([runs("–")], align="center"))
        if len(periods) >= 2:
            now, before = ind.at(periods[-1]), ind.at(periods[-2])
            whole.append(Cell([runs(perubahan(now, before, ind))]) if now and before else Cell([runs("–")], align="center"))
        rows.append(whole)
    return Table(columns, rows, font_size=10)


def tabel(ind: Indikator) -> Table | None:
    """Periods down, the region beside its comparisons across; targets as the last rows."""
    periods = sorted({d.periode for d in ind.data} | {d.periode for c in ind.pembanding for d in c.data})
    if len(periods) < 2 and not ind.pembanding:
        return None
    counts = any(d.jumlah is not None for d in ind.data)
    changes = len(ind.data) >= 2
    columns = [Column("Periode", 2.2), Column(ind.wilayah, 2.4, "right")]
    if counts:
        columns.append(Column(f"Jumlah ({ind.satuan_jumlah})", 2.1, "right"))
    if changes:
        columns.append(Column("Perubahan", 3.4))
    columns += [Column(c.wilayah, 2.1, "right") for c in ind.pembanding]

    def empty():
        return Cell([runs("–")], align="center")

    rows = []
    for p in periods:
        here = ind.at(p)
        row = [Cell([runs(p.label)]), Cell([runs(nilai_dicatat(here, ind.satuan))]) if here else empty()]
        if counts:
            row.append(Cell([runs(L.angka(here.jumlah))]) if here and here.jumlah is not None else empty())
        if changes:
            earlier = [d for d in ind.data if d.periode < p]
            row.append(Cell([runs(perubahan(here, earlier[-1], ind))]) if here and earlier else empty())
        for comp in ind.pembanding:
            there = comp.at(p)
            row.append(Cell([runs(nilai_dicatat(there, ind.satuan))]) if there else empty())
        rows.append(row)
    for t in sorted(ind.target, key=lambda t: (t.tahun, t.sumber or "")):
        label = f"Target {t.tahun}" + (f" ({t.sumber})" if t.sumber else "")
        row = [Cell([[Run(label, italic=True)]]), Cell([[Run(target_teks(t, ind.satuan), italic=True)]])]
        row += [Cell([runs("")]) for _ in columns[2:]]
        rows.append(row)
    return Table(columns, rows, font_size=10)


def keterangan_grafik(ind: Indikator, number: int) -> str:
    """'Grafik 1. Persentase penduduk miskin, Provinsi Kalimantan Timur dibanding Nasional, Maret 2023–Maret 2024,
    dengan target RKPD 2025 dan RPJMD 2026. Sumber: BPS.'"""
    periods = sorted({d.periode for d in ind.data} | {d.periode for c in ind.pembanding for d in c.data})
    span = periods[0].label if len(periods) == 1 else f"{periods[0].label}–{periods[-1].label}"
    text = f"Grafik {number}. {ind.nama}, {ind.wilayah}"
    if ind.pembanding:
        text += " dibanding " + _dan([c.wilayah for c in ind.pembanding])
    text += f", {span}"
    if ind.target:
        text += ", dengan target " + _dan([" ".join(x for x in (t.sumber, str(t.tahun)) if x)
                                           for t in sorted(ind.target, key=lambda t: (t.tahun, t.sumber or ""))])
    return text + "." + (f" Sumber: {ind.sumber}." if ind.sumber else "")


def _dan(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " dan " + words[-1]


def alt_grafik(ind: Indikator) -> str:
    """What the chart shows, for screen readers."""
    values = "; ".join(f"{d.periode.label} {nilai_teks(d.nilai, ind.satuan)}" for d in ind.data)
    return f"Grafik garis {ind.nama} {ind.wilayah}: {values}."


def indicator_blocks(items: list[Indikator], indent_cm: float = 0.6) -> list[Block]:
    """Blocks for the notulen section "Data yang disampaikan"."""
    blocks: list[Block] = []
    charts = 0
    for i, ind in enumerate(items):
        if len(items) > 1:
            blocks.append(Paragraph([Run(f"{L.huruf_urut(i)}. {ind.nama}", bold=True)], align="left",
                                    indent_cm=indent_cm, keep_with_next=True))
        blocks.append(Paragraph(runs(kalimat(ind)), indent_cm=indent_cm))
        table = tabel(ind)
        if table is not None:
            blocks.append(table)
        by_region = tabel_wilayah(ind)
        if by_region is not None:
            blocks.append(Paragraph([Run(f"{ind.nama} menurut wilayah:", italic=True)], align="left",
                                    indent_cm=indent_cm, keep_with_next=True))
            blocks.append(by_region)
        if ind.perlu_grafik():
            from rapatgen.documents import grafik  # matplotlib only when a chart is drawn

            charts += 1
            blocks.append(Image(grafik.draw(ind), grafik.WIDTH_CM, keterangan_grafik(ind, charts), alt_grafik(ind)))
    return blocks
