"""``tf.Graph().as_default()``: a separate graph with its own store, scopes, names and seed."""

import threading

import numpy as np
import pytest

import scopelab as tf


def test_block_gets_its_own_variables_and_leaves_the_default_graph_alone():
    outer = tf.get_variable("v", [1])
    with tf.Graph().as_default() as g:
        assert tf.get_default_graph() is g
        inner = tf.get_variable("v", [1])          # no "already exists": another graph
        assert inner is not outer
        assert tf.global_variables() == [inner]
    assert tf.get_default_graph() is not g
    assert tf.global_variables() == [outer]
    assert g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [inner]


def test_scopes_and_name_scopes_restart_inside_and_resume_after():
    with tf.variable_scope("outer"):
        with tf.name_scope("ops") as ns:
            assert ns == "outer/ops/"
        with tf.Graph().as_default():
            assert tf.get_variable_scope().name == ""
            with tf.name_scope("ops") as inner_ns:
                assert inner_ns == "ops/"
            with tf.variable_scope(None, default_name="outer") as fresh:
                assert fresh.name == "outer"        # the other graph's counters are not shared
        assert tf.get_variable_scope().name == "outer"
        assert tf.get_variable("w", []).name == "outer/w:0"


def test_each_graph_has_its_own_seed():
    tf.set_random_seed(7)
    first = np.asarray(tf.get_variable("a", [8]))
    with tf.Graph().as_default() as g:
        assert g.seed is None
        tf.set_random_seed(7)
        assert g.seed == 7
        again = np.asarray(tf.get_variable("a", [8]))
    np.testing.assert_array_equal(first, again)   # same seed, same creation order, same numbers
    assert tf.get_default_graph().seed == 7


def test_reset_inside_a_nested_graph_is_refused_with_tf_text():
    with tf.Graph().as_default():
        tf.get_variable("kept", [1])
        with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
            tf.reset_default_graph()
        assert [v.name for v in tf.global_variables()] == ["kept:0"]


def test_threads_started_inside_use_the_process_default_graph():
    seen = {}
    with tf.Graph().as_default() as g:
        def worker():
            seen["graph"] = tf.get_default_graph()
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["graph"] is not g                    # TF's graph stack is thread-local


def test_events_go_to_the_graphs_own_store():
    events = []
    unsubscribe = tf.get_default_store().subscribe(lambda e: events.append(e.kind))
    try:
        with tf.Graph().as_default():
            tf.get_variable("x", [1])
    finally:
        unsubscribe()
    assert "created" not in events


def test_graph_offers_tf1_graph_methods():
    g = tf.get_default_graph()
    with g.name_scope("block") as ns:
        assert ns == "block/" and g.get_name_scope() == "block" == tf.get_name_scope()
        assert g.unique_name("MatMul") == "block/MatMul"
        assert g.unique_name("MatMul") == "block/MatMul_1"
        assert g.unique_name("matmul", mark_as_used=False) == "block/matmul_2"   # case-insensitive
        assert g.unique_name("matmul", mark_as_used=False) == "block/matmul_2"   # only asked
    with g.name_scope("block") as again:
        assert again == "block_1/"
    w = tf.get_variable("w", [1])
    g.add_to_collection("mine", 1)
    g.add_to_collections(["mine", "yours"], 2)
    assert g.get_collection("mine") == [1, 2] and g.get_collection_ref("yours") == [2]
    assert g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [w]
    assert set(g.get_all_collection_keys()) >= {"mine", "yours", tf.GraphKeys.GLOBAL_VARIABLES}
    g.clear_collection("mine")
    assert g.get_collection("mine") == [] and "mine" not in g.get_all_collection_keys()
    assert not g.finalized
    g.finalize()                                   # TF1 code calls it; scopelab builds no ops
    assert g.finalized


def test_the_graph_owns_its_store_seed_and_names():
    outer = tf.get_default_graph()
    assert tf.get_default_store().graph is outer
    with tf.Graph().as_default() as g:
        assert tf.get_default_store().graph is g and tf.get_default_store() is not None
        assert tf.get_default_store() is g.component(type(tf.get_default_store()))
        tf.set_random_seed(3)
        with tf.name_scope("x"):
            assert g.unique_name("op") == "x/op"
    assert outer.seed is None and g.seed == 3
    assert outer.unique_name("x", mark_as_used=False) == "x"   # the other graph's names


def test_op_results_are_named_by_the_default_graph_under_the_name_scope():
    v = tf.get_variable("v", [2])
    with tf.name_scope("loss"):
        total = v + 1.0
        again = 1.0 + v
    assert total.name == "loss/add:0" and again.op.name == "loss/add_1"
    assert tf.constant(3.0, name="c").name == "c:0"


def test_reset_bumps_the_generation_and_keeps_the_store_object():
    store = tf.get_default_store()
    graph = tf.get_default_graph()
    generation = graph.generation
    tf.get_variable("v", [1])
    tf.reset_default_graph()
    assert tf.get_default_store() is store and tf.get_default_graph() is graph
    assert graph.generation == generation + 1 and store.variables() == []


def test_created_by_labels_the_variables_made_in_its_block():
    """The core carries a label from the frame into each request and tf.Variable; it knows
    nothing of what the label names (model code sets it)."""
    from scopelab.errors import InvalidArgumentTypeError, ScopeNestingError
    from scopelab.graph import created_by

    def recording_getter(getter, name, *args, **kwargs):
        return getter(name, *args, **kwargs)

    with created_by("outer"):
        with tf.variable_scope("a"):
            single = tf.get_variable("single", [2])
            parted = tf.get_variable("parted", [4, 2],
                                     partitioner=tf.fixed_size_partitioner(2))
        with created_by("inner"):                 # the innermost label wins
            plain = tf.Variable(1.0, name="plain")
            through_getter = tf.get_variable("g", [1], custom_getter=recording_getter)
        with created_by(""):
            cleared = tf.get_variable("cleared", [1])
        after_inner = tf.get_variable("after_inner", [1])
    unlabelled = tf.get_variable("unlabelled", [1])
    assert single.created_by == "outer" and parted.created_by == "outer"
    assert [s.created_by for s in parted] == ["outer", "outer"]
    assert (plain.created_by, through_getter.created_by) == ("inner", "inner")
    assert (cleared.created_by, after_inner.created_by, unlabelled.created_by) == ("", "outer", "")
    with tf.variable_scope("a", reuse=True), created_by("someone else"):
        assert tf.get_variable("single", [2]).created_by == "outer"    # reuse changes nothing
    with pytest.raises(InvalidArgumentTypeError, match="created_by takes a label string"):
        created_by(3)
    label, inner = created_by("x"), tf.name_scope("n")
    label.__enter__()
    inner.__enter__()
    with pytest.raises(ScopeNestingError, match="Improper nesting of created_by"):
        label.__exit__(None, None, None)          # left before the name scope opened inside it
    inner.__exit__(None, None, None)
    label.__exit__(None, None, None)
    assert tf.get_variable("last", [1]).created_by == ""
