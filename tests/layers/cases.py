"""tf.layers and tf.contrib.layers naming, sharing and error cases, run under TensorFlow by
``record_tf.py`` (expected results in ``tf1_layers.json``) and replayed under scopelab by
``test_layers_tf1.py``. Each case uses ``tf``, ``np``, ``out``, ``err`` and ``val`` as in
``tests/conformance/cases.py`` (whose harness runs them)."""

CASES: dict[str, str] = {}


def case(name: str, source: str) -> None:
    CASES[name] = source


# --- tf.layers: default names, name=, reuse= -------------------------------------------------------
case("dense_default_names", """
x = tf.placeholder(tf.float32, [None, 3], name="x")
a = tf.layers.dense(x, 4)
b = tf.layers.dense(a, 2, activation=tf.nn.relu)
out("vars", [v.name for v in tf.global_variables()])
out("shapes", [v.shape.as_list() for v in tf.global_variables()])
out("outputs", [a.name, b.name, b.shape.as_list()])
""")

case("dense_name_collides", """
x = tf.placeholder(tf.float32, [None, 3])
tf.layers.dense(x, 4, name="fc")
err("again", lambda: tf.layers.dense(x, 4, name="fc"))
out("n", len(tf.global_variables()))
""")

case("dense_reuse_true", """
x = tf.placeholder(tf.float32, [None, 3])
a = tf.layers.dense(x, 4, name="fc")
b = tf.layers.dense(x, 4, name="fc", reuse=True)
c = tf.layers.dense(x, 4, reuse=tf.AUTO_REUSE, name="fc")
out("n", len(tf.global_variables()))
out("ops", [a.name, b.name, c.name])
err("missing", lambda: tf.layers.dense(x, 4, name="other", reuse=True))
err("shape", lambda: tf.layers.dense(x, 5, name="fc", reuse=True))
""")

case("dense_reuse_true_unnamed", """
x = tf.placeholder(tf.float32, [None, 3])
tf.layers.dense(x, 4)
y = tf.layers.dense(x, 4, reuse=True)
out("n", len(tf.global_variables()))
out("op", y.name)
err("fresh_scope", lambda: tf.layers.conv2d(tf.placeholder(tf.float32, [1, 4, 4, 1]), 2, 3, reuse=True))
""")

case("dense_in_scopes", """
x = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope("a"):
    tf.layers.dense(x, 4)
    tf.layers.dense(x, 4)
with tf.variable_scope("b"):
    tf.layers.dense(x, 4)
out("vars", [v.name for v in tf.global_variables()])
def again():
    with tf.variable_scope("a"):
        tf.layers.dense(x, 4)
err("string_reentry", again)
with tf.variable_scope("a", reuse=True):
    y = tf.layers.dense(x, 4)
out("shared_op", y.name)
with tf.name_scope("MY_SCOPE"):
    z = tf.layers.dense(x, 1)
out("name_scope_ignored", [tf.global_variables()[-1].name, z.name])
""")

case("dense_object_shared", """
x1 = tf.placeholder(tf.float32, [None, 3])
x2 = tf.placeholder(tf.float32, [None, 3])
layer = tf.layers.Dense(4, name="head")
err("scope_name_early", lambda: layer.scope_name)
a, b = layer(x1), layer(x2)
out("ops", [a.name, b.name])
out("vars", [v.name for v in tf.global_variables()])
out("layer", [layer.name, layer.scope_name, [v.name for v in layer.trainable_weights]])
err("other_dim", lambda: layer(tf.placeholder(tf.float32, [None, 5])))
""")

case("dense_object_scope_capture", """
x = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope("outer"):
    unnamed = tf.layers.Dense(2)
    named = tf.layers.Dense(2, name="fc")
with tf.variable_scope("inner"):
    a = unnamed(x)
    b = named(x)
out("vars", [v.name for v in tf.global_variables()])
out("ops", [a.name, b.name])
out("layer_names", [unnamed.name, tf.layers.Dense(1).name, tf.layers.Dense(1).name])
""")

case("dense_errors", """
err("unknown_last", lambda: tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2))
err("bad_kwarg", lambda: tf.layers.Dense(2, bogus=1))
out("n", len(tf.global_variables()))
""")

case("dense_regularizers_trainable_dtype", """
x = tf.placeholder(tf.float32, [None, 3])
reg = tf.contrib.layers.l2_regularizer(0.1)
tf.layers.dense(x, 2, kernel_regularizer=reg, bias_regularizer=reg, name="r")
tf.layers.dense(x, 2, kernel_regularizer=reg, name="r", reuse=True)
out("losses", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
with tf.variable_scope("scoped", regularizer=reg):
    tf.layers.dense(x, 2)
out("scoped_losses", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
tf.layers.dense(x, 2, trainable=False, name="frozen")
out("trainable", [v.name for v in tf.trainable_variables()])
y = tf.layers.dense(tf.placeholder(tf.float64, [None, 3]), 2, name="double")
out("dtypes", [tf.global_variables()[-1].dtype.base_dtype.name, y.dtype.base_dtype.name])
y3 = tf.layers.dense(tf.placeholder(tf.float32, [None, 5, 3]), 2, name="rank3")
out("rank3", y3.shape.as_list())
""")

case("dense_values", """
x = tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]),
                    bias_initializer=tf.constant_initializer([0.5, -0.5]), activation=tf.nn.relu)
val("y", y)
""")

# --- convolutions and pooling -----------------------------------------------------------------------
case("conv_names_shapes", """
x = tf.placeholder(tf.float32, [None, 8, 8, 3])
a = tf.layers.conv2d(x, 4, 3)
b = tf.layers.conv2d(a, 5, [3, 3], strides=2, padding="same", activation=tf.nn.relu)
c = tf.layers.conv2d_transpose(b, 2, 4, strides=2, padding="same")
d = tf.layers.conv2d_transpose(b, 2, 3, strides=2, padding="valid")
e = tf.layers.separable_conv2d(x, 6, 3, depth_multiplier=2)
p = tf.layers.max_pooling2d(a, 2, 2)
q = tf.layers.average_pooling2d(a, 3, 1, padding="same")
s = tf.placeholder(tf.float32, [2, 10, 3])
f = tf.layers.conv1d(s, 4, 3, dilation_rate=2)
g = tf.layers.max_pooling1d(f, 2, 2)
out("vars", [(v.name, v.shape.as_list()) for v in tf.global_variables()])
out("shapes", [t.shape.as_list() for t in (a, b, c, d, e, p, q, f, g)])
out("ops", [a.name, b.name, p.name, q.name])
err("bad_padding", lambda: tf.layers.conv2d(x, 2, 3, padding="full"))
err("bad_kernel", lambda: tf.layers.conv2d(x, 2, (3, 3, 3)))
err("no_channels", lambda: tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, None]), 2, 3))
""")

case("conv_values", """
x = tf.constant(np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2) / 10.0)
k = tf.constant_initializer(np.linspace(-1, 1, 3 * 3 * 2 * 2).reshape(3, 3, 2, 2))
y = tf.layers.conv2d(x, 2, 3, padding="same", kernel_initializer=k, bias_initializer=tf.constant_initializer(0.1))
t = tf.layers.conv2d_transpose(x, 1, 2, strides=2, kernel_initializer=tf.constant_initializer(np.ones((2, 2, 1, 2)) * 0.5))
p = tf.layers.max_pooling2d(y, 2, 2)
val("y", y)
val("t", t)
val("p", p)
""")

# --- batch normalization ---------------------------------------------------------------------------
case("batch_norm_layers", """
x = tf.placeholder(tf.float32, [None, 4, 4, 3])
training = tf.placeholder(tf.bool, [])
a = tf.layers.batch_normalization(x, training=True)
out("after_true", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
b = tf.layers.batch_normalization(x)
out("after_false", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
c = tf.layers.batch_normalization(x, training=training, name="bn", center=False)
out("after_placeholder", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
d = tf.layers.batch_normalization(x, training=training, name="bn", center=False, reuse=True)
out("after_reuse", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
out("vars", [(v.name, v.shape.as_list()) for v in tf.global_variables()])
out("trainable", [v.name for v in tf.trainable_variables()])
bn = tf.layers.BatchNormalization(axis=1, scale=False)
e = bn(tf.placeholder(tf.float32, [None, 5, 2]), training=False)
out("axis1", [tf.global_variables()[-1].shape.as_list(), e.shape.as_list(), len(bn.weights)])
err("bad_axis", lambda: tf.layers.batch_normalization(x, axis=4))
""")

case("batch_norm_values", """
x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 2, 2, 3) / 7.0)
y_train = tf.layers.batch_normalization(x, training=True, name="bn")
y_infer = tf.layers.batch_normalization(x, training=False, name="bn", reuse=True)
val("train", y_train)
val("infer", y_infer)
""")

# --- tf.contrib.layers -----------------------------------------------------------------------------
case("contrib_default_scopes", """
x = tf.placeholder(tf.float32, [None, 4])
a = tf.contrib.layers.fully_connected(x, 3)
b = tf.contrib.layers.fully_connected(a, 2, activation_fn=None)
c = tf.contrib.layers.fully_connected(a, 2, scope="fc")
d = tf.contrib.layers.fully_connected(a, 2, scope="fc", reuse=True)
err("fc_again", lambda: tf.contrib.layers.fully_connected(a, 2, scope="fc"))
err("bad_num_outputs", lambda: tf.contrib.layers.fully_connected(a, 2.0))
img = tf.placeholder(tf.float32, [None, 6, 6, 2])
e = tf.contrib.layers.conv2d(img, 3, 3)
f = tf.contrib.layers.conv2d(e, 3, [3, 3], stride=2, padding="VALID")
g = tf.contrib.layers.conv2d_transpose(f, 2, 3, stride=2)
out("vars", [(v.name, v.shape.as_list()) for v in tf.global_variables()])
out("model_vars", len(tf.model_variables()))
out("ops", [a.name, b.name, e.name])
out("shapes", [t.shape.as_list() for t in (e, f, g)])
h = tf.contrib.layers.flatten(img)
out("flatten", h.shape.as_list())
""")

case("contrib_batch_norm_paths", """
flat = tf.placeholder(tf.float32, [None, 5])
img = tf.placeholder(tf.float32, [None, 4, 4, 3])
is_training = tf.placeholder(tf.bool, [])
tf.contrib.layers.batch_norm(flat)
out("flat_updates", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
tf.contrib.layers.batch_norm(img, scale=True, is_training=is_training)
out("img_updates", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
tf.contrib.layers.batch_norm(img, scale=True, updates_collections=None, scope="inline")
out("inline_updates", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
tf.contrib.layers.batch_norm(img, is_training=False, center=False, scope="frozen")
out("frozen_updates", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
out("vars", [(v.name, v.shape.as_list(), v in tf.trainable_variables()) for v in tf.global_variables()])
out("model_vars", len(tf.model_variables()))
net = tf.contrib.layers.conv2d(img, 2, 1, normalizer_fn=tf.contrib.layers.batch_norm,
                               normalizer_params={"is_training": is_training, "scale": True})
out("conv_bn", [v.name for v in tf.global_variables()[-5:]])
""")

