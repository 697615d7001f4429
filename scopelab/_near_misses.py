"""The cost of ``AUTO_REUSE``: new variables whose names are near misses of existing ones.

``AUTO_REUSE`` never fails: a mistyped name makes a new variable where the code meant to share
one (tensorpack/tensorpack#607). The store records each variable it creates under
``AUTO_REUSE`` (:func:`record`: one append, no search on the creation path); :func:`near_misses`
looks, when asked (``%scope_explain``), for each of them that is an earlier variable's name in
another case, or in the same scope one or two letters from an earlier name. Names that differ
only in their digits (``w1``/``w2``, ``layer_1``/``layer_2``) and names shorter than four letters
(``w``/``b``) are left out: they are usually meant to differ.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from scopelab.names import CreationSite

__all__ = ["NearMiss", "record", "near_misses", "edit_distance"]


class NearMiss(NamedTuple):
    """``name`` was created under AUTO_REUSE although ``like`` already existed."""

    name: str
    like: str
    created_at: CreationSite
    distance: int            # 0: the same letters in another case; else 1 or 2 edits apart

    def describe(self) -> str:
        made = f"{self.name!r} (made at {self.created_at.location()})"
        if not self.distance:
            return f"{made} is {self.like!r} in another case: names are case-sensitive"
        edits = "one letter" if self.distance == 1 else "two letters"
        return f"{made} is {edits} away from {self.like!r}"


class _Log:
    """A graph's variables created under AUTO_REUSE (a graph component), in creation order."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self.generation = graph.generation
        self.variables: list = []


def record(graph: Any, variable: Any) -> None:
    """Remember that ``variable`` was just created under AUTO_REUSE (caller holds the lock)."""
    log = graph.component(_Log)
    if log.generation != graph.generation:     # the graph was reset: forget the old ones
        log.generation, log.variables = graph.generation, []
    log.variables.append(variable)


def near_misses(graph: Any) -> list[NearMiss]:
    """The variables created under AUTO_REUSE that look like typos of earlier variables."""
    log = graph.component(_Log)
    if log.generation != graph.generation or not log.variables:
        return []
    everything = graph.variables()
    first_of_lower: dict[str, Any] = {}
    by_scope: dict[str, list] = {}
    for variable in everything:
        first_of_lower.setdefault(variable.full_name.lower(), variable)
        by_scope.setdefault(variable.full_name.rpartition("/")[0], []).append(variable)
    found = []
    for variable in log.variables:
        name = variable.full_name
        if graph.lookup(name) is not variable:     # undone by a failed call
            continue
        same = first_of_lower.get(name.lower())
        if same is not None and same is not variable and same.serial < variable.serial:
            found.append(NearMiss(name, same.full_name, variable.created_at, 0))
            continue
        scope, _, leaf = name.rpartition("/")
        for other in by_scope.get(scope, ()):
            distance = _mistyped(leaf, other.full_name.rpartition("/")[2])
            if distance and other.serial < variable.serial:
                found.append(NearMiss(name, other.full_name, variable.created_at, distance))
                break
    return found


_DIGITS = re.compile(r"\d+")


def _mistyped(leaf: str, other: str) -> int:
    """1 or 2: how many edits make ``leaf`` of ``other`` when that looks like a typo; else 0."""
    if min(len(leaf), len(other)) < 4 or leaf.lower() == other.lower() or \
            abs(len(leaf) - len(other)) > 2:
        return 0
    if _DIGITS.sub("#", leaf) == _DIGITS.sub("#", other):   # w1/w2, part_0/part_1: meant
        return 0
    distance = edit_distance(leaf.lower(), other.lower())
    return distance if distance <= 2 else 0


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbouring letters counted as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
