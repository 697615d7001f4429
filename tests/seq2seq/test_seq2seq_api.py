"""``tf.contrib.seq2seq``'s decoding API: variable names, static shapes, values, errors.

The expected names are DERIVED FROM TF 1.15's SOURCE (``tensorflow/contrib/seq2seq/python/ops/``;
TensorFlow 2 has no ``tf.contrib`` to record from); each test names the function its rule comes
from. Values are checked against the NumPy references of ``numpy_seq2seq.py``.
"""

from __future__ import annotations

import math
import pathlib
import sys

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from numpy_seq2seq import bahdanau_alignments, decode, lstm_step, masked_memory

import scopelab as tf

B, S, E, H, V = 2, 5, 3, 4, 6


def _names():
    return [(v.name, v.shape.as_list()) for v in tf.global_variables()]


def _bahdanau_decoder(normalize=True, alignment_history=True, batch=None, scope=None,
                      impute_finished=False, output_time_major=False, cell=None, mechanism=None):
    memory = tf.placeholder(tf.float32, [batch, S, E], name="memory")
    memory_length = tf.placeholder(tf.int32, [batch], name="memory_length")
    targets = tf.placeholder(tf.float32, [batch, None, E], name="targets")
    target_length = tf.placeholder(tf.int32, [batch], name="target_length")
    mechanism = mechanism or tf.contrib.seq2seq.BahdanauAttention(
        H, memory, memory_sequence_length=memory_length, normalize=normalize)
    cell = cell or tf.contrib.seq2seq.AttentionWrapper(
        tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=H,
        alignment_history=alignment_history)
    size = batch if batch is not None else tf.size(memory_length)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, tf.contrib.seq2seq.TrainingHelper(targets, target_length),
        cell.zero_state(size, tf.float32), output_layer=tf.layers.Dense(V, use_bias=False))
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, impute_finished=impute_finished, output_time_major=output_time_major,
        scope=scope)
    return (memory, memory_length, targets, target_length), outputs, state, lengths


