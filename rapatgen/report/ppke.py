"""The PPKE package of one period (issue 20 item 3), composed from the figures of `ppke_data`:

- Matriks 2 (programme, kegiatan, sub-kegiatan, budget and realisation per quarter) as a landscape
  document with subtotals and a total (drawn by the PDF backend) and as an XLSX sheet;
- the PMK 97/2023 self-score as an XLSX sheet whose cells are formulas (the arithmetic shows, and
  each formula also stores the value rapatgen computed);
- Matriks 1, the questionnaire, as XLSX: answers where the project's data answers, each citing the
  meeting (notulen, berita acara) where it was agreed; blank for the secretariat otherwise;
- the surat pengantar, signed by the kepala daerah or the deputy selaku Ketua TKPK, in the project's
  letter form (Word and PDF through the shipped backends).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapatgen.documents.frame import issuer, letterhead, prose, wording
from rapatgen.documents.typography import finish
from rapatgen.documents.program_cell import coded_program_lines, plain
from rapatgen.model.blocks import (Cell, Column, Document, LabelValue, ListItem, NumberedList, Paragraph, Section,
                                   Signatures, Table, Title, runs)
from rapatgen.model.meeting import Pihak
from rapatgen.render.layout import text_width_pt
from rapatgen.render.xlsx import Formula, SheetSpec
from rapatgen.report.ppke_data import Matrix, Period, Score, share
from rapatgen.resolve.context import Context
from rapatgen.text import locale as L

RP = '#,##0'  # a spreadsheet shows the thousands in its own locale
PCT = '0.00'
MATRIKS2_COLUMNS = [("No", 5), ("Perangkat Daerah", 22), ("Program / Kegiatan / Sub Kegiatan", 46), ("Kategori", 12),
                    ("Sasaran", 14), ("Lokasi", 22), ("Pagu (Rp)", 16), ("Realisasi TW I (Rp)", 15),
                    ("Realisasi TW II (Rp)", 15), ("Realisasi TW III (Rp)", 15), ("Realisasi TW IV (Rp)", 15),
                    ("Realisasi Kumulatif (Rp)", 16), ("% Pagu", 9), ("Fisik (%)", 9), ("Sumber Dana", 13),
                    ("Keterangan", 24)]
FIRST_QUARTER_COLUMN = 8  # H: TW I


def region(ctx: Context) -> str:
    return ctx.config.organisasi.wilayah


def team(ctx: Context) -> str:
    org = ctx.config.organisasi
    return org.singkatan or org.nama


def _programme_text(line) -> str:
    """The XLSX cell: Program, Kegiatan and Sub Kegiatan each on its own labelled line, as in the PDF."""
    return plain(coded_program_lines(line))


def _sasaran(line) -> str:
    return f"{L.angka(line.sasaran.jumlah)} {line.sasaran.satuan}"


def _kategori(line) -> str:
    from rapatgen.model.realisasi import KATEGORI

    return KATEGORI[line.kategori]


def file_stem(period: Period, part: str) -> str:
    return f"ppke-{period.slug}-{part}"


def heading_lines(ctx: Context, period: Period, what: str) -> list[str]:
    return [what, f"{region(ctx)} — {period.label}", f"{team(ctx)}; keadaan sampai {L.tanggal(period.end)}"]


# --- Matriks 2: the document (PDF) ----------------------------------------------------------------
def _money(value: int | None) -> str:
    return "–" if value is None else L.angka(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else L.angka(round(value, 2), 2)


CELL_INSET_PT = 5.4  # a table cell's left and right inset in both backends (render/pdf cellpad)
MATRIX_FONT_PT = 6.5
SPARE_SHARE = {2: 0.7, 15: 0.15, 5: 0.15}  # who gets the room left (0-based columns): Program most


def _pieces(text: str) -> list[str]:
    """The parts of a text a line may break between: words, and a word's parts after '/', '-' or '–'."""
    return [p for word in text.split() for p in re.split(r"(?<=[/\-–])", word) if p]


