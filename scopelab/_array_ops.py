"""Array access for variables and lazy losses; their Python operators build TF ops.

``np.asarray(v)``, ``float(v)`` and ``int(v)`` read the host value of a
:class:`~scopelab.variables.Variable` (or a lazy loss); ``v + 1``, ``w @ x``, ``-v``, ``v[0]`` come
from :class:`~scopelab._tensor_base.TensorOperators` and build the TF op (``scopelab.ops``) that
records the variable as its input, named like the TF1 op under the current name scope
(``(1.0 + v).op.name == "foo/add"``), so TF1 custom getters such as
``lambda getter, **kw: getter(...) + getter(...)`` work.
"""

from __future__ import annotations

import numpy as np

from scopelab._tensor_base import TensorOperators
from scopelab.kernels import to_host  # NumPy only at import: Numba loads on the first kernel call

__all__ = ["ArrayOps", "OpName", "to_host"]


class ArrayOps(TensorOperators):
    """Array-like access for objects whose value is ``self._host_value()``; the operators
    (``v + 1``, ``v[0]`` …) build TF ops that record the object as their input."""

    def _host_value(self) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __array__(self, dtype=None, copy=None):
        value = self._host_value()
        if dtype is not None:
            value = value.astype(dtype, copy=False)
        return value.copy() if copy else value

    def __float__(self) -> float:
        return float(self._host_value())

    def __int__(self) -> int:
        return int(self._host_value())


class OpName:
    """The ``.op`` of a variable: its ``name``, ``type`` and ``device``, as TF's ``Operation``."""

    __slots__ = ("name", "device")
    type = "VariableV2"

    def __init__(self, name: str, device: str = "") -> None:
        self.name = name
        self.device = device

    def __repr__(self) -> str:
        return f"<tf.Operation {self.name!r}>"
