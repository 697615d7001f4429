"""tf.contrib.layers' training helpers: ``optimize_loss``, ``apply_regularization`` and the
regularizer factories, the ``summarize_*`` functions. Small TF1 programs (our own), recorded by
``tests/contrib/record_optimize_loss.py`` with TF 2.15's ``tf.compat.v1`` in graph mode and
tf-slim 1.1 standing in for ``tf.contrib.layers`` (tf-slim's ``optimize_loss``,
``apply_regularization`` and summaries are TF 1.15 contrib's, moved), and replayed under scopelab
by ``test_optimize_loss_tf1.py``. The helpers (``out``, ``err``, ``variables`` ...) are described in
``tests/rnn/tf1_harness.py``.

Running the train tensor is not recorded: under TF it trains, under scopelab it raises (see
``test_optimize_loss.py``).
"""

CASES: dict[str, str] = {}

PRELUDE = """
def model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [3, 2])
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    unused = tf.get_variable("unused", [4])
    frozen = tf.get_variable("frozen", [2], trainable=False)
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b + frozen))
    return x, w, b, unused, loss

KEYS = ("variables", "trainable_variables", "train_op", "global_step", "summaries",
        "update_ops", "regularization_losses")

def describe(label, train):
    out(label + "/tensor", [train.name, train.op.type, train.op.inputs[0].name,
                            sorted(c.name for c in train.op.control_inputs)])
    out(label + "/train_ops", [[op.name, op.type] for op in tf.get_collection("train_op")])
    out(label + "/summaries", [s.name for s in tf.get_collection("summaries")])
    collections(label + "/collections", *KEYS)
"""


def case(name: str, source: str) -> None:
    CASES[name] = PRELUDE + source


# --- the optimizer as a name: every entry of OPTIMIZER_CLS_NAMES ------------------------------------
for _name in ["SGD", "Adam", "Adagrad", "Momentum", "RMSProp", "Ftrl"]:
    case(f"string_{_name.lower()}", f"""
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "{_name}")
describe("built", train)
variables("vars")
val("initial", tf.global_variables()[4:])
""")

case("names_table", """
out("optimizers", sorted(tf.contrib.layers.OPTIMIZER_CLS_NAMES))
out("summaries", list(tf.contrib.layers.OPTIMIZER_SUMMARIES))
""")

# --- the optimizer as a class, an instance, a function of the learning rate, a function of nothing -
case("optimizer_forms", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
t1 = tf.contrib.layers.optimize_loss(loss, step, 0.1, tf.train.AdagradOptimizer)
t2 = tf.contrib.layers.optimize_loss(loss, step, None, tf.train.MomentumOptimizer(0.2, 0.9))
t3 = tf.contrib.layers.optimize_loss(
    loss, step, 0.3, lambda lr: tf.train.MomentumOptimizer(lr, momentum=0.5))
t4 = tf.contrib.layers.optimize_loss(
    loss, step, None, lambda: tf.train.RMSPropOptimizer(0.01), summaries=["loss"])
out("tensors", [t.name for t in (t1, t2, t3, t4)])
describe("all", t4)
variables("vars")
val("initial", tf.global_variables()[4:])
""")

# --- learning rates ----------------------------------------------------------------------------------
case("learning_rate_forms", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
t1 = tf.contrib.layers.optimize_loss(loss, step, tf.constant(0.05), "SGD")
rate = tf.placeholder(tf.float32, [], name="rate")
t2 = tf.contrib.layers.optimize_loss(loss, step, rate, "Adam", name="fed")
t3 = tf.contrib.layers.optimize_loss(loss, step, tf.constant(0.5, tf.float64), "SGD")
out("tensors", [t.name for t in (t1, t2, t3)])
variables("vars")
""")

