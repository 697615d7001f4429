"""The corpus model ``nmt_attention`` (our code, in the style of the TF NMT tutorial): embeddings,
a bidirectional LSTM encoder, a scaled-Luong attention decoder trained with ``TrainingHelper`` and
an inference decoder with ``GreedyEmbeddingHelper`` that shares its variables.

TensorFlow 2 has no ``tf.contrib``, so the expected variables below are DERIVED FROM TF 1.15's
SOURCE, not recorded (``tests/models/tf1_models.json`` holds only recorded models). The rules, with
their source (``tensorflow/contrib/seq2seq/python/ops/`` and ``tensorflow/python/ops/``):

* ``attention_wrapper.py``, ``LuongAttention.__init__`` -> ``_BaseAttentionMechanism.__init__``:
  ``memory_layer`` (``Dense(num_units, use_bias=False, name="memory_layer")``) is called on the
  memory in the constructor: ``dynamic_seq2seq/decoder/memory_layer/kernel`` [2*3, 6].
* ``decoder.py``, ``dynamic_decode``: ``variable_scope(scope, "decoder")``; with
  ``scope=decoder_scope`` the step runs in ``dynamic_seq2seq/decoder``. The cell is an ``RNNCell``
  named ``attention`` (``AttentionWrapper(name="attention")``), so
  ``rnn_cell_impl.RNNCell.__call__`` + ``base.Layer._set_scope`` give
  ``dynamic_seq2seq/decoder/attention``; the wrapped ``BasicLSTMCell`` is called inside it
  (``attention/basic_lstm_cell/kernel`` [embedding 8 + attention 6 + units 6, 4*6]).
* ``LuongAttention.__call__``: ``variable_scope(None, "luong_attention")`` and, with
  ``scale=True``, ``get_variable("attention_g", shape=(), initializer=ones)``.
* ``AttentionWrapper.__init__``: ``Dense(attention_layer_size, name="attention_layer",
  use_bias=False)``, first called in ``call`` on ``[cell_output, context]``: kernel [6 + 6, 6].
* The output layer ``Dense(tgt_vocab, use_bias=False, name="output_projection")`` is first called
  on the training outputs inside ``variable_scope("decoder")``; the inference decoder calls the
  same built objects under ``variable_scope("decoder", reuse=True)`` and creates nothing.
* Creation order: the encoder, then the memory layer (construction), then the step's first build
  (cell, mechanism, attention layer), then the output projection.
"""

from __future__ import annotations

import pathlib
import sys
import zlib

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from numpy_seq2seq import (dynamic_lstm, decode, luong_alignments, lstm_step, masked_memory,
                           reverse_within)

import scopelab as tf

SRC_VOCAB, TGT_VOCAB, EMB, UNITS, SOS, EOS = 11, 13, 8, 6, 1, 2


