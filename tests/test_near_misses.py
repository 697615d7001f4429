"""AUTO_REUSE's cost made visible: new variables whose names are near misses of existing ones
(tensorpack/tensorpack#607), listed by ``%scope_explain``."""

import pytest

import scopelab as tf
from scopelab._near_misses import edit_distance, near_misses
from scopelab.magics import Explanation


def dense(units_in, units_out, name="dense"):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        return tf.get_variable("kernel", shape=[units_in, units_out])


def graph():
    return tf.get_default_graph()


def test_a_scope_typo_in_another_case_is_a_near_miss():
    train = dense(4, 8)
    evaluation = dense(4, 8, name="Dense")          # the typo: a new variable, silently
    assert evaluation is not train
    [miss] = near_misses(graph())
    assert (miss.name, miss.like, miss.distance) == ("Dense/kernel", "dense/kernel", 0)
    assert "is 'dense/kernel' in another case: names are case-sensitive" in miss.describe()


def test_one_or_two_letters_in_the_same_scope_are_near_misses():
    with tf.variable_scope("layer", reuse=tf.AUTO_REUSE):
        tf.get_variable("weights", [1])
        tf.get_variable("wieghts", [1])     # a swap: one edit
        tf.get_variable("bias", [1])
        tf.get_variable("biases", [1])      # two letters more
    found = {(m.name, m.like, m.distance) for m in near_misses(graph())}
    assert found == {("layer/wieghts", "layer/weights", 1), ("layer/biases", "layer/bias", 2)}


def test_names_meant_to_differ_are_not_flagged():
    with tf.variable_scope("net", reuse=tf.AUTO_REUSE):
        for name in ("w", "b", "w1", "w2", "layer_1", "layer_2", "kernel", "gamma"):
            tf.get_variable(name, [1])
    with tf.variable_scope("other", reuse=tf.AUTO_REUSE):
        tf.get_variable("kernal", [1])      # another scope: not a sibling of net/kernel
    assert near_misses(graph()) == []


def test_only_auto_reuse_creations_are_flagged():
    with tf.variable_scope("s"):
        tf.get_variable("weights", [1])
        tf.get_variable("wieghts", [1])     # reuse off: the student chose two names
    tf.get_default_store().get_variable("Weights", [1])   # the raw store's get-or-create
    assert near_misses(graph()) == []


def test_an_undone_creation_and_a_reset_leave_nothing_behind():
    dense(4, 8)
    with pytest.raises(tf.errors.ShapeMismatchError):
        with tf.get_default_store().atomic():          # all or nothing: the kernel is undone
            with tf.variable_scope("Dense", reuse=tf.AUTO_REUSE):
                tf.get_variable("kernel", [4, 8])
                tf.get_variable("kernel", [2, 2])
    assert tf.get_default_store().get("Dense/kernel") is None
    assert near_misses(graph()) == []
    dense(4, 8, name="Dense")
    assert [m.name for m in near_misses(graph())] == ["Dense/kernel"]
    tf.reset_default_graph()
    assert near_misses(graph()) == []
    dense(4, 8)
    assert near_misses(graph()) == []


def test_scope_explain_shows_the_near_misses_and_the_cost():
    dense(4, 8)
    dense(4, 8, name="Dense")
    text = repr(Explanation(graph().last_error, near_misses(graph())))
    assert text.startswith("No scoping error so far.")
    assert ("AUTO_REUSE also creates a new variable silently when a name is mistyped" in text)
    assert "'Dense/kernel' (made at " in text and "is 'dense/kernel' in another case" in text
    html = Explanation(None, near_misses(graph()))._repr_mimebundle_()["text/html"]
    assert "AUTO_REUSE created variables whose names are close to existing ones" in html
    assert "AUTO_REUSE created" not in repr(Explanation(None, []))


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("weights", "wieghts") == 1
    assert edit_distance("kernel", "kernal") == 1
    assert edit_distance("bias", "biases") == 2
    assert edit_distance("", "abc") == 3
