"""Joining and splitting: ``concat``, ``split`` (``Split`` / ``SplitV``), ``stack`` (``Pack``,
also TF's autopacking of lists that contain tensors) and ``unstack``."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.array_ops import _dims_text, _op_error, identity
from scopelab.ops.op_def import convert_to_tensor, define_op, is_tensor_like
from scopelab.ops.shapes import UNKNOWN, axis_index, static_value
from scopelab.ops.tensor import Tensor

__all__ = ["concat", "split", "stack", "unstack", "PACK"]


def _concat_shape(values: list, axis: Tensor) -> tuple:
    dtype = values[0].dtype
    axis_value = static_value(axis)
    ranks = {t.shape.ndims for t in values if t.shape.ndims is not None}
    if len(ranks) > 1:
        raise _op_error(f"Shape must be rank {min(ranks)} but is rank {max(ranks)}")
    if not ranks:
        return dtype, UNKNOWN
    r = ranks.pop()
    if axis_value is None:
        return dtype, TensorShape([None] * r)
    a = axis_index(int(axis_value), r)
    out = values[0].shape.as_list()
    out[a] = 0
    for t in values:
        dims = t.shape.as_list() if t.shape.ndims is not None else [None] * r
        for i, d in enumerate(dims):
            if i == a:
                out[a] = None if out[a] is None or d is None else out[a] + d
            elif out[i] is None:
                out[i] = d
            elif d is not None and d != out[i]:
                first = [x for j, x in enumerate(out) if j != a]
                other = [x for j, x in enumerate(dims) if j != a]
                raise _op_error(
                    f"Dimension {i - (i > a)} in both shapes must be equal, but are {out[i]} and "
                    f"{d}. Shapes are {_dims_text(first)} and {_dims_text(other)}.",
                    f"All inputs of concat must agree except along axis {a}.")
    return dtype, TensorShape(out)


_CONCAT = define_op("ConcatV2", ("*values:T", "axis:int"), _concat_shape,
                    lambda values, axis: np.concatenate(values, axis=int(axis)))


def concat(values: Any, axis: Any, name: str = "concat") -> Tensor:
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name):
            return identity(values[0], name=name)
    return _CONCAT(list(values), axis, name=name)


def _split_shape(axis: Tensor, value: Tensor, *, num_split: int) -> list:
    a = static_value(axis)
    if value.shape.ndims is None or a is None:
        part = UNKNOWN if value.shape.ndims is None else TensorShape([None] * value.shape.ndims)
        return [(value.dtype, part)] * num_split
    a = axis_index(int(a), value.shape.ndims)
    dims = value.shape.as_list()
    if dims[a] is not None:
        if dims[a] % num_split:
            raise _op_error(f"Dimension size must be evenly divisible by {num_split} but is "
                            f"{dims[a]}")
        dims[a] //= num_split
    return [(value.dtype, TensorShape(dims))] * num_split


_SPLIT = define_op("Split", ("split_dim:int", "value:any"), _split_shape,
                   lambda axis, x, *, num_split: tuple(np.split(x, num_split, axis=int(axis))))


def _splitv_shape(value: Tensor, size_splits: Tensor, axis: Tensor, *, num_split: int) -> list:
    sizes, a = static_value(size_splits), static_value(axis)
    if value.shape.ndims is None or a is None:
        part = UNKNOWN if value.shape.ndims is None else TensorShape([None] * value.shape.ndims)
        return [(value.dtype, part)] * num_split
    a = axis_index(int(a), value.shape.ndims)
    out = []
    sizes_list = [None] * num_split if sizes is None else [int(s) for s in sizes]
    total = value.shape.as_list()[a]
    if sizes is not None and -1 in sizes_list and total is not None:
        sizes_list[sizes_list.index(-1)] = total - sum(s for s in sizes_list if s != -1)
    elif sizes is not None and total is not None and sum(sizes_list) != total:
        raise _op_error(f"Determined shape must either match input shape along split_dim "
                        f"exactly if fully specified, or be less than the size of the input "
                        f"along split_dim if not fully specified.  Got: {sum(sizes_list)}")
    for s in sizes_list:
        dims = value.shape.as_list()
        dims[a] = None if s is None or s < 0 else s
        out.append((value.dtype, TensorShape(dims)))
    return out


def _splitv(x: np.ndarray, sizes: np.ndarray, axis: np.ndarray, *, num_split: int) -> tuple:
    a = int(axis)
    sizes = [int(s) for s in sizes]
    if -1 in sizes:
        sizes[sizes.index(-1)] = x.shape[a] - sum(s for s in sizes if s != -1)
    return tuple(np.split(x, np.cumsum(sizes)[:-1], axis=a))


_SPLITV = define_op("SplitV", ("value:any", "size_splits:int", "split_dim:int"), _splitv_shape,
                    _splitv)


def split(value: Any, num_or_size_splits: Any, axis: Any = 0, num: int | None = None,
          name: str = "split") -> list:
    """An int splits evenly (``Split``); a list gives the sizes (``SplitV``)."""
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(num_or_size_splits, bool):
        return list(_SPLIT(axis, value, name=name, num_split=int(num_or_size_splits)))
    sizes = convert_to_tensor(num_or_size_splits, name="num_or_size_splits") \
        if not is_tensor_like(num_or_size_splits) else num_or_size_splits
    count = num
    if count is None:
        count = sizes.shape.as_list()[0] if sizes.shape.ndims == 1 else None
    if count is None:
        raise ValueError(f"Cannot infer num from shape {sizes.shape}")
    return list(_SPLITV(value, sizes, axis, name=name, num_split=int(count)))


def _pack_shape(values: list, *, axis: int) -> tuple:
    shape = values[0].shape
    for t in values[1:]:
        if not shape.is_compatible_with(t.shape):
            if shape.ndims != t.shape.ndims:
                raise _op_error(f"Shapes must be equal rank, but are {shape.ndims} and "
                                f"{t.shape.ndims}", "stack needs inputs of one shape.")
            i = _first_diff(shape, t.shape)
            raise _op_error(
                f"Dimension {i} in both shapes must be equal, but are {shape.as_list()[i]} and "
                f"{t.shape.as_list()[i]}. Shapes are {_dims_text(shape.as_list())} and "
                f"{_dims_text(t.shape.as_list())}.", "stack needs inputs of one shape.")
        shape = shape.merge_with(t.shape)
    if shape.ndims is None:
        return values[0].dtype, UNKNOWN
    dims = shape.as_list()
    a = axis_index(axis, len(dims) + 1)
    dims.insert(a, len(values))
    return values[0].dtype, TensorShape(dims)


def _first_diff(a: TensorShape, b: TensorShape) -> int:
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            return i
    return 0


PACK = define_op("Pack", ("*values:T",), _pack_shape,
                 lambda values, *, axis: np.stack(values, axis=axis))


def stack(values: Any, axis: int = 0, name: str = "stack") -> Tensor:
    if axis == 0:
        if not any(is_tensor_like(v) for v in values):
            try:
                return convert_to_tensor(values, name=name)
            except (TypeError, ValueError):
                pass
    return PACK(list(values), name=name, axis=int(axis))


def _unpack_shape(value: Tensor, *, num: int, axis: int) -> list:
    if value.shape.ndims is None:
        return [(value.dtype, UNKNOWN)] * num
    dims = value.shape.as_list()
    a = axis_index(axis, len(dims))
    del dims[a]
    return [(value.dtype, TensorShape(dims))] * num


_UNPACK = define_op("Unpack", ("value:any",), _unpack_shape,
                    lambda x, *, num, axis: tuple(np.moveaxis(x, axis, 0)))


def unstack(value: Any, num: int | None = None, axis: int = 0, name: str = "unstack") -> list:
    value = convert_to_tensor(value)
    if num is None:
        if value.shape.ndims is None:
            raise ValueError(f"Cannot infer num from shape {value.shape}")
        num = value.shape.as_list()[axis_index(axis, value.shape.ndims)]
        if num is None:
            raise ValueError(f"Cannot infer num from shape {value.shape}")
    return list(_UNPACK(value, name=name, num=int(num), axis=int(axis)))
