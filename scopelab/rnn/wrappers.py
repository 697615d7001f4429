"""Cells made of cells: ``MultiRNNCell`` (stacked layers) and the wrappers ``DropoutWrapper``,
``ResidualWrapper`` and ``DeviceWrapper``.

``MultiRNNCell`` is a cell with its own scope (``multi_rnn_cell``) and calls layer ``i`` inside
``cell_<i>``: ``rnn/multi_rnn_cell/cell_0/lstm_cell/kernel``. The wrappers add no scope and no
variable: the wrapped cell's variables keep their names (``rnn/lstm_cell/kernel`` with or without
dropout), as in TF1.
"""

from __future__ import annotations

import hashlib
import numbers
from typing import Any

import scopelab as tf
from scopelab.ops import nest
from scopelab.rnn.cell_base import LSTMStateTuple, RNNCell, assert_like_rnncell

__all__ = ["MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper"]


class MultiRNNCell(RNNCell):
    """Layers of cells run in order; the state is a tuple with one entry per layer."""

    def __init__(self, cells: Any, state_is_tuple: bool = True) -> None:
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_sequence(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_sequence(c.state_size) for c in self._cells):
            raise ValueError(
                f"Some cells return tuples of states, but the flag state_is_tuple is not set.  "
                f"State sizes are: {[c.state_size for c in self._cells]}")

    @property
    def state_size(self) -> Any:
        sizes = tuple(cell.state_size for cell in self._cells)
        return sizes if self._state_is_tuple else sum(sizes)

    @property
    def output_size(self) -> Any:
        return self._cells[-1].output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    def call(self, inputs: Any, state: Any) -> Any:
        position = 0
        current = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with tf.variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not nest.is_sequence(state):
                        raise ValueError(
                            f"Expected state to be a tuple of length {len(self.state_size)}, but "
                            f"received: {state}")
                    layer_state = state[i]
                else:
                    layer_state = tf.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                current, new_state = cell(current, layer_state)
                new_states.append(new_state)
        return current, (tuple(new_states) if self._state_is_tuple
                         else tf.concat(new_states, 1))


