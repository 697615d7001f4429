"""tf.train and tf.summary cases: small TF1 programs (our own) run under TensorFlow's
``tf.compat.v1`` in graph mode by ``tests/rnn/record_tf.py tests/train/train_cases.py`` and
replayed under scopelab by ``test_train_recorded.py``. The helpers are described in ``tests/rnn/tf1_harness.py``.
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
"""


def case(name: str, source: str) -> None:
    CASES[name] = PRELUDE + source


# --- optimizers: slot and non-slot variables ------------------------------------------------------
for _name, _make in [
    ("gradient_descent", "tf.train.GradientDescentOptimizer(0.1)"),
    ("momentum", "tf.train.MomentumOptimizer(0.1, momentum=0.9)"),
    ("momentum_nesterov", "tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True, name='Nest')"),
    ("adam", "tf.train.AdamOptimizer(1e-3)"),
    ("adam_named", "tf.train.AdamOptimizer(1e-3, beta1=0.5, name='GenAdam')"),
    ("adagrad", "tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.25)"),
    ("rmsprop", "tf.train.RMSPropOptimizer(0.01)"),
    ("rmsprop_centered", "tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, centered=True)"),
    ("adadelta", "tf.train.AdadeltaOptimizer(1.0)"),
    ("ftrl", "tf.train.FtrlOptimizer(0.1, initial_accumulator_value=0.5)"),
]:
    case(f"optimizer_{_name}", f"""
x, w, b, unused, loss = model()
opt = {_make}
out("name", opt.get_name())
train_op = opt.minimize(loss)
out("op", [train_op.name, train_op.type])
variables("vars")
collections("collections", "variables", "trainable_variables", "train_op")
out("slot_names", sorted(opt.get_slot_names()))
out("slots_of_w", [opt.get_slot(w, s).name for s in sorted(opt.get_slot_names())])
out("slot_of_unused", [opt.get_slot(unused, s) for s in sorted(opt.get_slot_names())])
val("initial", tf.global_variables()[4:])
""")

case("minimize_with_global_step_and_var_list", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
opt = tf.train.AdamOptimizer(0.01)
train_op = opt.minimize(loss, global_step=step, var_list=[w])
out("op", [train_op.name, train_op.type])
variables("vars")
collections("collections", "variables", "trainable_variables", "train_op", "global_step")
train_b = opt.minimize(loss, var_list=[b])
out("op_b", [train_b.name, train_b.type])
variables("after_second_minimize")
""")

case("two_optimizers_gan_style", """
x, w, b, unused, loss = model()
with tf.variable_scope("gen"):
    g = tf.get_variable("g", [3])
gen_loss = tf.reduce_sum(g * g)
d_opt = tf.train.AdamOptimizer(1e-3).minimize(loss, var_list=[w, b])
g_opt = tf.train.AdamOptimizer(1e-3).minimize(gen_loss, var_list=[g])
out("ops", [d_opt.name, g_opt.name])
variables("vars")
""")

case("minimize_inside_scopes", """
x, w, b, unused, loss = model()
with tf.name_scope("train"):
    op1 = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
with tf.variable_scope("opt"):
    op2 = tf.train.AdamOptimizer(0.1).minimize(loss)
out("ops", [op1.name, op2.name])
variables("vars")
""")

case("minimize_under_reuse_scope", """
x, w, b, unused, loss = model()
with tf.variable_scope("model", reuse=True):
    err("adam", lambda: tf.train.AdamOptimizer(0.1).minimize(loss))
variables("vars")
""")

case("compute_and_apply_gradients", """
x, w, b, unused, loss = model()
opt = tf.train.MomentumOptimizer(0.1, 0.9)
grads_and_vars = opt.compute_gradients(loss)
out("pairs", [[g is None, v.name] for g, v in grads_and_vars])
static("grad_shapes", [g for g, v in grads_and_vars])
variables("before_apply")
grads = [g for g, v in grads_and_vars if g is not None]
clipped, norm = tf.clip_by_global_norm(grads, 1.0)
static("clipped", clipped)
apply = opt.apply_gradients(list(zip(clipped, [w, b])), name="apply")
out("apply", [apply.name, apply.type])
variables("after_apply")
""")

case("gradients_function", """
x, w, b, unused, loss = model()
grads = tf.gradients(loss, [w, b, unused])
out("none", [g is None for g in grads])
static("shapes", grads[:2])
out("dtypes", [g.dtype.name for g in grads[:2]])
n = tf.get_variable("counter", [], dtype=tf.int32, initializer=tf.zeros_initializer())
out("int_path", tf.gradients(loss + tf.cast(n, tf.float32), [n])[0] is None)
stopped = tf.reduce_sum(tf.stop_gradient(w))
out("stopped", tf.gradients(stopped, [w])[0] is None)
""")

case("optimizer_errors", """
x, w, b, unused, loss = model()
err("no_gradients", lambda: tf.train.GradientDescentOptimizer(0.1).minimize(
    tf.reduce_sum(tf.stop_gradient(w))))
err("no_variables", lambda: tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[]))
err("apply_empty", lambda: tf.train.GradientDescentOptimizer(0.1).apply_gradients([]))
err("apply_all_none", lambda: tf.train.AdamOptimizer(0.1).apply_gradients([(None, w)]))
err("momentum_without_momentum", lambda: tf.train.MomentumOptimizer(0.1))
variables("vars")
""")

# --- global step and learning-rate schedules ------------------------------------------------------
case("global_step", """
out("before", tf.train.get_global_step())
with tf.variable_scope("outer"):
    with tf.name_scope("ns"):
        step = tf.train.get_or_create_global_step()
