"""Match a graph's variable names against a checkpoint's, and explain the difference.

Pure data in, data and text out: ``compare(expected, found)`` takes two mappings
``name -> (shape, dtype name)`` (what the graph would restore, what the checkpoint holds) and
sorts every name into matched / missing / unexpected / mismatched. ``find_renames`` looks for
scope prefixes that turn the checkpoint's names into the graph's (``model/`` -> ``model_1/``),
which is what a failed restore almost always is, and ``explain`` writes the text a person reads:
the names grouped by scope, the likely cause, and an assignment map or Saver dict to paste.
Used by ``tf.train.Saver.restore`` / ``init_from_checkpoint`` errors, the views and the CLI.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Spec", "Comparison", "Rename", "compare", "find_renames", "explain", "tf_dtype_name",
           "group_by_scope"]

Spec = tuple[tuple[int, ...], str]      # (shape, dtype name)

_TF_DTYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def tf_dtype_name(name: str) -> str:
    """The dtype as TF's C++ messages print it (``float32`` -> ``float``)."""
    return _TF_DTYPE_NAMES.get(name, name)


@dataclass
class Comparison:
    """Every name, sorted into four lists (each sorted by name)."""

    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)          # graph has it, checkpoint does not
    unexpected: list[str] = field(default_factory=list)       # checkpoint has it, graph does not
    mismatched: list[str] = field(default_factory=list)       # both, different shape or dtype
    expected: dict[str, Spec] = field(default_factory=dict)
    found: dict[str, Spec] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when a restore of every expected name would succeed."""
        return not self.missing and not self.mismatched

    def status(self, name: str) -> str:
        for kind in ("matched", "missing", "unexpected", "mismatched"):
            if name in getattr(self, "_" + kind + "_set"):
                return kind
        raise KeyError(name)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        for kind in ("matched", "missing", "unexpected", "mismatched"):
            setattr(self, "_" + kind + "_set", set(getattr(self, kind)))

    def as_dict(self) -> dict:
        """Plain data (JSON-ready): each name with its status and both sides' shape and dtype."""
        rows = []
        for name in sorted(set(self.expected) | set(self.found)):
            row = {"name": name, "status": self.status(name)}
            if name in self.expected:
                row["graph"] = {"shape": list(self.expected[name][0]), "dtype": self.expected[name][1]}
            if name in self.found:
                row["checkpoint"] = {"shape": list(self.found[name][0]), "dtype": self.found[name][1]}
            rows.append(row)
        return {"ok": self.ok, "counts": {k: len(getattr(self, k)) for k in
                                          ("matched", "missing", "unexpected", "mismatched")},
                "names": rows}


def compare(expected: Mapping[str, Spec], found: Mapping[str, Spec]) -> Comparison:
    expected = {n: (tuple(s), d) for n, (s, d) in expected.items()}
    found = {n: (tuple(s), d) for n, (s, d) in found.items()}
    result = Comparison(expected=expected, found=found)
    for name in sorted(expected):
        if name not in found:
            result.missing.append(name)
        elif expected[name] != found[name]:
            result.mismatched.append(name)
        else:
            result.matched.append(name)
    result.unexpected = sorted(set(found) - set(expected))
    result._index()
    return result


@dataclass(frozen=True)
class Rename:
    """Checkpoint names starting with ``checkpoint_prefix`` are the graph's with ``graph_prefix``."""

    checkpoint_prefix: str      # "" for the root
    graph_prefix: str
    names: tuple[str, ...]      # the graph names it explains

    def to_checkpoint(self, graph_name: str) -> str:
        return self.checkpoint_prefix + graph_name[len(self.graph_prefix):]

    @property
    def assignment_map(self) -> dict[str, str]:
        """For ``tf.train.init_from_checkpoint`` (``'/'`` stands for the root)."""
        return {self.checkpoint_prefix or "/": self.graph_prefix or "/"}

    @property
    def cause(self) -> str:
        ck, gr = self.checkpoint_prefix, self.graph_prefix
        numbered = re.fullmatch(r"(.*?)(_\d+)?/", gr) if gr else None
        if ck and gr and numbered and numbered.group(2) and ck == numbered.group(1) + "/":
            scope = gr[:-1]
            return (f"every such name in the checkpoint starts with '{ck}'; the graph's start with "
                    f"'{gr}': a second call of the builder opened '{scope}' (TF numbers a scope "
                    f"opened again by default_name, or a layer built again). Build the model once "
                    f"(tf.reset_default_graph() before building it again), or map the names")
        if not ck:
            return (f"the graph's names sit under '{gr}' and the checkpoint's at the root: the "
                    f"model was saved outside any scope and is now built inside "
                    f"variable_scope('{gr[:-1]}')")
        if not gr:
            return (f"the checkpoint's names sit under '{ck}' and the graph's at the root: the "
                    f"model was saved inside variable_scope('{ck[:-1]}') and is now built outside it")
        return (f"the checkpoint's scope '{ck}' is '{gr}' in the graph: the variable_scope (or a "
                f"layer's name) was renamed since the checkpoint was written")


def _components(name: str) -> list[str]:
    return name.split("/")


