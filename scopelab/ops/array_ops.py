"""TF1's array ops: ``identity``, shapes (``shape``, ``rank``, ``size``), ``reshape``,
``transpose``, ``expand_dims``, ``squeeze``, ``tile``, ``pad``, ``reverse``.

``concat``, ``split``, ``stack`` and ``unstack`` are in :mod:`scopelab.ops.join_ops`.
Placeholders and value-making ops (``fill``, ``zeros``, ``ones``, ``range``) are in
:mod:`scopelab.ops.generate_ops`; gathers, ``one_hot``, ``where``, masks and band parts in
:mod:`scopelab.ops.index_ops`; slicing (``x[...]``, ``tf.slice``) in :mod:`scopelab.ops.slicing`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scopelab.dtypes import DType, as_dtype, int32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.op_def import building_op, convert_to_tensor, define_op, is_tensor_like
from scopelab.ops.shapes import UNKNOWN, axis_index, shape_from_tensor, static_value
from scopelab.ops.tensor import Tensor

__all__ = [
    "identity", "stop_gradient", "shape", "shape_n", "rank", "size", "reshape", "transpose",
    "expand_dims", "squeeze", "tile", "pad", "reverse", "reverse_v2", "newaxis",
]

newaxis = None


def _op_error(message: str, explanation: str = "") -> ValueError:
    """TF1's shape-inference error: ``<message> for '<op>' (op: '<type>').`` then ours."""
    name, op_type = building_op()
    return ValueError(f"{message} for '{name}' (op: '{op_type}')."
                      + (f" {explanation}" if explanation else ""))


def _dims_text(dims: list) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# --- identity ----------------------------------------------------------------------------------------
def _same(input: Tensor) -> tuple:
    return input.dtype, input.shape


_IDENTITY = define_op("Identity", ("input:any",), _same, lambda x: x)
_STOP_GRADIENT = define_op("StopGradient", ("input:any",), _same, lambda x: x)


def identity(input: Any, name: str | None = None) -> Tensor:
    return _IDENTITY(input, name=name)


def stop_gradient(input: Any, name: str | None = None) -> Tensor:
    return _STOP_GRADIENT(input, name=name)


# --- shape, rank, size ------------------------------------------------------------------------------
def _shape_shape(input: Tensor, *, out_type: DType) -> tuple:
    return out_type, TensorShape([input.shape.ndims])


_SHAPE = define_op("Shape", ("input:any",), _shape_shape,
                   lambda x, *, out_type: np.array(x.shape, dtype=out_type.np))
_RANK = define_op("Rank", ("input:any",), lambda x: (int32, TensorShape([])),
                  lambda x: np.array(x.ndim, dtype=np.int32))
_SIZE = define_op("Size", ("input:any",), lambda x, *, out_type: (out_type, TensorShape([])),
                  lambda x, *, out_type: np.array(x.size, dtype=out_type.np))


def shape(input: Any, name: str | None = None, out_type: Any = int32) -> Tensor:
    """The dynamic shape of ``input`` as a 1-D int32 tensor (symbolic if ``input`` is)."""
    return _SHAPE(input, name=name, out_type=as_dtype(out_type))


def shape_n(input: Any, out_type: Any = int32, name: str | None = None) -> list:
    with name_scope(name, "ShapeN"):
        return [shape(x, out_type=out_type) for x in input]


def rank(input: Any, name: str | None = None) -> Tensor:
    return _RANK(input, name=name)


def size(input: Any, name: str | None = None, out_type: Any = int32) -> Tensor:
    return _SIZE(input, name=name, out_type=as_dtype(out_type))


