"""LP2KD — Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah, the TKPK's yearly report (Permendagri
53/2020), drafted from the year's work in the project's letter form: the kop of the secretariat,
the chapters below, the signature of the Kepala Bappeda selaku Sekretaris TKPK.

BAB I Pendahuluan (dasar hukum from rapatgen.yaml `laporan.dasar_hukum`, maksud dan tujuan) ·
BAB II Kondisi Kemiskinan Daerah (the indicator panel: five years against the comparisons, targets
and gap, one chart per indicator, each figure with the document it was taken from: the notulen of
the meeting where it was presented, or the secretariat's own series) · BAB III Pelaksanaan Program ·
BAB IV Tinjauan Anggaran · BAB V Koordinasi TKPK (programme planned against held, attendance per
meeting, agreements per OPD, the overdue list) · BAB VI Penutup. Every figure is computed
(`lp2kd_data`); a chapter without data says so in one sentence and is never filled with
invented text. Fixed sentences come from teks/lp2kd_*.j2, which a project overrides in
`templates/teks/` like every wording. Built from the document model: both backends draw it.
"""

from __future__ import annotations

from datetime import date

from rapatgen.documents.frame import issuer, letterhead, wording
from rapatgen.documents.indikator import alt_grafik, kalimat, keterangan_grafik, nilai_dicatat, tabel_wilayah
from rapatgen.documents.nilai import nilai_teks, target_teks
from rapatgen.model.blocks import (
    Block,
    Cell,
    Column,
    Document,
    Image,
    NumberedList,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Section,
    Signatures,
    Table,
    Title,
    runs,
)
from rapatgen.model.meeting import Pihak
from rapatgen.report import lp2kd_data as D
from rapatgen.report.common import ReportYear
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L

KIND = "lp2kd"


def file_stem(year: int) -> str:
    return f"lp2kd-{year}"


def _bab(number: int, title: str, first: bool = False) -> list[Block]:
    return [Title(f"BAB {L.romawi(number)}", [title.upper()])]


def _chapters(chapters: list[list[Block]]) -> list[Block]:
    """Each chapter on a new page, except after a chapter of one sentence (no data): no half-empty pages."""
    out: list[Block] = []
    for i, chapter in enumerate(chapters):
        if i and len(chapters[i - 1]) > 2:
            out.append(PageBreak())
        out += chapter
    return out


def _heading(text: str) -> Paragraph:
    return Paragraph([Run(text, bold=True)], align="left", space_before=0.5, keep_with_next=True)


def _para(text: str) -> Paragraph:
    return Paragraph(runs(text), first_line_cm=1.0)


def _none(text: str) -> Paragraph:
    """The one sentence of a section without data."""
    return Paragraph([Run(text, italic=True)], align="left")


def _cell(text: str, align: str = "left", bold: bool = False) -> Cell:
    return Cell([[Run(text, bold=bold)]], align=align, bold=bold)


def _region(ctx: Context) -> str:
    return ctx.config.organisasi.wilayah


def _team(ctx: Context) -> str:
    org = ctx.config.organisasi
    return org.singkatan or org.nama


def source_labels(ctx: Context) -> tuple[dict[str, str], str]:
    """Where an indicator's figure was taken from, as a signed report names it (never a file): per meeting
    id 'Notulen Rakor TKPK 14 Desember 2023'; for the project's own series (indikator.yaml) 'Data
    Sekretariat TKPK Kabupaten Buleleng'."""
    from rapatgen.model.occurrences import meeting_label

    return ({m.id: f"Notulen {meeting_label(m, ctx.team)}" for m in ctx.meetings}, f"Data Sekretariat {_team(ctx)}")


# --- BAB I --------------------------------------------------------------------------------------
def pendahuluan(ctx: Context, ry: ReportYear) -> list[Block]:
    blocks = _bab(1, "Pendahuluan", first=True)
    blocks.append(_heading("1.1 Dasar Hukum"))
    laws = list(ctx.config.laporan.dasar_hukum)
    if not laws:  # the laws the year's meetings cite, in the order first cited
        laws = list(dict.fromkeys(x for m in ry.meetings for x in m.dasar_hukum))
    if laws:
        blocks.append(NumberedList([ListItem(runs(x)) for x in laws], indent_cm=0.0))
    else:  # where to write them: the command says (lp2kd_run.missing)
        blocks.append(_none("Dasar hukum belum dicantumkan."))
    blocks.append(_heading("1.2 Maksud dan Tujuan"))
    blocks.append(_para(wording("lp2kd_maksud", tahun=ry.year, wilayah=_region(ctx), tim=_team(ctx))))
    return blocks


