"""Issue 22.5's incremental figures, two versions of rapatgen side by side in one run.

    python3 bench/incremental.py [--banding REF] [--n N] [--ulang K] [--pdf N2] [--lanjutan N,N,...]
    python3 bench/incremental.py --banding main             # this tree against main
    python3 bench/incremental.py --banding HEAD~3 --pdf 0   # no PDF-only section

Each version runs as `python -m rapatgen` with PYTHONPATH on its source (this tree, or REF checked
out by `git worktree add --detach` into a temporary folder, removed at the end), in its own copy of
one generated project (bench/realistic.py, from REF's example project), built once fully beforehand. Then, rounds alternating
which version goes first, the same edit is made in both copies and each builds:

- one meeting's text changed (its theme): CPU of the process tree, and CPU *outside rendering* —
  the tree's less the time inside the render backends (every `render_*` of rapatgen.render…,
  Typst inside them; bench/typst_timing, rapatgen unchanged). Target < 1 s at N = 500;
- one follow-up item changed: the same, with the files written (the later notulen that show the
  item, the tracker's files);
- PDF-only build of N2 meetings (`--paksa-ulang --format pdf`, cache warm, as issue 22 measured its
  31 %): the share of CPU outside Typst. Target ≤ 25 %;
- carry-over (`--lanjutan`): the CPU of working out every meeting's "tindak lanjut rapat sebelumnya"
  section (what a full build does), at each N, in one process per version; linear means the
  per-meeting figure stays flat.

CPU is user + system of the process tree (RUSAGE_CHILDREN), min and median of K runs. The machine
is shared (other work on both cores): wall time moves with it, CPU much less; compare the two
versions within this run, not with another run's figures.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import AS_OF, USER_ENV, _edit_item, _edit_theme, written  # noqa: E402
from bench.measure import load, outside_share, run, typst_totals, with_typst_timing  # noqa: E402
from bench import realistic  # noqa: E402
from bench.realistic import make_project  # noqa: E402


def _cpu(values: list[float], unit: str = "s") -> str:
    if not values:
        return "—"
    if unit == "%":
        return f"min {min(values):.0%} / median {statistics.median(values):.0%}"
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} s"


class Version:
    def __init__(self, label: str, source: Path):
        self.label, self.source = label, source
        self.env = dict(USER_ENV) | {"PYTHONPATH": str(source)}

    def build(self, root: Path, *extra: str, timing: bool = True) -> dict:
        folder = Path(tempfile.mkdtemp(prefix="rapatgen-bench-inc-"))
        env = with_typst_timing(self.env, folder) if timing else self.env
        try:
            r = run([sys.executable, "-m", "rapatgen", "build", "--per", AS_OF, *extra], root, env, rss=False)
            t = typst_totals(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return {"cpu": r.cpu, "wall": r.wall, "outside": r.cpu - t["render_cpu"], "typst": t["cpu"],
                "written": written(r.out), "out": r.out}


def _versions(ref: str | None, work: Path) -> list[Version]:
    if not ref:
        return [Version("pohon ini", ROOT)]
    commit = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = work / "banding"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                   capture_output=True)
    return [Version(f"{ref} ({commit})", tree), Version("pohon ini", ROOT)]


def _drop_versions(versions: list[Version]) -> None:
    for v in versions:
        if v.source != ROOT:
            subprocess.run(["git", "worktree", "remove", "--force", str(v.source)], cwd=ROOT, capture_output=True)


def _rounds(versions, roots, rounds: int, edit, pick, extra=()) -> dict[str, list[dict]]:
    """`rounds` times: the same edit in every version's copy, then each builds (who goes first alternates)."""
    out: dict[str, list[dict]] = {v.label: [] for v in versions}
    agendas = sorted((roots[0] / "agendas").glob("*.yaml"))
    for k in range(rounds):
        name = agendas[pick(k, len(agendas))].name
        if not all([edit(root / "agendas" / name, k) is not False for root in roots]):
            continue
        for v, root in (zip(versions, roots) if k % 2 == 0 else reversed(list(zip(versions, roots)))):
            out[v.label].append(v.build(root, *extra))
    return out


def _table(title: str, results: dict[str, list[dict]], fields) -> None:
    print(f"  {title}")
    for label, runs in results.items():
        cols = "; ".join(f"{name} {fmt(runs)}" for name, fmt in fields)
        print(f"    {label:24s}: {cols} (n={len(runs)})")


