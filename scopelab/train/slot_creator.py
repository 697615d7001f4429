"""Slot variables: the per-variable state an optimizer or a moving average keeps (``w/Adam``,
``w/Adam_1``, ``w/Momentum``, ``w/ExponentialMovingAverage``), named as TF1's ``slot_creator``.

A slot of ``primary`` is ``get_variable`` inside ``variable_scope(None, default_name=
"<primary op name>/<name>")``, opened in the *current* variable scope. Hence TF1's naming facts:

* two slots with the same name get ``w/Adam`` and ``w/Adam_1`` (default names are uniquified);
* a slot made while another scope is open is prefixed by it (``opt/layer/w/Adam`` when
  ``minimize`` runs in ``variable_scope("opt")``: TF issue 8120's "doubled" names);
* under ``reuse=True`` the slot must already exist ("does not exist" otherwise);
* slots are non-trainable, in ``GLOBAL_VARIABLES``, and never partitioned (the scope's
  partitioner is switched off while they are made).
"""

from __future__ import annotations

from typing import Any

import scopelab as tf

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot"]


def _primary_name(primary: Any) -> str:
    if isinstance(primary, tf.Tensor):
        return primary.op.name
    return primary.name.split(":")[0]


def _make(primary: Any, name: str, initializer: Any, shape: Any, dtype: Any) -> Any:
    scope = tf.get_variable_scope()
    partitioner = scope.partitioner
    scope.set_partitioner(None)
    try:
        with tf.variable_scope(None, default_name=f"{_primary_name(primary)}/{name}") as slot_scope:
            pass
        # TF calls get_variable("") inside that scope, making a variable named like the scope; the
        # same variable is the scope's name relative to the current one.
        relative = slot_scope.name[len(scope.name) + 1:] if scope.name else slot_scope.name
        return tf.get_variable(relative, shape=shape, dtype=dtype, initializer=initializer,
                               trainable=False)
    finally:
        scope.set_partitioner(partitioner)


def create_slot(primary: Any, val: Any, name: str, colocate_with_primary: bool = True) -> Any:
    """A slot initialized from the value ``val`` (an array or a concrete tensor)."""
    return _make(primary, name, val, None, None)


def create_slot_with_initializer(primary: Any, initializer: Any, shape: Any, dtype: Any,
                                 name: str, colocate_with_primary: bool = True) -> Any:
    """A slot of ``shape`` and ``dtype`` made by ``initializer``."""
    return _make(primary, name, initializer, tf.TensorShape(shape).as_list(), dtype)


def create_zeros_slot(primary: Any, name: str, dtype: Any = None,
                      colocate_with_primary: bool = True) -> Any:
    """A slot of zeros shaped like ``primary``."""
    dtype = tf.as_dtype(dtype or primary.dtype).base_dtype
    shape = tf.TensorShape(primary.shape)
    if shape.is_fully_defined():
        return create_slot_with_initializer(primary, tf.zeros_initializer(), shape, dtype, name)
    raise ValueError(
        f"Cannot make a slot for {_primary_name(primary)} of partly unknown shape {shape}: "
        f"scopelab creates a variable's value when it is made, so the shape must be static.")
