"""The plan's shortcut (issue 22 item 5): a meeting whose inputs and outputs are as they were when its units were
last all up to date is known so without working out each unit's inputs — and every change still remakes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from rapatgen.build import manifest as manifest_module
from rapatgen.build.compose import DOCUMENTS
from rapatgen.build.inputs import Inputs
from rapatgen.build.units import BUNDLE, FORMATS, TRACKER
from rapatgen.check.project import load_project
from rapatgen.check.projectdata import lokus_for_build
from rapatgen.resolve.context import Context
from tests.conftest import built_copy, replace_in
from tests.test_incremental import FGD, KONSOLIDASI, PER, RAKOR, _build

MANIFEST = "outputs/.rapatgen-build.json"


@pytest.fixture
def kaltim(built_kaltim, tmp_path):
    return built_copy(built_kaltim, tmp_path / "kaltim")


@pytest.fixture
def long_way(monkeypatch):
    """The meetings whose units were checked one by one (`BuildManifest.up_to_date`), not by the shortcut."""
    seen: set[str] = set()
    real = manifest_module.BuildManifest.up_to_date

    def checking(self, key, *args, **kwargs):
        meeting, kind, _ = (key.split("/") + ["", ""])[:3]
        if meeting != TRACKER and (kind in DOCUMENTS or kind == BUNDLE):  # a meeting's documents (not its calendar)
            seen.add(meeting)
        return real(self, key, *args, **kwargs)
    monkeypatch.setattr(manifest_module.BuildManifest, "up_to_date", checking)
    return seen


def test_the_meetings_left_alone_take_the_shortcut(kaltim, long_way):
    """The first build recorded every meeting it made: after one meeting's text changed, the others are
    known up to date without a unit checked one by one, and the next build takes the shortcut for all."""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tema:", "tema: Diperbarui —")
    report = _build(kaltim)
    assert {p.parent.name for p in report.made} == {RAKOR}
    assert long_way == {RAKOR}
    long_way.clear()
    assert _build(kaltim).made == [] and long_way == set()


def _edit_manifest(root, change) -> None:
    path = root / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("change", [
    # a unit's record says it was made from other inputs: the long way makes it again
    lambda data: data["unit"][f"{FGD}/notulen/pdf"].update(inputs="0" * 64),
    # the unit was recorded with other bytes than its file's record holds: made again
    lambda data: data["unit"][f"{FGD}/notulen/pdf"].update(isi="0" * 12),
    # a unit forgotten (a refused file): made again
    lambda data: data["unit"].pop(f"{FGD}/notulen/pdf"),
], ids=["unit-inputs", "unit-bytes", "unit-forgotten"])
def test_a_changed_record_takes_the_long_way(kaltim, long_way, change):
    _edit_manifest(kaltim, change)
    made = {p.name for p in _build(kaltim).made}
    assert f"notulen-{FGD}.pdf" in made and long_way == {FGD}


def test_an_output_touched_or_deleted_takes_the_long_way(kaltim, long_way):
    out = kaltim / "outputs"
    touched = out / KONSOLIDASI / f"notulen-{KONSOLIDASI}.docx"
    touched.write_bytes(touched.read_bytes())  # same bytes, another time: checked, not made
    gone = out / RAKOR / f"undangan-{RAKOR}.pdf"
    gone.unlink()
    report = _build(kaltim)
    assert long_way == {KONSOLIDASI, RAKOR}
    assert gone.is_file() and {p.parent.name for p in report.made} == {RAKOR}


# --- the meeting's hash covers every input of every unit ------------------------------------------

def _inputs(root, **ctx_changes) -> tuple[Inputs, object]:
    project = load_project(root)
    ctx = Context(project.config, project.directory, project.root, ctx_changes.get("today", PER),
                  [mf.model for mf in project.meetings], [pf.model for pf in project.programmes])
    ctx.lokus = lokus_for_build(project)
    from rapatgen.build.register import Register, number_letters

    register = Register.load(project.root)
    number_letters(ctx, ctx.meetings, register)
    ctx.numbers = {key: entry.nomor for key, entry in register.entries.items()}
    return Inputs(project, ctx), project


def _hashes(inputs: Inputs, m) -> tuple[str, tuple]:
    """(the meeting's hash, every hash a unit of it is checked with: each head, notulen's coarse test)."""
    kinds = list(DOCUMENTS)
    units = tuple(inputs.head(m, k) for k in kinds) + (inputs.coarse(m, "notulen"),)
    return inputs.meeting(m, kinds, FORMATS, True), units


def _perturb_today(inputs, m):
    inputs.ctx.today = inputs.ctx.today + timedelta(days=1)


def _perturb_number(inputs, m):
    from rapatgen.build.register import letters_of

    key = letters_of(m)[0][0]
    inputs.ctx.numbers[key] = "999/UJI/2024"


def _perturb_programme(inputs, m):
    inputs.programmes[m.tinjau_program] = "0" * 64


def _perturb_linked_day(inputs, m):
    prog = next(p for p in inputs.ctx.programmes if p.tahun == m.tinjau_program)
    linked = sorted({e.rapat for e in prog.kegiatan if e.rapat})[0]
    other = inputs.models[linked]
    first = other.sesi[0].model_copy(update={"tanggal": other.sesi[0].tanggal + timedelta(days=3)})
    inputs.models[linked] = other.model_copy(update={"sesi": [first, *other.sesi[1:]]})


def _perturb_lokus(inputs, m):
    data = inputs.ctx.lokus[2025]
    inputs.ctx.lokus[2025] = data.model_copy(update={"dasar": data.dasar + " (diubah)"})


def _perturb_base(inputs, m):
    inputs.base = "0" * 64


def _perturb_own_file(inputs, m):
    inputs.by_id[m.id] = "0" * 64


def _perturb_earlier_item(inputs, m):
    inputs._followup[FGD] = "0" * 64  # what a carry-over section may show of an earlier meeting of the team
    inputs._teams = None


PERTURBATIONS = [_perturb_today, _perturb_number, _perturb_programme, _perturb_linked_day, _perturb_lokus,
                 _perturb_base, _perturb_own_file, _perturb_earlier_item]


@pytest.mark.parametrize("perturb", PERTURBATIONS, ids=[p.__name__[9:] for p in PERTURBATIONS])
def test_every_input_a_unit_reads_changes_the_meeting_s_hash(kaltim, perturb):
    """Each input some unit of the rakor reads (its notulen shows the programme, the lokus, the carry-over;
    its undangan the letter number; its tindak lanjut the reference date) changes a unit's hash — and the
    meeting's hash with it, so the shortcut never stands for a unit that is out of date."""
    replace_in(kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml", "tinjau_program:", "tinjau_lokus: 2025\ntinjau_program:")
    inputs, _ = _inputs(kaltim)
    m = inputs.models[RAKOR]
    before = _hashes(inputs, m)
    perturb(inputs, m)
    inputs._lokus_digests.clear()
    after = _hashes(inputs, m)
    assert after[1] != before[1], "the perturbation must change what some unit reads"
    assert after[0] != before[0]


def test_other_formats_or_kinds_are_another_meeting_hash(built_kaltim):
    inputs, _ = _inputs(built_kaltim.root)
    m = inputs.models[RAKOR]
    kinds = list(DOCUMENTS)
    whole = inputs.meeting(m, kinds, FORMATS, True)
    assert len({whole, inputs.meeting(m, kinds, ("docx",), False), inputs.meeting(m, kinds[:2], FORMATS, False),
                inputs.meeting(m, kinds, FORMATS, False)}) == 4


def test_a_new_reference_date_still_remakes_the_dated_documents(kaltim, long_way):
    """End to end, with every meeting recorded for the shortcut: the tindak lanjut print the date."""
    from rapatgen.build.coordinator import build as run_build

    report = run_build(load_project(kaltim), as_of=date(2025, 3, 1), log=lambda _: None, workers=1)
    assert {f"tindak-lanjut-{x}.pdf" for x in (FGD, KONSOLIDASI, RAKOR)} <= {p.name for p in report.made}


# --- the meeting files the stamp hashed are not read again ---------------------------------------

def test_a_build_reads_each_unchanged_meeting_file_once(kaltim, monkeypatch):
    """The stamp hashes every input before the build; a meeting found in the cache by that hash is not
    read (nor hashed) again by load_project — only the changed one is."""
    from pathlib import Path

    from click.testing import CliRunner

    from rapatgen.cli import main
    from tests.conftest import EXAMPLE_PER

    def build():
        r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, "-q", "--proyek", str(kaltim)])
        assert r.exit_code == 0, r.output
    build()  # the stamp of this command line
    rakor = kaltim / "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
    replace_in(rakor, "tema:", "tema: Diperbarui —")
    reads: list[str] = []
    real = Path.read_bytes

    def counting(self):
        if self.parent.name == "agendas":
            reads.append(self.name)
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", counting)
    build()
    assert sorted(reads) == sorted([p.name for p in (kaltim / "agendas").glob("*.yaml")] + [rakor.name])


def test_a_hash_that_is_not_the_file_s_reads_the_file(kaltim):
    """`hashed` only finds what the cache holds for those bytes: a wrong or stale hash is a miss, and the file
    as it is is read."""
    rakor = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
    load_project(kaltim)  # the cache holds every meeting as it is
    replace_in(kaltim / rakor, "tema:", "tema: Diperbarui —")
    project = load_project(kaltim, hashed={rakor: "0" * 64})
    assert project.meeting(RAKOR).model.tema.startswith("Diperbarui")