# --- BAB II -------------------------------------------------------------------------------------
def _series_table(p: D.PanelIndicator) -> Table:
    """Periods down; the region, its count, each comparison across; where every value was taken from."""
    ind = p.indikator
    periods = sorted({d.periode for d in ind.data} | {d.periode for c in ind.pembanding for d in c.data})
    counts = any(d.jumlah is not None for d in ind.data)
    columns = [Column("Periode", 2.0), Column(ind.wilayah, 2.2, "right")]
    if counts:
        columns.append(Column(f"Jumlah ({ind.satuan_jumlah})", 2.0, "right"))
    columns += [Column(c.wilayah, 2.0, "right") for c in ind.pembanding]
    columns.append(Column("Sumber", 4.2))
    rows = []
    for period in periods:
        here = ind.at(period)
        row = [_cell(period.label), _cell(nilai_dicatat(here, ind.satuan) if here else "–", "right")]
        if counts:
            row.append(_cell(L.angka(here.jumlah) if here and here.jumlah is not None else "–", "right"))
        files = []
        if here:
            files.append(p.source(ind.wilayah, period))
        for comp in ind.pembanding:
            there = comp.at(period)
            row.append(_cell(nilai_dicatat(there, ind.satuan) if there else "–", "right"))
            if there:
                files.append(p.source(comp.wilayah, period))
        origin = "; ".join(dict.fromkeys(f for f in files if f))
        row.append(Cell([runs(x) for x in ([ind.sumber] if ind.sumber else []) + ([origin] if origin else [])]
                        or [runs("–")]))
        rows.append(row)
    return Table(columns, rows, font_size=9)


def _gap_table(p: D.PanelIndicator, year: int) -> Table | None:
    ind = p.indikator
    found = D.gaps(ind, year)
    if not found:
        return None
    rows = []
    for g in found:
        index = ind.target.index(g.target)
        gap = "tercapai" if g.gap == 0 else ("+" if g.gap > 0 else "−") + nilai_teks(abs(g.gap), ind.satuan)
        if ind.satuan in ("persen", "indeks") and g.gap != 0:
            gap = ("+" if g.gap > 0 else "−") + f"{L.angka_tertulis(abs(g.gap))} poin"
        rows.append([_cell(f"{g.target.tahun}" + (f" ({g.target.sumber})" if g.target.sumber else "")),
                     _cell(target_teks(g.target, ind.satuan), "right"),
                     _cell(f"{nilai_teks(g.latest.nilai, ind.satuan)} ({g.latest.periode.label})", "right"),
                     _cell(gap, "right"), _cell(p.target_sources.get(index, ""))])
    return Table([Column("Target tahun", 2.4), Column("Target", 1.8, "right"), Column("Capaian terakhir", 2.8, "right"),
                  Column("Kesenjangan", 1.9, "right"), Column("Sumber", 4.0)], rows, font_size=9)


def _target_table(p: D.PanelIndicator) -> Table:
    ind = p.indikator
    rows = [[_cell(f"{t.tahun}" + (f" ({t.sumber})" if t.sumber else "")), _cell(target_teks(t, ind.satuan), "right"),
             _cell(p.target_sources.get(i, ""))] for i, t in enumerate(ind.target)]
    return Table([Column("Target tahun", 3.0), Column("Target", 2.4, "right"), Column("Sumber", 6.0)], rows,
                 font_size=9)


