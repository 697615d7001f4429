"""What tf.train builds when it runs: train ops and gradients refuse with a teaching error, change
nothing, moving averages update as NumPy computes them, summaries encode images and audio, the
FileWriter writes nothing, and gradients reach variables used inside dynamic_rnn's loop.
"""

from __future__ import annotations

import io
import struct
import wave
import zlib

import numpy as np
import pytest

import scopelab as tf
from scopelab.summary import _proto


def _model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.get_variable("w", [3, 2])
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    return x, w, b, tf.reduce_sum(tf.square(tf.matmul(x, w) + b))


@pytest.mark.parametrize("with_step", [False, True])
def test_running_a_train_op_explains_that_scopelab_does_not_train(with_step: bool) -> None:
    x, w, b, loss = _model()
    step = tf.train.get_or_create_global_step() if with_step else None
    train_op = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step)
    both = tf.group(train_op, tf.no_op())
    feed = {x: np.ones((4, 3), np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run([w, b])
        for fetch in (train_op, both):
            with pytest.raises(tf.errors.UnimplementedError) as info:
                sess.run(fetch, feed)
            assert "scopelab does not train" in str(info.value)
            assert "'Adam'" in str(info.value) or "Adam's train op" in str(info.value)
            assert "run the same code under TensorFlow" in str(info.value)
        after = sess.run([w, b])
        assert all(np.array_equal(p, q) for p, q in zip(before, after))
        if with_step:
            assert sess.run(step) == 0


def test_gradients_have_shapes_but_no_values() -> None:
    x, w, b, loss = _model()
    grad_w, grad_b = tf.gradients(loss, [w, b])
    assert grad_w.shape.as_list() == [3, 2] and grad_b.dtype == tf.float32
    clipped, norm = tf.clip_by_global_norm([grad_w, grad_b], 1.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for fetch in (grad_w, norm):
            with pytest.raises(tf.errors.UnimplementedError, match="does not compute gradients"):
                sess.run(fetch, {x: np.ones((1, 3), np.float32)})


def test_gradients_reach_the_variables_a_dynamic_rnn_step_reads() -> None:
    x = tf.placeholder(tf.float32, [2, None, 4])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32)
    head = tf.get_variable("head", [3, 1])
    other = tf.get_variable("other", [3])
    loss = tf.reduce_mean(tf.matmul(state, head))
    grads = tf.gradients(loss, tf.trainable_variables())
    names = [v.op.name for v, g in zip(tf.trainable_variables(), grads) if g is not None]
    assert names == ["rnn/gru_cell/gates/kernel", "rnn/gru_cell/gates/bias",
                     "rnn/gru_cell/candidate/kernel", "rnn/gru_cell/candidate/bias", "head"]
    assert tf.gradients(loss, other) == [None]
    assert tf.gradients(tf.reduce_sum(tf.stop_gradient(outputs)), head) == [None]
    slots = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    assert slots.name == "Momentum"
    assert [v.op.name for v in tf.global_variables() if "Momentum" in v.name] == [
        "rnn/gru_cell/gates/kernel/Momentum", "rnn/gru_cell/gates/bias/Momentum",
        "rnn/gru_cell/candidate/kernel/Momentum", "rnn/gru_cell/candidate/bias/Momentum",
        "head/Momentum"]


def test_optimizer_variables_and_beta_accumulators() -> None:
    x, w, b, loss = _model()
    opt = tf.train.AdamOptimizer()
    opt.minimize(loss)
    assert [v.op.name for v in opt.variables()] == [
        "b/Adam", "b/Adam_1", "beta1_power", "beta2_power", "w/Adam", "w/Adam_1"]
    beta1, beta2 = opt._get_beta_accumulators()
    assert (beta1.op.name, beta2.op.name) == ("beta1_power", "beta2_power")
    opt.minimize(loss, var_list=[w])          # a second call reuses the accumulators
    assert len(tf.global_variables()) == 8


def test_zero_debiased_moving_average_over_several_runs_matches_numpy() -> None:
    x = tf.placeholder(tf.float32, [3])
    with tf.variable_scope("bn"):
        mean = tf.get_variable("moving_mean", [3], initializer=tf.zeros_initializer(),
                               trainable=False)
        update = tf.train.moving_averages.assign_moving_average(mean, x, 0.8)
    batches = np.random.RandomState(0).uniform(-1, 1, (4, 3)).astype(np.float32)
    biased = np.zeros(3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t, batch in enumerate(batches, start=1):
            got = sess.run(update, {x: batch})
            biased = 0.8 * biased + 0.2 * batch
            np.testing.assert_allclose(got, biased / (1 - 0.8 ** t), rtol=1e-5, atol=1e-6)
        local_step = [v for v in tf.global_variables() if v.op.name.endswith("local_step")][0]
        assert local_step.op.name == "bn/bn/moving_mean/local_step" and sess.run(local_step) == 4


def test_ema_with_num_updates_follows_tf1s_decay_rule() -> None:
    w = tf.get_variable("w", [2], initializer=tf.constant_initializer([1.0, -1.0]))
    step = tf.train.get_or_create_global_step()
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=step)
    apply = ema.apply([w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.assign(w, [3.0, 1.0]))
        sess.run(tf.assign(step, 5))
        sess.run(apply)
        decay = min(0.99, (1 + 5) / (10 + 5))
        np.testing.assert_allclose(sess.run(ema.average(w)),
                                   decay * np.array([1.0, -1.0]) + (1 - decay) * np.array([3, 1]),
                                   rtol=1e-6)


def _decode_png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        chunks.setdefault(kind, b"")
        chunks[kind] += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height, _, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 2: 3, 6: 4}[color]
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[r * (width * channels + 1):(r + 1) * (width * channels + 1)] for r in range(height)]
    assert all(row[0] == 0 for row in rows)                     # filter "none"
    return np.frombuffer(b"".join(row[1:] for row in rows), np.uint8).reshape(height, width,
                                                                              channels)


def _values(summary: bytes) -> list[dict]:
    return [dict(_proto._fields(value)) for field, value in _proto._fields(summary) if field == 1]


def test_image_and_audio_summaries_encode_png_and_wav() -> None:
    images = tf.placeholder(tf.float32, [None, 2, 3, 1])
    clips = tf.placeholder(tf.float32, [None, 5])
    merged = tf.summary.merge([tf.summary.image("pics", images, max_outputs=2),
                               tf.summary.audio("sound", clips, 8000, max_outputs=1)])
    pixels = np.array([[[0.0], [0.5], [1.0]], [[0.25], [0.75], [1.0]]], np.float32)
    batch = np.stack([pixels, pixels * 2, pixels])
    wave_in = np.array([[0.0, 0.5, -0.5, 1.0, -1.0]], np.float32)
    with tf.Session() as sess:
        data = sess.run(merged, {images: batch, clips: wave_in})
    data = np.asarray(data, dtype=object).item()
    values = _values(data)
    assert [v[1].decode() for v in values] == ["pics/image/0", "pics/image/1", "sound/audio"]
    image = dict(_proto._fields(values[0][4]))
    assert (image[1], image[2], image[3]) == (2, 3, 1)
    np.testing.assert_array_equal(_decode_png(image[4])[..., 0],
                                  np.floor(pixels[..., 0] * 255 + 0.5).astype(np.uint8))
    audio = dict(_proto._fields(values[2][6]))
    with wave.open(io.BytesIO(audio[4])) as clip:
        assert (clip.getframerate(), clip.getnchannels(), clip.getnframes()) == (8000, 1, 5)
        frames = np.frombuffer(clip.readframes(5), "<i2")
    np.testing.assert_array_equal(frames, (wave_in[0] * 32767).astype(np.int16))


def test_scalar_summary_of_a_vector_is_tf1s_error() -> None:
    x = tf.placeholder(tf.float32, [None])
    s = tf.summary.scalar("bad", x)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="tags and values not the same shape"):
        sess.run(s, {x: [1.0, 2.0]})


