"""The objects ``get_variable`` returns: ``Variable``, ``PartitionedVariable``, their slice info.

A :class:`Variable` holds one value (a NumPy array on ``target="cpu"``, a device array on
``"cuda"``) plus everything a view needs to explain it: full name, shape, dtype, collections,
device, initializer provenance and creation site. Variables act like arrays in arithmetic
(``v + 1``, ``v * w``, ``v[0]``, ``np.asarray(v)``) so TF1 custom getters such as
``lambda getter, **kw: getter(...) + getter(...)`` work; results are TF op tensors (``scopelab.ops``)
named like TF1 ops under the current name scope (``(1.0 + v).op.name == "foo/add"``; the operators
come from :mod:`scopelab._array_ops`).

Equality is identity, as for TF1 graph-mode variables (``assert v1 == v2`` checks sharing).
Only the store creates variables; it passes ``on_assign`` to hear about ``assign`` calls.

About 430 lines, on purpose: the two classes carry TF1's whole variable surface (properties,
``assign*``, ``eval``/``load``, slicing, checkpoint slice info) and splitting them would scatter one
object's behaviour over several files.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from scopelab import display, storage
from scopelab._array_ops import ArrayOps, OpName, to_host
from scopelab._tensor_base import build_op
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError
from scopelab.initializers import describe
from scopelab.names import UNKNOWN_SITE, CreationSite
from scopelab.tensor_shape import TensorShape, as_shape, shared_shape

__all__ = [
    "Variable", "PartitionedVariable", "SaveSliceInfo", "RegularizationLoss", "LazyTotal",
    "VariableSynchronization", "VariableAggregation", "to_host",
]


_serials = itertools.count()   # Variable.serial: one number per variable made, in order


class VariableSynchronization(enum.Enum):
    """When a distributed variable is aggregated (TF values; only ``ON_READ`` matters here)."""

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How replica updates are combined (TF values; recorded, no effect on NumPy)."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3  # noqa: PIE796 - TF's deprecated alias (an enum alias of ONLY_FIRST_REPLICA)


class SaveSliceInfo:
    """Where a shard sits in its partitioned variable (TF's ``Variable.SaveSliceInfo``)."""

    __slots__ = ("full_name", "full_shape", "var_offset", "var_shape")

    def __init__(self, full_name: str, full_shape: Sequence[int], var_offset: Sequence[int],
                 var_shape: Sequence[int]) -> None:
        self.full_name = full_name
        self.full_shape = list(full_shape)
        self.var_offset = list(var_offset)
        self.var_shape = list(var_shape)

    @property
    def spec(self) -> str:
        """TF's checkpoint slice spec, e.g. ``"13 5 5,4:0,5"``."""
        full = " ".join("%d" % d for d in self.full_shape)
        slices = ":".join("%d,%d" % (o, s) for o, s in zip(self.var_offset, self.var_shape))
        return f"{full} {slices}"

    def __repr__(self) -> str:
        return (f"SaveSliceInfo(full_name={self.full_name!r}, full_shape={self.full_shape}, "
                f"var_offset={self.var_offset}, var_shape={self.var_shape})")


class Variable(ArrayOps):
    """One stored variable. Made by the store; read ``name``, ``shape``, ``np.asarray(v)`` …"""

    #: the tf.device stack its ``read`` op is built under (a caching_device); None: colocated
    read_device_stack: Any = None

    def __init__(self, full_name: str, value: Any, *, dtype: DType, trainable: bool = True,
                 collections: Sequence[str] = (), device: str = "", caching_device: Any = None,
                 target: str = "cpu", constraint: Callable[..., Any] | None = None,
                 initializer_desc: Any = "",
                 created_at: CreationSite = UNKNOWN_SITE,
                 synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                 aggregation: VariableAggregation = VariableAggregation.NONE,
                 validate_shape: bool = True, use_resource: bool | None = None,
                 on_assign: Callable[[Variable], None] | None = None, created_by: str = "",
                 absolute_op_name: bool = False) -> None:
        self.full_name = full_name
        # The name of the variable's op: full_name, unless another op already had that name when
        # the graph registered it (TF1 then makes it "<full_name>_1"; see Graph.add_variable) or
        # the name was asked for as absolute (``absolute_op_name``: kept as it is).
        self.op_name = full_name
        self.absolute_op_name = absolute_op_name
        self._value = value
        self.dtype = dtype
        self.shape = shared_shape(tuple(value.shape))
        self.trainable = bool(trainable)
        self.collections = tuple(collections)
        self.device = device
        self.caching_device = caching_device
        self.target = target
        self.constraint = constraint
        self._initializer_desc = initializer_desc
        self.created_at = created_at
        self.synchronization = synchronization
        self.aggregation = aggregation
        self.validate_shape = validate_shape
        self.use_resource = use_resource
        self.save_slice_info: SaveSliceInfo | None = None
        self._on_assign = on_assign
        self.created_by = created_by      # the model code that made it ("tf.layers.dense"), or ""
        self.serial = next(_serials)      # creation order across the store and tf.Variable()s

    # --- identity ---------------------------------------------------------------------------------
    @property
    def initializer_desc(self) -> str:
        """Short text of what made the value, e.g. ``"glorot_uniform_initializer()"``."""
        desc = self._initializer_desc
        if type(desc) is not str:   # the initializer itself: described lazily, creation stays cheap
            desc = self._initializer_desc = describe(desc)
        return desc

    @property
    def name(self) -> str:
        """``op_name + ":0"`` (TF1: output 0 of the variable's op, normally named ``full_name``)."""
        return self.op_name + ":0"

    @property
    def op(self) -> Any:
        return OpName(self.op_name, self.device)

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def value(self) -> Any:
        """The stored array itself (device array on ``target="cuda"``; a copy fetched from its
        worker when the value is held on a cluster)."""
        value = self._value
        return value.copy_to_host() if storage.is_held(value) else value

    @property
    def held(self) -> storage.HeldValue | None:
        """The handle of a value held on a cluster worker (``scopelab.cluster``), else None."""
        value = self._value
        return value if storage.is_held(value) else None

    def _host_value(self) -> np.ndarray:
        return to_host(self._value)

    def numpy(self) -> np.ndarray:
        """A host copy of the current value."""
        return np.array(self._host_value(), copy=True)

    def read_value(self) -> np.ndarray:
        return self.numpy()

    def eval(self, session: Any = None) -> np.ndarray:  # session: TF1's signature, unused
        return self.numpy()

    @property
    def initializer(self) -> Any:
        """TF1's ``v.initializer``: the op that initializes ``v`` in the session that runs it."""
        return build_op("variable_initializer", self)

    def initialized_value(self) -> np.ndarray:
        return self.numpy()

    def _set_save_slice_info(self, info: SaveSliceInfo) -> None:
        self.save_slice_info = info

    @property
    def _save_slice_info(self) -> SaveSliceInfo | None:
        """TF's private spelling (TF1 tests read ``v._save_slice_info``)."""
        return self.save_slice_info

    # --- assignment -------------------------------------------------------------------------------
    def assign(self, value: Any, use_locking: bool = False, name: str | None = None,
               read_value: bool = True) -> Any:
        """Replace the value (same shape; dtype cast like TF's ``same_kind`` rules)."""
        new = self._coerce(value)
        if storage.is_held(self._value):
            self._value.put(new)             # the numbers stay on their worker
        else:
            if self.target != "cpu":
                from scopelab import kernels  # lazy: kernels import numba
                new = kernels.to_target(new, self.target)
            self._value = new
        if self._on_assign is not None:
            self._on_assign(self)
        return self if read_value else None

    def load(self, value: Any, session: Any = None) -> None:
        """TF1 ``Variable.load``: assign ``value`` now; in ``session`` it counts as initialized."""
        self.assign(value)
        if session is not None:
            session._mark_initialized((self,))

    def assign_add(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Any:
        return self.assign(self._host_value() + np.asarray(delta), read_value=read_value)

    def assign_sub(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Any:
        return self.assign(self._host_value() - np.asarray(delta), read_value=read_value)

    def _coerce(self, value: Any) -> np.ndarray:
        try:
            array = np.asarray(to_host(value) if hasattr(value, "copy_to_host") else value)
        except (TypeError, ValueError) as exc:
            raise InvalidArgumentTypeError(
                f"Cannot assign a value of type {type(value).__name__} to variable "
                f"{self.full_name!r}: {exc}", name=self.full_name) from None
        expected = tuple(self.shape.as_list())
        if array.shape != expected and self.validate_shape:
            raise InvalidArgumentError(
                f"Cannot assign a value of shape {TensorShape(array.shape)} to variable "
                f"{self.full_name!r}: expected shape {self.shape}, got {TensorShape(array.shape)}.",
                name=self.full_name, expected=expected, got=array.shape)
        target = self.dtype.np
        if array.dtype != target and not np.can_cast(array.dtype, target, casting="same_kind"):
            raise InvalidArgumentError(
                f"Cannot assign a value of dtype {array.dtype} to variable {self.full_name!r} "
                f"of dtype {self.dtype.name}: expected {self.dtype.name}, got {array.dtype}.",
                name=self.full_name, expected=self.dtype.name, got=str(array.dtype))
        return np.array(array, dtype=target, copy=True)

    # --- display ----------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<tf.Variable {self.name!r} shape={self.shape} dtype={self.dtype.name}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return display.mimebundle(self, include, exclude)


class PartitionedVariable(ArrayOps):
    """A variable stored as shards along one axis (TF's ``PartitionedVariable``)."""

    def __init__(self, name: str, shape: Any, dtype: Any, variable_list: Sequence[Variable],
                 partitions: Sequence[int], *, created_at: CreationSite = UNKNOWN_SITE,
                 initializer_desc: str = "", created_by: str = "") -> None:
        if not isinstance(variable_list, (list, tuple)):
            raise InvalidArgumentTypeError(f"variable_list is not a list or tuple: {variable_list}")
        if not isinstance(partitions, (list, tuple)):
            raise InvalidArgumentTypeError(f"partitions is not a list or tuple: {partitions}")
        if not all(p >= 1 for p in partitions):
            raise InvalidArgumentError(f"partition values must be positive: {partitions}")
        if not variable_list:
            raise InvalidArgumentError("variable_list may not be empty")
        missing = [v.name for v in variable_list if v.save_slice_info is None]
        if missing:
            raise InvalidArgumentError(
                f"All variables must have a save_slice_info available: {missing}")
        shape = as_shape(shape)
        if len(shape) != len(partitions):
            raise InvalidArgumentError(f"len(shape) != len(partitions): {shape} vs. {partitions}")
        full_shapes = [v.save_slice_info.full_shape for v in variable_list]
        if any(fs != shape.as_list() for fs in full_shapes):
            raise InvalidArgumentError(
                f"All variables' full shapes must match shape: {shape}; but full shapes were: "
                f"{full_shapes}")
        self.name = name
        self.full_name = name
        self.shape: TensorShape = shape
        self.dtype = as_dtype(dtype)
        self.created_by = created_by
        self._variable_list: list[Variable] = sorted(variable_list,
                                                     key=lambda v: v.save_slice_info.var_offset)
        self._partitions = partitions
        self.created_at = created_at
        self.initializer_desc = initializer_desc

    def __iter__(self) -> Iterator[Variable]:
        return iter(self._variable_list)

    def __len__(self) -> int:
        axes = self._partition_axes()
        if len(axes) > 1:
            raise InvalidArgumentError("Cannot get a length for %d > 1 partition axes" % len(axes))
        return len(self._variable_list)

    def _partition_axes(self) -> list[int]:
        if all(p == 1 for p in self._partitions):
            return [0]
        return [i for i, p in enumerate(self._partitions) if p > 1]

    def _get_variable_list(self) -> list[Variable]:
        return list(self._variable_list)

    def _get_partitions(self) -> Sequence[int]:
        return self._partitions

    @property
    def partitions(self) -> Sequence[int]:
        return self._partitions

    @property
    def trainable(self) -> bool:
        return self._variable_list[0].trainable

    @property
    def device(self) -> str:
        return self._variable_list[0].device

    @property
    def target(self) -> str:
        return self._variable_list[0].target

    def get_shape(self) -> TensorShape:
        return self.shape

    def _host_value(self) -> np.ndarray:
        axes = self._partition_axes()
        if len(axes) > 1:
            raise NotImplementedError(
                "Cannot concatenate along more than one dimension: %s.  Multi-axis partition "
                "concat is not supported" % str(axes))
        parts = [v._host_value() for v in self._variable_list]
        return parts[0].copy() if len(parts) == 1 else np.concatenate(parts, axis=axes[0])

    def as_tensor(self) -> np.ndarray:
        """The full value: the shards concatenated along the partition axis."""
        return self._host_value()

    _concat = as_tensor

    def numpy(self) -> np.ndarray:
        return self._host_value()

    def assign(self, value: Any, use_locking: bool = False, name: str | None = None,
               read_value: bool = True) -> Any:
        """Assign a list (one entry per shard), another PartitionedVariable, or a full array."""
        if isinstance(value, PartitionedVariable):
            pieces = [v._host_value() for v in value]
        elif isinstance(value, list) and value and all(
                isinstance(x, np.ndarray | Variable) for x in value):
            pieces = value                       # one array per shard
        else:
            full = np.asarray(value)
            if full.shape != tuple(self.shape.as_list()):
                raise InvalidArgumentError(
                    f"Cannot assign a value of shape {TensorShape(full.shape)} to partitioned "
                    f"variable {self.name!r}: expected shape {self.shape}, got "
                    f"{TensorShape(full.shape)}.", name=self.name)
            axis = self._partition_axes()[0]
            bounds = np.cumsum([v.shape.as_list()[axis] for v in self._variable_list])[:-1]
            pieces = np.split(full, bounds, axis=axis)
        if len(pieces) != len(self._variable_list):
            raise InvalidArgumentError(
                f"Cannot assign {len(pieces)} values to partitioned variable {self.name!r} with "
                f"{len(self._variable_list)} shards: expected {len(self._variable_list)}, got "
                f"{len(pieces)}.", name=self.name)
        coerced = [v._coerce(p) for v, p in zip(self._variable_list, pieces)]  # all or none
        storage.check_all(v._value for v in self._variable_list)   # no worker lost: all or none
        results = [v.assign(c, read_value=read_value) for v, c in zip(self._variable_list, coerced)]
        return results if read_value else None

    def __repr__(self) -> str:
        return (f"<tf.PartitionedVariable {self.name!r} shape={self.shape} "
                f"dtype={self.dtype.name} shards={len(self._variable_list)}>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return display.mimebundle(self, include, exclude)


class RegularizationLoss(ArrayOps):
    """A lazy loss: re-runs ``regularizer(variable)`` each time it is read (live value)."""

    #: the ``tf.device`` stack its op is built under (a layer's loss); None: the variable's device
    device_stack: Any = None

    def __init__(self, variable: Variable, regularizer: Callable[..., Any], name: str) -> None:
        self.variable = variable
        self.regularizer = regularizer
        self.name = name

    def _host_value(self) -> np.ndarray:
        return np.asarray(to_host(_unwrap(self.regularizer(self.variable))))

    def numpy(self) -> np.ndarray:
        return self._host_value()

    def eval(self, session: Any = None) -> np.ndarray:
        return self._host_value()

    shape = property(lambda self: TensorShape(np.shape(self._host_value())),
                     doc="The loss's static shape (a scalar), like a TF1 tensor's.")
    dtype = property(lambda self: as_dtype(self._host_value().dtype))

    def __repr__(self) -> str:
        return f"<tf.Tensor {self.name!r} (regularization loss of {self.variable.name!r})>"


class LazyTotal(ArrayOps):
    """A lazy sum of losses (``tf.losses.get_regularization_loss()``); 0.0 when empty."""

    def __init__(self, losses: Sequence[Any], name: str) -> None:
        self.losses = list(losses)
        self.name = name + ":0"

    def _host_value(self) -> np.ndarray:
        if not self.losses:
            return np.asarray(0.0, dtype=np.float32)
        total = np.asarray(self.losses[0])
        for loss in self.losses[1:]:
            total = total + np.asarray(loss)
        return np.asarray(total)

    def numpy(self) -> np.ndarray:
        return self._host_value()

    shape = property(lambda self: TensorShape(np.shape(self._host_value())),
                     doc="The total's static shape (a scalar), like a TF1 tensor's.")
    dtype = property(lambda self: as_dtype(self._host_value().dtype))

    def __repr__(self) -> str:
        return f"<tf.Tensor {self.name!r} (sum of {len(self.losses)} losses)>"


def _unwrap(value: Any) -> Any:
    return value._host_value() if isinstance(value, ArrayOps) else value
