"""The test suite's own plumbing (tests/conftest.py): what it shares between the processes of a run
must save work without changing what any of them computes."""

from __future__ import annotations

import json
import os
import py_compile
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT, seed_bytecode

# Run in a child as multiprocessing starts a build's worker (-B: it writes no bytecode) with the
# run's bytecode folder: the files it compiled from source (none of the repository's own).
_COMPILED = textwrap.dedent("""
    import importlib.machinery, json, sys
    compiled = []
    real = importlib.machinery.SourceFileLoader.source_to_code
    def counting(self, data, path, *args, **kwargs):
        compiled.append(path)
        return real(self, data, path, *args, **kwargs)
    importlib.machinery.SourceFileLoader.source_to_code = counting
    for name in sys.argv[1:]:
        __import__(name)
    print(json.dumps([[name, getattr(sys.modules[name], "VALUE", None)] for name in sys.argv[1:]] + [compiled]))
""")


def _child(prefix: Path, *modules: str, path: Path | None = None) -> tuple[dict, list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    r = subprocess.run([sys.executable, "-B", "-c", _COMPILED, *modules], env=env, cwd=prefix.parent,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    *values, compiled = json.loads(r.stdout)
    return dict(values), [p for p in compiled if not p.startswith(str(ROOT))]


def test_a_process_with_the_runs_bytecode_folder_compiles_no_installed_module(tmp_path):
    """`wave` (the standard library) and `yaml` (site-packages) are imported by no test's process, so
    nothing else of the run put their bytecode there: with the folder seeded the child compiles
    nothing, without it (the control) it compiles them from source."""
    empty, seeded = tmp_path / "empty", tmp_path / "seeded"
    empty.mkdir()
    seeded.mkdir()
    assert seed_bytecode(str(seeded)) > 1000
    _, compiled = _child(empty, "wave", "yaml")
    assert any(p.endswith("wave.py") for p in compiled) and any("yaml" in p for p in compiled), compiled
    _, compiled = _child(seeded, "wave", "yaml")
    assert compiled == []


def test_a_seeded_module_whose_source_changed_is_compiled_again(tmp_path):
    """The seeded bytecode is checked against its source as in __pycache__: after the source changes
    (size and time), the child runs the new source, not the old bytecode."""
    site = tmp_path / "site"
    site.mkdir()
    module = site / "uji_seed.py"
    module.write_text("VALUE = 1\n", encoding="utf-8")
    py_compile.compile(str(module), cfile=str(site / "__pycache__" / f"uji_seed.{sys.implementation.cache_tag}.pyc"))
    prefix = tmp_path / "pyc"
    prefix.mkdir()
    assert seed_bytecode(str(prefix), [str(site)]) == 1
    values, compiled = _child(prefix, "uji_seed", path=site)
    assert values == {"uji_seed": 1} and compiled == []
    module.write_text("VALUE = 22\n", encoding="utf-8")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    values, compiled = _child(prefix, "uji_seed", path=site)
    assert values == {"uji_seed": 22} and compiled == [str(module)]