# --- reshape, transpose ---------------------------------------------------------------------------
def _reshape_shape(tensor: Tensor, shape: Tensor) -> tuple:
    value = static_value(shape)
    if value is None:
        return tensor.dtype, shape_from_tensor(shape)
    dims = [int(d) for d in np.reshape(value, -1)]
    if dims.count(-1) > 1:
        raise _op_error(f"Cannot infer multiple unknown dimensions in shape {dims}")
    known = math.prod(d for d in dims if d != -1)
    total = tensor.shape.num_elements()
    if -1 in dims:
        if total is not None:
            if known == 0 or total % known:
                raise _op_error(
                    f"Cannot reshape a tensor with {total} elements to shape {_dims_text(dims)} "
                    f"({known} elements)", "The other dimensions must divide the element count.")
            dims[dims.index(-1)] = total // known
        else:
            dims[dims.index(-1)] = None  # type: ignore[call-overload]  # an unknown dimension
    elif total is not None and total != known:
        raise _op_error(
            f"Cannot reshape a tensor with {total} elements to shape {_dims_text(dims)} "
            f"({known} elements)", "The new shape must hold exactly as many elements; use -1 "
            "for one dimension to infer it.")
    return tensor.dtype, TensorShape(dims)


_RESHAPE = define_op("Reshape", ("tensor:any", "shape:int"), _reshape_shape,
                     lambda x, shape: np.reshape(x, shape))


def reshape(tensor: Any, shape: Any, name: str | None = None) -> Tensor:
    return _RESHAPE(tensor, _shape_arg(shape), name=name)


def _shape_arg(value: Any) -> Any:
    """TensorShape / Dimension arguments as plain lists (TF converts TensorShapes too)."""
    if isinstance(value, TensorShape):
        return [-1 if d is None else d for d in value.as_list()]
    return value


def _transpose_shape(x: Tensor, perm: Tensor) -> tuple:
    value = static_value(perm)
    if x.shape.ndims is None:
        return x.dtype, UNKNOWN if value is None else TensorShape([None] * len(value))
    if value is None:
        return x.dtype, TensorShape([None] * x.shape.ndims)
    perm_list = [int(p) for p in value]
    if sorted(p % max(len(perm_list), 1) for p in perm_list) != list(range(len(perm_list))) \
            or len(perm_list) != x.shape.ndims:
        raise _op_error(f"Dimension must be {x.shape.ndims} but is {len(perm_list)}"
                        if len(perm_list) != x.shape.ndims else
                        f"{perm_list} is not a permutation of 0..{len(perm_list) - 1}")
    dims = x.shape.as_list()
    return x.dtype, TensorShape([dims[p] for p in perm_list])


_TRANSPOSE = define_op("Transpose", ("x:any", "perm:int"), _transpose_shape,
                       lambda x, perm: np.transpose(x, perm))


def transpose(a: Any, perm: Any = None, name: str = "transpose", conjugate: bool = False) -> Tensor:
    """``perm=None`` reverses the dimensions."""
    with name_scope(name, "transpose") as scope:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            if a.shape.ndims is None:
                r = rank(a)
                from scopelab.ops.generate_ops import range as tf_range
                perm = (r - 1) - tf_range(0, r, 1)
            else:
                perm = np.arange(a.shape.ndims - 1, -1, -1, dtype=np.int32)
        return _TRANSPOSE(a, perm, name=scope)


# --- expand_dims, squeeze, tile, pad, reverse ------------------------------------------------------
def _expand_shape(input: Tensor, dim: Tensor) -> tuple:
    d = static_value(dim)
    if input.shape.ndims is None or d is None:
        return input.dtype, UNKNOWN
    dims = input.shape.as_list()
    dims.insert(axis_index(_one_axis(d), len(dims) + 1, "dim"), 1)
    return input.dtype, TensorShape(dims)


def _one_axis(d: np.ndarray) -> int:
    flat = np.reshape(d, -1)
    if flat.size != 1:
        raise ValueError(f"'dim' input must be a tensor with a single value, got {flat.tolist()}")
    return int(flat[0])


_EXPAND = define_op("ExpandDims", ("input:any", "dim:int"), _expand_shape,
                    lambda x, d: np.expand_dims(x, _one_axis(d)))


def expand_dims(input: Any, axis: Any = None, name: str | None = None,
                dim: Any = None) -> Tensor:
    if axis is None:
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return _EXPAND(input, axis, name=name)


def _squeeze_shape(input: Tensor, *, squeeze_dims: tuple) -> tuple:
    if input.shape.ndims is None:
        return input.dtype, UNKNOWN
    dims = input.shape.as_list()
    wanted = {axis_index(a, len(dims)) for a in squeeze_dims}
    out = []
    for i, d in enumerate(dims):
        if i in wanted:
            if d is not None and d != 1:
                raise _op_error(f"Can not squeeze dim[{i}], expected a dimension of 1, got {d}")
            continue
        if not wanted and d == 1:
            continue
        if not wanted and d is None:
            return input.dtype, UNKNOWN
        out.append(d)
    return input.dtype, TensorShape(out)


