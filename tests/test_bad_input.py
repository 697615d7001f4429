"""Bad input to every public entry point: a clear error (class + key phrase) and no trace in the store.

``snapshot()`` captures everything a failed call could leave behind: variables, shards, containers,
collections (losses included), the graph's op names in use, the default-name counters of this
thread, the store version and the current scope.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import scopelab as tf
from scopelab import errors
from scopelab.graph import get_default_graph
from scopelab.scope import default_name_counts
from scopelab.store import get_default_store


def snapshot():
    store = get_default_store()
    return {
        "vars": [(v.full_name, id(v)) for v in store.variables()],
        "partitioned": [pv.name for pv in store.partitioned_variables()],
        "collections": {k: [id(x) for x in store.get_collection(k)]
                        for k in store.collection_keys()},
        "names_in_use": get_default_graph().op_names(),
        "counts": default_name_counts(),
        "scope": tf.get_variable_scope().name,
        "name_stack": tf.get_name_scope(),
        "version": store.version,
    }


@pytest.fixture
def populated():
    """A store with something in it, so 'unchanged' is not trivially 'empty'."""
    with tf.variable_scope("base", regularizer=lambda v: tf.reduce_sum(v)):
        tf.get_variable("w", [2, 3])
        tf.get_variable("p", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    with tf.variable_scope(None, default_name="auto"):
        pass
    return snapshot()


def check(call, error_class, phrase, before):
    with pytest.raises(error_class, match=phrase) as info:
        call()
    assert snapshot() == before, "a failed call changed the store"
    assert isinstance(info.value, errors.ScopelabError)
    return info.value


# --- get_variable: names ------------------------------------------------------------------------------
@pytest.mark.parametrize("name,phrase", [
    ("", "is not a valid scope name"),
    ("v:0", "Drop the ':0' suffix"),
    ("has space", "is not a valid scope name"),
    ("_leading", "is not a valid scope name"),
    ("trailing/", "must not end with '/'"),
])
def test_get_variable_bad_names(populated, name, phrase):
    check(lambda: tf.get_variable(name, [1]), errors.InvalidScopeNameError, phrase, populated)


def test_get_variable_name_not_a_string(populated):
    check(lambda: tf.get_variable(3, [1]), errors.InvalidArgumentTypeError,
          "A variable name must be a string, got int 3", populated)


# --- get_variable: shapes and dtypes ------------------------------------------------------------------
@pytest.mark.parametrize("shape,cls,phrase", [
    ([-1, 2], errors.InvalidArgumentError, "invalid shape"),
    ([1.5], errors.InvalidArgumentTypeError, "invalid shape"),
    ("3,4", errors.InvalidArgumentTypeError, "invalid shape"),
    ([[1, 2]], errors.InvalidArgumentTypeError, "invalid shape"),
])
def test_get_variable_bad_shapes(populated, shape, cls, phrase):
    check(lambda: tf.get_variable("new", shape), cls, phrase, populated)


@pytest.mark.parametrize("dtype", ["floaty", object, 3.5])
def test_get_variable_bad_dtypes(populated, dtype):
    check(lambda: tf.get_variable("new", [1], dtype=dtype), errors.InvalidArgumentTypeError,
          "Cannot convert", populated)


def test_get_variable_complex_without_initializer(populated):
    check(lambda: tf.get_variable("new", [2], dtype=tf.complex64), errors.InitializerError,
          "An initializer for variable new of <dtype: 'complex64'> is required", populated)


def test_get_variable_missing_shape(populated):
    check(lambda: tf.get_variable("new"), errors.InitializerError,
          "The initializer passed is not valid", populated)


# --- reuse values ----------------------------------------------------------------------------------
@pytest.mark.parametrize("reuse", [1, 0, "yes", "True", [True]])
def test_variable_scope_bad_reuse_values(populated, reuse):
    check(lambda: tf.variable_scope("s", reuse=reuse), errors.InvalidReuseError,
          r"The reuse parameter must be True or False or None\.", populated)


def test_reuse_is_not_a_get_variable_argument(populated):
    with pytest.raises(TypeError, match="reuse"):
        tf.get_variable("w", [2, 3], reuse=True)
    assert snapshot() == populated


# --- reuse errors leave nothing -------------------------------------------------------------------
def test_existing_and_missing_and_mismatches(populated):
    with tf.variable_scope("base"):
        before = snapshot()
        check(lambda: tf.get_variable("w", [2, 3]), errors.VariableAlreadyExistsError,
              "already exists, disallowed", before)
    with tf.variable_scope("base", reuse=True):
        before = snapshot()
        check(lambda: tf.get_variable("nope", [1]), errors.VariableNotFoundError,
              "does not exist", before)
        check(lambda: tf.get_variable("w", [3, 2]), errors.ShapeMismatchError,
              r"specified shape \(3, 2\) and found shape \(2, 3\)", before)
        check(lambda: tf.get_variable("w", [2, 3], dtype=tf.float16), errors.DtypeMismatchError,
              "specified dtype float16 and found dtype float32", before)


# --- partitioners ------------------------------------------------------------------------------------
@pytest.mark.parametrize("output,phrase", [
    (5, "Partitioner must return a sequence, but saw: 5"),
    (np.array([2, 1]), "Partitioner must return a sequence"),
    ([2], "does not match the Variable's rank"),
    ([0, 1], "zero partitions"),
    ([2, 2], "Can only slice a variable along one dimension"),
    ([9, 1], "a shard would be empty"),
])
def test_bad_partitioner_outputs(populated, output, phrase):
    check(lambda: tf.get_variable("new", [4, 2], partitioner=lambda **kw: output),
          errors.PartitionerError, phrase, populated)


def test_non_callable_partitioner(populated):
    check(lambda: tf.get_variable("new", [4, 2], partitioner=3), errors.PartitionerError,
          "Partitioner must be callable, but received: 3", populated)


def test_partitioner_needs_full_shape(populated):
    check(lambda: tf.get_variable("new", [None, 2], partitioner=tf.fixed_size_partitioner(2)),
          errors.PartitionerError, "must be fully defined", populated)


# --- initializers ------------------------------------------------------------------------------------
def test_initializer_output_of_wrong_shape(populated):
    check(lambda: tf.get_variable("new", [2, 2], initializer=lambda shape, dtype=None: np.zeros(3)),
          errors.InitializerError, r"expected shape \(2, 2\), got \(3,\)", populated)


def test_initializer_output_of_wrong_dtype(populated):
    check(lambda: tf.get_variable("new", [2], dtype=tf.int32,
                                  initializer=lambda shape, dtype=None: np.full(shape, 0.5)),
          errors.InitializerError, "expected int32", populated)


def test_initializer_output_not_numbers(populated):
    check(lambda: tf.get_variable("new", [2], initializer=lambda shape, dtype=None: object()),
          errors.InitializerTypeError, "not an array of numbers", populated)


def test_initializer_with_wrong_signature(populated):
    check(lambda: tf.get_variable("new", [2], initializer=lambda: 1.0),
          errors.InitializerTypeError, r"cannot be called as init\(shape, dtype=...\)", populated)


def test_initializer_that_raises_leaves_nothing(populated):
    def broken(shape, dtype=None, partition_info=None):
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError):
        tf.get_variable("new", [2], initializer=broken)
    assert snapshot() == populated


def test_constant_with_shape_and_unconvertible_constant(populated):
    check(lambda: tf.get_variable("new", [2], initializer=[1.0, 2.0]), errors.InitializerError,
          "If initializer is a constant, do not specify shape.", populated)
    check(lambda: tf.get_variable("new", initializer={"a": 1}), errors.InitializerTypeError,
          "Cannot convert an initializer of type dict", populated)
    check(lambda: tf.get_variable("new", initializer=[1, 2], dtype=tf.int64),
          errors.InitializerError, "don't match", populated)


# --- collections, regularizers, constraints, getters, sync/aggregation, trainable ---------------------
def test_collections_not_a_list(populated):
    check(lambda: tf.get_variable("new", [1], collections="mine"), errors.InvalidArgumentError,
          "must be a list, tuple, or set", populated)
    check(lambda: tf.get_variable("new", [1], collections=[["unhashable"]]),
          errors.InvalidArgumentTypeError, "hashable", populated)


def test_regularizer_not_callable_or_returning_junk(populated):
    check(lambda: tf.get_variable("new", [1], regularizer=0.1), errors.InvalidArgumentError,
          "must be callable", populated)
    check(lambda: tf.get_variable("new", [1], regularizer=lambda v: "loss"),
          errors.InvalidArgumentError, "returned str, not a number", populated)


def test_constraint_not_callable(populated):
    check(lambda: tf.get_variable("new", [1], constraint="clip"), errors.InvalidArgumentError,
          "The `constraint` argument must be a callable.", populated)


def test_non_callable_getters(populated):
    check(lambda: tf.get_variable("new", [1], custom_getter="getter"), errors.CustomGetterError,
          "Passed a custom_getter which is not callable: getter", populated)
    with tf.variable_scope("g", custom_getter=42):
        before = snapshot()
        check(lambda: tf.get_variable("new", [1]), errors.CustomGetterError,
              "not callable: 42", before)


def test_bad_synchronization_aggregation_trainable(populated):
    check(lambda: tf.get_variable("new", [1], synchronization=9), errors.InvalidArgumentError,
          "Invalid variable synchronization mode: 9 for variable: new", populated)
    check(lambda: tf.get_variable("new", [1], aggregation="avg"), errors.InvalidArgumentError,
          "Invalid variable aggregation mode: avg for variable: new", populated)
    check(lambda: tf.get_variable("new", [1], trainable="yes"), errors.InvalidArgumentTypeError,
          "trainable must be True, False or None", populated)


# --- variable_scope / name_scope / device ---------------------------------------------------------
@pytest.mark.parametrize("kwargs,cls,phrase", [
    (dict(name_or_scope=None), errors.InvalidScopeArgumentError,
     "If default_name is None then name_or_scope is required"),
    (dict(name_or_scope="s", auxiliary_name_scope=1), errors.InvalidScopeArgumentError,
     "The auxiliary_name_scope must be `True` or `False`, while get 1"),
    (dict(name_or_scope=None, default_name=3), errors.InvalidScopeArgumentError,
     "default_name must be a string"),
    (dict(name_or_scope="s", regularizer=0.5), errors.InvalidScopeArgumentError,
     "regularizer of a variable_scope must be callable"),
    (dict(name_or_scope="s", constraint=0.5), errors.InvalidScopeArgumentError,
     "constraint of a variable_scope must be callable"),
    (dict(name_or_scope="s", dtype="floaty"), errors.InvalidScopeArgumentError, "Cannot convert"),
    (dict(name_or_scope="s", use_resource="yes"), errors.InvalidScopeArgumentError,
     "use_resource must be True, False or None"),
])
def test_variable_scope_bad_arguments(populated, kwargs, cls, phrase):
    check(lambda: tf.variable_scope(**kwargs), cls, phrase, populated)


@pytest.mark.parametrize("target,cls,phrase", [
    (42, errors.InvalidScopeArgumentError, "name_or_scope must be a string or VariableScope"),
    ("_bad", errors.InvalidScopeNameError, "'_bad' is not a valid scope name"),
    ("bad name", errors.InvalidScopeNameError, "'bad name' is not a valid scope name"),
])
def test_variable_scope_bad_names_on_enter(populated, target, cls, phrase):
    def enter():
        with tf.variable_scope(target):
            pass
    check(enter, cls, phrase, populated)


def test_nested_scope_name_rules_and_default_name_with_reuse(populated):
    with tf.variable_scope("outer"):
        before = snapshot()
        with tf.variable_scope("_ok_when_nested") as scope:
            assert scope.name == "outer/_ok_when_nested"

        def enter(name):
            with tf.variable_scope(name):
                pass
        check(lambda: enter("a:b"), errors.InvalidScopeNameError, "is not a valid scope name",
              snapshot())
    with pytest.raises(errors.InvalidReuseError):
        with tf.variable_scope(None, default_name="d", reuse=True):
            pass
    assert before["counts"] != {}   # sanity: counters exist and were compared above


def test_name_scope_bad_input(populated):
    def enter(name):
        with tf.name_scope(name):
            pass
    check(lambda: enter(3), errors.InvalidArgumentTypeError, "A name scope must be a string",
          populated)
    check(lambda: enter("bad name"), errors.InvalidScopeNameError, "is not a valid scope name",
          populated)
    check(lambda: tf.name_scope(None, values=[1]), errors.InvalidArgumentError,
          "At least one of name", populated)


def test_device_bad_input(populated):
    check(lambda: tf.device(7), errors.InvalidArgumentTypeError, "A device must be a string",
          populated)
    with tf.device("/tpu:0"):
        before = snapshot()
        check(lambda: tf.get_variable("new", [1]), errors.InvalidArgumentError,
              "Unrecognised device", before)


def test_gpu_variables_without_gpu_or_simulator_explain_the_fix():
    code = (
        "import scopelab as tf\n"
        "from scopelab import kernels\n"
        "from scopelab.errors import CudaUnavailableError\n"
        "store = tf.get_default_store()\n"
        "if kernels.cuda_available():\n"
        "    with tf.device('/gpu:0'):\n"
        "        v = tf.get_variable('v', [2])\n"
        "    assert v.target == 'cuda'\n"
        "    print('GPU-PRESENT')\n"
        "else:\n"
        "    try:\n"
        "        with tf.device('/gpu:0'):\n"
        "            tf.get_variable('v', [2])\n"
        "    except CudaUnavailableError as exc:\n"
        "        assert isinstance(exc, RuntimeError)\n"
        "        assert store.variables() == [] and store.collection_keys() == []\n"
        "        print('NOGPU', 'NUMBA_ENABLE_CUDASIM' in str(exc))\n"
    )
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in ("GPU-PRESENT", "NOGPU True")


# --- other entry points ------------------------------------------------------------------------------
def test_get_local_variable_bad_collections(populated):
    check(lambda: tf.get_local_variable("new", [1], collections="mine"),
          errors.InvalidArgumentError, "must be a list, tuple, or set", populated)


@pytest.mark.parametrize("shape,slicing,cls,phrase", [
    ([4], [2, 1], errors.PartitionerError, "must have the length"),
    ([], [], errors.PartitionerError, "rank at least 1"),
    (4, [1], errors.InvalidArgumentTypeError, "shape and slicing must be lists"),
    ([4, 2], [5, 1], errors.PartitionerError, "a shard would be empty"),
])
def test_create_partitioned_variables_bad_input(populated, shape, slicing, cls, phrase):
    check(lambda: tf.create_partitioned_variables(shape, slicing, tf.zeros_initializer()),
          cls, phrase, populated)


def test_create_partitioned_variables_refuses_custom_getters(populated):
    with tf.variable_scope("g", custom_getter=lambda getter, **kw: getter(**kw)):
        before = snapshot()
        with pytest.raises(errors.CustomGetterError, match="Private access to "
                                                           "_get_partitioned_variable"):
            tf.create_partitioned_variables([4], [2], tf.zeros_initializer())
        assert snapshot() == before     # its default-name scope and name scope rolled back


def test_add_to_collection_unhashable_key(populated):
    check(lambda: tf.add_to_collection(["key"], 1), errors.InvalidArgumentTypeError,
          "hashable", populated)


def test_variable_assign_bad_values(populated):
    v = tf.get_default_store().get("base/w")
    old = v.numpy()
    check(lambda: v.assign(np.zeros((3, 3))), errors.InvalidArgumentError,
          r"expected shape \(2, 3\), got \(3, 3\)", populated)
    check(lambda: v.assign(np.array([["a"] * 3] * 2)), errors.InvalidArgumentError,
          "expected float32", populated)
    np.testing.assert_array_equal(v.numpy(), old)


def test_partitioned_assign_bad_values_changes_no_shard(populated):
    pv = tf.get_default_store().get("base/p")
    old = pv.as_tensor()
    check(lambda: pv.assign([np.zeros((2, 2)), np.zeros((5, 5))]), errors.InvalidArgumentError,
          "expected shape", populated)
    check(lambda: pv.assign([np.zeros((2, 2))]), errors.InvalidArgumentError,
          "Cannot assign 1 values", populated)
    np.testing.assert_array_equal(pv.as_tensor(), old)


def test_get_collection_bad_scope_filters(populated):
    check(lambda: tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="[unclosed"),
          errors.InvalidArgumentError, "must be a regular expression", populated)
    check(lambda: tf.global_variables(scope=3), errors.InvalidArgumentTypeError,
          "must be a regular expression", populated)


def test_bad_caching_device(populated):
    check(lambda: tf.get_variable("new", [1], caching_device="/cpo:0"),
          errors.InvalidDeviceError, "Unknown attribute: 'cpo' in '/cpo:0'", populated)
    check(lambda: tf.get_variable("new", [1], caching_device="/device:TPU:0"),
          errors.InvalidArgumentError, "Unrecognised device", populated)   # parsed, no target


def test_subscribe_non_callable(populated):
    check(lambda: get_default_store().subscribe("print"), errors.InvalidArgumentTypeError,
          "needs a callable", populated)


def test_failed_calls_are_recorded_as_last_error_only():
    store = get_default_store()
    with pytest.raises(errors.InvalidScopeNameError):
        tf.get_variable("v:0", [1])
    assert store.last_error.kind == "error" and store.last_error.name == "v:0"
    assert isinstance(store.last_error.error, errors.InvalidScopeNameError)
