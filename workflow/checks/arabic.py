"""(Being written.)"""

from __future__ import annotations

from .base import Check

CHECKS: tuple[Check, ...] = ()
