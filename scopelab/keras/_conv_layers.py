"""Keras's convolution and pooling layers over ``tf.layers``' (same ops, same static shapes), the
separable convolutions (``depthwise_kernel``, ``pointwise_kernel``, ``bias``), ``DepthwiseConv2D``
(``depthwise_kernel`` ``[kh, kw, in, depth_multiplier]``, ``bias`` ``[in * depth_multiplier]``;
recorded in ``keras_layer_cases.py``), and the global poolings (a ``Mean`` / ``Max`` over the
spatial axes)."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras._core_layers import weight_options
from scopelab.keras._engine import Layer
from scopelab.layers import convolutional as _conv
from scopelab.layers import pooling as _pool

__all__ = ["Conv1D", "Conv2D", "Conv2DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D",
           "MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
           "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
           "GlobalMaxPooling2D"]

_CONV_DEFAULTS = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}


def _conv_options(kwargs: dict) -> dict:
    if kwargs.get("data_format") is None:
        kwargs.pop("data_format", None)
    return weight_options(kwargs, "kernel", "bias", defaults=_CONV_DEFAULTS)


class Conv1D(Layer, _conv.Conv1D):
    def __init__(self, filters: int, kernel_size: Any, **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, **_conv_options(kwargs))


class Conv2D(Layer, _conv.Conv2D):
    def __init__(self, filters: int, kernel_size: Any, **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, **_conv_options(kwargs))


class Conv2DTranspose(Layer, _conv.Conv2DTranspose):
    def __init__(self, filters: int, kernel_size: Any, **kwargs: Any) -> None:
        if kwargs.get("output_padding") is not None:
            raise NotImplementedError("tf.keras.layers.Conv2DTranspose(output_padding=...) is not "
                                      "implemented by scopelab; leave output_padding=None.")
        kwargs.pop("output_padding", None)
        super().__init__(filters, kernel_size, **_conv_options(kwargs))


_SEPARABLE_DEFAULTS = {"depthwise_initializer": "glorot_uniform", "pointwise_initializer": "glorot_uniform",
                       "bias_initializer": "zeros"}


def _separable_options(kwargs: dict) -> dict:
    if kwargs.get("data_format") is None:
        kwargs.pop("data_format", None)
    return weight_options(kwargs, "depthwise", "pointwise", "bias", defaults=_SEPARABLE_DEFAULTS)


class SeparableConv1D(Layer, _conv.SeparableConv1D):
    def __init__(self, filters: int, kernel_size: Any, **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, **_separable_options(kwargs))


class SeparableConv2D(Layer, _conv.SeparableConv2D):
    def __init__(self, filters: int, kernel_size: Any, **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, **_separable_options(kwargs))


class DepthwiseConv2D(Layer):
    """Each input channel convolved with its own ``depth_multiplier`` filters, then ``BiasAdd`` and
    the activation."""

    def __init__(self, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid", depth_multiplier: int = 1,
                 data_format: Any = None, dilation_rate: Any = (1, 1), activation: Any = None, use_bias: bool = True,
                 depthwise_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 depthwise_regularizer: Any = None, bias_regularizer: Any = None, activity_regularizer: Any = None,
                 depthwise_constraint: Any = None, bias_constraint: Any = None, **kwargs: Any) -> None:
        options = weight_options({"depthwise_initializer": depthwise_initializer, "bias_initializer": bias_initializer,
                                  "depthwise_regularizer": depthwise_regularizer, "bias_regularizer": bias_regularizer,
                                  "activity_regularizer": activity_regularizer, "activation": activation},
                                 "depthwise", "bias")
        super().__init__(activity_regularizer=options["activity_regularizer"], **kwargs)
        self.activation = options["activation"]
        self.depthwise_initializer = options["depthwise_initializer"]
        self.bias_initializer = options["bias_initializer"]
        self.depthwise_regularizer = options["depthwise_regularizer"]
        self.bias_regularizer = options["bias_regularizer"]
        self.kernel_size = _conv.normalize_tuple(kernel_size, 2, "kernel_size")
        self.strides = _conv.normalize_tuple(strides, 2, "strides")
        self.dilation_rate = _conv.normalize_tuple(dilation_rate, 2, "dilation_rate")
        self.padding = _conv.normalize_padding(padding)
        self.data_format = _conv.normalize_data_format(data_format or "channels_last")
        self.depth_multiplier, self.use_bias = int(depth_multiplier), bool(use_bias)
        self.depthwise_constraint, self.bias_constraint = depthwise_constraint, bias_constraint

    def build(self, input_shape: Any) -> None:
        dims = tf.TensorShape(input_shape).as_list()
        if len(dims) != 4:
            raise ValueError(f"Inputs to `DepthwiseConv2D` should have rank 4. Received input_shape: {input_shape}.")
        channels = dims[1 if self.data_format == "channels_first" else 3]
        if channels is None:
            raise ValueError("The channel dimension of the inputs to `DepthwiseConv2D` should be defined. "
                             "Found `None`.")
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[channels * self.depth_multiplier],
                                        initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        first = self.data_format == "channels_first"
        fmt = "NCHW" if first else "NHWC"
        strides = [1, 1, *self.strides] if first else [1, *self.strides, 1]
        outputs = tf.nn.depthwise_conv2d(inputs, self.depthwise_kernel, strides=strides,
                                         padding=self.padding.upper(), rate=self.dilation_rate, data_format=fmt)
        if self.bias is not None:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format=fmt)
        return outputs if self.activation is None else self.activation(outputs)


class _KerasPooling(Layer):
    """Keras's pooling defaults: ``pool_size=2``, ``strides=pool_size``."""

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(pool_size, pool_size if strides is None else strides, padding,
                         data_format or "channels_last", **kwargs)


