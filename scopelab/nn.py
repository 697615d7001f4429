"""``tf.nn``: activations, convolutions and pooling, losses, normalization, dropout, embeddings.

Re-exports of :mod:`scopelab.ops`. The RNN entry points (``tf.nn.rnn_cell``, ``dynamic_rnn``,
``static_rnn``, ``bidirectional_dynamic_rnn``) belong to the model code in :mod:`scopelab.rnn`;
``scopelab/__init__.py`` attaches them here once that package is imported (this module stays
below the model code).
"""

from scopelab.ops.candidate_sampling import (
    compute_accidental_hits, fixed_unigram_candidate_sampler, log_uniform_candidate_sampler,
    uniform_candidate_sampler,
)
from scopelab.ops.conv_ops import (
    atrous_conv2d, avg_pool, conv1d, conv2d, conv2d_transpose, conv3d, depthwise_conv2d, depthwise_conv2d_native,
    max_pool, separable_conv2d,
)
from scopelab.ops.index_ops import embedding_lookup
from scopelab.ops.nn_losses import (
    sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits,
    weighted_cross_entropy_with_logits,
)
from scopelab.ops.nn_ops import (
    bias_add, crelu, dropout, elu, in_top_k, l2_loss, leaky_relu, log_softmax, relu, relu6, selu,
    sigmoid, softmax, softplus, softsign, swish, tanh, top_k, xw_plus_b, zero_fraction,
)
from scopelab.ops.normalization import (
    batch_normalization, fused_batch_norm, l2_normalize, local_response_normalization, lrn,
    moments,
)
from scopelab.ops.sampled_losses import nce_loss, sampled_softmax_loss

__all__ = [
    "atrous_conv2d", "avg_pool", "conv1d", "conv2d", "conv2d_transpose", "conv3d", "depthwise_conv2d",
    "depthwise_conv2d_native", "max_pool", "separable_conv2d", "embedding_lookup",
    "batch_normalization", "bias_add", "crelu", "dropout", "elu", "fused_batch_norm", "in_top_k",
    "l2_loss", "l2_normalize", "leaky_relu", "log_softmax", "moments", "relu", "relu6", "selu",
    "sigmoid", "sigmoid_cross_entropy_with_logits", "softmax", "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2", "softplus", "softsign",
    "sparse_softmax_cross_entropy_with_logits", "swish", "tanh", "top_k",
    "weighted_cross_entropy_with_logits", "xw_plus_b", "zero_fraction",
    "lrn", "local_response_normalization",
    "compute_accidental_hits", "fixed_unigram_candidate_sampler", "log_uniform_candidate_sampler",
    "uniform_candidate_sampler", "nce_loss", "sampled_softmax_loss",
]


def __getattr__(name: str):
    """A TF1 name this module does not provide: say why, or suggest a close name."""
    if name.startswith("__"):
        raise AttributeError(name)
    from scopelab._unsupported import missing
    raise missing("tf.nn", name, globals())
