"""Small TF1 graph-mode programs about ops, recorded with TensorFlow (``record_tf.py``) and replayed
against scopelab (``test_ops_recorded.py``). Our own programs; see ``ops_harness.py`` for the API."""

CASES: dict[str, str] = {}


def case(name: str, source: str) -> None:
    assert name not in CASES, name
    CASES[name] = source


# --- names ------------------------------------------------------------------------------------------
case("placeholder_names", """
a = tf.placeholder(tf.float32, [None, 3])
b = tf.placeholder(tf.float32, [None, 3])
c = tf.placeholder(tf.int32, name="ids")
d = tf.placeholder(tf.int32, name="ids")
with tf.name_scope("inputs"):
    e = tf.placeholder(tf.float32, shape=[2, None, 4])
    f = tf.placeholder(tf.float32, shape=None, name="Placeholder")
with tf.variable_scope("vs"):
    g = tf.placeholder(tf.bool, [])
static("a", a); static("b", b); static("c", c); static("d", d); static("e", e); static("f", f)
static("g", g)
out("ops", [a.op.name, a.op.type, e.op.name, len(a.op.inputs), len(a.op.outputs)])
out("graph", [a.graph is tf.get_default_graph(), a.op.outputs[0] is a, a.value_index])
out("str", [str(a), str(f)])
""")

case("operator_and_function_names", """
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.placeholder(tf.float32, [None, 3], name="y")
ops = [x + y, x - y, x * y, x / y, x // y, x % y, x ** 2, -x, abs(x), x < y, x >= y,
       tf.add(x, y), tf.subtract(x, y), tf.multiply(x, y), tf.divide(x, y), tf.truediv(x, y),
       tf.maximum(x, y), tf.minimum(x, y), tf.pow(x, y), tf.square(x), tf.sqrt(x), tf.exp(x),
       tf.log(x), tf.abs(x), 2.0 * x, 1 + x, x + 1, tf.identity(x), tf.negative(x),
       tf.equal(x, y), tf.not_equal(x, y), tf.sigmoid(x), tf.tanh(x), tf.nn.relu(x),
       tf.nn.relu6(x), tf.nn.elu(x), tf.nn.selu(x), tf.nn.softplus(x), tf.nn.leaky_relu(x),
       tf.nn.softmax(x), tf.nn.log_softmax(x), tf.rsqrt(x), tf.log1p(x), tf.sign(x),
       tf.cast(x, tf.int32), tf.stop_gradient(x), tf.reciprocal(x), tf.floor(x),
       tf.squared_difference(x, y), tf.matmul(x, tf.transpose(y)), x @ tf.transpose(y)]
names("names", ops)
out("types", [t.op.type for t in ops if t.op.type in ("Mul", "Sub", "RealDiv", "FloorDiv",
      "FloorMod", "Pow", "Neg", "Abs", "Less", "GreaterEqual", "Maximum", "Minimum", "Square",
      "Sqrt", "Exp", "Log", "Identity", "Equal", "NotEqual", "Sigmoid", "Tanh", "Relu", "Relu6",
      "Elu", "Selu", "Softplus", "LeakyRelu", "Softmax", "LogSoftmax", "Rsqrt", "Log1p", "Sign",
      "Cast", "StopGradient", "Reciprocal", "Floor", "SquaredDifference", "MatMul", "Transpose")])
""")

case("names_under_scopes", """
x = tf.placeholder(tf.float32, [2, 3], name="x")
with tf.name_scope("layer"):
    a = x * 2
    b = x * 3
    with tf.name_scope("inner"):
        c = tf.reduce_sum(a)
with tf.name_scope("layer"):
    d = x + 1
with tf.variable_scope("dense"):
    w = tf.get_variable("w", [3, 4])
    e = tf.matmul(x, w)
with tf.variable_scope("dense", reuse=True):
    w2 = tf.get_variable("w", [3, 4])
    f = tf.matmul(x, w2, name="logits")
g = tf.add(x, 1.0, name="my_add")
h = tf.add(x, 1.0, name="my_add")
k = tf.identity(x, name="My_Add")
names("names", [a, b, c, d, e, f, g, h, k])
out("inputs", [[t.name for t in a.op.inputs], [t.name for t in e.op.inputs],
               [t.name for t in g.op.inputs], [t.name for t in c.op.inputs]])
""")

case("constant_names_and_values", """
a = tf.constant(1.0)
b = tf.constant([1, 2, 3])
c = tf.constant(2.5, shape=[2, 2], name="c")
d = tf.constant(np.arange(6).reshape(2, 3))
e = tf.constant([1.0, 2.0], dtype=tf.float64)
f = tf.constant([[1, 2], [3, 4]], dtype=tf.int64, name="c")
g = tf.constant(True)
static("statics", [a, b, c, d, e, f, g])
val("values", [a, b, c, d, e, f, g])
with tf.name_scope("s"):
    h = tf.constant(0)
static("h", h)
""")

case("reduction_and_conversion_names", """
x = tf.placeholder(tf.float32, [2, 3])
s = tf.reduce_sum(x)
m = tf.reduce_mean(x, axis=1)
k = tf.constant(3.0)
u = tf.reduce_max(x, 0, keepdims=True)
z = tf.zeros([2, 3])
o = tf.ones_like(x)
zl = tf.zeros_like(x)
r = tf.range(5)
names("names", [s, m, k, u, z, o, zl, r])
names("sum_inputs", s.op.inputs)
names("mean_inputs", m.op.inputs)
""")

# --- static shapes ---------------------------------------------------------------------------------
case("broadcast_shapes", """
a = tf.placeholder(tf.float32, [None, 3])
b = tf.placeholder(tf.float32, [3])
c = tf.placeholder(tf.float32, [None, 1])
d = tf.placeholder(tf.float32, [4, 1, 3])
e = tf.placeholder(tf.float32, None)
f = tf.placeholder(tf.float32, [None, None])
g = tf.placeholder(tf.float32, [1, 3])
static("shapes", [a + b, a * c, c + b, d + a, a + e, f + b, c * g, d - c, f * g, a + 1.0])
err("mismatch", lambda: tf.placeholder(tf.float32, [2, 3]) + tf.placeholder(tf.float32, [2, 4]))
err("mismatch_rank3", lambda: d + tf.placeholder(tf.float32, [2, 5, 3]))
""")

case("reduction_shapes", """
x = tf.placeholder(tf.float32, [None, 4, 5])
u = tf.placeholder(tf.float32, None)
static("shapes", [tf.reduce_sum(x), tf.reduce_sum(x, 0), tf.reduce_sum(x, [1, 2]),
                  tf.reduce_mean(x, -1, keepdims=True), tf.reduce_max(x, axis=1, keep_dims=True),
                  tf.reduce_min(x, reduction_indices=[0, 2]), tf.reduce_prod(x, 2),
                  tf.reduce_sum(u), tf.reduce_sum(u, 1), tf.reduce_sum(u, 1, keepdims=True),
                  tf.argmax(x, 1), tf.argmin(x, axis=-1), tf.reduce_logsumexp(x, 2),
                  tf.reduce_any(x > 0, 1), tf.reduce_all(x > 0)])
err("bad_axis", lambda: tf.reduce_sum(x, 3))
err("both_axes", lambda: tf.reduce_sum(x, axis=0, reduction_indices=0))
""")

