"""``tf.nn.nce_loss`` and ``tf.nn.sampled_softmax_loss`` (TF1 arguments), built from the same ops
as TF's ``_compute_sampled_logits`` so op names and static shapes are TF's.

The logits of the true classes and of ``num_sampled`` sampled classes are ``inputs · w + b`` minus
``log(expected count)``; NCE scores them with a sigmoid cross-entropy (summed per example), sampled
softmax with a softmax cross-entropy. Without ``sampled_values`` the classes come from
``log_uniform_candidate_sampler`` (scopelab's random stream: other classes than TF would draw);
with them, the loss equals TF's.
"""

from __future__ import annotations

from typing import Any

from scopelab.dtypes import int32, int64
from scopelab.scope import name_scope

from scopelab.ops import _core, array_ops, math_ops
from scopelab.ops.candidate_sampling import (
    compute_accidental_hits, log_uniform_candidate_sampler, sparse_to_dense,
)
from scopelab.ops.generate_ops import ones, ones_like, zeros_like
from scopelab.ops.index_ops import embedding_lookup
from scopelab.ops.join_ops import concat, stack
from scopelab.ops.linalg_ops import matmul
from scopelab.ops.nn_losses import (
    sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
)
from scopelab.ops.op_def import convert_to_tensor
from scopelab.ops.slicing import slice as tf_slice
from scopelab.ops.tensor import Tensor

__all__ = ["nce_loss", "sampled_softmax_loss"]


def _sum_rows(x: Tensor) -> Tensor:
    """Row sums as TF writes them (a product with a column of ones), for its op names."""
    cols = array_ops.shape(x)[1]
    return array_ops.reshape(matmul(x, ones(stack([cols, 1]), x.dtype)), [-1])


def _compute_sampled_logits(weights: Any, biases: Any, labels: Any, inputs: Any,
                            num_sampled: int, num_classes: int, num_true: int,
                            sampled_values: Any, subtract_log_q: bool,
                            remove_accidental_hits: bool, partition_strategy: str,
                            name: str | None, default_name: str, seed: Any = None) -> tuple:
    """``(logits, labels)`` of shape ``[batch, num_true + num_sampled]`` (TF's helper)."""
    if isinstance(weights, _core.PartitionedVariable):
        weights = list(weights)
    if not isinstance(weights, list):
        weights = [weights]
    with name_scope(name, default_name):
        labels = convert_to_tensor(labels)
        inputs = convert_to_tensor(inputs)
        if labels.dtype != int64:
            labels = math_ops.cast(labels, int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(
                true_classes=labels, num_true=num_true, num_sampled=num_sampled, unique=True,
                range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (
            array_ops.stop_gradient(s) for s in sampled_values)
        sampled = math_ops.cast(sampled, int64)
        all_ids = concat([labels_flat, sampled], 0)
        all_w = embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        if all_w.dtype != inputs.dtype:
            all_w = math_ops.cast(all_w, inputs.dtype)
        n_true = array_ops.shape(labels_flat)[0]
        true_w = tf_slice(all_w, [0, 0], stack([n_true, -1]))
        sampled_w = tf_slice(all_w, stack([array_ops.shape(labels_flat)[0], 0]), [-1, -1])
        sampled_logits = matmul(inputs, sampled_w, transpose_b=True)
        all_b = embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        if all_b.dtype != inputs.dtype:
            all_b = math_ops.cast(all_b, inputs.dtype)
        true_b = tf_slice(all_b, [0], array_ops.shape(labels_flat))
        sampled_b = tf_slice(all_b, array_ops.shape(labels_flat), [-1])
        dim = array_ops.shape(true_w)[1:2]
        new_true_w_shape = concat([[-1, num_true], dim], 0)
        row_wise_dots = math_ops.multiply(array_ops.expand_dims(inputs, 1),
                                          array_ops.reshape(true_w, new_true_w_shape))
        dots_as_matrix = array_ops.reshape(row_wise_dots, concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_b = array_ops.reshape(true_b, [-1, num_true])
        true_logits += true_b
        sampled_logits += sampled_b
        if remove_accidental_hits:
            sampled_logits += _accidental_hit_mask(labels, sampled, num_true, num_sampled,
                                                   sampled_logits.dtype)
        if subtract_log_q:
            true_logits -= math_ops.log(true_expected_count)
            sampled_logits -= math_ops.log(sampled_expected_count)
        out_logits = concat([true_logits, sampled_logits], 1)
        out_labels = concat([ones_like(true_logits) / num_true, zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def _accidental_hit_mask(labels: Tensor, sampled: Tensor, num_true: int, num_sampled: int,
                         dtype: Any) -> Tensor:
    """``-FLT_MAX`` where a sampled class is one of the example's targets, 0 elsewhere."""
    acc_indices, acc_ids, acc_weights = compute_accidental_hits(labels, sampled,
                                                                num_true=num_true)
    acc_indices_2d = array_ops.reshape(acc_indices, [-1, 1])
    acc_ids_2d_int32 = array_ops.reshape(math_ops.cast(acc_ids, int32), [-1, 1])
    sparse_indices = concat([acc_indices_2d, acc_ids_2d_int32], 1, "sparse_indices")
    sampled_logits_shape = concat(
        [array_ops.shape(labels)[:1], array_ops.expand_dims(num_sampled, 0)], 0)
    if acc_weights.dtype != dtype:
        acc_weights = math_ops.cast(acc_weights, dtype)
    return sparse_to_dense(sparse_indices, sampled_logits_shape, acc_weights, default_value=0.0,
                           validate_indices=False)


def nce_loss(weights: Any, biases: Any, labels: Any, inputs: Any, num_sampled: int,
             num_classes: int, num_true: int = 1, sampled_values: Any = None,
             remove_accidental_hits: bool = False, partition_strategy: str = "mod",
             name: str = "nce_loss") -> Tensor:
    """Noise-contrastive estimation loss per example, ``[batch]``: sigmoid cross-entropy of the
    true classes (label 1 / num_true) and the sampled ones (label 0). ``weights`` is
    ``[num_classes, dim]`` or a list of its shards; ``labels`` is ``[batch, num_true]``."""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
        True, remove_accidental_hits, partition_strategy, name, "compute_sampled_logits")
    sampled_losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                       name="sampled_losses")
    return _sum_rows(sampled_losses)


def sampled_softmax_loss(weights: Any, biases: Any, labels: Any, inputs: Any, num_sampled: int,
                         num_classes: int, num_true: int = 1, sampled_values: Any = None,
                         remove_accidental_hits: bool = True, partition_strategy: str = "mod",
                         name: str = "sampled_softmax_loss", seed: Any = None) -> Tensor:
    """Softmax cross-entropy over the true classes and ``num_sampled`` sampled ones, per example
    (``[batch]``); a training-time estimate of the full softmax loss."""
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
        True, remove_accidental_hits, partition_strategy, name, "compute_sampled_logits",
        seed=seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
