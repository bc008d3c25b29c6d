"""`helpcenter rules` and POST /api/rules/end-contract: an outcome, its trace, and answers to link."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from conftest import CONTENT
from helpcenter import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "rules_engine" / "examples"
HOURLY = EXAMPLES / "hourly-client-ends.json"
FIXED = EXAMPLES / "fixed-price-freelancer-ends.json"
AT = "2026-11-26T12:00:00Z"  # the moment conftest's built_out is built at

NEGATIVE_HOURS = {
    "contract": {"type": "hourly", "hourly_rate": "40.00",
                 "logged_hours": [{"hours": 5, "eligible": True}, {"hours": -3, "eligible": True}]},
    "ended_by": "client", "reason_moves_off_platform": False, "ended_at": "2026-11-26T10:00:00Z",
}


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def explain_json(capsys, scenario: Path) -> dict:
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(scenario), "--json",
                         "--content", str(CONTENT), "--at", AT)
    assert (code, err) == (0, "")
    return json.loads(out)


HOURLY_LINKS = [
    ("contract.end-any-time", ["/end-a-contract-as-a-client/#end-any-time", "/end-a-contract/#end-any-time"]),
    ("feedback.both-sides", ["/end-a-contract-as-a-client/#end-any-time", "/end-a-contract/#end-any-time"]),
    ("hourly.diary-locks", ["/end-a-contract-as-a-client/#hourly-contracts", "/end-a-contract/#hourly-contracts"]),
    ("hourly.eligible-time-paid", ["/end-a-contract-as-a-client/#hourly-contracts", "/end-a-contract/#hourly-contracts"]),
    ("hourly.eligible-time-paid", ["/end-a-contract-as-a-client/#hourly-contracts", "/end-a-contract/#hourly-contracts"]),
]


def links(explained: dict) -> list[tuple[str, list[str]]]:
    return [(c["rule_id"], [a["url"] for a in c["answers"]]) for c in explained["consequences"]]


# --- the command line -------------------------------------------------------------------------

def test_explain_an_hourly_contract_with_links_to_verified_answers(capsys):
    explained = explain_json(capsys, HOURLY)
    assert (explained["paid_to_freelancer"], explained["refunded_to_client"], explained["flags"]) == ("200.00", "0.00", [])
    assert explained["feedback_open_until"] == "2026-12-10T10:00:00Z"
    assert links(explained) == HOURLY_LINKS
    assert explained["consequences"][3]["answers"][1] == {
        "id": "end-a-contract/eligible-time-paid",
        "url": "/end-a-contract/#hourly-contracts",
        "title": "End a contract",
        "claim": "Eligible time logged before the contract closed is still paid.",
    }
    assert [(s["rule_id"], s["fired"]) for s in explained["trace"]] == [
        ("contract.end-any-time", True), ("policy.circumvention", False), ("feedback.both-sides", True),
        ("hourly.diary-locks", True), ("hourly.eligible-time-paid", True),
    ]
    assert explained["trace"][1]["reason"] == "The contract was not ended to take work or payments off-platform."


def test_explain_a_fixed_price_contract(capsys):
    explained = explain_json(capsys, FIXED)
    assert (explained["paid_to_freelancer"], explained["refunded_to_client"], explained["kept_by_freelancer"]) == (
        "0.00", "500.00", "300.00")
    refunds = [c for c in explained["consequences"] if c["rule_id"] == "fixed.unused-funds-refunded"]
    assert [c["sentence"] for c in refunds] == [
        'Milestone "Build" was funded but not released: its 400.00 goes back to the client.',
        "100.00 of project funds not assigned to any milestone goes back to the client.",
    ]
    assert [a["id"] for a in refunds[0]["answers"]] == [
        "end-a-contract-as-a-client/unused-funds-refunded", "end-a-contract/unused-funds-refunded"]


def test_explain_as_text_names_totals_sentences_links_and_trace(capsys):
    code, out, _ = run(capsys, "rules", "explain", "--scenario", str(HOURLY), "--content", str(CONTENT), "--at", AT)
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Hourly contract ended by the client at 2026-11-26T10:00:00Z",
        "Paid to the freelancer: 200.00   Refunded to the client: 0.00   Kept by the freelancer: 0.00",
        "Feedback can be left until: 2026-12-10T10:00:00Z (not at that moment itself)",
    ]
    assert "- The freelancer is paid 200.00 for 5 hours of eligible logged time at 40.00 an hour." in lines
    assert "  verified answer: /end-a-contract/#hourly-contracts  (end-a-contract/eligible-time-paid)" in lines
    assert "- policy.circumvention: did not fire. The contract was not ended to take work or payments off-platform." in lines


def test_an_invalid_scenario_is_one_line_and_exit_2(capsys, tmp_path):
    scenario = tmp_path / "negative.json"
    scenario.write_text(json.dumps(NEGATIVE_HOURS), encoding="utf-8")
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(scenario))
    assert (code, out, err) == (
        2, "", f"helpcenter rules: {scenario}: contract.logged_hours[1].hours: must be zero or more, got -3\n")


@pytest.mark.parametrize(
    "text, message",
    [
        ("{oops", "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[]", "expected an object with contract, ended_by, reason_moves_off_platform, ended_at, got a list"),
    ],
)
def test_malformed_scenario_files(capsys, tmp_path, text, message):
    scenario = tmp_path / "bad.json"
    scenario.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "rules", "explain", "--scenario", str(scenario))
    assert (code, err) == (2, f"helpcenter rules: {scenario}: {message}\n")


def test_a_missing_scenario_file(capsys, tmp_path):
    code, _, err = run(capsys, "rules", "explain", "--scenario", str(tmp_path / "nope.json"))
    assert (code, err) == (2, f"helpcenter rules: {tmp_path / 'nope.json'}: no such file\n")


def test_rules_list(capsys):
    code, out, _ = run(capsys, "rules", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [
        "contract.end-any-time", "policy.circumvention", "feedback.both-sides", "hourly.diary-locks",
        "hourly.eligible-time-paid", "fixed.released-milestones-kept", "fixed.unused-funds-refunded",
        "fixed.unfunded-milestones-close",
    ]
    assert all(r["passing"] and r["examples"] > 0 for r in rows)
    code, out, _ = run(capsys, "rules", "list")
    assert out.splitlines()[0].startswith("contract.end-any-time            Either side can end a contract at any time  [")


# --- the API ----------------------------------------------------------------------------------

def post(live_server, body: bytes) -> httpx.Response:
    return httpx.post(f"{live_server.url}/api/rules/end-contract", content=body,
                      headers={"content-type": "application/json"})


def test_the_api_explains_from_the_current_release(live_server, capsys):
    response = post(live_server, HOURLY.read_bytes())
    assert response.status_code == 200
    explained = response.json()
    assert links(explained) == HOURLY_LINKS
    # The same answer, whether asked on the command line from content or over HTTP from the release.
    assert explained == explain_json(capsys, HOURLY)


def test_the_api_names_the_bad_field(live_server):
    response = post(live_server, json.dumps(NEGATIVE_HOURS).encode())
    assert (response.status_code, response.json()) == (400, {
        "error": "contract.logged_hours[1].hours: must be zero or more, got -3",
        "field": "contract.logged_hours[1].hours",
    })


def test_the_api_rejects_malformed_json(live_server):
    response = post(live_server, b"{oops")
    assert (response.status_code, response.json()) == (400, {
        "error": "body: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        "field": "body",
    })


def test_the_api_refuses_a_huge_body(live_server):
    response = post(live_server, b" " * (64 * 1024 + 1))
    assert response.status_code == 413


def test_the_api_is_described_in_openapi(live_server):
    paths = httpx.get(f"{live_server.url}/api/openapi.json").json()["paths"]
    assert list(paths["/api/rules/end-contract"]) == ["post"]
