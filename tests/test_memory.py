import gc

import pytest

from quizgen.util import memory
from quizgen.util.memory import paused_gc


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_pause_switches_the_collector_back_on_only_when_the_outermost_one_ends(unfrozen):
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_many_objects_built_in_a_pause_are_frozen_a_few_are_not(unfrozen, monkeypatch):
    monkeypatch.setattr(memory, "FREEZE_AFTER", 1_000)
    with paused_gc():
        few = [[i] for i in range(10)]
    assert gc.get_freeze_count() == 0
    with paused_gc():
        many = [[i] for i in range(5_000)]
    assert gc.get_freeze_count() >= len(many) and gc.isenabled()
    assert few and gc.is_tracked(many[0])


def test_a_pause_for_good_freezes_even_a_few_objects(unfrozen):
    with paused_gc(for_good=True):
        few = [[i] for i in range(10)]
    assert gc.get_freeze_count() >= len(few) and gc.isenabled()
