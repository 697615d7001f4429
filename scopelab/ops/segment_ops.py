"""Segment reductions (``segment_sum`` … over sorted ids, ``unsorted_segment_sum`` … over any ids)
and ``scatter_nd``, with TF's static shapes and its run-time checks of the ids."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError
from scopelab.tensor_shape import TensorShape

from scopelab.ops import math_ops
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.shapes import shape_from_tensor, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod",
           "unsorted_segment_sum", "unsorted_segment_max", "unsorted_segment_min",
           "unsorted_segment_prod", "unsorted_segment_mean", "scatter_nd"]

# What an empty segment holds, per reduction (TF: 0 for sorted ids; the identity, or the
# dtype's lowest/highest value for max/min, for unsorted ids).
_REDUCERS = {
    "sum": (np.add, lambda dt: 0),
    "prod": (np.multiply, lambda dt: 1),
    "max": (np.maximum, lambda dt: np.finfo(dt).min if dt.kind == "f" else np.iinfo(dt).min),
    "min": (np.minimum, lambda dt: np.finfo(dt).max if dt.kind == "f" else np.iinfo(dt).max),
}


def _reduce_segments(data: np.ndarray, ids: np.ndarray, count: int, kind: str) -> np.ndarray:
    ufunc, empty = _REDUCERS["sum" if kind == "mean" else kind]
    flat_ids = ids.reshape(-1)
    rows = data.reshape((flat_ids.size,) + data.shape[ids.ndim:])
    keep = flat_ids >= 0                         # TF drops negative ids
    out = np.full((count,) + rows.shape[1:], empty(data.dtype), dtype=data.dtype)
    ufunc.at(out, flat_ids[keep], rows[keep])
    if kind == "mean":
        seen = np.bincount(flat_ids[keep], minlength=count).reshape((count,) + (1,) * (rows.ndim - 1))
        out = out / np.maximum(seen, 1)
    return out.astype(data.dtype)


# --- sorted ids --------------------------------------------------------------------------------------
def _segment_shape(data: Tensor, segment_ids: Tensor) -> tuple:
    name, op_type = building_op()
    if segment_ids.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {segment_ids.shape.ndims} for "
                         f"'{name}' (op: '{op_type}') with input shapes: "
                         f"{tf_shape_text(data.shape)}, {tf_shape_text(segment_ids.shape)}.")
    if data.shape.ndims is None:
        return data.dtype, TensorShape(None)
    if data.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{name}' (op: "
                         f"'{op_type}').")
    return data.dtype, TensorShape([None, *data.shape.as_list()[1:]])


def _segment(kind: str) -> Any:
    def compute(data: np.ndarray, ids: np.ndarray) -> np.ndarray:
        if ids.size and np.any(np.diff(ids) < 0):
            raise InvalidArgumentError("segment ids are not increasing")
        if ids.size and ids[0] < 0:
            raise InvalidArgumentError(f"segment ids must be >= 0, got {ids[0]}")
        if ids.size != data.shape[0]:
            raise InvalidArgumentError(f"segment_ids should be the same size as dimension 0 of "
                                       f"input, got {ids.size} ids for {data.shape[0]} rows.")
        count = int(ids[-1]) + 1 if ids.size else 0
        out = _reduce_segments(data, ids, count, kind)
        if kind in ("max", "min"):      # TF: an empty sorted segment is 0 (a product's is 1)
            out[np.bincount(ids, minlength=count) == 0] = 0
        return out
    return compute


def _segment_op(op_type: str, kind: str) -> Any:
    op = define_op(op_type, ("data:any", "segment_ids:int"), _segment_shape, _segment(kind))

    def public(data: Any, segment_ids: Any, name: str | None = None) -> Tensor:
        return op(data, segment_ids, name=name)
    public.__name__ = public.__qualname__ = f"segment_{kind}"
    public.__doc__ = f"TF's ``{op_type}``: the {kind} of the rows of each (sorted) segment id."
    return public


segment_sum = _segment_op("SegmentSum", "sum")
segment_mean = _segment_op("SegmentMean", "mean")
segment_max = _segment_op("SegmentMax", "max")
segment_min = _segment_op("SegmentMin", "min")
segment_prod = _segment_op("SegmentProd", "prod")


# --- unsorted ids ------------------------------------------------------------------------------------
def _unsorted_shape(data: Tensor, segment_ids: Tensor, num_segments: Tensor) -> tuple:
    name, op_type = building_op()
    count = static_value(num_segments)
    first = None if count is None else int(count)
    if data.shape.ndims is None or segment_ids.shape.ndims is None:
        return data.dtype, TensorShape(None)
    ids_dims = segment_ids.shape.as_list()
    if not TensorShape(data.shape.as_list()[:len(ids_dims)]).is_compatible_with(ids_dims) or \
            data.shape.ndims < len(ids_dims):
        raise ValueError(f"Dimensions must be equal for '{name}' (op: '{op_type}') with input "
                         f"shapes: {tf_shape_text(data.shape)}, "
                         f"{tf_shape_text(segment_ids.shape)}, []: segment_ids.shape must be a "
                         f"prefix of data.shape.")
    return data.dtype, TensorShape([first, *data.shape.as_list()[len(ids_dims):]])


def _unsorted(kind: str) -> Any:
    def compute(data: np.ndarray, ids: np.ndarray, num_segments: np.ndarray) -> np.ndarray:
        count = int(num_segments)
        bad = ids[ids >= count]
        if bad.size:
            raise InvalidArgumentError(f"segment_ids[{int(np.argmax(ids.reshape(-1) >= count))}] "
                                       f"= {int(bad[0])} is out of range [0, {count})")
        return _reduce_segments(data, ids, count, kind)
    return compute


def _unsorted_op(op_type: str, kind: str) -> Any:
    op = define_op(op_type, ("data:any", "segment_ids:int", "num_segments:int"),
                   _unsorted_shape, _unsorted(kind))

    def public(data: Any, segment_ids: Any, num_segments: Any, name: str | None = None) -> Tensor:
        return op(data, segment_ids, num_segments, name=name)
    public.__name__ = public.__qualname__ = f"unsorted_segment_{kind}"
    public.__doc__ = f"TF's ``{op_type}``: per id in ``[0, num_segments)`` (negative ids dropped)."
    return public


unsorted_segment_sum = _unsorted_op("UnsortedSegmentSum", "sum")
unsorted_segment_max = _unsorted_op("UnsortedSegmentMax", "max")
unsorted_segment_min = _unsorted_op("UnsortedSegmentMin", "min")
unsorted_segment_prod = _unsorted_op("UnsortedSegmentProd", "prod")


def unsorted_segment_mean(data: Any, segment_ids: Any, num_segments: Any,
                          name: str | None = None) -> Tensor:
    """Sum over count (``UnsortedSegmentMean/truediv``); an empty segment is 0."""
    from scopelab.scope import name_scope
    with name_scope(name, "UnsortedSegmentMean"):
        data = convert_to_tensor(data, name="data")
        ids = convert_to_tensor(segment_ids, name="segment_ids")
        ones = math_ops.cast(ids >= 0, data.dtype) if ids.shape.ndims is not None else None
        total = unsorted_segment_sum(data, ids, num_segments)
        count = unsorted_segment_sum(ones, ids, num_segments)
        while count.shape.ndims is not None and total.shape.ndims is not None and \
                count.shape.ndims < total.shape.ndims:
            from scopelab.ops.array_ops import expand_dims
            count = expand_dims(count, -1)
        return math_ops.truediv(total, math_ops.maximum(count, 1))


# --- scatter_nd -------------------------------------------------------------------------------------
def _scatter_nd_shape(indices: Tensor, updates: Tensor, shape: Tensor) -> tuple:
    name, op_type = building_op()
    out = shape_from_tensor(shape)
    if indices.shape.ndims is not None and updates.shape.ndims is not None and \
            out.ndims is not None:
        depth = indices.shape.as_list()[-1]
        outer = indices.shape.as_list()[:-1]
        if depth is not None:
            want = TensorShape(outer + out.as_list()[depth:])
            if not want.is_compatible_with(updates.shape):
                raise ValueError(
                    f"Dimensions [0,{len(outer)}) of updates[shape={updates.shape.as_list()}] = "
                    f"{updates.shape.as_list()[:len(outer)]} must match dimensions [0,"
                    f"{len(outer)}) of indices[shape={indices.shape.as_list()}] = {outer} for "
                    f"'{name}' (op: '{op_type}'): updates must have shape "
                    f"indices.shape[:-1] + shape[indices.shape[-1]:].")
    return updates.dtype, out


def _scatter_nd(indices: np.ndarray, updates: np.ndarray, shape: np.ndarray) -> np.ndarray:
    target = tuple(int(s) for s in shape)
    out = np.zeros(target, dtype=updates.dtype)
    depth = indices.shape[-1]
    flat = indices.reshape(-1, depth)
    for i, index in enumerate(flat):
        if np.any(index < 0) or np.any(index >= np.array(target[:depth])):
            raise InvalidArgumentError(
                f"indices[{i}] = [{', '.join(str(int(v)) for v in index)}] does not index into "
                f"shape [{','.join(str(s) for s in target)}]")
    rows = updates.reshape((flat.shape[0],) + target[depth:])
    np.add.at(out, tuple(flat.T), rows)
    return out


_SCATTER_ND = define_op("ScatterNd", ("indices:int", "updates:any", "shape:int"),
                        _scatter_nd_shape, _scatter_nd)


def scatter_nd(indices: Any, updates: Any, shape: Any, name: str | None = None) -> Tensor:
    """Zeros of ``shape`` with ``updates`` added at ``indices`` (duplicates add up)."""
    return _SCATTER_ND(indices, updates, shape, name=name)
