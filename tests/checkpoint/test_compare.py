"""Matching a graph's names against a checkpoint's, and the explanation's parts."""

from __future__ import annotations

from scopelab.checkpoint.compare import compare, explain, find_renames, group_by_scope

F = "float32"


def test_four_kinds_and_plain_data():
    c = compare({"a/w": ((2,), F), "a/b": ((3,), F), "x": ((), "int64")},
                {"a/w": ((2,), F), "a/b": ((4,), F), "y": ((), "int64")})
    assert (c.matched, c.missing, c.unexpected, c.mismatched) == (["a/w"], ["x"], ["y"], ["a/b"])
    assert not c.ok and c.status("y") == "unexpected"
    data = c.as_dict()
    assert data["counts"] == {"matched": 1, "missing": 1, "unexpected": 1, "mismatched": 1}
    assert data["names"][0] == {"name": "a/b", "status": "mismatched",
                                "graph": {"shape": [3], "dtype": F},
                                "checkpoint": {"shape": [4], "dtype": F}}


def test_renames_found_by_shared_suffixes():
    found = {"enc/l1/w": ((2,), F), "enc/l2/w": ((2,), F), "head/w": ((2,), F)}
    expected = {"encoder/l1/w": ((2,), F), "encoder/l2/w": ((2,), F), "w": ((2,), F)}
    renames = find_renames(compare(expected, found))
    assert [(r.checkpoint_prefix, r.graph_prefix, r.names) for r in renames] == [
        ("enc/", "encoder/", ("encoder/l1/w", "encoder/l2/w")), ("head/", "", ("w",))]
    assert renames[0].assignment_map == {"enc/": "encoder/"}
    assert "renamed" in renames[0].cause
    assert "built outside it" in renames[1].cause


def test_no_rename_when_nothing_shares_a_name():
    c = compare({"a/x": ((1,), F)}, {"b/y": ((1,), F)})
    assert find_renames(c) == []
    assert "Restore only what it has" in explain(c, "ck")


def test_grouping_and_limits():
    assert group_by_scope(["m/h/k", "m/h/b", "g"]) == {"": ["g"], "m/h/": ["b", "k"]}
    many = {f"s{i}/w": ((1,), F) for i in range(20)}
    text = explain(compare(many, {}), "ck", limit=3)
    assert "... and 17 more scopes" in text
