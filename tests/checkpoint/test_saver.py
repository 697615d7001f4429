"""tf.train.Saver over the store: save, restore, the state file, and TF1's restore errors."""

from __future__ import annotations

import os

import numpy as np
import pytest

import scopelab as tf

from .conftest import DATA, TF_EXPECTED, decode


def _model():
    with tf.variable_scope("model"):
        w = tf.get_variable("w", [3, 4])
        b = tf.get_variable("b", [4], initializer=tf.constant_initializer(0.5))
        with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(3)):
            e = tf.get_variable("emb", [7, 2])
    return w, b, e


def test_save_and_restore_round_trip(tmp_path):
    w, b, e = _model()
    saved = {v: np.asarray(v).copy() for v in (w, b, e)}
    path = tf.train.Saver().save(None, str(tmp_path / "model.ckpt"))
    assert path == str(tmp_path / "model.ckpt")
    assert tf.train.list_variables(path) == [("model/b", [4]), ("model/p/emb", [7, 2]),
                                             ("model/w", [3, 4])]
    for v in (w, b, e):
        v.assign(np.zeros(v.shape.as_list(), np.float32))
    tf.train.Saver().restore(object(), path)            # any session object works
    for v, value in saved.items():
        np.testing.assert_array_equal(np.asarray(v), value)


def test_partitioned_variable_is_saved_as_tensorflow_saves_it(tmp_path):
    _, _, e = _model()
    path = tf.train.Saver().save(None, str(tmp_path / "m"))
    reader = tf.train.load_checkpoint(path)
    info = {t.name: t for t in reader.tensors()}["model/p/emb"]
    assert info.slices == [((0, 3), (0, 2)), ((3, 2), (0, 2)), ((5, 2), (0, 2))]
    np.testing.assert_array_equal(reader.get_tensor("model/p/emb"), np.asarray(e))


def _sharded_model():
    """tests/data/checkpoints/record_tf.py's write_sharded(), under scopelab."""
    tf.get_variable("d", initializer=np.array([1.5, -2.0], np.float32))
    with tf.device("/cpu:0"):
        tf.get_variable("b", initializer=np.array([[1, 2], [3, 4]], np.int32))
        step = tf.train.get_or_create_global_step()
    with tf.device("/cpu:1"):
        tf.get_variable("a", initializer=np.array([0.25, 0.5, 0.75], np.float32))
    with tf.device(lambda op: "/cpu:1" if "part_1" in op.name else "/cpu:0"):
        tf.get_variable("p/emb", initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2)),
                        partitioner=tf.fixed_size_partitioner(3))
    step.assign(5)
    return step


def test_sharded_saver_writes_tensorflows_files_byte_for_byte(tmp_path):
    """One data file per device ("", CPU:0, CPU:1 in that order; p/emb's middle slice on CPU:1):
    the index, the three data files and the state file are TensorFlow's own bytes."""
    record = TF_EXPECTED["sharded"]
    step = _sharded_model()
    assert {v.op.name: v.device for v in tf.global_variables()} == record["devices"]
    path = tf.train.Saver(sharded=True, save_relative_paths=True).save(
        None, str(tmp_path / "model.ckpt"), global_step=step)
    assert sorted(os.listdir(tmp_path)) == record["files"]
    tf_folder = DATA / record["prefix"].rsplit("/", 1)[0]
    for name in record["files"]:
        assert (tmp_path / name).read_bytes() == (tf_folder / name).read_bytes(), name
    reader = tf.train.load_checkpoint(path)
    assert reader.num_shards == 3
    for name, expected in record["tensors"].items():
        np.testing.assert_array_equal(reader.get_tensor(name), decode(expected["value"]), name)


def test_sharded_saver_restores_and_one_device_gives_one_file(tmp_path):
    _sharded_model()
    prefix = tf.train.Saver(sharded=True).save(None, str(tmp_path / "m"))
    tf.reset_default_graph()
    with tf.device("/cpu:0"):   # the same names on one device: restoring ignores devices
        made = [tf.get_variable(n, s, dtype=d) for n, s, d in
                [("d", [2], tf.float32), ("b", [2, 2], tf.int32), ("a", [3], tf.float32),
                 ("global_step", [], tf.int64)]]
    tf.train.Saver(made).restore(None, prefix)
    np.testing.assert_array_equal(np.asarray(made[1]), [[1, 2], [3, 4]])
    assert int(np.asarray(made[3])) == 5
    one = tf.train.Saver(made, sharded=True).save(None, str(tmp_path / "one"))
    assert sorted(p.name for p in tmp_path.glob("one*")) == ["one.data-00000-of-00001", "one.index"]
    assert tf.train.load_checkpoint(one).num_shards == 1


def test_max_to_keep_and_state_file(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=2)
    paths = [saver.save(None, str(tmp_path / "model.ckpt"), global_step=step) for step in (1, 2, 3)]
    assert saver.last_checkpoints == paths[1:]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-2.data-00000-of-00001",
                                            "model.ckpt-2.index", "model.ckpt-3.data-00000-of-00001",
                                            "model.ckpt-3.index"]
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{paths[2]}"\n'
        f'all_model_checkpoint_paths: "{paths[1]}"\nall_model_checkpoint_paths: "{paths[2]}"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == paths[2]


