"""The Sphinx site builds offline with no warnings, shows the notebooks with their stored outputs,
documents every public name, and references nothing on a CDN."""

from __future__ import annotations

import json
from html import unescape
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["index", "quickstart", "coming-from-tf1", "teachers-guide", "api", "architecture",
         "tutorials/index"]
CDN_MARKERS = ["cdn.jsdelivr", "unpkg.com", "cdnjs", "require.min.js", "require.js",
               "html-manager", "embed-amd"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return out / "html"


def tutorial_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.slow
def test_every_page_is_built(site):
    for page in PAGES:
        assert (site / f"{page}.html").is_file(), page


@pytest.mark.slow
def test_no_page_loads_anything_from_a_cdn(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for marker in CDN_MARKERS:
            assert marker not in text, f"{html.relative_to(site)} references {marker}"


@pytest.mark.slow
def test_tutorials_render_with_their_stored_outputs(site):
    notebooks = tutorial_notebooks()
    assert notebooks, "no tutorial notebooks in notebooks/"
    for path in notebooks:
        page = site / "tutorials" / "_notebooks" / f"{path.stem}.html"
        assert page.is_file(), path.name
        html = page.read_text(encoding="utf-8")
        assert "widget-view+json" not in html, f"{path.name}: widget view left in the page"
        shown = _first_plain_output(path)
        assert shown is not None, f"{path.name} has no stored text-only output"
        assert shown in _visible_text(html), f"{path.name}: stored output {shown!r} not on the page"


@pytest.mark.slow
def test_api_page_documents_every_public_name(site):
    import scopelab

    html = (site / "api.html").read_text(encoding="utf-8")
    for name in getattr(scopelab, "__all__", []):
        if isinstance(getattr(scopelab, name), (types.ModuleType, types.SimpleNamespace)):
            anchor = f'id="scopelab-{name.lower()}"'   # a section listing its members
        else:
            anchor = f'id="scopelab.{name}"'
        assert anchor in html, name


def _first_plain_output(path: Path) -> str | None:
    """The first line of the first text/plain execute_result (short, so it is never truncated)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") == "execute_result" and set(data) == {"text/plain"}:
                text = "".join(data["text/plain"]).strip().splitlines()
                if text:
                    return text[0]
    return None


def _visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))
