"""`rapatgen followup list`: filter follow-ups and show them as a table, JSON or CSV.

One row per tracked occurrence (a member of a group-owned item, a session, a period);
items tracked in parts also get a line with their overall completion in the table, and
`ringkasan` in JSON. `status` is the stored status (belum, proses, selesai, tidak_dapat);
`terlambat` (overdue) and `status_turunan` (what the date makes of it) are separate fields.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date

from rapatgen.text import locale as L
from rapatgen.text.cells import csv_safe
from rapatgen.resolve.completion import DEFINITION, completion
from rapatgen.resolve.followups import FollowUp, progress
from rapatgen.resolve.context import Context


def filtered(items: list[FollowUp], *, pj: str | None = None, status: str | None = None, rapat: str | None = None,
             terlambat: bool = False, semua: bool = False) -> list[FollowUp]:
    """`pj` may name an institution (its own items and its part of group-owned ones) or a group."""
    out = []
    for f in items:
        if pj and f.pj != pj and f.item.pj != pj:
            continue
        if rapat and f.meeting.id != rapat:
            continue
        if status and f.status != status and not (status == "proses" and f.state.stored == "proses" and f.is_open):
            continue
        if terlambat and f.status != "terlambat":
            continue
        if not (semua or status or terlambat) and not f.is_open:
            continue
        out.append(f)
    return out


def _progress_texts(ctx: Context, everything: list[FollowUp]) -> dict[str, str]:
    return {p.butir_id: p.text for p in progress(everything, ctx.directory) if p.split}


def as_records(ctx: Context, items: list[FollowUp], as_of: date, everything: list[FollowUp] | None = None) -> list[dict]:
    """One dict per occurrence; `everything` (all occurrences) gives each item's overall progress."""
    texts = _progress_texts(ctx, everything if everything is not None else items)
    rows = []
    for f in items:
        last = f.state.last
        group = f.item.pj if f.rincian.anggota else None
        rows.append({
            "id": f.id, "butir": f.butir_id, "rapat": f.meeting.id, "sumber": f.source_label,
            "tanggal_rapat": f.meeting_date.isoformat(), "jenis": f.kind, "isi": f.item.isi,
            "pj": f.pj, "pj_nama": ctx.institution_name(f.pj),
            "kelompok": group, "kelompok_nama": ctx.institution_name(group) if group else None,
            "anggota": f.rincian.anggota, "sesi": f.rincian.sesi, "periode": f.rincian.periode,
            "rincian": f.rincian.label or None,
            "batas_waktu": f.batas_waktu.isoformat() if f.batas_waktu else None,
            "status": f.state.stored, "terlambat": f.overdue, "status_turunan": f.status, "status_label": f.label,
            "progres_butir": texts.get(f.butir_id),
            "catatan_terakhir": last.catatan if last else None,
            "tanggal_perubahan_terakhir": last.tanggal.isoformat() if last else None,
            "laporan_kabkota": last.sumber if last else None,  # the export the status came from (rekap impor)
            "bukti": f.evidence(as_of), "lanjutan_dari": f.item.lanjutan_dari, "dilanjutkan_ke": f.continued_by,
        })
    return rows


def to_json(records: list[dict], as_of: date, scope: list[FollowUp] | None = None) -> str:
    data = {"per": as_of.isoformat(), "jumlah": len(records), "butir": records}
    if scope is not None:
        c = completion(f.status for f in scope)
        data["penyelesaian"] = {"selesai": c.done, "dihitung": c.owned, "dilanjutkan": c.carried,
                                "persen": round(c.rate, 1), "teks": c.text()}
    return json.dumps(data, ensure_ascii=False, indent=2)


CSV_FIELDS = ["id", "butir", "rapat", "sumber", "tanggal_rapat", "jenis", "isi", "pj", "pj_nama", "kelompok",
              "anggota", "sesi", "periode", "rincian", "batas_waktu", "status", "terlambat", "status_turunan",
              "status_label", "progres_butir", "catatan_terakhir", "tanggal_perubahan_terakhir",
              "laporan_kabkota", "bukti", "lanjutan_dari", "dilanjutkan_ke"]


def to_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in records:
        row = {**r, "bukti": "; ".join(r["bukti"]), "terlambat": "ya" if r["terlambat"] else "tidak"}
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
    return buffer.getvalue()


def to_table(ctx: Context, items: list[FollowUp], as_of: date, everything: list[FollowUp] | None = None,
             scope: list[FollowUp] | None = None, scope_label: str = "") -> str:
    """A plain-text table that fits the terminal; overdue rows are marked with '!'.

    An item tracked in parts gets a line of its own with its overall completion, then one
    indented line per shown part ('@member', '@sesi-2', '@2025-04'). `scope` (every status of
    the chosen penanggung jawab/meeting) gives the completion line, counted as the matriks does.
    """
    if not items:
        return f"Tidak ada butir tindak lanjut yang cocok (per {L.tanggal(as_of)})."
    width = shutil.get_terminal_size((120, 20)).columns
    texts = _progress_texts(ctx, everything if everything is not None else items)
    head = ["", "ID", "PJ", "BATAS WAKTU", "STATUS", "ISI"]
    rows = []
    shown_parent = set()
    for f in items:
        deadline = f.deadline_text(lambda d: d.strftime("%d-%m-%Y"))
        if f.is_part:
            if f.butir_id not in shown_parent:
                shown_parent.add(f.butir_id)
                rows.append([" ", f.butir_id, ctx.institution_short(f.item.pj), "", texts.get(f.butir_id, ""),
                             f.item.isi])
            rows.append(["!" if f.overdue else " ", "  @" + f.id.split("@", 1)[1], ctx.institution_short(f.pj),
                         deadline, f.label, f.rincian.label])
        else:
            rows.append(["!" if f.overdue else " ", f.id, ctx.institution_short(f.pj), deadline, f.label, f.item.isi])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    rest = max(20, width - sum(widths) - 2 * 5)
    lines = []
    for r in [head] + rows:
        text = r[5] if len(r[5]) <= rest else r[5][:rest - 1] + "…"
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + text)
    overdue = sum(1 for f in items if f.overdue)
    lines.append(f"\n{len(items)} tindak lanjut per {L.tanggal(as_of)}; {overdue} terlambat (ditandai '!').")
    if scope is not None:
        lines.append(f"Penyelesaian{scope_label}: {completion(f.status for f in scope).text()} — {DEFINITION}")
    return "\n".join(lines)