def kondisi(ctx: Context, ry: ReportYear, panel: list[D.PanelIndicator], charts) -> list[Block]:
    blocks = _bab(2, "Kondisi Kemiskinan Daerah")
    first = ry.year - D.WINDOW_YEARS + 1
    if not panel:
        blocks.append(_none(f"Belum ada data indikator kemiskinan tahun {first}–{ry.year} pada berkas rapat "
                            "proyek ini; isi bagian 'indikator' pada berkas rapat yang membahasnya."))
        return blocks
    blocks.append(_para(wording("lp2kd_kondisi", tahun=ry.year, awal=first, wilayah=_region(ctx),
                                jumlah=len(panel))))
    number = 0
    for i, p in enumerate(panel, 1):
        ind = p.indikator
        blocks.append(_heading(f"2.{i} {ind.nama}"))
        blocks.append(_para(kalimat(ind)))
        if ind.data:
            blocks.append(_series_table(p))
        else:  # a target without a measured series: the targets and where they are written
            blocks.append(_target_table(p))
        by_region = tabel_wilayah(ind)
        if by_region is not None:
            files = "; ".join(dict.fromkeys(p.source(r.wilayah, d.periode) for r in ind.per_wilayah for d in r.data
                                            if p.source(r.wilayah, d.periode)))
            blocks.append(Paragraph([Run(f"{ind.nama} menurut wilayah (sumber: {files}):", italic=True)],
                                    align="left", space_before=0.3, keep_with_next=True))
            by_region.font_size = 9
            blocks.append(by_region)
        gap = _gap_table(p, ry.year)
        if gap is not None:
            blocks.append(Paragraph([Run("Target dan kesenjangan (capaian terakhir dikurangi target):", italic=True)],
                                    align="left", space_before=0.3, keep_with_next=True))
            blocks.append(gap)
        if ind.data and len(ind.data) + sum(len(c.data) for c in ind.pembanding) >= 2:
            number += 1
            blocks.append(Image(charts(ind), 15.0, keterangan_grafik(ind, number), alt_grafik(ind)))
    return blocks


# --- BAB III, IV --------------------------------------------------------------------------------
def pelaksanaan(ctx: Context, ry: ReportYear) -> list[Block]:
    from rapatgen.report.lp2kd_realisasi import pelaksanaan_blocks

    return _bab(3, "Pelaksanaan Program") + pelaksanaan_blocks(
        ctx, ry.year, ry.realisasi, ry.lokus, realisation_source(ctx, ry.year), _heading, _para, _none, ctx.meetings)


def anggaran(ctx: Context, ry: ReportYear) -> list[Block]:
    from rapatgen.report.lp2kd_realisasi import anggaran_blocks

    return _bab(4, "Tinjauan Anggaran") + anggaran_blocks(ry.year, ry.realisasi, realisation_source(ctx, ry.year),
                                                         _para, _none)


def realisation_source(ctx: Context, year: int) -> str:
    """Who reported the realisation figures, as the report names its source."""
    return f"laporan realisasi perangkat daerah anggota {_team(ctx)} tahun {year}"


