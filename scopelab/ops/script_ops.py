"""``tf.py_func``: a Python function as an op, called with NumPy arrays when a session runs it.

As in TF1 its outputs have unknown static shapes (``set_shape`` them) and the dtypes of ``Tout``;
it is never run at graph construction, even on constant inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import as_dtype
from scopelab.errors import InvalidArgumentError, UnknownError
from scopelab.tensor_shape import TensorShape

from scopelab.ops.op_def import define_op
from scopelab.ops.tensor import Tensor

__all__ = ["py_func"]


def _py_func_shape(inp: list, *, func: Any, tout: tuple, single: bool) -> list:
    return [(dtype, TensorShape(None)) for dtype in tout]


def _py_func(inp: list, *, func: Any, tout: tuple, single: bool) -> Any:
    try:
        result = func(*inp)
    except Exception as exc:
        raise UnknownError(f"{type(exc).__name__}: {exc}") from exc
    results = [result] if single else list(result if isinstance(result, (list, tuple)) else
                                           [result])
    if len(results) != len(tout):
        raise InvalidArgumentError(f"pyfunc returned {len(results)} values, but expects "
                                   f"{len(tout)} values.")
    arrays = []
    for i, (value, dtype) in enumerate(zip(results, tout)):
        array = np.asarray(value)
        if array.dtype != dtype.np and not (array.dtype.kind == dtype.np.kind == "f"):
            raise InvalidArgumentError(
                f"{i}-th value returned by pyfunc is {array.dtype.name}, but expects "
                f"{dtype.name}")
        arrays.append(array.astype(dtype.np))
    return arrays[0] if len(arrays) == 1 else tuple(arrays)


_STATEFUL = define_op("PyFunc", ("*input:any",), _py_func_shape, _py_func, pure=False,
                      eager=False)
_STATELESS = define_op("PyFuncStateless", ("*input:any",), _py_func_shape, _py_func,
                       eager=False)


def py_func(func: Any, inp: Any, Tout: Any, stateful: bool = True,  # noqa: N803 - TF's name
            name: str | None = None) -> Any:
    """Run ``func(*arrays)`` at ``Session.run``; ``Tout`` is a dtype (one output) or a list."""
    single = not isinstance(Tout, (list, tuple))
    tout = tuple(as_dtype(t) for t in ([Tout] if single else Tout))
    op_def = _STATEFUL if stateful else _STATELESS
    result = op_def(list(inp), name=name, func=func, tout=tout, single=single)
    if single:
        return result[0] if isinstance(result, tuple) else result
    if isinstance(result, Tensor):
        return [result]
    return list(result) if isinstance(result, tuple) else []
