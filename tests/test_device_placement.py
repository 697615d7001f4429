"""tf.device, device functions and replica_device_setter: what the recorded conformance cases
(tests/conformance, ``device_*`` and ``replica_device_setter_*``) cannot show: how often device
functions are called, atomicity when one raises, the parser's public helper and error fields."""

import pytest

import scopelab as tf
from scopelab import errors
from scopelab.device_spec import DeviceFields, canonical_device, merge_devices, parse_device
from scopelab.graph import current_frame, get_default_graph
from scopelab.store import get_default_store


def state():
    store = get_default_store()
    return {
        "vars": [(v.full_name, id(v)) for v in store.variables()],
        "partitioned": [pv.name for pv in store.partitioned_variables()],
        "collections": {k: [id(x) for x in store.get_collection(k)]
                        for k in store.collection_keys()},
        "names_in_use": get_default_graph().op_names(),
        "frame": current_frame(),
    }


# --- the parser: scopelab.device_spec ----------------------------------------------------------------
@pytest.mark.parametrize("spec,fields", [
    ("/job:ps/task:3", DeviceFields("ps", None, 3, None, None)),
    ("/job:ps/replica:0/task:1/device:GPU:2", DeviceFields("ps", 0, 1, "GPU", 2)),
    ("/gpu:1", DeviceFields(None, None, None, "GPU", 1)),
    ("/cpu:*", DeviceFields(None, None, None, "CPU", None)),
    ("/device:gpu:0", DeviceFields(None, None, None, "GPU", 0)),
    ("", DeviceFields(None, None, None, None, None)),
    (None, DeviceFields(None, None, None, None, None)),
])
def test_parse_device_gives_the_fields_the_cluster_engine_maps_to_workers(spec, fields):
    assert parse_device(spec) == fields
    job, replica, task, device_type, device_index = parse_device(spec)   # a plain 5-tuple too
    assert (job, task) == (fields.job, fields.task)


def test_canonical_and_merged_strings():
    assert canonical_device("/task:1/job:ps/") == "/job:ps/task:1"
    assert merge_devices("/job:ps/task:0/cpu:0", "/task:2") == "/job:ps/task:2/device:CPU:0"
    assert merge_devices("", "/gpu:0") == "/device:GPU:0"
    assert merge_devices("/job:w", "") == "/job:w"


@pytest.mark.parametrize("spec,problem,part,headline", [
    ("/tsk:0", "unknown", "tsk", "Unknown attribute: 'tsk' in '/tsk:0'"),
    ("/cpu:0/gpu:0", "two types", None, "Cannot specify multiple device types: /cpu:0/gpu:0"),
    ("/task:one", "number", "one", "invalid literal for int() with base 10: 'one'"),
])
def test_bad_strings_raise_invalid_device_error_with_fields(spec, problem, part, headline):
    with pytest.raises(ValueError) as info:
        parse_device(spec)
    err = info.value
    assert isinstance(err, errors.InvalidDeviceError)
    assert (err.spec, err.problem, getattr(err, "part", None)) == (spec, problem, part)
    assert err.headline == headline
    assert "/job:<name>, /replica:<n>, /task:<n>" in str(err)
    assert 'with tf.device("/job:ps/task:0")' in str(err)


def test_unknown_part_suggests_the_closest_name():
    with pytest.raises(errors.InvalidDeviceError, match=r"did you mean 'task'\?"):
        parse_device("/job:ps/tsk:1")


def test_device_spec_attributes_and_repr():
    spec = tf.DeviceSpec.from_string("/job:ps/task:1")
    spec.device_type, spec.device_index = "gpu", "3"
    assert spec.to_string() == "/job:ps/task:1/device:GPU:3"
    assert repr(spec) == ("<DeviceSpec(job=ps, replica=None, task=1, device_type=GPU, "
                          "device_index=3)>")
    assert hash(spec) == hash(tf.DeviceSpec.from_string("/job:ps/task:1/gpu:3"))


# --- tf.device ------------------------------------------------------------------------------------
def test_a_bad_string_fails_on_entry_and_leaves_the_frame_and_store_as_they_were():
    tf.get_variable("keep", [1])
    before = state()
    block = tf.device("/job:ps/tsk:0")
    with pytest.raises(errors.InvalidDeviceError):
        with block:
            tf.get_variable("never", [1])
    assert state() == before


def test_a_device_that_is_not_a_string_or_function_is_a_type_error():
    with pytest.raises(errors.InvalidArgumentTypeError, match="A device must be a string"):
        tf.device(3)


def test_leaving_device_blocks_out_of_order_raises():
    outer, inner = tf.device("/job:a"), tf.device("/job:b")
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(errors.ScopeNestingError):
        outer.__exit__(None, None, None)
    inner.__exit__(None, None, None)
    outer.__exit__(None, None, None)
    assert current_frame().device == ""


def test_a_gpu_device_still_picks_the_cuda_target():
    with tf.device("/job:worker/gpu:0"):
        v = tf.get_variable("v", [2])
    assert (v.device, v.target) == ("/job:worker/device:GPU:0", "cuda")


# --- device functions: when they run ------------------------------------------------------------------
def test_a_function_runs_once_per_created_op_not_for_reuse_or_colocated_ops():
    calls = []

    def fn(op):
        calls.append((op.type, op.name))
        return "/job:ps/task:0" if op.type == "VariableV2" else "/job:worker"

    with tf.device(fn):
        with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("w", [2])
            tf.get_variable("w", [2])               # reused: no new op, no call
        y = w * 2.0                                  # w/read is colocated: no call for it
    w.initializer                                    # noqa: B018 - Assign is colocated too
    assert calls == [("VariableV2", "s/w"), ("Const", "mul/y"), ("Mul", "mul")]
    assert (y.device, y.op.inputs[0].device, w.initializer.device) == (
        "/job:worker", "/job:ps/task:0", "/job:ps/task:0")


def test_a_function_sees_the_node_def_of_an_op():
    seen = []
    with tf.device(lambda op: seen.append(op.node_def) or ""):
        x = tf.placeholder(tf.float32, [2], name="x")
        tf.identity(x, name="y")
    assert [(n.name, n.op, n.input) for n in seen] == [("x", "Placeholder", ()),
                                                        ("y", "Identity", ("x:0",))]


def test_a_device_function_may_return_bytes():
    with tf.device(lambda op: b"/job:ps/task:1"):
        v = tf.get_variable("v", [1])
    assert v.device == "/job:ps/task:1"


def test_a_raising_device_function_leaves_no_shard_behind():
    tf.get_variable("keep", [1])
    before = state()
    created = []

    def third_shard_fails(op):
        created.append(op.name)
        if op.name.endswith("part_2"):
            raise RuntimeError("no parameter server left")
        return "/job:ps/task:0"

    with pytest.raises(RuntimeError, match="no parameter server left"):
        with tf.device(third_shard_fails):
            tf.get_variable("p", [8, 2], partitioner=tf.fixed_size_partitioner(4))
    assert created == ["p/part_0", "p/part_1", "p/part_2"]
    assert state() == before
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        p = tf.get_variable("p", [8, 2], partitioner=tf.fixed_size_partitioner(4))
    assert [s.device for s in p] == ["/job:ps/task:0", "/job:ps/task:1"] * 2


def test_a_function_returning_a_non_string_is_a_type_error_that_explains():
    with pytest.raises(TypeError, match="Expected binary or unicode string, got 7") as info:
        with tf.device(lambda op: 7):
            tf.get_variable("v", [1])
    assert "returns its device" in str(info.value)
    assert get_default_store().variables() == []


# --- replica_device_setter ----------------------------------------------------------------------------
def test_round_robin_counts_only_created_variables_and_shards():
    setter = tf.train.replica_device_setter(ps_tasks=3)
    with tf.device(setter):
        a = tf.get_variable("a", [1])
        with tf.variable_scope("", reuse=True):
            tf.get_variable("a", [1])                  # reuse: the strategy is not asked
        tf.constant(1.0)                               # not a ps op
        p = tf.get_variable("p", [4, 1], partitioner=tf.fixed_size_partitioner(4))
    assert a.device == "/job:ps/task:0"
    assert [s.device for s in p] == ["/job:ps/task:1", "/job:ps/task:2", "/job:ps/task:0",
                                     "/job:ps/task:1"]
    assert p.device == "/job:ps/task:1"                # the first shard's, as scopelab reports it


def test_cluster_spec_accepts_another_cluster_spec_and_compares_by_content():
    spec = tf.train.ClusterSpec({"ps": ["a:1"], "worker": ["b:1", "c:1"]})
    assert tf.train.ClusterSpec(spec) == spec
    assert bool(spec) and not tf.train.ClusterSpec({})
    assert spec.job_tasks("worker") == ["b:1", "c:1"]
    with pytest.raises(ValueError, match="No task with index 5"):
        spec.task_address("ps", 5)


def test_a_tf_variable_is_placed_like_get_variable():
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
    assert (a.device, b.device, a.op.device) == ("/job:ps/task:0", "/job:ps/task:1",
                                                 "/job:ps/task:0")


def test_any_cpu_index_is_the_cpu_target():
    with tf.device("/job:ps/cpu:*"):
        v = tf.get_variable("v", [2])
    assert (v.device, v.target) == ("/job:ps/device:CPU:*", "cpu")


def test_graph_device_is_tf_device():
    graph = tf.get_default_graph()
    with graph.device("/job:ps/task:1"):
        v = tf.get_variable("v", [1])
    assert v.device == "/job:ps/task:1"


def test_a_bad_caching_device_fails_before_anything_is_stored():
    tf.get_variable("keep", [1])
    before = state()
    with pytest.raises(errors.InvalidDeviceError, match="Unknown attribute: 'jb'"):
        tf.get_variable("w", [1], caching_device="/jb:worker")
    assert state() == before
