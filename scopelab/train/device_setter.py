"""``tf.train.replica_device_setter`` and ``tf.train.ClusterSpec``: TF1's parameter-server
placement, as a device function for ``tf.device``.

The function puts the ops whose type is in ``ps_ops`` (variables: ``VariableV2``) on
``ps_device`` with a task picked by ``ps_strategy`` (round robin over ``ps_tasks`` by default),
and every other op on ``worker_device``; fields set by inner ``tf.device`` blocks win
(``merge_devices``). The ops TF1 colocates with a variable (its ``read``, ``Assign``,
``get_variable``'s regularizer loss) follow the variable, not the function; see
:mod:`scopelab._placement`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scopelab.device_spec import DeviceFields, parse_device, to_string
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["replica_device_setter", "ClusterSpec", "STANDARD_PS_OPS"]

#: TF1's default ``ps_ops``: the op types that hold state on a parameter server.
STANDARD_PS_OPS = (
    "Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable", "MutableHashTableV2",
    "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2", "MutableDenseHashTable",
    "MutableDenseHashTableV2", "VarHandleOp", "BoostedTreesEnsembleResourceHandleOp",
    "BoostedTreesQuantileStreamResourceHandleOp", "ResourceConditionalAccumulator",
    "DecisionTreeResource")


class ClusterSpec:
    """TF1's ``tf.train.ClusterSpec``: job name -> task addresses (a list, or a dict
    ``{task index: address}`` for sparse jobs)."""

    def __init__(self, cluster: Any) -> None:
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if not isinstance(cluster, Mapping):
            raise InvalidArgumentTypeError(
                "`cluster` must be a dictionary mapping one or more job names to lists of network "
                "addresses, or a `ClusterDef` protocol buffer\n\n"
                f"Got {type(cluster).__name__} {cluster!r}.\n"
                "    tf.train.ClusterSpec({'ps': ['ps0:2222', 'ps1:2222'], "
                "'worker': ['w0:2222']})", got=cluster)
        self._jobs: dict[str, dict[int, str]] = {}
        for job, tasks in cluster.items():
            if isinstance(tasks, (list, tuple)):
                self._jobs[job] = dict(enumerate(tasks))
            elif isinstance(tasks, Mapping):
                self._jobs[job] = {int(i): address for i, address in tasks.items()}
            else:
                raise InvalidArgumentTypeError(
                    f"The tasks for job {job!r} must be a list or a dictionary from integers to "
                    f"strings.", got=tasks)

    @property
    def jobs(self) -> list[str]:
        return sorted(self._jobs)

    def _job(self, job_name: str) -> dict[int, str]:
        try:
            return self._jobs[job_name]
        except KeyError:
            raise InvalidArgumentError(
                f"No such job in cluster: {job_name!r}\n\nThe cluster's jobs are "
                f"{self.jobs}.") from None

    def num_tasks(self, job_name: str) -> int:
        return len(self._job(job_name))

    def task_indices(self, job_name: str) -> list[int]:
        return sorted(self._job(job_name))

    def task_address(self, job_name: str, task_index: int) -> str:
        tasks = self._job(job_name)
        try:
            return tasks[task_index]
        except KeyError:
            raise InvalidArgumentError(
                f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name: str) -> list[str | None]:
        tasks = self._job(job_name)
        out: list[str | None] = [None] * (max(tasks) + 1 if tasks else 0)
        for i, address in tasks.items():
            out[i] = address
        return out

    def as_dict(self) -> dict[str, Any]:
        """Job -> list of addresses, or ``{index: address}`` where the indices have gaps."""
        out: dict[str, Any] = {}
        for job in self.jobs:
            tasks = self._jobs[job]
            if sorted(tasks) == list(range(len(tasks))):
                out[job] = [tasks[i] for i in range(len(tasks))]
            else:
                out[job] = dict(tasks)
        return out

    def __bool__(self) -> bool:
        return bool(self._jobs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClusterSpec) and self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, as TF's

    def __repr__(self) -> str:
        return f"ClusterSpec({self.as_dict()!r})"


class _RoundRobinStrategy:
    """TF1's default ``ps_strategy``: tasks 0, 1, …, ps_tasks-1, 0, … in creation order."""

    def __init__(self, num_tasks: int) -> None:
        self._num_tasks = num_tasks
        self._next_task = 0

    def __call__(self, unused_op: Any) -> int:
        task = self._next_task
        self._next_task = (self._next_task + 1) % self._num_tasks
        return task


