"""TF's OrderedCode keys for the slices of a partitioned variable (``EncodeTensorNameSlice``).

A slice key is ``NumIncreasing(0)`` (one 0x00 byte, so slice keys sort right after the header),
``String(name)``, ``NumIncreasing(rank)`` and, per dimension, ``SignedNumIncreasing(start)`` and
``SignedNumIncreasing(length)`` (-1: the whole dimension). Facts from
``core/lib/strings/ordered_code.cc``: strings escape 0x00 as 00 FF and 0xFF as FF 00 and end with
00 01; an unsigned number is its length byte then its big-endian bytes; a signed number is a
self-delimiting prefix code whose leading bits give its length.
"""

from __future__ import annotations

__all__ = ["encode_slice_key", "decode_slice_key", "is_slice_key"]


def _num_increasing(value: int) -> bytes:
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return bytes([len(body)]) + body


def _read_num_increasing(buf: bytes, pos: int) -> tuple[int, int]:
    length = buf[pos]
    end = pos + 1 + length
    if end > len(buf):
        raise ValueError("a number runs past the end of the key")
    return int.from_bytes(buf[pos + 1:end], "big"), end


def _escape(text: bytes) -> bytes:
    out = bytearray()
    for byte in text:
        out += b"\x00\xff" if byte == 0 else b"\xff\x00" if byte == 0xFF else bytes([byte])
    return bytes(out)


def _read_string(buf: bytes, pos: int) -> tuple[bytes, int]:
    out = bytearray()
    while pos + 1 < len(buf):
        byte = buf[pos]
        if byte == 0x00:
            nxt = buf[pos + 1]
            if nxt == 0x01:
                return bytes(out), pos + 2
            if nxt != 0xFF:
                raise ValueError("a string holds 0x00 without its escape")
            out.append(0)
            pos += 2
        elif byte == 0xFF:
            if buf[pos + 1] != 0x00:
                raise ValueError("a string holds 0xFF without its escape")
            out.append(0xFF)
            pos += 2
        else:
            out.append(byte)
            pos += 1
    raise ValueError("a string has no terminator")


def _header(n: int) -> int:
    """The length prefix of an n-byte signed code: n leading one bits, laid over n bytes."""
    return ((1 << n) - 1) << (8 * n - n)


def _signed(value: int) -> bytes:
    magnitude = ~value if value < 0 else value
    n = min(10, magnitude.bit_length() // 7 + 1)
    raw = value & ((1 << (8 * n)) - 1)              # two's complement over n bytes
    return (raw ^ _header(n)).to_bytes(n, "big")


def _read_signed(buf: bytes, pos: int) -> tuple[int, int]:
    flip = 0x00 if buf[pos] & 0x80 else 0xFF        # negatives have their header bits inverted
    n, i = 0, pos
    while n < 10 and i < len(buf):
        byte = buf[i] ^ flip
        ones = 8 - (~byte & 0xFF).bit_length()      # leading one bits of this byte
        n += ones
        if ones < 8:
            break
        i += 1
    n = min(n, 10)
    if n == 0 or pos + n > len(buf):
        raise ValueError("a signed number is malformed or runs past the end of the key")
    raw = int.from_bytes(buf[pos:pos + n], "big") ^ _header(n)
    if flip:
        raw -= 1 << (8 * n)
    return raw, pos + n


def encode_slice_key(name: str, extents: list[tuple[int, int]]) -> bytes:
    """The index key of one slice: ``extents`` is (start, length) per dimension, -1 = full."""
    out = bytearray(_num_increasing(0))
    out += _escape(name.encode("utf-8")) + b"\x00\x01"
    out += _num_increasing(len(extents))
    for start, length in extents:
        out += _signed(start) + _signed(length)
    return bytes(out)


def is_slice_key(key: bytes) -> bool:
    return key[:1] == b"\x00"


def decode_slice_key(key: bytes) -> tuple[str, list[tuple[int, int]]]:
    zero, pos = _read_num_increasing(key, 0)
    if zero != 0:
        raise ValueError("a slice key starts with NumIncreasing(0)")
    name, pos = _read_string(key, pos)
    rank, pos = _read_num_increasing(key, pos)
    extents = []
    for _ in range(rank):
        start, pos = _read_signed(key, pos)
        length, pos = _read_signed(key, pos)
        extents.append((start, length))
    if pos != len(key):
        raise ValueError("a slice key has bytes after its last extent")
    return name.decode("utf-8"), extents
