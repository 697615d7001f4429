"""``tf.keras.regularizers``: ``l1``, ``l2``, ``l1_l2`` (Keras's default factor 0.01) as callables
that build the loss ops (``l2(0.1)(w)`` is ``0.1 * reduce_sum(square(w))``)."""

from __future__ import annotations

from typing import Any

import scopelab as tf

__all__ = ["Regularizer", "L1L2", "l1", "l2", "l1_l2", "get"]


class Regularizer:
    def __call__(self, x: Any) -> Any:
        return 0.0


class L1L2(Regularizer):
    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x: Any) -> Any:
        terms = []
        if self.l1:
            terms.append(self.l1 * tf.reduce_sum(tf.abs(x)))
        if self.l2:
            terms.append(self.l2 * tf.reduce_sum(tf.square(x)))
        if not terms:
            return tf.constant(0.0, dtype=x.dtype.base_dtype)
        return terms[0] if len(terms) == 1 else terms[0] + terms[1]

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}

    def __repr__(self) -> str:
        return f"L1L2(l1={self.l1}, l2={self.l2})"


def l1(l: float = 0.01) -> L1L2:  # noqa: E741 - Keras's argument name
    return L1L2(l1=l)


def l2(l: float = 0.01) -> L1L2:  # noqa: E741 - Keras's argument name
    return L1L2(l2=l)


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    return L1L2(l1=l1, l2=l2)


def get(identifier: Any) -> Any:
    if identifier is None:
        return None
    if isinstance(identifier, str):
        makers = {"l1": l1, "l2": l2, "l1_l2": l1_l2}
        if identifier not in makers:
            raise ValueError(f"Unknown regularizer: {identifier!r}; use 'l1', 'l2', 'l1_l2' or a callable.")
        return makers[identifier]()
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret regularizer identifier: {identifier!r}")
