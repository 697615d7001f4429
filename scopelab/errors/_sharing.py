"""Sharing and reuse: the store's errors (TF1's ``_VariableStore``, spec §2.5, §6.3–6.4).

Each takes the facts as fields (the name, where it was first created and asked again, the reuse
mode and who set it) and composes TF1's sentence, the explanation and the fixes from them.
``partitioned=True`` gives the ``PartitionedVariable`` wording of the same mistake.
"""

from __future__ import annotations

import re
from typing import Any

from scopelab.errors._base import (
    ScopelabError, rerun_plausible, reuse_line, scope_call, site, split_name,
)
from scopelab.names import CreationSite, differs_only_in_case

# AUTO_REUSE's cost, said wherever it is offered as a fix (tensorpack/tensorpack#607)
_TYPO = "a typo creates silently"

__all__ = ["VariableAlreadyExistsError", "VariableNotFoundError", "ShapeMismatchError",
           "DtypeMismatchError", "PartitionMismatchError", "PartitioningConflictError"]


class _TwoSites(ScopelabError):
    """An error about an existing variable: first created here, asked again there."""

    created_at: CreationSite | None
    requested_at: CreationSite

    def _sites(self) -> list[str]:
        return [f"  first created: {self.created_at}", f"  asked again:   {self.requested_at}"]

    def _tip(self) -> bool:
        return rerun_plausible(self.created_at, self.requested_at)


class VariableAlreadyExistsError(_TwoSites, ValueError):
    """A variable with this name exists and the scope's reuse mode does not allow reusing it."""

    def __init__(self, name: str, *, created_at: CreationSite,
                 requested_at: CreationSite | None = None, scope: str = "",
                 reuse_set_by: str = "", partitioned: bool = False) -> None:
        super().__init__(name=name, created_at=created_at, requested_at=site(requested_at),
                         reuse=False, reuse_set_by=reuse_set_by, scope=scope,
                         partitioned=partitioned)

    def _compose(self) -> str:
        name, (scope, leaf) = self.name, split_name(self.name)
        facts = [*self._sites(), reuse_line(self.scope, False, self.reuse_set_by)]
        if self.partitioned:
            return self._layout(
                f"Partitioned variable with name {name} already exists. Did you mean to set "
                f"reuse=True or reuse=tf.AUTO_REUSE in VarScope?",
                f"A partitioned variable named {name!r} already exists, and the current scope "
                f"does not allow reuse.", facts,
                [f"    {scope_call(scope, 'tf.AUTO_REUSE')} ...  # create or reuse; {_TYPO}"],
                self._tip())
        separate = (scope + "/" if scope else "") + leaf + "_2"
        return self._layout(
            f"Variable {name} already exists, disallowed. Did you mean to set reuse=True or "
            f"reuse=tf.AUTO_REUSE in VarScope?",
            f"A variable named {name!r} already exists, and the current scope does not allow "
            f"reuse.", facts,
            ["To share the existing variable:",
             f"    {scope_call(scope, 'True')} ...        # must already exist",
             f"    {scope_call(scope, 'tf.AUTO_REUSE')} ...  # create or reuse; {_TYPO}",
             "To make a separate variable, use another name:",
             f'    tf.get_variable("{leaf}_2", ...)   # -> {separate!r}'], self._tip())


