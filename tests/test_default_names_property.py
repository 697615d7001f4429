"""Default names and name-scope uniquification keep TF1's semantics (spec §1.2-§1.3).

scopelab keeps the default-name counts in a trie with undo logs (O(1) amortized per call); the
reference here is TF's algorithm done literally: one flat dict of counts per thread, zeroing every
key under a string scope on exit, copying the whole dict on an object re-entry and restoring it on
exit, and TF's ``Graph.unique_name`` for name scopes. Random programs of scope entries and exits
must give the same scope names, name scopes and counts after every step.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scopelab as tf
from scopelab._default_names import ScopeCounts
from scopelab.scope import default_name_counts


def join(scope: str, name: str) -> str:
    return f"{scope}/{name}" if scope else name


class Reference:
    """TF1's ``_VariableScopeStore`` and ``Graph.unique_name``, written the straightforward way."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.names_in_use: dict[str, int] = {}
        self.stack = [("", "", None, None)]     # (scope name, name stack, kind, snapshot)

    @property
    def scope(self) -> str:
        return self.stack[-1][0]

    @property
    def name_stack(self) -> str:
        return self.stack[-1][1]

    def unique_name(self, name: str) -> str:
        key = name.lower()
        i = self.names_in_use.get(key, 0)
        self.names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self.names_in_use:
                key = "%s_%d" % (base, i)
                i += 1
            self.names_in_use[key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    def unique_default(self, prefix: str) -> str:
        name = join(self.scope, prefix)
        if self.counts.get(name, 0) == 0:
            return prefix
        idx = 1
        while self.counts.get(f"{name}_{idx}", 0) > 0:
            idx += 1
        return f"{prefix}_{idx}"

    def enter(self, kind: str, name: str) -> str:
        if kind == "default":
            relative = self.unique_default(name)
            full = join(self.scope, relative)
            stack = self.unique_name(join(self.name_stack, name))
        elif kind == "string":
            full = join(self.scope, name)
            stack = self.unique_name(join(self.name_stack, name)) if name else self.name_stack
        else:                                           # re-entering a captured scope object
            full = name
            last = name.split("/")[-1]
            stack = self.unique_name(join(self.name_stack, last)) if last else self.name_stack
        self.counts[full] = self.counts.get(full, 0) + 1
        snapshot = dict(self.counts) if kind == "object" else None
        self.stack.append((full, stack, kind, snapshot))
        return full

    def exit(self) -> None:
        full, _, kind, snapshot = self.stack.pop()
        if kind == "object":
            self.counts = snapshot
        else:
            for key in self.counts:
                if key.startswith(full + "/"):
                    self.counts[key] = 0

    def positive_counts(self) -> dict[str, int]:
        return {k: v for k, v in self.counts.items() if v}


NAMES = st.sampled_from(["a", "b", "A", "a_1", "layer", "b/c", ""])
PREFIXES = st.sampled_from(["a", "b", "layer", "a/b"])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("string"), NAMES),
    st.tuples(st.just("default"), PREFIXES),
    st.tuples(st.just("object"), st.integers(0, 20)),
    st.tuples(st.just("exit"), st.just("")),
    st.tuples(st.just("exit"), st.just("")),
), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_scope_programs_match_tf1_algorithm(steps):
    tf.reset_default_graph()
    ref = Reference()
    open_scopes = []            # context managers entered, innermost last
    captured = []               # VariableScope objects seen so far (to re-enter)
    try:
        for kind, arg in steps:
            if kind == "exit":
                if not open_scopes:
                    continue
                open_scopes.pop().__exit__(None, None, None)
                ref.exit()
            else:
                if kind == "object":
                    if not captured:
                        continue
                    target = captured[arg % len(captured)]
                    manager = tf.variable_scope(target)
                    expected = ref.enter("object", target.name)
                elif kind == "default":
                    manager = tf.variable_scope(None, default_name=arg)
                    expected = ref.enter("default", arg)
                else:
                    if arg == "" and not ref.scope:
                        continue        # variable_scope("") at the root is the root itself
                    manager = tf.variable_scope(arg)
                    expected = ref.enter("string", arg)
                scope = manager.__enter__()
                open_scopes.append(manager)
                captured.append(scope)
                assert scope.name == expected
            assert tf.get_variable_scope().name == ref.scope
            assert tf.get_name_scope() == ref.name_stack
            assert default_name_counts() == ref.positive_counts()
    finally:
        while open_scopes:
            open_scopes.pop().__exit__(None, None, None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["open", "close", "begin", "undo", "keep", "unique",
                                           "default", "default", "default"]),
                          st.sampled_from(["", "a", "a/b", "a/b_1", "b", "a_1"]),
                          st.sampled_from(["a", "b", "b_1"])), max_size=80))
def test_scope_counts_match_a_flat_dict_with_snapshots(ops):
    counts = ScopeCounts()
    flat: dict[str, int] = {}
    snapshots: list[dict[str, int]] = []
    for op, name, prefix in ops:
        if op == "open":
            counts.open(name)
            flat[name] = flat.get(name, 0) + 1
        elif op == "close":
            counts.close_subscopes(name)
            flat = {k: (0 if k.startswith(name + "/") else v) for k, v in flat.items()}
        elif op == "begin":
            counts.begin()
            snapshots.append(dict(flat))
        elif op in ("undo", "keep") and snapshots:
            before = snapshots.pop()
            if op == "undo":
                counts.undo()
                flat = before
            else:
                counts.keep()
        elif op in ("unique", "default"):      # "default": a default-name scope is then opened
            full = join(name, prefix)
            idx, expected = 1, prefix
            if flat.get(full, 0):
                while flat.get(f"{full}_{idx}", 0):
                    idx += 1
                expected = f"{prefix}_{idx}"
            assert counts.unique_default_name(name, prefix) == expected
            if op == "default":
                counts.open(join(name, expected))
                flat[join(name, expected)] = flat.get(join(name, expected), 0) + 1
        assert counts.as_dict() == {k: v for k, v in flat.items() if v}


def test_default_names_restart_after_their_parent_scope_exits():
    """The suffix search must not skip names freed when the parent string scope exited."""
    def three_then_two():
        names = []
        for _ in range(3):
            with tf.variable_scope(None, default_name="d") as s:
                names.append(s.name)
        return names

    with tf.variable_scope("x"):
        assert three_then_two() == ["x/d", "x/d_1", "x/d_2"]
    with tf.variable_scope("x"):          # leaving "x" zeroed x/d, x/d_1, x/d_2
        with tf.variable_scope(None, default_name="d") as first:
            pass
        with tf.variable_scope(None, default_name="d") as second:
            pass
    assert (first.name, second.name) == ("x/d", "x/d_1")
    with tf.variable_scope("y") as y:
        with tf.variable_scope(None, default_name="d"):
            pass
        with tf.variable_scope(y):        # object re-entry: its counts are restored on exit
            for expected in ("y/d_1", "y/d_2"):
                with tf.variable_scope(None, default_name="d") as s:
                    assert s.name == expected
        with tf.variable_scope(None, default_name="d") as s:
            assert s.name == "y/d_1"      # the re-entry's y/d_1 and y/d_2 were forgotten