def _squeeze(x: np.ndarray, *, squeeze_dims: tuple) -> np.ndarray:
    return np.squeeze(x, axis=tuple(squeeze_dims) if squeeze_dims else None)


_SQUEEZE = define_op("Squeeze", ("input:any",), _squeeze_shape, _squeeze)


def squeeze(input: Any, axis: Any = None, name: str | None = None,
            squeeze_dims: Any = None) -> Tensor:
    if axis is None:
        axis = squeeze_dims
    if isinstance(axis, int):
        axis = [axis]
    return _SQUEEZE(input, name=name, squeeze_dims=tuple(axis or ()))


def _tile_shape(input: Tensor, multiples: Tensor) -> tuple:
    m = static_value(multiples)
    if input.shape.ndims is None:
        return input.dtype, UNKNOWN
    if m is None:
        return input.dtype, TensorShape([None] * input.shape.ndims)
    if len(m) != input.shape.ndims:
        raise _op_error(f"Shape must be rank {input.shape.ndims} but is rank {len(m)}")
    return input.dtype, TensorShape([None if d is None else d * int(k)
                                     for d, k in zip(input.shape.as_list(), m)])


_TILE = define_op("Tile", ("input:any", "multiples:int"), _tile_shape, np.tile)


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:
    return _TILE(input, multiples, name=name)


def _pad_shape(input: Tensor, paddings: Tensor, constant_values: Tensor | None = None,
               *, mode: str) -> tuple:
    p = static_value(paddings)
    if input.shape.ndims is None:
        return input.dtype, UNKNOWN if p is None else TensorShape([None] * len(p))
    if p is None:
        return input.dtype, TensorShape([None] * input.shape.ndims)
    if p.shape != (input.shape.ndims, 2):
        raise _op_error(f"Shape must be rank {input.shape.ndims} but is rank {p.shape[0]}"
                        if p.ndim == 2 else "paddings must be a matrix with 2 columns")
    return input.dtype, TensorShape([None if d is None else d + int(a) + int(b)
                                     for d, (a, b) in zip(input.shape.as_list(), p)])


def _pad(x: np.ndarray, paddings: np.ndarray, constant_values: Any = 0, *, mode: str) -> np.ndarray:
    pads = [(int(a), int(b)) for a, b in paddings]
    if mode == "CONSTANT":
        return np.pad(x, pads, mode="constant", constant_values=constant_values)
    return np.pad(x, pads, mode="reflect" if mode == "REFLECT" else "symmetric")


_PAD = define_op("Pad", ("input:any", "paddings:int"), _pad_shape, _pad)
_PADV2 = define_op("PadV2", ("input:T", "paddings:int", "constant_values:T"), _pad_shape, _pad)
_MIRROR_PAD = define_op("MirrorPad", ("input:any", "paddings:int"), _pad_shape, _pad)


def pad(tensor: Any, paddings: Any, mode: str = "CONSTANT", name: str | None = None,
        constant_values: Any = 0) -> Tensor:
    mode = mode.upper()
    if mode == "CONSTANT":
        if not is_tensor_like(constant_values) and np.all(np.asarray(constant_values) == 0):
            return _PAD(tensor, paddings, name=name, mode=mode)
        return _PADV2(tensor, paddings, constant_values, name=name, mode=mode)
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    return _MIRROR_PAD(tensor, paddings, name=name, mode=mode)


def _reverse_shape(tensor: Tensor, axis: Tensor) -> tuple:
    return tensor.dtype, tensor.shape


_REVERSE = define_op("ReverseV2", ("tensor:any", "axis:int"), _reverse_shape,
                     lambda x, axis: np.flip(x, tuple(int(a) for a in np.reshape(axis, -1))))


def reverse(tensor: Any, axis: Any, name: str | None = None) -> Tensor:
    return _REVERSE(tensor, axis, name=name)


reverse_v2 = reverse