case("contrib_layer_norm_and_init", """
x = tf.placeholder(tf.float32, [None, 3, 4])
a = tf.contrib.layers.layer_norm(x)
b = tf.contrib.layers.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1, scope="ln")
out("vars", [(v.name, v.shape.as_list()) for v in tf.global_variables()])
err("bad_mode", lambda: tf.contrib.layers.variance_scaling_initializer(mode="fan_in"))
err("int_dtype", lambda: tf.contrib.layers.xavier_initializer(dtype=tf.int32))
w = tf.get_variable("w", [300, 200], initializer=tf.contrib.layers.variance_scaling_initializer())
u = tf.get_variable("u", [300, 200], initializer=tf.contrib.layers.xavier_initializer())
def stats():
    wv, uv = RUN(w), RUN(u)
    return [round(float(np.std(wv)) / np.sqrt(1.3 * 2.0 / 300), 1), round(float(np.max(np.abs(uv))) / np.sqrt(6.0 / 500), 1)]
out("spread", stats())
val("ln", tf.contrib.layers.layer_norm(tf.constant([[1.0, 2.0, 4.0], [0.0, 0.0, 3.0]]), scope="ln_values"))
""")

# --- tf.losses builders ----------------------------------------------------------------------------
case("losses_builders", """
logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
labels = tf.constant([0, 1])
a = tf.losses.sparse_softmax_cross_entropy(labels, logits)
b = tf.losses.softmax_cross_entropy(tf.one_hot(labels, 3), logits, label_smoothing=0.1)
c = tf.losses.sigmoid_cross_entropy(tf.constant([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), logits,
                                    weights=tf.constant([[1.0], [0.0]]))
d = tf.losses.mean_squared_error(tf.zeros([2, 3]), logits, weights=0.5)
e = tf.losses.absolute_difference(tf.zeros([2, 3]), logits, reduction=tf.losses.Reduction.SUM)
f = tf.losses.huber_loss(tf.zeros([2, 3]), logits, reduction=tf.losses.Reduction.NONE, loss_collection=None)
g = tf.losses.log_loss(tf.constant([1.0, 0.0]), tf.constant([0.9, 0.2]), reduction=tf.losses.Reduction.MEAN)
out("names", [t.name for t in (a, b, c, d)])
out("shapes", [t.shape.as_list() for t in (a, e, f, g)])
out("losses", len(tf.losses.get_losses()))
w = tf.get_variable("w", [2], initializer=tf.ones_initializer(), regularizer=tf.contrib.layers.l2_regularizer(0.5))
total = tf.losses.get_total_loss()
out("total", [total.name, len(tf.losses.get_losses(scope="sparse"))])
val("values", [a, b, c, d, e, g, total])
val("huber", f)
err("bad_reduction", lambda: tf.losses.mean_squared_error(tf.zeros([2]), tf.zeros([2]), reduction="avg"))
err("bad_shapes", lambda: tf.losses.mean_squared_error(tf.zeros([2]), tf.zeros([3])))
""")

# --- user-defined layers ---------------------------------------------------------------------------
case("custom_layer_subclass", """
class Scale(tf.layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_variable("scale", shape=[int(input_shape[-1])], initializer=tf.ones_initializer())
        self.offset = self.add_weight("offset", shape=[], trainable=False, initializer=tf.zeros_initializer())
        super(Scale, self).build(input_shape)

    def call(self, inputs):
        return inputs * self.scale + self.offset

x = tf.placeholder(tf.float32, [None, 3])
s = Scale(name="scale_layer")
y, y2 = s(x), s(x)
with tf.variable_scope("outer"):
    u = Scale()(x)
out("vars", [(v.name, v in tf.trainable_variables()) for v in tf.global_variables()])
out("ops", [y.name, y2.name, u.name])
out("weights", [len(s.trainable_weights), len(s.non_trainable_weights), len(s.variables), s.built, s.name])
val("y", Scale(name="const")(tf.constant([[1.0, 2.0, 3.0]])))
""")

# --- layers under scope defaults -------------------------------------------------------------------
case("layers_inherit_scope_defaults", """
x = tf.placeholder(tf.float32, [None, 6])
with tf.variable_scope("sharded", partitioner=tf.fixed_size_partitioner(3)):
    y = tf.layers.dense(x, 4)
out("sharded", [v.name for v in tf.global_variables()])
out("shape", y.shape.as_list())
with tf.variable_scope("init", initializer=tf.constant_initializer(0.5), dtype=tf.float32):
    z = tf.layers.dense(tf.constant([[1.0, 2.0]]), 1)
val("init", z)
with tf.variable_scope("frozen_scope", reuse=tf.AUTO_REUSE):
    a = tf.layers.dense(x, 2, name="shared")
    b = tf.layers.dense(x, 2, name="shared")
out("auto", [len(tf.global_variables()), a.name, b.name])
""")

