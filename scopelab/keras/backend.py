"""``tf.keras.backend`` in TF1 graph mode: the learning phase, per-graph uids and the small helpers
TF1-era model code called (``K.int_shape``, ``K.concatenate``, ``K.floatx`` ...).

The learning phase is TF1 Keras's: one ``keras_learning_phase`` placeholder per graph, made at the
root name scope, defaulting to ``False`` (inference), unless ``set_learning_phase`` fixed it to a
Python 0 or 1. Layers whose ``training`` argument is left ``None`` (``Dropout``,
``BatchNormalization``) read it, so their outputs come out of a ``cond``.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

import scopelab as tf

__all__ = ["learning_phase", "set_learning_phase", "get_uid", "reset_uids", "clear_session", "floatx",
           "set_floatx", "epsilon", "set_epsilon", "image_data_format", "set_image_data_format",
           "int_shape", "ndim", "dtype", "shape", "placeholder", "variable", "constant", "zeros", "ones",
           "concatenate", "reshape", "expand_dims", "squeeze", "transpose", "cast", "stack", "dot",
           "mean", "sum", "max", "min", "sqrt", "square", "exp", "log", "abs", "relu", "sigmoid", "tanh",
           "softmax", "get_session", "is_keras_tensor", "name_scope", "get_graph"]

# Per graph (a store, dropped with its generation on reset_default_graph): the learning phase tensor,
# the value set_learning_phase gave, and get_uid's counters.
_per_graph: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_settings = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def _state() -> dict:
    store = tf.get_default_store()
    generation = getattr(store, "generation", 0)
    found = _per_graph.get(store)
    if found is None or found[0] != generation:
        found = _per_graph[store] = (generation, {"phase": None, "fixed": None, "uids": {}})
    return found[1]


def learning_phase() -> Any:
    """The graph's ``keras_learning_phase`` (a bool placeholder with default ``False``), or the
    Python int that ``set_learning_phase`` fixed."""
    state = _state()
    if state["fixed"] is not None:
        return state["fixed"]
    if state["phase"] is None:
        with tf.name_scope(""):
            state["phase"] = tf.placeholder_with_default(False, shape=(), name="keras_learning_phase")
    return state["phase"]


def set_learning_phase(value: int) -> None:
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _state()["fixed"] = value


def get_uid(prefix: str = "") -> int:
    """1, 2, ... per ``prefix`` and graph (how ``tf.keras.Input`` names ``input_1``, ``input_2``)."""
    uids = _state()["uids"]
    uids[prefix] = uids.get(prefix, 0) + 1
    return uids[prefix]


def reset_uids() -> None:
    _state()["uids"].clear()


def clear_session() -> None:
    """A fresh default graph: its layer names count from the start again."""
    tf.reset_default_graph()


def get_graph() -> Any:
    return tf.get_default_graph()


def get_session() -> Any:
    raise NotImplementedError("tf.keras.backend.get_session is not implemented by scopelab: open a "
                              "tf.Session() and run the tensors there.")


def name_scope(name: str) -> Any:
    return tf.name_scope(name)


def floatx() -> str:
    return _settings["floatx"]


def set_floatx(value: str) -> None:
    _settings["floatx"] = str(tf.as_dtype(value).name)


def epsilon() -> float:
    return float(_settings["epsilon"])


def set_epsilon(value: float) -> None:
    _settings["epsilon"] = float(value)


def image_data_format() -> str:
    return str(_settings["image_data_format"])


def set_image_data_format(value: str) -> None:
    if value not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {value!r}; use 'channels_last' or 'channels_first'.")
    _settings["image_data_format"] = value


def is_keras_tensor(x: Any) -> bool:
    from scopelab.keras._engine import history_of
    return history_of(x) is not None


def int_shape(x: Any) -> tuple | None:
    shape = tf.convert_to_tensor(x).shape
    return None if shape.ndims is None else tuple(shape.as_list())


def ndim(x: Any) -> int | None:
    return tf.convert_to_tensor(x).shape.ndims


def dtype(x: Any) -> str:
    return str(tf.convert_to_tensor(x).dtype.base_dtype.name)


def shape(x: Any) -> Any:
    return tf.shape(x)


def placeholder(shape: Any = None, ndim: int | None = None, dtype: Any = None, sparse: bool = False,
                name: str | None = None) -> Any:
    if sparse:
        raise NotImplementedError("tf.keras.backend.placeholder(sparse=True) is not implemented by scopelab.")
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    return tf.placeholder(dtype or floatx(), shape, name=name)


def variable(value: Any, dtype: Any = None, name: str | None = None, constraint: Any = None) -> Any:
    return tf.Variable(np.asarray(value, dtype=tf.as_dtype(dtype or floatx()).as_numpy_dtype),
                       name=name, constraint=constraint)


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str | None = None) -> Any:
    return tf.constant(value, dtype=dtype or floatx(), shape=shape, name=name)


def zeros(shape: Any, dtype: Any = None, name: str | None = None) -> Any:
    return tf.zeros(shape, dtype=dtype or floatx(), name=name)


def ones(shape: Any, dtype: Any = None, name: str | None = None) -> Any:
    return tf.ones(shape, dtype=dtype or floatx(), name=name)


def concatenate(tensors: list, axis: int = -1) -> Any:
    return tf.concat(list(tensors), axis)


def reshape(x: Any, shape: Any) -> Any:
    return tf.reshape(x, shape)


def expand_dims(x: Any, axis: int = -1) -> Any:
    return tf.expand_dims(x, axis)


def squeeze(x: Any, axis: int) -> Any:
    return tf.squeeze(x, [axis])


def transpose(x: Any) -> Any:
    return tf.transpose(x)


def cast(x: Any, dtype: Any) -> Any:
    return tf.cast(x, dtype)


def stack(x: list, axis: int = 0) -> Any:
    return tf.stack(list(x), axis=axis)


def dot(x: Any, y: Any) -> Any:
    return tf.matmul(x, y)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return tf.reduce_mean(x, axis, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001 - Keras's name
    return tf.reduce_sum(x, axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001 - Keras's name
    return tf.reduce_max(x, axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001 - Keras's name
    return tf.reduce_min(x, axis, keepdims=keepdims)


def sqrt(x: Any) -> Any:
    return tf.sqrt(x)


def square(x: Any) -> Any:
    return tf.square(x)


def exp(x: Any) -> Any:
    return tf.exp(x)


def log(x: Any) -> Any:
    return tf.log(x)


def abs(x: Any) -> Any:  # noqa: A001 - Keras's name
    return tf.abs(x)


def relu(x: Any, alpha: float = 0.0, max_value: float | None = None) -> Any:
    if alpha or max_value is not None:
        raise NotImplementedError("tf.keras.backend.relu with alpha or max_value is not implemented by "
                                  "scopelab; use tf.nn.leaky_relu or tf.minimum(tf.nn.relu(x), max_value).")
    return tf.nn.relu(x)


def sigmoid(x: Any) -> Any:
    return tf.nn.sigmoid(x)


def tanh(x: Any) -> Any:
    return tf.nn.tanh(x)


def softmax(x: Any, axis: int = -1) -> Any:
    return tf.nn.softmax(x, axis=axis)
