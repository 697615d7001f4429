"""``tf.Session`` and ``tf.InteractiveSession``: run symbolic tensors in NumPy, as TF1 does.

``sess.run(fetches, feed_dict)`` takes TF1's fetches (a tensor, an operation (gives ``None``), a
variable, a tensor or op name such as ``"loss:0"``, and lists, tuples, namedtuples and dicts of them,
nested) and feeds keyed by tensor, placeholder or name. Each fetch is computed once per run.
Feeding a value of the wrong shape raises TF's ``ValueError``; a placeholder the fetches need but
nobody fed raises ``tf.errors.InvalidArgumentError``; both then say which placeholder and fetch, and
what to add to ``feed_dict``.

Initialization state. scopelab gives every variable its value when it is created (so
``np.asarray(v)`` works without a session), but a session reads a variable only after it ran an
initializer covering it (``tf.global_variables_initializer()``, ``tf.variables_initializer([...])``)
or assigned it (``tf.assign``), as in TF1; otherwise ``FailedPreconditionError: Attempting to use
uninitialized value w``. Each session keeps its own set of initialized variables. Unlike TF1,
running an initializer does not draw new random numbers and does not undo later assignments: the
value stays the variable's current value (``tf.train.init_from_checkpoint`` and ``v.assign(...)``
made before the session stay visible).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np

from scopelab.errors import FailedPreconditionError
from scopelab.tensor_shape import TensorShape

from scopelab.ops import nest
from scopelab.ops._core import ArrayOps, get_default_graph
from scopelab.ops.evaluate import (
    EvalContext, evaluate, pop_default_session, push_default_session, set_interactive_session,
)
from scopelab.ops.op_def import convert_to_tensor, is_tensor_like
from scopelab.ops.tensor import Operation, Tensor, graph_ops
from scopelab._tf_values import convert_value

__all__ = ["Session", "InteractiveSession", "get_default_session"]


class Session:
    """A TF1 session over ``graph`` (the default graph when None)."""

    def __init__(self, target: str = "", graph: Any = None, config: Any = None) -> None:
        self._graph = get_default_graph() if graph is None else graph
        self._registry = graph_ops(self._graph)
        self.sess_str = target
        self._config = config
        self._initialized: weakref.WeakSet = weakref.WeakSet()
        self._run_counts: dict = {}
        self._closed = False
        self._default_tokens: list = []

    # --- TF1 surface -----------------------------------------------------------------------------
    @property
    def graph(self) -> Any:
        return self._graph

    @property
    def graph_def(self) -> Any:
        return None

    def as_default(self) -> _DefaultSession:
        return _DefaultSession(self)

    def close(self) -> None:
        self._closed = True

    def __enter__(self) -> Session:
        self._default_tokens.append(push_default_session(self))
        return self

    def __exit__(self, *exc: Any) -> None:
        pop_default_session(self._default_tokens.pop())
        self.close()

    def list_devices(self) -> list:
        return []

    def run(self, fetches: Any, feed_dict: Any = None, options: Any = None,
            run_metadata: Any = None) -> Any:
        """Evaluate ``fetches`` (nested lists/tuples/dicts of tensors, ops, variables, names)."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        leaves = nest.flatten(fetches)
        targets = [self._fetch_target(leaf, fetches) for leaf in leaves]
        feeds = self._feeds(feed_dict)
        unique = list(dict.fromkeys(targets))
        values = evaluate(unique, feeds, EvalContext(self, self._run_counts))
        by_target = {t: (None if v is None else np.array(v)) for t, v in zip(unique, values)}
        results = [by_target[t] for t in targets]
        if not nest.is_sequence(fetches):
            return results[0]
        return nest.pack_sequence_as(fetches, results)

    def partial_run_setup(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("partial_run is not supported by scopelab sessions")

    # --- fetches and feeds --------------------------------------------------------------------------
    def _fetch_target(self, fetch: Any, fetches: Any) -> Tensor | Operation:
        if isinstance(fetch, str):
            fetch = self._by_name(fetch, "Fetch")       # an op, a tensor, or a variable ("w:0")
        if isinstance(fetch, (Tensor, Operation)):
            target = fetch
        elif isinstance(fetch, ArrayOps):
            target = convert_to_tensor(fetch)
        else:
            raise TypeError(
                f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must be a string or "
                f"Tensor. (Can not convert a {type(fetch).__name__} into a Tensor or Operation.)")
        self._check_graph(target, "Fetch")
        return target

    def _by_name(self, name: str, what: str) -> Tensor | Operation:
        try:
            return self._graph.as_graph_element(name)    # ops, then variables ("w:0")
        except KeyError as missing:
            kind = "Tensor" if ":" in name else "Operation"
            raise ValueError(f"{what} argument {name!r} cannot be interpreted as a {kind}. "
                             f"({missing.args[0]})") from None

    def _check_graph(self, target: Tensor | Operation, what: str) -> None:
        op = target if isinstance(target, Operation) else target.op
        if op._registry is not graph_ops(self._graph):
            kind = "Operation" if isinstance(target, Operation) else "Tensor"
            raise ValueError(
                f"{what} argument {target!r} cannot be interpreted as a {kind}. ({kind} "
                f"{target} is not an element of this graph.) It was built in another graph, or "
                f"before tf.reset_default_graph(); build it again, or open the session on its "
                f"graph: tf.Session(graph=t.graph).")

    def _feeds(self, feed_dict: Any) -> dict:
        if not feed_dict:
            return {}
        if not isinstance(feed_dict, Mapping):
            raise TypeError(f"feed_dict must be a dictionary, got {type(feed_dict).__name__}.")
        feeds = {}
        for key, value in feed_dict.items():
            tensor = self._feed_key(key)
            if is_tensor_like(value):
                raise TypeError(
                    "The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                    "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. "
                    f"(Feeding {tensor.name}: evaluate the tensor first with sess.run, or use it "
                    f"directly in the graph instead of feeding it.)")
            feeds[tensor] = self._feed_value(tensor, value)
        return feeds

    def _feed_key(self, key: Any) -> Tensor:
        if isinstance(key, str):
            key = self._by_name(key, "Feed")             # an op, a tensor, or a variable ("w:0")
        if isinstance(key, Tensor | Operation):
            target = key
        elif isinstance(key, ArrayOps):
            target = convert_to_tensor(key)
        else:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: Can not convert a "
                            f"{type(key).__name__} into a Tensor.")
        if isinstance(target, Operation):
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: Can not convert an "
                            f"Operation into a Tensor. Feed '{target.name}:0' instead.")
        self._check_graph(target, "Feed")
        return target

    def _feed_value(self, tensor: Tensor, value: Any) -> np.ndarray:
        try:
            array = np.asarray(value, dtype=tensor.dtype.np) if not tensor.dtype.is_string \
                else convert_value(value, tensor.dtype)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Cannot feed value {value!r} for Tensor {tensor.name!r} of dtype "
                             f"{tensor.dtype.name}: {exc}") from None
        if not tensor.shape.is_compatible_with(array.shape):
            raise ValueError(
                f"Cannot feed value of shape {array.shape} for Tensor {tensor.name!r}, which has "
                f"shape '{tensor.shape}'\nThe value for {tensor.name} must have shape "
                f"{tensor.shape} ('?' is any size): {_shape_hint(tensor.shape, array.shape)}")
        return array

    # --- variables (called by the evaluator) ------------------------------------------------------------
    def _read_variable(self, variable: Any) -> np.ndarray:
        if variable not in self._initialized:
            raise FailedPreconditionError(
                f"Attempting to use uninitialized value {variable.full_name}\n"
                f"This session has not initialized {variable.full_name!r}. Run an initializer in "
                f"it first: sess.run(tf.global_variables_initializer()) after building the model "
                f"(or tf.variables_initializer([v]) for this one). Each session starts with no "
                f"initialized variables.", name=variable.full_name)
        return np.asarray(variable)

    def _mark_initialized(self, variables: Any) -> None:
        for v in variables:
            self._initialized.add(v)

    def _is_initialized(self, variable: Any) -> bool:
        return variable in self._initialized

    def __repr__(self) -> str:
        return f"<scopelab Session on {self._graph!r}>"


