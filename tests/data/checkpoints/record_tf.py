"""Write the TensorFlow-made checkpoint fixtures and record what TensorFlow reads and raises.

Developer tool, never run by the test suite (TensorFlow is an oracle, not a dependency):
    /work/tf215/bin/python tests/data/checkpoints/record_tf.py            # writes tf/ + tf_expected.json
    /work/tf215/bin/python tests/data/checkpoints/record_tf.py --sharded  # only tf/sharded (+ its key)
    /work/tf215/bin/python tests/data/checkpoints/record_tf.py --v1       # only tf_v1/ + tf_v1_expected.json
    /work/tf215/bin/python tests/data/checkpoints/record_tf.py --read-scopelab
        # reads the scopelab-written checkpoints under scopelab/ and writes tf_read_scopelab.json

TensorFlow 2.15.1 (``tf.compat.v1`` graph mode; ``tf.compat.v1.layers`` works there).
Values are recorded as lists (strings as latin-1 text, bfloat16 widened to float32).
"""

import json
import os
import pathlib
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = pathlib.Path(__file__).parent
OUT = HERE / "tf"


def encode(value) -> dict:
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return {"dtype": "string", "shape": list(value.shape),
                "value": [v.decode("latin-1") for v in value.reshape(-1).tolist()]}
    if value.dtype.name == "bfloat16":
        value = value.astype(np.float32)
    flat = value.reshape(-1)
    if value.dtype.kind == "f":
        flat = flat.astype(np.float64)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "value": flat.tolist()}


def read_all(prefix: str) -> dict:
    reader = tf.train.NewCheckpointReader(prefix)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    return {name: {"shape": shapes[name], "dtype": dtypes[name].name,
                   "value": encode(reader.get_tensor(name))}
            for name in sorted(shapes)}


def error_of(fn) -> dict:
    try:
        fn()
    except Exception as err:  # noqa: BLE001 - recording whatever TF raises
        message = str(getattr(err, "message", err))
        record = {"type": type(err).__name__, "message": message.split("\n")[0]}
        if "\nNode: '" in message:   # an op error: keep the op's own sentence, not the traceback
            record["op_message"] = message.split("\nNode: '")[1].split("\n")[1].split("\n\t [[")[0]
        return record
    return {"type": None, "message": None}


def write_dtypes() -> dict:
    """Every dtype TF1 saves, a partitioned variable on each axis, strings, a scalar, an empty one."""
    graph = tf.Graph()
    with graph.as_default():
        rng = np.random.default_rng(12)
        values = {
            "floats/f16": rng.standard_normal((3, 4)).astype(np.float16),
            "floats/f32": rng.standard_normal((2, 3, 4)).astype(np.float32),
            "floats/f64": rng.standard_normal((5,)),
            "ints/i8": rng.integers(-128, 128, (7,)).astype(np.int8),
            "ints/i16": rng.integers(-2**15, 2**15, (2, 2)).astype(np.int16),
            "ints/i32": rng.integers(-2**31, 2**31, (3,)).astype(np.int32),
            "ints/i64": np.array([-2**63, 2**63 - 1, 0, 42], np.int64),
            "ints/u8": rng.integers(0, 256, (4,)).astype(np.uint8),
            "ints/u16": rng.integers(0, 2**16, (4,)).astype(np.uint16),
            "flags/b": np.array([True, False, True]),
            "scalar": np.float32(3.5),
            "empty": np.zeros((0, 3), np.float32),
        }
        for name, value in values.items():
            tf.Variable(value, name=name)
        tf.Variable(tf.constant([1.5, -2.25, 3e38, 1e-3], dtype=tf.bfloat16), name="floats/bf16")
        tf.Variable(np.array([b"hello", b"", b"\x00\xffbytes", "na\u00efve".encode()] * 2, object)
                    .reshape(2, 4), dtype=tf.string, name="text/words")
        tf.Variable(b"one string", dtype=tf.string, name="text/scalar")
        init = np.arange(13 * 5, dtype=np.float32).reshape(13, 5)
        with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(3, axis=0)):
            tf.get_variable("emb", initializer=tf.constant(init))
        with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(2, axis=1)):
            tf.get_variable("wide", initializer=tf.constant(np.arange(8, dtype=np.int64).reshape(2, 4)))
        saver = tf.train.Saver()
        (OUT / "dtypes").mkdir(parents=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, str(OUT / "dtypes" / "model.ckpt"), write_meta_graph=False)
            (OUT / "dtypes" / "checkpoint").unlink()   # holds an absolute path of this machine
            slices = {v.op.name: v._save_slice_info.spec for v in tf.global_variables()
                      if v._save_slice_info}
    return {"prefix": os.path.relpath(path, HERE), "tensors": read_all(path), "slice_specs": slices}


