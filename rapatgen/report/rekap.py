"""`rapatgen rekap`: the provincial roll-up of its kab/kota's exports, as a document (Word, PDF under the
province's kop, through the shipped backends) and as a workbook (one sheet per table; totals are SUM
formulas over the kab/kota rows, stored with their values).

Tables: per kab/kota the province's agreements it reports on (done, late, not reported, in progress),
its own meetings in the year and the share of its own agreements done; the indicator panel (its latest
figure beside the province's and the nation's of the same period); a ranking for the provincial rakor.
"""

from __future__ import annotations

from datetime import date

from rapatgen.documents.frame import issuer, letterhead
from rapatgen.documents.typography import finish
from rapatgen.model.blocks import Cell, Column, Document, Image, Paragraph, Section, Table, Title, runs
from rapatgen.model.rekap import Rekap, Tally
from rapatgen.render.xlsx import Formula, SheetSpec
from rapatgen.report.common import share
from rapatgen.report.rekap_data import ranking
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L

STATUS_COLUMNS = [("No", 5), ("Kabupaten/Kota", 24), ("Kesepakatan provinsi", 12), ("Selesai", 10),
                  ("Terlambat", 10), ("Belum dilaporkan", 12), ("Dalam proses", 11), ("% selesai", 10),
                  ("Rapat TKPK tahun ini", 12), ("Kesepakatan sendiri", 12), ("Kesepakatan sendiri selesai", 12),
                  ("% kesepakatan sendiri selesai", 14), ("Keadaan per", 12), ("Kiriman ke-", 9),
                  ("Laporan", 14)]
PANEL_COLUMNS = [("Kabupaten/Kota", 24), ("Indikator", 30), ("Periode", 10), ("Kab/kota", 11), ("Provinsi", 11),
                 ("Nasional", 11), ("Satuan", 10)]
COMPARE_COLUMNS = [("Kabupaten/Kota", 22), ("Kesepakatan provinsi", 40), ("Catatan provinsi", 14),
                   ("Laporan kab/kota", 16), ("Keterangan", 30)]
RANK_COLUMNS = [("Peringkat", 9), ("Kabupaten/Kota", 24), ("% kesepakatan provinsi selesai", 16),
                ("% kesepakatan sendiri selesai", 16), ("Rapat TKPK tahun ini", 12), ("Terlambat", 10)]


def file_stem(r: Rekap) -> str:
    return f"rekap-kabkota-{r.tahun}"


def _value(value) -> str:
    return "–" if value is None else L.angka(value)


def _share(t: Tally) -> str:
    return share(t.selesai, t.jumlah, 1)


def _tally_cells(t: Tally) -> list:
    return [t.jumlah, t.selesai, t.terlambat, t.belum, t.proses]


def timeliness(r: Rekap, k) -> str:
    """'tepat waktu' / 'terlambat 3 hari' against the deadline; '–' when none was given."""
    if r.batas is None or k.tepat_waktu is None:
        return "–"
    from rapatgen.report.rekap_data import exported_on

    late = (exported_on(k.diekspor) - r.batas).days
    return "tepat waktu" if late <= 0 else f"terlambat {late} hari"


def status_rows(r: Rekap) -> list[list]:
    """Body rows of the status table (plain values), then the total row."""
    rows = []
    for n, k in enumerate(r.kabkota, 1):
        rows.append([n, k.nama, *_tally_cells(k.provinsi), _share(k.provinsi), len(k.rapat), k.sendiri.jumlah,
                     k.sendiri.selesai, _share(k.sendiri), L.tanggal(date.fromisoformat(k.per)), k.urutan,
                     timeliness(r, k)])
    p, s = r.jumlah_provinsi, r.jumlah_sendiri
    rows.append(["", "JUMLAH", *_tally_cells(p), _share(p), sum(len(k.rapat) for k in r.kabkota), s.jumlah,
                 s.selesai, _share(s), "", "", _on_time(r)])
    return rows


def _on_time(r: Rekap) -> str:
    if r.batas is None:
        return ""
    return f"{sum(1 for k in r.kabkota if k.tepat_waktu)} tepat waktu"


def _table(columns, widths, rows, kinds, right: set[int]) -> Table:
    cols = [Column(name, w, "right" if i in right else "left") for i, ((name, _), w) in enumerate(zip(columns, widths))]
    cells = [[Cell([runs(str(v))], align="right" if i in right else "left", bold=kind == "total")
              for i, v in enumerate(row)] for row, kind in zip(rows, kinds)]
    return Table(cols, cells, kinds, font_size=8)


def panel_rows(r: Rekap) -> list[list]:
    return [[k.nama, a.indikator, a.periode_label, _value(a.nilai), _value(a.provinsi), _value(a.nasional), a.satuan or ""]
            for k in r.kabkota for a in k.angka]


