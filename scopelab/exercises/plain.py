"""Plain data for grading: arrays, returned values and errors as JSON-compatible structures, and back.

The answer runs in the student's kernel; what it left travels to the grader as plain JSON data (this
module's encoding), and the grader rebuilds read-only values from it. Nothing here ever unpickles or
evaluates what it decodes: an array is a dtype from a fixed list, a shape and base64 bytes; an error
is a class name, TF1's builtin class, the first line of the message and the public fields.

Decoding is strict: anything malformed raises :class:`MalformedData` (the grader then scores that
exercise zero, saying why), so a submission can send garbage but never crash or steer the grader.
"""

from __future__ import annotations

import base64
import builtins
import enum
import math
from typing import Any

import numpy as np

__all__ = [
    "MalformedData", "ValueBudget", "encode_array", "decode_array", "encode_error", "decode_error",
    "encode_reuse", "decode_reuse", "require", "ARRAY_DTYPES",
]

# dtypes an array may have on the wire (never object, never void)
ARRAY_DTYPES = frozenset({"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                          "float16", "float32", "float64", "complex64", "complex128"})
MAX_TEXT = 2000          # characters kept of any string (names, messages, fields)
MAX_FIELDS = 32          # public fields kept of an error


class MalformedData(ValueError):
    """The data sent for an answer is not what the recorder writes (forged, cut off or garbage)."""


def require(condition: bool, what: str) -> None:
    if not condition:
        raise MalformedData(what)


class ValueBudget:
    """How many value bytes one attempt may still send; arrays past it are sent without values."""

    def __init__(self, max_bytes: int = 8 << 20) -> None:
        self.left = max_bytes

    def take(self, nbytes: int) -> bool:
        if nbytes > self.left:
            return False
        self.left -= nbytes
        return True


# --- arrays ------------------------------------------------------------------------------------------
def encode_array(value: Any, budget: ValueBudget | None = None) -> dict:
    """``{"dtype", "shape", "data"}`` (data base64, C order); data is None past the budget."""
    array = np.ascontiguousarray(np.asarray(value))
    if array.dtype.name not in ARRAY_DTYPES:
        return {"dtype": "unsupported", "type": str(array.dtype)[:100], "shape": list(array.shape), "data": None}
    keep = budget is None or budget.take(array.nbytes)
    data = base64.b64encode(array.tobytes()).decode("ascii") if keep else None
    return {"dtype": array.dtype.name, "shape": [int(n) for n in array.shape], "data": data}


def decode_array(data: Any) -> np.ndarray | None:
    """The array, or None when its values were not sent (too large, or an unsupported dtype)."""
    require(isinstance(data, dict), "an array must be an object")
    shape = data.get("shape")
    require(isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape), "bad array shape")
    if data.get("data") is None:
        return None
    dtype = data.get("dtype")
    require(dtype in ARRAY_DTYPES, f"array dtype {str(dtype)[:40]!r} is not allowed")
    require(isinstance(data["data"], str), "array data must be base64 text")
    try:
        raw = base64.b64decode(data["data"], validate=True)
    except (ValueError, TypeError) as err:
        raise MalformedData("array data is not base64") from err
    count = math.prod(shape)
    require(len(raw) == count * np.dtype(dtype).itemsize, "array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


# --- reuse modes -------------------------------------------------------------------------------------
def encode_reuse(reuse: Any) -> Any:
    """True / False / None stay; ``tf.AUTO_REUSE`` (an enum member) becomes its name."""
    if reuse is None or isinstance(reuse, bool):
        return reuse
    if isinstance(reuse, enum.Enum):
        return reuse.name
    return str(reuse)[:100]


def decode_reuse(value: Any) -> Any:
    """The reuse mode as the checks compare it (``is True``, ``is tf.AUTO_REUSE``)."""
    if value is None or isinstance(value, bool):
        return value
    require(isinstance(value, str), "a reuse mode must be true, false, null or a name")
    if value == "AUTO_REUSE":
        import scopelab as tf

        return tf.AUTO_REUSE
    return value


# --- errors ------------------------------------------------------------------------------------------
def _tf1_builtin(err: BaseException) -> str:
    """The builtin class TF1 raised for this error (the first builtin in its MRO)."""
    for cls in type(err).__mro__:
        if cls.__module__ == "builtins":
            return cls.__name__
    return "Exception"


def _plain_field(value: Any, depth: int = 0) -> Any:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, enum.Enum):
        return {"$enum": value.name}
    if isinstance(value, (list, tuple)) and depth < 3:
        return [_plain_field(v, depth + 1) for v in list(value)[:64]]
    return {"$text": str(value)[:MAX_TEXT]}


def _public_fields(err: BaseException) -> dict:
    fields = getattr(err, "fields", None)
    if not isinstance(fields, dict):
        fields = {k: v for k, v in vars(err).items()} if hasattr(err, "__dict__") else {}
    out = {}
    for key, value in list(fields.items())[:MAX_FIELDS]:
        if isinstance(key, str) and key.isidentifier() and not key.startswith("_") and key not in ("message", "fields"):
            out[key] = _plain_field(value)
    return out


def encode_error(err: BaseException) -> dict:
    """The error as the checks read it: class, TF1's builtin class, first message line, fields."""
    try:
        text = str(err).strip().splitlines()
    except Exception:  # noqa: BLE001 - a student's exception whose __str__ fails
        text = []
    return {"class": type(err).__name__[:100], "tf1_class": _tf1_builtin(err),
            "message": text[0][:MAX_TEXT] if text else "", "fields": _public_fields(err)}


def _field_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "$enum" in value:
            return decode_reuse(value["$enum"]) if value["$enum"] == "AUTO_REUSE" else str(value["$enum"])
        require(isinstance(value.get("$text"), str), "bad error field")
        return value["$text"]
    if isinstance(value, list):
        return [_field_value(v) for v in value]
    require(value is None or isinstance(value, (bool, int, float, str)), "bad error field")
    return value


def _error_class(name: str, tf1_class: str) -> type[BaseException]:
    from scopelab import errors

    for space in (errors, builtins):
        found = getattr(space, name, None)
        if isinstance(found, type) and issubclass(found, BaseException):
            return found
    base = getattr(builtins, tf1_class, None)
    return base if isinstance(base, type) and issubclass(base, Exception) else Exception


def decode_error(data: Any) -> BaseException:
    """A stand-in for the error the answer raised, inspected like the original.

    It is an instance of the same scopelab error class (or builtin, or TF1's builtin class for a
    class the grader does not know) so ``isinstance`` checks hold; ``str()`` is the recorded first
    line; the public fields are attributes. It is never raised.
    """
    require(isinstance(data, dict), "an error must be an object")
    name, tf1_class, message = data.get("class"), data.get("tf1_class"), data.get("message")
    require(isinstance(name, str) and name.isidentifier(), "bad error class name")
    require(isinstance(tf1_class, str) and isinstance(message, str), "bad error data")
    fields = data.get("fields", {})
    require(isinstance(fields, dict) and all(isinstance(k, str) and k.isidentifier() and not k.startswith("_")
                                             for k in fields), "bad error fields")
    base = _error_class(name, tf1_class)
    attributes = {key: _field_value(value) for key, value in fields.items()}
    namespace = {**attributes, "__str__": lambda self: message, "__module__": base.__module__,
                 "fields": attributes, "message": message}
    try:
        stand_in = type(name, (base,), namespace)
        err = stand_in.__new__(stand_in)
    except TypeError:  # a builtin that cannot be made this way: keep the name, lose the class
        stand_in = type(name, (Exception,), namespace)
        err = stand_in.__new__(stand_in)
    err.args = (message,)
    return err
