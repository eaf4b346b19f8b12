"""Issue 9.2: calendar files read back with icalendar, as a calendar client would."""

import json
from datetime import date, datetime, timedelta

import icalendar
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in

SERIES = "sosialisasi-dtsen-buleleng-2025"
SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
RAKOR = "rakor-kaltim-2024-12-19"
RAKOR_FILE = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"


def build(project, *args):
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", "--only", "undangan", *args,
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    return r


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def test_each_session_of_a_series_gets_its_own_invitation_in_wita(project):
    build(project, SERIES)
    folder = project / "outputs" / SERIES
    files = sorted(folder.glob("*.ics"))
    assert [p.name for p in files] == [f"kalender-{SERIES}-sesi-{i}.ics" for i in range(1, 5)]
    cal, (first,) = events(files[0])
    assert str(cal["method"]) == "REQUEST"
    start = first.decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Makassar" and start.utcoffset() == timedelta(hours=8)
    assert start.replace(tzinfo=None) == datetime(2025, 2, 18, 9, 0)
    assert first.decoded("dtend").replace(tzinfo=None) == datetime(2025, 2, 18, 12, 0)
    assert str(first["location"]) == "Aula Kantor Camat Gerokgak"
    assert any(tz["tzid"] == "Asia/Makassar" for tz in cal.walk("VTIMEZONE"))
    _, (online,) = events(files[3])
    assert str(online["location"]) == "Aula Kantor Camat Sawan"
    assert "https://zoom.us/j/1111111111" in str(online["description"]) and str(online["url"]).startswith("https://zoom")
    assert len({str(events(p)[1][0]["uid"]) for p in files}) == 4


def test_uid_stable_sequence_raised_only_when_time_or_place_changes(kaltim):
    build(kaltim, RAKOR)
    ics = kaltim / "outputs" / RAKOR / f"kalender-{RAKOR}.ics"
    before = ics.read_bytes()
    (_, (ev,)) = events(ics)
    uid = str(ev["uid"])
    assert ev["sequence"] == 0
    build(kaltim, RAKOR)
    assert ics.read_bytes() == before  # unchanged meeting: same bytes, same SEQUENCE
    replace_in(kaltim / RAKOR_FILE, "selesai: null", 'selesai: "15.00"')
    build(kaltim, RAKOR)
    _, (ev,) = events(ics)
    assert str(ev["uid"]) == uid and ev["sequence"] == 1
    assert ev.decoded("dtend").replace(tzinfo=None) == datetime(2024, 12, 19, 15, 0)
    assert ev.decoded("dtstamp") > datetime(2024, 12, 12).astimezone()
    replace_in(kaltim / RAKOR_FILE, "tempat: Ballroom Hotel Puri Senyiur, Jalan Contoh, Samarinda",
               "tempat: Pendopo Lamin Etam, Samarinda")
    build(kaltim, RAKOR)
    _, (ev,) = events(ics)
    assert ev["sequence"] == 2 and str(ev["location"]) == "Pendopo Lamin Etam, Samarinda"


def test_cancelled_meeting_sends_a_cancel_with_a_higher_sequence(kaltim):
    build(kaltim, RAKOR)
    replace_in(kaltim / RAKOR_FILE, "zona_waktu: WITA", "zona_waktu: WITA\ndibatalkan: true")
    build(kaltim, RAKOR)
    cal, (ev,) = events(kaltim / "outputs" / RAKOR / f"kalender-{RAKOR}.ics")
    assert str(cal["method"]) == "CANCEL" and str(ev["status"]) == "CANCELLED" and ev["sequence"] == 1


def test_wib_and_wit_meetings_use_jakarta_and_jayapura(kaltim):
    for zone, name, hours in (("WIB", "Asia/Jakarta", 7), ("WIT", "Asia/Jayapura", 9)):
        replace_in(kaltim / RAKOR_FILE, "zona_waktu: WITA" if zone == "WIB" else "zona_waktu: WIB", f"zona_waktu: {zone}")
        build(kaltim, RAKOR)
        _, (ev,) = events(kaltim / "outputs" / RAKOR / f"kalender-{RAKOR}.ics")
        start = ev.decoded("dtstart")
        assert str(start.tzinfo) == name and start.utcoffset() == timedelta(hours=hours)


