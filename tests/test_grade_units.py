"""The grader's parts that need no kernel: the answer socket, the sandbox command, reading a class,
private exercise files, result files written without following symlinks, the progress bar, sizes,
and the errors of ``scopelab grade`` when bubblewrap or a private file is missing."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scopelab import cli
from scopelab.exercises import ex
from scopelab.exercises.batch import read_submissions
from scopelab.exercises.channel import AnswerChannel
from scopelab.exercises.collect import send
from scopelab.exercises.grader import GradeOptions, grade_submission
from scopelab.exercises.private import PrivateExercisesError, exercises_from_source, load_exercises
from scopelab.exercises.progress import Progress, format_seconds
from scopelab.exercises.registry import ALL_EXERCISES
from scopelab.exercises.sandbox import Limits, kernel_command
from scopelab.exercises.session import OutputKeeper, format_size

DATA = Path(__file__).parent / "data"
COURSE = DATA / "course_checks.py"


# --- the answer socket -------------------------------------------------------------------------------
def test_answer_channel_keeps_only_the_record_it_expects(tmp_path):
    channel = AnswerChannel(str(tmp_path), nonce="n1", max_bytes=4096)
    try:
        channel.expect("q1")
        send(channel.path, {"exercise": "q2", "nonce": "n1", "answer": "ran"})          # another exercise
        send(channel.path, {"exercise": "q1", "nonce": "forged", "answer": "ran"})      # another session
        with __import__("socket").socket(__import__("socket").AF_UNIX) as raw:         # garbage
            raw.connect(channel.path)
            raw.sendall(b"\x00not json")
        send(channel.path, {"exercise": "q1", "nonce": "n1", "pad": "x" * 8000})        # over the cap
        assert channel.take(timeout=1.0) is None
        send(channel.path, {"exercise": "q1", "nonce": "n1", "answer": "missing"})
        assert channel.take(timeout=5.0) == {"exercise": "q1", "nonce": "n1", "answer": "missing"}
    finally:
        channel.close()


# --- the sandbox command -------------------------------------------------------------------------------
def test_sandbox_command_isolates_and_hides(tmp_path):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is required: apt-get install bubblewrap (make test installs it)")
    package = Path(cli.__file__).parent
    hidden = package / "exercises"
    command = kernel_command([sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                             ipc_dir=str(tmp_path), limits=Limits(memory=1 << 30), sandbox=True,
                             hide=[str(hidden), "/nonexistent/elsewhere"])
    text = " ".join(command)
    for flag in ("--die-with-parent", "--unshare-all", "--unshare-user", "--new-session", "--as-pid-1",
                 f"--bind {tmp_path} {tmp_path}", "--remount-ro /", "--proc /proc", "--tmpfs /tmp"):
        assert flag in text, flag
    assert "--ro-bind / /" not in text and "--bind / " not in text
    assert f"--tmpfs {hidden}" in text and "/nonexistent/elsewhere" not in text
    assert "--memory 1073741824" in text and command[command.index("--") + 1] == sys.executable
    # the interpreter's folders are bound after the private /tmp, so a venv under /tmp is seen
    private_tmp = command.index("/tmp", command.index("--tmpfs"))
    prefix = os.path.realpath(sys.prefix)
    binds = [i for i, a in enumerate(command) if a == "--ro-bind" and command[i + 1] == prefix]
    assert binds and all(i > private_tmp for i in binds), (prefix, binds, private_tmp)
    plain = kernel_command(["python3", "-m", "ipykernel_launcher"], ipc_dir=str(tmp_path), limits=Limits(),
                           sandbox=False)
    assert "bwrap" not in " ".join(plain) and plain[2:4] == ["-S", str(package / "exercises" / "_launch.py")]


def test_missing_bubblewrap_says_how_to_install_it(tmp_path):
    nb = tmp_path / "alice.ipynb"
    shutil.copy(DATA / "submissions" / "alice_right.ipynb", nb)
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "NUMBA_ENABLE_CUDASIM": "1"}
    done = subprocess.run([sys.executable, "-m", "scopelab.cli", "grade", str(nb), "--out", str(tmp_path / "r.csv")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "apt-get install bubblewrap" in done.stderr and "--no-sandbox" in done.stderr
    assert not (tmp_path / "r.csv").exists()


# --- reading a class -------------------------------------------------------------------------------------
def test_an_unreadable_notebook_is_set_what_the_class_was_set(tmp_path):
    for name in ("a", "b"):
        shutil.copy(DATA / "submissions" / "alice_right.ipynb", tmp_path / f"{name}.ipynb")   # q1 and q5
    (tmp_path / "broken.ipynb").write_text("{ nope")
    subs = read_submissions(sorted(tmp_path.glob("*.ipynb")))
    assert [s.student for s in subs] == ["a", "b", "broken"]
    broken = subs[2]
    assert broken.text is None or broken.text.startswith("{ nope")
    assert broken.fallback_keys == ("q1", "q5")
    result = grade_submission(broken, GradeOptions(), ALL_EXERCISES)
    assert result.status == "unreadable" and result.max_score == 7 and result.score == 0
    assert [r.exercise for r in result.results] == ["q1", "q5"]
    assert read_submissions([tmp_path / "broken.ipynb"], keys=("q2",))[0].fallback_keys == ("q2",)


# --- private exercises -------------------------------------------------------------------------------------
def test_private_exercises_load_and_judge_their_known_answers():
    private = load_exercises(COURSE)
    assert [e.key for e in private] == ["p1", "p2"]
    for exercise in private:
        assert exercise.check(exercise.solution_code, mode="grading").status == "correct"
        for wrong in exercise.known_wrong:
            result = exercise.check(wrong.code, mode="grading")
            assert result.status == "incorrect" and wrong.category in result.categories
            said = " ".join([result.headline.message if result.headline else ""] + [o.message for o in result.outcomes])
            assert all(p in said for p in wrong.phrases)


@pytest.mark.parametrize("source,message", [
    ("x = 1\n", "must define EXERCISES"),
    ("EXERCISES = ()\n", "must define EXERCISES"),
    ("EXERCISES = (1, 2)\n", "must define EXERCISES"),
    ("def broken(:\n", "failed to load: SyntaxError"),
    ("from scopelab.exercises import ex\nEXERCISES = (ex.q1, ex.q1)\n", "repeated: q1"),
])
def test_a_bad_private_file_is_explained(source, message):
    with pytest.raises(PrivateExercisesError, match=message):
        exercises_from_source(source, "checks.py")


def test_grade_refuses_a_bad_exercises_file(tmp_path, capsys):
    (tmp_path / "checks.py").write_text("EXERCISES = None\n")
    grade = ["grade", str(DATA / "submissions"), "--out", str(tmp_path / "r.csv"), "--exercises-from"]
    assert cli.main([*grade, str(tmp_path / "nope.py")]) == 1
    assert "cannot read the exercises file" in capsys.readouterr().err
    assert cli.main([*grade, str(tmp_path / "checks.py")]) == 1
    assert "must define EXERCISES" in capsys.readouterr().err
    assert cli.main([*grade, str(COURSE), "--exercises", "q1"]) == 2
    assert "no exercise 'q1'; known: p1, p2" in capsys.readouterr().err


def test_packaged_exercises_ship_their_solutions():
    """Why graded work should use private exercises: every student has these."""
    import scopelab.exercises.chapter_names as chapter

    assert ex.q1.solution_code in Path(chapter.__file__).read_text()


# --- writing results -------------------------------------------------------------------------------------
def test_results_replace_a_planted_symlink_instead_of_following_it(tmp_path):
    sentinel = tmp_path / "teacher.txt"
    sentinel.write_text("keep me\n")
    out, js = tmp_path / "r.csv", tmp_path / "r.json"
    out.symlink_to(sentinel)
    js.symlink_to(sentinel)
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{")
    assert cli.main(["grade", str(bad), "--out", str(out), "--json", str(js), "--exercises", "q1"]) == 0
    assert sentinel.read_text() == "keep me\n"
    assert not out.is_symlink() and not js.is_symlink()
    assert next(csv.DictReader(open(out)))["status"] == "unreadable"
    assert json.loads(js.read_text())["submissions"][0]["max_score"] == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []   # no temporary files left


# --- progress, sizes --------------------------------------------------------------------------------------
def test_progress_bar_counts_and_estimates_time_left():
    now = [100.0]
    stream = io.StringIO()
    bar = Progress(4, stream=stream, width=8, clock=lambda: now[0], enabled=True)
    assert bar.line() == "[........] 0/4 graded"
    now[0] = 130.0
    bar.advance()
    assert bar.line() == "[##......] 1/4 graded · 1m30s left"
    now[0] = 140.0
    bar.advance(failed=True)
    assert bar.line() == "[####....] 2/4 graded, 1 not run · 40s left"
    bar.advance()
    bar.advance()
    assert bar.line() == "[########] 4/4 graded, 1 not run · 40s in all"
    assert stream.getvalue().endswith("\r\x1b[2K[########] 4/4 graded, 1 not run · 40s in all\n")
    quiet = io.StringIO()
    Progress(2, stream=quiet).advance()      # not a terminal: nothing drawn
    assert quiet.getvalue() == ""
    assert format_seconds(3725) == "1h02m"


def test_sizes_read_and_print_in_binary_units():
    assert cli.parse_size("2G") == 2 << 30 and cli.parse_size("512M") == 512 << 20
    assert cli.parse_size("1.5GiB") == 3 << 29 and cli.parse_size("64k") == 64 << 10 and cli.parse_size("100") == 100
    with pytest.raises(SystemExit):
        cli.main(["grade", "x.ipynb", "--out", "r.csv", "--memory", "lots"])
    assert format_size(2 << 30) == "2 GiB" and format_size(64 << 10) == "64 KiB" and format_size(3 << 19) == "1.5 MiB"


def test_output_keeper_stops_at_its_budget_with_one_note():
    keeper, outputs = OutputKeeper(100), []
    for _ in range(10):
        keeper.keep(outputs, {"output_type": "stream", "name": "stdout", "text": "x" * 30})
    assert keeper.truncated and outputs[-1]["text"].startswith("[scopelab grade] output truncated")
    assert sum(1 for o in outputs if "truncated" in o["text"]) == 1 and len(outputs) == 2


@pytest.mark.slow
def test_no_sandbox_grades_trusted_work_and_says_so(tmp_path):
    nb = tmp_path / "alice.ipynb"
    shutil.copy(DATA / "submissions" / "alice_right.ipynb", nb)
    assert cli.main(["grade", str(nb), "--out", str(tmp_path / "r.csv"), "--json", str(tmp_path / "r.json"),
                     "--no-sandbox", "--timeout", "60"]) == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["sandboxed"] is False
    row = data["submissions"][0]
    assert row["score"] == row["max_score"] == 7 and row["sandboxed"] is False
    assert "graded without the sandbox (--no-sandbox)" in row["notes"]
    assert next(csv.DictReader(open(tmp_path / "r.csv")))["sandboxed"] == "no"


def test_kernel_environment_drops_the_graders_variables(monkeypatch):
    from scopelab.exercises.sandbox import kernel_environment

    monkeypatch.setenv("SECRET_TOKEN", "x")
    env = kernel_environment("/tmp/home", "/tmp")
    assert "SECRET_TOKEN" not in env and env["HOME"] == "/tmp/home" and env["NUMBA_CACHE_DIR"] == "/tmp/numba-cache"
    # one thread each, and no OpenMP pool for a forked answer to inherit
    assert env["NUMBA_THREADING_LAYER"] == "workqueue" and env["NUMBA_NUM_THREADS"] == "1"


def test_the_teachers_guide_shows_the_tested_private_exercises_file():
    guide = (Path(__file__).parent.parent / "docs" / "teachers-guide.md").read_text()
    assert "```python\n" + COURSE.read_text() + "```" in guide
    for phrase in ("any student who has the package can read them", "What the sandbox blocks",
                   "What it does not block", "--no-sandbox"):
        assert phrase.lower() in guide.lower(), phrase


def test_hiding_never_covers_what_the_kernel_needs(tmp_path):
    from scopelab.exercises.sandbox import _hidden

    package = str(Path(cli.__file__).parent)
    assert _hidden([package], [package, str(Path(package).parent)]) == []      # the package itself, its parent
    assert _hidden([package], [f"{package}/exercises"]) == ["--tmpfs", f"{package}/exercises"]
