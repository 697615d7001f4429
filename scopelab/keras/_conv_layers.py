"""Keras's convolution and pooling layers over ``tf.layers``' (same ops, same static shapes), and
the global poolings (a ``Mean`` / ``Max`` over the spatial axes)."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras._core_layers import weight_options
from scopelab.keras._engine import Layer
from scopelab.layers import convolutional as _conv
from scopelab.layers import pooling as _pool

__all__ = ["Conv1D", "Conv2D", "Conv2DTranspose", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
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
