"""docs/confusions.md stays true: every known TF1 confusion has a row, and each row points at a
tutorial section that exists, cites the report and runs code, or at an exercise that exists.

The list of confusions is the one TF1 users reported (tf1-semantics.md section 11 of the project's
reference notes); each is identified by the report(s) that describe it.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from scopelab.exercises import get_exercise, practice

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "confusions.md"
NOTEBOOKS = ROOT / "notebooks"

# Each confusion: the reports that describe it (repository#number, as the table writes them).
CONFUSIONS = [
    ("tensorflow#1317",), ("tensorflow#1325",), ("tensorflow#1449",), ("tensorflow#1797",),
    ("tensorflow#4231",), ("tensorflow#5512",), ("tensorflow#6007",), ("tensorflow#6189",),
    ("tensorflow#6634",), ("tensorflow#8120",), ("tensorflow#11333",), ("tensorflow#12258",),
    ("tensorflow#13429",), ("tensorflow#14361",), ("tensorflow#15109",), ("tensorflow#15164",),
    ("tensorflow#15575",), ("tensorflow#15630",), ("tensorflow#18781",), ("tensorflow#19054",),
    ("tensorflow#19265",), ("tensorflow#20009",), ("tensorflow#45329",), ("tensorflow#46480",),
    ("tensorflow#49021",), ("handson-ml#144",),
    ("handson-ml#60", "neural-processes#4", "text-classification-cnn-rnn#144"),
    ("tensorpack#607",), ("TensorLayer#373",),
]

REPORT = re.compile(r"\[([\w.-]+#\d+)\]\((https://github\.com/[\w.-]+/([\w.-]+)/(?:issues|pull)/(\d+))\)")
SECTION = re.compile(r"\]\(tutorials/_notebooks/(\d\d_\w+)\.ipynb#([\w-]+)\)")
EXERCISE = re.compile(r"`((?:q\d+)|(?:t\d\d))`")


def slug(title: str) -> str:
    """The heading anchor MyST makes (GitHub style) for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", title.replace("`", "").lower().replace(" ", "-"))


def rows() -> list[list[str]]:
    lines = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    assert cells[0] == ["#", "Confusion", "Reported in", "Taught in"]
    return cells[1:]


def sections(stem: str) -> dict[str, list]:
    """The cells of each ``##`` section of a tutorial (by anchor), from its jupytext source."""
    notebook = jupytext.read(NOTEBOOKS / f"{stem}.py")
    found: dict[str, list] = {}
    current = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                heading = re.match(r"(#{1,3}) (.*)", line)
                if heading:
                    current = slug(heading.group(2)) if len(heading.group(1)) == 2 else None
                    if current:
                        found[current] = []
        if current:
            found[current].append(cell)
    return found


def reports_of(row: list[str]) -> tuple[str, ...]:
    found = REPORT.findall(row[2])
    for label, _url, repo, number in found:
        repository = label.split("#")[0]
        assert label == f"{repository}#{number}" and repo.lower() == repository.lower(), label
    return tuple(label for label, *_ in found)


def urls_of(row: list[str]) -> tuple[str, ...]:
    return tuple(url for _label, url, *_ in REPORT.findall(row[2]))


def test_every_known_confusion_has_exactly_one_row_in_order():
    assert [reports_of(row) for row in rows()] == CONFUSIONS
    assert [row[0] for row in rows()] == [str(i) for i in range(1, len(CONFUSIONS) + 1)]


@pytest.mark.parametrize("row", rows(), ids=lambda row: reports_of(row)[0])
def test_each_row_points_at_teaching_that_exists(row):
    reports = reports_of(row)
    taught = row[3]
    links, exercises = SECTION.findall(taught), EXERCISE.findall(taught)
    assert links or exercises, f"{reports[0]} is not taught anywhere"
    for stem, anchor in links:
        found = sections(stem)
        assert anchor in found, f"{stem} has no section #{anchor}; it has {sorted(found)}"
        cells = found[anchor]
        assert any(c.cell_type == "code" for c in cells), f"{stem}#{anchor} runs no code"
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        assert any(url in text for url in urls_of(row)), f"{stem}#{anchor} does not cite {reports}"
    for key in exercises:
        found = getattr(practice, key) if key.startswith("t") else get_exercise(key)
        assert found.key == key


def test_the_page_is_in_the_docs_and_links_every_report():
    assert "confusions" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    cited = {label for row in rows() for label in reports_of(row)}
    assert cited == {label for group in CONFUSIONS for label in group}