out("step", [step.name, step.dtype.base_dtype.name, step.get_shape().as_list()])
out("same", tf.train.get_or_create_global_step() is step)
out("get", tf.train.get_global_step() is step)
collections("collections", "variables", "trainable_variables", "global_step")
err("create_twice", lambda: tf.train.create_global_step())
val("value", step)
""")

case("global_step_plain_variable", """
step = tf.Variable(0, name="global_step", trainable=False)
out("get_by_name", tf.train.get_global_step() is not None)
collections("collections", "variables", "trainable_variables", "global_step")
""")

case("learning_rate_schedules", """
step = tf.train.get_or_create_global_step()
lrs = [
    tf.train.exponential_decay(0.1, step, 10, 0.5),
    tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
    tf.train.piecewise_constant(step, [5, 15], [1.0, 0.5, 0.1]),
    tf.train.polynomial_decay(0.1, step, 20, end_learning_rate=0.01, power=2.0),
    tf.train.inverse_time_decay(0.1, step, 10, 0.5),
    tf.train.natural_exp_decay(0.1, step, 10, 0.5),
    tf.train.cosine_decay(0.1, step, 20),
]
out("names", [lr.name for lr in lrs])
for s in [0, 7, 12, 30]:
    val("at_%d" % s, lrs, {step: s})
""")

# --- moving averages ------------------------------------------------------------------------------
case("ema_apply", """
x, w, b, unused, loss = model()
ema = tf.train.ExponentialMovingAverage(decay=0.99)
op = ema.apply([w, b])
out("op", [op.name, op.type])
variables("vars")
collections("collections", "variables", "trainable_variables", "moving_average_variables")
out("average", [ema.average(w).name, ema.average_name(w), ema.average_name(b)])
out("average_of_unused", ema.average(unused))
out("restore", sorted([k, v.name] for k, v in ema.variables_to_restore().items()))
fix()
val("after_fix", [ema.average(w), w])
val("apply_twice", [op, op])
val("after_apply", [ema.average(w), ema.average(b)])
""")

case("ema_in_scope_num_updates_and_tensor", """
x, w, b, unused, loss = model()
step = tf.train.get_or_create_global_step()
with tf.variable_scope("train"):
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step, name="avg")
    op = ema.apply([w])
mean = tf.reduce_mean(w, name="mean_w")
ema2 = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
op2 = ema2.apply([mean])
out("ops", [op.name, op2.name])
variables("vars")
out("names", [ema.average(w).name, ema.average_name(w), ema2.average(mean).name])
err("int_variable", lambda: ema.apply([step]))
out("restore", sorted([k, v.name] for k, v in ema.variables_to_restore().items()))
""")

case("assign_moving_average", """
ma = getattr(tf.train, "moving_averages", None)
if ma is None:  # TensorFlow keeps the module out of tf.train; scopelab offers it there too
    from tensorflow.python.training import moving_averages as ma