def nmt_attention(tf):
    source = tf.placeholder(tf.int32, [None, None], name="source")
    source_length = tf.placeholder(tf.int32, [None], name="source_length")
    target_input = tf.placeholder(tf.int32, [None, None], name="target_input")
    target_output = tf.placeholder(tf.int32, [None, None], name="target_output")
    target_length = tf.placeholder(tf.int32, [None], name="target_length")
    batch_size = tf.size(source_length)
    with tf.variable_scope("embeddings"):
        embedding_encoder = tf.get_variable("embedding_encoder", [SRC_VOCAB, EMB])
        embedding_decoder = tf.get_variable("embedding_decoder", [TGT_VOCAB, EMB])
    with tf.variable_scope("dynamic_seq2seq"):
        with tf.variable_scope("encoder"):
            encoder_inputs = tf.nn.embedding_lookup(embedding_encoder, source)
            fw_cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS // 2)
            bw_cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS // 2)
            (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
                fw_cell, bw_cell, encoder_inputs, sequence_length=source_length, dtype=tf.float32)
            encoder_outputs = tf.concat([out_fw, out_bw], -1)
            encoder_state = tf.nn.rnn_cell.LSTMStateTuple(
                tf.concat([state_fw.c, state_bw.c], -1), tf.concat([state_fw.h, state_bw.h], -1))
        output_layer = tf.layers.Dense(TGT_VOCAB, use_bias=False, name="output_projection")
        with tf.variable_scope("decoder") as decoder_scope:
            mechanism = tf.contrib.seq2seq.LuongAttention(
                UNITS, encoder_outputs, memory_sequence_length=source_length, scale=True)
            cell = tf.contrib.seq2seq.AttentionWrapper(
                tf.nn.rnn_cell.BasicLSTMCell(UNITS), mechanism, attention_layer_size=UNITS,
                name="attention")
            initial_state = cell.zero_state(batch_size, tf.float32).clone(
                cell_state=encoder_state)
            helper = tf.contrib.seq2seq.TrainingHelper(
                tf.nn.embedding_lookup(embedding_decoder, target_input), target_length)
            decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state)
            outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder, scope=decoder_scope)
            logits = output_layer(outputs.rnn_output)
        with tf.variable_scope("decoder", reuse=True) as decoder_scope:
            greedy = tf.contrib.seq2seq.GreedyEmbeddingHelper(
                embedding_decoder, tf.fill([batch_size], SOS), EOS)
            infer_decoder = tf.contrib.seq2seq.BasicDecoder(cell, greedy, initial_state,
                                                            output_layer=output_layer)
            max_iterations = tf.to_int32(tf.round(tf.to_float(tf.reduce_max(source_length)) * 2))
            infer_outputs, _, infer_lengths = tf.contrib.seq2seq.dynamic_decode(
                infer_decoder, maximum_iterations=max_iterations, scope=decoder_scope)
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target_output,
                                                              logits=logits)
    weights = tf.sequence_mask(target_length, tf.shape(target_output)[1], dtype=tf.float32)
    loss = tf.reduce_sum(crossent * weights) / tf.to_float(batch_size)
    optimizer = tf.train.AdamOptimizer(0.001)
    train_op = optimizer.minimize(loss)
    placeholders = (source, source_length, target_input, target_output, target_length)
    return placeholders, logits, infer_outputs, infer_lengths, loss, optimizer, train_op


D = "dynamic_seq2seq/"
#: (name, shape), in creation order; every one float32 and trainable. Derived (see the module doc).
DERIVED_VARIABLES = [
    ("embeddings/embedding_encoder:0", [SRC_VOCAB, EMB]),
    ("embeddings/embedding_decoder:0", [TGT_VOCAB, EMB]),
    (D + "encoder/bidirectional_rnn/fw/basic_lstm_cell/kernel:0", [EMB + 3, 12]),
    (D + "encoder/bidirectional_rnn/fw/basic_lstm_cell/bias:0", [12]),
    (D + "encoder/bidirectional_rnn/bw/basic_lstm_cell/kernel:0", [EMB + 3, 12]),
    (D + "encoder/bidirectional_rnn/bw/basic_lstm_cell/bias:0", [12]),
    (D + "decoder/memory_layer/kernel:0", [UNITS, UNITS]),
    (D + "decoder/attention/basic_lstm_cell/kernel:0", [EMB + UNITS + UNITS, 4 * UNITS]),
    (D + "decoder/attention/basic_lstm_cell/bias:0", [4 * UNITS]),
    (D + "decoder/attention/luong_attention/attention_g:0", []),
    (D + "decoder/attention/attention_layer/kernel:0", [2 * UNITS, UNITS]),
    (D + "decoder/output_projection/kernel:0", [UNITS, TGT_VOCAB]),
]


def _fixed(name, shape):
    rng = np.random.RandomState(zlib.crc32(name.encode()))
    return rng.uniform(-0.5, 0.5, shape).astype(np.float32)


def test_variables_are_tf115s_derived_names_shapes_and_order():
    _, logits, infer, lengths, _, optimizer, _ = nmt_attention(tf)
    model_vars = [v for v in tf.global_variables() if "Adam" not in v.name
                  and "power" not in v.name]
    assert [(v.name, v.shape.as_list()) for v in model_vars] == DERIVED_VARIABLES
    assert all(v.dtype.base_dtype == tf.float32 for v in model_vars)
    assert [v.name for v in tf.trainable_variables()] == [n for n, _ in DERIVED_VARIABLES]
    # Adam's slots for every trainable variable the loss reaches through the decode loop (the
    # training helper reads the decoder's embedding, so all of them)
    slotted = [v.name for v in tf.trainable_variables() if optimizer.get_slot(v, "m") is not None]
    assert slotted == [n for n, _ in DERIVED_VARIABLES]
    assert logits.shape.as_list() == [None, None, TGT_VOCAB]
    assert infer.rnn_output.shape.as_list() == [None, None, TGT_VOCAB]
    assert infer.sample_id.shape.as_list() == [None, None]
    assert infer.sample_id.dtype == tf.int32
    assert lengths.shape.as_list() == [None] and lengths.dtype == tf.int32


