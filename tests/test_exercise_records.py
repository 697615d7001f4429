"""The data contract between where an answer runs and where it is judged (attempt -> plain JSON ->
Observation -> checks): verdicts survive a JSON round trip unchanged, malformed records score zero
without breaking the grader, errors keep their class and fields, and a forged record passes only if
it describes the correct store."""

from __future__ import annotations

import copy
import json
import re

import numpy as np
import pytest

import scopelab as tf
from scopelab import errors
from scopelab.exercises import ALL_EXERCISES, ex
from scopelab.exercises.attempt import record_attempt
from scopelab.exercises.framework import answer_globals
from scopelab.exercises.observation import Handle, Observation, PartitionedData, VariableData
from scopelab.exercises.plain import MalformedData, decode_array, decode_error, encode_array, encode_error

ANSWERS = [(e, "solution", e.solution_code) for e in ALL_EXERCISES] + [
    (e, f"wrong{i}", kw.code) for e in ALL_EXERCISES for i, kw in enumerate(e.known_wrong)]


def _record(exercise, code, seconds=None):
    scope = answer_globals()
    exec(code, scope)
    return record_attempt(exercise.run_spec, scope[exercise.answer_name], seconds)


@pytest.mark.parametrize("exercise,label,code", ANSWERS, ids=[f"{e.key}-{label}" for e, label, _ in ANSWERS])
def test_judging_the_json_record_gives_the_check_verdict(exercise, label, code):
    direct = exercise.check(code, mode="grading")
    record = json.loads(json.dumps(_record(exercise, code)))
    judged = exercise.judge(record, mode="grading")
    assert _unseeded(judged.to_json()) == _unseeded(direct.to_json())
    assert judged.tree == direct.tree


def _unseeded(data: dict) -> str:
    """Results as text with decimals masked (unseeded initializers draw new statistics each run)."""
    return re.sub(r"-?\d+\.\d+(e[-+]?\d+)?", "#", json.dumps(data, sort_keys=True))


def test_record_holds_plain_data_only():
    record = _record(ex.q5, ex.q5.solution_code)
    assert json.loads(json.dumps(record)) == record
    assert [c["returned"]["$handle"] for c in record["calls"]] == ["variable"] * 3
    assert len({c["returned"]["ref"] for c in record["calls"]}) == 1      # the same variable, 3 times
    assert [e["kind"] for e in record["events"]] == ["created", "reused", "reused"]
    assert {e["reuse"] for e in record["events"][1:]} == {"AUTO_REUSE"}
    state = record["calls"][0]["state"]
    assert [v["full_name"] for v in state["variables"]] == ["dense/kernel"]
    assert state["collections"]["trainable_variables"] == ["dense/kernel"]


def test_each_call_keeps_its_own_store():
    obs = Observation.from_record(_record(ex.q3, ex.q3.solution_code), "q3")
    assert [len(c.state.variables) for c in obs.calls] == [3, 6]
    assert obs.calls[0].state.get("layer_3/w") is None and obs.get("layer_3/w") is not None


def test_observation_reads_values_shards_and_identity():
    obs = Observation.from_record(_record(ex.q12, ex.q12.solution_code), "q12")
    table = obs.get("emb/table")
    assert isinstance(table, PartitionedData) and table.shape == (10, 4)
    assert [s.shape for s in table.shards] == [(4, 4), (3, 4), (3, 4)]
    assert table.shards[1].slice.var_offset == (4, 0)
    assert obs.value("emb/table").shape == (10, 4)
    returned = obs.returned[0]
    assert isinstance(returned, Handle) and returned.kind == "partitioned" and returned.ref == table.ref
    q13 = Observation.from_record(_record(ex.q13, ex.q13.solution_code), "q13")
    assert q13.variables() == [] and q13.get("emb/table") is not None   # the setup's table is not the answer's
    np.testing.assert_array_equal(q13.returned[0][:, 1], 10 + np.array([0, 1, 2, 3, 4, 5, 6, 3, 0]))


def test_probe_result_is_data():
    obs = Observation.from_record(_record(ex.q10, ex.q10.solution_code), "q10")
    assert obs.probe == [pytest.approx(0.1 * 4.0 * 9 / 2)]
    assert obs.regularization_losses() == [pytest.approx(0.1 * 9 / 2)]