class _Wrapper(RNNCell):
    """A cell around ``cell`` that adds no scope: calls go straight to the wrapped cell."""

    def __init__(self, cell: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    @property
    def wrapped_cell(self) -> Any:
        return self.cell

    @property
    def state_size(self) -> Any:
        return self.cell.state_size

    @property
    def output_size(self) -> Any:
        return self.cell.output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> Any:
        return self._call_wrapped_cell(inputs, state, scope)

    def _call_wrapped_cell(self, inputs: Any, state: Any, scope: Any) -> Any:
        raise NotImplementedError


def _keeps_everything(prob: Any) -> bool:
    return isinstance(prob, float) and prob == 1.0


def _lstm_c_untouched(substate: Any) -> Any:
    """TF1's default: drop the LSTM output ``h`` of a state, never its memory ``c``."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


class DropoutWrapper(_Wrapper):
    """Dropout on a cell's inputs, outputs and (``state_keep_prob``) state.

    Keep probabilities may be floats or scalar tensors (a ``keep_prob`` placeholder fed 1.0 at
    evaluation). ``variational_recurrent=True`` draws one mask per sequence (Gal & Ghahramani) and
    needs ``dtype`` (and ``input_size`` when ``input_keep_prob < 1``).
    """

    def __init__(self, cell: Any, input_keep_prob: Any = 1.0, output_keep_prob: Any = 1.0,
                 state_keep_prob: Any = 1.0, variational_recurrent: bool = False,
                 input_size: Any = None, dtype: Any = None, seed: int | None = None,
                 dropout_state_filter_visitor: Any = None) -> None:
        super().__init__(cell)
        self._seed = seed
        self._variational = variational_recurrent
        self._state_filter = dropout_state_filter_visitor or _lstm_c_untouched
        with tf.name_scope("DropoutWrapperInit"):
            for prob, attr in [(input_keep_prob, "input_keep_prob"),
                               (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")]:
                setattr(self, f"_{attr}", _keep_prob(prob, attr))
        self._noise: dict[str, Any] = {}
        if variational_recurrent:
            if dtype is None:
                raise ValueError(
                    "When variational_recurrent=True, dtype must be provided\nThe per-sequence "
                    "masks are drawn once, when the wrapper is built: pass dtype=tf.float32.")
            if not _keeps_everything(self._input_keep_prob):
                if input_size is None:
                    raise ValueError(
                        "When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                        "input_size must be provided")
                self._noise["input"] = self._masks(input_size, dtype, "input")
            self._noise["state"] = self._masks(cell.state_size, dtype, "state")
            self._noise["output"] = self._masks(cell.output_size, dtype, "output")

    def _gen_seed(self, salt: str, index: int) -> int | None:
        if self._seed is None:
            return None
        digest = hashlib.md5(f"{self._seed}{salt}_{index}".encode()).hexdigest()[:8]  # TF's rule
        return int(digest, 16) & 0x7FFFFFFF

    def _masks(self, sizes: Any, dtype: Any, salt: str) -> Any:
        flat = nest.flatten(sizes)
        noise = [tf.random_uniform([1] + tf.TensorShape(size).as_list(), dtype=dtype,
                                   seed=self._gen_seed(salt, i)) for i, size in enumerate(flat)]
        return nest.pack_sequence_as(sizes, noise)

    def _dropout(self, values: Any, salt: str, keep_prob: Any,
                 flags: list[bool] | None = None) -> Any:
        flat = nest.flatten(values)
        keep = [True] * len(flat) if flags is None else flags
        noise = nest.flatten(self._noise[salt]) if self._variational else None
        out = []
        for i, (value, do) in enumerate(zip(flat, keep)):
            if not do:
                out.append(value)
            elif noise is None:
                out.append(tf.nn.dropout(value, keep_prob=keep_prob,
                                         seed=self._gen_seed(salt, i)))
            else:   # the same mask every step: keep where keep_prob + U[0, 1) >= 1
                out.append(tf.div(value, keep_prob) * tf.floor(keep_prob + noise[i]))
        return nest.pack_sequence_as(values, out)

    def _call_wrapped_cell(self, inputs: Any, state: Any, scope: Any) -> Any:
        if not _keeps_everything(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if not _keeps_everything(self._state_keep_prob):
            new_state = self._dropout(new_state, "state", self._state_keep_prob,
                                      _state_mask(new_state, self._state_filter))
        if not _keeps_everything(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state


def _state_mask(state: Any, visitor: Any) -> list[bool]:
    """One flag per leaf of ``state``: drop it out or not. As TF's shallow-structure traversal,
    the visitor answers per sub-state: ``False`` (leave it), ``True`` (go on inside it) or one
    such answer per child (``LSTMStateTuple(c=False, h=True)``)."""
    verdict = visitor(state)
    if not nest.is_sequence(state):
        return [bool(verdict)]
    if verdict is False:
        return [False] * len(nest.flatten(state))
    answers = [True] * len(state) if verdict is True else list(verdict)
    flags: list[bool] = []
    for child, answer in zip(state, answers):
        flags.extend(_state_mask(child, visitor) if answer
                     else [False] * len(nest.flatten(child)))
    return flags


def _keep_prob(prob: Any, attr: str) -> Any:
    """A Python float when the probability is known now (checked in [0, 1]), else the tensor."""
    value = prob
    if tf.is_tensor(prob):
        if getattr(prob, "is_symbolic", True):
            return prob
        value = float(prob)
    if isinstance(value, numbers.Real):
        if value < 0 or value > 1:
            raise ValueError(
                f"Parameter {attr} must be between 0 and 1. Received {value}\nIt is the "
                f"probability to KEEP a unit (1.0 turns dropout off), not the dropout rate.")
        return float(value)
    return tf.convert_to_tensor(prob)


class ResidualWrapper(_Wrapper):
    """``output = inputs + cell(inputs)`` (or ``residual_fn(inputs, outputs)``)."""

    def __init__(self, cell: Any, residual_fn: Any = None) -> None:
        super().__init__(cell)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs: Any, state: Any, scope: Any) -> Any:
        outputs, new_state = self.cell(inputs, state, scope=scope)

        def add(inp: Any, out: Any) -> Any:
            if not inp.get_shape().is_compatible_with(out.get_shape()):
                raise ValueError(
                    f"Shapes {inp.get_shape()} and {out.get_shape()} are incompatible\n"
                    f"ResidualWrapper adds the cell's input to its output, so the cell needs as "
                    f"many units as the input has features (or pass residual_fn=...).")
            return inp + out

        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        nest.assert_same_structure(inputs, outputs)
        return nest.map_structure(add, inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
    """Builds the wrapped cell's ops under ``tf.device(device)``."""

    def __init__(self, cell: Any, device: str) -> None:
        super().__init__(cell)
        self._device = device

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"), tf.device(self._device):
            return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs: Any, state: Any, scope: Any) -> Any:
        with tf.device(self._device):
            return self.cell(inputs, state, scope=scope)
