"""``tf.keras.layers.TimeDistributed``: one layer applied to every step of ``[batch, time, ...]``
(recorded with TF 2.15, ``keras_layer_cases.py``). As in Keras, the inner layer is built inside
the wrapper's name scope, so its weights are ``time_distributed/kernel:0``; the steps are folded
into the batch (``[batch * time, ...]``), the layer called once, and the result unfolded."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras._engine import Layer

__all__ = ["TimeDistributed"]


class TimeDistributed(Layer):
    supports_masking = True

    def __init__(self, layer: Any, **kwargs: Any) -> None:
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `TimeDistributed` layer with a `tf.keras.layers.Layer` instance. "
                             f"Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any) -> None:
        shape = tf.TensorShape(input_shape)
        if shape.ndims is None or shape.ndims < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 "
                             f"dimensions, received: {shape}")
        if not self.layer.built:
            dims = shape.as_list()
            self.layer.build(tf.TensorShape([None] + dims[2:]))
            self.layer.built = True
        self.built = True

    @property
    def trainable_weights(self) -> list:
        return self.layer.trainable_weights if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        return self.layer.non_trainable_weights if self.trainable else self.layer.weights

    @property
    def losses(self) -> list:
        return self.layer.losses + Layer.losses.fget(self)  # type: ignore[attr-defined]

    def call(self, inputs: Any, training: Any = None) -> Any:
        dims = inputs.shape.as_list()
        if any(d is None for d in dims[2:]):
            raise ValueError(f"TimeDistributed ({self.name}) needs the dimensions after the time axis known, got "
                             f"{inputs.shape}.")
        folded = tf.reshape(inputs, [-1] + dims[2:])
        kwargs = {"training": training} if training is not None else {}
        inner = self.layer(folded, **kwargs)
        steps = dims[1] if dims[1] is not None else tf.shape(inputs)[1]
        inner_dims = inner.shape.as_list()[1:]
        if any(d is None for d in inner_dims):
            raise ValueError(f"TimeDistributed ({self.name}): the output of {self.layer.name} needs a known shape "
                             f"after the batch, got {inner.shape}.")
        target = [-1, steps] + inner_dims
        outputs = tf.reshape(inner, tf.stack(target) if tf.is_tensor(steps) else target)
        outputs.set_shape([dims[0], dims[1]] + inner_dims)
        return outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The input's mask, reduced to ``[batch, time]`` (the inner layers here make none of their own)."""
        if mask is None:
            return None
        while mask.shape.ndims is not None and mask.shape.ndims > 2:
            mask = tf.reduce_any(mask, axis=-1)
        return mask
