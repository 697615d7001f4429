"""``tf.layers`` convolutions: ``Conv1D/2D/3D``, ``Conv2DTranspose``, ``SeparableConv1D/2D`` and their
functions (``conv1d``, ``conv2d``, ``conv3d``, ``conv2d_transpose``, ``separable_conv1d/2d``).

Variables: ``kernel`` ``[*kernel_size, in_channels, filters]`` (``[*kernel_size, filters,
in_channels]`` for the transpose) and ``bias`` ``[filters]``; separable convolutions make
``depthwise_kernel``, ``pointwise_kernel`` and ``bias`` in that order.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.layers._base import InputSpec, Layer

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv1D", "SeparableConv2D", "conv1d",
           "conv2d", "conv3d", "conv2d_transpose", "separable_conv1d", "separable_conv2d", "normalize_tuple",
           "normalize_padding", "conv_output_length", "deconv_output_length"]

_DATA_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def normalize_tuple(value: Any, n: int, name: str) -> tuple:
    """An int or a sequence of ``n`` ints as a tuple of ``n`` ints (TF1's ``conv_utils``)."""
    if isinstance(value, int):
        return (value,) * n
    try:
        values = tuple(value)
    except TypeError:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}") from None
    if len(values) != n or not all(isinstance(v, int) or hasattr(v, "__index__") for v in values):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: {value}")
    return tuple(int(v) for v in values)


def normalize_padding(value: Any, allow_causal: bool = False) -> str:
    padding = str(value).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if padding not in allowed:
        raise ValueError('The `padding` argument must be one of "valid", "same" (or "causal", only for '
                         f'`Conv1D). Received: {value}')
    return padding


def normalize_data_format(value: Any) -> str:
    data_format = (value or "channels_last").lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                         f"Received: {value}")
    return data_format


def conv_output_length(length: int | None, filter_size: int, padding: str, stride: int,
                       dilation: int = 1) -> int | None:
    if length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        out = length
    else:
        out = length - dilated + 1
    return (out + stride - 1) // stride


def deconv_output_length(length: Any, filter_size: int, padding: str, stride: int) -> Any:
    """Spatial size after a transposed convolution (a Python int, or a tensor when unknown)."""
    if length is None:
        return None
    length = length * stride
    if padding == "valid":
        length = length + max(filter_size - stride, 0)
    return length


