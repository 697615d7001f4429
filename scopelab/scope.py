"""TF1 variable scoping: ``VariableScope``, ``variable_scope``, ``get_variable`` and reuse.

Where a thread stands is a :class:`scopelab.graph.Frame` (one immutable frame in the graph's one
context variable): entering a variable scope pushes a child frame carrying the new
``VariableScope`` and its name scope; leaving restores the parent. The thread's default-name
counters (:class:`scopelab._default_names.ScopeCounts`) follow TF1's rules (spec §1.3): every entry
counts, a string scope's exit zeroes its subtree's counters, an object re-entry's exit restores the
counters it found, each at a cost independent of how many scopes exist. New threads start at a
fresh root scope (TF1: scopes are thread-local); the graph's variables and op names are shared.
``get_variable`` builds one
:class:`~scopelab._request.VariableRequest`, the scope completes it with its defaults, and the
graph's store (:mod:`scopelab.store`) gets or creates. ``name_scope``, ``device`` and
``get_name_scope`` are the graph's (re-exported here). About 450 lines: ``VariableScope``,
``variable_scope`` and ``get_variable`` are TF1's one public scoping API and share the frame rules.
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, cast

from scopelab import display
from scopelab._arguments import as_dtype_arg
from scopelab._getters import wrap_getter
from scopelab._request import VariableRequest, describe_reuse_source, make_request
from scopelab.dtypes import DType, as_dtype
from scopelab.dtypes import float32 as _float32
from scopelab.errors import (
    InitializerDtypeMismatchError, InvalidArgumentTypeError, InvalidReuseError,
    InvalidScopeArgumentError, ReuseArgumentError, ScopeNestingError, ScopelabError,
)
from scopelab.graph import (
    Frame, current_frame, device, enter_name_scope, get_name_scope, name_scope, pop, push,
)
from scopelab.keys import GraphKeys
from scopelab.names import NameLog, caller_location, capture_site, join, user_location
from scopelab.store import VariableStore, constant_array
from scopelab.variables import VariableAggregation, VariableSynchronization

__all__ = [
    "AUTO_REUSE", "VariableScope", "variable_scope", "variable_op_scope", "name_scope",
    "get_variable_scope", "get_variable", "get_local_variable", "device", "get_name_scope",
    "atomic_scope_names", "default_name_counts",
]


class _ReuseMode(enum.Enum):
    """TF's reuse modes; ``AUTO_REUSE`` (get or create) is the only member and is truthy."""

    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


