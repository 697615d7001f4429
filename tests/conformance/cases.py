"""TF1 conformance cases: small programs run both under TensorFlow (graph mode, ``tf.compat.v1``)
and under scopelab. ``record_tf.py`` ran them under TF and stored what TF observed in
``tf1_expected.json``; ``test_tf1_conformance.py`` replays them under scopelab and compares.

Each case is source code that may use ``tf``, ``np``, ``out(label, value)`` (record a plain value)
``err(label, fn)`` (call ``fn``; record the builtin error class and the first line of the
message, or "ok") and ``val(label, x)`` (record the numeric value of a variable, tensor or list of
them, after initialization; compared with a tolerance). Values recorded must be plain: str, int, float, bool, None, lists of those.
"""

CASES: dict[str, str] = {}
#: cases recorded with TF1's reference variables (``VariableV2``, ``<v>/read``: TF 1.x's default,
#: ``tf.disable_resource_variables()``) rather than TF 2's resource variables: placement cases,
#: where the op types a device function sees and the read op's device differ between the two.
REF_VARIABLE_CASES: set[str] = set()


def case(name: str, source: str, ref_variables: bool = False) -> None:
    CASES[name] = source
    if ref_variables:
        REF_VARIABLE_CASES.add(name)


# --- §1 names -------------------------------------------------------------------------------------
case("doc_basic_nesting", """
with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
out("name", v.name)
out("shape", v.shape.as_list())
out("dtype", v.dtype.name)
""")

case("doc_reuse_true", """
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
out("same", v1 is v)
""")

case("doc_auto_reuse", """
def foo():
    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [1])
    return v
v1 = foo()
v2 = foo()
out("same", v1 is v2)
out("name", v1.name)
""")

case("doc_reuse_variables", """
with tf.variable_scope("foo") as scope:
    v = tf.get_variable("v", [1])
    scope.reuse_variables()
    v1 = tf.get_variable("v", [1])
out("same", v1 is v)
""")

case("doc_already_exists", """
def make():
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
        v1 = tf.get_variable("v", [1])
err("second", make)
""")

case("doc_does_not_exist", """
def make():
    with tf.variable_scope("foo", reuse=True):
        v = tf.get_variable("v", [1])
err("missing", make)
""")

case("doc_captured_default_names", """
with tf.variable_scope("foo"):
    with tf.variable_scope(None, default_name="bar") as vs:
        a = tf.get_variable("a", [1])
    with tf.variable_scope(None, default_name="bar"):
        b = tf.get_variable("b", [1])
    with tf.variable_scope(vs):
        pass
    with tf.variable_scope(None, default_name="bar"):
        c = tf.get_variable("c", [1])
out("names", [a.name, b.name, c.name])
""")

case("name_scope_does_not_prefix_variables", """
with tf.name_scope("ns"):
    a = tf.get_variable("a", [])
    with tf.variable_scope("vs"):
        b = tf.get_variable("b", [])
out("names", [a.name, b.name])
""")

case("name_with_slash", """
with tf.variable_scope("s"):
    v = tf.get_variable("a/b", [2])
out("name", v.name)
""")

case("default_name_sequence", """
names = []
for _ in range(3):
    with tf.variable_scope(None, default_name="default") as vs:
        names.append(vs.name)
out("names", names)
""")

case("interleaved_substring_scopes", """
names = []
for s in ["defaultScope1", "defaultScope1", "defaultScope", "defaultScope1"]:
    with tf.variable_scope(None, s):
        with tf.variable_scope(None, "layer"):
            names.append(tf.get_variable("w", []).name)
out("names", names)
""")

case("unique_names_with_jump", """
names = []
with tf.variable_scope("default") as default:
    with tf.variable_scope(None, "layer"):
        names.append(tf.get_variable("w", []).name)
    with tf.variable_scope(None, "layer"):
        names.append(tf.get_variable("w", []).name)
    with tf.variable_scope(default):
        pass
    with tf.variable_scope(None, "layer"):
        names.append(tf.get_variable("w", []).name)
out("names", names)
""")

case("string_then_default_name", """
with tf.variable_scope("layer") as a:
    pass
with tf.variable_scope(None, default_name="layer") as b:
    pass
with tf.variable_scope(None, default_name="x") as c:
    pass
with tf.variable_scope("x") as d:
    pass
out("names", [a.name, b.name, c.name, d.name])
""")

case("captured_scope_absolute_name", """
with tf.variable_scope("root"):
    with tf.variable_scope("towerA") as tower_a:
        va = tf.get_variable("v", [1])
    with tf.variable_scope("foo"):
        with tf.variable_scope("bar"):
            vb = tf.get_variable("v", [1])
            with tf.variable_scope(tower_a, reuse=True):
                va2 = tf.get_variable("v", [1])
                out("inside_name", tf.get_variable_scope().name)
out("names", [va.name, vb.name])
out("same", va is va2)
""")

case("name_scope_strings", """
res = []
with tf.name_scope("a") as s1:
    res.append(s1)
    with tf.name_scope("b") as s2:
        res.append(s2)
with tf.name_scope("a") as s3:
    res.append(s3)
with tf.name_scope("A") as s4:
    res.append(s4)
with tf.name_scope("a/") as s5:
    res.append(s5)
out("scopes", res)
""")

