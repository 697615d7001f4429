"""nce_loss / sampled_softmax_loss in a word2vec-style model, against NumPy references, and the
candidate samplers' own rules (distribution, uniqueness, expected counts, seeding, errors).

TF's values for fixed ``sampled_values`` are replayed in ``test_ops_recorded.py``; here the losses
are checked against the formulas written out in NumPy."""

from __future__ import annotations

import math

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import InvalidArgumentError


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _sigmoid_xent(logits, labels):
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))


def _sampled_logits(x, w, b, labels, sampled, true_count, sampled_count, remove_hits=False):
    true_logits = np.einsum("bd,btd->bt", x, w[labels]) + b[labels] - np.log(true_count)
    sampled_logits = x @ w[sampled].T + b[sampled] - np.log(sampled_count)
    if remove_hits:
        hit = (labels[:, :, None] == sampled[None, None, :]).any(axis=1)
        sampled_logits = np.where(hit, sampled_logits - np.finfo(np.float32).max, sampled_logits)
    return true_logits, sampled_logits


def _nce_reference(x, w, b, labels, sampled, true_count, sampled_count):
    t, s = _sampled_logits(x, w, b, labels, sampled, true_count, sampled_count)
    num_true = labels.shape[1]
    return _sigmoid_xent(t, 1.0 / num_true).sum(1) + _sigmoid_xent(s, 0.0).sum(1)


def _softmax_reference(x, w, b, labels, sampled, true_count, sampled_count, remove_hits=True):
    t, s = _sampled_logits(x, w, b, labels, sampled, true_count, sampled_count, remove_hits)
    logits = np.concatenate([t, s], 1).astype(np.float64)
    log_p = logits - logits.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    return -(log_p[:, :labels.shape[1]] / labels.shape[1]).sum(1)


VOCAB, DIM, BATCH, NUM_SAMPLED = 50, 8, 4, 6
SAMPLED = np.array([0, 7, 3, 12, 40, 2], np.int64)
TRUE_COUNT = np.array([[0.5], [0.25], [0.125], [0.3]], np.float32)
SAMPLED_COUNT = np.array([0.9, 0.4, 0.6, 0.2, 0.05, 0.7], np.float32)


def _word2vec(sampled_values=None):
    """The TF1 word2vec tutorial's graph (smaller sizes)."""
    train_inputs = tf.placeholder(tf.int32, shape=[BATCH])
    train_labels = tf.placeholder(tf.int32, shape=[BATCH, 1])
    embeddings = tf.Variable(tf.random_uniform([VOCAB, DIM], -1.0, 1.0, seed=1))
    embed = tf.nn.embedding_lookup(embeddings, train_inputs)
    nce_weights = tf.Variable(tf.truncated_normal([VOCAB, DIM], stddev=1.0 / math.sqrt(DIM),
                                                  seed=2))
    nce_biases = tf.Variable(tf.random_normal([VOCAB], seed=3))
    per_example = tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, labels=train_labels,
                                 inputs=embed, num_sampled=NUM_SAMPLED, num_classes=VOCAB,
                                 sampled_values=sampled_values)
    loss = tf.reduce_mean(per_example)
    return train_inputs, train_labels, embeddings, nce_weights, nce_biases, per_example, loss


def test_word2vec_model_builds_and_matches_numpy_with_fixed_samples():
    sampled = (tf.constant(SAMPLED), tf.constant(TRUE_COUNT), tf.constant(SAMPLED_COUNT))
    inputs, labels, emb, w, b, per_example, loss = _word2vec(sampled)
    assert [v.name for v in tf.trainable_variables()] == ["Variable:0", "Variable_1:0",
                                                         "Variable_2:0"]
    assert [v.shape.as_list() for v in (emb, w, b)] == [[VOCAB, DIM], [VOCAB, DIM], [VOCAB]]
    assert per_example.shape.as_list() == [BATCH] and per_example.dtype == tf.float32
    assert loss.shape.as_list() == []
    tf.train.GradientDescentOptimizer(1.0).minimize(loss)      # builds through every op
    ids, targets = np.array([1, 2, 3, 4]), np.array([[2], [3], [7], [5]])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, got_loss, e, wv, bv = sess.run([per_example, loss, emb, w, b],
                                            {inputs: ids, labels: targets})
    want = _nce_reference(e[ids], wv, bv, targets, SAMPLED, TRUE_COUNT, SAMPLED_COUNT)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, want, rtol=1e-5)
    np.testing.assert_allclose(got_loss, want.mean(), rtol=1e-5)


