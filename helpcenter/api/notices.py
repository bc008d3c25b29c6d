"""GET /api/notices: the notices a visitor sees, decided at request time from the release's notices.json."""
from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from core.notices import Notice, visible_notices
from core.targeting import Visitor, iso, now, to_moment
from core.vocabulary import AUDIENCES, COUNTRIES, ICONS, USERTYPES

# Short: a notice must appear or disappear close to its start or end, not one cache lifetime later.
CACHE_CONTROL = "public, max-age=30"


class BadParameter(ValueError):
    pass


def load_release_notices(release_path: Path) -> tuple[Notice, ...]:
    path = release_path / "notices.json"
    if not path.exists():
        return ()
    return tuple(Notice.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8")))


def parse_visitor(params) -> tuple[Visitor, object]:
    """The visitor and moment from query parameters; empty parameters mean unknown / now."""
    unknown = sorted(set(params) - {"country", "usertype", "audience", "at"})
    if unknown:
        raise BadParameter(f"unknown parameter {unknown[0]!r} (expected country, usertype, audience, at)")
    try:
        visitor = Visitor.from_values(params.get("audience"), params.get("country"), params.get("usertype"))
    except ValueError as e:
        raise BadParameter(str(e)) from None
    at_text = (params.get("at") or "").strip()
    try:
        at = to_moment(at_text) if at_text else now()
    except ValueError as e:
        raise BadParameter(f"at: {e}") from None
    return visitor, at


def routes(release):
    async def notices(request: Request):
        try:
            visitor, at = parse_visitor(request.query_params)
        except BadParameter as e:
            return JSONResponse({"error": str(e)}, status_code=400, headers={"Cache-Control": "no-store"})
        shown = visible_notices(release.resource("notices", load_release_notices), visitor, at)
        body = {
            "at": iso(at),
            "visitor": {"audience": visitor.audience, "country": visitor.country, "usertype": visitor.usertype},
            "notices": [n.to_dict() for n in shown],
        }
        return JSONResponse(body, headers={"Cache-Control": CACHE_CONTROL})

    notices.openapi = {
        "get": {
            "summary": "Notices a visitor sees now (or at a given moment)",
            "description": "Decided at request time from the current release's notices: a notice shows "
                           "when `start <= at < end` and it targets the visitor. An omitted axis is "
                           "unknown and matches only notices for `all`. The global notice comes first.",
            "parameters": [
                {"name": "country", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": sorted(COUNTRIES)}, "description": "ISO 3166-1 alpha-2"},
                {"name": "usertype", "in": "query", "required": False, "schema": {"enum": list(USERTYPES)}},
                {"name": "audience", "in": "query", "required": False, "schema": {"enum": list(AUDIENCES)}},
                {"name": "at", "in": "query", "required": False,
                 "schema": {"type": "string", "format": "date-time"},
                 "description": "ISO 8601 moment to decide at (default: now); a bare date is 00:00 UTC"},
            ],
            "responses": {
                "200": {
                    "description": "The visible notices, global first",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "at": {"type": "string", "format": "date-time"},
                            "visitor": {"type": "object"},
                            "notices": {"type": "array", "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "icon": {"enum": list(ICONS)},
                                    "icon_name": {"type": "string"},
                                    "html": {"type": "string", "description": "sanitised message HTML"},
                                    "audience": {}, "country": {}, "usertype": {},
                                    "start": {"type": ["string", "null"]},
                                    "end": {"type": ["string", "null"]},
                                },
                            }},
                        },
                    }}},
                },
                "400": {"description": "A bad parameter",
                        "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"error": {"type": "string"}}}}}},
            },
        }
    }
    return [Route("/api/notices", notices, methods=["GET"])]
