"""``tf.contrib.seq2seq.BeamSearchDecoder`` and ``gather_tree``.

Numbers: ``beam_search_tfa.json`` was recorded by ``record_beam_search.py`` with
``tfa.seq2seq.BeamSearchDecoder`` / ``tfa.seq2seq.gather_tree`` (tensorflow-addons 0.23.0 on
TensorFlow 2.15.1). tfa keeps TF 1.15 contrib's beam step (log-softmax, end-token masking of
finished beams, length and coverage penalties, ``top_k`` over ``beam * vocab``, gathers) and its
``gather_tree`` rule, checked by reading both sources; the two differ in what ``dynamic_decode``
returns as lengths (tfa: ``final_state.lengths``; TF 1.15: ``time + 1`` per running flag) and in
reordering ``[batch * beam, s]`` alignment histories, so neither is recorded: those are checked
below against TF 1.15's rules written in NumPy.

Names are DERIVED FROM TF 1.15's SOURCE (no ``tf.contrib`` to record from):
``beam_search_decoder.py``'s ``step`` calls the cell on the merged ``[batch * beam]`` rows and the
output layer on the split ``[batch, beam, depth]`` outputs, inside ``dynamic_decode``'s
``variable_scope("decoder")``; the decoder itself creates nothing. So: ``decoder/basic_lstm_cell/
kernel``, ``decoder/dense/kernel`` / ``bias``, and with attention the names of
``test_seq2seq_api.py`` (``memory_layer/kernel`` at construction, then ``decoder/attention_wrapper/
...``).
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import scopelab as tf

HERE = pathlib.Path(__file__).parent
RECORDED = json.loads((HERE / "beam_search_tfa.json").read_text())
DECODERS = {case["name"]: case for case in RECORDED["decoders"]}


def _log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


# --- gather_tree ------------------------------------------------------------------------------
def _gather_tree(step_ids, parent_ids, lengths, end_token):
    with tf.Session() as sess:
        return sess.run(tf.contrib.seq2seq.gather_tree(
            np.asarray(step_ids, np.int32), np.asarray(parent_ids, np.int32),
            np.asarray(lengths, np.int32), end_token))


def test_gather_tree_walks_parents_back_from_the_last_step():
    # one batch entry, 2 beams, 3 steps: [time, batch, beam]
    step_ids = [[[10, 11]], [[20, 21]], [[30, 31]]]
    parent_ids = [[[0, 0]], [[1, 0]], [[1, 0]]]
    got = _gather_tree(step_ids, parent_ids, [3], end_token=99)
    # beam 0 at t=2 came from beam 1 at t=1, which came from beam 0 at t=0; beam 1 at t=2 from
    # beam 0 at t=1, which came from beam 1 at t=0
    np.testing.assert_array_equal(got[:, 0, 0], [10, 21, 30])
    np.testing.assert_array_equal(got[:, 0, 1], [11, 20, 31])


def test_gather_tree_fills_end_token_after_the_first_and_past_the_length():
    step_ids = [[[1, 5]], [[7, 2]], [[8, 9]], [[3, 3]]]
    parent_ids = [[[0, 0]], [[0, 1]], [[1, 0]], [[0, 1]]]
    got = _gather_tree(step_ids, parent_ids, [3], end_token=2)
    # walked: beam 0 -> parents 1, 1: [5, 2, 8] -> after the 2 only 2s; beam 1 -> [1, 7, 9]
    np.testing.assert_array_equal(got[:, 0, 0], [5, 2, 2, 2])
    np.testing.assert_array_equal(got[:, 0, 1], [1, 7, 9, 2])   # t=3 is past the length
    zero = _gather_tree(step_ids, parent_ids, [0], end_token=4)
    assert (zero == 4).all()


@pytest.mark.parametrize("case", RECORDED["gather_tree"], ids=lambda c: c["name"])
def test_gather_tree_equals_tfa(case):
    got = _gather_tree(case["step_ids"], case["parent_ids"], case["max_sequence_lengths"],
                       case["end_token"])
    np.testing.assert_array_equal(got, case["expected"])


def test_gather_tree_errors():
    with pytest.raises(ValueError, match="Shape must be rank 3 but is rank 2"):
        tf.contrib.seq2seq.gather_tree(np.zeros([2, 2], np.int32), np.zeros([2, 2], np.int32),
                                       [2], 1)
    with pytest.raises(ValueError, match="step_ids.shape must match parent_ids.shape"):
        tf.contrib.seq2seq.gather_tree(np.zeros([2, 1, 2], np.int32),
                                       np.zeros([2, 1, 3], np.int32), [2], 1)
    parents = tf.placeholder(tf.int32, [2, 1, 2])
    tree = tf.contrib.seq2seq.gather_tree(np.zeros([2, 1, 2], np.int32), parents, [2], 1)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"(?s)Saw invalid parent id 2 at \(batch, time, beam\) == "
                                 r"\(0, 0, 1\).*\[0, beam_width=2\)"):
            sess.run(tree, {parents: [[[0, 0]], [[0, 2]]]})


# --- the recorded decoders ----------------------------------------------------------------------
def _expected_names(case):
    if not case["attention"]:
        return ["decoder/basic_lstm_cell/kernel", "decoder/basic_lstm_cell/bias",
                "decoder/dense/kernel", "decoder/dense/bias"]
    a = "decoder/attention_wrapper/"
    return ["memory_layer/kernel", a + "basic_lstm_cell/kernel", a + "basic_lstm_cell/bias",
            a + "bahdanau_attention/query_layer/kernel", a + "bahdanau_attention/attention_v",
            a + "bahdanau_attention/attention_g", a + "bahdanau_attention/attention_b",
            a + "attention_layer/kernel", "decoder/dense/kernel", "decoder/dense/bias"]


def _build(case, beam_width=None, start_tokens=None, callable_embedding=False,
           **decoder_kwargs):
    k = beam_width or case["beam_width"]
    enc = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(np.float32(case["encoder_c"])),
                                        tf.constant(np.float32(case["encoder_h"])))
    enc = tf.contrib.seq2seq.tile_batch(enc, multiplier=k)
    batch = len(case["start_tokens"])
    cell = tf.nn.rnn_cell.BasicLSTMCell(case["units"])
    initial_state = enc
    if case["attention"]:
        memory = tf.contrib.seq2seq.tile_batch(tf.constant(np.float32(case["memory"])), k)
        lengths = tf.contrib.seq2seq.tile_batch(tf.constant(case["memory_lengths"]), k)
        mechanism = tf.contrib.seq2seq.BahdanauAttention(
            case["num_units"], memory, memory_sequence_length=lengths, normalize=True)
        cell = tf.contrib.seq2seq.AttentionWrapper(
            cell, mechanism, attention_layer_size=case["attention_layer_size"])
        initial_state = cell.zero_state(batch * k, tf.float32).clone(cell_state=enc)
    kwargs = dict(length_penalty_weight=case["length_penalty_weight"],
                  coverage_penalty_weight=case["coverage_penalty_weight"])
    kwargs.update(decoder_kwargs)
    embedding = tf.constant(np.float32(case["embedding"]))
    if callable_embedding:
        matrix = embedding

        def embedding(ids):
            return tf.nn.embedding_lookup(matrix, ids)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(
        cell, embedding,
        case["start_tokens"] if start_tokens is None else start_tokens, case["end_token"],
        initial_state, k, output_layer=tf.layers.Dense(case["vocab"]), **kwargs)
    return cell, decoder


def _load(sess, case):
    for v in tf.global_variables():
        v.load(np.float32(case["weights"][v.name[:-2]]), sess)


@pytest.mark.parametrize("name", list(DECODERS))
def test_beam_search_equals_tfa(name):
    case = DECODERS[name]
    _, decoder = _build(case)
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=case["maximum_iterations"])
    assert [v.name for v in tf.global_variables()] == [n + ":0" for n in _expected_names(case)]
    assert [v.shape.as_list() for v in tf.global_variables()] == \
        [list(np.shape(case["weights"][n])) for n in _expected_names(case)]
    batch, k = len(case["start_tokens"]), case["beam_width"]
    assert outputs.predicted_ids.shape.as_list() == [batch, None, k]
    step = outputs.beam_search_decoder_output
    assert step.scores.shape.as_list() == step.parent_ids.shape.as_list() == [batch, None, k]
    assert outputs.predicted_ids.dtype == step.parent_ids.dtype == tf.int32
    assert state.lengths.dtype == tf.int64 and state.lengths.shape.as_list() == [batch, k]
    assert lengths.shape.as_list() == [batch, k] and lengths.dtype == tf.int32
    with tf.Session() as sess:
        _load(sess, case)
        got, got_state = sess.run([outputs, state])
    np.testing.assert_array_equal(got.predicted_ids, case["predicted_ids"])
    np.testing.assert_array_equal(got.beam_search_decoder_output.predicted_ids, case["step_ids"])
    np.testing.assert_array_equal(got.beam_search_decoder_output.parent_ids, case["parent_ids"])
    np.testing.assert_allclose(got.beam_search_decoder_output.scores, case["scores"],
                               rtol=2e-5, atol=2e-5)
    np.testing.assert_array_equal(got_state.lengths, case["final_lengths"])
    np.testing.assert_array_equal(got_state.finished, case["final_finished"])
    np.testing.assert_allclose(got_state.log_probs, case["final_log_probs"], rtol=2e-5,
                               atol=2e-5)


def test_a_callable_embedding_gives_the_matrix_s_results():
    case = DECODERS["bahdanau_beam3_coverage_penalty"]
    _, decoder = _build(case, callable_embedding=True)
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=case["maximum_iterations"])
    with tf.Session() as sess:
        _load(sess, case)
        np.testing.assert_array_equal(sess.run(outputs.predicted_ids), case["predicted_ids"])


def _replay_flags(step_ids, parent_ids, end_token, k):
    """TF 1.15's bookkeeping from the per-step outputs ``[batch, time, beam]``: each step's
    finished flags (before the step) and dynamic_decode's lengths (``time + 1`` while running)."""
    batch, steps = step_ids.shape[:2]
    finished = np.ones((batch, k), bool)
    finished[:, 0] = False
    lengths = np.zeros((batch, k), np.int32)
    before = []
    for t in range(steps):
        before.append(finished)
        lengths = np.where(finished, lengths, t + 1)
        parent_done = np.take_along_axis(finished, parent_ids[:, t], axis=1)
        finished = parent_done | (step_ids[:, t] == end_token)
    return before, lengths