def fitted_widths(columns: list[str], rows: list[list[Cell]], total_pt: float) -> list[float]:
    """Column widths (pt) where every column holds its longest word at the matrix's size inside the
    cell's inset, whatever the project wrote (a long Keterangan or Kategori word never runs over its
    border); the room left goes to the long texts, the Program cell first. Where even the longest words
    do not fit the page, every column shrinks in proportion."""
    need = [max([0.0] + [text_width_pt(p, MATRIX_FONT_PT, bold=True) for p in _pieces(title)]) for title in columns]
    for row in rows:
        i = -1
        for cell in row:
            i += cell.colspan
            if cell.colspan > 1:
                continue  # a label across columns (group, subtotal, total): wraps over their joint width
            for inline in cell.content:
                for p in _pieces("".join(r.text for r in inline)):
                    need[i] = max(need[i], text_width_pt(p, MATRIX_FONT_PT, bold=cell.bold))
    widths = [n + 2 * CELL_INSET_PT + 0.75 for n in need]  # 0.75 pt: rounding between measure and print
    spare = total_pt - sum(widths)
    if spare < 0:
        return [w * total_pt / sum(widths) for w in widths]
    return [w + spare * SPARE_SHARE.get(i, 0.0) for i, w in enumerate(widths)]


def matrix_table(m: Matrix, total_pt: float) -> Table:
    right = {7, 8, 9, 10, 11, 12, 13, 14}
    titles = [name.replace(" (Rp)", "") for name, _ in MATRIKS2_COLUMNS]
    rows, kinds = [], []
    number = 0

    def money_cells(pagu, quarters, kumulatif, bold=False):
        cells = [Cell([runs(L.angka(pagu))], align="right", bold=bold)]
        for n in range(1, 5):
            value = quarters(n) if n <= m.period.last_quarter else None
            cells.append(Cell([runs(_money(value))], align="right", bold=bold))
        cells.append(Cell([runs(L.angka(kumulatif))], align="right", bold=bold))
        cells.append(Cell([runs(_pct(share(kumulatif, pagu)))], align="right", bold=bold))
        return cells

    for g in m.groups:
        rows.append([Cell([runs(g.label)], colspan=len(titles), bold=True)])
        kinds.append("group")
        for r in g.rows:
            number += 1
            line = r.line
            rows.append([Cell([runs(str(number))], align="right"), Cell([runs(r.opd_short)]),
                         Cell(coded_program_lines(line)), Cell([runs(_kategori(line))]),
                         Cell([runs(_sasaran(line))]), Cell([runs(", ".join(line.lokasi) or "–")]),
                         *money_cells(line.pagu, lambda n, r=r: r.quarters.get(n), r.kumulatif),
                         Cell([runs(_pct(r.fisik))], align="right"), Cell([runs(line.sumber_dana)]),
                         Cell([runs(line.keterangan or "")])])
            kinds.append("body")
        rows.append([Cell([runs(f"Jumlah {g.label}")], colspan=6, bold=True),
                     *money_cells(g.pagu, g.quarter, g.kumulatif, True), Cell([runs("")], colspan=3)])
        kinds.append("subtotal")
    rows.append([Cell([runs("JUMLAH SELURUHNYA")], colspan=6, bold=True),
                 *money_cells(m.pagu, m.quarter, m.kumulatif, True), Cell([runs("")], colspan=3)])
    kinds.append("total")
    widths = fitted_widths(titles, rows, total_pt)
    columns = [Column(title, round(w, 2), "right" if i in right else "left")
               for i, (title, w) in enumerate(zip(titles, widths), 1)]
    return Table(columns, rows, kinds, font_size=MATRIX_FONT_PT)


