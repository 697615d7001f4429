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


def test_cpu_kernels_record_the_scalar_sources_they_compile():
    """Numba caches a kernel by the contents of its own file (_cpu_random.py); the scalar math
    lives in _scalar.py and _tables.py, so _cpu_random.py records their digest: without it an edit
    there would leave stale compiled kernels in every cache."""
    import hashlib

    from scopelab.kernels import _cpu_random

    digest = hashlib.blake2b(digest_size=8)
    for name in ("_scalar.py", "_tables.py"):
        digest.update((PACKAGE / "kernels" / name).read_bytes())
    assert _cpu_random.SCALAR_SOURCES == digest.hexdigest(), (
        f"_scalar.py or _tables.py changed: set SCALAR_SOURCES = {digest.hexdigest()!r} in "
        "scopelab/kernels/_cpu_random.py")