def test_finished_beams_stay_finished_and_dynamic_decode_counts_tf115_lengths():
    case = DECODERS["lstm_beam3"]      # beams end at steps 1, 2, 3 and 8
    _, decoder = _build(case)
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=case["maximum_iterations"])
    with tf.Session() as sess:
        _load(sess, case)
        got, got_lengths = sess.run([outputs, lengths])
    step = got.beam_search_decoder_output
    end, k = case["end_token"], case["beam_width"]
    before, want_lengths = _replay_flags(step.predicted_ids, step.parent_ids, end, k)
    continued = 0
    for t in range(1, step.scores.shape[1]):
        parent_done = np.take_along_axis(before[t], step.parent_ids[:, t], axis=1)
        # a finished beam is only continued by end_token, keeping its score
        assert (step.predicted_ids[:, t][parent_done] == end).all()
        kept = np.take_along_axis(step.scores[:, t - 1], step.parent_ids[:, t], axis=1)
        np.testing.assert_array_equal(step.scores[:, t][parent_done], kept[parent_done])
        continued += int(parent_done.sum())
    assert continued > 0
    ids = got.predicted_ids
    for b in range(ids.shape[0]):
        for beam in range(k):
            ends = np.flatnonzero(ids[b, :, beam] == end)
            if ends.size:
                assert (ids[b, ends[0]:, beam] == end).all()
    np.testing.assert_array_equal(got_lengths, want_lengths)


