"""Sphinx configuration for the scopelab site (``make docs``; built offline, warnings are errors).

The tutorial notebooks live in ``notebooks/`` and are committed executed (nbval verifies their
outputs), so the site never executes them: ``_ext/scopelab_docs.py`` copies them into
``tutorials/_notebooks/`` (git-ignored) at build time and myst-nb renders the stored outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document the scopelab of *this* checkout (a clean clone too), not whichever one is installed.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

project = "scopelab"
author = "the scopelab authors"
copyright = "the scopelab authors"  # noqa: A001 - Sphinx's setting name

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "scopelab_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]

# --- MyST / myst-nb (jupyter-notes.md section 6) ------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3            # errors.md#variablealreadyexistserror, the link in every message
nb_execution_mode = "off"           # outputs are the committed, nbval-verified ones
# Widget views need JavaScript from a CDN; show the static text/html fallback instead.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}               # no require.js / html-manager <script> from a CDN
nb_output_stderr = "show"
# The default "ipythontb" lexer chokes on scopelab's multi-line messages (a warning, so an error
# under -W); the ANSI lexer renders the colours of the stored traceback and never fails.
nb_render_error_lexer = "myst-ansi"

# --- autodoc ----------------------------------------------------------------------------------------
autodoc_default_options = {"members": False, "undoc-members": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# --- HTML ---------------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "scopelab"
html_static_path: list[str] = []
html_show_sourcelink = False
