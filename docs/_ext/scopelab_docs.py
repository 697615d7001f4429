"""Local Sphinx extension for the scopelab site.

* ``builder-inited``: copy the committed, executed tutorial notebooks (``notebooks/NN_*.ipynb``) into
  ``docs/tutorials/_notebooks/`` so myst-nb renders them with their stored outputs (less the
  outputs that are data for programs, such as a check result's JSON). Copy, not symlink:
  the site must build the same on a fresh clone, on any OS. Stale copies are removed.
* ``.. scopelab-api::``: the API reference of the public surface ``scopelab.__all__``, grouped by
  the module that defines each name. Each object is documented once; other names for it (TF1
  aliases such as ``glorot_uniform_initializer``) link to that entry instead of repeating it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import types
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

# Section of the API page for each defining module, in page order.
SECTIONS = [
    ("scopelab.scope", "Scopes and get_variable"),
    ("scopelab.variables", "Variables"),
    ("scopelab.store", "The variable store"),
    ("scopelab.losses", "Losses and collections"),
    ("scopelab.keys", "Losses and collections"),
    ("scopelab.initializers", "Initializers"),
    ("scopelab.random_seed", "Initializers"),
    ("scopelab.partitioners", "Partitioners"),
    ("scopelab.regularizers", "Regularizers"),
    ("scopelab.embedding", "Embeddings"),
    ("scopelab.nn", "Ops and tensors"),
    ("scopelab.ops", "Ops and tensors"),
    ("scopelab._tensor_base", "Ops and tensors"),
    ("scopelab.session", "Sessions"),
    ("scopelab.dtypes", "Data types and shapes"),
    ("scopelab.tensor_shape", "Data types and shapes"),
    ("scopelab.kernels", "Devices and targets"),
    ("scopelab.device_spec", "Devices and targets"),
    ("scopelab.config", "Devices and targets"),
    ("scopelab.train", "Checkpoints (tf.train)"),
    ("scopelab.checkpoint", "Checkpoints (tf.train)"),
    ("scopelab.snapshot", "Views of the store"),
    ("scopelab.render", "Views of the store"),
    ("scopelab.diff", "Views of the store"),
    ("scopelab.errors", "Errors"),
]
OTHER_SECTION = "Other names"


def sync_notebooks(app) -> None:
    """Mirror ``notebooks/NN_*.ipynb`` into ``docs/tutorials/_notebooks/`` (only what changed)."""
    srcdir = Path(app.srcdir)
    source = srcdir.parent / "notebooks"
    target = srcdir / "tutorials" / "_notebooks"
    target.mkdir(parents=True, exist_ok=True)
    wanted = {path.name: path for path in sorted(source.glob(NOTEBOOK_GLOB))}
    for stale in [*target.glob("*.ipynb"), *target.glob("*.md")]:
        if stale.name not in wanted:
            stale.unlink()
    if not wanted:  # an empty glob is an unsuppressible warning; say so on the page instead
        (target / "none_yet.md").write_text("# No tutorials yet\n\nThe notebooks are being written.\n")
    for name, path in wanted.items():
        copy = target / name
        text = _without_data_only_outputs(path.read_text(encoding="utf-8"))
        if not copy.exists() or copy.read_text(encoding="utf-8") != text:
            copy.write_text(text, encoding="utf-8")


#: Output types that are data for programs, not for readers: a check result's JSON (read back by
#: ``scopelab grade``) sits next to its text/html form, which is what the page shows.
DATA_ONLY_MIME_TYPES = ("application/vnd.scopelab.check+json",)


def _without_data_only_outputs(text: str) -> str:
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            for mime in DATA_ONLY_MIME_TYPES:
                output.get("data", {}).pop(mime, None)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


# --- API page -------------------------------------------------------------------------------------

def _defining_module(obj) -> str:
    if isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        return getattr(obj, "__module__", "") or ""
    return type(obj).__module__


def _section_of(obj) -> str:
    module = _defining_module(obj)
    for prefix, title in SECTIONS:
        if module == prefix or module.startswith(prefix + "."):
            return title
    return OTHER_SECTION


def _is_namespace(obj) -> bool:
    return isinstance(obj, (types.ModuleType, types.SimpleNamespace))


def _namespace_members(namespace) -> list[str]:
    names = getattr(namespace, "__all__", None)
    if names is None:
        names = [n for n in vars(namespace) if not n.startswith("_")]
    return list(names)


def _walk_namespace(qualname: str, namespace, seen: dict[int, str]):
    """``(qualified name, object)`` for every member, nested namespaces flattened (each once).

    A namespace met again (``scopelab.compat.v1`` *is* ``scopelab``) is yielded as itself, and
    documented as another name for the first one.
    """
    seen[id(namespace)] = qualname
    for member in _namespace_members(namespace):
        obj = getattr(namespace, member)
        if _is_namespace(obj) and id(obj) not in seen:
            yield from _walk_namespace(f"{qualname}.{member}", obj, seen)
        else:
            yield f"{qualname}.{member}", obj


def _title(text: str, char: str) -> list[str]:
    return [text, char * len(text), ""]


class _ApiWriter:
    """Builds the reST of the API page; remembers what is documented to turn repeats into links."""

    def __init__(self) -> None:
        self.documented: dict[int, str] = {}   # id(obj) -> qualified name of its entry
        self.canonical: dict[int, str] = {}    # id(obj) -> the qualified name that documents it

    def choose_canonical(self, qualified_names: list[tuple[str, object]]) -> None:
        """Prefer the name that equals the object's own ``__name__``; else the first listed."""
        for qualname, obj in qualified_names:
            if not self._shareable(obj):
                continue
            key = id(obj)
            own = getattr(obj, "__name__", None)
            if key not in self.canonical or qualname.rsplit(".", 1)[-1] == own and (
                self.canonical[key].rsplit(".", 1)[-1] != own
            ):
                self.canonical[key] = qualname

    @staticmethod
    def _shareable(obj) -> bool:
        return inspect.isclass(obj) or inspect.isroutine(obj)

    def entry(self, qualname: str, obj) -> list[str]:
        key = id(obj)
        if self._shareable(obj) and self.canonical.get(key, qualname) != qualname:
            kind = "class" if inspect.isclass(obj) else "function"
            target = self.canonical[key]
            return [f".. py:{kind}:: {qualname}", "",
                    f"   Another name for :py:obj:`{target}`.", ""]
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            return [f".. autoexception:: {qualname}", ""]
        if inspect.isclass(obj):
            return [f".. autoclass:: {qualname}", "   :members:", ""]
        if inspect.isroutine(obj):
            return [f".. autofunction:: {qualname}", ""]
        shown = repr(obj).replace("`", "'")
        kind = type(obj).__name__
        return [f".. py:data:: {qualname}", "", f"   ``{shown}`` (a ``{kind}``)", ""]


