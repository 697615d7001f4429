"""Keras's activation layers (recorded with TF 2.15, ``keras_layer_cases.py``): ``LeakyReLU``
(``alpha=0.3``), ``ELU``, ``ReLU`` (``max_value``, ``negative_slope``, ``threshold``: Keras's
``backend.relu``), ``ThresholdedReLU``, ``Softmax`` (a ``mask=`` adds -1e9 at the masked places)
and ``PReLU`` (a learned ``alpha`` per input position, shared along ``shared_axes``). All pass a
mask on."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras import initializers, regularizers
from scopelab.keras._engine import Layer

__all__ = ["LeakyReLU", "ELU", "ReLU", "ThresholdedReLU", "Softmax", "PReLU"]


class _Activation(Layer):
    supports_masking = True

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)


class LeakyReLU(_Activation):
    def __init__(self, alpha: Any = 0.3, **kwargs: Any) -> None:
        if alpha is None:
            raise ValueError(f"The alpha value of a Leaky ReLU layer cannot be None, Expecting a float. "
                             f"Received: {alpha}")
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs: Any) -> Any:
        return tf.nn.leaky_relu(inputs, alpha=self.alpha)


class ELU(_Activation):
    """``elu(x)`` for ``x > 0`` and ``alpha * elu(x)`` below."""

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        if alpha is None:
            raise ValueError(f"Alpha of an ELU layer cannot be None, expecting a float. Received: {alpha}")
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs: Any) -> Any:
        result = tf.nn.elu(inputs)
        if self.alpha == 1:
            return result
        return tf.where(inputs > 0, result, self.alpha * result)


class ReLU(_Activation):
    """``x`` above ``threshold`` (clipped at ``max_value``), ``negative_slope * (x - threshold)`` below."""

    def __init__(self, max_value: Any = None, negative_slope: Any = 0.0, threshold: Any = 0.0,
                 **kwargs: Any) -> None:
        for argument, value in (("max_value", max_value), ("negative_slope", negative_slope),
                                ("threshold", threshold)):
            if (value is None and argument != "max_value") or (value is not None and value < 0.0):
                raise ValueError(f"{argument} of a ReLU layer cannot be a negative value. Received: {value}")
        super().__init__(**kwargs)
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope, self.threshold = float(negative_slope), float(threshold)

    def call(self, x: Any) -> Any:
        alpha, max_value, threshold = self.negative_slope, self.max_value, self.threshold
        if alpha != 0.0:
            if max_value is None and threshold == 0:
                return tf.nn.leaky_relu(x, alpha=alpha)
            negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
        clip_max = max_value is not None
        if threshold != 0:
            x = x * tf.cast(tf.greater(x, threshold), x.dtype)
        elif max_value == 6:
            x, clip_max = tf.nn.relu6(x), False
        else:
            x = tf.nn.relu(x)
        if clip_max:
            x = tf.clip_by_value(x, 0.0, max_value)
        if alpha != 0.0:
            x = x - alpha * negative_part
        return x


class ThresholdedReLU(_Activation):
    """``x`` where ``x > theta``, else 0."""

    def __init__(self, theta: Any = 1.0, **kwargs: Any) -> None:
        if theta is None:
            raise ValueError(f"Theta of a Thresholded ReLU layer cannot be None, expecting a float. Received: {theta}")
        if theta < 0:
            raise ValueError(f"The theta value of a Thresholded ReLU layer should be >=0. Received: {theta}")
        super().__init__(**kwargs)
        self.theta = float(theta)

    def call(self, inputs: Any) -> Any:
        return inputs * tf.cast(tf.greater(inputs, self.theta), inputs.dtype)


class Softmax(_Activation):
    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:        # masked places get a large negative logit (Keras: -1e9; float16's min)
            large = tf.float16.min if inputs.dtype.base_dtype == tf.float16 else -1e9
            inputs = inputs + (1.0 - tf.cast(mask, inputs.dtype)) * large
        return tf.nn.softmax(inputs, axis=self.axis)


class PReLU(_Activation):
    """``relu(x) - alpha * relu(-x)``: ``alpha`` ``input_shape[1:]`` (1 along ``shared_axes``), zeros
    unless ``alpha_initializer`` says otherwise."""

    def __init__(self, alpha_initializer: Any = "zeros", alpha_regularizer: Any = None,
                 alpha_constraint: Any = None, shared_axes: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = alpha_constraint
        if shared_axes is None:
            self.shared_axes: list = []
        else:
            self.shared_axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]

    def build(self, input_shape: Any) -> None:
        shape = tf.TensorShape(input_shape).as_list()[1:]
        for axis in self.shared_axes:
            shape[axis - 1] = 1
        if any(d is None for d in shape):
            raise ValueError(f"PReLU ({self.name}) needs the input's dimensions after the batch known (or shared "
                             f"with shared_axes): got {tf.TensorShape(input_shape)}.")
        self.alpha = self.add_weight("alpha", shape=shape, initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        return tf.nn.relu(inputs) + (-self.alpha * tf.nn.relu(-inputs))
