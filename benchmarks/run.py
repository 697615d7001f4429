"""Run the kernel benchmark (same as ``scopelab bench``): ``python benchmarks/run.py [--quick]``.

Writes ``results-bench.json`` (or ``--json PATH``) and prints the Markdown table; see
``scopelab/bench.py`` for what is measured and how.
"""

import sys

from scopelab.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
