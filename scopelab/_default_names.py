"""TF1's default-name counts (``variable_scopes_count``, spec §1.3) at a cost independent of
how many scopes were ever opened.

TF keeps one flat dict ``full scope name -> times opened`` per thread: every entry increments
its scope's count; leaving a scope opened by string (or default name) zeroes the count of every
key under it; entering a captured scope object copies the whole dict, and leaving restores the
copy; ``default_name="d"`` gives ``d`` if ``scope/d`` was never opened, else the first ``d_<i>``
(from 1) whose count is 0. Done literally, leaving a scope and re-entering an object cost time
proportional to every scope ever opened.

Here the keys are a trie over their ``/``-separated parts, so "every key under S" is one node's
children, dropped in one step; a re-entered object keeps an undo log of what changed inside it
(each change is logged once and undone once, so the cost is amortized O(1)); and the search for
``d_<i>`` starts from a hint kept beside the counts it describes (cleared and undone with them).
Every operation costs O(parts of the name), never O(scopes opened). Not locked: one thread's.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ScopeCounts"]


class _Node:
    __slots__ = ("count", "children", "hints")

    def __init__(self) -> None:
        self.count = 0
        # Most nodes never get children or hints: they share the empty _NONE (never written; a
        # node gets a dict of its own on its first insert). Leaving a scope tests both, and with
        # tens of thousands of scopes a dict per node would be one more memory miss each.
        self.children: dict[str, _Node] = _NONE
        self.hints: dict[str, int] = _NONE      # leaf -> first suffix that may be free


_NONE: dict[str, Any] = {}


class ScopeCounts:
    """One thread's default-name counts in one graph, with TF's rules (spec §1.3)."""

    __slots__ = ("_root", "_logs")

    def __init__(self) -> None:
        self._root = _Node()
        self._logs: list[list[tuple[Any, ...]]] = []   # one undo log per open object re-entry / mark

    # --- reading ------------------------------------------------------------------------------------
    def _find(self, name: str) -> _Node | None:
        node = self._root
        for part in name.split("/"):
            child = node.children.get(part)
            if child is None:
                return None
            node = child
        return node

    def count(self, name: str) -> int:
        """How often scope ``name`` (a full name) was opened, as TF's dict would say."""
        node = self._find(name)
        return 0 if node is None else node.count

    def as_dict(self) -> dict[str, int]:
        """Every positive count by full name (for tests and views: walks the whole trie)."""
        out: dict[str, int] = {}
        stack = list(self._root.children.items())
        while stack:
            name, node = stack.pop()
            if node.count:
                out[name] = node.count
            stack.extend((f"{name}/{part}", child) for part, child in node.children.items())
        return out

    # --- TF's three operations ------------------------------------------------------------------------
    def open(self, name: str) -> _Node:
        """TF ``open_variable_scope``: one more entry of scope ``name``. Returns its node, for
        :meth:`close_node` when that entry ends."""
        log = self._logs[-1] if self._logs else None
        node = self._root
        for part in name.split("/"):
            child = node.children.get(part)
            if child is None:
                if node.children is _NONE:
                    node.children = {}
                child = node.children[part] = _Node()
                if log is not None:
                    log.append((_CHILD, node.children, part))
            node = child
        if log is not None:
            log.append((_COUNT, node, node.count))
        node.count += 1
        return node

    def close_subscopes(self, name: str) -> None:
        """TF ``close_variable_subscopes``: zero the count of every scope under ``name``."""
        node = self._find(name)
        if node is not None:
            self.close_node(node)

    def close_node(self, node: _Node) -> None:
        """:meth:`close_subscopes` of the scope whose :meth:`open` returned ``node``, without
        finding it again by name. Scopes nest, so while one is open its node stays in the trie:
        only leaving an enclosing scope (a clear) or an enclosing object re-entry (an undo)
        detaches nodes, and both happen after this scope is left."""
        if not (node.children or node.hints):
            return
        if self._logs:
            self._logs[-1].append((_CLEAR, node, node.children, node.hints))
        node.children, node.hints = _NONE, _NONE

    def unique_default_name(self, scope_name: str, prefix: str) -> str:
        """TF ``_get_unique_variable_scope``: ``prefix`` if unused in ``scope_name``, else the first
        ``prefix_<i>`` (i >= 1) with a zero count."""
        full = f"{scope_name}/{prefix}" if scope_name else prefix
        if self.count(full) == 0:
            return prefix
        head, _, leaf = full.rpartition("/")
        parent = self._find(head) if "/" in full else self._root
        assert parent is not None   # count(full) > 0: the path exists
        hint = parent.hints.get(leaf, 1)   # every suffix below the hint is in use
        idx = hint
        while True:
            taken = parent.children.get(f"{leaf}_{idx}")
            if taken is None or taken.count == 0:
                break
            idx += 1
        if idx != hint:
            if parent.hints is _NONE:
                parent.hints = {}
            if self._logs:
                self._logs[-1].append((_HINT, parent.hints, leaf, parent.hints.get(leaf)))
            parent.hints[leaf] = idx
        return f"{prefix}_{idx}"

    # --- undo logs: object re-entry (TF's copy and restore) and atomic calls ------------------------
    def begin(self) -> None:
        """Start recording changes (entering a captured scope object, or an atomic call)."""
        self._logs.append([])

    def undo(self) -> None:
        """Undo every change since the matching :meth:`begin` (leaving the object scope)."""
        for entry in reversed(self._logs.pop()):
            kind = entry[0]
            if kind == _COUNT:
                entry[1].count = entry[2]
            elif kind == _CHILD:
                entry[1].pop(entry[2], None)
            elif kind == _CLEAR:
                entry[1].children, entry[1].hints = entry[2], entry[3]
            elif entry[3] is None:
                entry[1].pop(entry[2], None)
            else:
                entry[1][entry[2]] = entry[3]

    def keep(self) -> None:
        """End a :meth:`begin` keeping the changes (an enclosing re-entry may still undo them)."""
        log = self._logs.pop()
        if self._logs:
            self._logs[-1].extend(log)


_COUNT, _CHILD, _CLEAR, _HINT = range(4)   # undo log entry kinds
