"""``OpNames.unique`` keeps TF1's ``Graph.unique_name`` rule, with its shortcut.

scopelab skips the lookup of ``name_<count>`` unless a name of that shape was once taken as asked
(the only way it can be in use already). The reference below is TF's algorithm done literally,
with the ``mark_as_used=False`` questions and the undo (``forget``) of failed composite calls.
Random programs over names built to collide (``a``, ``a_1``, ``A_2``, ``a_1_1``, ``a_01``) must
give the same names, and the same names afterwards, at every step.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scopelab.names import NameLog, OpNames


class ReferenceNames:
    """TF1's ``Graph.unique_name``, written the straightforward way, with undo by snapshot."""

    def __init__(self) -> None:
        self.in_use: dict[str, int] = {}

    def unique(self, name: str, mark_as_used: bool) -> str:
        key = name.lower()
        i = self.in_use.get(key, 0)
        if mark_as_used:
            self.in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self.in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self.in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name


NAMES = st.sampled_from(["a", "A", "a_1", "a_2", "A_2", "a_1_1", "a_01", "s/a", "s/a_1", "b_10",
                         "b", "b_1"])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("take"), NAMES),
    st.tuples(st.just("ask"), NAMES),           # mark_as_used=False: only asked
    st.tuples(st.just("undone"), st.lists(NAMES, min_size=1, max_size=4)),
), max_size=40)


@settings(max_examples=400, deadline=None)
@given(STEPS)
def test_unique_names_match_tf1_algorithm(steps):
    names, ref = OpNames(), ReferenceNames()
    for kind, arg in steps:
        if kind == "undone":          # a composite call that fails: its names are given back
            log: NameLog = []
            before = dict(ref.in_use)
            for name in arg:
                assert names.unique(name, True, log) == ref.unique(name, True)
            names.forget(log)
            ref.in_use = before
        else:
            assert names.unique(arg, kind == "take") == ref.unique(arg, kind == "take")
        assert names.copy() == ref.in_use
    for probe in ("a", "a_1", "b", "s/a"):      # and the next name of each is the same
        assert names.unique(probe, False) == ref.unique(probe, False)


def test_a_name_taken_as_asked_moves_the_count_past_it():
    names = OpNames()
    assert names.unique("layer_2") == "layer_2"
    assert [names.unique("layer") for _ in range(4)] == ["layer", "layer_1", "layer_3", "layer_4"]
    names.clear()                  # a reset forgets the taken names and what they block
    assert [names.unique("layer") for _ in range(3)] == ["layer", "layer_1", "layer_2"]