def _greedy_and_beam(seed, attention):
    case = dict(DECODERS["bahdanau_beam3" if attention else "lstm_beam3"])
    rng = np.random.RandomState(seed)
    case["weights"] = {n: rng.uniform(-1.2, 1.2, np.shape(w)).astype(np.float32)
                       for n, w in case["weights"].items()}
    cell, beam = _build(case, beam_width=1)
    beam_out, beam_state, _ = tf.contrib.seq2seq.dynamic_decode(beam, maximum_iterations=8)
    layer = beam._output_layer
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(
        tf.constant(np.float32(case["embedding"])), case["start_tokens"], case["end_token"])
    enc = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(np.float32(case["encoder_c"])),
                                        tf.constant(np.float32(case["encoder_h"])))
    initial = cell.zero_state(2, tf.float32).clone(cell_state=enc) if attention else enc
    greedy = tf.contrib.seq2seq.BasicDecoder(cell, helper, initial, output_layer=layer)
    greedy_out, _, greedy_lengths = tf.contrib.seq2seq.dynamic_decode(greedy,
                                                                      maximum_iterations=8)
    with tf.Session() as sess:
        _load(sess, case)
        return case, sess.run([beam_out, beam_state, greedy_out, greedy_lengths])


@pytest.mark.parametrize("attention", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_beam_width_one_is_greedy_decoding(seed, attention):
    case, (beam, beam_state, greedy, greedy_lengths) = _greedy_and_beam(seed, attention)
    lengths = beam_state.lengths[:, 0]
    np.testing.assert_array_equal(lengths, greedy_lengths)
    log_probs = _log_softmax(greedy.rnn_output)
    for b, n in enumerate(lengths):
        np.testing.assert_array_equal(beam.predicted_ids[b, :n, 0], greedy.sample_id[b, :n])
        assert (beam.predicted_ids[b, n:, 0] == case["end_token"]).all()
        # the beam's score is the greedy path's summed log probability
        chosen = log_probs[b, np.arange(n), greedy.sample_id[b, :n]]
        np.testing.assert_allclose(beam.beam_search_decoder_output.scores[b, n - 1, 0],
                                   chosen.sum(), rtol=1e-5, atol=1e-5)
    assert (beam.beam_search_decoder_output.parent_ids == 0).all()


@pytest.mark.parametrize("limit", [0, 1, 3])
def test_maximum_iterations_bounds_the_steps(limit):
    case = DECODERS["bahdanau_beam3_length_penalty"]       # runs to its limit when given 8
    _, decoder = _build(case)
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder,
                                                                maximum_iterations=limit)
    with tf.Session() as sess:
        _load(sess, case)
        got, got_state, got_lengths = sess.run([outputs, state, lengths])
    assert got.predicted_ids.shape == (2, limit, 3)
    assert got_state.lengths.max() == limit
    if limit:
        # the first steps are the recorded run's first steps
        np.testing.assert_array_equal(got.beam_search_decoder_output.predicted_ids,
                                      np.array(case["step_ids"])[:, :limit])
    else:
        assert not got_lengths.any()


