"""outputs/index.html: a static page (no server, no network) to look at everything built.

Meetings by date with a link to every file of each meeting, the follow-up dashboard
(completion per OPD as a bar chart; filters by OPD, status and meeting; overdue rows
highlighted) and the indicator charts — PNG files in outputs/grafik/ (`write_charts`),
linked like the meetings' files, so the page stays small and is made without reading an
image. All text from YAML goes through html.escape; the filter script reads only data-*
attributes and never writes HTML. `shown` hashes what the page shows: the build remakes it
only when that (or the follow-up items, the tool, the date) changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote

from rapatgen.text import locale as L
from rapatgen.resolve.completion import DEFINITION, completion
from rapatgen.resolve.followups import FollowUp
from rapatgen.model.meeting import Rapat
from rapatgen.resolve.context import Context

INDEX_NAME = "index.html"
CHART_DIR = "grafik"  # outputs/grafik/: the indicator charts the page shows, one PNG each
TRACKER_FILES = ("matriks-tindak-lanjut.pdf", "matriks-tindak-lanjut.xlsx", "matriks-tindak-lanjut.docx")
KIND_LABELS = [("berkas-", "Berkas lengkap"), ("undangan-", "Undangan"), ("daftar-hadir-", "Daftar hadir"),
               ("notulen-", "Notulen"), ("berita-acara-", "Berita acara"), ("rencana-aksi-", "Rencana aksi"),
               ("tindak-lanjut-", "Tindak lanjut"), ("kalender-", "Kalender"), ("SHA256SUMS", "SHA256SUMS")]
_KIND = re.compile("|".join(re.escape(prefix) for prefix, _ in KIND_LABELS))
_KIND_INDEX = {prefix: i for i, (prefix, _) in enumerate(KIND_LABELS)}
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


_SPECIAL = re.compile(r"[&<>\"']")
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*")  # what quote() leaves as it is


def _e(text) -> str:
    text = text if type(text) is str else str(text)
    return escape(text, quote=True) if _SPECIAL.search(text) else text  # most text has nothing to escape


def _href(path: str) -> str:
    """A relative link: percent-encoded, so nothing is left to escape."""
    return path if _URL_SAFE.fullmatch(path) else quote(path)


def folder_names(output_dir: Path, meeting_id: str) -> list[str]:
    """The visible files of a meeting's output folder (one scandir, no stat per file), sorted; [] when none."""
    try:
        with os.scandir(output_dir / meeting_id) as entries:  # the file type without a stat per file
            return sorted(e.name for e in entries if not e.name.startswith(".") and e.is_file())
    except OSError:  # no folder (not built yet), or not a folder
        return []


class Listing:
    """The files of each meeting's folder, for the page (`get`) and its hash (`hashes`).

    A folder whose modification time is the one recorded is not read again: adding, removing or
    renaming a file changes it, and an entry is recorded only when the folder had not changed for
    QUIET_NS before it was read (a change in the same clock tick as the reading leaves the time as it
    was). The others are read (`folder_names`), and all are read when the page is made. `changed`:
    folders the build wrote a file into, read whatever their time says (a file system that does not
    move a folder's time when a file is added — FAT on Windows — still gets the build's own files).
    """

    QUIET_NS = 2_000_000_000

    def __init__(self, output_dir: Path, ids, record: dict | None = None, changed=frozenset()):
        self.output_dir = output_dir
        known = (record or {}).get("folder", {})
        read_at = time.time_ns()  # before any folder is read
        self.names: dict[str, list[str]] = {}
        self.hashes: dict[str, str] = {}
        self.now: dict[str, list] = {}
        for mid in ids:
            try:
                st = os.stat(output_dir / mid)
            except OSError:
                st = None
            if st is None or not stat.S_ISDIR(st.st_mode):
                self.names[mid], self.hashes[mid] = [], ""
                continue
            entry = known.get(mid)
            if entry and entry[0] == st.st_mtime_ns and mid not in changed:
                self.hashes[mid] = entry[1]
            else:
                names = self.names[mid] = folder_names(output_dir, mid)
                self.hashes[mid] = hashlib.sha256("/".join(names).encode("utf-8", "surrogatepass")).hexdigest()[:32]
            if read_at - st.st_mtime_ns >= self.QUIET_NS:
                self.now[mid] = [st.st_mtime_ns, self.hashes[mid]]

    def get(self, mid: str, default=()) -> list[str]:
        if mid not in self.names:
            self.names[mid] = folder_names(self.output_dir, mid)
        return self.names[mid]

    def record(self) -> dict:
        """What the page's manifest record keeps for the next build."""
        return {"folder": self.now}


