"""The tutorial notebooks are well-formed teaching material and stay in sync with their sources.

nbval (``make test-notebooks``) checks the outputs; these tests check what nbval cannot: the
tutorial path is complete and in order, each committed notebook is its jupytext source (the paired
percent-format ``.py``) executed, expected-error cells are marked for both nbval and nbmake, and
outputs are deterministic.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOPICS = ["names", "reuse", "name_scope", "default_names", "initializers", "dtypes", "regularizers",
          "partitioned", "custom_getters", "cuda", "pitfalls", "checkpoints", "models",
          "parameter_servers"]
UNSTABLE = [re.compile(p) for p in (r"0x[0-9a-f]{6,}", r"ipykernel_\d+", r"\d{4}-\d\d-\d\dT\d\d:",
                                    r"/tmp/", r"/work/")]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text_of(output: dict) -> str:
    parts = [output.get("text", "")]
    for value in output.get("data", {}).values():
        parts.append(value if isinstance(value, (str, list)) else "")
    parts.append(output.get("evalue", ""))
    parts.extend(output.get("traceback", []))
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


def test_the_tutorial_path_covers_every_topic_in_order():
    stems = [p.stem for p in NOTEBOOKS]
    assert [s[:2] for s in stems] == [f"{i:02d}" for i in range(1, len(TOPICS) + 1)]
    for stem, topic in zip(stems, TOPICS):
        assert topic in stem, (stem, topic)


def test_every_tutorial_source_has_its_notebook():
    sources = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert [p.stem for p in sources] == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_its_source_executed(path):
    built = jupytext.read(path.with_suffix(".py"))
    committed = load(path)
    assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in built.cells] == [
        (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags", []))
        for c in committed["cells"]], "rebuild with `make notebooks` after editing the .py"
    assert committed["metadata"]["jupytext"] == {"formats": "ipynb,py:percent"}
    assert committed["metadata"]["kernelspec"]["name"] == "python3"
    for cell in code_cells(committed):
        assert cell["execution_count"] is not None, "notebook committed unexecuted"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_expected_errors_are_marked_for_nbval_and_nbmake_and_nothing_else_fails(path):
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        tagged = "raises-exception" in cell["metadata"].get("tags", [])
        commented = "# NBVAL_RAISES_EXCEPTION" in source
        raised = any(o["output_type"] == "error" for o in cell["outputs"])
        assert tagged == commented == raised, source.splitlines()[:3]
        assert "NBVAL_IGNORE_OUTPUT" not in source and "NBVAL_SKIP" not in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_hold_no_addresses_paths_or_times(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "widget state stored (random model ids)"
    for cell in code_cells(nb):
        assert "execution" not in cell["metadata"], "timing metadata stored"
        for output in cell["outputs"]:
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})
            if output["output_type"] == "stream":
                assert output["name"] == "stdout", f"stderr output: {text_of(output)[:200]}"
            shown = text_of(output)
            for pattern in UNSTABLE:
                assert not pattern.search(shown), (pattern.pattern, shown[:300])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_tutorial_uses_the_live_tree_and_the_magics(path):
    sources = "\n".join("".join(c["source"]) for c in code_cells(load(path)))
    assert "%load_ext scopelab" in sources
    assert "%scope_tree --live" in sources
    assert "%scope_tree" in sources.replace("%scope_tree --live", "")
    assert "%%scope_diff" in sources


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_between_tutorials_resolve_and_lead_to_the_next_one(path):
    text = "\n".join("".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    targets = re.findall(r"\]\(([^)#]+\.ipynb)\)", text)
    for target in targets:
        assert (path.parent / target).is_file(), target
    position = NOTEBOOKS.index(path)
    if position + 1 < len(NOTEBOOKS):
        assert NOTEBOOKS[position + 1].name in targets, "no link to the next tutorial"
