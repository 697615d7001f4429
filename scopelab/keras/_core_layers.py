"""Keras's core layers over ``tf.layers``' math: ``Dense``, ``Dropout``, ``Flatten``, ``Reshape``,
``Activation``, ``Embedding``, ``Lambda``, and ``Masking``.

The masks (recorded with TF 2.15, ``keras_mask_cases.py``): ``Embedding(mask_zero=True)``'s
outputs carry ``ids != 0`` (``embedding/NotEqual:0``); ``Masking(v)`` multiplies the steps whose
features all equal ``v`` by zero and masks them (``masking/mul:0``, mask ``masking/Squeeze:0``);
``Dense``, ``Dropout`` and ``Activation`` pass a mask on, ``Flatten`` and ``Reshape`` drop it."""

from __future__ import annotations

from typing import Any

import numpy as np

import scopelab as tf
from scopelab.keras import activations, backend, initializers, regularizers
from scopelab.keras._engine import Layer
from scopelab.layers import core as _core

__all__ = ["Dense", "Dropout", "Flatten", "Reshape", "Activation", "Embedding", "Lambda", "Masking",
           "weight_options"]


def weight_options(kwargs: dict, *weights: str, defaults: dict | None = None) -> dict:
    """Resolves Keras's string spellings of ``<w>_initializer`` / ``<w>_regularizer`` and the
    ``activation`` in ``kwargs`` (in place), with Keras's default initializers."""
    defaults = defaults or {}
    for weight in weights:
        key = f"{weight}_initializer"
        kwargs[key] = initializers.get(kwargs.get(key, defaults.get(key)))
        key = f"{weight}_regularizer"
        kwargs[key] = regularizers.get(kwargs.get(key))
    if "activity_regularizer" in kwargs:
        kwargs["activity_regularizer"] = regularizers.get(kwargs["activity_regularizer"])
    if "activation" in kwargs:
        activation = kwargs["activation"]
        kwargs["activation"] = None if activation in (None, "linear") else activations.get(activation)
    return kwargs


_DENSE_DEFAULTS = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}


class Dense(Layer, _core.Dense):
    """``activation(inputs @ kernel + bias)``: ``dense/kernel`` ``[in, units]``, ``dense/bias``."""

    supports_masking = True

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(units, **weight_options(kwargs, "kernel", "bias", defaults=_DENSE_DEFAULTS))


class Dropout(Layer, _core.Dropout):
    """Identity unless training; ``training=None`` reads the learning phase (so a ``cond``)."""

    supports_masking = True

    def call(self, inputs: Any, training: Any = None) -> Any:
        if training is None:
            training = backend.learning_phase()
        return super().call(inputs, training=training)


class Flatten(Layer, _core.Flatten):
    pass


class Activation(Layer):
    supports_masking = True

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs: Any) -> Any:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)


class Reshape(Layer):
    """``[batch, ...] -> [batch, *target_shape]`` (one ``-1`` allowed in ``target_shape``)."""

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise ValueError(f"There can only be one unknown dimension in target_shape {self.target_shape}.")

    def compute_output_shape(self, input_shape: Any) -> Any:
        dims = tf.TensorShape(input_shape).as_list()
        target = list(self.target_shape)
        if -1 in target:
            known = int(np.prod([d for d in target if d != -1]))
            rest = dims[1:]
            if any(d is None for d in rest):
                target[target.index(-1)] = None
            else:
                total = int(np.prod(rest))
                if known == 0 or total % known:
                    raise ValueError(f"total size of new array must be unchanged, input_shape = {rest}, "
                                     f"output_shape = {list(self.target_shape)}")
                target[target.index(-1)] = total // known
        elif all(d is not None for d in dims[1:]) and int(np.prod(dims[1:])) != int(np.prod(target)):
            raise ValueError(f"total size of new array must be unchanged, input_shape = {dims[1:]}, "
                             f"output_shape = {target}")
        return tf.TensorShape([dims[0]] + target)

    def call(self, inputs: Any) -> Any:
        outputs = tf.reshape(inputs, [tf.shape(inputs)[0]] + list(self.target_shape))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs


class Embedding(Layer):
    """``embeddings`` ``[input_dim, output_dim]`` looked up by integer ids."""

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer: Any = "uniform",
                 embeddings_regularizer: Any = None, activity_regularizer: Any = None,
                 embeddings_constraint: Any = None, mask_zero: bool = False, input_length: Any = None,
                 **kwargs: Any) -> None:
        if input_length is not None and "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            kwargs["input_shape"] = tuple(input_length) if isinstance(input_length, (list, tuple)) else (input_length,)
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = embeddings_constraint
        self.mask_zero, self.input_length = mask_zero, input_length

    def build(self, input_shape: Any) -> None:
        self.embeddings = self.add_weight("embeddings", shape=[self.input_dim, self.output_dim],
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint, dtype=tf.float32)
        self.built = True

    def call(self, inputs: Any) -> Any:
        if inputs.dtype.base_dtype not in (tf.int32, tf.int64):
            inputs = tf.cast(inputs, tf.int32)
        return tf.nn.embedding_lookup(self.embeddings, inputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(tf.TensorShape(input_shape).as_list() + [self.output_dim])

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return tf.not_equal(inputs, 0) if self.mask_zero else None


class Masking(Layer):
    """Zeroes and masks the steps (all but the last axis) whose features all equal ``mask_value``."""

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def call(self, inputs: Any) -> Any:
        keep = tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        outputs = inputs * tf.cast(keep, inputs.dtype)
        outputs._keras_mask = tf.squeeze(keep, axis=-1)
        return outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return tf.TensorShape(input_shape)


class Lambda(Layer):
    """Wraps ``function(inputs, **arguments)`` as a layer without weights."""

    def __init__(self, function: Any, output_shape: Any = None, mask: Any = None, arguments: dict | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.function, self.arguments = function, dict(arguments or {})

    def call(self, inputs: Any) -> Any:
        return self.function(inputs, **self.arguments)