class MaxPooling1D(_KerasPooling, _pool.MaxPooling1D):
    pass


class MaxPooling2D(_KerasPooling, _pool.MaxPooling2D):
    pass


class AveragePooling1D(_KerasPooling, _pool.AveragePooling1D):
    pass


class AveragePooling2D(_KerasPooling, _pool.AveragePooling2D):
    pass


class _GlobalPooling(Layer):
    _rank = 2
    _reduce = staticmethod(tf.reduce_mean)

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        self.keepdims = keepdims

    def _axes(self) -> list:
        first = self.data_format == "channels_first"
        return list(range(2, self._rank + 2)) if first else list(range(1, self._rank + 1))

    def call(self, inputs: Any) -> Any:
        self._check_rank(inputs)
        return type(self)._reduce(inputs, self._axes(), keepdims=self.keepdims)

    def _check_rank(self, inputs: Any) -> None:
        if inputs.shape.ndims is not None and inputs.shape.ndims != self._rank + 2:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: expected "
                             f"ndim={self._rank + 2}, found ndim={inputs.shape.ndims}. Full shape received: "
                             f"{inputs.shape.as_list()}")


class GlobalAveragePooling1D(_GlobalPooling):
    """The mean over the steps; with a mask, over the unmasked steps only (the mask stops here)."""

    _rank = 1
    supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return super().call(inputs)
        self._check_rank(inputs)
        steps = self._axes()[0]
        weights = tf.expand_dims(tf.cast(mask, inputs.dtype), 2 if steps == 1 else 1)
        return (tf.reduce_sum(inputs * weights, axis=steps, keepdims=self.keepdims)
                / tf.reduce_sum(weights, axis=steps, keepdims=self.keepdims))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return None


class GlobalAveragePooling2D(_GlobalPooling):
    _rank = 2


class GlobalMaxPooling1D(_GlobalPooling):
    _rank = 1
    _reduce = staticmethod(tf.reduce_max)


class GlobalMaxPooling2D(_GlobalPooling):
    _rank = 2
    _reduce = staticmethod(tf.reduce_max)
