"""Structural rules the import linter cannot state: one module imports ``numba.cuda``, and no
production module reaches the tests' NumPy oracle (a bug shared with it would pass parity tests)."""

import ast
from pathlib import Path

import scopelab

PACKAGE = Path(scopelab.__file__).parent


def _imports(path: Path) -> set:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_only_the_cuda_target_imports_numba_cuda():
    importers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                       if any(n == "numba.cuda" or n.startswith("numba.cuda.")
                              for n in _imports(p)))
    assert importers == ["kernels/_cuda_target.py"]


def test_production_code_never_imports_the_oracle():
    offenders = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                       if any("numpy_oracle" in n or n.endswith(".reference") for n in _imports(p)))
    assert offenders == []
    assert not (PACKAGE / "kernels" / "reference.py").exists()
