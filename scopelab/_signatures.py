"""What a user's callable accepts, read from its signature (layer L0).

TF1 asks the same questions of custom getters, initializers and regularizers (``fn_args``,
``has_kwargs``, ``_needs_no_arguments``). A callable whose signature cannot be read (some builtins
and C extensions) is treated as accepting nothing optional: the caller then passes only what every
callable takes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

__all__ = ["parameters", "accepts_keyword", "has_parameter", "needs_no_arguments"]


def parameters(fn: Callable) -> list[inspect.Parameter] | None:
    """``fn``'s parameters in order, or None when its signature cannot be read."""
    try:
        return list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None


def accepts_keyword(fn: Callable, name: str) -> bool:
    """Whether ``fn`` takes ``name`` by name or has ``**kwargs`` (TF's ``fn_args``/``has_kwargs``)."""
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in parameters(fn) or ())


def has_parameter(fn: Callable, name: str) -> bool:
    """Whether ``fn`` declares a parameter called ``name`` (``**kwargs`` does not count)."""
    return any(p.name == name for p in parameters(fn) or ())


def needs_no_arguments(fn: Callable) -> bool:
    """TF's ``_needs_no_arguments``: every positional parameter has a default."""
    params = parameters(fn)
    return params is not None and all(
        p.default is not p.empty for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
