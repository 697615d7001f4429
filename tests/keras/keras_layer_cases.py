"""Keras layer cases: the shape layers (``RepeatVector``, ``Permute``, ``ZeroPadding*``,
``Cropping*``, ``UpSampling*``), the noise layers (``SpatialDropout*``, ``Gaussian*``,
``AlphaDropout``), the activation layers (``LeakyReLU``, ``ELU``, ``ReLU``, ``ThresholdedReLU``,
``Softmax``, ``PReLU``) and the convolutions with weights (``DepthwiseConv2D``,
``SeparableConv1D/2D``) and ``TimeDistributed``: small programs (our own) run under TensorFlow
2.15's ``tf.compat.v1`` graph mode by ``tests/rnn/record_tf.py`` and replayed under scopelab by
``test_keras_layers.py`` (helpers: ``tests/rnn/tf1_harness.py``).

Record:  /work/tfenv/bin/python tests/rnn/record_tf.py tests/keras/keras_layer_cases.py  (-> keras_layer_expected.json)
"""

EXPECTED_FILE = "keras_layer_expected.json"
CASES: dict[str, str] = {}

PRELUDE = """
K = tf.keras
rng = np.random.RandomState(1)
V2 = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
V3 = rng.uniform(-1, 1, (2, 5, 3)).astype(np.float32)
V4 = rng.uniform(-1, 1, (2, 4, 5, 3)).astype(np.float32)

def first_line(fn):
    err("error", fn)
"""


def case(name: str, source: str) -> None:
    CASES[name] = PRELUDE + source


case("repeat_vector", """
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = K.layers.RepeatVector(4)(x)
out("name", y.name)
static("shape", y)
val("value", y, {x: V2})
err("rank", lambda: K.layers.RepeatVector(2)(tf.placeholder(tf.float32, [None, 2, 3])))
""")

case("permute", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
a = K.layers.Permute((2, 1))(x3)
b = K.layers.Permute((3, 1, 2))(x4)
out("names", [a.name, b.name])
static("shapes", [a, b])
val("values", [a, b], {x3: V3, x4: V4})
err("repeated", lambda: K.layers.Permute((1, 1)))
err("not_from_one", lambda: K.layers.Permute((0, 1)))
""")

case("zero_padding", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
ys = [K.layers.ZeroPadding1D()(x3), K.layers.ZeroPadding1D((1, 2))(x3), K.layers.ZeroPadding2D()(x4),
      K.layers.ZeroPadding2D(((1, 2), (0, 1)))(x4), K.layers.ZeroPadding2D((2, 1), data_format="channels_first")(x4)]
out("names", [y.name for y in ys])
static("shapes", ys)
val("values", ys, {x3: V3, x4: V4})
err("bad_2d", lambda: K.layers.ZeroPadding2D((1, 2, 3)))
err("bad_2d_pair", lambda: K.layers.ZeroPadding2D(((1, 2), 3, 4)))
""")

case("cropping", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
ys = [K.layers.Cropping1D()(x3), K.layers.Cropping1D((2, 0))(x3), K.layers.Cropping2D()(x4),
      K.layers.Cropping2D(((1, 2), (0, 1)))(x4), K.layers.Cropping2D((1, 0), data_format="channels_first")(x4)]
out("names", [y.name for y in ys])
static("shapes", ys)
val("values", ys, {x3: V3, x4: V4})
err("bad_2d", lambda: K.layers.Cropping2D((1, 2, 3)))
err("too_much", lambda: K.layers.Cropping1D((3, 3))(x3))
""")

case("up_sampling", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
ys = [K.layers.UpSampling1D()(x3), K.layers.UpSampling1D(3)(x3), K.layers.UpSampling2D()(x4),
      K.layers.UpSampling2D((2, 3))(x4), K.layers.UpSampling2D((1, 2), data_format="channels_first")(x4)]
static("shapes", ys)
val("values", ys, {x3: V3, x4: V4})
err("interpolation", lambda: K.layers.UpSampling2D(interpolation="cubic"))
""")

