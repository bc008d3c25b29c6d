"""GET /api/search: the synonym- and audience-aware search of the current release."""
import json
import os

from starlette.requests import Request
from starlette.routing import Route

from . import feedback as feedback_api
from . import params
from .clients import NoLimit, RateLimit
from .errors import ApiError, error_responses

from search.query import MAX_QUERY_CHARS as MAX_Q
from search.searcher import MAX_LIMIT

PARAMS = ("q", "lang", "audience", "country", "usertype", "at", "limit", "correct", "log")
RATE_ENV = "HELPCENTER_SEARCH_RATE"  # "BURST/SECONDS" per client, or "off"
# Type-ahead sends a search every few keystrokes: generous for a person, not for a scraper.
DEFAULT_RATE = "600/60"


CACHE_BYTES_ENV = "HELPCENTER_SEARCH_CACHE_BYTES"  # the result cache of each worker, in bytes


def open_searcher(release_path, **settings):
    from search import Searchers

    return Searchers.for_release(release_path, **settings)


def searcher_settings() -> dict:
    text = os.environ.get(CACHE_BYTES_ENV)
    if not text:
        return {}
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{CACHE_BYTES_ENV}: expected a number of bytes, got {text!r}")
    return {"cache_bytes": int(text)}


def release_searcher(release):
    """The searcher of the release being served: opened once per release, per worker process, and
    shared by GET /api/search and the search results page (helpcenter/search_page.py)."""
    return release.resource("searcher", _open_release_searcher)


def _open_release_searcher(release_path):
    return open_searcher(release_path, **searcher_settings())


def routes(release):
    limit_rate = RateLimit.from_text(os.environ.get(RATE_ENV, DEFAULT_RATE), RATE_ENV)
    searcher_settings()  # a bad setting stops the server at its start, not at the first search

    def checked(request: Request) -> tuple:
        values = params.query(request, PARAMS)
        visitor = params.visitor(values)
        limit = params.whole_number(values, "limit", 1, MAX_LIMIT)
        at = params.moment(values, "at")
        correct = params.boolean(values, "correct")
        lang = params.language(values, params.release_languages(release))
        log = params.boolean(values, "log") is not False
        return values, visitor, limit, at, correct, lang, log

    # The checked parameters of query strings seen before (the same searches come back again and
    # again, as their cached results do), per release: its languages are part of the check.
    # Bounded like the rendered JSON below: past 4096 strings or 2 MiB of them, started again.
    seen: dict = {}
    seen_bytes = 0
    limited = not isinstance(limit_rate, NoLimit)

    def answer(scope) -> bytes:
        # Synchronous on purpose: a Whoosh searcher must stay on one thread, the event loop's.
        # Each worker process has its own searcher per release.
        nonlocal seen_bytes
        if limited:
            limit_rate.take(Request(scope))
        query_string = scope["query_string"]
        key = (query_string, release.path)
        found = seen.get(key)
        if found is None:
            found = checked(Request(scope))  # a bad parameter raises: nothing is kept
            if len(seen) >= 4096 or seen_bytes > 2 * 1024 * 1024:
                seen.clear()
                seen_bytes = 0
            seen[key] = found
            seen_bytes += 2 * len(query_string)  # the string and its parsed values
        values, visitor, limit, at, correct, lang, log = found
        searcher = release_searcher(release)
        result = _search(searcher, values.get("q", ""), lang, visitor, at, limit, correct)
        # An empty query searches nothing and is no search for the report (it counted as a gap).
        logged = log and bool(result.get("query"))
        return _body(result, feedback_api.log_search(release, values, result) if logged else None)

    endpoint = SearchEndpoint(answer)
    endpoint.openapi = lambda: {"get": operation(params.language_schema(release))}
    return [Route("/api/search", endpoint, methods=["GET"])]


class SearchEndpoint:
    """GET /api/search as a plain ASGI app: no Request or Response object per search.

    ``answer(scope)`` is the JSON body, or raises ``ApiError`` (the app's handler answers it);
    the response is what ``Response(body, media_type="application/json", headers=_NO_STORE)``
    sends. ``hot``: the app may call ``answer`` directly for a GET, with its own layers in one
    (``helpcenter.web.HelpCenterApp``)."""

    hot = True
    headers_before_length = ((b"cache-control", b"no-store"),)
    headers_after_length = ((b"content-type", b"application/json"),)

    def __init__(self, answer):
        self.answer = answer

    async def __call__(self, scope, receive, send):
        body = self.answer(scope)
        await send({"type": "http.response.start", "status": 200, "headers": self.headers(body)})
        await send({"type": "http.response.body", "body": body})

    @classmethod
    def headers(cls, body: bytes) -> list:
        return [*cls.headers_before_length, (b"content-length", str(len(body)).encode("latin-1")),
                *cls.headers_after_length]


