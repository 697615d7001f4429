"""TF1's checkpoint functions: read a checkpoint, find the latest, initialize from one.

``list_variables`` / ``load_variable`` / ``load_checkpoint`` (``NewCheckpointReader``) read with
:class:`scopelab.checkpoint.CheckpointReader`. ``init_from_checkpoint`` follows
``checkpoint_utils._init_from_checkpoint`` rule for rule (scope to scope ``{'old/': 'new/'}``, the
root ``{'/': 'new/'}``, one name ``{'old/w': 'new/w'}``, a variable object or a list of shards) and
raises TF1's ``ValueError``s with their sentences. One difference: TF1 replaced the variables'
initializers, so values arrived when the initializer ran; scopelab's variables hold values
already, so they are assigned here, after every entry of the map has been checked (all or none).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from scopelab.checkpoint import CheckpointReader
from scopelab.checkpoint.compare import tf_dtype_name
from scopelab.checkpoint.state import (
    CheckpointState, checkpoint_exists, get_checkpoint_state, latest_checkpoint,
    resolve_checkpoint, update_checkpoint_state,
)
from scopelab.errors import InvalidArgumentError, NotFoundError
from scopelab.store import get_default_store
from scopelab.train._restore import assign_values, checkpoint_specs, read_values, record
from scopelab.train._saveables import Saveable
from scopelab.variables import PartitionedVariable, Variable

__all__ = ["load_checkpoint", "NewCheckpointReader", "load_variable", "list_variables",
           "init_from_checkpoint", "latest_checkpoint", "get_checkpoint_state",
           "checkpoint_exists", "update_checkpoint_state", "CheckpointState"]


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader for a checkpoint prefix, or for the latest checkpoint of a folder."""
    filename = resolve_checkpoint(ckpt_dir_or_file)
    if filename is None:
        raise InvalidArgumentError(
            f"Couldn't find 'checkpoint' file or checkpoints in given directory "
            f"{os.fspath(ckpt_dir_or_file)}\n\nThe folder has no 'checkpoint' state file (or it "
            "names a checkpoint whose .index is gone). Pass a checkpoint prefix instead, e.g. "
            "'folder/model.ckpt-1000'.", path=os.fspath(ckpt_dir_or_file))
    return CheckpointReader(filename)


def NewCheckpointReader(filepattern) -> CheckpointReader:  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def load_variable(ckpt_dir_or_file, name: str):
    """The value of ``name`` (a trailing ``:0`` is dropped, as in TF)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def list_variables(ckpt_dir_or_file) -> list[tuple[str, list[int]]]:
    """``[(name, shape)]`` sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


# --- init_from_checkpoint ---------------------------------------------------------------------------
def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _is_variable(x: Any) -> bool:
    return isinstance(x, Variable)


def _collect_partitioned(name: str, all_vars: Mapping[str, Variable]) -> list[Variable] | None:
    if name + "/part_0" not in all_vars:
        return None
    shards, i = [], 0
    while f"{name}/part_{i}" in all_vars:
        shards.append(all_vars[f"{name}/part_{i}"])
        i += 1
    return shards


def _target(var: Any, tensor_name: str) -> Saveable:
    """One assignment: a whole variable, or shards that read their slices of the tensor."""
    if isinstance(var, PartitionedVariable):
        var = list(var)
    if isinstance(var, list):
        full = None
        for shard in var:
            info = shard.save_slice_info
            if full is None:
                full = info.full_name
            elif full != info.full_name:
                raise InvalidArgumentError(
                    f"Slices must all be from the same tensor: {full} != {info.full_name}")
        return Saveable(tensor_name, var, True)
    return Saveable(tensor_name, [var], False)


