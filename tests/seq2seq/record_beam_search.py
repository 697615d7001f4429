"""Record beam search numbers from TensorFlow Addons (developer tool, never run by the tests):

    /work/tfenv/bin/python tests/seq2seq/record_beam_search.py   # rewrites beam_search_tfa.json

TensorFlow 2 has no ``tf.contrib``; ``tfa.seq2seq`` (0.23.0, on tensorflow-cpu 2.15.1) is the
nearest oracle. Its ``BeamSearchDecoder`` step, scores, masking, length and coverage penalties,
``gather_tree`` kernel and ``BahdanauAttention`` / ``AttentionWrapper`` follow the same formulas as
TF 1.15's contrib (compared by reading both sources); what differs is recorded nowhere:

* tfa's ``dynamic_decode`` returns ``final_state.lengths`` as its third result, TF 1.15 its own
  ``time + 1`` count per running flag: that result is not recorded (the tests check TF 1.15's
  rule against a NumPy loop);
* tfa reorders ``[batch * beam, s]`` alignment histories that TF 1.15 leaves alone: no history
  is recorded;
* tfa refuses ``maximum_iterations=0``: every case decodes at least one step.

Every weight is drawn here from a seeded ``numpy.random.RandomState`` and written into the JSON
under its TF 1.x variable name (the names come from reading TF 1.15; see the test module), so the
replay loads the very same float32 values. The cell is TF 1.x's ``BasicLSTMCell`` (one kernel over
``[inputs, h]``, gates ``i, j, f, o``, ``forget_bias=1``), written here as a Keras cell.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import tensorflow as tf
import tensorflow_addons as tfa

OUT = pathlib.Path(__file__).with_name("beam_search_tfa.json")


class TF1LSTMCell(tf.keras.layers.AbstractRNNCell):
    """TF 1.x ``BasicLSTMCell`` with fixed weights."""

    def __init__(self, units, kernel, bias):
        super().__init__()
        self.units = units
        self.kernel_value = tf.constant(kernel)
        self.bias_value = tf.constant(bias)

    @property
    def state_size(self):
        return [self.units, self.units]

    @property
    def output_size(self):
        return self.units

    def call(self, inputs, states):
        c, h = states
        gates = tf.matmul(tf.concat([inputs, h], 1), self.kernel_value) + self.bias_value
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
        new_h = tf.tanh(new_c) * tf.sigmoid(o)
        return new_h, [new_c, new_h]


def _uniform(rng, shape, scale=0.8):
    return rng.uniform(-scale, scale, shape).astype(np.float32)


def _tile(x, k):
    return np.repeat(x, k, axis=0)


def record_case(name, seed, beam_width, length_penalty=0.0, coverage_penalty=0.0,
                attention=False, batch=2, vocab=7, emb=4, units=5, num_units=4, attn_size=3,
                depth=3, memory_time=5, end_token=2, end_boost=1.0, max_iterations=8,
                memory_lengths=(5, 3), start_tokens=(1, 3)):
    rng = np.random.RandomState(seed)
    weights = {}
    embedding = _uniform(rng, [vocab, emb], 1.0)
    enc_c, enc_h = _uniform(rng, [batch, units]), _uniform(rng, [batch, units])
    cell_in = emb + (attn_size if attention else 0)
    prefix = "decoder/attention_wrapper/" if attention else "decoder/"
    weights[prefix + "basic_lstm_cell/kernel"] = _uniform(rng, [cell_in + units, 4 * units])
    weights[prefix + "basic_lstm_cell/bias"] = _uniform(rng, [4 * units], 0.3)
    out_depth = attn_size if attention else units
    dense_bias = _uniform(rng, [vocab], 0.3)
    dense_bias[end_token] += end_boost          # so that some beams end before the last step
    weights["decoder/dense/kernel"] = _uniform(rng, [out_depth, vocab], 1.5)
    weights["decoder/dense/bias"] = dense_bias
    memory = lengths = None
    if attention:
        memory = _uniform(rng, [batch, memory_time, depth], 1.0)
        lengths = np.array(memory_lengths, np.int32)
        a = "decoder/attention_wrapper/"
        weights["memory_layer/kernel"] = _uniform(rng, [depth, num_units])
        weights[a + "bahdanau_attention/query_layer/kernel"] = _uniform(rng, [units, num_units])
        weights[a + "bahdanau_attention/attention_v"] = _uniform(rng, [num_units])
        weights[a + "bahdanau_attention/attention_g"] = np.float32(0.7)
        weights[a + "bahdanau_attention/attention_b"] = _uniform(rng, [num_units], 0.2)
        weights[a + "attention_layer/kernel"] = _uniform(rng, [units + depth, attn_size])

    cell = TF1LSTMCell(units, weights[prefix + "basic_lstm_cell/kernel"],
                       weights[prefix + "basic_lstm_cell/bias"])
    enc_state = [tf.constant(_tile(enc_c, beam_width)), tf.constant(_tile(enc_h, beam_width))]
    if attention:
        mechanism = tfa.seq2seq.BahdanauAttention(
            num_units, memory=tf.constant(_tile(memory, beam_width)),
            memory_sequence_length=tf.constant(_tile(lengths, beam_width)), normalize=True)
        cell = tfa.seq2seq.AttentionWrapper(cell, mechanism, attention_layer_size=attn_size)
    dense = tf.keras.layers.Dense(vocab)
    decoder = tfa.seq2seq.BeamSearchDecoder(
        cell, beam_width=beam_width, output_layer=dense, length_penalty_weight=length_penalty,
        coverage_penalty_weight=coverage_penalty, maximum_iterations=max_iterations)

    def run():
        if attention:
            init = cell.get_initial_state(batch_size=batch * beam_width, dtype=tf.float32)
            init = init.clone(cell_state=enc_state)
        else:
            init = enc_state
        return decoder(tf.constant(embedding), start_tokens=tf.constant(start_tokens, tf.int32),
                       end_token=end_token, initial_state=init)

    run()                                       # builds the layers, then the weights are set
    dense.kernel.assign(weights["decoder/dense/kernel"])
    dense.bias.assign(weights["decoder/dense/bias"])
    if attention:
        a = "decoder/attention_wrapper/"
        mechanism.memory_layer.kernel.assign(weights["memory_layer/kernel"])
        mechanism.query_layer.kernel.assign(weights[a + "bahdanau_attention/query_layer/kernel"])
        mechanism.attention_v.assign(weights[a + "bahdanau_attention/attention_v"])
        mechanism.attention_g.assign(weights[a + "bahdanau_attention/attention_g"])
        mechanism.attention_b.assign(weights[a + "bahdanau_attention/attention_b"])
        cell._attention_layers[0].kernel.assign(weights[a + "attention_layer/kernel"])
        # the memory layer ran at construction with its initial kernel: recompute the keys
        mechanism.setup_memory(tf.constant(_tile(memory, beam_width)),
                               memory_sequence_length=tf.constant(_tile(lengths, beam_width)))
    outputs, state, _ = run()
    step = outputs.beam_search_decoder_output
    case = {
        "name": name, "beam_width": beam_width, "length_penalty_weight": length_penalty,
        "coverage_penalty_weight": coverage_penalty, "attention": attention,
        "vocab": vocab, "emb": emb, "units": units, "num_units": num_units,
        "attention_layer_size": attn_size, "end_token": end_token,
        "start_tokens": list(start_tokens), "maximum_iterations": max_iterations,
        "embedding": embedding.tolist(), "encoder_c": enc_c.tolist(), "encoder_h": enc_h.tolist(),
        "memory": None if memory is None else memory.tolist(),
        "memory_lengths": None if lengths is None else lengths.tolist(),
        "weights": {k: np.asarray(v).tolist() for k, v in weights.items()},
        "predicted_ids": outputs.predicted_ids.numpy().tolist(),
        "step_ids": step.predicted_ids.numpy().tolist(),
        "parent_ids": step.parent_ids.numpy().tolist(),
        "scores": step.scores.numpy().tolist(),
        "final_lengths": state.lengths.numpy().tolist(),
        "final_log_probs": state.log_probs.numpy().tolist(),
        "final_finished": state.finished.numpy().tolist(),
    }
    return case


def record_gather_tree(name, seed, max_time, batch, beam, end_token, lengths):
    rng = np.random.RandomState(seed)
    step_ids = rng.randint(0, 5, (max_time, batch, beam)).astype(np.int32)
    parent_ids = rng.randint(0, beam, (max_time, batch, beam)).astype(np.int32)
    got = tfa.seq2seq.gather_tree(step_ids, parent_ids, np.array(lengths, np.int32), end_token)
    return {"name": name, "step_ids": step_ids.tolist(), "parent_ids": parent_ids.tolist(),
            "max_sequence_lengths": list(lengths), "end_token": end_token,
            "expected": got.numpy().tolist()}


def main():
    decoders = [
        record_case("lstm_beam3", seed=11, beam_width=3),
        record_case("lstm_beam3_length_penalty", seed=11, beam_width=3, length_penalty=0.8),
        record_case("lstm_beam3_other_weights", seed=12, beam_width=3, end_boost=0.5),
        record_case("lstm_beam5_wider_than_vocab", seed=13, beam_width=5, vocab=4, end_token=0,
                    end_boost=0.0, max_iterations=5),
        record_case("bahdanau_beam3", seed=21, beam_width=3, attention=True, end_boost=0.0),
        record_case("bahdanau_beam3_length_penalty", seed=22, beam_width=3, attention=True,
                    length_penalty=1.0),
        record_case("bahdanau_beam3_coverage_penalty", seed=23, beam_width=3, attention=True,
                    length_penalty=0.5, coverage_penalty=0.4),
    ]
    trees = [
        record_gather_tree("walks_parents", 1, 6, 2, 3, end_token=9, lengths=[6, 6]),
        record_gather_tree("end_token_fills_after", 2, 6, 3, 3, end_token=1, lengths=[6, 4, 6]),
        record_gather_tree("lengths_zero_and_past_time", 3, 5, 3, 2, end_token=4,
                           lengths=[0, 9, 3]),
    ]
    # tfa's custom GatherTree kernel does not load on this CPU-only install, so gather_tree runs
    # tfa's Python version (same rule: end_token fill, parents walked back from min(length, T)).
    meta = {"tensorflow": tf.__version__, "tensorflow_addons": tfa.__version__,
            "gather_tree": "tfa Python implementation (custom kernel not loadable)",
            "recorded_by": "tests/seq2seq/record_beam_search.py"}
    OUT.write_text(json.dumps({"meta": meta, "decoders": decoders, "gather_tree": trees},
                              indent=None, separators=(",", ":")) + "\n")
    for case in decoders:
        lengths = np.array(case["final_lengths"])
        print(case["name"], "steps", len(case["step_ids"][0]), "lengths", lengths.tolist())


if __name__ == "__main__":
    main()
