"""The graph: one owner for the state TF1 kept per graph, behind one context variable.

A :class:`Graph` holds what TF1's graph and its variable store held: the variables and
partitioned containers by full name, the collections, the op names in use (name-scope
uniquification), the graph-level seed with its op counter, and the event feed the live views
read (``version``, ``last_error``, subscribers). Which graph is the default, and where a thread
(or asyncio task) stands in it, is one immutable :class:`Frame` in one context variable: its
graph, name scope, device, variable scope and default-name counts (the last two are managed by
:mod:`scopelab.scope` through :func:`push` and :func:`pop`), and the label model code gives the
variables it creates (:class:`created_by`, carried into each request; the core never reads it).
``Graph.as_default()`` makes a fresh
frame of its graph current for the block; ``reset_default_graph()`` empties the root graph in
place and bumps its ``generation``, which turns every thread's frames stale (they fall back to a
fresh root on next use).

The graph also keeps the op registry of :mod:`scopelab.ops` (``get_operations``,
``get_operation_by_name``, ``get_tensor_by_name``: ops live above the core, their registry here).
The rules of ``get_variable`` are above, in :mod:`scopelab.store` (a graph's ``VariableStore`` is
its component: ``graph.component(VariableStore)``). This module sits low, below the value makers,
because seeded initializers read the graph seed and variables name their op results, as TF's
``ops.Graph`` sits below everything. Mutations hold the graph's re-entrant lock; events are
delivered after the outermost mutation releases it (:mod:`scopelab._events`; op names follow
:class:`scopelab.names.OpNames`). About 600 lines, on purpose: the graph's state, the frame that
selects it and TF's graph-level API (name scopes, devices, collections, op lookups) are one unit;
splitting them would bring back several owners of graph state.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from scopelab._default_names import ScopeCounts
from scopelab._events import EventFeed, StoreEvent
from scopelab._placement import colocation, push_device
from scopelab.device_spec import DeviceSpec
from scopelab.display import count
from scopelab.errors import (
    GraphElementNotFoundError, InvalidArgumentError, InvalidArgumentTypeError,
    InvalidScopeNameError, ScopeNestingError,
)
from scopelab.keys import GraphKeys
from scopelab.names import NameLog, OpNames, is_valid_op_name, is_valid_scope_name

__all__ = [
    "DEFAULT_GRAPH_SEED", "Graph", "Frame", "ThreadState", "StoreEvent", "get_default_graph", "reset_default_graph",
    "current_frame", "push", "pop", "name_scope", "device", "placed", "colocated", "colocate_with",
    "created_by",
    "get_name_scope",
    "get_collection", "get_collection_ref", "add_to_collection", "add_to_collections",
    "global_variables", "all_variables", "trainable_variables", "local_variables",
    "model_variables", "check_collection_key",
]

DEFAULT_GRAPH_SEED = 87654321   # TF1 random_seed.DEFAULT_GRAPH_SEED
_MAXINT32 = 2**31 - 1


_C = TypeVar("_C")   # a graph component (the store ...)

class Graph(EventFeed):
    """A TF1 graph: its variables, collections, op names, seed and events.

    ``with tf.Graph().as_default():`` runs the block on a fresh, separate graph; leaving it returns
    to the previous default graph, its scopes and its variables untouched. The lock, subscribers,
    ``version`` and ``last_error`` are the graph's :class:`~scopelab._events.EventFeed`.
    """

    def __init__(self) -> None:
        super().__init__()
        self._vars: dict[str, Any] = {}
        self._partitioned: dict[str, Any] = {}
        self._collections: dict[Any, list[Any]] = {}
        self._op_names = OpNames()
        self._seed: int | None = None
        self._last_op_id = 0
        self._components: dict[Any, Any] = {}
        self._finalized = False
        self.generation = 0       # +1 on every reset (frames of an older one are stale)
        self._op_registry: Any = None   # scopelab.ops keeps the graph's ops here
        #: Every ``N`` with a variable ``N/part_0`` (a partitioned variable's first shard, or a
        #: plain variable so named): asking for ``N`` unpartitioned is then a conflict. The store's
        #: reuse fast path asks this small set instead of building and looking up ``N/part_0``.
        self.shard_parents: set[str] = set()
        #: ``lookup(full_name)``: the (unpartitioned) variable, or ``None``; and the partitioned one
        #: (the dicts' own ``get``: every ``get_variable`` asks, so no Python frame in between).
        self.lookup = self._vars.get
        self.lookup_partitioned = self._partitioned.get
        #: :meth:`variable_assigned`, bound once: every variable the store makes keeps it as its
        #: ``on_assign``, and a bound method made per variable is one more object for each of
        #: Python's full garbage collections to walk (they cost more than the rest of a creation).
        self.on_assign = self.variable_assigned

    # --- variables (the store's registry) --------------------------------------------------------
    def variables(self) -> list[Any]:
        """Every variable (shards included), in creation order."""
        with self.lock:
            return list(self._vars.values())

    def partitioned_variables(self) -> list[Any]:
        with self.lock:
            return list(self._partitioned.values())

    def get(self, full_name: str) -> Any:
        """The variable or partitioned variable named ``full_name``, or ``None``."""
        found = self._vars.get(full_name)
        return found if found is not None else self._partitioned.get(full_name)

    def add_variable(self, variable: Any, loss: Any, journal: list[Any] | None) -> None:
        """Register a new variable: by name, in its collections, its loss, its op name.

        The caller holds the lock (``with graph.mutation():``); ``journal`` records what to undo.
        """
        full_name = variable.full_name
        self._vars[full_name] = variable
        if full_name.endswith("/part_0"):
            self.shard_parents.add(full_name[:-7])
        collections = self._collections
        new_keys = []      # the collections this call starts (undo removes them again)
        for key in dict.fromkeys(variable.collections):
            items = collections.get(key)
            if items is None:
                items = collections[key] = []
                new_keys.append(key)
            items.append(variable)
        if loss is not None:
            items = collections.get(GraphKeys.REGULARIZATION_LOSSES)
            if items is None:
                items = collections[GraphKeys.REGULARIZATION_LOSSES] = []
                new_keys.append(GraphKeys.REGULARIZATION_LOSSES)
            items.append(loss)
        # TF1 names the variable's op through the graph's unique_name at the root name scope: when
        # another op already has the name (a tf.Variable, a tf.constant, a name scope), the op
        # becomes "<name>_1" while the store still finds the variable by its requested name.
        names_log: NameLog = []
        if not variable.absolute_op_name:
            op_name = self._op_names.unique(variable.full_name, True, names_log)   # caller holds lock
            if op_name != variable.full_name:
                variable.op_name = op_name
        if journal is not None:
            journal.append(("variable", variable, loss, new_keys, names_log))

    def add_partitioned(self, container: Any, journal: list[Any] | None) -> None:
        """Register a ``PartitionedVariable`` (its shards were added first; caller holds the lock)."""
        self._partitioned[container.name] = container
        if journal is not None:
            journal.append(("partitioned", container))

    def undo(self, journal: list[Any]) -> None:
        """Remove what a failed call registered (``journal`` from :meth:`add_variable`)."""
        if not journal:
            return
        with self.mutation():
            for entry in reversed(journal):
                if entry[0] == "partitioned":
                    name = entry[1].name
                    if self._partitioned.get(name) is entry[1]:
                        del self._partitioned[name]
                    continue
                _, variable, loss, new_keys, names_log = entry
                full_name = variable.full_name
                if self._vars.get(full_name) is variable:
                    del self._vars[full_name]
                    if full_name.endswith("/part_0"):
                        self.shard_parents.discard(full_name[:-7])
                for items in self._collections.values():
                    items[:] = [x for x in items if x is not variable and x is not loss]
                for key in new_keys:
                    if not self._collections.get(key, True):
                        del self._collections[key]
                self._op_names.forget(names_log)
            self.note("rollback")

    # --- collections (TF's Graph methods) ----------------------------------------------------------
    def get_collection(self, name: Any, scope: str | None = None) -> list[Any]:
        """A copy of collection ``name``; ``scope`` keeps items whose ``.name`` ``re.match``-es it."""
        with self.lock:
            items = list(self._collections.get(name, ()))
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

    def get_collection_ref(self, name: Any) -> list[Any]:
        """The live list (TF ``get_collection_ref``); mutate it only under your own care."""
        with self.lock:
            return self._collections.setdefault(name, [])

    def get_all_collection_keys(self) -> list[Any]:
        with self.lock:
            return list(self._collections)

    def add_to_collection(self, name: Any, value: Any) -> None:
        self.add_to_collections([name], value)

    def add_to_collections(self, names: Any, value: Any) -> None:
        names = [names] if isinstance(names, str) else list(names)
        for name in names:
            check_collection_key(name)
        with self.mutation():
            for name in dict.fromkeys(names):
                self._collections.setdefault(name, []).append(value)
            self.note("collection")

    def clear_collection(self, name: Any) -> None:
        with self.mutation():
            self._collections.pop(name, None)
            self.note("collection")

    # --- ops: ``scopelab.ops`` keeps this graph's ops in ``self._op_registry`` ---------------------
    def get_operations(self) -> list[Any]:
        registry = self._op_registry
        return [] if registry is None or registry.generation != self.generation else list(
            registry.ops)

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
        registry = self._op_registry
        try:
            if registry is None or registry.generation != self.generation:
                if isinstance(name, str):       # no op yet: TF's KeyError, explained
                    op_name, colon, _ = name.partition(":")
                    raise GraphElementNotFoundError(name, op_name=op_name, tensor=bool(colon))
                raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")
            return registry.lookup(name, kind)
        except KeyError:
            variable = self._variable_by_op_name(name, kind)
            if variable is None:
                raise
            return variable

    def _variable_by_op_name(self, name: str, kind: str) -> Any:
        """The variable whose op is ``name`` (``"w"``) or whose value is ``name`` (``"w:0"``): in
        TF1 a variable is an op of the graph, so ``sess.run("w:0")`` and
        ``get_tensor_by_name("w:0")`` find it; scopelab's variables are not ops, so they are
        looked up here, after the ops."""
        if not isinstance(name, str):
            return None
        op_name, colon, index = name.partition(":")
        if (colon and (index != "0" or kind == "op")) or (not colon and kind == "tensor"):
            return None
        with self.lock:
            candidates = list(self._vars.values())
            for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
                candidates += self._collections.get(key, ())   # tf.Variable is not in _vars
        return next((v for v in candidates if getattr(v, "op_name", None) == op_name), None)

    # --- op names (TF's Graph._names_in_use, see scopelab.names.OpNames) ----------------------------
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """TF ``Graph.unique_name``: ``name`` under the current name scope, made unique
        case-insensitively (``a/op``, ``a/op_1``, …); ``mark_as_used=False`` only asks."""
        frame = current_frame()
        log = None
        if frame.graph is self:
            if frame.name_stack:
                name = frame.name_stack + "/" + name
            log = frame.thread.name_log   # an atomic call in progress can give the name back
        with self.lock:
            return self._op_names.unique(name, mark_as_used, log)

    def op_names(self) -> dict[str, int]:
        """A copy of the op names in use (lowercased) and how often each was asked for."""
        with self.lock:
            return self._op_names.copy()

    def forget_names(self, log: NameLog) -> None:
        """Give back the name scopes recorded in ``log`` (see :func:`enter_name_scope`)."""
        with self.lock:
            self._op_names.forget(log)

    def name_scope(self, name: str | None) -> name_scope:
        """TF ``Graph.name_scope`` (this graph must be the default one, as in TF)."""
        return name_scope(name)

    def get_name_scope(self) -> str:
        return get_name_scope()

    def device(self, device_name_or_function: Any) -> device:
        """TF ``Graph.device``: ``tf.device`` (this graph must be the default one)."""
        return device(device_name_or_function)

    # --- seed ------------------------------------------------------------------------------------------
    @property
    def seed(self) -> int | None:
        """The graph-level seed (``tf.set_random_seed`` while this graph is the default)."""
        return self._seed

    @seed.setter
    def seed(self, value: int | None) -> None:
        with self.lock:
            self._seed = value

    def reset_seed(self) -> None:
        """No graph seed, op counter at 0 (also part of :meth:`reset`)."""
        with self.lock:
            self._seed, self._last_op_id = None, 0

    def seeds_for(self, op_seed: int | None) -> tuple[int | None, int | None]:
        """TF1 ``random_seed.get_seed``: the seed pair of an op with ``op_seed`` in this graph.

        Without a graph seed an unseeded op gets ``(None, None)``; with one, an unseeded op takes
        the next op id (TF's ``graph._last_id``), so creation order decides the numbers.
        """
        lock = self.lock     # acquire/release: every random initializer asks (see enter_name_scope)
        lock.acquire()
        try:
            if self._seed is not None:
                if op_seed is None:
                    self._last_op_id += 1
                    op_seed = self._last_op_id
                seeds = (self._seed % _MAXINT32, op_seed % _MAXINT32)
            elif op_seed is not None:
                seeds = (DEFAULT_GRAPH_SEED, op_seed % _MAXINT32)
            else:
                return None, None
        finally:
            lock.release()
        return (0, _MAXINT32) if seeds == (0, 0) else seeds

    # --- events (the feed's, see scopelab._events) ---------------------------------------------------
    def variable_assigned(self, variable: Any) -> None:
        """``variable.assign(...)`` happened (the store passes this as its ``on_assign``)."""
        with self.mutation():
            full_name = variable.full_name
            if self._vars.get(full_name) is variable:
                self.note("assigned", full_name, variable)

    # --- whole-graph ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Empty the graph in place (``tf.reset_default_graph()``); subscribers stay attached."""
        with self.mutation():
            self._vars.clear()
            self.shard_parents.clear()
            self._partitioned.clear()
            self._collections.clear()
            self._op_names.clear()
            self._seed, self._last_op_id = None, 0
            self.last_error = None
            self.generation += 1
            self.note("reset")

    def component(self, factory: Callable[[Graph], _C]) -> _C:
        """The graph's component made by ``factory(graph)`` (one per factory, made on first use;
        ``graph.component(VariableStore)`` is the graph's store)."""
        found = self._components.get(factory)
        if found is None:
            with self.lock:
                found = self._components.get(factory)
                if found is None:
                    found = self._components[factory] = factory(self)
        return found

    @contextlib.contextmanager
    def as_default(self) -> Iterator[Graph]:
        """Make this the default graph for the block (per thread and asyncio task)."""
        token = _frame.set(_root_frame(self))
        try:
            yield self
        finally:
            _frame.reset(token)

    def finalize(self) -> None:
        """TF1 ``Graph.finalize`` (marks the graph; recorded only: nothing refuses new ops)."""
        self._finalized = True

    @property
    def finalized(self) -> bool:
        return self._finalized

    def __repr__(self) -> str:
        which = "default graph" if self is _ROOT else "graph"
        return f"<scopelab {which}: {count(len(self._vars), 'variable')}>"


def check_collection_key(key: Any) -> None:
    try:
        hash(key)
    except TypeError:
        raise InvalidArgumentTypeError(
            f"A collection key must be hashable (usually a string such as "
            f"tf.GraphKeys.GLOBAL_VARIABLES), got {type(key).__name__} {key!r}.") from None


# --- where each thread stands: one immutable frame in one context variable ------------------------
class ThreadState:
    """What one thread keeps in one graph across its frames (TF's thread-local scope store): its
    root ``VariableScope`` (made on first use by :mod:`scopelab.scope`), its default-name counts,
    and the log of name scopes and op names taken by an atomic call in progress (``None`` outside
    one: ``get_variable``, whose regularizer or custom getter may build ops, and
    ``create_partitioned_variables``)."""

    __slots__ = ("root_scope", "counts", "name_log")

    def __init__(self) -> None:
        self.root_scope: Any = None
        self.counts = ScopeCounts()
        self.name_log: NameLog | None = None


class Frame:
    """Where a thread stands: its graph, name scope, device, variable scope and the label of
    what creates variables here (see :class:`created_by`).

    Immutable: never changed once made (but for ``variable_scope``, ``None`` at a thread's root,
    which ``scopelab.scope`` may fill in with that thread's root scope, the scope ``None`` stood
    for); each push makes a new frame, so the frame's identity tells whether it is still the
    current one. A class with slots rather than a NamedTuple: the fields are read a dozen times
    per scope entry and ``get_variable``, and a slot is the interpreter's fastest attribute read
    (a NamedTuple field is a descriptor call)."""

    __slots__ = ("graph", "generation", "name_stack", "device", "variable_scope", "thread",
                 "parent", "created_by")

    def __init__(self, graph: Graph, generation: int, name_stack: str, device: Any,
                 variable_scope: Any, thread: ThreadState, parent: Frame | None,
                 created_by: str) -> None:
        self.graph = graph
        self.generation = generation  # the graph's generation when the frame was made (reset -> stale)
        self.name_stack = name_stack  # the current name scope, without the trailing "/"
        self.device = device          # the tf.device stack: "" (none open) or a _placement.DeviceStack
        self.variable_scope = variable_scope   # scopelab.scope's VariableScope; None: the root's
        self.thread = thread          # shared by the frames of this thread (or task) in this graph
        self.parent = parent
        self.created_by = created_by  # "tf.layers.dense" inside model code that labels its variables

    def child(self, name_stack: str | None = None, device: Any = None,
              variable_scope: Any = None, created_by: str | None = None) -> Frame:
        """A frame one level deeper (to :func:`push`): ``None`` keeps this frame's value."""
        return Frame(
            self.graph, self.generation, self.name_stack if name_stack is None else name_stack,
            self.device if device is None else device,
            self.variable_scope if variable_scope is None else variable_scope, self.thread,
            self, self.created_by if created_by is None else created_by)

    def __repr__(self) -> str:
        return (f"<scopelab.graph.Frame name_stack={self.name_stack!r} "
                f"variable_scope={getattr(self.variable_scope, 'name', None)!r}>")


_frame: contextvars.ContextVar[Frame | None] = contextvars.ContextVar("scopelab_frame",
                                                                     default=None)


def _root_frame(graph: Graph) -> Frame:
    return Frame(graph, graph.generation, "", "", None, ThreadState(), None, "")


def current_frame() -> Frame:
    """This thread's frame: a fresh root of the default graph if none, or if its graph was reset."""
    frame = _frame.get()
    if frame is None or frame.generation != frame.graph.generation:
        frame = _root_frame(_ROOT if frame is None else frame.graph)
        _frame.set(frame)
    return frame


#: ``push(frame)``: make ``frame`` (a :meth:`Frame.child` of the current one) current. The context
#: variable's own ``set`` (every scope entry calls it: no Python frame in between).
push = _frame.set


def pop(pushed: Frame, what: str, scope: str | None = None) -> bool:
    """Leave ``pushed``: its parent becomes current again. Leaving out of order raises TF's
    "Improper nesting of <what>."; a frame made stale by a reset is simply left (``False``)."""
    current = _frame.get()
    if current is not pushed:
        if current is not None and current.graph is pushed.graph \
                and current.generation == pushed.generation:
            raise ScopeNestingError(what, scope=scope)
        _frame.set(pushed.parent)
        return False
    _frame.set(pushed.parent)
    return True


def get_default_graph() -> Graph:
    """The graph ``get_variable`` uses here (``Graph.as_default`` blocks nest)."""
    return current_frame().graph


_RESET_INSIDE_GRAPH = (
    "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit "
    "the nesting and create a new graph.\n\n"
    "You are inside a `with tf.Graph().as_default():` block, whose graph is separate from the "
    "default one. To start afresh inside it, open another block:\n"
    "    with tf.Graph().as_default():\n"
    "        ...   # an empty graph: no variables, scopes or seed")


def reset_default_graph() -> None:
    """Start over: empty graph, collections and op names, no seed, fresh scopes in every thread."""
    if current_frame().graph is not _ROOT:
        raise AssertionError(_RESET_INSIDE_GRAPH)
    _ROOT.reset()
    _frame.set(None)


# --- name scopes and devices ------------------------------------------------------------------------
def get_name_scope() -> str:
    """The current name scope without a trailing ``/`` (``""`` at the root)."""
    return current_frame().name_stack


def enter_name_scope(frame: Frame, name: str | None) -> tuple[str, str]:
    """TF ``Graph.name_scope`` from ``frame``: validate, uniquify (or re-enter absolutely with a
    trailing ``/``; ``None``/``""`` is the root). Returns the new stack and the scope string."""
    stack = frame.name_stack
    if not name:
        return "", ""
    # Letters and digits ("layer3") are valid anywhere: tested here, before either check's call.
    if not ((name.isalnum() and name.isascii())
            or (is_valid_scope_name(name) if stack else is_valid_op_name(name))):
        raise InvalidScopeNameError(name, nested=bool(stack))
    if name[-1] == "/":
        return name[:-1], name
    lock = frame.graph.lock     # acquire/release: half the cost of the lock's `with` (3.11)
    lock.acquire()
    try:
        unique = frame.graph._op_names.unique(f"{stack}/{name}" if stack else name, True,
                                              frame.thread.name_log)
    finally:
        lock.release()
    return unique, unique + "/"


class name_scope:  # noqa: N801 - TF's public name
    """TF1 ``name_scope``: affects op names only (``get_variable`` ignores it).

    Yields the scope string (``"a/b/"``). Names are uniquified per graph, case-insensitively
    (``a``, ``a_1``); a name ending in ``/`` re-enters that absolute scope; ``None`` or ``""``
    resets to the root.
    """

    def __init__(self, name: str | None, default_name: str | None = None,
                 values: Any = None) -> None:
        if name is None and default_name is None and values is not None:
            raise InvalidArgumentError(
                f"At least one of name ({name}) and default_name ({default_name}) must be "
                f"provided.")
        chosen = default_name if name is None else name
        if chosen is not None and not isinstance(chosen, str):
            raise InvalidArgumentTypeError(argument="name_scope", got=chosen)
        self._name = chosen
        self._pushed: list[Frame] = []

    def __enter__(self) -> str:
        parent = current_frame()
        stack, entered = enter_name_scope(parent, self._name)
        frame = parent.child(name_stack=stack)
        self._pushed.append(frame)
        push(frame)
        return entered

    def __exit__(self, *exc_info: Any) -> None:
        if not self._pushed:
            raise ScopeNestingError("name_scope")
        pop(self._pushed[-1], "name_scope", scope=self._pushed[-1].name_stack)
        self._pushed.pop()

    def __repr__(self) -> str:
        return f"<tf.name_scope({self._name!r})>"


class device:  # noqa: N801 - TF's public name
    """TF1 graph mode's ``tf.device(device_name_or_function)``: ops and variables created inside
    are placed by the stack of open blocks (:mod:`scopelab._placement`): strings merge (inner
    fields win; ``""`` changes nothing), a function ``fn(op) -> str`` decides per op, ``None``
    ignores the blocks outside. A variable's device also picks its kernels' target (``/gpu:0``:
    CUDA)."""

    def __init__(self, device_name_or_function: Any) -> None:
        spec = device_name_or_function
        if spec is not None and not isinstance(spec, (str, DeviceSpec)) and not callable(spec):
            raise InvalidArgumentTypeError(argument="device", got=spec)
        self._device = spec
        self._pushed: list[Frame] = []

    def __enter__(self) -> None:
        parent = current_frame()
        frame = parent.child(device=push_device(parent.device, self._device))
        self._pushed.append(frame)
        push(frame)

    def __exit__(self, *exc_info: Any) -> None:
        if not self._pushed:
            raise ScopeNestingError("device")
        pop(self._pushed[-1], "device", scope=str(self._device))
        self._pushed.pop()

    def __repr__(self) -> str:
        return f"<tf.device({self._device!r})>"


class placed:  # noqa: N801 - a context manager, like tf.device
    """Create ops under ``stack`` (a frame's ``device``) instead of the current one: ops made
    later for something declared earlier (a lazy loss, a variable's ``read``) get the placement
    TF1 gave them when it built them at once; ``colocation(device)`` is TF's ``colocate_with``."""

    def __init__(self, stack: Any) -> None:
        self._stack = stack
        self._frame: Frame | None = None

    def __enter__(self) -> None:
        self._frame = current_frame().child(device=self._stack)
        push(self._frame)

    def __exit__(self, *exc_info: Any) -> None:
        pop(cast(Frame, self._frame), "device")   # set by __enter__


def colocated(device_string: str) -> placed:
    """``with colocated(v.device):`` as TF's ``colocate_with(v)`` (see ``_placement.colocation``):
    ops get ``v``'s device whatever the ``tf.device`` blocks say; variables are placed by those
    blocks first (a device function runs), then take ``v``'s device."""
    return placed(colocation(device_string, current_frame().device))


def colocate_with(op: Any, ignore_existing: bool = False) -> placed:
    """TF1's ``tf.colocate_with(op)``: what is created in the block sits on ``op``'s device (a
    variable, tensor or operation); ``None`` with ``ignore_existing=True`` clears it."""
    if op is None and not ignore_existing:
        raise InvalidArgumentError(
            "Trying to reset colocation (op is None) but ignore_existing is not True\n\n"
            "colocate_with(None) clears the colocation only when asked to:\n"
            "    with tf.colocate_with(None, ignore_existing=True): ...")
    return colocated("" if op is None else (getattr(op, "device", "") or ""))


class created_by:  # noqa: N801 - a context manager, like tf.device
    """``with created_by("tf.layers.dense"):`` variables created in the block record that label
    (``Variable.created_by``), which the views show. Model code (layers, RNN cells, optimizers'
    slots, moving averages) sets it; the core only carries it, through the frame, into each
    ``get_variable`` request and ``tf.Variable``. The innermost label wins; ``""`` clears it."""

    def __init__(self, label: str) -> None:
        if not isinstance(label, str):
            raise InvalidArgumentTypeError(
                f"created_by takes a label string such as 'tf.layers.dense', got "
                f"{type(label).__name__} {label!r}.", got=label)
        self._label = label
        self._pushed: list[Frame] = []

    def __enter__(self) -> None:
        frame = current_frame().child(created_by=self._label)
        self._pushed.append(frame)
        push(frame)

    def __exit__(self, *exc_info: Any) -> None:
        if not self._pushed:
            raise ScopeNestingError("created_by")
        pop(self._pushed[-1], "created_by", scope=self._label)
        self._pushed.pop()

    def __repr__(self) -> str:
        return f"<scopelab.graph.created_by({self._label!r})>"


# --- the default graph's collections (TF1's module functions) ----------------------------------------
def get_collection(key: Any, scope: str | None = None) -> list[Any]:
    """A copy of collection ``key``; ``scope`` keeps items whose name ``re.match``-es it."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key: Any) -> list[Any]:
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name: Any, value: Any) -> None:
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names: Any, value: Any) -> None:
    get_default_graph().add_to_collections(names, value)


def global_variables(scope: str | None = None) -> list[Any]:
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope: str | None = None) -> list[Any]:
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list[Any]:
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope: str | None = None) -> list[Any]:
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


_ROOT = Graph()   # the process's default graph; reset in place by reset_default_graph()
