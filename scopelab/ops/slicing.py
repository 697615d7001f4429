"""Slicing: ``x[...]`` (TF1's ``_slice_helper``), ``tf.strided_slice`` and ``tf.slice``.

``x[1:, ..., tf.newaxis, ::-1, 0]`` becomes one ``StridedSlice`` op whose begin/end/strides are
packed into ``strided_slice/stack``, ``stack_1``, ``stack_2`` and whose masks say which entries are
open (``begin_mask``/``end_mask``), the ellipsis, new axes and shrunk (integer) axes, as in TF. The
static shape follows Python's slice rules on known dimensions.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError
from scopelab.tensor_shape import TensorShape

from scopelab.ops.join_ops import stack
from scopelab.ops.op_def import building_op, define_op, is_tensor_like
from scopelab.ops.shapes import UNKNOWN, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["strided_slice", "strided_slice_from_key", "slice"]

_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _index_spec(begin: Any, end: Any, strides: Any, masks: dict, rank: int) -> list:
    """Per input dimension: ("slice", b, e, s) | ("index", i) | ("new",); ellipsis expanded."""
    n = len(begin)
    ellipsis = masks["ellipsis_mask"]
    new_axis = masks["new_axis_mask"]
    explicit = sum(1 for i in range(n) if not (ellipsis >> i) & 1 and not (new_axis >> i) & 1)
    out: list = []
    seen_ellipsis = False
    for i in range(n):
        bit = 1 << i
        if ellipsis & bit and not seen_ellipsis:
            seen_ellipsis = True
            out.extend([("slice", None, None, 1)] * max(rank - explicit, 0))
        elif new_axis & bit:
            out.append(("new",))
        elif masks["shrink_axis_mask"] & bit:
            out.append(("index", None if begin[i] is None else int(begin[i])))
        else:
            b = None if masks["begin_mask"] & bit or begin[i] is None else int(begin[i])
            e = None if masks["end_mask"] & bit or end[i] is None else int(end[i])
            s = None if strides[i] is None else int(strides[i])
            out.append(("slice", b, e, s, begin[i] is None and not masks["begin_mask"] & bit,
                        end[i] is None and not masks["end_mask"] & bit))
    used = sum(1 for item in out if item[0] != "new")
    out.extend([("slice", None, None, 1)] * max(rank - used, 0))
    return out


def _strided_shape(input: Tensor, begin: Tensor, end: Tensor, strides: Tensor,
                   **masks: int) -> tuple:
    n = begin.shape.as_list()[0] if begin.shape.ndims == 1 else None
    if n is None or input.shape.ndims is None:
        return input.dtype, UNKNOWN
    b, e, s = (static_value(t) for t in (begin, end, strides))
    b = [None] * n if b is None else list(b)
    e = [None] * n if e is None else list(e)
    s = [None] * n if s is None else list(s)
    dims = input.shape.as_list()
    out: list[int | None] = []
    axis = 0
    for item in _index_spec(b, e, s, masks, len(dims)):
        if item[0] == "new":
            out.append(1)
            continue
        dim = dims[axis] if axis < len(dims) else None
        if item[0] == "index":
            if item[1] is not None and dim is not None and not -dim <= item[1] < dim:
                name, op_type = building_op()
                raise ValueError(
                    f"slice index {item[1]} of dimension {axis} out of bounds. for '{name}' "
                    f"(op: '{op_type}') with input shapes: {tf_shape_text(input.shape)}. "
                    f"Valid indices are -{dim}..{dim - 1}.")
        else:
            _, lo, hi, step = item[:4]
            unknown_bounds = len(item) > 4 and (item[4] or item[5])
            if step == 0:
                raise ValueError("strides[0] must be non-zero")
            if dim is None or step is None or unknown_bounds:
                out.append(None)
            else:
                out.append(len(range(*builtins.slice(lo, hi, step).indices(dim))))
        axis += 1
    return input.dtype, TensorShape(out)


def _strided_compute(x: np.ndarray, begin: np.ndarray, end: np.ndarray, strides: np.ndarray,
                     **masks: int) -> np.ndarray:
    index: list[Any] = []
    axis = 0
    for item in _index_spec(list(begin), list(end), list(strides), masks, x.ndim):
        if item[0] == "new":
            index.append(None)
            continue
        if item[0] == "index":
            dim = x.shape[axis]
            if not -dim <= item[1] < dim:
                raise InvalidArgumentError(
                    f"slice index {item[1]} of dimension {axis} out of bounds.")
            index.append(item[1])
        else:
            index.append(builtins.slice(item[1], item[2], item[3]))
        axis += 1
    return np.asarray(x[tuple(index)])


_STRIDED = define_op("StridedSlice", ("input:any", "begin:int", "end:int", "strides:int"),
                     _strided_shape, _strided_compute)


def strided_slice(input_: Any, begin: Any, end: Any, strides: Any = None, begin_mask: int = 0,
                  end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                  shrink_axis_mask: int = 0, var: Any = None, name: str | None = None) -> Tensor:
    if strides is None:
        from scopelab.ops.generate_ops import ones_like
        strides = ones_like(begin)
    return _STRIDED(input_, begin, end, strides, name=name, begin_mask=begin_mask,
                    end_mask=end_mask, ellipsis_mask=ellipsis_mask, new_axis_mask=new_axis_mask,
                    shrink_axis_mask=shrink_axis_mask)


def strided_slice_from_key(tensor: Tensor, key: Any) -> Tensor:
    """``tensor[key]`` as TF1 builds it."""
    if not isinstance(key, (list, tuple)):   # TF1 reads a list as a tuple of indices too
        key = (key,)
    begin, end, strides = [], [], []
    masks = dict.fromkeys(_MASKS, 0)
    for index, s in enumerate(key):
        bit = 1 << index
        if isinstance(s, builtins.slice):
            for value in (s.start, s.stop, s.step):
                _check_index(value, allow_none=True)
            begin.append(0 if s.start is None else s.start)
            end.append(0 if s.stop is None else s.stop)
            strides.append(1 if s.step is None else s.step)
            if s.start is None:
                masks["begin_mask"] |= bit
            if s.stop is None:
                masks["end_mask"] |= bit
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        else:
            _check_index(s, allow_none=False)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            masks["shrink_axis_mask"] |= bit
    from scopelab.scope import name_scope
    with name_scope(None, "strided_slice") as scope:
        packed = [stack(v, name="stack") for v in (begin, end, strides)] if begin else \
            [np.zeros(0, np.int32)] * 3
        return _STRIDED(tensor, *packed, name=scope, **masks)


def _check_index(value: Any, allow_none: bool) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return
    if is_tensor_like(value) and getattr(value, "dtype", None) is not None and \
            value.dtype.name in ("int32", "int64"):
        return
    raise TypeError(
        f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
        f"tf.int32/tf.int64 tensors are valid indices, got {value!r}. For a list of indices use "
        f"tf.gather(x, indices); for a boolean mask use tf.boolean_mask(x, mask).")


def _slice_shape(input: Tensor, begin: Tensor, size: Tensor) -> tuple:
    b, s = static_value(begin), static_value(size)
    if input.shape.ndims is None:
        n = size.shape.as_list()[0] if size.shape.ndims == 1 else None
        return input.dtype, UNKNOWN if n is None else TensorShape([None] * n)
    dims = input.shape.as_list()
    if s is None:
        return input.dtype, TensorShape([None] * len(dims))
    out = []
    for i, (d, k) in enumerate(zip(dims, s)):
        if k >= 0:
            out.append(int(k))
        elif d is None or b is None:
            out.append(None)
        else:
            out.append(d - int(b[i]))
    return input.dtype, TensorShape(out)


def _slice(x: np.ndarray, begin: np.ndarray, size: np.ndarray) -> np.ndarray:
    index = tuple(builtins.slice(int(b), None if k < 0 else int(b) + int(k))
                  for b, k in zip(begin, size))
    for axis, (b, k) in enumerate(zip(begin, size)):
        if b < 0 or (k >= 0 and b + k > x.shape[axis]):
            raise InvalidArgumentError(
                f"Expected size[{axis}] in [0, {x.shape[axis] - b}], but got {k}")
    return x[index]


_SLICE = define_op("Slice", ("input:any", "begin:int", "size:int"), _slice_shape, _slice)


def slice(input_: Any, begin: Any, size: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's public name
    return _SLICE(input_, begin, size, name=name)
