"""TF1's math ops: element-wise unary and binary ops (with broadcasting), comparisons, logic,
``cast`` and the Python operators.

Reductions, ``add_n``, ``cumsum`` and clipping live in :mod:`scopelab.ops.reduce_ops`, ``matmul``/``einsum``/
``tensordot`` in :mod:`scopelab.ops.linalg_ops`, ``range`` in :mod:`scopelab.ops.generate_ops`.
Op names follow TF1: ``tf.add`` -> ``Add``, ``x + y`` -> ``add``; the operator converts its Python
operand to the tensor's dtype (``add/y``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab._tensor_base import register_operators
from scopelab.dtypes import DType, as_dtype, bool as tf_bool, float32, float64, int32
from scopelab.ops.op_def import convert_to_tensor, define_op, is_tensor_like
from scopelab.ops.shapes import broadcast
from scopelab.ops.tensor import Tensor

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "div", "floordiv", "floor_div",
    "mod", "floormod", "pow", "maximum", "minimum", "squared_difference", "abs",
    "negative", "neg", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p", "expm1",
    "reciprocal", "log_sigmoid", "lgamma", "floor", "ceil", "round", "rint", "sin", "cos", "tan",
    "tanh", "sigmoid", "erf",
    "is_nan", "is_finite", "is_inf", "logical_and", "logical_or", "logical_not", "logical_xor",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "cast", "to_float",
    "to_double", "to_int32", "to_int64", "scalar_mul",
    "sub", "mul", "div_no_nan",
]

_FLOATS = ("float16", "float32", "float64", "complex64", "complex128")


def _check_float(x: Tensor, op_type: str, real: bool = False) -> None:
    allowed = ("bfloat16", "float16", "float32", "float64") if real else _FLOATS
    if x.dtype.name not in allowed:
        raise TypeError(
            f"Value passed to parameter 'x' has DataType {x.dtype.name} not in list of allowed "
            f"values: {', '.join(allowed)}. {op_type} needs floating-point input: "
            f"tf.cast(x, tf.float32) first.")


# --- unary -----------------------------------------------------------------------------------------
def _unary(op_type: str, fn: Any, *, float_only: bool = False, out: DType | None = None,
           real: bool = False) -> Any:
    def shape(x: Tensor) -> tuple:
        if float_only or real:
            _check_float(x, op_type, real)
        return (out or x.dtype), x.shape

    op = define_op(op_type, ("x:T",), shape, fn)

    def public(x: Any, name: str | None = None) -> Tensor:
        return op(x, name=name)
    public.__name__ = public.__qualname__ = op_type.lower()
    public.__doc__ = f"TF1 ``{op_type}`` (element-wise)."
    return public


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


def _erf(x: np.ndarray) -> np.ndarray:
    import math
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def _lgamma(x: np.ndarray) -> np.ndarray:
    import math
    return np.vectorize(lambda v: math.lgamma(v) if v not in (0.0,) and not (
        v < 0 and v == int(v)) else np.inf, otypes=[np.float64])(x).astype(x.dtype)


def _rint(x: np.ndarray) -> np.ndarray:
    return np.rint(x)


abs = _unary("Abs", np.abs)  # noqa: A001 - TF's public name
negative = neg = _unary("Neg", np.negative)
sign = _unary("Sign", np.sign)
square = _unary("Square", np.square)
sqrt = _unary("Sqrt", np.sqrt, float_only=True)
rsqrt = _unary("Rsqrt", lambda x: 1 / np.sqrt(x), float_only=True)
exp = _unary("Exp", np.exp, float_only=True)
log = _unary("Log", np.log, float_only=True)
log1p = _unary("Log1p", np.log1p, float_only=True)
expm1 = _unary("Expm1", np.expm1, float_only=True)
reciprocal = _unary("Reciprocal", np.reciprocal)
floor = _unary("Floor", np.floor, float_only=True)
ceil = _unary("Ceil", np.ceil, float_only=True)
rint = _unary("Rint", _rint, float_only=True)
sin = _unary("Sin", np.sin, float_only=True)
cos = _unary("Cos", np.cos, float_only=True)
tan = _unary("Tan", np.tan, float_only=True)
tanh = _unary("Tanh", np.tanh, float_only=True)
sigmoid = _unary("Sigmoid", _sigmoid, float_only=True)
erf = _unary("Erf", _erf, float_only=True)
log_sigmoid = _unary("LogSigmoid", lambda x: -np.logaddexp(0, -x).astype(x.dtype),
                     float_only=True)
lgamma = _unary("Lgamma", _lgamma, real=True)
is_nan = _unary("IsNan", np.isnan, float_only=True, out=tf_bool)
is_finite = _unary("IsFinite", np.isfinite, float_only=True, out=tf_bool)
is_inf = _unary("IsInf", np.isinf, float_only=True, out=tf_bool)


def round(x: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's public name
    """Banker's rounding for floats (TF's ``Round``); integers unchanged."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return _ROUND(x, name=name)


