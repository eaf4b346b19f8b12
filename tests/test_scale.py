"""What keeps a meeting's cost flat as the archive grows: the carry-over section is bounded."""

from __future__ import annotations

from datetime import date

from rapatgen.build.coordinator import build as run_build
from rapatgen.documents import notulen
from rapatgen.resolve.followups import open_before
from rapatgen.check.project import load_project
from tests.readback import docx_text, flat

RAKOR = "rakor-kaltim-2024-12-19"


def test_carry_over_shows_the_most_recent_items_and_counts_the_rest(kaltim, monkeypatch):
    project = load_project(kaltim)
    meetings = [mf.model for mf in project.meetings]
    rakor = project.meeting(RAKOR).model
    every = open_before(meetings, rakor, project.directory)
    items = list(dict.fromkeys(f.butir_id for f in every))
    assert len(items) >= 3
    shown, hidden = notulen.bounded_carry_over(rakor, every, limit=2)
    shown_items = list(dict.fromkeys(f.butir_id for f in shown))
    assert len(shown_items) == 2 and hidden == len(items) - 2
    assert "konsolidasi-kaltim-2024-12-04/K1" in shown_items  # the item this meeting continues stays
    dates = [f.meeting_date for f in shown]
    assert dates == sorted(dates, reverse=True)  # most recent meeting first

    monkeypatch.setattr(notulen, "CARRY_OVER_MAX", 2)
    run_build(project, [RAKOR], formats=("docx",), only=["notulen"], as_of=date(2025, 1, 15), log=lambda _: None)
    text = flat(docx_text(kaltim / "outputs" / RAKOR / f"notulen-{RAKOR}.docx"))
    assert flat(f"Selain butir di atas, {len(items) - 2} butir tindak lanjut lain dari rapat-rapat sebelumnya "
                "juga masih terbuka") in text
