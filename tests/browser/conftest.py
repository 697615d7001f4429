"""Real-browser fixtures: one headless JupyterLab per session, driven by Debian's Chromium.

The server runs from a temporary copy (``root_dir``), token disabled, ``--allow-root`` so it also
starts as root in CI. Playwright only drives the system Chromium (``executable_path``); it never
downloads a browser. Set ``SCOPELAB_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SCOPELAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def _shared(config) -> dict:
    """Session resources kept on the pytest config, so every copy of these fixtures (another test
    module may load this file under its own name) shares one server and one browser: two live
    sync Playwright instances in one process fail ("Sync API inside the asyncio loop")."""
    if not hasattr(config, "_scopelab_browser_session"):
        config._scopelab_browser_session = {}
    return config._scopelab_browser_session


@pytest.fixture(scope="session")
def lab_root(pytestconfig, tmp_path_factory) -> Path:
    """The server's root_dir: a fresh temporary folder the tests write notebooks into."""
    shared = _shared(pytestconfig)
    if "root" not in shared:
        shared["root"] = tmp_path_factory.mktemp("lab-root")
    return shared["root"]


def _start_lab(root: Path, state: Path):
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No news/update prompts: they would overlay the screenshots.
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(state / "runtime"), "PYTHONHASHSEED": "0"}
    port = _free_port()
    log = state / "server.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
           f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root)

    def stop() -> None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log, ARTIFACTS / "jupyterlab-server.log")

    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_server(url, proc, log)
    except BaseException:
        stop()
        raise
    return url, stop


@pytest.fixture(scope="session")
def lab_server(pytestconfig, lab_root, tmp_path_factory):
    """``jupyter lab`` on a free port (started once per session); its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (browser tests need it)")
    shared = _shared(pytestconfig)
    if "url" not in shared:
        shared["url"], stop = _start_lab(lab_root, tmp_path_factory.mktemp("lab-state"))
        pytestconfig.add_cleanup(stop)
    return shared["url"]


@pytest.fixture(scope="session")
def browser(pytestconfig):
    """Debian's Chromium under Playwright (started once per session; never a downloaded browser)."""
    shared = _shared(pytestconfig)
    if "browser" not in shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        shared["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        def stop() -> None:
            shared.pop("browser").close()
            playwright.stop()

        pytestconfig.add_cleanup(stop)
    return shared["browser"]


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    yield pg
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can screenshot failed tests."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


class Notebook:
    """Drive one notebook in JupyterLab the way a student does: select a cell, press run."""

    def __init__(self, page, base_url: str, root: Path) -> None:
        self.page, self.base_url, self.root = page, base_url, root

    def open(self, name: str, cells: list[str]) -> None:
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
        nbformat.write(nb, self.root / name)
        # ?reset: a fresh workspace, so tabs from earlier tests are not restored.
        self.page.goto(f"{self.base_url}lab/tree/{name}?reset")
        self.page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
        self.wait_idle()

    def cell(self, index: int):
        return self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(index)

    def wait_idle(self, timeout: float = 60_000) -> None:
        self.page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)

    def run_cell(self, index: int) -> None:
        """Select cell ``index`` and run it; retried once if the click landed before the UI was ready."""
        prompt = self.cell(index).locator(".jp-InputPrompt")
        run = self.page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:run-cell-and-select-next']")
        for _ in range(2):
            prompt.click()
            run.click()
            try:
                self.page.wait_for_function(
                    "el => !/^\\[\\s*\\]/.test(el.textContent.trim())", arg=prompt.element_handle(),
                    timeout=10_000)
                return
            except Exception:  # noqa: BLE001 - not started yet: click again
                continue
        raise AssertionError(f"cell {index} did not start running")

    def wait_done(self, index: int, timeout: float = 120_000) -> None:
        """Wait until cell ``index`` shows an execution count (it finished)."""
        self.page.wait_for_function(
            "el => /^\\[\\d+\\]/.test(el.textContent.trim())",
            arg=self.cell(index).locator(".jp-InputPrompt").element_handle(), timeout=timeout)


@pytest.fixture
def notebook(page, lab_server, lab_root, request):
    nb = Notebook(page, lab_server, lab_root)
    yield nb
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