# --- BAB V --------------------------------------------------------------------------------------
def koordinasi(ctx: Context, ry: ReportYear, followups) -> list[Block]:
    from rapatgen.documents.jadwal import programme_table
    from rapatgen.resolve.programme import planned_status, programme_for

    blocks = _bab(5, f"Koordinasi {ctx.team}")
    # 5.1 programme
    blocks.append(_heading("5.1 Rapat yang direncanakan dan yang terlaksana"))
    prog = programme_for(ctx.programmes, ry.year)
    linked = set()
    if prog is None:
        blocks.append(_none(f"Program rapat tahun {ry.year} belum ditetapkan; rapat yang terlaksana tercantum pada 5.2."))
    else:
        meetings = {m.id: m for m in ctx.meetings}
        keys = [planned_status(e, meetings, ry.as_of).key for e in prog.kegiatan]
        linked = {e.rapat for e in prog.kegiatan if e.rapat}
        count = {k: keys.count(k) for k in set(keys)}
        parts = [f"{count[k]} {label}" for k, label in (("dijadwalkan", "dijadwalkan"), ("direncanakan", "direncanakan"),
                                                          ("belum_terlaksana", "belum terlaksana"),
                                                          ("ditunda", "ditunda"), ("batal", "batal")) if count.get(k)]
        blocks.append(_para(f"Sampai dengan {L.tanggal(ry.as_of)}, terlaksana {count.get('terlaksana', 0)} dari "
                            f"{len(keys)} rapat yang direncanakan" + (f"; {', '.join(parts)}" if parts else "") + "."))
        blocks.append(programme_table(ctx, prog, ry.as_of, font_size=9))
    outside = [m for m in ry.meetings if m.id not in linked]
    if prog is not None and outside:
        blocks.append(_para(f"Di luar program tersebut terlaksana {len(outside)} rapat lain (lihat 5.2)."))
    # 5.2 attendance
    blocks.append(_heading("5.2 Kehadiran per rapat"))
    if ry.meetings:
        blocks.append(attendance_table(ctx, ry))
    else:
        blocks.append(_none(f"Tidak ada rapat {ctx.team} yang tercatat pada tahun {ry.year}."))
    # 5.3 agreements per OPD
    blocks.append(_heading("5.3 Kesepakatan dan arahan per perangkat daerah"))
    if not followups.items:
        blocks.append(_none(f"Tidak ada kesepakatan atau arahan dengan penanggung jawab dari rapat tahun {ry.year}, "
                            "dan tidak ada yang masih terbuka dari rapat sebelumnya."))
    else:
        blocks.append(_para(f"Status per {L.tanggal(ry.as_of)} dari kesepakatan dan arahan yang memiliki penanggung "
                            f"jawab: yang disepakati dalam rapat tahun {ry.year} (Baru) dan yang berasal dari rapat "
                            f"sebelumnya dan masih terbuka pada awal tahun {ry.year} (Bawaan). Butir yang dipantau per "
                            "anggota dihitung per anggota."))
        blocks.append(opd_table(ctx, followups))
    # 5.4 overdue
    blocks.append(_heading("5.4 Tindak lanjut yang terlambat"))
    late = D.overdue(followups.items)
    if not late:
        blocks.append(_none(f"Tidak ada tindak lanjut yang terlambat per {L.tanggal(ry.as_of)}."))
    else:
        rows = [[_cell(f"{i}.", "center"), Cell([runs(f.item.isi)] + ([[Run(f.rincian.label, italic=True)]]
                                                                      if f.is_part else [])),
                 _cell(ctx.institution_short(f.pj)), _cell(f.deadline_text(), "center"),
                 _cell(f.source_label)] for i, f in enumerate(late, 1)]
        blocks.append(Table([Column("No", 0.6, "center"), Column("Kesepakatan / Arahan", 5.0),
                             Column("Penanggung Jawab", 2.2), Column("Batas Waktu", 1.9, "center"),
                             Column("Rapat", 3.2)], rows, font_size=9))
    return blocks


def attendance_table(ctx: Context, ry: ReportYear) -> Table:
    from rapatgen.resolve.attendance import present
    from rapatgen.resolve.programme import meeting_dates

    rows = []
    for i, m in enumerate(ry.meetings, 1):
        if m.hadir:
            tally = present(ctx, m)
            who = tally.text() or "-"
        else:
            who = "daftar hadir belum dicatat"
        rows.append([_cell(f"{i}.", "center"), _cell(m.judul), _cell(meeting_dates(m)), _cell(who)])
    return Table([Column("No", 0.6, "center"), Column("Rapat", 6.0), Column("Tanggal", 2.6), Column("Hadir", 3.6)],
                 rows, font_size=9)


def opd_table(ctx: Context, followups: D.YearFollowups) -> Table:
    rows_data = D.agreements_by_opd(followups)
    names = ctx.short_names([r.opd for r in rows_data])
    columns = [Column("No", 0.6, "center"), Column("Perangkat Daerah", 2.6), Column("Butir", 1.0, "right"),
               Column("Baru", 1.0, "right"), Column("Bawaan", 1.3, "right")]
    columns += [Column(D.COLUMN_TITLES[c], 1.9 if c == "dilanjutkan" else 1.4, "right") for c in D.COLUMNS]
    rows, kinds = [], []
    for i, r in enumerate(rows_data, 1):
        rows.append([_cell(f"{i}.", "center"), _cell(names.get(r.opd, r.opd)), _cell(str(r.total), "right"),
                     _cell(str(r.new), "right"), _cell(str(r.carried_in), "right")]
                    + [_cell(str(r.counts[c]), "right") for c in D.COLUMNS])
        kinds.append("body")
    total = {c: sum(r.counts[c] for r in rows_data) for c in D.COLUMNS}
    rows.append([Cell([[Run("Jumlah", bold=True)]], colspan=2, bold=True),
                 _cell(str(sum(r.total for r in rows_data)), "right", bold=True),
                 _cell(str(sum(r.new for r in rows_data)), "right", bold=True),
                 _cell(str(sum(r.carried_in for r in rows_data)), "right", bold=True)]
                + [_cell(str(total[c]), "right", bold=True) for c in D.COLUMNS])
    kinds.append("total")
    return Table(columns, rows, row_kinds=kinds, font_size=9)


