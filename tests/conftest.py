"""Shared fixtures: small content trees, a built release of the real content, a live server, a browser."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The moment the shared build is made at: fixed, so tests do not depend on today's date.
BUILD_AT = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)


def write_article(root: Path, name: str, front: str, body: str = "Intro.\n\n## Section {#section}\n\nText.\n") -> Path:
    """Write content/articles/<name> with the given front matter (YAML text) and body."""
    path = root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + textwrap.dedent(front).strip() + "\n---\n" + body, encoding="utf-8")
    return path


MINIMAL_FRONT = """
id: {id}
title: {title}
summary: A short summary.
audience: [freelancer]
category: contracts
"""


@pytest.fixture
def content_tree(tmp_path) -> Path:
    """An empty content tree (articles/ and an empty synonyms file) to fill in a test."""
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "synonyms.yml").write_text("synonyms: []\naliases: {}\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_out(tmp_path_factory) -> Path:
    """The real content/ built once per test session, as of BUILD_AT."""
    from helpcenter.pipeline import build
    from helpcenter.progress import Progress

    out = tmp_path_factory.mktemp("out")
    build(CONTENT, out, at=BUILD_AT, progress=Progress(7, quiet=True), record_answers=False)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def live_server(built_out):
    """`helpcenter serve`'s app on a free port, serving the session build."""
    from helpcenter.web import create_app

    with LiveServer(create_app(built_out)) as server:
        yield server


@pytest.fixture(scope="session")
def static_only_server(built_out):
    """The built site served as plain static files (no API), like a CDN with the API down."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(built_out / "site")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("static server did not start")
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


class _Chromium:
    """One headless Chromium shared by consecutive browser tests, stopped when the next test does
    not use it.

    Playwright's sync API marks its event loop as the running loop of the thread for as long as it
    is started, between its calls too (playwright/_impl/_greenlets.py, ``wait_for_future``): any
    ``asyncio.run()`` on the main thread then fails with "cannot be called from a running event
    loop". A session-long Playwright left that mark over every test that came after a browser test;
    stopped before any other test runs, it is gone (run_until_complete clears it on its way out)."""

    def __init__(self):
        self._playwright = None
        self._browser = None

    def get(self):
        if self._browser is None:
            if not Path(CHROMIUM).exists():
                pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            # Playwright gives every launch a fresh temporary profile (the --user-data-dir we want).
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                      "--disable-component-update", "--disable-sync", "--disable-quic"],
            )
        return self._browser

    def stop(self):
        browser, playwright, self._browser, self._playwright = self._browser, self._playwright, None, None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


_CHROMIUM = _Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's fixtures first: its browser contexts are closed
    if nextitem is None or "browser" not in nextitem.fixturenames:
        _CHROMIUM.stop()
    return result


def pytest_sessionfinish(session):
    _CHROMIUM.stop()  # after an interrupted run too


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download), shared by consecutive
    browser tests (see _Chromium)."""
    return _CHROMIUM.get()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


# -- shared by several test modules (test modules never import each other) --------------------
GOLDEN = Path(__file__).parent / "golden_queries.yml"
POSTGRES_ENV = "HELPCENTER_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = f"{POSTGRES_ENV} is not set: run `eval \"$(.ci/postgres)\"` first"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def fresh_database(kind: str, tmp_path: Path):
    """(out_dir, database_url) of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    out = tmp_path / f"out-{uuid.uuid4().hex[:8]}"
    out.mkdir()
    if kind == "sqlite":
        yield out, None
        return
    import psycopg

    base = postgres_url()
    schema = f"hc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        separator = "&" if "?" in base else "?"
        yield out, f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def release_dir(built_out: Path, tmp_path: Path) -> Path:
    """An output folder of its own (own database) whose current release is the session build."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "current").symlink_to(built_out / "current")
    return out


def tree_digest(out: Path) -> dict[str, str]:
    """Every file and link under ``out``, by path, with its content hash or link target."""
    digest = {}
    for dirpath, dirnames, filenames in os.walk(out):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(out))
            if path.is_symlink():
                digest[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest
