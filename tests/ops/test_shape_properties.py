"""Property tests: the static shape an op infers is compatible with every value it computes.

Each example builds the op on placeholders whose shapes hide some dimensions (``None``) or the
rank, feeds arrays of the real shapes, and checks the evaluated value against the static shape
(and, where NumPy has the same operation, against NumPy's value).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import scopelab as tf

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
dims = st.integers(1, 5)


def shape_of(rank_min: int = 0, rank_max: int = 4):
    return st.lists(dims, min_size=rank_min, max_size=rank_max)


def hidden(draw, shape: list[int]):
    """A placeholder shape for ``shape``: some dims unknown, sometimes the whole rank."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    return [None if draw(st.booleans()) else d for d in shape]


def run(fetch, feeds):
    with tf.Session() as sess:
        return sess.run(fetch, feeds)


def check(tensor, value):
    static = tensor.shape
    assert static.is_compatible_with(value.shape), (tensor, value.shape)
    assert value.dtype == tensor.dtype.np


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


@SETTINGS
@given(st.data())
def test_broadcasting_binary_ops(data):
    out_shape = data.draw(shape_of(0, 4))
    a_shape = [d if data.draw(st.booleans()) else 1 for d in out_shape]
    b_shape = [d if data.draw(st.booleans()) else 1 for d in out_shape][data.draw(
        st.integers(0, len(out_shape))):]
    a = np.random.RandomState(0).uniform(1, 2, a_shape).astype(np.float32)
    b = np.random.RandomState(1).uniform(1, 2, b_shape).astype(np.float32)
    pa = tf.placeholder(tf.float32, hidden(data.draw, a_shape))
    pb = tf.placeholder(tf.float32, hidden(data.draw, b_shape))
    op = data.draw(st.sampled_from(["add", "sub", "mul", "truediv", "maximum", "less", "pow"]))
    fn = {"add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
          "truediv": lambda x, y: x / y, "maximum": tf.maximum, "less": lambda x, y: x < y,
          "pow": tf.pow}[op]
    ref = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "truediv": np.true_divide,
           "maximum": np.maximum, "less": np.less, "pow": np.power}[op]
    t = fn(pa, pb)
    value = run(t, {pa: a, pb: b})
    check(t, value)
    np.testing.assert_allclose(value, ref(a, b), rtol=1e-6)
    if pa.shape.is_fully_defined() and pb.shape.is_fully_defined():
        assert t.shape.as_list() == list(value.shape)


@SETTINGS
@given(st.data())
def test_reductions(data):
    shape = data.draw(shape_of(1, 4))
    x = np.random.RandomState(2).uniform(-1, 1, shape).astype(np.float32)
    p = tf.placeholder(tf.float32, hidden(data.draw, shape))
    axes = data.draw(st.one_of(st.none(), st.lists(st.integers(-len(shape), len(shape) - 1),
                                                   min_size=1, max_size=len(shape), unique=True)))
    if axes is not None and len({a % len(shape) for a in axes}) != len(axes):
        axes = sorted({a % len(shape) for a in axes})
    keep = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["reduce_sum", "reduce_mean", "reduce_max", "reduce_min",
                                      "reduce_logsumexp"]))
    t = getattr(tf, name)(p, axes, keepdims=keep)
    value = run(t, {p: x})
    check(t, value)
    ref_axis = None if axes is None else tuple(axes)
    if name == "reduce_logsumexp":
        m = np.max(x, axis=ref_axis, keepdims=True)
        ref = np.log(np.sum(np.exp(x - m), axis=ref_axis, keepdims=keep)) + (
            m if keep else np.squeeze(m, ref_axis if ref_axis is not None else None))
    else:
        ref = {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max,
               "reduce_min": np.min}[name](x, axis=ref_axis, keepdims=keep)
    np.testing.assert_allclose(value, ref, rtol=1e-5, atol=1e-6)


@SETTINGS
@given(st.data())
def test_slicing_matches_numpy(data):
    shape = data.draw(shape_of(1, 4))
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    p = tf.placeholder(tf.float32, hidden(data.draw, shape))
    key = []
    remaining = len(shape)
    ellipsis_used = False
    for _ in range(data.draw(st.integers(1, len(shape) + 1))):
        kind = data.draw(st.sampled_from(["slice", "int", "newaxis", "ellipsis"]))
        if kind == "ellipsis" and not ellipsis_used:
            key.append(Ellipsis)
            ellipsis_used = True
        elif kind == "newaxis":
            key.append(tf.newaxis)
        elif remaining == 0:
            continue
        elif kind == "int":
            d = shape[len(shape) - remaining] if not ellipsis_used else shape[-remaining]
            key.append(data.draw(st.integers(-d, d - 1)))
            remaining -= 1
        else:
            key.append(slice(data.draw(st.one_of(st.none(), st.integers(-6, 6))),
                             data.draw(st.one_of(st.none(), st.integers(-6, 6))),
                             data.draw(st.sampled_from([None, 1, 2, -1, -2]))))
            remaining -= 1
    if ellipsis_used:   # ints after the ellipsis index from the end: keep it simple, no ints there
        key = [k for k in key if not isinstance(k, int) or key.index(Ellipsis) > key.index(k)]
    key = tuple(key)
    t = p[key]
    value = run(t, {p: x})
    check(t, value)
    np.testing.assert_array_equal(value, x[key])


