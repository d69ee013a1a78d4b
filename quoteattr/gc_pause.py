"""Pause Python's cyclic garbage collector while a document is read or attributed.

Reading a parse and attributing its quotes allocate many small objects that live as
long as the document (a token per word, its list of children, frames, spans). CPython
runs its cycle collector every few hundred new container objects and, now and then,
walks every object alive; on a document of 100,000 words those walks cost about a fifth
of the run and free nothing, since none of these objects form cycles that reference
counting leaves behind. :func:`gc_paused` switches the collector off for the length of
one call and back on after it, when it was on before.

Calls may nest and may run in several threads at once: the collector comes back on
when the last paused call ends, and only if it was on when the first one began.
Objects freed by reference counting are freed at once as always; only cyclic garbage
made during the call waits for the next collection.
"""

from __future__ import annotations

import functools
import gc
import threading
from typing import Any, Callable, TypeVar

__all__ = ["gc_paused"]

F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
_depth = 0  # paused calls running now, in all threads
_was_enabled = False  # the collector's state when the outermost of them began


def gc_paused(function: F) -> F:
    """Decorate ``function`` so that the cyclic collector is off while it runs."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        global _depth, _was_enabled
        with _lock:
            if _depth == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _depth += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _lock:
                _depth -= 1
                if _depth == 0 and _was_enabled:
                    gc.enable()

    return paused  # type: ignore[return-value]