case("matmul_shapes", """
a = tf.placeholder(tf.float32, [None, 3])
b = tf.placeholder(tf.float32, [3, 5])
c = tf.placeholder(tf.float32, [7, 2, 3])
d = tf.placeholder(tf.float32, [7, 3, 4])
e = tf.placeholder(tf.float32, [5, 3])
static("shapes", [tf.matmul(a, b), tf.matmul(c, d), tf.matmul(a, e, transpose_b=True),
                  tf.matmul(b, a, transpose_a=True, transpose_b=True), tf.matmul(c, b),
                  tf.einsum("ij,jk->ik", a, b), tf.einsum("bij,bjk->bik", c, d),
                  tf.tensordot(c, b, 1), tf.tensordot(c, b, [[2], [0]])])
err("inner", lambda: tf.matmul(a, e))
err("rank1", lambda: tf.matmul(tf.placeholder(tf.float32, [3]), b))
err("dtype", lambda: tf.matmul(a, tf.placeholder(tf.float64, [3, 5])))
""")

case("array_shapes", """
x = tf.placeholder(tf.float32, [None, 4, 6])
y = tf.placeholder(tf.float32, [2, 3])
static("reshape", [tf.reshape(x, [-1, 6]), tf.reshape(x, [-1, 2, 12]), tf.reshape(y, [6]),
                   tf.reshape(y, [3, -1]), tf.reshape(x, [tf.shape(x)[0], -1]),
                   tf.reshape(x, tf.stack([tf.shape(x)[0], 24])), tf.reshape(y, [])
                   if False else tf.reshape(y, [1, 6])])
static("transpose", [tf.transpose(x), tf.transpose(x, [0, 2, 1]), tf.transpose(y)])
static("concat", [tf.concat([x, x], 1), tf.concat([x, x], -1), tf.concat([y, y], 0),
                  tf.concat([x, tf.placeholder(tf.float32, [3, 4, 6])], 0)])
static("split", tf.split(x, 3, axis=2) + tf.split(x, [1, 3], axis=1) + tf.split(y, [2, -1], 1))
static("stack", [tf.stack([y, y]), tf.stack([y, y, y], axis=1), tf.stack([y, y], axis=-1)])
static("unstack", tf.unstack(y) + tf.unstack(y, axis=1))
static("expand", [tf.expand_dims(y, 0), tf.expand_dims(y, -1), tf.expand_dims(x, 1)])
static("squeeze", [tf.squeeze(tf.placeholder(tf.float32, [1, 3, 1])),
                   tf.squeeze(tf.placeholder(tf.float32, [1, 3, 1]), [2]),
                   tf.squeeze(tf.placeholder(tf.float32, [None, 1]), axis=1)])
static("tile", [tf.tile(y, [2, 3]), tf.tile(x, [1, 2, 1])])
static("pad", [tf.pad(y, [[1, 1], [2, 0]]), tf.pad(x, [[0, 0], [1, 1], [1, 1]], "REFLECT")])
static("shape_ops", [tf.shape(x), tf.shape(y), tf.rank(x), tf.size(y), tf.shape(x)[0]])
err("reshape_bad", lambda: tf.reshape(y, [4, 2]))
err("concat_bad", lambda: tf.concat([y, tf.placeholder(tf.float32, [2, 4])], 0))
err("split_uneven", lambda: tf.split(y, 2, axis=1))
err("squeeze_bad", lambda: tf.squeeze(y, [0]))
err("unstack_unknown", lambda: tf.unstack(x))
err("stack_mismatch", lambda: tf.stack([y, tf.placeholder(tf.float32, [3, 2])]))
""")

case("slicing_shapes", """
x = tf.placeholder(tf.float32, [5, 6, 7])
u = tf.placeholder(tf.float32, [None, 6, None])
static("slices", [x[0], x[1:3], x[:, 2], x[..., 1], x[:, :, tf.newaxis], x[::-1], x[::2, 1:5:2],
                  x[1, ..., 2], x[tf.newaxis, 1], x[-1, -2:], x[:, ::-2, 3], u[:, 1], u[1:, :, 2:],
                  x[...], x[2:1], x[:, None, :, None]])
i = tf.placeholder(tf.int32, [])
static("tensor_index", [x[i], x[i:i + 2]])
static("slice_op", [tf.slice(x, [1, 0, 0], [2, -1, 3]), tf.strided_slice(x, [0, 0], [2, 4])])
names("names", [x[0], x[1:], x[i]])
err("out_of_range", lambda: x[5])
err("list_index", lambda: x[[1, 2]])
""")

case("conv_pool_shapes", """
img = tf.placeholder(tf.float32, [None, 28, 28, 3])
odd = tf.placeholder(tf.float32, [2, 7, 9, 3])
k3 = tf.placeholder(tf.float32, [3, 3, 3, 8])
k5 = tf.placeholder(tf.float32, [5, 5, 3, 4])
static("conv", [tf.nn.conv2d(img, k3, [1, 1, 1, 1], "SAME"), tf.nn.conv2d(img, k3, [1, 2, 2, 1], "SAME"),
                tf.nn.conv2d(img, k3, [1, 1, 1, 1], "VALID"), tf.nn.conv2d(odd, k5, [1, 2, 2, 1], "VALID"),
                tf.nn.conv2d(odd, k5, [1, 3, 2, 1], "SAME"), tf.nn.conv2d(odd, k3, [1, 1, 1, 1], "SAME",
                dilations=[1, 2, 2, 1])])
static("pool", [tf.nn.max_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
                tf.nn.max_pool(odd, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"),
                tf.nn.avg_pool(odd, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
                tf.nn.avg_pool(img, ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1], padding="VALID")])
seq = tf.placeholder(tf.float32, [None, 20, 5])
static("conv1d", [tf.nn.conv1d(seq, tf.placeholder(tf.float32, [3, 5, 16]), 1, "SAME"),
                  tf.nn.conv1d(seq, tf.placeholder(tf.float32, [4, 5, 2]), 2, "VALID")])
static("transpose", [tf.nn.conv2d_transpose(tf.placeholder(tf.float32, [4, 7, 7, 8]),
                     tf.placeholder(tf.float32, [5, 5, 3, 8]), [4, 14, 14, 3], [1, 2, 2, 1], "SAME")])
dw = tf.placeholder(tf.float32, [3, 3, 3, 2])
pw = tf.placeholder(tf.float32, [1, 1, 6, 10])
static("depthwise", [tf.nn.depthwise_conv2d(odd, dw, [1, 1, 1, 1], "SAME"),
                     tf.nn.separable_conv2d(odd, dw, pw, [1, 1, 1, 1], "VALID")])
names("names", [tf.nn.conv2d(img, k3, [1, 1, 1, 1], "SAME"), tf.nn.max_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
                tf.nn.conv1d(seq, tf.placeholder(tf.float32, [3, 5, 16]), 1, "SAME"),
                tf.nn.separable_conv2d(odd, dw, pw, [1, 1, 1, 1], "VALID"),
                tf.nn.depthwise_conv2d(odd, dw, [1, 1, 1, 1], "SAME")])
err("depth", lambda: tf.nn.conv2d(img, k5[:, :, :2, :], [1, 1, 1, 1], "SAME"))
err("pool_too_big", lambda: tf.nn.max_pool(odd, [1, 8, 8, 1], [1, 1, 1, 1], "VALID"))
""")

