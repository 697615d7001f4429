"""RNN cases: small TF1 programs (our own) run under TensorFlow's ``tf.compat.v1`` in graph mode by
``record_tf.py`` and replayed under scopelab by ``test_rnn_recorded.py``. The helpers (``out``,
``err``, ``variables``, ``collections``, ``static``, ``fix``, ``val``) are described in
``tf1_harness.py``.
"""

CASES: dict[str, str] = {}

PRELUDE = """
rng = np.random.RandomState(0)
X = rng.uniform(-1, 1, (2, 3, 4)).astype(np.float32)       # batch 2, time 3, depth 4
LENGTHS = np.array([3, 1], dtype=np.int32)
"""


def case(name: str, source: str) -> None:
    CASES[name] = PRELUDE + source


# --- cells under dynamic_rnn ---------------------------------------------------------------------
case("basic_rnn_dynamic", """
x = tf.placeholder(tf.float32, [2, None, 4], name="x")
cell = tf.nn.rnn_cell.BasicRNNCell(3)
out("sizes", [cell.state_size, cell.output_size])
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
static("outputs", outputs)
static("state", state)
fix()
val("run", [outputs, state], {x: X})
""")

case("basic_lstm_tuple_state", """
x = tf.placeholder(tf.float32, [None, None, 4])
cell = tf.nn.rnn_cell.BasicLSTMCell(5, forget_bias=0.5)
out("state_size", list(cell.state_size))
out("state_type", type(cell.state_size).__name__)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
out("state_fields", list(state._fields))
static("outputs", outputs)
static("state", state)
fix()
val("run", [outputs, state.c, state.h], {x: X})
""")

case("basic_lstm_concat_state", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.BasicLSTMCell(3, state_is_tuple=False)
out("state_size", cell.state_size)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
static("state", state)
fix()
val("run", [outputs, state], {x: X})
""")

case("lstm_cell_peepholes_projection_clipping", """
x = tf.placeholder(tf.float32, [2, None, 4])
cell = tf.nn.rnn_cell.LSTMCell(5, use_peepholes=True, num_proj=3, cell_clip=0.4, proj_clip=0.2,
                               forget_bias=0.7)
out("sizes", [list(cell.state_size), cell.output_size])
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
static("outputs", outputs)
static("state", state)
fix()
val("run", [outputs, state], {x: X})
""")

case("lstm_cell_initializer", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.LSTMCell(2, initializer=tf.constant_initializer(0.25), num_proj=2)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
val("init", tf.global_variables())
val("run", outputs, {x: X})
""")

case("gru_cell", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.GRUCell(3)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
val("init_biases", [v for v in tf.global_variables() if "bias" in v.name])
fix()
val("run", [outputs, state], {x: X})
""")

case("gru_cell_initializers", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(0.1),
                              bias_initializer=tf.constant_initializer(0.3), activation=tf.nn.relu)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
val("init", tf.global_variables())
val("run", outputs, {x: X})
""")

case("multi_rnn_cell_lstm", """
x = tf.placeholder(tf.float32, [2, None, 4])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(4, num_proj=3),
                                    tf.nn.rnn_cell.LSTMCell(2)])
out("state_size", [list(s) for s in cell.state_size])
out("output_size", cell.output_size)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
collections("collections", "variables", "trainable_variables", "update_ops")
static("outputs", outputs)
static("state", state)
fix()
val("run", [outputs, state], {x: X})
""")

case("multi_rnn_cell_concat_state", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cells = [tf.nn.rnn_cell.BasicLSTMCell(3, state_is_tuple=False) for _ in range(2)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=False)
out("state_size", cell.state_size)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
static("state", state)
fix()
val("run", [outputs, state], {x: X})
""")

case("zero_state", """
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(2)])
zero = cell.zero_state(4, tf.float32)
static("zero", zero)
out("types", [type(s).__name__ if isinstance(s, tuple) else "tensor" for s in zero])
val("zero", zero)
b = tf.placeholder(tf.int32, [])
zero_dyn = tf.nn.rnn_cell.BasicRNNCell(3).zero_state(b, tf.float64)
static("dynamic", zero_dyn)
out("dtype", zero_dyn.dtype.name)
val("dynamic", zero_dyn, {b: 2})
variables("no_vars")
""")

case("initial_state_and_time_major", """
x = tf.placeholder(tf.float32, [3, 2, 4])                    # time major
c0 = tf.placeholder(tf.float32, [2, 3])
h0 = tf.placeholder(tf.float32, [2, 3])
cell = tf.nn.rnn_cell.BasicLSTMCell(3)
init = tf.nn.rnn_cell.LSTMStateTuple(c0, h0)
outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=init, time_major=True,
                                   sequence_length=LENGTHS)
