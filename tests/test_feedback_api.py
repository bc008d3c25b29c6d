"""POST /api/feedback and POST /api/search/click: exact validation errors, the rate limit, storage."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import feedback
from conftest import release_dir
from helpcenter.api.clients import RateLimit
from helpcenter.web import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def out(built_out, tmp_path):
    return release_dir(built_out, tmp_path)


@pytest.fixture
def client(out, monkeypatch):
    monkeypatch.delenv(feedback.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("HELPCENTER_FEEDBACK_RATE", "1000/1")
    with TestClient(create_app(out)) as c:
        yield c


@pytest.fixture
def article(built_out):
    import json

    return json.loads((built_out / "current" / "build.json").read_text())["articles"][0]


def stored(out):
    store = feedback.store_for(out)
    store.flush()
    return store


def test_feedback_is_stored_and_its_id_returned(client, out, article):
    r = client.post("/api/feedback", json={"article_id": article, "helpful": False, "reason": "missing-info",
                                           "text": "  Which form?  ", "query": "  How To  REFUND "})
    assert r.status_code == 201
    entry_id = r.json()["id"]
    assert stored(out).select("SELECT id, article_id, helpful, reason, reason_text, search_query FROM feedback") == [
        (entry_id, article, 0, "missing-info", "Which form?", "how to refund")]
    r = client.post("/api/feedback", json={"article_id": article, "helpful": True})
    assert r.status_code == 201 and r.json() == {"id": entry_id + 1}


@pytest.mark.parametrize("body, error", [
    ({"helpful": True}, "article_id: required"),
    ({"article_id": 7, "helpful": True}, "article_id: expected a string, got 7"),
    ({"article_id": "no-such-article", "helpful": True}, "article_id: unknown article 'no-such-article'"),
    ({"article_id": "ARTICLE"}, "helpful: required"),
    ({"article_id": "ARTICLE", "helpful": "no"}, "helpful: expected true or false, got 'no'"),
    ({"article_id": "ARTICLE", "helpful": 0}, "helpful: expected true or false, got 0"),
    ({"article_id": "ARTICLE", "helpful": False, "reason": "boring"},
     "reason: expected one of outdated, unclear, missing-info, didnt-solve, other, got 'boring'"),
    ({"article_id": "ARTICLE", "helpful": False, "reason": ["unclear"]},
     "reason: expected one of outdated, unclear, missing-info, didnt-solve, other, got [\"unclear\"]"),
    ({"article_id": "ARTICLE", "helpful": True, "reason": "unclear"}, "reason: only allowed when helpful is false"),
    ({"article_id": "ARTICLE", "helpful": False, "text": 5}, "text: expected a string, got int"),
    ({"article_id": "ARTICLE", "helpful": False, "text": "x" * 1001}, "text: at most 1000 characters, got 1001"),
    ({"article_id": "ARTICLE", "helpful": True, "text": "great"}, "text: only allowed when helpful is false"),
    ({"article_id": "ARTICLE", "helpful": False, "query": "q" * 501}, "query: at most 500 characters, got 501"),
    ({"article_id": "ARTICLE", "helpful": False, "query": ["a"]}, "query: expected a string, got list"),
    ({"article_id": "ARTICLE", "helpful": False, "email": "me@example.com"}, "email: unknown field"),
    ([], "body: expected a JSON object"),
    ("yes", "body: expected a JSON object"),
])
def test_invalid_feedback_is_refused_naming_the_field(client, out, article, body, error):
    if isinstance(body, dict) and body.get("article_id") == "ARTICLE":
        body = {**body, "article_id": article}
    r = client.post("/api/feedback", json=body)
    assert (r.status_code, r.json()) == (400, {"error": error, "field": error.split(":")[0]})
    assert stored(out).counts()["feedback"] == 0


def test_a_body_that_is_not_json_or_too_large_is_refused(client):
    r = client.post("/api/feedback", content=b"{not json", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()) == (400, {
        "error": "body: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        "field": "body"})
    r = client.post("/api/feedback", content=b" " * 20000)
    assert (r.status_code, r.json()) == (413, {"error": "body: at most 16384 bytes, got 20000", "field": "body"})
    assert r.headers["Connection"] == "close"


def test_text_plain_bodies_are_accepted(client, article):
    # navigator.sendBeacon can only post text/plain.
    r = client.post("/api/feedback", content=f'{{"article_id": "{article}", "helpful": true}}',
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 201


def test_rate_limit_answers_429_with_retry_after(out, monkeypatch, article):
    monkeypatch.delenv(feedback.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("HELPCENTER_FEEDBACK_RATE", "3/60")
    monkeypatch.setattr(RateLimit, "clock", staticmethod(lambda: 1000.0))  # a slow machine cannot shift the wait
    with TestClient(create_app(out)) as c:
        statuses = [c.post("/api/feedback", json={"article_id": article, "helpful": True}).status_code for _ in range(3)]
        assert statuses == [201, 201, 201]
        r = c.post("/api/feedback", json={"article_id": article, "helpful": True})
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "20"
        assert r.json() == {"error": "too many requests: try again in 20 s", "field": None}
        # An invalid post also spends a token: the limit is on requests, not on rows.
        assert c.post("/api/feedback", json={}).status_code == 429
    assert stored(out).counts()["feedback"] == 3


def test_rate_limit_refills_and_keys_by_client():
    limit = RateLimit(2, 10)
    assert [limit.wait("10.0.0.1", now=0) for _ in range(3)] == [0, 0, 5.0]
    assert limit.wait("10.0.0.2", now=0) == 0
    assert limit.wait("10.0.0.1", now=5.0) == 0
    assert limit.wait("10.0.0.1", now=5.0) == pytest.approx(5.0)


def test_rate_limit_forgets_idle_clients():
    limit = RateLimit(1, 1)
    limit.max_clients = 2
    limit.wait("a", now=0)
    limit.wait("b", now=0)
    limit.wait("c", now=10)  # a and b have refilled: indistinguishable from new, so dropped
    assert sorted(limit._buckets) == ["c"]


def test_rate_limit_setting_is_checked():
    with pytest.raises(ValueError, match=re.escape("HELPCENTER_FEEDBACK_RATE: expected BURST/SECONDS like 10/60 (or off), got 'fast'")):
        RateLimit.from_text("fast", "HELPCENTER_FEEDBACK_RATE")


def test_click_is_logged(client, out, article):
    r = client.post("/api/search/click", json={"search_id": "a" * 32, "article_id": article,
                                               "url": f"/{article}/", "rank": 2})
    assert (r.status_code, r.json()) == (202, {"status": "accepted"})
    r = client.post("/api/search/click", json={"query": " Refund ", "article_id": article, "url": f"/{article}/"})
    assert r.status_code == 202
    assert stored(out).select("SELECT search_id, query, article_id, url, rank FROM clicks ORDER BY id") == [
        ("a" * 32, None, article, f"/{article}/", 2), (None, "refund", article, f"/{article}/", None)]


@pytest.mark.parametrize("body, error", [
    ({"article_id": "ARTICLE", "url": "/x/"}, "search_id: required (or query)"),
    ({"search_id": "1; drop table", "article_id": "ARTICLE", "url": "/x/"},
     "search_id: expected the search_id of a search response, got '1; drop table'"),
    ({"query": "x", "article_id": "gone", "url": "/x/"}, "article_id: unknown article 'gone'"),
    ({"query": "x", "article_id": "ARTICLE"}, "url: required"),
    ({"query": "x", "article_id": "ARTICLE", "url": "/x/", "rank": 0}, "rank: expected a whole number from 1 to 1000, got 0"),
    ({"query": "x", "article_id": "ARTICLE", "url": "/x/", "rank": True}, "rank: expected a whole number from 1 to 1000, got true"),
])
def test_invalid_click_is_refused(client, article, body, error):
    body = {k: (article if v == "ARTICLE" else v) for k, v in body.items()}
    r = client.post("/api/search/click", json=body)
    assert (r.status_code, r.json()) == (400, {"error": error, "field": error.split(":")[0]})


def test_openapi_describes_feedback_and_click(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    feedback_schema = paths["/api/feedback"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert feedback_schema["properties"]["reason"]["enum"] == [*feedback.REASONS, None]
    assert sorted(feedback_schema["properties"]) == ["article_id", "helpful", "lang", "query", "reason", "text"]
    # The ids a post may name are the published ones of the release being served.
    published = client.get("/api/health").json()["articles"]
    assert len(feedback_schema["properties"]["article_id"]["enum"]) == published
    assert "post" in paths["/api/search/click"]


def test_the_widget_offers_exactly_the_reasons_the_api_accepts():
    partial = (ROOT / "publish" / "theme" / "partials" / "hc-feedback.html").read_text(encoding="utf-8")
    assert tuple(re.findall(r'name="reason" value="([^"]+)"', partial)) == feedback.REASONS


def test_a_search_is_logged_with_its_confidence(client, out):
    at = "2026-11-26T12:00:00Z"
    answered = client.get("/api/search", params={"q": "how do I pause a contract", "at": at}).json()
    gap = client.get("/api/search", params={"q": "delete my account", "at": at}).json()
    assert (answered["confident"], gap["confident"]) == (True, False)
    assert gap["results"]  # it found something, and is still a gap
    rows = stored(out).select("SELECT id, query, result_count, confident FROM searches ORDER BY query")
    assert [(q, bool(c)) for _, q, _, c in rows] == [("delete my account", False), ("how do i pause a contract", True)]
    assert {r[0] for r in rows} == {answered["search_id"], gap["search_id"]}


def test_a_search_asked_with_log_false_is_not_logged(client, out):
    # The site's search box asks as the visitor types (log=false), then once more when the query
    # has settled: only that one is a search in the report.
    typed = [client.get("/api/search", params={"q": q, "log": "false"}).json() for q in ("how do i", "how do i en")]
    settled = client.get("/api/search", params={"q": "how do i end", "log": "true"}).json()
    assert [t["search_id"] for t in typed] == [None, None] and settled["search_id"]
    assert stored(out).select("SELECT query FROM searches") == [("how do i end",)]
    bad = client.get("/api/search", params={"q": "x", "log": "no"})
    assert (bad.status_code, bad.json()["field"]) == (400, "log")
    # No words (no q, or only spaces): nothing searched, no search in the report (it counted as a gap).
    empty = [client.get("/api/search", params=p).json() for p in ({}, {"q": "   "})]
    assert [(e["search_id"], e["total"]) for e in empty] == [(None, 0), (None, 0)]
    assert stored(out).select("SELECT query FROM searches") == [("how do i end",)]


def test_feedback_and_clicks_carry_their_language(client, out):
    r = client.post("/api/feedback", json={"article_id": "end-a-contract", "helpful": True, "lang": "es"})
    assert r.status_code == 201
    r = client.post("/api/search/click", json={"query": "cancelar", "article_id": "end-a-contract",
                                               "url": "/es/end-a-contract/", "lang": "fr"})
    assert r.status_code == 202
    client.post("/api/feedback", json={"article_id": "end-a-contract", "helpful": True})
    searched = client.get("/api/search", params={"q": "cancelar contrato", "lang": "es"}).json()
    store = stored(out)
    assert store.select("SELECT lang FROM feedback ORDER BY id") == [("es",), ("en",)]
    assert store.select("SELECT lang FROM clicks") == [("fr",)]
    assert store.select("SELECT id, lang FROM searches") == [(searched["search_id"], "es")]


@pytest.mark.parametrize("path, body", [
    ("/api/feedback", {"article_id": "end-a-contract", "helpful": True, "lang": "ES"}),
    ("/api/search/click", {"query": "x", "article_id": "end-a-contract", "url": "/x/", "lang": "ES"}),
])
def test_an_unknown_language_is_refused(client, path, body):
    r = client.post(path, json=body)
    assert (r.status_code, r.json()) == (400, {"error": "lang: expected one of the help center's languages en, es, fr, got 'ES'",
                                           "field": "lang"})


def test_openapi_lists_the_languages_feedback_accepts(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/feedback", "/api/search/click"):
        schema = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert schema["properties"]["lang"]["enum"] == ["en", "es", "fr", None]
