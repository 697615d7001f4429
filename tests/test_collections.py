"""Collections (spec §5): membership rules of get_variable, scope filters, the public helpers."""

import pytest

import scopelab as tf
from scopelab.errors import InvalidArgumentError

GLOBAL = tf.GraphKeys.GLOBAL_VARIABLES
TRAINABLE = tf.GraphKeys.TRAINABLE_VARIABLES
LOCAL = tf.GraphKeys.LOCAL_VARIABLES


def names(items):
    return [v.name for v in items]


def test_scope_get_collection_filters_by_prefix_with_slash():            # testGetCollection
    tf.get_variable("testGetCollection_a", [])
    tf.get_variable("testGetCollection_b", [], trainable=False)
    with tf.variable_scope("testGetCollection_foo_") as scope1:
        tf.get_variable("testGetCollection_a", [])
        tf.get_variable("testGetCollection_b", [], trainable=False)
        assert names(scope1.get_collection(TRAINABLE)) == [
            "testGetCollection_foo_/testGetCollection_a:0"]
        assert names(scope1.get_collection(GLOBAL)) == [
            "testGetCollection_foo_/testGetCollection_a:0",
            "testGetCollection_foo_/testGetCollection_b:0"]
    with tf.variable_scope("testGetCollection_foo") as scope2:
        tf.get_variable("testGetCollection_a", [])
        tf.get_variable("testGetCollection_b", [], trainable=False)
        assert names(scope2.get_collection(TRAINABLE)) == [
            "testGetCollection_foo/testGetCollection_a:0"]
        assert names(scope2.get_collection(GLOBAL)) == [
            "testGetCollection_foo/testGetCollection_a:0",
            "testGetCollection_foo/testGetCollection_b:0"]
    scope = tf.get_variable_scope()
    assert names(scope.get_collection(GLOBAL)) == [
        "testGetCollection_a:0", "testGetCollection_b:0",
        "testGetCollection_foo_/testGetCollection_a:0",
        "testGetCollection_foo_/testGetCollection_b:0",
        "testGetCollection_foo/testGetCollection_a:0",
        "testGetCollection_foo/testGetCollection_b:0"]
    assert names(scope.get_collection(TRAINABLE)) == [
        "testGetCollection_a:0", "testGetCollection_foo_/testGetCollection_a:0",
        "testGetCollection_foo/testGetCollection_a:0"]


def test_trainable_default_follows_synchronization():       # testGetTrainableVariablesWithGetVariable
    with tf.variable_scope("scope0") as scope0:
        tf.get_variable("testGetTrainableVariables_a", [])
        with tf.variable_scope("scope1") as scope1:
            tf.get_variable("testGetTrainableVariables_b", [])
            tf.get_variable("testGetTrainableVariables_c", [], trainable=False)
            tf.get_variable("testGetTrainableVariables_d", [],
                            synchronization=tf.VariableSynchronization.ON_READ)
            tf.get_variable("testGetTrainableVariables_e", [],
                            synchronization=tf.VariableSynchronization.ON_READ, trainable=True)
            tf.get_variable("testGetTrainableVariables_f", [],
                            synchronization=tf.VariableSynchronization.ON_WRITE)
            assert names(scope1.trainable_variables()) == [
                "scope0/scope1/testGetTrainableVariables_b:0",
                "scope0/scope1/testGetTrainableVariables_e:0",
                "scope0/scope1/testGetTrainableVariables_f:0"]
        assert names(scope0.trainable_variables()) == [
            "scope0/testGetTrainableVariables_a:0",
            "scope0/scope1/testGetTrainableVariables_b:0",
            "scope0/scope1/testGetTrainableVariables_e:0",
            "scope0/scope1/testGetTrainableVariables_f:0"]


def test_synchronization_and_aggregation_given_as_tf_values_are_the_members():
    """TF converts ``synchronization=3`` to ON_READ (so not trainable) and ``aggregation=1`` to
    SUM; recorded with TF 2.15's ``tf.compat.v1.get_variable`` (graph mode): False, ON_READ, not
    in TRAINABLE_VARIABLES, SUM. The true getter used to keep the raw ints."""
    v = tf.get_variable("v", [1], synchronization=3)
    a = tf.get_variable("a", [1], aggregation=1)
    assert v.trainable is False and v.synchronization is tf.VariableSynchronization.ON_READ
    assert v not in tf.trainable_variables() and a in tf.trainable_variables()
    assert a.aggregation is tf.VariableAggregation.SUM


def test_scope_global_variables():                                       # testGetGlobalVariables
    with tf.variable_scope("scope0") as scope0:
        tf.get_variable("testGetGlobalVariables_a", [])
        with tf.variable_scope("scope1"):
            tf.get_variable("testGetGlobalVariables_b", [])
            assert names(scope0.global_variables()) == [
                "scope0/testGetGlobalVariables_a:0", "scope0/scope1/testGetGlobalVariables_b:0"]


