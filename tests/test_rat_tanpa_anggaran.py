"""A RAT commitment without a budget yet (issue 20 item 1: "`rencana_aksi` without `anggaran`"): it is
valid, its matriks cell says 'belum dianggarkan', the totals add only what is budgeted and say how many
commitments are left out; a budget still needs its source of funds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from rapatgen.cli import main
from tests.readback import docx_text, flat, pdf_text

MEETING = "agendas/2024-12-19-rakor-tkpk-kaltim.yaml"
BUDGET = "      anggaran: 1200000000\n      sumber_dana: APBD Provinsi\n"  # butir 3, DPMPD


def _edit(root, old: str, new: str):
    path = root / MEETING
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.slow
def test_commitment_without_budget_is_printed_as_such_and_left_out_of_the_total(kaltim):
    _edit(kaltim, BUDGET, "")
    r = CliRunner().invoke(main, ["build", "rakor-kaltim-2024-12-19", "--only", "rencana-aksi", "--proyek", str(kaltim),
                                  "-q"])
    assert r.exit_code == 0, r.output
    folder = kaltim / "outputs" / "rakor-kaltim-2024-12-19"
    for text in (docx_text(folder / "rencana-aksi-rakor-kaltim-2024-12-19.docx"),
                 pdf_text(folder / "rencana-aksi-rakor-kaltim-2024-12-19.pdf")):
        f = flat(text)
        assert flat("belum dianggarkan") in f
        assert "10.050.000.000" in f and "11.250.000.000" not in f  # 850 jt + 8,75 M + 450 jt
        assert flat("Subtotal Strategi 2 belum dianggarkan") in f  # its only commitment has no budget: no bare 0
        assert flat("Rp10.050.000.000,00 (sepuluh miliar lima puluh juta rupiah); 1 butir belum dianggarkan dan "
                    "tidak termasuk dalam jumlah ini") in f


def test_a_budget_needs_its_source_of_funds(kaltim):
    path = _edit(kaltim, BUDGET, "      anggaran: 1200000000\n")
    r = CliRunner().invoke(main, ["check", "--proyek", str(kaltim)])
    assert r.exit_code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("      anggaran: 1200000000")
    start = next(i for i in range(line, 0, -1) if path.read_text(encoding="utf-8").splitlines()[i].startswith("    - "))
    assert f"{MEETING}:{start + 1}:7: butir beranggaran perlu 'sumber_dana'" in r.output


def test_total_wording_when_nothing_is_budgeted():
    from types import SimpleNamespace

    from rapatgen.documents.rencana_aksi import total_text

    items = [SimpleNamespace(anggaran=None), SimpleNamespace(anggaran=None)]
    assert total_text(items, 0) == "belum ada butir yang dianggarkan (2 butir belum dianggarkan)"
    assert total_text([SimpleNamespace(anggaran=5)], 5).startswith("Rp5,00 (lima rupiah)")
