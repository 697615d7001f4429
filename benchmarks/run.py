"""Run the kernel benchmark (same as ``scopelab bench``): ``python benchmarks/run.py [--quick]``.

Writes ``results-bench.json`` (or ``--json PATH``) and prints the Markdown table; see
``scopelab/bench/`` for what is measured and how, and ``machine.py`` here (this script's folder,
so on ``sys.path``) for the machine diagnostics it records.
"""

import sys

from machine import MachineMonitor

from scopelab.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], monitor=MachineMonitor()))
