"""``tf.contrib.layers``: ``fully_connected``, ``conv2d`` (and 1-D/3-D), ``conv2d_transpose``,
``batch_norm``, ``layer_norm``, ``instance_norm``, ``group_norm``, ``flatten``, ``dropout``, ``max_pool2d``,
``avg_pool2d``, ``repeat``,
``stack``, the regularizers and the contrib initializers (``separable_conv2d``, ``bias_add`` and
``embed_sequence`` live in ``_more_layers.py``; ``apply_regularization`` and ``l1_l2_regularizer``
in ``_regularization.py``, ``optimize_loss`` in ``optimizers.py``, ``summarize_*`` in
``summaries.py``).

Names as TF1's contrib gave them: a default scope per function (``fully_connected``,
``fully_connected_1``; ``Conv``, ``Conv_1``; ``Conv2d_transpose``; ``BatchNorm``; ``LayerNorm``),
variables ``weights`` / ``biases`` (also in ``MODEL_VARIABLES``), and a ``normalizer_fn`` replaces the
biases (``Conv/BatchNorm/beta``). ``scope=`` names the scope; ``reuse=True`` with a scope shares.
"""

from __future__ import annotations

import math
from typing import Any

import scopelab as tf
from scopelab.contrib import _normalization
from scopelab.contrib._regularization import apply_regularization, l1_l2_regularizer
from scopelab.contrib._more_layers import bias_add, embed_sequence, separable_conv2d, separable_convolution2d
from scopelab.contrib._variables import (
    add_variable_to_collections, collect_named_outputs, layer_variable_getter,
)
from scopelab.contrib.framework import add_arg_scope
from scopelab.contrib.optimizers import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES, optimize_loss
from scopelab.contrib.summaries import (
    summarize_activation, summarize_activations, summarize_biases, summarize_collection,
    summarize_tensor, summarize_tensors, summarize_variables, summarize_weights,
)
from scopelab.layers import core as _core
from scopelab.layers import convolutional as _conv
from scopelab.regularizers import l1_regularizer, l2_regularizer, sum_regularizer

__all__ = ["fully_connected", "linear", "conv1d", "conv2d", "conv3d", "convolution", "convolution1d",
           "convolution2d", "convolution3d", "conv2d_transpose", "convolution2d_transpose", "batch_norm",
           "layer_norm", "instance_norm", "group_norm", "flatten", "dropout", "max_pool2d", "avg_pool2d",
           "repeat", "stack",
           "separable_conv2d", "separable_convolution2d", "bias_add", "embed_sequence",
           "l1_regularizer", "l2_regularizer",
           "sum_regularizer", "l1_l2_regularizer", "xavier_initializer", "xavier_initializer_conv2d",
           "variance_scaling_initializer", "apply_regularization",
           # training helpers (optimizers.py) and summaries (summaries.py)
           "optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES",
           "summarize_tensor", "summarize_activation", "summarize_tensors", "summarize_collection",
           "summarize_variables", "summarize_weights", "summarize_biases", "summarize_activations"]


#: Defaults resolved when a layer is built: ``tf.nn.relu`` and ``tf.zeros_initializer()``.
_RELU, _ZEROS = object(), object()


