"""``VariableRequest``: one ``get_variable`` call as a single immutable object.

Its fields are TF1's ``_true_getter`` arguments, in that order (so a custom getter may call the
getter it is given positionally, as TF allows), then ``custom_getter`` and the facts only the
scope layer knows: the requesting scope, who turned reuse on, the device, the caller's line and
the journal of the public call (what it committed, undone if the call fails). This is the one
place that lists ``get_variable``'s keywords; the public functions build a request, the scope
applies its defaults (``VariableScope.complete``) and the store works on it. Custom getters see
TF1's calling convention at the boundary (:meth:`getter_kwargs`, :meth:`from_getter_call`).

A ``NamedTuple``: immutable, and built or copied in one C-level tuple construction (this is the
hot path of every ``get_variable``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from scopelab.dtypes import float32
from scopelab.names import CreationSite, capture_site, in_scopelab, site_for
from scopelab.variables import VariableAggregation, VariableSynchronization

__all__ = ["VariableRequest", "make_request", "describe_reuse_source", "describe_reuse_origin"]

_AUTO = VariableSynchronization.AUTO
_NONE = VariableAggregation.NONE


class VariableRequest(NamedTuple):
    """The resolved arguments of one ``get_variable`` call, and where it came from."""

    name: str
    shape: Any = None
    dtype: Any = None
    initializer: Any = None
    regularizer: Any = None
    reuse: Any = None
    trainable: Any = None
    collections: Any = None
    caching_device: Any = None
    partitioner: Any = None
    validate_shape: bool = True
    use_resource: Any = None
    constraint: Any = None
    synchronization: Any = _AUTO
    aggregation: Any = _NONE
    custom_getter: Any = None
    # --- not TF arguments: what the scope layer knows about the call ---
    scope: str = ""                 # the requesting scope's name
    reuse_source: Any = "the reuse argument of VariableStore.get_variable"  # see reuse_set_by
    device: Any = ""                # the tf.device stack (graph.Frame.device): places new ones
    caller: Any = None              # (filename, lineno) of the user's line, or a CreationSite
    journal: list | None = None     # commits of the public call (undone if it fails)
    created_by: str = ""            # what model code creates it ("tf.layers.dense"), see graph
    absolute_op_name: bool = False  # the name ended in "/": its op takes the name as it is

    @property
    def reuse_set_by(self) -> str:
        """Who turned reuse on, as messages say it (``"variable_scope('a', reuse=True)"``)."""
        return describe_reuse_source(self.reuse_source)

    @property
    def reuse_origin(self) -> str:
        """Who turned reuse on, where, and how it reached this scope (one sentence), or ""."""
        return describe_reuse_origin(self.reuse_source, self.scope)

    @property
    def reuse_set_on(self) -> str:
        """The scope whose entry turned reuse on (this one or an outer one), or "" if unknown."""
        source = self.reuse_source
        return source[4] if isinstance(source, tuple) and len(source) >= 5 else ""

    @property
    def requested_at(self) -> CreationSite:
        """Where user code asked (the caller's line; formatted only when a message needs it)."""
        caller = self.caller
        if isinstance(caller, CreationSite):
            return caller
        return site_for(*caller) if caller is not None else capture_site()

    def getter_kwargs(self, with_constraint: bool) -> dict:
        """TF1's keywords for a custom getter (``constraint`` only if the getter takes it)."""
        kwargs = {field: getattr(self, field) for field in _GETTER_FIELDS}
        if with_constraint:
            kwargs["constraint"] = self.constraint
        return kwargs

    def from_getter_call(self, args: tuple, kwargs: dict) -> VariableRequest:
        """The request a custom getter makes by calling its ``getter(*args, **kwargs)``.

        Arguments follow TF's true getter (``dtype`` defaults to float32, not to the scope's);
        the context of this request (scope, device, caller, journal) is kept.
        """
        unknown = kwargs.keys() - _TRUE_GETTER_FIELDS
        if unknown or len(args) > len(_TRUE_GETTER_FIELDS):
            raise TypeError(
                f"getter() takes TF's true getter arguments ({', '.join(_TRUE_GETTER_FIELDS)}); "
                f"got {sorted(unknown) or f'{len(args)} positional arguments'}")
        request = VariableRequest(*args, **kwargs)
        return request._replace(
            dtype=request.dtype if len(args) > 2 or "dtype" in kwargs else float32,
            scope=self.scope, reuse_source=self.reuse_source, device=self.device,
            caller=self.caller, journal=self.journal, created_by=self.created_by,
            absolute_op_name=self.absolute_op_name and request.name == self.name)


_TRUE_GETTER_FIELDS = VariableRequest._fields[:VariableRequest._fields.index("custom_getter")]
def describe_reuse_source(source: Any) -> str:
    """Text of who turned reuse on: a string as it is, or the tuple a ``VariableScope`` keeps
    (formatted only when a message needs it: scopes are made on every entry)."""
    if not isinstance(source, tuple):
        return source or ""
    kind, name, *reuse = source
    shown = ("tf.AUTO_REUSE" if getattr(reuse[0], "name", None) == "AUTO_REUSE" else repr(reuse[0])
             ) if reuse else ""
    if kind == "variable_scope":
        return f"variable_scope({name!r}, reuse={shown})"
    if kind == "object":
        return f"variable_scope(<scope {name!r}>, reuse={shown})"
    if kind == "captured":
        return f"the captured scope {name!r}"
    if kind == "reuse_variables":
        return f"reuse_variables() on scope {name!r}"
    return f"VariableScope({name!r}, reuse={reuse[0]!r})"


def describe_reuse_origin(source: Any, scope: str) -> str:
    """Where reuse came from, for a request in ``scope``: who set it and at which line, whether
    ``scope`` inherits it from an outer scope, and what a re-entered captured scope brought.

    ``"reuse=True was set by variable_scope('outer', reuse=True) at model.py:4, and inner scopes
    inherit it ('outer' -> 'outer/inner')"``; "" for a plain text source (the raw store's).
    """
    if not isinstance(source, tuple) or len(source) < 5:
        return ""
    kind, name, first, where, set_on = source[:5]
    # A scope entered by scopelab's own code (tf.layers) has no line of the user's to show.
    at = f" at {site_for(*where).location()}" if where and not in_scopelab(where[0]) else ""
    mode = "reuse=tf.AUTO_REUSE" if getattr(first, "name", None) == "AUTO_REUSE" else "reuse=True"
    if kind == "captured":
        before = describe_reuse_origin(first, name) or (
            f"set by {describe_reuse_source(first)}" if first else "")
        if isinstance(first, tuple) and len(first) > 2 and \
                getattr(first[2], "name", None) == "AUTO_REUSE":
            mode = "reuse=tf.AUTO_REUSE"
        text = (f"{mode} came with the captured scope {name!r}, re-entered{at}: a VariableScope "
                f"object keeps the reuse it had when captured"
                + (f" ({before})" if before else "")
                + ", whatever the enclosing scope says")
    else:
        text = f"{mode} was set by {describe_reuse_source(source)}{at}"
    if set_on != scope and (not set_on or scope.startswith(set_on + "/")):
        text += f", and inner scopes inherit it ({set_on!r} -> {scope!r})"
    return text


# TF's keywords for custom getters: the true getter's arguments less ``constraint`` (given only to
# getters that accept it), in the order TF passes them.
_GETTER_FIELDS = VariableRequest._fields[:VariableRequest._fields.index("constraint")] + (
    "synchronization", "aggregation")


#: ``make_request(VariableRequest, (name, shape, ..., journal, created_by))``: every field, in order, built in
#: one C call (the generated ``VariableRequest(...)`` is three times slower; hot path only).
make_request = tuple.__new__