case("nn_shapes_and_names", """
logits = tf.placeholder(tf.float32, [None, 10])
labels = tf.placeholder(tf.int32, [None])
onehot = tf.placeholder(tf.float32, [None, 10])
x = tf.placeholder(tf.float32, [None, 4, 4, 3])
b = tf.placeholder(tf.float32, [3])
sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=logits)
sig = tf.nn.sigmoid_cross_entropy_with_logits(labels=onehot, logits=logits)
mean, var = tf.nn.moments(x, [0, 1, 2])
bn = tf.nn.batch_normalization(x, mean, var, b, b, 1e-3)
ba = tf.nn.bias_add(x, b)
l2 = tf.nn.l2_normalize(logits, 1)
l2l = tf.nn.l2_loss(logits)
drop = tf.nn.dropout(x, keep_prob=0.5)
drop2 = tf.nn.dropout(x, rate=0.1)
oh = tf.one_hot(labels, 10)
static("statics", [sparse, dense, sig, mean, var, bn, ba, l2, l2l, drop, drop2, oh])
err("sparse_rank", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=onehot, logits=logits))
err("positional", lambda: tf.nn.softmax_cross_entropy_with_logits(onehot, logits))
err("sigmoid_shape", lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
err("bias_mismatch", lambda: tf.nn.bias_add(x, tf.placeholder(tf.float32, [4])))
err("keep_prob_range", lambda: tf.nn.dropout(x, keep_prob=1.5))
""")

case("index_shapes", """
params = tf.placeholder(tf.float32, [10, 4])
ids = tf.placeholder(tf.int32, [None, 3])
x = tf.placeholder(tf.float32, [None, 5])
static("statics", [tf.gather(params, ids), tf.gather(params, [1, 2]), tf.gather(params, 0, axis=1),
                   tf.gather_nd(params, [[1, 2], [3, 0]]), tf.nn.embedding_lookup(params, ids),
                   tf.one_hot(ids, 7), tf.one_hot(ids, 7, axis=1), tf.where(x > 0, x, -x),
                   tf.where(x > 0), tf.sequence_mask([1, 3], 4), tf.sequence_mask(ids[:, 0], 6),
                   tf.matrix_band_part(params, -1, 0), tf.reverse(x, [1]),
                   tf.boolean_mask(params, params[:, 0] > 0)])
names("names", [tf.nn.embedding_lookup(params, ids), tf.one_hot(ids, 7), tf.gather(params, ids),
                tf.sequence_mask([1, 3], 4), tf.where(x > 0, x, -x)])
""")

case("random_shapes_and_names", """
a = tf.random_normal([2, 3])
b = tf.random_uniform([4], minval=-1, maxval=1)
c = tf.truncated_normal([2, 2], stddev=0.1, name="init")
n = tf.placeholder(tf.int32, [])
d = tf.random_normal([n, 3])
e = tf.random_uniform([3], maxval=10, dtype=tf.int32)
f = tf.random_shuffle(tf.constant([1, 2, 3, 4]))
static("statics", [a, b, c, d, e, f])
err("int_no_max", lambda: tf.random_uniform([2], dtype=tf.int32))
""")

case("control_flow_shapes", """
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32, [None, 3])
r = tf.cond(p, lambda: x * 2, lambda: x + 1)
pair = tf.cond(p, lambda: (x, tf.reduce_sum(x)), lambda: (x + 1, tf.constant(0.0)))
i0 = tf.constant(0)
out_i, out_s = tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + tf.cast(i, tf.float32)),
                             [i0, tf.constant(0.0)])
static("statics", [r, pair[0], pair[1], out_i, out_s])
err("python_bool", lambda: tf.cond(True, lambda: x, lambda: x))
err("dtypes", lambda: tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(1.0)))
err("shape_change", lambda: tf.while_loop(lambda v: tf.reduce_sum(v) < 10, lambda v: tf.concat([v, v], 0),
                                          [tf.constant([1.0])]))
""")

# --- values ------------------------------------------------------------------------------------------
case("math_values", """
a = rng.uniform(-2, 2, (3, 4)).astype(np.float32)
b = rng.uniform(0.5, 2, (3, 4)).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 4])
feed = {x: a, y: b}
val("arith", [x + y, x - y, x * y, x / y, x // y, x % y, -x, abs(x), y ** 2, 2.0 - x, 1.0 / y], feed)
val("unary", [tf.exp(x), tf.log(y), tf.sqrt(y), tf.rsqrt(y), tf.square(x), tf.sign(x),
              tf.log1p(y), tf.tanh(x), tf.sigmoid(x), tf.floor(x), tf.ceil(x), tf.round(x * 3)], feed)
val("compare", [x < y, x <= 0, tf.equal(x, x), tf.logical_and(x > 0, y > 1), tf.logical_not(x > 0),
                tf.maximum(x, 0.0), tf.minimum(x, y), tf.clip_by_value(x, -0.5, 0.5)], feed)
val("reduce", [tf.reduce_sum(x), tf.reduce_mean(x, 0), tf.reduce_max(x, 1), tf.reduce_min(x, 1, keepdims=True),
               tf.reduce_prod(y, 0), tf.reduce_logsumexp(x, 1), tf.argmax(x, 1), tf.argmin(x, 0),
               tf.cumsum(x, 1), tf.cumsum(x, 0, exclusive=True, reverse=True),
               tf.reduce_any(x > 1.5, 1), tf.reduce_all(y > 0.4)], feed)
val("matmul", [tf.matmul(x, y, transpose_b=True), tf.matmul(x, y, transpose_a=True),
               tf.einsum("ij,kj->ik", x, y), tf.tensordot(x, y, [[1], [1]])], feed)
val("ints", [tf.constant([7, -7]) // 2, tf.constant([7, -7]) % 3, tf.constant([7, -7]) / 2,
             tf.div(tf.constant([7, -7]), 2), tf.reduce_mean(tf.constant([1, 2, 4])),
             tf.cast(tf.constant([1.7, -1.7]), tf.int32), tf.range(1, 10, 3), tf.range(0.0, 1.0, 0.25)])
val("add_n", [tf.add_n([x, y, x])], feed)
""")

case("array_values", """
a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
x = tf.placeholder(tf.float32, [None, 3, 4])
feed = {x: a}
val("shape", [tf.reshape(x, [-1, 4]), tf.transpose(x, [2, 0, 1]), tf.concat([x, x], 2),
              tf.stack([x, x], 1), tf.expand_dims(x, 1), tf.tile(x, [1, 2, 1]),
              tf.pad(x, [[0, 0], [1, 0], [0, 2]], constant_values=-1),
              tf.pad(x, [[0, 0], [1, 1], [2, 2]], "REFLECT"), tf.pad(x, [[0, 0], [1, 1], [1, 1]], "SYMMETRIC"),
              tf.reverse(x, [1, 2]), tf.shape(x), tf.size(x), tf.rank(x)], feed)
val("split", tf.split(x, 2, axis=2) + tf.split(x, [1, -1], 1) + tf.unstack(x, axis=1), feed)
val("slices", [x[0], x[:, 1:], x[..., ::-2], x[:, tf.newaxis, 2, 1:3], x[-1, ::2, -1], x[1:, :, None]],
    feed)
val("slice_op", [tf.slice(x, [0, 1, 1], [2, 2, -1]), tf.strided_slice(x, [0, 0, 0], [2, 3, 4], [1, 2, 3])],
    feed)
val("fill", [tf.zeros([2, 2]), tf.ones([3], tf.int32), tf.fill([2, 3], 7.0), tf.zeros_like(x),
             tf.ones_like(x, dtype=tf.int32)], feed)
""")

