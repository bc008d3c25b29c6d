"""POST /api/feedback and POST /api/search/click: what readers tell us, validated and stored."""
from __future__ import annotations

import json
import math
import os
import sys
import threading
import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import feedback

MAX_BODY = 16 * 1024
RATE_ENV = "HELPCENTER_FEEDBACK_RATE"  # "BURST/SECONDS": BURST posts, refilled over SECONDS
DEFAULT_RATE = "10/60"
CLICK_RATE_ENV = "HELPCENTER_CLICK_RATE"
DEFAULT_CLICK_RATE = "120/60"


class RateLimit:
    """A token bucket per client address, in memory only: addresses are never written anywhere.

    >>> limit = RateLimit(2, 60)
    >>> limit.wait("a", now=0.0), limit.wait("a", now=0.0), limit.wait("a", now=0.0)
    (0.0, 0.0, 30.0)
    >>> limit.wait("a", now=30.0), limit.wait("b", now=30.0)
    (0.0, 0.0)
    """

    max_clients = 10_000

    def __init__(self, burst: int, seconds: float):
        self.burst = burst
        self.rate = burst / seconds  # tokens per second
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    @classmethod
    def from_text(cls, text: str, name: str) -> "RateLimit":
        try:
            burst, seconds = text.split("/")
            limit = cls(int(burst), float(seconds))
            if limit.burst < 1 or limit.rate <= 0:
                raise ValueError
            return limit
        except ValueError:
            raise ValueError(f"{name}: expected BURST/SECONDS like 10/60, got {text!r}") from None

    def wait(self, client: str, now: float | None = None) -> float:
        """Take one token for ``client``: 0 if allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return (1 - tokens) / self.rate
            if len(self._buckets) >= self.max_clients and client not in self._buckets:
                self._forget_idle(now)
            self._buckets[client] = (tokens - 1, now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        # A client whose bucket has refilled is indistinguishable from a new one.
        for client, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate >= self.burst:
                del self._buckets[client]


def routes(release):
    feedback_limit = RateLimit.from_text(os.environ.get(RATE_ENV, DEFAULT_RATE), RATE_ENV)
    click_limit = RateLimit.from_text(os.environ.get(CLICK_RATE_ENV, DEFAULT_CLICK_RATE), CLICK_RATE_ENV)

    def published() -> frozenset[str]:
        def ids(path):
            # Read from the release's own build.json: release.manifest() here would take the
            # lock that release.resource() already holds.
            manifest = json.loads((path / "build.json").read_text(encoding="utf-8"))
            return frozenset(a["id"] if isinstance(a, dict) else a for a in manifest.get("articles", []))

        return release.resource("feedback.published", ids)

    async def post_feedback(request: Request):
        refused = _rate_limited(feedback_limit, request)
        if refused:
            return refused
        try:
            entry = feedback.feedback_from_json(await _json_body(request), published())
        except feedback.InvalidEntry as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        try:
            store = await run_in_threadpool(feedback.store_for, release.out)
            entry_id = await run_in_threadpool(store.add_feedback, entry)
        except Exception as e:
            return _unavailable(e)
        return JSONResponse({"id": entry_id}, status_code=201)

    post_feedback.openapi = {"post": {
        "summary": "Say whether an article helped",
        "description": "Stores the answer of the \"Was this article helpful?\" widget. No IP address or "
                       "other personal data is stored. Rate limited per client (429 with Retry-After).",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False, "required": ["article_id", "helpful"],
            "properties": {
                "article_id": {"type": "string", "description": "a published article's id"},
                "helpful": {"type": "boolean"},
                "reason": {"type": "string", "enum": list(feedback.REASONS), "description": "only when helpful is false"},
                "text": {"type": "string", "maxLength": feedback.MAX_TEXT, "description": "only when helpful is false"},
                "query": {"type": "string", "maxLength": feedback.MAX_QUERY, "description": "the search that led here"},
            }}}}},
        "responses": {
            "201": {"description": "stored", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"id": {"type": "integer"}}}}}},
            "400": {"description": "invalid field: {\"error\": \"<field>: <problem>\"}"},
            "429": {"description": "too many posts from this client; see Retry-After"},
            "503": {"description": "the database is unavailable"},
        },
    }}

    async def post_click(request: Request):
        refused = _rate_limited(click_limit, request)
        if refused:
            return refused
        try:
            entry = feedback.click_from_json(await _json_body(request), published())
        except feedback.InvalidEntry as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        try:
            store = await run_in_threadpool(feedback.store_for, release.out)
            store.log_click(entry)
        except Exception as e:
            return _unavailable(e)
        return JSONResponse({"status": "accepted"}, status_code=202)

    post_click.openapi = {"post": {
        "summary": "Log a click on a search result",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False, "required": ["article_id", "url"],
            "properties": {
                "search_id": {"type": "string", "description": "the search_id of the /api/search response"},
                "query": {"type": "string", "maxLength": feedback.MAX_QUERY, "description": "when there is no search_id"},
                "article_id": {"type": "string"},
                "url": {"type": "string"},
                "rank": {"type": "integer", "minimum": 1, "description": "1 for the first result"},
            }}}}},
        "responses": {
            "202": {"description": "queued for storage"},
            "400": {"description": "invalid field: {\"error\": \"<field>: <problem>\"}"},
            "429": {"description": "too many clicks from this client; see Retry-After"},
        },
    }}

    return [
        Route("/api/feedback", post_feedback, methods=["POST"]),
        Route("/api/search/click", post_click, methods=["POST"]),
    ]


def log_search(release, params, result: dict) -> str | None:
    """Log one /api/search request (normalised query, filters, result count); returns its search_id.

    Called by the search API. The row is queued, not written, so searching never waits for the
    database, and a database problem never fails a search (the search_id is then null).
    """
    try:
        store = feedback.store_for(release.out)
        country = params.get("country") or None
        return feedback.log_search(
            store, params.get("q"), result.get("total", len(result.get("results", ()))),
            audience=params.get("audience") or None, country=country.upper() if country else None,
            usertype=params.get("usertype") or None)
    except Exception as e:
        print(f"helpcenter serve: search not logged: {type(e).__name__}: {e}", file=sys.stderr)
        return None


async def _json_body(request: Request):
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise feedback.InvalidEntry("body", f"at most {MAX_BODY} bytes, got {len(raw)}")
    try:
        # Any content type: navigator.sendBeacon posts text/plain.
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise feedback.InvalidEntry("body", "expected a JSON object") from None


def _rate_limited(limit: RateLimit, request: Request) -> JSONResponse | None:
    wait = limit.wait(request.client.host if request.client else "-")
    if not wait:
        return None
    seconds = max(1, math.ceil(wait))
    return JSONResponse({"error": f"too many requests: try again in {seconds} s"}, status_code=429,
                        headers={"Retry-After": str(seconds)})


def _unavailable(error: Exception) -> JSONResponse:
    print(f"helpcenter serve: feedback storage failed: {type(error).__name__}: {error}", file=sys.stderr)
    return JSONResponse({"error": "feedback could not be stored right now; please try again later"}, status_code=503)
