"""TF's value rules on the host: ``convert_to_tensor`` dtypes and ``constant``'s padding.

Shared by the Constant initializer, ``tf.constant`` (math_ops) and the views' descriptions:
Python floats become float32 and ints int32 (int64 if they do not fit), NumPy values keep their
dtype; a value shorter than the requested shape is padded with its last element.
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np

from scopelab.dtypes import DType, as_dtype, float32
from scopelab.errors import InitializerError, InitializerTypeError
from scopelab.tensor_shape import as_shape, is_plain_dims

__all__ = ["default_dtype", "convert_value", "constant_value", "format_argument",
           "describe_value", "shape_list"]


def shape_list(shape: Any) -> list[int]:
    """A fully defined shape as a list of ints, or an initializer error that says what is wrong."""
    if is_plain_dims(shape):
        return list(shape)  # the store's common case, without building a TensorShape
    try:
        tshape = as_shape(shape)
    except (TypeError, ValueError) as err:
        raise InitializerTypeError(
            f"An initializer needs a shape such as [3, 4], got {shape!r} ({err}).",
            shape=shape) from None
    if not tshape.is_fully_defined():
        raise InitializerError(
            f"An initializer needs a fully defined shape, got {tshape}. Give every dimension a "
            f"size.", shape=shape)
    return cast("list[int]", tshape.as_list())


def default_dtype(value: Any) -> DType | None:
    """TF's dtype for a Python value; None for NumPy values and array-likes (keep theirs)."""
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__array__"):
        return None
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return float32
    if array.dtype.kind == "i":
        fits = array.size == 0 or (array.min() >= -2**31 and array.max() < 2**31)
        return as_dtype(np.int32 if fits else np.int64)
    return None


def convert_value(value: Any, dtype: DType) -> np.ndarray:
    """``value`` as an array of ``dtype``. Like TF's make_tensor_proto, NumPy values are cast but
    Python values must fit the dtype (no float into int, no number into bool)."""
    if dtype.is_string:
        return np.asarray(value, dtype=object)
    raw = np.asarray(value)
    lossy = raw.dtype.kind in "OSU"
    if not isinstance(value, (np.ndarray, np.generic)) and raw.size:   # [] fits any dtype
        lossy = lossy or (dtype.is_integer and raw.dtype.kind in "fc") or (
            dtype.is_bool and raw.dtype.kind != "b") or (dtype.is_floating and raw.dtype.kind == "c")
    if lossy:
        bad = _first_misfit(value, dtype)
        raise InitializerTypeError(
            f"Expected {dtype.name}, but got {bad!r} of type '{type(bad).__name__}'. A Python "
            f"value must fit the dtype exactly (TF casts NumPy arrays, not lists): give values "
            f"that fit {dtype.name}, e.g. np.asarray(value).astype(np.{dtype.np.name}), or "
            f"choose a matching dtype.", value=value, dtype=dtype)
    return raw.astype(dtype.np)


def _first_misfit(value: Any, dtype: DType) -> Any:
    """The first element of a (nested) Python value that does not fit ``dtype`` (TF names it)."""
    if isinstance(value, (list, tuple)):
        for item in value:
            bad = _first_misfit(item, dtype)
            if bad is not None:
                return bad
        return None
    if isinstance(value, (np.ndarray, np.generic)):
        return None if value.dtype.kind not in "OSU" else value
    if dtype.is_bool:
        return None if isinstance(value, bool) else value
    if dtype.is_integer:
        return None if isinstance(value, int) else value
    if dtype.is_floating:
        return None if isinstance(value, (int, float)) else value
    return None


def constant_value(value: Any, dtype: DType, shape: Any = None, verify_shape: bool = False) -> np.ndarray:
    """TF1 ``constant(value, dtype, shape, verify_shape)`` on the host.

    The value is flattened row-major; a shorter value is padded with its last element (a scalar
    fills the shape), a longer one is an error.
    """
    array = convert_value(value, dtype)
    if shape is None:
        return np.array(array)
    shape = shape_list(shape)
    if verify_shape and array.shape != tuple(shape):
        raise InitializerTypeError(
            f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}. With "
            f"verify_shape=True the value must already have the variable's shape.",
            expected=tuple(shape), got=array.shape)
    needed = math.prod(shape)
    if needed == 0:          # TF: a shape with no elements gives an empty array, whatever the value
        return np.empty(shape, dtype=array.dtype)
    if array.size > needed:
        raise InitializerError(
            f"Too many elements provided. Needed at most {needed}, but received {array.size}. "
            f"The value has more elements than the shape {tuple(shape)} holds; under a "
            f"partitioner the initializer is called once per shard with the shard's shape, so "
            f"pass the full value itself as initializer= to split it across shards.",
            needed=needed, received=array.size)
    flat = array.reshape(-1)
    if array.size == needed:
        return flat.reshape(shape).copy()
    out = np.empty(needed, dtype=array.dtype)
    out[:flat.size] = flat
    out[flat.size:] = flat[-1] if flat.size else np.zeros((), dtype=array.dtype)
    return out.reshape(shape)


def format_argument(value: Any) -> str:
    """An argument as views print it: ``0.3``, ``[1, 2, 3]``, ``array int64 (20,)``."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        if array.size > 8:
            return f"array {array.dtype} {array.shape}"
        return repr(array.tolist())
    if isinstance(value, np.floating):
        return np.format_float_positional(value, trim="-")
    if isinstance(value, np.generic):
        return repr(value.item())
    return repr(value)


def describe_value(value: Any) -> str:
    """``"value <dtype> <shape>"`` with the dtype TF's ``convert_to_tensor`` would give."""
    dtype = getattr(value, "dtype", None)
    if isinstance(dtype, DType):
        return f"value {dtype.name} {tuple(np.shape(value))}"
    array = np.asarray(value)
    kind = default_dtype(value) or array.dtype
    try:
        name = as_dtype(kind).name
    except TypeError:
        name = str(kind)
    return f"value {name} {array.shape}"
