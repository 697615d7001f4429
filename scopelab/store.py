"""``VariableStore``: the one registry of variables, collections and losses (TF's graph + store).

One store per process ("the default graph"): variables by full name, partitioned containers,
collections, the graph's op names in use (for name-scope uniquification) and subscribers. Every
get-or-create runs under one re-entrant lock and is atomic: values, shards, regularization losses
and collection entries are all built and checked first, then committed together, so a failed call
leaves the store exactly as it was. Events go to subscribers after the lock is released.

The reuse rules are TF1's ``_VariableStore`` (spec §2.4, §6.3–6.4). Helpers: argument checks in
:mod:`scopelab._arguments`, initial values in :mod:`scopelab._initial_values`, the partitioned
path in :mod:`scopelab._partitioned_path`; the errors compose their own texts
(:mod:`scopelab.errors`).
"""

from __future__ import annotations

import contextvars
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from scopelab._context import Overridable
from scopelab._signatures import accepts_keyword
from scopelab import display
from scopelab.dtypes import DType
from scopelab.dtypes import float32 as _float32
from scopelab.errors import (
    ConstantWithShapeError, CustomGetterError, DtypeMismatchError, InvalidArgumentError,
    InvalidArgumentTypeError, InvalidScopeNameError, PartitioningConflictError, ShapeMismatchError,
    VariableAlreadyExistsError, VariableNotFoundError,
)
from scopelab.keys import GraphKeys
from scopelab.names import CreationSite, capture_site, closest_names, is_valid_op_name, site_for
from scopelab.tensor_shape import TensorShape
from scopelab.variables import (
    PartitionedVariable, RegularizationLoss, Variable, VariableAggregation,
    VariableSynchronization,
)
from scopelab._arguments import (
    as_dtype_arg, as_shape_arg, check_collection_key, check_collections, check_loss,
    validate_synchronization_aggregation_trainable,
)
from scopelab._initial_values import constant_array, initial_value, target_for
from scopelab._partitioned_path import PartitionedPath

__all__ = ["VariableStore", "StoreEvent", "RequestContext", "get_default_store", "default_store",
           "is_root_store_default",
           "validate_synchronization_aggregation_trainable", "constant_array"]


class StoreEvent(NamedTuple):
    """What happened in the store: ``created``, ``reused``, ``error``, ``reset`` or ``assigned``."""

    kind: str
    name: str | None
    variable: Variable | PartitionedVariable | None
    error: BaseException | None
    scope_name: str | None
    reuse: Any
    seq: int


class RequestContext:
    """Facts about the current ``get_variable`` request that only the scope layer knows."""

    __slots__ = ("scope_name", "reuse_set_by", "device", "_site", "_where")

    def __init__(self, scope_name: str = "",
                 reuse_set_by: str = "the reuse argument of VariableStore.get_variable",
                 device: str = "", requested_at: CreationSite | None = None,
                 where: tuple[str, int] | None = None) -> None:
        self.scope_name = scope_name
        self.reuse_set_by = reuse_set_by
        self.device = device
        self._site = requested_at
        self._where = where          # (filename, lineno) of the caller, formatted on demand

    @property
    def requested_at(self) -> CreationSite | None:
        if self._site is None and self._where is not None:
            self._site = site_for(*self._where)
        return self._site


_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "scopelab_request", default=None)
_DIRECT = RequestContext()
# Commits made by the current public get_variable call (None outside one); see begin_call().
_journal: contextvars.ContextVar[list | None] = contextvars.ContextVar("scopelab_journal",
                                                                       default=None)


def set_request(ctx: RequestContext | None) -> contextvars.Token:
    return _request.set(ctx)


def reset_request(token: contextvars.Token) -> None:
    _request.reset(token)


class _Pending:
    """A variable built but not yet stored, with its regularization loss (if any)."""

    __slots__ = ("variable", "loss", "existing")

    def __init__(self, variable: Variable, loss: RegularizationLoss | None, existing: bool) -> None:
        self.variable = variable
        self.loss = loss
        self.existing = existing