def find_renames(comparison: Comparison) -> list[Rename]:
    """Scope prefixes that map unexpected checkpoint names onto missing graph names, best first."""
    by_suffix: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name in comparison.found:       # matched names too: a second copy reads the same tensors
        parts = _components(name)
        for k in range(len(parts)):
            by_suffix[tuple(parts[k:])].append("/".join(parts[:k]) + ("/" if k else ""))
    candidates: Counter[tuple[str, str]] = Counter()
    for name in comparison.missing:
        parts = _components(name)
        for k in range(len(parts)):                       # longest shared suffix first
            prefixes = by_suffix.get(tuple(parts[k:]))
            if prefixes:
                graph_prefix = "/".join(parts[:k]) + ("/" if k else "")
                for ck in set(prefixes):
                    candidates[(ck, graph_prefix)] += 1
                break
    renames, left = [], set(comparison.missing)
    sources = set(comparison.found)     # a checkpoint name explains one rename at most
    while left and candidates:
        best, best_names = None, ()
        for (ck, gr), _ in candidates.most_common():
            names = tuple(sorted(n for n in left if n.startswith(gr)
                                 and ck + n[len(gr):] in sources))
            if len(names) > len(best_names):
                best, best_names = (ck, gr), names
        if not best_names:
            break
        rename = Rename(best[0], best[1], best_names)
        renames.append(rename)
        left -= set(best_names)
        sources -= {rename.to_checkpoint(n) for n in best_names}
        del candidates[best]
    return renames


def group_by_scope(names: Iterable[str]) -> dict[str, list[str]]:
    """``{'model/hidden/': ['bias', 'kernel'], '': ['global_step']}`` (parent scope -> leaves)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        scope, _, leaf = name.rpartition("/")
        groups[scope + "/" if scope else ""].append(leaf)
    return dict(groups)


def _spec_text(spec: Spec) -> str:
    return f"{list(spec[0])} {spec[1]}"


def _section(title: str, names: list[str], specs: Mapping[str, Spec], limit: int) -> list[str]:
    if not names:
        return []
    lines = [f"{title} ({len(names)}):"]
    groups = group_by_scope(names)
    for i, (scope, leaves) in enumerate(groups.items()):
        if i == limit:
            lines.append(f"    ... and {len(groups) - limit} more scopes")
            break
        items = ", ".join(f"{leaf} {_spec_text(specs[scope + leaf])}" for leaf in leaves)
        lines.append(f"    {scope or '(root) '}  {items}")
    return lines


def _saver_key(renames: list[Rename]) -> str:
    """A Python expression giving the checkpoint key of variable ``v`` under the renames."""
    if len(renames) == 1:
        r = renames[0]
        return (f"{r.checkpoint_prefix!r} + v.op.name[{len(r.graph_prefix)}:] if "
                f"v.op.name.startswith({r.graph_prefix!r}) else v.op.name")
    pairs = ", ".join(f"({r.graph_prefix!r}, {r.checkpoint_prefix!r})" for r in renames)
    return (f"next((c + v.op.name[len(g):] for g, c in [{pairs}] if v.op.name.startswith(g)), "
            "v.op.name)")


def _fix(renames: list[Rename], c: Comparison, checkpoint: str) -> list[str]:
    matched = set(c.matched)
    shared = sorted({r.checkpoint_prefix for r in renames
                     if any(r.to_checkpoint(n) in matched for n in r.names)})
    if shared:          # two graph copies read one checkpoint scope: no Saver dict can say that
        pairs = [(p or "/", p or "/") for p in shared]
        pairs += [(r.checkpoint_prefix or "/", r.graph_prefix or "/") for r in renames]
        return ["Fix: build the model once (run tf.reset_default_graph() before building it "
                "again), then restore. To give both copies the saved values, map one checkpoint "
                "scope onto both (a list of pairs may repeat a key):",
                f"    tf.train.init_from_checkpoint({checkpoint!r}, {pairs!r})"]
    amap = {k: v for r in renames for k, v in r.assignment_map.items()}
    return ["Fix: restore under the checkpoint's names with a Saver dict",
            f"    saver = tf.train.Saver({{({_saver_key(renames)}): v "
            "for v in tf.global_variables()})",
            "or map the checkpoint into the graph's scopes before initializing:",
            f"    tf.train.init_from_checkpoint({checkpoint!r}, {amap!r})"]


def explain(comparison: Comparison, checkpoint: str, *, action: str = "restore",
            limit: int = 12) -> str:
    """The body of a failed restore's message: names by scope, the cause, the fix to paste."""
    c = comparison
    lines = [f"The graph and the checkpoint {checkpoint} compared "
             f"({len(c.matched)} matched, {len(c.missing)} missing, {len(c.unexpected)} "
             f"unexpected, {len(c.mismatched)} mismatched):"]
    lines += _section("  missing from the checkpoint (the graph has them)", c.missing,
                      c.expected, limit)
    lines += _section("  unexpected in the checkpoint (the graph lacks them; a restore ignores "
                      "these)", c.unexpected, c.found, limit)
    if c.mismatched:
        lines.append(f"  mismatched ({len(c.mismatched)}):")
        for name in c.mismatched[:limit]:
            lines.append(f"    {name}: graph {_spec_text(c.expected[name])}, checkpoint "
                         f"{_spec_text(c.found[name])}")
    renames = find_renames(c)
    if renames:
        lines.append("")
        for rename in renames:
            lines.append(f"Why ({len(rename.names)} of {len(c.missing)} missing): {rename.cause}.")
        lines += [""] + _fix(renames, c, checkpoint)
        left = sorted(set(c.missing) - {n for r in renames for n in r.names})
        if left:
            lines.append(f"Still missing after that: {', '.join(left[:limit])}"
                         + (" ..." if len(left) > limit else ""))
    elif c.missing and action == "restore":
        lines += ["", "Fix: the checkpoint holds none of these names under another scope. Restore "
                      "only what it has: tf.train.Saver(var_list=[v for v in tf.global_variables() "
                      "if v.op.name in dict(tf.train.list_variables(path))]); the other variables "
                      "keep their initial values."]
    if c.mismatched:
        lines += ["", "A mismatched variable was built with another shape or dtype than the one "
                      "saved: build it as the checkpoint has it, or leave it out of the Saver's "
                      "var_list."]
    return "\n".join(lines)
