"""Keras's layers that move values without weights (recorded with TF 2.15, ``keras_layer_cases.py``):
``RepeatVector`` (``Tile``), ``Permute`` (``transpose``), ``ZeroPadding1D/2D`` (``Pad``),
``Cropping1D/2D`` (``strided_slice``), ``UpSampling1D/2D`` (nearest: each step or pixel repeated).
None of them passes a mask on (Keras's ``supports_masking`` is false for all)."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras._engine import Layer
from scopelab.layers._base import InputSpec

__all__ = ["RepeatVector", "Permute", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D",
           "UpSampling1D", "UpSampling2D"]


def _pair(value: Any) -> tuple:
    if isinstance(value, int):
        return (value, value)
    return tuple(int(v) for v in value)


def _pairs_2d(value: Any, argument: str) -> tuple:
    """Keras's 2-D spellings: ``n``, ``(rows, cols)`` or ``((top, bottom), (left, right))``."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    if not hasattr(value, "__len__") or len(value) != 2:
        raise ValueError(f"`{argument}` should have two elements. Received: {value}.")
    return tuple(_pair(v) for v in value)


def _channels_first(data_format: Any) -> bool:
    return (data_format or "channels_last") == "channels_first"


class RepeatVector(Layer):
    """``[batch, features] -> [batch, n, features]``."""

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs: Any) -> Any:
        return tf.tile(tf.expand_dims(inputs, 1), [1, self.n, 1])


class Permute(Layer):
    """Reorders the axes after the batch: ``dims`` a permutation of ``1 .. rank - 1``."""

    def __init__(self, dims: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                             f"`dims` must be consecutive and start from 1. Received dims={self.dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs: Any) -> Any:
        return tf.transpose(inputs, (0,) + self.dims)


class ZeroPadding1D(Layer):
    """Zeros before and after the steps: ``padding`` ``n`` or ``(before, after)``."""

    def __init__(self, padding: Any = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.padding = _pair(padding)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs: Any) -> Any:
        return tf.pad(inputs, [[0, 0], list(self.padding), [0, 0]])


class ZeroPadding2D(Layer):
    """Zeros around the rows and columns (``channels_last`` unless ``data_format`` says otherwise)."""

    def __init__(self, padding: Any = (1, 1), data_format: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.padding = _pairs_2d(padding, "padding")
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        rows, cols = list(self.padding[0]), list(self.padding[1])
        pattern = ([[0, 0], [0, 0], rows, cols] if _channels_first(self.data_format)
                   else [[0, 0], rows, cols, [0, 0]])
        return tf.pad(inputs, pattern)


def _crop(inputs: Any, axis: int, crop: tuple) -> tuple:
    length = inputs.shape.as_list()[axis]
    return slice(crop[0], -crop[1] if crop[1] else None), length


class Cropping1D(Layer):
    """Drops steps at the start and end: ``cropping`` ``n`` or ``(start, end)``."""

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cropping = _pair(cropping)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs: Any) -> Any:
        steps, length = _crop(inputs, 1, self.cropping)
        if length is not None and sum(self.cropping) >= length:
            raise ValueError(f"cropping parameter of Cropping layer must be greater than the input shape. "
                             f"Received: inputs.shape={inputs.shape}, and cropping={self.cropping}")
        return inputs[:, steps, :]


class Cropping2D(Layer):
    """Drops rows and columns at the edges: ``n``, ``(rows, cols)`` or ``((top, bottom), (left, right))``."""

    def __init__(self, cropping: Any = ((0, 0), (0, 0)), data_format: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cropping = _pairs_2d(cropping, "cropping")
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        first = _channels_first(self.data_format)
        row_axis = 2 if first else 1
        rows, row_length = _crop(inputs, row_axis, self.cropping[0])
        cols, col_length = _crop(inputs, row_axis + 1, self.cropping[1])
        for length, crop in ((row_length, self.cropping[0]), (col_length, self.cropping[1])):
            if length is not None and sum(crop) >= length:
                raise ValueError(f"Argument `cropping` must be greater than the input shape. Received: "
                                 f"inputs.shape={inputs.shape}, and cropping={self.cropping}")
        return inputs[:, :, rows, cols] if first else inputs[:, rows, cols, :]


def _repeat(inputs: Any, axis: int, times: int) -> Any:
    """Each slice along ``axis`` repeated ``times`` times in place (Keras's ``repeat_elements``)."""
    if times == 1:
        return tf.identity(inputs)
    dims = inputs.shape.as_list()
    tiled = tf.tile(tf.expand_dims(inputs, axis + 1), [1] * (axis + 1) + [times] + [1] * (len(dims) - axis - 1))
    dynamic = tf.shape(inputs)
    new_shape = [dynamic[i] if d is None else d for i, d in enumerate(dims)]
    new_shape[axis] = dynamic[axis] * times if dims[axis] is None else dims[axis] * times
    outputs = tf.reshape(tiled, tf.stack(new_shape) if any(tf.is_tensor(d) for d in new_shape) else new_shape)
    outputs.set_shape([None if d is None else (d * times if i == axis else d) for i, d in enumerate(dims)])
    return outputs


class UpSampling1D(Layer):
    """Each step repeated ``size`` times."""

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs: Any) -> Any:
        return _repeat(inputs, 1, self.size)


class UpSampling2D(Layer):
    """Each row repeated ``size[0]`` times and each column ``size[1]`` times (``interpolation="nearest"``)."""

    _KERAS_METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")

    def __init__(self, size: Any = (2, 2), data_format: Any = None, interpolation: str = "nearest",
                 **kwargs: Any) -> None:
        if interpolation not in self._KERAS_METHODS:
            raise NotImplementedError(f"Value not recognized for `interpolation`: {interpolation}. Supported "
                                      f"values are: {list(self._KERAS_METHODS)}")
        if interpolation != "nearest":
            raise NotImplementedError(f"tf.keras.layers.UpSampling2D(interpolation={interpolation!r}) is not "
                                      f"implemented by scopelab: only 'nearest' is (or call tf.image.resize_bilinear "
                                      f"in a Lambda layer).")
        super().__init__(**kwargs)
        self.size = _pair(size)
        self.data_format = data_format or "channels_last"
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        row_axis = 2 if _channels_first(self.data_format) else 1
        return _repeat(_repeat(inputs, row_axis, self.size[0]), row_axis + 1, self.size[1])
