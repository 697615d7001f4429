"""``tf.layers`` pooling: ``MaxPooling1D/2D/3D``, ``AveragePooling1D/2D/3D`` and their functions.

Pooling layers make no variables, but like every TF1 layer they take a scope name
(``max_pooling2d``, ``max_pooling2d_1``, ...) that their ops live under.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.layers._base import InputSpec, Layer
from scopelab.layers.convolutional import (
    conv_output_length, normalize_data_format, normalize_padding, normalize_tuple,
)

__all__ = ["MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
           "AveragePooling3D", "max_pooling1d", "max_pooling2d", "max_pooling3d", "average_pooling1d",
           "average_pooling2d", "average_pooling3d"]


class _Pooling(Layer):
    _rank = 2
    _kind = "max"

    def __init__(self, pool_size: Any, strides: Any, padding: str = "valid",
                 data_format: str = "channels_last", name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.pool_size = normalize_tuple(pool_size, self._rank, "pool_size")
        self.strides = normalize_tuple(strides, self._rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _pool(self, inputs: Any, window: tuple, strides: tuple, fmt: str) -> Any:
        first = fmt.startswith("NC")
        ksize = [1, 1, *window] if first else [1, *window, 1]
        step = [1, 1, *strides] if first else [1, *strides, 1]
        if len(window) == 3:
            fn = tf.nn.max_pool3d if self._kind == "max" else tf.nn.avg_pool3d
        else:
            fn = tf.nn.max_pool if self._kind == "max" else tf.nn.avg_pool
        return fn(inputs, ksize=ksize, strides=step, padding=self.padding.upper(), data_format=fmt)

    def call(self, inputs: Any) -> Any:
        first = self.data_format == "channels_first"
        if self._rank == 1:
            axis = 3 if first else 2
            expanded = tf.expand_dims(inputs, axis)
            pooled = self._pool(expanded, self.pool_size + (1,), self.strides + (1,), "NCHW" if first else "NHWC")
            return tf.squeeze(pooled, axis)
        fmt = {2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}[self._rank][first]
        return self._pool(inputs, self.pool_size, self.strides, fmt)

    def compute_output_shape(self, input_shape: Any) -> Any:
        dims = tf.TensorShape(input_shape).as_list()
        first = self.data_format == "channels_first"
        spatial = dims[2:] if first else dims[1:-1]
        out = [conv_output_length(n, p, self.padding, s) for n, p, s in zip(spatial, self.pool_size, self.strides)]
        return tf.TensorShape([dims[0], dims[1]] + out if first else [dims[0]] + out + [dims[-1]])


def _pooling_class(name: str, rank: int, kind: str) -> type:
    doc = f"{'Max' if kind == 'max' else 'Average'} pooling over {rank} spatial dimension(s)."
    return type(name, (_Pooling,), {"_rank": rank, "_kind": kind, "__doc__": doc, "__module__": __name__})


MaxPooling1D = _pooling_class("MaxPooling1D", 1, "max")
MaxPooling2D = _pooling_class("MaxPooling2D", 2, "max")
MaxPooling3D = _pooling_class("MaxPooling3D", 3, "max")
AveragePooling1D = _pooling_class("AveragePooling1D", 1, "avg")
AveragePooling2D = _pooling_class("AveragePooling2D", 2, "avg")
AveragePooling3D = _pooling_class("AveragePooling3D", 3, "avg")


def _functional(cls: type, public: str):
    def apply(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
              data_format: str = "channels_last", name: str | None = None) -> Any:
        return cls(pool_size, strides, padding=padding, data_format=data_format, name=name).apply(inputs)
    apply.__name__ = apply.__qualname__ = public
    apply.__doc__ = f"``tf.layers.{public}``: a fresh :class:`{cls.__name__}` applied once."
    return apply


max_pooling1d = _functional(MaxPooling1D, "max_pooling1d")
max_pooling2d = _functional(MaxPooling2D, "max_pooling2d")
max_pooling3d = _functional(MaxPooling3D, "max_pooling3d")
average_pooling1d = _functional(AveragePooling1D, "average_pooling1d")
average_pooling2d = _functional(AveragePooling2D, "average_pooling2d")
average_pooling3d = _functional(AveragePooling3D, "average_pooling3d")
