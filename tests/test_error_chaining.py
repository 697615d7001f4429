"""A student's traceback shows one error: no "During handling of the above exception, another
exception occurred" (issue 14).

The source check parses every module of scopelab with ``ast``: a ``raise`` of a new exception
inside an ``except`` block must say ``from None`` (or ``from exc`` where the cause helps). A bare
``raise`` and re-raising the caught exception itself are not new errors. ``ALLOWED`` lists the
exceptions to the rule, each with its reason.
"""

import ast
from pathlib import Path

import pytest

import scopelab as tf
from scopelab import errors

PACKAGE = Path(tf.__file__).resolve().parent
# (module path relative to the package, source of the raise): why chaining is intended there.
ALLOWED: dict[tuple[str, str], str] = {}


class _RaisesInHandlers(ast.NodeVisitor):
    """``raise X`` without ``from`` inside an ``except`` block (a function body starts afresh)."""

    def __init__(self) -> None:
        self.handlers: list[str | None] = []     # the names the enclosing handlers bind
        self.found: list[ast.Raise] = []

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self.handlers.append(node.name)
        self.generic_visit(node)
        self.handlers.pop()

    def _new_scope(self, node: ast.AST) -> None:
        outer, self.handlers = self.handlers, []
        self.generic_visit(node)
        self.handlers = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = _new_scope

    def visit_Raise(self, node: ast.Raise) -> None:
        if self.handlers and node.exc is not None and node.cause is None \
                and not _reraises_caught(node.exc, self.handlers):
            self.found.append(node)


def _reraises_caught(exc: ast.expr, names: list[str | None]) -> bool:
    """``raise exc`` or ``raise exc.with_traceback(...)`` of the exception a handler caught."""
    if isinstance(exc, ast.Call) and isinstance(exc.func, ast.Attribute) \
            and exc.func.attr == "with_traceback":
        exc = exc.func.value
    return isinstance(exc, ast.Name) and exc.id in names


def unchained_raises(source: str) -> list[str]:
    visitor = _RaisesInHandlers()
    visitor.visit(ast.parse(source))
    return [ast.unparse(node) for node in visitor.found]


def test_the_checker_finds_what_it_must_and_only_that():
    source = '''
try:
    pass
except KeyError:
    raise ValueError("new")                # found
except TypeError as exc:
    raise exc.with_traceback(None)         # the caught error again
except IndexError as exc:
    raise errors.InvalidArgumentError("x") from exc
except OSError:
    raise
except ZeroDivisionError:
    def later():
        raise RuntimeError("not during handling")
    try:
        pass
    except Exception:
        raise LookupError("nested")        # found
'''
    assert unchained_raises(source) == ["raise ValueError('new')", "raise LookupError('nested')"]


def test_no_scopelab_module_raises_a_new_error_while_handling_another():
    found, allowed = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for raise_source in unchained_raises(path.read_text(encoding="utf-8")):
            if (module, raise_source) in ALLOWED:
                allowed.add((module, raise_source))
            else:
                found.append(f"{module}: {raise_source}")
    assert not found, ("add `from None` (or `from exc` where the cause helps):\n"
                       + "\n".join(found))
    assert allowed == set(ALLOWED), "an allowed raise is gone: drop it from ALLOWED"
    assert all(ALLOWED.values()), "each allowed raise needs its reason"


@pytest.mark.parametrize("make", [
    lambda: tf.variable_scope("s", dtype="no such dtype"),
    lambda: tf.get_variable("w", [1], dtype="no such dtype"),
    lambda: tf.get_default_graph().get_operation_by_name("missing"),
])
def test_common_mistakes_show_one_error(make):
    with pytest.raises(errors.ScopelabError) as info:
        make()
    err = info.value
    assert err.__context__ is None or err.__suppress_context__
