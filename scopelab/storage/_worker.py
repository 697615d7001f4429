"""What runs on a Dask worker: one ``ShardHolder`` actor per worker keeps that worker's values.

The actor holds arrays by key and answers small requests: make a value with a function run here,
take some rows, hand the whole value back, replace it, drop it. Requests and answers go straight
between the client and this worker (Dask's actor calls bypass the scheduler), so a gather moves
only the row numbers in and the selected rows out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ShardHolder"]


class ShardHolder:
    """The values one worker holds, by key (a Dask actor: its methods run on that worker)."""

    def __init__(self) -> None:
        self.values: dict[str, np.ndarray] = {}

    def make(self, key: str, fn: Any, args: tuple) -> tuple:
        """Compute ``fn(*args)`` here and keep it; returns its (shape, dtype name)."""
        value = np.ascontiguousarray(fn(*args))
        self.values[key] = value
        return value.shape, value.dtype.str

    def put(self, key: str, value: np.ndarray) -> tuple:
        value = np.array(value, copy=True)   # in-process transports hand over the caller's array
        self.values[key] = value
        return value.shape, value.dtype.str

    def get(self, key: str) -> np.ndarray:
        return self.values[key]

    def take(self, key: str, rows: np.ndarray) -> np.ndarray:
        """Rows ``rows`` (already checked by the client) of the value ``key``."""
        return np.take(self.values[key], rows, axis=0)

    def drop(self, keys: list[str]) -> None:
        """Forget ``keys`` (the client's collected values); unknown keys are already gone."""
        for key in keys:
            self.values.pop(key, None)

    def keys(self) -> list[str]:
        return sorted(self.values)
