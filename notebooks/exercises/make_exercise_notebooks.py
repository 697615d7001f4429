"""Build and execute the student exercise notebooks (one per chapter) from the exercise registry.

    .venv/bin/python notebooks/exercises/make_exercise_notebooks.py

Each student notebook is committed executed in its starter state: every ``check()`` shows "not attempted"
(or, for a starter that is a buggy program to run and fix, that program's feedback), which is
deterministic, so ``pytest --nbval`` compares it. The task text and starter code come from
``scopelab.exercises`` itself, so the notebooks cannot drift from the checks. The notebook metadata
lists its exercises for ``scopelab grade``. ``solutions/`` holds the same notebooks with the
reference answers filled in (the answer key), also executed and run by nbval.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from scopelab.exercises import (
    checkpoints, confusions, models, names, partitions, pitfalls, sharing, values,
)

HERE = Path(__file__).resolve().parent
CHAPTERS = [
    ("01_names_exercises", "names", names, "Names, nested scopes, name_scope and default names",
     "01_names_and_scopes.ipynb, 03_name_scope_vs_variable_scope.ipynb, 04_default_names.ipynb"),
    ("02_sharing_exercises", "sharing", sharing, "Sharing variables: reuse=True, AUTO_REUSE, "
     "reuse_variables() and captured scopes", "02_sharing_and_reuse.ipynb"),
    ("03_values_exercises", "values", values, "Initializers, dtypes, regularizers and collections",
     "05_initializers.ipynb, 06_dtypes.ipynb, 07_regularizers_and_collections.ipynb"),
    ("04_partitions_exercises", "partitions", partitions, "Partitioned variables and embedding_lookup",
     "08_partitioned_variables.ipynb"),
    ("05_pitfalls_exercises", "pitfalls", pitfalls, "Custom getters and the classic TF1 pitfalls",
     "09_custom_getters.ipynb, 11_classic_pitfalls.ipynb"),
    ("06_checkpoints_exercises", "checkpoints", checkpoints, "Checkpoints and scope names",
     "12_checkpoints_and_scope_names.ipynb"),
    ("07_models_exercises", "models", models, "Real models: naming tf.layers layers and sharing an LSTM "
     "between towers", "13_real_models.ipynb"),
    ("08_confusions_exercises", "confusions", confusions, "TF1 surprises users reported",
     "02_sharing_and_reuse.ipynb, 03_name_scope_vs_variable_scope.ipynb, 08_partitioned_variables.ipynb, "
     "11_classic_pitfalls.ipynb"),
]

HOW_TO = """How these exercises work:

* Each exercise asks you to write **one function** (its name is given). Write it in the code cell
  under the task, run the cell, then run `ex.qN.check()`.
* `check()` runs your function on an **empty store** (like `tf.reset_default_graph()`) and looks at the
  variables it made: names, shapes, dtypes, collections, values. The feedback names the mistake and
  the TF1 rule behind it. Afterwards the store holds what your function built.
* `ex.qN.hint()` gives the next hint; `ex.qN.solution()` shows an answer once you have tried once or
  read two hints. `ex.qN.widget()` gives the same thing as a small panel with Check and Hint buttons.
* Some checks are **hidden**: they run only when your teacher grades the notebook
  (`scopelab grade`), so "public checks passed" is not yet a grade.
"""


def build(stem: str, module_name: str, chapter, title: str, tutorials: str,
          solved: bool = False) -> nbformat.NotebookNode:
    intro = (f"# Answer key: {title}\n\nThe reference answers, checked. This copy is for teachers; "
             f"it runs under nbval, so a change that breaks an exercise fails the tests.\n\n"
             if solved else
             f"# Exercises: {title}\n\nTutorials to read first: {tutorials}.\n\n{HOW_TO}")
    cells = [
        new_markdown_cell(intro),
        new_code_cell(f"import scopelab as tf\nfrom scopelab.exercises import {module_name} as ex\n\nex"),
    ]
    for exercise in chapter:
        cells += [
            new_markdown_cell(f"## {exercise.key} · {exercise.title}\n\n{exercise.task}\n\n"
                              f"Write `{exercise.answer_name}` below, run the cell, then run the check."),
            new_code_cell((exercise.solution_code if solved else exercise.starter).rstrip("\n")),
            new_code_cell(f"ex.{exercise.key}.check()"),
            new_code_cell(f"# ex.{exercise.key}.hint()      # hints, one at a time\n"
                          f"# ex.{exercise.key}.solution()  # after one attempt or two hints"),
        ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["scopelab"] = {"exercises": [e.key for e in chapter]}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{stem}-{index:02d}"
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path = HERE) -> None:
    env = dict(os.environ, PYTHONHASHSEED="0", NUMBA_ENABLE_CUDASIM="1")
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            store_widget_state=False, resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)


def main() -> None:
    (HERE / "solutions").mkdir(exist_ok=True)
    for stem, module_name, chapter, title, tutorials in CHAPTERS:
        for solved, folder in ((False, HERE), (True, HERE / "solutions")):
            nb = build(stem, module_name, chapter, title, tutorials, solved)
            execute(nb, folder)
            nbformat.write(nb, folder / f"{stem}.ipynb")
            print(f"wrote {folder.name}/{stem}.ipynb ({len(chapter)} exercises)")


if __name__ == "__main__":
    main()
