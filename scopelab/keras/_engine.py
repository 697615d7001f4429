"""``tf.keras.layers.Layer`` as TF1 graph mode's Keras builds it, over ``tf.layers``' classes.

The Keras rules this base class reproduces (recorded with TF 2.15's Keras 2.15 in graph mode,
``tests/models/tf1_models.json``; TF 1.15's Keras 2.2.4-tf names variables the same way):

* **Names.** An unnamed layer is ``dense``, ``dense_1``, ... counted from zero per graph, on the
  same counter as ``tf.layers`` (which counts from one): Keras ``dense``, ``tf.layers`` ``dense_1``,
  then Keras ``dense_2``. A named layer keeps its name and does not move the counter.
* **Scopes.** Every call enters ``name_scope(layer.name)``, uniquified by the graph: a layer called
  twice puts its ops in ``dense/`` then ``dense_1/``. Variable scopes play no part: ``reuse=True``
  shares nothing, and ``get_variable`` neither sees nor reuses Keras weights.
* **Weights** are ``tf.Variable`` objects made on the first call, inside that call's name scope
  (``foo/dense/kernel:0`` under ``variable_scope("foo")``); later calls share them. They go to
  ``GLOBAL_VARIABLES`` (and ``TRAINABLE_VARIABLES`` when trainable).
* **Losses and updates** stay on the layer: weight regularizers are evaluated when ``layer.losses``
  is read (new ops each time, as Keras does), activity regularizer losses (divided by the batch
  size) are made per call; nothing goes to ``REGULARIZATION_LOSSES``, and batch norm's moving
  average updates are in ``layer.updates`` but not in ``UPDATE_OPS``.
* **Masks.** A layer's outputs carry ``_keras_mask`` when ``compute_mask`` gives one: made by
  ``Embedding(mask_zero=True)`` and ``Masking``, passed on by the layers that ``supports_masking``
  (step-wise: ``Dense``, ``Dropout``, activations ...), dropped by the others (``Flatten``,
  ``Conv1D`` ...). A layer whose ``call`` takes ``mask`` gets the inputs' masks unless given one.
* **History.** Each call is recorded as a node (inputs, outputs, arguments), which is how
  ``tf.keras.Model(inputs, outputs)`` finds its layers and replays them on new inputs.
"""

from __future__ import annotations

import inspect
import itertools
import weakref
from typing import Any

import scopelab as tf
from scopelab.graph import created_by as _created_by
from scopelab.keras import initializers as _initializers
from scopelab.keras import regularizers as _regularizers
from scopelab.layers import _base

__all__ = ["Layer", "Node", "history_of", "public_name", "nest_flatten", "mask_of", "input_masks"]

nest_flatten = _base.nest_flatten

# Keras tensors: every output of a layer call -> (layer, node, index in the node's outputs).
_HISTORY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_serials = itertools.count()


def history_of(tensor: Any) -> tuple | None:
    try:
        return _HISTORY.get(tensor)
    except TypeError:
        return None


def public_name(cls: type) -> str:
    return _base.public_name(cls, "tf.keras.layers")


class Node:
    """One call of a layer: what went in, what came out, with which extra arguments."""

    def __init__(self, layer: Any, inputs: Any, outputs: Any, args: tuple, kwargs: dict) -> None:
        self.layer, self.inputs, self.outputs = layer, inputs, outputs
        self.args, self.kwargs = args, kwargs
        self.serial = next(_serials)
        for index, tensor in enumerate(nest_flatten(outputs)):
            if isinstance(tensor, tf.Tensor):
                _HISTORY[tensor] = (layer, self, index)


_KERAS_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim", "input_length",
                 "weights", "dynamic", "autocast")