class VariableStore(PartitionedPath):
    """Variables, partitioned containers, collections and op names of one "graph"."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._vars: dict[str, Variable] = {}
        self._partitioned: dict[str, PartitionedVariable] = {}
        self._collections: dict[str, list] = {}
        self._names_in_use: dict[str, int] = {}
        self._subscribers: list[Callable[[StoreEvent], None]] = []
        self._pending_events: list[StoreEvent] = []
        self._depth = 0
        self._seq = 0
        self.version = 0
        self.generation = 0
        self.last_error: StoreEvent | None = None
        self._guard = VariableStore._MutationGuard(self)   # stateless; reused on the hot path

    # --- read side (the contract views use) ---------------------------------------------------------
    def variables(self) -> list[Variable]:
        """Every variable (shards included), in creation order."""
        with self._lock:
            return list(self._vars.values())

    def partitioned_variables(self) -> list[PartitionedVariable]:
        with self._lock:
            return list(self._partitioned.values())

    def get(self, full_name: str) -> Variable | PartitionedVariable | None:
        with self._lock:
            found = self._vars.get(full_name)
            return found if found is not None else self._partitioned.get(full_name)

    def collection_keys(self) -> list[str]:
        with self._lock:
            return list(self._collections)

    def get_collection(self, key: str, scope: str | None = None) -> list:
        """A copy of a collection; ``scope`` keeps items whose ``.name`` ``re.match``-es it."""
        with self._lock:
            items = list(self._collections.get(key, ()))
        if scope is None:
            return items
        try:
            pattern = re.compile(scope)
        except (TypeError, re.error) as exc:
            cls = InvalidArgumentTypeError if isinstance(exc, TypeError) else InvalidArgumentError
            raise cls(f"The scope filter of get_collection must be a regular expression string "
                      f"(matched with re.match against each item's name), got {scope!r}: {exc}. "
                      f"For a literal scope name use re.escape(name).", got=scope) from None
        return [item for item in items
                if isinstance(getattr(item, "name", None), str) and pattern.match(item.name)]

    def get_collection_ref(self, key: str) -> list:
        """The live list (TF ``get_collection_ref``); mutate it only under your own care."""
        with self._lock:
            return self._collections.setdefault(key, [])

    def regularization_losses(self) -> list:
        return self.get_collection(GraphKeys.REGULARIZATION_LOSSES)

    # --- collections and names ----------------------------------------------------------------------
    def add_to_collection(self, key: str, value: Any) -> None:
        self.add_to_collections([key], value)

    def add_to_collections(self, keys: Any, value: Any) -> None:
        keys = [keys] if isinstance(keys, str) else list(keys)
        for key in keys:
            check_collection_key(key)
        with self._mutation():
            for key in dict.fromkeys(keys):
                self._collections.setdefault(key, []).append(value)
            self._note("collection", None, None)

    def clear_collection(self, key: str) -> None:
        with self._mutation():
            self._collections.pop(key, None)
            self._note("collection", None, None)

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """TF ``Graph.unique_name``: case-insensitive, ``name``, ``name_1``, … (``name`` is full)."""
        with self._lock:
            key = name.lower()
            i = self._names_in_use.get(key, 0)
            journal = _journal.get() if mark_as_used else None
            if journal is not None:          # ops built inside get_variable (regularizers, getters)
                journal.append(("name", key, i))
            if mark_as_used:
                self._names_in_use[key] = i + 1
            if i > 0:
                base = key
                while key in self._names_in_use:
                    key = "%s_%d" % (base, i)
                    i += 1
                if mark_as_used:
                    if journal is not None:
                        journal.append(("name", key, 0))
                    self._names_in_use[key] = 1
                name = "%s_%d" % (name, i - 1)
            return name

    def names_snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._names_in_use)

    def restore_names(self, snapshot: dict[str, int]) -> None:
        """Undo op-name marks made since ``snapshot`` (rollback of a failed composite call)."""
        with self._lock:
            self._names_in_use.clear()
            self._names_in_use.update(snapshot)

    # --- subscribers and events ---------------------------------------------------------------------
    def subscribe(self, fn: Callable[[StoreEvent], None]) -> Callable[[], None]:
        """Call ``fn(event)`` after every mutation (outside the lock). Returns ``unsubscribe()``."""
        if not callable(fn):
            raise InvalidArgumentTypeError(
                f"subscribe() needs a callable taking one StoreEvent, got {type(fn).__name__}.")
        with self._lock:
            self._subscribers = [*self._subscribers, fn]

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = [s for s in self._subscribers if s is not fn]
        return unsubscribe

    def _note(self, kind: str, name: str | None, variable: Any, error: BaseException | None = None,
              scope_name: str | None = None, reuse: Any = None) -> None:
        """Queue an event (caller holds the lock); mutations also bump ``version``."""
        if kind not in ("reused", "error"):
            self.version += 1
        self._seq += 1
        if self._subscribers or kind == "error":
            event = StoreEvent(kind, name, variable, error, scope_name, reuse, self._seq)
            if kind == "error":
                self.last_error = event
            if self._subscribers:
                self._pending_events.append(event)

    class _MutationGuard:
        __slots__ = ("store",)

        def __init__(self, store: VariableStore) -> None:
            self.store = store

        def __enter__(self):
            store = self.store
            store._lock.acquire()
            store._depth += 1
            return store

        def __exit__(self, *exc) -> None:
            store = self.store
            store._depth -= 1
            events = None
            if store._depth == 0 and store._pending_events:
                events, store._pending_events = store._pending_events, []
            subscribers = store._subscribers
            store._lock.release()
            if events:
                _dispatch(subscribers, events)

    def _mutation(self) -> VariableStore._MutationGuard:
        return self._guard

    def _variable_assigned(self, variable: Variable) -> None:
        with self._mutation():
            if self._vars.get(variable.full_name) is variable:
                self._note("assigned", variable.full_name, variable)

    def record_error(self, error: BaseException, name: str | None, scope_name: str | None,
                     reuse: Any) -> None:
        """Remember a failed ``get_variable`` (``last_error``) and tell subscribers."""
        if getattr(error, "_scopelab_recorded", False):
            return
        try:
            error._scopelab_recorded = True  # type: ignore[attr-defined]
        except AttributeError:
            pass
        with self._mutation():
            self._note("error", name, None, error, scope_name, reuse)

    # --- reset ----------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Empty the store in place (``tf.reset_default_graph()``); subscribers stay attached."""
        with self._mutation():
            self._vars.clear()
            self._partitioned.clear()
            self._collections.clear()
            self._names_in_use.clear()
            self.last_error = None
            self.generation += 1
            self._note("reset", None, None)

    # --- get_variable (TF's _VariableStore.get_variable) -----------------------------------------
    def get_variable(self, name: str, shape: Any = None, dtype: Any = _float32,
                     initializer: Any = None, regularizer: Callable | None = None,
                     reuse: Any = None, trainable: bool | None = None,
                     collections: Any = None, caching_device: Any = None,
                     partitioner: Callable | None = None, validate_shape: bool = True,
                     use_resource: bool | None = None, custom_getter: Callable | None = None,
                     constraint: Callable | None = None,
                     synchronization: Any = VariableSynchronization.AUTO,
                     aggregation: Any = VariableAggregation.NONE):
        """Get or create ``name`` following ``reuse`` (``None``/``AUTO_REUSE``: get or create)."""
        if custom_getter is not None and not callable(custom_getter):
            raise CustomGetterError(custom_getter, name=name)
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        dtype = as_dtype_arg(dtype, name)
        synchronization, aggregation, trainable = validate_synchronization_aggregation_trainable(
            synchronization, aggregation, trainable, name)
        if custom_getter is None:
            return self._true_getter(name, shape, dtype, initializer, regularizer, reuse,
                                     trainable, collections, caching_device, partitioner,
                                     validate_shape, use_resource, constraint, synchronization,
                                     aggregation)
        kwargs = dict(name=name, shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, reuse=reuse, trainable=trainable,
                      collections=collections, caching_device=caching_device,
                      partitioner=partitioner, validate_shape=validate_shape,
                      use_resource=use_resource, synchronization=synchronization,
                      aggregation=aggregation)
        if accepts_keyword(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(getter=self._true_getter, **kwargs)

    def _true_getter(self, name: str, shape: Any = None, dtype: Any = _float32,
                     initializer: Any = None, regularizer: Callable | None = None,
                     reuse: Any = None, trainable: bool | None = None, collections: Any = None,
                     caching_device: Any = None, partitioner: Callable | None = None,
                     validate_shape: bool = True, use_resource: bool | None = None,
                     constraint: Callable | None = None,
                     synchronization: Any = VariableSynchronization.AUTO,
                     aggregation: Any = VariableAggregation.NONE):
        """Route to the partitioned or single path and apply the reuse rules (spec §6.4)."""
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        ctx = _request.get() or _DIRECT
        if partitioner is None and reuse is not False and type(shape) in (list, tuple):
            found = self._vars.get(name)       # fast path: the exact same request again
            if found is not None and dtype is found.dtype and \
                    found.shape._dims == tuple(shape) and (
                        initializer is None or callable(initializer)) and \
                    f"{name}/part_0" not in self._vars:
                with self._mutation():
                    if self._vars.get(name) is found:
                        self._note("reused", name, found, scope_name=ctx.scope_name, reuse=reuse)
                        return found
        dtype = as_dtype_arg(dtype, name)
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        args = _Args(name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                     caching_device, validate_shape, use_resource, constraint, synchronization,
                     aggregation, ctx)
        is_scalar = (shape == () or shape == []) if type(shape) in (tuple, list) else (
            isinstance(shape, Sequence) and not isinstance(shape, str) and len(shape) == 0)
        with self._mutation():
            if partitioner is not None and not is_scalar:
                result = self._get_partitioned(args, partitioner)
            elif reuse is True and partitioner is None and name in self._partitioned:
                result = self._get_partitioned(args, None)
            elif f"{name}/part_0" in self._vars:
                raise PartitioningConflictError(
                    name, partitioned_exists=True,
                    created_at=self._vars[f"{name}/part_0"].created_at,
                    requested_at=_requested(ctx), reuse=reuse, scope=ctx.scope_name)
            else:
                result = self._get_single(args)
        return result

    # --- single variables ---------------------------------------------------------------------------
    def _get_single(self, a: _Args) -> Variable:
        pending = self._check_or_build(a, a.name, a.shape, a.initializer, None, a.dtype)
        if pending.existing:
            self._note("reused", a.name, pending.variable, scope_name=a.ctx.scope_name,
                       reuse=a.reuse)
            return pending.variable
        self._commit(pending)
        self._note("created", a.name, pending.variable, scope_name=a.ctx.scope_name,
                   reuse=a.reuse)
        return pending.variable

    def _check_or_build(self, a: _Args, name: str, shape: Any, initializer: Any,
                        partition_info: Any, dtype: DType, *, desc_full: str | None = None
                        ) -> _Pending:
        """TF ``_get_single_variable`` up to (not including) storing: existing, or built."""
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ConstantWithShapeError(name, shape)
        shape = as_shape_arg(shape, name)
        found = self._vars.get(name)
        if found is not None:
            if a.reuse is False:
                raise VariableAlreadyExistsError(
                    name, created_at=found.created_at, requested_at=_requested(a.ctx),
                    scope=a.ctx.scope_name, reuse_set_by=a.ctx.reuse_set_by)
            if not shape.is_compatible_with(found.shape):
                raise ShapeMismatchError(
                    name, expected=found.shape, got=shape, created_at=found.created_at,
                    requested_at=_requested(a.ctx), reuse=a.reuse, scope=a.ctx.scope_name)
            if dtype != found.dtype:
                raise DtypeMismatchError(
                    name, expected=found.dtype, got=dtype, created_at=found.created_at,
                    requested_at=_requested(a.ctx), reuse=a.reuse, scope=a.ctx.scope_name)
            return _Pending(found, None, existing=True)
        if a.reuse is True:
            raise VariableNotFoundError(
                name, requested_at=_requested(a.ctx), scope=a.ctx.scope_name,
                reuse_set_by=a.ctx.reuse_set_by, suggestions=closest_names(name, self._vars))
        return self._build(a, name, shape, initializer, partition_info, dtype, desc_full)

    def _build(self, a: _Args, name: str, shape: TensorShape, initializer: Any,
               partition_info: Any, dtype: DType, desc_full: str | None) -> _Pending:
        if not is_valid_op_name(name) or name.endswith("/"):
            raise InvalidScopeNameError(name, variable=True)
        collections = check_collections(a.collections, name)
        if a.constraint is not None and not callable(a.constraint):
            raise InvalidArgumentError(argument="constraint", got=a.constraint, name=name)
        if a.regularizer is not None and not callable(a.regularizer):
            raise InvalidArgumentError(argument="regularizer", got=a.regularizer, name=name)
        target = target_for(a.ctx.device)
        if isinstance(a.caching_device, str) and a.caching_device:
            target_for(a.caching_device)          # a typo or an unavailable GPU fails here
        value, var_dtype, desc = initial_value(name, desc_full or name, shape, dtype,
                                                initializer, partition_info, target)
        if a.trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = [*collections, GraphKeys.TRAINABLE_VARIABLES]
        variable = Variable(
            name, value, dtype=var_dtype, trainable=a.trainable, collections=collections,
            device=a.ctx.device, caching_device=a.caching_device, target=target,
            constraint=a.constraint, initializer_desc=desc, created_at=_requested(a.ctx),
            synchronization=a.synchronization, aggregation=a.aggregation,
            validate_shape=a.validate_shape, use_resource=a.use_resource,
            on_assign=self._variable_assigned)
        loss = None
        if a.regularizer is not None:
            result = a.regularizer(variable)
            if result is not None:
                check_loss(result, name)
                loss = RegularizationLoss(variable, a.regularizer,
                                          f"{name}/Regularizer/{_op_label(a.regularizer)}:0")
        return _Pending(variable, loss, existing=False)

    def _commit(self, pending: _Pending) -> None:
        """Store a built variable: registry, collections, loss, op name (caller holds the lock)."""
        variable = pending.variable
        journal = _journal.get()
        new_keys = [k for k in (*variable.collections, GraphKeys.REGULARIZATION_LOSSES)
                    if k not in self._collections] if journal is not None else ()
        self._vars[variable.full_name] = variable
        for key in dict.fromkeys(variable.collections):
            self._collections.setdefault(key, []).append(variable)
        if pending.loss is not None:
            self._collections.setdefault(GraphKeys.REGULARIZATION_LOSSES, []).append(pending.loss)
        key = variable.full_name.lower()
        self._names_in_use[key] = self._names_in_use.get(key, 0) + 1
        if journal is not None:
            journal.append(("variable", variable, pending.loss,
                            [k for k in new_keys if k in self._collections]))

    # --- composite calls (custom getters): all or nothing -------------------------------------------
    def begin_call(self) -> contextvars.Token | None:
        """Start journaling commits for one public ``get_variable`` call (outermost call only)."""
        return _journal.set([]) if _journal.get() is None else None

    def end_call(self, token: contextvars.Token | None, failed: bool) -> None:
        """Finish a call; if it failed, undo what it committed (e.g. a getter's first variable)."""
        if token is None:
            return
        journal = _journal.get()
        _journal.reset(token)
        if failed and journal:
            self._rollback(journal)

    def _journal_partitioned(self, container: PartitionedVariable) -> None:
        journal = _journal.get()
        if journal is not None:
            journal.append(("partitioned", container))

    def _rollback(self, journal: list) -> None:
        with self._mutation():
            for entry in reversed(journal):
                if entry[0] == "name":              # an op name marked during the failed call
                    if entry[2]:
                        self._names_in_use[entry[1]] = entry[2]
                    else:
                        self._names_in_use.pop(entry[1], None)
                    continue
                if entry[0] == "partitioned":
                    if self._partitioned.get(entry[1].name) is entry[1]:
                        del self._partitioned[entry[1].name]
                    continue
                _, variable, loss, new_keys = entry
                if self._vars.get(variable.full_name) is variable:
                    del self._vars[variable.full_name]
                for items in self._collections.values():
                    items[:] = [x for x in items if x is not variable and x is not loss]
                for key in new_keys:
                    if not self._collections.get(key, True):
                        del self._collections[key]
                name_key = variable.full_name.lower()
                count = self._names_in_use.get(name_key, 0) - 1
                if count > 0:
                    self._names_in_use[name_key] = count
                else:
                    self._names_in_use.pop(name_key, None)
            self._note("rollback", None, None)

    # --- display --------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<scopelab.VariableStore: {len(self._vars)} variables, "
                f"{len(self._partitioned)} partitioned, version {self.version}>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return display.mimebundle(self, include, exclude)


class _Args:
    """The resolved arguments of one true-getter call (plain slots: this is the hot path)."""

    __slots__ = ("name", "shape", "dtype", "initializer", "regularizer", "reuse", "trainable",
                 "collections", "caching_device", "validate_shape", "use_resource", "constraint",
                 "synchronization", "aggregation", "ctx")

    def __init__(self, name, shape, dtype, initializer, regularizer, reuse, trainable,
                 collections, caching_device, validate_shape, use_resource, constraint,
                 synchronization, aggregation, ctx) -> None:
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.initializer = initializer
        self.regularizer = regularizer
        self.reuse = reuse
        self.trainable = trainable
        self.collections = collections
        self.caching_device = caching_device
        self.validate_shape = validate_shape
        self.use_resource = use_resource
        self.constraint = constraint
        self.synchronization = synchronization
        self.aggregation = aggregation
        self.ctx = ctx


# --- helpers ------------------------------------------------------------------------------------------
def _dispatch(subscribers: Sequence[Callable], events: Sequence[StoreEvent]) -> None:
    for event in events:
        for fn in subscribers:
            try:
                fn(event)
            except Exception as exc:  # a broken view must never break get_variable
                label = getattr(fn, "__qualname__", type(fn).__name__)
                warnings.warn(f"scopelab store subscriber {label} raised {exc!r}; ignored.",
                              RuntimeWarning, stacklevel=2)


def _requested(ctx: RequestContext) -> CreationSite:
    return ctx.requested_at if ctx.requested_at is not None else capture_site()


def _op_label(fn: Any) -> str:
    label = getattr(fn, "__name__", "")
    return label if label.isidentifier() else "loss"


# --- the default store --------------------------------------------------------------------------------
# The root store is the process-wide default graph's; ``tf.Graph().as_default()`` makes another store
# the default for the block (per thread and asyncio task, like TF's thread-local graph stack).
_default_stores: Overridable[VariableStore] = Overridable(VariableStore(), "scopelab_default_store")
_root_store = _default_stores.root
#: ``with default_store(store):`` makes ``store`` the default for the block.
default_store = _default_stores.using


def get_default_store() -> VariableStore:
    """The default graph's store; the root one is reset in place by ``reset_default_graph()``."""
    return _default_stores.get()


def is_root_store_default() -> bool:
    """Whether no ``Graph.as_default()`` block is active here (``reset_default_graph`` needs it)."""
    return _default_stores.is_root()

