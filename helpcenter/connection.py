"""HTTP connection limits uvicorn's httptools protocol lacks: header size and header read time.

uvicorn bounds headers only for h11 (``h11_max_incomplete_event_size``) and has no timeout for
a request that arrives slowly (``timeout_keep_alive`` only covers idle connections between
requests). With httptools, a 64 MB header line is parsed to the end and a client sending one
header byte a second holds its connection for ever. This protocol, a small subclass, counts the
request line and headers as they are parsed and starts a clock when a connection opens or a
request begins: over the size it answers 414 (URL) or 431 (headers); a request not received
whole (headers and body) in time gets 408 (or, when the app is already reading its body, the
connection is closed). Answers are the APIs' JSON error with ``Connection: close``; invalid
HTTP gets a JSON 400.
"""
from __future__ import annotations

import json
import os

from starlette.responses import PlainTextResponse
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .api.errors import RequestGuard, error_response

MAX_HEADER_BYTES_ENV = "HELPCENTER_MAX_HEADER_BYTES"
HEADER_TIMEOUT_ENV = "HELPCENTER_HEADER_TIMEOUT"
DEFAULT_MAX_HEADER_BYTES = 32 * 1024  # URL + headers; browsers send 1-3 KiB, nginx allows 8-32 KiB
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to the end of its body


class _Refused(Exception):
    pass


def _setting(name: str, default, kind):
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = kind(text)
        if value <= 0:
            raise ValueError
        return value
    except ValueError:
        raise ValueError(f"{name}: expected a positive number, got {text!r}") from None


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header size limit and a header read timeout, whose
    overload answer (``--limit-concurrency``) is the APIs' JSON error instead of uvicorn's text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # uvicorn's own check answers "Service Unavailable" as text/plain; the same check is made
        # in on_headers_complete, answered by ``overloaded``.
        self.max_concurrency, self.limit_concurrency = self.limit_concurrency, None
        self.max_header_bytes = _setting(MAX_HEADER_BYTES_ENV, DEFAULT_MAX_HEADER_BYTES, int)
        self.header_timeout = _setting(HEADER_TIMEOUT_ENV, DEFAULT_HEADER_TIMEOUT, float)
        self._header_bytes = 0
        self._url_bytes = 0
        self._header_timer = None
        self._refusal: tuple[int, str] | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._start_clock()  # a connection that never sends its first request is not kept either

    def connection_lost(self, exc) -> None:
        self._stop_clock()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._start_clock()  # the next request on a kept-alive connection begins
        super().data_received(data)

    # -- parser callbacks ---------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self._header_bytes = self._url_bytes = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        limit = self.max_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            self.logger.warning("Exceeded concurrency limit.")
            app, self.app = self.app, _OVERLOADED  # uvicorn takes self.app for this request only
            try:
                super().on_headers_complete()
            finally:
                self.app = app
        else:
            super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._stop_clock()
        super().on_message_complete()

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > self.max_header_bytes:
            if self._url_bytes > self.max_header_bytes:
                self._refusal = (414, f"URL longer than {self.max_header_bytes} bytes")
            else:
                self._refusal = (431, f"request headers larger than {self.max_header_bytes} bytes")
            raise _Refused()  # httptools stops parsing; uvicorn then calls send_400_response

    # -- answers ------------------------------------------------------------------------------
    def send_400_response(self, msg: str) -> None:
        status, message = self._refusal or (400, "invalid HTTP request")
        self._refusal = None
        self._send_error(status, message)

    def _send_error(self, status: int, message: str) -> None:
        self._stop_clock()
        if self.transport.is_closing():
            return
        body = json.dumps({"error": message, "field": None}).encode()
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [b"content-type: application/json\r\n", b"content-length: %d\r\n" % len(body),
                 b"connection: close\r\n", b"\r\n"]
        self.transport.write(b"".join(head) + body)
        self.transport.close()

    def _start_clock(self) -> None:
        self._stop_clock()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _stop_clock(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is None or self.cycle.response_complete:  # still waiting for the headers
            self._send_error(408, f"request not received within {self.header_timeout:g} s")
        elif not self.transport.is_closing():
            # The app is reading a body that trickles in: it sees a disconnect.
            self.transport.close()


async def _busy(scope, receive, send) -> None:
    """The answer while a worker holds as many connections or requests as it may (uvicorn's
    ``limit_concurrency``): 503 with ``Retry-After``, JSON under /api/, and the connection closed."""
    message = "server busy: too many connections or requests in progress; try again in a second"
    headers = {"Retry-After": "1", "Connection": "close"}
    if scope["path"].startswith("/api/"):
        response = error_response(503, message, None, headers)
    else:
        response = PlainTextResponse("Server busy: try again in a second.\n", 503, {**headers, "Cache-Control": "no-store"})
    await response(scope, receive, send)


_OVERLOADED = RequestGuard(_busy)  # with a request id, as every answer


def uvicorn_options() -> dict:
    """The connection settings `helpcenter serve` gives uvicorn (also used by the tests)."""
    max_header_bytes = _setting(MAX_HEADER_BYTES_ENV, DEFAULT_MAX_HEADER_BYTES, int)
    _setting(HEADER_TIMEOUT_ENV, DEFAULT_HEADER_TIMEOUT, float)  # refuse a bad value before starting
    return {
        "http": LimitedHttpToolsProtocol,
        "h11_max_incomplete_event_size": max_header_bytes,  # the same limit if h11 is ever chosen
        "timeout_keep_alive": 5,  # seconds an idle kept-alive connection stays open
        # X-Forwarded-For is read by the app, from trusted proxies only (helpcenter.api.clients).
        "proxy_headers": False,
    }
