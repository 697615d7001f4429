"""Errors of variables held on a Dask cluster (``scopelab.cluster``): a lost worker, a ps task
with no worker."""

from __future__ import annotations

from collections.abc import Sequence

from scopelab.errors._arguments import InvalidArgumentError
from scopelab.errors._runtime import UnavailableError

__all__ = ["WorkerLostError", "NoWorkerForTaskError"]

_SHOWN = 8   # held names listed before "… and N more"


def _names(held: Sequence[str]) -> str:
    shown = ", ".join(repr(h) for h in held[:_SHOWN])
    more = len(held) - _SHOWN
    return shown + (f" … and {more} more" if more > 0 else "")


class WorkerLostError(UnavailableError):  # type: ignore[misc]  # the op errors are made by a factory
    """The Dask worker that held a variable's value is gone (TF1's ``UnavailableError`` when a
    parameter server died: TF1 had no recovery either).

    ``device`` is the ps task (``"/job:ps/task:1"``), ``worker`` the lost worker's address,
    ``wanted`` the variable whose value was asked for, ``held`` every variable that worker held,
    ``disconnected`` whether ``scopelab.cluster.disconnect()`` released it (rather than a crash).
    """

    def __init__(self, *, device: str, worker: str, wanted: str, held: Sequence[str],
                 disconnected: bool = False) -> None:
        super().__init__(device=device, worker=worker, wanted=wanted, held=tuple(held),
                         disconnected=disconnected)

    def _compose(self) -> str:
        if self.disconnected:      # not a crash: disconnect() released what the cluster held
            cause = (f"its cluster was disconnected: scopelab.cluster.disconnect() released the "
                     f"values held on {self.worker}.")
            where = "a disconnected cluster"
        else:
            cause, where = f"its worker {self.worker} was lost.", "a lost worker"
        return str(self._layout(
            f"{self.wanted}: the parameter server {self.device} is unavailable: {cause}",
            f"The values held on {where} are gone (TF1's parameter servers had no recovery "
            "either). The store still lists the variables, with their names, shapes and "
            "placement, but their values can no longer be read or assigned; nothing else changed.",
            [f"Held by that worker: {_names(self.held)}."],
            ["Start again on a healthy cluster:",
             "    scopelab.cluster.disconnect(); scopelab.cluster.connect(...)",
             "    tf.reset_default_graph()   # then rebuild the model",
             "or restore the values from a checkpoint (tf.train.Saver().restore(sess, path))."]))


class NoWorkerForTaskError(InvalidArgumentError):
    """A variable was placed on ``/job:ps/task:k`` while the connected cluster has no k-th worker.

    ``name`` is the variable, ``device`` its device, ``task`` k, ``workers`` how many the cluster
    has.
    """

    def __init__(self, *, name: str, device: str, task: int, workers: int) -> None:
        super().__init__(name=name, device=device, task=task, workers=workers)

    def _compose(self) -> str:
        have = (f"tasks 0 to {self.workers - 1}" if self.workers > 1
                else "task 0 only" if self.workers == 1 else "no task at all")
        return self._layout(
            f"Cannot assign a device for operation {self.name}: Operation was explicitly assigned "
            f"to {self.device} but available devices are the {self.workers} workers of the "
            f"connected cluster.",
            f"scopelab.cluster maps ps task k to the k-th worker (workers sorted by name), so "
            f"this cluster has {have}.",
            [],
            ["Use a task the cluster has, or give it more workers:",
             f"    scopelab.cluster.connect(Client(LocalCluster(n_workers={self.task + 1})))",
             f"    tf.train.replica_device_setter(ps_tasks={max(self.workers, 1)})"])