class _ReplicaDeviceChooser:
    """The device function ``replica_device_setter`` returns (TF's rules, field by field).

    Answers are cached by (the op's device so far, the ps task): the strings recur, so placing
    an op costs a lookup once the strategy has picked its task."""

    def __init__(self, ps_tasks: int, ps_device: str, worker_device: str, merge_devices: bool,
                 ps_ops: Any, ps_strategy: Callable) -> None:
        self._ps_tasks = ps_tasks
        self._ps_device = ps_device
        self._ps = parse_device(ps_device) if ps_device else None
        self._worker = parse_device(worker_device or "")
        self._merge_devices = merge_devices
        self._ps_ops = frozenset(ps_ops)
        self._ps_strategy = ps_strategy
        self._answers: dict[tuple[str, Any], str] = {}

    def device_function(self, op: Any) -> str:
        device = op.device or ""
        if not self._merge_devices and device:
            return device
        op_type = op.type if hasattr(op, "type") else op.op      # an Operation or a NodeDef
        if self._ps_tasks and self._ps_device and op_type in self._ps_ops:
            ps, current = self._ps, parse_device(device)
            # The task is picked only when the op's own job (if any) is the ps job.
            task = None
            if ps.job and (not current.job or current.job == ps.job):
                task = int(self._ps_strategy(op))
            key = (device, task)
            found = self._answers.get(key)
            if found is None:
                if task is not None:
                    ps = ps._replace(task=task)
                found = self._answers[key] = to_string(_merged(ps, current))
            return found
        key = (device, "worker")
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = to_string(_merged(self._worker, parse_device(device)))
        return found


def _merged(base: DeviceFields, over: DeviceFields) -> DeviceFields:
    return DeviceFields(*(b if b is not None else a for a, b in zip(base, over)))


def replica_device_setter(ps_tasks: int = 0, ps_device: str = "/job:ps",
                          worker_device: str = "/job:worker", merge_devices: bool = True,
                          cluster: Any = None, ps_ops: Any = None,
                          ps_strategy: Callable | None = None) -> Callable | None:
    """A device function for ``tf.device`` that places variables on parameter-server tasks and
    other ops on the worker (TF1's, with the same round robin); ``None`` when there is no ps task
    (``ps_tasks=0`` and no ``cluster``, or a cluster without the ps job)::

        with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
            a = tf.get_variable("a", [2])    # a.device == "/job:ps/task:0"
            b = tf.get_variable("b", [2])    # b.device == "/job:ps/task:1"
    """
    if cluster is not None:
        spec = cluster.as_dict() if isinstance(cluster, ClusterSpec) else \
            ClusterSpec(cluster).as_dict()
        ps_job = parse_device(ps_device).job
        if ps_job not in spec or spec[ps_job] is None:
            return None
        ps_tasks = len(spec[ps_job])
    if ps_tasks == 0:
        return None
    if ps_ops is None:
        ps_ops = list(STANDARD_PS_OPS)
    if ps_strategy is None:
        ps_strategy = _RoundRobinStrategy(ps_tasks)
    if not callable(ps_strategy):
        raise InvalidArgumentTypeError(
            f"ps_strategy must be callable\n\nIt picks the ps task of each variable: a function "
            f"op -> task index, e.g. tf.contrib.training.GreedyLoadBalancingStrategy; got "
            f"{type(ps_strategy).__name__} {ps_strategy!r}.", got=ps_strategy)
    chooser = _ReplicaDeviceChooser(ps_tasks, ps_device, worker_device, merge_devices, ps_ops,
                                    ps_strategy)
    return chooser.device_function
