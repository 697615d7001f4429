"""The op-definition and evaluator contracts that layers and RNN code build on: define_op, concrete
vs symbolic results, evaluate(), loop frames (ctx.iteration), cond/while semantics, random streams
per run and per iteration, variables_in, Assert/Print, placeholder_with_default."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import InvalidArgumentError
from scopelab.ops import EvalContext, Frame, current_frame, define_op, entering_frame, evaluate
from scopelab.ops.control_flow_ops import captured_inputs, loop_input
from scopelab.tensor_shape import TensorShape


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def _double_shape(x, *, factor):
    return x.dtype, TensorShape(None if x.shape.ndims is None else x.shape.as_list())


_SCALE = define_op("Scale", ("x:T",), _double_shape, lambda x, *, factor: x * factor)


def test_a_defined_op_is_concrete_on_known_inputs_and_symbolic_on_placeholders():
    concrete = _SCALE([1.0, 2.0], factor=3.0)
    assert concrete.name == "Scale:0" and concrete.op.type == "Scale"
    assert concrete.op.inputs[0].name == "Scale/x:0"       # Python input: a Const <op>/<input>
    np.testing.assert_array_equal(concrete, [3.0, 6.0])
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.name_scope("block"):
        symbolic = _SCALE(x, factor=2.0, name="twice")
    assert symbolic.name == "block/twice:0" and symbolic.shape.as_list() == [None, 2]
    assert symbolic.op.get_attr("factor") == 2.0
    np.testing.assert_array_equal(evaluate([symbolic], {x: np.ones((1, 2), np.float32)})[0],
                                  [[2.0, 2.0]])
    with pytest.raises(TypeError, match="Input 'y' of 'Pair' Op has type float32"):
        define_op("Pair", ("x:T", "y:T"), lambda x, y: (x.dtype, x.shape),
                  lambda x, y: x)(tf.constant(1), tf.constant(1.0))


def test_evaluate_runs_a_subgraph_repeatedly_inside_a_frame():
    """What dynamic_rnn does: a step built once on loop inputs, run once per time step."""
    keep = tf.placeholder_with_default(1.0, [], name="keep")        # read from outside the frame
    outer_noise = tf.random_uniform([3], seed=1)                    # one value per run
    frame = Frame("rnn/while", current_frame())
    with entering_frame(frame):
        x_t = loop_input(tf.float32, [3], name="x_t")
        h = loop_input(tf.float32, [3], name="h")
        new_h = tf.tanh(x_t + h) * keep + outer_noise * 0.0
        step_noise = tf.random_uniform([3], seed=2)                 # a new value per step
    assert new_h.op.frame is frame and outer_noise.op.frame is None
    assert {t.name for t in captured_inputs(frame, [new_h, step_noise])} == {
        "keep:0", "random_uniform:0"}
    xs = np.arange(6, dtype=np.float32).reshape(2, 3)

    def unroll(ctx):
        state = np.zeros(3, np.float32)
        noises = []
        for x in xs:
            state, noise = ctx.run_frame(frame, [new_h, step_noise], {x_t: x, h: state})
            noises.append(noise)
        return state, noises

    state, noises = unroll(EvalContext(None))
    np.testing.assert_allclose(state, np.tanh(xs[1] + np.tanh(xs[0])), rtol=1e-6)
    assert not np.array_equal(noises[0], noises[1])
    with pytest.raises(InvalidArgumentError, match="placeholder tensor '(h|x_t)'"):
        evaluate([new_h])        # outside an iteration the loop inputs have no value


def test_cond_runs_one_branch_but_reads_the_outside_of_both():
    p = tf.placeholder(tf.bool, [])
    counter = tf.get_variable("counter", initializer=tf.constant(0))
    outside = tf.assign_add(counter, 1)                     # built outside: runs either way
    chosen = tf.cond(p, lambda: tf.assign_add(counter, 10), lambda: outside + 0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(chosen, {p: False}) == 1
        assert sess.run(chosen, {p: True}) == 12           # outside ran too (+1), then +10
    assert [v.name for v in tf.ops.variables_in(chosen)] == ["counter:0"]


def test_while_loop_draws_again_in_every_iteration_and_respects_invariants():
    i, acc = tf.while_loop(lambda i, acc: i < 4,
                           lambda i, acc: (i + 1, tf.concat([acc, tf.random_normal([1], seed=3)], 0)),
                           [tf.constant(0), tf.zeros([0])],
                           shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    assert acc.shape.as_list() == [None] and acc.name == "while/Exit_1:0"
    with tf.Session() as sess:
        first = sess.run(acc)
        assert first.shape == (4,) and len(set(first.tolist())) == 4
        assert not np.array_equal(first, sess.run(acc))


def test_placeholder_with_default_drives_batch_norm_style_conds():
    training = tf.placeholder_with_default(False, [], name="training")
    x = tf.constant([1.0, 3.0])
    out = tf.cond(training, lambda: x - tf.reduce_mean(x), lambda: x * 1.0)
    np.testing.assert_array_equal(out, [1.0, 3.0])           # eager value: the default branch
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), [1.0, 3.0])
        np.testing.assert_array_equal(sess.run(out, {training: True}), [-1.0, 1.0])


def test_assert_and_print():
    x = tf.placeholder(tf.float32, [2])
    check = tf.Assert(tf.reduce_all(x > 0), [x])
    with tf.control_dependencies([check]):
        y = tf.identity(x)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: [1.0, 2.0]}), [1.0, 2.0])
        with pytest.raises(InvalidArgumentError, match=r"assertion failed: \[\[-1\.  2\.\]\]"):
            sess.run(y, {x: [-1.0, 2.0]})
    with pytest.raises(InvalidArgumentError, match="assertion failed"):
        tf.Assert(tf.constant(False), ["never"])             # a constant condition fails now
    shown = tf.Print(x, [x], message="x = ")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(shown, {x: [5.0, 6.0]}), [5.0, 6.0])


def test_assertion_helpers():
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.control_dependencies([tf.assert_positive(x), tf.assert_rank(x, 2),
                                  tf.assert_equal(tf.shape(x)[1], 2)]):
        y = tf.identity(x)
    with tf.Session() as sess:
        assert sess.run(y, {x: [[1.0, 2.0]]}).shape == (1, 2)
        with pytest.raises(InvalidArgumentError, match="Condition x > 0 did not hold"):
            sess.run(y, {x: [[1.0, -2.0]]})
    with pytest.raises(ValueError, match="must have rank 3.  Received rank 2"):
        tf.assert_rank(x, 3)
    with pytest.raises(InvalidArgumentError, match="Condition x == y did not hold"):
        tf.assert_equal(tf.constant(1), tf.constant(2))


def test_random_ops_follow_tf1_seeding():
    tf.set_random_seed(5)
    a = tf.random_normal([4])
    tf.reset_default_graph()
    tf.set_random_seed(5)
    b = tf.random_normal([4])
    np.testing.assert_array_equal(a, b)                    # graph seed + creation order
    c = tf.random_normal([4], seed=9)
    d = tf.random_normal([4], seed=9)
    np.testing.assert_array_equal(c, d)                    # same op seed, same stream
    assert not np.array_equal(np.asarray(b), np.asarray(c))
    np.testing.assert_array_equal(np.asarray(tf.random_normal([3], seed=2)),
                                  tf.random_normal_initializer(seed=2)([3]))
    shuffled = tf.random_shuffle(tf.range(10), seed=4)
    assert sorted(np.asarray(shuffled).tolist()) == list(range(10))
    samples = np.asarray(tf.multinomial(tf.log([[0.001, 1000.0]]), 20, seed=1))
    assert samples.shape == (1, 20) and samples.dtype == np.int64 and (samples == 1).all()
