"""outputs/index.html: a static page (no server, no network) to look at everything built.

Meetings by date with a link to every file of each meeting, the follow-up dashboard
(completion per OPD as a bar chart; filters by OPD, status and meeting; overdue rows
highlighted) and the indicator charts. All text from YAML goes through html.escape;
the filter script reads only data-* attributes and never writes HTML.
"""

from __future__ import annotations

import base64
import os
from collections import Counter
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote

from rapatgen import locale as L
from rapatgen.followup.items import FollowUp
from rapatgen.model.meeting import Rapat
from rapatgen.resolve import Context

INDEX_NAME = "index.html"
KIND_LABELS = [("berkas-", "Berkas lengkap"), ("undangan-", "Undangan"), ("daftar-hadir-", "Daftar hadir"),
               ("notulen-", "Notulen"), ("berita-acara-", "Berita acara"), ("rencana-aksi-", "Rencana aksi"),
               ("tindak-lanjut-", "Tindak lanjut"), ("kalender-", "Kalender"), ("SHA256SUMS", "SHA256SUMS")]
STATUS_TEXT = {"belum": "Belum", "proses": "Dalam proses", "selesai": "Selesai", "tidak_dapat": "Tidak dapat",
               "terlambat": "Terlambat", "dilanjutkan": "Dilanjutkan"}

CSS = """
body{font-family:"Liberation Sans",Arial,sans-serif;margin:0;color:#222;background:#f6f6f4}
header{background:#1f4e3d;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.85}main{padding:16px 24px;max-width:1200px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin-bottom:18px}
h2{font-size:18px;margin:4px 0 12px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e3e3e3;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f0ec}a{color:#1f4e7a}.files a{display:inline-block;margin:0 10px 4px 0}
.bar{display:grid;grid-template-columns:220px 1fr 150px;gap:8px;align-items:center;margin:6px 0;font-size:14px}
.track{background:#eee;height:18px;border-radius:3px;overflow:hidden}.fill{background:#2e7d32;height:100%}
tr.terlambat td{background:#fde8e8}tr.terlambat td.status{color:#b00020;font-weight:bold}
.filters{display:flex;gap:16px;flex-wrap:wrap;margin-bottom:10px}.filters label{font-size:14px}
select{font-size:14px;padding:2px 4px}.count{font-size:14px;color:#555;margin:6px 0}
.usang{background:#fff4e5;border-left:4px solid #b26a00;padding:6px 10px;font-size:14px}
figure{margin:12px 0}figure img{max-width:min(100%,640px);border:1px solid #eee}figcaption{font-size:13px;color:#555}
"""

SCRIPT = """
(function () {
  var selects = document.querySelectorAll('select[data-filter]');
  var rows = document.querySelectorAll('#butir tbody tr');
  var count = document.getElementById('jumlah');
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = true;
      selects.forEach(function (s) { if (s.value && row.dataset[s.dataset.filter] !== s.value) { ok = false; } });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + ' butir ditampilkan';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();
"""


def _e(text) -> str:
    return escape(str(text), quote=True)


def _files(output_dir: Path, meeting_id: str) -> list[tuple[str, str]]:
    """(label, relative href) of every file the meeting's folder holds, in a useful order."""
    try:
        with os.scandir(output_dir / meeting_id) as entries:  # the file type without a stat per file
            names = sorted(e.name for e in entries if not e.name.startswith(".") and e.is_file())
    except OSError:  # no folder (not built yet), or not a folder
        return []
    out = []
    for prefix, label in KIND_LABELS:
        for name in names:
            if name.startswith(prefix):
                ext = name.rsplit(".", 1)[-1].upper() if "." in name else ""
                rest = name[len(prefix):].rsplit(".", 1)[0].removeprefix(meeting_id).strip("-")
                text = label + (f" {rest.replace('-', ' ')}" if rest and prefix != "SHA256SUMS" else "")
                out.append((f"{text} ({ext})" if ext else text, f"{quote(meeting_id)}/{quote(name)}"))
    return out


def _charts(meetings: list[Rapat], root: Path | None = None) -> list[str]:
    from rapatgen.buildcache import ChartCache

    cache = ChartCache(root)
    encoded: dict[int, tuple[bytes, str]] = {}  # one indicator often returns in several meetings: encoded once
    out = []
    for m in meetings:
        for ind in getattr(m, "indikator", []):
            if not getattr(ind, "perlu_grafik", lambda: False)():
                continue
            from rapatgen.documents.indikator import alt_grafik

            data = cache.png(ind)
            held = encoded.get(id(data))
            if held is None or held[0] is not data:  # the bytes are held, so their id is not reused
                held = encoded[id(data)] = (data, base64.b64encode(data).decode("ascii"))
            png = held[1]
            out.append(f'<figure><img src="data:image/png;base64,{png}" alt="{_e(alt_grafik(ind))}">'
                       f"<figcaption>{_e(ind.nama)} — {_e(ind.wilayah)} ({_e(m.judul)})</figcaption></figure>")
    cache.prune()
    return out


