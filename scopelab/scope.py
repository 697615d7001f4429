"""TF1 scoping: ``variable_scope``, ``name_scope``, ``device``, ``get_variable`` and reuse.

Per-thread (and per-asyncio-task) state is one immutable :class:`_Frame` in a ContextVar: the
current ``VariableScope``, the name-scope string, the ``default_name`` counters and the device.
Entering a scope pushes a new frame; leaving restores the parent with the counters TF1 would keep
(spec §1.3): a string scope zeroes its subtree's counters, an object re-entry restores the
counters it found. New threads start at a fresh root scope (TF1: scopes are thread-local); the
variable store and the graph's op names in use are shared (``scopelab.store``).
``reset_default_graph()`` bumps the store's generation, which makes every thread's stale frames
fall back to a fresh root.
"""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from scopelab import display
from scopelab.dtypes import DType, as_dtype
from scopelab.dtypes import float32 as _float32
from scopelab._getters import wrap_getter
from scopelab.errors import (
    InitializerDtypeMismatchError, InvalidArgumentError, InvalidArgumentTypeError,
    InvalidReuseError, InvalidScopeArgumentError, InvalidScopeNameError, ScopeNestingError,
    ScopelabError,
)
from scopelab.keys import GraphKeys
from scopelab.names import (
    caller_location, capture_site, is_valid_op_name, is_valid_scope_name, join,
)
from scopelab._arguments import as_dtype_arg
from scopelab.store import (
    RequestContext, VariableStore, constant_array, get_default_store, reset_request, set_request,
)
from scopelab.variables import VariableAggregation, VariableSynchronization

__all__ = [
    "AUTO_REUSE", "VariableScope", "variable_scope", "variable_op_scope", "name_scope",
    "get_variable_scope", "get_variable", "get_local_variable", "device", "get_name_scope",
]

class _ReuseMode(enum.Enum):
    """TF's reuse modes; ``AUTO_REUSE`` (get or create) is the only member and is truthy."""

    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


