"""Regularizers: ``fn(variable) -> loss or None``, as ``tf.contrib.layers`` defined them.

The built-ins read ``np.asarray(variable)`` each time they are called, so a loss object that
re-calls them (the store's lazy loss) always reflects the variable's current value.
``no_regularizer`` is the one documented way to switch off a regularizer inherited from a scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import numbers
from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["l1_regularizer", "l2_regularizer", "sum_regularizer", "no_regularizer", "op_label",
           "reads_arrays"]


def _weights(variable: Any) -> np.ndarray:
    weights = np.asarray(variable)
    if weights.dtype.kind != "f":
        weights = weights.astype(np.float64)
    return weights


def _check_scale(scale: Any, name: str) -> bool:
    """Validate ``scale`` like TF; return False when ``scale == 0`` disables the regularizer."""
    if isinstance(scale, numbers.Integral):
        raise InvalidArgumentError(
            f"scale cannot be an integer: {scale}. Write {name}({float(scale)}) instead.",
            scale=scale)
    if not isinstance(scale, numbers.Real):
        raise InvalidArgumentTypeError(
            f"scale must be a real number, got {scale!r} of type {type(scale).__name__}.",
            scale=scale)
    if scale < 0.0:
        raise InvalidArgumentError(
            f"Setting a scale less than 0 on a regularizer: {scale:g}. A negative penalty would "
            f"reward large weights; use a scale >= 0.", scale=scale)
    return scale != 0.0


class _NormRegularizer:
    """``scale * penalty(weights)``; named like the TF factory that made it."""

    def __init__(self, name: str, scale: float, penalty: Callable[[np.ndarray], Any],
                 scope: str | None) -> None:
        self.__name__ = name
        self.scale = scale
        self.scope = scope
        self._penalty = penalty

    def __call__(self, weights: Any, name: str | None = None) -> Any:
        w = _weights(weights)
        return w.dtype.type(self.scale * self._penalty(w))

    def __repr__(self) -> str:
        return f"{self.__name__}(scale={self.scale!r})"


def _disabled(_: Any) -> Any:
    return None


def l1_regularizer(scale: float, scope: str | None = None) -> Any:
    """``scale * sum(|w|)``. ``scale=0.0`` gives a regularizer that returns None."""
    if not _check_scale(scale, "l1_regularizer"):
        return _disabled
    return _NormRegularizer("l1_regularizer", float(scale), lambda w: np.sum(np.abs(w)), scope)


def l2_regularizer(scale: float, scope: str | None = None) -> Any:
    """``scale * sum(w ** 2) / 2`` (TF's ``l2_loss``). ``scale=0.0`` returns None losses."""
    if not _check_scale(scale, "l2_regularizer"):
        return _disabled
    return _NormRegularizer("l2_regularizer", float(scale), lambda w: np.sum(w * w) / 2, scope)


class _SumRegularizer:
    def __init__(self, regularizers: list[Any], scope: str | None) -> None:
        self.__name__ = "sum_regularizer"
        self.regularizers = regularizers
        self.scope = scope

    def __call__(self, weights: Any, name: str | None = None) -> Any:
        losses = [loss for loss in (reg(weights) for reg in self.regularizers)
                  if loss is not None]
        if not losses:
            return None
        total = losses[0]
        for loss in losses[1:]:
            total = total + loss
        return total

    def __repr__(self) -> str:
        return f"sum_regularizer({self.regularizers!r})"


def sum_regularizer(regularizer_list: Iterable[Any], scope: str | None = None) -> Any:
    """The sum of several regularizers (``None`` entries skipped); None if the list is empty."""
    regularizers = [reg for reg in regularizer_list if reg is not None]
    for reg in regularizers:
        if not callable(reg):
            raise InvalidArgumentTypeError(
                f"sum_regularizer needs callables, got {reg!r}. Pass regularizers such as "
                f"tf.contrib.layers.l2_regularizer(0.1).", regularizer=reg)
    if not regularizers:
        return None
    return _SumRegularizer(regularizers, scope)


def no_regularizer(_: Any) -> Any:
    """Use this to switch off a regularizer inherited from the scope: it returns None."""
    return None


def op_label(regularizer: Any) -> str:
    """The last part of the loss op's name, as TF1 names it: the name scope the regularizer opens,
    its ``scope`` if one was given (``l2_regularizer(0.1, scope="wd")``: ``wd``), else its
    factory's name (``l2_regularizer``); ``loss`` for a function without a usable name."""
    scope = getattr(regularizer, "scope", None)
    label = scope if isinstance(scope, str) and scope else getattr(regularizer, "__name__", "")
    return label if label.isidentifier() else "loss"


def reads_arrays(regularizer: Any) -> bool:
    """Whether ``regularizer`` is one of the built-ins above, which compute on the weights' values
    (NumPy) and so cannot take a symbolic tensor; a user's regularizer written with TF ops can."""
    return isinstance(regularizer, (_NormRegularizer, _SumRegularizer))