case("original_name_scope", """
with tf.name_scope("scope1"):
    with tf.variable_scope("tower") as tower:
        pass
out("ons", tower.original_name_scope)
with tf.name_scope("scope2"):
    with tf.variable_scope(tower) as t2:
        out("reentered_ons", t2.original_name_scope)
        with tf.name_scope("x") as ns:
            out("ns", ns)
with tf.variable_scope("tower") as t3:
    out("string_reentry_ons", t3.original_name_scope)
""")

case("aux_name_scope_false", """
with tf.variable_scope("outer"):
    with tf.variable_scope("inner", auxiliary_name_scope=False) as inner:
        w = tf.get_variable("w", [])
        out("ons", inner.original_name_scope)
out("name", w.name)
err("bad_aux", lambda: tf.variable_scope("x", auxiliary_name_scope="yes").__enter__())
""")

case("invalid_scope_name", """
err("underscore_root", lambda: tf.variable_scope("_").__enter__())
""")

# --- §1.8 structure ----------------------------------------------------------------------------
case("scope_argument_errors", """
err("no_name", lambda: tf.variable_scope(None))
err("bad_type", lambda: tf.variable_scope(3).__enter__())
err("bad_reuse", lambda: tf.variable_scope("x", reuse=1).__enter__())
err("bad_reuse_str", lambda: tf.variable_scope("x", reuse="yes").__enter__())
err("default_name_reuse", lambda: tf.variable_scope(None, default_name="d", reuse=True).__enter__())
err("default_name_auto", lambda: tf.variable_scope(None, default_name="d", reuse=tf.AUTO_REUSE).__enter__())
""")

case("nesting_error", """
def bad():
    a = tf.variable_scope("a"); a.__enter__()
    b = tf.variable_scope("b"); b.__enter__()
    a.__exit__(None, None, None)
err("improper", bad)
""")

# --- §2 reuse ---------------------------------------------------------------------------------------
case("reuse_inheritance_table", """
res = []
with tf.variable_scope("p"):
    res.append(str(tf.get_variable_scope().reuse))
    with tf.variable_scope("c", reuse=False):
        res.append(str(tf.get_variable_scope().reuse))
with tf.variable_scope("t", reuse=True):
    res.append(str(tf.get_variable_scope().reuse))
    with tf.variable_scope("c"):
        res.append(str(tf.get_variable_scope().reuse))
    with tf.variable_scope("c2", reuse=False):
        res.append(str(tf.get_variable_scope().reuse))
    with tf.variable_scope("c3", reuse=tf.AUTO_REUSE):
        res.append(str(tf.get_variable_scope().reuse is tf.AUTO_REUSE))
with tf.variable_scope("a", reuse=tf.AUTO_REUSE):
    with tf.variable_scope("c", reuse=True):
        res.append(str(tf.get_variable_scope().reuse))
out("reuse", res)
out("auto_truthy", bool(tf.AUTO_REUSE))
""")

case("captured_reuse_cannot_be_undone", """
with tf.variable_scope("jump", reuse=True) as scope:
    pass
res = []
with tf.variable_scope(scope, reuse=False) as s:
    res.append(s.reuse)
with tf.variable_scope("plain") as plain:
    pass
with tf.variable_scope("outer", reuse=True):
    with tf.variable_scope(plain) as s2:
        res.append(s2.reuse)
    with tf.variable_scope(plain, reuse=True) as s3:
        res.append(s3.reuse)
out("reuse", res)
""")

case("shape_and_dtype_mismatch", """
with tf.variable_scope("s"):
    tf.get_variable("v", [1])
    tf.get_variable("i", [2], dtype=tf.int32)
def shape():
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [2])
def dtype():
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [1], dtype=tf.int32)
def int_no_dtype():
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("i")
def no_shape():
    with tf.variable_scope("s", reuse=True):
        return tf.get_variable("v").name
err("shape", shape)
err("dtype", dtype)
err("int_no_dtype", int_no_dtype)
out("no_shape_ok", no_shape())
""")

case("auto_reuse_get_or_create", """
names = []
for _ in range(2):
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        names.append(tf.get_variable("v", [3]).name)
        names.append(tf.get_variable("w", [], dtype=tf.int64).name)
out("names", names)
out("n_global", len(tf.global_variables()))
""")

case("constant_initializer_with_shape", """
err("const_shape", lambda: tf.get_variable("c", [1], initializer=np.float32(1.0)))
v = tf.get_variable("c2", initializer=np.arange(4))
out("dtype", v.dtype.name)
out("shape", v.shape.as_list())
err("dtype_mismatch", lambda: tf.get_variable("c3", initializer=1.0, dtype=tf.float64))
err("int_list_int64", lambda: tf.get_variable("c4", initializer=[1, 2], dtype=tf.int64))
x = tf.get_variable("c5", initializer=4, dtype=tf.int32)
out("c5", [x.dtype.name, x.shape.as_list()])
err("dict_init", lambda: tf.get_variable("c6", initializer={}, dtype=tf.int32))
""")

case("initializer_callables_without_shape", """
v = tf.get_variable("foo", initializer=lambda: [2])
out("foo", [v.name, v.shape.as_list(), v.dtype.name])
w = tf.get_variable("bar", initializer=lambda x=True: [2, 3])
out("bar", [w.shape.as_list(), w.dtype.name])
err("needs_args", lambda: tf.get_variable("baz", initializer=lambda x: [2]))
err("instance_no_shape", lambda: tf.get_variable("qux", initializer=tf.zeros_initializer()))
""")

