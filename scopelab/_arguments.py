"""Argument checks shared by the store: dtype, shape, collections, losses, sync/aggregation.

Each turns a bad value into a scopelab error (which composes TF1's text and the explanation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import DType, as_dtype
from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError
from scopelab.keys import GraphKeys
from scopelab.tensor_shape import TensorShape, as_shape, is_plain_dims, shared_shape
from scopelab.variables import VariableAggregation, VariableSynchronization

__all__ = ["as_dtype_arg", "as_shape_arg", "check_collection_key", "check_collections",
           "check_loss", "validate_synchronization_aggregation_trainable"]


def as_dtype_arg(dtype: Any, name: str) -> DType:
    if isinstance(dtype, DType):
        return dtype
    try:
        return as_dtype(dtype)
    except TypeError as exc:
        raise InvalidArgumentTypeError(argument="dtype", got=dtype, name=name,
                                       detail=str(exc)) from None


def as_shape_arg(shape: Any, name: str) -> TensorShape:
    if isinstance(shape, TensorShape):
        return shape
    if is_plain_dims(shape):    # [16, 16]: the one TensorShape every equal shape shares
        return shared_shape(tuple(shape))
    try:
        return as_shape(shape)
    except TypeError as exc:
        raise InvalidArgumentTypeError(argument="shape", got=shape, name=name,
                                       detail=str(exc)) from None
    except ValueError as exc:
        raise InvalidArgumentError(argument="shape", got=shape, name=name,
                                   detail=str(exc)) from None


def check_collection_key(key: Any) -> None:
    try:
        hash(key)
    except TypeError:
        raise InvalidArgumentTypeError(
            f"A collection key must be hashable (usually a string such as "
            f"tf.GraphKeys.GLOBAL_VARIABLES), got {type(key).__name__} {key!r}.") from None


def check_collections(collections: Any, name: str) -> list[Any]:
    if collections is None:
        return [GraphKeys.GLOBAL_VARIABLES]
    if not isinstance(collections, (list, tuple, set)):
        raise InvalidArgumentError(argument="collections", got=collections, name=name)
    for key in collections:
        check_collection_key(key)
    return list(collections)


def check_loss(result: Any, name: str) -> None:
    try:
        array = np.asarray(result)
    except Exception:  # noqa: BLE001 - whatever the regularizer returned: reported below
        array = None
    if array is None or array.dtype.kind not in "biuf":
        raise InvalidArgumentError(argument="regularizer output", got=result, name=name)



def validate_synchronization_aggregation_trainable(synchronization: Any, aggregation: Any,
                                                   trainable: Any, name: str) -> Any:
    """TF's rules: enum conversion with TF's messages; ``trainable=None`` -> not ON_READ."""
    if synchronization is _AUTO and aggregation is _NONE and (trainable is None or
                                                              trainable is True):
        return synchronization, aggregation, True
    aggregation = _as_mode(aggregation, VariableAggregation, _NONE, "aggregation", name)
    synchronization = _as_mode(synchronization, VariableSynchronization, _AUTO,
                               "synchronization", name)
    if trainable is None:
        trainable = synchronization != VariableSynchronization.ON_READ
    elif not isinstance(trainable, (bool, np.bool_)):
        raise InvalidArgumentTypeError(argument="trainable", got=trainable, name=name)
    return synchronization, aggregation, bool(trainable)


_AUTO = VariableSynchronization.AUTO
_NONE = VariableAggregation.NONE


def _as_mode(value: Any, enum_cls: type[Any], default: Any, argument: str, name: str) -> Any:
    """``None`` -> ``default``; a member or its value -> the member; else TF's error."""
    if value is None:
        return default
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        raise InvalidArgumentError(argument=argument, got=value, name=name) from None
