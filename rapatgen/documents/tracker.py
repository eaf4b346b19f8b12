"""Project-wide matriks tindak lanjut: every follow-up of every meeting, grouped by OPD,
counts per status, overdue items highlighted, completion rate per OPD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapatgen import locale as L
from rapatgen.documents.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import letterhead
from rapatgen.followup.items import STATUS_LABELS, FollowUp
from rapatgen.resolve import Context

SUMMARY_ORDER = ["terlambat", "belum", "proses", "selesai", "tidak_dapat", "dilanjutkan"]


@dataclass
class OpdSummary:
    pj: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_rate(self) -> float:
        """Share finished among items still owned by this OPD (carried-forward ones excluded)."""
        owned = self.total - self.counts["dilanjutkan"]
        return 100.0 * self.counts["selesai"] / owned if owned else 0.0


def by_opd(ctx: Context, items: list[FollowUp]) -> dict[str, list[FollowUp]]:
    groups: dict[str, list[FollowUp]] = {}
    for f in items:
        groups.setdefault(f.item.pj, []).append(f)
    return dict(sorted(groups.items(), key=lambda kv: ctx.institution_name(kv[0]) or kv[0]))


def summaries(ctx: Context, items: list[FollowUp]) -> list[OpdSummary]:
    out = []
    for pj, group in by_opd(ctx, items).items():
        counts = {k: 0 for k in SUMMARY_ORDER}
        for f in group:
            counts[f.status] += 1
        out.append(OpdSummary(pj, ctx.institution_name(pj), counts))
    return out


def compose_tracker(ctx: Context, items: list[FollowUp], as_of: date) -> Document:
    columns = [Column("No", 0.5, "center"), Column("Rapat", 1.8), Column("Kesepakatan / Arahan", 3.8),
               Column("Batas Waktu", 1.3, "center"), Column("Status", 1.6, "center"),
               Column("Progres / Keterangan", 2.8), Column("Bukti", 1.6)]
    rows, kinds = [], []
    n = 0
    for pj, group in by_opd(ctx, items).items():
        rows.append([Cell([runs(f"{ctx.institution_name(pj)} ({len(group)} butir)")], colspan=len(columns))])
        kinds.append("group")
        for f in group:
            n += 1
            overdue = f.status == "terlambat"
            last = f.state.last
            note = (f"{last.catatan or '-'} ({L.tanggal(last.tanggal)})" if last else "-")
            if f.item.lanjutan_dari:
                note += f"; lanjutan dari {f.item.lanjutan_dari}"
            rows.append([Cell([runs(f"{n}.")]),
                         Cell([runs(f.meeting.id), [Run(L.tanggal(f.meeting_date), italic=True)]]),
                         Cell([[Run(f"{f.kind} {f.item.id}: ", bold=True), Run(f.item.isi)]]),
                         Cell([runs(L.tanggal(f.item.batas_waktu) if f.item.batas_waktu else "-")]),
                         Cell([[Run(("! " if overdue else "") + f.label, bold=overdue, underline=overdue)]]),
                         Cell([runs(note)]), Cell([runs(b) for b in f.evidence(as_of)] or [runs("-")])])
            kinds.append("body")
    summary_cols = [Column("Perangkat Daerah", 3.6)] + [Column(STATUS_LABELS[k], 1.2, "center") for k in SUMMARY_ORDER] \
        + [Column("Jumlah", 0.9, "center"), Column("% Selesai", 1.0, "center")]
    summary_rows, summary_kinds = [], []
    totals = {k: 0 for k in SUMMARY_ORDER}
    for s in summaries(ctx, items):
        summary_rows.append([Cell([runs(s.name)])] + [Cell([runs(str(s.counts[k]))]) for k in SUMMARY_ORDER]
                            + [Cell([runs(str(s.total))]), Cell([runs(L.persen(s.done_rate, 1))])])
        summary_kinds.append("body")
        for k in SUMMARY_ORDER:
            totals[k] += s.counts[k]
    owned = len(items) - totals["dilanjutkan"]
    rate = 100.0 * totals["selesai"] / owned if owned else 0.0
    summary_rows.append([Cell([runs("JUMLAH")])] + [Cell([runs(str(totals[k]))]) for k in SUMMARY_ORDER]
                        + [Cell([runs(str(len(items)))]), Cell([runs(L.persen(rate, 1))])])
    summary_kinds.append("total")
    org = ctx.config.organisasi
    blocks = [letterhead(ctx, None),
              Title("MATRIKS TINDAK LANJUT HASIL RAPAT", [org.nama.upper(), f"Keadaan per {L.tanggal(as_of)}"]),
              Paragraph([Run("Ringkasan per perangkat daerah", bold=True)], align="left", keep_with_next=True),
              Table(summary_cols, summary_rows, summary_kinds, font_size=9),
              Paragraph([Run("Rincian butir tindak lanjut", bold=True)], align="left", keep_with_next=True),
              Table(columns, rows, kinds, font_size=9)]
    signer = ctx.config.penandatangan.tindak_lanjut
    if signer:
        blocks.append(Signatures([ctx.signature(signer, above=[f"{ctx.config.kota_surat}, {L.tanggal(as_of)}"])]))
    return Document("tindak-lanjut", "Matriks Tindak Lanjut Hasil Rapat", [Section(blocks, landscape=True)],
                    ctx.page_setup())
