"""Reading and ending a process tree through /proc (grader side; Linux only).

The grader watches each submission's processes from outside the sandbox: how many there are and how
much memory they hold (resident set, then proportional set size so pages shared between a kernel
and its forked children count once), and it ends them all when the notebook is done.
"""

from __future__ import annotations

import os
import signal
import time

__all__ = ["process_table", "descendants", "resident_bytes", "proportional_bytes", "kill_tree"]

_PAGE = os.sysconf("SC_PAGE_SIZE")


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident pages) for every process this user can see."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            table[int(entry)] = (int(fields[1]), int(fields[21]))
        except (OSError, IndexError, ValueError):
            continue
    return table


def descendants(root: int, table: dict[int, tuple[int, int]] | None = None) -> list[int]:
    """Every process below ``root`` (not ``root`` itself), parents before children."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, frontier = [], [root]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, ())]
        found += frontier
    return found


def resident_bytes(pids: list[int], table: dict[int, tuple[int, int]]) -> int:
    return sum(table[p][1] for p in pids if p in table) * _PAGE


def proportional_bytes(pids: list[int]) -> int:
    """Sum of ``Pss`` over ``pids`` (smaps_rollup); a page shared by n processes counts 1/n each."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total


def kill_tree(root: int, rounds: int = 3) -> None:
    """Stop, then kill, ``root`` and everything below it (repeated: a fork may race the first pass)."""
    for _ in range(rounds):
        pids = [root] + descendants(root)
        alive = False
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                    alive = True
                except OSError:
                    pass
        if not alive:
            return
        time.sleep(0.01)