# --- VariableScope ------------------------------------------------------------------------------------
class VariableScope:
    """Defaults shared by the ``get_variable`` calls of one scope (TF1's ``VariableScope``)."""

    # Slots: every scope entry makes one (``_derived``) and every ``get_variable`` reads it;
    # ``__dict__`` and ``__weakref__`` keep it as open as a plain class for user attributes.
    __slots__ = ("_name", "_initializer", "_regularizer", "_reuse", "_caching_device",
                 "_partitioner", "_custom_getter", "_name_scope", "_dtype", "_use_resource",
                 "_constraint", "_reuse_source", "__dict__", "__weakref__")

    def __init__(self, reuse: Any, name: str = "", initializer: Any = None,
                 regularizer: Callable[..., Any] | None = None, caching_device: Any = None,
                 partitioner: Callable[..., Any] | None = None, custom_getter: Callable[..., Any] | None = None,
                 name_scope: str = "", dtype: Any = _float32, use_resource: bool | None = None,
                 constraint: Callable[..., Any] | None = None) -> None:
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = _check_dtype(dtype, "VariableScope")
        self._use_resource = use_resource
        self._constraint = constraint
        self._reuse_source: Any = ("VariableScope", name, reuse) if reuse else ""

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)
    #: Who turned reuse on, for messages ("variable_scope('a', reuse=True)"); "" if it is off.
    reuse_set_by = property(lambda self: describe_reuse_source(self._reuse_source))

    def _derived(self, name: str, name_scope: str, constraint: Any) -> VariableScope:
        """A new scope with this one's defaults, reuse and its source (the constraint is never
        inherited, spec §1.4): a copy of the attributes, as every scope entry makes one."""
        scope = _new_object(type(self))
        scope._name, scope._name_scope, scope._constraint = name, name_scope, constraint
        scope._initializer = self._initializer
        scope._regularizer = self._regularizer
        scope._reuse = self._reuse
        scope._reuse_source = self._reuse_source
        scope._caching_device = self._caching_device
        scope._partitioner = self._partitioner
        scope._custom_getter = self._custom_getter
        scope._dtype = self._dtype
        scope._use_resource = self._use_resource
        return scope

    def reuse_variables(self) -> None:
        """Turn reuse on for this scope (and sub-scopes opened later). Cannot be undone."""
        self._reuse = True
        self._reuse_source = ("reuse_variables", self._name, True, user_location(2), self._name)

    def set_initializer(self, initializer: Any) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype: Any) -> None:
        self._dtype = _check_dtype(dtype, "set_dtype")

    def set_use_resource(self, use_resource: bool | None) -> None:
        self._use_resource = use_resource

    def set_regularizer(self, regularizer: Callable[..., Any] | None) -> None:
        self._regularizer = regularizer

    def set_caching_device(self, caching_device: Any) -> None:
        self._caching_device = caching_device

    def set_partitioner(self, partitioner: Callable[..., Any] | None) -> None:
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter: Callable[..., Any] | None) -> None:
        self._custom_getter = custom_getter

    def get_collection(self, name: str) -> list[Any]:
        return current_frame().graph.get_collection(name, self._name + "/" if self._name else None)

    def trainable_variables(self) -> list[Any]:
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self) -> list[Any]:
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self) -> list[Any]:
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store: VariableStore, name: str, *args: Any, **kwargs: Any) -> Any:
        """TF ``VariableScope.get_variable(var_store, name, ...)``: this scope's defaults, then
        the store (arguments as :class:`~scopelab._request.VariableRequest`'s)."""
        return var_store.get_or_create(self.complete(VariableRequest(name, *args, **kwargs)))

    def complete(self, request: VariableRequest) -> VariableRequest:
        """The request with this scope's defaults applied (TF ``VariableScope.get_variable``).

        An argument given explicitly wins; ``None`` inherits the scope's value. The name gets the
        scope's prefix; a constant initializer's dtype is checked against an explicit ``dtype``
        before the scope's defaults are substituted, as TF does.
        """
        r, name = request, request.name
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        full_name = join(self._name, name) if self._name else name
        # TF1: get_variable("") in scope "a" is "a/", an absolute name scope: its op is "a", never
        # uniquified (TF's slot variables are made so). Stored as "a"; a typed trailing "/" is
        # still refused by the name check (only "" in a scope asks for this).
        absolute = not name and bool(self._name)
        if absolute:
            full_name = self._name
        dtype, initializer = r.dtype, r.initializer
        if dtype is not None and initializer is not None and not callable(initializer):
            dtype = as_dtype_arg(dtype, full_name)
            init_dtype = as_dtype(_value_dtype(constant_array(initializer)))
            if init_dtype != dtype:
                raise InitializerDtypeMismatchError(full_name, expected=dtype, got=init_dtype)
        return make_request(VariableRequest, (
            full_name, r.shape, self._dtype if dtype is None else dtype,
            self._initializer if initializer is None else initializer,
            self._regularizer if r.regularizer is None else r.regularizer,
            self._reuse if r.reuse is None else r.reuse, r.trainable, r.collections,
            self._caching_device if r.caching_device is None else r.caching_device,
            self._partitioner if r.partitioner is None else r.partitioner, r.validate_shape,
            self._use_resource if r.use_resource is None else r.use_resource,
            self._constraint if r.constraint is None else r.constraint, r.synchronization,
            r.aggregation, self._custom_getter if r.custom_getter is None else r.custom_getter,
            self._name, self._reuse_source, r.device, r.caller, r.journal, r.created_by, absolute))

    def __repr__(self) -> str:
        return f"<tf.VariableScope {self._name!r} reuse={self._reuse!r}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return display.mimebundle(self, include, exclude)


_new_object = object.__new__
_getframe = sys._getframe


def _value_dtype(array: Any) -> Any:
    return "string" if array.dtype == object else array.dtype


