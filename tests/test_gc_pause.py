"""The cyclic collector is off while a document is read or attributed, and comes back
in the state the caller left it in, whatever happens inside."""

import gc
import threading

import pytest

import quoteattr
from quoteattr.errors import ConlluError
from quoteattr.gc_pause import gc_paused

PARSE = """# text = Ada said it rained.
1\tAda\tAda\tPROPN\tNNP\t_\t2\tnsubj\t_\tstart_char=0|end_char=3
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tstart_char=4|end_char=8
3\tit\tit\tPRON\tPRP\t_\t4\tnsubj\t_\tstart_char=9|end_char=11
4\trained\train\tVERB\tVBD\t_\t2\tccomp\t_\tstart_char=12|end_char=18
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\tstart_char=18|end_char=19
"""


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@gc_paused
def _state(fail=False):
    if fail:
        raise RuntimeError("inside")
    return gc.isenabled()


def test_off_inside_and_on_after(collector_on):
    assert _state() is False
    assert gc.isenabled()


def test_an_exception_inside_still_restores_the_collector(collector_on):
    with pytest.raises(RuntimeError, match="inside"):
        _state(fail=True)
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off(collector_on):
    gc.disable()
    try:
        assert _state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_calls_restore_only_at_the_outermost(collector_on):
    @gc_paused
    def outer():
        inner_state = _state()
        return inner_state, gc.isenabled()

    assert outer() == (False, False)
    assert gc.isenabled()


def test_overlapping_calls_in_threads_leave_the_collector_on(collector_on):
    first_inside, release = threading.Event(), threading.Event()
    seen = []

    @gc_paused
    def slow():
        first_inside.set()
        release.wait(5)
        seen.append(gc.isenabled())

    worker = threading.Thread(target=slow)
    worker.start()
    first_inside.wait(5)
    seen.append(_state())  # a second call starts and ends while the first runs
    seen.append(gc.isenabled())  # the first is still running: still off
    release.set()
    worker.join(5)
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_reading_and_attributing_restore_the_collector(collector_on):
    quotes = quoteattr.from_conllu(PARSE)
    assert quotes.text == "Ada said it rained."
    assert gc.isenabled()
    with pytest.raises(ConlluError):
        quoteattr.from_conllu("1\tbroken\n\n")
    assert gc.isenabled()
