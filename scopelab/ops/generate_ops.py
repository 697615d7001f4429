"""Ops that make values: placeholders (``placeholder``, ``placeholder_with_default``), ``fill``,
``zeros``/``ones`` (and ``_like``, TF1's small-constant shortcut included) and ``range``."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from scopelab.dtypes import DType, as_dtype, float32, int32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape, as_shape

from scopelab.ops.array_ops import _shape_arg, reshape, shape
from scopelab.ops.evaluate import MissingFeed
from scopelab.ops.math_ops import cast
from scopelab.ops.op_def import constant, convert_to_tensor, define_op, is_tensor_like
from scopelab.ops.shapes import shape_from_tensor, static_value
from scopelab.ops.tensor import Tensor

__all__ = ["placeholder", "placeholder_with_default", "fill", "zeros", "ones", "zeros_like",
           "ones_like", "range"]


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


def _with_default_shape(input: Tensor, *, shape: TensorShape) -> tuple:
    if not shape.is_compatible_with(input.shape):
        raise ValueError(
            f"Shapes {input.shape} and {shape} are incompatible: the default value of a "
            f"placeholder_with_default must fit its shape.")
    return input.dtype, shape


_WITH_DEFAULT = define_op("PlaceholderWithDefault", ("input:any",), _with_default_shape,
                          lambda x, *, shape: x, pure=False)


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """A placeholder that takes ``input`` when not fed (its value may change per run)."""
    return _WITH_DEFAULT(input, name=name, shape=as_shape(shape))


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


def _range_shape(start: Tensor, limit: Tensor, delta: Tensor) -> tuple:
    values = [static_value(t) for t in (start, limit, delta)]
    if any(v is None for v in values):
        return start.dtype, TensorShape([None])
    s, lim, d = (v.item() for v in values)
    if d == 0:
        raise ValueError("Requires delta != 0")
    size = builtins.max(0, int(np.ceil((lim - s) / d)))
    return start.dtype, TensorShape([size])


def _range(start: np.ndarray, limit: np.ndarray, delta: np.ndarray) -> np.ndarray:
    return np.arange(start, limit, delta, dtype=start.dtype)


_RANGE = define_op("Range", ("start:T", "limit:T", "delta:T"), _range_shape, _range)


def range(start: Any, limit: Any = None, delta: Any = 1, dtype: Any = None,  # noqa: A001 - TF's public name
          name: str = "range") -> Tensor:
    """``tf.range``: ints give int32, any float gives float32 (the widest input dtype wins)."""
    if limit is None:
        start, limit = 0, start
    from scopelab.scope import name_scope
    with name_scope(name, "Range") as scope:
        items = [convert_to_tensor(v, dtype=dtype, name=n)
                 for v, n in ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            order = ["int32", "int64", "float32", "float64"]
            widest = builtins.max((t.dtype for t in items), key=lambda d: order.index(d.name)
                                  if d.name in order else 0)
            items = [cast(t, widest) for t in items]
        return _RANGE(*items, name=scope)