_LETTER_NUMBER = re.compile(r"(?:^|-)(\d{2,})-(?=[A-Za-z0-9])")  # "…-01-dinsos_bll": number, then addressee id


def _addressee(rest: str, directory) -> tuple[str, str, str] | None:
    """(what comes before, letter number, addressee name) of an undangan's file-name suffix; the
    rightmost number followed by a known id wins (ids may hold '-', a session slug holds numbers)."""
    for m in reversed(list(_LETTER_NUMBER.finditer(rest))):
        name = addressee_name(directory, rest[m.end():])
        if name:
            return rest[:m.start()], m.group(1), name
    return None


def addressee_name(directory, ref: str) -> str | None:
    """What a reader calls the addressee of a per-invitee undangan (its file name carries the id):
    a group's name, an institution's short name, a person's name; None for an id the directory lacks."""
    if ref in directory.kelompok:
        return directory.kelompok[ref].nama
    if ref in directory.instansi:
        inst = directory.instansi[ref]
        return inst.singkatan or inst.nama
    if ref in directory.orang:
        return directory.orang[ref].nama
    return None


def _files(output_dir: Path, meeting_id: str, names: list[str] | None = None,
           directory=None) -> list[tuple[str, str]]:
    """(label, relative href) of every file the meeting's folder holds, in a useful order.

    A per-invitee undangan is labelled with its addressee's name from `directory` (the file name
    keeps the directory id; a Bappeda reader should never see the id on the page)."""
    names = folder_names(output_dir, meeting_id) if names is None else names
    by_kind: list[list[tuple[str, str]]] = [[] for _ in KIND_LABELS]
    folder = _href(meeting_id)
    for name in names:  # in name order within each kind
        kind = _KIND.match(name)  # no prefix is the start of another
        if kind is None:
            continue
        prefix = kind.group()
        i = _KIND_INDEX[prefix]
        stem, dot, ext = name.rpartition(".")
        ext = ext.upper() if dot else ""
        rest = (stem if dot else name)[len(prefix):].removeprefix(meeting_id).strip("- ")
        who = _addressee(rest, directory) if prefix == "undangan-" and directory is not None else None
        if who:
            head, number, addressee = who
            rest = f"{head.replace('-', ' ')}: {number} {addressee}" if head else f"{number} {addressee}"
        else:
            rest = rest.replace("-", " ")
        text = KIND_LABELS[i][1] + (f" {rest}" if rest and prefix != "SHA256SUMS" else "")
        by_kind[i].append((f"{text} ({ext})" if ext else text, f"{folder}/{_href(name)}"))
    return [link for kind in by_kind for link in kind]


def tracker_names(output_dir: Path) -> list[str]:
    """The project tracker's files present in outputs/ (linked below the meetings)."""
    return [name for name in TRACKER_FILES if (output_dir / name).is_file()]


@dataclass
class Chart:
    """One indicator chart of the page: a PNG file in outputs/grafik/, linked (not inlined)."""

    meeting: Rapat
    ind: object  # rapatgen.model.indikator.Indikator
    name: str  # file name in outputs/grafik/
    key: str = ""  # a hash of what it is drawn from: every field of the indicator (`ChartKeys`)

    @property
    def rel(self) -> str:
        """Its path below outputs/ (the manifest's name for it)."""
        return f"{CHART_DIR}/{self.name}"


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    kept: list[str] = []
    for w in words:
        if kept and len("-".join([*kept, w])) > limit:
            break
        kept.append(w[:limit])
    return "-".join(kept)


