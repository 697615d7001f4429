"""``VariableStore``: TF1's ``_VariableStore`` rules on one graph's variables.

A store is a graph's component (``graph.component(VariableStore)``): the state (variables,
collections, op names, events) belongs to the :class:`~scopelab.graph.Graph`; the store holds
the rules of ``get_variable`` (spec §2.4, §6.3–6.4) and the read API the views use. Every
get-or-create runs under the graph's re-entrant lock and is atomic: values, shards,
regularization losses and collection entries are all built and checked first, then registered
together, so a failed call leaves the graph exactly as it was (a call's journal undoes what a
custom getter registered before failing). Events go to subscribers after the lock is released.

Each call is one :class:`~scopelab._request.VariableRequest`: ``get_or_create`` runs its custom
getter around ``true_get`` (TF's keyword convention at that boundary), which routes to the single
path here or to :func:`scopelab._partitioned_path.get_partitioned`. Helpers: argument checks in
:mod:`scopelab._arguments`, initial values in :mod:`scopelab._initial_values`; the errors compose
their own texts (:mod:`scopelab.errors`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from scopelab import display, storage
from scopelab._arguments import (
    as_dtype_arg, as_shape_arg, check_collections, check_loss,
    validate_synchronization_aggregation_trainable,
)
from scopelab._initial_values import constant_array, initial_value, target_for
from scopelab._near_misses import record as record_auto_reuse
from scopelab._partitioned_path import get_partitioned
from scopelab._placement import place_variable, push_device
from scopelab._request import VariableRequest
from scopelab._signatures import accepts_keyword
from scopelab.dtypes import DType
from scopelab.dtypes import float32 as _float32
from scopelab.errors import (
    ConstantWithShapeError, CustomGetterError, DtypeMismatchError, InvalidArgumentError,
    InvalidArgumentTypeError, InvalidScopeNameError, PartitioningConflictError, ShapeMismatchError,
    VariableAlreadyExistsError, VariableNotFoundError,
)
from scopelab.graph import Graph, StoreEvent, get_default_graph
from scopelab.keys import GraphKeys
from scopelab.names import closest_names, is_valid_variable_name
from scopelab.regularizers import op_label
from scopelab.tensor_shape import TensorShape
from scopelab.variables import (
    PartitionedVariable, RegularizationLoss, Variable, VariableAggregation,
    VariableSynchronization,
)

__all__ = ["VariableStore", "StoreEvent", "Pending", "get_default_store", "constant_array",
           "validate_synchronization_aggregation_trainable"]

_AUTO, _NONE = VariableSynchronization.AUTO, VariableAggregation.NONE
_ON_READ = VariableSynchronization.ON_READ
_TRAINABLE = (None, True)   # trainable values that need no check under AUTO synchronization
_SEQUENCES = (list, tuple)

# The journal of the call in progress: the one whose custom getter is running, or an atomic()
# block (None otherwise); see open_journal().
_getter_journal: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "scopelab_getter_journal", default=None)


class Pending:
    """A variable built but not yet stored (or found), with its regularization loss (if any)."""

    __slots__ = ("variable", "loss", "existing")

    def __init__(self, variable: Variable, loss: RegularizationLoss | None, existing: bool) -> None:
        self.variable = variable
        self.loss = loss
        self.existing = existing


class VariableStore:
    """TF1's ``_VariableStore`` on one graph: get-or-create, and the views' read API."""

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = Graph() if graph is None else graph

    # --- read side (the contract views use; the state is the graph's) ----------------------------
    def variables(self) -> list[Variable]:
        """Every variable (shards included), in creation order."""
        return self.graph.variables()

    def partitioned_variables(self) -> list[PartitionedVariable]:
        return self.graph.partitioned_variables()

    def get(self, full_name: str) -> Variable | PartitionedVariable | None:
        found: Variable | PartitionedVariable | None = self.graph.get(full_name)
        return found

    def collection_keys(self) -> list[Any]:
        return self.graph.get_all_collection_keys()

    def get_collection(self, key: Any, scope: str | None = None) -> list[Any]:
        """A copy of a collection; ``scope`` keeps items whose ``.name`` ``re.match``-es it."""
        return self.graph.get_collection(key, scope)

    def get_collection_ref(self, key: Any) -> list[Any]:
        return self.graph.get_collection_ref(key)

    def regularization_losses(self) -> list[Any]:
        return self.graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)

    def add_to_collection(self, key: Any, value: Any) -> None:
        self.graph.add_to_collection(key, value)

    def add_to_collections(self, keys: Any, value: Any) -> None:
        self.graph.add_to_collections(keys, value)

    def clear_collection(self, key: Any) -> None:
        self.graph.clear_collection(key)

    def subscribe(self, fn: Callable[[StoreEvent], None]) -> Callable[[], None]:
        """Call ``fn(event)`` after every mutation (outside the lock). Returns ``unsubscribe()``."""
        return self.graph.subscribe(fn)

    def record_error(self, error: BaseException, name: str | None, scope_name: str | None,
                     reuse: Any) -> None:
        self.graph.record_error(error, name, scope_name, reuse)

    def reset(self) -> None:
        """Empty the graph in place (``tf.reset_default_graph()``); subscribers stay attached."""
        self.graph.reset()

    version = property(lambda self: self.graph.version, doc="+1 on every mutation")
    generation = property(lambda self: self.graph.generation, doc="+1 on every reset")
    last_error = property(lambda self: self.graph.last_error,
                          doc="the last failed get_variable's StoreEvent, or None")

    # --- get_variable (TF's _VariableStore.get_variable) -----------------------------------------
    def get_variable(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """TF's ``_VariableStore.get_variable``: the arguments of :class:`VariableRequest`.

        ``dtype`` defaults to float32 and ``reuse`` to ``None`` (get or create), as in TF's store.
        """
        request = VariableRequest(name, *args, **kwargs)
        if request.dtype is None:
            request = request._replace(dtype=_float32)
        return self.get_or_create(request)

    def get_or_create(self, request: VariableRequest, *, probed: bool = False) -> Any:
        """Check the request, then run its custom getter (if any) around the true getter.

        ``probed``: the caller already asked :meth:`reuse_existing` with this request's name,
        shape, ``DType``, initializer and reuse, and got ``None`` (no second dictionary miss)."""
        getter, name = request.custom_getter, request.name
        if getter is not None and not callable(getter):
            raise CustomGetterError(getter, name=name)
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        if type(request.dtype) is not DType:
            request = request._replace(dtype=as_dtype_arg(request.dtype, name))
        synchronization, aggregation, trainable = (request.synchronization, request.aggregation,
                                                   request.trainable)
        if not (synchronization is _AUTO and aggregation is _NONE and trainable in _TRAINABLE):
            # TF's conversion (synchronization=3 is ON_READ, and so not trainable), kept for the
            # true getter too, not just a custom getter's keywords
            synchronization, aggregation, trainable = \
                validate_synchronization_aggregation_trainable(synchronization, aggregation,
                                                               trainable, name)
            request = request._replace(synchronization=synchronization, aggregation=aggregation,
                                       trainable=trainable)
        if getter is None:
            return self.true_get(request, probed=probed)
        # TF1's boundary: the getter sees keyword arguments, resolved and normalised.
        if trainable is None:
            request = request._replace(trainable=True)
        token = _getter_journal.set(request.journal)
        try:
            return getter(getter=_TrueGetter(self, request),
                          **request.getter_kwargs(accepts_keyword(getter, "constraint")))
        finally:
            _getter_journal.reset(token)

    def true_get(self, request: VariableRequest, *, probed: bool = False) -> Any:
        """TF's ``_true_getter``: route to the partitioned or single path, apply reuse (§6.4);
        ``probed`` as in :meth:`get_or_create`."""
        name, shape, reuse, partitioner = (request.name, request.shape, request.reuse,
                                           request.partitioner)
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        graph = self.graph
        if partitioner is None and not probed:
            found = self.reuse_existing(name, shape, request.dtype, request.initializer,
                                        request.scope, reuse)
            if found is not None:
                return found
        if type(request.dtype) is not DType:
            request = request._replace(dtype=as_dtype_arg(request.dtype, name))
        is_scalar = (shape == () or shape == []) if type(shape) in (tuple, list) else (
            isinstance(shape, Sequence) and not isinstance(shape, str) and len(shape) == 0)
        graph.begin_mutation()     # `with graph.mutation():`, without the with (hot path)
        try:
            if partitioner is not None and not is_scalar:
                return get_partitioned(self, request, partitioner)
            if reuse is True and partitioner is None and graph.lookup_partitioned(name) is not None:
                return get_partitioned(self, request, None)
            shard = graph.lookup(f"{name}/part_0") if name in graph.shard_parents else None
            if shard is not None:
                raise PartitioningConflictError(
                    name, partitioned_exists=True, created_at=shard.created_at,
                    requested_at=request.requested_at, reuse=reuse, scope=request.scope)
            pending = self.check_or_build(request, name, shape, request.initializer, None,
                                          request.dtype)
            if not pending.existing:
                graph.add_variable(pending.variable, pending.loss, request.journal)
                if reuse is not None and reuse is not True and reuse is not False:
                    record_auto_reuse(graph, pending.variable)   # AUTO_REUSE's cost, if a typo
            self.note(request, "reused" if pending.existing else "created", name,
                      pending.variable)
            return pending.variable
        finally:
            graph.end_mutation()

    def reuse_existing(self, name: str, shape: Any, dtype: Any, initializer: Any,
                       scope_name: str, reuse: Any) -> Variable | None:
        """The fast path of a repeated request: the existing unpartitioned variable ``name`` if
        this request would get it without a question (``reuse`` not False, the same shape, or
        ``None``, the same ``DType``, no constant initializer, no shards of that name), with its
        ``reused`` event; else ``None`` and the full path decides (and raises what it must).
        Every reuse of a layer's weights takes it, so it reads the graph directly."""
        graph = self.graph
        lookup = graph.lookup
        found = lookup(name)
        if found is None or reuse is False or dtype is not found.dtype or not (
                shape is None or (type(shape) in _SEQUENCES and found.shape._dims == tuple(shape))
        ) or not (initializer is None or callable(initializer)) or name in graph.shard_parents:
            return None
        return found if graph.note_reused(name, found, scope_name, reuse, lookup) else None

    # --- the single-variable path, also used for each shard (caller holds the lock) ------------------
    def lookup(self, name: str) -> Variable | None:
        """The (unpartitioned) variable named ``name``, or ``None``."""
        return self.graph.lookup(name)

    def lookup_partitioned(self, name: str) -> PartitionedVariable | None:
        """The ``PartitionedVariable`` named ``name``, or ``None``."""
        return self.graph.lookup_partitioned(name)

    def check_or_build(self, request: VariableRequest, name: str, shape: Any, initializer: Any,
                       partition_info: Any, dtype: DType, *, desc_full: str | None = None
                       ) -> Pending:
        """TF ``_get_single_variable`` up to (not including) storing: existing, or built."""
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ConstantWithShapeError(name, shape, at=request.requested_at)
        shape = as_shape_arg(shape, name)
        found = self.graph.lookup(name)
        if found is not None:
            if request.reuse is False:
                raise VariableAlreadyExistsError(
                    name, created_at=found.created_at, requested_at=request.requested_at,
                    scope=request.scope, reuse_set_by=request.reuse_set_by)
            if not shape.is_compatible_with(found.shape):
                raise ShapeMismatchError(
                    name, expected=found.shape, got=shape, created_at=found.created_at,
                    requested_at=request.requested_at, reuse=request.reuse, scope=request.scope)
            if dtype != found.dtype:
                raise DtypeMismatchError(
                    name, expected=found.dtype, got=dtype, created_at=found.created_at,
                    requested_at=request.requested_at, reuse=request.reuse, scope=request.scope)
            return Pending(found, None, existing=True)
        if request.reuse is True:
            raise VariableNotFoundError(
                name, requested_at=request.requested_at, scope=request.scope,
                reuse_set_by=request.reuse_set_by, reuse_origin=request.reuse_origin,
                reuse_set_on=request.reuse_set_on,
                suggestions=closest_names(name, (v.full_name for v in self.graph.variables())))
        return self._build(request, name, shape, initializer, partition_info, dtype, desc_full)

    def _build(self, r: VariableRequest, name: str, shape: TensorShape, initializer: Any,
               partition_info: Any, dtype: DType, desc_full: str | None) -> Pending:
        if not is_valid_variable_name(name):
            raise InvalidScopeNameError(name, variable=True)
        collections = check_collections(r.collections, name)
        if r.constraint is not None and not callable(r.constraint):
            raise InvalidArgumentError(argument="constraint", got=r.constraint, name=name)
        if r.regularizer is not None and not callable(r.regularizer):
            raise InvalidArgumentError(argument="regularizer", got=r.regularizer, name=name)
        device = place_variable(r.device, name)   # a device function runs here (TF1: VariableV2)
        target = target_for(device)
        # TF1 builds the read under tf.device(caching_device) where the variable is made
        read_stack = None if r.caching_device is None else push_device(r.device, r.caching_device)
        if isinstance(r.caching_device, str) and r.caching_device:
            target_for(r.caching_device)          # a typo or an unavailable GPU fails here
        value, var_dtype, desc = initial_value(name, desc_full or name, shape, dtype,
                                                initializer, partition_info, target,
                                                placement=storage.place(device, name))
        trainable = r.trainable
        if trainable is None:
            trainable = r.synchronization is not _ON_READ
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = [*collections, GraphKeys.TRAINABLE_VARIABLES]
        variable = Variable(
            name, value, dtype=var_dtype, trainable=trainable, collections=collections,
            device=device, caching_device=r.caching_device, target=target,
            constraint=r.constraint, initializer_desc=desc, created_at=r.requested_at,
            synchronization=r.synchronization, aggregation=r.aggregation,
            validate_shape=r.validate_shape, use_resource=r.use_resource,
            on_assign=self.graph.on_assign, created_by=r.created_by,
            absolute_op_name=r.absolute_op_name)
        if read_stack is not None:
            variable.read_device_stack = read_stack
        loss = None
        if r.regularizer is not None:
            result = r.regularizer(variable)
            if result is not None:
                check_loss(result, name)
                loss = RegularizationLoss(variable, r.regularizer,
                                          f"{name}/Regularizer/{op_label(r.regularizer)}:0")
        return Pending(variable, loss, False)

    def commit_partitioned(self, container: PartitionedVariable, shards: list[Pending],
                           journal: list[Any] | None) -> None:
        """Register a partitioned variable and its new shards together (caller holds the lock)."""
        for pending in shards:
            if not pending.existing:
                self.graph.add_variable(pending.variable, pending.loss, journal)
        self.graph.add_partitioned(container, journal)

    def note(self, request: VariableRequest, kind: str, name: str, variable: Any) -> None:
        """Queue a ``created``/``reused`` event for a request (caller holds the lock)."""
        self.graph.note(kind, name, variable, scope_name=request.scope, reuse=request.reuse)

    # --- composite calls (custom getters): all or nothing -------------------------------------------
    def open_journal(self) -> tuple[list[Any], bool]:
        """The journal of commits for a public ``get_variable`` call, and whether the call owns
        it: a call made by a custom getter (while another call runs it) shares the outer one's."""
        outer = _getter_journal.get()
        return (outer, False) if outer is not None else ([], True)

    def undo(self, journal: list[Any]) -> None:
        """Undo the registrations of a failed call (e.g. the first variable a getter made)."""
        self.graph.undo(journal)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Run a block of ``get_variable`` calls as one call (model code that builds several
        variables: a layer, an RNN cell, an optimizer's slots): they share one journal, and if the
        block fails what they registered is undone. Inside a custom getter or another atomic
        block, the outer call owns the journal (and undoes it if it fails)."""
        journal, owned = self.open_journal()
        if not owned:
            yield
            return
        token = _getter_journal.set(journal)
        try:
            yield
        except BaseException:
            self.undo(journal)
            raise
        finally:
            _getter_journal.reset(token)

    # --- display --------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<scopelab.VariableStore: {len(self.graph.variables())} variables, "
                f"{len(self.graph.partitioned_variables())} partitioned, "
                f"version {self.graph.version}>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return display.mimebundle(self, include, exclude)


class _TrueGetter:
    """The ``getter`` a custom getter receives: TF's true getter, bound to this call's context."""

    __slots__ = ("store", "request")

    def __init__(self, store: VariableStore, request: VariableRequest) -> None:
        self.store = store
        self.request = request

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.store.true_get(self.request.from_getter_call(args, kwargs))

    def __repr__(self) -> str:
        return "<true getter of tf.get_variable>"


def get_default_store() -> VariableStore:
    """The default graph's store (``tf.reset_default_graph()`` empties it in place; inside
    ``with tf.Graph().as_default():`` it is that graph's)."""
    return get_default_graph().component(VariableStore)
