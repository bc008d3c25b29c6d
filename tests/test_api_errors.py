"""Every API input path gets a typed answer: one error shape, one status per problem, in every route."""
from __future__ import annotations

import datetime as dt
import json
import re

import httpx
import pytest
from starlette.datastructures import Headers
from starlette.testclient import TestClient

from helpcenter.api.clients import RateLimit, client_address, trusted_proxies
from helpcenter.api.params import MAX_DEPTH, _MOMENT, json_depth
from helpcenter.web import create_app

GET_ROUTES = ["/api/search", "/api/notices", "/api/health", "/api/openapi.json"]
POST_ROUTES = {"/api/feedback": 16384, "/api/search/click": 16384, "/api/rules/end-contract": 65536}


@pytest.fixture(scope="module")
def client(built_out, tmp_path_factory, monkeypatch_module):
    monkeypatch_module.delenv("HELPCENTER_DATABASE_URL", raising=False)
    return TestClient(create_app(built_out), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def error(status, message, field):
    return status, {"error": message, "field": field}


def answer(r):
    return r.status_code, r.json()


@pytest.mark.parametrize("path", ["/api/nope", "/api/", "/api/search/nope", "/api/feedback/1"])
def test_unknown_api_routes_are_json_404(client, path):
    r = client.get(path)
    assert answer(r) == error(404, f"no such API route: {path}; see /api/openapi.json", None)


@pytest.mark.parametrize("path, method, allow", [
    ("/api/feedback", "GET", "OPTIONS, POST"), ("/api/search/click", "PUT", "OPTIONS, POST"),
    ("/api/rules/end-contract", "GET", "OPTIONS, POST"), ("/api/search", "POST", "GET, HEAD, OPTIONS"),
    ("/api/notices", "DELETE", "GET, HEAD, OPTIONS"), ("/api/health", "PATCH", "GET, HEAD, OPTIONS"),
])
def test_wrong_method_is_json_405_with_allow_and_options_answers_allow(client, path, method, allow):
    r = client.request(method, path)
    assert answer(r) == error(405, f"method {method} not allowed; allowed: {allow}", None)
    assert r.headers["Allow"] == allow
    r = client.options(path)
    assert (r.status_code, r.headers["Allow"], r.content) == (204, allow, b"")


@pytest.mark.parametrize("path", list(POST_ROUTES))
def test_oversized_body_is_413_in_every_route_declared_or_streamed(client, path):
    limit = POST_ROUTES[path]
    r = client.post(path, content=b" " * (limit + 1))
    assert answer(r) == error(413, f"body: at most {limit} bytes, got {limit + 1}", "body")
    assert r.headers["Connection"] == "close"

    def chunks():  # no Content-Length: the server must stop reading at the limit
        for _ in range(limit // 1000 + 2):
            yield b" " * 1000

    r = client.post(path, content=chunks())
    assert answer(r) == error(413, f"body: at most {limit} bytes", "body")


@pytest.mark.parametrize("path", list(POST_ROUTES))
def test_deep_nesting_is_400_in_every_route(client, path):
    r = client.post(path, content=b"[" * 1000 + b"]" * 1000)
    assert answer(r) == error(400, f"body: nested 1000 levels deep; at most {MAX_DEPTH}", "body")


def test_json_depth_ignores_brackets_in_strings():
    assert json_depth(b'{"a": "[[[[{{{{", "b": [["\\"]"]]}') == 3
    assert json_depth(b'"just a string"') == 0


@pytest.mark.parametrize("path, body, field", [
    ("/api/feedback", '{"article_id": "x", "helpful": false, "text": "a\\ud800b"}', "text"),
    ("/api/search/click", '{"query": "\\udfff", "article_id": "x", "url": "/x/"}', "query"),
    ("/api/rules/end-contract", '{"ended_by": "\\ud800"}', "ended_by"),
    ("/api/feedback", '{"\\ud800": 1}', "body"),
])
def test_lone_surrogates_are_400_naming_the_field(client, path, body, field):
    r = client.post(path, content=body.encode())
    assert answer(r) == error(400, f"{field}: not valid Unicode: a lone surrogate (\\ud800-\\udfff)", field)


@pytest.mark.parametrize("path, query, message", [
    ("/api/search", "q=a&q=b", "q: expected one value, got 2"),
    ("/api/notices", "at=2026-01-01&at=2026-01-02", "at: expected one value, got 2"),
    ("/api/search", "country=US&country=GB", "country: expected one value, got 2"),
    ("/api/search", "limit=5_0", "limit: expected a whole number from 1 to 50, got '5_0'"),
    ("/api/search", "limit=%D9%A3", "limit: expected a whole number from 1 to 50, got '٣'"),
    ("/api/search", "limit=+5", "limit: expected a whole number from 1 to 50, got ' 5'"),
    ("/api/search", "limit=51", "limit: expected a whole number from 1 to 50, got '51'"),
    ("/api/notices", "country=", "country: expected a value, got an empty one"),
    ("/api/search", "usertype=", "usertype: expected a value, got an empty one"),
    ("/api/notices", "at=", "at: expected a value, got an empty one"),
    ("/api/search", "country=AA", "country: expected an ISO 3166-1 alpha-2 country code like US, got 'AA'"),
    ("/api/search", "country=Us", "country: expected an ISO 3166-1 alpha-2 country code like US, got 'Us'"),
    # The guesses `helpcenter check` makes for the same values in front matter.
    ("/api/search", "country=UK", "country: expected an ISO 3166-1 alpha-2 country code like US, got 'UK' (did you mean GB?)"),
    ("/api/notices", "audience=freelancers",
     "audience: expected one of freelancer, agency, client, got 'freelancers' (did you mean 'freelancer'?)"),
    ("/api/search", "usertype=toprated",
     "usertype: expected one of new, standard, top-rated, enterprise, got 'toprated' (did you mean 'top-rated'?)"),
])
def test_query_parameters_are_read_the_same_in_every_route(client, path, query, message):
    assert answer(client.get(f"{path}?{query}")) == error(400, message, message.split(":")[0])


AT_ERROR = "at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), got {!r}"
YEARS = " (years go from 1970 to 9998)"


@pytest.mark.parametrize("path", ["/api/notices", "/api/search"])
@pytest.mark.parametrize("at, why", [("9999-12-31T23:59:59-12:00", YEARS), ("0001-01-01T00:00:00+00:01", YEARS),
                                     ("2027-02-29", " (February 2027 has no day 29)"), ("1969-12-31", YEARS),
                                     ("2026-11-26T24:00:00Z", " (hours go from 00 to 23)"),
                                     ("2026-11-26T10:00:00+24:00", "")])
def test_calendar_edges_are_400_not_500(client, path, at, why):
    r = client.get(path, params={"at": at})
    assert answer(r) == error(400, AT_ERROR.format(at) + why, "at")


@pytest.mark.parametrize("path", ["/api/notices", "/api/search"])
def test_a_date_written_another_way_gets_front_matters_guess(client, path):
    r = client.get(path, params={"at": "31/01/2027"})
    assert answer(r) == error(400, AT_ERROR.format("31/01/2027") + " (did you mean 2027-01-31?)", "at")


@pytest.mark.parametrize("path", ["/api/notices", "/api/search"])
@pytest.mark.parametrize("at", ["1970-01-01", "9998-12-31T23:59:59-12:00", "2028-02-29T00:00+14:00"])
def test_calendar_edges_inside_the_range_answer(client, path, at):
    assert client.get(path, params={"at": at}).status_code == 200


def test_the_moment_pattern_is_exactly_the_calendar():
    for year in [*range(1960, 2110), *range(2390, 2410), *range(9890, 10000)]:
        for month in range(1, 13):
            for day in range(1, 32):
                try:
                    dt.date(year, month, day)
                    real = 1970 <= year <= 9998
                except ValueError:
                    real = False
                assert bool(_MOMENT.search(f"{year:04d}-{month:02d}-{day:02d}")) == real, (year, month, day)


def test_rules_scenario_at_the_end_of_the_calendar_is_400(client):
    scenario = {"contract": {"type": "hourly", "hourly_rate": "40.00", "logged_hours": []}, "ended_by": "client",
                "reason_moves_off_platform": False, "ended_at": "9999-12-20T00:00:00Z"}
    r = client.post("/api/rules/end-contract", content=json.dumps(scenario))
    assert answer(r) == error(400, "ended_at: expected a moment in the years 1970 to 9998, got '9999-12-20T00:00:00Z'",
                              "ended_at")


def test_every_response_has_a_request_id_echoed_when_given(client):
    assert client.get("/api/health", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    made = client.get("/api/health", headers={"X-Request-ID": "bad id\x7f"}).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)


def test_a_bug_is_a_json_500_with_request_id_and_connection_close(built_out, monkeypatch, capsys):
    from helpcenter.api import notices

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(notices, "visible_notices", broken)
    client = TestClient(create_app(built_out), raise_server_exceptions=False)
    r = client.get("/api/notices", headers={"X-Request-ID": "req-1"})
    assert answer(r) == error(500, "internal error; request id req-1", None)
    assert r.headers["Connection"] == "close"
    logged = capsys.readouterr().err
    assert "[request req-1] unexpected error in GET /api/notices" in logged and "RuntimeError: boom" in logged


def test_keep_alive_survives_an_error_on_a_live_server(live_server):
    with httpx.Client(base_url=live_server.url) as c:
        assert c.post("/api/feedback", content=b"[" * 1000).status_code == 400
        assert c.get("/api/health").status_code == 200


class Peer:
    def __init__(self, host, forwarded=()):
        self.client = type("C", (), {"host": host})()
        self.headers = Headers(raw=[(b"x-forwarded-for", f.encode()) for f in forwarded])


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    trusted = trusted_proxies("10.0.0.0/8, ::1")
    assert client_address(Peer("203.0.113.9", ["198.51.100.1"]), trusted) == "203.0.113.9"
    assert client_address(Peer("10.0.0.2", ["198.51.100.1"]), trusted) == "198.51.100.1"
    # A client that writes its own header: the proxy appends the real address, which wins.
    assert client_address(Peer("10.0.0.2", ["1.1.1.1, 198.51.100.1, 10.0.0.5"]), trusted) == "198.51.100.1"
    assert client_address(Peer("10.0.0.2", ["1.1.1.1", "198.51.100.7"]), trusted) == "198.51.100.7"
    assert client_address(Peer("10.0.0.2"), trusted) == "10.0.0.2"
    assert client_address(Peer("10.0.0.2", ["198.51.100.1"]), ()) == "10.0.0.2"


def test_search_rate_limit_is_per_forwarded_client(built_out, monkeypatch):
    monkeypatch.setenv("HELPCENTER_SEARCH_RATE", "2/3600")
    monkeypatch.setattr(RateLimit, "clock", staticmethod(lambda: 1000.0))  # a slow machine cannot shift the wait
    monkeypatch.setenv("HELPCENTER_TRUSTED_PROXIES", "testclient")  # not an address: nothing trusted
    with pytest.raises(ValueError, match="HELPCENTER_TRUSTED_PROXIES: expected IP addresses"):
        create_app(built_out)
    monkeypatch.setenv("HELPCENTER_TRUSTED_PROXIES", "")
    client = TestClient(create_app(built_out))
    headers = {"X-Forwarded-For": "198.51.100.1"}
    assert [client.get("/api/search?q=x", headers=headers).status_code for _ in range(2)] == [200, 200]
    r = client.get("/api/search?q=x", headers={"X-Forwarded-For": "198.51.100.2"})  # not trusted: same client
    assert answer(r) == error(429, "too many requests: try again in 1800 s", None)
    assert r.headers["Retry-After"] == "1800"


def test_rate_limit_off():
    assert not hasattr(RateLimit.from_text("off", "X"), "wait")


def test_feedback_limit_keys_on_the_client_behind_a_trusted_proxy(built_out, monkeypatch):
    monkeypatch.delenv("HELPCENTER_DATABASE_URL", raising=False)
    monkeypatch.setenv("HELPCENTER_FEEDBACK_RATE", "1/60")
    monkeypatch.setenv("HELPCENTER_TRUSTED_PROXIES", "10.0.0.0/8")
    client = TestClient(create_app(built_out), client=("10.0.0.2", 50000))
    statuses = [client.post("/api/feedback", json={}, headers={"X-Forwarded-For": ip}).status_code
                for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.1")]
    assert statuses == [400, 400, 429]  # each reader has a bucket; an invalid post spends a token too


def test_a_client_that_leaves_mid_body_is_a_client_error_not_an_outage():
    import asyncio

    from starlette.requests import Request

    from helpcenter.api.errors import ApiError
    from helpcenter.api.params import json_body

    messages = iter([{"type": "http.request", "body": b'{"article_id": ', "more_body": True},
                     {"type": "http.disconnect"}])

    async def receive():
        return next(messages)

    request = Request({"type": "http", "method": "POST", "headers": [(b"content-length", b"40")]}, receive)
    with pytest.raises(ApiError) as raised:
        asyncio.run(json_body(request, 10_000))
    assert (raised.value.status, raised.value.field, raised.value.message) == (
        400, "body", "body: the connection closed before the whole body arrived")


@pytest.mark.parametrize("query, headers", [
    ("q=end+contract", {}), ("q=end+contract", {"Accept-Encoding": "gzip"}), ("q=end+contract", {"Accept-Encoding": "br"}),
    ("q=refund&limit=1", {}), ("q=", {}), ("limit=0", {}), ("nope=1", {}), ("q=a&q=b", {"Accept-Encoding": "gzip"}),
    ("q=" + "x" * 600, {}), ("at=2026-02-30", {}), ("q=%22unclosed", {}),
])
def test_the_hot_search_path_answers_as_the_full_stack_does(built_out, monkeypatch, query, headers):
    """GET /api/search skips the middleware and the router (HelpCenterApp.hot): the same status,
    headers (in order) and body as through them, for answers and errors, gzipped or not."""
    monkeypatch.delenv("HELPCENTER_DATABASE_URL", raising=False)
    monkeypatch.setenv("HELPCENTER_SEARCH_RATE", "off")
    hot, full = create_app(built_out), create_app(built_out)
    assert "/api/search" in hot.hot
    full.hot = {}
    answers = []
    for app in (hot, full):
        r = TestClient(app).get(f"/api/search?{query}", headers={"X-Request-ID": "same", "Accept-Encoding": "identity",
                                                                 **headers})
        body = r.json()
        if isinstance(body, dict):
            body.pop("search_id", None)
        answers.append((r.status_code, r.headers.multi_items(), body))
    for status, items, _ in answers:
        for i, (name, value) in enumerate(items):
            if name == "content-length" and status == 200:
                items[i] = (name, "-")  # the search_ids differ (gzipped, so may their sizes)
    assert answers[0] == answers[1]


def test_a_bug_in_the_hot_search_path_is_the_same_json_500(built_out, monkeypatch, capsys):
    from helpcenter.api import search

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setenv("HELPCENTER_SEARCH_RATE", "off")
    monkeypatch.setattr(search, "_search", broken)
    hot, full = create_app(built_out), create_app(built_out)
    full.hot = {}
    answers = []
    for app in (hot, full):
        r = TestClient(app, raise_server_exceptions=False).get("/api/search?q=x", headers={"X-Request-ID": "req-9"})
        answers.append((r.status_code, r.headers.multi_items(), r.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 500 and ("connection", "close") in answers[0][1]
    assert capsys.readouterr().err.count("[request req-9] unexpected error in GET /api/search") == 2