def test_word2vec_model_draws_candidates_each_run():
    inputs, labels, _, _, _, per_example, loss = _word2vec()
    sampler = [op for op in tf.get_default_graph().get_operations()
               if op.type == "LogUniformCandidateSampler"]
    assert [op.name for op in sampler] == ["nce_loss/LogUniformCandidateSampler"]
    feed = {inputs: [1, 2, 3, 4], labels: [[2], [3], [7], [5]]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, second = sess.run(per_example, feed), sess.run(per_example, feed)
    assert np.all(np.isfinite(first)) and np.all(first > 0)
    assert not np.array_equal(first, second)         # new candidates on each run


def test_sampled_softmax_over_partitioned_variable_matches_numpy():
    x = np.random.RandomState(1).randn(3, DIM).astype(np.float32)
    with tf.variable_scope("softmax", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", [VOCAB, DIM])
    b = tf.get_variable("b", [VOCAB], initializer=tf.random_normal_initializer(seed=4))
    labels = np.array([[7], [1], [12]])
    counts = TRUE_COUNT[:3]
    sampled = (SAMPLED, counts, SAMPLED_COUNT)
    loss = tf.nn.sampled_softmax_loss(w, b, labels, x, NUM_SAMPLED, VOCAB,
                                      sampled_values=sampled, partition_strategy="div")
    kept = tf.nn.sampled_softmax_loss(w, b, labels, x, NUM_SAMPLED, VOCAB,
                                      sampled_values=sampled, partition_strategy="div",
                                      remove_accidental_hits=False)
    assert loss.shape.as_list() == [3]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, got_kept, wv, bv = sess.run([loss, kept, tf.concat(list(w), 0), b])
    np.testing.assert_allclose(got, _softmax_reference(x, wv, bv, labels, *sampled), rtol=1e-5)
    np.testing.assert_allclose(got_kept, _softmax_reference(x, wv, bv, labels, *sampled,
                                                            remove_hits=False), rtol=1e-5)
    hit = got != got_kept                       # 7 and 12 were sampled, 1 was not
    assert hit.tolist() == [True, False, True]


@pytest.mark.parametrize("sampler", [tf.nn.log_uniform_candidate_sampler,
                                     tf.nn.uniform_candidate_sampler])
def test_unique_sampler_counts_follow_the_number_of_tries(sampler):
    classes = tf.constant([[0], [5], [19]], dtype=tf.int64)
    sampled, true_count, sampled_count = sampler(classes, 1, 15, True, 20, seed=7)
    with tf.Session() as sess:
        s, t, e = sess.run([sampled, true_count, sampled_count])
    assert len(set(s.tolist())) == 15 and s.min() >= 0 and s.max() < 20
    if sampler is tf.nn.uniform_candidate_sampler:
        p_s, p_t = np.full(15, 1 / 20), np.full((3, 1), 1 / 20)
    else:
        p_s = np.log((s + 2.0) / (s + 1.0)) / np.log(21.0)
        p_t = np.log((np.array([[0], [5], [19]]) + 2.0) / (np.array([[0], [5], [19]]) + 1.0)) \
            / np.log(21.0)
    tries = np.log1p(-e.astype(np.float64)) / np.log1p(-p_s)       # one tries count for all
    assert tries.min() >= 15 - 1e-3
    np.testing.assert_allclose(tries, tries[0], rtol=1e-3)
    np.testing.assert_allclose(t, -np.expm1(tries[0] * np.log1p(-p_t)), rtol=1e-4)


def test_seeded_sampler_repeats_across_graphs_and_changes_per_run():
    def draws():
        tf.reset_default_graph()
        tf.set_random_seed(3)
        s, _, _ = tf.nn.log_uniform_candidate_sampler(tf.constant([[1]], tf.int64), 1, 5, True,
                                                      100)
        with tf.Session() as sess:
            return [sess.run(s).tolist() for _ in range(2)]
    first, again = draws(), draws()
    assert first == again and first[0] != first[1]


def test_log_uniform_favours_small_ids():
    s, _, _ = tf.nn.log_uniform_candidate_sampler(tf.constant([[1]], tf.int64), 1, 4000, False,
                                                  1000, seed=5)
    with tf.Session() as sess:
        drawn = sess.run(s)
    share_of_zero = np.mean(drawn == 0)
    assert abs(share_of_zero - math.log(2) / math.log(1001)) < 0.03
    assert drawn.max() < 1000


def test_unique_sampler_needs_enough_classes():
    s, _, _ = tf.nn.uniform_candidate_sampler(tf.constant([[1]], tf.int64), 1, 6, True, 5)
    with tf.Session() as sess, pytest.raises(InvalidArgumentError, match="range is too small"):
        sess.run(s)


def test_fixed_unigram_takes_counts_only():
    classes = tf.constant([[1]], tf.int64)
    with pytest.raises(NotImplementedError, match="unigrams="):
        tf.nn.fixed_unigram_candidate_sampler(classes, 1, 2, False, 3, vocab_file="v.txt")
    with pytest.raises(ValueError, match="must equal range_max"):
        tf.nn.fixed_unigram_candidate_sampler(classes, 1, 2, False, 3, unigrams=[1.0, 2.0])
    s, _, _ = tf.nn.fixed_unigram_candidate_sampler(classes, 1, 500, False, 3,
                                                    unigrams=[1.0, 0.0, 3.0], seed=2)
    with tf.Session() as sess:
        drawn = sess.run(s)
    assert set(drawn.tolist()) == {0, 2} and 0.65 < np.mean(drawn == 2) < 0.85


def test_accidental_hits_repeat_a_repeated_target():
    indices, ids, weights = tf.nn.compute_accidental_hits(
        tf.constant([[4, 4], [1, 2]], tf.int64), tf.constant([2, 4, 4], tf.int64), 2)
    with tf.Session() as sess:
        got = sess.run([indices, ids, weights])
    assert got[0].tolist() == [0, 0, 1] and got[1].tolist() == [2, 2, 0]
    assert np.all(got[2] == -np.finfo(np.float32).max)


def test_tf_random_spells_the_samplers_too():
    assert tf.random.log_uniform_candidate_sampler is tf.nn.log_uniform_candidate_sampler
    assert tf.random.uniform_candidate_sampler is tf.nn.uniform_candidate_sampler
    assert tf.random.fixed_unigram_candidate_sampler is tf.nn.fixed_unigram_candidate_sampler