variables("vars")
static("outputs", outputs)
fix()
C0 = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
H0 = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
val("run", [outputs, state], {x: X.transpose(1, 0, 2), c0: C0, h0: H0})
""")

case("dynamic_rnn_float64", """
x = tf.placeholder(tf.float64, [2, 3, 4])
cell = tf.nn.rnn_cell.GRUCell(2)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float64)
variables("vars")
out("dtypes", [outputs.dtype.name, state.dtype.name])
fix()
val("run", outputs, {x: X.astype(np.float64)})
""")

# --- wrappers -------------------------------------------------------------------------------------
case("dropout_wrapper_keep_one", """
x = tf.placeholder(tf.float32, [2, 3, 4])
keep = tf.placeholder(tf.float32, [])
cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(3), input_keep_prob=keep,
                                     output_keep_prob=keep, state_keep_prob=keep)
out("sizes", [list(cell.state_size), cell.output_size])
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
fix()
val("run", outputs, {x: X, keep: 1.0})
""")

case("dropout_wrapper_in_multi", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(3), output_keep_prob=0.5)
         for _ in range(2)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
static("outputs", outputs)
""")

case("dropout_wrapper_variational", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), input_keep_prob=0.5,
                                     state_keep_prob=0.5, variational_recurrent=True,
                                     input_size=4, dtype=tf.float32)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
variables("vars")
static("outputs", outputs)
err("no_dtype", lambda: tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3),
                                                        variational_recurrent=True))
err("bad_keep", lambda: tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3),
                                                        output_keep_prob=1.5))
""")

case("residual_and_device_wrappers", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(4))
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="res")
dev = tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.BasicRNNCell(2), "/cpu:0")
outputs2, _ = tf.nn.dynamic_rnn(dev, x, dtype=tf.float32, scope="dev")
variables("vars")
fix()
val("run", [outputs, state, outputs2], {x: X})
""")

# --- static and bidirectional ---------------------------------------------------------------------
case("static_rnn", """
x = tf.placeholder(tf.float32, [2, 3, 4])
inputs = tf.unstack(x, axis=1)
cell = tf.nn.rnn_cell.BasicLSTMCell(3)
outputs, state = tf.nn.static_rnn(cell, inputs, dtype=tf.float32, sequence_length=LENGTHS)
variables("vars")
out("n_outputs", len(outputs))
static("outputs", outputs)
fix()
val("run", [outputs, state], {x: X})
""")

case("static_rnn_multi_gru", """
x = tf.placeholder(tf.float32, [None, 3, 4])
inputs = tf.unstack(x, axis=1)
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(3) for _ in range(2)])
outputs, state = tf.nn.static_rnn(cell, inputs, dtype=tf.float32, scope="enc")
variables("vars")
static("outputs", outputs)
fix()
val("run", [outputs[-1], state], {x: X})
""")

case("bidirectional_dynamic_rnn", """
x = tf.placeholder(tf.float32, [2, None, 4])
fw = tf.nn.rnn_cell.LSTMCell(3)
bw = tf.nn.rnn_cell.GRUCell(2)
(out_fw, out_bw), (st_fw, st_bw) = tf.nn.bidirectional_dynamic_rnn(
    fw, bw, x, sequence_length=LENGTHS, dtype=tf.float32)
variables("vars")
static("outputs", [out_fw, out_bw])
static("states", [st_fw, st_bw])
fix()
val("run", [out_fw, out_bw, st_fw, st_bw], {x: X})
""")

case("bidirectional_dynamic_rnn_scope_time_major", """
x = tf.placeholder(tf.float32, [3, 2, 4])
with tf.variable_scope("encoder"):
    outs, states = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x,
        dtype=tf.float32, time_major=True, scope="birnn")
variables("vars")
fix()
val("run", [tf.concat(outs, 2), states], {x: X.transpose(1, 0, 2)})
""")

case("static_bidirectional_rnn", """
x = tf.placeholder(tf.float32, [2, 3, 4])
inputs = tf.unstack(x, axis=1)
outputs, st_fw, st_bw = tf.nn.static_bidirectional_rnn(
    tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.BasicLSTMCell(2), inputs,
    dtype=tf.float32, sequence_length=LENGTHS)
variables("vars")
static("outputs", outputs)
fix()
val("run", [outputs, st_fw, st_bw], {x: X})
""")

# --- naming, sharing and its errors ---------------------------------------------------------------
case("scope_argument_and_enclosing_scopes", """
x = tf.placeholder(tf.float32, [2, 3, 4])
tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2), x, dtype=tf.float32, scope="encoder")
with tf.variable_scope("decoder") as dec:
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
with tf.variable_scope("model"):
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2, name="my_cell"), x, dtype=tf.float32,
                      scope=dec)
variables("vars")
""")

case("two_new_cells_default_scope", """
x = tf.placeholder(tf.float32, [2, 3, 4])
tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2), x, dtype=tf.float32)
err("second", lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2), x, dtype=tf.float32))
variables("vars")
tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2), x, dtype=tf.float32, scope="rnn_2")
variables("own_scope")
""")

case("one_cell_two_calls", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.LSTMCell(3)
a, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="first")
b, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="second")
variables("vars")
fix()
val("same", [a, b], {x: X})
y = tf.placeholder(tf.float32, [2, 3, 5])
err("other_depth", lambda: tf.nn.dynamic_rnn(cell, y, dtype=tf.float32, scope="third"))
""")

case("towers_share_through_reuse", """
def tower(x):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3) for _ in range(2)])
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return outputs

def tower_in_model(x, reuse):
    with tf.variable_scope("model", reuse=reuse):
        return tower(x)

x1 = tf.placeholder(tf.float32, [2, 3, 4])
x2 = tf.placeholder(tf.float32, [2, 3, 4])
o1 = tower_in_model(x1, None)
o2 = tower_in_model(x2, True)
variables("vars")
err("third_without_reuse", lambda: tower_in_model(x1, None))
variables("after_error")
fix()
val("run", [o1, o2], {x1: X, x2: X})
""")

case("towers_under_name_scopes", """
cell = tf.nn.rnn_cell.GRUCell(3)
outs = []
for i in range(2):
    with tf.name_scope("tower_%d" % i):
        x = tf.placeholder(tf.float32, [2, 3, 4])
        with tf.variable_scope(tf.get_variable_scope(), reuse=i > 0):
            o, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            outs.append(o)
variables("vars")
out("placeholder_names", [o.name.split("/")[0] for o in outs])
""")

case("manual_unroll_reuse_variables", """
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3) for _ in range(2)])
state = cell.zero_state(2, tf.float32)
outputs = []
with tf.variable_scope("RNN"):
    for t in range(3):
        if t > 0:
            tf.get_variable_scope().reuse_variables()
        o, state = cell(x[:, t, :], state)
        outputs.append(o)
variables("vars")
static("step", outputs[0])
fix()
val("run", [outputs[-1], state], {x: X})
""")

case("manual_unroll_new_cell_each_step", """
x = tf.placeholder(tf.float32, [2, 3, 4])
state = tf.zeros([2, 3])
def step(t, state):
    return tf.nn.rnn_cell.BasicRNNCell(3)(x[:, t, :], state)
with tf.variable_scope("RNN"):
    o, state = step(0, state)
    o, state = step(1, state)
variables("fresh_names")
with tf.variable_scope("RNN2"):
    step(0, state)
    tf.get_variable_scope().reuse_variables()
    err("reuse_new_cell", lambda: step(1, state))
""")

case("cell_call_with_scope", """
x = tf.placeholder(tf.float32, [2, 4])
h = tf.zeros([2, 3])
c1 = tf.nn.rnn_cell.BasicRNNCell(3)
c1(x, h, scope="shared")
variables("vars")
c2 = tf.nn.rnn_cell.BasicRNNCell(3)
err("second_cell_same_scope", lambda: c2(x, h, scope="shared"))
with tf.variable_scope("shared", reuse=True):
    c3 = tf.nn.rnn_cell.BasicRNNCell(3)
    err("reuse_inside", lambda: c3(x, h))
err("reuse_flag", lambda: tf.nn.rnn_cell.GRUCell(3, reuse=True)(x, h))
variables("after")
""")

case("cell_reuse_auto", """
x = tf.placeholder(tf.float32, [2, 3, 4])
for i in range(2):
    with tf.variable_scope("lm", reuse=tf.AUTO_REUSE):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(3), x, dtype=tf.float32)
variables("vars")
""")

case("scope_initializer_reaches_cells", """
x = tf.placeholder(tf.float32, [2, 3, 4])
with tf.variable_scope("init", initializer=tf.constant_initializer(0.1)):
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
val("values", tf.global_variables())
""")

case("input_errors", """
cell = tf.nn.rnn_cell.LSTMCell(3)
x = tf.placeholder(tf.float32, [2, 3, 4])
err("no_dtype", lambda: tf.nn.dynamic_rnn(cell, x))
err("rank2", lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(3),
                                       tf.placeholder(tf.float32, [2, 4]),
                                       dtype=tf.float32))
