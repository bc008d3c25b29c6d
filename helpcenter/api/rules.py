"""POST /api/rules/end-contract: what ending a contract does, with the verified answers to link."""
from __future__ import annotations

import json
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import rules_engine

import answers

from . import params
from .errors import ApiError, error_responses

MAX_BODY = 64 * 1024  # a scenario is a few hundred bytes; anything near this is not one


def routes(release):
    def release_answers() -> list[dict]:
        # The answers of the release being served, so links always point at pages that exist.
        def load(path):
            file = path / "site" / "verified-answers.json"
            return json.loads(file.read_text(encoding="utf-8")) if file.exists() else []

        return release.resource("verified-answers", load)

    async def end_contract(request: Request):
        document = await params.json_body(request, MAX_BODY, parse_float=Decimal)
        if isinstance(document, dict) and isinstance(document.get("ended_at"), str):
            params.check_year("ended_at", document["ended_at"])
        try:
            scenario = rules_engine.scenario_from_dict(document)
        except rules_engine.ScenarioError as e:
            raise ApiError(400, str(e), e.path or None) from None
        return JSONResponse(answers.explain(rules_engine.end_contract(scenario), release_answers()))

    end_contract.openapi = {
        "post": {
            "summary": "What happens when a contract ends, with the verified answers that document it",
            "description": "Applies every contract rule to the scenario. Returns the totals, every consequence "
                           "(each with `answers`: the verified answers of the current release citing its rule, "
                           "with their permalinks) and the trace of every rule that applied.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"example": {
                    "contract": {"type": "hourly", "hourly_rate": "40.00",
                                 "logged_hours": [{"hours": 5, "eligible": True}]},
                    "ended_by": "client", "reason_moves_off_platform": False,
                    "ended_at": "2026-11-26T10:00:00Z",
                }}},
            },
            "responses": {
                "200": {"description": "The outcome: closed_at, feedback_open_until, flags, totals, "
                                       "consequences with answers, trace, scenario"},
                **error_responses(400, 413),
            },
        }
    }
    return [Route("/api/rules/end-contract", end_contract, methods=["POST"])]
