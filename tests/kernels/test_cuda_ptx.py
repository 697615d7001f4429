"""Compile every CUDA kernel to PTX with the real numba-cuda compiler (no GPU needed).

The simulator runs kernels as Python and does not type-check them, so a kernel can pass there and
fail on a GPU. Compiling to PTX catches that. It needs libnvvm (a CUDA toolkit) and NVRTC (the
``nvidia-cuda-nvrtc`` wheel matching the toolkit); the test is skipped only where libnvvm is absent.
Without a driver, numba-cuda still asks the current device for its compute capability, so the
subprocess answers with a stand-in device of capability 8.0.
"""

import glob
import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.cuda


def _cuda_toolkit() -> str | None:
    """A CUDA toolkit root that has libnvvm and libdevice, or None."""
    roots = [os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda",
             *sorted(glob.glob("/usr/local/cuda-*"), reverse=True), "/usr/lib/cuda"]
    for root in filter(None, roots):
        nvvm = [p for sub in ("nvvm/lib64", "nvvm/lib", "lib64", "lib")
                for p in glob.glob(os.path.join(root, sub, "libnvvm.so*"))]
        if nvvm and glob.glob(os.path.join(root, "nvvm", "libdevice", "libdevice*.bc")):
            return root
    return None


_SCRIPT = r'''
import json, sys
from numba import cuda, types as t
import numba.cuda.dispatcher as dispatcher

class StandInDevice:
    compute_capability = (8, 0)

dispatcher.get_current_device = lambda: StandInDevice()
from scopelab.kernels import _cuda_target as C
C.bind_device_functions()
report = {}
for name, dt in (("f32", t.float32), ("f64", t.float64)):
    out = dt[:, ::1]
    bits = name[1:]
    sigs = {
        "uniform_kernel": (out, t.uint64, t.int64, t.int64, t.uint64, t.float64, t.float64,
                           t.float64, t.float64, t.float64),
        f"normal{bits}_kernel": (out, t.uint64, t.int64, t.int64, dt, dt),
        f"truncated{bits}_kernel": (out, t.uint64, t.int64, t.int64, dt, dt, dt, dt),
        "fill_kernel": (dt[::1], dt),
        "copy_cols_kernel": (out, t.int64, out, t.int64, t.int64),
    }
    for kernel, sig in sigs.items():
        ptx, _ = cuda.compile_ptx(getattr(C, kernel), sig, cc=(8, 0))
        report[f"{kernel}[{name}]"] = {
            "entry": ".entry" in ptx, "fma": ptx.count("fma.rn"),
            "inexact": sum(ptx.count(op) for op in (".approx", ".ftz", "div.full")),
            "ieee div": ptx.count("div.rn"), "calls": ptx.count("call.uni")}
ptx, _ = cuda.compile_ptx(C.uniform_int_kernel, (t.int32[:, ::1], t.uint64, t.int64, t.int64,
                                                t.uint64, t.uint64), cc=(8, 0))
report["uniform_int_kernel[i32]"] = {"entry": ".entry" in ptx, "fma": ptx.count("fma.rn"),
                                     "inexact": 0}
print("REPORT" + json.dumps(report))
'''


def test_every_cuda_kernel_compiles_to_ptx():
    toolkit = _cuda_toolkit()
    if toolkit is None:
        pytest.skip("no CUDA toolkit with libnvvm on this machine")
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    env["CUDA_HOME"] = toolkit
    run = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, (
        "PTX compilation failed. If the message says libnvrtc was not found, install the NVRTC "
        f"wheel matching the toolkit at {toolkit} (pip install 'nvidia-cuda-nvrtc==13.0.*').\n"
        + run.stderr[-4000:])
    line = next(x for x in run.stdout.splitlines() if x.startswith("REPORT"))
    report = json.loads(line[len("REPORT"):])
    assert len(report) == 11
    assert all(r["entry"] for r in report.values()), report
    # products feeding an addition go through dmul_rn / fmul_rn, and the normals call no libm
    # function: no FMA anywhere, no approximate division, so every value rounds as on the CPU
    assert all(r["fma"] == 0 and r["inexact"] == 0 for r in report.values()), report
    for kernel in ("normal32_kernel[f32]", "truncated32_kernel[f32]", "normal64_kernel[f64]",
                   "truncated64_kernel[f64]"):
        assert report[kernel]["ieee div"] >= 1, report       # the logarithm's (m - 1) / (m + 1)
