"""Calendar files (RFC 5545, via icalendar): one per meeting (one per session of a series)
and one feed of follow-up deadlines per OPD.

A UID never changes for the same meeting session. Whether an invitation changed is
decided against `.rapatgen/kalender.json` in the project (keep it with the YAML files):
when date, time, place, link or the cancellation changes, SEQUENCE goes up by one and
DTSTAMP is the moment of that change, so calendar clients replace the old entry. When that
file is gone but a meeting's calendar was made before, SEQUENCE is taken from the clock
(`lost_entry`), so it still goes up.
A cancelled meeting (`dibatalkan: true`) is sent as METHOD:CANCEL / STATUS:CANCELLED.
Unchanged meetings give the same bytes on every build.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from rapatgen.text import locale as L
from rapatgen.model.meeting import Rapat, Sesi
from rapatgen.resolve.context import Context, session_place
from rapatgen.files.atomic import write_atomic

TZ = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
STATE_FILE = Path(".rapatgen") / "kalender.json"
PRODID = "-//rapatgen//Rapat TKPK//ID"
DEFAULT_HOURS = 2  # an open end ("s.d. selesai") with no agenda to go by


def _domain(ctx: Context, m: Rapat | None) -> str:
    laman = ctx.kop(m).laman if m else None
    return re.sub(r"^https?://", "", laman or "rapatgen.invalid").strip("/")


def _end(m: Rapat, s: Sesi, day: int) -> time:
    if s.selesai:
        return s.selesai
    times = [t for a in m.acara if a.hari == day for t in (a.mulai, a.selesai) if t]
    last = max(times, default=None)
    if last and last > s.mulai:
        return last
    return (datetime.combine(s.tanggal, s.mulai) + timedelta(hours=DEFAULT_HOURS)).time()


@dataclass
class _Event:
    uid: str
    sesi: Sesi
    day: int  # 1-based session number
    fingerprint: str


class SequenceState:
    """SEQUENCE and DTSTAMP per UID, kept in the project so clients see changes as updates."""

    def __init__(self, root: Path | None, now: datetime | None = None, entries: dict[str, dict] | None = None):
        self.path = root / STATE_FILE if root is not None else None
        self.now = now
        if entries is not None:
            self.entries = entries
        else:
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError, AttributeError):
                self.entries = {}
        self.changed = False
        self.used: set[str] = set()

    @classmethod
    def of(cls, entries: dict[str, dict], now: datetime | None = None) -> "SequenceState":
        """A state of some entries only (a worker making one meeting's calendar; nothing is saved)."""
        return cls(None, now, {uid: dict(e) for uid, e in entries.items()})

    def used_entries(self) -> dict[str, dict]:
        """The entries `sequence` read or made (what a worker sends back)."""
        return {uid: self.entries[uid] for uid in self.used}

    def of_meeting(self) -> dict[str, dict[str, dict]]:
        """{meeting id: {uid: entry}} — the UIDs are `<meeting id>-sesi-<n>@<domain>`."""
        out: dict[str, dict[str, dict]] = {}
        for uid, entry in self.entries.items():
            out.setdefault(uid.partition("@")[0].rpartition("-sesi-")[0], {})[uid] = entry
        return out

    def sequence(self, uid: str, fingerprint: str, first_stamp: datetime) -> tuple[int, datetime]:
        self.used.add(uid)
        entry = self.entries.get(uid)
        if entry is None:
            entry = {"sidik": fingerprint, "sequence": 0, "dtstamp": first_stamp.strftime("%Y%m%dT%H%M%SZ")}
            self.entries[uid] = entry
            self.changed = True
        elif entry["sidik"] != fingerprint:
            now = (self.now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
            entry.update(sidik=fingerprint, sequence=entry["sequence"] + 1, dtstamp=now.strftime("%Y%m%dT%H%M%SZ"))
            self.changed = True
        stamp = datetime.strptime(entry["dtstamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        return entry["sequence"], stamp

    def save(self) -> None:
        if self.changed and self.path is not None:
            text = json.dumps(self.entries, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            write_atomic(self.path, text.encode("utf-8"))
            self.changed = False


def _fingerprint(m: Rapat, s: Sesi, end: time) -> str:
    d = s.daring
    facts = [s.tanggal.isoformat(), s.mulai.isoformat(), end.isoformat(), s.tempat or "",
             d.tautan or "" if d else "", d.id_rapat or "" if d else "", str(m.dibatalkan)]
    return hashlib.sha256("\x1f".join(facts).encode("utf-8")).hexdigest()[:16]


def _description(ctx: Context, m: Rapat, s: Sesi, zone: str) -> str:
    lines = [m.judul]
    if m.tema:
        lines.append(f"Tema: {m.tema}")
    if s.nama:
        lines.append(f"Sesi: {s.nama}")
    lines.append(f"Hari/Tanggal: {L.hari_tanggal(s.tanggal)}")
    lines.append(f"Waktu: {L.pukul(s.mulai, s.selesai, zone)}")
    lines.append(f"Tempat: {session_place(s)}")
    if s.daring:
        for label, value in (("Tautan", s.daring.tautan), ("ID Rapat", s.daring.id_rapat),
                             ("Kode Akses", s.daring.kode_akses)):
            if value:
                lines.append(f"{label}: {value}")
    if m.dibatalkan:
        lines.insert(0, "RAPAT INI DIBATALKAN.")
    return "\n".join(lines)


@lru_cache(maxsize=None)
def _vtimezone(tzid: str):
    """The VTIMEZONE of `tzid` (icalendar: "this can take some time, please cache"), None when unknown."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None


def _add_missing_timezones(cal) -> None:
    """Calendar.add_missing_timezones, with each zone made once per process (the same component)."""
    count = len(cal.timezones)
    for tzid in cal.get_missing_tzids():
        zone = _vtimezone(tzid)
        if zone is not None:
            cal.subcomponents.insert(count, zone)
            count += 1


def meeting_uids(ctx: Context, m: Rapat) -> list[str]:
    """The UID of each session of a meeting (never changes for the same meeting session)."""
    domain = _domain(ctx, m)
    return [f"{m.id}-sesi-{day}@{domain}" for day in range(1, len(m.sesi) + 1)]


SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def lost_entry(now: datetime | None = None) -> dict:
    """The SEQUENCE entry of a session whose calendar went out before but whose state is gone
    (`.rapatgen/kalender.json` deleted, or a copy of the project without it).

    SEQUENCE must still go up: it is taken from the clock (minutes since 2020, some 3.6 million in
    2026, above any count of changes), and the empty fingerprint makes the next `sequence` call count
    one more change with DTSTAMP now — calendar clients replace the entry they had."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    minutes = int((now - SEQUENCE_EPOCH).total_seconds() // 60)
    return {"sidik": "", "sequence": max(minutes, 0), "dtstamp": now.strftime("%Y%m%dT%H%M%SZ")}


def meeting_calendars(ctx: Context, m: Rapat, state: SequenceState) -> list[tuple[str, bytes]]:
    """(file name, bytes): one file per session of a series, else one file with every day."""
    zone = ctx.zone(m)
    tz = ZoneInfo(TZ[zone])
    events = []
    for day, (s, uid) in enumerate(zip(m.sesi, meeting_uids(ctx, m)), 1):
        events.append(_Event(uid, s, day, _fingerprint(m, s, _end(m, s, day))))
    issued = m.undangan.tanggal if m.undangan else m.sesi[0].tanggal
    first_stamp = datetime.combine(issued, time(0), tz).astimezone(timezone.utc)
    groups = [[e] for e in events] if m.rangkaian else [events]
    files = []
    for group in groups:
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "CANCEL" if m.dibatalkan else "REQUEST")
        for e in group:
            s = e.sesi
            seq, stamp = state.sequence(e.uid, e.fingerprint, first_stamp)
            ev = icalendar.Event()
            ev.add("uid", e.uid)
            ev.add("sequence", seq)
            ev.add("dtstamp", stamp)
            title = m.judul + (f" — {s.nama}" if s.nama else (f" (hari ke-{e.day})" if len(m.sesi) > 1 else ""))
            ev.add("summary", ("DIBATALKAN: " if m.dibatalkan else "") + title)
            ev.add("dtstart", datetime.combine(s.tanggal, s.mulai, tz))
            ev.add("dtend", datetime.combine(s.tanggal, _end(m, s, e.day), tz))
            ev.add("location", s.tempat or (s.daring.tautan if s.daring and s.daring.tautan else session_place(s)))
            ev.add("description", _description(ctx, m, s, zone))
            if s.daring and s.daring.tautan:
                ev.add("url", s.daring.tautan)
            ev.add("status", "CANCELLED" if m.dibatalkan else "CONFIRMED")
            kop = ctx.kop(m)
            if kop.pos_el:
                organizer = icalendar.vCalAddress(f"mailto:{kop.pos_el}")
                organizer.params["cn"] = icalendar.vText(ctx.config.organisasi.singkatan or ctx.config.organisasi.nama)
                ev.add("organizer", organizer)
            cal.add_component(ev)
        _add_missing_timezones(cal)
        suffix = f"-sesi-{group[0].day}" if m.rangkaian else ""
        files.append((f"kalender-{m.id}{suffix}.ics", cal.to_ical()))
    return files


END_CALENDAR = b"END:VCALENDAR\r\n"
EVENT_CACHE = "tenggat.bin"  # in .rapatgen/cache: the VEVENT bytes of deadline feeds, by their facts


class _EventCache:
    """VEVENT bytes of the deadline feeds by a hash of everything the event shows (signed, rapatgen.files.cache).

    After one item changed, every feed is remade but only its changed events are built by
    icalendar; the others are the bytes icalendar gave for the same facts last time (the file
    is keyed by the tool and icalendar's version, and holds only the events of the last build).
    """

    def __init__(self, root: Path | None):
        from rapatgen.files.cache import CACHE_DIR, digest, read_signed, tool_digest

        self.path = Path(root) / CACHE_DIR / EVENT_CACHE if root is not None else None
        self.version = digest(tool_digest(), icalendar.__version__)
        self.old: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}
        payload = read_signed(self.path) if self.path is not None else None
        if payload is not None:
            import pickle

            try:
                version, entries = pickle.loads(payload)
                if version == self.version and isinstance(entries, dict):
                    self.old = entries
            except Exception:
                pass

    def get(self, key: str) -> bytes | None:
        data = self.new.get(key) or self.old.get(key)
        if data is not None:
            self.new[key] = data
        return data

    def save(self) -> None:
        if self.path is not None and self.new != self.old:
            import pickle

            from rapatgen.files.cache import write_signed

            write_signed(self.path, pickle.dumps((self.version, self.new), protocol=pickle.HIGHEST_PROTOCOL))


def deadline_feeds(ctx: Context, items, as_of: date, cache_root: Path | None = None,
                   keep=()) -> list[tuple[str, bytes]]:
    """One calendar per OPD with the deadline of each of its open follow-up items (all-day events).

    `keep`: OPDs whose feed was written before; one without an open deadline now (items done, its
    meeting deleted) gets a calendar without events, so a calendar subscribed to it stops showing them.

    Each calendar is icalendar's serialisation of the calendar without events followed by each
    event's own (what icalendar writes for the whole calendar: its lines, then each
    subcomponent's, then END), so an event whose facts did not change comes from the event
    cache of `cache_root` (the project) instead of being built again.
    """
    from rapatgen.files.cache import digest

    cache = _EventCache(cache_root)
    by_pj: dict[str, list] = {pj: [] for pj in keep}
    for f in items:
        if f.is_open and f.batas_waktu:
            by_pj.setdefault(f.pj, []).append(f)
    files = []
    for pj in sorted(by_pj):
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", f"Batas waktu tindak lanjut — {ctx.institution_short(pj)}")
        cal.add("x-wr-timezone", TZ[ctx.config.zona_waktu])
        head = cal.to_ical()
        assert head.endswith(END_CALENDAR)
        parts = [head[:-len(END_CALENDAR)]]
        for f in by_pj[pj]:
            uid = f"tindak-lanjut-{re.sub(r'[^A-Za-z0-9._-]', '-', f.id)}@{_domain(ctx, f.meeting)}"
            summary = f"Batas waktu {f.kind.lower()} {f.id}: {f.item.isi}"
            description = "\n".join([
                f"{f.kind} {f.id} ({f.source_label})", f.item.isi,
                f"Penanggung jawab: {ctx.institution_name(pj)}", f"Status per {L.tanggal(as_of)}: {f.label}"])
            key = digest(uid, f.meeting_date.isoformat(), f.batas_waktu.isoformat(), summary, description)
            data = cache.get(key)
            if data is None:
                ev = icalendar.Event()
                ev.add("uid", uid)
                ev.add("dtstamp", datetime.combine(f.meeting_date, time(0), timezone.utc))
                ev.add("dtstart", f.batas_waktu)
                ev.add("dtend", f.batas_waktu + timedelta(days=1))
                ev.add("summary", summary)
                ev.add("description", description)
                ev.add("transp", "TRANSPARENT")
                data = cache.new[key] = ev.to_ical()
            parts.append(data)
        parts.append(END_CALENDAR)
        files.append((f"tindak-lanjut-{pj}.ics", b"".join(parts)))
    cache.save()
    return files
