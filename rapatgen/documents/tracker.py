"""Project-wide matriks tindak lanjut: every follow-up of every meeting, grouped by OPD
(or by the group that owns an agreement), counts per status, overdue items highlighted,
completion rate per OPD. An item tracked in parts (per member, session or period) gets
one row with its overall completion ("3 dari 10 kab/kota selesai") and one row per part.
Printed text never shows internal ids: items are named "Rakor TKPK 19 Desember 2024,
kesepakatan nomor 1"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapatgen.text import locale as L
from rapatgen.documents.speakers import item_source_label, provincial_reference
from rapatgen.model.blocks import Cell, Column, Document, Paragraph, Run, Section, Signatures, Table, Title, runs
from rapatgen.documents.frame import letterhead
from rapatgen.resolve.followups import STATUS_LABELS, FollowUp, progress
from rapatgen.model.occurrences import deadline_text
from rapatgen.resolve.context import Context
from rapatgen.resolve.status import note_sentence
from rapatgen.resolve.completion import DEFINITION, HOLDER_KINDS, Completion, completion, holder_kind

SUMMARY_ORDER = ["terlambat", "belum", "proses", "selesai", "tidak_dapat", "dilanjutkan"]
DONE_RATE_NOTE = DEFINITION


@dataclass
class OpdSummary:
    pj: str
    name: str
    counts: dict[str, int]
    heading: str = "Perangkat Daerah"  # what kind of penanggung jawab (resolve/completion.holder_kind)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completion(self) -> Completion:
        return completion(s for s, n in self.counts.items() for _ in range(n))

    @property
    def done_rate(self) -> float:
        """Share finished among items still owned by this OPD (carried-forward ones excluded)."""
        return self.completion.rate


def by_opd(ctx: Context, items: list[FollowUp]) -> dict[str, list[FollowUp]]:
    """Occurrences grouped by the item's PJ (an institution, or the group owning the item)."""
    groups: dict[str, list[FollowUp]] = {}
    for f in items:
        groups.setdefault(f.item.pj, []).append(f)
    return dict(sorted(groups.items(), key=lambda kv: ctx.institution_name(kv[0]) or kv[0]))


def summaries(ctx: Context, items: list[FollowUp]) -> list[OpdSummary]:
    """Counts per status for each penanggung jawab — the member for a group-owned item (a group
    item with six OPD gives each of them one item) — ordered by kind (perangkat daerah first,
    then kab/kota governments, villages …) and name."""
    groups: dict[str, list[FollowUp]] = {}
    for f in items:
        groups.setdefault(f.pj, []).append(f)
    out = []
    for pj, group in groups.items():
        counts = {k: 0 for k in SUMMARY_ORDER}
        for f in group:
            counts[f.status] += 1
        out.append(OpdSummary(pj, ctx.institution_name(pj), counts, holder_kind(ctx.directory, pj)))
    return sorted(out, key=lambda s: (HOLDER_KINDS.index(s.heading), s.name or s.pj))


def _letter(k: int) -> str:
    return f"{chr(ord('a') + k)}." if k < 26 else f"{k + 1}."


def _note(f: FollowUp) -> str:
    return note_sentence(f.state.last)


def _status_cell(f: FollowUp) -> Cell:
    overdue = f.overdue
    return Cell([[Run(f.label, bold=overdue, underline=overdue)]])  # bold and underlined: no '!' needed