def incremental(versions: list[Version], n: int, rounds: int, work: Path) -> None:
    pristine = make_project(n, work / f"proyek-{n}")
    roots = []
    for i, v in enumerate(versions):
        root = work / f"v{i}-{n}"
        shutil.copytree(pristine, root)
        first = v.build(root, "-q", timing=False)
        roots.append(root)
        print(f"  build penuh pertama {v.label}: CPU {first['cpu']:.1f} s, wall {first['wall']:.1f} s ({load()})")
    sys.stdout.flush()
    text = _rounds(versions, roots, rounds, _edit_theme, lambda k, count: (count // 2 + 7 * k) % count)
    _table(f"N = {n}, ubah teks satu rapat — CPU pohon proses (di luar render: dikurangi backend render)", text, [
        ("CPU", lambda rs: _cpu([r["cpu"] for r in rs])),
        ("di luar render", lambda rs: _cpu([r["outside"] for r in rs])),
        ("wall", lambda rs: _cpu([r["wall"] for r in rs])),
        ("ditulis", lambda rs: ",".join(str(r["written"]) for r in rs)),
    ])
    sys.stdout.flush()
    item = _rounds(versions, roots, rounds, _edit_item, lambda k, count: (count // 2 + 7 * k + 3) % count)
    _table(f"N = {n}, ubah satu butir tindak lanjut", item, [
        ("CPU", lambda rs: _cpu([r["cpu"] for r in rs])),
        ("di luar render", lambda rs: _cpu([r["outside"] for r in rs])),
        ("wall", lambda rs: _cpu([r["wall"] for r in rs])),
        ("ditulis", lambda rs: ",".join(str(r["written"]) for r in rs)),
    ])
    sys.stdout.flush()


def pdf_share(versions: list[Version], n: int, rounds: int, work: Path) -> None:
    pristine = make_project(n, work / f"proyek-pdf-{n}")
    roots = []
    for i, v in enumerate(versions):
        root = work / f"pdf{i}-{n}"
        shutil.copytree(pristine, root)
        v.build(root, "-q", "--format", "pdf", timing=False)
        roots.append(root)
    count = sum(1 for p in (roots[-1] / "outputs").rglob("*.pdf"))
    results: dict[str, list[dict]] = {v.label: [] for v in versions}
    for k in range(rounds):
        order = list(zip(versions, roots))
        for v, root in (order if k % 2 == 0 else reversed(order)):
            results[v.label].append(v.build(root, "-q", "--paksa-ulang", "--format", "pdf"))
    _table(f"N = {n}, build hanya PDF, hangat (--paksa-ulang, cache tetap), {count} PDF — bagian CPU di luar Typst",
           results, [
               ("di luar Typst", lambda rs: _cpu([outside_share(r["cpu"], r["typst"]) for r in rs], "%")),
               ("CPU/PDF", lambda rs: f"{min(r['cpu'] for r in rs) / count * 1000:.1f} ms"),
               ("Typst/PDF", lambda rs: f"{min(r['typst'] for r in rs) / count * 1000:.1f} ms"),
               ("CPU", lambda rs: _cpu([r["cpu"] for r in rs])),
           ])
    sys.stdout.flush()


CARRY_OVER = """
import sys, time
from datetime import date
from pathlib import Path
from rapatgen.check.project import load_project
from rapatgen.resolve.context import Context
from rapatgen.build.inputs import carry_over_shown
p = load_project(Path(sys.argv[1]))
ctx = Context(p.config, p.directory, p.root, date.fromisoformat(sys.argv[2]), [mf.model for mf in p.meetings],
              [pf.model for pf in p.programmes])
start = time.process_time()
for m in ctx.meetings:
    carry_over_shown(ctx, m)
print(time.process_time() - start)
"""


def carry_over(versions: list[Version], sizes: list[int], work: Path) -> None:
    print("  lanjutan (bagian 'tindak lanjut rapat sebelumnya' semua rapat, satu proses): CPU, dan per rapat")
    rows: dict[str, list[str]] = {v.label: [] for v in versions}
    for n in sizes:
        root = make_project(n, work / f"lanjutan-{n}")
        for v in versions:
            seconds = []
            for _ in range(3):
                out = subprocess.run([sys.executable, "-c", CARRY_OVER, str(root), AS_OF], env=v.env,
                                     capture_output=True, text=True, cwd=root)  # not this tree first on sys.path
                if out.returncode:
                    seconds = []
                    break
                seconds.append(float(out.stdout.split()[-1]))
            rows[v.label].append(f"N={n}: {min(seconds):.2f} s ({min(seconds) / n * 1000:.2f} ms/rapat)"
                                 if seconds else f"N={n}: —")
        shutil.rmtree(root, ignore_errors=True)
    for label, cells in rows.items():
        print(f"    {label:24s}: " + "; ".join(cells))
    sys.stdout.flush()


def main() -> None:
    args = sys.argv[1:]

    def option(name: str, default):
        if name in args:
            i = args.index(name)
            value = args[i + 1]
            del args[i:i + 2]
            return value
        return default

    if "--help" in args or "-h" in args:
        print(__doc__)
        return
    ref = option("--banding", None)
    n = int(option("--n", 500))
    rounds = int(option("--ulang", 4))
    pdf_n = int(option("--pdf", 200))
    sizes = [int(x) for x in option("--lanjutan", "100,200,500,1000").split(",") if x]
    if args:
        sys.exit(f"bench/incremental.py: pilihan tidak dikenal: {' '.join(args)} (lihat --help)")
    work = Path(tempfile.mkdtemp(prefix="rapatgen-bench-inc-"))
    versions = _versions(ref, work)
    # both versions build one project: generated from the older one's example (a newer rapatgen.yaml may
    # hold keys the older version does not know)
    realistic.EXAMPLE = versions[0].source / "contoh" / "kaltim"
    print(f"rapatgen bench inkremental — {', '.join(v.label for v in versions)}; {os.cpu_count()} inti, {load()}. "
          "Mesin bersama: wall berubah dengan beban lain, CPU jauh lebih sedikit — bandingkan versi dalam satu "
          "jalankan ini, bukan dengan jalankan lain.")
    try:
        if n:
            incremental(versions, n, rounds, work)
        if pdf_n:
            pdf_share(versions, pdf_n, rounds, work)
        if sizes:
            carry_over(versions, sizes, work)
    finally:
        _drop_versions(versions)
        shutil.rmtree(work, ignore_errors=True)
    print(f"selesai; {load()}")


if __name__ == "__main__":
    main()
