"""The README's opening example runs as written and prints what its comments say."""

import contextlib
import io
import pathlib
import re

import scopelab as tf

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_prints_what_its_comments_promise():
    source = re.search(r"```python\n(import scopelab as tf\n.*?)```", README.read_text(), re.S).group(1)
    promised = [line.split("# ", 1)[1] for line in source.splitlines()
                if line.lstrip().startswith("print(") and "# " in line]
    tf.reset_default_graph()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == promised