case("index_values", """
params = np.arange(20, dtype=np.float32).reshape(5, 4)
p = tf.placeholder(tf.float32, [5, 4])
ids = tf.placeholder(tf.int32, [None])
feed = {p: params, ids: [4, 0, 2]}
val("gather", [tf.gather(p, ids), tf.gather(p, [1, 3], axis=1), tf.gather_nd(p, [[0, 1], [4, 3]]),
               tf.nn.embedding_lookup(p, ids), tf.one_hot(ids, 5), tf.one_hot(ids, 3, on_value=5, off_value=-1),
               tf.where(p > 10, p, -p), tf.where(p > 17), tf.sequence_mask(ids, 5),
               tf.sequence_mask([1, 3]), tf.matrix_band_part(p, 1, 0), tf.matrix_band_part(p, -1, 1),
               tf.boolean_mask(p, [True, False, True, False, False]),
               tf.reverse_sequence(p, [2, 4, 1, 3, 0], seq_axis=1, batch_axis=0)], feed)
err("bad_id", lambda: RUN(tf.gather(p, ids), {p: params, ids: [7]}))
""")

case("nn_values", """
a = rng.uniform(-3, 3, (4, 5)).astype(np.float32)
onehot = np.eye(5, dtype=np.float32)[[1, 0, 4, 2]]
x = tf.placeholder(tf.float32, [None, 5])
feed = {x: a}
val("activations", [tf.nn.relu(x), tf.nn.relu6(x * 3), tf.nn.elu(x), tf.nn.selu(x), tf.nn.softplus(x),
                    tf.nn.softsign(x), tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, 0.1),
                    tf.nn.softmax(x), tf.nn.log_softmax(x), tf.nn.softmax(x, axis=0)], feed)
val("losses", [tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0, 4, 2], logits=x),
               tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=x),
               tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=x),
               tf.nn.sigmoid_cross_entropy_with_logits(labels=onehot, logits=x),
               tf.nn.l2_loss(x), tf.nn.l2_normalize(x, 1), tf.nn.bias_add(x, [1., 2., 3., 4., 5.])], feed)
m, v = tf.nn.moments(x, [0])
mk, vk = tf.nn.moments(x, [1], keep_dims=True)
val("moments", [m, v, mk, vk, tf.nn.batch_normalization(x, m, v, 0.5, 2.0, 1e-3)], feed)
top = tf.nn.top_k(x, 2)
val("topk", [top.values if hasattr(top, "values") else top[0], top[1], tf.nn.in_top_k(x, [1, 0, 4, 2], 2)], feed)
g, n = tf.clip_by_global_norm([x, 2 * x], 5.0)
val("clip", [g[0], g[1], n, tf.clip_by_norm(x, 1.0), tf.global_norm([x])], feed)
""")

case("conv_values", """
img = rng.uniform(-1, 1, (2, 7, 6, 3)).astype(np.float32)
ker = rng.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 7, 6, 3])
feed = {x: img}
val("conv", [tf.nn.conv2d(x, ker, [1, 1, 1, 1], "SAME"), tf.nn.conv2d(x, ker, [1, 2, 2, 1], "SAME"),
             tf.nn.conv2d(x, ker, [1, 2, 1, 1], "VALID"),
             tf.nn.conv2d(x, ker, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])], feed)
val("pool", [tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"),
             tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")],
    feed)
dw = rng.uniform(-1, 1, (3, 3, 3, 2)).astype(np.float32)
pw = rng.uniform(-1, 1, (1, 1, 6, 5)).astype(np.float32)
val("depthwise", [tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME"),
                  tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "VALID"),
                  tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME")], feed)
small = rng.uniform(-1, 1, (2, 4, 3, 4)).astype(np.float32)
tk = rng.uniform(-1, 1, (3, 3, 5, 4)).astype(np.float32)
val("transpose", [tf.nn.conv2d_transpose(small, tk, [2, 8, 6, 5], [1, 2, 2, 1], "SAME"),
                  tf.nn.conv2d_transpose(small, tk, [2, 9, 7, 5], [1, 2, 2, 1], "VALID"),
                  tf.nn.conv2d_transpose(small, tk, [2, 4, 3, 5], [1, 1, 1, 1], "SAME")])
seq = rng.uniform(-1, 1, (2, 9, 3)).astype(np.float32)
k1 = rng.uniform(-1, 1, (4, 3, 2)).astype(np.float32)
val("conv1d", [tf.nn.conv1d(seq, k1, 1, "SAME"), tf.nn.conv1d(seq, k1, 2, "VALID")])
""")

case("control_flow_values", """
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32, [3])
only_true = tf.placeholder(tf.float32, [3])
r = tf.cond(p, lambda: x * 2, lambda: x + 1)
captured = tf.cond(p, lambda: only_true * 1.0, lambda: x)
val("cond", [r], {p: True, x: [1., 2., 3.]})
val("cond_false", [r], {p: False, x: [1., 2., 3.]})
err("untaken_branch_input_still_fed", lambda: RUN(captured, {p: False, x: [1., 2., 3.]}))
inside = tf.cond(p, lambda: tf.placeholder(tf.float32, [3]) * 1.0, lambda: x)
val("untaken_branch_internal_op", inside, {p: False, x: [4., 5., 6.]})
i, s = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + x), [tf.constant(0), tf.zeros([3])])
val("while", [i, s], {x: [1., 2., 3.]})
n = tf.while_loop(lambda k: k < 100, lambda k: k * 2, [tf.constant(1)], maximum_iterations=4)
val("max_iter", n)
c = tf.case([(tf.reduce_sum(x) > 10, lambda: tf.constant(1)), (tf.reduce_sum(x) > 5, lambda: tf.constant(2))],
            default=lambda: tf.constant(3))
val("case", [c], {x: [1., 2., 3.]})
val("case2", [c], {x: [5., 5., 3.]})
""")

# --- sessions --------------------------------------------------------------------------------------
case("session_fetches_and_feeds", """
import collections
x = tf.placeholder(tf.float32, [None, 2], name="x")
y = x * 2
z = tf.reduce_sum(y, name="z")
w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
Pair = collections.namedtuple("Pair", "a b")
feed = {x: [[1., 2.], [3., 4.]]}
val("list", [y, z], feed)
val("tuple", (z, y), feed)
val("dict", {"y": y, "z": z, "nested": [z, (y, z)]}, feed)
val("namedtuple", Pair(a=z, b=[y]), feed)
val("by_name", ["x:0", "z:0"], {"x:0": [[1., 1.]]})
val("variable", w)
val("same_twice", [z, z, z], feed)
out("op_fetch", RUN(tf.group(y, z), feed) is None)
out("none_op", RUN([tf.no_op(), z], feed)[0] is None)
val("feed_intermediate", z, {y: [[10., 10.]]})
val("placeholder_with_default", tf.placeholder_with_default(tf.constant([5.0]), [None]) * 2)
""")

case("session_errors", """
x = tf.placeholder(tf.float32, [None, 3])
y = x + 1
v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
err("wrong_shape", lambda: RUN(y, {x: np.zeros((2, 4))}))
err("wrong_rank", lambda: RUN(y, {x: np.zeros(3)}))
err("missing_feed", lambda: RUN(y, None))
err("tensor_feed", lambda: RUN(y, {x: tf.zeros([1, 3])}))
err("bad_fetch", lambda: RUN(np.zeros(2), None))
err("unknown_name", lambda: RUN("nothing:0", None))
with tf.Graph().as_default():
    elsewhere = tf.constant(1.0)
err("other_graph", lambda: sess.run(elsewhere))
""")

