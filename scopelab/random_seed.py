"""TF1's seeding rules: the graph seed, ``get_seed(op_seed)`` and the graph's op counter.

A random initializer asks :func:`get_seed` for a seed pair and keys the kernels with it:

=================  ==============  ==========================================================
graph seed         op seed         pair
=================  ==============  ==========================================================
not set            ``None``        ``(None, None)``: fresh randomness on every call
not set            ``s``           ``(DEFAULT_GRAPH_SEED, s % _MAXINT32)``
``g``              ``None``        ``(g % _MAXINT32, next op id)``: deterministic per creation order
``g``              ``s``           ``(g % _MAXINT32, s % _MAXINT32)``
=================  ==============  ==========================================================

A pair equal to ``(0, 0)`` becomes ``(0, _MAXINT32)``, as in TF (``(0, 0)`` means
"nondeterministic" to TF's kernels).

TF draws the missing op seed from ``graph._last_id``, the id of the last op built. scopelab has no
graph of ops, so a per-"graph" counter stands in for it: it advances once for every op seed it
hands out, i.e. once per unseeded random draw under a graph seed. The same sequence of variable
creations after ``reset_default_graph(); set_random_seed(g)`` therefore gives the same numbers.
``set_random_seed`` does not rewind the counter (TF's graph does not either); :func:`reset`, called
by ``reset_default_graph``, clears both seed and counter.

Seed and counter belong to a graph (:class:`scopelab.graph.Graph`): these functions act on the
default one, so each ``tf.Graph()`` has its own while it is the default.
"""

from __future__ import annotations

import operator

from scopelab.errors import InvalidArgumentTypeError
from scopelab.graph import DEFAULT_GRAPH_SEED, get_default_graph

_MAXINT32 = 2**31 - 1

__all__ = ["DEFAULT_GRAPH_SEED", "set_random_seed", "get_seed", "get_graph_seed", "reset"]


def _as_seed(value: object, what: str) -> int:
    try:
        return operator.index(value)  # type: ignore[arg-type]  # TypeError below if it has no __index__
    except TypeError:
        raise InvalidArgumentTypeError(
            f"The {what} must be an integer or None, got {value!r} of type "
            f"{type(value).__name__}. Seeds select a reproducible random stream, for example "
            f"tf.set_random_seed(42) or tf.random_normal_initializer(seed=7).",
            value=value) from None


def set_random_seed(seed: int | None) -> None:
    """Set the graph-level seed (``None`` clears it), like ``tf.set_random_seed``."""
    get_default_graph().seed = None if seed is None else _as_seed(seed, "graph seed")


def get_graph_seed() -> int | None:
    """The graph-level seed set by :func:`set_random_seed`, or ``None``."""
    return get_default_graph().seed


def get_seed(op_seed: int | None) -> tuple[int | None, int | None]:
    """The seed pair a random op with ``op_seed`` uses (TF1 ``random_seed.get_seed``)."""
    if op_seed is not None:
        op_seed = _as_seed(op_seed, "op seed")
    return get_default_graph().seeds_for(op_seed)


def reset() -> None:
    """Forget the graph seed and rewind the op counter of the default graph."""
    get_default_graph().reset_seed()