case("default_initializers_by_dtype", """
res = []
for dt in [tf.int32, tf.int64, tf.bool, tf.float16, tf.float64]:
    v = tf.get_variable("v_" + dt.name, [2, 2], dtype=dt)
    res.append([v.dtype.name, v.shape.as_list()])
out("vars", res)
err("complex", lambda: tf.get_variable("z", [2], dtype=tf.complex64))
""")

case("scope_dtype", """
with tf.variable_scope("s", dtype=tf.float16) as s:
    v = tf.get_variable("v", [1])
with tf.variable_scope(s):
    w = tf.get_variable("w", [1])
out("dtypes", [v.dtype.name, w.dtype.name])
""")

case("get_variable_scope_setters", """
res = [tf.get_variable_scope().initializer is None]
with tf.variable_scope("a") as a:
    tf.get_variable_scope().set_initializer(tf.constant_initializer(0.5))
    res.append(tf.get_variable_scope().initializer is not None)
    a.reuse_variables()
    err("new_after_reuse", lambda: tf.get_variable("new", [1]))
with tf.variable_scope("a"):
    res.append(tf.get_variable_scope().initializer is None)
out("res", res)
""")

# --- §5 collections -----------------------------------------------------------------------------
case("collections_rules", """
a = tf.get_variable("a", [1])
b = tf.get_variable("b", [1], trainable=False)
c = tf.get_variable("c", [1], collections=[tf.GraphKeys.CONCATENATED_VARIABLES])
d = tf.get_variable("d", [1], collections=["mine"], trainable=False)
with tf.variable_scope("outer"):
    e = tf.get_local_variable("w", [], collections=["foo"])
names = lambda key: [v.name for v in tf.get_collection(key)]
out("global", names(tf.GraphKeys.GLOBAL_VARIABLES))
out("trainable", names(tf.GraphKeys.TRAINABLE_VARIABLES))
out("concat", names(tf.GraphKeys.CONCATENATED_VARIABLES))
out("mine", names("mine"))
out("local", names(tf.GraphKeys.LOCAL_VARIABLES))
out("foo", names("foo"))
out("model", names(tf.GraphKeys.MODEL_VARIABLES))
err("bad_collections", lambda: tf.get_variable("x", [1], collections="mine"))
""")

case("get_collection_scope_filter", """
with tf.variable_scope("testGetCollection_foo_") as s1:
    a = tf.get_variable("a", [])
with tf.variable_scope("testGetCollection_foo") as s2:
    b = tf.get_variable("b", [])
    c = tf.get_local_variable("c", [])
out("s2_global", [v.name for v in s2.global_variables()])
out("s2_trainable", [v.name for v in s2.trainable_variables()])
out("s2_local", [v.name for v in s2.local_variables()])
out("regex", [v.name for v in tf.global_variables(scope="testGetCollection_foo")])
out("root_all", [v.name for v in tf.get_variable_scope().global_variables()])
""")

case("synchronization_trainable", """
d = tf.get_variable("d", [], synchronization=tf.VariableSynchronization.ON_READ)
e = tf.get_variable("e", [], synchronization=tf.VariableSynchronization.ON_READ, trainable=True)
f = tf.get_variable("f", [], synchronization=tf.VariableSynchronization.ON_WRITE)
out("trainable", [v.name for v in tf.trainable_variables()])
""")

# --- §4 regularizers -----------------------------------------------------------------------------
case("regularizer_rules", """
r1 = lambda v: tf.reduce_mean(v) + 0.1
r2 = lambda v: tf.reduce_mean(v) + 0.2
with tf.variable_scope("tower3", regularizer=r1) as tower:
    with tf.variable_scope("foo", initializer=tf.constant_initializer(0.3)):
        v = tf.get_variable("v", [])
        out("n1", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
    with tf.variable_scope(tower, initializer=tf.constant_initializer(0.3)):
        u = tf.get_variable("u", [])
        tf.get_variable_scope().set_regularizer(r2)
        w = tf.get_variable("w", [])
        x = tf.get_variable("x", [], regularizer=tf.no_regularizer)
        with tf.variable_scope("baz", regularizer=tf.no_regularizer):
            y = tf.get_variable("y", [])
        tf.get_variable_scope().set_regularizer(tf.no_regularizer)
        z = tf.get_variable("z", [])
    with tf.variable_scope("foo", reuse=True):
        tf.get_variable("v", [])
out("n_final", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
""")

# --- §6 partitioned ------------------------------------------------------------------------------
case("partitioned_names_and_collections", """
def axis0_into2(shape=None, **kw):
    p = [1] * len(shape); p[0] = 2; return p
with tf.variable_scope("scope0", partitioner=axis0_into2):
    v = tf.get_variable("name0", [3, 4])
out("pv_name", v.name)
out("shards", [s.name for s in v])
out("len", len(v))
out("shapes", [s.shape.as_list() for s in v])
out("specs", [s._save_slice_info.spec for s in v])
out("global", [x.name for x in tf.global_variables()])
with tf.variable_scope("scope0", reuse=True):
    out("same", tf.get_variable("name0") is v)
""")

