"""Issue 11's attacks, graded for real in the sandbox (bubblewrap) with teacher-private exercises.

One batch grades the corpus of tests/data/attacks.py on two local workers. Every notebook carries
the same honest answers (5 of 6 points) plus one attack; the honest notebook is the reference:
forged notebooks must score exactly what it scores, check by check; harms must leave every file and
process outside untouched; memory, processes and output stay within the limits given; timeouts
cost only the cell or answer that ran too long.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import nbformat
import pytest

from scopelab import cli

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
_spec = importlib.util.spec_from_file_location("grading_attacks", DATA / "attacks.py")
attacks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(attacks)
PACKAGE = Path(cli.__file__).parent
HONEST_SCORES = {"p1.table": 1, "p1.tied": 1, "p1.one": 1, "p2.exists": 1, "p2.zeros": 1, "p2.frozen": 0}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Listener:
    """A TCP port on loopback that records every connection it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                self.received.append(conn.recv(1 << 16))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("attacks")
    submissions, teacher, results = root / "submissions", root / "teacher", root / "results"
    teacher.mkdir()
    results.mkdir()
    sentinel = teacher / "grades-2025.txt"
    sentinel.write_text("the teacher's file\n")
    listener = _Listener()
    paths = {"victim": str(submissions / "victim.ipynb"), "sentinel": str(sentinel), "teacher_dir": str(teacher),
             "package_probe": str(PACKAGE / "planted-by-student.txt"), "marker": str(teacher / "still-alive"),
             "results": str(results / "results.csv"), "results_dir": str(results), "port": listener.port}
    names = attacks.write_corpus(submissions, paths)
    before = {p.name: _sha(p) for p in submissions.iterdir()}
    started = time.monotonic()
    rc = cli.main(["grade", str(submissions), "--exercises-from", str(DATA / "course_checks.py"),
                   "--out", paths["results"], "--json", str(results / "results.json"),
                   "--html-dir", str(results / "feedback"), "--executed-dir", str(results / "executed"),
                   "--timeout", "15", "--answer-timeout", "6", "--memory", "1G", "--max-processes", "32",
                   "--max-output", "64K", "-j", "2"])
    seconds = time.monotonic() - started
    csv_now = Path(paths["results"]).read_text()
    time.sleep(6)  # longer than the detached processes' sleep: they would have written by now
    listener.stop = True
    data = json.loads((results / "results.json").read_text())
    rows = {s["student"]: s for s in data["submissions"]}
    yield {"rc": rc, "rows": rows, "names": names, "paths": paths, "before": before, "submissions": submissions,
           "csv_now": csv_now, "listener": listener, "results": results, "seconds": seconds, "data": data}
    (PACKAGE / "planted-by-student.txt").unlink(missing_ok=True)


def _executed(graded, name: str) -> nbformat.NotebookNode:
    return nbformat.read(graded["results"] / "executed" / f"{name}.ipynb", as_version=4)


def _printed(graded, name: str) -> str:
    return "".join(o.get("text", "") for c in _executed(graded, name).cells for o in c.get("outputs", []))


def _checks(row) -> dict[str, float]:
    return {f"{r['exercise']}.{c['id']}": c["score"] for r in row["results"] for c in r["checks"]}


def test_every_submission_was_graded_in_the_sandbox(graded):
    assert graded["rc"] == 0
    assert sorted(graded["rows"]) == sorted(graded["names"])
    assert graded["data"]["sandboxed"] is True
    assert all(row["sandboxed"] for row in graded["rows"].values())
    assert _checks(graded["rows"]["honest"]) == HONEST_SCORES
    assert _checks(graded["rows"]["victim"]) == {**HONEST_SCORES, "p2.frozen": 1}


@pytest.mark.parametrize("name", sorted(attacks.FORGERIES))
def test_forged_verdicts_score_exactly_the_honest_answers(graded, name):
    row = graded["rows"][name]
    assert _checks(row) == HONEST_SCORES, row
    assert row["score"] == 5 and row["max_score"] == 6
    p2 = next(r for r in row["results"] if r["exercise"] == "p2")
    assert [c["category"] for c in p2["checks"] if not c["passed"]] == ["wrong_trainable"]


@pytest.mark.parametrize("name", ["harm_proc", "harm_files", "harm_detached", "harm_symlink", "harm_network"])
def test_harm_attempts_keep_the_honest_score(graded, name):
    assert _checks(graded["rows"][name]) == HONEST_SCORES


