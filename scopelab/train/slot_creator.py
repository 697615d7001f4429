"""Slot variables: the per-variable state an optimizer or a moving average keeps (``w/Adam``,
``w/Adam_1``, ``w/Momentum``, ``w/ExponentialMovingAverage``), named as TF1's ``slot_creator``.

A slot of ``primary`` is ``get_variable("")`` inside ``variable_scope(None, default_name=
"<primary op name>/<name>")``, opened in the *current* variable scope. Hence TF1's naming facts:

* two slots with the same name get ``w/Adam`` and ``w/Adam_1`` (default names are uniquified);
* a slot made while another scope is open is prefixed by it (``opt/layer/w/Adam`` when
  ``minimize`` runs in ``variable_scope("opt")``: TF issue 8120's "doubled" names);
* under ``reuse=True`` the slot must already exist ("does not exist" otherwise);
* slots are non-trainable, in ``GLOBAL_VARIABLES``, and never partitioned (the scope's
  partitioner is switched off while they are made); a shard's slot carries the shard's slice of
  the slot's full checkpoint name (``emb/table/Adam``);
* a slot sits on its primary's device (TF1's ``colocate_with``).
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.graph import colocated
from scopelab.variables import SaveSliceInfo

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot"]


def _primary_name(primary: Any) -> str:
    if isinstance(primary, tf.Tensor):
        return primary.op.name
    return primary.name.split(":")[0]


def _make(primary: Any, name: str, initializer: Any, shape: Any, dtype: Any) -> Any:
    # TF1 colocates a slot with its primary: the slot takes the primary's device, whatever the
    # tf.device blocks (a replica_device_setter) say, and no device function is asked
    with colocated(getattr(primary, "device", "") or ""):
        slot = _make_in_scope(primary, name, initializer, shape, dtype)
    _share_slicing(primary, slot)
    return slot


def _make_in_scope(primary: Any, name: str, initializer: Any, shape: Any, dtype: Any) -> Any:
    scope = tf.get_variable_scope()
    partitioner = scope.partitioner
    scope.set_partitioner(None)
    try:
        with tf.variable_scope(None, default_name=f"{_primary_name(primary)}/{name}"):
            # get_variable("") names the variable like the scope, and its op exactly so (an
            # absolute name: the scope's own name scope already took "w/Adam")
            slot = tf.get_variable("", shape=shape, dtype=dtype, initializer=initializer,
                                   trainable=False)
    finally:
        scope.set_partitioner(partitioner)
    return slot


def _share_slicing(primary: Any, slot: Any) -> None:
    """A slot of a shard is a shard of the slot: ``emb/table/part_1/Adam`` is the slice
    ``[2:4]`` of the checkpoint entry ``emb/table/Adam`` (TF1's rule, kept as TF derives it)."""
    info = getattr(primary, "save_slice_info", None)
    if info is None:
        return
    real_slot_name = slot.name[len(_primary_name(primary) + "/"):-2]
    n = tf.TensorShape(slot.shape).ndims
    if n is None or n > 0:
        slot._set_save_slice_info(SaveSliceInfo(
            f"{info.full_name}/{real_slot_name}", info.full_shape[:n], info.var_offset[:n],
            info.var_shape[:n]))


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