class ChartKeys:
    """The key of each chart: a hash of the indicator's repr (every field, Decimals exact; ~0.1 ms each).

    Remembered per meeting in the charts' manifest record: a meeting whose file is the one recorded,
    with the same tool, config and directory (`base`, = `Inputs.base`), keeps its keys, so a build
    after a text change works out the keys of that meeting only (and never looks up matplotlib).
    """

    def __init__(self, base: str = "", files: dict[str, str] | None = None, record: dict | None = None):
        self.base, self.files = base, files or {}
        record = record or {}
        self.known = record.get("kunci", {}) if base and record.get("dasar") == base else {}
        self.now: dict[str, list] = {}

    def __call__(self, m: Rapat, n: int, ind) -> str:
        """The key of `ind`, the n-th chart of meeting `m`."""
        file = self.files.get(m.id)
        known = self.known.get(m.id)
        if file and known and known[0] == file and n < len(known[1]):
            key = known[1][n]
        else:
            key = hashlib.sha256(repr(ind).encode("utf-8", "surrogatepass")).hexdigest()
        self.now.setdefault(m.id, [file, []])[1].append(key)
        return key

    def record(self) -> dict:
        """What the charts' manifest record keeps for the next build."""
        return {"dasar": self.base, "kunci": self.now} if self.base else {}


def charts_of(meetings: list[Rapat], keys: ChartKeys | None = None) -> list[Chart]:
    """Every chart the page shows, with a file name a person can read: `<rapat>-<indikator>-<wilayah>.png`,
    and its key (`ChartKeys`: what `shown` and `write_charts` compare)."""
    keys = keys or ChartKeys()
    out, taken = [], set()
    for m in meetings:
        charted = 0
        for ind in getattr(m, "indikator", []):
            if not getattr(ind, "perlu_grafik", lambda: False)():
                continue
            stem = "-".join(p for p in (m.id, _slug(ind.nama), _slug(ind.wilayah)) if p)
            name, n = f"{stem}.png", 1
            while name in taken:  # the same indicator twice in one meeting
                n += 1
                name = f"{stem}-{n}.png"
            taken.add(name)
            out.append(Chart(m, ind, name, keys(m, charted, ind)))
            charted += 1
    return out


def shown(output_dir: Path, meetings: list[Rapat], listing: Listing, charts: list[Chart], stale=()) -> str:
    """What the page shows besides the follow-up items (their hash is the tracker's, `Inputs.tracker`) and
    the organisation, tool and date (`Inputs.base`, the reference date): each meeting's days, title, the
    cancelled mark and the files of its folder; the tracker files; the stale folders; each chart's file,
    caption and alt text (every field of the indicator). A page with the same `shown` is the same page."""
    parts = [output_dir.name, *tracker_names(output_dir), "|", *(Path(p).name for p in stale), "|"]
    for m in meetings:
        parts.append(f"{m.id}\0{m.judul}\0{getattr(m, 'dibatalkan', False)}\0"
                     + ",".join(s.tanggal.isoformat() for s in m.sesi) + "\0" + listing.hashes.get(m.id, ""))
    parts.append("|")
    parts += [f"{c.name}\0{c.meeting.id}\0{c.key}" for c in charts]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def _figures(charts: list[Chart]) -> list[str]:
    from rapatgen.documents.indikator import alt_grafik

    return [f'<figure><img src="{_href(c.rel)}" alt="{_e(alt_grafik(c.ind))}" loading="lazy">'
            f"<figcaption>{_e(c.ind.nama)} — {_e(c.ind.wilayah)} ({_e(c.meeting.judul)})</figcaption></figure>"
            for c in charts]


