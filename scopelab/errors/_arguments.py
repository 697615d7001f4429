"""Bad argument values and types: TF1's ``InvalidArgumentError`` and scopelab's type twin.

Both are generic: a raiser may pass its own text (TF's ``InvalidArgumentError("...")``, also the
``OpError`` of a session), or name the ``argument`` and give the fields to compose the message
from (``get_variable``'s arguments: ``shape``, ``collections``, ``dtype`` …).
"""

from __future__ import annotations

from scopelab.errors._base import ScopelabError, type_and_repr
from scopelab.errors._runtime import OpError

__all__ = ["InvalidArgumentError", "InvalidArgumentTypeError"]


class InvalidArgumentError(OpError, ValueError):
    """Any other bad argument value (collections, synchronization, regularizer output …).

    Also TF1's ``tf.errors.InvalidArgumentError`` (an ``OpError``, e.g. a placeholder not fed).
    Composed forms: ``argument`` is ``"shape"`` (with ``detail``), ``"collections"``,
    ``"constraint"``, ``"regularizer"``, ``"regularizer output"``, ``"synchronization"`` or
    ``"aggregation"``; ``name`` is the variable's full name, ``got`` the value.
    """

    error_code = 3

    def _compose(self) -> str:
        argument, got, name = self.argument, self.got, getattr(self, "name", None)
        if argument == "shape":
            return _bad_shape(self)
        if argument == "collections":
            return self._layout(
                f"collections argument to Variable constructor must be a list, tuple, or set. Got "
                f"{got} of type {type(got)}",
                f"Variable {name!r}: collections= takes a list of collection names.", [],
                ['    tf.get_variable(..., collections=["my_collection"])   # not "my_collection"'])
        if argument == "constraint":
            return self._layout("The `constraint` argument must be a callable.",
                                f"got {type_and_repr(got)}.", [],
                                ["    constraint=lambda v: np.clip(v, -1, 1)"])
        if argument == "regularizer":
            return self._layout(
                f"The regularizer of variable {name} must be callable, got {type_and_repr(got)}.",
                "A regularizer is a function variable -> loss (or None).", [],
                ["    regularizer=tf.contrib.layers.l2_regularizer(0.1)   # scopelab: "
                 "tf.l2_regularizer(0.1)"])
        if argument == "regularizer output":
            return self._layout(
                f"The regularizer of variable {name} returned {type(got).__name__}, not a number.",
                "A regularizer must return a number (or array of numbers), or None for no loss.",
                [], ["    regularizer=lambda v: 0.1 * tf.reduce_sum(tf.square(v))"])
        enum = {"synchronization": "VariableSynchronization.AUTO",
                "aggregation": "VariableAggregation.NONE"}[argument]
        return self._layout(
            f"Invalid variable {argument} mode: {got} for variable: {name}",
            f"Use a tf.{enum.split('.')[0]} member.", [], [f"    {argument}=tf.{enum}"])


class InvalidArgumentTypeError(ScopelabError, TypeError):
    """Any other argument of the wrong type.

    Composed forms: ``argument`` is ``"name"``, ``"dtype"`` or ``"shape"`` (of ``get_variable``,
    with ``detail``), ``"trainable"``, ``"name_scope"``, ``"device"`` or ``"slicing"``
    (``create_partitioned_variables``' ``shape`` and ``slicing``).
    """

    def _compose(self) -> str:
        argument, got, name = self.argument, self.got, getattr(self, "name", None)
        if argument == "name":
            return self._layout(
                f"A variable name must be a string, got {type_and_repr(got)}.",
                "get_variable's first argument is the variable's name within the current scope.",
                [], ['    tf.get_variable("w", shape=[2, 3])'])
        if argument == "dtype":
            return self._layout(f"Variable {name!r}: {self.detail}", f"dtype= got {got!r}.", [],
                                ["    tf.get_variable(..., dtype=tf.float32)"])
        if argument == "shape":
            return _bad_shape(self)
        if argument == "trainable":
            return self._layout(
                f"trainable must be True, False or None, got {got!r} for variable {name!r}.",
                "Pass trainable=False to keep it out of tf.trainable_variables().")
        if argument == "name_scope":
            return self._layout(f"A name scope must be a string or None, got {type_and_repr(got)}.",
                                "name_scope takes the scope's name.", [],
                                ['    with tf.name_scope("block"): ...'])
        if argument == "device":
            return self._layout(
                f"A device must be a string such as '/cpu:0' or '/gpu:0', got "
                f"{type_and_repr(got)}.", "tf.device picks where new variables live.", [],
                ['    with tf.device("/gpu:0"): ...'])
        # slicing: got is (shape, slicing)
        shape, slicing = got
        return self._layout(
            f"shape and slicing must be lists of ints, got {shape!r} and {slicing!r}.",
            "create_partitioned_variables(shape, slicing, initializer)", [],
            ["    tf.create_partitioned_variables([10, 4], [2, 1], tf.zeros_initializer())"])


def _bad_shape(error: ScopelabError) -> str:
    return error._layout(
        f"Variable {error.name!r}: invalid shape {error.got!r}: {error.detail}",
        "A shape is a list or tuple of non-negative ints (None for an unknown dimension).", [],
        ["    tf.get_variable(..., shape=[784, 128])"])
