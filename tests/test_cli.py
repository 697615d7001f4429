"""The ``scopelab`` command line: arguments, exit statuses and output files (no kernel needed here;
tests/test_grade.py grades real notebooks)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scopelab import cli

DATA = Path(__file__).parent / "data" / "submissions"


def test_subcommand_is_required(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main([])
    assert info.value.code == 2
    assert "grade" in capsys.readouterr().err


def test_grade_needs_out(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["grade", str(DATA)])
    assert info.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_missing_path_is_a_grader_failure(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "nope.ipynb"), "--out", str(tmp_path / "r.csv")]) == 1
    assert "not a notebook or folder" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


def test_empty_folder_is_a_grader_failure(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "r.csv")]) == 1
    assert "no notebooks found" in capsys.readouterr().err


def test_unknown_exercise_key_is_a_usage_error(tmp_path, capsys):
    rc = cli.main(["grade", str(DATA), "--out", str(tmp_path / "r.csv"), "--exercises", "q1,q99"])
    assert rc == 2
    assert "no exercise 'q99'" in capsys.readouterr().err


def test_non_positive_timeout_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["grade", str(DATA), "--out", str(tmp_path / "r.csv"), "--timeout", "0"]) == 2
    assert "must be positive" in capsys.readouterr().err


def test_unknown_kernel_fails_every_submission_and_exits_1(tmp_path, capsys):
    nb = tmp_path / "alice.ipynb"
    shutil.copy(DATA / "alice_right.ipynb", nb)
    out = tmp_path / "r.csv"
    rc = cli.main(["grade", str(nb), "--out", str(out), "--json", str(tmp_path / "r.json"),
                   "--kernel", "no-such-kernel"])
    assert rc == 1
    assert "is the kernel 'no-such-kernel' installed" in capsys.readouterr().err
    row = next(csv.DictReader(open(out)))  # results are still written, all zero
    assert row["status"] == "failed" and row["score"] == "0" and row["max_score"] == "7"
    notes = json.load(open(tmp_path / "r.json"))["submissions"][0]["notes"]
    assert "no-such-kernel" in notes[-1]


def test_unreadable_notebook_scores_zero_without_failing_the_batch(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ this is not json")
    out = tmp_path / "r.csv"
    assert cli.main(["grade", str(bad), "--out", str(out), "--exercises", "q1"]) == 0
    row = next(csv.DictReader(open(out)))
    assert row["student"] == "broken" and row["status"] == "unreadable" and row["score"] == "0"


def test_unwritable_output_is_a_grader_failure(tmp_path, capsys):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{}")
    rc = cli.main(["grade", str(bad), "--out", str(tmp_path / "missing-dir" / "r.csv")])
    assert rc == 1
    assert "could not write results" in capsys.readouterr().err


def test_bench_arguments_go_to_scopelab_bench(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["bench", "--help"])
    assert info.value.code == 0
    assert "--quick" in capsys.readouterr().out   # scopelab.bench's own option


def test_bench_is_parsed_by_the_command_parser(capsys):
    ns = cli.build_parser().parse_args(["bench", "--quick", "--threads", "1", "--best"])
    assert (ns.command, ns.quick, ns.threads, ns.best, ns.json) == (
        "bench", True, 1, True, "results-bench.json")
    with pytest.raises(SystemExit) as info:
        cli.main(["bench", "--threads", "two"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "scopelab bench" in err and "--threads" in err and "invalid int value" in err


def test_grade_help_documents_exit_statuses(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["grade", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "exit status:" in out and "1  grader failure" in out