def test_alignment_history_is_reordered_only_when_the_batch_is_unknown():
    # TF 1.15's _check_static_batch_beam_maybe refuses [batch * beam, s] elements when the batch
    # is known while building (the history stays a TensorArray); with start tokens fed, the
    # history comes back stacked, each step's rows in the final beams' order
    case = DECODERS["bahdanau_beam3_coverage_penalty"]
    k = case["beam_width"]
    enc = tf.contrib.seq2seq.tile_batch(tf.nn.rnn_cell.LSTMStateTuple(
        tf.constant(np.float32(case["encoder_c"])), tf.constant(np.float32(case["encoder_h"]))), k)
    memory = tf.contrib.seq2seq.tile_batch(tf.constant(np.float32(case["memory"])), k)
    mechanism = tf.contrib.seq2seq.BahdanauAttention(
        case["num_units"], memory,
        memory_sequence_length=tf.contrib.seq2seq.tile_batch(
            tf.constant(case["memory_lengths"]), k), normalize=True)
    cell = tf.contrib.seq2seq.AttentionWrapper(
        tf.nn.rnn_cell.BasicLSTMCell(case["units"]), mechanism,
        attention_layer_size=case["attention_layer_size"], alignment_history=True)
    layer = tf.layers.Dense(case["vocab"])
    initial = cell.zero_state(2 * k, tf.float32).clone(cell_state=enc)
    embedding = tf.constant(np.float32(case["embedding"]))
    starts = tf.placeholder(tf.int32, [None])
    results = []
    for start_tokens in (case["start_tokens"], starts):
        decoder = tf.contrib.seq2seq.BeamSearchDecoder(cell, embedding, start_tokens,
                                                       case["end_token"], initial, k,
                                                       output_layer=layer,
                                                       length_penalty_weight=0.5,
                                                       coverage_penalty_weight=0.4)
        results.append(tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=8))
    (_, known_state, _), (unknown_out, unknown_state, _) = results
    raw = known_state.cell_state.alignment_history
    assert not tf.is_tensor(raw)                       # left as it is
    reordered = unknown_state.cell_state.alignment_history
    assert tf.is_tensor(reordered)
    with tf.Session() as sess:
        _load(sess, case)
        history, ordered, parents, lengths = sess.run(
            [raw.stack(), reordered, unknown_out.beam_search_decoder_output.parent_ids,
             unknown_state.lengths], {starts: case["start_tokens"]})
    steps, rows, memory_time = history.shape
    by_beam = history.reshape(steps, 2, k, memory_time)
    want = by_beam.copy()
    for b in range(2):
        n = lengths[b].max()
        for beam in range(k):
            source = beam
            for t in range(n - 1, -1, -1):
                if t < lengths[b, beam]:
                    want[t, b, beam] = by_beam[t, b, source]
                source = parents[b, t, source]
    np.testing.assert_allclose(ordered.reshape(steps, 2, k, memory_time), want, rtol=1e-6)
    assert not np.allclose(ordered, history)           # the order did change


