"""TF1's deprecated ``create_partitioned_variables``: a partitioned variable named after its scope.

It opens ``variable_scope(name, "PartitionedVariable")`` and asks the store directly (custom
getters are refused, as TF's private path refuses them); like ``get_variable`` it is atomic: a
failure also forgets the default name and the name scope the call took.
"""

from __future__ import annotations

from typing import Any

from scopelab._request import VariableRequest
from scopelab.dtypes import float32 as _float32
from scopelab.errors import CustomGetterError, InvalidArgumentTypeError, PartitionerError
from scopelab.graph import current_frame
from scopelab.names import capture_site
from scopelab.scope import atomic_scope_names, get_variable_scope, variable_scope
from scopelab.store import VariableStore

__all__ = ["create_partitioned_variables"]


def create_partitioned_variables(shape: Any, slicing: Any, initializer: Any,
                                 dtype: Any = _float32, trainable: bool = True,
                                 collections: Any = None, name: str | None = None,
                                 reuse: Any = None) -> list[Any]:
    """Deprecated TF1 helper: a partitioned variable named after its scope; returns its shards."""
    try:
        rank, slices = len(shape), len(slicing)
    except TypeError:
        raise InvalidArgumentTypeError(argument="slicing", got=(shape, slicing)) from None
    if rank != slices:
        raise PartitionerError(
            "The 'shape' and 'slicing' of a partitioned Variable must have the length: "
            f"shape: {shape}, slicing: {slicing}", shape=shape, partitions=slicing)
    if rank < 1:
        raise PartitionerError(f"A partitioned Variable must have rank at least 1: shape: {shape}",
                               shape=shape)

    def partitioner(**unused_kwargs: Any) -> Any:
        return slicing

    with atomic_scope_names(), variable_scope(name, "PartitionedVariable", reuse=reuse):
        scope = get_variable_scope()
        if scope.custom_getter is not None:
            raise CustomGetterError(scope.custom_getter, create_partitioned=True)
        frame = current_frame()
        store = frame.graph.component(VariableStore)
        request = VariableRequest(
            scope.name, shape, dtype,
            initializer if initializer is not None else scope.initializer, scope.regularizer,
            scope.reuse, trainable, collections, scope.caching_device, partitioner,
            constraint=scope.constraint, scope=scope.name, reuse_source=scope.reuse_set_by,
            device=frame.device, caller=capture_site())
        try:
            container = store.get_or_create(request)
        except Exception as exc:
            store.record_error(exc, scope.name, scope.name, scope.reuse)
            raise
    return list(container)
