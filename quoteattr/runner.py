"""Running the parser and attribution over a corpus: batches, worker processes, progress.

:class:`Extractor` takes :class:`~quoteattr.corpus.Item` documents and yields each with
its quotes (or the reason it failed) in input order. With ``jobs=1`` it works in this
process; with more, each worker process builds its own :class:`~quoteattr.Attributor`
from the same settings and gets the same batches ``jobs=1`` would parse, so that the
output does not depend on the number of workers. At most two batches per worker wait
at a time, so memory stays flat however large the corpus.

A worker that dies (killed for memory, say) takes the batches it held with it: they
are given to a fresh pool once, and a batch that was in two dead pools is reported as
failed. Missing models stop the run, as they would stop every document.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Deque, Dict, Iterable, Iterator, List, Optional, TextIO, Tuple, Union

from quoteattr.corpus import Item
from quoteattr.model import Quote
from quoteattr.quotes import Quotes

__all__ = ["Extractor", "Progress", "Result"]

#: What a document yields: its quotes, or the reason it failed.
Result = Union[Quotes, str]
_Raw = Union[List[Quote], str]

_worker: Any = None  # the Attributor of a worker process
_worker_threads = 1


def _init_worker(settings: Dict[str, Any], threads: int) -> None:
    global _worker, _worker_threads
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))  # before numpy or torch is first imported
    from quoteattr.pipeline import Attributor

    _worker, _worker_threads = Attributor(**settings), threads


def _work(texts: List[str]) -> List[_Raw]:
    if _worker._nlp is None:
        _worker.load()
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(_worker_threads)
    return [r if isinstance(r, str) else list(r) for r in _attribute(_worker, texts)]


def _attribute(attributor: Any, texts: List[str]) -> List[Result]:
    out: List[Result] = []
    for result in attributor.pipe(texts, batch_size=max(1, len(texts))):
        if isinstance(result, Exception):
            cause = result.__cause__ or result
            out.append(f"{type(cause).__name__}: {cause}")
        else:
            out.append(result)
    return out


class _Pending:
    __slots__ = ("items", "future", "deaths")

    def __init__(self, items: List[Item], future: "Future[List[_Raw]]") -> None:
        self.items, self.future, self.deaths = items, future, 0


class Extractor:
    """Quotes for a stream of documents, ``batch_size`` at a time, in ``jobs`` processes.

    ``settings`` are :class:`~quoteattr.Attributor`'s keyword arguments; with ``jobs``
    above 1 they must pickle (a model name or directory rather than a loaded ``nlp``).
    """

    def __init__(self, settings: Dict[str, Any], *, jobs: int = 1, batch_size: int = 32) -> None:
        if jobs < 1 or batch_size < 1:
            raise ValueError("jobs and batch_size must be at least 1")
        self.settings, self.jobs, self.batch_size = settings, jobs, batch_size
        self._pool: Optional[ProcessPoolExecutor] = None

    def run(self, items: Iterable[Item]) -> Iterator[Tuple[Item, Result]]:
        """``(item, quotes or error message)`` for every item, in order."""
        batches = self._batches(items)
        if self.jobs == 1:
            from quoteattr.pipeline import Attributor

            attributor = Attributor(**self.settings)
            for batch in batches:
                texts = [i.text for i in batch if i.error is None]
                results = iter(_attribute(attributor, texts) if texts else [])
                yield from ((i, i.error if i.error is not None else next(results)) for i in batch)
            return
        pending: Deque[_Pending] = collections.deque()
        try:
            for batch in batches:
                pending.append(_Pending(batch, self._submit(batch)))
                while len(pending) > 2 * self.jobs:
                    yield from self._finish(pending)
            while pending:
                yield from self._finish(pending)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _batches(self, items: Iterable[Item]) -> Iterator[List[Item]]:
        batch: List[Item] = []
        texts = 0
        for item in items:
            batch.append(item)
            texts += item.error is None
            if texts >= self.batch_size:
                yield batch
                batch, texts = [], 0
        if batch:
            yield batch

    def _new_pool(self) -> ProcessPoolExecutor:
        threads = max(1, (os.cpu_count() or 1) // self.jobs)
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.settings, threads))

    def _submit(self, batch: List[Item]) -> "Future[List[_Raw]]":
        if self._pool is None:
            self._pool = self._new_pool()
        texts = [i.text for i in batch if i.error is None]
        if not texts:
            done: "Future[List[_Raw]]" = Future()
            done.set_result([])
            return done
        return self._pool.submit(_work, texts)

    def _finish(self, pending: Deque[_Pending]) -> Iterator[Tuple[Item, Result]]:
        while True:
            first = pending[0]
            try:
                raw = first.future.result()
                break
            except BrokenProcessPool:
                self._restart(pending)
        pending.popleft()
        results = iter(raw)
        for item in first.items:
            if item.error is not None:
                yield item, item.error
            else:
                result = next(results)
                yield item, result if isinstance(result, str) else Quotes(result, item.text or "")

    def _restart(self, pending: Deque[_Pending]) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        for entry in pending:
            if entry.future.done() and entry.future.exception() is None:
                continue
            entry.deaths += 1
            if entry.deaths < 2:
                entry.future = self._submit(entry.items)
                continue
            lost: "Future[List[_Raw]]" = Future()
            lost.set_result(["a worker process died while parsing this batch (out of memory?); "
                             "run it again with a smaller --batch-size"] * len(entry.items))
            entry.future = lost


class Progress:
    """One line on stderr: documents done, quotes found, words per second.

    ``total`` may be None when the number of documents is not known in advance.
    """

    def __init__(self, total: Optional[int] = None, stream: Optional[TextIO] = None,
                 interval: float = 0.2) -> None:
        self.total, self.stream, self.interval = total, stream or sys.stderr, interval
        self.docs = self.quotes = self.words = 0
        self.started = self.shown = time.monotonic()

    def update(self, quotes: int = 0, words: int = 0) -> None:
        """Count one more document."""
        self.docs += 1
        self.quotes += quotes
        self.words += words
        now = time.monotonic()
        if now - self.shown >= self.interval or self.docs == self.total:
            self.shown = now
            self._draw(now)

    def line(self, now: Optional[float] = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        done = f"{self.docs}/{self.total}" if self.total is not None else f"{self.docs}"
        return (f"quoteattr: {done} documents, {self.quotes} quotes, "
                f"{self.words / elapsed:,.0f} words/s")

    def _draw(self, now: float) -> None:
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()

    def write(self, message: str) -> None:
        """A message on a line of its own, above the progress line."""
        self.stream.write("\r\x1b[K" + message + "\n")
        self._draw(time.monotonic())

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