def test_file_writer_writes_nothing_and_keeps_what_it_was_given(tmp_path) -> None:
    loss = tf.constant(1.5)
    merged = tf.summary.merge_all() if tf.get_collection("summaries") else None
    assert merged is None
    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    with tf.Session() as sess, tf.summary.FileWriter(str(tmp_path / "logs"), sess.graph) as writer:
        writer.add_summary(sess.run(merged), global_step=3)
        writer.flush()
    assert not (tmp_path / "logs").exists()
    assert writer.summaries[0][0] == 3 and _proto.tags(writer.summaries[0][1]) == ["loss"]
    assert "writes nothing" in repr(writer)


def test_a_failed_minimize_leaves_no_slot_behind_and_a_retry_works() -> None:
    x, w, b, loss = _model()
    opt = tf.train.AdamOptimizer()
    with tf.variable_scope("model", reuse=True):
        with pytest.raises(ValueError, match="model/w/Adam does not exist"):
            opt.minimize(loss)
    assert [v.op.name for v in tf.global_variables()] == ["w", "b"]
    assert opt.get_slot(w, "m") is None and opt.variables() == []
    opt.minimize(loss)
    assert [v.op.name for v in opt.variables()] == [
        "b/Adam", "b/Adam_1", "beta1_power", "beta2_power", "w/Adam", "w/Adam_1"]


def test_slots_made_inside_control_dependencies_read_without_running_them() -> None:
    x, w, b, loss = _model()
    with tf.control_dependencies([tf.no_op(name="gate")]):
        train_op = tf.train.AdamOptimizer().minimize(loss)
    ema = tf.train.ExponentialMovingAverage(0.9)
    with tf.control_dependencies([train_op]):
        ema.apply([w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # TF1 makes slots in init_scope: reading them does not run the train op
        np.testing.assert_array_equal(sess.run(ema.average(w)), sess.run(w))
        beta1, _ = [v for v in tf.global_variables() if "power" in v.name]
        assert np.isclose(sess.run(beta1), 0.9)
