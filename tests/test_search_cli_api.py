"""`helpcenter search` and GET /api/search on the real content built as of BUILD_AT."""
import json

import httpx
import pytest

from conftest import BUILD_AT
from helpcenter.cli import main

AT = BUILD_AT.isoformat()


def test_cli_json(built_out, capsys):
    assert main(["search", "quit", "--out", str(built_out), "--at", AT, "--json", "--limit", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"query", "total", "results", "suggestion", "corrected_from", "confident"}
    assert result["query"] == "quit"
    assert [r["id"] for r in result["results"]][0] == "end-a-contract"
    assert len(result["results"]) == 2
    assert result["results"][0]["url"].startswith("/end-a-contract/")


def test_cli_text_and_filters(built_out, capsys):
    assert main(["search", "filter-cl quit", "--out", str(built_out), "--at", AT, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("for 'filter-cl quit'")
    assert out[2] == " 1. End a contract as a client"
    assert out[3].startswith("    /end-a-contract-as-a-client/  [client]  score ")
    assert "*" in out[4] and "<mark>" not in out[4]  # the snippet, matches starred
    assert out[5].startswith("    matched via ")
    assert len(out) == 6


def test_cli_says_when_it_corrected_and_how_to_search_the_original(built_out, capsys):
    assert main(["search", "cancle contract", "--out", str(built_out), "--at", AT, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Showing results for cancel contract; search instead for cancle contract "
                      "(run again with --no-correct)")
    assert main(["search", "cancle contract", "--out", str(built_out), "--at", AT, "--no-correct", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["query"], result["corrected_from"], result["suggestion"]) == \
        ("cancle contract", None, "cancel contract")


def test_quoted_query_is_never_corrected(built_out, capsys):
    assert main(["search", '"cancle contract"', "--out", str(built_out), "--at", AT, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["query"], result["corrected_from"], result["suggestion"], result["results"]) == \
        ('"cancle contract"', None, None, [])


def test_cli_bad_query_is_a_message_not_a_traceback(built_out, capsys):
    assert main(["search", "x" * 10240, "--out", str(built_out)]) == 2
    assert capsys.readouterr().err == "helpcenter search: the query is 10240 characters long; at most 500 are searched\n"


def test_cli_without_a_build(tmp_path, capsys):
    assert main(["search", "quit", "--out", str(tmp_path)]) == 1
    assert "no search index" in capsys.readouterr().err


def test_cli_rejects_bad_visitor_values(built_out):
    with pytest.raises(SystemExit) as e:
        main(["search", "quit", "--out", str(built_out), "--audience", "robot"])
    assert e.value.code == 2


def test_http_search(live_server):
    r = httpx.get(live_server.url + "/api/search", params={"q": "quit", "at": AT, "audience": "freelancer"})
    assert r.status_code == 200
    body = r.json()
    assert body["results"][0]["id"] == "end-a-contract"
    assert all("freelancer" in x["audience"] or x["audience"] == ["all"] for x in body["results"])


@pytest.mark.parametrize("params, message", [
    ({"q": "x" * 10240}, "q: the query is 10240 characters long; at most 500 are searched"),
    ({"q": "quit", "audience": "robot"}, "audience: expected one of freelancer, agency, client, got 'robot'"),
    ({"q": "quit", "country": "ZZ"}, "country: expected an ISO 3166-1 alpha-2 country code like US, got 'ZZ'"),
    ({"q": "quit", "usertype": "vip"}, "usertype: expected one of new, standard, top-rated, enterprise, got 'vip'"),
    ({"q": "quit", "at": "next week"},
     "at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), got 'next week'"),
    ({"q": "quit", "limit": "ten"}, "limit: expected a whole number from 1 to 50, got 'ten'"),
    ({"q": "quit", "limit": "0"}, "limit: expected a whole number from 1 to 50, got '0'"),
    ({"q": "quit", "sort": "date"}, "sort: unknown parameter; expected q, audience, country, usertype, at, limit, correct"),
    ({"q": "quit", "correct": "no"}, "correct: expected true or false, got 'no'"),
])
def test_http_400s(live_server, params, message):
    r = httpx.get(live_server.url + "/api/search", params=params)
    assert (r.status_code, r.json()) == (400, {"error": message, "field": message.split(":")[0]})


@pytest.mark.parametrize("q", ["", '"unbalanced', "AND OR NOT", "title:refund", "😀", "refund\x00", "((("])
def test_http_hostile_queries_are_200(live_server, q):
    r = httpx.get(live_server.url + "/api/search", params={"q": q, "at": AT})
    assert r.status_code == 200
    assert set(r.json()) == {"query", "total", "results", "suggestion", "corrected_from", "confident", "search_id"}


def test_openapi_describes_search(live_server):
    doc = httpx.get(live_server.url + "/api/openapi.json").json()
    op = doc["paths"]["/api/search"]["get"]
    assert [p["name"] for p in op["parameters"]] == ["q", "audience", "country", "usertype", "at", "limit", "correct"]
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"corrected_from", "confident", "suggestion"} <= set(body["required"])
    assert set(op["responses"]) == {"200", "400", "429"}
