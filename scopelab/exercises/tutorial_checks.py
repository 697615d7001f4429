"""The "Your turn" checks at the end of each tutorial: ``t01`` … ``t14``, one per notebook.

Each tutorial ends with a cell that is broken on purpose (the exercise's ``starter``, committed in
its broken state) and a cell that checks it: ``ex.t03.check(my_layers)`` with
``from scopelab.exercises import practice as ex``. The committed notebook shows the check's feedback
on the broken code, which is deterministic, so nbval compares it; the learner fixes the function,
runs both cells again, and the same check passes. tests/test_tutorial_checks.py runs both states
and checks that each notebook's cell is exactly the starter.

These are exercises like ``q1`` … (same framework, same feedback catalogue) without hidden checks:
they teach, they are not graded, so they are not part of ``ALL_EXERCISES``.
"""

from __future__ import annotations

from scopelab.exercises import tutorial_checks_advanced, tutorial_checks_basics

__all__ = ["PRACTICE"]

PRACTICE = tutorial_checks_basics.CHECKS + tutorial_checks_advanced.CHECKS
