"""The lokus table: desa/kelurahan lokus of a year with their OPD pendamping (`lokus/<tahun>.yaml`).

Printed in the notulen of a meeting with `tinjau_lokus: <tahun>`; the reports reuse `lokus_table`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapatgen.model.blocks import Cell, Column, Paragraph, Run, Table, runs
from rapatgen.resolve.context import Context

if TYPE_CHECKING:  # a meeting without `tinjau_lokus` builds no lokus model (check/projectdata reads them)
    from rapatgen.model.lokus import LokusTahunan


def lokus_table(ctx: Context, data: LokusTahunan, font_size: float = 9) -> Table:
    """No | Desa/Kelurahan | Kecamatan | (Kabupaten/Kota) | OPD Pendamping | Kegiatan/Catatan."""
    regional = any(d.kabupaten for d in data.lokus)
    noted = any(d.kegiatan or d.catatan for d in data.lokus)
    columns = [Column("No", 0.6, "center"), Column("Desa/Kelurahan", 2.4), Column("Kecamatan", 2.0)]
    if regional:
        columns.append(Column("Kabupaten/Kota", 2.6))
    columns.append(Column("OPD Pendamping", 2.6))
    if noted:
        columns.append(Column("Kegiatan / Catatan", 3.4))
    names = ctx.short_names(d.pendamping for d in data.lokus)
    rows = []
    for i, d in enumerate(data.lokus, 1):
        row = [Cell([runs(f"{i}.")]), Cell([runs(d.label)]), Cell([runs(d.kecamatan)])]
        if regional:
            row.append(Cell([runs(d.kabupaten or "-")]))
        row.append(Cell([runs(names.get(d.pendamping, d.pendamping))]))
        if noted:
            row.append(Cell([runs(x) for x in (d.kegiatan, d.catatan) if x] or [runs("-")]))
        rows.append(row)
    return Table(columns, rows, font_size=font_size)


def lokus_blocks(ctx: Context, m, number: int) -> list:
    """The notulen section of a meeting with `tinjau_lokus: <tahun>`; empty when it names none."""
    data = ctx.lokus.get(m.tinjau_lokus) if m.tinjau_lokus else None
    if data is None:
        return []
    count = len(data.lokus)
    kecamatan = len({(d.kabupaten, d.kecamatan) for d in data.lokus})
    opd = len({d.pendamping for d in data.lokus})
    text = (f"Lokus penanggulangan kemiskinan tahun {data.tahun}: {count} desa/kelurahan di {kecamatan} kecamatan, "
            f"didampingi {opd} perangkat daerah." + (f" Dasar penetapan: {data.dasar.rstrip('.')}." if data.dasar else ""))
    return [Paragraph([Run(f"{number}. Desa/kelurahan lokus tahun {data.tahun}", bold=True)], align="left",
                      keep_with_next=True),
            Paragraph(runs(text), indent_cm=0.6, keep_with_next=True),
            lokus_table(ctx, data)]
