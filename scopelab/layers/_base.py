"""``tf.layers.Layer``: how TF1's layers name, create and share their variables.

Model code above the core: a layer is ``variable_scope`` + ``get_variable`` + ops, as in TF1
(``tensorflow/python/layers/base.py``). The rules it reproduces:

* **Scope.** A layer built with ``name=`` captures ``variable_scope(name)`` when it is constructed
  (the string is used as is, so a second ``dense(..., name="fc")`` in the same scope collides unless
  ``reuse``). Without a name, the scope is captured on the first call with
  ``variable_scope(None, default_name=<snake_case class name>)``, uniquified per enclosing variable
  scope: ``dense``, ``dense_1``, ... (``reuse=True`` without a name shares ``dense`` instead).
* **Ops** go to the captured scope's ``original_name_scope``: a layer object called twice puts its
  ops in ``dense/`` both times (``dense/BiasAdd``, ``dense/BiasAdd_1``) and shares its variables,
  because every call after the first re-enters the captured scope with ``reuse=True``.
* **Variables** are created by :func:`make_variable`, the one place where a layer calls
  ``get_variable``; ``trainable=False`` layers make non-trainable variables. A new variable gets
  the enclosing scope's regularizer loss from ``get_variable`` and, on top of it, the layer's own
  (``kernel_regularizer``): two losses when both are set, none on reuse.
* **Updates** (batch norm's moving averages) are added to ``UPDATE_OPS`` after each call.
* ``layer.name`` of an unnamed layer is unique per graph and counts from 1 (``dense_1``,
  ``dense_2``, ... across scopes), while its variables follow the variable scope (``dense/kernel``):
  the first ``tf.layers.Dense`` is named ``dense_1`` and makes ``dense/kernel``.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import scopelab as tf
from scopelab import scope as _scope
from scopelab.graph import created_by as _created_by
from scopelab.graph import current_frame as _current_frame
from scopelab._arguments import check_loss
from scopelab.keys import GraphKeys
from scopelab.regularizers import op_label
from scopelab.variables import RegularizationLoss

__all__ = ["Layer", "InputSpec", "make_variable", "public_name", "to_snake_case",
           "unique_layer_name", "nest_flatten"]


def make_variable(name: str, shape: Any, *, created_by: str, **kwargs: Any) -> Any:
    """The one place model code of ``scopelab.layers`` / ``scopelab.contrib`` creates (or reuses) a
    variable: ``tf.get_variable`` in the current scope. ``created_by`` names the public function or
    class responsible (``tf.layers.dense``, ``tf.contrib.layers.batch_norm``): a new variable
    records it (``Variable.created_by``) and the views show it."""
    with _created_by(created_by):
        return _scope.get_variable(name, shape, **kwargs)


def _weight_losses(weight_name: str, variable: Any, regularizer: Any) -> list:
    """A layer's own regularizer losses for a new weight, one per shard, named
    ``<layer>/<weight>/Regularizer/<regularizer>`` in the layer's name scope, as TF1's layers name
    them (a loss in ``REGULARIZATION_LOSSES`` on top of the scope regularizer's, if any)."""
    losses = []
    shards = list(variable) if isinstance(variable, tf.PartitionedVariable) else [variable]
    for shard in shards:
        with tf.name_scope(f"{weight_name}/Regularizer") as prefix:
            result = regularizer(shard)
            if result is None:
                continue
            if isinstance(result, tf.Tensor):        # a symbolic loss is already named
                losses.append(result)
                continue
            check_loss(result, shard.full_name)
            loss = RegularizationLoss(shard, regularizer, f"{prefix}{op_label(regularizer)}:0")
            loss.device_stack = _current_frame().device   # TF1 builds it here, not on the shard
            losses.append(loss)
    return losses


def public_name(cls: type, namespace: str) -> str:
    """How the views name a class that creates variables: ``tf.layers.Dense`` for scopelab's own
    (``namespace`` + class name), the class's own name for a user's subclass (``MyLayer``)."""
    if cls.__module__.startswith("scopelab."):
        return f"{namespace}.{cls.__name__}"
    return cls.__qualname__


def to_snake_case(name: str) -> str:
    """``Conv2DTranspose`` -> ``conv2d_transpose``, ``BatchNormalization`` -> ``batch_normalization``."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


# Per-graph counters of layer names: {store: (generation, {base_name: count})}.
_name_uids: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def unique_layer_name(base: str, zero_based: bool = False) -> str:
    """``base_1``, ``base_2``, ... per graph (TF1's ``unique_object_name``, one-based for layers).

    ``tf.keras`` layers count from zero (``dense``, ``dense_1``, ...) on the same per-graph counter,
    as TF1 does: a ``tf.keras.layers.Dense``, then a ``tf.layers.Dense`` (``dense_2``), then a
    Keras one (``dense_2`` again)."""
    store = tf.get_default_store()
    generation = getattr(store, "generation", 0)
    found = _name_uids.get(store)
    if found is None or found[0] != generation:
        found = _name_uids[store] = (generation, {})
    counts = found[1]
    if zero_based:
        number = counts.get(base, 0)
        counts[base] = number + 1
        return f"{base}_{number}" if number else base
    number = counts.get(base, 0) + 1
    counts[base] = number
    return f"{base}_{number}"


def nest_flatten(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return [item for part in value for item in nest_flatten(part)]
    if isinstance(value, dict):
        return [item for key in sorted(value) for item in nest_flatten(value[key])]
    return [value]


class InputSpec:
    """What a layer accepts: ``ndim``, ``min_ndim``, ``max_ndim`` and known ``axes`` sizes."""

    def __init__(self, dtype: Any = None, shape: Any = None, ndim: int | None = None,
                 max_ndim: int | None = None, min_ndim: int | None = None,
                 axes: dict | None = None) -> None:
        self.dtype, self.shape, self.ndim = dtype, shape, ndim
        self.max_ndim, self.min_ndim, self.axes = max_ndim, min_ndim, dict(axes or {})

    def check(self, layer_name: str, shape: Any) -> None:
        rank = shape.ndims
        where = f"Input 0 of layer {layer_name} is incompatible with the layer: "
        if rank is None:
            return
        if self.ndim is not None and rank != self.ndim:
            raise ValueError(f"{where}expected ndim={self.ndim}, found ndim={rank}. "
                             f"Full shape received: {shape.as_list()}")
        if self.min_ndim is not None and rank < self.min_ndim:
            raise ValueError(f"{where}expected min_ndim={self.min_ndim}, found ndim={rank}. "
                             f"Full shape received: {shape.as_list()}")
        if self.max_ndim is not None and rank > self.max_ndim:
            raise ValueError(f"{where}expected max_ndim={self.max_ndim}, found ndim={rank}. "
                             f"Full shape received: {shape.as_list()}")
        for axis, size in self.axes.items():
            got = shape.as_list()[axis]
            if size is not None and got is not None and got != size:
                raise ValueError(f"{where}expected axis {axis} of input shape to have value {size} "
                                 f"but received input with shape {shape.as_list()}. The layer was "
                                 f"built for inputs whose axis {axis} is {size}: feed such inputs, "
                                 f"or build a new layer for these.")


class Layer:
    """Base class of ``tf.layers``: scope capture, variable sharing, updates (see the module doc)."""

    #: The public spelling shown as a variable's creator, e.g. ``tf.layers.Dense``.
    _created_by: str | None = None

    def __init__(self, trainable: bool = True, name: Any = None, dtype: Any = None,
                 **kwargs: Any) -> None:
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._activity_regularizer = kwargs.pop("activity_regularizer", None)
        for key in kwargs:
            raise TypeError("Keyword argument not understood:", key)
        self.trainable = trainable
        self.built = False
        self.input_spec: InputSpec | None = None
        self._dtype = None if dtype is None else tf.as_dtype(dtype)
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._updates: list = []
        self._losses: list = []
        self._init_set_name(name)
        if scope:
            with tf.variable_scope(scope) as captured:
                self._scope = captured
        else:
            self._scope = None
        self._current_scope = None

    # --- names and scope ------------------------------------------------------------------------
    def _init_set_name(self, name: Any) -> None:
        generic = to_snake_case(type(self).__name__)
        if isinstance(name, tf.VariableScope):
            self._name, self._base_name = unique_layer_name(generic), name.name
        elif name:
            self._name = self._base_name = name
        else:
            self._name, self._base_name = unique_layer_name(generic), generic

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> Any:
        return self._dtype

    @property
    def scope_name(self) -> str:
        if self._scope is None:
            raise ValueError(f'No name available for layer scope because the layer "{self._name}" '
                             f"has not been used yet. The scope name is determined the first time "
                             f"the layer instance is called. You must therefore call the layer "
                             f"before querying `scope_name`.")
        return self._scope.name

    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is not None:
            return
        if self._reuse:
            with tf.variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with tf.variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    def _name_scope(self) -> str:
        return self._current_scope.original_name_scope

    # --- weights ----------------------------------------------------------------------------------
    @property
    def trainable_weights(self) -> list:
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    # The rest read the two lists above through ``self``, so a subclass that collects its weights
    # differently (a Keras model, a Bidirectional wrapper) overrides only those two.
    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    @property
    def trainable_variables(self) -> list:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list:
        return self.non_trainable_weights

    @property
    def variables(self) -> list:
        return self.weights

    @property
    def updates(self) -> list:
        return list(self._updates)

    @property
    def losses(self) -> list:
        return list(self._losses)

    def add_update(self, updates: Any, inputs: Any = None) -> None:
        for update in nest_flatten(updates):
            if update is not None and all(update is not u for u in self._updates):
                self._updates.append(update)

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        new = [loss for loss in nest_flatten(losses) if loss is not None]
        self._losses.extend(new)
        for loss in new:
            if all(loss is not item for item in tf.get_collection(GraphKeys.REGULARIZATION_LOSSES)):
                tf.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def add_weight(self, name: str, shape: Any, dtype: Any = None, initializer: Any = None,
                   regularizer: Any = None, trainable: bool | None = None, constraint: Any = None,
                   partitioner: Any = None, **kwargs: Any) -> Any:
        """Create (or, when built or reusing, get) ``<layer scope>/<name>`` with ``get_variable``."""
        synchronization = kwargs.pop("synchronization", None)
        kwargs.pop("aggregation", None)
        kwargs.pop("use_resource", None)
        kwargs.pop("experimental_autocast", None)
        for key in kwargs:
            raise TypeError("Unknown keyword argument:", key)
        if synchronization == tf.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                                 "only for non-trainable variables. You have specified trainable=True "
                                 "and synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        dtype = tf.as_dtype(dtype or self._dtype or tf.float32)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with tf.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with tf.name_scope(self._name_scope()):
                if initializer is None:
                    initializer = scope.initializer
                # TF1: get_variable applies the enclosing scope's regularizer (if any) and the layer
                # adds its own as a second loss, both for a new variable only, never on reuse.
                made = tf.get_collection_ref(GraphKeys.GLOBAL_VARIABLES)
                before = len(made)
                with tf.get_default_store().atomic():   # a failing regularizer leaves nothing
                    variable = make_variable(
                        name, shape, created_by=self._created_by or public_name(type(self), "tf.layers"),
                        dtype=dtype, initializer=initializer, trainable=trainable and self.trainable,
                        constraint=constraint, partitioner=partitioner)
                    first = next(iter(variable)) if isinstance(variable, tf.PartitionedVariable) else variable
                    is_new = any(first is v for v in made[before:])
                    losses = _weight_losses(name, variable, regularizer) if regularizer and is_new else []
                self.add_loss(losses)
        tracked = self._trainable_weights if trainable and self.trainable else self._non_trainable_weights
        if all(variable is not w for w in self._trainable_weights + self._non_trainable_weights):
            tracked.append(variable)
        return variable

    add_variable = add_weight     # TF1's older spelling, still used by custom layers

    # --- calling ----------------------------------------------------------------------------------
    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.compute_output_shape")

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return self.__call__(inputs, *args, **kwargs)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with tf.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as current:
            self._current_scope = current
            with tf.name_scope(self._name_scope()):
                inputs = _convert_inputs(inputs)
                first = nest_flatten(inputs)[0]
                if not self.built:
                    if self._dtype is None:
                        self._dtype = first.dtype.base_dtype
                    input_shapes = (first.shape if not isinstance(inputs, (list, tuple))
                                    else [t.shape for t in nest_flatten(inputs)])
                    self.build(input_shapes)
                    self.built = True
                if self.input_spec is not None:
                    self.input_spec.check(self._name, first.shape)
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    with tf.name_scope("ActivityRegularizer"):
                        for output in nest_flatten(outputs):
                            self.add_loss(self._activity_regularizer(output))
        for update in self._updates:
            if all(update is not item for item in tf.get_collection(GraphKeys.UPDATE_OPS)):
                tf.add_to_collection(GraphKeys.UPDATE_OPS, update)
        return outputs

    def __repr__(self) -> str:
        return f"<tf.layers.{type(self).__name__} {self._name!r}>"


def _convert_inputs(inputs: Any) -> Any:
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(_convert_inputs(item) for item in inputs)
    return tf.convert_to_tensor(inputs)