def build_mlp(scope: str):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 2], name="y")
    with tf.variable_scope(scope):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        h = tf.layers.batch_normalization(h, training=True)
        out = tf.layers.dense(h, 2, name="logits")
    loss = tf.reduce_mean(tf.square(out - y))
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
    return x, y, train


def write_layers() -> dict:
    """A tf.layers model trained 3 steps with Adam: kernels, BN statistics, slots, global_step."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        x, y, train = build_mlp("model")
        saver = tf.train.Saver(max_to_keep=2, save_relative_paths=True)
        feed = {x: np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4),
                y: np.ones((3, 2), np.float32)}
        paths = []
        (OUT / "layers").mkdir(parents=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(3):
                sess.run(train, feed)
                paths.append(saver.save(sess, str(OUT / "layers" / "model.ckpt"), global_step=step + 1,
                                        write_meta_graph=False))
        state = (OUT / "layers" / "checkpoint").read_text()
        last = saver.last_checkpoints
    return {"prefix": os.path.relpath(paths[-1], HERE), "tensors": read_all(paths[-1]),
            "state_file": state, "last_checkpoints": [os.path.relpath(p, HERE) for p in last],
            "files": sorted(os.listdir(OUT / "layers"))}


def write_sharded() -> dict:
    """``Saver(sharded=True)`` over variables on three devices ("", CPU:0, CPU:1; a partitioned
    variable with one slice on CPU:1): one data file per device, devices in sorted order."""
    graph = tf.Graph()
    with graph.as_default():
        tf.get_variable("d", initializer=tf.constant([1.5, -2.0]))
        with tf.device("/cpu:0"):
            tf.get_variable("b", initializer=tf.constant([[1, 2], [3, 4]], tf.int32))
            step = tf.train.get_or_create_global_step()
        with tf.device("/cpu:1"):
            tf.get_variable("a", initializer=tf.constant([0.25, 0.5, 0.75]))
        with tf.device(lambda op: "/cpu:1" if "part_1" in op.name else "/cpu:0"):
            tf.get_variable("p/emb", initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2)),
                            partitioner=tf.fixed_size_partitioner(3))
        devices = {v.op.name: v.device for v in tf.global_variables()}
        saver = tf.train.Saver(sharded=True, save_relative_paths=True)
        (OUT / "sharded").mkdir(parents=True)
        with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(step.assign(5))
            path = saver.save(sess, str(OUT / "sharded" / "model.ckpt"), global_step=step,
                              write_meta_graph=False)
    return {"prefix": os.path.relpath(path, HERE), "tensors": read_all(path), "devices": devices,
            "files": sorted(os.listdir(OUT / "sharded"))}


def restore_errors(prefix: str) -> dict:
    """What TF1 raises when the graph does not match the checkpoint (Saver and init_from_checkpoint)."""
    cases = {}

    def in_graph(build, action):
        graph = tf.Graph()
        with graph.as_default():
            build()
            with tf.Session() as sess:
                return error_of(lambda: action(sess))

    def builder_twice():    # the builder called twice: the second copy lives in model_1/
        x = tf.placeholder(tf.float32, [None, 4])
        for _ in range(2):
            with tf.variable_scope(None, default_name="model"):
                tf.layers.dense(x, 8, name="hidden")
    cases["builder_twice"] = in_graph(builder_twice, lambda sess: tf.train.Saver().restore(sess, prefix))
    cases["renamed_scope"] = in_graph(
        lambda: build_mlp("encoder"), lambda sess: tf.train.Saver().restore(sess, prefix))
    cases["shape_mismatch"] = in_graph(
        lambda: tf.get_variable("model/hidden/kernel", [4, 9]),
        lambda sess: tf.train.Saver().restore(sess, prefix))
    cases["dtype_mismatch"] = in_graph(
        lambda: tf.get_variable("model/hidden/kernel", [4, 8], dtype=tf.float64),
        lambda sess: tf.train.Saver().restore(sess, prefix))
    cases["missing_path"] = in_graph(
        lambda: tf.get_variable("v", [1]),
        lambda sess: tf.train.Saver().restore(sess, prefix + "-nope"))
    cases["none_path"] = in_graph(
        lambda: tf.get_variable("v", [1]), lambda sess: tf.train.Saver().restore(sess, None))
    cases["no_variables"] = in_graph(lambda: None, lambda sess: tf.train.Saver())

    def init(build, amap):
        def action(sess):
            tf.train.init_from_checkpoint(prefix, amap)
            sess.run(tf.global_variables_initializer())
            return None
        return in_graph(build, action)

    new_layout = lambda: [tf.get_variable("new/hidden/kernel", [4, 8]),
                          tf.get_variable("new/hidden/bias", [8])]
    cases["init_scope_ok"] = init(new_layout, {"model/hidden/": "new/hidden/"})
    cases["init_scope_missing"] = init(lambda: tf.get_variable("new/hidden/gamma", [8]),
                                       {"model/hidden/": "new/hidden/"})
    cases["init_var_missing"] = init(lambda: tf.get_variable("w", [4, 8]), {"model/nope": "w"})
    cases["init_shape"] = init(lambda: tf.get_variable("w", [4, 9]), {"model/hidden/kernel": "w"})
    cases["init_scope_only"] = init(lambda: tf.get_variable("w", [4, 8]), {"model/hidden": "nothere/"})
    cases["init_dtype"] = init(lambda: tf.get_variable("w", [4, 8], dtype=tf.float64),
                               {"model/hidden/kernel": "w"})
    cases["init_no_var"] = init(lambda: tf.get_variable("w", [4, 8]), {"model/hidden/kernel": "nope/w"})

    def values_after_init(build, amap, names):
        graph = tf.Graph()
        with graph.as_default():
            build()
            tf.train.init_from_checkpoint(prefix, amap)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                store = {v.op.name: v for v in tf.global_variables()}
                return {n: encode(sess.run(store[n])) for n in names}

    def root_layout():
        with tf.variable_scope("outer"):
            tf.get_variable("global_step", [], dtype=tf.int64)
    cases["init_root_values"] = values_after_init(root_layout, {"/": "outer/"}, ["outer/global_step"])

    def partitioned_target():
        with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2)):
            tf.get_variable("k", [4, 8])
    cases["init_partitioned_values"] = values_after_init(
        partitioned_target, {"model/hidden/kernel": "p/k"}, ["p/k/part_0", "p/k/part_1"])
    return cases


def reader_errors(prefix: str) -> dict:
    """What TF's checkpoint reader raises for a missing key, a missing file and damaged files."""
    import tempfile
    cases = {"missing_key": error_of(lambda: tf.train.NewCheckpointReader(prefix).get_tensor("nope")),
             "missing_file": error_of(lambda: tf.train.NewCheckpointReader(prefix + "-nope"))}
    with tempfile.TemporaryDirectory() as tmp:
        damaged = os.path.join(tmp, "model.ckpt")
        for suffix in (".index", ".data-00000-of-00001"):
            shutil.copy(prefix + suffix, damaged + suffix)
        data = pathlib.Path(damaged + ".data-00000-of-00001")
        raw = bytearray(data.read_bytes())
        raw[10] ^= 0xFF
        data.write_bytes(bytes(raw))
        cases["flipped_data_byte"] = error_of(
            lambda: [tf.train.NewCheckpointReader(damaged).get_tensor(n) for n in
                     tf.train.NewCheckpointReader(damaged).get_variable_to_shape_map()])
        data.write_bytes(bytes(raw[:len(raw) // 2]))
        cases["truncated_data"] = error_of(
            lambda: [tf.train.NewCheckpointReader(damaged).get_tensor(n) for n in
                     tf.train.NewCheckpointReader(damaged).get_variable_to_shape_map()])
        index = pathlib.Path(damaged + ".index")
        raw = bytearray(index.read_bytes())
        raw[20] ^= 0xFF
        index.write_bytes(bytes(raw))
        cases["flipped_index_byte"] = error_of(lambda: tf.train.NewCheckpointReader(damaged))
        index.write_bytes(bytes(raw[:30]))
        cases["truncated_index"] = error_of(lambda: tf.train.NewCheckpointReader(damaged))
    return json.loads(json.dumps(cases).replace(tmp, "<TMP>"))


def read_scopelab() -> None:
    """Read every checkpoint scopelab wrote (tests/data/checkpoints/scopelab/*) and record it."""
    out = {}
    for index in sorted((HERE / "scopelab").glob("*/*.index")):
        prefix = str(index)[:-len(".index")]
        key = os.path.relpath(prefix, HERE)
        out[key] = {"tensors": read_all(prefix)}
        # TF's restore op reads slices through the full name: restore the partitioned variable too.
        graph = tf.Graph()
        with graph.as_default():
            reader = tf.train.NewCheckpointReader(prefix)
            shapes = reader.get_variable_to_shape_map()
            dtypes = reader.get_variable_to_dtype_map()
            made = [tf.get_variable(n, shapes[n], dtype=dtypes[n]) for n in sorted(shapes)]
            with tf.Session() as sess:
                tf.train.Saver(made).restore(sess, prefix)
                out[key]["restored"] = {v.op.name: encode(sess.run(v)) for v in made}
        state = index.parent / "checkpoint"
        if state.exists():
            out[key]["latest_checkpoint"] = os.path.relpath(tf.train.latest_checkpoint(str(index.parent)), HERE)
    (HERE / "tf_read_scopelab.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


def main() -> None:
    if "--read-scopelab" in sys.argv:
        read_scopelab()
        return
    if "--v1" in sys.argv:          # the V1 (single file) fixtures alone, see record_tf_v1.py
        from record_tf_v1 import record_v1
        record_v1()
        return
    if "--sharded" in sys.argv:     # this fixture alone (the others stay as recorded)
        shutil.rmtree(OUT / "sharded", ignore_errors=True)
        record = json.loads((HERE / "tf_expected.json").read_text())
        record["sharded"] = json.loads(json.dumps(write_sharded()).replace(str(HERE), "<HERE>"))
        (HERE / "tf_expected.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
        return
    shutil.rmtree(OUT, ignore_errors=True)
    record = {"tensorflow": tf.__version__, "dtypes": write_dtypes(), "layers": write_layers(),
              "sharded": write_sharded()}
    record["errors"] = restore_errors(str(HERE / record["layers"]["prefix"]))
    record["reader_errors"] = reader_errors(str(HERE / record["layers"]["prefix"]))
    text = json.dumps(record, indent=1, sort_keys=True)
    text = text.replace(str(HERE), "<HERE>")
    (HERE / "tf_expected.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