case("uninitialized_variable", """
v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
s = tf.Session()
err("uninitialized", lambda: s.run(v + 1))
s.run(tf.variables_initializer([v]))
out("after_init", s.run(v + 1).tolist())
err("other_still", lambda: s.run(w))
s.run(tf.global_variables_initializer())
out("all", s.run([v, w]))
s.close()
s2 = tf.Session()
err("new_session", lambda: s2.run(v))
out("report", sorted(x.decode() for x in s2.run(tf.report_uninitialized_variables())))
out("is_init", s2.run(tf.is_variable_initialized(v)))
s2.run(tf.assign(v, [3., 4.]))
out("assign_initializes", s2.run(v).tolist())
err("closed", lambda: s.run(v))
""")

case("random_ops_per_run", """
tf.set_random_seed(7)
r = tf.random_normal([3])
u = tf.random_uniform([2, 2], seed=3)
s1 = tf.Session()
a1, b1 = s1.run(r), s1.run(r)
ua = s1.run(u)
s2 = tf.Session()
a2 = s2.run(r)
out("new_values_each_run", bool(np.any(a1 != b1)))
out("same_first_run_in_new_session", bool(np.all(a1 == a2)))
out("uniform_range", bool(np.all((ua >= 0) & (ua < 1))))
out("one_value_per_run", bool(np.all(np.equal(*s1.run([r, r])))))
both = s1.run([r, r * 1.0])
out("shared_within_run", bool(np.allclose(both[0], both[1])))
d = tf.nn.dropout(tf.ones([1000]), keep_prob=0.5)
dv = s1.run(d)
out("dropout_values", sorted(set(np.round(dv, 4).tolist())))
out("dropout_rate", bool(0.4 < np.mean(dv == 0) < 0.6))
""")

# --- conversion rules (issue 10 item 6) ------------------------------------------------------------
case("conversion_rules", """
err("list_float_into_int64", lambda: tf.constant([1.0, 2.0], dtype=tf.int64))
err("list_float_into_int32", lambda: tf.constant(1.5, dtype=tf.int32))
val("numpy_float_into_int64", tf.constant(np.array([1.5, 2.7]), dtype=tf.int64))
err("variable_list", lambda: tf.Variable([1.0, 2.0], dtype=tf.int64))
v = tf.Variable(np.array([1.5, 2.7]), dtype=tf.int64)
static("variable_numpy", v)
val("variable_numpy_value", v)
with tf.variable_scope("ci"):
    a = tf.get_variable("a", [2], dtype=tf.int64, initializer=tf.constant_initializer(np.array([1.5, 2.5])))
    err("ci_list", lambda: tf.get_variable("b", [2], dtype=tf.int64, initializer=tf.constant_initializer([1.5, 2.5])))
val("ci_numpy", a)
err("gv_numpy_dtype", lambda: tf.get_variable("c", dtype=tf.int64, initializer=np.array([1.5])))
err("gv_tensor_dtype", lambda: tf.get_variable("d", dtype=tf.float32, initializer=tf.constant([1, 2])))
e = tf.get_variable("e", initializer=tf.constant([1.0, 2.0], dtype=tf.float64))
static("gv_tensor_keeps_dtype", e)
err("add_float_to_int", lambda: tf.constant([1, 2]) + 1.5)
err("add_mismatch", lambda: tf.add(tf.constant([1, 2]), tf.constant([1.0, 2.0])))
err("conversion_dtype", lambda: tf.convert_to_tensor(tf.constant([1, 2]), dtype=tf.float32))
""")

case("composite_op_names", """
x = tf.placeholder(tf.float32, [None, 4], name="x")
p = tf.placeholder(tf.bool, [], name="p")
outs = [tf.clip_by_value(x, 0.0, 1.0), tf.nn.l2_normalize(x, 1), tf.nn.moments(x, [0])[0],
        tf.nn.moments(x, [0])[1], tf.zeros([2, 3]), tf.ones([3], name="o"), tf.zeros_like(x),
        tf.ones_like(x), tf.fill([2], 1.0), tf.reduce_logsumexp(x, 1), tf.nn.xw_plus_b(x, tf.ones([4, 2]), tf.ones([2])),
        tf.nn.embedding_lookup(tf.ones([5, 2]), [1, 2]), tf.squeeze(tf.expand_dims(x, 0)),
        tf.split(x, 2, 1)[1], tf.unstack(x, axis=1)[2], tf.stack([x, x]), tf.concat([x, x], 1),
        tf.cast(x, tf.int32), tf.cast(x, tf.float32), tf.transpose(x), tf.one_hot([1], 3),
        tf.sequence_mask([1, 2], 3), tf.range(3), tf.nn.softmax(x, axis=0), tf.nn.swish(x),
        tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x), tf.nn.dropout(x, keep_prob=1.0)]
names("names", outs)
with tf.name_scope("block"):
    c = tf.cond(p, lambda: x * 2, lambda: tf.identity(x))
    i = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])
names("control_flow", [c, i])
""")

case("more_nn_values", """
img = rng.uniform(-1, 1, (2, 3, 3, 4)).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3, 3, 4])
scale = np.array([1.0, 2.0, 0.5, 1.5], np.float32)
offset = np.array([0.0, 0.1, -0.2, 0.3], np.float32)
y, m, v = tf.nn.fused_batch_norm(x, scale, offset, epsilon=1e-3)
mean = np.array([0.1, 0.0, -0.1, 0.2], np.float32)
var = np.array([1.0, 0.5, 2.0, 1.5], np.float32)
yi, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=mean, variance=var, epsilon=1e-3,
                                  is_training=False)
static("fused", [y, m, v, yi])
val("fused_values", [y, m, v, yi], {x: img})
val("lrn", [tf.nn.lrn(x, depth_radius=1, bias=1.0, alpha=0.5, beta=0.75),
            tf.nn.local_response_normalization(x)], {x: img})
val("elementwise", [tf.erf(x), tf.expm1(x), tf.nn.crelu(x), tf.nn.swish(x), tf.is_finite(x / x),
                    tf.math.reduce_std(x, [1, 2]), tf.math.reduce_variance(x, -1), tf.count_nonzero(x > 0)],
    {x: img})
""")


# --- tf.image -----------------------------------------------------------------------------------------
case("image_resize_shapes", """
x = tf.placeholder(tf.float32, [None, 4, 6, 3])
y = tf.placeholder(tf.uint8, [5, 7, 3])
z = tf.placeholder(tf.int32, [2])
static("resize", [tf.image.resize_images(x, [8, 12]), tf.image.resize_images(y, [8, 12]),
                  tf.image.resize_images(x, [4, 6]), tf.image.resize_images(x, z),
                  tf.image.resize_images(x, [3, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR),
                  tf.image.resize_images(y, (3, 3), method=1), tf.image.resize(x, [2, 2]),
                  tf.image.resize_bilinear(x, [5, 5]), tf.image.resize_nearest_neighbor(x, [5, 5]),
                  tf.image.resize_bilinear(x, z, align_corners=True, name="rb")])
static("flips", [tf.image.random_flip_left_right(y), tf.image.flip_left_right(y),
                 tf.image.flip_up_down(x), tf.image.random_flip_up_down(y)])
static("standardize", [tf.image.per_image_standardization(y), tf.image.per_image_standardization(x)])
static("convert", [tf.image.convert_image_dtype(y, tf.float32)])
err("rank2", lambda: tf.image.resize_images(tf.zeros([2, 3]), [4, 4]))
err("op_rank3", lambda: tf.image.resize_bilinear(tf.zeros([2, 3, 3]), [4, 4]))
err("size_len", lambda: tf.image.resize_images(x, [4]))
err("std_rank2", lambda: tf.image.per_image_standardization(tf.zeros([3, 3])))
both = tf.image.resize_bilinear(x, [4, 4], align_corners=True, half_pixel_centers=True)
err("both_modes", lambda: RUN(both, {x: np.zeros([1, 4, 6, 3])}))
err("zero_size", lambda: RUN(tf.image.resize_nearest_neighbor(x, z), {x: np.zeros([1, 4, 6, 3]), z: [0, 2]}))
out("methods", [tf.image.ResizeMethod.BILINEAR, tf.image.ResizeMethod.NEAREST_NEIGHBOR])
""")

