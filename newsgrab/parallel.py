"""Parsing in worker processes with results taken in order: the pool behind import-warc and reparse."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


class _Inline:
    """The executor for one job: the work runs here, in this process, at submit."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        fut: Future = Future()
        fut.set_result(fn(*args))
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


class OrderedPool:
    """Runs `fn(*args)` in `jobs` worker processes and hands each result to `handle(key, result)` in the
    order submitted (one writer, deterministic), with at most a few tasks per worker in flight, so memory
    stays bounded whatever the input's size. Use as a context manager; `finish()` waits for the rest."""

    def __init__(self, jobs: int, handle: Callable[[Any, Any], None]):
        self.handle = handle
        self.window = max(4, jobs * 4)
        self._pool: Any = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else _Inline()
        self._pending: deque[tuple[Any, Future]] = deque()

    def submit(self, key: Any, fn: Callable[..., Any], *args: Any) -> None:
        self._pending.append((key, self._pool.submit(fn, *args)))
        self._drain(self.window)

    def finish(self) -> None:
        self._drain(0)

    def _drain(self, limit: int) -> None:
        while len(self._pending) > limit:
            key, fut = self._pending.popleft()
            self.handle(key, fut.result())

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
