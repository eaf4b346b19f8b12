"""`rapatgen build --pantau`: rebuild when a project file is saved (watchfiles, inotify — no polling).

Each round reloads and checks the project, prints the check messages if something is wrong
(and keeps watching), and otherwise runs the incremental build, which remakes only the
meeting that changed and what depends on it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".png", ".jpg", ".jpeg")


def project_filter(root: Path, output_dir: Path):
    """Only the project's own inputs: YAML, wording templates and logos — never outputs or state files —
    and folders made or moved in the project (their files may come with them, before a watch on them).

    Paths are taken as watchfiles reports them, below the watched folder, symlinks not followed: a link
    to a file outside the project is a change like any other (the round's check refuses it), never an
    exception that stops the watcher."""
    from watchfiles import Change, DefaultFilter

    root = Path(os.path.abspath(root))
    outputs = {os.path.abspath(output_dir), os.path.realpath(output_dir)}

    class ProjectFilter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            absolute = os.path.abspath(path)
            try:
                rel = Path(absolute).relative_to(root)
            except ValueError:
                return False
            if any(absolute == out or absolute.startswith(out + os.sep) for out in outputs):
                return False
            if any(part.startswith(".") for part in rel.parts) or not super().__call__(change, path):
                return False
            suffix = os.path.splitext(absolute)[1].lower()
            if suffix in WATCHED_SUFFIXES:
                return True
            # a folder moved in (one event for the folder and its meetings), or made and written into at once
            return os.path.isdir(absolute) or (change == Change.deleted and not suffix)

    return ProjectFilter()


def watch(root: Path, output_dir: Path, run_once: Callable[[], None], echo: Callable[[str], None],
          stop_event=None, debounce_ms: int = 300) -> None:
    """Call `run_once()` now and after every batch of saved changes, until Ctrl-C or `stop_event`."""
    from watchfiles import watch as watch_files

    from rapatgen.text.errors import RapatgenError, display_path

    root = Path(root).resolve()

    def round_():
        try:
            run_once()
        except RapatgenError as exc:  # invalid input: show the check messages, keep watching
            exc.show()

    round_()
    echo("Memantau perubahan berkas proyek — tekan Ctrl-C untuk berhenti.")
    try:
        for changes in watch_files(root, watch_filter=project_filter(root, output_dir), stop_event=stop_event,
                                   debounce=debounce_ms, step=50, raise_interrupt=False):
            names = sorted({display_path(path) for _, path in changes})
            echo(f"Berubah: {', '.join(names)}")
            round_()
    except KeyboardInterrupt:  # pragma: no cover - raise_interrupt=False handles it in watchfiles
        pass
    echo("Berhenti memantau.")
