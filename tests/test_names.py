"""Name rules (TF 1.x regexes, joining) and creation-site capture."""

import os

import pytest

from scopelab import names
from scopelab.names import CreationSite, capture_site


def test_join_has_no_prefix_at_the_root():
    assert names.join("", "v") == "v"
    assert names.join("a/b", "v") == "a/b/v"


@pytest.mark.parametrize("name,op_ok,scope_ok", [
    ("foo", True, True), ("foo/bar_1.x-y", True, True), (".hidden", True, True),
    ("_x", False, True), ("-x", False, True), ("/x", False, True),
    ("a b", False, False), ("v:0", False, False), ("", False, True), ("a>b", False, False),
])
def test_tf1_regexes(name, op_ok, scope_ok):
    assert names.is_valid_op_name(name) is op_ok
    assert names.is_valid_scope_name(name) is scope_ok


def test_capture_site_names_this_file_and_line():
    site = capture_site()   # SITE-LINE
    with open(__file__) as handle:
        line = next(i for i, text in enumerate(handle, 1) if "# SITE-LINE" in text)
    assert site.filename == os.path.relpath(__file__)
    assert site.lineno == line and site.cell is None
    assert site.source == "site = capture_site()   # SITE-LINE"
    assert site.location() == f"{os.path.relpath(__file__)}:{line}"
    assert str(site).endswith("# SITE-LINE")


def test_notebook_sites_print_cells_without_paths():
    site = CreationSite("<notebook cell>", 4, 3, "w = tf.get_variable('w', [2])")
    assert site.location() == "cell [3], line 4"
    assert str(site) == "cell [3], line 4   w = tf.get_variable('w', [2])"


def test_classic_ipython_input_names_carry_the_count():
    site = names.site_for("<ipython-input-7-0123456789ab>", 2)
    assert (site.cell, site.lineno, site.filename) == (7, 2, "<notebook cell>")


def test_kernel_cell_files_without_a_shell_give_no_path():
    site = names.site_for("/tmp/ipykernel_4242/1234567.py", 5)
    assert site.filename == "<notebook cell>" and site.location().startswith("cell [")
    assert "/tmp" not in str(site)


def test_files_outside_the_working_directory_keep_their_path():
    site = names.site_for("/opt/elsewhere/model.py", 3)
    assert site.location() == "/opt/elsewhere/model.py:3"
