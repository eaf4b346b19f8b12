"""kirim, followup minta and followup impor refuse a .rapatgen/ that leads out of the project before writing
anything, as build does (issue 17 item 11: 'refuse before writing anything', every command that writes)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from rapatgen.cli import main

MEETING = "rakor-buleleng-2023-12-14"


@pytest.mark.parametrize("args", [
    ["kirim", MEETING, "--dokumen", "undangan"],
    ["followup", "minta", "--per", "2024-02-01"],
    ["followup", "impor", "formulir.xlsx", "--per", "2024-02-01"],
])
def test_a_state_folder_linked_outside_is_refused_before_anything_is_written(project, tmp_path_factory, args):
    outside = tmp_path_factory.mktemp("di-luar")
    (project / ".rapatgen").mkdir(exist_ok=True)
    os.rename(project / ".rapatgen", outside / "state")
    (project / ".rapatgen").symlink_to(outside / "state")
    (project / "formulir.xlsx").write_bytes(b"")
    before = sorted(p.relative_to(outside) for p in outside.rglob("*"))
    r = CliRunner().invoke(main, [*args, "--proyek", str(project)])
    assert r.exit_code != 0 and ".rapatgen" in r.output and "Traceback" not in r.output, r.output
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == before  # nothing landed outside
