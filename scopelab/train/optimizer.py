"""``tf.train.Optimizer``: what ``minimize`` / ``compute_gradients`` / ``apply_gradients`` build in
a TF1 graph, without training.

``minimize(loss)`` = ``compute_gradients`` + ``apply_gradients``, as in TF1:

* ``compute_gradients`` pairs every variable of ``var_list`` (default: the trainable variables)
  with its gradient, ``None`` where ``loss`` does not depend on it (``scopelab.train.gradients``);
* ``apply_gradients`` creates the optimizer's slot variables for the variables that have a
  gradient (``w/Adam``, ``w/Adam_1``, ``w/Momentum`` ... see ``slot_creator``) and its non-slot
  variables (Adam's ``beta1_power``, ``beta2_power``: plain ``tf.Variable``s named by the name
  scope), then returns the train op: a ``NoOp`` named after the optimizer (``Adam``, ``Adam_1``
  for a second call), or with ``global_step`` an ``AssignAdd`` of that name, added to the
  ``train_op`` collection.

Running the train op raises ``tf.errors.UnimplementedError`` saying that scopelab does not train:
no variable changes, the global step included. Everything it created can be inspected.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.graph import colocated, created_by
from scopelab.errors import UnimplementedError
from scopelab.ops.op_def import define_op
from scopelab.ops import nest
from scopelab.train import slot_creator
from scopelab.train._atomic import all_or_nothing
from scopelab.train.gradients import gradients

__all__ = ["Optimizer"]

_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")


def _does_not_train(*, optimizer: str, variables: tuple, **unused: Any) -> Any:
    shown = ", ".join(variables[:4]) + (", ..." if len(variables) > 4 else "")
    raise UnimplementedError(
        f"scopelab does not train: running {optimizer}'s train op would update {len(variables)} "
        f"variable(s) ({shown}), and scopelab builds TF1 graphs to show what they contain, not "
        f"to optimize them. Nothing was changed (the global step neither). Everything minimize() "
        f"(or tf.contrib.layers.optimize_loss) created is there to inspect: "
        f"opt.get_slot_names(), opt.get_slot(var, name), tf.global_variables(). To train, run "
        f"the same code under TensorFlow.",
        optimizer=optimizer)


def _train_op_shape(**unused: Any) -> list:
    return []


def _train_op_output_shape(*, optimizer: str, variables: tuple,
                           step_dtype: Any) -> tuple:
    return step_dtype, tf.TensorShape([])


_NO_OP = define_op("NoOp", (), _train_op_shape, _does_not_train, pure=False, eager=False)
_ASSIGN_ADD = define_op("AssignAdd", (), _train_op_output_shape, _does_not_train, pure=False,
                        eager=False)


def _var_key(var: Any) -> tuple:
    return (id(tf.get_default_store()), var.name if not isinstance(var, tf.Tensor) else var.name)


class Optimizer:
    """Base class of TF1's optimizers (use a subclass such as ``tf.train.AdamOptimizer``)."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str) -> None:
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict[tuple, Any]] = {}
        self._non_slot_dict: dict[tuple, Any] = {}

    def get_name(self) -> str:
        return self._name

    # --- the three public steps ------------------------------------------------------------------
    def minimize(self, loss: Any, global_step: Any = None, var_list: Any = None,
                 gate_gradients: int = GATE_OP, aggregation_method: Any = None,
                 colocate_gradients_with_ops: bool = False, name: str | None = None,
                 grad_loss: Any = None) -> Any:
        """Build the train op for ``loss`` (see the module docstring); running it raises."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list,
                                                gate_gradients=gate_gradients,
                                                grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError(
                f"No gradients provided for any variable, check your graph for ops that do not "
                f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                f"and loss {loss}.\nThe loss does not depend on any of these variables along a "
                f"differentiable path (tf.stop_gradient, integer casts, argmax ... cut it).")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss: Any, var_list: Any = None,
                          gate_gradients: int = GATE_OP, aggregation_method: Any = None,
                          colocate_gradients_with_ops: bool = False,
                          grad_loss: Any = None) -> list:
        """``[(gradient or None, variable)]`` for every variable of ``var_list``."""
        if callable(loss) and not tf.is_tensor(loss):
            raise RuntimeError(
                "`loss` passed to Optimizer.compute_gradients should be a Tensor in graph mode; "
                "call the function first: opt.minimize(loss_fn()).")
        if gate_gradients not in (self.GATE_NONE, self.GATE_OP, self.GATE_GRAPH):
            raise ValueError(
                f"gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                f"Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        loss = tf.convert_to_tensor(loss)
        self._assert_valid_dtypes([loss])
        if var_list is None:
            var_list = tf.trainable_variables()
        else:
            var_list = nest.flatten(list(var_list) if not isinstance(var_list, list) else var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars: Any, global_step: Any = None,
                        name: str | None = None) -> Any:
        """Create the slots of the variables that have gradients; return the (inert) train op."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        checked = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    g = tf.convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError(
                        f"Gradient must be convertible to a Tensor or IndexedSlices, or None: {g}"
                    ) from None
            checked.append((g, v))
        var_list = [v for g, v in checked if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: "
                             f"{[str(v) for _, v in checked]}.")
        slots = {name: dict(found) for name, found in self._slots.items()}
        non_slots = dict(self._non_slot_dict)
        try:
            with all_or_nothing(), created_by(self._creator()):
                self._create_slots(var_list)
        except Exception:
            self._slots, self._non_slot_dict = slots, non_slots   # forget what was undone
            raise
        with tf.name_scope(name, self._name) as scope:
            attrs = {"optimizer": self._name,
                     "variables": tuple(getattr(v, "full_name", v.name) for v in var_list)}
            if global_step is None:
                train_op = _NO_OP(name=scope, **attrs)
            else:
                step_dtype = tf.as_dtype(global_step.dtype).base_dtype
                train_op = _ASSIGN_ADD(name=scope, step_dtype=step_dtype,
                                       **attrs).op
        collection = tf.get_collection_ref(tf.GraphKeys.TRAIN_OP)
        if train_op not in collection:
            collection.append(train_op)
        return train_op

    # --- slots ------------------------------------------------------------------------------------
    def get_slot_names(self) -> list[str]:
        return sorted(self._slots)

    def get_slot(self, var: Any, name: str) -> Any:
        named = self._slots.get(name)
        if not named:
            return None
        return named.get(_var_key(var))

    def variables(self) -> list:
        """The optimizer's slot and non-slot variables in the current graph, sorted by name."""
        store = id(tf.get_default_store())
        found = [v for key, v in self._non_slot_dict.items() if key[1] == store]
        for slots in self._slots.values():
            found.extend(v for key, v in slots.items() if key[0] == store)
        return sorted(found, key=lambda v: v.name)

    def _slot_dict(self, slot_name: str) -> dict:
        return self._slots.setdefault(slot_name, {})

    def _zeros_slot(self, var: Any, slot_name: str, op_name: str) -> Any:
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_zeros_slot(var, op_name)
        return named[_var_key(var)]

    def _get_or_make_slot(self, var: Any, val: Any, slot_name: str, op_name: str) -> Any:
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_slot(var, val, op_name)
        return named[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var: Any, initializer: Any, shape: Any,
                                           dtype: Any, slot_name: str, op_name: str) -> Any:
        named = self._slot_dict(slot_name)
        if _var_key(var) not in named:
            named[_var_key(var)] = slot_creator.create_slot_with_initializer(
                var, initializer, shape, dtype, op_name)
        return named[_var_key(var)]

    def _create_non_slot_variable(self, initial_value: Any, name: str, colocate_with: Any) -> Any:
        """A plain ``tf.Variable`` (``beta1_power``), one per optimizer and graph."""
        store = tf.get_default_store()
        key = (name, id(store))
        found = self._non_slot_dict.get(key)
        if found is None or all(found is not v for v in tf.global_variables()):
            with created_by(self._creator()), colocated(colocate_with.device):
                found = tf.Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = found
        return found

    def _creator(self) -> str:
        """What the views show as the creator of the slots: ``tf.train.AdamOptimizer``."""
        cls = type(self)
        return f"tf.train.{cls.__name__}" if cls.__module__.startswith("scopelab.") else \
            cls.__qualname__

    def _get_non_slot_variable(self, name: str, graph: Any = None) -> Any:
        return self._non_slot_dict.get((name, id(tf.get_default_store())))

    def _create_slots(self, var_list: list) -> None:
        """Subclasses create their slots here (default: none, like GradientDescent)."""

    def _assert_valid_dtypes(self, tensors: list) -> None:
        for t in tensors:
            dtype = tf.as_dtype(t.dtype).base_dtype
            if dtype.name not in _FLOAT_TYPES:
                raise ValueError(
                    f"Invalid type {dtype.name} for {t.name.split(':')[0]}, expected: "
                    f"[{', '.join(_FLOAT_TYPES)}].\nOnly floating-point losses and variables "
                    f"have gradients: cast the loss with tf.cast(loss, tf.float32), and leave "
                    f"integer variables out of var_list.")
