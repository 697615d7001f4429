"""What the recordings cannot show (``test_optimize_loss_tf1.py`` compares the built graph with
TF's): fetching ``optimize_loss``'s tensor raises scopelab's "does not train" error and changes
nothing, the loss itself still evaluates, a failed call leaves the store as it was (TF left its
``learning_rate`` variable and summaries behind), ``apply_regularization`` follows the weights'
current values, and the error texts say how to fix the call.
"""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf

OL = tf.contrib.layers.optimize_loss
FEED_ROWS = np.ones((2, 3), np.float32)


@pytest.fixture()
def model():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [3, 2])
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b))
    return x, w, b, loss


def _state():
    """Everything a failed call must leave untouched: variables, every collection's entries."""
    store = tf.get_default_store()
    return ([v.name for v in store.variables()],
            {key: [id(item) for item in store.get_collection(key)]
             for key in store.collection_keys()})


def test_fetching_the_train_tensor_raises_and_changes_nothing(model) -> None:
    x, w, b, loss = model
    step = tf.train.get_or_create_global_step()
    train = OL(loss, step, 0.1, "Adam")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run([w, step])
        with pytest.raises(tf.errors.UnimplementedError, match="scopelab does not train") as info:
            sess.run(train, {x: FEED_ROWS})
        assert "optimize_loss" in str(info.value) and "layer/w" in str(info.value)
        after = sess.run([w, step])
        np.testing.assert_array_equal(after[0], before[0])
        assert after[1] == before[1] == 0
        # the loss that was given (and the Identity the train tensor wraps) still evaluates
        value = sess.run(loss, {x: FEED_ROWS})
        np.testing.assert_allclose(sess.run(train.op.inputs[0], {x: FEED_ROWS}), value)
        w_value = sess.run(w)
        np.testing.assert_allclose(value, np.mean((FEED_ROWS @ w_value) ** 2), rtol=1e-6)
        # so does the loss summary; a gradient's summary explains that it has no numbers
        summaries = {s.name: s for s in tf.get_collection(tf.GraphKeys.SUMMARIES)}
        serialized = np.asarray(sess.run(summaries["OptimizeLoss/loss:0"], {x: FEED_ROWS})).item()
        assert b"OptimizeLoss/loss" in serialized
        assert np.frombuffer(serialized[-4:], np.float32)[0] == pytest.approx(value)
        with pytest.raises(tf.errors.UnimplementedError, match="does not compute gradients"):
            sess.run(summaries["OptimizeLoss/global_norm/gradient_norm:0"], {x: FEED_ROWS})


def test_the_train_op_in_the_collection_raises_too(model) -> None:
    x, w, b, loss = model
    OL(loss, None, 0.1, "SGD", increment_global_step=False)
    (op,) = tf.get_collection(tf.GraphKeys.TRAIN_OP)
    assert (op.name, op.type) == ("OptimizeLoss/train", "NoOp")
    with tf.Session() as sess, pytest.raises(tf.errors.UnimplementedError,
                                             match="GradientDescent's train op"):
        sess.run(op, {x: FEED_ROWS})


@pytest.mark.parametrize("call, error, phrase", [
    # fails after the learning-rate variable and a loss summary were made
    (lambda loss: OL(loss, None, 0.1, lambda lr: "sgd"), ValueError,
     "function should return subclass of Optimizer"),
    # fails in apply_gradients, after gradients, summaries and the learning-rate variable
    (lambda loss: OL(tf.constant(2.0) * 3.0, None, 0.1, "Adam"), ValueError,
     "No gradients provided for any variable"),
    # fails in the user's clipping function, after the norms' summaries
    (lambda loss: OL(loss, None, 0.1, "Adam", clip_gradients=lambda pairs: 1 / 0),
     ZeroDivisionError, "division by zero"),
])
def test_a_failed_call_leaves_the_store_as_it_was(model, call, error, phrase) -> None:
    x, w, b, loss = model
    tf.train.get_or_create_global_step()
    tf.summary.scalar("mine", loss)
    before = _state()
    with pytest.raises(error, match=phrase):
        call(loss)
    assert _state() == before
    # and the next call builds normally (TF's scope count moved on, as it does in TF)
    train = OL(loss, None, 0.1, "Adam")
    assert train.name.endswith("/control_dependency:0")
    assert any(v.name.endswith("learning_rate:0") for v in tf.global_variables())


