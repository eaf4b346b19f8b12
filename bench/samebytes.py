"""Do two versions of rapatgen write the same bytes? Build the example projects, hash every output.

    python3 bench/samebytes.py simpan hasil.json [--realistis N]   # build, record sha256 of every output
    python3 bench/samebytes.py banding hasil.json [--realistis N]  # build again, list every file that differs

The root project (Buleleng), contoh/kaltim and, with --realistis N, a project of N meetings
from bench/realistic.py (a long tracker) are copied to a temporary folder and built with a
fixed reference date and --paksa-ulang; files under outputs/ are hashed by relative path
(the build manifest and lock, which record times, are left out). Meant for changes that
must not change a single output byte (speed, memory).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = "2026-01-15"
SKIP = {".manifest.json", ".build.lock", ".rapatgen-build.json"}


def _projects(work: Path, realistic: int | None) -> dict[str, Path]:
    root = work / "buleleng"
    root.mkdir()
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("agendas", "program", "templates"):
        shutil.copytree(ROOT / name, root / name)
    kaltim = work / "kaltim"
    shutil.copytree(ROOT / "contoh" / "kaltim", kaltim, ignore=shutil.ignore_patterns("outputs"))
    out = {"buleleng": root, "kaltim": kaltim}
    if realistic:
        from bench.realistic import make_project

        out[f"realistis-{realistic}"] = make_project(realistic, work / f"realistis-{realistic}")
    return out


def hashes(realistic: int | None) -> dict[str, str]:
    out = {}
    with tempfile.TemporaryDirectory(prefix="rapatgen-samebytes-") as tmp:
        for name, root in _projects(Path(tmp), realistic).items():
            subprocess.run([sys.executable, "-m", "rapatgen", "build", "--per", AS_OF, "--paksa-ulang", "-q"],
                           cwd=root, check=True)
            for path in sorted((root / "outputs").rglob("*")):
                if path.is_file() and not path.name.startswith(".") and path.name not in SKIP:
                    out[f"{name}/{path.relative_to(root / 'outputs').as_posix()}"] = \
                        hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def main() -> int:
    args = sys.argv[1:]
    realistic = None
    if "--realistis" in args:
        i = args.index("--realistis")
        realistic = int(args[i + 1])
        del args[i:i + 2]
    mode, record = args[0], Path(args[1])
    now = hashes(realistic)
    if mode == "simpan":
        record.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(now)} berkas dicatat di {record}")
        return 0
    before = json.loads(record.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() & now.keys() if before[k] != now[k])
    missing, extra = sorted(before.keys() - now.keys()), sorted(now.keys() - before.keys())
    for label, names in (("berbeda", differ), ("hilang", missing), ("baru", extra)):
        for name in names:
            print(f"{label}: {name}")
    same = len(before.keys() & now.keys()) - len(differ)
    print(f"{same} dari {len(before)} berkas sama persis" + ("" if not (differ or missing or extra) else " — BEDA"))
    return 1 if differ or missing or extra else 0


if __name__ == "__main__":
    sys.exit(main())
