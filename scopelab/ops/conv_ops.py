"""Convolutions and pooling: ``conv1d``, ``conv2d``, ``conv3d``, ``conv2d_transpose``, ``depthwise_conv2d``,
``separable_conv2d``, ``max_pool``, ``avg_pool`` (NHWC; NCHW is transposed around the op).

Static shapes use TF's windowed-output rule: ``SAME`` gives ``ceil(in / stride)``, ``VALID`` gives
``ceil((in - (k - 1) * dilation) / stride)``; ``SAME`` pads ``total // 2`` before and the rest after.
The NumPy computation builds sliding windows and contracts them with the filter.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops.array_ops import expand_dims, squeeze
from scopelab.ops.op_def import building_op, define_op
from scopelab.ops.shapes import conv_output, shape_from_tensor, tf_shape_text

__all__ = ["atrous_conv2d", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "depthwise_conv2d",
           "depthwise_conv2d_native", "separable_conv2d", "max_pool", "avg_pool", "pool_output"]


def _pair(value: Any, what: str, data_format: str = "NHWC") -> tuple[int, int]:
    """Strides/dilations/ksize as (h, w): an int, [h, w] or [1, h, w, 1] (NCHW: [1, 1, h, w])."""
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    items = [int(v) for v in value]
    if len(items) == 1:
        return items[0], items[0]
    if len(items) == 2:
        return items[0], items[1]
    if len(items) == 4:
        batch, channel = (0, 1) if data_format == "NCHW" else (0, 3)
        if items[batch] != 1 or items[channel] != 1:
            raise ValueError(f"Current implementation does not yet support {what} in the batch "
                             f"and depth dimensions.")
        return (items[2], items[3]) if data_format == "NCHW" else (items[1], items[2])
    raise ValueError(f"{what} should be of length 1, 2 or 4 but was {len(items)}")


def _padding(padding: Any) -> str:
    if not isinstance(padding, str) or padding.upper() not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}.")
    return padding.upper()


def _pads(size: int, window: int, stride: int, dilation: int, padding: str) -> tuple[int, int]:
    if padding == "VALID":
        return 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + (window - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _nhwc(shape: TensorShape, data_format: str) -> list:
    dims = shape.as_list()
    return [dims[0], dims[2], dims[3], dims[1]] if data_format == "NCHW" else dims


def _from_nhwc(dims: list, data_format: str) -> TensorShape:
    return TensorShape([dims[0], dims[3], dims[1], dims[2]] if data_format == "NCHW" else dims)


def _windows(x: np.ndarray, kh: int, kw: int, sh: int, sw: int, dh: int, dw: int, padding: str,
             fill: float = 0.0) -> np.ndarray:
    """(n, oh, ow, c, kh, kw) windows of an NHWC array."""
    return _windows_nd(x, (kh, kw), (sh, sw), (dh, dw), padding, fill)


def _windows_nd(x: np.ndarray, kernel: tuple, strides: tuple, dilations: tuple, padding: str,
                fill: float = 0.0) -> np.ndarray:
    """(n, *out, c, *kernel) windows of a channels-last array with any number of spatial axes."""
    axes = tuple(range(1, x.ndim - 1))
    pads = [_pads(x.shape[a], k, s, d, padding) for a, k, s, d in zip(axes, kernel, strides, dilations)]
    if any(sum(pads, ())):
        x = np.pad(x, ((0, 0), *pads, (0, 0)), constant_values=fill)
    extent = tuple((k - 1) * d + 1 for k, d in zip(kernel, dilations))
    view = sliding_window_view(x, extent, axis=axes)
    steps = tuple(slice(None, None, s) for s in strides)
    taps = tuple(slice(None, None, d) for d in dilations)
    return view[(slice(None), *steps, slice(None), *taps)]


def pool_output(dims: list, kh: int, kw: int, sh: int, sw: int, padding: str, depth: Any,
                dh: int = 1, dw: int = 1) -> list:
    return [dims[0], conv_output(dims[1], kh, sh, padding, dh),
            conv_output(dims[2], kw, sw, padding, dw), depth]


def _check_rank(t: Any, rank: int, what: str) -> None:
    if t.shape.ndims is not None and t.shape.ndims != rank:
        name, op_type = building_op()
        raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims} for '{name}' "
                         f"(op: '{op_type}') with input shapes: {tf_shape_text(t.shape)}. "
                         f"{what} must be a rank-{rank} tensor.")


# --- conv2d --------------------------------------------------------------------------------------
def _conv_shape(input: Any, filter: Any, *, strides: tuple, dilations: tuple,
                padding: str, data_format: str) -> tuple:
    _check_rank(input, 4, "The input")
    _check_rank(filter, 4, "The filter")
    f = filter.shape.as_list() if filter.shape.ndims is not None else [None] * 4
    if input.shape.ndims is None:
        return input.dtype, TensorShape([None] * 4)
    dims = _nhwc(input.shape, data_format)
    if dims[3] is not None and f[2] is not None and dims[3] != f[2]:
        name, op_type = building_op()
        raise ValueError(
            f"Dimensions must be equal, but are {dims[3]} and {f[2]} for '{name}' (op: "
            f"'{op_type}') with input shapes: {tf_shape_text(input.shape)}, "
            f"{tf_shape_text(filter.shape)}. The filter's third dimension is the number of input "
            f"channels.")
    out = pool_output(dims, f[0], f[1], strides[0], strides[1], padding, f[3], *dilations)
    return input.dtype, _from_nhwc(out, data_format)


def _to_nhwc(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.transpose(x, (0, 2, 3, 1)) if data_format == "NCHW" else x


def _to_format(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.transpose(x, (0, 3, 1, 2)) if data_format == "NCHW" else x


def _conv(x: np.ndarray, w: np.ndarray, *, strides: tuple, dilations: tuple, padding: str,
          data_format: str) -> np.ndarray:
    x = _to_nhwc(x, data_format)
    kh, kw, cin, cout = w.shape
    win = _windows(x, kh, kw, strides[0], strides[1], dilations[0], dilations[1], padding)
    n, oh, ow = win.shape[:3]
    cols = np.ascontiguousarray(win.transpose(0, 1, 2, 4, 5, 3)).reshape(n * oh * ow, -1)
    out = (cols @ w.reshape(-1, cout)).reshape(n, oh, ow, cout)
    return _to_format(out.astype(x.dtype, copy=False), data_format)


_CONV2D = define_op("Conv2D", ("input:T", "filter:T"), _conv_shape, _conv)


def conv2d(input: Any, filter: Any = None, strides: Any = None, padding: Any = None,
           use_cudnn_on_gpu: bool = True, data_format: str = "NHWC", dilations: Any = None,
           name: str | None = None, filters: Any = None) -> Any:
    filter = filters if filter is None else filter  # noqa: A001 - TF's argument name
    if strides is None:
        raise ValueError("conv2d needs strides, e.g. strides=[1, 1, 1, 1].")
    return _CONV2D(input, filter, name=name, strides=_pair(strides, "strides", data_format),
                   dilations=_pair(dilations or 1, "dilations", data_format),
                   padding=_padding(padding), data_format=data_format)


def conv1d(value: Any = None, filters: Any = None, stride: Any = None, padding: Any = None,
           use_cudnn_on_gpu: Any = None, data_format: Any = None, name: str | None = None,
           input: Any = None, dilations: Any = None) -> Any:
    """A conv2d over a height-1 image: ``ExpandDims``, ``Conv2D``, ``Squeeze`` under ``conv1d/``."""
    value = input if value is None else value
    channels_first = data_format in ("NCW", "NCHW")
    with name_scope(name, "conv1d") as scope:
        spatial = 2 if channels_first else 1
        value = expand_dims(value, spatial)
        filters = expand_dims(filters, 0)
        s = stride if isinstance(stride, (int, np.integer)) else list(stride)[-2 if
                                                                              channels_first else 1]
        d = 1 if dilations is None else (dilations if isinstance(dilations, int)
                                         else list(dilations)[-1])
        result = _CONV2D(value, filters, name="Conv2D", strides=(1, int(s)), dilations=(1, int(d)),
                         padding=_padding(padding),
                         data_format="NCHW" if channels_first else "NHWC")
        del scope
        return squeeze(result, [spatial])


# --- conv2d_transpose ----------------------------------------------------------------------------
def _transpose_shape(input_sizes: Any, filter: Any, out_backprop: Any, *, strides: tuple,
                     padding: str, data_format: str) -> tuple:
    _check_rank(filter, 4, "The filter")
    shape = shape_from_tensor(input_sizes)
    f = filter.shape.as_list() if filter.shape.ndims is not None else [None] * 4
    x = out_backprop.shape
    if shape.ndims == 4 and x.ndims == 4:
        out = _nhwc(shape, data_format)
        xin = _nhwc(x, data_format)
        if out[3] is not None and f[2] is not None and out[3] != f[2]:
            raise ValueError(f"output_shape's last dimension ({out[3]}) must equal the filter's "
                             f"output channels ({f[2]}) (filter shape: [height, width, "
                             f"output_channels, in_channels]).")
        if xin[3] is not None and f[3] is not None and xin[3] != f[3]:
            raise ValueError(f"Dimensions must be equal, but are {xin[3]} and {f[3]}: the input "
                             f"depth of conv2d_transpose must equal the filter's in_channels "
                             f"(its last dimension).")
        expected = pool_output(out, f[0], f[1], strides[0], strides[1], padding, f[3])
        for a, b in zip(expected[1:3], xin[1:3]):
            if a is not None and b is not None and a != b:
                raise ValueError(
                    f"Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed: "
                    f"actual = {b}, computed = {a}. The output_shape {shape} with these strides "
                    f"and padding would come from an input of spatial size {expected[1:3]}.")
    return out_backprop.dtype, shape


def _conv_transpose(input_sizes: np.ndarray, w: np.ndarray, x: np.ndarray, *, strides: tuple,
                    padding: str, data_format: str) -> np.ndarray:
    x = _to_nhwc(x, data_format)
    out_shape = [int(d) for d in input_sizes]
    if data_format == "NCHW":
        out_shape = [out_shape[0], out_shape[2], out_shape[3], out_shape[1]]
    n, oh, ow, cout = out_shape
    kh, kw, _, _ = w.shape
    sh, sw = strides
    ph, pw = _pads(oh, kh, sh, 1, padding), _pads(ow, kw, sw, 1, padding)
    buf = np.zeros((n, oh + ph[0] + ph[1] + kh, ow + pw[0] + pw[1] + kw, cout), dtype=np.float64)
    ih, iw = x.shape[1], x.shape[2]
    for i in range(kh):
        for j in range(kw):
            contrib = np.tensordot(x, w[i, j], axes=([3], [1]))        # (n, ih, iw, cout)
            buf[:, i:i + (ih - 1) * sh + 1:sh, j:j + (iw - 1) * sw + 1:sw, :] += contrib
    out = buf[:, ph[0]:ph[0] + oh, pw[0]:pw[0] + ow, :].astype(x.dtype)
    return _to_format(out, data_format)


_CONV2D_T = define_op("Conv2DBackpropInput", ("input_sizes:int32", "filter:T", "out_backprop:T"),
                      _transpose_shape, _conv_transpose)


def conv2d_transpose(value: Any = None, filter: Any = None, output_shape: Any = None,
                     strides: Any = None, padding: str = "SAME", data_format: str = "NHWC",
                     name: str | None = None, input: Any = None, filters: Any = None,
                     dilations: Any = None) -> Any:
    value = input if value is None else value
    filter = filters if filter is None else filter  # noqa: A001 - TF's argument name
    with name_scope(name, "conv2d_transpose") as scope:
        if isinstance(output_shape, TensorShape):
            output_shape = output_shape.as_list()
        return _CONV2D_T(output_shape, filter, value, name=scope,
                         strides=_pair(strides, "strides", data_format),
                         padding=_padding(padding), data_format=data_format)


# --- depthwise and separable ----------------------------------------------------------------------
def _depthwise_shape(input: Any, filter: Any, *, strides: tuple, dilations: tuple,
                     padding: str, data_format: str) -> tuple:
    _check_rank(input, 4, "The input")
    _check_rank(filter, 4, "The filter")
    f = filter.shape.as_list() if filter.shape.ndims is not None else [None] * 4
    if input.shape.ndims is None:
        return input.dtype, TensorShape([None] * 4)
    dims = _nhwc(input.shape, data_format)
    if dims[3] is not None and f[2] is not None and dims[3] != f[2]:
        name, op_type = building_op()
        raise ValueError(f"Dimensions must be equal, but are {dims[3]} and {f[2]} for '{name}' "
                         f"(op: '{op_type}') with input shapes: {tf_shape_text(input.shape)}, "
                         f"{tf_shape_text(filter.shape)}.")
    depth = None if f[2] is None or f[3] is None else f[2] * f[3]
    out = pool_output(dims, f[0], f[1], strides[0], strides[1], padding, depth, *dilations)
    return input.dtype, _from_nhwc(out, data_format)


def _depthwise(x: np.ndarray, w: np.ndarray, *, strides: tuple, dilations: tuple, padding: str,
               data_format: str) -> np.ndarray:
    x = _to_nhwc(x, data_format)
    kh, kw, cin, mult = w.shape
    win = _windows(x, kh, kw, strides[0], strides[1], dilations[0], dilations[1], padding)
    out = np.einsum("nhwcij,ijcm->nhwcm", win, w).reshape(win.shape[:3] + (cin * mult,))
    return _to_format(out.astype(x.dtype, copy=False), data_format)


_DEPTHWISE = define_op("DepthwiseConv2dNative", ("input:T", "filter:T"), _depthwise_shape,
                       _depthwise)


def depthwise_conv2d_native(input: Any, filter: Any, strides: Any, padding: Any,
                            data_format: str = "NHWC", dilations: Any = None,
                            name: str | None = None) -> Any:
    return _DEPTHWISE(input, filter, name=name, strides=_pair(strides, "strides", data_format),
                      dilations=_pair(dilations or 1, "dilations", data_format),
                      padding=_padding(padding), data_format=data_format)


def depthwise_conv2d(input: Any, filter: Any, strides: Any, padding: Any,
                     rate: Any = None, name: str | None = None, data_format: Any = None,
                     dilations: Any = None) -> Any:
    data_format = data_format or "NHWC"
    rate = dilations if rate is None else rate
    with name_scope(name, "depthwise") as scope:
        return _DEPTHWISE(input, filter, name=scope,
                          strides=_pair(strides, "strides", data_format),
                          dilations=_pair(rate or 1, "rate"), padding=_padding(padding),
                          data_format=data_format)


def separable_conv2d(input: Any, depthwise_filter: Any, pointwise_filter: Any,
                     strides: Any, padding: Any, rate: Any = None, name: str | None = None,
                     data_format: Any = None, dilations: Any = None) -> Any:
    """A depthwise convolution (``separable_conv2d/depthwise``) then a 1x1 ``Conv2D``."""
    data_format = data_format or "NHWC"
    rate = dilations if rate is None else rate
    with name_scope(name, "separable_conv2d") as scope:
        depthwise = _DEPTHWISE(input, depthwise_filter, name="depthwise",
                               strides=_pair(strides, "strides", data_format),
                               dilations=_pair(rate or 1, "rate"), padding=_padding(padding),
                               data_format=data_format)
        return _CONV2D(depthwise, pointwise_filter, name=scope, strides=(1, 1),
                       dilations=(1, 1), padding="VALID", data_format=data_format)


def atrous_conv2d(value: Any, filters: Any, rate: int, padding: str, name: str | None = None) -> Any:
    """A stride-1 NHWC ``Conv2D`` whose filter taps are ``rate`` apart, under the scope ``convolution``.

    TF computes ``rate > 1`` through ``SpaceToBatchND``/``BatchToSpaceND`` around the ``Conv2D`` (so its
    output is named ``convolution/BatchToSpaceND``); scopelab runs the dilated ``Conv2D`` directly, which
    gives the same values and shapes."""
    rate = int(rate)
    if rate <= 0:
        raise ValueError(f"all values of `dilation_rate` must be positive. Received: dilation_rate=[{rate} {rate}]")
    with name_scope(name, "convolution") as scope:
        return _CONV2D(value, filters, name=scope, strides=(1, 1), dilations=(rate, rate),
                       padding=_padding(padding), data_format="NHWC")


# --- conv3d --------------------------------------------------------------------------------------
def _five(value: Any, what: str, data_format: str) -> tuple[int, int, int]:
    """Conv3D's strides/dilations: five values, 1 in the batch and channel positions."""
    items = [int(v) for v in value]
    if len(items) < 5:
        raise ValueError(f"Attr '{what}' of 'Conv3D' Op passed list of length {len(items)} less than "
                         f"minimum 5.")
    if len(items) != 5:
        raise ValueError(f"{what} must have 5 values ([1, d, h, w, 1]), got {items}.")
    channel = 1 if data_format == "NCDHW" else 4
    if items[0] != 1 or items[channel] != 1:
        raise ValueError(f"Current implementation does not yet support {what} in the batch and depth "
                         f"dimensions.")
    return (items[2], items[3], items[4]) if data_format == "NCDHW" else (items[1], items[2], items[3])