# --- tf.contrib.slim / tf.contrib.framework ----------------------------------------------------------
case("slim_arg_scope", """
slim = tf.contrib.slim
x = tf.placeholder(tf.float32, [None, 6, 6, 2])
with slim.arg_scope([slim.conv2d], padding="VALID", activation_fn=None) as sc:
    a = slim.conv2d(x, 3, 3)
    with slim.arg_scope([slim.conv2d, slim.fully_connected], padding="SAME"):
        b = slim.conv2d(x, 3, 3, activation_fn=tf.nn.relu)
    c = slim.conv2d(x, 3, 3, padding="SAME")
with slim.arg_scope(sc):
    d = slim.conv2d(x, 3, 3)
e = slim.conv2d(x, 3, 3)
out("shapes", [t.shape.as_list() for t in (a, b, c, d, e)])
out("ops", [a.name, b.name, e.name])
err("not_decorated", lambda: slim.arg_scope([tf.nn.relu], alpha=1).__enter__())
err("dict_and_kwargs", lambda: slim.arg_scope(sc, padding="SAME").__enter__())
err("not_a_list", lambda: slim.arg_scope(slim.conv2d, padding="SAME").__enter__())
p = slim.max_pool2d(x, [2, 2])
q = slim.avg_pool2d(x, 3, stride=1, padding="SAME", scope="pool")
out("pools", [p.name, p.shape.as_list(), q.name, q.shape.as_list()])
with tf.variable_scope("extra"):
    v = slim.model_variable("mv", [2], initializer=tf.zeros_initializer())
    w = slim.variable("plain", [2], initializer=tf.zeros_initializer(), collections=["mine"])
out("vars", [len(slim.get_model_variables()), [t.name for t in tf.get_collection("mine")],
             [t.name for t in slim.get_variables_by_name("weights")],
             [t.name for t in slim.get_variables(suffix="biases")],
             [t.name for t in slim.get_variables("extra")]])
out("restore", [t.name for t in slim.get_variables_to_restore(exclude=["Conv_1", "extra"])])
""")

case("contrib_separable_and_bias_add", """
layers = tf.contrib.layers
x = tf.placeholder(tf.float32, [None, 8, 8, 4])
a = layers.separable_conv2d(x, 6, [3, 3], depth_multiplier=2)
b = layers.separable_conv2d(x, None, 3, stride=2, normalizer_fn=layers.batch_norm, scope="dw")
c = layers.separable_conv2d(x, None, 3, rate=2, scope="dilated")
d = layers.bias_add(tf.placeholder(tf.float32, [None, 5]), activation_fn=tf.nn.relu)
out("vars", [(v.name, v.shape.as_list()) for v in tf.global_variables()])
out("model_vars", len(tf.model_variables()))
out("shapes", [t.shape.as_list() for t in (a, b, c, d)])
out("ops", [a.name, d.name])
""")

