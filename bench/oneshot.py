"""Where the CPU of a one-shot `rapatgen build` after one meeting's text changed goes, part by part (issue 22.5 a).

    python3 bench/oneshot.py [--n N] [--ulang K] [--banding REF]
    python3 bench/oneshot.py --n 500 --ulang 5 --banding 415e584   # this tree and 415e584 on one project
    python3 bench/oneshot.py --n 500 --ulang 5 --banding 415e584 --salinan   # each on its own copy of it

One generated project (bench/realistic.py) is built once; then K rounds: one meeting's theme is edited and
each version builds it (who goes first alternates), each in its own process. Inside that process the CPU
(time.process_time) of each part is added up by wrapping the functions named below, and the garbage
collector's passes are timed (gc.callbacks): the stamp, loading the project, the manifest, the plan, making
the changed meeting (compose, the render stack's imports, the calendar) and, inside it, rendering (every
`render_*` of rapatgen.render… — the bench's "outside rendering" leaves this out), writing, saving.
"rest" is the process's CPU less those parts: interpreter start-up, imports of the CLI, the models and the
build, click. Printed: min / median per part over the K rounds, for each version.

The versions share one project: the package fingerprint (part of every input hash and of the meeting
cache's key) is pinned in the measured process, so a version's code does not make the other's outputs out
of date, and both make byte-identical files (bench/samebytes.py is the check for that). Without the pin
every code change would remake all N meetings. The real fingerprint costs ≈ 4 ms at start-up; it is the
only work left out. With `--salinan` each version builds its own copy of the project (made after the first
full build, times kept), each round the same edit in each copy: what a version keeps for its next build
(the journal marker in the manifest, say) then follows its own build, as for a user, not the other
version's — on one shared project the versions alternate and such a gain shows only in some rounds. Render figures are CPU of the process: compare the versions within one run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-15"
PARTS = ["stempel", "muat proyek", "manifest baca", "rencana", "buat rapat", "  (render)", "tulis", "simpan",
         "gc", "sisa (impor, start-up)", "total"]

INSIDE = r"""
import gc, json, sys, time
T = time.process_time
parts = {}
def wrap(owner, name, part):
    real = getattr(owner, name)
    def timed(*args, **kwargs):
        start = T()
        try:
            return real(*args, **kwargs)
        finally:
            parts[part] = parts.get(part, 0.0) + T() - start
    setattr(owner, name, timed)
gc_cpu = [0.0, 0.0]
def on_gc(phase, info):
    if phase == "start":
        gc_cpu[1] = T()
    else:
        gc_cpu[0] += T() - gc_cpu[1]
gc.callbacks.append(on_gc)
import rapatgen.files.cache as cache
cache.fingerprint = lambda: "f" * 64  # pinned: see bench/oneshot.py
WRAPS = {  # module: (class or None, function, part) — wrapped as each module is imported, when the build imports it
    "rapatgen.build.stamp": [("BuildStamp", "nothing_to_do", "stempel"), ("BuildStamp", "before", "stempel"),
                             ("BuildStamp", "after", "stempel")],
    "rapatgen.check.project": [(None, "load_project", "muat proyek")],
    "rapatgen.build.coordinator": [(None, "BuildManifest", "manifest baca"), (None, "_plan", "rencana")],
    "rapatgen.build.calendar_unit": [("_Calendars", "plan", "rencana")],
    "rapatgen.build.workers": [(None, "make_meeting", "buat rapat"), (None, "make_task", "buat rapat")],
    "rapatgen.build.writer": [("_Writer", "meeting", "tulis")],
    "rapatgen.build.manifest": [("BuildManifest", "save", "simpan")],
    "rapatgen.build.inputs": [("Inputs", "save", "simpan")],
}
def wrap_parts(module):
    for owner, name, part in WRAPS[module.__name__]:
        wrap(getattr(module, owner) if owner else module, name, part)
import sitecustomize  # bench/typst_timing (on PYTHONPATH): its import hook, and the render_* totals below
sitecustomize.after_import(WRAPS.__contains__, wrap_parts)  # where and when the command imports them (the collector too)
from rapatgen import cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exc:
    if exc.code:
        raise