def test_bahdanau_decoder_names_in_the_default_decoder_scope():
    # BahdanauAttention.__init__: memory_layer applied at construction (here: the root scope);
    # dynamic_decode: variable_scope(None, "decoder"); AttentionWrapper is an RNNCell named
    # attention_wrapper; BahdanauAttention.__call__: variable_scope(None, "bahdanau_attention"),
    # query_layer first, then attention_v, attention_g (scalar), attention_b; then the
    # attention_layer; BasicDecoder.step: the output layer last (decoder/dense).
    _bahdanau_decoder()
    assert _names() == [
        ("memory_layer/kernel:0", [E, H]),
        ("decoder/attention_wrapper/basic_lstm_cell/kernel:0", [E + H + H, 4 * H]),
        ("decoder/attention_wrapper/basic_lstm_cell/bias:0", [4 * H]),
        ("decoder/attention_wrapper/bahdanau_attention/query_layer/kernel:0", [H, H]),
        ("decoder/attention_wrapper/bahdanau_attention/attention_v:0", [H]),
        ("decoder/attention_wrapper/bahdanau_attention/attention_g:0", []),
        ("decoder/attention_wrapper/bahdanau_attention/attention_b:0", [H]),
        ("decoder/attention_wrapper/attention_layer/kernel:0", [H + E, H]),
        ("decoder/dense/kernel:0", [H, V]),
    ]
    assert [v.name for v in tf.trainable_variables()] == [n for n, _ in _names()]
    assert all(v.dtype.base_dtype == tf.float32 for v in tf.global_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        by_name = {v.name: v for v in tf.global_variables()}
        g, b = sess.run([by_name["decoder/attention_wrapper/bahdanau_attention/attention_g:0"],
                         by_name["decoder/attention_wrapper/bahdanau_attention/attention_b:0"]])
    assert g == np.float32(math.sqrt(1.0 / H)) and not b.any()


def test_without_normalize_only_attention_v_and_a_second_decoder_opens_decoder_1():
    # dynamic_decode's default name is uniquified like any variable_scope default name
    _bahdanau_decoder(normalize=False, alignment_history=False)
    _bahdanau_decoder(normalize=False, alignment_history=False)
    names = [n for n, _ in _names()]
    assert "decoder/attention_wrapper/bahdanau_attention/attention_g:0" not in names
    assert names[:1] == ["memory_layer/kernel:0"]
    assert "memory_layer_1/kernel:0" in names
    assert "decoder_1/attention_wrapper/bahdanau_attention/attention_v:0" in names
    assert "decoder_1/dense/kernel:0" in names
    assert len(names) == 14


def test_a_second_decoder_with_the_same_cell_and_layer_creates_nothing():
    # RNNCell / Layer: a built object keeps its captured scope; the inference decoder under
    # variable_scope("decoder", reuse=True) reuses everything
    memory = tf.placeholder(tf.float32, [None, S, E])
    with tf.variable_scope("decoder") as scope:
        mechanism = tf.contrib.seq2seq.LuongAttention(H, memory)
        cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mechanism)
        layer = tf.layers.Dense(V, name="output_projection")
        state = cell.zero_state(tf.shape(memory)[0], tf.float32)
        targets = tf.placeholder(tf.float32, [None, None, E])
        helper = tf.contrib.seq2seq.TrainingHelper(targets, tf.fill([tf.shape(memory)[0]], 3))
        tf.contrib.seq2seq.dynamic_decode(
            tf.contrib.seq2seq.BasicDecoder(cell, helper, state, layer), scope=scope)
    before = _names()
    embedding = tf.get_variable("embedding", [V, E])
    with tf.variable_scope("decoder", reuse=True) as scope:
        greedy = tf.contrib.seq2seq.GreedyEmbeddingHelper(
            embedding, tf.fill([tf.shape(memory)[0]], 0), 1)
        outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(
            tf.contrib.seq2seq.BasicDecoder(cell, greedy, state, layer), maximum_iterations=4,
            scope=scope)
    assert _names() == before + [("embedding:0", [V, E])]
    # LuongAttention without attention_layer_size: the attention is the context, of the memory's
    # depth E; the GRU reads [inputs, attention]
    assert before == [("decoder/memory_layer/kernel:0", [E, H]),
                      ("decoder/attention_wrapper/gru_cell/gates/kernel:0", [E + E + H, 2 * H]),
                      ("decoder/attention_wrapper/gru_cell/gates/bias:0", [2 * H]),
                      ("decoder/attention_wrapper/gru_cell/candidate/kernel:0", [E + E + H, H]),
                      ("decoder/attention_wrapper/gru_cell/candidate/bias:0", [H]),
                      ("decoder/output_projection/kernel:0", [E, V]),
                      ("decoder/output_projection/bias:0", [V])]
    assert outputs.rnn_output.shape.as_list() == [None, None, V]


def test_two_mechanisms_get_uniquified_scopes_and_attention_layers():
    # AttentionWrapper.__init__: one Dense "attention_layer" per mechanism (default-name counted:
    # attention_layer, attention_layer_1); each mechanism's call opens its own default-named scope
    memory = tf.placeholder(tf.float32, [B, S, E])
    first = tf.contrib.seq2seq.BahdanauAttention(H, memory)
    second = tf.contrib.seq2seq.LuongAttention(H, memory, scale=True)
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(H), [first, second],
                                               attention_layer_size=[2, 3])
    output, state = cell(tf.zeros([B, E]), cell.zero_state(B, tf.float32))
    assert _names() == [
        ("memory_layer/kernel:0", [E, H]),
        ("memory_layer_1/kernel:0", [E, H]),
        ("attention_wrapper/basic_rnn_cell/kernel:0", [E + 5 + H, H]),
        ("attention_wrapper/basic_rnn_cell/bias:0", [H]),
        ("attention_wrapper/bahdanau_attention/query_layer/kernel:0", [H, H]),
        ("attention_wrapper/bahdanau_attention/attention_v:0", [H]),
        ("attention_wrapper/attention_layer/kernel:0", [H + E, 2]),
        ("attention_wrapper/luong_attention/attention_g:0", []),
        ("attention_wrapper/attention_layer_1/kernel:0", [H + E, 3]),
    ]
    assert output.shape.as_list() == [B, 5]
    assert isinstance(state.alignments, tuple) and len(state.alignments) == 2
    assert state.time.dtype == tf.int32 and state.alignment_history == ((), ())


