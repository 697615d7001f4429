"""Reading TF's V1 checkpoints (one table file per shard) as TensorFlow 2.15 recorded them."""

from __future__ import annotations

import gzip
import hashlib
import json
import pathlib
import shutil
import struct

import numpy as np
import pytest

import scopelab as tf
from scopelab.checkpoint import CheckpointReader
from scopelab.checkpoint._table import FOOTER_SIZE
from scopelab.checkpoint._v1 import V1CheckpointReader
from scopelab.checkpoint._tensor_proto import tensor_values
from scopelab.checkpoint._wire import WireError, get_varint, put_varint
from scopelab.checkpoint_view import checkpoint_snapshot, diff_checkpoint
from scopelab.ckpt_cli import main as ckpt_main
from scopelab.render import render_text

from .conftest import DATA, TF_V1, decode

DTYPES = str(DATA / TF_V1["dtypes"]["path"])
SHARDED = str(DATA / TF_V1["sharded"]["path"])


@pytest.mark.parametrize("fixture", ["dtypes", "sharded"])
def test_names_shapes_dtypes_and_values_are_tensorflows(fixture):
    record = TF_V1[fixture]
    reader = tf.train.NewCheckpointReader(str(DATA / record["path"]))
    assert isinstance(reader, CheckpointReader) and isinstance(reader, V1CheckpointReader)
    assert reader.get_variable_to_shape_map() == {n: r["shape"] for n, r in record["tensors"].items()}
    assert {n: d.name for n, d in reader.get_variable_to_dtype_map().items()} == \
        {n: r["dtype"] for n, r in record["tensors"].items()}
    for name, rec in record["tensors"].items():
        value = reader.get_tensor(name)
        restored = decode(record["restored"][name])          # what TF's restore op assigned
        assert value.dtype == restored.dtype and value.shape == restored.shape, name
        np.testing.assert_array_equal(value, restored, err_msg=name)
        if "value" in rec["get_tensor"]:                     # TF's own reader agrees
            np.testing.assert_array_equal(value, decode(rec["get_tensor"]["value"]), err_msg=name)
    assert tf.train.list_variables(str(DATA / record["path"])) == \
        [tuple(pair) for pair in record["list_variables"]]
    assert sorted(reader.debug_string().decode().splitlines()) == \
        sorted(record["debug_string"].splitlines())


def test_what_tensorflows_v1_get_tensor_refuses_is_read():
    """TF's V1 reader refuses float16, uint16, complex and partitioned tensors; its restore op, and
    scopelab, read them."""
    refused = {n for n, r in TF_V1["dtypes"]["tensors"].items() if "error" in r["get_tensor"]}
    assert refused == {"floats/f16", "ints/u16", "complex/c64", "complex/c128", "part/emb",
                       "part/wide"}
    reader = tf.train.load_checkpoint(DTYPES)
    np.testing.assert_array_equal(reader.get_tensor("part/emb"),
                                  np.arange(14, dtype=np.float32).reshape(7, 2))
    np.testing.assert_array_equal(reader.get_tensor("part/wide"), np.arange(10).reshape(2, 5) - 4)
    assert reader.get_tensor("ints/u16").tolist() == [0, 65535, 300]
    assert reader.get_tensor("ints/i8").tolist() == [-128, -1, 0, 127]     # negative int_val
    assert reader.get_tensor("ints/i64").tolist() == [-2**63, 2**63 - 1, 0, 42]


def test_slices_strings_scalars_and_empty_tensors():
    reader = tf.train.NewCheckpointReader(DTYPES)
    infos = {t.name: t for t in reader.tensors()}
    assert infos["part/emb"].slices == [((0, 3), (0, 2)), ((3, 2), (0, 2)), ((5, 2), (0, 2))]
    assert infos["part/wide"].slices == [((0, 2), (0, 3)), ((0, 2), (3, 2))]
    assert infos["floats/f32"].slices == []                 # one whole slice: not partitioned
    np.testing.assert_array_equal(reader.get_slice("part/wide", ((0, 2), (3, 2))), [[-1, 0], [4, 5]])
    assert not reader.has_tensor("part/emb/part_0") and reader.has_tensor("outer/inner/deep/w")
    words = reader.get_tensor("text/words")
    assert words.dtype == object and words[0].tolist() == [b"hello", b"", b"\x00\xffbytes",
                                                           "na\u00efve".encode()]
    assert reader.get_tensor("text/empty_scalar") == b""
    assert reader.get_tensor("scalar").shape == () and reader.get_tensor("scalar") == 3.5
    assert reader.get_tensor("empty").shape == (0, 3)


