"""The attached Dask cluster: its client, the worker each ps task maps to, one holder per worker.

Task k maps to the k-th worker with the workers sorted by name (LocalCluster names them 0, 1, …;
names that are numbers sort as numbers), looked up when a value is placed, so a restarted worker
that keeps its name takes its task back for new values. Every live :class:`HeldValue` is listed by
worker address, which is how a lost worker's error names everything it held.

A holder actor lives on its worker only while this client holds the future that made it: an
``Actor`` handle does not always hold it (with the in-process transport the handle is the
worker's own object, bound to no client), so the cluster keeps the future next to the handle
until it closes. Drops of collected values are sent in one call per holder and tracked, and
``close`` waits for the ones in flight before it lets the holders go, so no drop ever reaches a
released actor (Dask would log a KeyError for it, and an awaited call would never return).
"""

from __future__ import annotations

import itertools
import threading
import weakref
from typing import Any

from scopelab.errors import NoWorkerForTaskError, WorkerLostError
from scopelab.storage._placement import task_device

__all__ = ["Cluster"]

_keys = itertools.count()
_DROP_WAIT_S = 5.0   # how long close() waits for each drop still in flight


def _name_order(item: tuple[str, dict]) -> tuple:
    address, info = item
    name = str(info.get("name", address))
    return (0, int(name), address) if name.isdigit() else (1, name, address)


class Cluster:
    """One attached ``distributed.Client`` (and the LocalCluster it owns, if it made one)."""

    def __init__(self, client: Any, owned: Any = None) -> None:
        self.client = client
        self.owned = owned                       # what connect() opened itself: closed with it
        self._lock = threading.Lock()
        self._holders: dict[str, tuple[Any, Any]] = {}   # address -> (future, ShardHolder actor)
        self._drops_in_flight: list[Any] = []    # futures of drop calls not yet known done
        self._held: dict[str, weakref.WeakValueDictionary] = {}   # address -> key -> HeldValue
        self.closed = False

    # --- workers ---------------------------------------------------------------------------------
    def workers(self) -> list[str]:
        """Worker addresses in task order (sorted by worker name), asked of the scheduler now."""
        info = self.client.scheduler_info(n_workers=-1)["workers"]
        return [address for address, _ in sorted(info.items(), key=_name_order)]

    def worker_for(self, task: int, label: str) -> str:
        workers = self.workers()
        if task >= len(workers):
            raise NoWorkerForTaskError(name=label, device=task_device(task), task=task,
                                       workers=len(workers))
        return workers[task]

    def alive(self, address: str) -> bool:
        if self.closed or self.client.status != "running":
            return False          # asking a closed client would wait for a loop that is gone
        return address in self.client.ncores()

    def holder(self, address: str) -> Any:
        """The ShardHolder actor on ``address`` (made on first use)."""
        with self._lock:
            found = self._holders.get(address)
        if found is not None:
            future, actor = found
            if future.status == "finished":
                return actor
            # The worker was lost with the actor on it: never call an actor that is gone.
            raise OSError(f"the holder on worker {address} is gone ({future.status})")
        if not self.alive(address):
            # An actor restricted to a gone worker would wait for it forever: fail instead
            # (callers turn this into WorkerLostError).
            raise OSError(f"worker {address} is not in the cluster")
        from scopelab.storage._worker import ShardHolder
        with self.client.as_current():   # the actor proxy binds to the client current here
            future = self.client.submit(ShardHolder, workers=[address],
                                        allow_other_workers=False, actor=True, pure=False)
            actor = future.result()
        with self._lock:
            return self._holders.setdefault(address, (future, actor))[1]

    def drop(self, address: str, keys: list[str]) -> None:
        """Free ``keys`` on ``address``'s holder, without waiting; nothing to do when the cluster
        is closed, the worker never got a holder, or its holder is gone with its worker."""
        if not self.alive(address):
            return
        with self._lock:   # sent under the lock (it only schedules the call): close sees it
            found = self._holders.get(address)
            if self.closed or found is None or found[0].status != "finished":
                return
            self._drops_in_flight = [f for f in self._drops_in_flight if not f.done()]
            self._drops_in_flight.append(found[1].drop(keys))

    def settle_drops(self) -> None:
        """Wait (briefly) for the drops in flight, so that none arrives after its holder is
        released; a drop that fails or is slow only leaves numbers that go with the holder."""
        with self._lock:
            pending, self._drops_in_flight = self._drops_in_flight, []
        if self.client.status != "running":
            return
        for future in pending:
            try:
                future.result(timeout=_DROP_WAIT_S)
            except Exception:  # noqa: BLE001 - the holder goes next and frees the value anyway
                pass

    # --- the values it holds ---------------------------------------------------------------------
    def new_key(self) -> str:
        return f"v{next(_keys)}"

    def register(self, held: Any) -> None:
        with self._lock:
            self._held.setdefault(held.address, weakref.WeakValueDictionary())[held.key] = held

    def forget(self, address: str, key: str) -> None:
        with self._lock:
            values = self._held.get(address)
            if values is not None:
                values.pop(key, None)

    def held_on(self, address: str) -> list[str]:
        """Labels of the live values held on ``address``, sorted."""
        with self._lock:
            values = list(self._held.get(address, {}).values())
        return sorted(v.label for v in values)

    def lost(self, address: str, task: int, label: str) -> WorkerLostError:
        """The error for a read or write of ``label`` on ``address``, a worker that is gone."""
        return WorkerLostError(device=task_device(task), worker=address, wanted=label,
                               held=self.held_on(address), disconnected=self.closed)

    def explain(self, exc: Exception, address: str, task: int, label: str) -> Exception:
        """``exc`` from a remote call, or the ``WorkerLostError`` it really means."""
        try:
            alive = self.alive(address)
        except Exception:  # noqa: BLE001 - the scheduler is gone too: the worker is lost to us
            alive = False
        return exc if alive else self.lost(address, task, label)

    def close(self) -> None:
        with self._lock:
            self.closed = True            # no new drops from here on
        self.settle_drops()
        with self._lock:
            self._holders.clear()
        if self.owned is not None:
            self.owned.close()
