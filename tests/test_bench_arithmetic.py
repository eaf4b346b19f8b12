"""The bench's own arithmetic (bench/measure.py, bench/libreoffice.py): no timing here, only the sums."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.libreoffice import sample  # noqa: E402
from bench.measure import outside_share, per_further, ratio_text, ratios  # noqa: E402


def test_per_further_document_leaves_out_start_up_and_the_first_document():
    # 10 documents in 12 s, the first alone in 3 s: 9 s for the 9 after the first
    assert per_further(12.0, 3.0, 10) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        per_further(3.0, 3.0, 1)


def test_ratios_are_taken_round_by_round_and_summarised_by_median_and_range():
    assert ratios([30.0, 40.0, 33.0], [10.0, 10.0, 11.0]) == pytest.approx([3.0, 4.0, 3.0])
    assert ratio_text([3.0, 4.0, 3.0]) == "3.0× (3.0–4.0× dalam 3 putaran)"
    assert ratio_text([2.5]) == "2.5×"
    with pytest.raises(ValueError):
        ratios([1.0], [1.0, 2.0])


def test_share_outside_the_typesetter():
    # issue 22: 27.6 ms of CPU per PDF, of which Typst 19.0 ms → 31 % outside
    assert outside_share(27.6, 19.0) == pytest.approx(0.3116, abs=1e-4)
    with pytest.raises(ValueError):
        outside_share(0.0, 0.0)


def test_libreoffice_sample_takes_each_kind_in_turn_spread_over_the_years_rakor_with_charts_first():
    kinds = {f"rakor-{i:04d}": "rakor-grafik" for i in range(0, 40, 4)}
    kinds |= {f"seri-{i:04d}": "rangkaian" for i in range(1, 40, 4)}
    kinds |= {f"surat-{i:04d}": "per-undangan" for i in range(2, 40, 4)}
    kinds |= {f"fgd-{i:04d}": "fgd" for i in range(3, 40, 4)}
    kinds |= {"konsolidasi-0100": "konsolidasi", "rakor-0200": "rakor"}
    picked = sample(kinds, 10)
    assert len(picked) == len(set(picked)) == 10
    assert [kinds[i] for i in picked[:5]] == ["rakor-grafik", "rangkaian", "per-undangan", "fgd", "konsolidasi"]
    # the one konsolidasi is all there is of it: the others fill in, none is a plain rakor
    assert sum(kinds[i] == "rakor-grafik" for i in picked) == 3 and "rakor-0200" not in picked
    # spread: the first and the middle of the kind's ten meetings, not the first two
    assert [i for i in picked if kinds[i] == "rangkaian"][:2] == ["seri-0001", "seri-0021"]
