"""The collector pause around bulk allocation restores the collector, even on error."""

from __future__ import annotations

import gc

import pytest

from rs2rdf.pipeline.gcpause import bulk_allocation


def test_collector_is_off_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with bulk_allocation():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept), "what was allocated inside is frozen"


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
