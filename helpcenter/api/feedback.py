"""POST /api/feedback and POST /api/search/click: what readers tell us, validated and stored."""
from __future__ import annotations

import json
import os
import sys

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import feedback

from . import params
from .clients import RateLimit
from .errors import ApiError, error_responses, log, request_id

MAX_BODY = 16 * 1024
RATE_ENV = "HELPCENTER_FEEDBACK_RATE"  # "BURST/SECONDS": BURST posts, refilled over SECONDS
DEFAULT_RATE = "10/60"
CLICK_RATE_ENV = "HELPCENTER_CLICK_RATE"
DEFAULT_CLICK_RATE = "120/60"


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

    def languages() -> tuple[str, ...]:
        return params.release_languages(release)

    async def post_feedback(request: Request):
        feedback_limit.take(request)
        entry = _entry(feedback.feedback_from_json, await params.json_body(request, MAX_BODY), published(), languages())
        try:
            store = await run_in_threadpool(feedback.store_for, release.out)
            entry_id = await run_in_threadpool(store.add_feedback, entry)
        except Exception as e:
            raise _unavailable(request, e) from None
        return JSONResponse({"id": entry_id}, status_code=201)

    def feedback_spec() -> dict:
        return {"post": {
            "summary": "Say whether an article helped",
            "description": "Stores the answer of the \"Was this article helpful?\" widget. No IP address or "
                           "other personal data is stored. Rate limited per client (429 with Retry-After).",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": False, "required": ["article_id", "helpful"],
                "properties": {
                    "article_id": _article_schema(),
                    "helpful": {"type": "boolean"},
                    "reason": {"enum": [*feedback.REASONS, None], "description": "only when helpful is false"},
                    "text": {"type": ["string", "null"], "maxLength": feedback.MAX_TEXT,
                             "description": "only when helpful is false"},
                    "query": {"type": ["string", "null"], "maxLength": feedback.MAX_QUERY,
                              "description": "the search that led here"},
                    "lang": _language_schema("the language of the page answered on"),
                },
                # reason and text belong to a "no"
                "if": {"properties": {"helpful": {"const": True}}},
                "then": {"properties": {"reason": {"type": "null"}, "text": {"type": "null"}}},
            }}}},
            "responses": {
                "201": {"description": "stored", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}}},
                **error_responses(400, 413, 429, 503),
            },
        }}

    def _language_schema(description: str) -> dict:
        try:
            codes = languages()
        except Exception:  # no build yet
            codes = ("en",)
        return {"enum": [*codes, None], "description": f"{description} (default: {codes[0]})"}

    def _article_schema() -> dict:
        schema = {"type": "string", "description": "a published article's id"}
        try:
            schema["enum"] = sorted(published())
        except Exception:  # no build yet: any text, refused until there is one
            pass
        return schema

    post_feedback.openapi = feedback_spec

    async def post_click(request: Request):
        click_limit.take(request)
        entry = _entry(feedback.click_from_json, await params.json_body(request, MAX_BODY), published(), languages())
        try:
            store = await run_in_threadpool(feedback.store_for, release.out)
            store.log_click(entry)
        except Exception as e:
            raise _unavailable(request, e) from None
        return JSONResponse({"status": "accepted"}, status_code=202)

    def click_spec() -> dict:
        return {"post": {
            "summary": "Log a click on a search result",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": False, "required": ["article_id", "url"],
                "properties": {
                    "search_id": {"type": ["string", "null"], "pattern": "^[0-9a-f]{32}$",
                                  "description": "the search_id of the /api/search response"},
                    "query": {"type": ["string", "null"], "maxLength": feedback.MAX_QUERY,
                              "description": "when there is no search_id"},
                    "article_id": _article_schema(),
                    "url": {"type": "string", "minLength": 1, "maxLength": feedback.MAX_URL},
                    "rank": {"type": ["integer", "null"], "minimum": 1, "maximum": feedback.MAX_RANK,
                             "description": "1 for the first result"},
                    "lang": _language_schema("the language of the result clicked (its \"lang\")"),
                },
                # A click names its search, or at least the words searched (not only spaces).
                "anyOf": [{"required": ["search_id"], "properties": {"search_id": {"type": "string"}}},
                          {"required": ["query"], "properties": {"query": {"type": "string",
                                                                           "pattern": feedback.QUERY_PATTERN}}}],
            }}}},
            "responses": {
                "202": {"description": "queued for storage", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status"], "properties": {"status": {"const": "accepted"}}}}}},
                **error_responses(400, 413, 429, 503),
            },
        }}

    post_click.openapi = click_spec

    return [
        Route("/api/feedback", post_feedback, methods=["POST"]),
        Route("/api/search/click", post_click, methods=["POST"]),
    ]


_LOG_STORES: dict = {}  # out folder -> the store this worker process logs searches to, looked up once

if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_LOG_STORES.clear)  # a forked worker opens its own


def log_search(release, params, result: dict) -> str | None:
    """Log one /api/search request (normalised query, filters, result count); returns its search_id.

    Called by the search API. The row is queued, not written, so searching never waits for the
    database, and a database problem never fails a search (the search_id is then null).
    """
    try:
        store = _LOG_STORES.get(release.out)
        if store is None:
            store = _LOG_STORES[release.out] = feedback.store_for(release.out)
        country = params.get("country") or None
        return feedback.log_search(
            store, params.get("q"), result.get("total", len(result.get("results", ()))),
            audience=params.get("audience") or None, country=country.upper() if country else None,
            usertype=params.get("usertype") or None, confident=result.get("confident"), lang=result.get("lang"))
    except Exception as e:
        print(f"helpcenter serve: search not logged: {type(e).__name__}: {e}", file=sys.stderr)
        return None


def _entry(parse, body, published, languages):
    try:
        return parse(body, published, languages)
    except feedback.InvalidEntry as e:
        raise ApiError(400, str(e), e.field) from None


def _unavailable(request: Request, error: Exception) -> ApiError:
    log(request_id(request), f"feedback storage failed: {type(error).__name__}: {error}")
    return ApiError(503, "feedback could not be stored right now; please try again later")
