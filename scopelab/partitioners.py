"""Partitioning: ``PartitionInfo``, shard slicing, partitioner checks, TF1's three partitioners.

A partitioner is called as ``partitioner(shape=TensorShape, dtype=DType)`` and returns one shard
count per axis, at most one of them above 1. The store (L3) uses :func:`call_partitioner` to run and
check it, :func:`slice_dim_and_num_slices` to find the split axis and :func:`iter_slices` to lay
the shards out (the first ``n % k`` shards get one extra row). Every initializer call for a shard
gets a :class:`PartitionInfo` telling it where the shard sits in the full variable.

The formulas and message texts are TF1's (``variable_scope._call_partitioner``,
``_PartitionInfo``, ``partitioned_variables.py``); each message then adds one sentence on what to
change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
import math
import operator
from typing import Any, cast

from scopelab.dtypes import DType, as_dtype
from scopelab.errors import (
    PartitionAxisError, PartitionerError, PartitionerNotCallableError, PartitionInfoError,
    PartitionInfoTypeError,
)
from scopelab.tensor_shape import TensorShape, as_shape

__all__ = [
    "PartitionInfo", "call_partitioner", "slice_dim_and_num_slices", "iter_slices",
    "fixed_size_partitioner", "variable_axis_size_partitioner", "min_max_variable_partitioner",
]


# --- PartitionInfo --------------------------------------------------------------------------------
def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _int_list(values: Sequence[Any], what: str) -> list[int]:
    try:
        return [operator.index(v) for v in values]
    except TypeError:
        raise PartitionInfoTypeError(
            f"`{what}` must hold integers, got {list(values)!r}.", value=values) from None


class PartitionInfo:
    """Where one shard sits in its partitioned variable: ``full_shape`` and ``var_offset``.

    Initializers that must see the whole variable (variance scaling, uniform unit scaling,
    identity) read ``full_shape``; the shard's own shape is the ``shape`` they are called with.
    ``variable_keys`` (scopelab) is one dict shared by the shards of one variable, where random
    initializers keep the variable's key in partition-invariant mode.
    """

    __slots__ = ("_full_shape", "_var_offset", "variable_keys")

    def __init__(self, full_shape: Sequence[int], var_offset: Sequence[int],
                 variable_keys: dict[str, Any] | None = None) -> None:
        for value, what in ((full_shape, "full_shape"), (var_offset, "var_offset")):
            if not _is_sequence(value):
                raise PartitionInfoTypeError(
                    f"`{what}` must be a sequence (like tuple or list) instead of "
                    f"{type(value).__name__}", value=value)
        full = _int_list(full_shape, "full_shape")
        offset = _int_list(var_offset, "var_offset")
        if len(offset) != len(full):
            raise PartitionInfoError(
                f"Expected equal length, but `var_offset` is of length {len(offset)} while "
                f"full_shape is of length {len(full)}. Give one offset per axis of the full "
                f"variable.", full_shape=full, var_offset=offset)
        for o, s in zip(offset, full):
            if o < 0 or o >= s:
                raise PartitionInfoError(
                    f"Expected 0 <= offset < shape but found offset={o}, shape={s} for "
                    f"var_offset={var_offset}, full_shape={full_shape}. A shard must start "
                    f"inside the variable (an empty shard means more shards than rows).",
                    full_shape=full, var_offset=offset)
        self._full_shape = full
        self._var_offset = offset
        self.variable_keys = variable_keys

    @property
    def full_shape(self) -> list[int]:
        return list(self._full_shape)

    @property
    def var_offset(self) -> list[int]:
        return list(self._var_offset)

    def single_offset(self, shape: Sequence[int]) -> int:
        """The offset along the one sliced axis of a shard of ``shape`` (0 if unsliced)."""
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self._var_offset[dim]

    def single_slice_dim(self, shape: Sequence[int]) -> int | None:
        """The one axis where a shard of ``shape`` differs from the full shape, or ``None``."""
        if not _is_sequence(shape):
            raise PartitionInfoTypeError(
                f"`shape` must be a sequence (like tuple or list) instead of "
                f"{type(shape).__name__}", value=shape)
        full = self._full_shape
        if len(shape) != len(full):
            raise PartitionInfoError(
                f"Expected equal length, but received shape={shape} of length {len(shape)} "
                f"while self.full_shape={full} is of length {len(full)}.", shape=shape)
        for i, (o, s, f) in enumerate(zip(self._var_offset, shape, full)):
            if o + s > f:
                raise PartitionInfoError(
                    f"With self.var_offset={self._var_offset}, a partition of shape={shape} "
                    f"would exceed self.full_shape={full} in dimension {i}.", shape=shape)
        slice_dim = None
        for i, (s, f) in enumerate(zip(shape, full)):
            if s == f:
                continue
            if slice_dim is not None:
                raise PartitionInfoError(
                    f"Cannot use single_slice_dim() with shape={shape} and "
                    f"self.full_shape={full} since slice dim could be either dimension "
                    f"{i} or {slice_dim}.", shape=shape)
            slice_dim = i
        return slice_dim

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartitionInfo):
            return NotImplemented
        return (self._full_shape, self._var_offset) == (other._full_shape, other._var_offset)

    def __hash__(self) -> int:
        return hash((tuple(self._full_shape), tuple(self._var_offset)))

    def __repr__(self) -> str:
        return f"PartitionInfo(full_shape={self._full_shape}, var_offset={self._var_offset})"


# --- calling and checking a partitioner -----------------------------------------------------------
_FIX_HINT = ("A partitioner must return one positive shard count per axis with at most one "
             "count above 1, e.g. tf.fixed_size_partitioner(3) returns [3, 1] for a [10, 4] "
             "variable.")


def call_partitioner(partitioner: Any, shape: Any, dtype: Any) -> Sequence[Any]:
    """Run ``partitioner(shape=, dtype=)`` and check its answer the way TF1 does.

    Returns the partitioner's raw output (the store compares it with ``!=`` on reuse).
    """
    if not callable(partitioner):
        raise PartitionerNotCallableError(partitioner)
    shape = as_shape(shape)
    if not shape.is_fully_defined():
        raise PartitionerError(
            f"Shape of a new partitioned variable must be fully defined, but instead was "
            f"{shape}. Give get_variable a shape= without None entries (a partitioner needs "
            f"sizes to split).", shape=shape)
    if shape.ndims < 1:
        raise PartitionerError(
            f"A partitioned Variable must have rank at least 1, shape: {shape}. Scalars cannot "
            f"be split; pass shape=() (a tuple) to make the partitioner be ignored.",
            shape=shape)
    try:
        slicing: Sequence[Any] = partitioner(shape=shape, dtype=as_dtype(dtype))
    except TypeError as err:
        if "keyword" in str(err):
            err.add_note("scopelab calls partitioners as partitioner(shape=TensorShape, "
                         "dtype=DType), like TF1: accept both (or **kwargs).")
        raise
    if not _is_sequence(slicing):
        raise PartitionerError(
            f"Partitioner must return a sequence, but saw: {slicing}. {_FIX_HINT}",
            partitions=slicing)
    if len(slicing) != shape.ndims:
        raise PartitionerError(
            f"Partitioner returned a partition list that does not match the Variable's rank: "
            f"{slicing} vs. {shape}. {_FIX_HINT}", partitions=slicing, shape=shape)
    try:
        counts = [operator.index(p) for p in slicing]
    except TypeError:
        raise PartitionerError(
            f"Partitioner returned non-integer partitions: {slicing}. {_FIX_HINT}",
            partitions=slicing) from None
    if any(p < 1 for p in counts):
        raise PartitionerError(
            f"Partitioner returned zero partitions for some axes: {slicing}. {_FIX_HINT}",
            partitions=slicing)
    if sum(p > 1 for p in counts) > 1:
        raise PartitionerError(
            f"Can only slice a variable along one dimension: shape: {shape}, partitioning: "
            f"{slicing}. {_FIX_HINT}", partitions=slicing, shape=shape)
    return slicing


def slice_dim_and_num_slices(partitions: Sequence[int]) -> tuple[int, int]:
    """The axis to split (the first count above 1) and the shard count; ``(0, 1)`` if none."""
    for slice_dim, num_slices in enumerate(partitions):
        if num_slices > 1:
            return slice_dim, int(num_slices)
    return 0, 1


def iter_slices(full_shape: Sequence[int], num_slices: int,
                slice_dim: int) -> Iterator[tuple[list[int], list[int]]]:
    """Yield ``(var_offset, var_shape)`` per shard; the first ``n % k`` shards get an extra row."""
    full_shape = list(full_shape)
    if not 0 <= slice_dim < len(full_shape):
        raise PartitionerError(
            f"Cannot slice axis {slice_dim} of a variable of shape {full_shape}.",
            shape=full_shape)
    n = full_shape[slice_dim]
    if num_slices < 1 or num_slices > n:
        bad_offset = [0] * len(full_shape)
        bad_offset[slice_dim] = n
        raise PartitionerError(
            f"Cannot split axis {slice_dim} of size {n} into {num_slices} shards: a shard would "
            f"be empty (Expected 0 <= offset < shape but found offset={n}, shape={n} for "
            f"var_offset={bad_offset}, full_shape={full_shape}). Use at most {n} shards along this "
            f"axis, or split another axis.", shape=full_shape, num_slices=num_slices)
    num_with_extra = n % num_slices
    min_len = n // num_slices
    offset = 0
    for i in range(num_slices):
        length = min_len + (1 if i < num_with_extra else 0)
        var_offset = [0] * len(full_shape)
        var_offset[slice_dim] = offset
        var_shape = list(full_shape)
        var_shape[slice_dim] = length
        yield var_offset, var_shape
        offset += length


# --- the three partitioners -----------------------------------------------------------------------
def _axis_length(shape: TensorShape, axis: int) -> int:
    ndims = cast(int, shape.ndims)   # the partitioners are given fully defined shapes
    if not -ndims <= axis < ndims:
        raise PartitionAxisError(
            f"Can not partition variable along axis {axis} when shape is only {shape}. Choose "
            f"an axis between 0 and {ndims - 1}.", axis=axis, shape=shape)
    return cast(int, shape.as_list()[axis])


def fixed_size_partitioner(num_shards: int, axis: int = 0) -> Any:
    """Split ``axis`` into ``min(num_shards, shape[axis])`` shards."""

    def _partitioner(shape: Any, **unused_args: Any) -> Any:
        shape = as_shape(shape)
        partitions = [1] * shape.ndims
        partitions[axis] = min(num_shards, _axis_length(shape, axis))
        return partitions

    _partitioner.__qualname__ = f"fixed_size_partitioner({num_shards}, axis={axis})"
    return _partitioner


def _element_bytes(dtype: DType, bytes_per_string_element: int) -> int:
    return bytes_per_string_element if dtype.base_dtype.is_string else dtype.size


def _check_shape_and_dtype(shape: Any, dtype: Any) -> None:
    if not isinstance(shape, TensorShape):
        raise PartitionerError(f"shape is not a TensorShape: {shape}. Pass "
                               f"tf.TensorShape({shape!r}).", shape=shape)
    if not shape.is_fully_defined():
        raise PartitionerError(f"shape is not fully defined: {shape}. Give every dimension a "
                               f"size.", shape=shape)
    if not isinstance(dtype, DType):
        raise PartitionerError(f"dtype is not a DType: {dtype}. Pass a tf dtype such as "
                               f"tf.float32.", dtype=dtype)


def variable_axis_size_partitioner(max_shard_bytes: int, axis: int = 0,
                                   bytes_per_string_element: int = 16,
                                   max_shards: int | None = None) -> Any:
    """Split ``axis`` so that each shard holds at most ``max_shard_bytes`` (at least one slice)."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise PartitionerError(
            "Both max_shard_bytes and bytes_per_string_element must be positive. Got "
            f"max_shard_bytes={max_shard_bytes}, bytes_per_string_element="
            f"{bytes_per_string_element}.", max_shard_bytes=max_shard_bytes)
    if max_shards and max_shards < 1:
        raise PartitionerError(f"max_shards must be positive. Got {max_shards}; use None for "
                               f"no limit.", max_shards=max_shards)

    def _partitioner(shape: Any, dtype: Any) -> Any:
        _check_shape_and_dtype(shape, dtype)
        length = _axis_length(shape, axis)
        if length == 0:
            raise PartitionerError(f"Cannot partition an empty axis {axis} of shape {shape}.",
                                   shape=shape)
        element_size = _element_bytes(dtype, bytes_per_string_element)
        bytes_per_slice = 1.0 * (shape.num_elements() / length) * element_size
        # How many slices fit in a shard; a slice bigger than max_shard_bytes still takes a shard.
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * length / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions = [1] * shape.ndims
        partitions[axis] = axis_shards
        return partitions

    _partitioner.__qualname__ = (f"variable_axis_size_partitioner(max_shard_bytes="
                                 f"{max_shard_bytes}, axis={axis})")
    return _partitioner


def min_max_variable_partitioner(max_partitions: int = 1, axis: int = 0,
                                 min_slice_size: int = 256 << 10,
                                 bytes_per_string_element: int = 16) -> Any:
    """Split ``axis`` into shards of >= ``min_slice_size`` bytes, at most ``max_partitions``."""

    def _partitioner(shape: Any, dtype: Any) -> Any:
        shape = as_shape(shape)
        length = _axis_length(shape, axis)
        bytes_per_element = _element_bytes(as_dtype(dtype), bytes_per_string_element)
        total_size_bytes = shape.num_elements() * bytes_per_element
        partitions = total_size_bytes / min_slice_size
        partitions_list = [1] * shape.ndims
        partitions_list[axis] = max(1, min(length, max_partitions, int(math.ceil(partitions))))
        return partitions_list

    _partitioner.__qualname__ = (f"min_max_variable_partitioner(max_partitions="
                                 f"{max_partitions}, axis={axis})")
    return _partitioner
