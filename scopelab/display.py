"""Rich-display registry: lets the views layer (L4) render core objects without upward imports.

Core classes (variables, scopes, the store, errors) define ``_repr_mimebundle_`` by calling
:func:`mimebundle`, which looks up a renderer registered for the object's class (searching the MRO).
``scopelab.render`` registers the text/HTML renderers when it is imported (``import scopelab``
does that). Without a renderer an object shows its plain ``repr``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["register", "mimebundle", "count"]

Renderer = Callable[[Any], dict[str, Any]]
_renderers: dict[type, Renderer] = {}


def register(cls: type, renderer: Renderer) -> None:
    """Use ``renderer(obj) -> {mimetype: data}`` to display instances of ``cls``."""
    _renderers[cls] = renderer


def mimebundle(obj: Any, include: Any = None, exclude: Any = None) -> dict[str, Any]:
    """The mime bundle for ``obj``: its registered renderer's, else ``{"text/plain": repr(obj)}``."""
    for klass in type(obj).__mro__:
        renderer = _renderers.get(klass)
        if renderer is not None:
            bundle = dict(renderer(obj))
            break
    else:
        bundle = {"text/plain": repr(obj)}
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle


def count(n: int, noun: str) -> str:
    """``"1 variable"``, ``"3 variables"``: how displays count things (regular plurals only)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
