"""IPython magics for the scope store (``%load_ext scopelab``).

Each magic returns a rich object rather than printing HTML: a terminal IPython shows its
``text/plain``, a notebook its ``text/html``, and nbval compares both (they are deterministic).
Bad arguments raise ``UsageError``, which IPython shows as one line instead of a traceback.
Help is ``%scope_tree?`` (IPython's argument parser has no ``-h``).
"""

from __future__ import annotations

import html
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import (
    Magics, line_cell_magic, line_magic, magics_class, no_var_expand, output_can_be_silenced,
)
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from scopelab._near_misses import NearMiss, near_misses
from scopelab.display import count as plural
from scopelab.diff import diff_stores, value_fingerprints
from scopelab.render import render_html, render_text
from scopelab.snapshot import StoreSnapshot, take_snapshot
from scopelab.store import get_default_store

__all__ = ["ScopeMagics", "TreeView", "Explanation", "CollectionsView", "load_ipython_extension"]


class TreeView:
    """A snapshot rendered to a depth, optionally with value statistics (``%scope_tree``)."""

    def __init__(self, snap: StoreSnapshot, depth: int | None = None, values: bool = False,
                 addresses: bool = False) -> None:
        self.snapshot, self.depth, self.values = snap, depth, values
        self.addresses = addresses

    def __repr__(self) -> str:
        return render_text(self.snapshot, self.depth, self.values, self.addresses)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": repr(self),
                "text/html": render_html(self.snapshot, self.depth, self.values)}


class Explanation:
    """The last failed ``get_variable`` in full (``%scope_explain``), and the variables that
    ``AUTO_REUSE`` created under a near miss of an existing name (a typo it let through)."""

    def __init__(self, event: Any, near: list[NearMiss] | tuple = ()) -> None:
        self.event = event
        self.near = list(near)

    def _near_text(self) -> str:
        if not self.near:
            return ""
        return "\n".join([
            "AUTO_REUSE created variables whose names are close to existing ones (AUTO_REUSE "
            "also creates a new variable silently when a name is mistyped):",
            *(f"  {miss.describe()}" for miss in self.near),
            "If one was meant to share the existing variable, fix its name; code that means to "
            "share can say reuse=True, and a mistyped name then raises."])

    def _lines(self) -> tuple[str, str]:
        if self.event is None:
            return ("No scoping error so far.",
                    "When a get_variable call fails, %scope_explain shows its full explanation here.")
        err = self.event.error
        path = getattr(err, "fields", {}).get("path")
        if path is not None and self.event.reuse is None and self.event.scope_name is None:
            facts = [f"event #{self.event.seq}: reading checkpoint {path}"]     # restore / init
            if self.event.name:
                facts.append(f"at key {self.event.name!r}")
            return f"{type(err).__name__}: {err}", " ".join(facts) + "."
        facts = [f"call #{self.event.seq} asked for {self.event.name!r}"]
        if self.event.scope_name:
            facts.append(f"in scope {self.event.scope_name!r}")
        facts.append(f"with reuse={_reuse_text(self.event.reuse)}")
        return f"{type(err).__name__}: {err}", " ".join(facts) + "."

    def __repr__(self) -> str:
        message, facts = self._lines()
        near = self._near_text()
        return f"{message}\n\n{facts}" + (f"\n\n{near}" if near else "")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        message, facts = self._lines()
        head, _, rest = message.partition("\n")
        body = f"<pre>{html.escape(rest)}</pre>" if rest else ""
        near = self._near_text()
        near_html = f"<pre>{html.escape(near)}</pre>" if near else ""
        return {"text/plain": repr(self),
                "text/html": f'<div class="scopelab-explain"><p><b>{html.escape(head)}</b></p>{body}'
                             f"<p>{html.escape(facts)}</p>{near_html}</div>"}


def _reuse_text(reuse: Any) -> str:
    name = getattr(reuse, "name", None)
    return name if isinstance(name, str) else repr(reuse)


class CollectionsView:
    """Every collection and what it holds, in creation order (``%scope_collections``)."""

    def __init__(self, snap: StoreSnapshot) -> None:
        self.collections = [(k, names) for k, names in snap.collections]
        self.losses = snap.regularization_losses

    def __repr__(self) -> str:
        if not self.collections:
            return "no collections yet"
        width = max(len(k) for k, _ in self.collections)
        lines = [f"{k:<{width}}  {len(names):>3}  {', '.join(names)}" for k, names in self.collections]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        rows = "".join(
            f"<tr><th><code>{html.escape(k)}</code></th><td>{len(names)}</td><td>"
            + ", ".join(f"<code>{html.escape(n)}</code>" for n in names) + "</td></tr>"
            for k, names in self.collections)
        table = f'<table class="scopelab-collections">{rows}</table>' if rows else "<p>no collections yet</p>"
        return {"text/plain": repr(self), "text/html": table}


