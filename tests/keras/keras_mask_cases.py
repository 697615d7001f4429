"""Keras masking cases: small programs (our own) run under TensorFlow 2.15's ``tf.compat.v1`` graph
mode (Keras 2.15's v1 layers) by ``tests/rnn/record_tf.py`` and replayed under scopelab by
``test_keras_mask.py``. The helpers (``out``, ``err``, ``variables``, ``static``, ``fix``, ``val``)
are described in ``tests/rnn/tf1_harness.py``; ``fix()`` gives every weight a value seeded by its
name, so both sides compute with the same numbers.

Record:  /work/tfenv/bin/python tests/rnn/record_tf.py tests/keras/keras_mask_cases.py  (-> keras_mask_expected.json)
"""

EXPECTED_FILE = "keras_mask_expected.json"
CASES: dict[str, str] = {}

PRELUDE = """
K = tf.keras
IDS = np.array([[1, 0, 2, 0, 3], [0, 4, 5, 1, 0], [2, 3, 0, 0, 0]], dtype=np.int32)
rng = np.random.RandomState(0)
X = rng.uniform(-1, 1, (3, 5, 4)).astype(np.float32)
X[0, 1] = 0.25
X[1, 0] = 0.25
X[1, 4] = 0.25
X[2, 2] = 0.25

def mask_of(tensors):
    return [getattr(t, "_keras_mask", None) is not None for t in tensors]
"""


def case(name: str, source: str) -> None:
    CASES[name] = PRELUDE + source


for _kind, _options in (("LSTM", ""), ("GRU", ""), ("GRU", "reset_after=True, "), ("SimpleRNN", "")):
    case(f"embedding_{_kind.lower()}{'_reset_after' if _options else ''}", f"""
ids = tf.placeholder(tf.int32, [None, 5], name="ids")
embedded = K.layers.Embedding(6, 4, mask_zero=True)(ids)
out("embedded_mask", mask_of([embedded]))
layer = K.layers.{_kind}(3, {_options}return_sequences=True, return_state=True)
outputs = layer(embedded)
last = K.layers.{_kind}(2, {_options}name="last")(embedded)
backwards = K.layers.{_kind}(2, {_options}return_sequences=True, go_backwards=True, name="back")(embedded)
variables("vars")
static("outputs", outputs)
out("output_masks", mask_of(list(outputs) + [last, backwards]))
fix()
val("values", list(outputs) + [last, backwards], {{ids: IDS}})
val("masks", [embedded._keras_mask, outputs[0]._keras_mask, backwards._keras_mask], {{ids: IDS}})
""")

case("masking_layer", """
x = tf.placeholder(tf.float32, [None, 5, 4], name="x")
masking = K.layers.Masking(mask_value=0.25)
masked = masking(x)
out("names", [masked.name, masked._keras_mask.name])
static("masked", [masked, masked._keras_mask])
outputs = K.layers.LSTM(3, return_sequences=True)(masked)
zero = K.layers.Masking()(x)
out("default_value", K.layers.Masking().mask_value)
variables("vars")
fix()
val("values", [masked, masked._keras_mask, outputs, outputs._keras_mask, zero._keras_mask], {x: X})
""")

case("mask_argument", """
x = tf.placeholder(tf.float32, [None, 5, 4], name="x")
m = tf.placeholder(tf.bool, [None, 5], name="m")
outputs = K.layers.SimpleRNN(3, return_sequences=True)(x, mask=m)
last = K.layers.GRU(2)(x, mask=m)
out("output_masks", mask_of([outputs, last]))
fix()
val("values", [outputs, last, outputs._keras_mask], {x: X, m: IDS != 0})
""")

case("bidirectional", """
ids = tf.placeholder(tf.int32, [None, 5], name="ids")
embedded = K.layers.Embedding(6, 4, mask_zero=True)(ids)
both = K.layers.Bidirectional(K.layers.LSTM(3, return_sequences=True))(embedded)
summed = K.layers.Bidirectional(K.layers.GRU(2), merge_mode="sum")(embedded)
pair = K.layers.Bidirectional(K.layers.SimpleRNN(2, return_sequences=True), merge_mode=None)(embedded)
variables("vars")
static("outputs", [both, summed] + list(pair))
out("output_masks", mask_of([both, summed] + list(pair)))
fix()
val("values", [both, summed] + list(pair), {ids: IDS})
val("mask", both._keras_mask, {ids: IDS})
""")

case("sequential", """
ids = tf.placeholder(tf.int32, [None, 5], name="ids")
model = K.Sequential([K.layers.Embedding(6, 4, mask_zero=True, input_length=5),
                      K.layers.LSTM(3, return_sequences=True), K.layers.Dense(2),
                      K.layers.GlobalAveragePooling1D()])
result = model(ids)
out("result_mask", mask_of([model.output, result]))
variables("vars")
static("result", [model.output, result])
fix()
val("values", result, {ids: IDS})
""")

case("functional", """
ids = K.Input(shape=(5,), dtype="int32")
embedded = K.layers.Embedding(6, 4, mask_zero=True)(ids)
dense = K.layers.Dense(4, activation="tanh")(embedded)
dropped = K.layers.Dropout(0.5)(dense)
sequence = K.layers.GRU(3, return_sequences=True)(dropped)
pooled = K.layers.GlobalAveragePooling1D()(sequence)
model = K.Model(ids, [sequence, pooled])
other = tf.placeholder(tf.int32, [None, 5], name="other")
again = model(other)
conv = K.layers.Conv1D(4, 1)(embedded)
unmasked = K.layers.LSTM(2)(conv)
out("masks", mask_of([embedded, dense, dropped, sequence, pooled, conv] + list(again)))
variables("vars")
fix()
val("values", [sequence, pooled, unmasked], {ids: IDS})
val("again", list(again), {other: IDS[::-1]})
""")

case("merged_masks", """
a = tf.placeholder(tf.int32, [None, 5], name="a")
b = tf.placeholder(tf.int32, [None, 5], name="b")
x = tf.placeholder(tf.float32, [None, 5, 4], name="x")
ea = K.layers.Embedding(6, 4, mask_zero=True)(a)
eb = K.layers.Embedding(6, 4, mask_zero=True)(b)
added = K.layers.Add()([ea, eb])
joined = K.layers.Concatenate()([ea, eb])
half = K.layers.Concatenate()([ea, x])
out("masks", mask_of([added, joined, half]))
fix()
val("values", [added._keras_mask, joined._keras_mask, half._keras_mask],
    {a: IDS, b: IDS[::-1], x: X})
""")
