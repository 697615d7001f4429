"""What scopelab writes: TF's format field by field, and bytes TensorFlow has read back."""

from __future__ import annotations

import importlib.util
import json
import struct

import numpy as np
import pytest

import scopelab as tf
from scopelab.checkpoint._crc import crc32c, mask
from scopelab.checkpoint._ordered_code import decode_slice_key
from scopelab.checkpoint._strings import decode_strings
from scopelab.checkpoint._table import FOOTER_SIZE, MAGIC
from scopelab.checkpoint._wire import BundleEntry, BundleHeader, get_varint

from .conftest import DATA, decode

BASIC = DATA / "scopelab" / "basic"
TF_READ = json.loads((DATA / "tf_read_scopelab.json").read_text())["scopelab/basic/model.ckpt-1"]


def _fixture_module():
    spec = importlib.util.spec_from_file_location("scopelab_fixture", DATA / "scopelab_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("basic")
    prefix = _fixture_module().write(folder)
    return folder, prefix


def test_scopelab_still_writes_the_bytes_tensorflow_read(written):
    folder, prefix = written
    assert prefix == str(folder / "model.ckpt-1")
    for name in ("model.ckpt-1.index", "model.ckpt-1.data-00000-of-00001", "checkpoint"):
        assert (folder / name).read_bytes() == (BASIC / name).read_bytes(), name


def test_tensorflow_read_what_scopelab_wrote(written):
    """TF's recorded read (reader and Saver.restore) equals the values scopelab saved."""
    saved = _fixture_module().values()
    reader = tf.train.load_checkpoint(written[1])
    for name, record in TF_READ["tensors"].items():
        tf_value = decode(record["value"])
        np.testing.assert_array_equal(reader.get_tensor(name), tf_value, err_msg=name)
        np.testing.assert_array_equal(decode(TF_READ["restored"][name]), tf_value, err_msg=name)
        if name in saved:
            np.testing.assert_array_equal(tf_value, saved[name].astype(tf_value.dtype), err_msg=name)
    np.testing.assert_array_equal(decode(TF_READ["tensors"]["part/emb"]["value"]),
                                  np.arange(26, dtype=np.float32).reshape(13, 2))
    assert TF_READ["latest_checkpoint"] == "scopelab/basic/model.ckpt-1"


def _blocks(index: bytes):
    """Walk the table by hand: footer, index block, data blocks, each trailer's checksum."""
    assert struct.unpack("<Q", index[-8:])[0] == MAGIC
    footer = index[-FOOTER_SIZE:]
    meta_off, pos = get_varint(footer, 0)
    meta_size, pos = get_varint(footer, pos)
    idx_off, pos = get_varint(footer, pos)
    idx_size, pos = get_varint(footer, pos)
    assert footer[pos:-8] == b"\x00" * (FOOTER_SIZE - 8 - pos)
    for off, size in ((meta_off, meta_size), (idx_off, idx_size)):
        assert index[off + size] == 0                                       # uncompressed
        stored = struct.unpack_from("<I", index, off + size + 1)[0]
        assert stored == mask(crc32c(index[off:off + size + 1]))
    assert index[meta_off:meta_off + meta_size] == struct.pack("<II", 0, 1)  # empty metaindex
    return idx_off, idx_size


def test_index_entries_follow_the_format(written):
    folder, prefix = written
    index = (folder / "model.ckpt-1.index").read_bytes()
    data = (folder / "model.ckpt-1.data-00000-of-00001").read_bytes()
    _blocks(index)
    from scopelab.checkpoint._table import read_table
    entries = list(read_table(index))
    keys = [k for k, _ in entries]
    assert keys == sorted(keys) and keys[0] == b""
    header = BundleHeader.decode(entries[0][1])
    assert (header.num_shards, header.endianness, header.producer) == (1, 0, 1)
    assert bytes(entries[0][1]) == b"\x08\x01\x1a\x02\x08\x01"
    end = 0
    decoded = [BundleEntry.decode(value) for _, value in entries[1:]]
    for entry in sorted(decoded, key=lambda e: e.offset):
        if entry.slices:                                    # a partitioned variable's full entry
            assert (entry.offset, entry.size, entry.crc32c) == (0, 0, 0)
            continue
        assert entry.offset == end                          # no padding between tensors
        raw = data[entry.offset:entry.offset + entry.size]
        if entry.dtype == 7:                                # strings: the CRC skips the varints
            _, crc = decode_strings(raw, int(np.prod(entry.shape)))
        else:
            crc = mask(crc32c(raw))
        assert crc == entry.crc32c
        end += entry.size
    assert end == len(data)
    slices = [decode_slice_key(k) for k in keys if k[:1] == b"\x00"]
    assert slices[:3] == [("part/emb", [(0, 5), (0, 2)]), ("part/emb", [(5, 4), (0, 2)]),
                          ("part/emb", [(9, 4), (0, 2)])]


def test_data_is_written_in_sorted_key_order(written):
    """TF's Saver adds tensors sorted by key: the data offsets increase in that order."""
    reader = tf.train.load_checkpoint(written[1])
    offsets = [(name, entry.offset) for name, entry in sorted(reader._entries.items())
               if not entry.slices]
    assert [o for _, o in offsets] == sorted(o for _, o in offsets)
