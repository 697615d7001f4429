"""``scopelab grade`` on a folder of sample submissions, with real kernels in the sandbox.

The samples (tests/data/submissions, made by tests/data/make_submissions.py) answer q1 (4 points,
2 hidden) and q5 (3 points, 1 hidden): right, wrong, an exception, a kernel that dies, a loop that
ignores interrupts, an answer that never returns, and a notebook that deletes its folder. A cell
that kills the kernel or ignores the interrupt costs only itself: a fresh kernel runs the cells
before it again and goes on, so the answers after it count. The same notebooks graded one at a
time, on two local workers and on a two-worker Dask LocalCluster give byte-identical results.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scopelab import cli

DATA = Path(__file__).parent / "data" / "submissions"

EXPECTED = {  # student: (status, total, q1 checks, q5 checks)
    "alice_right": ("graded", 7, [1, 1, 1, 1], [1, 1, 1]),
    "bob_wrong": ("graded", 3, [0, 0, 1, 0], [1, 0, 1]),
    "carol_crash": ("graded", 4, [1, 1, 1, 1], [0, 0, 0]),
    "dave_dies": ("kernel_died", 7, [1, 1, 1, 1], [1, 1, 1]),
    "erin_loops": ("timeout", 7, [1, 1, 1, 1], [1, 1, 1]),
    "frank_hangs": ("graded", 4, [1, 1, 1, 1], [0, 0, 0]),
    "gina_deletes": ("graded", 7, [1, 1, 1, 1], [1, 1, 1]),
}
Q1_CHECKS = ["layer1", "layer2", "only_two", "float32"]
Q5_CHECKS = ["exists", "same", "one"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    folder = root / "submissions"
    shutil.copytree(DATA, folder)
    (folder / "teacher-notes.txt").write_text("keep me\n")
    out = root / "out"
    out.mkdir()
    rc = cli.main(["grade", str(folder), "--out", str(out / "results.csv"), "--json",
                   str(out / "results.json"), "--html-dir", str(out / "feedback"), "--timeout", "20",
                   "--answer-timeout", "5", "-j", "2"])
    return rc, folder, out


@pytest.mark.slow
def test_exit_status_is_zero_when_the_batch_completes(graded):
    rc, _folder, _out = graded
    assert rc == 0


@pytest.mark.slow
def test_csv_has_per_student_per_check_scores(graded):
    _rc, _folder, out = graded
    rows = {r["student"]: r for r in csv.DictReader(open(out / "results.csv"))}
    assert sorted(rows) == sorted(EXPECTED)
    for student, (status, total, q1, q5) in EXPECTED.items():
        row = rows[student]
        assert row["status"] == status, (student, row)
        assert int(row["score"]) == total and int(row["max_score"]) == 7, (student, row)
        assert [int(row[f"q1.{c}"]) for c in Q1_CHECKS] == q1, student
        assert [int(row[f"q5.{c}"]) for c in Q5_CHECKS] == q5, student
        assert int(row["q1"]) == sum(q1) and int(row["q5"]) == sum(q5)


@pytest.mark.slow
def test_json_explains_what_happened(graded):
    _rc, _folder, out = graded
    data = {s["student"]: s for s in json.load(open(out / "results.json"))["submissions"]}
    assert "code cell 2 raised RuntimeError" in data["carol_crash"]["notes"]
    assert any("kernel died in code cell 3" in n and "went on" in n for n in data["dave_dies"]["notes"])
    assert any("code cell 3 ignored the interrupt" in n for n in data["erin_loops"]["notes"])
    frank_q5 = next(r for r in data["frank_hangs"]["results"] if r["exercise"] == "q5")
    assert frank_q5["headline"]["category"] == "timeout"
    bob_q1 = next(r for r in data["bob_wrong"]["results"] if r["exercise"] == "q1")
    assert bob_q1["headline"]["category"] == "missing_prefix"
    hidden = [c for c in bob_q1["checks"] if c["visibility"] == "hidden"]
    assert [c["id"] for c in hidden] == ["only_two", "float32"]


@pytest.mark.slow
def test_html_feedback_never_shows_check_code(graded):
    _rc, _folder, out = graded
    pages = sorted(p.name for p in (out / "feedback").glob("*.html"))
    assert pages == sorted(f"{s}.html" for s in EXPECTED)
    bob = (out / "feedback" / "bob_wrong.html").read_text()
    assert "Score: <b>3 / 7</b>" in bob
    assert "<em>(hidden)</em> no other variables were created" in bob
    assert "prefix &#x27;encoder/&#x27; is missing" in bob
    for leak in ("lambda", "expect_count", "def ", "solution"):
        assert leak not in bob


@pytest.mark.slow
def test_submissions_cannot_touch_the_graders_files(graded):
    _rc, folder, _out = graded
    assert (folder / "teacher-notes.txt").read_text() == "keep me\n"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(f"{s}.ipynb" for s in EXPECTED)
    assert not (Path.home() / "written-by-student.txt").exists()


@pytest.mark.slow
def test_exercise_notebook_and_its_answer_key(tmp_path):
    """The shipped chapter notebook scores 0 as handed out and full marks with the answer key."""
    root = Path(__file__).parent.parent / "notebooks" / "exercises"
    for label, path in (("starter", root / "04_partitions_exercises.ipynb"),
                        ("key", root / "solutions" / "04_partitions_exercises.ipynb")):
        shutil.copy(path, tmp_path / f"{label}.ipynb")
    out = tmp_path / "r.json"
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "r.csv"), "--json", str(out)]) == 0
    data = {s["student"]: s for s in json.load(open(out))["submissions"]}
    assert [r["exercise"] for r in data["key"]["results"]] == ["q12", "q13"]  # from the metadata
    assert data["key"]["score"] == data["key"]["max_score"] == 5
    assert data["starter"]["score"] == 0 and data["starter"]["max_score"] == 5
    assert {r["status"] for r in data["starter"]["results"]} == {"not_attempted"}


SMALL = ["alice_right", "bob_wrong", "carol_crash"]


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory):
    """The same three notebooks graded serially, on two local workers and on a LocalCluster."""
    import distributed  # scopelab[cluster], part of the test extra
    root = tmp_path_factory.mktemp("three-ways")
    folder = root / "submissions"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(DATA / f"{name}.ipynb", folder)
    outputs = {}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        for label, extra in (("serial", ["-j", "1"]), ("local", ["-j", "2"]),
                             ("cluster", ["--scheduler", cluster.scheduler_address])):
            out = root / label
            out.mkdir()
            rc = cli.main(["grade", str(folder), "--out", str(out / "r.csv"), "--json", str(out / "r.json"),
                           "--timeout", "20", "--answer-timeout", "5", *extra])
            outputs[label] = (rc, (out / "r.csv").read_text(), (out / "r.json").read_text())
    return outputs


@pytest.mark.slow
def test_parallel_and_cluster_results_are_the_serial_results(three_ways):
    rc, csv_text, json_text = three_ways["serial"]
    assert rc == 0
    assert [r["student"] for r in csv.DictReader(csv_text.splitlines())] == SMALL
    assert json.loads(json_text)["sandboxed"] is True
    for label in ("local", "cluster"):
        assert three_ways[label] == (rc, csv_text, json_text), label
