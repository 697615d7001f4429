"""The partitioned path of the store (TF ``_VariableStore._get_partitioned_variable``, spec §6.3).

A mixin of :class:`scopelab.store.VariableStore`: it runs under the store's lock and uses the
store's single-variable path for each shard, so shards are built and checked first and committed
all together (or not at all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from scopelab import partitioners as _partitioners
from scopelab._arguments import as_shape_arg
from scopelab._tensor_base import is_tensor, tensor_value
from scopelab._initial_values import constant_for_partitions
from scopelab.initializers import describe
from scopelab.dtypes import DType, as_dtype
from scopelab.errors import (
    DtypeMismatchError, PartitionedConstantShapeError, PartitionerNotCallableError,
    PartitioningConflictError, PartitionMismatchError, ShapeMismatchError,
    VariableAlreadyExistsError, VariableNotFoundError,
)
from scopelab.names import CreationSite, capture_site, closest_names
from scopelab.tensor_shape import TensorShape
from scopelab.variables import PartitionedVariable, SaveSliceInfo

__all__ = ["PartitionedPath"]


def _site_of(ctx: Any) -> CreationSite:
    site = ctx.requested_at
    return site if site is not None else capture_site()


class PartitionedPath:
    """Get or create a ``PartitionedVariable`` (mixed into the store; caller holds its lock)."""

    def _get_partitioned(self, a: _Args, partitioner: Callable | None) -> PartitionedVariable:
        name, ctx = a.name, a.ctx
        if partitioner is not None and not callable(partitioner):
            raise PartitionerNotCallableError(partitioner, name=name)
        if name in self._vars:
            raise PartitioningConflictError(
                name, partitioned_exists=False, created_at=self._vars[name].created_at,
                requested_at=_site_of(ctx), reuse=a.reuse, scope=ctx.scope_name)
        dtype = a.dtype
        initializer = a.initializer
        tensor_like = is_tensor(initializer)   # tf.constant(...) results, as in TF
        shape = as_shape_arg(a.shape, name)
        if tensor_like:   # its value now (a symbolic tensor fails here, before any change)
            tensor_array = tensor_value(initializer, f"the initializer of variable {name!r}")
            try:
                shape = shape.merge_with(TensorShape(initializer.shape))
            except ValueError:
                raise PartitionedConstantShapeError(name, expected=shape,
                                                    got=initializer.shape) from None
        partitions = None
        if not a.reuse or partitioner:
            partitions = _partitioners.call_partitioner(partitioner, shape, dtype)
        existing = self._partitioned.get(name)
        if existing is not None:
            return self._reuse_partitioned(a, existing, shape, dtype, partitions)
        if a.reuse is True:
            raise VariableNotFoundError(
                name, requested_at=_site_of(ctx), scope=ctx.scope_name,
                reuse_set_by=ctx.reuse_set_by, suggestions=closest_names(name, self._partitioned),
                partitioned=True)
        slice_dim, num_slices = _partitioners.slice_dim_and_num_slices(partitions)
        if f"{name}/part_0" in self._vars:
            if f"{name}/part_{num_slices - 1}" not in self._vars:
                raise PartitionMismatchError(name, shards=num_slices)
            if f"{name}/part_{num_slices}" in self._vars:
                raise PartitionMismatchError(name, shards=num_slices, extra_shard=True)
        if initializer is not None and not callable(initializer) and not tensor_like:
            full_value = constant_for_partitions(name, initializer, dtype, shape)
        else:
            full_value = tensor_array if tensor_like else None
        if tensor_like:
            dtype = as_dtype(initializer.dtype)
        pending: list[_Pending] = []
        infos = []
        for i, (offset, var_shape) in enumerate(
                _partitioners.iter_slices(shape.as_list(), num_slices, slice_dim)):
            info = _partitioners.PartitionInfo(full_shape=shape.as_list(), var_offset=offset)
            if full_value is not None:
                index = tuple(slice(o, o + s) for o, s in zip(offset, var_shape))
                init, init_shape = np.ascontiguousarray(full_value[index]), None
            else:
                init, init_shape = initializer, var_shape
            shard_name = f"{name}/part_{i}"
            pending.append(self._check_or_build(a, shard_name, init_shape, init, info, dtype,
                                                desc_full=name))
            infos.append(SaveSliceInfo(name, shape.as_list(), offset, var_shape))
        for p, info in zip(pending, infos):
            if not p.existing:
                p.variable._set_save_slice_info(info)
        shards = [p.variable for p in pending]
        # A constant is described by its full value (its shape is the variable's, not shard 0's).
        desc = describe(full_value) if full_value is not None else shards[0].initializer_desc
        container = PartitionedVariable(
            name, shape, dtype, shards, partitions, created_at=_site_of(ctx),
            initializer_desc=desc)
        for p in pending:             # everything checked and built: commit all shards at once
            if not p.existing:
                self._commit(p)
        self._partitioned[name] = container
        self._journal_partitioned(container)
        self._note("created", name, container, scope_name=ctx.scope_name, reuse=a.reuse)
        return container

    def _reuse_partitioned(self, a: _Args, existing: PartitionedVariable, shape: TensorShape,
                           dtype: DType, partitions: Any) -> PartitionedVariable:
        name, ctx = a.name, a.ctx
        if a.reuse is False:
            raise VariableAlreadyExistsError(
                name, created_at=existing.created_at, requested_at=_site_of(ctx),
                scope=ctx.scope_name, reuse_set_by=ctx.reuse_set_by, partitioned=True)
        if not shape.is_compatible_with(existing.get_shape()):
            raise ShapeMismatchError(
                name, expected=existing.get_shape(), got=shape, created_at=existing.created_at,
                requested_at=_site_of(ctx), reuse=a.reuse, scope=ctx.scope_name,
                partitioned=True)
        if dtype != existing.dtype:
            raise DtypeMismatchError(
                name, expected=existing.dtype, got=dtype, created_at=existing.created_at,
                requested_at=_site_of(ctx), reuse=a.reuse, scope=ctx.scope_name,
                partitioned=True)
        if partitions is not None and existing._get_partitions() != partitions:
            raise PartitionMismatchError(
                name, expected=existing._get_partitions(), got=partitions,
                created_at=existing.created_at, requested_at=_site_of(ctx), reuse=a.reuse,
                scope=ctx.scope_name)
        self._note("reused", name, existing, scope_name=ctx.scope_name, reuse=a.reuse)
        return existing
