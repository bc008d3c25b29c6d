"""Many parallel feedback posts, searches and clicks against a real `helpcenter serve --workers 2`
lose no rows, on SQLite and on PostgreSQL: count in = count stored."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

import feedback
from conftest import BACKENDS, free_port, fresh_database, release_dir

FEEDBACK_POSTS = 300
SEARCHES = 200
CLICKS = 100


def start_serve(out, database_url, log_path, **extra_env):
    env = {**os.environ, "HELPCENTER_FEEDBACK_RATE": "1000000/1", "HELPCENTER_CLICK_RATE": "1000000/1", **extra_env}
    env.pop(feedback.DATABASE_URL_ENV, None)
    if database_url:
        env[feedback.DATABASE_URL_ENV] = database_url
    port = free_port()
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpcenter.cli", "serve", "--out", str(out), "--port", str(port), "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"helpcenter serve did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.1)


def stop_serve(proc) -> None:
    # SIGINT, as Ctrl+C: uvicorn stops its workers gracefully, and each drains its writer queue.
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("helpcenter serve did not stop within 60 s")


@pytest.mark.parametrize("kind", BACKENDS)
def test_parallel_writes_to_two_workers_lose_nothing(kind, built_out, tmp_path):
    articles = json.loads((built_out / "current" / "build.json").read_text())["articles"]
    with fresh_database(kind, tmp_path) as (_, database_url):
        out = release_dir(built_out, tmp_path)
        proc, url = start_serve(out, database_url, tmp_path / "serve.log")
        try:
            with httpx.Client(base_url=url, timeout=30, limits=httpx.Limits(max_connections=32)) as client:
                def post_feedback(i):
                    body = {"article_id": articles[i % len(articles)], "helpful": i % 3 == 0}
                    if i % 3:
                        body.update(reason="unclear", text=f"post {i}", query=f"question {i % 7}")
                    return client.post("/api/feedback", json=body)

                def search(i):
                    return client.get("/api/search", params={"q": ["refund", "contract", "zzzz nothing"][i % 3]})

                def click(i):
                    return client.post("/api/search/click", json={
                        "query": "refund", "article_id": articles[i % len(articles)], "url": "/x/", "rank": 1})

                with ThreadPoolExecutor(32) as pool:
                    posted = [pool.submit(post_feedback, i) for i in range(FEEDBACK_POSTS)]
                    searched = [pool.submit(search, i) for i in range(SEARCHES)]
                    clicked = [pool.submit(click, i) for i in range(CLICKS)]
                    posted = [f.result() for f in posted]
                    searched = [f.result() for f in searched]
                    clicked = [f.result() for f in clicked]
        finally:
            stop_serve(proc)

        assert [r.status_code for r in posted] == [201] * FEEDBACK_POSTS
        assert [r.status_code for r in searched] == [200] * SEARCHES
        assert [r.status_code for r in clicked] == [202] * CLICKS
        search_ids = {r.json()["search_id"] for r in searched}
        assert len(search_ids) == SEARCHES

        store = feedback.open_store(out, database_url)
        try:
            log = (tmp_path / "serve.log").read_text(errors="replace")  # a lost row is reported there
            assert store.counts() == {"feedback": FEEDBACK_POSTS, "searches": SEARCHES, "clicks": CLICKS}, log
            assert sorted(row[0] for row in store.select("SELECT id FROM feedback")) == sorted(
                r.json()["id"] for r in posted)
            assert {row[0] for row in store.select("SELECT id FROM searches")} == search_ids
        finally:
            store.close()
        assert log.rstrip().endswith("helpcenter serve: stopped"), log  # the supervisor of two workers returned


@pytest.mark.parametrize("kind", BACKENDS)
def test_clicks_and_searches_logged_just_before_a_stop_are_kept(kind, built_out, tmp_path):
    """The writer lets entries gather before writing them (here 30 s, so the stop always comes
    first); a stop meanwhile still writes them: uvicorn ends its workers without running atexit, so
    the app drains the log as it shuts down."""
    articles = json.loads((built_out / "current" / "build.json").read_text())["articles"]
    with fresh_database(kind, tmp_path) as (_, database_url):
        out = release_dir(built_out, tmp_path)
        proc, url = start_serve(out, database_url, tmp_path / "serve.log", HELPCENTER_LOG_INTERVAL="30")
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                for i in range(10):
                    assert client.get("/api/search", params={"q": "refund"}).status_code == 200
                    assert client.post("/api/search/click", json={
                        "query": "refund", "article_id": articles[0], "url": "/x/", "rank": 1}).status_code == 202
        finally:
            stop_serve(proc)
        store = feedback.open_store(out, database_url)
        try:
            log = (tmp_path / "serve.log").read_text(errors="replace")
            assert store.counts() == {"feedback": 0, "searches": 10, "clicks": 10}, log
        finally:
            store.close()
