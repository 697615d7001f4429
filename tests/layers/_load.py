"""Loads the conformance harness and this directory's cases under unique module names (several
test directories have a ``harness.py`` and a ``cases.py``)."""

import importlib.util
import pathlib

HERE = pathlib.Path(__file__).parent


def load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_case = load("conformance_harness", HERE.parent / "conformance" / "harness.py").run_case
CASES = load("layers_cases", HERE / "cases.py").CASES
