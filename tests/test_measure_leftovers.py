"""A build killed outright (SIGKILL, the OOM killer) cannot remove its measuring folder in /tmp; the next
process that measures a layout removes it — and only a folder whose maker is gone and which has not been
written for a while (render/pdf/measure._remove_left_behind)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

LINUX = sys.platform.startswith("linux")


def _folder(temp: Path, name: str, age: float) -> Path:
    folder = temp / name
    folder.mkdir()
    source = folder / "ukur.typ"
    source.write_text("", encoding="utf-8")
    then = time.time() - age
    os.utime(source, (then, then))
    os.utime(folder, (then, then))
    return folder


@pytest.mark.skipif(not LINUX, reason="pids checked as on Linux")
def test_the_next_measuring_process_removes_a_killed_builds_folder_only(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a maker that no longer runs
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left = _folder(tmp_path, f"rapatgen-ukur-{gone.pid}-abc123", age=3600)
        fresh = _folder(tmp_path, f"rapatgen-ukur-{gone.pid}-def456", age=5)  # may still be measuring elsewhere
        running = _folder(tmp_path, f"rapatgen-ukur-{alive.pid}-ghi789", age=3600)
        unnamed = _folder(tmp_path, "rapatgen-ukur-jkl012", age=3600)  # no pid in its name: not ours to judge
        other = _folder(tmp_path, f"lain-{gone.pid}-abc", age=3600)
        out = subprocess.run([sys.executable, "-c", "import os\n"
                              "from rapatgen.render.pdf.measure import _world\n"
                              "path, _ = _world()\n"
                              "print(os.getpid(), path.parent.name)"],
                             env=dict(os.environ, TMPDIR=str(tmp_path)), capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        pid, made = out.stdout.split()
        assert not left.exists()
        assert made.startswith(f"rapatgen-ukur-{pid}-")
        assert fresh.exists() and running.exists() and unnamed.exists() and other.exists()
        assert not (tmp_path / made).exists()  # its own folder removed as it ended
    finally:
        alive.kill()
        alive.wait()