# --- VariableScope ------------------------------------------------------------------------------------
class VariableScope:
    """Defaults shared by the ``get_variable`` calls of one scope (TF1's ``VariableScope``)."""

    def __init__(self, reuse: Any, name: str = "", initializer: Any = None,
                 regularizer: Callable | None = None, caching_device: Any = None,
                 partitioner: Callable | None = None, custom_getter: Callable | None = None,
                 name_scope: str = "", dtype: Any = _float32, use_resource: bool | None = None,
                 constraint: Callable | None = None) -> None:
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
        self._reuse_set_by = "" if not reuse else f"VariableScope({name!r}, reuse={reuse!r})"

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

    def reuse_variables(self) -> None:
        """Turn reuse on for this scope (and sub-scopes opened later). Cannot be undone."""
        self._reuse = True
        self._reuse_set_by = f"reuse_variables() on scope {self._name!r}"

    def set_initializer(self, initializer: Any) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype: Any) -> None:
        self._dtype = _check_dtype(dtype, "set_dtype")

    def set_use_resource(self, use_resource: bool | None) -> None:
        self._use_resource = use_resource

    def set_regularizer(self, regularizer: Callable | None) -> None:
        self._regularizer = regularizer

    def set_caching_device(self, caching_device: Any) -> None:
        self._caching_device = caching_device

    def set_partitioner(self, partitioner: Callable | None) -> None:
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter: Callable | None) -> None:
        self._custom_getter = custom_getter

    def get_collection(self, name: str) -> list:
        return get_default_store().get_collection(name, self._name + "/" if self._name else None)

    def trainable_variables(self) -> list:
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self) -> list:
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self) -> list:
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store: VariableStore, name: str, shape: Any = None,
                     dtype: Any = None, initializer: Any = None,
                     regularizer: Callable | None = None, reuse: Any = None,
                     trainable: bool | None = None, collections: Any = None,
                     caching_device: Any = None, partitioner: Callable | None = None,
                     validate_shape: bool = True, use_resource: bool | None = None,
                     custom_getter: Callable | None = None, constraint: Callable | None = None,
                     synchronization: Any = VariableSynchronization.AUTO,
                     aggregation: Any = VariableAggregation.NONE):
        """TF ``VariableScope.get_variable``: apply this scope's defaults, then ask the store."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if not isinstance(name, str):
            raise InvalidArgumentTypeError(argument="name", got=name, name=name)
        full_name = join(self._name, name)
        if dtype is not None and initializer is not None and not callable(initializer):
            dtype = as_dtype_arg(dtype, full_name)
            init_dtype = as_dtype(_value_dtype(constant_array(initializer)))
            if init_dtype != dtype:
                raise InitializerDtypeMismatchError(full_name, expected=dtype, got=init_dtype)
        if initializer is None:
            initializer = self._initializer
        if constraint is None:
            constraint = self._constraint
        if dtype is None:
            dtype = self._dtype
        if use_resource is None:
            use_resource = self._use_resource
        return var_store.get_variable(
            full_name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, reuse=reuse, trainable=trainable, collections=collections,
            caching_device=caching_device, partitioner=partitioner,
            validate_shape=validate_shape, use_resource=use_resource,
            custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
            aggregation=aggregation)

    def __repr__(self) -> str:
        return f"<tf.VariableScope {self._name!r} reuse={self._reuse!r}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return display.mimebundle(self, include, exclude)


def _value_dtype(array: Any) -> Any:
    return "string" if array.dtype == object else array.dtype


def _check_dtype(dtype: Any, where: str) -> DType:
    if isinstance(dtype, DType):
        return dtype
    try:
        return as_dtype(dtype)
    except TypeError as exc:
        raise InvalidScopeArgumentError("dtype", dtype, detail=str(exc), where=where) from None


# --- per-thread / per-task frames -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Frame:
    scope: VariableScope
    name_stack: str
    counts: dict          # default-name counters; never mutated once the frame exists
    device: str
    parent: _Frame | None
    generation: int
    token: object         # identity of the push; kept when exits rewrite the counters


_frame: contextvars.ContextVar[_Frame | None] = contextvars.ContextVar("scopelab_frame",
                                                                     default=None)


def _current() -> _Frame:
    frame = _frame.get()
    generation = get_default_store().generation
    if frame is None or frame.generation != generation:
        frame = _Frame(VariableScope(False), "", {}, "", None, generation, object())
        _frame.set(frame)
    return frame


def get_variable_scope() -> VariableScope:
    """The current ``VariableScope`` of this thread (or asyncio task)."""
    return _current().scope


def get_name_scope() -> str:
    """The current name scope without a trailing ``/`` (``""`` at the root)."""
    return _current().name_stack


def _enter_name_scope(current_stack: str, name: str | None) -> tuple[str, str]:
    """TF ``Graph.name_scope``: validate, then uniquify (or re-enter absolutely with a '/')."""
    if name:
        valid = is_valid_scope_name(name) if current_stack else is_valid_op_name(name)
        if not valid:
            raise InvalidScopeNameError(name, nested=bool(current_stack))
    if not name:
        return "", ""
    if name.endswith("/"):
        return name[:-1], name
    stack = get_default_store().unique_name(join(current_stack, name))
    return stack, stack + "/"


class _Pushed:
    __slots__ = ("frame", "parent", "kind", "scope_name", "counts_at_entry")

    def __init__(self, frame: _Frame, parent: _Frame, kind: str, scope_name: str,
                 counts_at_entry: dict | None) -> None:
        self.frame = frame
        self.parent = parent
        self.kind = kind
        self.scope_name = scope_name
        self.counts_at_entry = counts_at_entry


def _pop(stack: list[_Pushed], what: str) -> None:
    """Leave the innermost entry of one context manager (checked: it must be the current one)."""
    if not stack:
        raise ScopeNestingError(what)
    pushed = stack[-1]
    current = _frame.get()
    if current is None or current.token is not pushed.frame.token:
        stale = current is None or current.generation != pushed.frame.generation
        if not stale:
            raise ScopeNestingError(what, scope=pushed.scope_name)
        stack.pop()
        _frame.set(pushed.parent)
        return
    stack.pop()
    if pushed.kind == "object":
        counts = pushed.counts_at_entry
    elif pushed.kind == "string":
        prefix = pushed.scope_name + "/"
        counts = {k: (0 if k.startswith(prefix) else v) for k, v in current.counts.items()}
    else:
        counts = current.counts
    _frame.set(replace(pushed.parent, counts=counts))


def _opened(counts: dict, full_name: str) -> dict:
    counts = dict(counts)
    counts[full_name] = counts.get(full_name, 0) + 1
    return counts


def _unique_default_name(frame: _Frame, prefix: str) -> str:
    name = join(frame.scope.name, prefix)
    if frame.counts.get(name, 0) == 0:
        return prefix
    idx = 1
    while frame.counts.get(f"{name}_{idx}", 0) > 0:
        idx += 1
    return f"{prefix}_{idx}"


# --- variable_scope ---------------------------------------------------------------------------------
class variable_scope:  # noqa: N801 - TF's public name
    """Open a variable scope (and, unless ``auxiliary_name_scope=False``, a name scope).

    ``with variable_scope("foo"):`` prefixes variable names with ``foo/``; ``reuse=True`` fetches
    existing variables, ``reuse=AUTO_REUSE`` gets or creates; a captured ``VariableScope`` object
    re-enters that scope by its absolute name. Errors and rules are TF1's (spec §1–§3, §7).
    """

    def __init__(self, name_or_scope: str | VariableScope | None, default_name: str | None = None,
                 values: Any = None, initializer: Any = None,
                 regularizer: Callable | None = None, caching_device: Any = None,
                 partitioner: Callable | None = None, custom_getter: Callable | None = None,
                 reuse: Any = None, dtype: Any = None, use_resource: bool | None = None,
                 constraint: Callable | None = None, auxiliary_name_scope: bool = True) -> None:
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
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._dtype = None if dtype is None else _check_dtype(dtype, "variable_scope")
        self._use_resource = use_resource
        self._constraint = constraint
        self._auxiliary_name_scope = auxiliary_name_scope
        self._pushed: list[_Pushed] = []

    def __enter__(self) -> VariableScope:
        parent = _current()
        target = self._name_or_scope
        if target is not None and not isinstance(target, (str, VariableScope)):
            raise InvalidScopeArgumentError("name_or_scope", target)
        # The name scope this entry will push (None: keep the current one).
        if self._auxiliary_name_scope:
            forced = None
        else:
            forced = parent.name_stack + "/" if parent.name_stack else ""
        if target is None:
            if self._reuse:
                raise InvalidReuseError(self._reuse, without_name=True)
            ns_request = forced if forced is not None else self._default_name
            unique = _unique_default_name(parent, self._default_name)
            stack, entered = _enter_name_scope(parent.name_stack, ns_request)
            scope = self._string_scope(parent, unique, entered, inherit_reuse_only=True)
            kind, full = "string", scope.name
        elif isinstance(target, str):
            ns_request = forced if forced is not None else target
            if ns_request or forced is not None:
                stack, entered = _enter_name_scope(parent.name_stack, ns_request)
            else:   # variable_scope(""): TF pushes no name scope at all
                stack, entered = parent.name_stack, target
            scope = self._string_scope(parent, target, entered, inherit_reuse_only=False)
            kind, full = "string", scope.name
        else:
            last = target.name.split("/")[-1]
            if last or forced is not None:
                stack, _ = _enter_name_scope(parent.name_stack,
                                             forced if forced is not None else last)
            else:
                stack = parent.name_stack   # entering the root scope object: no name scope
            scope = self._object_scope(target)
            kind, full = "object", scope.name
        counts = _opened(parent.counts, full)
        frame = _Frame(scope, stack, counts, parent.device, parent, parent.generation, object())
        self._pushed.append(_Pushed(frame, parent, kind, full,
                                    counts if kind == "object" else None))
        _frame.set(frame)
        return scope

    def __exit__(self, *exc_info: Any) -> None:
        _pop(self._pushed, "variable_scope")

    def __repr__(self) -> str:
        target = self._name_or_scope
        shown = repr(target) if not isinstance(target, VariableScope) else f"<scope {target.name!r}>"
        return f"<tf.variable_scope({shown}, default_name={self._default_name!r})>"

    def _string_scope(self, parent: _Frame, name: str, entered: str,
                      inherit_reuse_only: bool) -> VariableScope:
        old = parent.scope
        reuse = old.reuse if inherit_reuse_only else (self._reuse or old.reuse)
        scope = VariableScope(
            reuse, name=join(old.name, name), initializer=old.initializer,
            regularizer=old.regularizer, caching_device=old.caching_device,
            partitioner=old.partitioner, custom_getter=old.custom_getter,
            name_scope=entered, dtype=old.dtype, use_resource=old.use_resource,
            constraint=self._constraint)
        if not inherit_reuse_only and self._reuse:
            scope._reuse_set_by = f"variable_scope({name!r}, reuse={_reuse_repr(self._reuse)})"
        else:
            scope._reuse_set_by = old._reuse_set_by
        self._apply_overrides(scope, old.custom_getter)
        return scope

    def _object_scope(self, captured: VariableScope) -> VariableScope:
        reuse = captured.reuse if not self._reuse else self._reuse
        scope = VariableScope(
            reuse, name=captured.name, initializer=captured.initializer,
            regularizer=captured.regularizer, caching_device=captured.caching_device,
            partitioner=captured.partitioner, custom_getter=captured.custom_getter,
            name_scope=captured.original_name_scope, dtype=captured.dtype,
            use_resource=captured.use_resource, constraint=self._constraint)
        scope._reuse_set_by = (
            f"variable_scope(<scope {captured.name!r}>, reuse={_reuse_repr(self._reuse)})"
            if self._reuse else
            (f"the captured scope {captured.name!r}" if captured.reuse else ""))
        self._apply_overrides(scope, captured.custom_getter)
        return scope

    def _apply_overrides(self, scope: VariableScope, old_getter: Any) -> None:
        if self._initializer is not None:
            scope.set_initializer(self._initializer)
        if self._regularizer is not None:
            scope.set_regularizer(self._regularizer)
        if self._caching_device is not None:
            scope.set_caching_device(self._caching_device)
        if self._partitioner is not None:
            scope.set_partitioner(self._partitioner)
        if self._custom_getter is not None:
            scope.set_custom_getter(wrap_getter(self._custom_getter, old_getter))
        if self._dtype is not None:
            scope.set_dtype(self._dtype)
        if self._use_resource is not None:
            scope.set_use_resource(self._use_resource)


def _reuse_repr(reuse: Any) -> str:
    return "tf.AUTO_REUSE" if reuse is AUTO_REUSE else repr(reuse)


def variable_op_scope(values: Any, name_or_scope: Any, default_name: str | None = None,
                      **kwargs: Any) -> variable_scope:
    """Deprecated TF alias: ``variable_scope(name_or_scope, default_name, values, ...)``."""
    return variable_scope(name_or_scope, default_name=default_name, values=values, **kwargs)


# --- name_scope and device ------------------------------------------------------------------------
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
        self._pushed: list[_Pushed] = []

    def __enter__(self) -> str:
        parent = _current()
        stack, entered = _enter_name_scope(parent.name_stack, self._name)
        frame = _Frame(parent.scope, stack, parent.counts, parent.device, parent,
                       parent.generation, object())
        self._pushed.append(_Pushed(frame, parent, "name", stack, None))
        _frame.set(frame)
        return entered

    def __exit__(self, *exc_info: Any) -> None:
        _pop(self._pushed, "name_scope")

    def __repr__(self) -> str:
        return f"<tf.name_scope({self._name!r})>"


class device:  # noqa: N801 - TF's public name
    """``with tf.device("/gpu:0"):`` variables created inside live on that device's target."""

    def __init__(self, device_name: str | None) -> None:
        if device_name is not None and not isinstance(device_name, str):
            raise InvalidArgumentTypeError(argument="device", got=device_name)
        self._device = device_name or ""
        self._pushed: list[_Pushed] = []

    def __enter__(self) -> None:
        parent = _current()
        frame = _Frame(parent.scope, parent.name_stack, parent.counts, self._device, parent,
                       parent.generation, object())
        self._pushed.append(_Pushed(frame, parent, "device", self._device, None))
        _frame.set(frame)

    def __exit__(self, *exc_info: Any) -> None:
        _pop(self._pushed, "device")

    def __repr__(self) -> str:
        return f"<tf.device({self._device!r})>"