def test_errors_keep_class_builtin_first_line_and_fields():
    try:
        with tf.variable_scope("a"):
            tf.get_variable("w", shape=[1])
            tf.get_variable("w", shape=[1])
    except errors.VariableAlreadyExistsError as err:
        original = err
    data = json.loads(json.dumps(encode_error(original)))
    assert data["class"] == "VariableAlreadyExistsError" and data["tf1_class"] == "ValueError"
    assert "\n" not in data["message"] and "already exists" in data["message"]
    stand_in = decode_error(data)
    assert isinstance(stand_in, errors.VariableAlreadyExistsError) and isinstance(stand_in, ValueError)
    assert type(stand_in).__name__ == "VariableAlreadyExistsError"
    assert str(stand_in) == data["message"]
    assert stand_in.name == original.name
    unknown = decode_error({"class": "StudentsOwnError", "tf1_class": "RuntimeError", "message": "boom",
                            "fields": {"code": 3}})
    assert isinstance(unknown, RuntimeError) and type(unknown).__name__ == "StudentsOwnError"
    assert unknown.code == 3 and str(unknown) == "boom"
    key_error = decode_error(encode_error(KeyError("oops")))
    assert isinstance(key_error, KeyError) and str(key_error) == "'oops'"


def _good_record():
    return _record(ex.q1, ex.q1.solution_code)


MALFORMED = {
    "not_a_dict": lambda r: ["q1"],
    "other_exercise": lambda r: {**r, "exercise": "q2"},
    "unknown_version": lambda r: {**r, "version": 99},
    "unknown_answer_state": lambda r: {**r, "answer": "perfect"},
    "object_dtype": lambda r: _set_value(r, {"dtype": "object", "shape": [1], "data": "AAAA"}),
    "short_data": lambda r: _set_value(r, {"dtype": "float32", "shape": [3, 4], "data": "AAAA"}),
    "bad_base64": lambda r: _set_value(r, {"dtype": "float32", "shape": [1], "data": "!!!"}),
    "shape_of_text": lambda r: _set_field(r, "shape", "3x4"),
    "trainable_text": lambda r: _set_field(r, "trainable", "yes"),
    "deep_value": lambda r: {**r, "probe": _nest(50)},
    "unknown_value": lambda r: {**r, "probe": {"$pickle": "gASV"}},
    "error_class_code": lambda r: {**r, "error": {"class": "os.system('x')", "tf1_class": "ValueError",
                                                  "message": "", "fields": {}}},
}


def _set_value(record, value):
    record = copy.deepcopy(record)
    record["calls"][0]["state"]["variables"][0]["value"] = value
    return record


def _set_field(record, key, value):
    record = copy.deepcopy(record)
    record["calls"][0]["state"]["variables"][0][key] = value
    return record


def _nest(depth):
    return [_nest(depth - 1)] if depth else 1


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_record_scores_zero_and_says_why(name):
    record = MALFORMED[name](_good_record())
    result = ex.q1.judge(record)
    assert result.status == "incorrect" and result.score == 0
    assert result.headline.category == "unreadable_answer"
    assert "could not read what your answer left" in result.headline.message


def test_a_forged_record_passes_only_as_the_correct_store():
    good = _good_record()
    assert ex.q1.judge(good).score == ex.q1.judge(good).max_score
    wrong_shape = copy.deepcopy(good)
    wrong_shape["calls"][0]["state"]["variables"][0]["shape"] = [4, 3]
    assert ex.q1.judge(wrong_shape).score < ex.q1.judge(good).max_score
    claims_only = {"version": 1, "exercise": "q1", "answer": "ran", "calls": [], "events": []}
    assert ex.q1.judge(claims_only).score == 0


def test_arrays_round_trip_and_large_values_are_left_out():
    from scopelab.exercises.plain import ValueBudget

    for value in (np.arange(6, dtype=np.int64).reshape(2, 3), np.float32(1.5), np.array([True, False])):
        np.testing.assert_array_equal(decode_array(json.loads(json.dumps(encode_array(value)))), value)
    budget = ValueBudget(100)
    assert encode_array(np.zeros(10), budget)["data"] is not None
    big = encode_array(np.zeros(100), budget)
    assert big["data"] is None and decode_array(big) is None
    with pytest.raises(MalformedData, match="not allowed"):
        decode_array({"dtype": "V8", "shape": [1], "data": "AAAAAAAAAAA="})


def test_missing_and_starter_records_are_not_attempted():
    for state in ("missing", "starter"):
        result = ex.q4.judge({"version": 1, "exercise": "q4", "answer": state}, mode="student")
        assert result.status == "not_attempted" and result.headline.category == "not_attempted"
    timeout = ex.q4.judge({"version": 1, "exercise": "q4", "answer": "timeout", "detail": "after 2 s"})
    assert timeout.headline.category == "timeout" and timeout.score == 0
    assert isinstance(Observation.from_record({"version": 1, "exercise": "q4", "answer": "missing"}, "q4").calls, tuple)


def test_variable_data_is_plain():
    obs = Observation.from_record(_good_record(), "q1")
    w = obs.get("encoder/layer1/w")
    assert isinstance(w, VariableData) and w.shape == (3, 4) and w.dtype == "float32" and w.trainable
    assert w.name == "encoder/layer1/w:0" and w.value.shape == (3, 4)
