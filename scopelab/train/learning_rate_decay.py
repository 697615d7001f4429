"""TF1's learning-rate schedules as ops of the global step (``tf.train.exponential_decay`` &co.).

Each returns a scalar tensor computed from ``global_step`` when the session runs, named as TF1
named the result (``ExponentialDecay``, ``PolynomialDecay``, ``InverseTimeDecay``;
``natural_exp_decay`` is an ``ExponentialDecay`` of rate ``exp(-decay_rate)``, as in TF).
"""

from __future__ import annotations

import math
from typing import Any

import scopelab as tf

__all__ = ["exponential_decay", "natural_exp_decay", "inverse_time_decay", "polynomial_decay",
           "piecewise_constant", "cosine_decay"]


def _required(global_step: Any, what: str) -> None:
    if global_step is None:
        raise ValueError(f"global_step is required for {what}.\nPass the step, e.g. "
                         f"tf.train.get_or_create_global_step().")


def _common(learning_rate: Any, global_step: Any, decay_steps: Any) -> tuple:
    lr = tf.convert_to_tensor(learning_rate, name="learning_rate")
    dtype = lr.dtype
    return lr, dtype, tf.cast(global_step, dtype), tf.cast(decay_steps, dtype)


def exponential_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                      staircase: bool = False, name: str | None = None) -> Any:
    """``learning_rate * decay_rate ** (global_step / decay_steps)`` (exponent floored if
    ``staircase``)."""
    _required(global_step, "exponential_decay")
    with tf.name_scope(name, "ExponentialDecay") as scope:
        lr, dtype, step, steps = _common(learning_rate, global_step, decay_steps)
        p = step / steps
        if staircase:
            p = tf.floor(p)
        return tf.multiply(lr, tf.pow(tf.cast(decay_rate, dtype), p), name=scope)


def natural_exp_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                      staircase: bool = False, name: str | None = None) -> Any:
    """``learning_rate * exp(-decay_rate * global_step / decay_steps)``."""
    _required(global_step, "natural_exp_decay")
    return exponential_decay(learning_rate, global_step, decay_steps,
                             tf.exp(-tf.cast(decay_rate, tf.float32)), staircase=staircase,
                             name=name)


def inverse_time_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                       staircase: bool = False, name: str | None = None) -> Any:
    """``learning_rate / (1 + decay_rate * global_step / decay_steps)``."""
    _required(global_step, "inverse_time_decay")
    with tf.name_scope(name, "InverseTimeDecay") as scope:
        lr, dtype, step, steps = _common(learning_rate, global_step, decay_steps)
        p = step / steps
        if staircase:
            p = tf.floor(p)
        denominator = tf.add(tf.constant(1, dtype), tf.multiply(tf.cast(decay_rate, dtype), p))
        return tf.div(lr, denominator, name=scope)


def polynomial_decay(learning_rate: Any, global_step: Any, decay_steps: Any,
                     end_learning_rate: float = 0.0001, power: float = 1.0, cycle: bool = False,
                     name: str | None = None) -> Any:
    """From ``learning_rate`` to ``end_learning_rate`` over ``decay_steps`` steps along
    ``(1 - step / decay_steps) ** power``; with ``cycle`` it restarts at multiples."""
    _required(global_step, "polynomial_decay")
    with tf.name_scope(name, "PolynomialDecay") as scope:
        lr, dtype, step, steps = _common(learning_rate, global_step, decay_steps)
        end = tf.cast(end_learning_rate, dtype)
        if cycle:
            multiplier = tf.where(tf.equal(step, 0), tf.ones_like(step), tf.ceil(step / steps))
            steps = tf.multiply(steps, multiplier)
        else:
            step = tf.minimum(step, steps)
        p = tf.div(step, steps)
        return tf.add(tf.multiply(lr - end, tf.pow(1 - p, tf.cast(power, dtype))), end,
                      name=scope)


def cosine_decay(learning_rate: Any, global_step: Any, decay_steps: Any, alpha: float = 0.0,
                 name: str | None = None) -> Any:
    """``learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) /
    decay_steps)) + alpha)``."""
    _required(global_step, "cosine_decay")
    with tf.name_scope(name, "CosineDecay") as scope:
        lr, dtype, step, steps = _common(learning_rate, global_step, decay_steps)
        fraction = tf.minimum(step, steps) / steps
        cosine = 0.5 * (1.0 + tf.cos(tf.constant(math.pi, dtype) * fraction))
        return tf.multiply(lr, (1 - alpha) * cosine + alpha, name=scope)


def piecewise_constant(x: Any, boundaries: list, values: list, name: str | None = None) -> Any:
    """``values[0]`` while ``x <= boundaries[0]``, ``values[i]`` in ``(boundaries[i-1],
    boundaries[i]]``, ``values[-1]`` after the last boundary."""
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with tf.name_scope(name, "PiecewiseConstant") as scope:
        x = tf.convert_to_tensor(x)
        bounds = [tf.cast(b, x.dtype) for b in boundaries]
        result = tf.convert_to_tensor(values[-1])
        for bound, value in zip(reversed(bounds), reversed(values[:-1])):
            result = tf.where(tf.less_equal(x, bound), tf.convert_to_tensor(value), result)
        return tf.identity(result, name=scope)
