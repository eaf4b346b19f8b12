"""Build throughput and memory: N synthetic meetings, documents per second per format.

    python3 bench/build.py [N]        (default 200)

Prints, measured side by side in one run: documents/s for DOCX and PDF, peak memory
for N/4 and N meetings (flat memory means the ratio stays near 1), and the full build
time divided by N. Goal: >= 100 documents/s per format on a 2-core machine.
"""

from __future__ import annotations

import gc
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

TEMPLATE = ROOT / "agendas" / "2024-12-19-rakor-tkpk-kaltim.yaml"


def make_project(n: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix="rapatgen-bench-"))
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "agendas").mkdir()
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


def peak_memory(n: int) -> float:
    root = make_project(n)
    try:
        gc.collect()
        tracemalloc.start()
        build(load_project(root), as_of=date(2025, 2, 15), log=lambda _: None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak / 2**20
    finally:
        shutil.rmtree(root)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    root = make_project(n)
    try:
        start = time.perf_counter()
        project = load_project(root)
        load_s = time.perf_counter() - start
        ctx = Context(project.config, project.directory, root, date(2025, 2, 15))
        rates = per_format(project, ctx)
        start = time.perf_counter()
        report = build(project, as_of=date(2025, 2, 15), log=lambda _: None)
        full_s = time.perf_counter() - start
    finally:
        shutil.rmtree(root)
    print(f"rapatgen bench: {n} rapat sintetis (salinan contoh Kaltim), 6 jenis dokumen per rapat")
    print(f"  muat + validasi      : {load_s:.2f} s ({n / load_s:.0f} rapat/s)")
    for fmt, (count, seconds) in rates.items():
        print(f"  {fmt:<5} render        : {count} dokumen dalam {seconds:.2f} s = {count / seconds:.0f} dokumen/s")
    ratio = rates["pdf"][1] / rates["docx"][1]
    print(f"  rasio waktu pdf/docx : {ratio:.2f}")
    print(f"  build penuh          : {len(report.written)} berkas dalam {full_s:.2f} s; waktu/N = {full_s / n * 1000:.1f} ms per rapat")
    small, large = peak_memory(max(1, n // 4)), peak_memory(n)
    print(f"  memori puncak (Python): N/4={small:.1f} MiB, N={large:.1f} MiB, rasio N:(N/4) = {large / small:.2f}")


if __name__ == "__main__":
    main()