def _check_dtype(dtype: Any, where: str) -> DType:
    if isinstance(dtype, DType):
        return dtype
    try:
        return as_dtype(dtype)
    except TypeError as exc:
        raise InvalidScopeArgumentError("dtype", dtype, detail=str(exc), where=where) from None


# --- where the thread stands (scopelab.graph's frames) ----------------------------------------------
def _scope_of(frame: Frame) -> VariableScope:
    """The frame's variable scope; at a thread's root, its root scope (made on first use, and
    kept on the frame: the next entry or ``get_variable`` from it reads the slot)."""
    scope: VariableScope | None = frame.variable_scope
    if scope is None:
        thread = frame.thread
        scope = thread.root_scope
        if scope is None:
            scope = thread.root_scope = VariableScope(False)
        frame.variable_scope = scope    # the same scope, only found faster
    return scope


def get_variable_scope() -> VariableScope:
    """The current ``VariableScope`` of this thread (or asyncio task)."""
    return _scope_of(current_frame())


def default_name_counts() -> dict[str, int]:
    """This thread's default-name counters: how often each scope (full name) was opened since
    its parent string scope was last entered (TF's ``variable_scopes_count``; zeros left out)."""
    return current_frame().thread.counts.as_dict()


@contextlib.contextmanager
def atomic_scope_names() -> Iterator[None]:
    """Run a composite call all-or-nothing for scope names: if the block fails, the default-name
    counts and the name scopes it took are given back (``create_partitioned_variables``)."""
    frame = current_frame()
    thread, outer_log = frame.thread, frame.thread.name_log
    thread.counts.begin()
    log: NameLog = []
    thread.name_log = log
    try:
        yield
    except BaseException:
        thread.counts.undo()
        frame.graph.forget_names(log)
        raise
    else:
        thread.counts.keep()
        if outer_log is not None:
            outer_log.extend(log)
    finally:
        thread.name_log = outer_log