_ROUND = define_op("Round", ("x:T",), lambda x: (x.dtype, x.shape), np.round)


def _logical_not_shape(x: Tensor) -> tuple:
    return tf_bool, x.shape


_LOGICAL_NOT = define_op("LogicalNot", ("x:bool",), _logical_not_shape, np.logical_not)


def logical_not(x: Any, name: str | None = None) -> Tensor:
    return _LOGICAL_NOT(x, name=name)


# --- binary (div_no_nan is at the end) -----------------------------------------------------------
def _binary(op_type: str, fn: Any, *, out: DType | None = None, kind: str = "T") -> Any:
    def shape(x: Tensor, y: Tensor) -> tuple:
        return (out or x.dtype), broadcast(x.shape, y.shape)

    return define_op(op_type, (f"x:{kind}", f"y:{kind}"), shape, fn)


def _floordiv(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.floor_divide(x, y)


def _div(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """TF1's ``tf.div``: Python 2 division (integers floor, floats divide)."""
    if x.dtype.kind in "iu":
        return np.floor_divide(x, y)
    return np.true_divide(x, y)


def _pow(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if x.dtype.kind in "iu" and np.any(y < 0):
        from scopelab.errors import InvalidArgumentError
        raise InvalidArgumentError("Integers to negative integer powers are not allowed")
    return np.power(x, y)


_ADD = _binary("Add", np.add)
_SUB = _binary("Sub", np.subtract)
_MUL = _binary("Mul", np.multiply)
_REALDIV = _binary("RealDiv", np.true_divide)
_DIV = _binary("Div", _div)
_FLOORDIV = _binary("FloorDiv", _floordiv)
_FLOORMOD = _binary("FloorMod", np.mod)
_POW = _binary("Pow", _pow)
_MAXIMUM = _binary("Maximum", np.maximum)
_MINIMUM = _binary("Minimum", np.minimum)
_SQDIFF = _binary("SquaredDifference", lambda x, y: np.square(x - y))
_EQUAL = _binary("Equal", np.equal, out=tf_bool)
_NOT_EQUAL = _binary("NotEqual", np.not_equal, out=tf_bool)
_LESS = _binary("Less", np.less, out=tf_bool)
_LESS_EQUAL = _binary("LessEqual", np.less_equal, out=tf_bool)
_GREATER = _binary("Greater", np.greater, out=tf_bool)
_GREATER_EQUAL = _binary("GreaterEqual", np.greater_equal, out=tf_bool)
_AND = _binary("LogicalAnd", np.logical_and, out=tf_bool, kind="bool")
_OR = _binary("LogicalOr", np.logical_or, out=tf_bool, kind="bool")


def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _ADD(x, y, name=name or "Add")


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _SUB(x, y, name=name or "Sub")


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _MUL(x, y, name=name or "Mul")


sub, mul = subtract, multiply


def realdiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _REALDIV(x, y, name=name)


def div(x: Any, y: Any, name: str | None = None) -> Tensor:
    """TF1 ``tf.div``: Python 2 division (integers truncate, floats divide)."""
    return _DIV(x, y, name=name or "div")


def floordiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _FLOORDIV(x, y, name=name or "floordiv")


floor_div = floordiv


def floormod(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _FLOORMOD(x, y, name=name)


mod = floormod


def pow(x: Any, y: Any, name: str | None = None) -> Tensor:  # noqa: A001 - TF's public name
    return _POW(x, y, name=name or "Pow")


def maximum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _MAXIMUM(x, y, name=name)


def minimum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _MINIMUM(x, y, name=name)


def squared_difference(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _SQDIFF(x, y, name=name)


def equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _EQUAL(x, y, name=name)


def not_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _NOT_EQUAL(x, y, name=name)


def less(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _LESS(x, y, name=name)


def less_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _LESS_EQUAL(x, y, name=name)


def greater(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _GREATER(x, y, name=name)


def greater_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _GREATER_EQUAL(x, y, name=name)


def logical_and(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _AND(x, y, name=name)


def logical_or(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _OR(x, y, name=name)


def logical_xor(x: Any, y: Any, name: str = "LogicalXor") -> Tensor:
    """``(x | y) & ~(x & y)``, built from TF's primitive ops as TF1 does."""
    from scopelab.scope import name_scope
    with name_scope(name) as scope:
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


def truediv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """Python 3 division: integer inputs are cast to float (int8/16 -> float32, else float64)."""
    from scopelab.scope import name_scope
    with name_scope(name, "truediv") as scope:
        if is_tensor_like(x) or not is_tensor_like(y):
            x = convert_to_tensor(x, name="x")
            y = convert_to_tensor(y, dtype=x.dtype, name="y")
        else:
            y = convert_to_tensor(y, name="y")
            x = convert_to_tensor(x, dtype=y.dtype, name="x")
        if x.dtype.is_integer:
            target = float32 if x.dtype.name in ("int8", "int16", "uint8", "uint16") else float64
            x, y = cast(x, target), cast(y, target)
        return _REALDIV(x, y, name=scope)


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    if name is not None:
        from scopelab.scope import name_scope
        with name_scope(name) as scope:
            return truediv(x, y, name=scope)
    return truediv(x, y)


def scalar_mul(scalar: Any, x: Any, name: str | None = None) -> Tensor:
    return multiply(scalar, x, name=name or "mul")


# --- the Python operators (TF1's binary_op_wrapper) --------------------------------------------------
def _operator(op: Any, op_name: str) -> Any:
    def forward(x: Any, y: Any) -> Any:
        x = convert_to_tensor(x)
        from scopelab.scope import name_scope
        with name_scope(None, op_name) as scope:
            y = convert_to_tensor(y, dtype=x.dtype, name="y")
            return op(x, y, name=scope)
    return forward


def _reflected(op: Any, op_name: str) -> Any:
    def backward(x: Any, y: Any) -> Any:   # x <op> y where only y is a tensor
        y = convert_to_tensor(y)
        from scopelab.scope import name_scope
        with name_scope(None, op_name) as scope:
            x = convert_to_tensor(x, dtype=y.dtype, name="x")
            return op(x, y, name=scope)
    return backward


def _matmul_operator(a: Any, b: Any) -> Tensor:
    from scopelab.ops.linalg_ops import matmul
    return matmul(a, b, name="matmul")


def _getitem(tensor: Any, key: Any) -> Tensor:
    from scopelab.ops.slicing import strided_slice_from_key
    return strided_slice_from_key(convert_to_tensor(tensor), key)


def _invert(x: Any) -> Tensor:
    return logical_not(x)


_BINARY_OPERATORS = {"add": _ADD, "sub": _SUB, "mul": _MUL, "floordiv": _FLOORDIV,
                     "mod": _FLOORMOD, "pow": _POW, "and": _AND, "or": _OR}
register_operators({name: _operator(op, name) for name, op in _BINARY_OPERATORS.items()})
register_operators({"r" + name: _reflected(op, name) for name, op in _BINARY_OPERATORS.items()})
register_operators({
    "truediv": lambda x, y: truediv(x, y), "rtruediv": lambda x, y: truediv(x, y),
    "matmul": lambda a, b: _matmul_operator(a, b), "rmatmul": lambda a, b: _matmul_operator(a, b),
    "rxor": lambda x, y: logical_xor(x, y),
    "lt": lambda x, y: less(x, y), "le": lambda x, y: less_equal(x, y),
    "gt": lambda x, y: greater(x, y), "ge": lambda x, y: greater_equal(x, y),
    "xor": lambda x, y: logical_xor(x, y),
    "neg": lambda x: negative(x), "pos": lambda x: convert_to_tensor(x),
    "abs": lambda x: abs(x), "invert": _invert, "getitem": _getitem,
})


# --- cast ------------------------------------------------------------------------
def _cast_shape(x: Tensor, *, DstT: DType) -> tuple:  # noqa: N803 - TF's attribute name
    return DstT, x.shape


def _cast(x: np.ndarray, *, DstT: DType) -> np.ndarray:  # noqa: N803 - TF's attribute name
    if DstT.is_bool:
        return x != 0
    if DstT.is_integer and x.dtype.kind == "f":
        return np.trunc(x).astype(DstT.np)
    return x.astype(DstT.np)


_CAST = define_op("Cast", ("x:any",), _cast_shape, _cast)


def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor:
    """TF1 ``tf.cast``: a tensor that already has ``dtype`` is returned as is."""
    dtype = as_dtype(dtype)
    if isinstance(x, Tensor) and x.dtype == dtype:
        return x
    from scopelab.scope import name_scope
    with name_scope(name, "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype == dtype:
            return x
        return _CAST(x, name=scope, DstT=dtype)


def to_float(x: Any, name: str = "ToFloat") -> Tensor:
    return cast(x, float32, name=name)


def to_double(x: Any, name: str = "ToDouble") -> Tensor:
    return cast(x, float64, name=name)


def to_int32(x: Any, name: str = "ToInt32") -> Tensor:
    return cast(x, int32, name=name)


def to_int64(x: Any, name: str = "ToInt64") -> Tensor:
    return cast(x, "int64", name=name)


def _div_no_nan(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, np.zeros((), x.dtype), np.true_divide(x, y)).astype(x.dtype)


_DIV_NO_NAN = _binary("DivNoNan", _div_no_nan)


def div_no_nan(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x / y``, and 0 where ``y`` is 0 (TF 1.13+; float inputs)."""
    x = convert_to_tensor(x, name="x")
    if not x.dtype.is_floating:
        _check_float(x, "DivNoNan", real=True)
    return _DIV_NO_NAN(x, y, name=name)