def compare_rows(r: Rekap, sheet: bool = False) -> list[list]:
    """Section D's rows. The worksheet also names each item's id and the command that records a
    decision (what the secretariat types); the signed document names the agreement only."""
    def item(c) -> str:
        return f"{c.sumber} ({c.butir})" if sheet else c.sumber

    def verdict(c) -> str:
        command = " (rapatgen followup set)" if sheet else ""
        if c.konflik:
            return "konflik: provinsi mencatat sendiri — diputuskan sekretariat" + command
        if c.diputuskan:
            return f"berbeda — sudah diputuskan sekretariat, {L.tanggal(date.fromisoformat(c.diputuskan))}"
        if c.berbeda:
            return "berbeda — diputuskan sekretariat" + command
        if c.dicatat:
            day = L.tanggal(date.fromisoformat(c.dicatat[0]))
            return f"dicatat dari laporan kab/kota, {day}" + (f" ({c.dicatat[1]})" if sheet else "")
        return "sama" if c.laporan else "tidak dilaporkan"

    return [[c.kabkota, item(c), c.provinsi, ", ".join(c.laporan) or "–", verdict(c)] for c in r.perbandingan]


def rank_rows(r: Rekap) -> list[list]:
    return [[n, k.nama, _share(k.provinsi), _share(k.sendiri), len(k.rapat), k.provinsi.terlambat]
            for n, k in enumerate(ranking(r), 1)]


def sources_sentence(ctx: Context, r: Rekap) -> str:
    """The roll-up's source as a signed document names it: each kab/kota's report and the day its figures
    stand on — never the files the secretariat keeps them in."""
    org = ctx.config.organisasi
    parts = [f"{k.nama}, keadaan per {L.tanggal(date.fromisoformat(k.per))}" for k in r.kabkota]
    return (f"Sumber: laporan kabupaten/kota yang diterima Sekretariat {org.singkatan or org.nama} "
            f"({'; '.join(parts)}).")


def compose(ctx: Context, r: Rekap, signed: date) -> Document:
    status = status_rows(r)
    blocks = [
        letterhead(ctx, None),
        Title("REKAPITULASI TINDAK LANJUT DAN INDIKATOR KABUPATEN/KOTA",
              [f"{r.provinsi.upper()} — TAHUN {r.tahun}", "Disusun dari laporan kabupaten/kota yang diterima; "
                                                            "keadaan per tanggal setiap laporan"]),
        Paragraph(runs("A. Tindak lanjut kesepakatan provinsi dan kesepakatan kabupaten/kota"), align="left",
                  keep_with_next=True),
        _table(STATUS_COLUMNS, [3, 10.5, 7.5, 5, 5.5, 6, 5.5, 5.5, 5.5, 7.5, 7.5, 7, 9.5, 4.5, 9], status,
               ["body"] * (len(status) - 1) + ["total"], {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13}),
        Paragraph(runs("Kesepakatan provinsi: tindak lanjut yang dilaporkan kabupaten/kota dengan penanggung jawab "
                       "pemerintah kabupaten/kota itu sendiri. Rapat TKPK tahun ini: rapat yang tindak lanjutnya "
                       "tercantum dalam laporannya. Laporan: tanggal laporan dibuat dibanding batas waktu "
                       + (L.tanggal(r.batas) if r.batas else "(batas waktu tidak ditetapkan)")
                       + "."), align="left", size=8),
    ]
    if r.belum_mengirim:
        blocks.append(Paragraph(runs("Kabupaten/kota yang belum mengirim laporan: " +
                                     ", ".join(r.belum_mengirim) + "."), align="left", size=9))
    panel = panel_rows(r)
    blocks.append(Paragraph(runs("B. Panel indikator (angka terakhir kabupaten/kota, provinsi, dan nasional pada "
                                 "periode yang sama)"), align="left", space_before=1, keep_with_next=True))
    if panel:
        blocks.append(_table(PANEL_COLUMNS, [11, 16, 5, 5.5, 5.5, 5.5, 5], panel, ["body"] * len(panel),
                             {3, 4, 5}))
        from rapatgen.report.rekap_grafik import WIDTH_CM, draw, main_indicator

        name = main_indicator(r)
        blocks.append(Image(draw(r, name), WIDTH_CM * 0.8, f"Grafik: {name} setiap kabupaten/kota, angka terakhir; "
                            "garis: provinsi dan nasional pada periode yang sama",
                            alt=f"Diagram batang {name} per kabupaten/kota"))
    else:
        blocks.append(Paragraph(runs("Belum ada angka indikator dalam berkas ekspor."), align="left"))
    ranks = rank_rows(r)
    blocks += [
        Paragraph(runs("C. Peringkat kabupaten/kota (persentase kesepakatan provinsi selesai, lalu kesepakatan "
                       "sendiri selesai, lalu jumlah rapat)"), align="left", space_before=1, keep_with_next=True),
        _table(RANK_COLUMNS, [4, 12, 8, 8, 6, 5], ranks, ["body"] * len(ranks), {0, 2, 3, 4, 5}),
    ]
    compare = compare_rows(r)
    if compare:
        differ = sum(1 for c in r.perbandingan if c.berbeda and not c.konflik and not c.diputuskan)
        conflicts = sum(1 for c in r.perbandingan if c.konflik)
        decided = sum(1 for c in r.perbandingan if c.diputuskan)
        recorded = sum(1 for c in r.perbandingan if c.dicatat)
        blocks += [
            Paragraph(runs("D. Kesepakatan provinsi: catatan provinsi dan laporan kabupaten/kota"), align="left",
                      space_before=1, keep_with_next=True),
            _table(COMPARE_COLUMNS, [10, 22, 7, 8, 14], compare, ["body"] * len(compare), set()),
            Paragraph(runs(f"{recorded} status dicatat dari laporan kabupaten/kota, {conflicts} konflik, "
                           + (f"{decided} sudah diputuskan sekretariat, " if decided else "") + f"{differ} "
                           "berbeda. Status yang dilaporkan kabupaten/kota atas kesepakatan provinsi dicatat pada "
                           "matriks tindak lanjut provinsi dengan tanggal dan berkas sumbernya, kecuali bila provinsi "
                           "sudah mencatat status lain sendiri (konflik); konflik dan yang berbeda diputuskan "
                           "sekretariat."), align="left", size=8),
        ]
    blocks.append(Paragraph(runs(sources_sentence(ctx, r)), align="left", size=8))

    title = f"Rekapitulasi Kabupaten/Kota {r.provinsi} Tahun {r.tahun}"
    return finish(Document("rekap-kabkota", title, [Section(blocks, landscape=True)], ctx.page_setup(),
                           page_of_pages=True, author=issuer(ctx, None), issued=signed))