case("learning_rate_errors", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
lr_var = tf.Variable(0.1, name="lr_var", trainable=False)
err("variable", lambda: tf.contrib.layers.optimize_loss(loss, step, lr_var, "SGD"))
err("integer", lambda: tf.contrib.layers.optimize_loss(loss, step, 1, "SGD"))
err("negative", lambda: tf.contrib.layers.optimize_loss(loss, step, -0.1, "SGD"))
err("vector", lambda: tf.contrib.layers.optimize_loss(loss, step, tf.constant([0.1, 0.2]), "SGD"))
err("none_string", lambda: tf.contrib.layers.optimize_loss(loss, step, None, "Adam"))
err("none_class", lambda: tf.contrib.layers.optimize_loss(loss, step, None, tf.train.AdamOptimizer))
variables("after")
collections("collections", *KEYS)
""")

case("learning_rate_decay", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
decay = lambda lr, gs: tf.train.exponential_decay(lr, gs, 100, 0.5)
train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", learning_rate_decay_fn=decay)
describe("built", train)
summaries = tf.get_collection("summaries")
val("summary_of_rate", summaries[0])
variables("vars")
""")

case("learning_rate_decay_without_step", """
x, w, b, unused, loss = model()
decay = lambda lr, gs: tf.train.exponential_decay(lr, gs, 100, 0.5)
err("no_step", lambda: tf.contrib.layers.optimize_loss(loss, None, 0.1, "SGD",
                                                       learning_rate_decay_fn=decay))
variables("after")
""")

# --- summaries, clipping, noise, multipliers ---------------------------------------------------------
case("all_summaries_clipped", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
train = tf.contrib.layers.optimize_loss(
    loss, step, 0.1, "Adam", clip_gradients=1.0,
    summaries=list(tf.contrib.layers.OPTIMIZER_SUMMARIES))
describe("built", train)
variables("vars")
""")

case("no_summaries_callable_clip", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
clip = lambda pairs: [(None if g is None else tf.clip_by_norm(g, 1.0), v) for g, v in pairs]
train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=clip,
                                        summaries=[])
describe("built", train)
""")

case("gradient_summaries_without_clip", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD",
                                        summaries=["gradients", "gradient_norm"])
describe("built", train)
""")

case("noise_and_multipliers", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
train = tf.contrib.layers.optimize_loss(
    loss, step, 0.1, "Momentum", gradient_noise_scale=0.1,
    gradient_multipliers={w: 2.0, "layer/b:0": 0.5})
describe("built", train)
variables("vars")
""")

# --- update ops, variables=, name=, increment_global_step ------------------------------------------
case("update_ops", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.no_op(name="update_stats"))
t1 = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD")
describe("from_collection", t1)
out("loss_deps", sorted(c.name for c in t1.op.inputs[0].op.control_inputs))
t2 = tf.contrib.layers.optimize_loss(loss, step, 0.1, "SGD", update_ops=[])
out("without", [t2.name, t2.op.inputs[0].name])
""")

case("variables_name_no_increment", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
with tf.variable_scope("outer"):
    train = tf.contrib.layers.optimize_loss(loss, step, 0.1, "Adam", variables=[w],
                                            name="Train", increment_global_step=False,
                                            colocate_gradients_with_ops=True)
describe("built", train)
variables("vars")
""")

case("without_global_step", """
x, w, b, unused, loss = model()
train = tf.contrib.layers.optimize_loss(loss, None, 0.1, "Adagrad")
describe("built", train)
variables("vars")
""")

case("global_step_found_in_graph", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
train = tf.contrib.layers.optimize_loss(loss, None, 0.1, "SGD")
describe("built", train)
""")

# --- errors: TF's classes and first lines -----------------------------------------------------------
case("optimize_loss_errors", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
OL = tf.contrib.layers.optimize_loss
err("unknown_name", lambda: OL(loss, step, 0.1, "adam"))
err("unknown_summary", lambda: OL(loss, step, 0.1, "SGD", summaries=["loss", "weights"]))
err("not_an_optimizer", lambda: OL(loss, step, 0.1, 42))
err("function_returns_other", lambda: OL(loss, step, 0.1, lambda lr: "sgd"))
err("clip_type", lambda: OL(loss, step, 0.1, "SGD", clip_gradients="1.0"))
err("non_scalar_loss", lambda: OL(tf.matmul(x, w), step, 0.1, "SGD"))
err("float_step", lambda: OL(loss, tf.constant(1.0), 0.1, "SGD"))
err("vector_step", lambda: OL(loss, tf.constant([1, 2]), 0.1, "SGD"))
err("unconnected", lambda: OL(tf.constant(2.0) * 3.0, step, 0.1, "SGD"))
variables("after")
collections("collections", *KEYS)
""")

