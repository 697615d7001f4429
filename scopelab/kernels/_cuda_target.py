"""TEMPORARY: the CUDA target is not wired yet."""

from __future__ import annotations

from scopelab.errors import CudaUnavailableError


def available() -> bool:
    return False


def backend():
    raise CudaUnavailableError("The CUDA kernels are not built yet; use device '/cpu:0'.")