class _Conv(Layer):
    """N-D convolution layer (``rank`` 1, 2 or 3), channels last by default."""

    def __init__(self, rank: int, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", data_format: str = "channels_last", dilation_rate: Any = 1,
                 activation: Any = None, use_bias: bool = True, kernel_initializer: Any = None,
                 bias_initializer: Any = None, kernel_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 kernel_constraint: Any = None, bias_constraint: Any = None, trainable: bool = True,
                 name: str | None = None, **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = normalize_tuple(strides, rank, "strides")
        self.padding = normalize_padding(padding, allow_causal=rank == 1)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, "dilation_rate")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = tf.zeros_initializer() if bias_initializer is None else bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.input_spec = InputSpec(ndim=rank + 2)

    @property
    def _channel_axis(self) -> int:
        return 1 if self.data_format == "channels_first" else -1

    def _input_channels(self, input_shape: Any) -> int:
        shape = tf.TensorShape(input_shape)
        channels = shape.as_list()[self._channel_axis] if shape.ndims else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`. "
                             f"(input shape {shape}); give the input a static channel dimension.")
        return channels

    def _kernel_shape(self, channels: int) -> list:
        return list(self.kernel_size) + [channels, self.filters]

    def build(self, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self.kernel = self.add_weight("kernel", shape=self._kernel_shape(channels),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True, dtype=self.dtype)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis: channels})
        self.built = True

    def _tf_format(self) -> str:
        return _DATA_FORMATS[self.rank][self.data_format == "channels_first"]

    def _convolve(self, inputs: Any) -> Any:
        padding = self.padding
        if padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = tf.pad(inputs, [[0, 0], [left, 0], [0, 0]])
            padding = "valid"
        fmt = self._tf_format()
        if self.rank == 1:
            return tf.nn.conv1d(inputs, self.kernel, stride=self.strides[0], padding=padding.upper(),
                                data_format=fmt, dilations=self.dilation_rate[0])
        spatial = list(self.strides)
        dilations = list(self.dilation_rate)
        if self.data_format == "channels_first":
            strides, rates = [1, 1] + spatial, [1, 1] + dilations
        else:
            strides, rates = [1] + spatial + [1], [1] + dilations + [1]
        conv = tf.nn.conv2d if self.rank == 2 else tf.nn.conv3d
        return conv(inputs, self.kernel, strides=strides, padding=padding.upper(), data_format=fmt,
                    dilations=rates)

    def _add_bias(self, outputs: Any) -> Any:
        if not self.use_bias:
            return outputs
        if self.data_format == "channels_first":
            if self.rank == 1:   # TF1: bias_add takes no NCW, so "Reshape" to (1, filters, 1), "add"
                return outputs + tf.reshape(self.bias, (1, self.filters, 1))
            return tf.nn.bias_add(outputs, self.bias, data_format="NCHW")
        return tf.nn.bias_add(outputs, self.bias, data_format="NHWC")

    def call(self, inputs: Any) -> Any:
        outputs = self._add_bias(self._convolve(inputs))
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        dims = tf.TensorShape(input_shape).as_list()
        if self.data_format == "channels_first":
            spatial = dims[2:]
        else:
            spatial = dims[1:-1]
        out = [conv_output_length(n, k, self.padding, s, d) for n, k, s, d in
               zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        if self.data_format == "channels_first":
            return tf.TensorShape([dims[0], self.filters] + out)
        return tf.TensorShape([dims[0]] + out + [self.filters])


class Conv1D(_Conv):
    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = 1, **kwargs: Any) -> None:
        super().__init__(1, filters, kernel_size, strides, padding, data_format, dilation_rate, **kwargs)


class Conv2D(_Conv):
    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = (1, 1), **kwargs: Any) -> None:
        super().__init__(2, filters, kernel_size, strides, padding, data_format, dilation_rate, **kwargs)


class Conv3D(_Conv):
    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1, 1), padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = (1, 1, 1), **kwargs: Any) -> None:
        super().__init__(3, filters, kernel_size, strides, padding, data_format, dilation_rate, **kwargs)


class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution; ``kernel`` is ``[kh, kw, filters, in_channels]``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str = "channels_last", **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides, padding, data_format, **kwargs)

    def _kernel_shape(self, channels: int) -> list:
        return list(self.kernel_size) + [self.filters, channels]

    def _output_size(self, inputs: Any, axis: int, index: int) -> tuple:
        static = inputs.shape.as_list()[axis]
        kernel, stride = self.kernel_size[index], self.strides[index]
        size = static if static is not None else tf.shape(inputs)[axis]
        return (deconv_output_length(size, kernel, self.padding, stride),
                deconv_output_length(static, kernel, self.padding, stride))

    def call(self, inputs: Any) -> Any:
        first = self.data_format == "channels_first"
        h_axis, w_axis = (2, 3) if first else (1, 2)
        out_h, static_h = self._output_size(inputs, h_axis, 0)
        out_w, static_w = self._output_size(inputs, w_axis, 1)
        batch = tf.shape(inputs)[0]
        dims = [batch, self.filters, out_h, out_w] if first else [batch, out_h, out_w, self.filters]
        output_shape = tf.stack(dims)
        strides = [1, 1] + list(self.strides) if first else [1] + list(self.strides) + [1]
        outputs = tf.nn.conv2d_transpose(inputs, self.kernel, output_shape, strides, padding=self.padding.upper(),
                                         data_format=self._tf_format())
        batch_static = inputs.shape.as_list()[0]
        outputs.set_shape([batch_static, self.filters, static_h, static_w] if first
                          else [batch_static, static_h, static_w, self.filters])
        outputs = self._add_bias(outputs)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        dims = tf.TensorShape(input_shape).as_list()
        first = self.data_format == "channels_first"
        spatial = dims[2:] if first else dims[1:3]
        out = [deconv_output_length(n, k, self.padding, s)
               for n, k, s in zip(spatial, self.kernel_size, self.strides)]
        return tf.TensorShape([dims[0], self.filters] + out if first else [dims[0]] + out + [self.filters])


class _SeparableWeights:
    """Variables shared by the separable layers: ``depthwise_kernel`` ``[*kernel_size, in,
    depth_multiplier]``, ``pointwise_kernel`` ``[1, ..., 1, in * depth_multiplier, filters]``, ``bias``."""

    def _separable_options(self, depth_multiplier: int, depthwise_initializer: Any, pointwise_initializer: Any,
                           depthwise_regularizer: Any, pointwise_regularizer: Any, depthwise_constraint: Any,
                           pointwise_constraint: Any) -> None:
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer, self.pointwise_initializer = depthwise_initializer, pointwise_initializer
        self.depthwise_regularizer, self.pointwise_regularizer = depthwise_regularizer, pointwise_regularizer
        self.depthwise_constraint, self.pointwise_constraint = depthwise_constraint, pointwise_constraint

    def build(self: Any, input_shape: Any) -> None:
        channels = self._input_channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self.dtype)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", shape=[1] * self.rank + [channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True, dtype=self.dtype)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis: channels})
        self.built = True


class SeparableConv2D(_SeparableWeights, Conv2D):
    """Depthwise then pointwise convolution: ``depthwise_kernel`` ``[kh, kw, in, depth_multiplier]``,
    ``pointwise_kernel`` ``[1, 1, in * depth_multiplier, filters]``, ``bias``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = (1, 1), padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                 activation: Any = None, use_bias: bool = True, depthwise_initializer: Any = None,
                 pointwise_initializer: Any = None, bias_initializer: Any = None,
                 depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         activation=activation, use_bias=use_bias, bias_initializer=bias_initializer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, trainable=trainable, name=name, **kwargs)
        self._separable_options(depth_multiplier, depthwise_initializer, pointwise_initializer,
                                depthwise_regularizer, pointwise_regularizer, depthwise_constraint,
                                pointwise_constraint)

    def call(self, inputs: Any) -> Any:
        first = self.data_format == "channels_first"
        strides = [1, 1] + list(self.strides) if first else [1] + list(self.strides) + [1]
        outputs = tf.nn.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel, strides=strides,
                                         padding=self.padding.upper(), rate=self.dilation_rate,
                                         data_format=self._tf_format())
        outputs = self._add_bias(outputs)
        return outputs if self.activation is None else self.activation(outputs)


class SeparableConv1D(_SeparableWeights, Conv1D):
    """The 1-D separable convolution TF1 ran as a ``separable_conv2d`` over a height-1 image:
    ``ExpandDims`` of the input and both kernels, the 2-D op, ``BiasAdd``, then ``Squeeze``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 data_format: str = "channels_last", dilation_rate: Any = 1, depth_multiplier: int = 1,
                 activation: Any = None, use_bias: bool = True, depthwise_initializer: Any = None,
                 pointwise_initializer: Any = None, bias_initializer: Any = None,
                 depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         activation=activation, use_bias=use_bias, bias_initializer=bias_initializer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, trainable=trainable, name=name, **kwargs)
        self._separable_options(depth_multiplier, depthwise_initializer, pointwise_initializer,
                                depthwise_regularizer, pointwise_regularizer, depthwise_constraint,
                                pointwise_constraint)

    def call(self, inputs: Any) -> Any:
        first = self.data_format == "channels_first"
        spatial = 2 if first else 1
        stride = self.strides[0]
        strides = [1, 1, stride, stride] if first else [1, stride, stride, 1]
        fmt = "NCHW" if first else "NHWC"
        if self.padding == "causal":
            inputs = tf.pad(inputs, [[0, 0], [self.dilation_rate[0] * (self.kernel_size[0] - 1), 0], [0, 0]])
        inputs = tf.expand_dims(inputs, spatial)
        outputs = tf.nn.separable_conv2d(inputs, tf.expand_dims(self.depthwise_kernel, 0),
                                         tf.expand_dims(self.pointwise_kernel, 0), strides=strides,
                                         padding="VALID" if self.padding == "causal" else self.padding.upper(),
                                         rate=(1, self.dilation_rate[0]), data_format=fmt)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format=fmt)
        outputs = tf.squeeze(outputs, [spatial])
        return outputs if self.activation is None else self.activation(outputs)


def _functional(cls: type, created_by: str):
    def apply(inputs: Any, *args: Any, name: str | None = None, reuse: Any = None, **kwargs: Any) -> Any:
        layer = cls(*args, name=name, _scope=name, _reuse=reuse, **kwargs)
        layer._created_by = created_by
        return layer.apply(inputs)
    apply.__name__ = created_by.rsplit(".", 1)[-1]
    apply.__qualname__ = apply.__name__
    apply.__doc__ = (f"``{created_by}(inputs, ...)``: a fresh :class:`{cls.__name__}` applied once "
                     f"(named like {cls.__name__}, or ``name``; ``reuse=True`` shares).")
    return apply


conv1d = _functional(Conv1D, "tf.layers.conv1d")
conv2d = _functional(Conv2D, "tf.layers.conv2d")
conv3d = _functional(Conv3D, "tf.layers.conv3d")
conv2d_transpose = _functional(Conv2DTranspose, "tf.layers.conv2d_transpose")
separable_conv2d = _functional(SeparableConv2D, "tf.layers.separable_conv2d")
separable_conv1d = _functional(SeparableConv1D, "tf.layers.separable_conv1d")
