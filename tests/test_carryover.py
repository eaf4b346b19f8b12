"""The carry-over index (resolve/carryover.py) shows exactly what open_before + bounded_carry_over define,
and reads each item of the archive once, not once per later meeting."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bench.realistic import make_project
from rapatgen.check.project import load_project
from rapatgen.documents.notulen import bounded_carry_over
from rapatgen.model import occurrences as occ
from rapatgen.model.meeting import Riwayat
from rapatgen.resolve import carryover
from rapatgen.resolve.carryover import OpenItems
from rapatgen.resolve.followups import open_before
from tests.conftest import KALTIM_ROOT, ROOT


def _key(section):
    shown, hidden = section
    return [(f.id, f.meeting.id, f.kind, f.state, f.label, f.continued_by, f.rincian) for f in shown], hidden


def _assert_same(meetings, directory):
    """Every meeting, several limits, asked in date order and shuffled (the index then starts again)."""
    expected = {(m.id, limit): _key(bounded_carry_over(m, open_before(meetings, m, directory), limit))
                for m in meetings for limit in (25, 3, 1)}
    ordered = sorted(meetings, key=lambda x: (x.sesi[0].tanggal, x.id))
    shuffled = ordered[:]
    random.Random(7).shuffle(shuffled)
    for order in (ordered, shuffled):
        index = OpenItems(meetings, directory)
        for limit in (25, 3, 1):
            for m in order:
                assert _key(index.section(m, limit)) == expected[m.id, limit], (m.id, limit)
    return expected


@pytest.mark.parametrize("root", [ROOT, KALTIM_ROOT], ids=["buleleng", "kaltim"])
def test_index_shows_what_open_before_shows_in_the_examples(root):
    project = load_project(root)
    expected = _assert_same([mf.model for mf in project.meetings], project.directory)
    assert any(shown for shown, _ in expected.values())


@pytest.mark.slow
def test_index_shows_what_open_before_shows_in_a_realistic_archive(tmp_path):
    """40 meetings of four teams (continued items, items per member and session), plus histories that
    close an item and open it again, and an item closed before the next meeting of its team."""
    project = load_project(make_project(40, tmp_path / "p"))
    meetings = [mf.model for mf in project.meetings]
    tracked = [(m, it) for m in meetings for it in (*m.kesepakatan, *m.arahan) if it.pj and not it.riwayat]
    for i, (m, it) in enumerate(tracked[:12]):
        day = m.sesi[0].tanggal
        r = occ.expand(m, it, project.directory)[0]
        where = {"anggota": r.anggota, "sesi": r.sesi, "periode": r.periode}
        it.riwayat = [Riwayat(tanggal=day + timedelta(days=3), status="selesai", **where)]
        if i % 2:  # opened again later, and (every fourth) closed for good after that
            it.riwayat.append(Riwayat(tanggal=day + timedelta(days=40), status="proses", **where))
            if i % 4 == 3:
                it.riwayat.append(Riwayat(tanggal=day + timedelta(days=90), status="tidak_dapat", catatan="dibatalkan",
                                           **where))
    expected = _assert_same(meetings, project.directory)
    assert sum(1 for _, hidden in expected.values() if hidden) > 10


def test_every_item_is_read_once_not_once_per_later_meeting(tmp_path, monkeypatch):
    """The carry-over of every notulen of a 40-meeting archive expands each tracked item once (the old
    way expanded every earlier item of the team again for each meeting: work growing with N²)."""
    project = load_project(make_project(40, tmp_path / "p"))
    meetings = [mf.model for mf in project.meetings]
    calls = []
    real = occ.expand
    monkeypatch.setattr(occ, "expand", lambda m, it, d: calls.append(1) or real(m, it, d))
    from rapatgen.build.inputs import carry_over_shown
    from rapatgen.resolve.context import Context

    ctx = Context(project.config, project.directory, project.root, meetings[-1].sesi[0].tanggal, meetings, [])
    for m in sorted(meetings, key=lambda x: (x.sesi[0].tanggal, x.id)):
        carry_over_shown(ctx, m)
    items = sum(1 for m in meetings if m.tim for it in (*m.kesepakatan, *m.arahan) if it.pj)
    assert carryover.occ is occ and 0 < len(calls) <= items