def _reference_bahdanau(values, memory, memory_length, targets, target_length, impute):
    v = {name.split(":")[0]: value for name, value in values.items()}
    mem = masked_memory(memory, memory_length)
    keys = mem @ v["memory_layer/kernel"]
    a = "decoder/attention_wrapper/"
    history = []     # every step's alignments: TF1's TensorArray is written whatever is finished

    def step(inputs, state):
        c, h, attention = state
        out, (c, h) = lstm_step(v[a + "basic_lstm_cell/kernel"], v[a + "basic_lstm_cell/bias"],
                                np.concatenate([inputs, attention], -1), (c, h))
        align = bahdanau_alignments(out @ v[a + "bahdanau_attention/query_layer/kernel"], keys,
                                    v[a + "bahdanau_attention/attention_v"], memory_length,
                                    v[a + "bahdanau_attention/attention_g"],
                                    v[a + "bahdanau_attention/attention_b"])
        context = np.einsum("bt,btd->bd", align, mem)
        attention = np.concatenate([out, context], 1) @ v[a + "attention_layer/kernel"]
        logits = attention @ v["decoder/dense/kernel"]
        history.append(align)
        return (logits, logits.argmax(-1)), [c, h, attention]

    zeros = np.zeros((len(target_length), H), np.float32)
    outputs, final, lengths = decode(
        step, targets[:, 0], [zeros, zeros, zeros],
        lambda t, out: targets[:, min(t + 1, targets.shape[1] - 1)],
        lambda t, out: t + 1 >= target_length, len(target_length), impute_finished=impute)
    return outputs, np.stack(history), final, lengths


@pytest.mark.parametrize("impute_finished", [False, True])
def test_bahdanau_decoding_values_lengths_and_alignment_history(impute_finished):
    (memory, memory_length, targets, target_length), outputs, state, lengths = \
        _bahdanau_decoder(batch=B, impute_finished=impute_finished)
    history = state.alignment_history.stack()
    assert outputs.rnn_output.shape.as_list() == [B, None, V]
    assert outputs.sample_id.shape.as_list() == [B, None]
    assert history.shape.as_list() == [None, B, S]
    assert state.cell_state.c.shape.as_list() == [B, H] and lengths.shape.as_list() == [B]
    rng = np.random.RandomState(3)
    feeds = {memory: rng.randn(B, S, E).astype(np.float32), memory_length: [5, 2],
             targets: rng.randn(B, 4, E).astype(np.float32), target_length: [4, 2]}
    values = {v.name: rng.uniform(-0.6, 0.6, v.shape.as_list()).astype(np.float32)
              for v in tf.global_variables()}
    with tf.Session() as sess:
        for v in tf.global_variables():
            v.load(values[v.name], sess)
        got = sess.run([outputs, lengths, history, state.cell_state.h, state.time], feeds)
    (logits, ids), aligns, final, want_lengths = _reference_bahdanau(
        values, feeds[memory], np.array([5, 2]), feeds[targets], np.array([4, 2]),
        impute_finished)
    np.testing.assert_allclose(got[0].rnn_output, logits, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got[0].sample_id, ids)
    np.testing.assert_array_equal(got[1], [4, 2])
    np.testing.assert_array_equal(want_lengths, [4, 2])
    # the history is written every step, finished or not (TensorArrays pass through)
    np.testing.assert_allclose(got[2], aligns, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[3], final[1], rtol=1e-5, atol=1e-6)
    assert got[4] == 4              # the scalar time passes through impute_finished
    assert not got[2][:, 1, 2:].any()   # no attention past the memory length
    if impute_finished:
        assert not got[0].rnn_output[1, 2:].any()


def test_output_time_major_and_maximum_iterations_zero():
    embedding = tf.constant(np.eye(V, E, dtype=np.float32))
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(embedding, [0, 1, 2], 5)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(3, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    outputs, _, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, output_time_major=True,
                                                            maximum_iterations=0)
    more, _, more_lengths = tf.contrib.seq2seq.dynamic_decode(decoder, output_time_major=True,
                                                              maximum_iterations=3)
    assert outputs.rnn_output.shape.as_list() == [None, 3, V]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, got_lengths, steps, step_lengths = sess.run([outputs, lengths, more, more_lengths])
    assert got.rnn_output.shape == (0, 3, V) and not got_lengths.any()
    assert steps.sample_id.shape[0] <= 3 and steps.sample_id.shape[1] == 3
    assert (step_lengths <= 3).all() and (step_lengths >= 1).all()


