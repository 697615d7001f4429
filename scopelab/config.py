"""Process-wide settings, read from the environment once and patchable in tests.

``partition_invariant``: when True, a random initializer fills shard k with exactly the matching
slice of what the unpartitioned variable would hold (counter-based RNG keyed by the *full* index).
The default False follows TF1: each shard is drawn as its own tensor, so seeded shards are equal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

__all__ = ["settings", "reset"]


@dataclass
class Settings:
    partition_invariant: bool = False
    default_target: str = "cpu"          # "cpu" or "cuda"
    cuda_threads_per_block: int = 128
    live_view_min_interval_s: float = 0.1  # widget coalescing window


def _from_env() -> Settings:
    s = Settings()
    s.partition_invariant = os.environ.get("SCOPELAB_PARTITION_INVARIANT", "0") == "1"
    s.default_target = os.environ.get("SCOPELAB_TARGET", "cpu")
    return s


settings = _from_env()


def reset() -> None:
    """Restore every setting to its environment default."""
    fresh = _from_env()
    for f in fields(Settings):
        setattr(settings, f.name, getattr(fresh, f.name))
