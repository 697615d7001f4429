"""Which checkpoint key each variable is saved under (TF's ``op_list_to_dict`` rules).

A ``Saveable`` is one checkpoint key and the variables behind it: one whole variable, or the shards
of a partitioned variable (each with its ``save_slice_info``). The rules and errors follow
``saveable_object_util.op_list_to_dict`` / ``saveable_objects_for_op``: a list is flattened and
sorted by variable name, shards are grouped under their ``save_slice_info.full_name``, two
variables with one key are an error; a dict maps keys to variables (or shard lists, or a
PartitionedVariable) as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scopelab.errors import InvalidArgumentError, InvalidArgumentTypeError
from scopelab.keys import GraphKeys
from scopelab.store import VariableStore, get_default_store
from scopelab.variables import PartitionedVariable, Variable

__all__ = ["Saveable", "saveables_for", "all_saveable_variables", "graph_specs"]


class Saveable:
    """One checkpoint key: ``variables`` are one whole variable, or shards with slice info."""

    __slots__ = ("name", "variables", "sliced")

    def __init__(self, name: str, variables: list[Variable], sliced: bool) -> None:
        self.name, self.variables, self.sliced = name, variables, sliced

    @property
    def shape(self) -> tuple[int, ...]:
        if self.sliced:
            return tuple(self.variables[0].save_slice_info.full_shape)
        return tuple(self.variables[0].shape.as_list())

    @property
    def dtype(self) -> str:
        return self.variables[0].dtype.name

    def __repr__(self) -> str:
        return f"Saveable({self.name!r}, {len(self.variables)} variable(s))"


def all_saveable_variables(store: VariableStore | None = None) -> list:
    """TF's ``variables._all_saveable_objects()``: global variables + SAVEABLE_OBJECTS."""
    store = store or get_default_store()
    return store.get_collection(GraphKeys.GLOBAL_VARIABLES) + store.get_collection("saveable_objects")


def _flatten(items: Iterable) -> list:
    out = []
    for item in items:
        if isinstance(item, (list, tuple, set)):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _shards(name: str, value: Any) -> list[Variable]:
    """The shard list behind a key (PartitionedVariable or list), checked as TF checks it."""
    shards = list(value)
    full_name = None
    for shard in shards:
        if not isinstance(shard, Variable):
            raise InvalidArgumentError(f"Slices must all be Variables: {shard}")
        if shard.save_slice_info is None:
            raise InvalidArgumentError(f"Slices must all be slices: {shard}")
        if full_name is None:
            full_name = shard.save_slice_info.full_name
        elif full_name != shard.save_slice_info.full_name:
            raise InvalidArgumentError(f"Slices must all be from the same tensor: {full_name} != "
                                       f"{shard.save_slice_info.full_name}")
    if not shards:
        raise InvalidArgumentError(f"The saveable {name!r} has no variables.")
    return shards


def _from_list(var_list: Iterable) -> dict[str, Any]:
    items = _flatten(var_list)
    for item in items:
        if not isinstance(item, (Variable, PartitionedVariable)):
            raise InvalidArgumentTypeError(
                f"Variable to save is not a Variable: {item!r}. A Saver's var_list holds "
                "variables (tf.global_variables(), a PartitionedVariable, or a dict "
                "{'checkpoint_name': variable}).", got=type(item).__name__)
    named: dict[str, Any] = {}
    for item in sorted(items, key=lambda v: v.name):   # TF's order: "emb/part_10:0" < "emb/part_2:0"
        if isinstance(item, PartitionedVariable):
            if item.name in named:
                raise InvalidArgumentError(f"At least two variables have the same name: {item.name}")
            named[item.name] = item
        elif item.save_slice_info is not None:
            key = item.save_slice_info.full_name
            if key in named and not isinstance(named[key], list):
                raise InvalidArgumentError(f"Mixing slices and non-slices with the same name: {key}")
            named.setdefault(key, []).append(item)
        else:   # keyed by the op's name, as TF's Saver does (get_variable's "w" may be "w_1")
            if item.op_name in named:
                raise InvalidArgumentError(
                    f"At least two variables have the same name: {item.op_name}")
            named[item.op_name] = item
    return named


def saveables_for(var_list: Any) -> list[Saveable]:
    """The checkpoint keys of a Saver's ``var_list`` (list, tuple, set or dict), sorted by key."""
    if isinstance(var_list, Mapping):
        named = dict(var_list)
        for key in named:
            if not isinstance(key, str):
                raise InvalidArgumentTypeError(
                    "names_to_saveables must be a dict mapping string names to trackable "
                    f"operations. Name is not a string: {key}", got=type(key).__name__)
    elif isinstance(var_list, (list, tuple, set)):
        named = _from_list(var_list)
    else:
        raise InvalidArgumentTypeError(
            f"Variables to save should be passed in a dict or a list. Got {var_list!r}",
            got=type(var_list).__name__)
    saveables, seen = [], set()
    for name in sorted(named):
        value = named[name]
        if isinstance(value, Variable) and value.save_slice_info is None:
            group, sliced = [value], False
        elif isinstance(value, (PartitionedVariable, list, tuple)):
            group, sliced = _shards(name, value), True
        elif isinstance(value, Variable):               # a lone shard under a key of its own
            group, sliced = [value], True
        else:
            raise InvalidArgumentTypeError(
                "names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                f"Not a variable: {value!r}", got=type(value).__name__)
        for variable in group:
            if id(variable) in seen:
                raise InvalidArgumentError(
                    f"The same saveable will be restored with two names: {name}")
            seen.add(id(variable))
        saveables.append(Saveable(name, group, sliced))
    return saveables


def graph_specs(saveables: Iterable[Saveable]) -> dict[str, tuple[tuple[int, ...], str]]:
    """``name -> (shape, dtype)`` of what a restore would read (full shapes for sliced keys)."""
    return {s.name: (s.shape, s.dtype) for s in saveables}
