"""The small leaf helpers shared across layers: ``_signatures`` and ``_shell``."""

import subprocess
import sys

from scopelab._signatures import accepts_keyword, names_parameter, needs_no_arguments


def test_signatures_answer_tf1s_questions():
    def getter(getter, name, constraint=None):
        return name

    def any_keywords(getter, *args, **kwargs):
        return None

    assert accepts_keyword(getter, "constraint") and accepts_keyword(any_keywords, "constraint")
    assert not accepts_keyword(lambda getter, name: name, "constraint")
    assert names_parameter(getter, "constraint") and not names_parameter(any_keywords, "constraint")
    assert needs_no_arguments(lambda a=1, *rest, b: a) and not needs_no_arguments(lambda a: a)


def test_unreadable_signatures_accept_nothing_optional():
    class Opaque:
        __signature__ = "not a signature"    # inspect.signature raises TypeError

        def __call__(self, *args, **kwargs):
            return None

    assert not accepts_keyword(Opaque(), "constraint") and not names_parameter(Opaque(), "x")
    assert not needs_no_arguments(Opaque())


def test_running_shell_is_none_without_ipython_and_does_not_import_it():
    code = ("import sys\nfrom scopelab._shell import running_shell\n"
            "print(running_shell(), 'IPython' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "False"]


def test_running_shell_finds_an_ipython_shell():
    from IPython.testing.globalipapp import get_ipython

    from scopelab._shell import running_shell

    shell = get_ipython()
    assert running_shell() is shell
