"""Moving averages: ``assign_moving_average`` and ``tf.train.ExponentialMovingAverage``.

``assign_moving_average(variable, value, decay)`` builds, in name scope ``AssignMovingAvg``,
``variable -= (variable - value) * (1 - decay)`` and returns the updated value (an op that runs when
fetched). With ``zero_debias=True`` (the default) it keeps two more variables, made with
``get_variable`` inside ``variable_scope(<variable's full name>)`` opened in the *current* scope,
which doubles the scope in the name: ``bn/bn/moving_var/biased`` and ``bn/bn/moving_var/local_step``
for a variable ``bn/moving_var`` averaged inside ``variable_scope("bn")`` (``biased_1`` ... for
further averages of the same variable). The variable then becomes ``biased / (1 - decay ** t)``.

``ExponentialMovingAverage.apply(vars)`` makes one shadow variable per variable (a slot:
``w/ExponentialMovingAverage``, initialized with ``w``'s value) and adds ``w`` to
``MOVING_AVERAGE_VARIABLES``; tensors get zero-initialized shadows, debiased when ``zero_debias``.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.graph import created_by
from scopelab.train import slot_creator
from scopelab.train._atomic import all_or_nothing

__all__ = ["assign_moving_average", "weighted_moving_average", "ExponentialMovingAverage"]


def _unique_in_scope(name: str) -> str:
    """``name``, or ``name_1`` ... if the current scope has a variable of that name already."""
    scope = tf.get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.name.split(":")[0] for v in scope.global_variables()}
    full = f"{scope.name}/{name}" if scope.name else name
    if full not in taken:
        return name
    index = 1
    while f"{full}_{index}" in taken:
        index += 1
    return f"{name}_{index}"


def _zero_debias(unbiased: Any, value: Any, decay: Any) -> Any:
    """The debiased update of ``unbiased`` (``decay`` here is ``1 - decay``)."""
    with all_or_nothing(), created_by("moving_averages.assign_moving_average"), \
            tf.variable_scope(unbiased.name.split(":")[0]):
        biased = tf.get_variable(_unique_in_scope("biased"), shape=unbiased.shape,
                                 dtype=unbiased.dtype.base_dtype,
                                 initializer=tf.zeros_initializer(), trainable=False)
        local_step = tf.get_variable(_unique_in_scope("local_step"), shape=[],
                                     dtype=unbiased.dtype.base_dtype,
                                     initializer=tf.zeros_initializer(), trainable=False)
    update_biased = tf.assign_sub(biased, (biased - value) * decay)
    update_local_step = tf.assign_add(local_step, 1)
    bias_factor = 1 - tf.pow(1.0 - decay, update_local_step)
    return tf.assign(unbiased, update_biased / bias_factor,
                     name=tf.get_default_graph().get_name_scope() + "/")


def assign_moving_average(variable: Any, value: Any, decay: Any, zero_debias: bool = True,
                          name: str | None = None) -> Any:
    """``variable = decay * variable + (1 - decay) * value`` when run (see the module doc)."""
    with tf.name_scope(name, "AssignMovingAvg") as scope:
        one_minus = tf.convert_to_tensor(1.0 - decay, name="decay") if not tf.is_tensor(decay) \
            else tf.subtract(1.0, decay, name="decay")
        if one_minus.dtype != variable.dtype.base_dtype:
            one_minus = tf.cast(one_minus, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(variable, value, one_minus)
        return tf.assign_sub(variable, (variable - value) * one_minus, name=scope)


def weighted_moving_average(value: Any, decay: Any, weight: Any, truediv: bool = True,
                            collections: Any = None, name: str | None = None) -> Any:
    """``average(value * weight) / average(weight)``, with the two averages as local variables
    ``value`` and ``weight`` in ``variable_scope(name or "WeightedMovingAvg")``."""
    collections = collections or [tf.GraphKeys.GLOBAL_VARIABLES]
    with tf.variable_scope(name, "WeightedMovingAvg"), \
            created_by("moving_averages.weighted_moving_average"):
        value_x_weight = tf.get_variable(
            "value", initializer=tf.zeros_initializer(), shape=value.shape, dtype=value.dtype,
            trainable=False, collections=collections)
        weight_var = tf.get_variable(
            "weight", initializer=tf.zeros_initializer(), shape=tf.TensorShape(weight.shape),
            dtype=weight.dtype, trainable=False, collections=collections)
        numerator = assign_moving_average(value_x_weight, value * weight, decay,
                                          zero_debias=False)
        denominator = assign_moving_average(weight_var, weight, decay, zero_debias=False)
        return tf.truediv(numerator, denominator) if truediv else tf.div(numerator, denominator)


class ExponentialMovingAverage:
    """Shadow variables that follow others: ``ema.apply(vars)`` then ``ema.average(var)``."""

    def __init__(self, decay: Any, num_updates: Any = None, zero_debias: bool = False,
                 name: str = "ExponentialMovingAverage") -> None:
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict[int, tuple[Any, Any]] = {}     # id(var) -> (var, average)
        self._debiased: set[int] = set()

    @property
    def name(self) -> str:
        return self._name

    def apply(self, var_list: Any = None) -> Any:
        """Create the shadow variables (first time) and return the op that updates them."""
        var_list = tf.trainable_variables() if var_list is None else list(var_list)
        for var in var_list:
            if var.dtype.base_dtype.name not in ("bfloat16", "float16", "float32", "float64"):
                raise TypeError(f"The variables must be half, float, or double: {var.name}\nOnly "
                                f"floating-point values can be averaged; leave integer "
                                f"variables (a global step) out of var_list.")
        with all_or_nothing(), created_by("tf.train.ExponentialMovingAverage"):
            for var in var_list:
                if id(var) in self._averages:
                    continue
                if isinstance(var, tf.Tensor):
                    average = slot_creator.create_zeros_slot(var, self._name)
                    if self._zero_debias:
                        self._debiased.add(id(average))
                else:
                    average = slot_creator.create_slot(var, var.initialized_value(), self._name)
                    tf.add_to_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                self._averages[id(var)] = (var, average)
        with tf.name_scope(self._name) as scope:
            decay = tf.convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                num_updates = tf.cast(self._num_updates, tf.float32, name="num_updates")
                decay = tf.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = []
            for var in var_list:
                average = self._averages[id(var)][1]
                updates.append(assign_moving_average(average, var, decay,
                                                     zero_debias=id(average) in self._debiased))
            return tf.group(*updates, name=scope)

    def average(self, var: Any) -> Any:
        """The shadow variable of ``var`` (``None`` if ``apply`` never saw it)."""
        found = self._averages.get(id(var))
        return None if found is None else found[1]

    def average_name(self, var: Any) -> str:
        """The shadow's name (``w/ExponentialMovingAverage``), also before ``apply``."""
        found = self._averages.get(id(var))
        if found is not None:
            return found[1].name.split(":")[0]
        return tf.get_default_graph().unique_name(f"{var.name.split(':')[0]}/{self._name}",
                                                  mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables: Any = None) -> dict:
        """``{checkpoint name: variable}`` that loads the averages into the variables (a Saver's
        ``var_list``); variables without an average map to their own name."""
        if moving_avg_variables is None:
            moving_avg_variables = (tf.trainable_variables()
                                    + tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES))
        unique = list({id(v): v for v in moving_avg_variables}.values())
        name_map = {self.average_name(v): v for v in unique}
        averaged = {v.name for v in unique}
        for v in tf.global_variables():
            op_name = v.name.split(":")[0]
            if v.name not in averaged and op_name not in name_map:
                name_map[op_name] = v
        return name_map