def render_index(ctx: Context, output_dir: Path, meetings: list[Rapat], items: list[FollowUp], as_of: date,
                 stale=()) -> bytes:
    """The page; `stale`: outputs/<id>/ folders of meetings no longer in the project, named (not linked)
    below the meetings as letters that are not current."""
    org = ctx.config.organisasi
    parts = [f"<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">"
             f"<title>{_e(org.singkatan or org.nama)} — Dasbor Rapat dan Tindak Lanjut</title>"
             f"<style>{CSS}</style></head><body>",
             f"<header><h1>{_e(org.nama)}</h1><p>Dasbor rapat dan tindak lanjut, status per {_e(L.tanggal(as_of))}</p>"
             "</header><main>"]
    # meetings
    parts.append('<section id="rapat"><h2>Rapat</h2><table><thead><tr><th>Tanggal</th><th>Rapat</th><th>Berkas</th>'
                 "</tr></thead><tbody>")
    for m in sorted(meetings, key=lambda x: (x.sesi[0].tanggal, x.id)):
        links = "".join(f'<a href="{_e(href)}">{_e(label)}</a>' for label, href in _files(output_dir, m.id))
        cancelled = " <strong>(dibatalkan)</strong>" if getattr(m, "dibatalkan", False) else ""
        parts.append(f"<tr><td>{_e(L.hari_rentang([s.tanggal for s in m.sesi]))}</td><td>{_e(m.judul)}{cancelled}</td>"
                     f'<td class="files">{links or "belum dibuat"}</td></tr>')
    parts.append("</tbody></table>")
    if stale:  # named, never linked: no one should send a letter of a meeting that is gone
        folders = ", ".join(f"<code>{_e(output_dir.name)}/{_e(Path(p).name)}/</code>" for p in stale)
        parts.append(f'<p class="usang"><strong>Bukan dokumen yang berlaku:</strong> {folders} — keluaran rapat yang '
                     "tidak ada lagi di berkas rapat (dihapus atau id-nya diganti). Jangan dibagikan; hapus foldernya "
                     "bila tidak diperlukan lagi.</p>")
    tracker = [name for name in ("matriks-tindak-lanjut.pdf", "matriks-tindak-lanjut.xlsx", "matriks-tindak-lanjut.docx")
               if (output_dir / name).is_file()]
    if tracker:
        parts.append('<p class="files">Matriks tindak lanjut proyek: '
                     + "".join(f'<a href="{_e(quote(n))}">{_e(n)}</a>' for n in tracker) + "</p>")
    parts.append("</section>")
    # completion per OPD
    by_opd: dict[str, Counter] = {}
    for f in items:
        by_opd.setdefault(f.pj, Counter())[f.status] += 1
    parts.append('<section id="capaian"><h2>Penyelesaian tindak lanjut per perangkat daerah</h2>')
    if not by_opd:
        parts.append("<p>Belum ada butir tindak lanjut.</p>")
    for opd, counts in sorted(by_opd.items(), key=lambda kv: ctx.institution_short(kv[0])):
        total = sum(counts.values())
        done = counts["selesai"]
        pct = round(100 * done / total) if total else 0
        late = f", {counts['terlambat']} terlambat" if counts["terlambat"] else ""
        parts.append(f'<div class="bar" data-opd="{_e(opd)}"><span>{_e(ctx.institution_short(opd))}</span>'
                     f'<span class="track" role="img" aria-label="{pct}% selesai"><span class="fill" '
                     f'style="width:{pct}%;display:block"></span></span><span>{done} dari {total} selesai ({pct}%){late}'
                     "</span></div>")
    parts.append("</section>")
    # follow-up table with filters
    opds = sorted({f.pj for f in items}, key=ctx.institution_short)
    statuses = [s for s in STATUS_TEXT if any(f.status == s for f in items)]
    held = sorted({f.meeting.id: f.meeting for f in items}.values(), key=lambda m: m.sesi[0].tanggal)

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
        return (f'<label>{_e(label)} <select id="filter-{name}" data-filter="{name}"><option value="">Semua</option>'
                f"{opts}</select></label>")

    parts.append('<section id="tindak-lanjut"><h2>Butir tindak lanjut</h2><div class="filters">'
                 + select("opd", "Perangkat daerah", [(o, ctx.institution_short(o)) for o in opds])
                 + select("status", "Status", [(s, STATUS_TEXT[s]) for s in statuses])
                 + select("rapat", "Rapat", [(m.id, f"{L.tanggal(m.sesi[0].tanggal)} — {m.judul}") for m in held])
                 + '</div><p class="count" id="jumlah"></p><table id="butir"><thead><tr><th>Rapat dan butir</th>'
                   "<th>Kesepakatan / arahan</th><th>Penanggung jawab</th><th>Batas waktu</th><th>Status</th></tr>"
                   "</thead><tbody>")
    for f in items:
        cls = ' class="terlambat"' if f.status == "terlambat" else ""
        where = f.source_label + (f" ({f.rincian.label})" if f.rincian.label else "")
        deadline = L.tanggal(f.batas_waktu) if f.batas_waktu else "-"
        parts.append(f'<tr{cls} data-opd="{_e(f.pj)}" data-status="{_e(f.status)}" data-rapat="{_e(f.meeting.id)}">'
                     f"<td>{_e(where)}</td><td>{_e(f.item.isi)}</td><td>{_e(ctx.institution_short(f.pj))}</td>"
                     f'<td>{_e(deadline)}</td><td class="status">{_e(f.label)}</td></tr>')
    parts.append("</tbody></table></section>")
    charts = _charts(meetings, getattr(ctx, "root", None))
    if charts:
        parts.append('<section id="indikator"><h2>Indikator</h2>' + "".join(charts) + "</section>")
    parts.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    return "".join(parts).encode("utf-8")
