"""TF1's array ops: placeholders, ``identity``, shapes (``shape``, ``rank``, ``size``), ``reshape``,
``transpose``, ``concat``, ``split``, ``stack``, ``unstack``, ``expand_dims``, ``squeeze``,
``tile``, ``pad``, ``fill``, ``zeros``/``ones`` (and ``_like``), ``reverse``.

Gathers, ``one_hot``, ``where``, masks and band parts are in :mod:`scopelab.ops.index_ops`;
slicing (``x[...]``, ``tf.slice``, ``tf.strided_slice``) in :mod:`scopelab.ops.slicing`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scopelab.dtypes import DType, as_dtype, float32, int32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape, as_shape

from scopelab.ops.evaluate import MissingFeed
from scopelab.ops.op_def import building_op, constant, convert_to_tensor, define_op, is_tensor_like
from scopelab.ops.shapes import (
    UNKNOWN, axis_index, shape_from_tensor, static_value, tf_shape_text,
)
from scopelab.ops.tensor import Tensor

__all__ = [
    "placeholder", "placeholder_with_default", "identity", "stop_gradient", "shape", "shape_n",
    "rank", "size", "reshape", "transpose", "concat", "split", "stack", "unstack", "expand_dims",
    "squeeze", "tile", "pad", "fill", "zeros", "ones", "zeros_like", "ones_like", "reverse",
    "reverse_v2", "newaxis", "PACK",
]

newaxis = None


def _op_error(message: str, explanation: str = "") -> ValueError:
    """TF1's shape-inference error: ``<message> for '<op>' (op: '<type>').`` then ours."""
    name, op_type = building_op()
    return ValueError(f"{message} for '{name}' (op: '{op_type}')."
                      + (f" {explanation}" if explanation else ""))


def _dims_text(dims: list) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# --- placeholders -------------------------------------------------------------------------------------
def _placeholder_shape(*, dtype: DType, shape: TensorShape) -> tuple:
    return dtype, shape


def _placeholder_compute(*, dtype: DType, shape: TensorShape) -> np.ndarray:
    raise MissingFeed


_PLACEHOLDER = define_op("Placeholder", (), _placeholder_shape, _placeholder_compute, pure=False,
                         eager=False)


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """A tensor whose value is fed in ``Session.run`` (``None`` dims and unknown rank allowed)."""
    return _PLACEHOLDER(name=name, dtype=as_dtype(dtype), shape=as_shape(shape))


def _with_default_shape(input: Tensor, *, shape: TensorShape) -> tuple:  # noqa: A002
    if not shape.is_compatible_with(input.shape):
        raise ValueError(
            f"Shapes {input.shape} and {shape} are incompatible: the default value of a "
            f"placeholder_with_default must fit its shape.")
    return input.dtype, shape


_WITH_DEFAULT = define_op("PlaceholderWithDefault", ("input:any",), _with_default_shape,
                          lambda x, *, shape: x, pure=False)


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """A placeholder that takes ``input`` when not fed (its value may change per run)."""
    return _WITH_DEFAULT(input, name=name, shape=as_shape(shape))


# --- identity ----------------------------------------------------------------------------------------
def _same(input: Tensor) -> tuple:  # noqa: A002
    return input.dtype, input.shape


_IDENTITY = define_op("Identity", ("input:any",), _same, lambda x: x)
_STOP_GRADIENT = define_op("StopGradient", ("input:any",), _same, lambda x: x)


