"""``tf.layers`` core layers: ``Dense`` / ``dense``, ``Dropout`` / ``dropout``, ``Flatten`` / ``flatten``."""

from __future__ import annotations

from typing import Any

import numpy as np

import scopelab as tf
from scopelab.layers._base import InputSpec, Layer
from scopelab.ops.shapes import static_value

__all__ = ["Dense", "dense", "Dropout", "dropout", "Flatten", "flatten", "smart_cond", "constant_value"]


def constant_value(pred: Any) -> Any:
    """The Python value of ``pred`` when it is known while the graph is built, else None
    (a placeholder, or a tensor computed from one)."""
    if isinstance(pred, (bool, np.bool_, int)):
        return bool(pred)
    if isinstance(pred, tf.Variable):
        return None
    value = static_value(tf.convert_to_tensor(pred))     # TF1's tensor_util.constant_value
    return None if value is None else bool(value)


def smart_cond(pred: Any, true_fn: Any, false_fn: Any, name: str | None = None) -> Any:
    """``true_fn()`` or ``false_fn()`` when ``pred`` is known now, else ``tf.cond`` (TF1's smart_cond)."""
    value = constant_value(pred)
    if value is None:
        return tf.cond(pred, true_fn, false_fn, name=name)
    return true_fn() if value else false_fn()


def _activate(activation: Any, outputs: Any) -> Any:
    return outputs if activation is None else activation(outputs)


class Dense(Layer):
    """``outputs = activation(inputs @ kernel + bias)``; variables ``kernel`` [in, units] and ``bias``."""

    def __init__(self, units: int, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = tf.zeros_initializer() if bias_initializer is None else bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape: Any) -> None:
        last = tf.TensorShape(input_shape).as_list()[-1] if tf.TensorShape(input_shape).ndims else None
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`. "
                             f"Give the input a static last dimension (shape {tf.TensorShape(input_shape)}), "
                             f"e.g. tf.placeholder(tf.float32, [None, 128]) or x.set_shape(...).")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last})
        self.kernel = self.add_weight("kernel", shape=[last, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=self.dtype, trainable=True)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=self.dtype, trainable=True)
        self.built = True

    def call(self, inputs: Any) -> Any:
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        else:
            outputs = tf.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return _activate(self.activation, outputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(tf.TensorShape(input_shape).as_list()[:-1] + [self.units])


def dense(inputs: Any, units: int, activation: Any = None, use_bias: bool = True,
          kernel_initializer: Any = None, bias_initializer: Any = None, kernel_regularizer: Any = None,
          bias_regularizer: Any = None, activity_regularizer: Any = None, kernel_constraint: Any = None,
          bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
          reuse: Any = None) -> Any:
    """``tf.layers.dense``: a fresh :class:`Dense` applied once (``dense``, ``dense_1``, ... or ``name``)."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _scope=name, _reuse=reuse)
    layer._created_by = "tf.layers.dense"
    return layer.apply(inputs)


class Dropout(Layer):
    """Drops units with probability ``rate`` when ``training`` is true (a bool or a bool tensor)."""

    def __init__(self, rate: float = 0.5, noise_shape: Any = None, seed: int | None = None,
                 name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs: Any, training: Any = False) -> Any:
        def dropped() -> Any:
            return tf.nn.dropout(inputs, noise_shape=self.noise_shape, seed=self.seed, rate=self.rate)

        return smart_cond(training, dropped, lambda: tf.identity(inputs))

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)


def dropout(inputs: Any, rate: float = 0.5, noise_shape: Any = None, seed: int | None = None,
            training: Any = False, name: str | None = None) -> Any:
    """``tf.layers.dropout``: identity unless ``training`` (note: ``rate`` drops, unlike ``keep_prob``)."""
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name).apply(inputs, training=training)


class Flatten(Layer):
    """Reshapes ``[batch, d1, d2, ...]`` to ``[batch, d1 * d2 * ...]``."""

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: Any) -> Any:
        if self.data_format == "channels_first" and (inputs.shape.ndims or 0) > 2:
            inputs = tf.transpose(inputs, [0] + list(range(2, inputs.shape.ndims)) + [1])
        batch = inputs.shape.as_list()[0] if inputs.shape.ndims else None
        outputs = tf.reshape(inputs, (batch if batch is not None else tf.shape(inputs)[0], -1))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        dims = tf.TensorShape(input_shape).as_list()
        rest = dims[1:]
        flat = None if any(d is None for d in rest) else int(np.prod(rest)) if rest else 1
        return tf.TensorShape([dims[0], flat])


def flatten(inputs: Any, name: str | None = None, data_format: str = "channels_last") -> Any:
    """``tf.layers.flatten``."""
    return Flatten(name=name, data_format=data_format).apply(inputs)