case("partitioned_reuse_errors", """
def into(n):
    def p(shape=None, **kw):
        q = [1] * len(shape); q[0] = n; return q
    return p
with tf.variable_scope("s", partitioner=into(2)):
    v = tf.get_variable("v", [6, 2])
def reuse_with(n):
    with tf.variable_scope("s", partitioner=into(n), reuse=True):
        return tf.get_variable("v", [6, 2])
err("three", lambda: reuse_with(3))
err("one", lambda: reuse_with(1))
out("two_ok", reuse_with(2) is v)
def again():
    with tf.variable_scope("s", partitioner=into(2)):
        tf.get_variable("v", [6, 2])
err("exists", again)
def missing():
    with tf.variable_scope("s", partitioner=into(2), reuse=True):
        tf.get_variable("nope", [6, 2])
err("missing", missing)
def unpartitioned_clash():
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [6, 2])
out("reuse_true_no_partitioner", unpartitioned_clash() is None)
def auto_no_partitioner():
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        tf.get_variable("v", [6, 2])
err("auto_no_partitioner", auto_no_partitioner)
tf.get_variable("plain", [4, 2])
err("partitioner_on_plain", lambda: tf.get_variable("plain", [4, 2], partitioner=into(2)))
""")

case("partitioner_validation", """
err("not_callable", lambda: tf.get_variable("a", [4], partitioner=3))
err("not_sequence", lambda: tf.get_variable("b", [4], partitioner=lambda shape, dtype: np.array([2])))
err("wrong_rank", lambda: tf.get_variable("c", [4, 2], partitioner=lambda shape, dtype: [2]))
err("zero", lambda: tf.get_variable("d", [4, 2], partitioner=lambda shape, dtype: [0, 1]))
err("two_axes", lambda: tf.get_variable("e", [4, 2], partitioner=lambda shape, dtype: [2, 2]))
err("too_many", lambda: tf.get_variable("f", [2, 2], partitioner=lambda shape, dtype: [3, 1]))
s = tf.get_variable("scalar", [], partitioner=lambda shape, dtype: [2])
out("scalar_name", s.name)
one = tf.get_variable("ones", [4, 2], partitioner=lambda shape, dtype: (1, 1))
out("one_shard", [x.name for x in one])
out("n_global", len(tf.global_variables()))
""")

case("partitioned_along_axis1", """
p = tf.get_variable("v", [2, 2, 2], partitioner=lambda shape, dtype: (1, 2, 1))
out("shapes", [s.shape.as_list() for s in p])
out("full", p.get_shape().as_list())
out("offsets", [s._save_slice_info.var_offset for s in p])
q = tf.get_variable("w", [20, 43], partitioner=lambda shape, dtype: (1, 4))
out("uneven", [s.shape.as_list() for s in q])
""")

case("partitioned_regularizer_per_shard", """
tf.get_variable("v", [5, 2], partitioner=tf.fixed_size_partitioner(3),
                regularizer=lambda v: tf.reduce_sum(v), initializer=tf.ones_initializer())
out("n_losses", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
""")

case("partitioners_formulas", """
res = []
for dt, shape, p in [
    (tf.float32, [10, 10], tf.fixed_size_partitioner(5)),
    (tf.int64, [20], tf.fixed_size_partitioner(4)),
    (tf.float32, [4, 8, 16, 32], tf.variable_axis_size_partitioner(2048, axis=3)),
    (tf.float32, [4, 8, 16, 32], tf.variable_axis_size_partitioner(32768, axis=2)),
    (tf.float32, [4, 8, 16, 32], tf.variable_axis_size_partitioner(1024, axis=3, max_shards=2)),
    (tf.float32, [2048], tf.min_max_variable_partitioner(max_partitions=100, min_slice_size=2 << 10)),
    (tf.float32, [2048, 1024], tf.min_max_variable_partitioner(max_partitions=100, min_slice_size=256 << 10)),
    (tf.float32, [64, 1024, 1, 3], tf.min_max_variable_partitioner(max_partitions=100, axis=1, min_slice_size=256 << 10)),
    (tf.float32, [16, 128, 1024], tf.min_max_variable_partitioner(max_partitions=100, min_slice_size=256 << 10)),
]:
    res.append(list(p(shape=tf.TensorShape(shape), dtype=dt)))
out("partitions", res)
""")

# --- §7 custom getters ------------------------------------------------------------------------------
case("custom_getter_basics", """
calls = []
def getter(getter, *args, **kwargs):
    calls.append([kwargs["name"], bool(kwargs["reuse"])])
    return getter(*args, **kwargs)
with tf.variable_scope("scope", custom_getter=getter) as scope:
    v = tf.get_variable("v", [1])
with tf.variable_scope(scope, reuse=True):
    v2 = tf.get_variable("v", [1])
with tf.variable_scope("new_scope") as new_scope:
    v3 = tf.get_variable("v3", [1])
with tf.variable_scope(new_scope, reuse=True, custom_getter=getter):
    v4 = tf.get_variable("v3", [1])
out("calls", calls)
out("same", [v is v2, v3 is v4])
err("not_callable_scope", lambda: tf.variable_scope("x", custom_getter=3).__enter__() and tf.get_variable("q", [1]))
def arg_not_callable():
    tf.get_variable("r", [1], custom_getter=3)
err("not_callable_arg", arg_not_callable)
""")

case("custom_getter_two_vars", """
def sum_getter(getter, name, *args, **kwargs):
    g0 = getter(name + "/0", *args, **kwargs)
    g1 = getter(name + "/1", *args, **kwargs)
    return g0 + g1
with tf.variable_scope("scope", custom_getter=sum_getter):
    s = tf.get_variable("v", [1, 2, 3])
out("trainable", [v.name for v in tf.trainable_variables()])
out("shape", list(s.shape))
""")

