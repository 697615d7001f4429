"""Keras's ``BatchNormalization`` (over ``tf.layers``' statistics and updates) and
``LayerNormalization``.

TF1 graph mode's Keras batch norm differs from ``tf.layers.batch_normalization`` in three ways that
show: ``training`` left ``None`` reads the learning phase (so a 4-D input's output is
``batch_normalization/cond/Merge:0``), its moving-average updates are in ``layer.updates`` but not
in ``UPDATE_OPS`` (run ``model.updates`` yourself), and its weights are ``tf.Variable`` objects.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras import backend, initializers, regularizers
from scopelab.keras._engine import Layer, input_masks
from scopelab.layers import normalization as _norm
from scopelab.layers.core import constant_value

__all__ = ["BatchNormalization", "LayerNormalization"]


class BatchNormalization(Layer, _norm.BatchNormalization):
    def __init__(self, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros", gamma_initializer: Any = "ones",
                 moving_mean_initializer: Any = "zeros", moving_variance_initializer: Any = "ones",
                 beta_regularizer: Any = None, gamma_regularizer: Any = None, **kwargs: Any) -> None:
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                         beta_initializer=initializers.get(beta_initializer),
                         gamma_initializer=initializers.get(gamma_initializer),
                         moving_mean_initializer=initializers.get(moving_mean_initializer),
                         moving_variance_initializer=initializers.get(moving_variance_initializer),
                         beta_regularizer=regularizers.get(beta_regularizer),
                         gamma_regularizer=regularizers.get(gamma_regularizer), **kwargs)

    def build(self, input_shape: Any) -> None:
        super().build(input_shape)
        if self.fused and self._axes not in ([1], [3]):     # Keras fuses 4-D inputs only
            self.fused = False

    supports_masking = True

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        # Refused before the first call builds the weights, so the store stays as it was.
        if (kwargs["mask"] if "mask" in kwargs else input_masks(inputs)) is not None:
            raise NotImplementedError(
                f"A masked input to tf.keras.layers.BatchNormalization ({self.name}) is not implemented by "
                f"scopelab (Keras leaves the masked steps out of the batch statistics): put the "
                f"BatchNormalization where no mask reaches it, e.g. after the recurrent layer.")
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs: Any, training: Any = None) -> Any:
        if training is None:
            training = backend.learning_phase()
        if not self.fused:
            return super().call(inputs, training=training)
        value = constant_value(training)
        if value is None:
            outputs = tf.cond(training, lambda: self._fused(inputs, True), lambda: self._fused(inputs, False))
        else:
            outputs = self._fused(inputs, value)
        self._statistics(inputs, training)          # the moving-average updates, after (as TF names them)
        return outputs

    def _fused(self, inputs: Any, training: bool) -> Any:
        channels = inputs.shape.as_list()[self._axes[0]]
        gamma = self.gamma if self.gamma is not None else tf.ones([channels], inputs.dtype)
        beta = self.beta if self.beta is not None else tf.zeros([channels], inputs.dtype)
        data_format = "NCHW" if self._axes == [1] else "NHWC"
        if training:
            outputs, _, _ = tf.nn.fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon,
                                                   data_format=data_format, is_training=True)
        else:
            outputs, _, _ = tf.nn.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                                   variance=self.moving_variance, epsilon=self.epsilon,
                                                   data_format=data_format, is_training=False)
        return outputs


class LayerNormalization(Layer):
    """Normalizes over ``axis`` (the last by default) per example; ``gamma``/``beta`` over ``axis``."""

    supports_masking = True

    def __init__(self, axis: Any = -1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 beta_initializer: Any = "zeros", gamma_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, beta_constraint: Any = None, gamma_constraint: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        self.epsilon, self.center, self.scale = epsilon, center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def build(self, input_shape: Any) -> None:
        shape = tf.TensorShape(input_shape)
        if shape.ndims is None:
            raise ValueError(f"LayerNormalization needs inputs of known rank, got {shape}.")
        ndims = shape.ndims
        self._axes = sorted(a + ndims if a < 0 else a for a in self.axis)
        if any(a < 0 or a >= ndims for a in self._axes):
            raise ValueError(f"Invalid axis: {self.axis} for inputs of rank {ndims}.")
        dims = shape.as_list()
        param_shape = [dims[a] for a in self._axes]
        if any(d is None for d in param_shape):
            raise ValueError(f"LayerNormalization: the normalized axes {self._axes} of {shape} must be known.")
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.built = True

    def _broadcast(self, value: Any, ndims: int, dims: list) -> Any:
        if self._axes == list(range(ndims - len(self._axes), ndims)):
            return value
        return tf.reshape(value, [dims[i] if i in self._axes else 1 for i in range(ndims)])

    def call(self, inputs: Any) -> Any:
        ndims, dims = inputs.shape.ndims, inputs.shape.as_list()
        with tf.name_scope("normalize"):        # so that the last op is ``add``, as TF names it
            mean, variance = tf.nn.moments(inputs, self._axes, keep_dims=True)
            outputs = (inputs - mean) * tf.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            outputs = outputs * self._broadcast(self.gamma, ndims, dims)
        if self.beta is not None:
            outputs = outputs + self._broadcast(self.beta, ndims, dims)
        outputs.set_shape(inputs.shape)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)
