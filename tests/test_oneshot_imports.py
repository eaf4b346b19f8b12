"""What the one-shot `rapatgen build` imports after one meeting's text changed (issue 22.5 a): modules
counted by name, never timed. Interpreter start-up and imports were half of that process's CPU; what the
one change does not need is not imported at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PER as PER, built_copy, replace_in

# Runs the CLI in a fresh process; prints every module it imported and what the build wrote.
BUILD_AND_LIST = """
import json, sys
from rapatgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""
CHANGED = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"


@pytest.fixture(scope="module")
def one_change(built_kaltim, tmp_path_factory) -> tuple[set[str], str, Path]:
    """(every module imported, the build's summary, its temporary folder) of one build after one meeting's
    theme changed."""
    work = tmp_path_factory.mktemp("satu-ubahan")
    root = built_copy(built_kaltim, work / "kaltim")
    replace_in(root / CHANGED, "tema:", "tema: Diperbarui —")
    temp = work / "tmp"
    temp.mkdir()
    out = subprocess.run([sys.executable, "-c", BUILD_AND_LIST, "build", "--per", PER, "--proyek", str(root)],
                         capture_output=True, text=True, check=True, env={**os.environ, "TMPDIR": str(temp)})
    lines = out.stdout.splitlines()
    return set(json.loads(lines[-1])), "\n".join(lines[:-1]), temp


@pytest.fixture(scope="module")
def after_one_change(one_change) -> tuple[set[str], str]:
    return one_change[:2]


def test_the_change_was_built(after_one_change):
    """The probe below sees a build that made the changed meeting's documents again (its berita acara
    spells its date in words) — not a no-op that imported nothing."""
    modules, summary = after_one_change
    assert "rapatgen.documents.berita_acara" in modules and "rapatgen.render.pdf.document" in modules, summary


def test_numbers_are_spelled_without_num2words_other_languages(after_one_change):
    """`import num2words` imports all of its ≈ 60 languages (≈ 15 ms of CPU); only Indonesian is spelled."""
    modules, _ = after_one_change
    assert "rapatgen.text.terbilang" in modules  # numbers were spelled
    assert not {m for m in modules if m == "num2words" or m.startswith("num2words.")}


def test_spelled_numbers_are_num2words_indonesian():
    """The converter loaded on its own spells as `num2words(n, lang="id")` does."""
    import random

    from num2words import num2words

    from rapatgen.text import terbilang
    from rapatgen.text.locale import _terbilang

    assert type(terbilang.SPELLER).__module__ == "rapatgen.text.terbilang._lang_ID"  # loaded alone
    rng = random.Random(22)
    values = [*range(0, 2100), *(10 ** k for k in range(1, 36)), *(rng.randrange(10 ** k) for k in range(3, 36)
                                                                   for _ in range(40)), -7, -1250000]
    assert [_terbilang.__wrapped__(v) for v in values] == [num2words(v, lang="id") for v in values]


def test_the_matriks_rencana_aksi_builds_no_realisation_model(after_one_change):
    """The changed meeting's rencana aksi names strategies by number ("Strategi 1: …", model/strategi.py):
    the seven pydantic classes of `realisasi/<tahun>.yaml` are not built for it, nor the lokus models for
    a meeting without `tinjau_lokus`."""
    modules, _ = after_one_change
    assert "rapatgen.documents.rencana_aksi" in modules
    assert "rapatgen.model.realisasi" not in modules
    assert "rapatgen.model.lokus" not in modules


def test_pydantic_does_not_scan_the_installed_distributions_for_plugins(tmp_path):
    """At the first model class pydantic reads every installed distribution's entry points, looking for
    plugins; rapatgen's models run none (PYDANTIC_DISABLE_PLUGINS, unless the user set it)."""
    probe = """
import importlib.metadata as metadata
asked = []
real = metadata.entry_points
metadata.entry_points = lambda **kwargs: asked.append(kwargs) or real(**kwargs)
from rapatgen.model.config import Konfigurasi
from rapatgen.model.meeting import Rapat
Rapat.model_validate  # classes complete: their validators were made
print(asked)
"""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}  # as a user's shell has it
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
                         cwd=tmp_path)
    assert out.stdout.split() == ["[]"]


