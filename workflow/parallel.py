"""Per-report work on several cores: results in report order, whatever order the workers finish in.

Reports are independent, so a command maps one function over them. With ``jobs`` 1 (or few reports)
the function runs in this process; otherwise a ``ProcessPoolExecutor`` runs chunks of reports, each
chunk's writes batched into one filesystem sync. Either way the caller receives one outcome per
report, in the order given: the function's result, or the ``WorkflowError`` it raised, so that
errors are reported exactly as a sequential run reports them. Other exceptions are bugs and
propagate. Results stream back chunk by chunk, so memory does not grow with the archive.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, Union

from .errors import WorkflowError
from .fileio import WriteBatch

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["default_jobs", "map_reports", "Outcome"]

T = TypeVar("T")
R = TypeVar("R")
Outcome = Union[R, WorkflowError]

_MIN_PER_WORKER = 4
"""Below this many reports per worker, starting processes costs more than it saves."""


def default_jobs() -> int:
    """The machine's cores (``os.cpu_count()``)."""
    return os.cpu_count() or 1


def map_reports(
    function: Callable[[T, WriteBatch], R],
    items: Sequence[T],
    *,
    jobs: int,
    progress: Callable[[int], None] | None = None,
    all_or_nothing: bool = False,
) -> Iterator[tuple[T, Outcome[R]]]:
    """``function(item, batch)`` for every item, yielded in order as (item, result or WorkflowError).

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of one) when
    ``jobs`` > 1, and write files only through ``batch``. ``progress(n)`` is called in this process as
    each n more items are done. With ``all_or_nothing`` the files stay staged until every item is done,
    and none is put in place if any item failed.
    """
    jobs = max(1, min(jobs, len(items) // _MIN_PER_WORKER))
    if jobs == 1:
        yield from _sequential(function, items, progress, all_or_nothing)
        return
    import multiprocessing  # only a run with work for several processes loads them
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(_PER_SYNC, len(items) // (jobs * 4)))
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    # The function goes to each worker once, at its start (inherited, not pickled, where processes
    # fork): it may carry large read-only data, such as a translation memory.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_install, initargs=(function,)) as pool, \
            WriteBatch() as held:
        # Keep a bounded window of chunks in flight: results are consumed in order as they arrive.
        window = jobs * 3
        pending: list[Future[_ChunkResult]] = []
        position = 0
        failed = False
        for chunk in chunks:
            pending.append(pool.submit(_run_chunk, chunk, all_or_nothing))
            if len(pending) >= window:
                position, failed = yield from _drain(pending.pop(0), chunks, position, progress, held, failed)
        while pending:
            position, failed = yield from _drain(pending.pop(0), chunks, position, progress, held, failed)
        if failed:
            held.discard()


_ChunkResult = tuple[list[object], list[tuple[Path, str]]]
"""A chunk's outcomes, and the files its worker staged and left for the caller to put in place."""


def _drain(
    future: Future[_ChunkResult],
    chunks: list[list[T]],
    position: int,
    progress: Callable[[int], None] | None,
    held: WriteBatch,
    failed: bool,
) -> Iterator[tuple[T, Outcome[R]]]:
    results, staged = future.result()
    held.take(staged)
    chunk = chunks[position]
    if progress is not None:
        progress(len(chunk))
    for item, result in zip(chunk, results):
        failed = failed or isinstance(result, WorkflowError)
        yield item, result  # type: ignore[misc]
    chunks[position] = []  # let the items go
    return position + 1, failed


def _sequential(
    function: Callable[[T, WriteBatch], R], items: Sequence[T], progress: Callable[[int], None] | None,
    all_or_nothing: bool,
) -> Iterator[tuple[T, Outcome[R]]]:
    with WriteBatch() as batch:
        failed = False
        for count, item in enumerate(items, start=1):
            result: Outcome[R]
            try:
                result = function(item, batch)
            except WorkflowError as exc:
                result = exc
                failed = True
            if count % _PER_SYNC == 0 and not all_or_nothing:
                batch.commit()
            if progress is not None:
                progress(1)
            yield item, result
        if failed and all_or_nothing:
            batch.discard()


_PER_SYNC = 128
"""Most reports whose files are put in place with one filesystem sync (a worker syncs once per chunk):
a sync flushes the whole filesystem, and at 10,000 reports chunks of 32 meant 300 of them."""


_installed: Callable[..., object] | None = None


def _install(function: Callable[..., object]) -> None:
    global _installed
    _installed = function


def _run_chunk(chunk: list[T], hand_over: bool) -> _ChunkResult:
    """In a worker: run the chunk's reports, then put all their files in place with one sync, or leave
    them staged for the caller (``hand_over``)."""
    function = _installed
    assert function is not None
    results: list[object] = []
    with WriteBatch() as batch:
        for item in chunk:
            try:
                results.append(function(item, batch))
            except WorkflowError as exc:
                results.append(exc)
        staged = batch.hand_over() if hand_over else []
    return results, staged