# --- variable_scope ---------------------------------------------------------------------------------
class variable_scope:  # noqa: N801 - TF's public name
    """Open a variable scope (and, unless ``auxiliary_name_scope=False``, a name scope).

    ``with variable_scope("foo"):`` prefixes variable names with ``foo/``; ``reuse=True`` fetches
    existing variables, ``reuse=AUTO_REUSE`` gets or creates; a captured ``VariableScope`` object
    re-enters that scope by its absolute name. Errors and rules are TF1's (spec §1–§3, §7).
    """

    # Slots: one is made per ``with`` (``__dict__`` keeps room for attributes others may add).
    __slots__ = ("_name_or_scope", "_default_name", "_values", "_reuse", "_constraint",
                 "_auxiliary_name_scope", "_overrides", "_pushed", "__dict__", "__weakref__")

    def __init__(self, name_or_scope: str | VariableScope | None, default_name: str | None = None,
                 values: Any = None, initializer: Any = None,
                 regularizer: Callable[..., Any] | None = None, caching_device: Any = None,
                 partitioner: Callable[..., Any] | None = None, custom_getter: Callable[..., Any] | None = None,
                 reuse: Any = None, dtype: Any = None, use_resource: bool | None = None,
                 constraint: Callable[..., Any] | None = None, auxiliary_name_scope: bool = True) -> None:
        if default_name is None and name_or_scope is None:
            raise InvalidScopeArgumentError("name_or_scope", None)
        if reuse is False:
            reuse = None   # TF: "We don't allow non-inheriting scopes, False = None here."
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise InvalidReuseError(reuse)
        if not isinstance(auxiliary_name_scope, bool):
            raise InvalidScopeArgumentError("auxiliary_name_scope", auxiliary_name_scope)
        if default_name is not None and not isinstance(default_name, str):
            raise InvalidScopeArgumentError("default_name", default_name)
        if regularizer is not None and not callable(regularizer):
            raise InvalidScopeArgumentError("regularizer", regularizer)
        if constraint is not None and not callable(constraint):
            raise InvalidScopeArgumentError("constraint", constraint)
        if use_resource is not None and not isinstance(use_resource, bool):
            raise InvalidScopeArgumentError("use_resource", use_resource)
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values
        self._reuse = reuse
        self._constraint = constraint
        self._auxiliary_name_scope = auxiliary_name_scope
        # The defaults this scope sets for the ones inside it, kept together and only if any is
        # given (most entries give none: one attribute to store and test, not seven).
        self._overrides: _Overrides | None = None
        if not (initializer is None and regularizer is None and caching_device is None
                and partitioner is None and custom_getter is None and dtype is None
                and use_resource is None):
            self._overrides = _Overrides(
                initializer, regularizer, caching_device, partitioner, custom_getter,
                None if dtype is None else _check_dtype(dtype, "variable_scope"), use_resource)
        # The entries still open, innermost first, as nested tuples (frame, kind, node, rest):
        # one tuple per entry, and no list to make for the one entry most objects have.
        self._pushed: tuple[Frame, str, Any, Any] | None = None

    def __enter__(self) -> VariableScope:
        parent = current_frame()
        outer = parent.variable_scope or _scope_of(parent)
        target = self._name_or_scope
        # The name scope this entry will push (None: keep the current one).
        if self._auxiliary_name_scope:
            forced = None
        else:
            forced = parent.name_stack + "/" if parent.name_stack else ""
        counts = parent.thread.counts
        if isinstance(target, str):     # the common entry first
            ns_request = forced if forced is not None else target
            if ns_request or forced is not None:
                stack, entered = enter_name_scope(parent, ns_request)
            else:   # variable_scope(""): TF pushes no name scope at all
                stack, entered = parent.name_stack, target
            where = None
            # The `with` line that turns reuse=True on, kept raw, for VariableNotFoundError (only
            # reuse=True raises it: AUTO_REUSE scopes, entered by every call of a layer function,
            # skip the cost).
            if self._reuse is True:
                caller = _getframe(1)
                where = (caller.f_code.co_filename, caller.f_lineno)
            scope = self._string_scope(outer, target, entered, inherit_reuse_only=False,
                                       where=where)
            kind = "string"
        elif target is None:
            if self._reuse:
                raise InvalidReuseError(self._reuse, without_name=True)
            default_name = cast(str, self._default_name)    # checked in __init__
            ns_request = forced if forced is not None else default_name
            unique = counts.unique_default_name(outer._name, default_name)
            stack, entered = enter_name_scope(parent, ns_request)
            scope = self._string_scope(outer, unique, entered, inherit_reuse_only=True)
            kind = "string"
        elif isinstance(target, VariableScope):
            last = target.name.split("/")[-1]
            if last or forced is not None:
                stack, _ = enter_name_scope(parent, forced if forced is not None else last)
            else:
                stack = parent.name_stack   # entering the root scope object: no name scope
            where = None      # as above: the line of a re-entry that turns on or brings True
            if self._reuse is True or (target._reuse is True and not self._reuse):
                caller = _getframe(1)
                where = (caller.f_code.co_filename, caller.f_lineno)
            scope = self._object_scope(target, where)
            kind = "object"
        else:
            raise InvalidScopeArgumentError("name_or_scope", target, opens=_opens(target))
        node = counts.open(scope._name)
        if kind == "object":
            counts.begin()      # TF copies the counts here and restores them on exit
        # parent.child(name_stack=stack, variable_scope=scope), without the keyword call (every entry)
        frame = Frame(parent.graph, parent.generation, stack, parent.device, scope, parent.thread,
                      parent, parent.created_by)
        self._pushed = (frame, kind, node, self._pushed)
        push(frame)
        return scope

    def __exit__(self, exc_type: Any = None, exc: Any = None, traceback: Any = None) -> None:
        if self._pushed is None:
            raise ScopeNestingError("variable_scope")
        frame, kind, node, rest = self._pushed
        if pop(frame, "variable_scope", scope=frame.variable_scope._name):
            if kind == "object":
                frame.thread.counts.undo()
            # TF close_variable_subscopes: zero the counts under the node open() gave. The test
            # is close_node's own early return, made here to skip its call on every plain exit.
            elif node.children or node.hints:
                frame.thread.counts.close_node(node)
        self._pushed = rest

    def __repr__(self) -> str:
        target = self._name_or_scope
        shown = repr(target) if not isinstance(target, VariableScope) else f"<scope {target.name!r}>"
        return f"<tf.variable_scope({shown}, default_name={self._default_name!r})>"

    def _string_scope(self, old: VariableScope, name: str, entered: str,
                      inherit_reuse_only: bool, where: Any = None) -> VariableScope:
        parent_name = old._name
        scope = old._derived(f"{parent_name}/{name}" if parent_name else name, entered,
                             self._constraint)
        if not inherit_reuse_only and self._reuse:
            scope._reuse = self._reuse or old.reuse
            scope._reuse_source = ("variable_scope", name, self._reuse, where, scope._name)
        if self._overrides is not None:
            self._overrides.apply(scope, old.custom_getter)
        return scope

    def _object_scope(self, captured: VariableScope, where: Any) -> VariableScope:
        scope = captured._derived(captured._name, captured._name_scope, self._constraint)
        if self._reuse:
            scope._reuse = self._reuse
            scope._reuse_source = ("object", captured._name, self._reuse, where, captured._name)
        elif captured._reuse:     # the captured scope's reuse, and who set it before
            scope._reuse_source = ("captured", captured._name, captured._reuse_source, where,
                                   captured._name)
        else:
            scope._reuse_source = ""
        if self._overrides is not None:
            self._overrides.apply(scope, captured.custom_getter)
        return scope