def sheets(ctx: Context, r: Rekap) -> list[SheetSpec]:
    from openpyxl.utils import get_column_letter as col

    lines = ["REKAPITULASI TINDAK LANJUT DAN INDIKATOR KABUPATEN/KOTA", f"{r.provinsi} — Tahun {r.tahun}",
             f"{ctx.config.organisasi.singkatan or ctx.config.organisasi.nama}; dari berkas ekspor kabupaten/kota"]
    status = SheetSpec("Tindak lanjut", lines, STATUS_COLUMNS)
    for n, k in enumerate(r.kabkota, 1):
        status.rows.append([n, k.nama, *_tally_cells(k.provinsi), round(100 * k.provinsi.selesai / k.provinsi.jumlah, 1)
                            if k.provinsi.jumlah else None, len(k.rapat), k.sendiri.jumlah, k.sendiri.selesai,
                            round(100 * k.sendiri.selesai / k.sendiri.jumlah, 1) if k.sendiri.jumlah else None,
                            k.per, k.urutan, timeliness(r, k)])
        status.kinds.append("body")
    first, last = status.row_of(0), status.row_of(len(r.kabkota) - 1)
    p, s = r.jumlah_provinsi, r.jumlah_sendiri
    sums = {3: p.jumlah, 4: p.selesai, 5: p.terlambat, 6: p.belum, 7: p.proses,
            9: sum(len(k.rapat) for k in r.kabkota), 10: s.jumlah, 11: s.selesai}
    total = [None, "JUMLAH"] + [None] * (len(STATUS_COLUMNS) - 2)
    for c, value in sums.items():
        total[c - 1] = Formula(f"SUM({col(c)}{first}:{col(c)}{last})", value) if r.kabkota else value
    total[14] = _on_time(r) or None
    status.rows.append(total)
    status.kinds.append("total")
    panel = SheetSpec("Indikator", lines, PANEL_COLUMNS)
    for k in r.kabkota:
        for a in k.angka:
            panel.rows.append([k.nama, a.indikator, a.periode, a.nilai, a.provinsi, a.nasional, a.satuan])
            panel.kinds.append("body")
    rank = SheetSpec("Peringkat", lines, RANK_COLUMNS)
    for n, k in enumerate(ranking(r), 1):
        rank.rows.append([n, k.nama, round(100 * k.provinsi.selesai / k.provinsi.jumlah, 1) if k.provinsi.jumlah
                          else None, round(100 * k.sendiri.selesai / k.sendiri.jumlah, 1) if k.sendiri.jumlah
                          else None, len(k.rapat), k.provinsi.terlambat])
        rank.kinds.append("body")
    compare = SheetSpec("Perbandingan", lines, COMPARE_COLUMNS)
    for row in compare_rows(r, sheet=True):
        compare.rows.append(row)
        compare.kinds.append("body")
    return [status, panel, rank, compare]
