"""Custom-getter chains (TF ``_maybe_wrap_custom_getter``), written out as small objects.

A scope opened with ``custom_getter=new`` under a scope whose getter is ``old`` gets
``ChainedGetter(new, old)``: the innermost getter runs first and receives, as its ``getter``, the
next-outer getter bound to the true getter. Getters are called with keyword arguments only, and
``constraint`` is passed only to getters that accept it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scopelab._signatures import accepts_keyword
from scopelab.errors import CustomGetterError

__all__ = ["wrap_getter", "ChainedGetter"]


class ChainedGetter:
    """``new`` wrapped around ``old`` (TF ``_maybe_wrap_custom_getter``): innermost runs first."""

    def __init__(self, new: Any, old: Any) -> None:
        self.new = new
        self.old = old

    def __call__(self, getter: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return _call_getter(self.new, _BoundGetter(self.old, getter), args, kwargs)

    def __repr__(self) -> str:
        return f"<custom getter chain {_getter_name(self.new)} -> {_getter_name(self.old)}>"


class _BoundGetter:
    """``functools.partial(old, getter)`` that also drops ``constraint`` if ``old`` lacks it."""

    def __init__(self, old: Any, getter: Callable[..., Any]) -> None:
        self.old = old
        self.getter = getter

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _call_getter(self.old, self.getter, args, kwargs)


def _call_getter(fn: Any, getter: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if not callable(fn):
        raise CustomGetterError(fn, name=kwargs.get("name"))
    if "constraint" in kwargs and not accepts_keyword(fn, "constraint"):
        kwargs = {k: v for k, v in kwargs.items() if k != "constraint"}
    return fn(getter, *args, **kwargs)


def _getter_name(fn: Any) -> str:
    return getattr(fn, "__name__", None) or type(fn).__name__


def wrap_getter(new: Any, old: Any) -> Any:
    return new if old is None else ChainedGetter(new, old)