class VariableNotFoundError(ScopelabError, ValueError):
    """``reuse=True`` asked for a variable that was never created with ``get_variable``.

    ``reuse_origin`` says where reuse came from when the scope layer knows it: the line that
    turned it on, and whether it was inherited from an outer scope or brought by a re-entered
    captured scope (the reuse line then leaves out ``set by``, said there). ``reuse_set_on`` is
    the scope that turned it on: when it is an outer one, the AUTO_REUSE fix goes there.
    """

    def __init__(self, name: str, *, requested_at: CreationSite | None = None, scope: str = "",
                 reuse_set_by: str = "", suggestions: list[str] | None = None,
                 partitioned: bool = False, reuse_origin: str = "",
                 reuse_set_on: str | None = None) -> None:
        super().__init__(name=name, requested_at=site(requested_at), reuse=True,
                         reuse_set_by=reuse_set_by, scope=scope,
                         suggestions=list(suggestions or ()), partitioned=partitioned,
                         reuse_origin=reuse_origin, reuse_set_on=reuse_set_on)

    def _compose(self) -> str:
        name, (scope, leaf) = self.name, split_name(self.name)
        near = ", ".join(repr(s) for s in self.suggestions)
        asked = f"  asked for:     {self.requested_at}"
        origin = self.fields.get("reuse_origin", "")     # absent from errors pickled before it
        set_on = self.fields.get("reuse_set_on")
        # An inherited reuse=True is changed where it was turned on, not in the inner scope (a
        # full path pasted inside the outer block would nest it: 'model/model/head').
        fix_scope = set_on if set_on is not None and set_on != self.scope and origin else scope
        mode = reuse_line(self.scope, True, "" if origin else self.reuse_set_by)
        if origin:
            mode += f"\n  {origin}."
        if self.partitioned:
            return self._layout(
                f"PartitionedVariable {name} does not exist, or was not created with "
                f"tf.get_variable(). Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in "
                f"VarScope?",
                f"No partitioned variable named {name!r} exists, and the scope has reuse=True.",
                [asked, mode, f"  closest existing names: {near}" if near else ""],
                [f"    {scope_call(fix_scope, 'tf.AUTO_REUSE')} ...  # create or reuse; {_TYPO}"])
        suffix = re.search(r":\d+$", leaf)
        fixes = ([f"Drop the {suffix.group()!r} suffix: it belongs to v.name, not to the name "
                  f"you pass:", f'    tf.get_variable("{leaf[:suffix.start()]}")']
                 if suffix else [])
        cased = next((s for s in self.suggestions if differs_only_in_case(name, s)), None)
        if cased is not None:
            # The "did you mean" is the same name in another case: say that case matters.
            near += (f"\n  {cased!r} differs from {name!r} only in case: names are "
                     f"case-sensitive")
            if split_name(cased)[0] == scope:
                fixes = [*fixes, "To fetch the existing variable, spell it as it was created:",
                         f'    tf.get_variable("{split_name(cased)[1]}")']
        return self._layout(
            f"Variable {name} does not exist, or was not created with tf.get_variable(). Did you "
            f"mean to set reuse=tf.AUTO_REUSE in VarScope?",
            f"No variable named {name!r} exists, and the scope has reuse=True, which only fetches "
            f"existing variables.",
            [asked, mode, f"  closest existing names: {near}" if near else
             "  no existing variable has a similar name"],
            [*fixes, "To create it when missing and reuse it afterwards (AUTO_REUSE also creates "
             "a new variable silently when a name is mistyped):" if fix_scope == scope else
             f"To create it when missing and reuse it afterwards, open {fix_scope!r}, where reuse "
             f"was turned on, with AUTO_REUSE instead (it also creates a new variable silently "
             f"when a name is mistyped):",
             f"    {scope_call(fix_scope, 'tf.AUTO_REUSE')} ...",
             "Or create it first in a scope without reuse=True, then fetch it with reuse=True.",
             "Variables made with tf.Variable(...) are not in the store: use tf.get_variable."])


class ShapeMismatchError(_TwoSites, ValueError):
    """Reuse asked for a shape incompatible with the existing variable's shape."""

    def __init__(self, name: str, *, expected: Any, got: Any, created_at: CreationSite,
                 requested_at: CreationSite | None = None, reuse: Any = None, scope: str = "",
                 partitioned: bool = False) -> None:
        super().__init__(name=name, expected=expected, got=got, created_at=created_at,
                         requested_at=site(requested_at), reuse=reuse, scope=scope,
                         partitioned=partitioned)

    def _compose(self) -> str:
        name, expected, got = self.name, self.expected, self.got
        if self.partitioned:
            return self._layout(
                f"Trying to reuse partitioned variable {name}, but specified shape {got} and "
                f"found shape {expected}.", f"expected {expected}, got {got}.", self._sites(),
                [f"    tf.get_variable(..., shape={expected.as_list()})"], self._tip())
        return self._layout(
            f"Trying to share variable {name}, but specified shape {got} and found shape "
            f"{expected}.",
            f"The existing variable {name!r} cannot be reused with this shape: expected "
            f"{expected}, got {got}.", self._sites(),
            ["To reuse it, ask for its shape (or none):",
             f'    tf.get_variable("{split_name(name)[1]}", shape={expected.as_list()})',
             "To make a new variable with the new shape, give it another name."], self._tip())


