"""Issue 19 item 5 (layout rule 19.5): the value labels of a chart never cover each other or a
point's marker — the region's and the national series' values in the same year included."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import ROOT
from tests.layout import check_chart_labels, example_roots


def _example_indicators():
    from rapatgen.check.project import load_project

    for root in example_roots(ROOT):
        project = load_project(root)
        for mf in project.meetings:
            for k, ind in enumerate(mf.model.indikator):
                if ind.perlu_grafik():
                    yield f"{root.name}/{mf.model.id}/{k}", ind


def _near(values_region, values_national):
    from rapatgen.model.indikator import Indikator

    data = [{"periode": str(2020 + i), "nilai": v} for i, v in enumerate(values_region)]
    other = [{"periode": str(2020 + i), "nilai": v} for i, v in enumerate(values_national)]
    return Indikator.model_validate({"nama": "Persentase penduduk miskin", "satuan": "persen", "wilayah": "Kaltim",
                                     "data": data, "pembanding": [{"wilayah": "Nasional", "data": other}]})


@pytest.mark.slow
def test_example_charts_have_no_colliding_labels():
    problems = [p for name, ind in _example_indicators() for p in check_chart_labels(name, ind)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("region, national", [
    (["6,11", "5,78"], ["9,36", "9,03"]),      # the national series above, close at the last year
    (["9,00", "9,05"], ["9,03", "9,04"]),      # both series all but equal
    (["9,10", "8,90", "8,95"], ["8,95", "9,00", "8,90"]),  # crossing
    (["9,00", "9,00"], ["9,80", "9,80"]),      # the national point where the region's label stands
    (["9,00", "9,00"], ["9,60", "9,70"]),
    (["9,80", "9,80"], ["9,00", "9,10"]),      # the region above, its label clear; the national's beside it
])
def test_close_series_keep_their_labels_apart(region, national):
    ind = _near([Decimal(v.replace(",", ".")) for v in region], [Decimal(v.replace(",", ".")) for v in national])
    problems = check_chart_labels("x", ind)
    assert not problems, "\n".join(problems)
