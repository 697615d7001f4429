"""``tf.compat.v1``: the same TF1 surface as ``scopelab`` itself.

TF2-era code writes ``tf.compat.v1.variable_scope``; here ``scopelab.compat.v1`` *is* the
``scopelab`` module, so both spellings reach the same objects (resolved lazily to avoid an
import cycle).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["v1"]


def __getattr__(name: str) -> Any:
    if name == "v1":
        import scopelab  # noqa: F401 - makes sure the package is fully imported
        return sys.modules["scopelab"]
    raise AttributeError(f"module 'scopelab.compat' has no attribute {name!r}")
