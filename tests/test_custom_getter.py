"""Custom getters: port of ``VariableScopeWithCustomGetterTest`` plus spec §7 / §12 rule 14."""

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import CustomGetterError
from scopelab.store import get_default_store


def test_non_callable_getter_fails_at_get_variable_time():           # testNonCallableGetterFails
    with pytest.raises(ValueError, match=r"custom_getter .* not callable:") as info:
        with tf.variable_scope("scope0", custom_getter=3):
            tf.get_variable("name0")
    assert isinstance(info.value, CustomGetterError)
    with pytest.raises(ValueError, match=r"custom_getter .* not callable:"):
        tf.get_variable("name0", custom_getter=3)
    assert get_default_store().variables() == []


def test_identity_getter_has_no_side_effects():           # testNoSideEffectsWithIdentityCustomGetter
    called = [0]

    def custom_getter(getter, *args, **kwargs):
        called[0] += 1
        return getter(*args, **kwargs)

    with tf.variable_scope("scope", custom_getter=custom_getter) as scope:
        v = tf.get_variable("v", [1])
    with tf.variable_scope(scope, reuse=True):
        v2 = tf.get_variable("v", [1])
    with tf.variable_scope("new_scope") as new_scope:
        v3 = tf.get_variable("v3", [1])
    with tf.variable_scope(new_scope, reuse=True, custom_getter=custom_getter):
        v4 = tf.get_variable("v3", [1])
    assert v is v2 and v3 is v4
    assert called[0] == 3       # the plain creation in new_scope did not call it


def test_getter_sees_synchronization_and_aggregation():   # testSynchronizationAndAggregation...
    seen = []

    def custom_getter(getter, *args, **kwargs):
        seen.append(kwargs)
        return getter(*args, **kwargs)

    with tf.variable_scope("scope", custom_getter=custom_getter):
        tf.get_variable("v", [1])
    assert seen[-1]["synchronization"] is tf.VariableSynchronization.AUTO
    assert seen[-1]["aggregation"] is tf.VariableAggregation.NONE
    with tf.variable_scope("scope", custom_getter=custom_getter):
        tf.get_variable("v2", [1], synchronization=tf.VariableSynchronization.ON_READ,
                        aggregation=tf.VariableAggregation.MEAN)
    assert seen[-1]["synchronization"] is tf.VariableSynchronization.ON_READ
    assert seen[-1]["aggregation"] is tf.VariableAggregation.MEAN


def test_getter_sees_reuse_and_its_result_is_returned():             # testCustomGetterWithReuse
    def custom_getter(getter, name, *args, **kwargs):
        variable = getter(name, *args, **kwargs)
        return ("reused" if kwargs["reuse"] else "not_reused", variable)

    with tf.variable_scope("scope", custom_getter=custom_getter) as scope:
        tag, v = tf.get_variable("v", [1])
    with tf.variable_scope(scope, reuse=True):
        tag2, v2 = tf.get_variable("v", [1])
    assert (tag, tag2) == ("not_reused", "reused")
    assert v is v2


def test_getter_that_creates_two_variables_and_sums_them():   # testGetterThatCreatesTwoVariables...
    def custom_getter(getter, name, *args, **kwargs):
        g_0 = getter("%s/0" % name, *args, **kwargs)
        g_1 = getter("%s/1" % name, *args, **kwargs)
        return g_0 + g_1

    with tf.variable_scope("scope", custom_getter=custom_getter):
        v = tf.get_variable("v", [1, 2, 3])
    assert v.get_shape().as_list() == [1, 2, 3]
    true_vars = tf.trainable_variables()
    assert [t.name for t in true_vars] == ["scope/v/0:0", "scope/v/1:0"]
    np.testing.assert_allclose(np.asarray(v), np.asarray(true_vars[0]) + np.asarray(true_vars[1]))


def test_nested_custom_getters_run_innermost_first():                  # testNestedCustomGetters
    def sum_getter(getter, name, *args, **kwargs):
        g_0 = getter("%s/sum_0" % name, *args, **kwargs)
        g_1 = getter("%s/sum_1" % name, *args, **kwargs)
        return g_0 + g_1

    def prod_getter(getter, name, *args, **kwargs):
        g_0 = getter("%s/prod_0" % name, *args, **kwargs)
        g_1 = getter("%s/prod_1" % name, *args, **kwargs)
        return g_0 * g_1

    with tf.variable_scope("prod_scope", custom_getter=prod_getter):
        with tf.variable_scope("sum_scope", custom_getter=sum_getter):
            with tf.variable_scope("inner_sum_scope", custom_getter=sum_getter):
                v = tf.get_variable("v", [1, 2, 3])
    assert v.get_shape().as_list() == [1, 2, 3]
    true_vars = tf.trainable_variables()
    template = "prod_scope/sum_scope/inner_sum_scope/v/sum_%d/sum_%d/prod_%d:0"
    expected = [template % (i, j, k) for i in (0, 1) for j in (0, 1) for k in (0, 1)]
    assert [t.name for t in true_vars] == expected
    x = [np.asarray(t) for t in true_vars]
    np.testing.assert_allclose(
        np.asarray(v), (x[0] * x[1] + x[2] * x[3]) + (x[4] * x[5] + x[6] * x[7]), rtol=1e-6)


