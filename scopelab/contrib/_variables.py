"""How ``tf.contrib.layers`` makes its variables: *model variables* (also in ``MODEL_VARIABLES``)
named ``weights`` / ``biases`` where the ``tf.layers`` class underneath says ``kernel`` / ``bias``.

TF1's contrib layers open ``variable_scope(scope, default_name, custom_getter=...)`` and build a
``tf.layers`` object inside it; the custom getter renames the layer's variables and adds the model
collection. Nothing else changes: sharing, reuse and errors are ``get_variable``'s.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keys import GraphKeys
from scopelab.layers._base import make_variable

__all__ = ["model_variable", "layer_variable_getter", "add_variable_to_collections",
           "get_variable_collections", "collect_named_outputs"]

_RENAME = {"kernel": "weights", "bias": "biases"}


def model_variable(name: str, shape: Any = None, *, created_by: str, collections: Any = None,
                   **kwargs: Any) -> Any:
    """``tf.contrib.framework.model_variable``: ``get_variable`` that also files the variable in
    ``MODEL_VARIABLES`` (after any ``collections`` given)."""
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    return make_variable(name, shape, created_by=created_by, collections=collections, **kwargs)


def layer_variable_getter(rename: bool | dict = True):
    """The custom getter contrib layers put around their ``tf.layers`` object (the layer object's
    ``_created_by`` names the contrib function for the views). ``rename``: True for
    ``kernel``/``bias`` -> ``weights``/``biases``, a dict for other layers, False for none."""
    renames = _RENAME if rename is True else (rename or {})

    def getter(getter: Any, *args: Any, **kwargs: Any) -> Any:
        name = kwargs.pop("name") if "name" in kwargs else args[0]
        parts = name.split("/")
        if parts[-1] in renames:
            parts[-1] = renames[parts[-1]]
        kwargs["collections"] = list(kwargs.get("collections") or []) + [
            GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
        return getter(*args[1:], name="/".join(parts), **kwargs)

    return getter


def get_variable_collections(variables_collections: Any, name: str) -> Any:
    if isinstance(variables_collections, dict):
        return variables_collections.get(name)
    return variables_collections


def add_variable_to_collections(variable: Any, variables_collections: Any, name: str) -> None:
    """Files ``variable`` in the collections ``variables_collections`` names for ``name``."""
    if variable is None:
        return
    for collection in get_variable_collections(variables_collections, name) or []:
        if all(item is not variable for item in tf.get_collection(collection)):
            tf.add_to_collection(collection, variable)


def collect_named_outputs(collections: Any, alias: str, outputs: Any) -> Any:
    """Adds ``outputs`` to ``outputs_collections`` (as TF1 did, with an ``aliases`` list)."""
    if collections:
        aliases = list(getattr(outputs, "aliases", []) or [])
        if alias not in aliases:
            aliases.append(alias)
        try:
            outputs.aliases = aliases
        except AttributeError:
            pass
        tf.add_to_collections(collections, outputs)
    return outputs
