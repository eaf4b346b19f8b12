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


# --- issue 17.12: what the watcher missed or died on ------------------------------------------
RAKOR_FILE = "agendas/2023-12-14-rakor-tkpk-buleleng.yaml"


class _Watching:
    """A watcher whose round only loads the project and notes the meeting ids it found (no build)."""

    def __init__(self, project):
        self.project, self.rounds, self.lines, self.attempts = project, [], [], 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(project, project / "outputs", self.once, self.lines.append,
                                                           self.stop), kwargs={"debounce_ms": 100}, daemon=True)

    def once(self):
        self.attempts += 1
        self.rounds.append({mf.model.id for mf in load_project(self.project).meetings})

    def wait_for(self, condition, seconds=20):
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end and self.thread.is_alive():
            time.sleep(0.05)
        assert condition(), (self.rounds, self.lines, self.thread.is_alive())

    def __enter__(self):
        self.thread.start()
        self.wait_for(lambda: self.rounds and any("Memantau" in line for line in self.lines))
        time.sleep(0.3)  # the watcher is listening
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


def _meeting(project, new_id: str) -> str:
    return (project / RAKOR_FILE).read_text(encoding="utf-8").replace("id: rakor-buleleng-2023-12-14", f"id: {new_id}")


def test_a_symlink_to_a_file_outside_the_project_does_not_stop_the_watcher(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar") / "rapat.yaml"
    outside.write_text(_meeting(project, "rapat-luar"), encoding="utf-8")
    with _Watching(project) as w:
        (project / "agendas" / "luar.yaml").symlink_to(outside)
        w.wait_for(lambda: w.attempts >= 2)  # a round: the check refuses the link (and the watcher goes on)
        assert w.thread.is_alive()  # it died here: Path.resolve() left the project, relative_to raised
        (project / "agendas" / "luar.yaml").unlink()
        replace_in(project / SERIES_FILE, "tema: Pemanfaatan", "tema: Pemanfaatan Baru")
        w.wait_for(lambda: len(w.rounds) >= 2)
        assert "rapat-luar" not in w.rounds[-1]


def test_a_folder_of_meetings_moved_into_agendas_is_seen(project, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pindahan") / "tim-baru"
    folder.mkdir()
    (folder / "rapat.yaml").write_text(_meeting(project, "rapat-pindahan"), encoding="utf-8")
    with _Watching(project) as w:
        folder.rename(project / "agendas" / "tim-baru")  # one event, for the folder
        w.wait_for(lambda: any("rapat-pindahan" in ids for ids in w.rounds))


def test_a_file_written_right_after_mkdir_is_seen(project):
    with _Watching(project) as w:
        (project / "agendas" / "2026").mkdir()
        (project / "agendas" / "2026" / "rapat.yaml").write_text(_meeting(project, "rapat-segera"), encoding="utf-8")
        w.wait_for(lambda: any("rapat-segera" in ids for ids in w.rounds))
