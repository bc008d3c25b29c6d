"""POST /api/rules/end-contract: what ending a contract does, as a short answer with verified links."""
from __future__ import annotations

import json
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import answers
import rules_engine

from . import params
from .errors import ApiError, error_responses

MAX_BODY = 64 * 1024  # a scenario is a few hundred bytes; anything near this is not one
_MEDIA = {"text": "text/plain; charset=utf-8", "markdown": "text/markdown; charset=utf-8"}
_EXAMPLE = {
    "contract": {"type": "hourly", "hourly_rate": "40.00", "logged_hours": [{"hours": 5}]},
    "ended_by": "client", "asked_by": "freelancer", "ended_at": "2026-11-25T10:00:00Z",
    "timezone": "Europe/Berlin",
}


def routes(release):
    def release_answers() -> list[dict]:
        # The answers of the release being served, so links always point at pages that exist.
        # The source language's, then each other language's (site/<lang>/verified-answers.json),
        # which answers.explain prefers for a reader of that language.
        def load(path):
            files = [path / "site" / "verified-answers.json", *sorted((path / "site").glob("*/verified-answers.json"))]
            return [answer for file in files if file.exists() for answer in json.loads(file.read_text(encoding="utf-8"))]

        return release.resource("verified-answers", load)

    async def end_contract(request: Request):
        values = params.query(request, ("format", "trace", "lang"))
        fmt = values.get("format", "json")
        if fmt not in answers.FORMATS:
            raise ApiError.bad("format", f"expected one of {', '.join(answers.FORMATS)}, got {fmt!r}")
        lang = params.language(values, params.release_languages(release))
        trace = bool(params.boolean(values, "trace"))
        document = await params.json_body(request, MAX_BODY, parse_float=Decimal)
        if isinstance(document, dict) and isinstance(document.get("ended_at"), str):
            params.check_year("ended_at", document["ended_at"])
        try:
            scenario = rules_engine.scenario_from_dict(document)
        except rules_engine.ScenarioError as e:
            raise ApiError(400, str(e), e.path or None) from None
        explained = answers.explain(rules_engine.end_contract(scenario), release_answers(), trace=trace, lang=lang)
        if fmt == "json":
            return JSONResponse(explained)
        return Response(answers.render(explained, fmt), media_type=_MEDIA[fmt])

    end_contract.openapi = lambda: {  # the lang enum is the languages of the release being served
        "post": {
            "summary": "What happens when a contract ends: a short answer with one verified link per point",
            "description": "Applies every contract rule to the scenario and answers the person who asked "
                           "(`asked_by`, default `ended_by`): one sentence per consequence, each with one link "
                           "to the verified answer on their side (the provider article for freelancers and "
                           "agencies, the client article for clients), absolute under the site's public URL. "
                           "Times are given in the scenario's `timezone`; sentences, dates and amounts in `lang`. "
                           "The scenario format is the JSON Schema printed by `helpcenter rules schema`.",
            "parameters": [
                {"name": "format", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": list(answers.FORMATS), "default": "json"},
                 "description": "json (the points with figures and dates), or the paste-ready text or markdown"},
                {"name": "trace", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": ["true", "false"], "default": "false"},
                 "description": "true adds the trace: every rule that applies, and why it fired or not"},
                {"name": "lang", "in": "query", "required": False,
                 "schema": params.language_schema(release),
                 "description": "the language of the headline, the sentences, the trace and the fixed words "
                                "(dates and amounts written that language's way; default: the source language); "
                                "the figures and dates of `outcome` stay machine-readable, and links go to the "
                                "verified answers the release publishes"},
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": rules_engine.SCENARIO_SCHEMA, "example": _EXAMPLE}},
            },
            "responses": {
                "200": {"description": "format=json: {lang, asked_by, headline, points: [{sentence, rule_id, code, "
                                       "link: {id, url, title, claim, lang} or null}], outcome: {provider, closed_at, "
                                       "feedback_open_until, billed_at, dispute_until, available_at, flags, "
                                       "paid_to_provider, refunded_to_client, released_before_the_end, "
                                       "consequences}, scenario, trace (with trace=true)}; format=text or "
                                       "markdown: the answer as text/plain or text/markdown",
                        "content": {"application/json": {}, "text/plain": {}, "text/markdown": {}}},
                **error_responses(400, 413),
            },
        }
    }
    return [Route("/api/rules/end-contract", end_contract, methods=["POST"])]