def _shape_hint(expected: TensorShape, got: tuple) -> str:
    if expected.ndims is not None and expected.ndims != len(got):
        return (f"the value has rank {len(got)}, the tensor rank {expected.ndims} (reshape the "
                f"value, e.g. value.reshape({', '.join('-1' if d is None else str(d) for d in expected.as_list())})).")
    bad = [i for i, (a, b) in enumerate(zip(expected.as_list(), got)) if a is not None and a != b]
    return f"dimension {bad[0]} is {got[bad[0]]}, expected {expected.as_list()[bad[0]]}." if bad \
        else "shapes differ."


class _DefaultSession:
    """``with sess.as_default():`` — ``Tensor.eval()`` and ``Operation.run()`` use ``sess``."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._tokens: list = []

    def __enter__(self) -> Session:
        self._tokens.append(push_default_session(self._session))
        return self._session

    def __exit__(self, *exc: Any) -> None:
        pop_default_session(self._tokens.pop())


class InteractiveSession(Session):
    """A session that makes itself the default on creation (for notebooks and shells)."""

    def __init__(self, target: str = "", graph: Any = None, config: Any = None) -> None:
        super().__init__(target, graph, config)
        set_interactive_session(self)

    def close(self) -> None:
        super().close()
        from scopelab.ops.evaluate import current_default_session
        if current_default_session() is self:
            set_interactive_session(None)


def get_default_session() -> Session | None:
    from scopelab.ops.evaluate import current_default_session
    return current_default_session()