# --- initializers (contrib's own formulas, not tf.variance_scaling_initializer's) -----------------
class _ContribVarianceScaling:
    """``tf.contrib.layers.variance_scaling_initializer``: truncated normal with
    ``stddev = sqrt(1.3 * factor / n)``, or uniform in ``±sqrt(3 * factor / n)``, where ``n`` is
    the fan ``mode`` picks (``FAN_IN``, ``FAN_OUT`` or ``FAN_AVG``) of the shape being drawn."""

    def __init__(self, factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False,
                 seed: int | None = None, dtype: Any = tf.float32, name: str = "variance_scaling_initializer") -> None:
        if not tf.as_dtype(dtype).is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
            raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
        self.factor, self.mode, self.uniform, self.seed = factor, mode, uniform, seed
        self.dtype, self._name = tf.as_dtype(dtype), name

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Any:
        dtype = tf.as_dtype(dtype or self.dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        dims = [int(d) for d in tf.TensorShape(shape).as_list()]
        if dims:
            fan_in = float(dims[-2]) if len(dims) > 1 else float(dims[-1])
            fan_out = float(dims[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in dims[:-2]:
            fan_in *= dim
            fan_out *= dim
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[self.mode]
        if self.uniform:
            limit = math.sqrt(3.0 * self.factor / n)
            draw = tf.random_uniform_initializer(-limit, limit, seed=self.seed, dtype=dtype)
        else:
            draw = tf.truncated_normal_initializer(0.0, math.sqrt(1.3 * self.factor / n), seed=self.seed,
                                                   dtype=dtype)
        return draw(dims, dtype=dtype, partition_info=partition_info)

    def __repr__(self) -> str:
        if self._name == "xavier_initializer":
            return f"xavier_initializer(uniform={self.uniform})"
        return f"variance_scaling_initializer(factor={self.factor}, mode={self.mode!r}, uniform={self.uniform})"


def variance_scaling_initializer(factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False,
                                 seed: int | None = None, dtype: Any = tf.float32) -> _ContribVarianceScaling:
    """He initialization by default (``factor=2.0``, ``FAN_IN``, truncated normal)."""
    return _ContribVarianceScaling(factor, mode, uniform, seed, dtype)


def xavier_initializer(uniform: bool = True, seed: int | None = None,
                       dtype: Any = tf.float32) -> _ContribVarianceScaling:
    """Glorot/Xavier: ``variance_scaling_initializer(factor=1.0, mode='FAN_AVG', uniform=uniform)``."""
    return _ContribVarianceScaling(1.0, "FAN_AVG", uniform, seed, dtype, name="xavier_initializer")


xavier_initializer_conv2d = xavier_initializer


# --- layers ---------------------------------------------------------------------------------------
def _finish(outputs: Any, normalizer_fn: Any, normalizer_params: Any, activation_fn: Any,
            outputs_collections: Any, alias: str) -> Any:
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return collect_named_outputs(outputs_collections, alias, outputs)


@add_arg_scope
def fully_connected(inputs: Any, num_outputs: int, activation_fn: Any = _RELU, normalizer_fn: Any = None,
                    normalizer_params: Any = None, weights_initializer: Any = None,
                    weights_regularizer: Any = None, biases_initializer: Any = _ZEROS,
                    biases_regularizer: Any = None, reuse: Any = None, variables_collections: Any = None,
                    outputs_collections: Any = None, trainable: bool = True, scope: Any = None) -> Any:
    """A dense layer in scope ``fully_connected`` (or ``scope``): ``weights`` [in, num_outputs] and
    ``biases`` (none when a ``normalizer_fn`` is given), then normalizer, then ``activation_fn``
    (ReLU by default: pass ``activation_fn=None`` for logits)."""
    if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
        raise ValueError(f"num_outputs type should be one of [<class 'int'>], got {type(num_outputs)}.")
    activation_fn = tf.nn.relu if activation_fn is _RELU else activation_fn
    weights_initializer = xavier_initializer() if weights_initializer is None else weights_initializer
    biases_initializer = tf.zeros_initializer() if biases_initializer is _ZEROS else biases_initializer
    with tf.variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                           custom_getter=layer_variable_getter()) as sc:
        inputs = tf.convert_to_tensor(inputs)
        layer = _core.Dense(num_outputs, activation=None,
                            use_bias=not normalizer_fn and biases_initializer is not None,
                            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
                            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                            trainable=trainable, name=sc.name, dtype=inputs.dtype.base_dtype,
                            _scope=sc, _reuse=reuse)
        layer._created_by = "tf.contrib.layers.fully_connected"
        outputs = layer.apply(inputs)
        add_variable_to_collections(layer.kernel, variables_collections, "weights")
        add_variable_to_collections(layer.bias, variables_collections, "biases")
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


def linear(inputs: Any, num_outputs: int, scope: Any = None, **kwargs: Any) -> Any:
    """``fully_connected`` without an activation."""
    return fully_connected(inputs, num_outputs, activation_fn=None, scope=scope, **kwargs)


_CONV_CLASSES = {1: _conv.Conv1D, 2: _conv.Conv2D, 3: _conv.Conv3D}


@add_arg_scope
def convolution(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1, padding: str = "SAME",
                data_format: str | None = None, rate: Any = 1, activation_fn: Any = _RELU,
                normalizer_fn: Any = None, normalizer_params: Any = None, weights_initializer: Any = None,
                weights_regularizer: Any = None, biases_initializer: Any = _ZEROS, biases_regularizer: Any = None,
                reuse: Any = None, variables_collections: Any = None, outputs_collections: Any = None,
                trainable: bool = True, scope: Any = None, conv_dims: int | None = None) -> Any:
    """An N-D convolution in scope ``Conv`` (``weights``, ``biases``), padding ``SAME`` by default."""
    activation_fn = tf.nn.relu if activation_fn is _RELU else activation_fn
    weights_initializer = xavier_initializer() if weights_initializer is None else weights_initializer
    biases_initializer = tf.zeros_initializer() if biases_initializer is _ZEROS else biases_initializer
    if data_format not in (None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"):
        raise ValueError(f"Invalid data_format: {data_format!r}")
    with tf.variable_scope(scope, "Conv", [inputs], reuse=reuse, custom_getter=layer_variable_getter()) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError(f"Rank of inputs must be known; give {inputs.name} a static rank (3, 4 or 5).")
        dims = rank - 2
        if conv_dims is not None and conv_dims != dims:
            raise ValueError(f"Convolution expects input with rank {conv_dims + 2}, got {rank}")
        if dims not in _CONV_CLASSES:
            raise ValueError(f"Convolution not supported for input with rank {rank}")
        layer = _CONV_CLASSES[dims](
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format="channels_first" if data_format and data_format.startswith("NC") else "channels_last",
            dilation_rate=rate, activation=None, use_bias=not normalizer_fn and biases_initializer is not None,
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer, trainable=trainable,
            name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        layer._created_by = f"tf.contrib.layers.conv{dims}d"
        outputs = layer.apply(inputs)
        add_variable_to_collections(layer.kernel, variables_collections, "weights")
        add_variable_to_collections(layer.bias, variables_collections, "biases")
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def convolution1d(inputs: Any, num_outputs: int, kernel_size: Any, **kwargs: Any) -> Any:
    return convolution(inputs, num_outputs, kernel_size, conv_dims=1, **kwargs)


@add_arg_scope
def convolution2d(inputs: Any, num_outputs: int, kernel_size: Any, **kwargs: Any) -> Any:
    return convolution(inputs, num_outputs, kernel_size, conv_dims=2, **kwargs)


@add_arg_scope
def convolution3d(inputs: Any, num_outputs: int, kernel_size: Any, **kwargs: Any) -> Any:
    return convolution(inputs, num_outputs, kernel_size, conv_dims=3, **kwargs)


conv1d, conv2d, conv3d = convolution1d, convolution2d, convolution3d


@add_arg_scope
def convolution2d_transpose(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1,
                            padding: str = "SAME", data_format: str = "NHWC", activation_fn: Any = _RELU,
                            normalizer_fn: Any = None, normalizer_params: Any = None,
                            weights_initializer: Any = None, weights_regularizer: Any = None,
                            biases_initializer: Any = _ZEROS, biases_regularizer: Any = None, reuse: Any = None,
                            variables_collections: Any = None, outputs_collections: Any = None,
                            trainable: bool = True, scope: Any = None) -> Any:
    """A transposed convolution in scope ``Conv2d_transpose``; ``weights`` [kh, kw, out, in]."""
    activation_fn = tf.nn.relu if activation_fn is _RELU else activation_fn
    weights_initializer = xavier_initializer() if weights_initializer is None else weights_initializer
    biases_initializer = tf.zeros_initializer() if biases_initializer is _ZEROS else biases_initializer
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with tf.variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse,
                           custom_getter=layer_variable_getter()) as sc:
        inputs = tf.convert_to_tensor(inputs)
        layer = _conv.Conv2DTranspose(
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format="channels_first" if data_format == "NCHW" else "channels_last", activation=None,
            use_bias=not normalizer_fn and biases_initializer is not None, kernel_initializer=weights_initializer,
            bias_initializer=biases_initializer, kernel_regularizer=weights_regularizer,
            bias_regularizer=biases_regularizer, trainable=trainable, name=sc.name,
            dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        layer._created_by = "tf.contrib.layers.conv2d_transpose"
        outputs = layer.apply(inputs)
        add_variable_to_collections(layer.kernel, variables_collections, "weights")
        add_variable_to_collections(layer.bias, variables_collections, "biases")
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


conv2d_transpose = convolution2d_transpose


@add_arg_scope
def flatten(inputs: Any, outputs_collections: Any = None, scope: Any = None) -> Any:
    """``[batch, ...]`` to ``[batch, k]`` under the name scope ``Flatten`` (no variables)."""
    with tf.name_scope(scope, "Flatten", [inputs]) as sc:
        outputs = _core.flatten(tf.convert_to_tensor(inputs))
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def dropout(inputs: Any, keep_prob: float = 0.5, noise_shape: Any = None, is_training: Any = True,
            outputs_collections: Any = None, scope: Any = None, seed: int | None = None) -> Any:
    """Dropout with ``keep_prob`` (contrib) in scope ``Dropout``; active while ``is_training``."""
    with tf.variable_scope(scope, "Dropout", [inputs], custom_getter=layer_variable_getter(rename=False)) as sc:
        inputs = tf.convert_to_tensor(inputs)
        layer = _core.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed, name=sc.name, _scope=sc)
        outputs = layer.apply(inputs, training=is_training)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


batch_norm = add_arg_scope(_normalization.batch_norm)
layer_norm = add_arg_scope(_normalization.layer_norm)
instance_norm = add_arg_scope(_normalization.instance_norm)
group_norm = add_arg_scope(_normalization.group_norm)


def _pool(kind: str, default_scope: str):
    def pool(inputs: Any, kernel_size: Any, stride: Any = 2, padding: str = "VALID", data_format: str = "NHWC",
             outputs_collections: Any = None, scope: Any = None) -> Any:
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        with tf.name_scope(scope, default_scope, [inputs]) as sc:
            inputs = tf.convert_to_tensor(inputs)
            window = _conv.normalize_tuple(kernel_size, 2, "pool_size")
            strides = _conv.normalize_tuple(stride, 2, "strides")
            first = data_format == "NCHW"
            ksize = [1, 1, *window] if first else [1, *window, 1]
            steps = [1, 1, *strides] if first else [1, *strides, 1]
            fn = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
            outputs = fn(inputs, ksize=ksize, strides=steps, padding=padding.upper(), data_format=data_format)
            return collect_named_outputs(outputs_collections, sc, outputs)
    pool.__name__ = pool.__qualname__ = f"{kind}_pool2d"
    pool.__doc__ = f"2-D {kind} pooling under the name scope ``{default_scope}`` (no variables)."
    return add_arg_scope(pool)


max_pool2d = _pool("max", "MaxPool2D")
avg_pool2d = _pool("avg", "AvgPool2D")


def repeat(inputs: Any, repetitions: int, layer: Any, *args: Any, **kwargs: Any) -> Any:
    """``layer`` applied ``repetitions`` times in scopes ``<scope>/<scope>_1``, ``<scope>_2``, ..."""
    scope = kwargs.pop("scope", None)
    with tf.variable_scope(scope, "Repeat", [inputs]):
        outputs = tf.convert_to_tensor(inputs)
        if scope is None:
            scope = getattr(layer, "__name__", None) or type(layer).__name__
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs: Any, layer: Any, stack_args: Any, **kwargs: Any) -> Any:
    """``layer`` applied once per entry of ``stack_args`` in scopes ``<scope>/<scope>_1``, ..."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with tf.variable_scope(scope, "Stack", [inputs]):
        outputs = tf.convert_to_tensor(inputs)
        if scope is None:
            scope = getattr(layer, "__name__", None) or type(layer).__name__
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs
