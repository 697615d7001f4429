"""TF's V1 checkpoint fixtures (``Saver(write_version=SaverDef.V1)``) and what TensorFlow reads.

Run through ``record_tf.py --v1`` (TensorFlow 2.15.1, ``tf.compat.v1`` graph mode); writes only
``tf_v1/`` and ``tf_v1_expected.json``, never the V2 fixtures. Each tensor is recorded twice:
what ``NewCheckpointReader.get_tensor`` gives (TF's V1 reader refuses float16, uint16, complex and
partitioned tensors with ``UnimplementedError``), and what ``Saver.restore`` assigns (TF's restore
op reads every dtype and reassembles slices), which is the value scopelab returns.
"""

import gzip
import hashlib
import re
import json
import os
import pathlib
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

from record_tf import encode as encode_real, error_of

HERE = pathlib.Path(__file__).parent
OUT = HERE / "tf_v1"
V1 = tf.train.SaverDef.V1
LARGE = 70_000            # float32s: 280,000 bytes, more than a table block (262,144 bytes)


def encode(value) -> dict:
    """record_tf's encoding; complex values as [real, imaginary] pairs."""
    value = np.asarray(value)
    if value.dtype.kind == "c":
        pairs = np.stack([value.real, value.imag], -1).reshape(-1, 2).astype(np.float64)
        return {"dtype": value.dtype.name, "shape": list(value.shape), "value": pairs.tolist()}
    return encode_real(value)


def outcome(fn) -> dict:
    """``{"value": ...}`` or ``{"error": {...}}``."""
    try:
        return {"value": encode(fn())}
    except Exception:  # noqa: BLE001 - error_of records it
        return {"error": error_of(fn)}


def read_all(path: str) -> dict:
    reader = tf.train.NewCheckpointReader(path)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    return {name: {"shape": shapes[name], "dtype": dtypes[name].name,
                   "get_tensor": outcome(lambda n=name: reader.get_tensor(n))}
            for name in sorted(shapes)}


def restored(sess, saver, path: str) -> dict:
    """Zero every variable, restore ``path``, and read each checkpoint tensor back whole."""
    sess.run([v.assign(tf.zeros_like(v)) for v in tf.global_variables() if v.dtype.base_dtype != tf.string])
    saver.restore(sess, path)
    full = {}
    for v in tf.global_variables():
        info = v._save_slice_info
        name = info.full_name if info else v.op.name
        full.setdefault(name, []).append((info.var_offset if info else None, sess.run(v)))
    out = {}
    for name, parts in full.items():
        if parts[0][0] is None:
            out[name] = encode(parts[0][1])
            continue
        axis = next(i for i in range(len(parts[0][0])) if len({p[0][i] for p in parts}) > 1)
        out[name] = encode(np.concatenate([p[1] for p in sorted(parts, key=lambda p: p[0])], axis))
    return out


def build_dtypes() -> None:
    rng = np.random.default_rng(21)
    values = {
        "floats/f16": rng.standard_normal((2, 3)).astype(np.float16),
        "floats/f32": rng.standard_normal((2, 3)).astype(np.float32),
        "floats/f64": rng.standard_normal((3,)),
        "ints/i8": np.array([-128, -1, 0, 127], np.int8),
        "ints/i16": np.array([[-32768, 7], [32767, -2]], np.int16),
        "ints/i32": np.array([-2**31, 2**31 - 1, -5], np.int32),
        "ints/i64": np.array([-2**63, 2**63 - 1, 0, 42], np.int64),
        "ints/u8": np.array([0, 1, 200, 255], np.uint8),
        "ints/u16": np.array([0, 65535, 300], np.uint16),
        "flags/b": np.array([True, False, True]),
        "complex/c64": np.array([1 + 2j, -0.5j], np.complex64),
        "complex/c128": np.array([3 - 4j], np.complex128),
        "scalar": np.float32(3.5),
        "empty": np.zeros((0, 3), np.float32),
        "outer/inner/deep/w": np.arange(6, dtype=np.float32).reshape(2, 3),
    }
    for name, value in values.items():
        tf.Variable(value, name=name)
    tf.Variable(np.array([b"hello", b"", b"\x00\xffbytes", "na\u00efve".encode()] * 2, object)
                .reshape(2, 4), dtype=tf.string, name="text/words")
    tf.Variable(b"", dtype=tf.string, name="text/empty_scalar")
    with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(3, axis=0)):
        tf.get_variable("emb", initializer=tf.constant(np.arange(7 * 2, dtype=np.float32).reshape(7, 2)))
    with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(2, axis=1)):
        tf.get_variable("wide", initializer=tf.constant(np.arange(10, dtype=np.int64).reshape(2, 5) - 4))