def test_relative_paths_like_tensorflow(tmp_path):
    """The layers fixture's state file was written by TF with save_relative_paths=True."""
    _model()
    saver = tf.train.Saver(max_to_keep=2, save_relative_paths=True)
    for step in (1, 2, 3):
        saver.save(None, str(tmp_path / "model.ckpt"), global_step=step)
    assert (tmp_path / "checkpoint").read_text() == TF_EXPECTED["layers"]["state_file"]


def test_global_step_forms(tmp_path):
    _model()
    step = tf.get_variable("global_step", [], dtype=tf.int64, initializer=tf.zeros_initializer(),
                           trainable=False)
    step.assign(41)
    saver = tf.train.Saver(max_to_keep=None, pad_step_number=False)
    assert saver.save(None, str(tmp_path / "a"), global_step=step).endswith("a-41")
    assert saver.save(None, str(tmp_path / "b"), global_step="global_step:0").endswith("b-41")
    assert tf.train.Saver(pad_step_number=True).save(None, str(tmp_path / "c"), global_step=7) \
        .endswith("c-00000007")
    with pytest.raises(TypeError, match="global_step must be an int"):
        saver.save(None, str(tmp_path / "d"), global_step=1.5)


def test_var_list_forms(tmp_path):
    w, b, e = _model()
    path = tf.train.Saver({"renamed/w": w, "emb": e}).save(None, str(tmp_path / "m"))
    assert [n for n, _ in tf.train.list_variables(path)] == ["emb", "renamed/w"]
    path = tf.train.Saver([w, list(e)]).save(None, str(tmp_path / "n"))
    assert [n for n, _ in tf.train.list_variables(path)] == ["model/p/emb", "model/w"]
    with pytest.raises(ValueError, match="At least two variables have the same name: model/w"):
        tf.train.Saver([w, w])
    with pytest.raises(TypeError, match="Variable to save is not a Variable"):
        tf.train.Saver([w, 3.0])


@pytest.mark.parametrize("key", ["none_path", "missing_path", "no_variables"])
def test_argument_errors_match_tensorflow(key, tmp_path):
    expected = TF_EXPECTED["errors"][key]
    if key != "no_variables":
        tf.get_variable("v", [1])
    with pytest.raises(ValueError) as err:
        if key == "no_variables":
            tf.train.Saver()
        path = None if key == "none_path" else str(tmp_path / "model.ckpt-3-nope")
        tf.train.Saver().restore(None, path)
    first = str(err.value).split("\n")[0]
    assert first == expected["message"].replace("<HERE>/tf/layers", str(tmp_path))


def test_save_errors(tmp_path):
    _model()
    saver = tf.train.Saver()
    with pytest.raises(ValueError, match="Parent directory of .* doesn't exist, can't save"):
        saver.save(None, str(tmp_path / "nope" / "model.ckpt"))
    with pytest.raises(ValueError, match="'latest_filename' must not contain path components"):
        saver.save(None, str(tmp_path / "m"), latest_filename="a/b")
    with pytest.raises(ValueError, match="'latest_filename' collides with 'save_path'"):
        saver.save(None, str(tmp_path / "checkpoint"))
    assert os.listdir(tmp_path) == []


def _build(case: str):
    """The graphs record_tf.py built before restoring the layers fixture (same names and shapes)."""
    reader = tf.train.load_checkpoint(_layers())
    shapes, dtypes = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
    if case == "renamed_scope":
        for name in shapes:
            new = "encoder/" + name[len("model/"):] if name.startswith("model/") else name
            tf.get_variable(new, shapes[name], dtype=dtypes[name])
    elif case == "builder_twice":
        for copy in ("model", "model_1"):
            tf.get_variable(f"{copy}/hidden/kernel", [4, 8])
            tf.get_variable(f"{copy}/hidden/bias", [8])
    elif case == "shape_mismatch":
        tf.get_variable("model/hidden/kernel", [4, 9])
    elif case == "dtype_mismatch":
        tf.get_variable("model/hidden/kernel", [4, 8], dtype=tf.float64)


def _layers() -> str:
    from .conftest import data_path
    return data_path(TF_EXPECTED["layers"]["prefix"])


@pytest.mark.parametrize("case, cls", [("renamed_scope", tf.errors.NotFoundError),
                                       ("builder_twice", tf.errors.NotFoundError),
                                       ("shape_mismatch", tf.errors.InvalidArgumentError),
                                       ("dtype_mismatch", tf.errors.InvalidArgumentError)])
