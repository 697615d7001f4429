"""CRC32C (Castagnoli) and LevelDB's masked form, as TF's checkpoint files store them.

The checksum is computed by google-crc32c (hardware CRC32C through Google's C library; about
9 GiB/s here, so checking costs a small share of a read). Its C functions take ``bytes`` only,
which is why the reader checks the chunks it has just read (``bytes``) before copying them into
the tensor. google-crc32c is imported on first use so ``import scopelab`` stays light.
"""

from __future__ import annotations

_MASK_DELTA = 0xA282EAD8
_extend = None


def _load():
    global _extend
    import google_crc32c

    _extend = google_crc32c.extend
    return _extend


def crc32c(data: bytes, crc: int = 0) -> int:
    """The CRC32C of ``data``, continued from ``crc`` (0 starts a new checksum)."""
    extend = _extend or _load()
    if not isinstance(data, bytes):
        data = bytes(data)
    return extend(crc, data)


def mask(crc: int) -> int:
    """LevelDB's masking (a CRC of data that itself holds CRCs would be weak): rotate, add."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked: int) -> int:
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    return mask(crc32c(data))
