"""`rapatgen followup list`: filter follow-ups and show them as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date

from rapatgen import locale as L
from rapatgen.followup.items import FollowUp
from rapatgen.resolve import Context


def filtered(items: list[FollowUp], *, pj: str | None = None, status: str | None = None, rapat: str | None = None,
             terlambat: bool = False, semua: bool = False) -> list[FollowUp]:
    out = []
    for f in items:
        if pj and f.item.pj != pj:
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


def as_records(ctx: Context, items: list[FollowUp], as_of: date) -> list[dict]:
    rows = []
    for f in items:
        last = f.state.last
        rows.append({
            "id": f.id, "rapat": f.meeting.id, "tanggal_rapat": f.meeting_date.isoformat(), "jenis": f.kind,
            "isi": f.item.isi, "pj": f.item.pj, "pj_nama": ctx.institution_name(f.item.pj),
            "batas_waktu": f.item.batas_waktu.isoformat() if f.item.batas_waktu else None,
            "status": f.status, "status_label": f.label,
            "catatan_terakhir": last.catatan if last else None,
            "tanggal_perubahan_terakhir": last.tanggal.isoformat() if last else None,
            "bukti": f.evidence(as_of), "lanjutan_dari": f.item.lanjutan_dari, "dilanjutkan_ke": f.continued_by,
        })
    return rows


def to_json(records: list[dict], as_of: date) -> str:
    return json.dumps({"per": as_of.isoformat(), "jumlah": len(records), "butir": records},
                      ensure_ascii=False, indent=2)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV field a spreadsheet shows as text: a leading ' before '=', '+', '-', '@' (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    fields = ["id", "rapat", "tanggal_rapat", "jenis", "isi", "pj", "pj_nama", "batas_waktu", "status",
              "status_label", "catatan_terakhir", "tanggal_perubahan_terakhir", "bukti", "lanjutan_dari", "dilanjutkan_ke"]
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for r in records:
        writer.writerow({k: csv_safe(v) for k, v in {**r, "bukti": "; ".join(r["bukti"])}.items()})
    return buffer.getvalue()


def to_table(ctx: Context, items: list[FollowUp], as_of: date) -> str:
    """A plain-text table that fits the terminal; overdue rows are marked with '!'."""
    if not items:
        return f"Tidak ada butir tindak lanjut yang cocok (per {L.tanggal(as_of)})."
    width = shutil.get_terminal_size((120, 20)).columns
    head = ["", "ID", "PJ", "BATAS WAKTU", "STATUS", "ISI"]
    rows = []
    for f in items:
        deadline = f.item.batas_waktu.strftime("%d-%m-%Y") if f.item.batas_waktu else "-"
        rows.append(["!" if f.status == "terlambat" else " ", f.id, ctx.institution_short(f.item.pj), deadline,
                     f.label, f.item.isi])
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
    rest = max(20, width - sum(widths) - 2 * 5)
    lines = []
    for r in [head] + rows:
        text = r[5] if len(r[5]) <= rest else r[5][:rest - 1] + "…"
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + text)
    overdue = sum(1 for f in items if f.status == "terlambat")
    lines.append(f"\n{len(items)} butir per {L.tanggal(as_of)}; {overdue} terlambat (ditandai '!').")
    return "\n".join(lines)
