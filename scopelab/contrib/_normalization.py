"""``tf.contrib.layers.batch_norm``, ``layer_norm``, ``instance_norm`` and ``group_norm``.

``batch_norm`` took one of two paths in TF1, and they name and order the variables differently:

* the **layer path** (4-D or other inputs with the default ``updates_collections=UPDATE_OPS``):
  a ``tf.layers.BatchNormalization`` inside scope ``BatchNorm``: ``gamma`` (only with
  ``scale=True``, contrib's default is False), ``beta``, ``moving_mean``, ``moving_variance``;
* the **parameter path** (2-D inputs, ``updates_collections`` other than ``UPDATE_OPS`` such as
  None, or ``zero_debias_moving_mean``): ``beta``, ``gamma``, ``moving_mean``, ``moving_variance``
  created one by one. With ``updates_collections=None`` the moving averages are updated in place
  (the output depends on the updates), otherwise the two update ops go to ``updates_collections``.

Either way, when ``is_training`` is False (a Python bool) no statistics are computed and no
updates exist; when it is a tensor, both paths are built and chosen when the graph runs.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.contrib._variables import (
    add_variable_to_collections, collect_named_outputs, get_variable_collections, layer_variable_getter,
    model_variable,
)
from scopelab.keys import GraphKeys
from scopelab.layers.core import constant_value, smart_cond
from scopelab.layers.normalization import BatchNormalization, assign_moving_average

__all__ = ["batch_norm", "layer_norm", "instance_norm", "group_norm"]


def batch_norm(inputs: Any, decay: float = 0.999, center: bool = True, scale: bool = False,
               epsilon: float = 0.001, activation_fn: Any = None, param_initializers: Any = None,
               param_regularizers: Any = None, updates_collections: Any = GraphKeys.UPDATE_OPS,
               is_training: Any = True, reuse: Any = None, variables_collections: Any = None,
               outputs_collections: Any = None, trainable: bool = True, batch_weights: Any = None,
               fused: bool | None = None, data_format: str = "NHWC", zero_debias_moving_mean: bool = False,
               scope: Any = None, renorm: bool = False, renorm_clipping: Any = None,
               renorm_decay: float = 0.99, adjustment: Any = None) -> Any:
    """Batch normalization in scope ``BatchNorm`` (see the module doc for its two variable orders)."""
    if batch_weights is not None or renorm or adjustment is not None:
        raise ValueError("scopelab's tf.contrib.layers.batch_norm does not support batch_weights, renorm "
                         "or adjustment; leave them at their defaults.")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    fused = True if fused is None else fused
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.ndims
    parameter_path = fused and rank in (2, 4) and (
        zero_debias_moving_mean or rank == 2 or updates_collections is not GraphKeys.UPDATE_OPS)
    if parameter_path or updates_collections is not GraphKeys.UPDATE_OPS or zero_debias_moving_mean:
        return _parameter_batch_norm(inputs, decay, center, scale, epsilon, activation_fn,
                                     param_initializers or {}, param_regularizers or {}, updates_collections,
                                     is_training, reuse, variables_collections, outputs_collections, trainable,
                                     data_format, zero_debias_moving_mean, scope, fused=parameter_path)
    initializers, regularizers = param_initializers or {}, param_regularizers or {}
    with tf.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse,
                           custom_getter=layer_variable_getter(rename=False)) as sc:
        layer = BatchNormalization(
            axis=1 if data_format == "NCHW" else -1, momentum=decay, epsilon=epsilon, center=center, scale=scale,
            beta_initializer=initializers.get("beta"), gamma_initializer=initializers.get("gamma"),
            moving_mean_initializer=initializers.get("moving_mean"),
            moving_variance_initializer=initializers.get("moving_variance"),
            beta_regularizer=regularizers.get("beta"), gamma_regularizer=regularizers.get("gamma"),
            trainable=trainable, name=sc.name, _scope=sc, _reuse=reuse, fused=fused)
        layer._created_by = "tf.contrib.layers.batch_norm"
        outputs = layer.apply(inputs, training=is_training)
        for name in ("moving_mean", "moving_variance", "beta", "gamma"):
            add_variable_to_collections(getattr(layer, name), variables_collections, name)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _parameter_batch_norm(inputs: Any, decay: float, center: bool, scale: bool, epsilon: float,
                          activation_fn: Any, initializers: dict, regularizers: dict, updates_collections: Any,
                          is_training: Any, reuse: Any, variables_collections: Any, outputs_collections: Any,
                          trainable: bool, data_format: str, zero_debias: bool, scope: Any, fused: bool) -> Any:
    with tf.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        shape = inputs.shape
        if shape.ndims is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        dims = shape.as_list()
        channel_axis = 1 if data_format == "NCHW" else shape.ndims - 1
        channels = dims[channel_axis]
        if channels is None:
            raise ValueError(f"Inputs {inputs.name} has undefined channels dimension "
                             f"{shape[channel_axis:channel_axis + 1]}.")
        moments_axes = [i for i in range(shape.ndims) if i != channel_axis]
        dtype = inputs.dtype.base_dtype

        def param(name: str, default: Any, trainable_param: bool) -> Any:
            return model_variable(name, [channels], created_by="tf.contrib.layers.batch_norm", dtype=dtype,
                                  initializer=initializers.get(name, default),
                                  regularizer=regularizers.get(name) if trainable_param else None,
                                  collections=get_variable_collections(variables_collections, name),
                                  trainable=trainable and trainable_param)

        beta = param("beta", tf.zeros_initializer(), True) if center else None
        gamma = param("gamma", tf.ones_initializer(), True) if scale else None
        moving_mean = param("moving_mean", tf.zeros_initializer(), False)
        moving_variance = param("moving_variance", tf.ones_initializer(), False)

        training_value = constant_value(is_training)
        if training_value is False:
            mean, variance = moving_mean, moving_variance
        else:
            batch_mean, batch_variance = tf.nn.moments(inputs, moments_axes)
            update_variance = batch_variance
            if fused:       # the fused kernel's variance for the moving average is the unbiased one
                count = tf.cast(tf.size(inputs) // channels, dtype)
                update_variance = batch_variance * count / tf.maximum(count - 1.0, 1.0)

            def updates() -> tuple:
                if zero_debias:
                    from scopelab.train import moving_averages
                    mean_update = moving_averages.assign_moving_average(moving_mean, batch_mean, decay,
                                                                        zero_debias=True)
                else:
                    mean_update = assign_moving_average(moving_mean, batch_mean, decay)
                return mean_update, assign_moving_average(moving_variance, update_variance, decay)

            def moving() -> tuple:
                return tf.identity(moving_mean), tf.identity(moving_variance)

            if updates_collections is None:
                def forced() -> tuple:
                    with tf.control_dependencies(list(updates())):
                        return tf.identity(batch_mean), tf.identity(batch_variance)
                mean, variance = smart_cond(is_training, forced, moving)
            else:
                mean_update, variance_update = smart_cond(is_training, updates, moving)
                tf.add_to_collections(updates_collections, mean_update)
                tf.add_to_collections(updates_collections, variance_update)
                mean, variance = smart_cond(is_training, lambda: (batch_mean, batch_variance), moving)
        if data_format == "NCHW":
            broadcast = [1, channels] + [1] * (shape.ndims - 2)
            mean, variance = tf.reshape(mean, broadcast), tf.reshape(variance, broadcast)
            beta = None if beta is None else tf.reshape(beta, broadcast)
            gamma = None if gamma is None else tf.reshape(gamma, broadcast)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
        outputs.set_shape(shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def layer_norm(inputs: Any, center: bool = True, scale: bool = True, activation_fn: Any = None,
               reuse: Any = None, variables_collections: Any = None, outputs_collections: Any = None,
               trainable: bool = True, begin_norm_axis: int = 1, begin_params_axis: int = -1,
               scope: Any = None) -> Any:
    """Layer normalization in scope ``LayerNorm``: ``beta`` then ``gamma`` over
    ``shape[begin_params_axis:]``, statistics over axes ``begin_norm_axis..rank-1``, epsilon 1e-12."""
    with tf.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        shape = inputs.shape
        rank = shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError(f"begin_params_axis ({begin_params_axis}) and begin_norm_axis ({begin_norm_axis}) "
                             f"must be < rank(inputs) ({rank})")
        params_shape = shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {inputs.name}: shape(inputs)[{begin_params_axis}:] is not fully "
                             f"defined: {params_shape}")

        def param(name: str, initializer: Any) -> Any:
            return model_variable(name, params_shape, created_by="tf.contrib.layers.layer_norm", dtype=dtype,
                                  initializer=initializer,
                                  collections=get_variable_collections(variables_collections, name),
                                  trainable=trainable)

        beta = param("beta", tf.zeros_initializer()) if center else None
        gamma = param("gamma", tf.ones_initializer()) if scale else None
        mean, variance = tf.nn.moments(inputs, list(range(begin_norm_axis, rank)), keep_dims=True)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma,
                                            variance_epsilon=1e-12)
        outputs.set_shape(shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _beta_gamma(shape: Any, dtype: Any, center: bool, scale: bool, initializers: Any, variables_collections: Any,
                trainable: bool, created_by: str) -> tuple:
    """``beta`` then ``gamma`` model variables of ``shape`` (either may be left out)."""
    initializers = initializers or {}

    def param(name: str, default: Any) -> Any:
        return model_variable(name, shape, created_by=created_by, dtype=dtype,
                              initializer=initializers.get(name, default),
                              collections=get_variable_collections(variables_collections, name),
                              trainable=trainable)

    beta = param("beta", tf.zeros_initializer()) if center else None
    gamma = param("gamma", tf.ones_initializer()) if scale else None
    return beta, gamma


def instance_norm(inputs: Any, center: bool = True, scale: bool = True, epsilon: float = 1e-6,
                  activation_fn: Any = None, param_initializers: Any = None, reuse: Any = None,
                  variables_collections: Any = None, outputs_collections: Any = None, trainable: bool = True,
                  data_format: str = "NHWC", scope: Any = None) -> Any:
    """Instance normalization in scope ``InstanceNorm``: ``beta`` then ``gamma`` per channel,
    statistics per example over every axis but the batch and channel axes, epsilon 1e-6."""
    inputs = tf.convert_to_tensor(inputs)
    shape = inputs.shape
    rank = shape.ndims
    if rank is None:
        raise ValueError(f"Inputs {inputs.name} has undefined rank.")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    if rank < 2:    # TF deletes two axes from range(rank) and fails with an IndexError
        raise IndexError(f"list assignment index out of range: instance_norm needs inputs of rank >= 3 "
                         f"([batch, ..., channels]); {inputs.name} has rank {rank}.")
    with tf.variable_scope(scope, "InstanceNorm", [inputs], reuse=reuse) as sc:
        channel_axis = 1 if data_format == "NCHW" else rank - 1
        moments_axes = [axis for axis in range(1, rank) if axis != channel_axis]
        params_shape = shape[channel_axis:channel_axis + 1]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {inputs.name} has undefined channels dimension {params_shape}.")
        beta, gamma = _beta_gamma(params_shape, inputs.dtype.base_dtype, center, scale, param_initializers,
                                  variables_collections, trainable, "tf.contrib.layers.instance_norm")
        if data_format == "NCHW":   # explicit [1, C, 1, ...] parameters instead of broadcasting
            broadcast = [1, params_shape.as_list()[0]] + [1] * (rank - 2)
            beta = None if beta is None else tf.reshape(beta, broadcast)
            gamma = None if gamma is None else tf.reshape(gamma, broadcast)
        mean, variance = tf.nn.moments(inputs, moments_axes, keep_dims=True)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon, name="instancenorm")
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _group_norm_axes(inputs: Any, groups: int, channels_axis: int, reduction_axes: Any) -> tuple:
    """Checks group_norm's arguments as TF does; ``(channels_axis, channels, reduction_axes)``."""
    rank = inputs.shape.ndims
    if rank is None:
        raise ValueError(f"Inputs {inputs.name} has undefined rank.")
    if channels_axis > rank - 1:
        raise ValueError("Axis is out of bounds.")
    if channels_axis < 0:
        channels_axis += rank
    channels = inputs.shape.as_list()[channels_axis]
    if channels is None:
        raise ValueError(f"Inputs {inputs.name} has undefined channel dimension: {channels_axis}.")
    axes = [a + rank if a < 0 else a for a in reduction_axes]
    for a in axes:
        if a > rank:
            raise ValueError("Axis is out of bounds.")
        if inputs.shape.as_list()[a] is None:
            raise ValueError(f"Inputs {inputs.name} has undefined dimensions {a}.")
        if a == channels_axis:
            raise ValueError("reduction_axis must be mutually exclusive with channels_axis")
    if groups > channels:
        raise ValueError(f"Invalid groups {groups} for {channels} channels.")
    if channels % groups != 0:
        raise ValueError(f"{channels} channels is not commensurate with {groups} groups.")
    return channels_axis, channels, axes