def test_restore_errors_start_with_tensorflows_sentences(case, cls):
    expected = TF_EXPECTED["errors"][case]
    _build(case)
    before = {v.full_name: np.asarray(v).copy() for v in tf.get_default_store().variables()}
    with pytest.raises(cls) as err:
        tf.train.Saver().restore(None, _layers())
    lines = str(err.value).split("\n\n")
    assert lines[0] == expected["op_message"]
    assert lines[1] + " Original error:" == expected["message"]
    assert type(err.value).__name__ == expected["type"]
    after = {v.full_name: np.asarray(v) for v in tf.get_default_store().variables()}
    assert all(np.array_equal(before[n], after[n]) for n in before)      # nothing assigned
    assert tf.get_default_store().last_error.error is err.value          # %scope_explain sees it


def test_builder_twice_explains_the_second_scope():
    _build("builder_twice")
    with pytest.raises(tf.errors.NotFoundError) as err:
        tf.train.Saver().restore(None, _layers())
    text = str(err.value)
    assert "missing from the checkpoint (the graph has them) (2):" in text
    assert "model_1/hidden/  bias [8] float32, kernel [4, 8] float32" in text
    assert "starts with 'model/'; the graph's start with 'model_1/': a second call of the " \
           "builder opened 'model_1'" in text
    fix = (f"tf.train.init_from_checkpoint({_layers()!r}, "
           "[('model/', 'model/'), ('model/', 'model_1/')])")
    assert "Fix: build the model once" in text and fix in text
    exec(fix, {"tf": tf})                                  # the fix works as printed
    kernel = tf.train.load_variable(_layers(), "model/hidden/kernel")
    for copy in ("model", "model_1"):
        np.testing.assert_array_equal(
            np.asarray(tf.get_default_store().get(f"{copy}/hidden/kernel")), kernel)
    assert err.value.missing == ["model_1/hidden/bias", "model_1/hidden/kernel"]
    assert "model/logits/kernel" in err.value.unexpected and "model/hidden/kernel" not in err.value.unexpected


def test_suggested_saver_dict_restores(tmp_path):
    """The fix the renamed-scope error proposes, pasted, restores the checkpoint."""
    _build("renamed_scope")
    with pytest.raises(tf.errors.NotFoundError) as err:
        tf.train.Saver().restore(None, _layers())
    fix = str(err.value).split("Fix: restore under the checkpoint's names with a Saver dict\n")[1]
    code = fix.split("\nor map")[0].strip()
    assert code == ("saver = tf.train.Saver({('model/' + v.op.name[8:] if "
                    "v.op.name.startswith('encoder/') else v.op.name): v for v in "
                    "tf.global_variables()})")
    namespace = {"tf": tf}
    exec(code, namespace)
    namespace["saver"].restore(None, _layers())
    np.testing.assert_array_equal(np.asarray(tf.get_default_store().get("encoder/hidden/kernel")),
                                  tf.train.load_variable(_layers(), "model/hidden/kernel"))


def test_plain_variables_strings_and_bools_round_trip(tmp_path):
    plain = tf.Variable(np.arange(3, dtype=np.int64), name="counter")
    words = tf.get_variable("words", initializer=np.array([b"a", b"\xffb"], object), dtype=tf.string)
    flags = tf.get_variable("flags", initializer=np.array([True, False]))
    path = tf.train.Saver().save(None, str(tmp_path / "m"))
    assert [n for n, _ in tf.train.list_variables(path)] == ["counter", "flags", "words"]
    plain.assign(np.zeros(3, np.int64))
    words.assign(np.array([b"", b""], object))
    flags.assign(np.array([False, False]))
    tf.train.Saver().restore(None, path)
    assert np.asarray(plain).tolist() == [0, 1, 2]
    assert np.asarray(words).tolist() == [b"a", b"\xffb"]
    assert np.asarray(flags).tolist() == [True, False]


def test_restore_leaves_everything_when_the_data_is_damaged(tmp_path):
    w, _, _ = _model()
    path = tf.train.Saver().save(None, str(tmp_path / "m"))
    data = tmp_path / "m.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[-1] ^= 0xFF                                       # the last tensor written: model/w
    data.write_bytes(bytes(raw))
    before = np.asarray(w).copy() + 1
    for v in tf.get_default_store().variables():
        v.assign(np.asarray(v) + 1)
    snapshot = {v.full_name: np.asarray(v).copy() for v in tf.get_default_store().variables()}
    with pytest.raises(tf.errors.DataLossError, match="Checksum does not match"):
        tf.train.Saver().restore(None, path)
    for v in tf.get_default_store().variables():
        np.testing.assert_array_equal(np.asarray(v), snapshot[v.full_name])
    np.testing.assert_array_equal(np.asarray(w), before)


def test_keep_checkpoint_every_n_hours_keeps_old_ones(tmp_path):
    _model()
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1e-12)
    paths = [saver.save(None, str(tmp_path / "m"), global_step=s) for s in range(3)]
    assert saver.last_checkpoints == paths[-1:]
    assert all(tf.train.checkpoint_exists(p) for p in paths)     # kept: one per "n hours"
    saver.recover_last_checkpoints(paths + [str(tmp_path / "gone")])
    assert saver.last_checkpoints == paths