class DtypeMismatchError(_TwoSites, ValueError):
    """Reuse asked for a dtype different from the existing variable's dtype."""

    def __init__(self, name: str, *, expected: Any, got: Any, created_at: CreationSite,
                 requested_at: CreationSite | None = None, reuse: Any = None, scope: str = "",
                 partitioned: bool = False) -> None:
        super().__init__(name=name, expected=expected, got=got, created_at=created_at,
                         requested_at=site(requested_at), reuse=reuse, scope=scope,
                         partitioned=partitioned)

    def _compose(self) -> str:
        name, expected, got = self.name, self.expected.name, self.got.name
        if self.partitioned:
            return self._layout(
                f"Trying to reuse partitioned variable {name}, but specified dtype {got} and "
                f"found dtype {expected}.", f"expected {expected}, got {got}.", self._sites(),
                [f"    tf.get_variable(..., dtype=tf.{expected})"], self._tip())
        return self._layout(
            f"Trying to share variable {name}, but specified dtype {got} and found dtype "
            f"{expected}.",
            f"The existing variable {name!r} cannot be reused with this dtype: expected "
            f"{expected}, got {got}. (dtype=None means the scope's dtype, float32 unless a scope "
            f"set another.)", self._sites(),
            ["Ask for the dtype it was created with:",
             f'    tf.get_variable("{split_name(name)[1]}", dtype=tf.{expected})'], self._tip())


class PartitionMismatchError(_TwoSites, ValueError):
    """Reuse of a partitioned variable with a different partitioning (or shard count).

    Either ``expected``/``got`` partitions (the partitioner splits differently now), or
    ``shards`` (what the partitioner returned) with ``extra_shard`` telling whether the store
    lacks the last shard (``False``) or holds one shard too many (``True``).
    """

    def __init__(self, name: str, *, expected: Any = None, got: Any = None,
                 created_at: CreationSite | None = None,
                 requested_at: CreationSite | None = None, reuse: Any = None, scope: str = "",
                 shards: int | None = None, extra_shard: bool = False) -> None:
        super().__init__(name=name, expected=expected, got=got, created_at=created_at,
                         requested_at=requested_at if shards is not None else site(requested_at),
                         reuse=reuse, scope=scope, shards=shards, extra_shard=extra_shard)

    def _compose(self) -> str:
        name, n = self.name, self.shards
        if n is not None:
            found = (f"but so was the extra shard {name}/part_{n}." if self.extra_shard else
                     f"but {name}/part_{n - 1} was not.")
            return self._layout(
                f"Partitioner returned a different partitioning than what was already found.  "
                f"Partitioner returned {n} shards, and shard {name}/part_0 was found, {found}",
                "The shards in the store do not match.")
        return self._layout(
            f"Trying to reuse partitioned variable {name}, but specified partitions {self.got} "
            f"and found partitions {self.expected}.",
            f"The partitioner now splits {name!r} differently: expected {self.expected}, got "
            f"{self.got} (compared with Python !=, so (2, 1) and [2, 1] differ).", self._sites(),
            ["Use the same partitioner as at creation, or reuse with reuse=True and no "
             "partitioner."], self._tip())


class PartitioningConflictError(_TwoSites, ValueError):
    """A partitioned and an unpartitioned variable would share one name.

    ``partitioned_exists`` says which one exists: the partitioned one (asked for without a
    partitioner) or the ordinary one (asked for with a partitioner).
    """

    def __init__(self, name: str, *, partitioned_exists: bool, created_at: CreationSite,
                 requested_at: CreationSite | None = None, reuse: Any = None,
                 scope: str = "") -> None:
        super().__init__(name=name, partitioned_exists=partitioned_exists, created_at=created_at,
                         requested_at=site(requested_at), reuse=reuse, scope=scope)

    def _compose(self) -> str:
        name = self.name
        if self.partitioned_exists:
            return self._layout(
                f"No partitioner was provided, but a partitioned version of the variable was "
                f"found: {name}/part_0. Perhaps a variable of the same name was already created "
                f"with partitioning?",
                f"{name!r} exists as a partitioned variable; ask for it with its partitioner "
                f"(under AUTO_REUSE), or with reuse=True and no partitioner.", self._sites(),
                ["    tf.get_variable(..., partitioner=tf.fixed_size_partitioner(2))   # same "
                 "as before"], self._tip())
        return self._layout(
            f"A partitioner was provided, but an unpartitioned version of the variable was found: "
            f"{name}.  Perhaps a variable of the same name was already created without "
            f"partitioning?",
            f"{name!r} exists as an ordinary variable; a partitioner cannot split it afterwards.",
            self._sites(),
            ["Reuse it without a partitioner, or create the partitioned one under another name."],
            self._tip())
