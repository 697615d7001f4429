"""``tf.logging``: TF1's logging functions on Python's ``logging`` logger ``"tensorflow"``.

As in TF1, the logger has its own stderr handler (added on first use, and not propagated to the
root) and shows WARN and above until ``set_verbosity`` says otherwise.
"""

from __future__ import annotations

import logging as _logging
import sys
import threading
from typing import Any

__all__ = ["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "get_logger", "log", "debug",
           "info", "warn", "warning", "error", "fatal", "vlog", "log_every_n", "log_first_n",
           "log_if", "flush", "get_verbosity", "set_verbosity", "TaskLevelStatusMessage"]

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = WARNING = _logging.WARN
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_lock = threading.Lock()
_logger: _logging.Logger | None = None


def get_logger() -> _logging.Logger:
    """The ``"tensorflow"`` logger, with a stderr handler the first time it is asked for."""
    global _logger
    with _lock:
        if _logger is None:
            logger = _logging.getLogger("tensorflow")
            if not logger.handlers:
                handler = _logging.StreamHandler(sys.stderr)
                handler.setFormatter(_logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
                logger.addHandler(handler)
                logger.propagate = False
            if logger.level == _logging.NOTSET:
                logger.setLevel(WARN)
            _logger = logger
        return _logger


def log(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().debug(msg, *args, **kwargs)


def info(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().info(msg, *args, **kwargs)


def warning(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().error(msg, *args, **kwargs)


def fatal(msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
    get_logger().log(level, msg, *args, **kwargs)


_counts: dict[tuple[str, int], int] = {}


def _call_site() -> tuple[str, int]:
    frame = sys._getframe(2)
    return frame.f_code.co_filename, frame.f_lineno


def log_every_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Log on the 1st, (n+1)th, (2n+1)th ... call from the same line."""
    site = _call_site()
    count = _counts.get(site, 0)
    _counts[site] = count + 1
    if count % max(int(n), 1) == 0:
        log(level, msg, *args)


def log_first_n(level: int, msg: Any, n: int, *args: Any) -> None:
    """Log only the first ``n`` calls from the same line."""
    site = _call_site()
    count = _counts.get(site, 0)
    _counts[site] = count + 1
    if count < n:
        log(level, msg, *args)


def log_if(level: int, msg: Any, condition: Any, *args: Any) -> None:
    if condition:
        log(level, msg, *args)


def flush() -> None:
    for handler in get_logger().handlers:
        handler.flush()


def get_verbosity() -> int:
    return get_logger().getEffectiveLevel()


def set_verbosity(v: int) -> None:
    get_logger().setLevel(v)


def TaskLevelStatusMessage(msg: Any) -> None:  # noqa: N802 - TF's public name
    error(msg)
