"""``tf.contrib.framework``: ``arg_scope`` and the variable helpers slim-style model code uses.

``arg_scope([f, g], **defaults)`` sets default keyword arguments of the functions decorated with
``add_arg_scope`` for the block; nested scopes add to (and override) the outer defaults; a keyword
given in the call itself always wins. It changes no names: a layer inside ``arg_scope`` is named
exactly as outside it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import Any

import scopelab as tf
from scopelab.contrib._variables import model_variable as _model_variable
from scopelab.keys import GraphKeys
from scopelab.layers._base import make_variable
from scopelab.ops import nest  # noqa: F401 - tf.contrib.framework.nest, TF1's alias of nest

__all__ = ["arg_scope", "add_arg_scope", "has_arg_scope", "arg_scoped_arguments", "current_arg_scope",
           "model_variable", "variable", "get_variables", "get_model_variables", "get_local_variables",
           "get_trainable_variables", "get_variables_to_restore", "get_variables_by_name",
           "get_or_create_global_step", "get_global_step"]

_current: contextvars.ContextVar[dict] = contextvars.ContextVar("scopelab_arg_scope", default={})  # noqa: B039 - never mutated: arg_scope sets a copy


def _key(func: Callable) -> str:
    return f"{func.__module__}.{getattr(func, '__qualname__', func.__name__)}"


def add_arg_scope(func: Callable) -> Callable:
    """Lets ``arg_scope`` supply default keyword arguments to ``func``."""
    key = _key(func)

    @functools.wraps(func)
    def with_arg_scope(*args: Any, **kwargs: Any) -> Any:
        defaults = _current.get().get(key)
        if defaults:
            kwargs = {**defaults, **kwargs}
        return func(*args, **kwargs)

    with_arg_scope._key_op = key
    with_arg_scope._arg_names = func.__code__.co_varnames[:func.__code__.co_argcount]
    return with_arg_scope


def has_arg_scope(func: Callable) -> bool:
    return hasattr(func, "_key_op")


def arg_scoped_arguments(func: Callable) -> tuple:
    return getattr(func, "_arg_names", ())


def current_arg_scope() -> dict:
    return _current.get()


@contextlib.contextmanager
def arg_scope(list_ops_or_scope: Any, **kwargs: Any) -> Iterator[dict]:
    """Default keyword arguments for the listed functions inside the block (or re-enter a saved
    scope given as the dict ``with arg_scope(...) as sc`` returned)."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must "
                             "be empty.")
        scope = list_ops_or_scope
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        scope = dict(_current.get())
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError(f"{getattr(op, '__name__', op)} is not decorated with @add_arg_scope: "
                                 f"arg_scope can only set defaults of tf.contrib.layers functions (and of "
                                 f"your own functions decorated with add_arg_scope).")
            scope[op._key_op] = {**scope.get(op._key_op, {}), **kwargs}
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


@add_arg_scope
def model_variable(name: str, shape: Any = None, dtype: Any = tf.float32, initializer: Any = None,
                   regularizer: Any = None, trainable: bool = True, collections: Any = None,
                   caching_device: Any = None, device: Any = None, partitioner: Any = None,
                   custom_getter: Any = None, use_resource: Any = None) -> Any:
    """``get_variable`` in ``GLOBAL_VARIABLES`` and ``MODEL_VARIABLES`` (plus ``collections``)."""
    with tf.device(device or ""):
        return _model_variable(name, shape, created_by="tf.contrib.framework.model_variable", dtype=dtype,
                               initializer=initializer, regularizer=regularizer, trainable=trainable,
                               collections=collections, caching_device=caching_device,
                               partitioner=partitioner, custom_getter=custom_getter)


@add_arg_scope
def variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None, regularizer: Any = None,
             trainable: bool = True, collections: Any = None, caching_device: Any = None, device: Any = None,
             partitioner: Any = None, custom_getter: Any = None, use_resource: Any = None) -> Any:
    """``get_variable`` with ``collections`` defaulting to ``GLOBAL_VARIABLES``."""
    collections = list(collections if collections is not None else [GraphKeys.GLOBAL_VARIABLES])
    with tf.device(device or ""):
        return make_variable(name, shape, created_by="tf.contrib.framework.variable", dtype=dtype,
                             initializer=initializer, regularizer=regularizer, trainable=trainable,
                             collections=collections, caching_device=caching_device, partitioner=partitioner,
                             custom_getter=custom_getter)


def get_variables(scope: Any = None, suffix: str | None = None,
                  collection: str = GraphKeys.GLOBAL_VARIABLES) -> list:
    """Variables of ``collection`` under ``scope`` (a name or a ``VariableScope``), ending in ``suffix``."""
    if isinstance(scope, tf.VariableScope):
        scope = scope.name
    if suffix is not None:          # TF1 builds one re.match pattern from both
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return tf.get_collection(collection, scope)


def get_model_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope: Any = None, suffix: str | None = None) -> list:
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_to_restore(include: Any = None, exclude: Any = None) -> list:
    """Global variables under the scopes in ``include`` (all when None), minus those in ``exclude``."""
    chosen = tf.global_variables() if include is None else [
        v for scope in include for v in get_variables(scope)]
    excluded = {id(v) for scope in exclude or () for v in get_variables(scope)}
    seen, result = set(), []
    for v in chosen:
        if id(v) not in excluded and id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


def get_variables_by_name(given_name: str, scope: Any = None) -> list:
    return get_variables(scope=scope, suffix="/" + given_name + ":|^" + given_name + ":")


def get_or_create_global_step(graph: Any = None) -> Any:
    return tf.train.get_or_create_global_step(graph)


def get_global_step(graph: Any = None) -> Any:
    return tf.train.get_global_step(graph)
