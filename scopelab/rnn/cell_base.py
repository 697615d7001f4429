"""``RNNCell``: the base of TF1's recurrent cells, with the variable-scope rules of a ``tf.layers``
layer, and ``LSTMStateTuple``.

Where a cell's variables go (TF1's rules, recorded in ``tests/rnn``):

* The first call opens the cell's own scope inside the current one, with a default name
  (``lstm_cell``, ``gru_cell``; ``name=`` replaces it). Default names are uniquified
  (``basic_rnn_cell_1``) unless the enclosing scope was re-entered by name, which TF counts
  afresh: a second new cell in ``dynamic_rnn``'s ``rnn`` scope therefore lands on
  ``rnn/lstm_cell`` again and fails with "already exists". (Cells made of cells, such as
  ``MultiRNNCell``, first re-enter the caller's scope as an object, so their default name is
  forgotten when the call ends; ``LayerRNNCell``s do not.)
* ``cell(x, state, scope="s")`` uses ``s`` itself as the cell's scope (``s/kernel``).
* ``reuse=True`` in the constructor opens the scope by its plain name (no uniquifying) with reuse.
* Once built, every later call reuses the captured scope, whatever scope the call is made in:
  one cell object always means one set of variables.

Variables are created inside ``build``, which runs once, at the first call, with the inputs' static
shape; a failing build leaves nothing behind (see ``scopelab.train._atomic``).
"""

from __future__ import annotations

import collections
import re
import weakref
from typing import Any

import scopelab as tf
from scopelab.graph import created_by
from scopelab.ops import nest
from scopelab.train._atomic import all_or_nothing

__all__ = ["RNNCell", "LayerRNNCell", "LSTMStateTuple", "assert_like_rnncell", "zero_state_tensors",
           "check_floating"]


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The state of an LSTM: memory ``c`` and output ``h`` (``state.c``, ``state.h``)."""

    __slots__ = ()

    @property
    def dtype(self) -> Any:
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype.name} vs {h.dtype.name}\n"
                            f"The memory c and the output h of an LSTM state need one dtype.")
        return c.dtype


def _to_snake_case(name: str) -> str:
    """``LSTMCell`` -> ``lstm_cell`` (Keras' rule, which TF1's layers used for default names)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


# Per-graph counters for layer names (``lstm_cell_1``, ``lstm_cell_2``: one-based, as TF1's
# layers): {store: (generation, {base name: count})}; a reset of the graph starts them again.
_layer_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _unique_layer_name(base: str) -> str:
    store = tf.get_default_store()
    generation = getattr(store, "generation", 0)
    found = _layer_names.get(store)
    if found is None or found[0] != generation:
        found = _layer_names[store] = (generation, {})
    counts = found[1]
    counts[base] = counts.get(base, 0) + 1
    return f"{base}_{counts[base]}"


def _public_name(cls: type) -> str:
    """``tf.nn.rnn_cell.LSTMCell`` for scopelab's cells, the class's own name for a user's."""
    return f"tf.nn.rnn_cell.{cls.__name__}" if cls.__module__.startswith("scopelab.") else \
        cls.__qualname__


def check_floating(values: Any) -> None:
    """TF1: "RNN cell only supports floating point inputs" for every input and state tensor
    (``values`` may also be a dtype: the one a cell is built for)."""
    for value in nest.flatten(values):
        dtype = getattr(value, "dtype", value)
        if dtype is None:
            continue
        dtype = tf.as_dtype(dtype).base_dtype
        if not (dtype.is_floating or dtype.is_complex):
            raise ValueError(
                f"RNN cell only supports floating point inputs, but saw dtype: {dtype.name}\n"
                f"Convert the input first: tf.cast(x, tf.float32) (token ids go through "
                f"tf.nn.embedding_lookup first).")