def write_charts(charts: list[Chart], cache_root: Path | None, writer, key: str, extra: dict | None = None) -> bool:
    """Write outputs/grafik/*.png that are missing or out of date (from the chart cache: drawn only when new).

    One manifest unit `key` records every chart file and the data it was drawn from; a file still
    holding what was written is not read, a hand-edited one is kept (the writer writes `… (baru).png`
    beside it), and a chart no meeting shows any more is removed unless edited by hand. True when
    every chart file now holds its chart. `extra`: kept in the record (`ChartKeys.record`)."""
    from rapatgen.build.charts import ChartCache

    manifest = writer.manifest
    extra = extra or {}
    drawn_from = {c.rel: c.key for c in charts}
    digest = hashlib.sha256("\n".join(f"{rel}={k}" for rel, k in drawn_from.items()).encode()).hexdigest()
    record = manifest.up_to_date(key, digest, writer.overwrite)
    if record is not None:
        writer.report.unchanged_in(manifest.base, record["files"])
        if not writer.dry_run and any(record.get(k) != v for k, v in extra.items()):
            record.update(extra)  # the keys of a meeting whose file changed, worked out once
            manifest.dirty = True
        return True
    cache = ChartCache(cache_root)
    before = manifest.units.get(key, {})
    was = before.get("grafik", {}) if isinstance(before.get("grafik"), dict) else {}
    complete = True
    for c in charts:
        target = manifest.root / c.rel
        if was.get(c.rel) == drawn_from[c.rel] and target.is_file() and not (
                writer.overwrite and manifest.edited_by_hand(target)):
            writer.report.add_unchanged(target)
            continue
        complete = writer.file(target, cache.png(c.ind)) and complete
    for c in charts:  # every chart's cache entry is kept, the others go
        cache.key(c.ind)
    cache.prune()
    if writer.dry_run:
        return complete
    for rel in sorted(set(before.get("files", ())) - set(drawn_from)):  # a chart no meeting shows any more
        target = manifest.root / rel
        if target.is_file() and not manifest.edited_by_hand(target):
            target.unlink()
        if not target.exists():
            manifest.files.pop(rel, None)
    if complete:
        manifest.record_unit(key, digest, list(drawn_from), grafik=drawn_from, **extra)
    else:
        manifest.forget_unit(key)
    return complete


