"""LevelDB's sorted string table, the container of a checkpoint's ``.index`` file.

Layout (TF's copy in ``core/lib/io/``): data blocks, an empty metaindex block, the index block,
then a 48-byte footer. Each block is followed by a type byte (0: uncompressed) and the masked
CRC32C of block + type. A block is a run of prefix-compressed entries (shared length, unshared
length, value length as varint32s, then the key suffix and the value), then little-endian uint32
restart offsets and their count. The index block maps a separator key (>= every key of a data
block, < every key of the next) to that block's handle (varint64 offset, varint64 size).

The writer reproduces TF's table builder byte for byte: blocks close once their size estimate
reaches 262,144 bytes, data blocks restart every 16 entries and the index block at every entry,
index keys are LevelDB's shortest separator / short successor.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from scopelab.checkpoint._crc import crc32c, mask, unmask
from scopelab.checkpoint._wire import WireError, get_varint, put_varint

__all__ = ["TableError", "read_table", "read_table_spans", "TableWriter", "MAGIC", "FOOTER_SIZE"]

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
TRAILER_SIZE = 5
BLOCK_SIZE = 262_144


class TableError(ValueError):
    """The bytes are not a valid table; the message says what is wrong (the caller names the file)."""


def _handle(buf, pos: int) -> tuple[int, int, int]:
    offset, pos = get_varint(buf, pos)
    size, pos = get_varint(buf, pos)
    return offset, size, pos


def _block(data: bytes, offset: int, size: int, what: str) -> memoryview:
    """The checked contents of the block at ``offset`` (its trailer's CRC verified)."""
    end = offset + size + TRAILER_SIZE
    if end > len(data) - FOOTER_SIZE or offset < 0:
        raise TableError(f"the {what} at byte {offset} ({size} bytes) runs past the end of the file "
                         f"({len(data)} bytes): the file is truncated")
    contents = memoryview(data)[offset:offset + size]
    kind = data[offset + size]
    stored = struct.unpack_from("<I", data, offset + size + 1)[0]
    actual = crc32c(bytes([kind]), crc32c(contents))
    if unmask(stored) != actual:
        raise TableError(f"the {what} at byte {offset} fails its checksum (stored {stored:#010x}, "
                         f"computed {mask(actual):#010x}): the file is damaged")
    if kind != 0:
        raise TableError(f"the {what} at byte {offset} is compressed (type {kind}); TF writes "
                         "checkpoint indexes uncompressed and scopelab reads only those")
    return contents


def _entries(block: memoryview, what: str) -> Iterator[tuple[bytes, int, int]]:
    """(key, value start, value stop) of every entry, positions within the block."""
    if len(block) < 4:
        raise TableError(f"the {what} is {len(block)} bytes, too short to hold its restart count")
    restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    limit = len(block) - 4 - 4 * restarts
    if limit < 0:
        raise TableError(f"the {what} claims {restarts} restart points, more than its size allows")
    pos, key = 0, b""
    try:
        while pos < limit:
            shared, pos = get_varint(block, pos, limit)
            unshared, pos = get_varint(block, pos, limit)
            size, pos = get_varint(block, pos, limit)
            if shared > len(key) or pos + unshared + size > limit:
                raise TableError(f"an entry of the {what} at byte {pos} is malformed")
            key = key[:shared] + bytes(block[pos:pos + unshared])
            pos += unshared
            yield key, pos, pos + size
            pos += size
    except WireError as err:
        raise TableError(f"an entry of the {what} is malformed: {err}") from None


def read_table(data: bytes) -> Iterator[tuple[bytes, memoryview]]:
    """Every (key, value) of the table held in ``data``, in key order, checksums verified."""
    view = memoryview(data)
    for key, start, stop in read_table_spans(data):
        yield key, view[start:stop]


def read_table_spans(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """Every (key, value start, value stop) of the table, positions in ``data`` (so a reader can
    read a large value again later from the file instead of keeping it), checksums verified."""
    if len(data) < FOOTER_SIZE:
        raise TableError(f"the file is {len(data)} bytes, too short to be a table (a table ends "
                         f"with a {FOOTER_SIZE}-byte footer): the file is truncated")
    footer = memoryview(data)[len(data) - FOOTER_SIZE:]
    magic = struct.unpack_from("<Q", footer, FOOTER_SIZE - 8)[0]
    if magic != MAGIC:
        raise TableError(f"the footer's magic number is {magic:#018x}, not {MAGIC:#018x}: this is "
                         "not a checkpoint index (or its end is cut off)")
    try:
        _, _, pos = _handle(footer, 0)          # metaindex: TF's bundles keep it empty
        index_offset, index_size, _ = _handle(footer, pos)
    except WireError as err:
        raise TableError(f"the footer is malformed: {err}") from None
    index = _block(data, index_offset, index_size, "index block")
    previous = None
    for _, start, stop in _entries(index, "index block"):
        try:
            offset, size, _ = _handle(index[start:stop], 0)
        except WireError as err:
            raise TableError(f"a block handle in the index block is malformed: {err}") from None
        for key, start, stop in _entries(_block(data, offset, size, "data block"), "data block"):
            if previous is not None and key <= previous:
                raise TableError(f"keys are out of order ({previous!r} then {key!r})")
            previous = key
            yield key, offset + start, offset + stop


# --- writing ----------------------------------------------------------------------------------------
class _BlockBuilder:
    def __init__(self, restart_interval: int) -> None:
        self.interval = restart_interval
        self.reset()

    def reset(self) -> None:
        self.buffer = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last_key = b""

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self.counter < self.interval:
            limit = min(len(self.last_key), len(key))
            while shared < limit and self.last_key[shared] == key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buffer))
            self.counter = 0
        put_varint(self.buffer, shared)
        put_varint(self.buffer, len(key) - shared)
        put_varint(self.buffer, len(value))
        self.buffer += key[shared:]
        self.buffer += value
        self.last_key = key
        self.counter += 1

    def size_estimate(self) -> int:
        return len(self.buffer) + 4 * len(self.restarts) + 4

    def empty(self) -> bool:
        return not self.buffer

    def finish(self) -> bytes:
        out = self.buffer + b"".join(struct.pack("<I", r) for r in self.restarts)
        out += struct.pack("<I", len(self.restarts))
        return bytes(out)


