"""The format's pieces against known values and TF's own bytes: CRC, varints, OrderedCode, tables."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopelab.checkpoint._crc import crc32c, mask, masked_crc32c, unmask
from scopelab.checkpoint._ordered_code import decode_slice_key, encode_slice_key
from scopelab.checkpoint._table import MAGIC, TableError, TableWriter, read_table
from scopelab.checkpoint._wire import BundleEntry, BundleHeader, get_varint, put_varint

from .conftest import DATA


def test_crc32c_known_values():
    assert crc32c(b"123456789") == 0xE3069283            # the CRC-32C check value
    assert crc32c(b"") == 0
    assert crc32c(b"6789", crc32c(b"12345")) == 0xE3069283
    assert masked_crc32c(b"") == 0xA282EAD8              # TF's entry CRC of an empty tensor


@given(st.integers(0, 2**32 - 1))
def test_mask_round_trip(value):
    assert unmask(mask(value)) == value


@given(st.integers(-2**63, 2**64 - 1))
def test_varint_round_trip(value):
    out = bytearray()
    put_varint(out, value)
    decoded, pos = get_varint(bytes(out), 0)
    assert pos == len(out)
    assert decoded == (value + 2**64 if value < 0 else value)


def test_slice_keys_of_tensorflow_match():
    """The keys TF wrote for part/emb ([13, 5] in 3 along axis 0) decode and re-encode exactly."""
    keys = [k for k, _ in read_table((DATA / "tf/dtypes/model.ckpt.index").read_bytes())
            if k[:1] == b"\x00"]
    decoded = [decode_slice_key(k) for k in keys]
    assert decoded[:3] == [("part/emb", [(0, 5), (0, 5)]), ("part/emb", [(5, 4), (0, 5)]),
                           ("part/emb", [(9, 4), (0, 5)])]
    assert [encode_slice_key(*d) for d in decoded] == keys
    assert keys[0] == b"\x00part/emb\x00\x01" + b"\x01\x02" + b"\x80\x85\x80\x85"  # rank 2: 01 02


@given(st.text(min_size=1, max_size=20), st.lists(st.tuples(st.integers(-2**63, 2**63 - 1),
                                                            st.integers(-1, 2**63 - 1)),
                                                  min_size=1, max_size=4))
def test_slice_key_round_trip(name, extents):
    assert decode_slice_key(encode_slice_key(name, extents)) == (name, extents)


@given(st.lists(st.integers(-2**63, 2**63 - 1), min_size=2, max_size=2, unique=True))
def test_slice_keys_sort_like_their_numbers(pair):
    a, b = sorted(pair)
    assert encode_slice_key("v", [(a, 1)]) < encode_slice_key("v", [(b, 1)])


def test_entry_protos_match_tensorflow_bytes():
    for key, value in read_table((DATA / "tf/dtypes/model.ckpt.index").read_bytes()):
        cls = BundleHeader if key == b"" else BundleEntry
        assert cls.decode(value).encode() == bytes(value), key


def test_table_with_many_blocks_round_trips():
    writer = TableWriter(block_size=256)
    items = [(f"scope{i:04d}/var".encode(), bytes([i % 256]) * (i % 7)) for i in range(500)]
    for key, value in items:
        writer.add(key, value)
    data = writer.finish()
    assert struct.unpack("<Q", data[-8:])[0] == MAGIC
    assert [(k, bytes(v)) for k, v in read_table(data)] == items


def test_table_writer_refuses_unsorted_keys():
    writer = TableWriter()
    writer.add(b"b", b"")
    with pytest.raises(ValueError, match="must increase"):
        writer.add(b"a", b"")


@pytest.mark.parametrize("damage, phrase", [
    (lambda d: d[:30], "too short to be a table"),
    (lambda d: d[:-1] + b"\x00", "magic number"),
    (lambda d: d[:5] + bytes([d[5] ^ 1]) + d[6:], "fails its checksum"),
    (lambda d: d[:100] + d[-48:], "truncated"),
])
def test_damaged_tables_say_what_is_wrong(damage, phrase):
    data = (DATA / "tf/layers/model.ckpt-3.index").read_bytes()
    with pytest.raises(TableError, match=phrase):
        list(read_table(damage(data)))


def test_rewriting_tensorflow_checkpoints_reproduces_their_bytes(tmp_path):
    """Read a TF checkpoint, write every tensor back in TF's order: both files are identical."""
    from scopelab.checkpoint import CheckpointReader
    from scopelab.checkpoint.writer import BundleWriter

    for prefix in ("tf/dtypes/model.ckpt", "tf/layers/model.ckpt-3"):
        reader = CheckpointReader(DATA / prefix)
        writer = BundleWriter(tmp_path / "copy")
        for info in reader.tensors():
            dtype = "bfloat16" if info.dtype == "bfloat16" else None
            full = reader.get_tensor(info.name)
            if not info.slices:
                writer.add(info.name, full, dtype=dtype)
            for extents in info.slices:
                index = tuple(slice(s, s + n) for s, n in extents)
                writer.add_slice(info.name, info.shape, [s for s, _ in extents], full[index],
                                 dtype=dtype)
        writer.finish()
        for suffix in (".index", ".data-00000-of-00001"):
            assert (tmp_path / ("copy" + suffix)).read_bytes() == (DATA / (prefix + suffix)).read_bytes()
        assert np.array_equal(CheckpointReader(tmp_path / "copy").get_tensor(reader.tensors()[-1].name),
                              reader.get_tensor(reader.tensors()[-1].name))