_NO_STORE = {"Cache-Control": "no-store"}

_RENDERED: dict = {}  # id(result) -> (result, its JSON without the closing brace)
RENDERED_BYTES = 8 * 1024 * 1024  # of JSON kept per worker process, at most (then it starts again)
_rendered_bytes = 0


def _body(result: dict, search_id: str | None) -> bytes:
    """``result`` and its ``search_id`` as JSON (as JSONResponse writes it). A repeated search
    returns the searcher's cached result object: its JSON is written once, per worker process."""
    global _rendered_bytes
    found = _RENDERED.get(id(result))
    if found is None or found[0] is not result:
        if len(_RENDERED) >= 4096 or _rendered_bytes > RENDERED_BYTES:
            _RENDERED.clear()
            _rendered_bytes = 0
        found = _RENDERED[id(result)] = (result, json.dumps(
            result, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")[:-1])
        _rendered_bytes += len(found[1])
    return found[1] + b',"search_id":' + json.dumps(search_id).encode("ascii") + b"}"


def _search(searcher, q: str, lang, visitor, at, limit, correct) -> dict:
    from search import QueryError

    try:
        return searcher.search(q, lang=lang, audience=visitor.audience, country=visitor.country,
                               usertype=visitor.usertype, at=at, limit=limit, correct=correct)
    except QueryError as e:
        # The parameters were checked above: what is left is about the query text.
        field = next((name for name in PARAMS if str(e).startswith(f"{name}: ")), None)
        raise ApiError(400, str(e), field) if field else ApiError.bad("q", str(e)) from None


_RESULT = {
    "type": "object",
    "required": ["id", "title", "section", "url", "score", "snippet", "matched_synonyms", "audience", "lang"],
    "properties": {
        "id": {"type": "string", "description": "article id"},
        "title": {"type": "string"},
        "section": {"type": ["string", "null"], "description": "the H2 heading of the best section, null for the article itself"},
        "url": {"type": "string", "description": "/<id>/ or /<id>/#<anchor>"},
        "score": {"type": "number", "description": "the BM25F part of the ranking only (it also weighs how much of the query each result covers, and where): results are in rank order, which this number does not always follow"},
        "snippet": {"type": "string", "description": "HTML: matched terms in <mark>, everything else escaped"},
        "matched_synonyms": {"type": "array", "items": {"type": "object", "properties": {
            "query": {"type": "string", "description": "what was typed"},
            "synonym": {"type": "string", "description": "a synonym of it that the result matched"}}}},
        "audience": {"type": "array", "items": {"type": "string"}, "description": "audiences of the article, or ['all']"},
        "lang": {"type": "string", "description": "the language of this result: the one searched, or fallback_lang "
                                                  "for the results that follow when it had no confident answer"},
    },
}

def operation(lang_schema: dict) -> dict:
    """The OpenAPI operation, with the schema of ``lang`` (the release's languages)."""
    return {**OPERATION, "parameters": [OPERATION["parameters"][0], {
        "name": "lang", "in": "query", "schema": lang_schema,
        "description": "the language of the articles searched (its index, stemming, stop words and synonyms)"},
        *OPERATION["parameters"][1:]]}


OPERATION = {
    "summary": "Search articles",
    "description": "Ranks articles by how much of the query's concepts they match (a word, a synonym group or "
                   "a quoted phrase, each weighted by how few articles have it; question words such as 'how do I' "
                   "are left out when other words remain), a match in the title, keywords or a section heading "
                   "counting twice, blended with their BM25F score, the article whose title is the query's words "
                   "first among equals; each article appears once with its best section. "
                   "Unknown words (in no article, no synonym and no common English) are corrected to the closest "
                   "indexed word when that improves the match (quoted phrases never are): the response then says so "
                   "in corrected_from, and correct=false searches the words as typed; a correction that does not "
                   "improve the match is only offered in suggestion. "
                   "Audience aliases typed in q (filter-fl, filter-ag, filter-cl) filter by audience. "
                   "A visitor axis left out filters nothing; a given one matches articles for that value or for all. "
                   "lang searches the articles of that language; when it has no confident answer, results in the "
                   "source language (English) for the same words follow its own, each with \"lang\": \"en\", and "
                   "fallback_lang says so (they take up to half of limit, more when the language found fewer, at "
                   "least one; an article already shown is not repeated; an article translated into lang is shown "
                   "as its page in lang, with \"lang\" that language). confident and the corrections stay those of lang "
                   "(but for the translated page of the English words' confident answer, shown first: answered in "
                   "lang), and total is then the larger of the two languages' counts. "
                   "Without a confident answer, or with one only through a correction, suggested_lang names another "
                   "language in which the words as typed have one.",
    "parameters": [
        {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": MAX_Q},
         "description": "what the visitor typed; quoted phrases are literal; without a space at the end, "
                        "a last word no article has (of three letters or more) is searched as the words "
                        "it begins, as a search box asks while the visitor types (\"withdr\")"},
        {"name": "audience", "in": "query", "schema": params.parameter_schemas()["audience"]},
        {"name": "country", "in": "query", "schema": params.parameter_schemas()["country"],
         "description": "ISO 3166-1 alpha-2, upper or lower case"},
        {"name": "usertype", "in": "query", "schema": params.parameter_schemas()["usertype"]},
        {"name": "at", "in": "query", "schema": params.parameter_schemas()["at"],
         "description": "ISO 8601 date or datetime, year 1970 to 9998 (default: now)"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10}},
        {"name": "correct", "in": "query", "schema": {"type": "string", "enum": ["true", "false"], "default": "true"},
         "description": "false: search the words as typed; a correction is then only offered in suggestion"},
        {"name": "log", "in": "query", "schema": {"type": "string", "enum": ["true", "false"], "default": "true"},
         "description": "false: not logged for the report (search_id is null): a search made as the visitor "
                        "types; the site's search box asks again with log=true once the query has settled"},
    ],
    "responses": {
        "200": {"description": "results", "content": {"application/json": {"schema": {
            "type": "object", "required": ["query", "total", "results", "suggestion", "corrected_from", "confident",
                                           "lang", "fallback_lang", "suggested_lang"],
            "properties": {
                "query": {"type": "string", "description": "what the results are for: the normalised query, or its "
                                                           "correction when corrected_from is set"},
                "total": {"type": "integer", "description": "articles matching at least one concept of the query (in lang and, when its results follow, in the source language: the larger count)"},
                "results": {"type": "array", "items": _RESULT},
                "suggestion": {"type": ["string", "null"],
                               "description": "a corrected query that would find something, offered but not searched "
                                              "(with correct=false, or when it would not improve the match); the "
                                              "results are for query"},
                "corrected_from": {"type": ["string", "null"],
                                   "description": "set when the results are for a correction of what was typed: the "
                                                  "query as typed (search it with correct=false)"},
                "confident": {"type": "boolean",
                              "description": "whether the first result answers the query: it matches at least half "
                                             "of the query's weight (concepts weighted by how few articles have "
                                             "them; a third, and a third of the concepts, for a question of five or "
                                             "more), a tenth of it in its title, keywords or a section heading, and "
                                             "every concept of a query of up to three but light verbs (take, give, "
                                             "make) and words found in nearly every article. Searches without a "
                                             "confident answer count as gaps in the report"},
                "lang": {"type": "string", "description": "the language searched"},
                "fallback_lang": {"type": ["string", "null"],
                                  "description": "set (to the source language, en) when results in that language "
                                                 "follow those of lang (or come first, when the words read more "
                                                 "as English), because lang had no confident answer (not when "
                                                 "each of them was translated, and so is shown in lang), or "
                                                 "when a bridge line of synonyms.yml led words of q to an English "
                                                 "article not translated yet (shown first, or second after a "
                                                 "confident answer in lang); else null"},
                "suggested_lang": {"type": ["string", "null"],
                                   "description": "when lang has no confident answer, or one only through a correction "
                                                  "(corrected_from): another language of the help "
                                                  "center in which the words as typed have one (Spanish words searched "
                                                  "in English: \"es\"), to offer its search; never the source "
                                                  "language on another language's search (its results follow); else null"},
                "search_id": {"type": ["string", "null"], "description": "id of this search's log entry, for POST /api/search/click; "
                                                                 "null when not logged (log=false, an empty q)"},
            }}}}},
        **error_responses(400, 429),
    },
}