def test_getter_gets_keyword_arguments_only_with_full_name_and_resolved_defaults():
    calls = []
    init = tf.constant_initializer(0.5)

    def getter_spy(getter, *args, **kwargs):
        calls.append((args, kwargs))
        return getter(*args, **kwargs)

    with tf.variable_scope("outer", initializer=init, custom_getter=getter_spy):
        tf.get_variable("w", [2])
    args, kwargs = calls[0]
    assert args == ()
    assert kwargs["name"] == "outer/w"
    assert kwargs["dtype"] == tf.float32 and kwargs["initializer"] is init
    assert kwargs["reuse"] is False and kwargs["trainable"] is True
    assert set(kwargs) >= {"shape", "regularizer", "collections", "caching_device",
                           "partitioner", "validate_shape", "use_resource"}


def test_constraint_is_passed_only_to_getters_that_accept_it():
    constraint = lambda v: v
    seen = {}

    def without(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
                reuse=None, trainable=None, collections=None, caching_device=None,
                partitioner=None, validate_shape=True, use_resource=None, synchronization=None,
                aggregation=None):
        seen["without"] = True
        return getter(name, shape=shape, dtype=dtype)

    def with_constraint(getter, name, constraint=None, **kwargs):
        seen["with"] = constraint
        return getter(name, constraint=constraint, **kwargs)

    tf.get_variable("a", [1], custom_getter=without, constraint=constraint)
    b = tf.get_variable("b", [1], custom_getter=with_constraint, constraint=constraint)
    assert seen == {"without": True, "with": constraint}
    assert b.constraint is constraint


def test_explicit_getter_replaces_the_scope_getter():
    order = []

    def scope_getter(getter, *args, **kwargs):
        order.append("scope")
        return getter(*args, **kwargs)

    def call_getter(getter, *args, **kwargs):
        order.append("call")
        return getter(*args, **kwargs)

    with tf.variable_scope("s", custom_getter=scope_getter):
        tf.get_variable("v", [1], custom_getter=call_getter)
    assert order == ["call"]


def test_set_custom_getter_replaces_without_chaining():
    order = []

    def first(getter, *args, **kwargs):
        order.append("first")
        return getter(*args, **kwargs)

    def second(getter, *args, **kwargs):
        order.append("second")
        return getter(*args, **kwargs)

    with tf.variable_scope("s", custom_getter=first) as scope:
        scope.set_custom_getter(second)
        tf.get_variable("v", [1])
    assert order == ["second"]


def test_reentered_scope_wraps_the_captured_getter():
    order = []

    def make(tag):
        def getter_fn(getter, *args, **kwargs):
            order.append(tag)
            return getter(*args, **kwargs)
        return getter_fn

    with tf.variable_scope("captured", custom_getter=make("captured")) as captured:
        pass
    with tf.variable_scope("other", custom_getter=make("other")):
        with tf.variable_scope(captured, custom_getter=make("inner")):
            tf.get_variable("v", [1])
    assert order == ["inner", "captured"]          # "other" is not in the chain


def test_non_callable_getter_nested_under_a_callable_one_is_reported():
    def outer(getter, *args, **kwargs):
        return getter(*args, **kwargs)

    with tf.variable_scope("a", custom_getter=outer):
        with tf.variable_scope("b", custom_getter="nope"):
            with pytest.raises(CustomGetterError, match="not callable: nope"):
                tf.get_variable("v", [1])
    assert get_default_store().variables() == []


def test_getter_can_change_the_initializer():
    def ones_getter(getter, *args, **kwargs):
        kwargs["initializer"] = tf.ones_initializer()
        return getter(*args, **kwargs)

    v = tf.get_variable("v", [3], custom_getter=ones_getter)
    np.testing.assert_array_equal(np.asarray(v), [1, 1, 1])


def test_a_getter_failing_after_creating_a_variable_leaves_nothing():
    def two_parts(getter, name, *args, **kwargs):
        first = getter(name + "/0", *args, **kwargs)
        kwargs["shape"] = [7]                       # the second part is asked with a bad shape
        second = getter(name + "/0", *args, **kwargs)
        return first + second

    store = get_default_store()

    def state():
        return (store.variables(), store.collection_keys(),
                {k: store.get_collection(k) for k in store.collection_keys()},
                tf.get_default_graph().op_names())

    keep = tf.get_variable("keep", [1], regularizer=lambda v: tf.reduce_sum(v))
    events = []
    with tf.variable_scope("s", custom_getter=two_parts,
                           regularizer=lambda v: tf.reduce_sum(v), reuse=tf.AUTO_REUSE):
        before = state()
        store.subscribe(events.append)
        with pytest.raises(ValueError, match="Trying to share variable s/v/0"):
            tf.get_variable("v", [2])
        assert state() == before and store.get("s/v/0") is None
    assert [e.kind for e in events] == ["created", "rollback", "error"]
    assert store.last_error.name == "s/v"
    assert keep in tf.global_variables()


def test_a_getter_failing_with_a_partitioned_part_rolls_back_the_container():
    def parted(getter, name, *args, **kwargs):
        kwargs["partitioner"] = tf.fixed_size_partitioner(2)
        getter(name + "/p", *args, **kwargs)
        raise RuntimeError("getter gave up")

    store = get_default_store()
    with pytest.raises(RuntimeError, match="getter gave up"):
        tf.get_variable("v", [4, 2], custom_getter=parted)
    assert store.variables() == [] and store.partitioned_variables() == []
    assert store.collection_keys() == [] and tf.get_default_graph().op_names() == {}
