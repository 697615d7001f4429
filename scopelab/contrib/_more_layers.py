"""More ``tf.contrib.layers``: ``separable_conv2d`` (also depthwise-only with ``num_outputs=None``, as
slim's MobileNet uses it), ``bias_add`` and ``embed_sequence``.

Variable names as TF1's contrib gave them: ``SeparableConv2d/depthwise_weights``,
``pointwise_weights``, ``biases``; ``BiasAdd/biases``; ``EmbedSequence/embeddings``.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.contrib._variables import (
    add_variable_to_collections, collect_named_outputs, get_variable_collections, layer_variable_getter,
    model_variable,
)
from scopelab.contrib.framework import add_arg_scope
from scopelab.layers import convolutional as _conv

__all__ = ["separable_conv2d", "separable_convolution2d", "bias_add", "embed_sequence"]

_RELU, _XAVIER, _ZEROS = object(), object(), object()
_SEPARABLE_NAMES = {"bias": "biases", "depthwise_kernel": "depthwise_weights",
                    "pointwise_kernel": "pointwise_weights"}


def _defaults(activation_fn: Any, weights_initializer: Any, biases_initializer: Any) -> tuple:
    from scopelab.contrib.layers import xavier_initializer
    return (tf.nn.relu if activation_fn is _RELU else activation_fn,
            xavier_initializer() if weights_initializer is _XAVIER else weights_initializer,
            tf.zeros_initializer() if biases_initializer is _ZEROS else biases_initializer)


def _channels(inputs: Any, data_format: str) -> int:
    dims = inputs.shape.as_list() if inputs.shape.ndims is not None else None
    if dims is None or len(dims) != 4:
        raise ValueError(f"Inputs {inputs.name} must have rank 4 ({data_format}), got shape {inputs.shape}.")
    channels = dims[1] if data_format.startswith("NC") else dims[-1]
    if channels is None:
        raise ValueError(f"Number of in channels must be known: give {inputs.name} a static channel size.")
    return channels


@add_arg_scope
def separable_convolution2d(inputs: Any, num_outputs: int | None, kernel_size: Any, depth_multiplier: int = 1,
                            stride: Any = 1, padding: str = "SAME", data_format: str = "NHWC", rate: Any = 1,
                            activation_fn: Any = _RELU, normalizer_fn: Any = None, normalizer_params: Any = None,
                            weights_initializer: Any = _XAVIER, pointwise_initializer: Any = None,
                            weights_regularizer: Any = None, biases_initializer: Any = _ZEROS,
                            biases_regularizer: Any = None, reuse: Any = None, variables_collections: Any = None,
                            outputs_collections: Any = None, trainable: bool = True, scope: Any = None) -> Any:
    """A separable convolution in scope ``SeparableConv2d``; with ``num_outputs=None`` only the
    depthwise step (``depthwise_weights`` [kh, kw, in, depth_multiplier])."""
    activation_fn, weights_initializer, biases_initializer = _defaults(
        activation_fn, weights_initializer, biases_initializer)
    with tf.variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse,
                           custom_getter=layer_variable_getter(_SEPARABLE_NAMES)) as sc:
        inputs = tf.convert_to_tensor(inputs)
        first = data_format.startswith("NC")
        if num_outputs is not None:
            layer = _conv.SeparableConv2D(
                filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
                data_format="channels_first" if first else "channels_last",
                dilation_rate=_conv.normalize_tuple(rate, 2, "rate"), activation=None,
                depth_multiplier=depth_multiplier, use_bias=not normalizer_fn and biases_initializer is not None,
                depthwise_initializer=weights_initializer, pointwise_initializer=pointwise_initializer,
                bias_initializer=biases_initializer, depthwise_regularizer=weights_regularizer,
                pointwise_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                trainable=trainable, name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
            layer._created_by = "tf.contrib.layers.separable_conv2d"
            outputs = layer.apply(inputs)
            add_variable_to_collections(layer.depthwise_kernel, variables_collections, "weights")
            add_variable_to_collections(layer.pointwise_kernel, variables_collections, "weights")
            add_variable_to_collections(layer.bias, variables_collections, "biases")
        else:
            dtype = inputs.dtype.base_dtype
            kernel_h, kernel_w = _conv.normalize_tuple(kernel_size, 2, "kernel_size")
            stride_h, stride_w = _conv.normalize_tuple(stride, 2, "stride")
            channels = _channels(inputs, data_format)
            weights = model_variable(
                "depthwise_weights", [kernel_h, kernel_w, channels, depth_multiplier],
                created_by="tf.contrib.layers.separable_conv2d", dtype=dtype, initializer=weights_initializer,
                regularizer=weights_regularizer, trainable=trainable,
                collections=get_variable_collections(variables_collections, "weights"))
            strides = [1, 1, stride_h, stride_w] if first else [1, stride_h, stride_w, 1]
            outputs = tf.nn.depthwise_conv2d(inputs, weights, strides, padding,
                                             rate=_conv.normalize_tuple(rate, 2, "rate"), data_format=data_format)
            if normalizer_fn is None and biases_initializer is not None:
                biases = model_variable(
                    "biases", [depth_multiplier * channels], created_by="tf.contrib.layers.separable_conv2d",
                    dtype=dtype, initializer=biases_initializer, regularizer=biases_regularizer,
                    trainable=trainable, collections=get_variable_collections(variables_collections, "biases"))
                outputs = tf.nn.bias_add(outputs, biases, data_format=data_format)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


separable_conv2d = separable_convolution2d


@add_arg_scope
def bias_add(inputs: Any, activation_fn: Any = None, initializer: Any = _ZEROS, regularizer: Any = None,
             reuse: Any = None, variables_collections: Any = None, outputs_collections: Any = None,
             trainable: bool = True, data_format: str = "NHWC", scope: Any = None) -> Any:
    """Adds ``BiasAdd/biases`` over the channel dimension."""
    initializer = tf.zeros_initializer() if initializer is _ZEROS else initializer
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with tf.variable_scope(scope, "BiasAdd", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError(f"Dims of shape must be known but is None: give {inputs.name} a static rank.")
        if rank == 1:
            raise ValueError(f"Rank of inputs must be at least 2: {inputs.name} has rank 1.")
        axis = 1 if data_format == "NCHW" else -1
        features = inputs.shape.as_list()[axis]
        if features is None:
            raise ValueError(f"`C` dimension must be known but is None: give {inputs.name} a static channel size.")
        biases = model_variable("biases", [features], created_by="tf.contrib.layers.bias_add",
                                dtype=inputs.dtype.base_dtype, initializer=initializer, regularizer=regularizer,
                                collections=get_variable_collections(variables_collections, "biases"),
                                trainable=trainable)
        outputs = tf.nn.bias_add(inputs, biases, data_format=data_format if rank == 4 else "NHWC")
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def embed_sequence(ids: Any, vocab_size: int | None = None, embed_dim: int | None = None, unique: bool = False,
                   initializer: Any = None, regularizer: Any = None, trainable: bool = True, scope: Any = None,
                   reuse: Any = None) -> Any:
    """``EmbedSequence/embeddings`` [vocab_size, embed_dim], looked up for ``ids``."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing. Got "
                         f"vocab_size={vocab_size} and embed_dim={embed_dim}")
    with tf.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim] if vocab_size and embed_dim else None
        embeddings = model_variable("embeddings", shape, created_by="tf.contrib.layers.embed_sequence",
                                    initializer=initializer, regularizer=regularizer, trainable=trainable)
        if unique:
            unique_ids, index = tf.unique(tf.reshape(ids, [-1]))
            rows = tf.nn.embedding_lookup(embeddings, unique_ids)
            return tf.reshape(tf.gather(rows, index), tf.concat([tf.shape(ids), [-1]], 0))
        return tf.nn.embedding_lookup(embeddings, ids)
