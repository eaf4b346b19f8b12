"""`rapatgen --help` wall time and the CLI's import time (bench/build.py runs it first; --hanya-startup alone)."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import load

ROOT = Path(__file__).resolve().parent.parent
RAPATGEN = [sys.executable, "-m", "rapatgen"]


def _ms(values: list[float]) -> str:
    return f"min {min(values) * 1000:.0f} / median {statistics.median(values) * 1000:.0f} ms (n={len(values)})"


def _wheel_install(folder: Path) -> Path | None:
    """A fresh venv holding the wheel of this tree, as a user installs it (pip compiles its .pyc; no
    editable-install finder in site), its dependencies borrowed from this interpreter's site-packages
    through a .pth (a folder named there runs none of its own .pth files). Its bin/, or None."""
    import sysconfig
    import venv

    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "--no-build-isolation",
                        "-w", str(folder / "wheel")], check=True, capture_output=True)
        venv.create(folder / "venv", with_pip=False)
        python = folder / "venv" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                        *map(str, (folder / "wheel").glob("rapatgen-*.whl"))], check=True, capture_output=True)
        site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
        (Path(site) / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"  (wheel install skipped: {exc})")
        return None
    return python.parent


def startup(runs: int = 10) -> None:
    """`rapatgen --help` wall time, with the interpreter: `python -m rapatgen` and the console script pip
    installed beside this interpreter (what a user types), interleaved so a burst of load hits all alike,
    after one warm-up run each; an empty interpreter beside them, as the floor.

    With PYTHONDONTWRITEBYTECODE set (as on this machine) rapatgen's own modules are compiled from source
    at every start, while a wheel install has their .pyc: then each is also timed with bytecode cached
    (PYTHONPYCACHEPREFIX in a temporary folder, so the source tree is left as it is). Last, both from a
    wheel of this tree in a fresh venv: no editable-install finder in site (~20 ms of imports here),
    run from outside the tree."""
    tmp = Path(tempfile.mkdtemp(prefix="rapatgen-startup-"))
    atexit.register(shutil.rmtree, tmp, True)  # also when a run fails half-way
    script = Path(sys.executable).with_name("rapatgen")
    commands = {"python -m rapatgen --help": [*RAPATGEN, "--help"]}
    if script.is_file():
        commands["rapatgen --help (console script)"] = [str(script), "--help"]
    envs = {"": dict(os.environ)}
    if sys.flags.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"):
        envs[", .pyc cached"] = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | \
            {"PYTHONPYCACHEPREFIX": str(tmp / "pyc")}
    rows = [(name + label, command, env, ROOT) for label, env in envs.items() for name, command in commands.items()]
    wheel = _wheel_install(tmp)
    if wheel:
        rows.append(("python -m rapatgen --help, wheel install", [str(wheel / "python"), "-m", "rapatgen", "--help"],
                     envs[""], tmp))
        if (wheel / "rapatgen").is_file():
            rows.append(("rapatgen --help (console script), wheel install", [str(wheel / "rapatgen"), "--help"],
                         envs[""], tmp))
        else:  # seen here: pip --python left no console script in the fresh venv
            print(f"  (wheel install: {wheel / 'rapatgen'} tidak ada; baris skrip konsolnya dilewati)")
    rows.append(("python -c pass (floor)", [sys.executable, "-c", "pass"], envs[""], ROOT))
    times: dict[str, list[float]] = {name: [] for name, *_ in rows}
    for k in range(runs + 1):
        for name, command, env, cwd in rows:
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if k:  # the first round warms the disk cache (and writes the .pyc)
                times[name].append(time.perf_counter() - start)
    shutil.rmtree(tmp, ignore_errors=True)
    imp = subprocess.run([sys.executable, "-X", "importtime", "-c", "import rapatgen.cli"], capture_output=True,
                         text=True).stderr.strip().splitlines()
    cli_us = next(int(line.split("|")[1]) for line in reversed(imp) if line.rstrip().endswith("rapatgen.cli"))
    print(f"startup (wall, with the interpreter; {load()}):")
    for name, values in times.items():
        print(f"  {name:50s} {_ms(values)}")
    print(f"  {'import rapatgen.cli (-X importtime, click included)':50s} {cli_us / 1000:.0f} ms")
