"""GET /api/search: the synonym- and audience-aware search of the current release."""
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from core.targeting import to_moment

from . import feedback as feedback_api

PARAMS = ("q", "audience", "country", "usertype", "at", "limit", "correct")


def open_searcher(release_path):
    from search import Searcher

    return Searcher.for_release(release_path)


def routes(release):
    async def search_endpoint(request: Request):
        # async on purpose: starlette runs sync endpoints in a thread pool, and a Whoosh searcher
        # must stay on one thread. Each worker process has its own searcher per release.
        from search import QueryError

        params = request.query_params
        try:
            unknown = sorted(set(params) - set(PARAMS))
            if unknown:
                raise QueryError(f"unknown parameter {unknown[0]!r}; expected {', '.join(PARAMS)}")
            for name in PARAMS:
                if len(params.getlist(name)) > 1:
                    raise QueryError(f"{name}: expected one value, got {len(params.getlist(name))}")
            limit = params.get("limit")
            if limit is not None:
                try:
                    limit = int(limit)
                except ValueError:
                    raise QueryError(f"limit: expected a whole number from 1 to 50, got {limit!r}") from None
            at = params.get("at") or None
            if at is not None:
                try:
                    at = to_moment(at)
                except ValueError as e:
                    raise QueryError(f"at: {e}") from None
            correct = params.get("correct")
            if correct is not None:
                if correct not in ("true", "false"):
                    raise QueryError(f"correct: expected true or false, got {correct!r}")
                correct = correct == "true"
            searcher = release.resource("searcher", open_searcher)
            result = searcher.search(params.get("q", ""), audience=params.get("audience") or None,
                                     country=params.get("country") or None, usertype=params.get("usertype") or None,
                                     at=at, limit=limit, correct=correct)
        except QueryError as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        # A new dict: ``result`` may be the searcher's cached object, shared by later requests.
        body = {**result, "search_id": feedback_api.log_search(release, params, result)}
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    search_endpoint.openapi = {"get": OPERATION}
    return [Route("/api/search", search_endpoint, methods=["GET"])]


_RESULT = {
    "type": "object",
    "required": ["id", "title", "section", "url", "score", "snippet", "matched_synonyms", "audience"],
    "properties": {
        "id": {"type": "string", "description": "article id"},
        "title": {"type": "string"},
        "section": {"type": ["string", "null"], "description": "the H2 heading of the best section, null for the article itself"},
        "url": {"type": "string", "description": "/<id>/ or /<id>/#<anchor>"},
        "score": {"type": "number"},
        "snippet": {"type": "string", "description": "HTML: matched terms in <mark>, everything else escaped"},
        "matched_synonyms": {"type": "array", "items": {"type": "object", "properties": {
            "query": {"type": "string", "description": "what was typed"},
            "synonym": {"type": "string", "description": "a synonym of it that the result matched"}}}},
        "audience": {"type": "array", "items": {"type": "string"}, "description": "audiences of the article, or ['all']"},
    },
}

OPERATION = {
    "summary": "Search articles",
    "description": "Ranks articles by how many of the query's concepts they match (a word, a synonym group or "
                   "a quoted phrase; question words such as 'how do I' are left out when other words remain), then "
                   "by how many matched in the title or keywords, then in a section heading, then by BM25F score; "
                   "each article appears once with its best section. Unknown words are corrected to the closest "
                   "indexed word (quoted phrases never are): the response then says so in corrected_from, and "
                   "correct=false searches the words as typed. "
                   "Audience aliases typed in q (filter-fl, filter-ag, filter-cl) filter by audience. "
                   "A visitor axis left out filters nothing; a given one matches articles for that value or for all.",
    "parameters": [
        {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 500},
         "description": "what the visitor typed; quoted phrases are literal"},
        {"name": "audience", "in": "query", "schema": {"type": "string", "enum": ["freelancer", "agency", "client"]}},
        {"name": "country", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
         "description": "ISO 3166-1 alpha-2"},
        {"name": "usertype", "in": "query", "schema": {"type": "string", "enum": ["new", "standard", "top-rated", "enterprise"]}},
        {"name": "at", "in": "query", "schema": {"type": "string"}, "description": "ISO 8601 moment (default: now)"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
        {"name": "correct", "in": "query", "schema": {"type": "string", "enum": ["true", "false"], "default": "true"},
         "description": "false: search the words as typed; a correction is then only offered in suggestion"},
    ],
    "responses": {
        "200": {"description": "results", "content": {"application/json": {"schema": {
            "type": "object", "required": ["query", "total", "results", "suggestion", "corrected_from", "confident"],
            "properties": {
                "query": {"type": "string", "description": "what the results are for: the normalised query, or its "
                                                           "correction when corrected_from is set"},
                "total": {"type": "integer", "description": "articles matching at least one concept of the query"},
                "results": {"type": "array", "items": _RESULT},
                "suggestion": {"type": ["string", "null"],
                               "description": "a corrected query that would find something, offered but not searched "
                                              "(correct=false); the results are for query"},
                "corrected_from": {"type": ["string", "null"],
                                   "description": "set when the results are for a correction of what was typed: the "
                                                  "query as typed (search it with correct=false)"},
                "confident": {"type": "boolean",
                              "description": "whether the first result answers the query: it matches every concept "
                                             "of the query, one of them in its title, keywords or a section heading. "
                                             "Searches without a confident answer count as gaps in the report"},
                "search_id": {"type": ["string", "null"], "description": "id of this search's log entry, for POST /api/search/click"},
            }}}}},
        "400": {"description": "a bad parameter", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"error": {"type": "string"}}}}}},
    },
}
