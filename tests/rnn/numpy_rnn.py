"""NumPy reference of TF1's cells and of ``dynamic_rnn``'s loop: the oracle ``sess.run`` results are
checked against (independent of scopelab's ops and of the TF recordings).
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def basic_rnn(x, state, kernel, bias):
    out = np.tanh(np.concatenate([x, state], 1) @ kernel + bias)
    return out, out


def lstm(x, state, kernel, bias, forget_bias=1.0, peepholes=None, cell_clip=None,
         projection=None, proj_clip=None):
    c, h = state
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    if peepholes is None:
        c = sigmoid(f + forget_bias) * c + sigmoid(i) * np.tanh(j)
    else:
        w_f, w_i, w_o = peepholes
        c = sigmoid(f + forget_bias + w_f * c) * c + sigmoid(i + w_i * c) * np.tanh(j)
    if cell_clip is not None:
        c = np.clip(c, -cell_clip, cell_clip)
    m = sigmoid(o + (0 if peepholes is None else peepholes[2] * c)) * np.tanh(c)
    if projection is not None:
        m = m @ projection
        if proj_clip is not None:
            m = np.clip(m, -proj_clip, proj_clip)
    return m, (c, m)


def gru(x, state, gate_kernel, gate_bias, candidate_kernel, candidate_bias):
    r, u = np.split(sigmoid(np.concatenate([x, state], 1) @ gate_kernel + gate_bias), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * state], 1) @ candidate_kernel + candidate_bias)
    new = u * state + (1 - u) * c
    return new, new


def dynamic_rnn(step, inputs, state, lengths=None):
    """``inputs`` [batch, time, depth]; past ``lengths[b]`` outputs are 0 and the state is kept."""
    outputs = []
    for t in range(inputs.shape[1]):
        out, new_state = step(inputs[:, t], state)
        if lengths is not None:
            done = (t >= lengths)[:, None]
            out = np.where(done, 0.0, out)
            new_state = _select(done, state, new_state)
        outputs.append(out)
        state = new_state
    return np.stack(outputs, axis=1), state


def _select(done, old, new):
    if isinstance(new, tuple):
        return tuple(_select(done, o, n) for o, n in zip(old, new))
    return np.where(done, old, new)