case("optimize_loss_no_trainable_variables", """
v = tf.get_variable("v", [2], trainable=False)
step = tf.train.get_or_create_global_step()
err("none", lambda: tf.contrib.layers.optimize_loss(tf.reduce_sum(v), step, 0.1, "SGD"))
variables("after")
""")

# --- apply_regularization and the regularizers --------------------------------------------------------
case("apply_regularization", """
x, w, b, unused, loss = model()
l2 = tf.contrib.layers.l2_regularizer(0.1)
penalty = tf.contrib.layers.apply_regularization(l2, [w, b])
out("name", [penalty.name, penalty.op.type])
static("shape", penalty)
out("losses", [t.name for t in tf.get_collection("regularization_losses")])
fix()
val("value", penalty)
val("total", tf.losses.get_regularization_loss())
again = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(0.5), [w])
out("again", again.name)
val("again_value", again)
""")

case("apply_regularization_kinds", """
x, w, b, unused, loss = model()
p1 = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_l2_regularizer(0.1, 0.2), [w])
p2 = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.0), [w, b])
p3 = tf.contrib.layers.apply_regularization(lambda t: 0.5 * tf.reduce_sum(tf.abs(t)), [w])
p4 = tf.contrib.layers.apply_regularization(
    tf.contrib.layers.sum_regularizer([tf.contrib.layers.l1_regularizer(0.3),
                                       tf.contrib.layers.l2_regularizer(0.4)]), [b, w])
p5 = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.1), [w * 2.0])
out("names", [p.name for p in (p1, p2, p3, p4, p5)])
fix()
val("values", [p1, p2, p3, p4, p5])
out("losses", len(tf.get_collection("regularization_losses")))
""")

case("apply_regularization_weights_collection", """
x, w, b, unused, loss = model()
tf.add_to_collection(tf.GraphKeys.WEIGHTS, w)
penalty = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.1))
out("name", penalty.name)
fix()
val("value", penalty)
""")

case("apply_regularization_errors", """
x, w, b, unused, loss = model()
err("no_weights", lambda: tf.contrib.layers.apply_regularization(
    tf.contrib.layers.l2_regularizer(0.1)))
err("not_scalar", lambda: tf.contrib.layers.apply_regularization(lambda t: t * 2.0, [w]))
err("l1_l2_integer", lambda: tf.contrib.layers.l1_l2_regularizer(1, 0.5))
err("l1_l2_integer_2", lambda: tf.contrib.layers.l1_l2_regularizer(0.5, 2))
collections("collections", "regularization_losses")
""")

case("regularizer_names_in_get_variable", """
with tf.variable_scope("reg", regularizer=tf.contrib.layers.l1_l2_regularizer(0.1, 0.2)):
    a = tf.get_variable("a", [2])
with tf.variable_scope("reg2", regularizer=tf.contrib.layers.l1_l2_regularizer(0.0, 0.2)):
    c = tf.get_variable("c", [2])
with tf.variable_scope("reg3", regularizer=tf.contrib.layers.l2_regularizer(0.1, scope="wd")):
    d = tf.get_variable("d", [2])
out("losses", [t.name for t in tf.get_collection("regularization_losses")])
fix()
val("values", tf.get_collection("regularization_losses"))
""")

# --- summarize_* -------------------------------------------------------------------------------------
case("summarize_functions", """
x, w, b, unused, loss = model()
h = tf.nn.relu(tf.matmul(x, w), name="hidden")
h6 = tf.nn.relu6(h, name="capped")
tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, h)
tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, h6)
s1 = tf.contrib.layers.summarize_tensors([loss, w, tf.constant("text")])
out("tensors", [None if s is None else s.name for s in s1])
s2 = tf.contrib.layers.summarize_activations()
out("activations", [s.name for s in s2])
s3 = tf.contrib.layers.summarize_activations("capped")
out("filtered", [s.name for s in s3])
s4 = tf.contrib.layers.summarize_tensor(loss, tag="my_loss")
out("tagged", s4.name)
s5 = tf.contrib.layers.summarize_variables()
out("variables", [s.name for s in s5])
out("all", [s.name for s in tf.get_collection("summaries")])
fix()
val("scalar", s4, {x: [[1.0, 2.0, 3.0]]})
""")