def _reference(values, feeds):
    source, source_length, target_input, target_length = feeds
    v = values
    enc_in = v["embeddings/embedding_encoder:0"][source]
    k = D + "encoder/bidirectional_rnn/"
    out_fw, st_fw = dynamic_lstm(v[k + "fw/basic_lstm_cell/kernel:0"],
                                 v[k + "fw/basic_lstm_cell/bias:0"], enc_in, source_length, 3)
    out_bw, st_bw = dynamic_lstm(v[k + "bw/basic_lstm_cell/kernel:0"],
                                 v[k + "bw/basic_lstm_cell/bias:0"],
                                 reverse_within(enc_in, source_length), source_length, 3)
    memory = masked_memory(np.concatenate([out_fw, reverse_within(out_bw, source_length)], -1),
                           source_length)
    keys = memory @ v[D + "decoder/memory_layer/kernel:0"]
    state0 = (np.concatenate([st_fw[0], st_bw[0]], -1), np.concatenate([st_fw[1], st_bw[1]], -1),
              np.zeros((len(source_length), UNITS), np.float32))
    a = D + "decoder/attention/"

    def step(inputs, state):
        c, h, attention = state
        cell_out, (c, h) = lstm_step(v[a + "basic_lstm_cell/kernel:0"],
                                     v[a + "basic_lstm_cell/bias:0"],
                                     np.concatenate([inputs, attention], -1), (c, h))
        align = luong_alignments(cell_out, keys, source_length, v[a + "luong_attention/attention_g:0"])
        context = np.einsum("bt,btd->bd", align, memory)
        attention = np.concatenate([cell_out, context], 1) @ v[a + "attention_layer/kernel:0"]
        return (attention,), [c, h, attention]

    projection = v[D + "decoder/output_projection/kernel:0"]
    dec_in = v["embeddings/embedding_decoder:0"][target_input]
    (train_out,), _, _ = decode(
        step, dec_in[:, 0], state0,
        lambda t, out: dec_in[:, t + 1] if t + 1 < dec_in.shape[1] else np.zeros_like(dec_in[:, 0]),
        lambda t, out: t + 1 >= target_length, len(target_length))
    train_logits = train_out @ projection

    embedding = v["embeddings/embedding_decoder:0"]

    def greedy_step(inputs, state):
        (attention,), new_state = step(inputs, state)
        logits = attention @ projection
        return (logits, logits.argmax(-1).astype(np.int32)), new_state

    start = embedding[np.full(len(source_length), SOS)]
    (infer_logits, infer_ids), _, infer_lengths = decode(
        greedy_step, start, state0, lambda t, out: embedding[out[1]],
        lambda t, out: out[1] == EOS, len(source_length),
        max_steps=int(np.round(np.max(source_length) * 2.0)))
    return train_logits, infer_logits, infer_ids, infer_lengths


@pytest.mark.parametrize("lengths", [([5, 3, 1], [4, 2, 3]), ([2, 2, 2], [1, 1, 1])])
def test_values_equal_a_numpy_nmt(lengths):
    (source, source_length, target_input, _, target_length), logits, infer, infer_lengths, loss, \
        _, _ = nmt_attention(tf)
    src_len, tgt_len = lengths
    rng = np.random.RandomState(7)
    feeds = (rng.randint(3, SRC_VOCAB, (3, max(src_len))), np.array(src_len, np.int32),
             rng.randint(3, TGT_VOCAB, (3, max(tgt_len))), np.array(tgt_len, np.int32))
    values = {v.name: _fixed(v.name, v.shape.as_list()) for v in tf.trainable_variables()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for v in tf.trainable_variables():
            v.load(values[v.name], sess)
        got = sess.run([logits, infer.rnn_output, infer.sample_id, infer_lengths],
                       dict(zip([source, source_length, target_input, target_length], feeds)))
    want = _reference(values, feeds)
    assert got[0].shape == (3, max(tgt_len), TGT_VOCAB)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got[2], want[2])
    np.testing.assert_array_equal(got[3], want[3])


def test_the_train_op_says_scopelab_does_not_train():
    *_, train_op = nmt_attention(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(Exception, match="(?i)train"):
            sess.run(train_op)