# --- tf.contrib.layers.instance_norm / group_norm (style-transfer and detection models) -------------
case("contrib_instance_norm", """
layers = tf.contrib.layers
x = tf.placeholder(tf.float32, [None, 6, 5, 4])
a = layers.instance_norm(x)
b = layers.instance_norm(x, center=False, activation_fn=tf.nn.relu, scope="in_relu")
c = layers.instance_norm(tf.placeholder(tf.float32, [2, 3, 6, 5]), data_format="NCHW")
d = layers.instance_norm(tf.placeholder(tf.float32, [2, 7, 3]), scale=False, trainable=False,
                         variables_collections=["norms"], outputs_collections="outs")
out("vars", [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.global_variables()])
out("trainable", [v.name for v in tf.trainable_variables()])
out("model_vars", [v.name for v in tf.model_variables()])
out("collections", [[v.name for v in tf.get_collection("norms")], [t.name for t in tf.get_collection("outs")]])
out("outputs", [(t.name, t.shape.as_list()) for t in (a, b, c, d)])
shared = layers.instance_norm(x, center=False, activation_fn=tf.nn.relu, scope="in_relu", reuse=True)
out("reuse", [len(tf.global_variables()), shared.name])
err("no_channels", lambda: layers.instance_norm(tf.placeholder(tf.float32, [2, 3, None])))
err("no_rank", lambda: layers.instance_norm(tf.placeholder(tf.float32)))
err("bad_format", lambda: layers.instance_norm(x, data_format="NDHWC"))
err("rank_one", lambda: layers.instance_norm(tf.placeholder(tf.float32, [4])))
rng = np.random.RandomState(3)
img = tf.constant(rng.uniform(-2, 2, (2, 4, 3, 5)).astype(np.float32))
val("nhwc", layers.instance_norm(img, scope="v1", param_initializers={"beta": tf.constant_initializer(0.5),
                                                                      "gamma": tf.constant_initializer(2.0)}))
val("nchw", layers.instance_norm(img, data_format="NCHW", scope="v2",
                                 param_initializers={"beta": tf.constant_initializer(-0.25)}))
val("rank2", layers.instance_norm(tf.constant([[1.0, 2.0], [3.0, 5.0]]), scope="v3",
                                  param_initializers={"beta": tf.constant_initializer(0.5)}))
""")

case("contrib_group_norm", """
layers = tf.contrib.layers
x = tf.placeholder(tf.float32, [None, 6, 5, 8])
a = layers.group_norm(x, groups=4)
b = layers.group_norm(x, groups=2, center=False, activation_fn=tf.nn.relu, scope="gn")
c = layers.group_norm(tf.placeholder(tf.float32, [2, 6, 4, 5]), groups=3, channels_axis=1,
                      reduction_axes=(-2, -1), scale=False, trainable=False, variables_collections=["norms"])
d = layers.group_norm(tf.placeholder(tf.float32, [3, 7, 6]), groups=6, reduction_axes=[-2],
                      outputs_collections="outs")
out("vars", [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.global_variables()])
out("trainable", [v.name for v in tf.trainable_variables()])
out("model_vars", [v.name for v in tf.model_variables()])
out("collections", [[v.name for v in tf.get_collection("norms")], [t.name for t in tf.get_collection("outs")]])
out("outputs", [(t.name, t.shape.as_list()) for t in (a, b, c, d)])
err("not_commensurate", lambda: layers.group_norm(x, groups=3))
err("too_many_groups", lambda: layers.group_norm(x, groups=16))
err("default_groups", lambda: layers.group_norm(x))
err("same_axis", lambda: layers.group_norm(x, groups=2, reduction_axes=(1, 3)))
err("axis_bounds", lambda: layers.group_norm(x, groups=2, channels_axis=4))
err("no_channels", lambda: layers.group_norm(tf.placeholder(tf.float32, [2, 3, 3, None]), groups=2))
err("no_reduction_dim", lambda: layers.group_norm(tf.placeholder(tf.float32, [2, None, 3, 4]), groups=2))
err("no_rank", lambda: layers.group_norm(tf.placeholder(tf.float32), groups=2))
out("after_errors", len(tf.global_variables()))
rng = np.random.RandomState(5)
img = tf.constant(rng.uniform(-2, 2, (2, 3, 4, 6)).astype(np.float32))
init = {"beta": tf.constant_initializer(0.5), "gamma": tf.constant_initializer(1.5)}
val("nhwc", layers.group_norm(img, groups=3, param_initializers=init, scope="v1"))
val("one_pass", layers.group_norm(img, groups=2, mean_close_to_zero=True, scope="v2"))
val("channels_first", layers.group_norm(img, groups=3, channels_axis=1, reduction_axes=(2, 3), scope="v3"))
""")