case("image_resize_values", """
img = rng.uniform(0, 10, size=(2, 5, 7, 3)).astype(np.float32)
x = tf.placeholder(tf.float32, [2, 5, 7, 3])
u8 = tf.placeholder(tf.uint8, [5, 7, 3])
feed = {x: img, u8: (img[0] * 20).astype(np.uint8)}
for size in ([8, 12], [3, 4], [5, 13], [1, 1], [10, 7]):
    for ac in (False, True):
        val("bilinear %s %s" % (size, ac), tf.image.resize_bilinear(x, size, align_corners=ac), feed)
        val("nearest %s %s" % (size, ac), tf.image.resize_nearest_neighbor(x, size, align_corners=ac), feed)
    val("bilinear half %s" % size, tf.image.resize_bilinear(x, size, half_pixel_centers=True), feed)
    val("nearest half %s" % size, tf.image.resize_nearest_neighbor(x, size, half_pixel_centers=True), feed)
val("resize_images u8", tf.image.resize_images(u8, [9, 4]), feed)
val("resize_images u8 nearest", tf.image.resize_images(u8, [9, 4], method=1), feed)
val("resize_images same", tf.image.resize_images(x, [5, 7]), feed)
val("std", tf.image.per_image_standardization(x), feed)
val("std u8", tf.image.per_image_standardization(u8), feed)
val("std const", tf.image.per_image_standardization(tf.ones([2, 2, 1])))
val("flips", [tf.image.flip_left_right(x), tf.image.flip_up_down(u8)], feed)
val("convert", [tf.image.convert_image_dtype(u8, tf.float32),
                tf.image.convert_image_dtype(tf.constant([[[0.0, 0.5, 1.0]]]), tf.uint8)], feed)
flipped = tf.image.random_flip_left_right(x, seed=3)
v = RUN(flipped, feed)
out("random_flip_each_image_kept_or_mirrored",
    [bool(np.allclose(v[i], img[i]) or np.allclose(v[i], img[i][:, ::-1])) for i in range(2)])
""")


# --- matrices, segments, scatter, small math ----------------------------------------------------------
case("matrix_segment_shapes", """
x = tf.placeholder(tf.float32, [None, 3])
m = tf.placeholder(tf.float32, [2, None, 3, 4])
ids = tf.placeholder(tf.int32, [None])
v = tf.placeholder(tf.float32, [None])
static("shapes", [tf.log_sigmoid(x), tf.lgamma(x), tf.where_v2(x > 0, x, 0.0),
                  tf.where_v2(tf.placeholder(tf.bool, [None, 1]), x, tf.zeros([1, 3])),
                  tf.eye(3), tf.eye(2, 3, batch_shape=[4], dtype=tf.int32), tf.matrix_diag(x),
                  tf.linalg.diag(m), tf.diag(v), tf.matrix_transpose(m),
                  tf.linalg.matrix_transpose(m), tf.norm(x), tf.norm(x, axis=1),
                  tf.norm(m, ord=1, axis=-1, keepdims=True), tf.linalg.norm(m, axis=[-2, -1]),
                  tf.norm(x, ord=np.inf, axis=1), tf.norm(m, ord=1, axis=[-2, -1]),
                  tf.norm(x, ord=3, axis=0), tf.segment_sum(x, ids),
                  tf.unsorted_segment_sum(x, ids, 5),
                  tf.math.unsorted_segment_sum(m, tf.zeros([2, 7], tf.int32), 3),
                  tf.scatter_nd(tf.zeros([4, 1], tf.int32), tf.zeros([4, 3]), [8, 3]),
                  tf.scatter_nd(ids[:, None], v, tf.constant([9])),
                  tf.random.categorical(x, 5), tf.multinomial(x, 4, output_dtype=tf.int32),
                  tf.matrix_diag_part(m), tf.linalg.diag_part(m), tf.trace(m),
                  tf.segment_mean(x, ids), tf.segment_max(x, ids),
                  tf.unsorted_segment_max(x, ids, 4), tf.math.log_sigmoid(x)])
err("transpose_rank1", lambda: tf.matrix_transpose(v))
err("norm_bad_ord", lambda: tf.norm(x, ord=-1))
err("norm_bad_matrix_ord", lambda: tf.norm(m, ord=3, axis=[-2, -1]))
err("segment_ids_rank", lambda: tf.segment_sum(x, tf.zeros([2, 2], tf.int32)))
err("segment_rows", lambda: tf.segment_sum(tf.placeholder(tf.float32, [4, 3]), tf.placeholder(tf.int32, [5])))
err("lgamma_int", lambda: tf.lgamma(tf.constant([1, 2])))
""")

case("matrix_segment_values", """
a = rng.uniform(-3, 3, size=(5, 3)).astype(np.float32)
b = rng.uniform(-3, 3, size=(2, 3, 4)).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3])
m = tf.placeholder(tf.float32, [2, 3, 4])
ids = tf.placeholder(tf.int32, [None])
feed = {x: a, m: b, ids: [0, 0, 2, 2, 3]}
val("math", [tf.log_sigmoid(x), tf.lgamma(tf.abs(x) + 0.1), tf.where_v2(x > 0, x, 0.0)], feed)
val("lgamma_poles", tf.lgamma(tf.constant([0.0, -1.0, -2.5, 1.0, 0.5])))
val("eye", [tf.eye(3), tf.eye(2, 3, batch_shape=[2], dtype=tf.int32), tf.eye(3, 2)])
val("diag", [tf.matrix_diag(x), tf.diag(ids), tf.matrix_diag_part(m), tf.trace(m),
             tf.matrix_transpose(m)], feed)
val("norm", [tf.norm(x), tf.norm(x, axis=1), tf.norm(x, ord=1, axis=0), tf.norm(x, ord=np.inf, axis=1),
             tf.norm(m, axis=[-2, -1]), tf.norm(m, ord=1, axis=[1, 2]), tf.norm(m, ord=np.inf, axis=[1, 2]),
             tf.norm(x, ord=3, axis=1, keepdims=True), tf.norm(m, ord="fro", axis=[1, 2])], feed)
val("segments", [tf.segment_sum(x, ids), tf.segment_mean(x, ids), tf.segment_max(x, ids),
                 tf.segment_min(x, ids), tf.segment_prod(x, ids)], feed)
uids = tf.constant([3, -1, 0, 3, 1])
val("unsorted", [tf.unsorted_segment_sum(x, uids, 5), tf.unsorted_segment_max(x, uids, 5),
                 tf.unsorted_segment_min(x, uids, 5), tf.unsorted_segment_prod(x, uids, 5),
                 tf.unsorted_segment_sum(m, [[0, 1, 0], [2, 2, 1]], 4)], feed)
val("scatter", [tf.scatter_nd([[1], [3], [1]], [[1., 2.], [3., 4.], [5., 6.]], [5, 2]),
                tf.scatter_nd([[0, 1], [2, 2]], [7, 8], [3, 3])])
err("unsorted_out_of_range", lambda: RUN(tf.unsorted_segment_sum(x, ids, 3), feed))
err("segment_not_sorted", lambda: RUN(tf.segment_sum(x, ids), {x: a, ids: [0, 1, 0, 2, 2]}))
err("scatter_out_of_range", lambda: RUN(tf.scatter_nd(ids[:, None], ids, [3]), {ids: [0, 4]}))
draws = RUN(tf.random.categorical(tf.log([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]]), 50, seed=1), None)
out("categorical_only_possible_classes", [sorted(set(draws[0].tolist())),
                                          sorted(set(draws[1].tolist()) - {0, 2})])
""")


