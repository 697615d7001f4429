"""What TF1 scripts do with ``tf.gfile``, ``tf.app.flags`` and ``tf.logging``, observed the same way
on TensorFlow (``record_tf.py``) and on scopelab (``test_platform_recorded.py``).

``observe(tf, root)`` runs in an empty directory ``root`` (the working directory) and returns a list
of ``[label, observation]``; errors are recorded as ``[class name, first line]``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _attempt(fn: Callable[[], Any]) -> Any:
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - the class and text are what we record
        text = str(exc).strip()
        return ["error", type(exc).__name__, text.splitlines()[0] if text else ""]
    return ["ok", result]


def observe_gfile(tf: Any) -> list:
    g = tf.gfile
    seen: list = []

    def rec(label: str, fn: Callable[[], Any]) -> None:
        seen.append([label, _attempt(fn)])

    rec("listdir_missing", lambda: g.ListDirectory("nope"))
    rec("remove_missing", lambda: g.Remove("nope"))
    rec("read_missing", lambda: g.GFile("nope").read())
    rec("open_is_lazy", lambda: g.GFile("nope").name)
    rec("stat_missing", lambda: g.Stat("nope"))
    rec("rmtree_missing", lambda: g.DeleteRecursively("nope"))
    rec("makedirs_twice", lambda: [g.MakeDirs("a/b/c"), g.MakeDirs("a/b/c")])
    rec("mkdir_existing_dir", lambda: g.MkDir("a"))

    def write() -> None:
        with g.GFile("a/f.txt", "w") as f:
            f.write("hi\nthere\n")
    rec("write", write)
    rec("copy_onto_existing", lambda: g.Copy("a/f.txt", "a/f.txt"))
    rec("rename_onto_existing", lambda: g.Rename("a/f.txt", "a/f.txt"))
    rec("copy_missing", lambda: g.Copy("nope", "z"))
    rec("copy_overwrite", lambda: [g.Copy("a/f.txt", "a/g.txt"),
                                   g.Copy("a/f.txt", "a/g.txt", overwrite=True)])
    rec("rename", lambda: [g.Rename("a/g.txt", "a/h.txt"), g.Exists("a/g.txt"), g.Exists("a/h.txt")])
    rec("listdir", lambda: sorted(g.ListDirectory("a")))
    rec("glob", lambda: sorted(g.Glob("a/*.txt")))
    rec("exists_isdir", lambda: [g.Exists("a"), g.Exists("nope"), g.IsDirectory("a"),
                                 g.IsDirectory("a/f.txt"), g.IsDirectory("nope")])
    rec("lines", lambda: list(g.GFile("a/f.txt")))
    rec("readlines", lambda: g.GFile("a/f.txt").readlines())
    rec("bytes", lambda: list(g.GFile("a/f.txt", "rb").read()))
    rec("size", lambda: g.GFile("a/f.txt").size())
    rec("walk", lambda: [[d, sorted(s), sorted(f)] for d, s, f in g.Walk("a")])
    rec("walk_missing", lambda: list(g.Walk("nope")))
    rec("stat", lambda: [g.Stat("a/f.txt").length, g.Stat("a").is_directory])
    rec("bad_mode", lambda: g.GFile("a/f.txt", "x"))
    rec("read_directory", lambda: g.GFile("a").read())
    rec("remove_directory", lambda: g.Remove("a"))
    rec("io_gfile", lambda: [sorted(tf.io.gfile.listdir("a")), tf.io.gfile.exists("a/h.txt"),
                             tf.io.gfile.isdir("a")])
    rec("append", lambda: [g.GFile("a/h.txt", "a").write("more\n"), g.GFile("a/h.txt").read()])
    rec("remove", lambda: [g.Remove("a/h.txt"), g.Exists("a/h.txt")])
    rec("rmtree", lambda: [g.DeleteRecursively("a"), g.Exists("a")])
    return seen


def observe_flags(tf: Any) -> list:
    f = tf.app.flags
    seen: list = []

    def rec(label: str, fn: Callable[[], Any]) -> None:
        seen.append([label, _attempt(fn)])

    rec("same_module", lambda: tf.flags is tf.app.flags or tf.flags.FLAGS is tf.app.flags.FLAGS)
    f.DEFINE_string("s", "x", "a string")
    f.DEFINE_integer("i", 3, "an int")
    f.DEFINE_boolean("b", True, "a bool")
    f.DEFINE_bool("b2", False, "a bool")
    f.DEFINE_float("fl", 0.5, "a float")
    f.DEFINE_enum("mode", "train", ["train", "eval"], "an enum")
    f.DEFINE_list("names", "a,b", "a list")
    FLAGS = f.FLAGS
    rec("duplicate", lambda: f.DEFINE_string("s", "x", "again"))
    rec("defaults", lambda: [FLAGS.s, FLAGS.i, FLAGS.b, FLAGS.b2, FLAGS.fl, FLAGS.mode,
                             FLAGS.names])
    rec("parse", lambda: FLAGS(["prog", "--i=5", "--nob", "pos", "--s", "yy", "--b2",
                                "--fl=2.5", "--mode=eval", "--names=x,y,z"]))
    rec("parsed", lambda: [FLAGS.s, FLAGS.i, FLAGS.b, FLAGS.b2, FLAGS.fl, FLAGS.mode, FLAGS.names])
    rec("bad_int", lambda: FLAGS(["prog", "--i=abc"]))
    rec("bad_enum", lambda: FLAGS(["prog", "--mode=test"]))
    rec("bad_bool", lambda: FLAGS(["prog", "--b=maybe"]))
    rec("unknown", lambda: FLAGS(["prog", "--unknown=3"]))
    rec("bad_default", lambda: f.DEFINE_integer("j", "abc", "h"))
    rec("hex", lambda: [FLAGS(["prog", "--i=0x10"]), FLAGS.i])
    rec("double_dash_stops", lambda: FLAGS(["prog", "--", "--i=7"]))

    def assign() -> Any:
        FLAGS.i = 11
        return FLAGS.i
    rec("assign", assign)
    rec("contains", lambda: ["i" in FLAGS, "zzz" in FLAGS])
    return seen


def observe_logging(tf: Any) -> list:
    log = tf.logging
    seen: list = [["levels", [log.DEBUG, log.INFO, log.WARN, log.ERROR, log.FATAL]],
                  ["default_verbosity", log.get_verbosity()]]
    log.set_verbosity(log.INFO)
    seen.append(["after_set", log.get_verbosity()])
    log.info("info %d", 1)
    log.warning("warning")
    log.warn("warn")
    log.debug("debug")
    log.error("error")
    log.set_verbosity(log.WARN)
    return seen
