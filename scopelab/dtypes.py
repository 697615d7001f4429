"""TF1-style dtypes over NumPy: ``tf.float32`` and friends, ``as_dtype`` and their checks.

A :class:`DType` wraps one NumPy dtype and prints like TF1 (``<dtype: 'float32'>``), so error
messages copied from TF keep their shape. Everything that takes a dtype accepts a DType, a NumPy
dtype or type, or a name string (``"float32"``).
"""

from __future__ import annotations

import builtins
from typing import Any, cast

import numpy as np
from numpy.typing import DTypeLike

__all__ = [
    "DType", "as_dtype", "float16", "float32", "float64", "half", "double",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "bool", "string", "complex64",
    "complex128",
]


class DType:
    """One element type, named as TF names it (``float32``, ``int64``, ``bool`` …)."""

    __slots__ = ("_np", "_name")

    def __init__(self, np_dtype: DTypeLike, name: str) -> None:
        self._np = np.dtype(np_dtype)
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def as_numpy_dtype(self) -> type:
        return self._np.type

    @property
    def np(self) -> np.dtype[Any]:
        """The NumPy dtype (scopelab's own shorthand)."""
        return self._np

    @property
    def base_dtype(self) -> DType:
        return self

    @property
    def is_floating(self) -> builtins.bool:
        return self._np.kind == "f"

    @property
    def is_integer(self) -> builtins.bool:
        return self._np.kind in "iu"

    @property
    def is_unsigned(self) -> builtins.bool:
        return self._np.kind == "u"

    @property
    def is_bool(self) -> builtins.bool:
        return self._np.kind == "b"

    @property
    def is_complex(self) -> builtins.bool:
        return self._np.kind == "c"

    @property
    def is_string(self) -> builtins.bool:
        return self._name == "string"

    @property
    def size(self) -> int:
        return self._np.itemsize

    def is_compatible_with(self, other: object) -> builtins.bool:
        return self == as_dtype(other)

    def __eq__(self, other: object) -> builtins.bool:
        if isinstance(other, DType):
            return self._name == other._name
        try:
            return self._name == as_dtype(other)._name
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        return f"<dtype: {self._name!r}>"

    def __str__(self) -> str:
        return repr(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (as_dtype, (self._name,))


float16 = half = DType(np.float16, "float16")
float32 = DType(np.float32, "float32")
float64 = double = DType(np.float64, "float64")
int8 = DType(np.int8, "int8")
int16 = DType(np.int16, "int16")
int32 = DType(np.int32, "int32")
int64 = DType(np.int64, "int64")
uint8 = DType(np.uint8, "uint8")
uint16 = DType(np.uint16, "uint16")
bool = DType(np.bool_, "bool")  # noqa: A001 - TF's public name
string = DType(np.object_, "string")
complex64 = DType(np.complex64, "complex64")
complex128 = DType(np.complex128, "complex128")

_ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, bool, string,
        complex64, complex128)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"half": float16, "double": float64, "float": float32, "int": int32})
_BY_NP = {d.np: d for d in _ALL if d is not string}


def as_dtype(value: object) -> DType:
    """Convert a DType, NumPy dtype/type or name to a :class:`DType`.

    Raises ``TypeError`` for anything else, naming the value and the accepted forms.
    """
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        name = value[:-4] if value.endswith("_ref") else value
        if name in _BY_NAME:
            return _BY_NAME[name]
        raise TypeError(
            f"Cannot convert {value!r} to a dtype. Use one of "
            f"{', '.join(sorted(d.name for d in _ALL))} (for example tf.float32).")
    if value is str or value is bytes:
        return string
    if value is float:
        return float32
    if value is int:
        return int32
    try:
        np_dtype = np.dtype(cast(DTypeLike, value))   # NumPy decides (TypeError if it cannot)
    except TypeError:
        np_dtype = None
    if np_dtype is not None and np_dtype.kind in "SU":
        return string
    if np_dtype is not None and np_dtype in _BY_NP:
        return _BY_NP[np_dtype]
    raise TypeError(
        f"Cannot convert {value!r} to a dtype. Use one of "
        f"{', '.join(sorted(d.name for d in _ALL))} (for example tf.float32).")
