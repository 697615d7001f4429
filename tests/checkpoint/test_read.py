"""Reading TensorFlow's checkpoints: every dtype, strings, slices, the reader API, damage."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf
from scopelab.checkpoint import CheckpointReader

from .conftest import TF_EXPECTED, decode


@pytest.mark.parametrize("fixture", ["dtypes", "layers"])
def test_values_match_what_tensorflow_read(fixture, request):
    prefix = request.getfixturevalue(f"{fixture}_prefix")
    reader = tf.train.load_checkpoint(prefix)
    record = TF_EXPECTED[fixture]["tensors"]
    assert reader.get_variable_to_shape_map() == {n: r["shape"] for n, r in record.items()}
    assert {n: d.name for n, d in reader.get_variable_to_dtype_map().items()} == \
        {n: r["dtype"] for n, r in record.items()}
    for name, rec in record.items():
        value, expected = reader.get_tensor(name), decode(rec["value"])
        assert value.shape == expected.shape, name
        assert value.dtype == expected.dtype or rec["dtype"] == "bfloat16", name
        np.testing.assert_array_equal(value, expected, err_msg=name)


def test_bfloat16_is_float32_exactly(dtypes_prefix):
    value = tf.train.load_variable(dtypes_prefix, "floats/bf16")
    assert value.dtype == np.float32
    np.testing.assert_array_equal(value, decode(TF_EXPECTED["dtypes"]["tensors"]["floats/bf16"]["value"]))
    assert not (value.view(np.uint32) & 0xFFFF).any()       # only bfloat16's 16 bits are set
    assert value[0] == 1.5 and value[1] == -2.25
    assert tf.train.load_checkpoint(dtypes_prefix).get_variable_to_dtype_map()["floats/bf16"].name \
        == "bfloat16"


def test_strings_are_bytes(dtypes_prefix):
    words = tf.train.load_variable(dtypes_prefix, "text/words")
    assert words.dtype == object and words.shape == (2, 4)
    assert words[0].tolist() == [b"hello", b"", b"\x00\xffbytes", "na\u00efve".encode()]
    assert tf.train.load_variable(dtypes_prefix, "text/scalar") == b"one string"


def test_partitioned_variables_are_reassembled(dtypes_prefix):
    reader = tf.train.NewCheckpointReader(dtypes_prefix)
    np.testing.assert_array_equal(reader.get_tensor("part/emb"),
                                  np.arange(65, dtype=np.float32).reshape(13, 5))
    np.testing.assert_array_equal(reader.get_tensor("part/wide"), np.arange(8).reshape(2, 4))
    info = {t.name: t for t in reader.tensors()}["part/emb"]
    assert info.slices == [((0, 5), (0, 5)), ((5, 4), (0, 5)), ((9, 4), (0, 5))]
    assert not reader.has_tensor("part/emb/part_0")   # shards are not keys, as in TF


def test_reader_api(layers_prefix, tf_expected):
    reader = tf.train.load_checkpoint(layers_prefix)
    assert reader.has_tensor("global_step") and not reader.has_tensor("nope")
    assert reader.debug_string().decode().splitlines()[:3] == [
        "beta1_power (DT_FLOAT) []", "beta2_power (DT_FLOAT) []", "global_step (DT_INT64) []"]
    assert tf.train.list_variables(layers_prefix) == sorted(
        (n, r["shape"]) for n, r in tf_expected["layers"]["tensors"].items())
    assert tf.train.load_variable(layers_prefix, "global_step:0") == 3


def test_folder_reads_its_latest_checkpoint(layers_prefix):
    folder = layers_prefix.rsplit("/", 1)[0]
    assert tf.train.latest_checkpoint(folder) == layers_prefix
    assert tf.train.load_variable(folder, "global_step") == 3
    state = tf.train.get_checkpoint_state(folder)
    assert state.all_model_checkpoint_paths == [folder + "/model.ckpt-2", layers_prefix]
    assert tf.train.checkpoint_exists(layers_prefix)
    assert not tf.train.checkpoint_exists(layers_prefix + "-nope")


def test_missing_key_and_file(layers_prefix, tf_expected):
    errors = tf_expected["reader_errors"]
    with pytest.raises(tf.errors.NotFoundError) as err:
        tf.train.load_checkpoint(layers_prefix).get_tensor("nope")
    assert str(err.value) == errors["missing_key"]["message"]
    with pytest.raises(tf.errors.NotFoundError) as err:
        tf.train.load_checkpoint(layers_prefix + "-nope")
    assert str(err.value).startswith(errors["missing_file"]["message"].replace(
        "<HERE>", str(layers_prefix).rsplit("/tf/", 1)[0]))
    assert "tf.train.latest_checkpoint(folder)" in str(err.value)
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.load_checkpoint(layers_prefix.rsplit("/", 2)[0])   # a folder with no state


def _flip(path: str, offset: int) -> None:
    raw = bytearray(open(path, "rb").read())
    raw[offset] ^= 0xFF
    open(path, "wb").write(bytes(raw))


def test_flipped_data_byte_is_a_checksum_error(layers_prefix, copy_of):
    prefix = copy_of(layers_prefix)
    _flip(prefix + ".data-00000-of-00001", 10)
    reader = CheckpointReader(prefix)
    read = [n for n in reader.get_variable_to_shape_map()]
    with pytest.raises(tf.errors.DataLossError) as err:
        for name in read:
            reader.get_tensor(name)
    message = str(err.value)
    assert message.startswith(f"Unable to read file ({prefix}.data-00000-of-00001) (tensor ")
    assert "Checksum does not match: stored" in message     # TF's phrase
    assert err.value.path == prefix + ".data-00000-of-00001"


def test_truncated_data_never_gives_numbers(layers_prefix, copy_of):
    prefix = copy_of(layers_prefix)
    path = prefix + ".data-00000-of-00001"
    raw = open(path, "rb").read()
    open(path, "wb").write(raw[:len(raw) // 2])
    reader = CheckpointReader(prefix)
    failures = 0
    for name in reader.get_variable_to_shape_map():
        try:
            np.testing.assert_array_equal(reader.get_tensor(name), CheckpointReader(layers_prefix)
                                          .get_tensor(name))
        except tf.errors.DataLossError as err:
            assert "the file is truncated" in str(err) and name in str(err)
            failures += 1
    assert failures > 5


@pytest.mark.parametrize("cut, phrase", [(30, "too short to be a table"), (300, "truncated")])
def test_damaged_index_is_data_loss(layers_prefix, copy_of, cut, phrase):
    prefix = copy_of(layers_prefix)
    path = prefix + ".index"
    raw = open(path, "rb").read()
    open(path, "wb").write(raw[:cut] + (raw[-48:] if cut > 48 else b""))
    with pytest.raises(tf.errors.DataLossError, match=phrase) as err:
        CheckpointReader(prefix)
    assert str(err.value).startswith(f"Unable to read file ({path}): ")


def test_flipped_index_byte_is_data_loss(layers_prefix, copy_of):
    prefix = copy_of(layers_prefix)
    _flip(prefix + ".index", 20)
    with pytest.raises(tf.errors.DataLossError, match="fails its checksum"):
        CheckpointReader(prefix)


def test_missing_data_file(layers_prefix, copy_of):
    prefix = copy_of(layers_prefix)
    import os
    os.remove(prefix + ".data-00000-of-00001")
    reader = CheckpointReader(prefix)          # the index alone still lists the tensors
    assert "global_step" in reader.get_variable_to_shape_map()
    with pytest.raises(tf.errors.NotFoundError, match="data file is missing"):
        reader.get_tensor("global_step")


def test_import_stays_light():
    """google-crc32c loads on the first read, not with ``import scopelab``."""
    import subprocess
    import sys

    code = ("import sys, scopelab; assert 'google_crc32c' not in sys.modules; "
            "scopelab.train.list_variables; print('ok')")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "ok"
