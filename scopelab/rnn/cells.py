"""TF1's recurrent cells: ``BasicRNNCell``, ``BasicLSTMCell``, ``LSTMCell``, ``GRUCell``.

Each is TF1's cell step written with scopelab's ops, with TF1's variable names (under the cell's
scope, see ``cell_base``): ``kernel`` and ``bias``; ``w_f_diag`` / ``w_i_diag`` / ``w_o_diag``
(LSTM peepholes) and ``projection/kernel`` (LSTM projection); ``gates/kernel``, ``gates/bias``,
``candidate/kernel``, ``candidate/bias`` (GRU). Kernels act on ``concat([inputs, h], 1)``, so their
first dimension is ``input depth + state depth``; LSTM gates are split in TF's order ``i, j, f, o``.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.rnn.cell_base import LayerRNNCell, LSTMStateTuple, RNNCell, check_floating

__all__ = ["BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "LSTMBlockCell"]

_WEIGHTS = "kernel"
_BIAS = "bias"


def _activation(activation: Any) -> Any:
    if activation is None:
        return tf.tanh
    if isinstance(activation, str):
        found = getattr(tf.nn, activation, None) or getattr(tf, activation, None)
        if found is None:
            raise ValueError(f"Unknown activation function: {activation}. Pass a function such as "
                             f"tf.nn.relu, or one of its names ('tanh', 'relu', 'sigmoid').")
        return found
    return activation


def _input_depth(cell: RNNCell, inputs_shape: Any) -> int:
    depth = inputs_shape.as_list()[-1] if inputs_shape.ndims else None
    if depth is None:
        shown = tuple(inputs_shape.as_list()) if inputs_shape.ndims is not None else None
        raise ValueError(
            f"Expected inputs.shape[-1] to be known, saw shape: {shown}\n{type(cell).__name__} "
            f"sizes its kernel from the input depth, so the last dimension must be static: give "
            f"the placeholder a full last dimension, e.g. tf.placeholder(tf.float32, [None, None, "
            f"128]), or call x.set_shape([..., 128]).")
    check_floating(cell.dtype)
    return depth


class BasicRNNCell(LayerRNNCell):
    """``output = new_state = activation(W [x, h] + b)``."""

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = _input_depth(self, inputs_shape)
        self._kernel = self.add_variable(_WEIGHTS, shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_variable(_BIAS, shape=[self._num_units],
                                       initializer=tf.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs: Any, state: Any) -> Any:
        check_floating([inputs, state])
        gate_inputs = tf.matmul(tf.concat([inputs, state], 1), self._kernel)
        output = self._activation(tf.nn.bias_add(gate_inputs, self._bias))
        return output, output


class BasicLSTMCell(LayerRNNCell):
    """LSTM without peepholes or projection; ``forget_bias`` is added to the forget gate."""

    def __init__(self, num_units: int, forget_bias: float = 1.0, state_is_tuple: bool = True,
                 activation: Any = None, reuse: Any = None, name: str | None = None,
                 dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        self._kernel = self.add_variable(_WEIGHTS, shape=[depth + n, 4 * n])
        self._bias = self.add_variable(_BIAS, shape=[4 * n],
                                       initializer=tf.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs: Any, state: Any) -> Any:
        check_floating([inputs, state])
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(state, 2, axis=1)
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, h], 1), self._kernel),
                                     self._bias)
        i, j, f, o = tf.split(gate_inputs, 4, axis=1)
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = tf.add(tf.multiply(c, tf.sigmoid(tf.add(f, forget_bias))),
                       tf.multiply(tf.sigmoid(i), self._activation(j)))
        new_h = tf.multiply(self._activation(new_c), tf.sigmoid(o))
        new_state = (LSTMStateTuple(new_c, new_h) if self._state_is_tuple
                     else tf.concat([new_c, new_h], 1))
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """LSTM with optional peepholes (``use_peepholes``), clipping and projection (``num_proj``)."""

    _peephole_order = ("f", "i", "o")    # the order TF1 creates w_f_diag, w_i_diag, w_o_diag

    def __init__(self, num_units: int, use_peepholes: bool = False, cell_clip: float | None = None,
                 initializer: Any = None, num_proj: int | None = None,
                 proj_clip: float | None = None, num_unit_shards: int | None = None,
                 num_proj_shards: int | None = None, forget_bias: float = 1.0,
                 state_is_tuple: bool = True, activation: Any = None, reuse: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self) -> Any:
        n, p = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, p) if self._state_is_tuple else n + p

    @property
    def output_size(self) -> int:
        return self._num_proj or self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        h_depth = self._num_proj or n
        shards = (tf.fixed_size_partitioner(self._num_unit_shards)
                  if self._num_unit_shards is not None else None)
        self._kernel = self.add_variable(_WEIGHTS, shape=[depth + h_depth, 4 * n],
                                         initializer=self._initializer, partitioner=shards)
        self._bias = self.add_variable(_BIAS, shape=[4 * n],
                                       initializer=tf.zeros_initializer(dtype=self.dtype))
        if self._use_peepholes:
            for gate in self._peephole_order:
                setattr(self, f"_w_{gate}_diag", self.add_variable(
                    f"w_{gate}_diag", shape=[n], initializer=self._initializer))
        if self._num_proj is not None:
            proj_shards = (tf.fixed_size_partitioner(self._num_proj_shards)
                           if self._num_proj_shards is not None else None)
            self._proj_kernel = self.add_variable(
                f"projection/{_WEIGHTS}", shape=[n, self._num_proj],
                initializer=self._initializer, partitioner=proj_shards)
        self.built = True

    def call(self, inputs: Any, state: Any) -> Any:
        check_floating([inputs, state])
        n, num_proj = self._num_units, self._num_proj or self._num_units
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, n])
            m_prev = tf.slice(state, [0, n], [-1, num_proj])
        lstm_matrix = tf.nn.bias_add(tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel),
                                     self._bias)
        i, j, f, o = tf.split(lstm_matrix, 4, axis=1)
        if self._use_peepholes:
            c = (tf.sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + tf.sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = tf.sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


class GRUCell(LayerRNNCell):
    """GRU: reset and update gates (``gates/``), then the candidate (``candidate/``)."""

    def __init__(self, num_units: int, activation: Any = None, reuse: Any = None,
                 kernel_initializer: Any = None, bias_initializer: Any = None,
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: Any) -> None:
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        self._gate_kernel = self.add_variable(
            f"gates/{_WEIGHTS}", shape=[depth + n, 2 * n], initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            f"gates/{_BIAS}", shape=[2 * n],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else tf.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel = self.add_variable(
            f"candidate/{_WEIGHTS}", shape=[depth + n, n], initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            f"candidate/{_BIAS}", shape=[n],
            initializer=(self._bias_initializer if self._bias_initializer is not None
                         else tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs: Any, state: Any) -> Any:
        check_floating([inputs, state])
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel),
                                     self._gate_bias)
        r, u = tf.split(tf.sigmoid(gate_inputs), 2, axis=1)
        candidate = tf.nn.bias_add(
            tf.matmul(tf.concat([inputs, r * state], 1), self._candidate_kernel),
            self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class LSTMBlockCell(LSTMCell):
    """``tf.contrib.rnn.LSTMBlockCell``: TF1's fused LSTM kernel as a cell. Its arithmetic is
    ``LSTMCell``'s without projection (gates ``i, ci, f, o``; the memory clipped before the output
    gate), its scope ``lstm_cell`` by default, its peepholes (``use_peephole``) made in the order
    ``w_i_diag, w_f_diag, w_o_diag``."""

    _created_by = "tf.contrib.rnn.LSTMBlockCell"

    _peephole_order = ("i", "f", "o")

    def __init__(self, num_units: int, forget_bias: float = 1.0, cell_clip: float | None = None,
                 use_peephole: bool = False, dtype: Any = None, reuse: Any = None,
                 name: str = "lstm_cell") -> None:
        super().__init__(num_units, use_peepholes=use_peephole, cell_clip=cell_clip,
                         forget_bias=forget_bias, reuse=reuse, name=name, dtype=dtype)
