"""Graph-level TF1 functions: collections, the default-graph facade, reset, and the deprecated
``create_partitioned_variables`` (ops and ``tf.constant`` live in ``scopelab.ops``).

The "graph" is the default :class:`~scopelab.store.VariableStore` plus every thread's scope frames;
``reset_default_graph()`` empties the store in place and makes all frames fall back to a fresh root.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from scopelab.display import count
from scopelab import random_seed as _random_seed
from scopelab.dtypes import float32 as _float32
from scopelab.errors import CustomGetterError, InvalidArgumentTypeError, PartitionerError
from scopelab.keys import GraphKeys
from scopelab.names import capture_site, join
from scopelab.scope import (
    _current, _frame, get_name_scope, get_variable_scope, name_scope, variable_scope,
)
from scopelab.store import (
    RequestContext, VariableStore, default_store, get_default_store, is_root_store_default,
    reset_request, set_request,
)

__all__ = [
    "Graph", "create_partitioned_variables", "reset_default_graph", "get_default_graph", "get_collection",
    "get_collection_ref", "add_to_collection", "add_to_collections", "global_variables",
    "all_variables", "trainable_variables", "local_variables", "model_variables",
]


def create_partitioned_variables(shape: Any, slicing: Any, initializer: Any,
                                 dtype: Any = _float32, trainable: bool = True,
                                 collections: Any = None, name: str | None = None,
                                 reuse: Any = None) -> list:
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
    counts_before = _current().counts
    store = get_default_store()
    names_before = store.names_snapshot()
    try:
        return _create_partitioned(shape, slicing, initializer, dtype, trainable, collections,
                                   name, reuse)
    except Exception:
        # Atomic like get_variable: forget the scope's default-name count and name scope.
        frame = _current()
        if frame.counts is not counts_before:
            _frame.set(replace(frame, counts=counts_before))
        store.restore_names(names_before)
        raise


def _create_partitioned(shape: Any, slicing: Any, initializer: Any, dtype: Any,
                        trainable: bool, collections: Any, name: str | None, reuse: Any) -> list:
    def partitioner(**unused_kwargs: Any) -> Any:
        return slicing

    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        scope = get_variable_scope()
        if scope.custom_getter is not None:
            raise CustomGetterError(scope.custom_getter, create_partitioned=True)
        frame = _current()
        store = get_default_store()
        token = set_request(RequestContext(scope.name, scope._reuse_set_by, frame.device,
                                           capture_site()))
        try:
            container = store.get_variable(
                scope.name, shape=shape, dtype=dtype,
                initializer=initializer if initializer is not None else scope.initializer,
                regularizer=scope.regularizer, reuse=scope.reuse, trainable=trainable,
                collections=collections, caching_device=scope.caching_device,
                partitioner=partitioner, constraint=scope.constraint)
        except Exception as exc:
            store.record_error(exc, scope.name, scope.name, scope.reuse)
            raise
        finally:
            reset_request(token)
    return list(container)


# --- graph-level helpers ------------------------------------------------------------------------
_RESET_INSIDE_GRAPH = (
    "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit "
    "the nesting and create a new graph.\n\n"
    "You are inside a `with tf.Graph().as_default():` block, whose graph is separate from the "
    "default one. To start afresh inside it, open another block:\n"
    "    with tf.Graph().as_default():\n"
    "        ...   # an empty graph: no variables, scopes or seed")

def reset_default_graph() -> None:
    """Start over: empty store, collections and op names, fresh scopes in every thread, no seed."""
    if not is_root_store_default():
        raise AssertionError(_RESET_INSIDE_GRAPH)
    get_default_store().reset()
    _random_seed.reset()
    _frame.set(None)


class Graph:
    """A TF1 graph: its own variable store, collections, op names, scopes and seed.

    ``with tf.Graph().as_default():`` runs the block on a fresh, separate graph (TF code that builds
    two models side by side does this); leaving the block returns to the previous default graph,
    its scopes and its variables untouched.
    """

    def __init__(self, store: VariableStore | None = None,
                 seed_state: _random_seed.SeedState | None = None) -> None:
        self._store = VariableStore() if store is None else store
        self._seed_state = _random_seed.SeedState() if seed_state is None else seed_state
        self._store.owner_graph = self   # lets get_default_graph() find the graph of a store

    @contextlib.contextmanager
    def as_default(self) -> Iterator[Graph]:
        """Make this the default graph for the block (per thread and asyncio task)."""
        with default_store(self._store), _random_seed.use_state(self._seed_state):
            frame_token = _frame.set(None)   # a graph starts at its own root scope
            try:
                yield self
            finally:
                _frame.reset(frame_token)

    @property
    def seed(self) -> int | None:
        """The graph-level seed (``tf.set_random_seed`` while this graph is the default)."""
        return self._seed_state.graph_seed

    @seed.setter
    def seed(self, value: int | None) -> None:
        with _random_seed.use_state(self._seed_state):
            _random_seed.set_random_seed(value)

    @property
    def store(self) -> VariableStore:
        """scopelab's view of the graph: the store holding its variables and collections."""
        return self._store

    def get_collection(self, name: str, scope: str | None = None) -> list:
        return self._store.get_collection(name, scope)

    def get_collection_ref(self, name: str) -> list:
        return self._store.get_collection_ref(name)

    def add_to_collection(self, name: str, value: Any) -> None:
        self._store.add_to_collection(name, value)

    def add_to_collections(self, names: Any, value: Any) -> None:
        self._store.add_to_collections(names, value)

    def get_all_collection_keys(self) -> list[str]:
        return self._store.collection_keys()

    def clear_collection(self, name: str) -> None:
        self._store.clear_collection(name)

    # --- ops: ``scopelab.ops`` keeps this graph's ops in ``self._op_registry`` ---------------------
    def _ops(self) -> Any:
        """The op registry ``scopelab.ops`` keeps here, unless a reset made it stale."""
        registry = getattr(self, "_op_registry", None)
        return registry if registry is not None and \
            registry.generation == self._store.generation else None

    def get_operations(self) -> list:
        registry = self._ops()
        return [] if registry is None else list(registry.ops)

    def get_operation_by_name(self, name: str) -> Any:
        return self._lookup(name, "op")

    def get_tensor_by_name(self, name: str) -> Any:
        return self._lookup(name, "tensor")

    def as_graph_element(self, obj: Any, allow_tensor: bool = True,
                         allow_operation: bool = True) -> Any:
        if isinstance(obj, str):
            kind = "any" if allow_tensor and allow_operation else (
                "tensor" if allow_tensor else "op")
            return self._lookup(obj, kind)
        return obj

    def _lookup(self, name: str, kind: str) -> Any:
        registry = self._ops()
        if registry is None:
            raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")
        return registry.lookup(name, kind)

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        return self._store.unique_name(join(get_name_scope(), name), mark_as_used)

    def get_name_scope(self) -> str:
        return get_name_scope()

    def name_scope(self, name: str | None) -> name_scope:
        return name_scope(name)

    def __repr__(self) -> str:
        which = "default graph" if self._store is _root_graph._store else "graph"
        return f"<scopelab {which}: {count(len(self._store.variables()), 'variable')}>"


_root_graph = Graph(get_default_store(), _random_seed._root_state)


def get_default_graph() -> Graph:
    """The graph whose store ``get_variable`` uses here (``Graph.as_default`` blocks nest)."""
    return get_default_store().owner_graph


def get_collection(key: str, scope: str | None = None) -> list:
    """A copy of collection ``key``; ``scope`` keeps items whose name ``re.match``-es it."""
    return get_default_store().get_collection(key, scope)


def get_collection_ref(key: str) -> list:
    return get_default_store().get_collection_ref(key)


def add_to_collection(name: str, value: Any) -> None:
    get_default_store().add_to_collection(name, value)


def add_to_collections(names: Any, value: Any) -> None:
    get_default_store().add_to_collections(names, value)


def global_variables(scope: str | None = None) -> list:
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope: str | None = None) -> list:
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list:
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope: str | None = None) -> list:
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)
