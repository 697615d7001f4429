"""Initial values: TF1's rules for turning an initializer (or a constant) into a variable's array.

``initial_value`` is TF's creation branch of ``_get_single_variable``: constants define the dtype,
classes are instantiated, callables get ``(shape, dtype=, partition_info=)`` (scopelab initializers
also ``target=``), zero-argument callables work without a shape; foreign results are checked for
shape and dtype and moved to the variable's target.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any, cast

import numpy as np

from scopelab import config, storage
from scopelab._signatures import binds, names_parameter, needs_no_arguments
from scopelab import initializers as inits
from scopelab._initializer_base import RandomInitializer
from scopelab._tensor_base import is_tensor, tensor_value
from scopelab._tf_values import convert_value
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import (
    ConstantTypeError, InitializerDtypeMismatchError, InitializerNeedsShapeError,
    InitializerOutputError, InitializerOutputTypeError, InitializerSignatureError,
    PartitionedConstantShapeError,
)
from scopelab.tensor_shape import TensorShape
from scopelab.variables import PartitionedVariable, Variable

__all__ = ["constant_array", "constant_for_partitions", "target_for", "initial_value"]


def constant_array(value: Any, dtype: DType | None = None, purpose: str | None = None
                   ) -> np.ndarray:
    """TF ``convert_to_tensor`` defaults: Python float -> float32, int -> int32, str -> string.

    An op result (``is_tensor``) keeps its dtype; a symbolic one raises ``SymbolicTensorError``
    explaining ``purpose`` (e.g. "the initializer of variable 'w'").
    """
    if dtype is not None and not is_tensor(value) and not isinstance(
            value, Variable | PartitionedVariable | np.ndarray | np.generic):
        return convert_value(value, dtype)   # TF: Python values must fit the dtype (TypeError)
    if is_tensor(value):
        array = tensor_value(value, purpose)
    elif isinstance(value, Variable | PartitionedVariable):
        array = np.asarray(value)
    elif isinstance(value, np.ndarray | np.generic):
        array = np.asarray(value)
    else:
        try:
            array = np.asarray(value)
        except Exception as exc:  # noqa: BLE001 - any object NumPy cannot read: reported as the type error
            raise ConstantTypeError(got_type=type(value).__name__, detail=str(exc)) from None
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        elif array.dtype == np.int64 and (array.size == 0 or (
                array.min() >= -2**31 and array.max() < 2**31)):
            array = array.astype(np.int32)
    if array.dtype.kind in "SU":
        array = array.astype(object)
    elif array.dtype == object and not all(isinstance(x, str | bytes) for x in array.flat):
        raise ConstantTypeError(got_type=type(value).__name__)
    if dtype is not None and as_dtype(array.dtype if array.dtype != object else "string") != dtype:
        if isinstance(value, np.ndarray | np.generic) and array.dtype != object:
            return array.astype(dtype.np)    # TF casts NumPy values to the requested dtype
        if not np.can_cast(array.dtype, dtype.np, casting="same_kind"):
            raise InitializerDtypeMismatchError(None, expected=dtype, got=array.dtype, cast=True)
        array = array.astype(dtype.np)
    return array


def constant_for_partitions(name: str, value: Any, dtype: DType, shape: TensorShape) -> np.ndarray:
    array = constant_array(value, dtype)
    if tuple(array.shape) != tuple(shape.as_list()):
        raise PartitionedConstantShapeError(name, expected=shape, got=array.shape)
    return array


def target_for(device: str) -> str:
    if not device:
        return config.settings.default_target
    from scopelab import kernels  # lazy: the kernels package may import numba
    return kernels.resolve_target(device)


def initial_value(name: str, full_name: str, shape: TensorShape, dtype: DType, initializer: Any,
                   partition_info: Any, target: str, placement: storage.Placement | None = None,
                   ) -> tuple[Any, DType, Any]:
    """Run the initializer (TF ``_get_single_variable`` creation branch): value, dtype, and the
    description: a string, or the initializer itself, which the variable describes when first
    read (``Variable.initializer_desc``).

    With a ``placement`` (a ps task of an attached cluster) the value is held on that worker: a
    scopelab initializer runs there (its random key drawn here, so the numbers equal a local
    run's), anything else runs here and is sent once.
    """
    if initializer is None:
        initializer = inits.default_initializer(full_name, dtype)
    if placement is not None:
        return _held_value(name, full_name, shape, dtype, initializer, partition_info, placement)
    if initializer is not None and not callable(initializer):
        value = constant_array(initializer, purpose=f"the initializer of variable {full_name!r}")
        return _to_target(np.array(value, copy=True), target), as_dtype(
            "string" if value.dtype == object else value.dtype), inits.describe(initializer)
    if isinstance(initializer, type):     # inspect.isclass, without its call
        initializer = initializer()
    desc = initializer       # not a string: the variable describes it when first read (views)
    if shape.is_fully_defined():
        dims = cast("list[int]", shape.as_list())
        if isinstance(initializer, inits.Initializer):
            value = initializer(dims, dtype=dtype, partition_info=partition_info, target=target)
        else:
            kwargs = {"dtype": dtype}
            if names_parameter(initializer, "partition_info"):
                kwargs["partition_info"] = partition_info
            _check_initializer_signature(initializer, name, dims, kwargs)
            value = initializer(dims, **kwargs)
            value = _to_target(_checked_output(value, name, dims, dtype), target)
        _check_device_output(value, name, dims, dtype)
        return value, dtype, desc
    if needs_no_arguments(initializer):
        value = constant_array(_unwrap(initializer()))
        return _to_target(np.array(value, copy=True), target), as_dtype(
            "string" if value.dtype == object else value.dtype), desc
    raise InitializerNeedsShapeError(name, shape)


def _held_value(name: str, full_name: str, shape: TensorShape, dtype: DType, initializer: Any,
                partition_info: Any, placement: storage.Placement
                ) -> tuple[Any, DType, Any]:
    if inspect.isclass(initializer) and issubclass(initializer, inits.Initializer):
        initializer = initializer()
    if isinstance(initializer, inits.Initializer) and shape.is_fully_defined():
        # The key is drawn here, where the graph's seed and op counter are (TF1's seeding).
        key = initializer.key(partition_info) if isinstance(initializer, RandomInitializer) else None
        dims = cast("list[int]", shape.as_list())
        value = placement.make(draw_on_worker, initializer, key, dims, dtype, partition_info,
                               config.settings.partition_invariant)
        _check_device_output(value, name, dims, dtype)
        return value, dtype, initializer   # described lazily
    value, var_dtype, desc = initial_value(name, full_name, shape, dtype, initializer,
                                           partition_info, "cpu")
    return placement.upload(value), var_dtype, desc


def draw_on_worker(initializer: Any, key: int | None, dims: list[int], dtype: DType,
                   partition_info: Any, partition_invariant: bool) -> np.ndarray:
    """Run on a cluster worker: ``initializer``'s value with the key drawn by the client."""
    initializer = copy.copy(initializer)      # in-process workers share the caller's object
    if key is not None:
        initializer.key = lambda _info: key
    if config.settings.partition_invariant != partition_invariant:   # a worker process's own
        config.settings.partition_invariant = partition_invariant
    value = initializer(dims, dtype=dtype, partition_info=partition_info, target="cpu")
    return np.asarray(value)


def _unwrap(value: Any) -> Any:
    return np.asarray(value) if isinstance(value, Variable | PartitionedVariable) else value


def _checked_output(value: Any, name: str, dims: list[int], dtype: DType) -> np.ndarray:
    """A foreign initializer's result as an array of the right shape and dtype (or a clear error)."""
    if hasattr(value, "copy_to_host"):
        value = value.copy_to_host()
    try:
        array = np.asarray(_unwrap(value))
    except Exception as exc:  # noqa: BLE001 - any object NumPy cannot read: reported as the type error
        raise InitializerOutputTypeError(name, got_type=type(value).__name__,
                                         detail=str(exc)) from None
    if array.dtype == object or array.dtype.kind not in "biufcSU":
        raise InitializerOutputTypeError(name, got_type=type(value).__name__)
    if array.shape != tuple(dims):
        raise InitializerOutputError(name, what="shape", expected=tuple(dims), got=array.shape)
    if array.dtype.kind in "SU":
        array = array.astype(object)
    if array.dtype != dtype.np:
        if array.dtype != object and not np.can_cast(array.dtype, dtype.np, casting="same_kind"):
            raise InitializerOutputError(name, what="dtype", expected=dtype, got=array.dtype)
        array = array.astype(dtype.np)
    return np.array(array, copy=True)


def _check_device_output(value: Any, name: str, dims: list[int], dtype: DType) -> None:
    shape = tuple(getattr(value, "shape", ()))
    if shape != tuple(dims):
        raise InitializerOutputError(name, what="shape", expected=tuple(dims), got=shape)


def _to_target(array: np.ndarray, target: str) -> Any:
    if target == "cpu":
        return array
    from scopelab import kernels
    return kernels.to_target(array, target)


def _check_initializer_signature(initializer: Callable[..., Any], name: str, dims: list[int],
                                 kwargs: dict[str, Any]) -> None:
    """Fail with a clear error (not a TypeError from deep inside) if the call cannot bind."""
    if not binds(initializer, dims, **kwargs):
        raise InitializerSignatureError(name)
