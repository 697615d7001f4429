"""The ``pycon`` examples of the docs pages are doctests: what a page shows is what scopelab prints.

Each page's examples run in order in one namespace (a page tells one story), in a fresh store.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES_WITH_EXAMPLES = ["quickstart.md", "coming-from-tf1.md", "teachers-guide.md",
                       "parameter-servers.md"]
FENCE = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)


def pycon_blocks(page: Path) -> list[str]:
    return FENCE.findall(page.read_text(encoding="utf-8"))


def test_fence_parser_finds_examples_and_ignores_other_languages(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> 1 + 1\n2\n```\n\n```python\nx = 1\n```\n```pycon\n>>> 3\n3\n```\n")
    assert pycon_blocks(page) == [">>> 1 + 1\n2\n", ">>> 3\n3\n"]


@pytest.mark.parametrize("name", PAGES_WITH_EXAMPLES)
def test_page_examples_print_what_the_page_says(name):
    blocks = pycon_blocks(DOCS / name)
    assert blocks, f"{name} has no pycon examples"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    report: list[str] = []
    for index, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"{name}[{index}]", str(DOCS / name), 0)
        runner.run(test, out=report.append, clear_globs=False)
        globs = test.globs  # DocTest copies its globals; carry them to the next block
    results = runner.summarize(verbose=False)
    assert results.attempted > 0
    assert results.failed == 0, "".join(report)