def identity(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _IDENTITY(input, name=name)


def stop_gradient(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _STOP_GRADIENT(input, name=name)


# --- shape, rank, size ------------------------------------------------------------------------------
def _shape_shape(input: Tensor, *, out_type: DType) -> tuple:  # noqa: A002
    return out_type, TensorShape([input.shape.ndims])


_SHAPE = define_op("Shape", ("input:any",), _shape_shape,
                   lambda x, *, out_type: np.array(x.shape, dtype=out_type.np))
_RANK = define_op("Rank", ("input:any",), lambda input: (int32, TensorShape([])),
                  lambda x: np.array(x.ndim, dtype=np.int32))
_SIZE = define_op("Size", ("input:any",), lambda input, *, out_type: (out_type, TensorShape([])),
                  lambda x, *, out_type: np.array(x.size, dtype=out_type.np))


def shape(input: Any, name: str | None = None, out_type: Any = int32) -> Tensor:  # noqa: A002
    """The dynamic shape of ``input`` as a 1-D int32 tensor (symbolic if ``input`` is)."""
    return _SHAPE(input, name=name, out_type=as_dtype(out_type))


def shape_n(input: Any, out_type: Any = int32, name: str | None = None) -> list:  # noqa: A002
    with name_scope(name, "ShapeN"):
        return [shape(x, out_type=out_type) for x in input]


def rank(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _RANK(input, name=name)


def size(input: Any, name: str | None = None, out_type: Any = int32) -> Tensor:  # noqa: A002
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
            dims[dims.index(-1)] = None  # type: ignore[call-overload]
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
                from scopelab.ops.math_ops import range as tf_range
                perm = (r - 1) - tf_range(0, r, 1)
            else:
                perm = np.arange(a.shape.ndims - 1, -1, -1, dtype=np.int32)
        return _TRANSPOSE(a, perm, name=scope)


# --- concat, split, stack, unstack --------------------------------------------------------------------
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


# --- expand_dims, squeeze, tile, pad, reverse ------------------------------------------------------
def _expand_shape(input: Tensor, dim: Tensor) -> tuple:  # noqa: A002
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


def expand_dims(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
                dim: Any = None) -> Tensor:
    if axis is None:
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return _EXPAND(input, axis, name=name)


def _squeeze_shape(input: Tensor, *, squeeze_dims: tuple) -> tuple:  # noqa: A002
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


def squeeze(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
            squeeze_dims: Any = None) -> Tensor:
    if axis is None:
        axis = squeeze_dims
    if isinstance(axis, int):
        axis = [axis]
    return _SQUEEZE(input, name=name, squeeze_dims=tuple(axis or ()))


def _tile_shape(input: Tensor, multiples: Tensor) -> tuple:  # noqa: A002
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


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _TILE(input, multiples, name=name)


def _pad_shape(input: Tensor, paddings: Tensor, constant_values: Tensor | None = None,  # noqa: A002
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


# --- fill, zeros, ones -------------------------------------------------------------------------------
def _fill_shape(dims: Tensor, value: Tensor) -> tuple:
    return value.dtype, shape_from_tensor(dims)


_FILL = define_op("Fill", ("dims:int", "value:any"), _fill_shape,
                  lambda dims, value: np.full(tuple(int(d) for d in dims), value))


def fill(dims: Any, value: Any, name: str | None = None) -> Tensor:
    return _FILL(_shape_arg(dims), value, name=name)


def _filled(fill_value: int, shape: Any, dtype: Any, name: str | None, default: str) -> Tensor:
    dtype = as_dtype(dtype)
    with name_scope(name, default) as scope:
        value = np.zeros((), dtype=dtype.np) + fill_value if not dtype.is_string else b""
        if not is_tensor_like(shape) and not _contains_tensor(shape):
            dims = as_shape(shape)
            if dims.is_fully_defined() and dims.num_elements() < 1000:
                return constant(value, dtype=dtype, shape=dims.as_list(), name=scope)
        shape = convert_to_tensor(_shape_arg(shape), dtype=int32, name="shape")
        if shape.shape.ndims == 0:
            shape = reshape(shape, [-1])
        return fill(shape, constant(value, dtype=dtype), name=scope)


def _contains_tensor(shape: Any) -> bool:
    return isinstance(shape, (list, tuple)) and any(is_tensor_like(d) for d in shape)


def zeros(shape: Any, dtype: Any = float32, name: str | None = None) -> Tensor:
    return _filled(0, shape, dtype, name, "zeros")


def ones(shape: Any, dtype: Any = float32, name: str | None = None) -> Tensor:
    return _filled(1, shape, dtype, name, "ones")


_ZEROS_LIKE = define_op("ZerosLike", ("x:any",), lambda x: (x.dtype, x.shape), np.zeros_like)
_ONES_LIKE = define_op("OnesLike", ("x:any",), lambda x: (x.dtype, x.shape), np.ones_like)


def _like(tensor: Any, dtype: Any, name: str | None, default: str, fill_value: int,
          optimize: bool) -> Tensor:
    with name_scope(name, default) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        out_dtype = tensor.dtype if dtype is None else as_dtype(dtype)
        if optimize and tensor.shape.is_fully_defined():
            return _filled(fill_value, tensor.shape.as_list(), out_dtype, scope, default)
        if out_dtype != tensor.dtype:
            return _filled(fill_value, shape(tensor), out_dtype, scope, default)
        return (_ZEROS_LIKE if fill_value == 0 else _ONES_LIKE)(tensor, name=scope)


def zeros_like(tensor: Any, dtype: Any = None, name: str | None = None,
               optimize: bool = True) -> Tensor:
    return _like(tensor, dtype, name, "zeros_like", 0, optimize)


def ones_like(tensor: Any, dtype: Any = None, name: str | None = None,
              optimize: bool = True) -> Tensor:
    return _like(tensor, dtype, name, "ones_like", 1, optimize)

