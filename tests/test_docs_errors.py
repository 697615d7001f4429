"""docs/errors.md is true: one section per error class, and every example prints what the page shows.

Each ``## ClassName`` section with a ``python`` block followed by a ``text`` block is run as a
file named ``example.py`` after ``tf.reset_default_graph()``; the error it raises must be of that
class and print exactly the text block. ``python tests/test_docs_errors.py --update`` rewrites the
text blocks from what the examples print now (review the diff before committing it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import scopelab as tf
from scopelab import errors

PAGE = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
SECTION = re.compile(r"^## (\w+)\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
EXAMPLE = re.compile(r"```python\n(.*?)```\n\n```text\n(.*?)```", re.DOTALL)
# The tests run CUDA in Numba's simulator, where a GPU is "available": this example runs in a child
# process without the simulator.
WITHOUT_SIMULATOR = {"CudaUnavailableError"}


def sections() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in SECTION.finditer(PAGE.read_text(encoding="utf-8"))}


def run_example(code: str, tmp_dir: str) -> str:
    """``ClassName: message`` of the error the example raises, run as ``example.py``."""
    tf.reset_default_graph()
    cwd = os.getcwd()
    os.chdir(tmp_dir)                      # the messages show paths relative to the cwd
    try:
        exec(compile(code, "example.py", "exec"), {"__name__": "example"})
    except errors.ScopelabError as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        os.chdir(cwd)
        tf.reset_default_graph()
    raise AssertionError(f"the example raised nothing:\n{code}")


def run_example_without_simulator(code: str, tmp_dir: str) -> str | None:
    """Like :func:`run_example` in a child process without ``NUMBA_ENABLE_CUDASIM`` (``None`` if
    the example raised nothing there: this machine has a real GPU)."""
    child = f"""
import scopelab as tf
try:
    exec(compile({code!r}, "example.py", "exec"), {{"__name__": "example"}})
except tf.errors.ScopelabError as exc:
    print(f"{{type(exc).__name__}}: {{exc}}", end="")
"""
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    out = subprocess.run([sys.executable, "-c", child], cwd=tmp_dir, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    return out.stdout or None


def test_every_error_class_has_its_section():
    found = sections()
    classes = [name for name in errors.__all__ if isinstance(getattr(errors, name), type)]
    assert sorted(found) == sorted(classes)


@pytest.mark.parametrize("name", sorted(n for n, body in sections().items() if EXAMPLE.search(body)))
def test_section_example_prints_what_the_page_shows(name, tmp_path):
    code, shown = EXAMPLE.search(sections()[name]).groups()
    if name in WITHOUT_SIMULATOR:
        printed = run_example_without_simulator(code, str(tmp_path))
        if printed is None:
            pytest.skip("this machine has a CUDA GPU, so the example raises nothing")
    else:
        printed = run_example(code, str(tmp_path))
    assert printed.split(":", 1)[0] == name
    assert printed.rstrip("\n") == shown.rstrip("\n")


def _update() -> None:
    import tempfile
    text = PAGE.read_text(encoding="utf-8")

    def refresh(section: re.Match) -> str:
        name, body = section.group(1), section.group(2)
        run = run_example_without_simulator if name in WITHOUT_SIMULATOR else run_example
        with tempfile.TemporaryDirectory() as tmp:
            body = EXAMPLE.sub(lambda m: f"```python\n{m.group(1)}```\n\n```text\n"
                               f"{run(m.group(1), tmp) or m.group(2).rstrip()}\n```", body)
        return f"## {name}\n{body}"

    PAGE.write_text(SECTION.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