def compose_tracker(ctx: Context, items: list[FollowUp], as_of: date) -> Document:
    columns = [Column("No", 0.5, "center"), Column("Rapat dan Butir", 2.0), Column("Kesepakatan / Arahan", 3.6),
               Column("Batas Waktu", 1.3, "center"), Column("Status", 1.6, "center"),
               Column("Progres / Keterangan", 2.8), Column("Bukti", 1.6)]
    rows, kinds = [], []
    n = 0
    for pj, group in by_opd(ctx, items).items():
        entries = progress(group, ctx.directory)
        rows.append([Cell([runs(f"{ctx.institution_name(pj)} ({len(entries)} butir)")], colspan=len(columns))])
        kinds.append("group")
        for entry in entries:
            n += 1
            first = entry.parts[0]
            source = Cell([runs(item_source_label(ctx, first.meeting, first.item, first.team))])
            what = Cell([runs(entry.item.isi)]
                        + [[Run(f"({ref})", italic=True)] for ref in [provincial_reference(ctx, entry.item)] if ref])
            if not entry.split:
                note = _note(first)
                if entry.item.lanjutan_dari:
                    note += "; lanjutan dari butir rapat sebelumnya"
                rows.append([Cell([runs(f"{n}.")]), source, what,
                             Cell([runs(first.deadline_text())]),
                             _status_cell(first), Cell([runs(note)]),
                             Cell([runs(b) for b in first.evidence(as_of)] or [runs("-")])])
                kinds.append("body")
                continue
            late = entry.count("terlambat")
            rows.append([Cell([runs(f"{n}.")]), source, what,
                         Cell([runs(deadline_text(entry.meeting, entry.item) or "-")]),
                         Cell([[Run(entry.text, bold=bool(late))]]),
                         Cell([runs(f"dipantau per {entry.noun}: {len(entry.parts)} rincian")]), Cell([runs("-")])])
            kinds.append("body")
            for k, f in enumerate(entry.parts):
                rows.append([Cell([runs("")]), Cell([runs("")]),
                             Cell([[Run(f"{_letter(k)} {f.rincian.label}", italic=True)]]
                                  + ([[Run(f"Rincian: {f.rincian.detail}")]] if f.rincian.detail else [])),
                             Cell([runs(f.deadline_text())]),
                             _status_cell(f), Cell([runs(_note(f))]),
                             Cell([runs(b) for b in f.evidence(as_of)] or [runs("-")])])
                kinds.append("body")
    every = summaries(ctx, items)
    kinds_used = list(dict.fromkeys(x.heading for x in every))
    single = kinds_used[0] if len(kinds_used) == 1 else None
    summary_cols = [Column(single or "Penanggung Jawab", 3.6)] \
        + [Column(STATUS_LABELS[k], 1.2, "center") for k in SUMMARY_ORDER] \
        + [Column("Jumlah", 0.9, "center"), Column("% Selesai", 1.0, "center")]
    summary_rows, summary_kinds = [], []
    totals = {k: 0 for k in SUMMARY_ORDER}
    for s in every:
        if single is None and (not summary_rows or s.heading != last_heading):
            summary_rows.append([Cell([runs(s.heading)], colspan=len(summary_cols), bold=True)])
            summary_kinds.append("group")
        last_heading = s.heading
        summary_rows.append([Cell([runs(s.name)])] + [Cell([runs(str(s.counts[k]))]) for k in SUMMARY_ORDER]
                            + [Cell([runs(str(s.total))]), Cell([runs(s.completion.percent())])])
        summary_kinds.append("body")
        for k in SUMMARY_ORDER:
            totals[k] += s.counts[k]
    whole = completion(f.status for f in items)
    summary_rows.append([Cell([runs("JUMLAH")])] + [Cell([runs(str(totals[k]))]) for k in SUMMARY_ORDER]
                        + [Cell([runs(str(len(items)))]), Cell([runs(whole.percent())])])
    summary_kinds.append("total")
    summary_title = f"Ringkasan per {single.lower()}" if single else "Ringkasan per penanggung jawab"
    org = ctx.config.organisasi
    blocks = [letterhead(ctx, None),
              Title("MATRIKS TINDAK LANJUT HASIL RAPAT", [org.nama.upper(), f"Keadaan per {L.tanggal(as_of)}"]),
              Paragraph([Run(summary_title, bold=True)], align="left", keep_with_next=True),
              Table(summary_cols, summary_rows, summary_kinds, font_size=9),
              Paragraph(runs(DONE_RATE_NOTE), align="left", size=9)]
    if any(f.is_part for f in items):
        blocks.append(Paragraph(runs("Butir yang dipantau per anggota kelompok, per sesi, atau per periode dihitung "
                                     "per rincian."), align="left"))
    blocks += [Paragraph([Run("Rincian butir tindak lanjut", bold=True)], align="left", keep_with_next=True),
              Table(columns, rows, kinds, font_size=9)]
    signer = ctx.config.penandatangan.tindak_lanjut
    if signer:
        blocks.append(Signatures([ctx.signature(signer, above=[f"{ctx.config.kota_surat}, {L.tanggal(as_of)}"])]))
    return Document("tindak-lanjut", "Matriks Tindak Lanjut Hasil Rapat", [Section(blocks, landscape=True)],
                    ctx.page_setup())
