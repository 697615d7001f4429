"""The running IPython shell, found without importing IPython (layer L0).

If IPython was never imported by this process, no shell can be running, so the answer is None and
IPython stays unimported (``import scopelab`` must not pull it in). Used by creation sites (cell
numbers), the live widgets (cell events) and the exercises (the student's namespace).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["running_shell"]


def running_shell() -> Any:
    """IPython's ``InteractiveShell`` when one is running in this process, else None."""
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    return get_ipython() if callable(get_ipython) else None
