"""What every layer may know about op results: :class:`TensorBase`, ``is_tensor``, ``tensor_value``
and the Python operators (``+``, ``*``, ``[...]`` …) that tensors and variables share.

The ops package (L3, ``scopelab.ops``) defines the real ``tf.Tensor`` on top of this base; the
core (store, variables, initial values) recognises op results only through this module, never by
importing ``scopelab.ops``:

* ``is_tensor(x)``: ``x`` came from a TF op (``tf.constant``, ``tf.random_normal``, ``a + b`` …).
  The store treats such an initializer as TF does (its shape is inferred, its dtype wins, a
  partitioner slices it).
* ``tensor_value(x, purpose)``: the NumPy value of a *concrete* tensor (all its inputs known), or
  :class:`~scopelab.errors.SymbolicTensorError` saying why a *symbolic* one (it depends on a
  placeholder) has no value outside ``Session.run`` and what to do instead.
* :class:`TensorOperators`: ``__add__`` … ``__getitem__`` dispatch to the functions the ops package
  registers with :func:`register_operators`, so ``v + 1`` on a Variable and ``x + 1`` on a tensor
  both build a TF op (``"add"``) that records its inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["TensorBase", "is_tensor", "tensor_value", "TensorOperators", "register_operators",
           "build_op"]


class TensorBase:
    """Base of ``tf.Tensor``. Subclasses provide ``dtype``, ``shape`` and ``_concrete(purpose)``."""

    __slots__ = ()

    def _concrete(self, purpose: str | None) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


def is_tensor(value: object) -> bool:
    """True for op results (``tf.constant(...)``, ``x + 1`` …), like ``tf.is_tensor``."""
    return isinstance(value, TensorBase)


def tensor_value(value: TensorBase, purpose: str | None = None) -> np.ndarray:
    """The value of a concrete tensor; a symbolic one raises ``SymbolicTensorError``.

    ``purpose`` completes the explanation, e.g. ``"the initializer of variable 'w'"``.
    """
    return value._concrete(purpose)


# Operator name -> function(a, b) (or function(a) for unary ones), filled by scopelab.ops.
_OPERATORS: dict[str, Callable[..., Any]] = {}


def register_operators(table: dict[str, Callable[..., Any]]) -> None:
    """Install the op functions behind the Python operators (called once by ``scopelab.ops``)."""
    _OPERATORS.update(table)


def build_op(kind: str, *args: Any) -> Any:
    """An op the ops package registered under ``kind`` (e.g. ``"variable_initializer"``), for
    core objects that answer TF1 attributes such as ``v.initializer``."""
    return _OPERATORS[kind](*args)


def _binary(name: str, reflected: bool) -> Callable[[Any, Any], Any]:
    if reflected:   # other <op> self, where other is not a tensor: table entry "r<name>"
        def method(self: Any, other: Any) -> Any:
            return _OPERATORS["r" + name](other, self)
    else:
        def method(self: Any, other: Any) -> Any:
            return _OPERATORS[name](self, other)
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _unary(name: str) -> Callable[[Any], Any]:
    def method(self: Any) -> Any:
        return _OPERATORS[name](self)
    method.__name__ = f"__{name}__"
    return method


class TensorOperators:
    """TF1's operator overloads; equality stays identity (TF1 graph tensors hash by identity)."""

    __slots__ = ()
    __array_priority__ = 100  # ndarray <op> tensor -> our reflected operator

    def __getitem__(self, key: Any) -> Any:
        return _OPERATORS["getitem"](self, key)


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or",
              "xor"):
    setattr(TensorOperators, f"__{_name}__", _binary(_name, reflected=False))
    setattr(TensorOperators, f"__r{_name}__", _binary(_name, reflected=True))
for _name in ("lt", "le", "gt", "ge"):
    setattr(TensorOperators, f"__{_name}__", _binary(_name, reflected=False))
for _name in ("neg", "pos", "abs", "invert"):
    setattr(TensorOperators, f"__{_name}__", _unary(_name))
TensorOperators.__div__ = TensorOperators.__truediv__  # type: ignore[attr-defined,operator]  # set by setattr above
del _name
