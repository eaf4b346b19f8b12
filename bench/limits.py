"""The limits of input size, measured (the figures tests/test_bad_input.py used to assert as wall-clock
bounds, which a loaded machine broke): `rapatgen check` of one meeting with 500 and 5,000 invitees,
`rapatgen build --only daftar-hadir` of 500 and 5,000, and `check` of the YAML bombs (alias bomb, deep
nesting) that must end in a message. Each case in its own process: wall, tree CPU and peak tree RSS,
min / median of several runs.

    python3 bench/limits.py [--ulang 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import load, run, timed  # noqa: E402
from tests.conftest import UJI_FILE  # noqa: E402
from tests.test_bad_input import BOMB, DEEP_FLOW, _invitees as invitees  # noqa: E402  (the tests' own cases)

RAPATGEN = [sys.executable, "-m", "rapatgen"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=3, help="runs per case (min / median)")
    args = parser.parse_args()
    env = os.environ | {"PYTHONIOENCODING": "utf-8"}
    cases = [("check, 500 peserta", invitees(500), ["check", UJI_FILE], (0,)),
             ("check, 5.000 peserta", invitees(5000), ["check", UJI_FILE], (0,)),
             ("check, bom alias YAML", BOMB, ["check", UJI_FILE], (1,)),
             ("check, 100.000 tingkat [", DEEP_FLOW, ["check", UJI_FILE], (1,)),
             ("build daftar hadir, 500 peserta", invitees(500),
              ["build", UJI_FILE, "--per", "2025-03-20", "--only", "daftar-hadir", "--paksa-ulang"], (0,)),
             ("build daftar hadir, 5.000 peserta", invitees(5000),
              ["build", UJI_FILE, "--per", "2025-03-20", "--only", "daftar-hadir", "--paksa-ulang"], (0,))]
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "proyek"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", "outputs", ".rapatgen", "bench", "tests",
                                                                     "*.egg-info", "build", "contoh"))
        print(f"rapatgen limits, {args.ulang} runs per case ({load()})")
        for name, content, command, ok in cases:
            (project / UJI_FILE).write_text(content, encoding="utf-8")
            runs = [run([*RAPATGEN, *command], project, env, ok=ok) for _ in range(args.ulang)]
            peak = max(r.peak_mib for r in runs)
            print(f"  {name:36} {timed(runs)}; RSS puncak {peak} MiB")


if __name__ == "__main__":
    main()
