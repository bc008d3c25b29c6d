"""The one error of the APIs: ``ApiError`` answered as ``{"error": message, "field": name or null}``.

Every API route raises ``ApiError`` for a bad request; one handler turns it into JSON. One status
per problem, the same in every route:

    400  a bad parameter, field or body (not JSON, nested too deeply, not valid Unicode)
    404  no such API route           405  a method the route does not answer (with Allow)
    413  a body over the route's limit, refused before it is read
    429  too many requests from this client (with Retry-After)
    503  no build yet, the database is down, or the worker is at its concurrency limit
    500  a bug (logged with the request id)
"""
from __future__ import annotations

import re
import sys
import traceback

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse

from feedback.entries import new_id


class ApiError(Exception):
    """A request the API refuses; ``message`` starts with ``field:`` when one field is to blame."""

    def __init__(self, status: int, message: str, field: str | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.field, self.headers = status, message, field, headers or {}

    @classmethod
    def bad(cls, field: str | None, problem: str) -> "ApiError":
        """A 400 naming the field: ``field: problem``."""
        return cls(400, f"{field}: {problem}" if field else problem, field)


def error_response(status: int, message: str, field: str | None = None, headers: dict | None = None) -> JSONResponse:
    headers = {"Cache-Control": "no-store", **(headers or {})}
    return JSONResponse({"error": message, "field": field}, status_code=status, headers=headers)


async def handle_api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.message, exc.field, exc.headers)


# The error body as the OpenAPI description states it, for every error response of every route.
ERROR_SCHEMA = {
    "type": "object", "required": ["error", "field"], "additionalProperties": False,
    "properties": {
        "error": {"type": "string", "description": "what is wrong, starting with the field's name when one is to blame"},
        "field": {"type": ["string", "null"], "description": "the parameter, body field or JSON path to blame, or null"},
    },
}


def error_responses(*statuses: int) -> dict:
    """OpenAPI responses for these error statuses, each with the one error body."""
    described = {
        400: "a bad parameter or field", 404: "no such route", 405: "method not allowed (see Allow)",
        413: "body too large", 429: "too many requests from this client (see Retry-After)",
        500: "a bug, logged with the request id", 503: "no build yet, the database is unavailable, or the server is at its concurrency limit (see Retry-After)",
    }
    return {str(s): {"description": described[s], "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            for s in statuses}


class RequestGuard:
    """ASGI middleware: a request id on every response, and a JSON 500 for an unexpected error.

    The id is the client's ``X-Request-ID`` when it looks like one (letters, digits, ``.-_:``, at
    most 128), else a new one; it is echoed in the response and printed with every 5xx, so an
    outage report can be matched with the server's log. A 500 carries ``Connection: close``: the
    state of the connection after a bug is unknown, and the client is told instead of reset.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self.start(scope)
        send_with_id = IdSender(send, scope, request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            await self.unexpected(scope, receive, send_with_id)

    @staticmethod
    def start(scope) -> str:
        """The request's id, kept in its scope."""
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        return request_id

    @staticmethod
    async def unexpected(scope, receive, send_with_id: "IdSender") -> None:
        """Called in an ``except`` block: logs the error, then answers a 500 or re-raises."""
        request_id = send_with_id.request_id
        log(request_id, f"unexpected error in {scope['method']} {scope['path']}\n{traceback.format_exc()}")
        if send_with_id.started:
            raise  # the response is half sent: the server can only drop the connection
        if scope["path"].startswith("/api/"):
            response = error_response(500, f"internal error; request id {request_id}", None,
                                      {"Connection": "close"})
        else:
            response = PlainTextResponse(f"Internal error; request id {request_id}\n", 500,
                                         {"Connection": "close"})
        await response(scope, receive, send_with_id)


class IdSender:
    """RequestGuard's ``send``: the request id on the response, a log line for a 5xx."""

    __slots__ = ("send", "scope", "request_id", "started")

    def __init__(self, send, scope, request_id: str):
        self.send, self.scope, self.request_id, self.started = send, scope, request_id, False

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            self.started = True
            message.setdefault("headers", [])
            message["headers"] = [*message["headers"], (b"x-request-id", self.request_id.encode())]
            if message["status"] >= 500:
                log(self.request_id, f"{message['status']} {self.scope['method']} {self.scope['path']}")
        await self.send(message)


def request_id(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id", "-")


def log(request_id: str, message: str) -> None:
    print(f"helpcenter serve: [request {request_id}] {message}", file=sys.stderr, flush=True)


_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")


def _request_id(scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id" and _ID.fullmatch(value):
            return value.decode()
    return new_id()  # 32 hex digits (time, then 80 random bits) without a system call per request (uuid4 made one)
