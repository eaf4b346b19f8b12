"""Matriks rencana aksi (RAT/RPKD): landscape, grouped by strategy, budget subtotals and
a grand total."""

from __future__ import annotations

from rapatgen import locale as L
from rapatgen.documents.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import Skip, letterhead
from rapatgen.model.meeting import Rapat
from rapatgen.resolve import Context

STRATEGI = {
    1: "Strategi 1: Pengurangan beban pengeluaran masyarakat",
    2: "Strategi 2: Peningkatan pendapatan masyarakat",
    3: "Strategi 3: Penurunan jumlah kantong-kantong kemiskinan",
}
COLUMNS = [Column("No", 0.5, "center"), Column("Program / Kegiatan / Sub Kegiatan", 3.4),
           Column("Rencana Aksi / Indikator", 3.0), Column("Target", 1.3, "right"),
           Column("Lokasi / Lokus", 2.0), Column("Anggaran (Rp)", 1.8, "right"), Column("Sumber Dana", 1.3),
           Column("OPD Penanggung Jawab", 1.7), Column("Waktu", 1.1, "center")]


def strategy_label(value) -> str:
    return STRATEGI.get(value, str(value)) if isinstance(value, int) else str(value)


def compose_rencana_aksi(ctx: Context, m: Rapat) -> Document:
    ra = m.rencana_aksi
    if ra is None:
        raise Skip("rapat ini tidak memuat rencana_aksi")
    title = ra.judul or (f"{'Rencana Aksi Tahunan' if ra.dokumen == 'RAT' else 'Rencana Penanggulangan Kemiskinan Daerah'}"
                         f" Penanggulangan Kemiskinan Tahun {ra.tahun}")
    groups: dict[str, list] = {}
    for row in ra.butir:
        groups.setdefault(strategy_label(row.strategi), []).append(row)
    n = len(COLUMNS)
    rows, kinds = [], []
    number = 0
    total = 0
    for label, items in groups.items():
        rows.append([Cell([runs(label)], colspan=n, bold=True)])
        kinds.append("group")
        subtotal = 0
        for it in items:
            number += 1
            subtotal += it.anggaran
            program = [runs(it.program), runs(it.kegiatan)] + ([runs(it.sub_kegiatan)] if it.sub_kegiatan else []) \
                + ([[Run(f"Kode: {it.kode}", italic=True)]] if it.kode else [])
            action = ([runs(it.aksi)] if it.aksi else []) + [[Run("Indikator: ", italic=True), Run(it.indikator)]]
            where = [runs(", ".join(it.lokasi))] if it.lokasi else [runs("-")]
            if it.sasaran:
                where.append([Run(f"Sasaran: {it.sasaran}", italic=True)])
            rows.append([Cell([runs(f"{number}.")]), Cell(program), Cell(action),
                         Cell([runs(f"{L.angka(it.volume)} {it.satuan}")]), Cell(where),
                         Cell([runs(L.angka(it.anggaran))]), Cell([runs(it.sumber_dana)]),
                         Cell([runs(ctx.institution_short(it.opd))]),
                         Cell([runs(it.waktu or "-")] + ([[Run(it.keterangan, italic=True)]] if it.keterangan else []))])
            kinds.append("body")
        rows.append([Cell([runs(f"Subtotal {label.split(':')[0]}")], colspan=5, align="right"),
                     Cell([runs(L.angka(subtotal))], align="right"), Cell([], colspan=3)])
        kinds.append("subtotal")
        total += subtotal
    rows.append([Cell([runs("JUMLAH")], colspan=5, align="right"), Cell([runs(L.angka(total))], align="right"),
                 Cell([], colspan=3)])
    kinds.append("total")
    blocks = [letterhead(ctx, m), Title(f"MATRIKS {title.upper()}", [m.judul]),
              Table(COLUMNS, rows, kinds, font_size=9),
              Paragraph([Run("Jumlah anggaran: ", bold=True), Run(f"{L.rupiah(total)} ({L.rupiah_terbilang(total)})")],
                        align="left")]
    signer = m.pimpinan.sekretaris or ctx.config.penandatangan.rencana_aksi or m.pimpinan.ketua
    blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, m.sesi[-1].tanggal)])]))
    return Document("rencana-aksi", f"Matriks {title}", [Section(blocks, landscape=True)], ctx.page_setup())
