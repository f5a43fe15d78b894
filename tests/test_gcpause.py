"""The collector pause around bulk allocation restores the collector, even on error."""

from __future__ import annotations

import gc

import pytest

from rs2rdf.pipeline.gcpause import bulk_allocation, long_lived


def test_collector_is_off_inside_and_restored_after() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with bulk_allocation():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0, "outside a long-lived scope nothing is frozen"
    with long_lived():
        with bulk_allocation():
            kept = [[i] for i in range(1000)]
        assert gc.get_freeze_count() >= len(kept), "inside a build, what was allocated is frozen"
    assert gc.get_freeze_count() == 0, "and unfrozen when the scope ends"


def test_restored_after_an_error_and_left_off_when_it_was_off() -> None:
    with pytest.raises(ValueError):
        with bulk_allocation():
            raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk_allocation():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