parts["gc"] = gc_cpu[0]
parts["  (render)"] = sitecustomize._TOTALS["render_cpu"]
parts["total"] = T()
print("KODE " + cli.__file__)
print("BAGIAN " + json.dumps(parts))
"""


def _env(source: Path, hook_folder: Path) -> dict[str, str]:
    from bench.measure import HOOK, HOOK_ENV

    env = dict(os.environ) | {"PYTHONPATH": os.pathsep.join([str(source), str(HOOK)]), HOOK_ENV: str(hook_folder)}
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None or sys.flags.dont_write_bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "rapatgen-bench-oneshot-pyc")
    return env


def _measure(source: Path, root: Path, *extra: str) -> dict[str, float]:
    hook_folder = Path(tempfile.mkdtemp(prefix="rapatgen-bench-oneshot-typst-"))
    try:
        # run in the project: `python -c` puts the current folder first on sys.path, so run from this tree it
        # imported this tree's rapatgen for every version, PYTHONPATH notwithstanding
        out = subprocess.run([sys.executable, "-c", INSIDE, "build", "--per", AS_OF, "-q", "--proyek", str(root),
                              *extra], env=_env(source, hook_folder), capture_output=True, text=True, cwd=root)
    finally:
        shutil.rmtree(hook_folder, ignore_errors=True)
    if out.returncode:
        raise SystemExit(f"build gagal ({source}):\n{out.stderr[-3000:]}")
    code = Path([l for l in out.stdout.splitlines() if l.startswith("KODE ")][-1][len("KODE "):]).resolve()
    if not code.is_relative_to(Path(source).resolve()):
        raise SystemExit(f"the build of {source} ran the rapatgen of {code.parent.parent}")
    line = [l for l in out.stdout.splitlines() if l.startswith("BAGIAN ")][-1]
    parts = json.loads(line[len("BAGIAN "):])
    known = sum(v for k, v in parts.items() if k not in ("total", "  (render)", "gc"))
    parts["sisa (impor, start-up)"] = parts["total"] - known - parts.get("gc", 0.0)
    return parts


def main(argv: list[str]) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--ulang", type=int, default=5)
    ap.add_argument("--banding", help="another commit, measured on the same project")
    ap.add_argument("--salinan", action="store_true", help="each version on its own copy of the project")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.build import _edit_theme
    from bench.measure import load
    from bench.realistic import make_project

    work = Path(tempfile.mkdtemp(prefix="rapatgen-bench-oneshot-"))
    versions = [("pohon ini", ROOT)]
    try:
        if args.banding:
            commit = subprocess.run(["git", "rev-parse", "--short", args.banding], cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout.strip()
            tree = work / "banding"
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                           capture_output=True)
            versions.insert(0, (f"{args.banding} ({commit})", tree))
        root = make_project(args.n, work / f"proyek-{args.n}")
        print(f"N = {args.n}: build penuh pertama ({load()})…", flush=True)
        _measure(versions[-1][1], root)
        roots = {label: root for label, _ in versions}
        if args.salinan:  # the same built project for each version, times kept (the manifest's size and time)
            for i, (label, _) in enumerate(versions[:-1]):
                roots[label] = Path(shutil.copytree(root, work / f"proyek-{args.n}-{i}", symlinks=True))
        results: dict[str, list[dict]] = {label: [] for label, _ in versions}
        for k in range(args.ulang):
            order = versions if k % 2 == 0 else list(reversed(versions))
            for label, source in order:
                agendas = sorted((roots[label] / "agendas").glob("*.yaml"))
                _edit_theme(agendas[(len(agendas) // 2 + 7 * k) % len(agendas)],
                            str(k) if args.salinan else f"{k}-{label}")
                results[label].append(_measure(source, roots[label]))
        print(f"N = {args.n}, ubah teks satu rapat, CPU per bagian dalam satu proses, min / median dari "
              f"{args.ulang} ({load()}):")
        print(f"  {'bagian':24s}" + "".join(f"{label:>26s}" for label, _ in versions))
        for part in PARTS:
            cells = []
            for label, _ in versions:
                values = [r.get(part, 0.0) for r in results[label]]
                cells.append(f"{min(values):.3f} / {statistics.median(values):.3f} s")
            print(f"  {part:24s}" + "".join(f"{c:>26s}" for c in cells))
        for label, _ in versions:
            outside = [r["total"] - r.get("  (render)", 0.0) for r in results[label]]
            print(f"  di luar render, {label}: min {min(outside):.3f} / median {statistics.median(outside):.3f} s")
    finally:
        for label, source in versions:
            if source != ROOT:
                subprocess.run(["git", "worktree", "remove", "--force", str(source)], cwd=ROOT, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