# --- errors -------------------------------------------------------------------------------------
def _lstm_parts(batch_rows=6):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    return cell, cell.zero_state(batch_rows, tf.float32), tf.zeros([7, 3])


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(beam_width=0), ValueError, "beam_width must be a Python integer >= 1, got 0"),
    (dict(beam_width=2.5), ValueError, "beam_width must be a Python integer >= 1"),
    (dict(start_tokens=[[1, 1]]), ValueError, "start_tokens must be a vector"),
    (dict(end_token=[2]), ValueError, "end_token must be a scalar"),
    (dict(rows=5), ValueError, "(?s)Unexpected behavior when reshaping between beam width and "
                               "batch size.*zero_state with\\s+batch_size=encoder_batch_size "
                               "\\* beam_width.*tile_batch"),
    (dict(rows=4), ValueError, "Unexpected behavior when reshaping"),
    (dict(output_layer=tf.layers.dense), TypeError, "output_layer must be a Layer"),
])
def test_constructor_errors_leave_the_store_as_it_was(kwargs, error, message):
    tf.get_variable("existing", [2])
    before = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
    cell, state, embedding = _lstm_parts(kwargs.pop("rows", 6))
    args = dict(cell=cell, embedding=embedding, start_tokens=[1, 1], end_token=2,
                initial_state=state, beam_width=3)
    args.update(kwargs)
    with pytest.raises(error, match=message):
        tf.contrib.seq2seq.BeamSearchDecoder(**args)
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == before


def test_coverage_penalty_needs_an_attention_cell_and_nothing_is_created():
    cell, state, embedding = _lstm_parts()
    before = [v.name for v in tf.global_variables()]
    with pytest.raises(ValueError, match="coverage_penalty_weight must be 0.0 if no cell is "
                                         "attentional"):
        decoder = tf.contrib.seq2seq.BeamSearchDecoder(
            cell, embedding, [1, 1], 2, state, 3, coverage_penalty_weight=0.5)
        tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=3)
    assert [v.name for v in tf.global_variables()] == before == []


def test_a_batch_known_only_at_run_time_fails_there_with_tf_s_error():
    cell, state, embedding = _lstm_parts()
    starts = tf.placeholder(tf.int32, [None])
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(cell, embedding, starts, 2, state, 3,
                                                   output_layer=tf.layers.Dense(7))
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(outputs.predicted_ids, {starts: [1, 1]}).shape == (2, 2, 3)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="(?s)must have batch_size \\* beam_width rows.*tile_batch"):
            sess.run(outputs.predicted_ids, {starts: [1, 1, 1]})    # 9 rows needed, 6 given
