"""Keras's merge layers: ``Concatenate``, ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum`` (and their functional spellings)."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras._engine import Layer

__all__ = ["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
           "concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum"]


class _Merge(Layer):
    """The output is masked where every masked input is (``all`` over the inputs' masks)."""

    supports_masking = True

    def _check(self, inputs: Any) -> list:
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"A merge layer ({type(self).__name__}) should be called on a list of at "
                             f"least 2 inputs. Got {len(inputs) if isinstance(inputs, (list, tuple)) else 1} input.")
        return list(inputs)

    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any) -> Any:
        inputs = self._check(inputs)
        output = inputs[0]
        for item in inputs[1:]:
            output = self._merge(output, item)
        return output

    def _merge(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return None
        masks = [tf.expand_dims(m, axis=0) for m in mask if m is not None]
        return tf.reduce_all(tf.concat(masks, axis=0), axis=0, keepdims=False)


class Add(_Merge):
    def _merge(self, a: Any, b: Any) -> Any:
        return a + b


class Multiply(_Merge):
    def _merge(self, a: Any, b: Any) -> Any:
        return a * b


class Maximum(_Merge):
    def _merge(self, a: Any, b: Any) -> Any:
        return tf.maximum(a, b)


class Minimum(_Merge):
    def _merge(self, a: Any, b: Any) -> Any:
        return tf.minimum(a, b)


class Subtract(_Merge):
    def call(self, inputs: Any) -> Any:
        inputs = self._check(inputs)
        if len(inputs) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs")
        return inputs[0] - inputs[1]


class Average(Add):
    def call(self, inputs: Any) -> Any:
        return super().call(inputs) / len(inputs)


class Concatenate(_Merge):
    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: Any) -> Any:
        return tf.concat(self._check(inputs), axis=self.axis)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Each input's mask (all true where it has none) joined along ``axis``, then ``all`` over
        the last axis, as Keras does."""
        if mask is None:
            return None
        masks = []
        for tensor, item in zip(inputs, mask):
            if item is None:
                masks.append(tf.ones_like(tensor, dtype=tf.bool))
            elif item.shape.ndims < tensor.shape.ndims:
                masks.append(tf.expand_dims(item, axis=-1))
            else:
                masks.append(item)
        return tf.reduce_all(tf.concat(masks, axis=self.axis), axis=-1, keepdims=False)


def _functional(cls: type) -> Any:
    def merge(inputs: list, **kwargs: Any) -> Any:
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = f"``tf.keras.layers.{merge.__name__}(inputs)``: a new ``{cls.__name__}`` layer applied once."
    return merge


concatenate, add, subtract, multiply = map(_functional, (Concatenate, Add, Subtract, Multiply))
average, maximum, minimum = map(_functional, (Average, Maximum, Minimum))