class Layer(_base.Layer):
    """Base class of ``tf.keras.layers`` (see the module doc). User subclasses define ``build``
    (with ``add_weight``) and ``call``, as with Keras."""

    #: Whether the input's mask passes to the outputs (``compute_mask``); Keras's per-class choice.
    supports_masking = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras_args = {key: kwargs.pop(key) for key in _KERAS_KWARGS if key in kwargs}
        if keras_args.get("weights") is not None:
            raise NotImplementedError("tf.keras layers' weights= argument is not implemented by scopelab; "
                                      "assign the values after building (tf.assign or variable.load).")
        self._batch_input_shape = _batch_input_shape(keras_args)
        self._weight_regularizers: list = []
        self._activity_losses: list = []
        self._inbound_nodes: list = []
        self._keras_name_scopes: list = []
        super().__init__(*args, **kwargs)

    # --- names ----------------------------------------------------------------------------------
    def _init_set_name(self, name: Any) -> None:
        if name:
            if not isinstance(name, str):
                raise TypeError(f"A tf.keras layer's name must be a string, got {name!r}.")
            self._name = self._base_name = name
        else:
            generic = _base.to_snake_case(type(self).__name__)
            self._name, self._base_name = _base.unique_layer_name(generic, zero_based=True), generic

    @property
    def scope_name(self) -> str:
        raise AttributeError("tf.keras layers have no variable scope: their weights are named by the "
                             "name scope of their first call (see layer.weights).")

    # --- weights ----------------------------------------------------------------------------------
    def add_weight(self, name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                   regularizer: Any = None, trainable: bool | None = None, constraint: Any = None,
                   partitioner: Any = None, **kwargs: Any) -> Any:
        """A ``tf.Variable`` named ``<name scope>/<name>``, made in the current call's name scope."""
        synchronization = kwargs.pop("synchronization", None)
        for key in ("aggregation", "use_resource", "experimental_autocast", "getter"):
            kwargs.pop(key, None)
        for key in kwargs:
            raise TypeError("Unknown keyword argument:", key)
        if partitioner is not None:
            raise NotImplementedError("tf.keras add_weight(partitioner=...) is not implemented by scopelab; "
                                      "use tf.get_variable with a partitioner.")
        if synchronization == tf.VariableSynchronization.ON_READ:
            trainable = False
        elif trainable is None:
            trainable = True
        dtype = tf.as_dtype(dtype or self._dtype or tf.float32)
        init = _initializers.get(initializer)
        if init is None:
            init = _initializers.GlorotUniform() if dtype.is_floating else _initializers.Zeros()
        shape = tf.TensorShape(shape or []).as_list()
        with _created_by(self._created_by or public_name(type(self))):
            variable = tf.Variable(lambda: init(shape, dtype=dtype), name=name, dtype=dtype,
                                   trainable=bool(trainable and self.trainable), constraint=constraint)
        regularizer = _regularizers.get(regularizer)
        if regularizer is not None:
            self._weight_regularizers.append((name, variable, regularizer))
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        return variable

    add_variable = add_weight

    # --- losses -----------------------------------------------------------------------------------
    @property
    def losses(self) -> list:
        """Activity losses of the calls so far, and each weight regularizer's loss built now (new
        ops on every read, under ``<layer>/<weight>/Regularizer``, as TF1 Keras does)."""
        found = list(self._activity_losses) + list(self._losses)
        for name, variable, regularizer in self._weight_regularizers:
            with tf.name_scope(f"{self._name}/{name}/Regularizer"):
                found.append(regularizer(variable))
        return found

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        """Keeps the losses on the layer (TF1 Keras puts none in ``REGULARIZATION_LOSSES``)."""
        for loss in nest_flatten(losses):
            if loss is None:
                continue
            if callable(loss) and not isinstance(loss, tf.Tensor):
                loss = loss()
            self._losses.append(loss)

    # --- calling ----------------------------------------------------------------------------------
    def _accepts(self, argument: str) -> bool:
        try:
            return argument in inspect.signature(self.call).parameters
        except (TypeError, ValueError):
            return False

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if "training" in kwargs and not self._accepts("training"):
            kwargs.pop("training")
        recorded = dict(kwargs)         # the node keeps what the caller gave, not the found mask
        previous_mask = kwargs["mask"] if "mask" in kwargs else input_masks(inputs)
        if self._accepts("mask"):
            kwargs["mask"] = previous_mask
        else:
            kwargs.pop("mask", None)
        with tf.name_scope(self._name) as scope:
            self._keras_name_scopes.append(scope)
            inputs = _base._convert_inputs(inputs)
            flat = nest_flatten(inputs)
            if not self.built:
                if self._dtype is None and flat and isinstance(flat[0], tf.Tensor) and flat[0].dtype.is_floating:
                    self._dtype = flat[0].dtype.base_dtype
                shapes = (flat[0].shape if not isinstance(inputs, (list, tuple))
                          else [t.shape for t in flat])
                self.build(shapes)
                self.built = True
            if self.input_spec is not None and flat:
                self.input_spec.check(self._name, flat[0].shape)
            outputs = self.call(inputs, *args, **kwargs)
            if self._activity_regularizer is not None:
                regularizer = _regularizers.get(self._activity_regularizer)
                with tf.name_scope("ActivityRegularizer"):
                    for output in nest_flatten(outputs):
                        batch = tf.cast(tf.shape(output)[0], output.dtype.base_dtype)
                        self._activity_losses.append(regularizer(output) / batch)
            if not all(mask_of(t) is not None for t in nest_flatten(outputs)):     # else made by call
                _set_masks(outputs, self.compute_mask(inputs, previous_mask))
        self._inbound_nodes.append(Node(self, inputs, outputs, args, recorded))
        return outputs

    # --- masks ------------------------------------------------------------------------------------
    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The mask of the outputs: the input's when the layer ``supports_masking`` (it works
        step by step), else none (Keras drops a mask at a layer that does not support it)."""
        return mask if self.supports_masking else None

    def count_params(self) -> int:
        total = 0
        for weight in self.weights:
            size = 1
            for dim in weight.shape.as_list():
                size *= int(dim)
            total += size
        return total

    def get_weights(self) -> list:
        raise NotImplementedError("layer.get_weights() is not implemented by scopelab: run the weights in a "
                                  "tf.Session (sess.run(layer.weights)).")

    def get_config(self) -> dict:
        return {"name": self._name, "trainable": self.trainable}

    @property
    def input(self) -> Any:
        return self._node_tensors("inputs", "input")

    @property
    def output(self) -> Any:
        return self._node_tensors("outputs", "output")

    def _node_tensors(self, which: str, label: str) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self._name} is not connected, no {label} to return.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(f"Layer {self._name} has multiple inbound nodes, hence the notion of "
                                 f"\"layer {label}\" is ill-defined. Use `get_{label}_at(node_index)` instead.")
        return getattr(self._inbound_nodes[0], which)

    def get_output_at(self, node_index: int) -> Any:
        return self._inbound_nodes[node_index].outputs

    def get_input_at(self, node_index: int) -> Any:
        return self._inbound_nodes[node_index].inputs

    @property
    def output_shape(self) -> Any:
        shapes = [tuple(t.shape.as_list()) for t in nest_flatten(self.output)]
        return shapes[0] if len(shapes) == 1 else shapes

    def __repr__(self) -> str:
        return f"<tf.keras.layers.{type(self).__name__} {self._name!r}>"


def mask_of(tensor: Any) -> Any:
    """The mask a Keras layer gave ``tensor`` (``tensor._keras_mask``), or ``None``."""
    return getattr(tensor, "_keras_mask", None)


def input_masks(inputs: Any) -> Any:
    """The inputs' masks in the inputs' structure (a list for a list), or ``None`` if none has one."""
    flat = nest_flatten(inputs)
    masks = [mask_of(t) for t in flat]
    if all(m is None for m in masks):
        return None
    return masks if isinstance(inputs, (list, tuple)) else masks[0]


def _set_masks(outputs: Any, masks: Any) -> None:
    if masks is None:
        return
    flat = nest_flatten(outputs)
    flat_masks = masks if isinstance(masks, (list, tuple)) else [masks]
    for tensor, mask in zip(flat, flat_masks):
        if mask is not None and isinstance(tensor, tf.Tensor):
            tensor._keras_mask = mask


def _batch_input_shape(keras_args: dict) -> tuple | None:
    if keras_args.get("batch_input_shape") is not None:
        return tuple(keras_args["batch_input_shape"])
    shape = keras_args.get("input_shape")
    if shape is None and keras_args.get("input_dim") is not None:
        length = keras_args.get("input_length")
        shape = (length, keras_args["input_dim"]) if length is not None else (keras_args["input_dim"],)
    if shape is None:
        return None
    return (keras_args.get("batch_size"),) + tuple(shape)
