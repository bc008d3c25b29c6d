"""Connection limits of `helpcenter serve` (helpcenter/connection.py): header size and read time."""
from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(app, **options):
    """A uvicorn server with `helpcenter serve`'s connection options (and ``options``) in a thread; its port."""
    import uvicorn

    from helpcenter.connection import uvicorn_options

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", **uvicorn_options(), **options)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server(built_out):
    from helpcenter.web import create_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HELPCENTER_HEADER_TIMEOUT", "1")
        mp.setenv("HELPCENTER_MAX_HEADER_BYTES", "8192")
        with running(create_app(built_out)) as port:
            yield port


def exchange(port, data: bytes, *, pause: float = 0.0, timeout: float = 5.0) -> tuple[bytes, float]:
    """Send data (then wait ``pause``), read until the server closes; the answer and the seconds it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except OSError:  # the server may close before everything is sent
            pass
        time.sleep(pause)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    return b"".join(chunks), time.monotonic() - started


def parse(answer: bytes) -> tuple[int, dict, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, json.loads(body)


def test_headers_over_the_limit_get_431_without_reading_them_all(server):
    answer, _ = exchange(server, b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10_000_000 + b"\r\n\r\n")
    status, headers, body = parse(answer)
    assert (status, body) == (431, {"error": "request headers larger than 8192 bytes", "field": None})
    assert headers["connection"] == "close" and headers["content-type"] == "application/json"


def test_a_url_over_the_limit_gets_414(server):
    answer, _ = exchange(server, b"GET /api/search?q=" + b"a" * 65536 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert parse(answer)[::2] == (414, {"error": "URL longer than 8192 bytes", "field": None})


def test_slow_headers_get_408_after_the_timeout(server):
    answer, took = exchange(server, b"GET /api/health HTTP/1.1\r\nHost: x\r\n")  # never finished
    assert parse(answer)[::2] == (408, {"error": "request not received within 1 s", "field": None})
    assert 0.9 < took < 3


def test_a_silent_connection_is_closed_after_the_timeout(server):
    answer, took = exchange(server, b"")
    assert parse(answer)[0] == 408 and 0.9 < took < 3


def test_invalid_http_gets_a_json_400(server):
    answer, _ = exchange(server, b"\x00\x01garbage\r\n\r\n")
    assert parse(answer)[::2] == (400, {"error": "invalid HTTP request", "field": None})


def test_keep_alive_requests_within_the_limits_are_answered(server):
    request = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server), timeout=5) as s:
        for _ in range(2):
            s.sendall(request)
            head = s.recv(65536)
            assert head.startswith(b"HTTP/1.1 200 ")
            time.sleep(0.6)  # twice 0.6 s: the clock restarts with each request


def test_over_the_concurrency_limit_the_api_answers_json_503(built_out):
    """uvicorn's own overload answer is text/plain; ours is the APIs' JSON error (pages: text)."""
    from helpcenter.web import create_app

    with running(create_app(built_out), limit_concurrency=2) as port:
        request = b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n"
        alone, _ = exchange(port, b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert alone.startswith(b"HTTP/1.1 200 ")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as idle:  # a second connection: the limit
            idle.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert idle.recv(65536).startswith(b"HTTP/1.1 200 ")
            status, headers, body = parse(exchange(port, request % b"/api/search?q=refund")[0])
            assert (status, body) == (503, {"error": "server busy: too many connections or requests in progress; "
                                                     "try again in a second", "field": None})
            assert headers["content-type"] == "application/json" and headers["connection"] == "close"
            assert headers["retry-after"] == "1" and headers["cache-control"] == "no-store"
            assert len(headers["x-request-id"]) == 32
            page, _ = exchange(port, request % b"/end-a-contract/")
            assert page.startswith(b"HTTP/1.1 503 ") and b"content-type: text/plain" in page
            assert page.endswith(b"\r\n\r\nServer busy: try again in a second.\n")
        for _ in range(100):  # the server notices the closed connection in its own time
            answer, _ = exchange(port, b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            if not answer.startswith(b"HTTP/1.1 503 "):
                break
            time.sleep(0.05)
        assert answer.startswith(b"HTTP/1.1 200 ")  # the idle connection is gone: answered again
