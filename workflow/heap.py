"""Pausing Python's cyclic garbage collector while a command builds many objects that form no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["without_cycle_collection"]


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic collector for work that builds many objects and no reference cycles (catalog
    entries, cache records, strings): each collection would walk every live object again, for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