def _conv3d_shape(input: Any, filter: Any, *, strides: tuple, dilations: tuple, padding: str,
                  data_format: str) -> tuple:
    _check_rank(input, 5, "The input")
    _check_rank(filter, 5, "The filter")
    f = filter.shape.as_list() if filter.shape.ndims is not None else [None] * 5
    if input.shape.ndims is None:
        return input.dtype, TensorShape([None] * 5)
    dims = input.shape.as_list()
    first = data_format == "NCDHW"
    channels, spatial = (dims[1], dims[2:]) if first else (dims[4], dims[1:4])
    if channels is not None and f[3] is not None and channels % f[3] != 0:
        name, op_type = building_op()
        raise ValueError(f"Depth of input ({channels}) is not a multiple of input depth of filter ({f[3]}) "
                         f"for '{name}' (op: '{op_type}') with input shapes: {tf_shape_text(input.shape)}, "
                         f"{tf_shape_text(filter.shape)}.")
    if channels is not None and f[3] is not None and channels != f[3]:
        raise ValueError(f"scopelab's conv3d needs the filter's input depth ({f[3]}) to equal the input's "
                         f"channels ({channels}); grouped 3-D convolutions are not supported.")
    out = [conv_output(n, k, s, padding, d) for n, k, s, d in zip(spatial, f[:3], strides, dilations)]
    return input.dtype, TensorShape([dims[0], f[4], *out] if first else [dims[0], *out, f[4]])


