"""Build the tutorial notebooks from their jupytext sources and execute them deterministically.

    .venv/bin/python tools/execute_notebooks.py                 # every notebooks/NN_*.py
    .venv/bin/python tools/execute_notebooks.py 03 05           # only these (by number or name)

Each tutorial's source is the percent-format ``notebooks/NN_*.py``, paired by jupytext with
``notebooks/NN_*.ipynb`` (JupyterLab with jupytext keeps the two in sync while you edit). This
tool rebuilds the ``.ipynb`` from the ``.py`` and runs it top to bottom in a fresh ``python3``
kernel started from ``notebooks/``, with the environment of the nbval run (``PYTHONHASHSEED=0``,
``NUMBA_ENABLE_CUDASIM=1``), no timing metadata and no widget state (model ids are random; the
text/HTML fallbacks are what nbval and the docs use). A cell that raises fails the run unless it
is tagged ``raises-exception``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_ENV = {"PYTHONHASHSEED": "0", "NUMBA_ENABLE_CUDASIM": "1"}
CELL_TIMEOUT_S = 300


def select(paths: list[Path], wanted: list[str]) -> list[Path]:
    if not wanted:
        return paths
    chosen = [p for p in paths if any(p.stem == w or p.stem.startswith(w) for w in wanted)]
    missing = [w for w in wanted if not any(p.stem == w or p.stem.startswith(w) for p in paths)]
    if missing:
        raise SystemExit(f"no notebook matches {', '.join(missing)}")
    return chosen


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def normalise(nb: nbformat.NotebookNode) -> None:
    """Metadata that would otherwise change from machine to machine or run to run.

    Widget views are dropped from stored outputs: their model ids are random and the models are
    not saved, so JupyterLab would show "model not found" for them until the cell is re-run. The
    widget's text/html snapshot stays and is what a saved notebook, nbval and the docs show.
    """
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}   # the pairing, not the .py header
    nb.metadata.pop("widgets", None)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def execute(source: Path) -> float:
    """Build ``source``'s notebook (the ``.ipynb`` beside it), execute it and write it."""
    nb = jupytext.read(source)
    start = time.perf_counter()
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=False,
                   record_timing=False, store_widget_state=False,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    elapsed = time.perf_counter() - start
    normalise(nb)
    nbformat.validate(nb)
    nbformat.write(nb, source.with_suffix(".ipynb"))
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="numbers or names, e.g. 03 or 03_name_scope")
    args = parser.parse_args(argv)
    os.environ.update(KERNEL_ENV)  # the kernel inherits this process's environment
    for source in select(sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")), args.notebooks):
        print(f"{source.with_suffix('.ipynb').name}: built and executed in "
              f"{execute(source):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
