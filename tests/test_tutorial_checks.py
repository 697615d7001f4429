"""Every tutorial ends with "Your turn": a cell broken on purpose and a check under it.

The committed notebook holds the broken cell, and nbval compares the check's stored feedback. These
tests tie the notebook to its exercise (``scopelab.exercises.tutorial_checks``) and run both states
with the notebook's own cells: as committed (the check names the starter's mistake) and with the
solution pasted in (the check passes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest

from scopelab.exercises import practice
from scopelab.exercises.framework import answer_globals
from scopelab.exercises.tutorial_checks import PRACTICE

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def your_turn(path: Path):
    """(task text, broken cell, check cell) of the notebook's "Your turn" section."""
    cells = jupytext.read(path).cells
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Your turn" in c.source)
    code = [c for c in cells[start + 1:] if c.cell_type == "code"]
    return cells[start].source, code[0].source, code[1].source


def run_cells(broken_or_fixed: str, check_cell: str):
    """Run the two cells as a kernel would (the check cell's last line is its displayed value)."""
    namespace = answer_globals() | {"__name__": "__main__"}
    exec(broken_or_fixed, namespace)
    *body, last = check_cell.strip().splitlines()
    exec("\n".join(body), namespace)
    return eval(last, namespace)


def test_each_tutorial_has_its_check_in_order():
    assert [p.stem[:2] for p in NOTEBOOKS] == [e.key[1:] for e in PRACTICE]
    assert [e.key for e in practice] == [f"t{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]


@pytest.mark.parametrize("path,exercise", list(zip(NOTEBOOKS, PRACTICE)), ids=lambda x: getattr(x, "key", ""))
def test_the_broken_cell_is_the_exercise_and_both_states_are_checked(path, exercise):
    task, broken, check_cell = your_turn(path)
    assert " ".join(exercise.task.split()) in " ".join(task.replace("# ", "").split())
    assert broken == exercise.starter.rstrip("\n")
    assert check_cell == (f"from scopelab.exercises import practice as ex\n\n"
                          f"ex.{exercise.key}.check({exercise.answer_name})")
    as_committed = run_cells(broken, check_cell)
    starter_wrong = exercise.known_wrong[0]
    assert as_committed.status == "incorrect"
    assert as_committed.headline.category == starter_wrong.category
    assert all(phrase in as_committed.headline.message for phrase in starter_wrong.phrases)
    fixed = run_cells(exercise.solution_code, check_cell)
    assert fixed.status == "correct", repr(fixed)


@pytest.mark.parametrize("path,exercise", list(zip(NOTEBOOKS, PRACTICE)), ids=lambda x: getattr(x, "key", ""))
def test_the_committed_notebook_shows_the_starters_feedback(path, exercise):
    cells = json.loads(path.with_suffix(".ipynb").read_text(encoding="utf-8"))["cells"]
    check = next(c for c in cells if c["cell_type"] == "code"
                 and "".join(c["source"]).endswith(f"ex.{exercise.key}.check({exercise.answer_name})"))
    shown = "".join(check["outputs"][0]["data"]["text/plain"])
    assert re.match(rf"{exercise.key} · .* — not quite", shown)
    assert f"[{exercise.known_wrong[0].category}]" in shown