def _conv3d(x: np.ndarray, w: np.ndarray, *, strides: tuple, dilations: tuple, padding: str,
            data_format: str) -> np.ndarray:
    first = data_format == "NCDHW"
    if first:
        x = np.transpose(x, (0, 2, 3, 4, 1))
    win = _windows_nd(x, w.shape[:3], strides, dilations, padding)    # (n, od, oh, ow, c, kd, kh, kw)
    out = np.tensordot(win, w, axes=([5, 6, 7, 4], [0, 1, 2, 3])).astype(x.dtype, copy=False)
    return np.transpose(out, (0, 4, 1, 2, 3)) if first else out


_CONV3D = define_op("Conv3D", ("input:T", "filter:T"), _conv3d_shape, _conv3d)


def conv3d(input: Any, filter: Any = None, strides: Any = None, padding: Any = None,
           data_format: str = "NDHWC", dilations: Any = (1, 1, 1, 1, 1), name: str | None = None,
           filters: Any = None) -> Any:
    """A 3-D convolution (``Conv3D``) of a [batch, depth, height, width, channels] input with a
    [kd, kh, kw, in, out] filter (NCDHW computed channels-last and transposed back)."""
    filter = filters if filter is None else filter  # noqa: A001 - TF's argument name
    if strides is None:
        raise ValueError("conv3d needs strides, e.g. strides=[1, 1, 1, 1, 1].")
    return _CONV3D(input, filter, name=name, strides=_five(strides, "strides", data_format),
                   dilations=_five(dilations, "dilations", data_format), padding=_padding(padding),
                   data_format=data_format)