case("nested_custom_getters", """
def mk(kind, op):
    def g(getter, name, *args, **kwargs):
        a = getter(name + "/%s_0" % kind, *args, **kwargs)
        b = getter(name + "/%s_1" % kind, *args, **kwargs)
        return op(a, b)
    return g
with tf.variable_scope("prod_scope", custom_getter=mk("prod", lambda a, b: a * b)):
    with tf.variable_scope("sum_scope", custom_getter=mk("sum", lambda a, b: a + b)):
        with tf.variable_scope("inner_sum_scope", custom_getter=mk("sum", lambda a, b: a + b)):
            tf.get_variable("v", [1, 2, 3])
out("names", [v.name for v in tf.global_variables()])
""")

# --- threads -----------------------------------------------------------------------------------------
case("threads_scope_per_thread", """
import threading
res = {}
with tf.variable_scope("main") as main_scope:
    pass
def worker():
    with tf.variable_scope(main_scope):
        with tf.variable_scope("foo"):
            res["in"] = tf.get_variable("v", []).name
    with tf.variable_scope("bar"):
        res["out"] = tf.get_variable("v", []).name
    res["root"] = tf.get_variable_scope().name
t = threading.Thread(target=worker); t.start(); t.join()
out("res", [res["in"], res["out"], res["root"]])
""")

# --- §9 embedding ------------------------------------------------------------------------------------
case("embedding_lookup_mod_div_layout", """
def iota(shape, dtype=tf.float32, partition_info=None):
    row0 = partition_info.var_offset[0] if partition_info is not None else 0
    rows = np.arange(row0, row0 + shape[0], dtype=np.float32)[:, None] * 10
    return tf.constant(rows + np.arange(shape[1], dtype=np.float32)[None, :], dtype=dtype)
p = tf.get_variable("emb", [13, 2], initializer=iota, partitioner=tf.fixed_size_partitioner(5))
out("shard_rows", [s.shape.as_list()[0] for s in p])
out("offsets", [s._save_slice_info.var_offset[0] for s in p])
ids = np.array([[0, 5, 12], [3, 7, 1]], dtype=np.int64)
val("mod", tf.nn.embedding_lookup(p, ids))
val("div", tf.nn.embedding_lookup(p, ids, partition_strategy="div"))
val("full", p.as_tensor())
err("bad_strategy", lambda: tf.nn.embedding_lookup(p, ids, partition_strategy="xyz"))
err("no_params", lambda: tf.nn.embedding_lookup([], ids))
""")

case("regularizer_loss_values", """
r1 = lambda v: tf.reduce_mean(v) + 0.1
with tf.variable_scope("t", regularizer=r1, initializer=tf.constant_initializer(0.3)):
    a = tf.get_variable("a", [2])
    b = tf.get_variable("b", [])
val("losses", tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
""")

case("deterministic_initializer_values", """
a = tf.get_variable("a", [3, 4], initializer=tf.constant_initializer(list(range(8))))
b = tf.get_variable("b", [2, 3], initializer=tf.initializers.identity(gain=2.0))
c = tf.get_variable("c", [2], initializer=tf.ones_initializer(), dtype=tf.int32)
d = tf.get_variable("d", [4, 3], initializer=tf.initializers.identity(),
                    partitioner=tf.fixed_size_partitioner(2))
val("a", a)
val("b", b)
val("c", c)
val("d", d.as_tensor())
err("too_many", lambda: tf.get_variable("e", [2], initializer=tf.constant_initializer([1, 2, 3])))
err("identity_3d", lambda: tf.get_variable("f", [2, 2, 2], initializer=tf.initializers.identity()))
err("orthogonal_1d", lambda: tf.get_variable("g", [4], initializer=tf.orthogonal_initializer()))
err("vs_scale", lambda: tf.variance_scaling_initializer(scale=-1.0))
err("vs_mode", lambda: tf.variance_scaling_initializer(mode="fan_x"))
err("int_uniform_no_max", lambda: tf.get_variable("h", [2], dtype=tf.int32, initializer=tf.random_uniform_initializer()))
""")

case("seeded_shards_identical", """
p = tf.get_variable("p", [4, 3], initializer=tf.random_uniform_initializer(seed=201),
                    partitioner=tf.fixed_size_partitioner(2))
q = tf.get_variable("q", [4, 3], initializer=tf.random_uniform_initializer(),
                    partitioner=tf.fixed_size_partitioner(2))
out("shard_shapes", [s.shape.as_list() for s in p])
def same(pv):
    x, y = list(pv)
    return bool(np.allclose(np.asarray(RUN(x)), np.asarray(RUN(y))))
out("seeded_equal", same(p))
out("unseeded_equal", same(q))
""")

case("separate_graphs", """
v = tf.get_variable("v", [1])
with tf.variable_scope("outer"):
    with tf.Graph().as_default() as g:
        w = tf.get_variable("v", [2])
        out("inner_scope", tf.get_variable_scope().name)
        out("inner", [x.name for x in tf.global_variables()])
        out("is_default", tf.get_default_graph() is g)
    out("outer_scope", tf.get_variable_scope().name)
out("outer", [x.name for x in tf.global_variables()])
""")