def test_classmates_and_the_graders_files_are_out_of_reach(graded):
    paths, submissions = graded["paths"], graded["submissions"]
    assert {p.name: _sha(p) for p in submissions.iterdir()} == graded["before"]   # nobody rewrote anyone
    assert Path(paths["sentinel"]).read_text() == "the teacher's file\n"
    assert not (PACKAGE / "planted-by-student.txt").exists()
    assert not Path("/etc/scopelab-planted").exists()
    assert not Path(paths["results"]).is_symlink() and not (Path(paths["results_dir"]) / "results.json").is_symlink()
    printed = _printed(graded, "harm_proc")
    assert "no classmates here" in printed and "COPIED" not in printed
    assert re.search(r"'pids': \[1, 2[,\]]", printed)   # its own PID namespace: launcher, kernel, children
    printed = _printed(graded, "harm_files")
    assert printed.count("blocked:") == 7 and "WROTE" not in printed


def test_detached_processes_die_with_their_notebook(graded):
    paths = graded["paths"]
    assert not Path(paths["marker"]).exists()
    assert Path(paths["results"]).read_text() == graded["csv_now"]      # results as printed, still
    survivors = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if b"scopelab-attack-marker" in Path(f"/proc/{entry}/cmdline").read_bytes():
                    survivors.append(int(entry))
            except OSError:
                pass
    assert survivors == []


def test_no_network_from_the_sandbox(graded):
    assert graded["listener"].received == []
    printed = _printed(graded, "harm_network")
    assert printed.count("blocked:") == 2 and "SENT" not in printed


def test_memory_limit_stops_one_process_and_the_whole_notebook(graded):
    row = graded["rows"]["limit_memory"]
    assert _checks(row) == HONEST_SCORES
    assert row["status"] == "kernel_died"
    assert any("code cell 5" in n and "more than 1 GiB of memory" in n for n in row["notes"]), row["notes"]
    assert _executed(graded, "limit_memory").cells[3].outputs[0].text == "one process cannot take 3 GiB\n"


def test_process_limit_ends_a_notebook_that_starts_too_many(graded):
    row = graded["rows"]["limit_processes"]
    assert _checks(row) == HONEST_SCORES and row["status"] == "kernel_died"
    assert any("more than 32 processes" in n for n in row["notes"]), row["notes"]


def test_output_is_capped_per_notebook_with_a_note(graded):
    row = graded["rows"]["limit_output"]
    assert _checks(row) == HONEST_SCORES
    outputs = [o for c in _executed(graded, "limit_output").cells for o in c.get("outputs", [])]
    kept = sum(len(json.dumps(o)) for o in outputs)
    assert kept <= (64 << 10) + 500
    notes = [o for o in outputs if o.get("text", "").startswith("[scopelab grade] output truncated")]
    assert len(notes) == 1 and "this notebook printed more than 64 KiB" in notes[0]["text"]


def test_an_interrupted_cell_costs_only_itself(graded):
    row = graded["rows"]["time_interrupted"]
    assert _checks(row) == HONEST_SCORES and row["status"] == "graded"
    assert "code cell 2 ran past 15 s and was interrupted" in row["notes"]
    cells = _executed(graded, "time_interrupted").cells
    assert cells[1].outputs[-1].ename == "KeyboardInterrupt"
    assert cells[4].outputs[0].text == "after the loop\n"


def test_an_answer_that_ignores_the_interrupt_scores_zero_for_its_exercise_only(graded):
    row = graded["rows"]["time_stubborn_answer"]
    assert _checks(row) == {**HONEST_SCORES, "p1.table": 0, "p1.tied": 0, "p1.one": 0}
    p1 = next(r for r in row["results"] if r["exercise"] == "p1")
    assert p1["headline"]["category"] == "timeout" and "within 6 s" in p1["headline"]["message"]


def test_an_unreadable_notebook_counts_only_the_exercises_it_was_set(graded):
    row = graded["rows"]["unreadable"]
    assert row["status"] == "unreadable" and row["score"] == 0 and row["max_score"] == 6
    assert [r["exercise"] for r in row["results"]] == ["p1", "p2"]


def test_private_checks_and_solutions_never_reach_the_feedback(graded):
    page = (graded["results"] / "feedback" / "honest.html").read_text()
    assert "Score: <b>5 / 6</b>" in page and "<em>(hidden)</em> head/bias is not trainable" in page
    for leak in ("_not_trainable", "lambda", "AUTO_REUSE", "zeros_initializer(), trainable=False"):
        assert leak not in page