x = tf.placeholder(tf.float32, [3])
with tf.variable_scope("bn"):
    mm = tf.get_variable("moving_mean", [3], initializer=tf.zeros_initializer(), trainable=False)
    mv = tf.get_variable("moving_var", [3], initializer=tf.ones_initializer(), trainable=False)
    up1 = ma.assign_moving_average(mm, x, 0.9, zero_debias=False)
    up2 = ma.assign_moving_average(mv, x, 0.9)
    up3 = ma.assign_moving_average(mv, x, 0.5, name="again")
out("ops", [up1.name, up2.name, up3.name])
static("shapes", [up1, up2])
variables("vars")
collections("collections", "variables", "update_ops")
val("update", [up1, up2], {x: np.array([1.0, 2.0, 3.0], np.float32)})
val("after_update", [mm, mv])
val("update_again", up3, {x: np.array([3.0, 2.0, 1.0], np.float32)})
""")

# --- summaries ------------------------------------------------------------------------------------
case("summaries", """
x, w, b, unused, loss = model()
s1 = tf.summary.scalar("loss", loss)
with tf.name_scope("train"):
    s2 = tf.summary.scalar("loss", loss)
    s3 = tf.summary.histogram("weights", w)
    s4 = tf.summary.scalar("lr", tf.constant(0.1), family="opt")
img = tf.placeholder(tf.float32, [None, 8, 8, 3])
s5 = tf.summary.image("inputs", img, max_outputs=2)
s6 = tf.summary.text("note", tf.constant("hello"))
s7 = tf.summary.audio("sound", tf.zeros([1, 10]), 8000)
s8 = tf.summary.scalar("custom", loss, collections=["mine"])
s9 = tf.summary.scalar("loss", loss)
out("names", [s.name for s in [s1, s2, s3, s4, s5, s6, s7, s8, s9]])
out("dtypes", [s.dtype.name for s in [s1, s3]])
static("shapes", [s1, s3])
collections("collections", "summaries", "mine")
merged = tf.summary.merge_all()
out("merged", [merged.name, merged.dtype.name])
mine = tf.summary.merge_all(key="mine")
out("mine", mine.name)
out("empty", tf.summary.merge_all(key="nothing_here"))
m2 = tf.summary.merge([s1, s2], name="two")
out("merge", m2.name)
collections("after_merge", "summaries", "mine")
""")

case("summary_values", """
x = tf.placeholder(tf.float32, [None])
s = tf.summary.scalar("mean", tf.reduce_mean(x))
h = tf.summary.histogram("values", x)
t = tf.summary.text("note", tf.constant("hello summaries"))
with tf.name_scope("grads"):
    g = tf.summary.scalar("W:0/grad", tf.reduce_max(x), family="fam")
merged = tf.summary.merge([s, h, t])
data = np.array([-2.5, -0.001, 0.0, 0.3, 0.3, 7.0, 1e-13], np.float32)
val("scalar", s, {x: data})
val("histogram", h, {x: data})
val("text", t, {x: data})
val("family", g, {x: data})
val("merged", merged, {x: data})
err("duplicate", lambda: RUN(tf.summary.merge([s, s]), {x: data}))
""")

case("slots_of_a_partitioned_variable", """
x = tf.placeholder(tf.float32, [None, 6])
with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
    table = tf.get_variable("table", [6, 2])
loss = tf.reduce_sum(tf.matmul(x, tf.concat(list(table), 0)))
opt = tf.train.AdamOptimizer()
opt.minimize(loss)
variables("vars")
info = lambda v: None if v._save_slice_info is None else [
    v._save_slice_info.full_name, list(v._save_slice_info.full_shape),
    list(v._save_slice_info.var_offset), list(v._save_slice_info.var_shape)]
out("slot_slices", [info(opt.get_slot(shard, "m")) for shard in table])
""")