case("noise_at_inference", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
ys = [K.layers.SpatialDropout1D(0.5)(x3), K.layers.SpatialDropout2D(0.5)(x4), K.layers.GaussianNoise(0.3)(x3),
      K.layers.GaussianDropout(0.3)(x3), K.layers.AlphaDropout(0.3)(x3)]
fixed = [K.layers.GaussianNoise(0.3)(x3, training=False), K.layers.AlphaDropout(0.3)(x3, training=False)]
static("shapes", ys + fixed)
val("values", ys + fixed, {x3: V3, x4: V4})
trained = [K.layers.SpatialDropout1D(0.5)(x3, training=True), K.layers.GaussianNoise(0.3)(x3, training=True),
           K.layers.GaussianDropout(0.3)(x3, training=True), K.layers.AlphaDropout(0.3)(x3, training=True)]
static("trained_shapes", trained)
err("spatial_rank", lambda: K.layers.SpatialDropout1D(0.5)(tf.placeholder(tf.float32, [None, 3])))
""")

case("activation_layers", """
x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
layers = [K.layers.LeakyReLU(), K.layers.LeakyReLU(alpha=0.1), K.layers.ELU(), K.layers.ELU(alpha=0.5),
          K.layers.ReLU(), K.layers.ReLU(max_value=0.5), K.layers.ReLU(negative_slope=0.1),
          K.layers.ReLU(max_value=0.6, negative_slope=0.2, threshold=0.1), K.layers.ThresholdedReLU(),
          K.layers.ThresholdedReLU(theta=0.25), K.layers.Softmax(), K.layers.Softmax(axis=1)]
ys = [layer(x) for layer in layers]
out("layer_names", [layer.name for layer in layers])
static("shapes", ys)
val("values", ys, {x: V3 * 2})
err("relu_max", lambda: K.layers.ReLU(max_value=-1))
err("relu_slope", lambda: K.layers.ReLU(negative_slope=-1))
err("relu_threshold", lambda: K.layers.ReLU(threshold=-1))
err("relu_none_threshold", lambda: K.layers.ReLU(threshold=None))
err("leaky_none", lambda: K.layers.LeakyReLU(alpha=None))
err("thresholded_none", lambda: K.layers.ThresholdedReLU(theta=None))
err("thresholded_negative", lambda: K.layers.ThresholdedReLU(theta=-1))
""")

case("softmax_mask", """
x = tf.placeholder(tf.float32, [None, 5], name="x")
m = tf.placeholder(tf.bool, [None, 5], name="m")
y = K.layers.Softmax()(x, mask=m)
val("value", y, {x: np.arange(10, dtype=np.float32).reshape(2, 5) / 4, m: [[True, False, True, True, False],
                                                                        [False, True, True, True, True]]})
""")

case("masks_through_new_layers", """
ids = tf.placeholder(tf.int32, [None, 5], name="ids")
e = K.layers.Embedding(6, 3, mask_zero=True)(ids)
ys = [K.layers.LeakyReLU()(e), K.layers.ReLU()(e), K.layers.GaussianNoise(0.1)(e), K.layers.SpatialDropout1D(0.1)(e),
      K.layers.RepeatVector(2)(K.layers.Flatten()(e)), K.layers.ZeroPadding1D()(e), K.layers.Permute((2, 1))(e),
      K.layers.PReLU()(e), K.layers.TimeDistributed(K.layers.Dense(2))(e)]
out("masks", [getattr(y, "_keras_mask", None) is not None for y in ys])
""")

case("prelu", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
plain = K.layers.PReLU()
shared = K.layers.PReLU(shared_axes=[1, 2], alpha_initializer="ones")
ys = [plain(x3), shared(x4)]
out("names", [y.name for y in ys])
variables("vars")
static("shapes", ys)
val("initial", ys, {x3: V3, x4: V4})
fix()
val("values", ys, {x3: V3, x4: V4})
""")

case("depthwise_conv2d", """
x = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x")
a = K.layers.DepthwiseConv2D(3)(x)
b = K.layers.DepthwiseConv2D((2, 3), depth_multiplier=2, padding="same", strides=(1, 2), use_bias=False,
                             activation="relu")(x)
out("names", [a.name, b.name])
variables("vars")
static("shapes", [a, b])
fix()
val("values", [a, b], {x: V4})
""")

case("separable_conv", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x4 = tf.placeholder(tf.float32, [None, 4, 5, 3], name="x4")
a = K.layers.SeparableConv2D(4, 3)(x4)
b = K.layers.SeparableConv2D(2, (2, 3), depth_multiplier=2, padding="same", activation="tanh")(x4)
c = K.layers.SeparableConv1D(4, 2)(x3)
d = K.layers.SeparableConv1D(2, 3, padding="same", depth_multiplier=3, use_bias=False)(x3)
out("names", [a.name, b.name, c.name, d.name])
variables("vars")
static("shapes", [a, b, c, d])
fix()
val("values", [a, b, c, d], {x3: V3, x4: V4})
""")

case("time_distributed", """
x3 = tf.placeholder(tf.float32, [None, 5, 3], name="x3")
x5 = tf.placeholder(tf.float32, [None, 2, 4, 5, 3], name="x5")
dense = K.layers.TimeDistributed(K.layers.Dense(2))
conv = K.layers.TimeDistributed(K.layers.Conv2D(2, 3))
a, b = dense(x3), conv(x5)
out("layer_names", [dense.name, conv.name, dense.layer.name])
variables("vars")
static("shapes", [a, b])
fix()
val("values", [a, b], {x3: V3, x5: np.stack([V4, -V4], axis=1)})
err("rank", lambda: K.layers.TimeDistributed(K.layers.Dense(2))(tf.placeholder(tf.float32, [None, 3])))
err("not_a_layer", lambda: K.layers.TimeDistributed(lambda t: t))
""")
