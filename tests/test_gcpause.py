"""The collector is paused while a build loads its modules and meetings, and set back as it was."""

import gc

import pytest

from rapatgen.check.project import gc_paused


def test_paused_then_enabled_again_and_frozen_only_when_asked():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with gc_paused(freeze=True):
        kept += [[i] for i in range(1000)]
    try:
        assert gc.isenabled() and gc.get_freeze_count() >= 2000
    finally:
        gc.unfreeze()


def test_an_error_freezes_nothing_and_a_disabled_collector_stays_disabled():
    with pytest.raises(ValueError):
        with gc_paused(freeze=True):
            raise ValueError
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