class _Overrides(NamedTuple):
    """The defaults a ``variable_scope`` entry sets on its new scope (``None``: inherited)."""

    initializer: Any
    regularizer: Callable[..., Any] | None
    caching_device: Any
    partitioner: Callable[..., Any] | None
    custom_getter: Callable[..., Any] | None
    dtype: DType | None
    use_resource: bool | None

    def apply(self, scope: VariableScope, old_getter: Any) -> None:
        if self.initializer is not None:
            scope.set_initializer(self.initializer)
        if self.regularizer is not None:
            scope.set_regularizer(self.regularizer)
        if self.caching_device is not None:
            scope.set_caching_device(self.caching_device)
        if self.partitioner is not None:
            scope.set_partitioner(self.partitioner)
        if self.custom_getter is not None:
            scope.set_custom_getter(wrap_getter(self.custom_getter, old_getter))
        if self.dtype is not None:
            scope.set_dtype(self.dtype)
        if self.use_resource is not None:
            scope.set_use_resource(self.use_resource)


def _opens(target: Any) -> str | None:
    """The scope name a ``variable_scope`` context manager opens (``None``: not one)."""
    if not isinstance(target, variable_scope):
        return None
    inner = target._name_or_scope
    if isinstance(inner, VariableScope):
        opened: str = inner.name
        return opened
    return inner if isinstance(inner, str) else (target._default_name or "layer")


def variable_op_scope(values: Any, name_or_scope: Any, default_name: str | None = None,
                      **kwargs: Any) -> variable_scope:
    """Deprecated TF alias: ``variable_scope(name_or_scope, default_name, values, ...)``."""
    return variable_scope(name_or_scope, default_name=default_name, values=values, **kwargs)


# --- get_variable --------------------------------------------------------------------------------
_AUTO, _NONE = VariableSynchronization.AUTO, VariableAggregation.NONE
_NO_REUSE = object()   # get_variable's hidden ``reuse`` default: TF1 has no such argument