def test_api_records():
    api = TF_V1["api"]
    np.testing.assert_array_equal(tf.train.load_variable(DTYPES, "outer/inner/deep/w"),
                                  decode(api["load_variable"]))
    np.testing.assert_array_equal(tf.train.load_variable(DTYPES, "ints/i32:0"),
                                  decode(api["load_variable_colon"]))
    reader = tf.train.NewCheckpointReader(DTYPES)
    assert [reader.has_tensor(n) for n in ("scalar", "nope")] == api["has_tensor"]
    with pytest.raises(tf.errors.NotFoundError, match="^nope not found in checkpoint file$"):
        reader.get_tensor("nope")
    assert api["missing_key"]["message"] == "nope not found in checkpoint file"


def test_path_forms_are_tensorflows():
    """A V1 path is a glob pattern; a sharded save is named by one ('-?????-of-00003')."""
    api = TF_V1["api"]
    for pattern, names in api["patterns"].items():
        assert sorted(tf.train.NewCheckpointReader(str(DATA / pattern))
                      .get_variable_to_shape_map()) == names, pattern
    for path, exists in api["checkpoint_exists"].items():
        assert tf.train.checkpoint_exists(str(DATA / path)) is exists, path
    one = SHARDED.replace("?????", "00000")
    assert sorted(tf.train.NewCheckpointReader(one).get_variable_to_shape_map()) == \
        api["one_shard_of_sharded"]
    folder = DATA / "tf_v1" / "sharded"
    assert tf.train.latest_checkpoint(str(folder)) == \
        str(DATA / TF_V1["sharded"]["latest_checkpoint"])
    assert tf.train.load_checkpoint(str(folder)).get_variable_to_shape_map() == \
        {n: r["shape"] for n, r in TF_V1["sharded"]["tensors"].items()}
    assert [n for n, _ in tf.train.list_variables(str(folder))] == \
        [pair[0] for pair in TF_V1["sharded"]["list_variables"]]


def test_path_errors():
    api = TF_V1["api"]
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for"):
        tf.train.NewCheckpointReader(DTYPES + "-nope")
    assert api["missing_file"]["type"] == "NotFoundError"
    with pytest.raises(tf.errors.DataLossError, match="Unable to open table file .*directory"):
        tf.train.NewCheckpointReader(str(DATA / "tf_v1" / "dtypes"))
    assert api["folder_itself"]["type"] == "DataLossError"


def test_a_pattern_matching_two_checkpoints_is_overlap(tmp_path):
    for step in (1, 2):
        shutil.copy(DTYPES, tmp_path / f"model.ckpt-{step}")
    with pytest.raises(tf.errors.InvalidArgumentError, match="^Overlapping slices") as err:
        tf.train.NewCheckpointReader(str(tmp_path / "model.ckpt-*"))
    assert "name one checkpoint" in str(err.value)
    assert TF_V1["api"]["overlapping_files"]["message"].startswith("Overlapping slices")


def test_a_tensor_with_slices_outside_the_pattern_is_not_found(tmp_path):
    shard = pathlib.Path(SHARDED.replace("?????", "00001"))     # holds part of p/emb
    shutil.copy(shard, tmp_path / "one")
    reader = tf.train.NewCheckpointReader(str(tmp_path / "one"))
    assert reader.get_variable_to_shape_map()["p/emb"] == [6, 2]
    with pytest.raises(tf.errors.NotFoundError, match="p/emb not found in checkpoint file: .*"
                                                      "holds? \\d+ of its 12 elements"):
        reader.get_tensor("p/emb")


@pytest.mark.parametrize("case", ["truncated_half", "truncated_30", "flipped_byte_40",
                                  "flipped_last_byte", "empty_file", "not_a_table"])
