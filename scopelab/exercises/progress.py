"""A one-line progress bar for ``scopelab grade``: counts, time left (grader side)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "format_seconds"]


def format_seconds(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """``[#####.....] 12/40 graded, 1 failed · 2m10s left``, redrawn in place on a terminal.

    Time left is the elapsed time per finished notebook times those left (the average includes the
    parallelism of the run). Off a terminal (a log file, a CI job) it prints nothing: the per-student
    lines already say what happened.
    """

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 24,
                 clock: Callable[[], float] = time.monotonic, enabled: bool | None = None) -> None:
        self.total, self.width, self.clock = total, width, clock
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = clock()
        self.done = self.failed = 0

    def line(self) -> str:
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        text = f"[{bar}] {self.done}/{self.total} graded"
        if self.failed:
            text += f", {self.failed} not run"
        if self.done and self.done < self.total:
            left = (self.clock() - self.start) / self.done * (self.total - self.done)
            text += f" · {format_seconds(left)} left"
        elif self.done == self.total:
            text += f" · {format_seconds(self.clock() - self.start)} in all"
        return text

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += int(failed)
        self.draw()

    def draw(self) -> None:
        if self.enabled:
            end = "\n" if self.done == self.total else ""
            self.stream.write("\r\x1b[2K" + self.line() + end)
            self.stream.flush()

    def clear(self) -> None:
        """Erase the bar so a normal line can be printed (it is redrawn by the next ``draw``)."""
        if self.enabled and self.done < self.total:
            self.stream.write("\r\x1b[2K")
