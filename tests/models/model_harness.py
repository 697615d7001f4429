"""Builds one corpus model with a ``tf`` module and observes what it built, as plain JSON data.

The same code serves TensorFlow (``record_tf.py``) and scopelab (``test_models_tf1.py``), so both
sides are observed through TF1's public API only: ``tf.global_variables()``, ``tf.get_collection``,
``optimizer.get_slot``, ``tensor.shape``, ``tf.Session`` and ``tf.assign``.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from corpus import Model

#: The graph collections every model's record lists (empty ones too, so an extra entry shows).
KNOWN_COLLECTIONS = ("variables", "trainable_variables", "local_variables", "model_variables",
                     "moving_average_variables", "global_step", "update_ops", "regularization_losses",
                     "losses", "summaries", "train_op")
#: Collections whose items are compared by name; in the others, op and tensor names are TF's internal
#: op names (``BatchNorm/AssignMovingAvg``) and only the number of entries is compared.
NAMED_COLLECTIONS = ("variables", "trainable_variables", "local_variables", "model_variables",
                     "moving_average_variables", "global_step", "summaries")


def _dtype_name(dtype: Any) -> str:
    return getattr(dtype, "base_dtype", dtype).name


def _shape(tensor: Any) -> list | None:
    shape = tensor.shape
    return None if shape.ndims is None else shape.as_list()


def build(tf: Any, py: Any, model: Model) -> dict:
    spec = model.build(tf, py)
    unknown = set(spec) - {"outputs", "values", "feeds", "optimizers", "collections"}
    if unknown:
        raise ValueError(f"model {model.name} returned unknown keys {sorted(unknown)}")
    return spec


def observe(tf: Any, spec: dict) -> dict:
    """Variables, collections, slot variables and output signatures of the built model."""
    trainable = {v.name for v in tf.trainable_variables()}
    variables = [[v.name, v.shape.as_list(), _dtype_name(v.dtype), v.name in trainable]
                 for v in tf.global_variables()]
    collections = {key: [getattr(item, "name", type(item).__name__) for item in tf.get_collection(key)]
                   for key in KNOWN_COLLECTIONS + tuple(spec.get("collections", ()))}
    slots = []
    for index, optimizer in enumerate(spec.get("optimizers", ())):
        for slot_name in sorted(optimizer.get_slot_names()):
            for var in tf.global_variables():
                slot = optimizer.get_slot(var, slot_name)
                if slot is not None:
                    slots.append([index, var.name, slot_name, slot.name])
    outputs = {key: {"name": t.name, "shape": _shape(t), "dtype": _dtype_name(t.dtype)}
               for key, t in spec["outputs"].items()}
    return {"variables": variables, "collections": collections, "slots": slots, "outputs": outputs}


def fixed_value(var: Any) -> np.ndarray:
    """The value every recorded model's variable is given before its outputs are computed: drawn
    from a NumPy generator seeded by the variable's name, so it does not depend on creation order."""
    rng = np.random.RandomState(zlib.crc32(var.name.encode()))
    shape = var.shape.as_list()
    dtype = np.dtype(_dtype_name(var.dtype))
    if dtype.kind in "iub":
        return np.zeros(shape, dtype)
    if "variance" in var.name:          # batch norm statistics must stay positive
        return rng.uniform(0.5, 1.5, shape).astype(dtype)
    return rng.uniform(-0.5, 0.5, shape).astype(dtype)


def compute_values(tf: Any, spec: dict, session_config: Any = None) -> dict:
    """The model's ``values`` outputs for its ``feeds``, after every variable was given ``fixed_value``."""
    if not spec.get("values"):
        return {}
    with tf.Session(config=session_config) as session:
        session.run(tf.global_variables_initializer())
        session.run([tf.assign(var, fixed_value(var)) for var in tf.global_variables()])
        fetched = session.run({key: spec["outputs"][key] for key in spec["values"]},
                              feed_dict=spec.get("feeds", {}))
    return {key: np.asarray(value).tolist() for key, value in fetched.items()}
