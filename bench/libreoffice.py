"""LibreOffice against rapatgen, like with like: the same documents, one process each, rounds interleaved.

The sample: M meetings drawn in turn from each kind of the realistic project (a rakor whose notulen
carries charts, a series with one letter per session, an FGD with one letter per invitee, an FGD, a
konsolidasi), spread over the two years; every DOCX rapatgen wrote for them.

Each round runs, one after the other (A B A B …):
- LO: `soffice --headless --convert-to pdf` of all the sample's DOCX, one process;
- rapatgen: one process making the PDF of the same documents from the YAML — Python start, imports,
  the project loaded and validated, letter numbers, the documents composed, charts drawn, rendered
  and written — with no cache (`.rapatgen/cache` removed before each run), one core;
- LO one: the first document alone (the notulen of a rakor with charts);
- rapatgen one: the same document alone, from the YAML as above.
LibreOffice runs with a user profile made once before the first round (not timed): a user's
soffice has one; a fresh profile costs seconds at every first start.

Headline ratios, each taken per round (LO's run against rapatgen's run of the same round) and shown
as the median and range over the rounds, wall and CPU:
- whole process: LO's run over rapatgen's run;
- per further document: (run over all − run over the first) / (documents − 1), each side, then
  LO over rapatgen: start-up and the first document's warm-up left out on both sides.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import Run, per_further, ratio_text, ratios, run, stats

KIND_ORDER = ["rakor-grafik", "rangkaian", "per-undangan", "fgd", "konsolidasi"]
FIRST_KIND = "notulen"

OURS_PDF = r"""
import json, sys
from datetime import date
from pathlib import Path
from rapatgen.build.compose import DOCUMENTS, render_meeting
from rapatgen.build.register import _letter_numbers
from rapatgen.check.project import load_project
from rapatgen.resolve.context import Context
from rapatgen.text.templating import use_project
root, as_of, outdir, wanted = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4])
project = load_project(root)
use_project(root)
ctx = Context(project.config, project.directory, root, date.fromisoformat(as_of),
              [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
meetings = [project.meeting(i).model for i in wanted]
ctx.numbers = _letter_numbers(ctx, root, meetings, True)
count = 0
for m in meetings:
    files, _ = render_meeting(ctx, m, ("pdf",), wanted[m.id] or list(DOCUMENTS))  # named kinds: no bundle
    for name, data in files:
        (outdir / name).write_bytes(data)
        count += 1
print(json.dumps({"pdf": count}))
"""


def sample(kinds: dict[str, str], meetings: int) -> list[str]:
    """`meetings` ids, taken in turn from each kind (KIND_ORDER), each kind's spread over the years;
    the first is a rakor with charts (its notulen is the first-document run)."""
    by_kind = {k: [i for i, kind in kinds.items() if kind == k] for k in KIND_ORDER}
    counts = dict.fromkeys(KIND_ORDER, 0)  # in turn; a kind that runs out leaves its turn to the others
    while sum(counts.values()) < meetings and any(counts[k] < len(by_kind[k]) for k in KIND_ORDER):
        for k in KIND_ORDER:
            if counts[k] < len(by_kind[k]) and sum(counts.values()) < meetings:
                counts[k] += 1
    picked = {k: [ids[(j * len(ids)) // counts[k]] for j in range(counts[k])]  # evenly spaced in date order
              for k, ids in by_kind.items()}
    out: list[str] = []
    while len(out) < meetings and any(picked.values()):
        for k in KIND_ORDER:
            if picked[k] and len(out) < meetings:
                out.append(picked[k].pop(0))
    return out


def _soffice(soffice: str, profile: Path, outdir: Path, docx: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
            "--outdir", str(outdir), *map(str, docx)]


def compare(root: Path, soffice: str, kinds: dict[str, str], meetings: int, rounds: int, env: dict[str, str],
            as_of: str) -> dict:
    ids = sample(kinds, meetings)
    docx = [p for i in ids for p in sorted((root / "outputs" / i).glob("*.docx"))]
    first = root / "outputs" / ids[0] / f"{FIRST_KIND}-{ids[0]}.docx"
    if not first.exists():
        raise SystemExit(f"bench: {first} tidak ada (rapat pertama sampel harus rakor bergrafik)")
    r: dict = {"ids": ids, "kinds": [kinds[i] for i in ids], "docx": len(docx), "first": first.name,
               "lo": [], "ours": [], "lo_one": [], "ours_one": []}
    everything = json.dumps({i: None for i in ids})
    one = json.dumps({ids[0]: [FIRST_KIND]})
    with tempfile.TemporaryDirectory(prefix="rapatgen-bench-lo-") as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        subprocess.run(_soffice(soffice, profile, tmp / "hangat", [first]), check=True,  # the profile, once
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def fresh(name: str) -> Path:
            folder = tmp / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            return folder

        def ours(wanted: str) -> Run:
            shutil.rmtree(root / ".rapatgen" / "cache", ignore_errors=True)  # cold: nothing validated, no chart
            return run([sys.executable, "-c", OURS_PDF, str(root), as_of, str(fresh("kami")), wanted], root, env,
                       ok=(0,), rss=False)

        for _ in range(rounds):
            r["lo"].append(run(_soffice(soffice, profile, fresh("lo"), docx), root, env, ok=(0,), rss=False))
            r["converted"] = len(list((tmp / "lo").glob("*.pdf")))
            r["ours"].append(ours(everything))
            r["pdf"] = json.loads(r["ours"][-1].out)["pdf"]
            r["lo_one"].append(run(_soffice(soffice, profile, fresh("lo"), [first]), root, env, ok=(0,), rss=False))
            r["ours_one"].append(ours(one))
    return r


def report(r: dict) -> None:
    n = r["docx"]
    kinds = ", ".join(f"{k} {r['kinds'].count(k)}" for k in KIND_ORDER if k in r["kinds"])
    rounds = len(r["lo"])
    print(f"  LibreOffice vs rapatgen: {n} DOCX dari {len(r['ids'])} rapat ({kinds}); satu proses masing-masing, "
          f"{rounds} putaran bergantian (LO, rapatgen, LO satu dokumen, rapatgen satu dokumen):")
    if r["converted"] != n or r["pdf"] != n:
        print(f"    PERHATIAN: LO menulis {r['converted']} PDF, rapatgen {r['pdf']}, dari {n} DOCX — tidak sebanding")
    for label, key in (("soffice --convert-to pdf (profil sudah ada)", "lo"),
                       ("rapatgen dari YAML, tanpa cache, 1 proses", "ours"),
                       (f"soffice, {r['first']} saja", "lo_one"),
                       (f"rapatgen, {r['first']} saja", "ours_one")):
        runs = r[key]
        print(f"    {label:58s}: wall {stats([x.wall for x in runs])}, CPU {stats([x.cpu for x in runs])}")
    for what in ("wall", "cpu"):
        lo = [getattr(x, what) for x in r["lo"]]
        ours = [getattr(x, what) for x in r["ours"]]
        lo_next = [per_further(getattr(a, what), getattr(b, what), n) for a, b in zip(r["lo"], r["lo_one"])]
        ours_next = [per_further(getattr(a, what), getattr(b, what), n) for a, b in zip(r["ours"], r["ours_one"])]
        r[f"ratio_{what}"] = ratios(lo, ours)
        r[f"ratio_next_{what}"] = ratios(lo_next, ours_next) if min(ours_next) > 0 else []
        name = "wall" if what == "wall" else "CPU "
        print(f"    per dokumen berikutnya ({name})  : soffice {statistics.median(lo_next) * 1000:.0f} ms, "
              f"rapatgen {statistics.median(ours_next) * 1000:.0f} ms (median putaran)")
    print(f"    RASIO UTAMA — rapatgen lebih cepat: seluruh proses {ratio_text(r['ratio_wall'])} wall, "
          f"{ratio_text(r['ratio_cpu'])} CPU;")
    print(f"                  per dokumen berikutnya {ratio_text(r['ratio_next_wall'])} wall, "
          f"{ratio_text(r['ratio_next_cpu'])} CPU; {r['lo'][-1].load}")
