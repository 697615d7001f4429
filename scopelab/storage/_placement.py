"""Which parameter-server task a device string names: ``"/job:ps/task:1"`` -> 1.

TF's canonical spellings all count (``/job:ps/replica:0/task:1/device:CPU:0``); ``/job:ps``
without a task is task 0, as in TF. Anything else (no device, a worker job, ``/cpu:0``) is not a
ps placement and stays local.
"""

from __future__ import annotations

import re

__all__ = ["ps_task", "task_device"]

_JOB = re.compile(r"(?:^|/)job:([^/]+)", re.IGNORECASE)
_TASK = re.compile(r"(?:^|/)task:(\d+)(?:/|$)", re.IGNORECASE)


def ps_task(device: object) -> int | None:
    """The ps task ``device`` names, or ``None`` when it names no ps job."""
    if not isinstance(device, str) or not device:
        return None
    job = _JOB.search(device)
    if job is None or job.group(1).lower() != "ps":
        return None
    task = _TASK.search(device)
    return int(task.group(1)) if task else 0


def task_device(task: int) -> str:
    """``"/job:ps/task:<task>"``."""
    return f"/job:ps/task:{task}"
