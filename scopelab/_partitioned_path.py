"""The partitioned path of the store (TF ``_VariableStore._get_partitioned_variable``, spec §6.3).

A function of the store and the request: it runs under the store's lock, checks or builds every
shard with the store's single-variable path, and commits the shards and the container together
(or nothing, if any shard fails), through the store's public building methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from scopelab import partitioners as _partitioners
from scopelab._tensor_base import is_tensor, tensor_value
from scopelab._arguments import as_shape_arg
from scopelab._initial_values import constant_for_partitions
from scopelab._request import VariableRequest
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import (
    DtypeMismatchError, PartitionedConstantShapeError, PartitionerNotCallableError,
    PartitioningConflictError, PartitionMismatchError, ShapeMismatchError,
    VariableAlreadyExistsError, VariableNotFoundError,
)
from scopelab.initializers import describe
from scopelab.names import closest_names
from scopelab.tensor_shape import TensorShape
from scopelab.variables import PartitionedVariable, SaveSliceInfo, Variable

__all__ = ["get_partitioned", "ShardStore"]


class ShardStore(Protocol):
    """What the partitioned path uses of the store (``scopelab.store.VariableStore``)."""

    def lookup(self, name: str) -> Variable | None: ...
    def lookup_partitioned(self, name: str) -> PartitionedVariable | None: ...
    def partitioned_variables(self) -> list[PartitionedVariable]: ...
    def check_or_build(self, request: VariableRequest, name: str, shape: Any, initializer: Any,
                       partition_info: Any, dtype: DType, *, desc_full: str | None = None
                       ) -> Any: ...
    def commit_partitioned(self, container: PartitionedVariable, shards: list,
                           journal: list | None) -> None: ...
    def note(self, request: VariableRequest, kind: str, name: str, variable: Any) -> None: ...


def get_partitioned(store: ShardStore, request: VariableRequest,
                    partitioner: Callable | None) -> PartitionedVariable:
    """Get or create the ``PartitionedVariable`` ``request.name`` (caller holds the lock)."""
    name = request.name
    if partitioner is not None and not callable(partitioner):
        raise PartitionerNotCallableError(partitioner, name=name)
    plain = store.lookup(name)
    if plain is not None:
        raise PartitioningConflictError(
            name, partitioned_exists=False, created_at=plain.created_at,
            requested_at=request.requested_at, reuse=request.reuse, scope=request.scope)
    dtype, initializer = request.dtype, request.initializer
    tensor_like = is_tensor(initializer)   # tf.constant(...) results, as in TF
    shape = as_shape_arg(request.shape, name)
    if tensor_like:   # its value now (a symbolic tensor fails here, before any change)
        tensor_array = tensor_value(initializer, f"the initializer of variable {name!r}")
        try:
            shape = shape.merge_with(TensorShape(initializer.shape))
        except ValueError:
            raise PartitionedConstantShapeError(name, expected=shape,
                                                got=initializer.shape) from None
    partitions = None
    if not request.reuse or partitioner:
        partitions = _partitioners.call_partitioner(partitioner, shape, dtype)
    existing = store.lookup_partitioned(name)
    if existing is not None:
        return _reuse(store, request, existing, shape, dtype, partitions)
    if request.reuse is True:
        raise VariableNotFoundError(
            name, requested_at=request.requested_at, scope=request.scope,
            reuse_set_by=request.reuse_set_by, reuse_origin=request.reuse_origin,
            reuse_set_on=request.reuse_set_on,
            partitioned=True, suggestions=closest_names(name, (v.name for v in store.partitioned_variables())))
    slice_dim, num_slices = _partitioners.slice_dim_and_num_slices(partitions)
    if store.lookup(f"{name}/part_0") is not None:
        if store.lookup(f"{name}/part_{num_slices - 1}") is None:
            raise PartitionMismatchError(name, shards=num_slices)
        if store.lookup(f"{name}/part_{num_slices}") is not None:
            raise PartitionMismatchError(name, shards=num_slices, extra_shard=True)
    if initializer is not None and not callable(initializer) and not tensor_like:
        full_value = constant_for_partitions(name, initializer, dtype, shape)
    else:
        full_value = tensor_array if tensor_like else None
    if tensor_like:
        dtype = as_dtype(initializer.dtype)
    shards, infos = [], []
    variable_keys: dict = {}      # shared by the shards' initializers (partition-invariant mode)
    for i, (offset, var_shape) in enumerate(
            _partitioners.iter_slices(shape.as_list(), num_slices, slice_dim)):
        info = _partitioners.PartitionInfo(full_shape=shape.as_list(), var_offset=offset,
                                           variable_keys=variable_keys)
        if full_value is not None:
            index = tuple(slice(o, o + s) for o, s in zip(offset, var_shape))
            init, init_shape = np.ascontiguousarray(full_value[index]), None
        else:
            init, init_shape = initializer, var_shape
        shards.append(store.check_or_build(request, f"{name}/part_{i}", init_shape, init, info,
                                           dtype, desc_full=name))
        infos.append(SaveSliceInfo(name, shape.as_list(), offset, var_shape))
    for pending, info in zip(shards, infos):
        if not pending.existing:
            pending.variable._set_save_slice_info(info)
    # A constant is described by its full value (its shape is the variable's, not shard 0's).
    desc = describe(full_value) if full_value is not None else shards[0].variable.initializer_desc
    container = PartitionedVariable(
        name, shape, dtype, [p.variable for p in shards], partitions,
        created_at=request.requested_at, initializer_desc=desc, created_by=request.created_by)
    store.commit_partitioned(container, shards, request.journal)   # everything checked: commit
    store.note(request, "created", name, container)
    return container


def _reuse(store: ShardStore, request: VariableRequest, existing: PartitionedVariable,
           shape: TensorShape, dtype: DType, partitions: Any) -> PartitionedVariable:
    name, where = request.name, request.requested_at
    if request.reuse is False:
        raise VariableAlreadyExistsError(
            name, created_at=existing.created_at, requested_at=where, scope=request.scope,
            reuse_set_by=request.reuse_set_by, partitioned=True)
    if not shape.is_compatible_with(existing.get_shape()):
        raise ShapeMismatchError(
            name, expected=existing.get_shape(), got=shape, created_at=existing.created_at,
            requested_at=where, reuse=request.reuse, scope=request.scope, partitioned=True)
    if dtype != existing.dtype:
        raise DtypeMismatchError(
            name, expected=existing.dtype, got=dtype, created_at=existing.created_at,
            requested_at=where, reuse=request.reuse, scope=request.scope, partitioned=True)
    if partitions is not None and existing._get_partitions() != partitions:
        raise PartitionMismatchError(
            name, expected=existing._get_partitions(), got=partitions,
            created_at=existing.created_at, requested_at=where, reuse=request.reuse,
            scope=request.scope)
    store.note(request, "reused", name, existing)
    return existing
