"""``tf.nn``: the few neural-network ops scopelab's TF1 surface needs."""

from scopelab.embedding import embedding_lookup
from scopelab.math_ops import l2_loss

__all__ = ["embedding_lookup", "l2_loss"]
