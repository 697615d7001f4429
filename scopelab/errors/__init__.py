"""The error catalogue: one class per mistake, each also the builtin class TF1 raised.

Every scopelab error subclasses :class:`ScopelabError` *and* the builtin TF1 used for the same
mistake (``ValueError``, ``TypeError`` or ``RuntimeError``), so TF1-era code such as
``except ValueError`` or ``pytest.raises(ValueError, match="already exists, disallowed")`` keeps
working. A class takes its facts as named fields and composes its own message (as Flax's
``errors.py`` does): TF1's sentence first, then the explanation, the facts, fixes to paste, the
notebook tip where a re-run cell is a plausible cause, and the link to the docs page section
named after the class (``docs/errors.md#variablealreadyexistserror``). The fields stay on the
error (``err.name``, ``err.created_at``, ``err.reuse`` …), so exercises and tests read them, never
the text. The generic classes TF1 also had (``InvalidArgumentError``, the ``OpError`` family …)
may be given a ready message instead.

The classes live in four modules by theme (sharing, scoping, values, arguments/runtime) and are
all re-exported here; ``scopelab.errors.<Class>`` is their public name (also for pickles).
"""

from __future__ import annotations

from scopelab.errors import _arguments, _cluster, _device, _runtime, _scoping, _sharing, _values
from scopelab.errors._arguments import *
from scopelab.errors._base import DOCS_ERRORS_PAGE, NOTEBOOK_TIP, ScopelabError, rerun_plausible  # noqa: F401 - for tests
from scopelab.errors._cluster import *
from scopelab.errors._device import *
from scopelab.errors._runtime import *
from scopelab.errors._scoping import *
from scopelab.errors._sharing import *
from scopelab.errors._values import *

__all__ = ["ScopelabError", *_sharing.__all__, *_scoping.__all__, *_values.__all__,
           *_arguments.__all__, *_runtime.__all__, *_device.__all__, *_cluster.__all__,
           "DOCS_ERRORS_PAGE", "NOTEBOOK_TIP"]

for _name in __all__:
    _cls = globals()[_name]
    if isinstance(_cls, type):
        _cls.__module__ = __name__   # tracebacks, reprs and pickles name scopelab.errors.<Class>
del _name, _cls
