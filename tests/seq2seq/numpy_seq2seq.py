"""NumPy references for the seq2seq tests: TF1's BasicLSTMCell, a length-aware (bidirectional)
dynamic_rnn, Luong / Bahdanau attention and the AttentionWrapper step, and the decode loops of
TrainingHelper and GreedyEmbeddingHelper as TF 1.15's dynamic_decode runs them. Written from the
formulas, independently of scopelab's ops."""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def lstm_step(kernel, bias, x, state, forget_bias=1.0):
    c, h = state
    gates = np.concatenate([x, h], 1) @ kernel + bias
    i, j, f, o = np.split(gates, 4, axis=1)
    new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * sigmoid(o)
    return new_h, (new_c, new_h)


def dynamic_lstm(kernel, bias, inputs, lengths, units):
    """Batch-major inputs; zero outputs and copied state past each length."""
    batch, steps = inputs.shape[:2]
    state = (np.zeros((batch, units), np.float32), np.zeros((batch, units), np.float32))
    outputs = np.zeros((batch, steps, units), np.float32)
    for t in range(steps):
        out, new = lstm_step(kernel, bias, inputs[:, t], state)
        live = (t < lengths)[:, None]
        outputs[:, t] = np.where(live, out, 0.0)
        state = tuple(np.where(live, n, s) for n, s in zip(new, state))
    return outputs, state


def reverse_within(x, lengths):
    out = x.copy()
    for b, n in enumerate(lengths):
        out[b, :n] = x[b, :n][::-1]
    return out


def luong_alignments(query, keys, lengths, scale=None):
    score = np.einsum("bd,btd->bt", query, keys)
    if scale is not None:
        score = scale * score
    return masked_softmax(score, lengths)


def bahdanau_alignments(processed_query, keys, v, lengths, g=None, b=None):
    if g is not None:
        v = g * v / np.sqrt(np.sum(v * v))
        score = np.sum(v * np.tanh(keys + processed_query[:, None, :] + b), axis=2)
    else:
        score = np.sum(v * np.tanh(keys + processed_query[:, None, :]), axis=2)
    return masked_softmax(score, lengths)


def masked_softmax(score, lengths):
    if lengths is None:
        return softmax(score)
    mask = np.arange(score.shape[1])[None, :] < np.asarray(lengths)[:, None]
    return softmax(np.where(mask, score, -np.inf))


def masked_memory(memory, lengths):
    if lengths is None:
        return memory
    mask = np.arange(memory.shape[1])[None, :] < np.asarray(lengths)[:, None]
    return memory * mask[:, :, None]


def decode(step, first_inputs, state, next_inputs, finished_fn, batch, max_steps=None,
           impute_finished=False):
    """TF 1.15's dynamic_decode loop: ``step(inputs, state) -> (output, state)`` (output a tuple of
    arrays), ``next_inputs(t, output) -> inputs``, ``finished_fn(t, output) -> bool [batch]``."""
    finished = np.zeros(batch, bool) if max_steps is None or max_steps > 0 else np.ones(batch, bool)
    lengths = np.zeros(batch, np.int32)
    inputs, collected, t = first_inputs, [], 0
    while not finished.all() and (max_steps is None or t < max_steps):
        output, new_state = step(inputs, state)
        step_finished = finished_fn(t, output)
        lengths = np.where(finished, lengths, t + 1)
        if impute_finished:
            output = tuple(np.where(finished.reshape((-1,) + (1,) * (o.ndim - 1)), 0, o)
                           for o in output)
            new_state = [s if np.ndim(n) == 0 else
                         np.where(finished.reshape((-1,) + (1,) * (np.ndim(n) - 1)), s, n)
                         for s, n in zip(state, new_state)]
        collected.append(output)
        finished = finished | step_finished
        inputs, state, t = next_inputs(t, output), new_state, t + 1
    stacked = tuple(np.stack([o[i] for o in collected], 1) for i in range(len(collected[0])))
    return stacked, state, lengths