case("tf_variable_constructor", """
with tf.variable_scope("foo"):
    a = tf.Variable(1.0)
with tf.variable_scope("foo"):
    b = tf.Variable(2.0, trainable=False)
with tf.name_scope("bar"):
    c = tf.Variable([1, 2], name="c")
d = tf.Variable(lambda: np.zeros([2, 3], np.float64), name="d")
out("names", [a.name, b.name, c.name, d.name])
out("dtypes", [a.dtype.name, c.dtype.name, d.dtype.name])
out("shape", d.shape.as_list())
out("global", [v.name for v in tf.global_variables()])
out("trainable", [v.name for v in tf.trainable_variables()])
def by_name():
    with tf.variable_scope("foo", reuse=True):
        tf.get_variable("Variable")
err("not_in_store", by_name)
with tf.variable_scope("foo"):
    e = tf.get_variable("Variable", [1])
out("second", e is a)
err("no_value", lambda: tf.Variable())
err("bad_collections", lambda: tf.Variable(1.0, collections="x"))
""")

case("get_variable_op_names_are_unique_in_the_graph", """
with tf.variable_scope("w"):
    pass
v = tf.get_variable("w", [1])                 # the scope's name scope already took "w"
out("after_scope", [v.name, v.op.name])
k = tf.constant(1.0, name="k")
g = tf.get_variable("k", [1])                 # a constant already has the name
with tf.variable_scope("", reuse=True):
    again = tf.get_variable("k", [1])         # the store still finds it by the requested name
out("after_constant", [k.name, g.name, again is g])
q = tf.constant(0.0, name="p/part_0")
p = tf.get_variable("p", [4, 2], partitioner=tf.fixed_size_partitioner(2))
out("shards", [s.name for s in p])
m = tf.Variable(1.0, name="m")
n = tf.get_variable("m", [1])                 # tensorflow/tensorflow#1325: a second variable, m_1
o = tf.get_variable("m_1", [1])
out("tf_variable_first", [m.name, n.name, o.name])
c = tf.get_variable("c", [1])
d = tf.Variable(1.0, name="c")
e = tf.constant(1.0, name="c")
out("get_variable_first", [c.name, d.name, e.name])
""")


# --- devices: tf.device stacks, device functions, replica_device_setter -----------------------------
case("device_nested_strings_merge", """
with tf.device("/job:ps"):
    with tf.device("/task:1"):
        a = tf.constant(1.0, name="a")
        va = tf.get_variable("va", [1])
    with tf.device("/job:worker/gpu:0"):
        b = tf.constant(1.0, name="b")
    with tf.device(None):
        c = tf.constant(1.0, name="c")
        vc = tf.get_variable("vc", [1])
    with tf.device(""):
        d = tf.constant(1.0, name="d")
    with tf.device("/job:x/replica:1"):
        with tf.device("/job:y/cpu:0"):
            e = tf.constant(1.0, name="e")
    f = tf.constant(1.0, name="f")
out("ops", [a.op.device, b.op.device, c.op.device, d.op.device, e.op.device, f.op.device])
out("tensors", [a.device, f.device])
out("variables", [va.device, vc.device])
g = tf.constant(1.0, name="g")
out("outside", g.device)
""", ref_variables=True)

case("device_canonical_strings", """
got = []
for s in ["/gpu:0", "/GPU:1", "/device:gpu:0", "/device:GPU:2", "/cpu:*", "/cpu", "gpu:0",
          "/job:ps/task:0", "/job:ps/replica:0/task:0/device:CPU:0", "/job:ps/task:0/",
          "//job:x", "/device:XLA_CPU:0", "/task:3/job:ps", "/replica:-1"]:
    with tf.device(s):
        got.append(tf.constant(1.0).device)
out("canonical", got)
variables = []
for s in ["/cpu:0", "/job:ps/task:0/", "/task:3/job:ps", "/job:ps/replica:0/task:0/device:CPU:0"]:
    with tf.device(s):
        variables.append(tf.get_variable("v%d" % len(variables), [1]).device)
out("variables", variables)
""", ref_variables=True)

case("device_bad_strings", """
def enter(s):
    def f():
        with tf.device(s):
            tf.constant(1.0)
    return f
err("unknown_part", enter("/foo:0"))
err("two_types", enter("/gpu:0/cpu:0"))
err("bad_index", enter("/gpu:x"))
err("bad_task", enter("/task:abc"))
err("part_without_value", enter("/job:ps/task"))
err("bare_word", enter("job"))
err("spec_from_string", lambda: tf.DeviceSpec.from_string("/bogus:1"))
out("variables", len(tf.global_variables()))
""", ref_variables=True)

case("device_functions", """
seen = []
def fn(op):
    seen.append([op.type, op.name, op.device, op.node_def.op, op.node_def.device])
    return "/job:w/task:3" if op.type == "Const" else "/gpu:0"
with tf.device("/job:outer/replica:2"):
    with tf.device(fn):
        with tf.device("/task:1"):
            e = tf.constant(1.0, name="e")
        f = tf.identity(e, name="f")
out("seen_ops", seen)
out("devices", [e.device, f.device])
seen[:] = []
with tf.device(fn):
    v = tf.get_variable("v", [2])
out("seen_variable", seen)
out("variable", [v.device, v.op.device, v.initializer.device])
out("read", [tf.convert_to_tensor(v).name, tf.convert_to_tensor(v).device])
with tf.device(lambda op: "garbage"):
    z = tf.constant(1.0, name="z")
out("unparsed_result", z.device)
def garbage_under_string():
    with tf.device("/job:ps"):
        with tf.device(lambda op: "garbage"):
            tf.constant(1.0, name="z2")
err("garbage_merged", garbage_under_string)
def returns(value):
    def f():
        with tf.device(lambda op: value):
            tf.constant(1.0)
    return f
err("returns_int", returns(5))
err("returns_none", returns(None))
with tf.device(lambda op: tf.DeviceSpec(job="x", task=2)):
    z5 = tf.constant(1.0, name="z5")
with tf.device(tf.DeviceSpec(job="ps", device_type="GPU", device_index=1)):
    z6 = tf.constant(1.0, name="z6")
out("device_specs", [z5.device, z6.device])
with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
    def refuse(op):
        raise ValueError("no device for " + op.name)
    with tf.device(refuse):
        err("raising_function", lambda: tf.get_variable("w", [1]))
    out("after_raise", [x.name for x in tf.global_variables()])
    w = tf.get_variable("w", [1])
out("retry", [w.name, w.device])
""", ref_variables=True)