def test_damaged_files_are_data_loss(case, tmp_path):
    raw = pathlib.Path(DTYPES).read_bytes()
    data = {"truncated_half": raw[:len(raw) // 2], "truncated_30": raw[:30],
            "flipped_byte_40": raw[:40] + bytes([raw[40] ^ 0xFF]) + raw[41:],
            "flipped_last_byte": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
            "empty_file": b"", "not_a_table": b"hello world" * 10}[case]
    damaged = tmp_path / "damaged"
    damaged.write_bytes(data)
    with pytest.raises(tf.errors.DataLossError, match=f"^Unable to open table file {damaged}: ") as err:
        tf.train.NewCheckpointReader(str(damaged)).get_tensor("floats/f32")
    assert "damaged or was cut short" in str(err.value)
    # TF: DataLoss, or (a flipped byte in the table of contents, which TF does not checksum)
    # InternalError; scopelab checks every block's CRC32C, so it is always DataLoss.
    assert TF_V1["api"][case]["type"] in ("DataLossError", "InternalError")


def test_every_flipped_byte_of_the_data_blocks_is_caught(tmp_path):
    """(The metaindex block and the footer's padding are never read, by TF or scopelab.)"""
    raw = pathlib.Path(DTYPES).read_bytes()
    metaindex, _ = get_varint(raw, len(raw) - FOOTER_SIZE)
    for pos in range(0, metaindex, 7):
        damaged = tmp_path / f"d{pos}"
        damaged.write_bytes(raw[:pos] + bytes([raw[pos] ^ 0x10]) + raw[pos + 1:])
        with pytest.raises(tf.errors.DataLossError):
            reader = tf.train.NewCheckpointReader(str(damaged))
            [reader.get_tensor(n) for n in reader.get_variable_to_shape_map()]


def test_a_large_tensor_spans_table_blocks(tmp_path):
    path = tmp_path / "model.ckpt"
    path.write_bytes(gzip.decompress((DATA / "tf_v1" / "large" / "model.ckpt.gz").read_bytes()))
    assert path.stat().st_size > 262_144                       # more than one table block
    reader = tf.train.NewCheckpointReader(str(path))
    record = TF_V1["large"]["tensors"]["big"]
    big = reader.get_tensor("big")
    assert big.dtype == np.float32 and list(big.shape) == record["shape"]
    assert big[:20].tolist() == record["head"]
    assert hashlib.sha256(big.tobytes()).hexdigest() == record["sha256"]
    np.testing.assert_array_equal(reader.get_tensor("small"),
                                  decode(TF_V1["large"]["restored"]["small"]))


def _build_like(path: str) -> dict:
    """Variables shaped like the checkpoint's (partitioned ones as TF built them), all zeros."""
    reader = tf.train.NewCheckpointReader(path)
    slices = {t.name: t.slices for t in reader.tensors()}
    made = {}
    for name, shape in sorted(reader.get_variable_to_shape_map().items()):
        dtype = reader.get_variable_to_dtype_map()[name]
        if slices[name]:
            axis = 0 if len({e[0] for e in slices[name]}) > 1 else 1
            parts = [1, 1]
            parts[axis] = len(slices[name])
            made[name] = tf.get_variable(name, shape, dtype=dtype, partitioner=lambda p=parts, **_: p,
                                         initializer=tf.zeros_initializer())
        elif dtype.name == "string":
            made[name] = tf.get_variable(name, initializer=np.full(shape, b"x", object), dtype=dtype)
        else:
            made[name] = tf.get_variable(name, shape, dtype=dtype, initializer=tf.zeros_initializer())
    return made


@pytest.mark.parametrize("fixture", ["dtypes", "sharded"])
def test_saver_restores_a_v1_checkpoint_into_the_store(fixture):
    path = str(DATA / TF_V1[fixture]["path"])
    made = _build_like(path)
    tf.train.Saver().restore(object(), path)
    for name, variable in made.items():
        expected = decode(TF_V1[fixture]["restored"][name])
        parts = list(variable) if isinstance(variable, tf.PartitionedVariable) else [variable]
        for part in parts:
            info = part.save_slice_info
            index = tuple(slice(o, o + n) for o, n in zip(info.var_offset, info.var_shape)) \
                if info else ()
            value = np.asarray(part)
            assert value.dtype == expected.dtype, name
            np.testing.assert_array_equal(value, expected[index], err_msg=part.name)


def test_restore_of_a_damaged_v1_file_leaves_the_store(tmp_path):
    raw = bytearray(pathlib.Path(DTYPES).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / "model.ckpt").write_bytes(bytes(raw))
    w = tf.get_variable("floats/f32", [2, 3], initializer=tf.ones_initializer())
    with pytest.raises(tf.errors.DataLossError):
        tf.train.Saver([w]).restore(object(), str(tmp_path / "model.ckpt"))
    np.testing.assert_array_equal(np.asarray(w), np.ones((2, 3)))


@pytest.mark.parametrize("case", sorted(TF_V1["init"]))
def test_init_from_checkpoint_assigns_v1_values(case):
    build = {
        "scope": lambda: tf.get_variable("new/deep/w", [2, 3]),
        "partitioned_target": lambda: tf.get_variable(
            "emb", [7, 2], partitioner=tf.fixed_size_partitioner(2)),
        "from_partitioned_axis1": lambda: tf.get_variable("w", [2, 5], dtype=tf.int64),
        "half": lambda: tf.get_variable("h", [2, 3], dtype=tf.float16),
    }[case]
    amap = {"scope": {"outer/inner/deep/": "new/deep/"}, "partitioned_target": {"part/emb": "emb"},
            "from_partitioned_axis1": {"part/wide": "w"}, "half": {"floats/f16": "h"}}[case]
    build()
    tf.train.init_from_checkpoint(DTYPES, amap)
    store = tf.get_default_store()
    for name, expected in TF_V1["init"][case].items():
        value = np.asarray(store.get(name))
        assert value.dtype == decode(expected).dtype
        np.testing.assert_array_equal(value, decode(expected), err_msg=name)


def test_views_and_cli_read_v1(tmp_path, capsys):
    text = render_text(checkpoint_snapshot(DTYPES))
    assert text.splitlines()[0].startswith(f"checkpoint {DTYPES}: 19 variables")
    assert "emb  (7, 2)  float32  partitions (3, 1)" in text
    tf.get_variable("outer/inner/deep/w", [2, 3])
    diff = diff_checkpoint(DTYPES)
    assert "outer/inner/deep/w" in diff.comparison.matched
    assert ckpt_main(["ls", SHARDED, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in listing["tensors"]] == sorted(TF_V1["sharded"]["tensors"])
    moved = str(tmp_path / "moved")                               # V1 in, V2 out
    assert ckpt_main(["map", DTYPES, "part/=p/", "--write", moved]) == 0
    capsys.readouterr()
    v2 = tf.train.NewCheckpointReader(moved)
    assert not isinstance(v2, V1CheckpointReader)
    np.testing.assert_array_equal(v2.get_tensor("p/emb"),
                                  tf.train.load_variable(DTYPES, "part/emb"))
    assert [t.slices for t in v2.tensors() if t.name == "p/wide"] == \
        [[((0, 2), (0, 3)), ((0, 2), (3, 2))]]


def test_writing_stays_v2():
    tf.get_variable("v", [1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="write_version=1: scopelab writes "
                                                             "TF's V2 checkpoint format only"):
        tf.train.Saver(write_version=1)
    assert {"bfloat16", "uint32", "uint64"} == set(TF_V1["unsavable"])   # TF's V1 cannot either


# --- TensorProto forms TF's V1 writer does not use, but the format allows -----------------------------
def _field(number: int, wire: int, payload: bytes) -> bytes:
    out = bytearray()
    put_varint(out, (number << 3) | wire)
    if wire == 2:
        put_varint(out, len(payload))
    return bytes(out) + payload


def test_tensor_proto_unpacked_elements_and_tensor_content():
    unpacked = b"".join(_field(5, 5, struct.pack("<f", v)) for v in (1.5, -2.0))
    assert tensor_values(unpacked, "float32", 2).tolist() == [1.5, -2.0]
    ints = bytearray()
    for v in (-3, 300):
        ints += _field(7, 0, b"")
        put_varint(ints, v)
    assert tensor_values(bytes(ints), "int16", 2).tolist() == [-3, 300]
    content = _field(4, 2, np.array([1, -2, 3], "<i8").tobytes())
    assert tensor_values(content, "int64", 3).tolist() == [1, -2, 3]
    bf16 = bytearray()
    put_varint(bf16, 0x3FC0)                                     # bfloat16 1.5 in half_val
    assert tensor_values(_field(13, 2, bytes(bf16)), "bfloat16", 1).tolist() == [1.5]


@pytest.mark.parametrize("proto, dtype, count, phrase", [
    (_field(5, 2, struct.pack("<ff", 1, 2)), "float32", 3, "holds 2 values, the slice has 3"),
    (_field(5, 2, b"\x00\x00\x80"), "float32", 1, "not hold a whole number"),
    (_field(7, 2, b"\x80"), "int32", 1, "runs past the end"),
    (_field(4, 2, b"\x00" * 5), "int32", 1, "tensor_content is 5 bytes"),
    (_field(8, 2, b"a"), "string", 2, "holds 1 strings, the slice has 2"),
])
def test_tensor_proto_damage(proto, dtype, count, phrase):
    with pytest.raises(WireError, match=phrase):
        tensor_values(proto, dtype, count)


def test_packed_varints_of_every_length():
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.integers(-2**63, 2**63 - 1, 500, dtype=np.int64),
                             [0, 1, 127, 128, -1, -2**63, 2**63 - 1],
                             rng.integers(-300, 300, 500)]).astype(np.int64)
    packed = bytearray()
    for v in values.tolist():
        put_varint(packed, v)
    np.testing.assert_array_equal(tensor_values(_field(10, 2, bytes(packed)), "int64", values.size),
                                  values)
