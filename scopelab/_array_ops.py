"""Array arithmetic for variables and lazy losses, with TF1's op names on the results.

``v + 1``, ``w @ x``, ``-v`` on a :class:`~scopelab.variables.Variable` compute with NumPy on the
host value and return a ``tf.Tensor``-like array named like the TF1 op under the current name
scope of the default graph (``(1.0 + v).op.name == "foo/add"``), so TF1 custom getters such as
``lambda getter, **kw: getter(...) + getter(...)`` work. ``tf.constant`` is named the same way.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from scopelab import math_ops as _math_ops
from scopelab.graph import get_default_graph
from scopelab.kernels import to_host  # NumPy only at import: Numba loads on the first kernel call
from scopelab.math_ops import Tensor

__all__ = ["ArrayOps", "NamedTensor", "OpName", "name_op", "constant", "to_host"]


class ArrayOps:
    """Arithmetic, comparison-free, for objects whose value is ``self._host_value()``."""

    __array_priority__ = 100  # ndarray op Variable -> our reflected operator

    def _host_value(self) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __array__(self, dtype=None, copy=None):
        value = self._host_value()
        if dtype is not None:
            value = value.astype(dtype, copy=False)
        return value.copy() if copy else value

    def __getitem__(self, key):
        return self._host_value()[key]

    def __float__(self) -> float:
        return float(self._host_value())

    def __int__(self) -> int:
        return int(self._host_value())

    def __neg__(self):
        return name_op(-self._host_value(), "Neg")

    def __pos__(self):
        return name_op(+self._host_value(), "Identity")

    def __abs__(self):
        return name_op(abs(self._host_value()), "Abs")


class NamedTensor(Tensor):
    """An op result with TF's graph name: ``t.name == "foo/add:0"``, ``t.op.name == "foo/add"``."""

    name: str | None = None
    op: Any = None


def name_op(value: Any, op_type: str) -> NamedTensor:
    """``value`` as a ``tf.Tensor``-like array named like a TF1 op of type ``op_type``: a unique
    name under the current name scope of the default graph (``"foo/add_1"``)."""
    tensor = np.asarray(value).view(NamedTensor)
    name = get_default_graph().unique_name(op_type)
    tensor.name, tensor.op = name + ":0", OpName(name)
    return tensor


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str = "Const",
             verify_shape: bool = False) -> NamedTensor:
    """TF1 ``tf.constant`` whose result is named under the current name scope (``"foo/c:0"``)."""
    result = _math_ops.constant(value, dtype=dtype, shape=shape, name=name,
                                verify_shape=verify_shape)
    return name_op(result, name or "Const")


def _binary(op: Callable, op_type: str, reflected: bool) -> Callable:
    if reflected:
        def method(self, other):
            return name_op(op(np.asarray(other), self._host_value()), op_type)
    else:
        def method(self, other):
            return name_op(op(self._host_value(), np.asarray(other)), op_type)
    return method


for _name, _op, _type in (("add", operator.add, "add"), ("sub", operator.sub, "sub"),
                          ("mul", operator.mul, "mul"), ("truediv", operator.truediv, "truediv"),
                          ("floordiv", operator.floordiv, "floordiv"),
                          ("mod", operator.mod, "mod"), ("pow", operator.pow, "pow"),
                          ("matmul", operator.matmul, "MatMul")):
    setattr(ArrayOps, f"__{_name}__", _binary(_op, _type, reflected=False))
    setattr(ArrayOps, f"__r{_name}__", _binary(_op, _type, reflected=True))
for _name, _op, _type in (("lt", operator.lt, "Less"), ("le", operator.le, "LessEqual"),
                          ("gt", operator.gt, "Greater"), ("ge", operator.ge, "GreaterEqual")):
    setattr(ArrayOps, f"__{_name}__", _binary(_op, _type, reflected=False))


class OpName:
    """The ``.op`` of a named result or variable: just its ``name``, as TF's ``Operation``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<tf.Operation {self.name!r}>"