def api_rest(package_name: str = "scopelab") -> list[str]:
    """The reST lines of the API reference for ``package_name.__all__``."""
    package = importlib.import_module(package_name)
    public = list(getattr(package, "__all__", []))
    if not public:
        return ["The public surface (``scopelab.__all__``) is still being assembled.", ""]
    writer = _ApiWriter()
    flat: list[tuple[str, object]] = []
    namespaces: list[tuple[str, types.ModuleType]] = []
    for name in public:
        obj = getattr(package, name)
        if _is_namespace(obj):
            namespaces.append((name, obj))
        else:
            flat.append((f"{package_name}.{name}", obj))
    seen: dict[int, str] = {id(package): package_name}
    nested = {ns: list(_walk_namespace(f"{package_name}.{ns}", module, seen))
              for ns, module in namespaces}
    writer.choose_canonical(flat + [item for items in nested.values() for item in items])

    grouped: dict[str, list[tuple[str, object]]] = {}
    for qualname, obj in flat:
        grouped.setdefault(_section_of(obj), []).append((qualname, obj))
    order = list(dict.fromkeys([title for _, title in SECTIONS] + [OTHER_SECTION]))
    lines: list[str] = []
    for title in order:
        if title not in grouped:
            continue
        lines += _title(title, "-")
        for qualname, obj in grouped[title]:
            lines += writer.entry(qualname, obj)
    for ns, module in namespaces:
        lines += _title(f"{package_name}.{ns}", "-")
        doc = inspect.getdoc(module) if isinstance(module, types.ModuleType) else None
        if doc:
            lines += [doc.splitlines()[0], ""]
        for qualname, obj in nested[ns]:
            if _is_namespace(obj):
                lines += [f".. py:data:: {qualname}", "",
                          f"   The same namespace as ``{seen[id(obj)]}``.", ""]
            else:
                lines += writer.entry(qualname, obj)
    return lines


class ScopelabApiDirective(SphinxDirective):
    """``.. scopelab-api::`` — expands to autodoc entries for every name in ``scopelab.__all__``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir).parent / "scopelab" / "__init__.py"))
        content = StringList(api_rest(), source="<scopelab-api>")
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, content, container)
        return container.children


def setup(app):
    app.connect("builder-inited", sync_notebooks)
    app.add_directive("scopelab-api", ScopelabApiDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