# --- tf.metrics ------------------------------------------------------------------------------------
case("metrics_names_and_values", """
labels = tf.placeholder(tf.int64, [None])
preds = tf.placeholder(tf.int64, [None])
v = tf.placeholder(tf.float32, [None])
w = tf.placeholder(tf.float32, [None])
acc, up = tf.metrics.accuracy(labels, preds)
static("accuracy", [acc, up])
m, mu = tf.metrics.mean(v)
static("mean", [m, mu])
with tf.variable_scope("eval"):
    a2, u2 = tf.metrics.accuracy(labels, preds, name="acc", updates_collections=["my_updates"])
static("named", [a2, u2])
m3, u3 = tf.metrics.mean(v, weights=w, metrics_collections=["my_metrics"])
names("locals", tf.local_variables())
names("metric_vars", tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))
out("globals", [x.name for x in tf.global_variables()] + [x.name for x in tf.trainable_variables()])
static("local_shapes", tf.local_variables())
names("collections", tf.get_collection("my_updates") + tf.get_collection("my_metrics"))
sess.run(tf.local_variables_initializer())
val("acc_1", up, {labels: [1, 2, 3], preds: [1, 2, 0]})
val("acc_value", acc)
val("acc_2", up, {labels: [1], preds: [0]})
val("acc_value_2", acc)
val("mean_1", mu, {v: [1.0, 2.0]})
val("mean_2", mu, {v: [6.0]})
val("mean_value", m)
val("weighted", u3, {v: [1.0, 3.0], w: [1.0, 3.0]})
val("empty_is_zero", a2)
err("shape_mismatch", lambda: tf.metrics.accuracy(labels, tf.placeholder(tf.int64, [3, 2])))
val("div_no_nan", tf.div_no_nan(tf.constant([1.0, 2.0, 0.0]), tf.constant([0.0, 4.0, 0.0])))
""")


# --- map_fn, scan, folds, py_func ------------------------------------------------------------------
case("functional_names_and_values", """
x = tf.placeholder(tf.float32, [None, 3])
def scale(row):
    w = tf.get_variable("w", [3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
    return row * w
y = tf.map_fn(scale, x)
y2 = tf.map_fn(lambda r: (r, tf.reduce_sum(r)), x, dtype=(tf.float32, tf.float32))
y3 = tf.map_fn(lambda t: t[0] * t[1], (x, x), dtype=tf.float32)
s1 = tf.scan(lambda a, r: a + r, x)
s2 = tf.scan(lambda a, r: a + tf.reduce_sum(r), x, initializer=0.0)
s3 = tf.scan(lambda a, r: a * 2.0 + r, x, reverse=True)
fl = tf.foldl(lambda a, r: a + r, x)
fr = tf.foldr(lambda a, r: a * 2.0 + r, x, initializer=tf.zeros([3]))
with tf.variable_scope("enc"):
    z = tf.map_fn(lambda r: tf.layers.dense(r[None], 2)[0], x)
v = tf.map_fn(lambda r: tf.Variable(1.0) * r, x)
static("outputs", [y, list(y2), y3, s1, s2, s3, fl, fr, z, v])
names("variables", tf.global_variables())
feed = {x: np.arange(6, dtype=np.float32).reshape(2, 3)}
val("values", [y, list(y2), y3, s1, s2, s3, fl, fr, v], feed)
val("empty_map", tf.map_fn(lambda r: r * 2.0, x), {x: np.zeros([0, 3], np.float32)})
val("random_per_element", tf.shape(tf.map_fn(lambda r: r + tf.random_uniform([3]), x)), feed)
err("scalar_elems", lambda: tf.map_fn(lambda r: r, tf.constant(1.0)))
py = tf.py_func(lambda a: a * 2, [x], tf.float32)
py2 = tf.py_func(lambda a: (a, np.float32(a.sum())), [x], [tf.float32, tf.float32],
                 stateful=False, name="pf")
static("py_func", [py, py2])
out("py_func_types", [py.op.type, py2[0].op.type])
val("py_func_values", [py, py2], feed)
bad = tf.py_func(lambda a: a.astype(np.int64), [x], tf.float32)
err("py_func_wrong_dtype", lambda: RUN(bad, feed))
""")

# --- conv3d and atrous_conv2d (video models, DeepLab) ----------------------------------------------
case("conv3d_and_atrous", """
vid = tf.placeholder(tf.float32, [None, 4, 9, 8, 3])
k3 = tf.placeholder(tf.float32, [2, 3, 3, 3, 5])
static("conv3d", [tf.nn.conv3d(vid, k3, [1, 1, 1, 1, 1], "SAME"), tf.nn.conv3d(vid, k3, [1, 2, 2, 2, 1], "VALID"),
                  tf.nn.conv3d(vid, k3, [1, 1, 2, 1, 1], "SAME", dilations=[1, 2, 1, 2, 1]),
                  tf.nn.conv3d(tf.placeholder(tf.float32, [2, 3, 4, 9, 8]), k3, [1, 1, 1, 1, 1], "VALID",
                               data_format="NCDHW")])
names("conv3d_names", [tf.nn.conv3d(vid, k3, [1, 1, 1, 1, 1], "SAME"),
                       tf.nn.conv3d(vid, k3, [1, 1, 1, 1, 1], "SAME", name="c3")])
err("conv3d_short_strides", lambda: tf.nn.conv3d(vid, k3, [1, 1, 1, 1], "SAME"))
err("conv3d_depth", lambda: tf.nn.conv3d(vid, tf.placeholder(tf.float32, [2, 3, 3, 2, 5]), [1, 1, 1, 1, 1], "SAME"))
err("conv3d_rank", lambda: tf.nn.conv3d(tf.placeholder(tf.float32, [1, 9, 8, 3]), k3, [1, 1, 1, 1, 1], "SAME"))
img = tf.placeholder(tf.float32, [None, 9, 8, 3])
k = tf.placeholder(tf.float32, [3, 3, 3, 4])
static("atrous", [tf.nn.atrous_conv2d(img, k, 1, "VALID")])
# TF builds rate > 1 as SpaceToBatchND, Conv2D, BatchToSpaceND (output "convolution/BatchToSpaceND");
# scopelab runs one dilated Conv2D, so only the shapes are compared for those.
out("atrous_shapes", [tf.nn.atrous_conv2d(img, k, 2, "SAME").shape.as_list(),
                      tf.nn.atrous_conv2d(img, k, 3, "VALID").shape.as_list()])
names("atrous_names", [tf.nn.atrous_conv2d(img, k, 1, "SAME"), tf.nn.atrous_conv2d(img, k, 1, "SAME", name="aspp")])
err("atrous_rate", lambda: tf.nn.atrous_conv2d(img, k, 0, "SAME"))
rng = np.random.RandomState(11)
v = rng.uniform(-1, 1, (2, 4, 6, 5, 3)).astype(np.float32)
w = rng.uniform(-1, 1, (2, 3, 3, 3, 4)).astype(np.float32)
val("conv3d", [tf.nn.conv3d(v, w, [1, 1, 1, 1, 1], "SAME"), tf.nn.conv3d(v, w, [1, 2, 2, 1, 1], "VALID"),
               tf.nn.conv3d(v, w, [1, 1, 2, 2, 1], "SAME", dilations=[1, 1, 2, 2, 1]),
               tf.nn.conv3d(np.transpose(v, (0, 4, 1, 2, 3)), w, [1, 1, 1, 1, 1], "SAME", data_format="NCDHW")])
x = rng.uniform(-1, 1, (2, 9, 8, 3)).astype(np.float32)
ker = rng.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32)
val("atrous", [tf.nn.atrous_conv2d(x, ker, 2, "SAME"), tf.nn.atrous_conv2d(x, ker, 3, "VALID"),
               tf.nn.atrous_conv2d(x, ker, 1, "SAME")])
""")

