"""build --pantau: a saved meeting file is rebuilt by the incremental engine; invalid input is reported."""

from __future__ import annotations

import threading
import time

from rapatgen.build.coordinator import build as run_build
from rapatgen.text.errors import RapatgenError
from rapatgen.check.project import load_project
from rapatgen.build.watch import watch
from tests.conftest import replace_in

SERIES_FILE = "agendas/2025-02-sosialisasi-dtsen-buleleng.yaml"
SERIES = "sosialisasi-dtsen-buleleng-2025"


def test_saving_a_meeting_rebuilds_it_and_a_mistake_is_reported(project):
    reports, lines, problems = [], [], []
    stop = threading.Event()

    def once():
        try:
            p = load_project(project)
        except RapatgenError as exc:
            problems.append(str(exc.format_message()))
            raise
        reports.append(run_build(p, [SERIES], formats=("docx",), only=["notulen"], log=lambda _: None,
                                 workers=1))

    worker = threading.Thread(target=watch, args=(project, project / "outputs", once, lines.append, stop),
                              kwargs={"debounce_ms": 100}, daemon=True)
    worker.start()

    def wait_for(condition, seconds=20):
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            time.sleep(0.05)
        assert condition(), lines

    try:
        wait_for(lambda: reports and any("Memantau" in line for line in lines))
        time.sleep(0.3)  # the watcher is listening
        replace_in(project / SERIES_FILE, "tema: Pemanfaatan", "tema: Pemanfaatan Baru")
        wait_for(lambda: len(reports) == 2)
        assert reports[1].composed == 1 and reports[1].written  # the saved meeting, made again
        assert any(SERIES_FILE.split("/")[1] in line for line in lines if line.startswith("Berubah:"))

        replace_in(project / SERIES_FILE, 'mulai: "13.30"', 'mulai: "13:30"')
        wait_for(lambda: problems)
        assert "13:30" in problems[0] or "jam" in problems[0]  # the check message, and still watching
        replace_in(project / SERIES_FILE, 'mulai: "13:30"', 'mulai: "13.30"')
        wait_for(lambda: len(reports) == 3)
        outputs_touched = len(reports)
        time.sleep(0.6)
        assert len(reports) == outputs_touched  # writing outputs does not trigger another round
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive() and lines[-1] == "Berhenti memantau."