def test_no_distribution_metadata_is_read(after_one_change):
    """Neither pydantic (plugins: every one disabled) nor Markdown (its extensions given as objects, not
    looked up by name among every distribution's entry points) reads the installed distributions'
    metadata: importlib.metadata, with email, csv and socket, is not imported (≈ 9 ms of CPU)."""
    modules, _ = after_one_change
    assert "rapatgen.documents.notes" in modules and "markdown.extensions.tables" in modules
    assert "importlib.metadata" not in modules


def test_pydantic_asking_more_of_its_plugin_loader_gets_the_real_one(tmp_path):
    """The loader given in its place answers `get_plugins()` as pydantic's does with every plugin disabled;
    anything else asked of it imports pydantic's own module (a later pydantic may ask more)."""
    probe = """
import sys
import rapatgen.model.meeting
import pydantic.plugin._loader
loader = pydantic.plugin._loader  # reached as an attribute too
print(list(loader.get_plugins()), "importlib.metadata" in sys.modules)
print(loader._plugins is None or loader._plugins == {}, "importlib.metadata" in sys.modules)
import pydantic.plugin._loader as again
print(again.__file__.endswith("_loader.py"), pydantic.plugin._loader is again)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["[]", "False", "True", "True", "True", "True"]


def test_the_chart_key_follows_matplotlib_s_version_read_without_importing_it(tmp_path, monkeypatch):
    """A chart kept in the cache is drawn again when matplotlib's version changes: its key holds the text of
    matplotlib's `_version.py`, read where the package is found (matplotlib is not imported for it)."""
    import importlib.util
    from importlib.machinery import ModuleSpec

    from rapatgen.build import charts

    keys = []
    for version in ("3.10.0", "3.11.2", "3.11.2"):
        package = tmp_path / f"mpl-{len(keys)}" / "matplotlib"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("raise ImportError('not to be imported')\n")
        (package / "_version.py").write_text(f'version = "{version}"\n')
        origin = str(package / "__init__.py")
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, package=None, origin=origin:
                            ModuleSpec(name, None, origin=origin))
        keys.append(charts.ChartCache(None)._key("indikator"))
    assert keys[0] != keys[1] and keys[1] == keys[2]


def test_the_measuring_folder_goes_without_multiprocessing(one_change, tmp_path):
    """A short document is laid out in a measuring folder (render/pdf/measure.py), removed as the process
    ends: by atexit where no pool runs, without importing multiprocessing (≈ 5 ms of CPU) for it."""
    modules, _, temp = one_change
    assert not [m for m in modules if m == "multiprocessing" or m.startswith("multiprocessing.")]
    assert not list(temp.iterdir())
    probe = """
import sys
from rapatgen.render.pdf import measure
path, _ = measure._world()
print(path.parent.is_dir(), [m for m in sys.modules if m.split(".")[0] == "multiprocessing"])
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    assert out.stdout.split() == ["True", "[]"]
    assert not list(tmp_path.iterdir())  # made there, removed as the process ended


def test_a_child_forked_after_measuring_leaves_its_parent_s_folder(tmp_path):
    """A child forked after the parent measured, ending through atexit, does not remove the parent's
    measuring folder (as multiprocessing's finalizers, the removal belongs to the process that made it)."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    probe = """
import os, sys
from rapatgen.render.pdf import measure
path, _ = measure._world()
if os.fork() == 0:
    sys.exit(0)  # atexit runs in the child
os.wait()
print(path.parent.is_dir())
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    assert out.stdout.split() == ["True"]
    assert not list(tmp_path.iterdir())  # and the parent removed it as it ended
