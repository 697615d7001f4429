"""``tf.losses`` for regularization: the losses ``get_variable`` recorded, read live.

Each loss in ``REGULARIZATION_LOSSES`` re-runs its regularizer on the variable's current value
whenever it is read (``float(loss)``, ``np.asarray(loss)``), like a TF1 graph tensor evaluated in a
session; the total is lazy in the same way.
"""

from __future__ import annotations

from scopelab.keys import GraphKeys
from scopelab.store import get_default_store
from scopelab.variables import LazyTotal

__all__ = ["get_regularization_losses", "get_regularization_loss"]


def get_regularization_losses(scope: str | None = None) -> list:
    """The recorded regularization losses (creation order); ``scope`` is a ``re.match`` filter."""
    return get_default_store().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope: str | None = None,
                            name: str = "total_regularization_loss") -> LazyTotal:
    """Their sum, re-evaluated on every read; 0.0 when there are none (TF1 behaviour)."""
    return LazyTotal(get_regularization_losses(scope), name)


def __getattr__(name: str):
    """``tf.losses.sparse_softmax_cross_entropy`` & co. are model code: ``scopelab.layers.losses``."""
    import importlib

    builders = importlib.import_module("scopelab.layers.losses")
    if name in builders.__all__:
        return getattr(builders, name)
    raise AttributeError(f"module 'tf.losses' has no attribute {name!r}")
