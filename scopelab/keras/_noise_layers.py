"""Keras's regularization layers that act only in training (recorded with TF 2.15,
``keras_layer_cases.py``): ``SpatialDropout1D/2D`` (whole channels dropped), ``GaussianNoise``
(adds ``N(0, stddev)``), ``GaussianDropout`` (multiplies by ``N(1, rate / (1 - rate))``) and
``AlphaDropout`` (keeps SELU's mean and variance). At inference they are the identity; with
``training`` left ``None`` they read the learning phase (a ``cond``, ``<layer>/cond/Merge``). The
random values are scopelab's stream, not TF's. All pass a mask on."""

from __future__ import annotations

from typing import Any

import numpy as np

import scopelab as tf
from scopelab.keras import backend
from scopelab.keras._core_layers import Dropout
from scopelab.keras._engine import Layer
from scopelab.layers._base import InputSpec
from scopelab.layers.core import smart_cond

__all__ = ["SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout"]


class SpatialDropout1D(Dropout):
    """Drops whole channels of ``[batch, steps, channels]`` (one draw per example and channel)."""

    def __init__(self, rate: float, **kwargs: Any) -> None:
        super().__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, inputs: Any) -> Any:
        shape = tf.shape(inputs)
        return tf.stack([shape[0], 1, shape[2]])

    def call(self, inputs: Any, training: Any = None) -> Any:
        self.noise_shape = self._noise_shape(inputs)
        return super().call(inputs, training=training)


class SpatialDropout2D(SpatialDropout1D):
    """Drops whole feature maps of ``[batch, rows, cols, channels]`` (or channels first)."""

    def __init__(self, rate: float, data_format: Any = None, **kwargs: Any) -> None:
        super().__init__(rate, **kwargs)
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, inputs: Any) -> Any:
        shape = tf.shape(inputs)
        if self.data_format == "channels_first":
            return tf.stack([shape[0], shape[1], 1, 1])
        return tf.stack([shape[0], 1, 1, shape[3]])


class _TrainingNoise(Layer):
    supports_masking = True

    def __init__(self, rate: float, seed: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rate, self.seed = float(rate), seed

    def call(self, inputs: Any, training: Any = None) -> Any:
        if training is None:
            training = backend.learning_phase()
        return smart_cond(training, lambda: self._noised(inputs), lambda: tf.identity(inputs))

    def _noised(self, inputs: Any) -> Any:
        raise NotImplementedError

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)


class GaussianNoise(_TrainingNoise):
    def __init__(self, stddev: float, seed: Any = None, **kwargs: Any) -> None:
        super().__init__(stddev, seed=seed, **kwargs)
        self.stddev = self.rate

    def _noised(self, inputs: Any) -> Any:
        return inputs + tf.random_normal(tf.shape(inputs), mean=0.0, stddev=self.stddev,
                                         dtype=inputs.dtype.base_dtype, seed=self.seed)


class GaussianDropout(_TrainingNoise):
    def _noised(self, inputs: Any) -> Any:
        if not 0 < self.rate < 1:
            return tf.identity(inputs)
        stddev = float(np.sqrt(self.rate / (1.0 - self.rate)))
        return inputs * tf.random_normal(tf.shape(inputs), mean=1.0, stddev=stddev,
                                         dtype=inputs.dtype.base_dtype, seed=self.seed)


class AlphaDropout(_TrainingNoise):
    """Dropped units are set to SELU's negative saturation, then an affine map restores the mean
    and variance (Keras's constants)."""

    _ALPHA, _SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946

    def __init__(self, rate: float, noise_shape: Any = None, seed: Any = None, **kwargs: Any) -> None:
        super().__init__(rate, seed=seed, **kwargs)
        self.noise_shape = noise_shape

    def _noised(self, inputs: Any) -> Any:
        if not 0 < self.rate < 1:
            return tf.identity(inputs)
        alpha_p = -self._ALPHA * self._SCALE
        shape = tf.shape(inputs) if self.noise_shape is None else self.noise_shape
        kept = tf.cast(tf.greater_equal(tf.random_uniform(shape, seed=self.seed), self.rate), inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        return a * (inputs * kept + alpha_p * (1 - kept)) + b
