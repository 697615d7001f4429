"""Every example of TF1's ``tf.compat.v1.variable_scope`` API doc, run under ``import scopelab as tf``.

The bodies are the documentation's code (spec §1-§2), with the ``# Raises ...`` comments turned into
``pytest.raises`` and the op-name assertions checked through our name-scope emulation.
"""

import threading

import pytest

import scopelab as tf
from scopelab.errors import VariableAlreadyExistsError, VariableNotFoundError


def test_simple_example_of_how_to_create_a_new_variable():
    with tf.compat.v1.variable_scope("foo"):
        with tf.compat.v1.variable_scope("bar"):
            v = tf.compat.v1.get_variable("v", [1])
            assert v.name == "foo/bar/v:0"


def test_basic_example_of_how_variable_scope_names_ops_too():
    with tf.compat.v1.variable_scope("foo"):
        x = 1.0 + tf.compat.v1.get_variable("v", [1])
        assert x.op.name == "foo/add"


def test_simple_example_of_how_to_reenter_a_premade_variable_scope_safely():
    with tf.compat.v1.variable_scope("foo") as vs:
        pass

    # Re-enter the variable scope.
    with tf.compat.v1.variable_scope(vs, auxiliary_name_scope=False) as vs1:
        # Restore the original name_scope.
        with tf.name_scope(vs1.original_name_scope):
            w = tf.compat.v1.get_variable("w", [1])
            assert w.name == "foo/w:0"
            c = tf.constant([1], name="c")
            assert c.name == "foo/c:0"


def test_basic_example_of_sharing_a_variable_with_auto_reuse():
    def foo():
        with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
            v = tf.compat.v1.get_variable("v", [1])
        return v

    v1 = foo()  # Creates v.
    v2 = foo()  # Gets the same, existing v.
    assert v1 == v2
    assert v1 is v2


def test_basic_example_of_sharing_a_variable_with_reuse_true():
    with tf.compat.v1.variable_scope("foo"):
        v = tf.compat.v1.get_variable("v", [1])
    with tf.compat.v1.variable_scope("foo", reuse=True):
        v1 = tf.compat.v1.get_variable("v", [1])
    assert v1 == v


def test_sharing_a_variable_by_capturing_a_scope_and_setting_reuse():
    with tf.compat.v1.variable_scope("foo") as scope:
        v = tf.compat.v1.get_variable("v", [1])
        scope.reuse_variables()
        v1 = tf.compat.v1.get_variable("v", [1])
    assert v1 == v


def test_getting_an_existing_variable_without_reuse_raises():
    with tf.compat.v1.variable_scope("foo"):
        v = tf.compat.v1.get_variable("v", [1])
        with pytest.raises(ValueError, match="v already exists") as info:
            v1 = tf.compat.v1.get_variable("v", [1])  # noqa: F841 - as TF's docs write it
    assert isinstance(info.value, VariableAlreadyExistsError)
    assert info.value.name == "foo/v"
    assert v.name == "foo/v:0"


def test_getting_a_missing_variable_in_reuse_mode_raises():
    with tf.compat.v1.variable_scope("foo", reuse=True):
        with pytest.raises(ValueError, match="v does not exist") as info:
            tf.compat.v1.get_variable("v", [1])
    assert isinstance(info.value, VariableNotFoundError)


def test_reuse_is_inherited_by_sub_scopes():
    with tf.compat.v1.variable_scope("root"):
        with tf.compat.v1.variable_scope("foo"):
            tf.compat.v1.get_variable("v", [1])
    with tf.compat.v1.variable_scope("root", reuse=True):
        with tf.compat.v1.variable_scope("foo") as foo_scope:
            assert foo_scope.reuse is True
            assert tf.compat.v1.get_variable("v", [1]).name == "root/foo/v:0"


def test_default_name_counters_restart_after_reentering_the_parent_by_object():
    # "Uses bar instead of bar_2!"
    with tf.compat.v1.variable_scope("foo") as vs:
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            a = tf.compat.v1.get_variable("a", [1])
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            b = tf.compat.v1.get_variable("b", [1])
    with tf.compat.v1.variable_scope(vs):
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            c = tf.compat.v1.get_variable("c", [1])
    assert (a.name, b.name, c.name) == ("foo/bar/a:0", "foo/bar_1/b:0", "foo/bar/c:0")


def test_multi_threaded_use_captures_the_main_scope():
    results = {}
    with tf.compat.v1.variable_scope("main"):
        main_thread_scope = tf.compat.v1.get_variable_scope()

        # Thread's target function:
        def thread_target_fn(captured_scope):
            with tf.compat.v1.variable_scope(captured_scope):
                results["inside"] = tf.compat.v1.get_variable("v", [1]).name
            results["outside"] = tf.compat.v1.get_variable_scope().name

        thread = threading.Thread(target=thread_target_fn, args=(main_thread_scope,))
        thread.start()
        thread.join()
    assert results == {"inside": "main/v:0", "outside": ""}


def test_another_thread_cannot_create_a_variable_twice_without_reuse():
    errors = []
    with tf.compat.v1.variable_scope("foo"):
        tf.compat.v1.get_variable("v", [1])

    def worker():
        try:
            with tf.compat.v1.variable_scope("foo"):
                tf.compat.v1.get_variable("v", [1])
        except ValueError as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert len(errors) == 1 and isinstance(errors[0], VariableAlreadyExistsError)


def test_reuse_false_is_the_same_as_none():
    with tf.compat.v1.variable_scope("foo", reuse=True):
        with tf.compat.v1.variable_scope("bar", reuse=False) as bar:
            assert bar.reuse is True     # inherited; False cannot switch reuse off


def test_ops_are_uniquified_while_variables_are_shared():
    with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
        with tf.name_scope("op") as first:
            v = tf.compat.v1.get_variable("v", [1])
    with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
        with tf.name_scope("op") as second:
            v1 = tf.compat.v1.get_variable("v", [1])
    assert v1 is v
    assert (first, second) == ("foo/op/", "foo_1/op/")
