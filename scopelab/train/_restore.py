"""Checking a restore against a checkpoint, reading the values, and the errors that teach.

TF1 restores in two steps: ``RestoreV2`` looks every key up (``NotFoundError: Key … not found in
checkpoint``, or a dtype mismatch) in sorted key order, then ``Assign`` checks shapes. The first
failure is the error, wrapped by ``Saver.restore`` in its "Restoring from checkpoint failed"
sentence. Here the same first sentence comes first, then the whole comparison from
:func:`scopelab.checkpoint.compare.explain`: every missing, unexpected and mismatched name by
scope, the likely cause and the fix. Everything is checked and read before anything is assigned,
so a failed restore leaves every variable as it was.
"""

from __future__ import annotations

from scopelab.checkpoint import CheckpointReader
from scopelab.checkpoint.compare import compare, explain, tf_dtype_name
from scopelab.errors import InvalidArgumentError, NotFoundError, OpError
from scopelab.store import get_default_store
from scopelab.train._saveables import Saveable, graph_specs

__all__ = ["check_restore", "read_values", "assign_values", "record", "checkpoint_specs"]

_MISSING = ("Restoring from checkpoint failed. This is most likely due to a Variable name or "
            "other graph key that is missing from the checkpoint. Please ensure that you have not "
            "altered the graph expected based on the checkpoint.")
_MISMATCH = ("Restoring from checkpoint failed. This is most likely due to a mismatch between the "
             "current graph and the graph from the checkpoint. Please ensure that you have not "
             "altered the graph expected based on the checkpoint.")


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def checkpoint_specs(reader: CheckpointReader) -> dict:
    return {t.name: (t.shape, t.dtype) for t in reader.tensors()}


def check_restore(saveables: list[Saveable], reader: CheckpointReader, path: str,
                  wrap: bool = True) -> OpError | None:
    """The error TF1 would raise restoring ``saveables`` from ``reader`` (None if it works)."""
    found = checkpoint_specs(reader)
    comparison = compare(graph_specs(saveables), found)
    if comparison.ok:
        return None
    detail = explain(comparison, path)
    fields = {"path": path, "missing": comparison.missing, "unexpected": comparison.unexpected,
              "mismatched": comparison.mismatched, "comparison": comparison}
    for saveable in saveables:                      # RestoreV2: lookups and dtypes, in key order
        name = saveable.name
        if name not in found:
            head = f"Key {name} not found in checkpoint"
            return NotFoundError(_join(head, _MISSING if wrap else "", detail), key=name, **fields)
        if found[name][1] != saveable.dtype:
            head = (f"tensor_name = {name}; expected dtype {tf_dtype_name(saveable.dtype)} does "
                    f"not equal original dtype {tf_dtype_name(found[name][1])}")
            return InvalidArgumentError(_join(head, _MISMATCH if wrap else "", detail), key=name,
                                        **fields)
    for saveable in saveables:                      # then Assign: shapes
        name, stored = saveable.name, found[saveable.name][0]
        if tuple(stored) != saveable.shape:
            if saveable.sliced:
                head = (f"tensor_name = {name}; shape in shape_and_slice spec "
                        f"{_dims(saveable.shape)} does not match the shape stored in checkpoint: "
                        f"{_dims(stored)}")
            else:
                head = (f"Assign requires shapes of both tensors to match. lhs shape= "
                        f"{_dims(saveable.shape)} rhs shape= {_dims(stored)}")
            return InvalidArgumentError(_join(head, _MISMATCH if wrap else "", detail), key=name,
                                        **fields)
    return None


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def read_values(saveables: list[Saveable], reader: CheckpointReader, keys: list[str] | None = None):
    """``[(variable, value)]`` for every variable; ``keys`` names the checkpoint tensor of each
    saveable (default: the saveable's own name). Shards get their slice of the full tensor."""
    pairs = []
    for i, saveable in enumerate(saveables):
        value = reader.get_tensor(keys[i] if keys else saveable.name)
        if not saveable.sliced:
            pairs.append((saveable.variables[0], value))
            continue
        for shard in saveable.variables:
            info = shard.save_slice_info
            index = tuple(slice(o, o + n) for o, n in zip(info.var_offset, info.var_shape))
            pairs.append((shard, value[index].copy()))
    return pairs


def assign_values(pairs) -> None:
    for variable, value in pairs:
        variable.assign(value)


def record(error: BaseException, name: str | None) -> None:
    """Remember the failure for ``%scope_explain`` (the store's last error)."""
    get_default_store().record_error(error, name, None, None)