def assert_like_rnncell(cell_name: str, cell: Any) -> None:
    """TF1's duck-typing check of a cell argument (``TypeError`` naming what is missing)."""
    missing = []
    if not hasattr(cell, "output_size"):
        missing.append("'output_size' property is missing")
    if not hasattr(cell, "state_size"):
        missing.append("'state_size' property is missing")
    if not (hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state")):
        missing.append("either 'zero_state' or 'get_initial_state' method is required")
    if not callable(cell):
        missing.append("is not callable")
    if missing:
        raise TypeError(
            f"The argument {cell_name!r} ({cell}) is not an RNNCell: {', '.join(missing)}.\n"
            f"Pass a cell object such as tf.nn.rnn_cell.LSTMCell(num_units).")


def _static_batch(batch_size: Any) -> int | None:
    if isinstance(batch_size, int):
        return batch_size
    if tf.is_tensor(batch_size) and not getattr(batch_size, "is_symbolic", True):
        return int(batch_size)
    return None


def zero_state_tensors(state_size: Any, batch_size: Any, dtype: Any) -> Any:
    """Zeros shaped ``[batch_size, s]`` for every ``s`` in the (nested) ``state_size``."""
    static_batch = _static_batch(batch_size)

    def zeros_for(size: Any) -> Any:
        dims = tf.TensorShape(size).as_list()
        shape = [static_batch] + dims if static_batch is not None else [batch_size] + dims
        zeros = tf.zeros(shape, dtype=dtype)
        zeros.set_shape([static_batch] + dims)
        return zeros

    return nest.map_structure(zeros_for, state_size)


class RNNCell:
    """Abstract recurrent cell: ``output, new_state = cell(inputs, state)``.

    Subclasses define ``state_size``, ``output_size``, ``build(inputs_shape)`` (create variables
    with ``add_variable``) and ``call(inputs, state)``.
    """

    def __init__(self, trainable: bool = True, name: str | None = None, dtype: Any = None,
                 **kwargs: Any) -> None:
        reuse = kwargs.pop("_reuse", None)
        kwargs.pop("_scope", None)
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {sorted(kwargs)[0]!r}")
        if reuse is False:
            reuse = None
        self._reuse = reuse
        self.trainable = trainable
        self._dtype = None if dtype is None else tf.as_dtype(dtype)
        if name:
            self._name, self._base_name = name, name
        else:
            self._base_name = _to_snake_case(type(self).__name__)
            self._name = _unique_layer_name(self._base_name)
        self._scope: Any = None
        self._current_scope: Any = None
        self._rnncell_scope: Any = None
        self.built = False
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []

    # --- the interface subclasses provide ---------------------------------------------------------
    @property
    def state_size(self) -> Any:
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self) -> Any:
        raise NotImplementedError("Abstract method")

    def build(self, inputs_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, state: Any) -> Any:
        raise NotImplementedError("Abstract method")

    # --- layer surface ----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> Any:
        return self._dtype

    @property
    def scope_name(self) -> str:
        if self._scope is None:
            raise ValueError(
                f'No name available for layer scope because the layer "{self._name}" has not '
                f"been used yet. The scope name is determined the first time the layer instance "
                f"is called. You must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    @property
    def trainable_weights(self) -> list:
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def _track(self, variable: Any) -> None:
        trainable = getattr(variable, "trainable", True)
        if isinstance(variable, tf.PartitionedVariable):
            trainable = list(variable)[0].trainable
        bucket = self._trainable_weights if trainable else self._non_trainable_weights
        if all(variable is not v for v in bucket):
            bucket.append(variable)

    def _rnn_get_variable(self, getter: Any, *args: Any, **kwargs: Any) -> Any:
        """Custom getter around every ``get_variable`` in a call: tracks the cell's weights."""
        variable = getter(*args, **kwargs)
        self._track(variable)
        return variable

    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is None:
            if self._reuse:
                with tf.variable_scope(scope if scope is not None else self._base_name) as found:
                    self._scope = found
            else:
                with tf.variable_scope(scope, default_name=self._base_name) as found:
                    self._scope = found

    def add_weight(self, name: str, shape: Any, dtype: Any = None, initializer: Any = None,
                   regularizer: Any = None, trainable: bool | None = None,
                   constraint: Any = None, partitioner: Any = None, **kwargs: Any) -> Any:
        """Create (or, once built, reuse) the variable ``<cell scope>/<name>``."""
        for key in kwargs:
            if key not in ("use_resource", "getter", "experimental_autocast"):
                raise TypeError(f"Unknown keyword argument: {key}")
        trainable = True if trainable is None else trainable
        dtype = dtype or self._dtype or tf.float32
        self._set_scope(None)
        reuse = True if self.built else self._reuse
        with tf.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with tf.name_scope(scope.original_name_scope or None):
                if initializer is None:
                    initializer = scope.initializer
                variable = tf.get_variable(
                    name, shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    trainable=trainable and self.trainable, constraint=constraint,
                    partitioner=partitioner)
        self._track(variable)
        return variable

    add_variable = add_weight

    # --- calling ----------------------------------------------------------------------------------
    #: What the views show as the creator of the cell's variables (``tf.nn.rnn_cell.LSTMCell``);
    #: ``None``: :func:`~scopelab.layers._base.public_name`'s rule under ``tf.nn.rnn_cell``.
    _created_by: str | None = None

    def __call__(self, inputs: Any, state: Any, scope: Any = None, **kwargs: Any) -> Any:
        """Run one step: ``(output, new_state)``; creates the variables at the first call."""
        if scope is not None:
            with tf.variable_scope(scope, custom_getter=self._rnn_get_variable) as captured:
                return self._layer_call(inputs, state, captured, kwargs)
        if self._rnncell_scope is None:
            self._rnncell_scope = tf.get_variable_scope()
        with tf.variable_scope(self._rnncell_scope, custom_getter=self._rnn_get_variable):
            return self._layer_call(inputs, state, None, kwargs)

    def _layer_call(self, inputs: Any, state: Any, scope: Any, kwargs: dict) -> Any:
        """The variables made during the call record the cell's public name (a cell inside a
        ``MultiRNNCell`` labels its own: the innermost cell wins)."""
        with created_by(self._created_by or _public_name(type(self))):
            return self._labelled_call(inputs, state, scope, kwargs)

    def _labelled_call(self, inputs: Any, state: Any, scope: Any, kwargs: dict) -> Any:
        """TF1's ``tf.layers.Layer.__call__``: capture the scope once, build once, then call."""
        inputs = nest.map_structure(_as_tensor, inputs)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with tf.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as vs:
            self._current_scope = vs
            with tf.name_scope(vs.original_name_scope or None):
                if not self.built:
                    first = nest.flatten(inputs)[0]
                    if self._dtype is None and hasattr(first, "dtype"):
                        self._dtype = tf.as_dtype(first.dtype).base_dtype
                    shapes = nest.map_structure(lambda t: tf.TensorShape(t.shape), inputs)
                    with all_or_nothing():
                        self.build(shapes)
                    self.built = True
                    self._built_for = shapes
                try:
                    outputs = self.call(inputs, state, **kwargs)
                except ValueError as exc:
                    self._explain_rebuilt_inputs(exc, inputs)
                    raise
        tf.get_collection_ref(tf.GraphKeys.UPDATE_OPS)   # TF1's layers create the key
        return outputs

    def _explain_rebuilt_inputs(self, exc: ValueError, inputs: Any) -> None:
        """A built cell called on inputs of another depth fails in its matmul: say why."""
        built_for = getattr(self, "_built_for", None)
        now = nest.map_structure(lambda t: tf.TensorShape(t.shape), inputs)
        if built_for is None or str(nest.flatten(built_for)) == str(nest.flatten(now)):
            return
        exc.add_note(
            f"{type(self).__name__} {self._name!r} was built at its first call for inputs "
            f"shaped {nest.flatten(built_for)[0]} (scope {self._scope.name!r}); one cell object "
            f"keeps that one set of weights, so it cannot take inputs shaped "
            f"{nest.flatten(now)[0]}. Use a new cell for these inputs.")

    # --- initial state ----------------------------------------------------------------------------
    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Zeros of ``state_size`` for a batch: a tensor, an ``LSTMStateTuple`` or a tuple."""
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None,
                          dtype: Any = None) -> Any:
        if inputs is not None:
            inputs = _as_tensor(inputs)
            static = inputs.shape.as_list()[0] if inputs.shape.ndims else None
            if batch_size is not None and _static_batch(batch_size) != static:
                raise ValueError(
                    f"batch size from input tensor is different from the input param. Input "
                    f"tensor batch: {static}, batch_size: {batch_size}")
            if dtype is not None and inputs.dtype != tf.as_dtype(dtype):
                raise ValueError(
                    f"dtype from input tensor is different from the input param. Input tensor "
                    f"dtype: {inputs.dtype.name}, dtype: {tf.as_dtype(dtype).name}")
            batch_size = static if static is not None else tf.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(
                f"batch_size and dtype cannot be None while constructing initial state: "
                f"batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)

    def __repr__(self) -> str:
        return f"<tf.nn.rnn_cell.{type(self).__name__} {self._name!r}>"


class LayerRNNCell(RNNCell):
    """A cell that creates its variables in ``build`` (TF1's ``BasicRNNCell``, ``BasicLSTMCell``,
    ``LSTMCell``, ``GRUCell``): a call goes straight to the layer logic, without the extra
    re-entry of the caller's scope that ``RNNCell`` makes (so the cell's default scope name is
    counted in the caller's scope: a second new cell there gets ``basic_rnn_cell_1``)."""

    def __call__(self, inputs: Any, state: Any, scope: Any = None, **kwargs: Any) -> Any:
        return self._layer_call(inputs, state, scope, kwargs)


def _as_tensor(value: Any) -> Any:
    return value if tf.is_tensor(value) else tf.convert_to_tensor(value)
