"""``tf.contrib.layers.optimize_loss``: the train tensor TF1's contrib built around an optimizer.

Everything TF 1.15 builds is built, under ``variable_scope(name or "OptimizeLoss")`` (recorded in
``tests/contrib`` with tf-slim's copy of contrib's function):

* the loss made to wait for ``update_ops`` (default: the ``UPDATE_OPS`` collection), an
  ``Identity`` named ``control_dependency``;
* a float ``learning_rate`` becomes the non-trainable variable ``OptimizeLoss/learning_rate``
  (a 0-d tensor is used as it is; ``learning_rate_decay_fn(lr, global_step)`` then decays it);
* the optimizer (a name of ``OPTIMIZER_CLS_NAMES``, a class, an instance, or a function of the
  learning rate), its gradients, optional noise, multipliers and clipping, the summaries asked
  for (``OptimizeLoss/loss``, ``OptimizeLoss/global_norm/gradient_norm`` ...);
* ``apply_gradients(..., name="train")``: the slots (``OptimizeLoss/layer/w/Adam``) and the train
  op ``OptimizeLoss/train`` (an ``AssignAdd`` of the global step, or a ``NoOp`` without one);
* the returned tensor: the loss again, an ``Identity`` (``OptimizeLoss/control_dependency_1``
  with update ops) that runs ``OptimizeLoss/train`` first.

scopelab does not train (see ``scopelab.train.optimizer``): fetching the returned tensor runs the
train op, which raises ``tf.errors.UnimplementedError``, exactly as fetching ``minimize()``'s op
does. The loss given to ``optimize_loss`` can still be fetched on its own.

Bad arguments raise TF's errors (class and text) before anything is built where TF's checks can be
made first; a failure after that (no gradients, a function that returns something other than an
optimizer) takes back the variables and collection entries made so far. TF left its
``learning_rate`` variable behind in both cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import scopelab as tf
from scopelab.graph import created_by
from scopelab.ops.control_flow_ops import with_dependencies
from scopelab.train._atomic import all_or_nothing
from scopelab.train.optimizer import Optimizer

__all__ = ["optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES"]


def _momentum(learning_rate: Any) -> Optimizer:
    """``"Momentum"``: contrib fixed the momentum at 0.9."""
    return tf.train.MomentumOptimizer(learning_rate, momentum=0.9)


OPTIMIZER_CLS_NAMES: dict[str, Callable[..., Optimizer]] = {
    "Adagrad": tf.train.AdagradOptimizer,
    "Adam": tf.train.AdamOptimizer,
    "Ftrl": tf.train.FtrlOptimizer,
    "Momentum": _momentum,
    "RMSProp": tf.train.RMSPropOptimizer,
    "SGD": tf.train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm",
                       "global_gradient_norm"]

_DEFAULT_SUMMARIES = ["loss", "learning_rate", "global_gradient_norm"]


# --- checks made before anything is built, in TF's order ------------------------------------------
def _check_loss(loss: Any) -> None:
    if loss.shape.ndims != 0:
        raise ValueError(f"Expected scalar shape for {loss.name}, saw shape: {loss.shape}.\n"
                         f"optimize_loss needs one number to minimize: reduce the loss first "
                         f"(tf.reduce_mean(...)).")


def _check_learning_rate(learning_rate: Any) -> None:
    if learning_rate is None or _is_scalar_tensor(learning_rate):
        return
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError(f"Invalid learning_rate {learning_rate}.")
        return
    raise ValueError(
        f"Learning rate should be 0d Tensor or float. Got {learning_rate} of type "
        f"{type(learning_rate)}\nPass a Python float (optimize_loss makes it the variable "
        f"OptimizeLoss/learning_rate) or a scalar tensor; a variable works as "
        f"tf.convert_to_tensor(v), as in TF1.")


def _is_scalar_tensor(value: Any) -> bool:
    return isinstance(value, tf.Tensor) and value.shape.ndims == 0


def _checked_summaries(summaries: Any) -> list:
    if summaries is None:
        return list(_DEFAULT_SUMMARIES)
    for summ in summaries:
        if summ not in OPTIMIZER_SUMMARIES:
            raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], "
                             f"you provided {summ}.")
    return list(summaries)


def _check_optimizer(optimizer: Any, learning_rate: Any) -> None:
    if isinstance(optimizer, str):
        if learning_rate is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is "
                             f"string ({optimizer}).")
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError(f"Optimizer name should be one of "
                             f"[{', '.join(OPTIMIZER_CLS_NAMES)}], you provided {optimizer}.")
    elif isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        if learning_rate is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is "
                             f"class ({optimizer}).")
    elif not isinstance(optimizer, Optimizer) and not callable(optimizer):
        raise ValueError(f"Unrecognized optimizer: should be string, subclass of Optimizer, "
                         f"instance of subclass of Optimizer or function with one argument. "
                         f"Got {optimizer}.")


def _check_clip(clip_gradients: Any) -> None:
    if clip_gradients is not None and not isinstance(clip_gradients, float) \
            and not callable(clip_gradients):
        raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients\nGive a "
                         f"float (the global norm to clip to, e.g. 5.0) or a function of the "
                         f"(gradient, variable) pairs.")


# --- the build ------------------------------------------------------------------------------------
def _learning_rate_tensor(learning_rate: Any) -> Any:
    if learning_rate is None or _is_scalar_tensor(learning_rate):
        return learning_rate
    return tf.get_variable("learning_rate", [], trainable=False,
                           initializer=tf.constant_initializer(learning_rate))


def _make_optimizer(optimizer: Any, learning_rate: Any, lr: Any) -> Optimizer:
    if isinstance(optimizer, str):
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, Optimizer):
        return optimizer
    made = optimizer(lr) if learning_rate is not None else optimizer()
    if not isinstance(made, Optimizer):
        raise ValueError(f"Unrecognized optimizer: function should return subclass of "
                         f"Optimizer. Got {made}.")
    return made


def _add_noise(pairs: list, scale: Any) -> list:
    """Each gradient plus ``truncated_normal(its shape) * scale``."""
    noisy = []
    for grad, var in pairs:
        if grad is not None:
            grad = grad + tf.truncated_normal(grad.shape) * scale
        noisy.append((grad, var))
    return noisy


def _multiply(pairs: list, multipliers: dict) -> list:
    """Gradients of the variables in ``multipliers`` (keyed by variable or by its name) scaled."""
    scaled = []
    for grad, var in pairs:
        key = var if _has_key(multipliers, var) else var.name
        if grad is not None and key in multipliers:
            grad = grad * tf.cast(multipliers[key], grad.dtype)
        scaled.append((grad, var))
    return scaled


def _has_key(mapping: dict, var: Any) -> bool:
    return any(k is var for k in mapping)


def _global_norm(pairs: list) -> Any:
    return tf.global_norm([g for g, _ in pairs])


def _gradient_summaries(pairs: list, summaries: list) -> None:
    for grad, var in pairs:
        if grad is None:
            continue
        var_name = var.name.replace(":", "_")
        if "gradients" in summaries:
            tf.summary.histogram(f"gradients/{var_name}", grad)
        if "gradient_norm" in summaries:
            tf.summary.scalar(f"gradient_norm/{var_name}", tf.global_norm([grad]))


def optimize_loss(loss: Any, global_step: Any, learning_rate: Any, optimizer: Any,
                  gradient_noise_scale: Any = None, gradient_multipliers: Any = None,
                  clip_gradients: Any = None, learning_rate_decay_fn: Any = None,
                  update_ops: Any = None, variables: Any = None, name: str | None = None,
                  summaries: Any = None, colocate_gradients_with_ops: bool = False,
                  increment_global_step: bool = True) -> Any:
    """The loss as a tensor that runs one training step first (see the module docstring);
    fetching it raises ``UnimplementedError``: scopelab builds the step, it does not train."""
    loss = tf.convert_to_tensor(loss)
    _check_loss(loss)
    if global_step is None:
        global_step = tf.train.get_global_step()
    else:
        tf.train.assert_global_step(global_step)
    _check_learning_rate(learning_rate)
    summaries = _checked_summaries(summaries)
    decays = learning_rate is not None and learning_rate_decay_fn is not None
    if decays and global_step is None:
        raise ValueError("global_step is required for learning_rate_decay_fn.\nCreate one "
                         "first: tf.train.get_or_create_global_step().")
    _check_optimizer(optimizer, learning_rate)
    _check_clip(clip_gradients)
    with all_or_nothing(), created_by("tf.contrib.layers.optimize_loss"), \
            tf.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = with_dependencies(list(update_ops), loss)
        lr = _learning_rate_tensor(learning_rate)
        if decays:
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                tf.summary.scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, learning_rate, lr)
        if variables is None:
            variables = tf.trainable_variables()
        pairs = opt.compute_gradients(loss, variables,
                                      colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            pairs = _add_noise(pairs, gradient_noise_scale)
        if gradient_multipliers is not None:
            pairs = _multiply(pairs, gradient_multipliers)
        norms = "global_gradient_norm" in summaries or "gradient_norm" in summaries
        if norms:
            tf.summary.scalar("global_norm/gradient_norm", _global_norm(pairs))
        if isinstance(clip_gradients, float):
            grads, _ = tf.clip_by_global_norm([g for g, _ in pairs], clip_gradients)
            pairs = list(zip(grads, [v for _, v in pairs]))
        elif clip_gradients is not None:
            pairs = clip_gradients(pairs)
        if "loss" in summaries:
            tf.summary.scalar("loss", loss)
        _gradient_summaries(pairs, summaries)
        if clip_gradients is not None and norms:
            tf.summary.scalar("global_norm/clipped_gradient_norm", _global_norm(pairs))
        train = opt.apply_gradients(
            pairs, global_step=global_step if increment_global_step else None, name="train")
        return with_dependencies([train], loss)