# --- BAB VI -------------------------------------------------------------------------------------
def penutup(ctx: Context, ry: ReportYear, followups: D.YearFollowups, panel) -> list[Block]:
    blocks = _bab(6, "Penutup")
    new = [f for f in followups.items if not followups.is_carried_in(f)]
    done = sum(1 for f in new if f.status == "selesai")
    late = sum(1 for f in new if f.overdue)
    money = {}
    if ry.realisasi is not None:
        from rapatgen.report.common import share

        lines = [line for _, line in ry.realisasi.rows()]
        pagu, spent = sum(x.pagu for x in lines), sum(x.realisasi_keuangan for x in lines)
        money = {"pagu": L.rupiah(pagu, sen=False), "realisasi": L.rupiah(spent, sen=False),
                 "persen_pagu": share(spent, pagu)}
    blocks.append(_para(wording("lp2kd_penutup", tahun=ry.year, wilayah=_region(ctx), tim=_team(ctx),
                                rapat=held_count(ctx, ry), butir=len(new), selesai=done, terlambat=late,
                                indikator=len(panel), **{"pagu": "", "realisasi": "", "persen_pagu": "", **money})))
    return blocks


def held_count(ctx: Context, ry: ReportYear) -> int:
    """Meetings held in the year: the programme's held entries and the year's meetings it does not link."""
    from rapatgen.resolve.programme import planned_status, programme_for

    prog = programme_for(ctx.programmes, ry.year)
    if prog is None:
        return sum(1 for m in ry.meetings if max(s.tanggal for s in m.sesi) <= ry.as_of)
    meetings = {m.id: m for m in ctx.meetings}
    held = sum(1 for e in prog.kegiatan if planned_status(e, meetings, ry.as_of).key == "terlaksana")
    linked = {e.rapat for e in prog.kegiatan if e.rapat}
    return held + sum(1 for m in ry.meetings if m.id not in linked and max(s.tanggal for s in m.sesi) <= ry.as_of)


def signer_of(ctx: Context) -> str | None:
    pen = ctx.config.penandatangan
    return pen.lp2kd or pen.undangan


def compose_lp2kd(ry: ReportYear, signed: date, charts) -> Document:
    """The LP2KD of `ry.year`. `signed`: the date beside the signature; `charts(indikator) -> PNG bytes`.
    Every text in the project's one quotation style (documents/typography.finish), as every document."""
    from rapatgen.documents.typography import finish

    ctx = ry.ctx
    labels, own = source_labels(ctx)
    entries = D.meeting_indicators(ctx.meetings, labels, ry.as_of, ry.data.indikator, own)
    panel = D.indicator_panel(entries, ry.year)
    followups = D.year_followups(ctx.meetings, ry.year, ry.as_of, ctx.directory, ctx.team)
    org = ctx.config.organisasi
    title = f"Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah {org.wilayah} Tahun {ry.year}"
    blocks: list[Block] = [
        letterhead(ctx, None),
        Title("LAPORAN PELAKSANAAN PENANGGULANGAN KEMISKINAN DAERAH (LP2KD)",
              [f"{org.wilayah.upper()} TAHUN {ry.year}", org.nama, f"Draf disusun dari data per {L.tanggal(ry.as_of)}"]),
    ]
    blocks += _chapters([pendahuluan(ctx, ry), kondisi(ctx, ry, panel, charts), pelaksanaan(ctx, ry),
                         anggaran(ctx, ry), koordinasi(ctx, ry, followups), penutup(ctx, ry, followups, panel)])
    signer = signer_of(ctx)
    if signer:
        who = Pihak(id=signer, selaku=f"Sekretaris {_team(ctx)}")
        place = ctx.kop(None).kota or ctx.config.kota_surat
        blocks.append(Signatures([ctx.signature(who, above=[f"{place}, {L.tanggal(signed)}"])]))
    return finish(Document(KIND, title, [Section(blocks)], ctx.page_setup(), page_of_pages=True,
                           author=issuer(ctx, None), issued=signed))
