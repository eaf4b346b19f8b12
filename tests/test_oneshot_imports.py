"""What the one-shot `rapatgen build` imports after one meeting's text changed (issue 22.5 a): modules
counted by name, never timed. Interpreter start-up and imports were half of that process's CPU; what the
one change does not need is not imported at all."""

from __future__ import annotations

import json
import subprocess
import sys

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
def after_one_change(built_kaltim, tmp_path_factory) -> tuple[set[str], str]:
    """(every module imported, the build's summary) of one build after one meeting's theme changed."""
    root = built_copy(built_kaltim, tmp_path_factory.mktemp("satu-ubahan") / "kaltim")
    replace_in(root / CHANGED, "tema:", "tema: Diperbarui —")
    out = subprocess.run([sys.executable, "-c", BUILD_AND_LIST, "build", "--per", PER, "--proyek", str(root)],
                         capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    return set(json.loads(lines[-1])), "\n".join(lines[:-1])


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
    import os

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