def test_scope_local_variables():                                         # testGetLocalVariables
    with tf.variable_scope("scope0") as scope0:
        tf.get_variable("a", [], collections=[LOCAL])
        with tf.variable_scope("scope1") as scope1:
            tf.get_variable("b", [], collections=[LOCAL])
            assert names(scope1.local_variables()) == ["scope0/scope1/b:0"]
        assert names(scope0.local_variables()) == ["scope0/a:0", "scope0/scope1/b:0"]


def test_collections_argument_replaces_the_default():    # testEagerVariablesStoreAddsToCollections
    trainable = tf.get_variable("v1", [], trainable=True)
    not_trainable = tf.get_variable("v2", [], trainable=False)
    concat = tf.get_variable("v3", [], collections=[tf.GraphKeys.CONCATENATED_VARIABLES])
    assert tf.get_collection(GLOBAL) == [trainable, not_trainable]
    assert tf.get_collection(TRAINABLE) == [trainable, concat]
    assert tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES) == [concat]
    assert concat.collections == (tf.GraphKeys.CONCATENATED_VARIABLES, TRAINABLE)


def test_model_variables_only_when_listed():
    plain = tf.get_variable("plain", [])
    model = tf.get_variable("model", [], collections=[GLOBAL, tf.GraphKeys.MODEL_VARIABLES])
    assert tf.model_variables() == [model]
    assert tf.global_variables() == [plain, model]


def test_module_level_scope_filters_use_re_match():
    a = tf.get_variable("a.b/v", [])
    x = tf.get_variable("axb/v", [])
    tf.get_variable("z/a.b/v", [])
    assert tf.global_variables("a.b") == [a, x]            # '.' is a regex wildcard, unescaped
    assert tf.trainable_variables(scope="axb") == [x]
    assert tf.global_variables("b") == []                   # match, not search
    assert tf.all_variables() == tf.global_variables()


def test_get_local_variable_is_local_only_and_not_trainable():
    v = tf.get_local_variable("v", [])
    assert tf.local_variables() == [v]
    assert tf.global_variables() == [] and tf.trainable_variables() == []
    assert v.trainable is False


def test_get_local_variable_does_not_mutate_the_callers_list():
    mine = ["extra"]
    v = tf.get_local_variable("v", [], collections=mine)
    assert mine == ["extra"]
    assert tf.get_collection("extra") == [v] and tf.local_variables() == [v]


def test_add_to_collection_and_copies():
    tf.add_to_collection("things", 1)
    tf.add_to_collections(["things", "more"], 2)
    assert tf.get_collection("things") == [1, 2]
    assert tf.get_collection("more") == [2]
    got = tf.get_collection("things")
    got.append(99)
    assert tf.get_collection("things") == [1, 2]
    ref = tf.get_collection_ref("things")
    ref.append(3)
    assert tf.get_collection("things") == [1, 2, 3]
    assert tf.get_collection("things", scope="x") == []     # items without .name are skipped
    assert tf.get_collection("never") == []
    assert "things" in tf.get_default_graph().get_all_collection_keys()


def test_duplicate_collection_keys_add_the_variable_once():
    v = tf.get_variable("v", [], collections=[GLOBAL, GLOBAL, "x"])
    assert tf.global_variables() == [v] and tf.get_collection("x") == [v]


def test_tuple_and_set_collections_are_accepted():
    v = tf.get_variable("v", [], collections=(GLOBAL,))
    w = tf.get_variable("w", [], collections={"only"})
    assert tf.global_variables() == [v] and tf.get_collection("only") == [w]


def test_collections_must_be_a_list_tuple_or_set():
    with pytest.raises(ValueError, match="collections argument to Variable constructor must be a "
                                         "list, tuple, or set. Got foo of type") as info:
        tf.get_variable("v", [], collections="foo")
    assert isinstance(info.value, InvalidArgumentError)
    assert tf.get_default_store().variables() == []


def test_regularization_losses_collection_and_scope_filter():
    reg = lambda v: tf.reduce_sum(v) + 1.0
    with tf.variable_scope("a", regularizer=reg):
        tf.get_variable("v", [2], initializer=tf.zeros_initializer())
    with tf.variable_scope("b", regularizer=reg):
        tf.get_variable("v", [2], initializer=tf.ones_initializer())
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [loss.name for loss in losses] == ["a/v/Regularizer/loss:0", "b/v/Regularizer/loss:0"]
    assert [float(x) for x in tf.losses.get_regularization_losses(scope="b")] == [3.0]
    assert float(tf.losses.get_regularization_loss()) == pytest.approx(4.0)
    assert float(tf.losses.get_regularization_loss(scope="nothing")) == 0.0


def test_losses_none_from_regularizer_adds_nothing():
    tf.get_variable("v", [], regularizer=lambda v: None)
    assert tf.get_regularization_losses() == []