def test_checks_come_before_anything_is_built(model) -> None:
    x, w, b, loss = model
    before = _state()
    version = tf.get_default_store().version
    for kwargs, phrase in [
        ({"optimizer": "adam"}, "Adagrad, Adam, Ftrl, Momentum, RMSProp, SGD], you provided adam"),
        ({"summaries": ["weights"]}, "Summaries should be one of"),
        ({"clip_gradients": 5}, "Unknown type <class 'int'> for clip_gradients"),
        ({"learning_rate": 1}, "Got 1 of type <class 'int'>"),
        ({"learning_rate_decay_fn": lambda lr, gs: lr}, "global_step is required"),
    ]:
        arguments = {"learning_rate": 0.1, "optimizer": "SGD", **kwargs}
        with pytest.raises(ValueError, match=phrase.replace("[", r"\[").replace("(", r"\(")
                           .replace(")", r"\)")):
            OL(loss, None, **arguments)
    assert _state() == before
    assert tf.get_default_store().version == version


def test_error_texts_say_how_to_fix_the_call(model) -> None:
    x, w, b, loss = model
    with pytest.raises(ValueError, match="Expected scalar shape") as info:
        OL(tf.matmul(x, w), None, 0.1, "SGD")
    assert "tf.reduce_mean" in str(info.value)
    with pytest.raises(ValueError, match="Got 1 of type") as info:
        OL(loss, None, 1, "SGD")
    assert "Python float" in str(info.value)
    with pytest.raises(ValueError, match="No weights to regularize") as info:
        tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.1))
    assert "weights_list" in str(info.value) and "GraphKeys.WEIGHTS" in str(info.value)
    with pytest.raises(ValueError, match="scale_l1 cannot be an integer: 1") as info:
        tf.contrib.layers.l1_l2_regularizer(1, 0.5)
    assert "1.0" in str(info.value)


def test_learning_rate_variable_and_multipliers(model) -> None:
    x, w, b, loss = model
    OL(loss, None, 0.25, "SGD", gradient_multipliers={"layer/w:0": 3.0, b: 0.5})
    (lr,) = [v for v in tf.global_variables() if v.name == "OptimizeLoss/learning_rate:0"]
    assert lr.trainable is False and lr.created_by == "tf.contrib.layers.optimize_loss"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(lr) == pytest.approx(0.25)
    # both multiplied gradients are Mul ops of the gradient and the cast multiplier
    muls = [op for op in tf.get_default_graph().get_operations()
            if op.name.startswith("OptimizeLoss/mul") and op.type == "Mul"]
    assert len(muls) == 2
    assert {op.inputs[0].op.type for op in muls} == {"Gradient"}


def test_apply_regularization_follows_the_weights(model) -> None:
    x, w, b, loss = model
    penalty = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.5),
                                                     [w, b])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w.load(np.full((3, 2), 2.0, np.float32), sess)
        b.load(np.array([1.0, -1.0], np.float32), sess)
        assert sess.run(penalty) == pytest.approx(0.5 * (6 * 4.0 + 2.0) / 2)
        w.load(np.zeros((3, 2), np.float32), sess)
        assert sess.run(penalty) == pytest.approx(0.5 * 2.0 / 2)
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [penalty]
    assert [t.name for t in penalty.op.inputs] == [
        "get_regularization_penalty/l2_regularizer:0",
        "get_regularization_penalty/l2_regularizer_1:0"]
    assert {t.op.type for t in penalty.op.inputs} == {"Regularizer"}


def test_summarize_skips_strings_and_booleans(model) -> None:
    x, w, b, loss = model
    made = tf.contrib.layers.summarize_tensors([tf.constant("a"), tf.constant(True), loss])
    assert made[:2] == [None, None] and made[2].name == "Mean_summary:0"
    assert made[2].op.type == "ScalarSummary"
    unknown_rank = tf.placeholder(tf.float32, None, name="anything")
    assert tf.contrib.layers.summarize_tensor(unknown_rank).op.type == "HistogramSummary"
