"""Keras's recurrent layers as TF1 graph mode builds them: ``LSTM``, ``GRU``, ``SimpleRNN`` and the
``Bidirectional`` wrapper, over the RNN loop of ``scopelab.rnn`` (the step is built once and run
over the real time dimension at session time).

In ``tf.compat.v1`` graph mode ``tf.keras.layers.LSTM`` and ``GRU`` are Keras's v1 classes
(recorded with TF 2.15, ``tests/keras/keras_rnn_expected.json``):

* **Weights** ``<layer>/<cell>/kernel`` ``[depth, g*units]``, ``<layer>/<cell>/recurrent_kernel``
  ``[units, g*units]``, ``<layer>/<cell>/bias``, in that order, with the cell ``lstm_cell``
  (g = 4, gates i, f, c, o), ``gru_cell`` (g = 3, gates z, r, h) or ``simple_rnn_cell`` (g = 1).
  ``GRU(reset_after=True)``'s bias is ``[2, 3*units]`` (input bias, recurrent bias).
* **Defaults** of the v1 classes: ``recurrent_activation="hard_sigmoid"``, GRU
  ``reset_after=False``; kernels ``glorot_uniform``, recurrent kernels ``orthogonal``, biases zero,
  and LSTM's ``unit_forget_bias=True`` puts ones in the forget gate's slice of the bias.
* **Outputs** ``[batch, time, units]`` with ``return_sequences``, else the last step's
  ``[batch, units]``; ``return_state`` appends the final states (LSTM: ``h``, ``c``). With
  ``go_backwards`` the sequence is read last step first and the outputs stay in that order.

The output tensors' names need not be TF's: the states and last outputs are scopelab's loop op's
(``lstm/while/Exit:1``) where TF has ``lstm/while/Exit_2:0`` and ``lstm/strided_slice_3:0``; the
weights' names are TF's.
``unroll`` is accepted and changes nothing (the loop runs at session time either way);
``time_major=True`` reads and returns ``[time, batch, ...]``.

**Masks** (``mask=``, or the mask of an ``Embedding(mask_zero=True)`` or ``Masking`` in front;
recorded in ``keras_mask_cases.py``): at a masked step the states keep their previous values and
the output repeats the previous output (zeros before the first unmasked step); inside
``Bidirectional`` with ``return_sequences`` a masked step outputs zeros instead (Keras sets
``zero_output_for_mask`` there). The sequence output keeps the input's mask; the last output and
the states have none.

Not built: dropout and recurrent dropout other than 0, ``stateful``: each raises
``NotImplementedError`` saying so.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras import activations, initializers, regularizers
from scopelab.keras._engine import Layer
from scopelab.rnn._loop import build_step, run_loop

__all__ = ["LSTM", "GRU", "SimpleRNN", "Bidirectional"]


class _RecurrentCell:
    """What ``layer.cell`` shows of the cell: its name, size and weights."""

    def __init__(self, name: str, units: int, state_count: int) -> None:
        self.name, self.units = name, units
        self.state_size = [units] * state_count if state_count > 1 else units
        self.output_size = units
        self.kernel = self.recurrent_kernel = self.bias = None


class _Recurrent(Layer):
    """The shared recurrent layer: weights in ``<layer>/<cell>/``, one loop over the time steps."""

    _cell_name = ""
    _gates = 1
    _state_count = 1

    def __init__(self, units: int, activation: Any = "tanh", recurrent_activation: Any = "hard_sigmoid",
                 use_bias: bool = True, kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, recurrent_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None, bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 time_major: bool = False, **kwargs: Any) -> None:
        self._config = dict(locals())
        for key in ("self", "kwargs", "__class__"):
            self._config.pop(key, None)
        self._config.update(kwargs)
        kwargs.pop("implementation", None)
        name = type(self).__name__
        if dropout or recurrent_dropout:
            raise NotImplementedError(
                f"tf.keras.layers.{name}(dropout={dropout}, recurrent_dropout={recurrent_dropout}) is not "
                f"implemented by scopelab: only 0 is. Apply tf.keras.layers.Dropout to the inputs or outputs "
                f"instead.")
        if stateful:
            raise NotImplementedError(f"tf.keras.layers.{name}(stateful=True) is not implemented by scopelab; "
                                      f"pass the previous final states as initial_state instead.")
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        if int(units) <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self._regularizers = [regularizers.get(r) for r in (kernel_regularizer, recurrent_regularizer,
                                                             bias_regularizer)]
        self._constraints = [kernel_constraint, recurrent_constraint, bias_constraint]
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.time_major, self.unroll = bool(go_backwards), bool(time_major), unroll
        self.cell = _RecurrentCell(self._cell_name, self.units, self._state_count)
        self.supports_masking = True
        self.zero_output_for_mask = False

    # --- weights ----------------------------------------------------------------------------------
    def _bias_shape(self) -> list:
        return [self._gates * self.units]

    def _bias_init(self) -> Any:
        return self.bias_initializer

    def build(self, input_shape: Any) -> None:
        dims = tf.TensorShape(input_shape).as_list()
        if len(dims) != 3:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim=3, "
                             f"found ndim={len(dims)}. Full shape received: {tuple(dims)}. Recurrent layers "
                             f"read [batch, time, depth].")
        if dims[-1] is None:
            raise ValueError(f"The last dimension of the inputs to {self.name} should be defined: the kernel "
                             f"is [depth, units]. Give the input a static depth.")
        width = self._gates * self.units
        cell = self.cell
        with tf.name_scope(self._cell_name):
            cell.kernel = self.add_weight("kernel", shape=[dims[-1], width], initializer=self.kernel_initializer,
                                          regularizer=self._regularizers[0], constraint=self._constraints[0])
            cell.recurrent_kernel = self.add_weight(
                "recurrent_kernel", shape=[self.units, width], initializer=self.recurrent_initializer,
                regularizer=self._regularizers[1], constraint=self._constraints[1])
            if self.use_bias:
                cell.bias = self.add_weight("bias", shape=self._bias_shape(), initializer=self._bias_init(),
                                            regularizer=self._regularizers[2], constraint=self._constraints[2])
        self.kernel, self.recurrent_kernel, self.bias = cell.kernel, cell.recurrent_kernel, cell.bias
        # The weights live in the cell's scope, and so do their regularizers' ops (lstm/lstm_cell/kernel/Regularizer).
        self._weight_regularizers = [(f"{self._cell_name}/{name}", variable, regularizer)
                                     for name, variable, regularizer in self._weight_regularizers]
        self.built = True

    # --- the step ---------------------------------------------------------------------------------
    def _step(self, x: Any, states: list) -> tuple[Any, list]:
        raise NotImplementedError

    # --- calling ----------------------------------------------------------------------------------
    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        # Checked before the first call builds the weights, so a refused call leaves no variables.
        given = kwargs.get("initial_state")
        if given is not None:
            count = len(given) if isinstance(given, (list, tuple)) else 1
            if count != self._state_count:
                raise ValueError(f"An initial_state was passed that is not compatible with `cell.state_size`. "
                                 f"Received {count} states; however `cell.state_size` is "
                                 f"{self.cell.state_size} ({self._state_count} states).")
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs: Any, mask: Any = None, training: Any = None, initial_state: Any = None) -> Any:
        sequence = inputs if self.time_major else tf.transpose(inputs, [1, 0, 2])
        if self.go_backwards:
            sequence = tf.reverse(sequence, [0])
        states = self._initial_states(sequence, initial_state)
        dtype = sequence.dtype.base_dtype
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if mask is None:
            outputs, final = self._run(sequence, states)
        else:
            outputs, final = self._run_masked(sequence, states, mask, dtype)
        output = outputs[0]
        if not self.return_sequences:
            output = final[0]
        elif not self.time_major:
            output = tf.transpose(output, [1, 0, 2])
        return [output] + list(final) if self.return_state else output

    def _run(self, sequence: Any, states: list) -> tuple[list, list]:
        dtype = sequence.dtype.base_dtype

        def step(step_inputs: list, step_state: list) -> tuple[list, list]:
            output, new_states = self._step(step_inputs[0], list(step_state))
            return [output], new_states

        with tf.name_scope("while"):
            graph = build_step(step, [(dtype, sequence.shape.as_list()[1:])],
                               [(dtype, s.shape) for s in states])
        return run_loop(graph, [sequence], states, None, sequence.shape.as_list()[0])

    def _run_masked(self, sequence: Any, states: list, mask: Any, dtype: Any) -> tuple[list, list]:
        """The loop with the mask as a second time-major input ``[time, batch, 1]`` and the previous
        output as one more state: a masked step keeps the states and repeats (or zeroes) the output."""
        steps = tf.cast(mask, dtype)
        steps = steps if self.time_major else tf.transpose(steps, [1, 0])
        if self.go_backwards:
            steps = tf.reverse(steps, [0])
        steps = tf.expand_dims(steps, -1)
        zero_output = self.zero_output_for_mask

        def step(step_inputs: list, step_state: list) -> tuple[list, list]:
            x, keep = step_inputs[0], tf.cast(step_inputs[1], tf.bool)
            *old, previous = step_state
            output, new_states = self._step(x, list(old))
            kept = [tf.where_v2(keep, new, state) for new, state in zip(new_states, old)]
            output = tf.where_v2(keep, output, tf.zeros_like(output) if zero_output else previous)
            return [output], kept + [output]

        with tf.name_scope("while"):
            graph = build_step(step, [(dtype, sequence.shape.as_list()[1:]), (dtype, steps.shape.as_list()[1:])],
                               [(dtype, s.shape) for s in states] + [(dtype, states[0].shape)])
        outputs, final = run_loop(graph, [sequence, steps], states + [tf.zeros_like(states[0])], None,
                                  sequence.shape.as_list()[0])
        return outputs, final[:-1]

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        return [output_mask] + [None] * self._state_count if self.return_state else output_mask

    def _initial_states(self, sequence: Any, initial_state: Any) -> list:
        if initial_state is not None:
            given = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
            return [tf.convert_to_tensor(s, dtype=sequence.dtype.base_dtype) for s in given]
        batch = sequence.shape.as_list()[1]
        if batch is None:
            batch = tf.shape(sequence)[1]
        return [tf.zeros(tf.stack([batch, self.units]) if tf.is_tensor(batch) else [batch, self.units],
                         dtype=sequence.dtype.base_dtype) for _ in range(self._state_count)]

    def _gate_inputs(self, x: Any, h: Any) -> tuple[Any, Any]:
        return tf.matmul(x, self.kernel), tf.matmul(h, self.recurrent_kernel)

    def get_config(self) -> dict:
        return dict(super().get_config(), **{k: v for k, v in self._config.items() if k != "name"})


class SimpleRNN(_Recurrent):
    """``h = activation(x @ kernel + h @ recurrent_kernel + bias)``."""

    _cell_name = "simple_rnn_cell"

    def __init__(self, units: int, activation: Any = "tanh", **kwargs: Any) -> None:
        if "recurrent_activation" in kwargs:
            raise TypeError("Keyword argument not understood:", "recurrent_activation")
        super().__init__(units, activation=activation, **kwargs)
        del self._config["recurrent_activation"]     # so Bidirectional's copies can be made

    def _step(self, x: Any, states: list) -> tuple[Any, list]:
        total = tf.matmul(x, self.kernel)
        if self.use_bias:
            total = total + self.bias
        h = self.activation(total + tf.matmul(states[0], self.recurrent_kernel))
        return h, [h]


class LSTM(_Recurrent):
    """Gates i, f, c, o side by side in the kernels (``[depth, 4*units]``); states ``[h, c]``."""

    _cell_name, _gates, _state_count = "lstm_cell", 4, 2

    def __init__(self, units: int, unit_forget_bias: bool = True, **kwargs: Any) -> None:
        super().__init__(units, **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)
        self._config["unit_forget_bias"] = self.unit_forget_bias

    def _bias_init(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def forget_ones(shape: Any, dtype: Any = None, **kwargs: Any) -> Any:
            return tf.concat([base([units], dtype=dtype), tf.ones([units], dtype=dtype),
                              base([2 * units], dtype=dtype)], 0)
        return forget_ones

    def _step(self, x: Any, states: list) -> tuple[Any, list]:
        h, c = states
        from_x, from_h = self._gate_inputs(x, h)
        z = from_x + from_h
        if self.use_bias:
            z = z + self.bias
        i, f, g, o = tf.split(z, 4, axis=1)
        c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
        h = self.recurrent_activation(o) * self.activation(c)
        return h, [h, c]


class GRU(_Recurrent):
    """Gates z, r, h; ``h_new = z * h + (1 - z) * candidate``. ``reset_after=False`` (the v1 default)
    applies the reset gate before the recurrent matmul of the candidate, ``reset_after=True`` after
    it, with separate input and recurrent biases (bias ``[2, 3*units]``)."""

    _cell_name, _gates = "gru_cell", 3

    def __init__(self, units: int, reset_after: bool = False, **kwargs: Any) -> None:
        super().__init__(units, **kwargs)
        self.reset_after = bool(reset_after)
        self._config["reset_after"] = self.reset_after

    def _bias_shape(self) -> list:
        return [2, 3 * self.units] if self.reset_after else [3 * self.units]

    def _step(self, x: Any, states: list) -> tuple[Any, list]:
        h = states[0]
        units = self.units
        from_x = tf.matmul(x, self.kernel)
        if self.reset_after:
            from_h = tf.matmul(h, self.recurrent_kernel)
            if self.use_bias:
                input_bias, recurrent_bias = tf.unstack(self.bias)
                from_x, from_h = from_x + input_bias, from_h + recurrent_bias
            x_z, x_r, x_h = tf.split(from_x, 3, axis=1)
            h_z, h_r, h_h = tf.split(from_h, 3, axis=1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            candidate = self.activation(x_h + r * h_h)
        else:
            if self.use_bias:
                from_x = from_x + self.bias
            x_z, x_r, x_h = tf.split(from_x, 3, axis=1)
            r_zr, r_h = tf.split(self.recurrent_kernel, [2 * units, units], axis=1)
            h_z, h_r = tf.split(tf.matmul(h, r_zr), 2, axis=1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            candidate = self.activation(x_h + tf.matmul(r * h, r_h))
        h = z * h + (1 - z) * candidate
        return h, [h]


class Bidirectional(Layer):
    """Runs a copy of ``layer`` forward (``forward_<name>``) and one backward (``backward_<name>``,
    ``go_backwards`` flipped, its sequence outputs put back in forward order) and merges them:
    ``merge_mode`` ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"`` or ``None`` (a list)."""

    _MODES = ("concat", "sum", "mul", "ave", None)

    def __init__(self, layer: Any, merge_mode: Any = "concat", weights: Any = None, backward_layer: Any = None,
                 **kwargs: Any) -> None:
        if not isinstance(layer, _Recurrent):
            raise ValueError(f"Please initialize `Bidirectional` layer with a recurrent tf.keras layer (LSTM, GRU, "
                             f"SimpleRNN). Received: {layer!r}")
        if backward_layer is not None:
            raise NotImplementedError("Bidirectional(backward_layer=...) is not implemented by scopelab; the "
                                      "backward layer is a copy of `layer`.")
        if merge_mode not in self._MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             f"{{\"sum\", \"mul\", \"ave\", \"concat\", None}}")
        super().__init__(weights=weights, **kwargs)
        config = dict(layer._config)
        self.forward_layer = type(layer)(**dict(config, name=f"forward_{layer.name}"))
        self.backward_layer = type(layer)(**dict(config, name=f"backward_{layer.name}",
                                                 go_backwards=not layer.go_backwards))
        self.layer, self.merge_mode = layer, merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        for copy in (self.forward_layer, self.backward_layer):     # as Keras forces it
            copy.zero_output_for_mask = copy.return_sequences
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        self.built = True

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return self.forward_layer.trainable_weights + self.backward_layer.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        found = self.forward_layer.non_trainable_weights + self.backward_layer.non_trainable_weights
        if self.trainable:
            return found
        return self.forward_layer.weights + self.backward_layer.weights

    def call(self, inputs: Any, mask: Any = None, initial_state: Any = None) -> Any:
        if initial_state is not None:
            raise NotImplementedError("Bidirectional(...)(x, initial_state=...) is not implemented by scopelab.")
        forward, backward = self.forward_layer(inputs, mask=mask), self.backward_layer(inputs, mask=mask)
        states: list = []
        if self.return_state:
            states = forward[1:] + backward[1:]
            forward, backward = forward[0], backward[0]
        if self.return_sequences:
            backward = tf.reverse(backward, [0 if self.layer.time_major else 1])
        if self.merge_mode == "concat":
            merged: Any = tf.concat([forward, backward], -1)
        elif self.merge_mode == "sum":
            merged = forward + backward
        elif self.merge_mode == "ave":
            merged = (forward + backward) / 2
        elif self.merge_mode == "mul":
            merged = forward * backward
        else:
            merged = [forward, backward]
        if not self.return_state:
            return merged
        return (merged if isinstance(merged, list) else [merged]) + states

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            masks += [None] * (2 * self.layer._state_count)
        return masks if len(masks) > 1 else masks[0]
