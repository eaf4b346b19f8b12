"""Matriks rencana aksi (RAT/RPKD): landscape, the columns a RAT reviewer expects, grouped by
strategy then OPD, budget subtotals per OPD and per strategy, and JUMLAH."""

from __future__ import annotations

from rapatgen.text import locale as L
from rapatgen.model.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import Skip, letterhead
from rapatgen.documents.program_cell import program_lines
from rapatgen.model.meeting import Rapat
from rapatgen.model.strategi import STRATEGI, STRATEGI_NOMOR
from rapatgen.resolve.context import Context

# widths (relative) hold the longest ordinary word of each column at 9 pt without breaking it
COLUMNS = [Column("No", 0.9, "center"), Column("Program / Kegiatan / Sub Kegiatan", 4.0),
           Column("Rencana Aksi / Indikator", 2.9), Column("Sasaran", 2.3), Column("Lokasi / Lokus", 2.6),
           Column("Target", 2.6, "right"), Column("Anggaran (Rp)", 2.6, "right"), Column("Sumber Dana", 1.7),
           Column("OPD Penanggung Jawab", 2.6), Column("Waktu", 1.6, "center"), Column("Keterangan", 2.5)]
SUM_AT = 6  # index of the Anggaran column


UNBUDGETED = "belum dianggarkan"


def total_text(items, total: int) -> str:
    """'Rp… (… rupiah)', and how many commitments have no budget yet: the sum is of those that have one."""
    unbudgeted = sum(1 for it in items if it.anggaran is None)
    if unbudgeted == len(items):
        return f"belum ada butir yang dianggarkan ({unbudgeted} butir {UNBUDGETED})"
    text = f"{L.rupiah(total)} ({L.rupiah_terbilang(total)})"
    return text + (f"; {unbudgeted} butir {UNBUDGETED} dan tidak termasuk dalam jumlah ini" if unbudgeted else "")


def strategy_label(value) -> str:
    """'Strategi 1: Pengurangan beban pengeluaran masyarakat' for 1–3 (Inpres 4/2022); free text as written."""
    if isinstance(value, int) and value in STRATEGI_NOMOR:
        return f"Strategi {value}: {STRATEGI[STRATEGI_NOMOR[value]]}"
    return str(value)


def _row(ctx: Context, number: int, it) -> list[Cell]:
    program = program_lines(it)
    action = ([runs(it.aksi)] if it.aksi else []) + [[Run("Indikator: ", italic=True), Run(it.indikator)]]
    return [Cell([runs(f"{number}.")]), Cell(program), Cell(action), Cell([runs(it.sasaran or "-")]),
            Cell([runs(", ".join(it.lokasi) if it.lokasi else "-")]),
            Cell([runs(f"{L.angka(it.volume)} {it.satuan}")]),
            Cell([runs(L.angka(it.anggaran) if it.anggaran is not None else UNBUDGETED)]),
            Cell([runs(it.sumber_dana or "-")]), Cell([runs(ctx.institution_name(it.opd) or it.opd)]),
            Cell([runs(it.waktu or "-")]), Cell([runs(it.keterangan or "-")])]


def compose_rencana_aksi(ctx: Context, m: Rapat) -> Document:
    ra = m.rencana_aksi
    if ra is None:
        raise Skip("rapat ini tidak memuat rencana_aksi")
    region = ctx.config.organisasi.wilayah  # the plan is the region's: "… Kabupaten Buleleng Tahun 2024"
    title = ra.judul or (f"Rencana Aksi Tahunan Penanggulangan Kemiskinan {region} Tahun {ra.tahun}" if ra.dokumen == "RAT"
                         else f"Rencana Penanggulangan Kemiskinan Daerah {region} Tahun {ra.tahun}")
    groups: dict[str, list] = {}
    for row in ra.butir:
        groups.setdefault(strategy_label(row.strategi), []).append(row)
    n = len(COLUMNS)
    rows, kinds = [], []
    number = 0
    total = 0

    def sum_row(label: str, amount: int, kind: str, of: list) -> None:
        """A sum of the budgets of `of`; 'belum dianggarkan' when none of them has one (never a bare 0)."""
        shown = UNBUDGETED if all(it.anggaran is None for it in of) else L.angka(amount)
        rows.append([Cell([runs(label)], colspan=SUM_AT, align="right"), Cell([runs(shown)], align="right"),
                     Cell([], colspan=n - SUM_AT - 1)])
        kinds.append(kind)

    for label, items in groups.items():
        rows.append([Cell([runs(label)], colspan=n, bold=True)])
        kinds.append("group")
        by_opd: dict[str, list] = {}
        for it in items:  # one OPD's rows together, in the order they first appear
            by_opd.setdefault(it.opd, []).append(it)
        subtotal = 0
        for opd, own in by_opd.items():
            for it in own:
                number += 1
                rows.append(_row(ctx, number, it))
                kinds.append("body")
            amount = sum(it.anggaran or 0 for it in own)
            if len(own) > 1 and len(by_opd) > 1:
                sum_row(f"Jumlah {ctx.institution_short(opd)}", amount, "subtotal", own)
            subtotal += amount
        sum_row(f"Subtotal {label.split(':')[0]}", subtotal, "subtotal", items)
        total += subtotal
    sum_row("JUMLAH", total, "total", ra.butir)
    blocks = [letterhead(ctx, m), Title(f"MATRIKS {title.upper()}", [m.judul]),
              Table(COLUMNS, rows, kinds, font_size=9),
              Paragraph([Run("Jumlah anggaran: ", bold=True), Run(total_text(ra.butir, total))], align="left")]
    signer = m.pimpinan.sekretaris or ctx.config.penandatangan.rencana_aksi or m.pimpinan.ketua
    blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, m.sesi[-1].tanggal)])]))
    return Document("rencana-aksi", f"Matriks {title}", [Section(blocks, landscape=True)], ctx.page_setup())