def write(name: str, build, step=None, sharded=False, devices=1) -> dict:
    graph = tf.Graph()
    (OUT / name).mkdir(parents=True)
    config = tf.ConfigProto(device_count={"CPU": devices})
    with graph.as_default():
        build()
        saver = tf.train.Saver(write_version=V1, sharded=sharded, save_relative_paths=True)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, str(OUT / name / "model.ckpt"), global_step=step,
                              write_meta_graph=False)
            record = {"path": os.path.relpath(path, HERE), "tensors": read_all(path),
                      "restored": restored(sess, saver, path),
                      "files": sorted(os.listdir(OUT / name)),
                      "list_variables": tf.train.list_variables(path),
                      "debug_string": tf.train.NewCheckpointReader(path).debug_string().decode()}
    if not sharded:
        (OUT / name / "checkpoint").unlink()      # holds nothing the path does not
    else:
        record["state_file"] = (OUT / name / "checkpoint").read_text()
        record["latest_checkpoint"] = os.path.relpath(tf.train.latest_checkpoint(str(OUT / name)), HERE)
    return record


def build_sharded() -> None:
    """Three devices, a partitioned variable with one slice on the second CPU."""
    tf.get_variable("d", initializer=tf.constant([1.5, -2.0]))
    with tf.device("/cpu:0"):
        tf.get_variable("scope/b", initializer=tf.constant([[1, 2], [3, 4]], tf.int32))
        step = tf.train.get_or_create_global_step()
    with tf.device("/cpu:1"):
        tf.get_variable("a", initializer=tf.constant([0.25, 0.5, 0.75]))
    with tf.device(lambda op: "/cpu:1" if "part_1" in op.name else "/cpu:0"):
        tf.get_variable("p/emb", initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2)),
                        partitioner=tf.fixed_size_partitioner(3))
    tf.add_to_collection("step", step)