def test_tile_batch_repeats_each_entry_in_place():
    x = tf.placeholder(tf.float32, [2, 3])
    state = tf.nn.rnn_cell.LSTMStateTuple(x, x + 1)
    tiled = tf.contrib.seq2seq.tile_batch(state, 3)
    assert isinstance(tiled, tf.nn.rnn_cell.LSTMStateTuple)
    assert tiled.c.shape.as_list() == [6, 3]
    value = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as sess:
        got = sess.run(tiled.c, {x: value})
    np.testing.assert_array_equal(got, np.repeat(value, 3, axis=0))
    unknown = tf.contrib.seq2seq.tile_batch(tf.placeholder(tf.float32, [None, 4]), 2)
    assert unknown.shape.as_list() == [None, 4]


def test_hardmax_is_one_hot_at_the_argmax():
    got = tf.contrib.seq2seq.hardmax(tf.constant([[0.1, 3.0, -1.0], [2.0, 0.0, 1.0]]))
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(got), [[0, 1, 0], [1, 0, 0]])


# --- errors -----------------------------------------------------------------------------------
def test_dynamic_decode_needs_a_decoder():
    with pytest.raises(TypeError, match="Expected decoder to be type Decoder"):
        tf.contrib.seq2seq.dynamic_decode(tf.nn.rnn_cell.BasicRNNCell(2))


def test_luong_query_depth_must_equal_num_units_and_the_failed_step_leaves_nothing():
    memory = tf.placeholder(tf.float32, [B, S, E])
    mechanism = tf.contrib.seq2seq.LuongAttention(H, memory)
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(H + 1), mechanism)
    helper = tf.contrib.seq2seq.TrainingHelper(tf.zeros([B, 3, E]), [3, 3])
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32))
    before = _names()
    with pytest.raises(ValueError, match="Incompatible or unknown inner dimensions between "
                                         "query and keys.*set num_units"):
        tf.contrib.seq2seq.dynamic_decode(decoder)
    assert _names() == before == [("memory_layer/kernel:0", [E, H])]


def test_clone_checks_the_shape_it_replaces():
    memory = tf.placeholder(tf.float32, [B, S, E])
    cell = tf.contrib.seq2seq.AttentionWrapper(
        tf.nn.rnn_cell.BasicLSTMCell(H), tf.contrib.seq2seq.LuongAttention(H, memory))
    state = cell.zero_state(B, tf.float32)
    good = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([B, H]), tf.ones([B, H]))
    cloned = state.clone(cell_state=good)
    assert cloned.cell_state.c is good.c and cloned.cell_state.h is good.h
    assert cloned.attention is state.attention
    with pytest.raises(ValueError, match="Invalid shape for tensor.*expected \\(2, 4\\)"):
        state.clone(cell_state=tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([B, H + 1]),
                                                             tf.zeros([B, H + 1])))


def test_constructor_errors():
    memory = tf.placeholder(tf.float32, [B, S, E])
    mechanism = tf.contrib.seq2seq.BahdanauAttention(H, memory)
    cell = tf.nn.rnn_cell.BasicRNNCell(H)
    with pytest.raises(TypeError, match="attention_mechanism must be an AttentionMechanism"):
        tf.contrib.seq2seq.AttentionWrapper(cell, memory)
    with pytest.raises(ValueError, match="exactly one integer per attention_mechanism, saw: 2"):
        tf.contrib.seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=[2, 3])
    helper = tf.contrib.seq2seq.TrainingHelper(tf.zeros([B, 3, E]), [3, 3])
    with pytest.raises(TypeError, match="output_layer must be a Layer"):
        tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                        output_layer=tf.layers.dense)
    with pytest.raises(ValueError, match="Expected sequence_length to be a vector"):
        tf.contrib.seq2seq.TrainingHelper(tf.zeros([B, 3, E]), [[3, 3]])
    with pytest.raises(ValueError, match="start_tokens must be a vector"):
        tf.contrib.seq2seq.GreedyEmbeddingHelper(tf.zeros([V, E]), 1, 2)
    with pytest.raises(ValueError, match="Expected memory .* fully defined inner dims"):
        tf.contrib.seq2seq.LuongAttention(H, tf.placeholder(tf.float32, [B, S, None]))
    with pytest.raises(ValueError, match="maximum_iterations must be a scalar"):
        tf.contrib.seq2seq.dynamic_decode(
            tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)),
            maximum_iterations=[3])
