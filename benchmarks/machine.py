"""Machine diagnostics for ``scopelab bench``: what else the machine was doing while we measured.

A plug-in, not part of the package: ``scopelab bench`` run from a checkout loads this file
(``scopelab.bench.checkout_monitor``); ``python benchmarks/run.py`` passes it explicitly. It
records, per section of the benchmark,

* other processes' share of the CPUs (``/proc/stat`` less this process's and its waited-for
  children's own CPU time): a two-thread kernel sharing its CPUs waits at every parallel join for a
  thread the OS descheduled, while NumPy's single thread does not;
* the MiB of free guest memory the VM handed back to its host (Linux free page reporting): such
  memory is faulted in from the host again when next allocated, so new arrays cost more and vary.

and turns them into the sentences the bench prints under "what limits the targets not met".
Linux only; elsewhere each figure is None and the text says it was not measured.
"""

from __future__ import annotations

import os
import time

QUIET_SHARE = 0.1  # other processes' share of the CPUs above which a miss is put down to them
_REPORTED = "/sys/module/page_reporting/parameters/reported_kib"
SHARE = "others' CPU share"
HANDED_BACK = "MiB handed back to the host"


def cpu_seconds() -> tuple | None:
    """(busy CPU seconds of the whole machine, hypervisor steal included; CPU seconds of this
    process and its waited-for children; wall clock), or None where /proc/stat does not exist."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(v) for v in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")   # less idle, iowait
    t = os.times()
    return busy, t.user + t.system + t.children_user + t.children_system, time.perf_counter()


def others_share(start, end=None) -> float | None:
    """The share of all CPUs that other processes (and steal) used between two ``cpu_seconds``
    readings (``end`` defaults to now)."""
    end = cpu_seconds() if end is None else end
    if start is None or end is None:
        return None
    wall = max(end[2] - start[2], 1e-9)
    others = (end[0] - start[0]) - (end[1] - start[1])
    return round(min(1.0, max(0.0, others / (wall * (os.cpu_count() or 1)))), 3)


def reported_mib() -> float | None:
    """MiB of free guest memory this VM has handed back to its host so far, where the page
    reporting module exposes a counter; None elsewhere."""
    try:
        with open(_REPORTED) as f:
            return int(f.read()) / 1024
    except (OSError, ValueError):
        return None


class MachineMonitor:
    """The bench's monitor plug-in: ``start()`` before a section, ``stop(token)`` after it gives
    the facts recorded in the section's results, ``explain(facts, cpus, new_memory)`` the text."""

    def start(self):
        return cpu_seconds(), reported_mib()

    def stop(self, token) -> dict:
        cpu, reported = token
        after = reported_mib()
        return {SHARE: others_share(cpu),
                HANDED_BACK: None if reported is None or after is None else round(after - reported)}

    def explain(self, facts: dict, cpus: int, new_memory: bool = False) -> str:
        """Why other work may (or may not) explain a miss; ``new_memory``: the section's kernels
        return new arrays, so memory handed back to the host matters too."""
        text = _handed_back(facts.get(HANDED_BACK)) if new_memory else ""
        share = facts.get(SHARE)
        if share is None:
            return text + "Other processes' CPU use was not measured (no /proc/stat)."
        said = f"Other processes used {share:.0%} of the {cpus} CPUs while this was measured. "
        if share > QUIET_SHARE:
            return text + said + (
                "A two-thread kernel waits at each parallel region's join for a thread the OS "
                "descheduled, while NumPy's one thread does not wait, so ratios fall. Rerun on a "
                "quiet machine, or with --best (fastest round) or --cpu-time (one thread, CPU "
                "time).")
        return text + said + "That is a quiet machine, so other work does not explain the miss."


def _handed_back(mib) -> str:
    if not mib:
        return ""
    return (f"While it ran, the VM handed {mib} MiB of freed memory back to its host (free page "
            "reporting); such memory is faulted in from the host again when next allocated, so "
            "the cost of each new array varies from round to round. ")