def _plan(ckpt: str, assignment_map, found: Mapping) -> list[Saveable]:
    """Every (checkpoint tensor -> variable(s)) the map asks for, checked as TF1 checks them."""
    store_vars = {v.full_name: v for v in get_default_store().variables()}
    pairs = assignment_map.items() if isinstance(assignment_map, Mapping) else assignment_map
    plan: list[Saveable] = []
    for tensor_name, current in sorted(pairs, key=lambda pair: pair[0]):
        var = None
        if _is_variable(current) or isinstance(current, PartitionedVariable) or (
                isinstance(current, list) and all(_is_variable(v) for v in current)):
            var = current
        else:
            var = store_vars.get(current)
            if var is None:
                var = _collect_partitioned(current, store_vars)
        if var is not None:
            if tensor_name not in found:
                raise _missing_tensor(
                    f"Tensor {tensor_name} is not found in {ckpt} checkpoint", ckpt, found,
                    [tensor_name])
            if _is_variable(var) and tuple(var.shape.as_list()) != tuple(found[tensor_name][0]):
                raise InvalidArgumentError(
                    f"Shape of variable {var.name} ({tuple(var.shape.as_list())}) doesn't match "
                    f"with shape of tensor {tensor_name} ({list(found[tensor_name][0])}) from "
                    "checkpoint reader.\n\nBuild the variable with the checkpoint's shape, or "
                    "leave it out of the assignment map.", name=var.name, tensor=tensor_name)
            plan.append(_target(var, tensor_name))
            continue
        scopes = current[:current.rindex("/")] if "/" in current else ""
        if not tensor_name.endswith("/"):
            raise InvalidArgumentError(
                f"Assignment map with scope only name {scopes} should map to scope only "
                f"{tensor_name}. Should be 'scope/': 'other_scope/'.\n\n{current!r} is neither a "
                "variable of the graph nor a scope (a scope ends with '/'): map one variable as "
                "{'ckpt_scope/w': 'graph_scope/w'} or a whole scope as {'ckpt_scope/': "
                "'graph_scope/'}.", key=tensor_name, value=current)
        scope_variables = set()
        for var_name in store_vars:
            if not scopes or var_name.startswith(scopes + "/"):
                if "/part_" in var_name:
                    var_name = var_name[:var_name.index("/part_")]
                scope_variables.add(var_name)
        wanted = []
        for var_name in sorted(scope_variables):
            full_tensor_name = var_name[len(scopes):]
            if current != "/":
                full_tensor_name = full_tensor_name[1:]
            if tensor_name != "/":
                full_tensor_name = tensor_name + full_tensor_name
            if full_tensor_name.endswith("/"):
                full_tensor_name = full_tensor_name[:-1]
            wanted.append((var_name, full_tensor_name))
        absent = [t for _, t in wanted if t not in found]
        if absent:
            var_name = next(v for v, t in wanted if t == absent[0])
            raise _missing_tensor(
                f"Tensor {absent[0]} ({var_name[len(scopes) + 1:]} in {tensor_name}) is not found "
                f"in {ckpt} checkpoint", ckpt, found, absent)
        for var_name, full_tensor_name in wanted:
            var = store_vars.get(var_name) or _collect_partitioned(var_name, store_vars)
            plan.append(_target(var, full_tensor_name))
    return plan


def _missing_tensor(head: str, ckpt: str, found: Mapping,
                    absent: list[str]) -> InvalidArgumentError:
    """TF1's ValueError, then what the checkpoint holds near the missing names."""
    lines = [head, "", f"{len(absent)} name(s) the map asks for are not in the checkpoint: "
             + ", ".join(absent[:8]) + (" ..." if len(absent) > 8 else "") + "."]
    near = sorted({n for n in found for a in absent if n.rsplit("/", 1)[-1] == a.rsplit("/", 1)[-1]})
    if near:
        lines.append("The checkpoint has these names with the same last part: "
                     + ", ".join(near[:8]) + (" ..." if len(near) > 8 else "") + ".")
    lines.append("List the checkpoint with tf.train.list_variables(path) (or `scopelab ckpt ls "
                 "PATH`) and map its scope onto the graph's: {'ckpt_scope/': 'graph_scope/'}.")
    return InvalidArgumentError("\n".join(lines), path=ckpt, missing=absent)


def init_from_checkpoint(ckpt_dir_or_file, assignment_map) -> None:
    """Assign variables their values from a checkpoint, following ``assignment_map``.

    Raises TF1's ``ValueError`` sentences (as ``InvalidArgumentError``, a ``ValueError``) for a
    tensor the checkpoint lacks, a shape mismatch or a malformed map, and TF1's
    ``InvalidArgumentError`` (``expected dtype … does not equal original dtype …``) for a dtype
    mismatch, which TF1 raised later, when the initializer ran. Nothing is assigned on error.
    """
    ckpt = os.fspath(ckpt_dir_or_file)
    reader = load_checkpoint(ckpt)
    found = checkpoint_specs(reader)
    try:
        plan = _plan(ckpt, assignment_map, found)
        for saveable in plan:
            stored = found[saveable.name]
            if stored[1] != saveable.dtype:
                raise InvalidArgumentError(
                    f"tensor_name = {saveable.name}; expected dtype "
                    f"{tf_dtype_name(saveable.dtype)} does not equal original dtype "
                    f"{tf_dtype_name(stored[1])}\n\nThe variable was built with another dtype "
                    "than the one saved: build it as the checkpoint has it.",
                    key=saveable.name)
            if not saveable.sliced and tuple(stored[0]) != saveable.shape:   # TF: at Assign
                raise InvalidArgumentError(
                    f"Assign requires shapes of both tensors to match. lhs shape= "
                    f"{_dims(saveable.shape)} rhs shape= {_dims(stored[0])}\n\nThe assignment "
                    f"map sends checkpoint tensor {saveable.name!r} to variable "
                    f"{saveable.variables[0].full_name!r}, which has another shape: check which "
                    "checkpoint scope maps to which graph scope (tf.train.list_variables(path)).",
                    key=saveable.name)
            if saveable.sliced and tuple(stored[0]) != saveable.shape:
                raise InvalidArgumentError(
                    f"tensor_name = {saveable.name}; shape in shape_and_slice spec "
                    f"{list(saveable.shape)} does not match the shape stored in checkpoint: "
                    f"{list(stored[0])}", key=saveable.name)
    except (InvalidArgumentError, NotFoundError) as error:
        record(error, getattr(error, "key", None))
        raise
    assign_values(read_values(plan, reader))