def render_index(ctx: Context, output_dir: Path, meetings: list[Rapat], items: list[FollowUp], as_of: date,
                 stale=(), listing: Listing | dict[str, list[str]] | None = None, charts: list[Chart] | None = None
                 ) -> bytes:
    """The page; `stale`: outputs/<id>/ folders of meetings no longer in the project, named (not linked)
    below the meetings as letters that are not current. `listing`: each meeting's files (`folder_names`,
    read here when not given); `charts`: `charts_of(meetings)` unless given — linked as grafik/<name>.png,
    which `write_charts` writes (the page reads no image)."""
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
        names = listing.get(m.id, []) if listing is not None else None
        files = _files(output_dir, m.id, names, ctx.directory)
        links = "".join(f'<a href="{href}">{_e(label)}</a>' for label, href in files)
        cancelled = " <strong>(dibatalkan)</strong>" if getattr(m, "dibatalkan", False) else ""
        parts.append(f"<tr><td>{_e(L.hari_rentang([s.tanggal for s in m.sesi]))}</td><td>{_e(m.judul)}{cancelled}</td>"
                     f'<td class="files">{links or "belum dibuat"}</td></tr>')
    parts.append("</tbody></table>")
    if stale:  # named, never linked: no one should send a letter of a meeting that is gone
        folders = [p for p in map(Path, stale) if p.is_dir()]  # outputs/<id>/ of a meeting that is gone
        files = [p for p in map(Path, stale) if not p.is_dir()]  # jadwal-rapat-<tahun>.<fmt> of a programme gone
        names = ", ".join([*(f"<code>{_e(output_dir.name)}/{_e(p.name)}/</code>" for p in folders),
                           *(f"<code>{_e(output_dir.name)}/{_e(p.name)}</code>" for p in files)])
        why = []
        if folders:
            why.append("keluaran rapat yang tidak ada lagi di berkas rapat (dihapus atau id-nya diganti)")
        if files:
            why.append("jadwal rapat dari program tahunan yang tidak ada lagi (berkasnya dihapus atau tahunnya diganti)")
        what = "folder dan berkasnya" if folders and files else "foldernya" if folders else "berkasnya"
        parts.append(f'<p class="usang"><strong>Bukan dokumen yang berlaku:</strong> {names} — {" atau ".join(why)}. '
                     f"Jangan dibagikan; hapus {what} bila tidak diperlukan lagi.</p>")
    tracker = tracker_names(output_dir)
    if tracker:
        parts.append('<p class="files">Matriks tindak lanjut proyek: '
                     + "".join(f'<a href="{_href(n)}">{_e(n)}</a>' for n in tracker) + "</p>")
    parts.append("</section>")
    # completion per OPD
    by_opd: dict[str, Counter] = {}
    statuses_of = [(f, f.pj, f.status) for f in items]  # properties, read once
    for _, pj, status in statuses_of:
        by_opd.setdefault(pj, Counter())[status] += 1
    parts.append('<section id="capaian"><h2>Penyelesaian tindak lanjut per perangkat daerah</h2>')
    if not by_opd:
        parts.append("<p>Belum ada butir tindak lanjut.</p>")
    for opd, counts in sorted(by_opd.items(), key=lambda kv: ctx.institution_short(kv[0])):
        done = completion(counts.elements())  # the matriks' definition (resolve/completion.py)
        width = f"{done.rate:.1f}"
        late = f", {counts['terlambat']} terlambat" if counts["terlambat"] else ""
        carried = f", {done.carried} dilanjutkan" if done.carried else ""
        parts.append(f'<div class="bar" data-opd="{_e(opd)}"><span>{_e(ctx.institution_short(opd))}</span>'
                     f'<span class="track" role="img" aria-label="{_e(done.percent())} selesai"><span class="fill" '
                     f'style="width:{width}%;display:block"></span></span><span>{_e(done.text())}{late}{carried}'
                     "</span></div>")
    if by_opd:
        parts.append(f'<p class="catatan">{_e(DEFINITION)}</p>')
    parts.append("</section>")
    # follow-up table with filters
    opds = sorted(by_opd, key=ctx.institution_short)
    present = {status for _, _, status in statuses_of}
    statuses = [s for s in STATUS_TEXT if s in present]
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
    opd_cells = {pj: (_e(pj), _e(ctx.institution_short(pj))) for pj in by_opd}  # a few OPDs, thousands of rows
    # an item's occurrences share its meeting, source and text: escaped once per item
    per_item: dict[tuple[int, int], tuple[str, str, str]] = {}
    escaped: dict[str, str] = {}  # statuses, labels, dates: a few distinct texts
    for f, pj, status in statuses_of:
        cls = ' class="terlambat"' if status == "terlambat" else ""
        label = f.rincian.label
        held_item = per_item.get((id(f.meeting), id(f.item)))
        if held_item is None:
            held_item = per_item[id(f.meeting), id(f.item)] = (f.source_label, _e(f.meeting.id), _e(f.item.isi))
        source, rapat, isi = held_item
        where = _e(source + (f" ({label})" if label else ""))
        deadline = f.deadline_text()
        opd, short = opd_cells[pj]
        shown_label = f.label
        for text in (status, deadline, shown_label):
            if text not in escaped:
                escaped[text] = _e(text)
        parts.append(f'<tr{cls} data-opd="{opd}" data-status="{escaped[status]}" data-rapat="{rapat}">'
                     f"<td>{where}</td><td>{isi}</td><td>{short}</td>"
                     f'<td>{escaped[deadline]}</td><td class="status">{escaped[shown_label]}</td></tr>')
    parts.append("</tbody></table></section>")
    figures = _figures(charts_of(meetings) if charts is None else charts)
    if figures:
        parts.append('<section id="indikator"><h2>Indikator</h2>' + "".join(figures) + "</section>")
    parts.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    return "".join(parts).encode("utf-8")