case("replica_device_setter_round_robin", """
out("no_ps", [tf.train.replica_device_setter() is None,
              tf.train.replica_device_setter(ps_tasks=0) is None,
              tf.train.replica_device_setter(cluster={"worker": ["a:1"]}) is None])
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    a = tf.get_variable("a", [2])
    b = tf.get_variable("b", [2])
    c = tf.get_variable("c", [8, 2], partitioner=tf.fixed_size_partitioner(4))
    d = tf.Variable(1.0, name="d")
    k = tf.constant(1.0, name="k")
    s = tf.add(k, 1.0, name="s")
    e = tf.get_variable("e", [2], initializer=tf.constant_initializer(3.0))
out("plain", [a.device, b.device, d.device, e.device])
out("shards_over_2", [p.device for p in c])
out("ops", [k.device, s.device])
with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
    p = tf.get_variable("p", [8, 2], partitioner=tf.fixed_size_partitioner(4))
    q = tf.get_variable("q", [1])
out("shards_over_3", [x.device for x in p] + [q.device])
with tf.variable_scope("", reuse=True):
    with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
        again = tf.get_variable("p", [8, 2], partitioner=tf.fixed_size_partitioner(4))
out("reuse_keeps_devices", [x.device for x in again])
""", ref_variables=True)

case("replica_device_setter_options", """
cs = tf.train.ClusterSpec({"ps": ["h0:2222", "h1:2222"], "worker": ["w0:2222"]})
out("cluster", [cs.jobs, cs.num_tasks("ps"), cs.as_dict(), cs.task_address("ps", 1),
                cs.job_tasks("ps"), cs.task_indices("worker"), repr(cs)])
with tf.device(tf.train.replica_device_setter(cluster=cs)):
    v = [tf.get_variable("v%d" % i, [1]) for i in range(3)]
out("cluster_spec", [x.device for x in v])
with tf.device(tf.train.replica_device_setter(cluster={"ps": ["a:1", "b:1", "c:1"]},
                                              worker_device="/job:worker/task:1/gpu:0")):
    u = [tf.get_variable("u%d" % i, [1]) for i in range(3)]
    z = tf.add(tf.constant(1.0), 1.0, name="z")
out("cluster_dict", [x.device for x in u] + [z.device])
with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device="/job:ps/cpu:0",
                                              worker_device="/job:worker/task:0")):
    with tf.device("/job:other"):
        q = tf.get_variable("q", [1])
    with tf.device("/task:7"):
        q2 = tf.get_variable("q2", [1])
    with tf.device("/gpu:1"):
        q3 = tf.get_variable("q3", [1])
        qq = tf.identity(tf.constant(1.0), name="qq")
    q4 = tf.get_variable("q4", [1])
out("merge", [q.device, q2.device, q3.device, qq.device, q4.device])
with tf.device("/job:outer/task:9"):
    with tf.device(tf.train.replica_device_setter(ps_tasks=2, merge_devices=False)):
        m1 = tf.get_variable("m1", [1])
        with tf.device("/cpu:0"):
            m2 = tf.get_variable("m2", [1])
        m3 = tf.constant(1.0, name="m3")
out("no_merge", [m1.device, m2.device, m3.device])
with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_ops=["Const"])):
    r1 = tf.constant(1.0, name="r1"); r2 = tf.get_variable("r2", [1]); r3 = tf.constant(1.0, name="r3")
out("ps_ops", [r1.device, r2.device, r3.device])
with tf.device(tf.train.replica_device_setter(ps_tasks=4, ps_strategy=lambda op: 3)):
    s1 = tf.get_variable("s1", [1])
out("strategy", s1.device)
err("bad_strategy", lambda: tf.train.replica_device_setter(ps_tasks=2, ps_strategy=3))
with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device="", worker_device="")):
    t1 = tf.get_variable("t1", [1]); t2 = tf.constant(1.0, name="t2")
with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device="/cpu:0", worker_device="/gpu:0")):
    t3 = tf.get_variable("t3", [1]); t4 = tf.constant(1.0, name="t4")
out("no_jobs", [t1.device, t2.device, t3.device, t4.device])
sparse = tf.train.ClusterSpec({"ps": {0: "a:1", 3: "b:1"}})
out("sparse", [sparse.num_tasks("ps"), sparse.task_indices("ps")])
with tf.device(tf.train.replica_device_setter(cluster=sparse)):
    w = [tf.get_variable("w%d" % i, [1]) for i in range(3)]
out("sparse_devices", [x.device for x in w])
err("no_such_job", lambda: cs.num_tasks("nope"))
err("bad_cluster", lambda: tf.train.ClusterSpec(["a"]))
""", ref_variables=True)