def group_norm(inputs: Any, groups: int = 32, channels_axis: int = -1, reduction_axes: Any = (-3, -2),
               center: bool = True, scale: bool = True, epsilon: float = 1e-6, activation_fn: Any = None,
               param_initializers: Any = None, reuse: Any = None, variables_collections: Any = None,
               outputs_collections: Any = None, trainable: bool = True, scope: Any = None,
               mean_close_to_zero: bool = False) -> Any:
    """Group normalization in scope ``GroupNorm``: the channels split into ``groups`` (a ``Reshape``
    made before the scope opens), statistics per example and group over ``reduction_axes`` and the
    channels of the group, then ``beta``/``gamma`` per channel and the channels joined again."""
    inputs = tf.convert_to_tensor(inputs)
    channels_axis, channels, axes = _group_norm_axes(inputs, groups, channels_axis, reduction_axes)
    dynamic = tf.shape(inputs)
    dims = [d if d is not None else dynamic[i] for i, d in enumerate(inputs.shape.as_list())]
    before, after = dims[:channels_axis], dims[channels_axis + 1:]
    broadcast = [1] * len(before) + [groups, channels // groups] + [1] * len(after)
    grouped = tf.reshape(inputs, before + [groups, channels // groups] + after)
    moments_axes = [channels_axis + 1] + [a + 1 if a > channels_axis else a for a in axes]
    with tf.variable_scope(scope, "GroupNorm", [grouped], reuse=reuse) as sc:
        beta, gamma = _beta_gamma([channels], grouped.dtype.base_dtype, center, scale, param_initializers,
                                  variables_collections, trainable, "tf.contrib.layers.group_norm")
        beta = None if beta is None else tf.reshape(beta, broadcast)
        gamma = None if gamma is None else tf.reshape(gamma, broadcast)
        if mean_close_to_zero:      # TF's one-pass statistics: E[x] and E[x^2] - E[x]^2
            mean = tf.reduce_mean(grouped, moments_axes, keepdims=True)
            variance = tf.reduce_mean(tf.square(grouped), moments_axes, keepdims=True) - tf.square(mean)
        else:
            mean, variance = tf.nn.moments(grouped, moments_axes, keep_dims=True)
        gain = tf.rsqrt(variance + epsilon)
        offset = -mean * gain
        if gamma is not None:
            gain *= gamma
            offset *= gamma
        if beta is not None:
            offset += beta
        outputs = tf.reshape(grouped * gain + offset, dims)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)