def _landscape_width_pt(ctx: Context) -> float:
    page = ctx.page_setup()
    return (page.height_mm / 10 - page.margin_cm[1] - page.margin_cm[3]) * 72 / 2.54


def compose_matriks2(ctx: Context, m: Matrix, signed: date, source: str) -> Document:
    """`source`: who reported the figures ('Laporan realisasi perangkat daerah …'), printed under the matrix."""
    title = f"Matriks 2 Pelaporan PPKE {region(ctx)} {m.period.label}"
    blocks = [
        letterhead(ctx, None),
        Title("MATRIKS 2 PEMETAAN PROGRAM/KEGIATAN DAN ANGGARAN PERCEPATAN PENGHAPUSAN KEMISKINAN EKSTREM",
              [f"{region(ctx).upper()} — {m.period.label.upper()}",
               f"Realisasi keuangan per triwulan sampai {L.tanggal(m.period.end)}; fisik kumulatif"]),
        matrix_table(m, _landscape_width_pt(ctx)),
        Paragraph(runs(f"Sumber: {source}. Jumlah, persentase, dan subtotal dihitung dari baris-barisnya; "
                       "kolom triwulan sesudah periode ini dikosongkan (–)."), align="left", size=8),
    ]
    return finish(Document("ppke-matriks2", title, [Section(blocks, landscape=True)], ctx.page_setup(),
                           page_of_pages=True, author=issuer(ctx, None), issued=signed))


# --- Matriks 2 and the self-score: the workbook ---------------------------------------------------------
def matrix_sheet(ctx: Context, m: Matrix) -> SheetSpec:
    """Values in the body rows; subtotals and the total are SUM formulas over them (with their values)."""
    spec = SheetSpec("Matriks 2", heading_lines(ctx, m.period, "MATRIKS 2 PEMETAAN PROGRAM/KEGIATAN DAN ANGGARAN PPKE"),
                     MATRIKS2_COLUMNS, formats={c: RP for c in range(7, 13)} | {13: PCT, 14: PCT})
    from openpyxl.utils import get_column_letter as col

    number = 0
    total_refs: dict[int, list[str]] = {c: [] for c in range(7, 13)}
    totals: dict[int, int] = {c: 0 for c in range(7, 13)}
    for g in m.groups:
        spec.rows.append([None, g.label] + [None] * (len(MATRIKS2_COLUMNS) - 2))
        spec.kinds.append("group")
        first = spec.row_of(len(spec.rows))
        for r in g.rows:
            number += 1
            line = r.line
            quarters = [r.quarters.get(n) if n <= m.period.last_quarter else None for n in range(1, 5)]
            row = spec.row_of(len(spec.rows))
            spec.rows.append([number, r.opd, _programme_text(line), _kategori(line), _sasaran(line),
                              ", ".join(line.lokasi), line.pagu, *quarters,
                              Formula(f"SUM({col(8)}{row}:{col(11)}{row})", r.kumulatif),
                              Formula(f"IF({col(7)}{row}>0,ROUND({col(12)}{row}/{col(7)}{row}*100,2),0)",
                                      round(share(r.kumulatif, line.pagu) or 0, 2)),
                              r.fisik, line.sumber_dana, line.keterangan])
            spec.kinds.append("body")
        last = spec.row_of(len(spec.rows) - 1)
        values = {7: g.pagu, 8: g.quarter(1), 9: g.quarter(2), 10: g.quarter(3), 11: g.quarter(4), 12: g.kumulatif}
        row = spec.row_of(len(spec.rows))
        cells = [None, f"Jumlah {g.label}", None, None, None, None]
        for c in range(7, 13):
            cells.append(Formula(f"SUM({col(c)}{first}:{col(c)}{last})", values[c]))
            total_refs[c].append(f"{col(c)}{row}")
            totals[c] += values[c]
        cells += [Formula(f"IF({col(7)}{row}>0,ROUND({col(12)}{row}/{col(7)}{row}*100,2),0)",
                          round(share(g.kumulatif, g.pagu) or 0, 2)), None, None, None]
        spec.rows.append(cells)
        spec.kinds.append("subtotal")
    row = spec.row_of(len(spec.rows))
    cells = [None, "JUMLAH SELURUHNYA", None, None, None, None]
    for c in range(7, 13):
        cells.append(Formula("+".join(total_refs[c]) or "0", totals[c]))
    cells += [Formula(f"IF({col(7)}{row}>0,ROUND({col(12)}{row}/{col(7)}{row}*100,2),0)",
                      round(share(m.kumulatif, m.pagu) or 0, 2)), None, None, None]
    spec.rows.append(cells)
    spec.kinds.append("total")
    return spec


