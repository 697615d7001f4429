"""``tf.Variable(initial_value, ...)``: TF1's direct constructor, with its classic trap.

A variable made this way is named by the *name scope* (``"foo_1/Variable:0"``), joins its
collections, and is **not** registered for ``get_variable``: asking for it by name with
``reuse=True`` fails, and ``get_variable`` with the same name makes a second variable
(tensorflow/tensorflow#1325). scopelab keeps that behaviour because it is what TF1 code does; the
docs and tutorials use it to show why ``get_variable`` exists.

``isinstance(v, tf.Variable)`` holds for every scopelab variable, whichever way it was made.
"""

from __future__ import annotations

from typing import Any

from scopelab import initializers as _initializers
from scopelab import variables as _variables
from scopelab._arguments import check_collections, validate_synchronization_aggregation_trainable
from scopelab._initial_values import constant_array
from scopelab._placement import place_variable
from scopelab.dtypes import as_dtype
from scopelab.errors import InvalidArgumentError
from scopelab.keys import GraphKeys
from scopelab.names import capture_site, join
from scopelab.graph import current_frame, get_default_graph, get_name_scope

__all__ = ["Variable"]


class _AnyVariable(type):
    """Makes ``isinstance(v, tf.Variable)`` true for variables the store made too."""

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, _variables.Variable)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _variables.Variable)


class Variable(_variables.Variable, metaclass=_AnyVariable):
    """TF1 ``tf.Variable``: a variable named by the current name scope, not shared by name."""

    def __init__(self, initial_value: Any = None, trainable: bool | None = None,
                 collections: Any = None, validate_shape: bool = True, caching_device: Any = None,
                 name: str | None = None, variable_def: Any = None, dtype: Any = None,  # noqa: ARG002
                 expected_shape: Any = None, import_scope: Any = None,  # noqa: ARG002
                 constraint: Any = None, use_resource: bool | None = None,
                 synchronization: Any = _variables.VariableSynchronization.AUTO,
                 aggregation: Any = _variables.VariableAggregation.NONE,
                 shape: Any = None) -> None:  # noqa: ARG002 - TF signature
        if initial_value is None:
            raise InvalidArgumentError(
                "initial_value must be specified.\n\nGive the variable its first value, e.g. "
                "tf.Variable(tf.zeros([3])) — or, to create a variable that can be shared by "
                "name, use tf.get_variable(\"w\", shape=[3]).")
        graph = get_default_graph()
        label = name or "Variable"
        shown = join(get_name_scope(), label)
        synchronization, aggregation, trainable = validate_synchronization_aggregation_trainable(
            synchronization, aggregation, trainable, shown)
        collections = check_collections(collections, shown)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        if callable(initial_value):
            initial_value = initial_value()
        value = constant_array(initial_value, None if dtype is None else as_dtype(dtype))
        full_name = graph.unique_name(label)            # TF: the op name, uniquified by the graph
        frame = current_frame()
        device = place_variable(frame.device, full_name)
        super().__init__(
            full_name, value, dtype=as_dtype(value.dtype if value.dtype != object else "string"),
            trainable=trainable, collections=collections, caching_device=caching_device,
            constraint=constraint, initializer_desc=_initializers.describe(initial_value),
            created_at=capture_site(), synchronization=synchronization, aggregation=aggregation,
            validate_shape=validate_shape, use_resource=use_resource,
            device=device, created_by=frame.created_by)
        graph.add_to_collections(collections, self)
