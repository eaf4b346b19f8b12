"""The one-shot `rapatgen build` (issue 22.5 a): work counted, never timed — collector passes, paths made,
files read — after one meeting's text changed and when nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PER as PER, built_copy, replace_in

# Runs the CLI in a fresh process and prints how many collections of each generation the build took.
COUNT_COLLECTIONS = """
import gc, json, sys
counts = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "start" and counts.__setitem__(info["generation"],
                                                                           counts[info["generation"]] + 1))
from rapatgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(counts))
"""


@pytest.fixture
def kaltim(built_kaltim, tmp_path):
    return built_copy(built_kaltim, tmp_path / "kaltim")


def test_a_build_after_one_change_walks_the_heap_in_few_collections(kaltim):
    """A build after one change imports the compose and render stack (some 700 modules) and makes one
    meeting: with the collector's default young generation that took ≈ 185 young collections, 16 middle
    ones and a full one walking every module imported so far (≈ 0.05 s at 500 meetings). The build runs
    with a larger young generation, and the CLI's caller gets its threshold back."""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    out = subprocess.run([sys.executable, "-c", COUNT_COLLECTIONS, "build", "--per", PER, "-q", "--proyek",
                          str(kaltim)], capture_output=True, text=True, check=True)
    young, middle, full = json.loads(out.stdout.splitlines()[-1])
    assert middle + full <= 2 and young <= 40, (young, middle, full)


def test_the_collector_threshold_is_given_back(kaltim):
    import gc

    from click.testing import CliRunner

    from rapatgen.cli import main

    before = gc.get_threshold()
    result = CliRunner().invoke(main, ["build", "--per", PER, "-q", "--proyek", str(kaltim)])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == before


def test_a_no_op_build_makes_no_path_per_output(kaltim, monkeypatch):
    """The stamp checks that every output it recorded is still there (9,600 at 500 meetings) by text: a Path
    made of each was a third of a no-op build. A removed output still makes the build run."""
    from pathlib import PurePath

    from rapatgen.build.stamp import BuildStamp, build_options

    from click.testing import CliRunner

    from rapatgen.cli import main

    result = CliRunner().invoke(main, ["build", "--per", PER, "-q", "--proyek", str(kaltim)])  # its stamp here
    assert result.exit_code == 0, result.output
    options = build_options((), None, (), date.fromisoformat(PER))
    outputs = BuildStamp(kaltim, options).stamp.previous["outputs"]
    assert len(outputs) > 40
    made = []
    real = PurePath.__truediv__
    monkeypatch.setattr(PurePath, "__truediv__", lambda self, key: made.append(key) or real(self, key))
    assert BuildStamp(kaltim, options).nothing_to_do() is not None
    assert not set(map(str, made)) & set(outputs)
    monkeypatch.setattr(PurePath, "__truediv__", real)

    gone = kaltim / "outputs" / outputs[len(outputs) // 2]
    gone.unlink()
    assert BuildStamp(kaltim, options).nothing_to_do() is None
