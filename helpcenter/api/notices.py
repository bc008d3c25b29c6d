"""GET /api/notices: the notices a visitor sees, decided at request time from the release's notices.json."""
from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from core.notices import Notice, visible_notices
from core.targeting import Visitor, iso, now
from core.vocabulary import ICONS

from . import params
from .errors import error_responses

# Short: a notice must appear or disappear close to its start or end, not one cache lifetime later.
CACHE_CONTROL = "public, max-age=30"


def load_release_notices(release_path: Path) -> tuple[Notice, ...]:
    path = release_path / "notices.json"
    if not path.exists():
        return ()
    return tuple(Notice.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8")))


PARAMS = ("country", "usertype", "audience", "at", "lang")


def notices_body(visitor: Visitor, at, shown, lang: str = "en", source_lang: str = "en") -> dict:
    """The answer of GET /api/notices (and of `helpcenter notices --json`): each message in
    ``lang`` when the notice has it, else in the source language."""
    return {
        "at": iso(at),
        "lang": lang,
        "visitor": {"audience": visitor.audience, "country": visitor.country, "usertype": visitor.usertype},
        "notices": [n.to_dict(lang, source_lang) for n in shown],
    }


def routes(release):
    async def notices(request: Request):
        values = params.query(request, PARAMS)
        visitor = params.visitor(values)
        at = params.moment(values, "at") or now()
        languages = params.release_languages(release)
        lang = params.language(values, languages)
        shown = visible_notices(release.resource("notices", load_release_notices), visitor, at)
        return JSONResponse(notices_body(visitor, at, shown, lang, languages[0]),
                            headers={"Cache-Control": CACHE_CONTROL})

    notices.openapi = lambda: {
        "get": {
            "summary": "Notices a visitor sees now (or at a given moment)",
            "description": "Decided at request time from the current release's notices: a notice shows "
                           "when `start <= at < end` and it targets the visitor. An omitted axis is "
                           "unknown and matches only notices for `all`. The global notice comes first.",
            "parameters": [
                {"name": "country", "in": "query", "required": False,
                 "schema": params.parameter_schemas()["country"], "description": "ISO 3166-1 alpha-2, upper or lower case"},
                {"name": "usertype", "in": "query", "required": False, "schema": params.parameter_schemas()["usertype"]},
                {"name": "audience", "in": "query", "required": False, "schema": params.parameter_schemas()["audience"]},
                {"name": "at", "in": "query", "required": False, "schema": params.parameter_schemas()["at"],
                 "description": "ISO 8601 moment to decide at, year 1970 to 9998 (default: now); "
                                "a bare date is 00:00 UTC"},
                {"name": "lang", "in": "query", "required": False, "schema": params.language_schema(release),
                 "description": "the language of the messages (default: the source language); a notice "
                                "without a message in that language comes in the source language"},
            ],
            "responses": {
                "200": {
                    "description": "The visible notices, global first",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "at": {"type": "string", "format": "date-time"},
                            "lang": {"type": "string", "description": "the language asked for"},
                            "visitor": {"type": "object"},
                            "notices": {"type": "array", "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "icon": {"enum": list(ICONS)},
                                    "icon_name": {"type": "string"},
                                    "html": {"type": "string", "description": "sanitised message HTML"},
                                    "lang": {"type": "string", "description": "the language of html: the one "
                                             "asked for, or the source language when the notice has no "
                                             "message in it"},
                                    "audience": {}, "country": {}, "usertype": {},
                                    "start": {"type": ["string", "null"]},
                                    "end": {"type": ["string", "null"]},
                                },
                            }},
                        },
                    }}},
                },
                **error_responses(400, 503),
            },
        }
    }
    return [Route("/api/notices", notices, methods=["GET"])]
