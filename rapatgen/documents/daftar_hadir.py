"""Daftar hadir: one list per day or session, pre-filled with invitees plus blank rows,
the signature column staggered (odd numbers left, even right), header repeated per page."""

from __future__ import annotations

from rapatgen.text import locale as L
from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, Paragraph, Run, Section,
                                       Signatures, Table, Title, runs)
from rapatgen.documents.frame import letterhead
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.attendance import mode, session_rows
from rapatgen.resolve.context import Context, session_place

BLANK_ROWS = 10
SPARE_ROWS = 2  # for walk-ins when the expected number is already pre-filled


def online_people(ctx: Context, m: Rapat, day: int) -> list[tuple[str, str]]:
    """(nama, jabatan/instansi) of those who joined online on that day: narasumber and attendees."""
    return [(r.nama, r.jabatan) for r in session_rows(ctx, m, day) if r.came and r.daring]


def compose_daftar_hadir(ctx: Context, m: Rapat) -> Document:
    zone = ctx.zone(m)
    sections = []
    for day, s in enumerate(m.sesi, 1):
        blocks = []  # each session its own section: own heading, own "Halaman X dari Y"
        sections.append(Section(blocks, restart_numbering=day > 1))
        if day == 1:
            blocks.append(letterhead(ctx, m))
        label = f" — {s.nama}" if s.nama else (f" — HARI KE-{day}" if len(m.sesi) > 1 else "")
        blocks.append(Title("DAFTAR HADIR" + label.upper(), [m.judul.upper()]))
        blocks.append(LabelValue(rows=[("Hari/Tanggal", [runs(L.hari_tanggal(s.tanggal))]),
                                       ("Pukul", [runs(L.pukul(s.mulai, s.selesai, zone)[6:])]),
                                       ("Tempat", [runs(session_place(s))])], label_cm=3.2))
        after = mode(m) == "sesudah"
        paper = [r for r in session_rows(ctx, m, day) if not (r.came and r.daring)]
        if after:  # a record of who came: no rows to fill in by hand
            blank = 0
        else:
            blank = max(s.jumlah_peserta - len(paper), 0) or SPARE_ROWS if s.jumlah_peserta else BLANK_ROWS
        rows = []
        for r in paper:
            row = [Cell([runs("")], align="center"), Cell([runs(r.nama)]), Cell([runs(r.jabatan)]),
                   Cell([runs(r.jenis_kelamin or "")], align="center"), Cell([runs(r.hp)])]
            if after:
                row.append(Cell([runs("hadir" if r.came else "tidak hadir")]))
            rows.append(row + [Cell([])])
        width = 7 if after else 6
        rows += [[Cell([]) for _ in range(width)] for _ in range(blank)]
        for i, row in enumerate(rows):
            row[0] = Cell([runs(f"{i + 1}.")], align="center")
        # the same 16.1 cm as ever; a phone number "0812-0000-0000" needs 2.9 cm unbroken
        columns = [Column("No", 0.9, "center"), Column("Nama", 3.0 if after else 3.7),
                   Column("Jabatan / Instansi", 4.2 if after else 4.4), Column("L/P", 1.0, "center"),
                   Column("No. HP", 2.9)]
        if after:
            columns.append(Column("Ket.", 1.5))
        columns.append(Column("Tanda Tangan", 2.6 if after else 3.2))
        asked = max(s.jumlah_peserta - len(paper), 0) if s.jumlah_peserta and not after else 0
        blocks.append(Table(columns, rows, font_size=10, signature_column=len(columns) - 1, min_row_height_cm=1.0,
                            blank_rows=blank, blank_minimum=asked))
        online = online_people(ctx, m, day)
        if online:
            blocks.append(Paragraph([Run("Peserta yang hadir secara daring", bold=True)], align="left",
                                    space_before=0.5, keep_with_next=True))
            blocks.append(Table([Column("No", 0.9, "center"), Column("Nama", 5.0), Column("Jabatan / Instansi", 10.2)],
                                [[Cell([runs(f"{i}.")], align="center"), Cell([runs(n)]), Cell([runs(j)])]
                                 for i, (n, j) in enumerate(online, 1)], font_size=10))
        signer = m.pimpinan.sekretaris or m.pimpinan.ketua
        blocks.append(Signatures([ctx.signature(signer, above=[ctx.place_date(m, s.tanggal), "Mengetahui,"])]))
    return Document("daftar-hadir", f"Daftar Hadir {m.judul}", sections, ctx.page_setup())
