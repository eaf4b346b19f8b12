"""How the bench measures one command, and its arithmetic (min, median, ratios, per further document).

A command is timed from outside, as a user runs it: wall time, CPU time of the whole process tree
(user + system of the command and of every descendant it waited for — the build's worker processes,
soffice.bin under its launcher — read from this process's RUSAGE_CHILDREN before and after, so the
bench runs one command at a time), peak RSS of the tree (summed from /proc every 20 ms) and the load
average when it ended. On a shared machine wall time moves with other work; CPU time much less.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HOOK = Path(__file__).resolve().parent / "typst_timing"  # its sitecustomize times Typst in every process
HOOK_ENV = "RAPATGEN_BENCH_TYPST"


def load() -> str:
    return "beban " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds of CPU, user + system, the whole process tree
    peak_mib: int
    out: str
    load: str


def _tree_rss_kib(pid: int) -> int:
    """RSS of `pid` and all its descendants, KiB (Linux /proc)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], cwd: Path, env: dict[str, str], ok=(0, 3), rss: bool = True) -> Run:
    """One command, to its end: wall, tree CPU, peak tree RSS, stdout, load average."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if rss:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu0
    if rss:
        sampler.join()
    if ok and proc.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, args))} gagal ({proc.returncode}):\n{err}")
    return Run(wall, cpu, peak[0] // 1024, out, load())


def with_typst_timing(env: dict[str, str], folder: Path) -> dict[str, str]:
    """`env` with the Typst timing hook on: each process writes its Typst totals to `folder`/<pid>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join(p for p in (str(HOOK), env.get("PYTHONPATH", "")) if p)
    return env | {"PYTHONPATH": path, HOOK_ENV: str(folder)}


def typst_totals(folder: Path) -> dict[str, float]:
    """Typst's calls, CPU and wall seconds — and rendering's (`render_*`: the backends, Typst inside) —
    summed over every process that wrote to `folder`."""
    total = {"calls": 0, "cpu": 0.0, "wall": 0.0, "render_calls": 0, "render_cpu": 0.0, "render_wall": 0.0,
             "processes": 0}
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("calls", "cpu", "wall", "render_calls", "render_cpu", "render_wall"):
            total[key] += data.get(key, 0)
        total["processes"] += 1
    return total


# --- arithmetic (tests/test_bench_arithmetic.py) ---

def stats(values: list[float], unit: str = "s") -> str:
    if not values:
        return "—"
    if unit == "ms":
        return f"min {min(values) * 1000:.0f} / median {statistics.median(values) * 1000:.0f} ms"
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} s"


def timed(runs: list[Run]) -> str:
    """Wall and CPU, min / median, of runs of one command, with n and the load after the last."""
    if not runs:
        return "—"
    return (f"wall {stats([r.wall for r in runs])}, CPU {stats([r.cpu for r in runs])} (n={len(runs)}; "
            f"{runs[-1].load})")


def per_further(all_docs: float, first_doc: float, documents: int) -> float:
    """Seconds per document after the first: a run over `documents` less a run over the first alone,
    divided by the documents after the first (start-up and the first document's warm-up cancel)."""
    if documents < 2:
        raise ValueError("per dokumen berikutnya perlu dua dokumen atau lebih")
    return (all_docs - first_doc) / (documents - 1)


def ratios(theirs: list[float], ours: list[float]) -> list[float]:
    """theirs / ours of each round, the two measured side by side (round k against round k)."""
    if len(theirs) != len(ours):
        raise ValueError("putaran tidak sama banyak")
    return [t / o for t, o in zip(theirs, ours)]


def ratio_text(values: list[float]) -> str:
    """'3.1× (2.8–3.4× over 3 rounds)': the median of the per-round ratios, and their range."""
    if not values:
        return "—"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.1f}×"
    return f"{med:.1f}× ({min(values):.1f}–{max(values):.1f}× dalam {len(values)} putaran)"


def outside_share(total_cpu: float, typesetter_cpu: float) -> float:
    """The share of the CPU spent outside the typesetter: 1 − Typst's CPU / the whole tree's CPU."""
    if total_cpu <= 0:
        raise ValueError("CPU total harus positif")
    return 1 - typesetter_cpu / total_cpu
