"""The committed exercise notebooks match the exercise registry (nbval checks their outputs)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from scopelab.exercises import ALL_EXERCISES, get_exercise

FOLDER = Path(__file__).parent.parent / "notebooks" / "exercises"
STUDENT = sorted(FOLDER.glob("[0-9][0-9]_*.ipynb"))


def test_every_exercise_is_in_exactly_one_student_notebook():
    listed = [key for path in STUDENT
              for key in nbformat.read(path, as_version=4).metadata["scopelab"]["exercises"]]
    assert sorted(listed) == sorted(e.key for e in ALL_EXERCISES)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.stem)
@pytest.mark.parametrize("solved", [False, True], ids=["student", "answer-key"])
def test_notebook_cells_come_from_the_registry(path, solved):
    nb = nbformat.read(FOLDER / "solutions" / path.name if solved else path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for key in nb.metadata["scopelab"]["exercises"]:
        exercise = get_exercise(key)
        wanted = exercise.solution_code if solved else exercise.starter
        assert wanted.rstrip("\n") in code, key
        assert f"ex.{key}.check()" in code, key
        assert exercise.task in text, key
    for cell in nb.cells:  # committed executed: every code cell has run, in order
        if cell.cell_type == "code":
            assert cell.execution_count is not None
    assert "widgets" not in nb.metadata