@SETTINGS
@given(st.data())
def test_reshape_transpose_concat_split(data):
    shape = data.draw(shape_of(1, 4))
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    p = tf.placeholder(tf.float32, hidden(data.draw, shape))
    perm = data.draw(st.permutations(list(range(len(shape)))))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    outs = [tf.reshape(p, [-1]), tf.reshape(p, [x.shape[0], -1]), tf.transpose(p, perm),
            tf.transpose(p), tf.concat([p, p], axis), tf.stack([p, p], axis),
            tf.expand_dims(p, axis), tf.tile(p, [2] * len(shape)),
            tf.pad(p, [[1, 0]] * len(shape)), tf.reverse(p, [axis]),
            tf.shape(p), tf.size(p), tf.rank(p)]
    outs += tf.unstack(p, num=shape[axis], axis=axis)
    outs += tf.split(p, [1, shape[axis] - 1] if shape[axis] > 1 else [1], axis)
    values = run(outs, {p: x})
    refs = [x.reshape(-1), x.reshape(x.shape[0], -1), np.transpose(x, perm), x.T,
            np.concatenate([x, x], axis), np.stack([x, x], axis), np.expand_dims(x, axis),
            np.tile(x, [2] * len(shape)), np.pad(x, [[1, 0]] * len(shape)), np.flip(x, axis),
            np.array(shape), x.size, x.ndim]
    refs += list(np.moveaxis(x, axis, 0))
    refs += np.split(x, [1] if shape[axis] > 1 else [], axis)
    for t, v, r in zip(outs, values, refs):
        check(t, v)
        np.testing.assert_array_equal(v, r)


@SETTINGS
@given(st.data())
def test_conv_and_pool_shapes(data):
    n, h, w, c = (data.draw(st.integers(1, 2)), data.draw(st.integers(1, 9)),
                  data.draw(st.integers(1, 9)), data.draw(st.integers(1, 3)))
    kh, kw, out = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4)), data.draw(dims)
    sh, sw = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    padding = data.draw(st.sampled_from(["SAME", "VALID"]))
    if padding == "VALID" and (kh > h or kw > w):
        return
    x = np.random.RandomState(3).uniform(-1, 1, (n, h, w, c)).astype(np.float32)
    k = np.random.RandomState(4).uniform(-1, 1, (kh, kw, c, out)).astype(np.float32)
    p = tf.placeholder(tf.float32, [None if data.draw(st.booleans()) else n, h, w, c])
    outs = [tf.nn.conv2d(p, k, [1, sh, sw, 1], padding),
            tf.nn.max_pool(p, [1, kh, kw, 1], [1, sh, sw, 1], padding),
            tf.nn.avg_pool(p, [1, kh, kw, 1], [1, sh, sw, 1], padding),
            tf.nn.depthwise_conv2d(p, k[:, :, :, :1], [1, sh, sh, 1], padding)]
    values = run(outs, {p: x})
    for t, v in zip(outs, values):
        check(t, v)
        assert t.shape.as_list()[1:] == list(v.shape[1:])
    # conv2d against a direct NumPy loop over output positions
    conv = values[0]
    ph = max((conv.shape[1] - 1) * sh + kh - h, 0) if padding == "SAME" else 0
    pw = max((conv.shape[2] - 1) * sw + kw - w, 0) if padding == "SAME" else 0
    xp = np.pad(x, [(0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)])
    for i in range(conv.shape[1]):
        for j in range(conv.shape[2]):
            patch = xp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :]
            np.testing.assert_allclose(conv[:, i, j], np.einsum("nhwc,hwco->no", patch, k),
                                       rtol=1e-4, atol=1e-5)


@SETTINGS
@given(st.data())
def test_matmul_shapes(data):
    batch = data.draw(shape_of(0, 2))
    m, k, n = data.draw(dims), data.draw(dims), data.draw(dims)
    ta, tb = data.draw(st.booleans()), data.draw(st.booleans())
    a = np.random.RandomState(5).uniform(-1, 1, batch + ([k, m] if ta else [m, k])).astype(np.float32)
    b = np.random.RandomState(6).uniform(-1, 1, batch + ([n, k] if tb else [k, n])).astype(np.float32)
    pa = tf.placeholder(tf.float32, hidden(data.draw, list(a.shape)))
    pb = tf.placeholder(tf.float32, hidden(data.draw, list(b.shape)))
    if (pa.shape.ndims is None) != (pb.shape.ndims is None) and not batch:
        pa, pb = tf.placeholder(tf.float32, a.shape), tf.placeholder(tf.float32, b.shape)
    t = tf.matmul(pa, pb, transpose_a=ta, transpose_b=tb)
    value = run(t, {pa: a, pb: b})
    check(t, value)
    ref = np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)
    np.testing.assert_allclose(value, ref, rtol=1e-5, atol=1e-6)
