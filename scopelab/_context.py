"""A process-wide default that a block can replace for its own thread or asyncio task."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Overridable"]


class Overridable(Generic[T]):
    """``root`` unless a ``using(value)`` block is active here (a ContextVar: per thread and task,
    so new threads start from ``root``, as TF's thread-local default-graph stack does)."""

    def __init__(self, root: T, name: str) -> None:
        self.root = root
        self._override: contextvars.ContextVar[T | None] = contextvars.ContextVar(name, default=None)

    def get(self) -> T:
        value = self._override.get()
        return self.root if value is None else value

    def is_root(self) -> bool:
        return self._override.get() is None

    @contextlib.contextmanager
    def using(self, value: T) -> Iterator[T]:
        token = self._override.set(value)
        try:
            yield value
        finally:
            self._override.reset(token)