# --- get_variable --------------------------------------------------------------------------------
def get_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                 regularizer: Callable | None = None, trainable: bool | None = None,
                 collections: Any = None, caching_device: Any = None,
                 partitioner: Callable | None = None, validate_shape: bool = True,
                 use_resource: bool | None = None, custom_getter: Callable | None = None,
                 constraint: Callable | None = None,
                 synchronization: Any = VariableSynchronization.AUTO,
                 aggregation: Any = VariableAggregation.NONE):
    """Get an existing variable or create a new one, following the current scope's reuse."""
    frame = _current()
    scope = frame.scope
    store = get_default_store()
    where = caller_location()
    token = set_request(RequestContext(scope.name, scope._reuse_set_by, frame.device,
                                       None if where else capture_site(), where))
    call = store.begin_call()
    failed = True
    try:
        result = scope.get_variable(
            store, name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, trainable=trainable, collections=collections,
            caching_device=caching_device, partitioner=partitioner,
            validate_shape=validate_shape, use_resource=use_resource,
            custom_getter=custom_getter, constraint=constraint,
            synchronization=synchronization, aggregation=aggregation)
        failed = False
        return result
    except Exception as exc:
        store.end_call(call, failed=True)   # undo what a custom getter made before failing
        call = None
        store.record_error(exc, join(scope.name, name) if isinstance(name, str) else None,
                           scope.name, scope.reuse)
        if isinstance(exc, ScopelabError):
            # The message already says where and why; drop the library frames (as TF did) so the
            # traceback ends at the student's line. Errors from user code keep their frames.
            raise exc.with_traceback(None)
        raise
    finally:
        store.end_call(call, failed)
        reset_request(token)


def get_local_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                       regularizer: Callable | None = None, trainable: bool | None = False,  # noqa: ARG001
                       collections: Any = None, caching_device: Any = None,
                       partitioner: Callable | None = None, validate_shape: bool = True,
                       use_resource: bool | None = None, custom_getter: Callable | None = None,
                       constraint: Callable | None = None,
                       synchronization: Any = VariableSynchronization.AUTO,
                       aggregation: Any = VariableAggregation.NONE):
    """Like ``get_variable``, but in ``LOCAL_VARIABLES`` only and never trainable."""
    if collections is None:
        collections = [GraphKeys.LOCAL_VARIABLES]
    elif isinstance(collections, (list, tuple, set)):
        # TF extends the caller's list in place (+=); we build a new one, same result.
        collections = [*collections, GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint,
                        synchronization=synchronization, aggregation=aggregation)