SCORE_COLUMNS = [("No", 5), ("Perangkat Daerah", 24), ("Sub Kegiatan", 44), ("Kategori", 14),
                 ("Realisasi s.d. periode (Rp)", 18), ("Perjalanan Dinas (Rp)", 16), ("Dinilai (Rp)", 18)]


def score_sheet(ctx: Context, m: Matrix, s: Score) -> SheetSpec:
    """Rows: every sub-kegiatan (realisation, travel, assessed = realisation − travel); then per category
    SUMIF × weight; X = sum of weighted; X_max (to fill: the highest X compared); score = X / X_max × 100."""
    spec = SheetSpec("Skor Insentif PMK 97-2023",
                     heading_lines(ctx, m.period, "SKOR MANDIRI BELANJA PENANDAAN KEMISKINAN EKSTREM (PMK 97/2023)"),
                     SCORE_COLUMNS, formats={5: RP, 6: RP, 7: RP})
    first = spec.row_of(0)
    for i, r in enumerate(m.rows, 1):
        row = spec.row_of(len(spec.rows))
        spec.rows.append([i, r.opd, r.line.sub_kegiatan.label, _kategori(r.line), r.kumulatif, r.travel,
                          Formula(f"E{row}-F{row}", r.kumulatif - r.travel)])
        spec.kinds.append("body")
    last = spec.row_of(len(spec.rows) - 1)
    spec.rows.append([None, None, None, None, None, None, None])
    spec.kinds.append("body")
    spec.rows.append([None, "Kategori penandaan", "Bobot (PMK 97/2023 Pasal 3)", "Kategori", "Dinilai (Rp)",
                      "Tertimbang (Rp)", None])
    spec.kinds.append("group")
    weighted_refs = []
    for c in s.categories:
        row = spec.row_of(len(spec.rows))
        spec.rows.append([None, c.label, c.bobot, c.label,
                          Formula(f"SUMIF(D{first}:D{last},D{row},G{first}:G{last})", c.dinilai),
                          Formula(f"C{row}*E{row}/100", c.tertimbang), None])
        spec.kinds.append("body")
        weighted_refs.append(f"F{row}")
    x_row = spec.row_of(len(spec.rows))
    spec.rows.append([None, "X daerah ini (jumlah tertimbang)", None, None, None,
                      Formula("+".join(weighted_refs), s.x), None])
    spec.kinds.append("subtotal")
    max_row = spec.row_of(len(spec.rows))
    spec.rows.append([None, "X tertinggi pembanding (X maks) — isi dari hasil perbandingan; bawaan: X daerah ini",
                      None, None, None, round(s.reference, 2), None])
    spec.kinds.append("body")
    spec.input_cells.append((max_row, 6))
    spec.rows.append([None, "Skor = X / X maks × 100", None, None, None,
                      Formula(f"IF(F{max_row}>0,ROUND(F{x_row}/F{max_row}*100,2),0)", round(s.nilai, 2)), None])
    spec.kinds.append("total")
    spec.formats[3] = "0"
    return spec