def test_deadline_feed_per_opd_lists_its_open_items(project):
    r = CliRunner().invoke(main, ["build", "--per", "2025-02-15", "--only", "tindak-lanjut", "--format", "pdf",
                                  "--proyek", str(project)])
    assert r.exit_code == 0, r.output
    feeds = sorted((project / "outputs" / "kalender").glob("tindak-lanjut-*.ics"))
    assert feeds, r.output
    for feed in feeds:
        cal, evs = events(feed)
        pj = feed.stem.removeprefix("tindak-lanjut-")
        assert evs and str(cal["method"]) == "PUBLISH"
        for ev in evs:
            assert isinstance(ev.decoded("dtstart"), date) and not isinstance(ev.decoded("dtstart"), datetime)
            assert "Batas waktu" in str(ev["summary"])
    listed = CliRunner().invoke(main, ["followup", "list", "--pj", "dinsos_bll", "--per", "2025-02-15", "--json",
                                       "--proyek", str(project)])
    expected = {(b["id"], b["batas_waktu"]) for b in json.loads(listed.output)["butir"] if b["batas_waktu"]}
    _, evs = events(project / "outputs" / "kalender" / "tindak-lanjut-dinsos_bll.ics")
    got = {(str(ev["summary"]).split()[3].rstrip(":"), ev.decoded("dtstart").isoformat()) for ev in evs}
    assert got == expected and expected


def _whole_feed(ctx, pj, followups, as_of) -> bytes:
    """A deadline feed built in one piece by icalendar (how it was made before the event cache)."""
    import re
    from datetime import time, timezone

    from rapatgen.text import locale as L
    from rapatgen.build.calendar import PRODID, TZ, _domain

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Batas waktu tindak lanjut — {ctx.institution_short(pj)}")
    cal.add("x-wr-timezone", TZ[ctx.config.zona_waktu])
    for f in followups:
        ev = icalendar.Event()
        ev.add("uid", f"tindak-lanjut-{re.sub(r'[^A-Za-z0-9._-]', '-', f.id)}@{_domain(ctx, f.meeting)}")
        ev.add("dtstamp", datetime.combine(f.meeting_date, time(0), timezone.utc))
        ev.add("dtstart", f.batas_waktu)
        ev.add("dtend", f.batas_waktu + timedelta(days=1))
        ev.add("summary", f"Batas waktu {f.kind.lower()} {f.id}: {f.item.isi}")
        ev.add("description", "\n".join([
            f"{f.kind} {f.id} ({f.source_label})", f.item.isi,
            f"Penanggung jawab: {ctx.institution_name(pj)}", f"Status per {L.tanggal(as_of)}: {f.label}"]))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


def test_deadline_feeds_are_icalendar_s_bytes_and_unchanged_events_come_from_the_cache(project, monkeypatch):
    from rapatgen.build import calendar as calendar_module
    from rapatgen.resolve.followups import collect
    from rapatgen.check.project import load_project
    from rapatgen.resolve.context import Context

    p = load_project(project)
    meetings = [mf.model for mf in p.meetings]
    as_of = date(2025, 2, 15)
    ctx = Context(p.config, p.directory, project, as_of, meetings, [])
    items = collect(meetings, as_of, ctx.directory)
    feeds = calendar_module.deadline_feeds(ctx, items, as_of, cache_root=project)
    assert len(feeds) >= 2
    for name, data in feeds:
        pj = name.removeprefix("tindak-lanjut-").removesuffix(".ics")
        mine = [f for f in items if f.is_open and f.batas_waktu and f.pj == pj]
        assert data == _whole_feed(ctx, pj, mine, as_of), name
    built = []
    real = icalendar.Event
    monkeypatch.setattr(calendar_module.icalendar, "Event", lambda *a, **k: built.append(1) or real(*a, **k))
    assert calendar_module.deadline_feeds(ctx, items, as_of, cache_root=project) == feeds and built == []
    assert calendar_module.deadline_feeds(ctx, items, as_of) == feeds and built  # no cache: every event built
    cache = project / ".rapatgen" / "cache" / calendar_module.EVENT_CACHE
    cache.write_bytes(cache.read_bytes()[:-3] + b"xyz")  # tampered: ignored, built again
    built.clear()
    assert calendar_module.deadline_feeds(ctx, items, as_of, cache_root=project) == feeds and built
