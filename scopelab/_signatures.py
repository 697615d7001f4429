"""What a user's function accepts: TF1's ``fn_args``/``has_kwargs`` checks, written once.

Custom getters get ``constraint`` only if they take it, initializers get ``partition_info`` only
if they name it, a callable initializer without a shape must need no arguments, and a bad
signature fails with a clear error before the call. Builtins and other objects without an
inspectable signature count as taking nothing by name. Answers are cached per function (a
getter or initializer is asked on every ``get_variable``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["parameters", "accepts_keyword", "names_parameter", "needs_no_arguments", "binds",
           "defaults"]


@functools.lru_cache(maxsize=1024)
def _parameters(fn: Callable[..., Any]) -> tuple[inspect.Parameter, ...] | None:
    try:
        return tuple(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None


def parameters(fn: Callable[..., Any]) -> tuple[inspect.Parameter, ...] | None:
    """``fn``'s parameters, or ``None`` if its signature cannot be read (cached per function)."""
    try:
        return _parameters(fn)
    except TypeError:          # unhashable callable: inspect it every time
        return _parameters.__wrapped__(fn)


def accepts_keyword(fn: Callable[..., Any], name: str) -> bool:
    """``fn`` takes ``name`` by name or has ``**kwargs`` (TF ``fn_args`` / ``has_kwargs``)."""
    params = parameters(fn)
    return params is not None and any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def names_parameter(fn: Callable[..., Any], name: str) -> bool:
    """``fn`` has a parameter called ``name`` (``**kwargs`` does not count)."""
    params = parameters(fn)
    return params is not None and any(p.name == name for p in params)


def needs_no_arguments(fn: Callable[..., Any]) -> bool:
    """TF ``_needs_no_arguments``: every positional parameter has a default."""
    params = parameters(fn)
    return params is not None and all(
        p.default is not p.empty for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def binds(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Whether ``fn(*args, **kwargs)`` would bind (``True`` when it cannot be inspected)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        return False
    return True


def defaults(fn: Callable[..., Any]) -> dict[str, Any]:
    """``{parameter: default}`` for the parameters of ``fn`` that have one (``self`` excluded)."""
    params = parameters(fn) or ()
    return {p.name: p.default for p in params if p.name != "self" and p.default is not p.empty}
