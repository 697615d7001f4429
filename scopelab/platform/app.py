"""``tf.app``: ``run`` parses the flags and calls ``main``; ``tf.app.flags`` is ``tf.flags``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from scopelab.platform import flags
from scopelab.platform.flags import FLAGS

__all__ = ["run", "flags"]


def run(main: Callable[[list[str]], Any] | None = None,
        argv: Sequence[str] | None = None) -> NoReturn:
    """TF1's ``tf.app.run``: parse ``argv`` (default ``sys.argv``; unknown flags stay in the
    arguments), then ``sys.exit(main(remaining_argv))``. ``main`` defaults to ``__main__.main``."""
    args = FLAGS(list(sys.argv if argv is None else argv), known_only=True)
    flags.check_required(FLAGS)
    if main is None:
        main = getattr(sys.modules["__main__"], "main", None)
        if main is None:
            raise AttributeError("tf.app.run() found no main() in __main__: define main(argv) or "
                                 "call tf.app.run(main=my_function).")
    sys.exit(main(args))
