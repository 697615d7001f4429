"""``tf.keras.activations``: Keras's activation names resolved to the ``tf.nn`` ops (so a
``Dense(4, activation="relu")`` ends in ``dense/Relu``, as TF1 Keras's does)."""

from __future__ import annotations

from typing import Any

import scopelab as tf

__all__ = ["get", "serialize", "linear", "relu", "elu", "selu", "softplus", "softsign", "sigmoid",
           "hard_sigmoid", "tanh", "softmax", "exponential"]


def linear(x: Any) -> Any:
    return x


def relu(x: Any, alpha: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Any:
    if alpha or max_value is not None or threshold:
        raise NotImplementedError("tf.keras.activations.relu with alpha, max_value or threshold is not "
                                  "implemented by scopelab; use tf.nn.leaky_relu or tf.nn.relu6.")
    return tf.nn.relu(x)


def elu(x: Any, alpha: float = 1.0) -> Any:
    if alpha != 1.0:
        raise NotImplementedError("tf.keras.activations.elu with alpha != 1 is not implemented by scopelab.")
    return tf.nn.elu(x)


def selu(x: Any) -> Any:
    return tf.nn.selu(x)


def softplus(x: Any) -> Any:
    return tf.nn.softplus(x)


def softsign(x: Any) -> Any:
    return tf.nn.softsign(x)


def sigmoid(x: Any) -> Any:
    return tf.nn.sigmoid(x)


def hard_sigmoid(x: Any) -> Any:
    return tf.clip_by_value(x * 0.2 + 0.5, 0.0, 1.0)


def tanh(x: Any) -> Any:
    return tf.nn.tanh(x)


def exponential(x: Any) -> Any:
    return tf.exp(x)


def softmax(x: Any, axis: int = -1) -> Any:
    return tf.nn.softmax(x, axis=axis)


_BY_NAME = {fn.__name__: fn for fn in (linear, relu, elu, selu, softplus, softsign, sigmoid, hard_sigmoid,
                                       tanh, exponential, softmax)}


def get(identifier: Any) -> Any:
    """A callable for ``identifier``: ``None`` (linear), a Keras name (``"relu"``) or a callable."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        try:
            return _BY_NAME[identifier]
        except KeyError:
            raise ValueError(f"Unknown activation function: {identifier!r}. Known names: "
                             f"{sorted(_BY_NAME)}; or pass a callable such as tf.nn.leaky_relu.") from None
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation: Any) -> str:
    return str(getattr(activation, "__name__", activation))
