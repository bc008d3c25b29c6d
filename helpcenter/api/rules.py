"""POST /api/rules/end-contract: what ending a contract does, with the verified answers to link."""
from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import rules_engine

import answers

MAX_BODY = 64 * 1024  # a scenario is a few hundred bytes; anything near this is not one


def routes(release):
    def release_answers() -> list[dict]:
        # The answers of the release being served, so links always point at pages that exist.
        def load(path):
            file = path / "site" / "verified-answers.json"
            return json.loads(file.read_text(encoding="utf-8")) if file.exists() else []

        return release.resource("verified-answers", load)

    async def end_contract(request: Request):
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": f"a scenario must be at most {MAX_BODY} bytes", "path": ""}, status_code=413)
        try:
            scenario = rules_engine.scenario_from_json(body)
        except rules_engine.ScenarioError as e:
            return JSONResponse({"error": str(e), "path": e.path}, status_code=400)
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
                "400": {"description": "Invalid scenario or malformed JSON: {\"error\": message, \"path\": "
                                       "JSON path of the bad field, empty when the body is not JSON}"},
                "413": {"description": "Body larger than 64 KiB"},
            },
        }
    }
    return [Route("/api/rules/end-contract", end_contract, methods=["POST"])]
