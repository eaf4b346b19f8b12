"""Build throughput and memory: N synthetic meetings, documents per second per format.

    python3 bench/build.py [N]        (default 200)

Prints, measured side by side in one run: documents/s for DOCX and PDF (one process,
and `build` using every core), the full build time divided by N, and peak memory for N/4
and N meetings (flat memory keeps the ratio near 1; what remains is the typed model of
each meeting, which cross-meeting follow-ups need). Goal: >= 100 documents/s per format
on a 2-core machine.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapatgen.build import build, compose_meeting  # noqa: E402
from rapatgen.project import load_project  # noqa: E402
from rapatgen.render import RENDERERS  # noqa: E402
from rapatgen.resolve import Context  # noqa: E402

EXAMPLE = ROOT / "contoh" / "kaltim"  # the Kaltim example project (one project = one TKPK)
TEMPLATE = EXAMPLE / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"


def make_project(n: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix="rapatgen-bench-"))
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(EXAMPLE / name, root / name)
    shutil.copytree(EXAMPLE / "logo", root / "logo")
    (root / "agendas").mkdir()
    shutil.copy(EXAMPLE / "agendas" / "2024-12-04-konsolidasi-tkpk-kaltim.yaml", root / "agendas")  # linked from the template
    text = TEMPLATE.read_text(encoding="utf-8")
    for i in range(n):
        (root / "agendas" / f"rapat-{i:04d}.yaml").write_text(
            text.replace("id: rakor-kaltim-2024-12-19", f"id: rapat-{i:04d}"), encoding="utf-8")
    return root


def per_format(project, ctx) -> dict[str, tuple[int, float]]:
    docs = [d for mf in project.meetings for _, _, d in compose_meeting(ctx, mf.model)[0]]
    result = {}
    for fmt, render in RENDERERS.items():
        start = time.perf_counter()
        for d in docs:
            render(d)
        result[fmt] = (len(docs), time.perf_counter() - start)
    return result


def peak_memory(n: int, with_tracker: bool) -> float:
    root = make_project(n)
    try:
        project = load_project(root)
        ids = None if with_tracker else [mf.model.id for mf in project.meetings]
        gc.collect()
        tracemalloc.start()
        build(project, ids, as_of=date(2025, 2, 15), log=lambda _: None, workers=1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak / 2**20
    finally:
        shutil.rmtree(root)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    root = make_project(n)
    day = date(2025, 2, 15)
    quiet = lambda _: None  # noqa: E731
    try:
        start = time.perf_counter()
        project = load_project(root)
        load_s = time.perf_counter() - start
        ctx = Context(project.config, project.directory, root, day, [mf.model for mf in project.meetings])
        single = per_format(project, ctx)
        parallel = {}
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            report = build(project, formats=(fmt,), as_of=day, log=quiet, overwrite=True)
            parallel[fmt] = (report.documents, time.perf_counter() - start)
        start = time.perf_counter()
        report = build(project, as_of=day, log=quiet, overwrite=True)
        full_s = time.perf_counter() - start
    finally:
        shutil.rmtree(root)
    cores = os.cpu_count() or 1
    print(f"rapatgen bench: {n} rapat sintetis (salinan contoh Kaltim), {cores} inti CPU")
    print(f"  muat + validasi            : {load_s:.2f} s ({n / load_s:.0f} rapat/s)")
    print(f"  {'format':<6} {'1 proses (dok/s)':>18} {'build, semua inti (dok/s)':>27} {'percepatan':>11}")
    for fmt in ("docx", "pdf"):
        c1, s1 = single[fmt]
        c2, s2 = parallel[fmt]
        print(f"  {fmt:<6} {c1 / s1:>18.0f} {c2 / s2:>27.0f} {(c2 / s2) / (c1 / s1):>10.2f}x")
    files = report.documents
    print(f"  build penuh docx+pdf+xlsx  : {files} berkas dalam {full_s:.2f} s = {files / full_s:.0f} berkas/s; "
          f"waktu/N = {full_s / n * 1000:.1f} ms per rapat")
    for label, tracker in (("dokumen per rapat", False), ("+ matriks proyek", True)):
        small, large = peak_memory(max(1, n // 4), tracker), peak_memory(n, tracker)
        print(f"  memori puncak build ({label:<17}): N/4={small:.1f} MiB, N={large:.1f} MiB, rasio {large / small:.2f}")
    print("  (matriks tindak lanjut proyek memuat semua butir, jadi ukurannya memang sebanding dengan N)")


if __name__ == "__main__":
    main()