@magics_class
class ScopeMagics(Magics):
    """``%scope_tree``, ``%%scope_diff`` / ``%scope_diff --checkpoint``, ``%scope_reset``,
    ``%scope_explain``, ``%scope_collections``."""

    @magic_arguments()
    @argument("prefix", nargs="?", default=None, help="only show this scope's subtree, e.g. 'encoder'")
    @argument("--depth", "-d", type=int, default=None, help="fold scopes nested deeper than N")
    @argument("--values", "-v", action="store_true", help="add mean/std/min/max of each variable")
    @argument("--live", "-l", action="store_true", help="return the live ScopeTree widget instead")
    @argument("--addresses", "-a", action="store_true",
              help="show the address of the cluster worker holding each value, not only its ps task")
    @argument("--checkpoint", "-c", default=None,
              help="show this checkpoint (a prefix, or a folder's latest) instead of the store")
    @output_can_be_silenced
    @line_magic
    def scope_tree(self, line: str = "") -> Any:
        """Show the scope store as a tree: scopes, variables, shapes, dtypes, shards.

        Examples: ``%scope_tree``, ``%scope_tree encoder --depth 1``, ``%scope_tree --values``,
        ``%scope_tree --live`` (a widget that keeps growing as later cells run),
        ``%scope_tree --checkpoint ckpt/model.ckpt-3`` (a checkpoint's tree, drawn the same way),
        ``%scope_tree --addresses`` (values held on cluster workers: "on ps/task:1 @ tcp://…";
        without it only the ps task, the same on every run).
        """
        args = parse_argstring(self.scope_tree, line)
        if args.depth is not None and args.depth < 0:
            raise UsageError(f"--depth must be 0 or more, got {args.depth}")
        if args.checkpoint is not None:
            from scopelab.checkpoint_view import checkpoint_snapshot

            if args.live:
                from scopelab.widgets import ScopeTree

                return ScopeTree(checkpoint=args.checkpoint, prefix=args.prefix)
            return TreeView(checkpoint_snapshot(args.checkpoint, args.prefix, values=args.values),
                            args.depth, args.values)
        if args.live:
            if args.depth is not None or args.values:
                raise UsageError("--live shows the interactive tree; it takes no --depth or --values")
            from scopelab.widgets import ScopeTree  # the widget stack loads only when asked for

            return ScopeTree(prefix=args.prefix)
        return TreeView(take_snapshot(prefix=args.prefix, values=args.values), args.depth,
                        args.values, args.addresses)

    @no_var_expand
    @line_cell_magic
    def scope_diff(self, line: str, cell: str | None = None) -> Any:
        """``%%scope_diff``: run the cell, then show what it created, reused or changed (values
        compared before/after; failed get_variable calls listed too).

        ``%scope_diff --checkpoint PATH``: the store and a checkpoint side by side, each name
        matched / missing / unexpected / mismatched, with the fix when a restore would fail.
        """
        words = line.split()
        if cell is None:
            if len(words) != 2 or words[0] not in ("--checkpoint", "-c"):
                raise UsageError("%scope_diff takes --checkpoint PATH (or use %%scope_diff on a "
                                 f"cell), got {line.strip()!r}")
            from scopelab.checkpoint_view import diff_checkpoint

            return diff_checkpoint(words[1])
        if line.strip():
            raise UsageError(f"%%scope_diff takes no arguments, got {line.strip()!r}")
        store = get_default_store()
        before = value_fingerprints(store)
        events: list[Any] = []
        unsubscribe = store.subscribe(events.append)
        try:
            self.shell.run_cell(cell, store_history=False)
        finally:
            unsubscribe()
        return diff_stores(before, value_fingerprints(store), events)

    @line_magic
    def scope_reset(self, line: str = "") -> None:
        """Empty the scope store (``tf.reset_default_graph()``): variables, collections, losses."""
        if line.strip():
            raise UsageError(f"%scope_reset takes no arguments, got {line.strip()!r}")
        from scopelab.graph import reset_default_graph

        count = len(get_default_store().variables())
        reset_default_graph()
        print(f"scope store cleared ({plural(count, 'variable')} removed)")

    @line_magic
    def scope_explain(self, line: str = "") -> Explanation:
        """Explain the last failed get_variable call, checkpoint restore or init_from_checkpoint
        in full (what, where, reuse mode or checkpoint, fixes)."""
        if line.strip():
            raise UsageError(f"%scope_explain takes no arguments, got {line.strip()!r}")
        store = get_default_store()
        return Explanation(store.last_error, near_misses(store.graph))

    @line_magic
    def scope_collections(self, line: str = "") -> CollectionsView:
        """List every collection (GLOBAL_VARIABLES, TRAINABLE_VARIABLES, …) and its members."""
        if line.strip():
            raise UsageError(f"%scope_collections takes no arguments, got {line.strip()!r}")
        return CollectionsView(take_snapshot())


def load_ipython_extension(ipython: Any) -> None:
    """Register the scope magics (``%load_ext scopelab`` calls this)."""
    ipython.register_magics(ScopeMagics)
