"""Nested structures of tensors (TF's ``nest``): lists, tuples, namedtuples and dicts (sorted
keys), flattened depth-first. ``tf.cond``, ``tf.while_loop``, ``Session.run`` fetches and RNN
states use it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["is_sequence", "flatten", "pack_sequence_as", "map_structure",
           "assert_same_structure"]


def is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple, Mapping))


def _children(value: Any) -> list:
    if isinstance(value, Mapping):
        return [value[k] for k in sorted(value)]
    return list(value)


def flatten(value: Any) -> list:
    """The leaves of ``value`` in depth-first order (a leaf gives ``[leaf]``)."""
    if not is_sequence(value):
        return [value]
    out: list = []
    for child in _children(value):
        out.extend(flatten(child))
    return out


def _rebuild(template: Any, children: list) -> Any:
    if isinstance(template, Mapping):
        return type(template)((k, v) for k, v in zip(sorted(template), children))
    if isinstance(template, tuple) and hasattr(template, "_fields"):   # namedtuple
        return type(template)(*children)
    return type(template)(children)


def pack_sequence_as(structure: Any, flat: list) -> Any:
    """``flat`` (leaves) in the shape of ``structure``."""
    flat = list(flat)

    def build(template: Any) -> Any:
        if not is_sequence(template):
            return flat.pop(0)
        return _rebuild(template, [build(child) for child in _children(template)])

    expected = len(flatten(structure))
    if expected != len(flat):
        raise ValueError(f"Structure had {expected} elements, but flat_sequence had {len(flat)} "
                         f"elements.")
    return build(structure)


def map_structure(fn: Callable, *structures: Any) -> Any:
    for other in structures[1:]:
        assert_same_structure(structures[0], other)
    leaves = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [fn(*xs) for xs in zip(*leaves)])


def assert_same_structure(a: Any, b: Any, check_types: bool = True) -> None:
    if is_sequence(a) != is_sequence(b):
        raise ValueError(f"The two structures don't have the same nested structure.\n\nFirst "
                         f"structure: {a}\n\nSecond structure: {b}")
    if not is_sequence(a):
        return
    if check_types and type(a) is not type(b) and not (
            isinstance(a, list) and isinstance(b, list)):
        raise TypeError(f"The two structures don't have the same sequence type. First "
                        f"structure has type {type(a)}, while second structure has type "
                        f"{type(b)}.")
    ca, cb = _children(a), _children(b)
    if len(ca) != len(cb):
        raise ValueError(f"The two structures don't have the same number of elements. First "
                         f"structure: {a}, second structure: {b}")
    for x, y in zip(ca, cb):
        assert_same_structure(x, y, check_types)