case("device_of_read_initializer_and_loss_ops", """
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    a = tf.get_variable("a", [2])
    b = tf.get_variable("b", [2], regularizer=tf.nn.l2_loss)
    d = tf.Variable(1.0, name="d")
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = x * a
out("variables", [a.device, b.device, d.device])
out("assign", [a.initializer.name, a.initializer.device, b.initializer.device, d.initializer.device])
ra, rb = tf.convert_to_tensor(a), tf.convert_to_tensor(b)
out("read", [ra.name, ra.device, rb.device, tf.convert_to_tensor(d).device])
out("user_ops", [x.device, y.device])
losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
out("loss", [tf.convert_to_tensor(l).device for l in losses])
with tf.device("/job:elsewhere"):
    again = tf.identity(a, name="again")
out("read_is_made_once", [again.op.inputs[0].device, again.device])
""", ref_variables=True)

case("layers_dense_under_replica_device_setter", """
with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.layers.dense(x, 4, kernel_regularizer=tf.nn.l2_loss, name="dense")
    h = tf.layers.dense(y, 2, name="out")
k, bias = tf.trainable_variables()[:2]
out("variables", [v.name + " " + v.device for v in tf.trainable_variables()])
out("reads", [tf.convert_to_tensor(k).device, tf.convert_to_tensor(bias).device])
out("outputs", [x.device, y.device, h.device])
losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
out("loss", [tf.convert_to_tensor(l).device for l in losses])
""", ref_variables=True)

case("device_spec_api", """
ds = tf.DeviceSpec.from_string("/job:ps/task:1/gpu:0")
out("fields", [ds.job, ds.replica, ds.task, ds.device_type, ds.device_index, ds.to_string()])
ds.merge_from(tf.DeviceSpec.from_string("/cpu:1"))
out("merge_from", ds.to_string())
ds.task = 5
out("set_task", ds.to_string())
out("replace", [ds.replace(job="w").to_string(), ds.to_string()])
out("parse_from_string", tf.DeviceSpec().parse_from_string("/job:a/task:2").to_string())
out("make_merged_spec", tf.DeviceSpec.from_string("/job:a/task:2").make_merged_spec(
    tf.DeviceSpec.from_string("/cpu:0")).to_string())
out("equal", tf.DeviceSpec.from_string("/gpu:0") == tf.DeviceSpec.from_string("/device:GPU:0"))
out("constructor", tf.DeviceSpec(job="ps", replica=0, task="3", device_type="gpu",
                                 device_index=0).to_string())
out("empty", tf.DeviceSpec().to_string())
""", ref_variables=True)

case("optimizer_slots_sit_with_their_variables", """
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    a = tf.get_variable("a", [2])
    b = tf.get_variable("b", [2])
    c = tf.get_variable("c", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    loss = tf.reduce_sum(a * b) + tf.reduce_sum(c)
    step = tf.train.AdamOptimizer(0.1).minimize(loss)
    m = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    ema = tf.train.ExponentialMovingAverage(0.9)
    up = ema.apply([a, b])
    gs = tf.train.get_or_create_global_step()
out("variables", [v.name + " " + v.device for v in tf.global_variables()])
out("ops", [step.device, loss.device])
""", ref_variables=True)

case("caching_device_places_the_read", """
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    a = tf.get_variable("a", [2], caching_device="/job:worker/cpu:0")
    with tf.variable_scope("s", caching_device=lambda op: "/job:cache/task:%d" % len(op.name)):
        b = tf.get_variable("b", [2])
    c = tf.get_variable("c", [2])
out("variables", [a.device, b.device, c.device])
out("reads", [tf.convert_to_tensor(v).device for v in (a, b, c)])
out("assign", [a.initializer.device, b.initializer.device])
""", ref_variables=True)

case("colocate_with_and_the_round_robin", """
with tf.device("/job:ps/task:1"):
    v = tf.get_variable("v", [2])
u = tf.get_variable("u", [2])
with tf.device("/job:a"):
    with tf.colocate_with(v):
        c = tf.constant(1.0, name="c")
        with tf.device("/job:b"):
            d = tf.constant(1.0, name="d")
        w = tf.get_variable("w", [2])
    with tf.colocate_with(u):
        e = tf.constant(1.0, name="e")
        with tf.device("/job:b"):
            f = tf.constant(1.0, name="f")
        g = tf.get_variable("g", [2])
    with tf.colocate_with(c.op):
        h = tf.constant(1.0, name="h")
    with tf.colocate_with(None, ignore_existing=True):
        i = tf.constant(1.0, name="i")
        j = tf.get_variable("j", [2])
out("ops", [c.device, d.device, e.device, f.device, h.device, i.device])
out("variables", [w.device, g.device, j.device])
err("none", lambda: tf.colocate_with(None).__enter__())
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    with tf.colocate_with(v):
        x = tf.get_variable("x", [2])      # asks the setter (task 0), sits on v's device
    y = tf.get_variable("y", [2])
    a = tf.get_variable("a", [2])
    b = tf.get_variable("b", [2])
    k = tf.get_variable("k", [2])
    loss = tf.reduce_sum(a * b * k)
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, var_list=[a, b, k])   # 3 slots
    z = tf.get_variable("z", [2])
out("round_robin", [x.device, y.device, a.device, b.device, k.device, z.device])
out("slots", [s.name + " " + s.device for s in tf.global_variables() if "Momentum" in s.name])
""", ref_variables=True)