def get_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                 regularizer: Callable[..., Any] | None = None, trainable: bool | None = None,
                 collections: Any = None, caching_device: Any = None,
                 partitioner: Callable[..., Any] | None = None, validate_shape: bool = True,
                 use_resource: bool | None = None, custom_getter: Callable[..., Any] | None = None,
                 constraint: Callable[..., Any] | None = None,
                 synchronization: Any = VariableSynchronization.AUTO,
                 aggregation: Any = VariableAggregation.NONE, *, reuse: Any = _NO_REUSE) -> Any:
    """Get an existing variable or create a new one, following the current scope's reuse."""
    # TF1 has no ``reuse`` argument (its TypeError, explained). A hidden keyword-only parameter
    # catches it before the fast path at the cost of one identity test; the public signature
    # (``__signature__`` below) leaves it out, as TF's does.
    if reuse is not _NO_REUSE:
        raise ReuseArgumentError(name, reuse=reuse, scope=get_variable_scope()._name)
    frame = current_frame()
    scope = frame.variable_scope or _scope_of(frame)
    store = frame.graph.component(VariableStore)
    # Fast path: an existing variable asked for again (the reuse of a layer's weights). With no
    # partitioner, getter or sync/aggregation mode (the arguments the full path would check or
    # hand to a getter), the store answers from the name, shape, dtype and initializer alone: no
    # request, caller line or journal is made (only errors and new variables need them). Anything
    # it does not settle goes the full way below, which decides and raises as TF does.
    probed = False
    if partitioner is None and custom_getter is None and type(name) is str and \
            synchronization is _AUTO and aggregation is _NONE and \
            (trainable is None or trainable is True or trainable is False) and \
            scope._partitioner is None and scope._custom_getter is None:
        probe_dtype = scope._dtype if dtype is None else dtype
        found = store.reuse_existing(
            f"{scope._name}/{name}" if scope._name else name, shape, probe_dtype,
            scope._initializer if initializer is None else initializer, scope._name,
            scope._reuse)
        if found is not None:
            return found
        # The store need not ask again with the same question: the full path's request has this
        # name (unless "", which names the scope itself), dtype (once a DType) and reuse.
        probed = bool(name) and type(probe_dtype) is DType
    journal, owned = store.open_journal()
    thread = frame.thread
    outer_names = thread.name_log
    if owned:       # op names a regularizer or custom getter marks are given back on failure
        names: NameLog = []
        thread.name_log = names
    try:
        return store.get_or_create(scope.complete(make_request(VariableRequest, (
            name, shape, dtype, initializer, regularizer, None, trainable, collections,
            caching_device, partitioner, validate_shape, use_resource, constraint,
            synchronization, aggregation, custom_getter, "", "", frame.device,
            caller_location() or capture_site(), journal, frame.created_by, False))),
            probed=probed)
    except Exception as exc:
        if owned:
            store.undo(journal)       # what a custom getter made before failing
            frame.graph.forget_names(names)
            names.clear()
        store.record_error(exc, join(scope.name, name) if isinstance(name, str) else None,
                           scope.name, scope.reuse)
        if isinstance(exc, ScopelabError):
            # The message already says where and why; drop the library frames (as TF did) so the
            # traceback ends at the student's line. Errors from user code keep their frames.
            raise exc.with_traceback(None)  # noqa: B904 - the caught error itself, re-raised
        raise
    finally:
        if owned:
            thread.name_log = outer_names
            if outer_names is not None and names:   # inside an atomic call: it may undo them
                outer_names.extend(names)


def get_local_variable(name: str, *args: Any, **kwargs: Any) -> Any:
    """Like ``get_variable`` (same arguments), but in ``LOCAL_VARIABLES`` only, never trainable."""
    if "reuse" in kwargs:
        raise ReuseArgumentError(name, reuse=kwargs["reuse"], scope=get_variable_scope()._name,
                                 function="get_local_variable")
    arguments = _GET_VARIABLE.bind(name, *args, **kwargs).arguments
    collections = arguments.get("collections")
    if collections is None:
        collections = [GraphKeys.LOCAL_VARIABLES]
    elif isinstance(collections, (list, tuple, set)):
        # TF extends the caller's list in place (+=); we build a new one, same result.
        collections = [*collections, GraphKeys.LOCAL_VARIABLES]
    arguments.update(trainable=False, collections=collections)
    return get_variable(**arguments)


_GET_VARIABLE = inspect.signature(get_variable)
_GET_VARIABLE = get_variable.__signature__ = _GET_VARIABLE.replace(  # type: ignore[attr-defined]  # for inspect
    parameters=[p for p in _GET_VARIABLE.parameters.values() if p.name != "reuse"])
get_local_variable.__signature__ = _GET_VARIABLE.replace(  # type: ignore[attr-defined]  # for inspect
    parameters=[p.replace(default=False) if p.name == "trainable" else p
                for p in _GET_VARIABLE.parameters.values()])
