"""Regenerate the sample submissions graded by tests/test_grade.py.

    .venv/bin/python tests/data/make_submissions.py

Each notebook answers exercises q1 (build_encoder) and q5 (dense_kernel), listed in its metadata.
They are stored unexecuted, as a student would hand them in after "clear outputs".
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent / "submissions"

Q1_RIGHT = '''def build_encoder():
    with tf.variable_scope("encoder"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w", shape=[3, 4])
        with tf.variable_scope("layer2"):
            tf.get_variable("w", shape=[4, 2])
'''
Q1_WRONG = '''def build_encoder():
    with tf.variable_scope("layer1"):
        tf.get_variable("w", shape=[3, 4])
    with tf.variable_scope("layer2"):
        tf.get_variable("w", shape=[4, 2])
'''
Q5_RIGHT = '''def dense_kernel():
    with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
        return tf.get_variable("kernel", shape=[8, 4])
'''
Q5_WRONG = '''def dense_kernel():
    with tf.variable_scope("dense"):
        return tf.get_variable("kernel", shape=[8, 4])
'''
Q5_ENDLESS = '''def dense_kernel():
    while True:
        pass
'''
SETUP = "import scopelab as tf\nfrom scopelab.exercises import ex"
STUBBORN_LOOP = '''import time
while True:  # ignores the grader's interrupt
    try:
        time.sleep(0.2)
    except KeyboardInterrupt:
        pass
'''
DELETE_EVERYTHING = '''import os, shutil
for entry in os.listdir("."):
    if os.path.isdir(entry):
        shutil.rmtree(entry)
    else:
        os.remove(entry)
with open(os.path.join(os.path.expanduser("~"), "written-by-student.txt"), "w") as fh:
    fh.write(os.getcwd())
'''

SUBMISSIONS = {
    "alice_right": [SETUP, Q1_RIGHT, Q5_RIGHT, "ex.q1.check()"],
    "bob_wrong": [SETUP, Q1_WRONG, Q5_WRONG],
    "carol_crash": [SETUP, "raise RuntimeError('student bug')", Q1_RIGHT],
    "dave_dies": [SETUP, Q1_RIGHT, "import os\nos._exit(1)", Q5_RIGHT],
    "erin_loops": [SETUP, Q1_RIGHT, STUBBORN_LOOP, Q5_RIGHT],
    "frank_hangs": [SETUP, Q1_RIGHT, Q5_ENDLESS],
    "gina_deletes": [SETUP, DELETE_EVERYTHING, Q1_RIGHT, Q5_RIGHT],
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, sources in SUBMISSIONS.items():
        nb = new_notebook(cells=[new_markdown_cell(f"Submission of {name.split('_')[0]}")]
                          + [new_code_cell(src) for src in sources])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["scopelab"] = {"exercises": ["q1", "q5"]}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name}-{i}"
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