err("unknown_depth", lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3),
                                               tf.placeholder(tf.float32, [2, 3, None]),
                                               dtype=tf.float32, scope="u"))
err("static_not_list", lambda: tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32))
err("static_empty", lambda: tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(3), [], dtype=tf.float32))
err("multi_empty", lambda: tf.nn.rnn_cell.MultiRNNCell([]))
err("not_a_cell", lambda: tf.nn.dynamic_rnn("lstm", x, dtype=tf.float32))
variables("vars")
""")

case("cell_names_and_weights", """
a, b = tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.LSTMCell(3)
g = tf.nn.rnn_cell.GRUCell(2, name="decoder_cell")
multi = tf.nn.rnn_cell.MultiRNNCell([a, b])
out("names", [a.name, b.name, g.name, multi.name])
x = tf.placeholder(tf.float32, [2, 3, 4])
tf.nn.dynamic_rnn(multi, x, dtype=tf.float32)
out("scope_names", [a.scope_name, b.scope_name, multi.scope_name])
out("weights", [[v.name for v in c.weights] for c in (a, b, multi)])
out("trainable", [[v.name for v in c.trainable_variables] for c in (a, multi)])
out("built", [a.built, g.built])
err("unbuilt_scope", lambda: g.scope_name)
""")

case("user_defined_cells", """
class MinimalCell(tf.nn.rnn_cell.RNNCell):
    # TF1 >= 1.2 style: variables made with get_variable inside call()
    def __init__(self, units):
        super(MinimalCell, self).__init__()
        self._units = units

    @property
    def state_size(self):
        return self._units

    @property
    def output_size(self):
        return self._units

    def call(self, inputs, state):
        w = tf.get_variable("w", [inputs.get_shape()[-1].value + self._units, self._units])
        out = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w))
        return out, out


class OldStyleCell(tf.nn.rnn_cell.RNNCell):
    # TF1.0 style: __call__ overridden, scope handled by hand
    def __init__(self, units):
        self._units = units

    @property
    def state_size(self):
        return self._units

    @property
    def output_size(self):
        return self._units

    def __call__(self, inputs, state, scope=None):
        with tf.variable_scope(scope or "old_style_cell"):
            w = tf.get_variable("w", [inputs.get_shape()[-1].value + self._units, self._units])
            out = tf.sigmoid(tf.matmul(tf.concat([inputs, state], 1), w))
        return out, out


x = tf.placeholder(tf.float32, [2, 3, 4])
o1, s1 = tf.nn.dynamic_rnn(MinimalCell(3), x, dtype=tf.float32)
o2, s2 = tf.nn.dynamic_rnn(OldStyleCell(2), x, dtype=tf.float32, scope="old")
multi = tf.nn.rnn_cell.MultiRNNCell([MinimalCell(3), OldStyleCell(2)])
o3, s3 = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32, scope="multi")
variables("vars")
static("outputs", [o1, o2, o3])
out("zero", MinimalCell(5).zero_state(4, tf.float32).shape.as_list())
fix()
val("run", [o1, o2, o3], {x: X})
""")

case("seq2seq_sequence_loss", """
logits = tf.placeholder(tf.float32, [2, 3, 5])
targets = tf.placeholder(tf.int32, [2, 3])
weights = tf.placeholder(tf.float32, [2, 3])
losses = [seq2seq_sequence_loss(logits, targets, weights),
          seq2seq_sequence_loss(logits, targets, weights, average_across_batch=False),
          seq2seq_sequence_loss(logits, targets, weights, average_across_timesteps=False),
          seq2seq_sequence_loss(logits, targets, weights, average_across_timesteps=False,
                                average_across_batch=False),
          seq2seq_sequence_loss(logits, targets, weights, average_across_timesteps=False,
                                average_across_batch=False, sum_over_timesteps=True,
                                sum_over_batch=True),
          seq2seq_sequence_loss(logits, targets, weights, average_across_timesteps=False,
                                average_across_batch=False, sum_over_timesteps=True)]
static("shapes", losses)
LOGITS = rng.uniform(-2, 2, (2, 3, 5)).astype(np.float32)
TARGETS = np.array([[1, 4, 0], [2, 2, 3]], np.int32)
WEIGHTS = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]], np.float32)
val("values", losses, {logits: LOGITS, targets: TARGETS, weights: WEIGHTS})
err("rank", lambda: seq2seq_sequence_loss(targets, targets, weights))
err("both", lambda: seq2seq_sequence_loss(logits, targets, weights, sum_over_batch=True))
err("ambiguous", lambda: seq2seq_sequence_loss(logits, targets, weights,
                                               average_across_timesteps=False,
                                               sum_over_timesteps=True))
""")
