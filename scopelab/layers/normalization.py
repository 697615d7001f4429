"""``tf.layers.BatchNormalization`` / ``tf.layers.batch_normalization``.

Variables, in TF1's order: ``gamma`` (if ``scale``), ``beta`` (if ``center``), then the moving
statistics ``moving_mean`` and ``moving_variance``, which are **not trainable** (they are averaged,
not learned). Each call in training mode computes the batch statistics and adds two update ops
(``moving_mean -= (moving_mean - batch_mean) * (1 - momentum)``, the same for the variance) to
``UPDATE_OPS``: nothing runs them unless the training op depends on them, hence TF1's idiom
``with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)): train_op = ...``.

``training`` is a Python bool (``False``: normalize with the moving statistics, no updates) or a
``tf.bool`` tensor such as a placeholder: then both paths are built and ``tf.cond`` picks one when
the graph runs, and the updates are built too (they do nothing when ``training`` is false).
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.layers._base import InputSpec, Layer
from scopelab.layers.core import constant_value, smart_cond

__all__ = ["BatchNormalization", "batch_normalization", "assign_moving_average"]


def assign_moving_average(variable: Any, value: Any, momentum: float) -> Any:
    """``variable -= (variable - value) * (1 - momentum)`` as one op named ``AssignMovingAvg``."""
    with tf.name_scope(None, "AssignMovingAvg", [variable, value]) as scope:
        decay = tf.cast(1.0 - momentum, variable.dtype.base_dtype)
        update_delta = (variable - tf.cast(value, variable.dtype.base_dtype)) * decay
        return tf.assign_sub(variable, update_delta, name=scope)


class BatchNormalization(Layer):
    """Normalizes over every axis but ``axis`` (the channels), with learned ``gamma``/``beta``."""

    def __init__(self, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = None, gamma_initializer: Any = None,
                 moving_mean_initializer: Any = None, moving_variance_initializer: Any = None,
                 beta_regularizer: Any = None, gamma_regularizer: Any = None, beta_constraint: Any = None,
                 gamma_constraint: Any = None, renorm: bool = False, renorm_clipping: Any = None,
                 renorm_momentum: float = 0.99, fused: bool | None = None, trainable: bool = True,
                 virtual_batch_size: int | None = None, adjustment: Any = None, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        for option, value in (("renorm", renorm), ("renorm_clipping", renorm_clipping),
                              ("virtual_batch_size", virtual_batch_size), ("adjustment", adjustment)):
            if value:
                raise ValueError(f"BatchNormalization({option}={value!r}) is not supported by scopelab; "
                                 f"leave {option} at its default (batch renormalization, virtual batches "
                                 f"and adjustments change only the numbers, not the variables).")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer = beta_initializer or tf.zeros_initializer()
        self.gamma_initializer = gamma_initializer or tf.ones_initializer()
        self.moving_mean_initializer = moving_mean_initializer or tf.zeros_initializer()
        self.moving_variance_initializer = moving_variance_initializer or tf.ones_initializer()
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused

    def build(self, input_shape: Any) -> None:
        shape = tf.TensorShape(input_shape)
        if shape.ndims is None:
            raise ValueError("Input has undefined rank:", shape)
        ndims = shape.ndims
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        axes = [a + ndims if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(set(axes)) != len(axes):
            raise ValueError(f"Duplicate axis: {axes}")
        self._axes = axes
        dims = shape.as_list()
        sizes = {a: dims[a] for a in axes}
        if any(size is None for size in sizes.values()):
            raise ValueError("Input has undefined `axis` dimension. Input shape: ", shape)
        if self.fused is None:
            self.fused = ndims in (4, 5) and axes in ([1], [ndims - 1])
        self.input_spec = InputSpec(ndim=ndims, axes=sizes)
        param_shape = [sizes[axes[0]]] if len(axes) == 1 else [sizes.get(i, 1) for i in range(ndims)]
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=self.dtype,
                                         initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=self.dtype,
                                        initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        self.moving_mean = self.add_weight("moving_mean", shape=param_shape, dtype=self.dtype,
                                           initializer=self.moving_mean_initializer,
                                           synchronization=tf.VariableSynchronization.ON_READ, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape=param_shape, dtype=self.dtype,
                                               initializer=self.moving_variance_initializer,
                                               synchronization=tf.VariableSynchronization.ON_READ,
                                               trainable=False)
        self.built = True

    def _broadcast(self, value: Any, ndims: int, sizes: list) -> Any:
        """A per-channel vector reshaped to broadcast against the inputs when the channels are not last."""
        if value is None or len(self._axes) > 1 or self._axes == [ndims - 1]:
            return value
        return tf.reshape(value, sizes)

    def call(self, inputs: Any, training: Any = False) -> Any:
        ndims = inputs.shape.ndims
        dims = inputs.shape.as_list()
        broadcast_shape = [dims[i] if i in self._axes else 1 for i in range(ndims)]
        mean, variance = self._statistics(inputs, training)
        outputs = tf.nn.batch_normalization(
            inputs, self._broadcast(mean, ndims, broadcast_shape),
            self._broadcast(variance, ndims, broadcast_shape), self._broadcast(self.beta, ndims, broadcast_shape),
            self._broadcast(self.gamma, ndims, broadcast_shape), self.epsilon)
        outputs.set_shape(inputs.shape)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)

    def _statistics(self, inputs: Any, training: Any) -> tuple:
        """The mean and variance to normalize with (the batch's when training, the moving ones
        otherwise, a ``cond`` when ``training`` is a tensor); adds the moving-average updates
        unless ``training`` is known to be false."""
        if constant_value(training) is False:
            return self.moving_mean, self.moving_variance
        ndims = inputs.shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self._axes]
        batch_mean, batch_variance = tf.nn.moments(inputs, reduction_axes, keep_dims=len(self._axes) > 1)
        mean = smart_cond(training, lambda: batch_mean, lambda: tf.identity(self.moving_mean))
        variance = smart_cond(training, lambda: batch_variance, lambda: tf.identity(self.moving_variance))
        update_variance = batch_variance
        if self.fused:      # the fused kernel hands back the unbiased (n - 1) variance for the update
            count = tf.cast(tf.reduce_prod(tf.gather(tf.shape(inputs), reduction_axes)), inputs.dtype)
            update_variance = batch_variance * count / tf.maximum(count - 1.0, 1.0)
        for variable, value in ((self.moving_mean, batch_mean), (self.moving_variance, update_variance)):
            self.add_update(smart_cond(
                training, lambda v=variable, x=value: assign_moving_average(v, x, self.momentum),
                lambda v=variable: tf.identity(v)))
        return mean, variance


def batch_normalization(inputs: Any, axis: Any = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                        center: bool = True, scale: bool = True, beta_initializer: Any = None,
                        gamma_initializer: Any = None, moving_mean_initializer: Any = None,
                        moving_variance_initializer: Any = None, beta_regularizer: Any = None,
                        gamma_regularizer: Any = None, beta_constraint: Any = None, gamma_constraint: Any = None,
                        training: Any = False, trainable: bool = True, name: str | None = None,
                        reuse: Any = None, renorm: bool = False, renorm_clipping: Any = None,
                        renorm_momentum: float = 0.99, fused: bool | None = None,
                        virtual_batch_size: int | None = None, adjustment: Any = None) -> Any:
    """``tf.layers.batch_normalization``: note ``training`` defaults to False (inference)."""
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer, moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
        gamma_constraint=gamma_constraint, renorm=renorm, renorm_clipping=renorm_clipping,
        renorm_momentum=renorm_momentum, fused=fused, trainable=trainable, virtual_batch_size=virtual_batch_size,
        adjustment=adjustment, name=name, _scope=name, _reuse=reuse)
    layer._created_by = "tf.layers.batch_normalization"
    return layer.apply(inputs, training=training)
