"""Storage backends for variable values (L1): local arrays, or values held on Dask workers.

The store keeps names, shapes and placement; the backend keeps the numbers. Without an attached
cluster every value is a local array (NumPy, or a CUDA device array) and nothing here is used.
With one (``scopelab.cluster.connect``), a value whose device names a parameter-server task
(``"/job:ps/task:k"``) is a :class:`HeldValue` on the k-th worker: made there by the same
kernels, fetched only when asked, gathered row by row where it lives.

This package knows no variables or scopes; callers give a label (the variable's name) that is
used only in error messages. ``distributed`` is imported only once a cluster is attached.

```python
attach(client, owned=None) -> Cluster ; detach() ; current() -> Cluster | None
place(device, label) -> Placement | None       # None: keep it local
placement.make(fn, *args) -> HeldValue          # fn(*args) runs on the worker
placement.upload(array) -> HeldValue
is_held(value) ; take_rows(values, rows) ; check_all(values)
```
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from scopelab.storage._cluster import Cluster
from scopelab.storage._held import HeldValue, take_rows
from scopelab.storage._placement import ps_task, task_device

__all__ = ["Cluster", "HeldValue", "Placement", "attach", "detach", "current", "place",
           "is_held", "take_rows", "check_all", "ps_task", "task_device"]

_current: Cluster | None = None
_lock = threading.Lock()


def attach(client: Any, owned: Any = None) -> Cluster:
    """Hold ps values on ``client``'s workers from now on (replaces any attached cluster)."""
    global _current
    with _lock:
        previous, _current = _current, Cluster(client, owned)
    if previous is not None:
        previous.close()
    return _current


def detach() -> Cluster | None:
    """Stop placing values on the cluster; returns it (the caller closes it)."""
    global _current
    with _lock:
        previous, _current = _current, None
    return previous


def current() -> Cluster | None:
    return _current


class Placement:
    """Where one new value goes: a worker of the attached cluster, for a ps task."""

    __slots__ = ("cluster", "task", "address", "label")

    def __init__(self, cluster: Cluster, task: int, address: str, label: str) -> None:
        self.cluster, self.task, self.address, self.label = cluster, task, address, label

    def _held(self, method: str, *args: Any) -> HeldValue:
        key = self.cluster.new_key()
        try:
            holder = self.cluster.holder(self.address)
            shape, dtype = getattr(holder, method)(key, *args).result()
        except Exception as exc:
            error = self.cluster.explain(exc, self.address, self.task, self.label)
            if error is exc:
                raise
            raise error from exc
        return HeldValue(self.cluster, self.address, self.task, key, shape, dtype, self.label)

    def make(self, fn: Any, *args: Any) -> HeldValue:
        """``fn(*args)`` computed on the worker and kept there."""
        return self._held("make", fn, args)

    def upload(self, array: np.ndarray) -> HeldValue:
        """A value computed here, sent to the worker once."""
        return self._held("put", np.ascontiguousarray(array))

    def __repr__(self) -> str:
        return f"<Placement ps/task:{self.task} @ {self.address}>"


def place(device: Any, label: str) -> Placement | None:
    """Where a new value for ``device`` goes: ``None`` (local) unless a cluster is attached and
    the device names a ps task; ``NoWorkerForTaskError`` if the cluster has no such worker."""
    cluster = _current
    if cluster is None:
        return None
    task = ps_task(device)
    if task is None:
        return None
    return Placement(cluster, task, cluster.worker_for(task, label), label)


def is_held(value: Any) -> bool:
    return isinstance(value, HeldValue)


def check_all(values: Any) -> None:
    """``WorkerLostError`` if any held value among ``values`` has lost its worker."""
    for value in values:
        if isinstance(value, HeldValue):
            value.check()