# --- candidate samplers, nce_loss, sampled_softmax_loss ---------------------------------------------
case("candidate_sampler_shapes", """
labels = tf.placeholder(tf.int64, [None, 1])
labels2 = tf.constant([[1, 3], [0, 7], [5, 5]], dtype=tf.int64)
lu = tf.nn.log_uniform_candidate_sampler(labels, 1, 6, True, 10)
un = tf.nn.uniform_candidate_sampler(labels2, 2, 4, False, 10, seed=3, name="uni")
lu2 = tf.nn.log_uniform_candidate_sampler(true_classes=labels2, num_true=2, num_sampled=5,
                                          unique=False, range_max=50)
static("statics", [list(lu), list(un), list(lu2)])
out("types", [lu[0].op.type, un[0].op.type])
# expected counts without unique are p(class) * num_sampled: values TF's formula fixes
val("true_expected", [un[1], lu2[1]])
s, t, e = RUN(list(lu2), None)
p = (np.log(s + 2.0) - np.log(s + 1.0)) / np.log(51.0)
out("sampled_expected_formula", [bool(np.allclose(e, p * 5, rtol=1e-5)),
                                 bool(np.all((s >= 0) & (s < 50)))])
s, t, e = RUN(list(lu), {labels: [[0], [4]]})
# TF's rule for unique=True: with no repeated draw (num_tries == num_sampled, about 1 run in 13
# here, in TF too) the count is p * num_sampled, which may exceed 1; otherwise it is
# 1 - (1 - p) ** num_tries for one num_tries > num_sampled shared by every class
p = (np.log(s + 2.0) - np.log(s + 1.0)) / np.log(11.0)
tries = np.log1p(-e.astype(np.float64)) / np.log1p(-p)
rule = bool(np.allclose(e, p * 6, rtol=1e-5)) or bool(
    tries.min() >= 6 - 1e-3 and np.allclose(tries, tries[0], rtol=1e-3))
out("unique", [len(set(s.tolist())) == 6, rule, bool(np.all(e > 0))])
hits = tf.nn.compute_accidental_hits(labels2, tf.constant([3, 5, 9, 1], dtype=tf.int64), 2)
static("hits", list(hits))
val("hits_values", list(hits))
""")

case("sampled_losses", """
vocab, dim, batch = 12, 4, 3
inputs = tf.placeholder(tf.float32, [batch, dim])
labels = tf.placeholder(tf.int64, [batch, 1])
w = tf.constant(rng.randn(vocab, dim).astype(np.float32))
b = tf.constant(rng.randn(vocab).astype(np.float32))
sampled = (tf.constant([2, 5, 7, 9, 0], dtype=tf.int64),
           tf.constant([[0.3], [0.2], [0.6]]), tf.constant([0.1, 0.5, 0.25, 0.4, 0.9]))
nce = tf.nn.nce_loss(weights=w, biases=b, labels=labels, inputs=inputs, num_sampled=5,
                     num_classes=vocab, sampled_values=sampled)
sm = tf.nn.sampled_softmax_loss(weights=w, biases=b, labels=labels, inputs=inputs,
                                num_sampled=5, num_classes=vocab, sampled_values=sampled)
nce_hits = tf.nn.nce_loss(w, b, labels, inputs, 5, vocab, sampled_values=sampled,
                          remove_accidental_hits=True, name="nce_hits")
sm_keep = tf.nn.sampled_softmax_loss(w, b, labels, inputs, 5, vocab, sampled_values=sampled,
                                     remove_accidental_hits=False)
drawn = tf.nn.nce_loss(w, b, labels, inputs, 4, vocab)
drawn_sm = tf.nn.sampled_softmax_loss(w, b, labels, inputs, 4, vocab, seed=1)
static("statics", [nce, sm, nce_hits, sm_keep, drawn, drawn_sm])
names("sampler_ops", [op for op in tf.get_default_graph().get_operations()
                      if op.type == "LogUniformCandidateSampler"])
feed = {inputs: rng.randn(batch, dim).astype(np.float32), labels: [[5], [1], [11]]}
val("values", [nce, sm, nce_hits, sm_keep], feed)
val("drawn_shapes", [tf.shape(drawn), tf.shape(drawn_sm)], feed)
d1, d2 = RUN([drawn, drawn_sm], feed)
out("drawn_finite", [bool(np.all(np.isfinite(d1))), bool(np.all(np.isfinite(d2))),
                     bool(np.all(d1 > 0)), bool(np.all(d2 > 0))])
""")

case("sampled_losses_partitioned", """
vocab, dim = 10, 3
inputs = tf.placeholder(tf.float32, [None, dim])
labels = tf.placeholder(tf.int32, [None, 2])
shards = [tf.constant(rng.randn(4, dim).astype(np.float32)),
          tf.constant(rng.randn(3, dim).astype(np.float32)),
          tf.constant(rng.randn(3, dim).astype(np.float32))]
b = tf.constant(rng.randn(vocab).astype(np.float32))
sampled = (tf.constant([1, 8, 4, 6], dtype=tf.int64), tf.constant([[0.5, 0.25]] * 2),
           tf.constant([0.3, 0.2, 0.7, 0.1]))
mod = tf.nn.nce_loss(shards, b, labels, inputs, 4, vocab, num_true=2, sampled_values=sampled)
div = tf.nn.nce_loss(shards, b, labels, inputs, 4, vocab, num_true=2, sampled_values=sampled,
                     partition_strategy="div")
sm = tf.nn.sampled_softmax_loss(shards, b, labels, inputs, 4, vocab, num_true=2,
                                sampled_values=sampled, partition_strategy="div")
static("statics", [mod, div, sm])
feed = {inputs: rng.randn(2, dim).astype(np.float32), labels: [[1, 9], [4, 0]]}
val("values", [mod, div, sm], feed)
""")

case("fixed_unigram_sampler", """
labels = tf.constant([[0, 2], [3, 1]], dtype=tf.int64)
fu = tf.nn.fixed_unigram_candidate_sampler(labels, 2, 3, False, 4, distortion=0.5,
                                           unigrams=[4.0, 1.0, 0.0, 9.0])
static("statics", list(fu))
out("type", fu[0].op.type)
val("true_expected", fu[1])
s, t, e = RUN(list(fu), None)
out("never_zero_count", bool(np.all(s != 2)))
""")