def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    """LevelDB's bytewise FindShortestSeparator: a short key in [start, limit)."""
    common = 0
    while common < min(len(start), len(limit)) and start[common] == limit[common]:
        common += 1
    if common < min(len(start), len(limit)):
        byte = start[common]
        if byte < 0xFF and byte + 1 < limit[common]:
            return start[:common] + bytes([byte + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


class TableWriter:
    """Builds a table in memory from keys added in strictly increasing order."""

    def __init__(self, block_size: int = BLOCK_SIZE) -> None:
        self.block_size = block_size
        self.out = bytearray()
        self.data = _BlockBuilder(16)
        self.index = _BlockBuilder(1)
        self.pending: tuple[int, int] | None = None
        self.last_key: bytes | None = None

    def add(self, key: bytes, value: bytes) -> None:
        if self.last_key is not None and key <= self.last_key:
            raise ValueError(f"table keys must increase: {self.last_key!r} then {key!r}")
        if self.pending is not None:
            self._index_entry(_shortest_separator(self.last_key, key))
        self.data.add(key, value)
        self.last_key = key
        if self.data.size_estimate() >= self.block_size:
            self._flush()

    def _index_entry(self, key: bytes) -> None:
        handle = bytearray()
        put_varint(handle, self.pending[0])
        put_varint(handle, self.pending[1])
        self.index.add(key, bytes(handle))
        self.pending = None

    def _write_block(self, contents: bytes) -> tuple[int, int]:
        offset = len(self.out)
        self.out += contents
        self.out += b"\x00" + struct.pack("<I", mask(crc32c(b"\x00", crc32c(contents))))
        return offset, len(contents)

    def _flush(self) -> None:
        if self.data.empty():
            return
        self.pending = self._write_block(self.data.finish())
        self.data.reset()

    def finish(self) -> bytes:
        self._flush()
        metaindex = self._write_block(_BlockBuilder(16).finish())
        if self.pending is not None:
            self._index_entry(_short_successor(self.last_key))
        index = self._write_block(self.index.finish())
        footer = bytearray()
        for offset, size in (metaindex, index):
            put_varint(footer, offset)
            put_varint(footer, size)
        footer += b"\x00" * (FOOTER_SIZE - 8 - len(footer))
        footer += struct.pack("<Q", MAGIC)
        self.out += footer
        return bytes(self.out)