# --- channels_first bias: rank 1 reshapes the bias to (1, filters, 1) and adds it ------------------
case("conv_channels_first_bias", """
x = tf.constant(np.arange(42, dtype=np.float32).reshape(2, 3, 7))
bias = tf.constant_initializer([1.0, 2.0, 3.0, 4.0])
y = tf.layers.conv1d(x, 4, 3, data_format="channels_first", kernel_initializer=tf.ones_initializer(),
                     bias_initializer=bias)
z = tf.keras.layers.Conv1D(4, 2, data_format="channels_first", kernel_initializer="ones",
                           bias_initializer=bias)(x)
out("ops", [y.name, z.name])
out("shapes", [y.shape.as_list(), z.shape.as_list()])
val("y", y)
val("z", z)
""")

# --- tf.layers.conv3d and separable_conv1d ---------------------------------------------------------
case("conv3d_and_separable_conv1d", """
vid = tf.placeholder(tf.float32, [None, 4, 8, 8, 3])
a = tf.layers.conv3d(vid, 5, 3, padding="same")
b = tf.layers.conv3d(vid, 2, (1, 3, 3), strides=(1, 2, 2), activation=tf.nn.relu, name="c3", use_bias=False)
c = tf.layers.conv3d(tf.placeholder(tf.float32, [2, 3, 4, 8, 8]), 4, 2, data_format="channels_first")
seq = tf.placeholder(tf.float32, [None, 10, 4])
d = tf.layers.separable_conv1d(seq, 6, 3)
e = tf.layers.separable_conv1d(seq, 5, 3, strides=2, padding="same", depth_multiplier=2, name="sep")
f = tf.layers.separable_conv1d(seq, 3, 2, dilation_rate=2, activation=tf.nn.relu, use_bias=False)
out("vars", [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.global_variables()])
out("trainable", len(tf.trainable_variables()))
out("outputs", [(t.name, t.shape.as_list()) for t in (a, b, c, d, e, f)])
layer = tf.layers.SeparableConv1D(4, 3, name="shared")
g, h = layer.apply(seq), layer.apply(seq)
out("shared", [g.name, h.name, len(tf.global_variables())])
err("conv3d_rank", lambda: tf.layers.conv3d(seq, 2, 3))
err("sep1d_rank", lambda: tf.layers.separable_conv1d(vid, 2, 3))
err("sep1d_channels", lambda: tf.layers.separable_conv1d(tf.placeholder(tf.float32, [2, 5, None]), 2, 3))
rng = np.random.RandomState(7)
x = tf.constant(rng.uniform(-1, 1, (2, 9, 3)).astype(np.float32))
init = tf.constant_initializer(rng.uniform(-1, 1, 64).astype(np.float32).tolist()[:6])
dwk = tf.constant_initializer(rng.uniform(-1, 1, (3, 3, 2)).astype(np.float32))
pwk = tf.constant_initializer(rng.uniform(-1, 1, (1, 6, 4)).astype(np.float32))
val("sep1d", tf.layers.separable_conv1d(x, 4, 3, padding="same", depth_multiplier=2, depthwise_initializer=dwk,
                                        pointwise_initializer=pwk, bias_initializer=tf.constant_initializer(0.5),
                                        name="v1"))
val("sep1d_strided", tf.layers.separable_conv1d(x, 4, 3, strides=2, dilation_rate=1, depth_multiplier=2,
                                                depthwise_initializer=dwk, pointwise_initializer=pwk, name="v2"))
vv = tf.constant(rng.uniform(-1, 1, (1, 3, 4, 4, 2)).astype(np.float32))
k3 = tf.constant_initializer(rng.uniform(-1, 1, (2, 2, 2, 2, 3)).astype(np.float32))
val("conv3d", tf.layers.conv3d(vv, 3, 2, padding="same", kernel_initializer=k3, name="v3"))
""")