def build_large() -> None:
    """One tensor bigger than a table block, then a small one (the table has two data blocks)."""
    tf.Variable(np.tile(np.arange(-8, 8, dtype=np.float32), LARGE // 16), name="big")
    tf.Variable(np.array([7], np.int32), name="small")


def unsavable() -> dict:
    """What TF's V1 writer raises for the dtypes it cannot save."""
    out = {}
    for dtype in (tf.bfloat16, tf.uint32, tf.uint64):
        graph = tf.Graph()
        with graph.as_default(), tempfile.TemporaryDirectory() as tmp:
            tf.Variable(tf.cast(tf.constant([1, 2]), dtype), name="v")
            saver = tf.train.Saver(write_version=V1)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                out[dtype.name] = error_of(lambda s=saver, t=tmp, se=sess: s.save(
                    se, os.path.join(t, "m"), write_meta_graph=False))
    return out


def api_cases(record: dict) -> dict:
    """load_variable, path forms, errors of the reader (missing key, damage, patterns)."""
    path = str(HERE / record["dtypes"]["path"])
    sharded = str(HERE / record["sharded"]["path"])
    cases = {
        "load_variable": encode(tf.train.load_variable(path, "outer/inner/deep/w")),
        "load_variable_colon": encode(tf.train.load_variable(path, "ints/i32:0")),
        "missing_key": error_of(lambda: tf.train.NewCheckpointReader(path).get_tensor("nope")),
        "missing_file": error_of(lambda: tf.train.NewCheckpointReader(path + "-nope")),
        "folder_itself": error_of(lambda: tf.train.NewCheckpointReader(str(OUT / "dtypes"))),
        "has_tensor": [tf.train.NewCheckpointReader(path).has_tensor(n) for n in ("scalar", "nope")],
        "checkpoint_exists": {p: tf.train.checkpoint_exists(str(HERE / p)) for p in (
            record["dtypes"]["path"], "tf_v1/dtypes/model.*", "tf_v1/dtypes/nothing*",
            record["sharded"]["path"])},
        "one_shard_of_sharded": sorted(tf.train.NewCheckpointReader(
            sharded.replace("?????", "00000")).get_variable_to_shape_map()),
    }
    patterns = {}
    for pattern in ("tf_v1/dtypes/model.ckp?", "tf_v1/dtypes/model.*", "tf_v1/dtypes/*",
                    "tf_v1/sharded/model.ckpt-5-*"):
        try:
            patterns[pattern] = sorted(tf.train.NewCheckpointReader(str(HERE / pattern))
                                       .get_variable_to_shape_map())
        except Exception:  # noqa: BLE001
            patterns[pattern] = error_of(lambda p=pattern: tf.train.NewCheckpointReader(str(HERE / p)))
    cases["patterns"] = patterns
    with tempfile.TemporaryDirectory() as tmp:
        # two whole checkpoints matched by one pattern: their slices overlap
        shutil.copy(path, os.path.join(tmp, "model.ckpt-1"))
        shutil.copy(path, os.path.join(tmp, "model.ckpt-2"))
        cases["overlapping_files"] = error_of(
            lambda: tf.train.NewCheckpointReader(os.path.join(tmp, "model.ckpt-*")))
        raw = pathlib.Path(path).read_bytes()
        damaged = os.path.join(tmp, "damaged")
        read_every = lambda: [tf.train.NewCheckpointReader(damaged).get_tensor(n)
                              for n in ("floats/f32", "ints/i64", "text/words")]
        for case, data in {"truncated_half": raw[:len(raw) // 2], "truncated_30": raw[:30],
                           "flipped_byte_40": raw[:40] + bytes([raw[40] ^ 0xFF]) + raw[41:],
                           "flipped_last_byte": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
                           "empty_file": b"", "not_a_table": b"hello world" * 10}.items():
            pathlib.Path(damaged).write_bytes(data)
            cases[case] = error_of(read_every)
    return json.loads(json.dumps(cases).replace(str(HERE), "<HERE>"))


def init_cases(record: dict) -> dict:
    """init_from_checkpoint from a V1 file: a scope map, a partitioned target and source, float16."""
    path = str(HERE / record["dtypes"]["path"])
    out = {}

    def run(build, amap, names):
        graph = tf.Graph()
        with graph.as_default():
            build()
            try:
                tf.train.init_from_checkpoint(path, amap)
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    store = {v.op.name: v for v in tf.global_variables()}
                    return {n: encode(sess.run(store[n])) for n in names}
            except Exception:  # noqa: BLE001
                return {"error": error_of(lambda: tf.train.init_from_checkpoint(path, amap))}

    out["scope"] = run(lambda: [tf.get_variable("new/deep/w", [2, 3])],
                       {"outer/inner/deep/": "new/deep/"}, ["new/deep/w"])
    out["partitioned_target"] = run(
        lambda: tf.get_variable("emb", [7, 2], partitioner=tf.fixed_size_partitioner(2)),
        {"part/emb": "emb"}, ["emb/part_0", "emb/part_1"])
    out["from_partitioned_axis1"] = run(lambda: tf.get_variable("w", [2, 5], dtype=tf.int64),
                                        {"part/wide": "w"}, ["w"])
    out["half"] = run(lambda: tf.get_variable("h", [2, 3], dtype=tf.float16),
                      {"floats/f16": "h"}, ["h"])
    return out


def record_v1() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    record = {"tensorflow": tf.__version__,
              "dtypes": write("dtypes", build_dtypes),
              "sharded": write("sharded", build_sharded, step=5, sharded=True, devices=2),
              "unsavable": unsavable()}
    large = write("large", build_large)
    file = OUT / "large" / "model.ckpt"
    # 280 KB -> 1 KB; mtime=0 so a rerun writes the same bytes
    pathlib.Path(str(file) + ".gz").write_bytes(gzip.compress(file.read_bytes(), 9, mtime=0))
    file.unlink()
    big = large["tensors"]["big"].pop("get_tensor")["value"]   # 70,000 values: keep a digest
    large["tensors"]["big"]["sha256"] = hashlib.sha256(
        np.array(big["value"], np.float32).tobytes()).hexdigest()
    large["tensors"]["big"]["head"] = big["value"][:20]
    large["restored"].pop("big")
    record["large"] = large
    record["api"] = api_cases(record)
    record["init"] = init_cases(record)
    text = json.dumps(record, indent=1, sort_keys=True).replace(str(HERE), "<HERE>")
    text = re.sub(r"/tmp/tmp[\w]+", "<TMP>", text)
    (HERE / "tf_v1_expected.json").write_text(text + "\n")