# --- pooling ---------------------------------------------------------------------------------------
def _pool_shape(value: Any, *, ksize: tuple, strides: tuple, padding: str,
                data_format: str) -> tuple:
    _check_rank(value, 4, "The input")
    if value.shape.ndims is None:
        return value.dtype, TensorShape([None] * 4)
    dims = _nhwc(value.shape, data_format)
    out = pool_output(dims, ksize[0], ksize[1], strides[0], strides[1], padding, dims[3])
    if padding == "VALID" and any(d == 0 for d in out[1:3]):
        name, op_type = building_op()
        raise ValueError(f"Negative dimension size caused by subtracting {ksize[0]} from "
                         f"{dims[1]} for '{name}' (op: '{op_type}') with input shapes: "
                         f"{tf_shape_text(value.shape)}.")
    return value.dtype, _from_nhwc(out, data_format)


def _max_pool(x: np.ndarray, *, ksize: tuple, strides: tuple, padding: str,
              data_format: str) -> np.ndarray:
    x = _to_nhwc(x, data_format)
    low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    win = _windows(x, ksize[0], ksize[1], strides[0], strides[1], 1, 1, padding, fill=low)
    return _to_format(win.max(axis=(4, 5)), data_format)


def _avg_pool(x: np.ndarray, *, ksize: tuple, strides: tuple, padding: str,
              data_format: str) -> np.ndarray:
    x = _to_nhwc(x, data_format)
    win = _windows(x, ksize[0], ksize[1], strides[0], strides[1], 1, 1, padding)
    ones = np.ones((1,) + x.shape[1:3] + (1,), dtype=x.dtype)
    count = _windows(ones, ksize[0], ksize[1], strides[0], strides[1], 1, 1, padding).sum(
        axis=(4, 5))
    return _to_format((win.sum(axis=(4, 5)) / count).astype(x.dtype), data_format)


_MAX_POOL = define_op("MaxPool", ("input:any",), _pool_shape, _max_pool)
_AVG_POOL = define_op("AvgPool", ("value:any",), _pool_shape, _avg_pool)


def max_pool(value: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Any:
    value = input if value is None else value
    return _MAX_POOL(value, name=name, ksize=_pair(ksize, "ksize", data_format),
                     strides=_pair(strides, "strides", data_format), padding=_padding(padding),
                     data_format=data_format)


def avg_pool(value: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Any:
    value = input if value is None else value
    return _AVG_POOL(value, name=name, ksize=_pair(ksize, "ksize", data_format),
                     strides=_pair(strides, "strides", data_format), padding=_padding(padding),
                     data_format=data_format)