# --- Matriks 1 ------------------------------------------------------------------------------------
MATRIKS1_COLUMNS = [("Kode", 7), ("Topik", 22), ("Pertanyaan", 54), ("Jawaban", 46), ("Bukti Dukung", 52)]


@dataclass
class Answer:
    code: str
    topic: str
    question: str
    answer: str | None
    evidence: str | None


def matriks1_sheet(ctx: Context, period: Period, answers: list[Answer]) -> SheetSpec:
    spec = SheetSpec("Matriks 1", heading_lines(ctx, period, "MATRIKS 1 PERKEMBANGAN PELAKSANAAN PPKE"),
                     MATRIKS1_COLUMNS, landscape=True)
    for a in answers:
        row = spec.row_of(len(spec.rows))
        spec.rows.append([a.code, a.topic, a.question, a.answer, a.evidence])
        spec.kinds.append("body")
        if a.answer is None:
            spec.input_cells += [(row, 4), (row, 5)]
    return spec


# --- surat pengantar --------------------------------------------------------------------------------
def compose_pengantar(ctx: Context, period: Period, signer: str, number: str, signed: date,
                      attachments: list[str]) -> Document:
    org = ctx.config.organisasi
    provincial = org.tingkat == "provinsi"
    addressee = "Menteri Dalam Negeri" if provincial else f"Gubernur {org.provinsi or 'Provinsi …'}"
    di = "Jakarta" if provincial else "Tempat"
    hal = f"Laporan Pelaksanaan Percepatan Penghapusan Kemiskinan Ekstrem {period.label}"
    kop = ctx.signer_kop_id(None, signer)
    blocks = [letterhead(ctx, None, kop),
              Paragraph(runs(f"{ctx.kop(None, kop).kota or ctx.config.kota_surat}, {L.tanggal(signed)}"), align="right"),
              LabelValue(rows=[("Nomor", [runs(number)]), ("Sifat", [runs("Penting")]),
                               ("Lampiran", [runs(L.jumlah_kata(len(attachments), "berkas"))]), ("Hal", [runs(hal)])],
                         label_cm=2.2),
              Paragraph(runs(f"Yth. {addressee}"), align="left"), Paragraph(runs("di"), align="left"),
              Paragraph(runs(di), align="left", indent_cm=1.0)]
    body = wording("ppke_pengantar", wilayah=org.wilayah, periode=period.label, dasar=period.regulation,
                   provinsi=provincial, semester=period.kind == "semester")
    for text in [p for p in body.split("\n\n") if p.strip()]:
        blocks.append(Paragraph(prose(" ".join(text.split())), first_line_cm=1.25, space_before=0.5))
    blocks.append(NumberedList([ListItem(runs(a + (";" if i < len(attachments) - 1 else "."))) for i, a in
                                enumerate(attachments)], style="1.", indent_cm=1.25))
    closing = wording("ppke_pengantar_penutup")
    blocks.append(Paragraph(prose(closing), first_line_cm=1.25, keep_with_next=True, space_before=0.5))
    # a letter: the jabatan in capitals, as in the undangan and the surat permintaan (issue 19 item 8)
    blocks.append(Signatures([ctx.signature(Pihak(id=signer, selaku=f"Ketua {team(ctx)}"), kapital=True)]))
    tembusan = (["Menteri Koordinator Bidang Pemberdayaan Masyarakat" if period.kind == "semester" else
                 "Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan"] if provincial
                else ["Menteri Dalam Negeri", f"Kepala Bappeda {org.provinsi or 'Provinsi'}"])
    blocks.append(Paragraph(runs("Tembusan:"), align="left", keep_with_next=True))
    blocks.append(NumberedList([ListItem(runs(t + (";" if i < len(tembusan) - 1 else "."))) for i, t in
                                enumerate(tembusan)]))
    return finish(Document("ppke-pengantar", f"Surat Pengantar {hal}", [Section(blocks)], ctx.page_setup(),
                           author=issuer(ctx, None, kop), issued=signed))
