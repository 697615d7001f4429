"""``HeldValue``: a variable's value kept on a Dask worker, fetched only when asked.

A held value knows its worker, its ps task, its key in that worker's :class:`ShardHolder`, its
shape and dtype (so the store can answer shape questions without a fetch) and a label (the
variable's name, used only to name it in a lost worker's error). ``copy_to_host()`` and
``np.asarray(held)`` fetch it; ``take(rows)`` fetches only those rows; ``put(array)`` replaces the
numbers where they live. A read or write whose worker is gone raises ``WorkerLostError``.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np

from scopelab.storage._cluster import Cluster
from scopelab.storage._placement import task_device

__all__ = ["HeldValue", "take_rows"]

_drops: list[tuple[Cluster, str, str]] = []   # (cluster, address, key) of collected values
_drops_lock = threading.Lock()


def _queue_drop(cluster: Cluster, address: str, key: str) -> None:
    # Runs from the garbage collector, maybe on Dask's event-loop thread: only queue the drop;
    # the next remote call (from a user thread) sends it.
    with _drops_lock:
        _drops.append((cluster, address, key))


def _flush_drops() -> None:
    with _drops_lock:
        pending = _drops[:]
        _drops.clear()
    batches: dict[tuple[int, str], tuple[Cluster, list[str]]] = {}
    for cluster, address, key in pending:
        cluster.forget(address, key)
        batches.setdefault((id(cluster), address), (cluster, []))[1].append(key)
    for (_, address), (cluster, keys) in batches.items():
        try:
            cluster.drop(address, keys)
        except Exception:  # noqa: BLE001 - a closed client or a lost worker has nothing to drop
            pass


class HeldValue:
    """A value held by the ShardHolder on one worker (see the module docstring)."""

    __slots__ = ("cluster", "address", "task", "key", "shape", "dtype", "label", "__weakref__")

    def __init__(self, cluster: Cluster, address: str, task: int, key: str, shape: Sequence[int],
                 dtype: Any, label: str) -> None:
        self.cluster = cluster
        self.address = address
        self.task = task
        self.key = key
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.label = label
        cluster.register(self)
        weakref.finalize(self, _queue_drop, cluster, address, key)

    # --- facts, no fetch ---------------------------------------------------------------------------
    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    @property
    def device(self) -> str:
        """``"/job:ps/task:<k>"``."""
        return task_device(self.task)

    def where(self, address: bool = True) -> str:
        """``"ps/task:1 @ tcp://127.0.0.1:4242"`` (``address=False``: ``"ps/task:1"``)."""
        task = f"ps/task:{self.task}"
        return f"{task} @ {self.address}" if address else task

    # --- remote calls ------------------------------------------------------------------------------
    def start(self, method: str, *args: Any) -> Any:
        """Send one request to the holder; returns its future (``finish`` waits for it)."""
        _flush_drops()
        try:
            return getattr(self.cluster.holder(self.address), method)(self.key, *args)
        except Exception as exc:  # noqa: BLE001 - explain() turns a lost worker into its error, re-raises the rest
            self._reraise(exc)

    def finish(self, future: Any) -> Any:
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - explain() turns a lost worker into its error, re-raises the rest
            self._reraise(exc)

    def _reraise(self, exc: Exception) -> None:
        error = self.cluster.explain(exc, self.address, self.task, self.label)
        if error is exc:
            raise exc
        raise error from exc

    def check(self) -> None:
        """Raise ``WorkerLostError`` now if the worker is gone (before a change of several
        values, so that none changes when one cannot)."""
        if not self.cluster.alive(self.address):
            raise self.cluster.lost(self.address, self.task, self.label)

    def copy_to_host(self) -> np.ndarray:
        """Fetch the whole value (a new array)."""
        return np.array(self.finish(self.start("get")), copy=True)

    def __array__(self, dtype=None, copy=None):
        value = self.copy_to_host()
        return value if dtype is None else value.astype(dtype, copy=False)

    def take(self, rows: np.ndarray) -> np.ndarray:
        """Rows ``rows`` (valid row numbers), gathered on the worker."""
        return self.finish(self.start("take", rows))

    def put(self, array: np.ndarray) -> None:
        """Replace the numbers on the worker (same key, same worker)."""
        shape, dtype = self.finish(self.start("put", np.ascontiguousarray(array)))
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)

    def __repr__(self) -> str:
        return (f"<HeldValue {self.label!r} shape={self.shape} dtype={self.dtype} "
                f"on {self.where()}>")


def take_rows(values: Sequence[HeldValue], rows: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``[values[i].take(rows[i]) …]`` with every worker gathering at once."""
    futures = [v.start("take", r) if len(r) else None for v, r in zip(values, rows)]
    out = []
    for v, f in zip(values, futures):
        if f is None:
            out.append(np.empty((0, *v.shape[1:]), dtype=v.dtype))
        else:
            out.append(np.asarray(v.finish(f)))
    return out
