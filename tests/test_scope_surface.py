"""The public TF1 surface: ``__all__``, ``tf.compat.v1``, a light import, the default-graph facade."""

import subprocess
import sys

import pytest

import scopelab as tf
from scopelab.store import VariableStore


def test_every_public_name_resolves():
    missing = [name for name in tf.__all__ if not hasattr(tf, name)]
    assert missing == []
    assert len(tf.__all__) == len(set(tf.__all__))


def test_compat_v1_is_the_same_surface():
    assert tf.compat.v1 is tf
    assert tf.compat.v1.variable_scope is tf.variable_scope
    with pytest.raises(AttributeError):
        tf.compat.v2  # noqa: B018 - the lookup is what raises


def test_import_stays_light():
    code = ("import sys, scopelab\n"
            "heavy = [m for m in ('numba', 'IPython', 'ipywidgets', 'anywidget') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_scope_get_variable_with_an_explicit_store():
    store = VariableStore()
    with tf.variable_scope("s") as scope:
        v = scope.get_variable(store, "v", [1])
        assert scope.get_variable(store, "v", [1], reuse=True) is v
    assert v.name == "s/v:0" and store.variables() == [v]
    assert tf.get_default_store().variables() == []


def test_default_graph_facade():
    graph = tf.get_default_graph()
    with graph.as_default() as same:
        assert same is graph
    v = tf.get_variable("v", [1])
    assert graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v]
    graph.add_to_collection("k", 1)
    assert graph.get_collection_ref("k") == [1]
    graph.clear_collection("k")
    assert graph.get_collection("k") == []
    with tf.name_scope("a"):
        assert graph.get_name_scope() == "a"
        assert graph.unique_name("op") == "a/op"
        assert graph.unique_name("op") == "a/op_1"
        assert graph.unique_name("op", mark_as_used=False) == "a/op_2"


def test_set_random_seed_is_reset_with_the_graph():
    from scopelab import random_seed
    tf.set_random_seed(5)
    assert random_seed.get_graph_seed() == 5
    tf.reset_default_graph()
    assert random_seed.get_graph_seed() is None


def test_graph_seed_makes_unseeded_initializers_repeatable():
    def build():
        tf.reset_default_graph()
        tf.set_random_seed(11)
        return tf.get_variable("v", [5]).numpy()

    first, second = build(), build()
    assert (first == second).all()


def test_get_variable_scope_is_per_context_and_root_is_reusable_object():
    root = tf.get_variable_scope()
    assert root.name == "" and root.reuse is False and root.original_name_scope == ""
    with tf.variable_scope("x"):
        assert tf.get_variable_scope() is not root
    assert tf.get_variable_scope() is root
