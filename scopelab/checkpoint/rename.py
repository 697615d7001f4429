"""Moving a checkpoint into another scope layout: rename its tensors by scope prefix, rewrite it.

A mapping is a list of ``(old_prefix, new_prefix)`` pairs with ``init_from_checkpoint``'s
spelling: ``'enc/' -> 'encoder/'`` renames a scope, ``'/' -> 'model/'`` moves the root into a
scope, ``'model/' -> '/'`` lifts a scope to the root, ``'old/w' -> 'new/w'`` renames one tensor.
The longest matching old prefix wins; names no pair matches keep their name. The rewrite copies
bytes through the reader and writer (slices stay slices, bfloat16 stays bfloat16).
"""

from __future__ import annotations

import os

from scopelab.checkpoint.reader import CheckpointReader
from scopelab.checkpoint.writer import BundleWriter

__all__ = ["parse_mapping", "rename", "renamed_names", "write_renamed"]


def parse_mapping(items: list[str]) -> list[tuple[str, str]]:
    """``["enc/=encoder/", "/=model/"]`` -> pairs; raises ValueError for an item without ``=``."""
    pairs = []
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            raise ValueError(f"a mapping is OLD=NEW (e.g. enc/=encoder/ or /=model/), got {item!r}")
        if old.endswith("/") != new.endswith("/"):
            raise ValueError(f"{item!r} maps a scope onto a single name: end both sides with '/' "
                             "(scope to scope) or neither (one tensor to one tensor)")
        pairs.append((old, new))
    return pairs


def rename(name: str, pairs: list[tuple[str, str]]) -> str:
    best = None
    for old, new in pairs:
        if old == name or old == "/" or (old.endswith("/") and name.startswith(old)):
            if best is None or (old != "/" and (best[0] == "/" or len(old) > len(best[0]))):
                best = (old, new)
    if best is None:
        return name
    old, new = best
    if old == name:
        return new
    rest = name if old == "/" else name[len(old):]
    return rest if new == "/" else new + rest


def renamed_names(names, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """``{old name: new name}``; raises ValueError when two tensors would get one name."""
    out, taken = {}, {}
    for name in sorted(names):
        new = rename(name, pairs)
        if new in taken:
            raise ValueError(f"the mapping gives {taken[new]!r} and {name!r} the same name {new!r}")
        taken[new] = name
        out[name] = new
    return out


def write_renamed(source: str | os.PathLike, target: str | os.PathLike,
                  pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Write ``target`` holding ``source``'s tensors under their new names; returns the names."""
    reader = CheckpointReader(source)
    infos = {t.name: t for t in reader.tensors()}
    names = renamed_names(infos, pairs)
    writer = BundleWriter(target)
    try:
        for old, new in sorted(names.items(), key=lambda item: item[1]):   # TF's order: by key
            info = infos[old]
            dtype = "bfloat16" if info.dtype == "bfloat16" else None
            if not info.slices:
                writer.add(new, reader.get_tensor(old), dtype=dtype)
            for extents in info.slices:
                writer.add_slice(new, info.shape, [start for start, _ in extents],
                                 reader.get_slice(old, extents), dtype=dtype)
    except BaseException:
        writer.abort()
        raise
    writer.finish()
    return names
