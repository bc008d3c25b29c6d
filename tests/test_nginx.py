"""The documented production setup, for real: nginx (deploy/nginx/) in front of two replicas.

nginx serves the site from disk through ``out/site`` -> ``current`` and proxies ``/api/`` to two
`helpcenter serve` processes; a browser searches, sees notices and sends feedback through it.
"""
from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from conftest import BUILD_AT, CONTENT, LiveServer, free_port
from helpcenter.pipeline import build
from helpcenter.progress import Progress
from nginx_stack import Nginx, start_replica, stop

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """(nginx URL, out folder, [replica processes]) serving the real content, built for that URL."""
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out = tmp / "out"
    # Built for the address it is served at, as production is: instant navigation needs it.
    build(CONTENT, out, at=BUILD_AT, site_url=url + "/", progress=Progress(7, quiet=True), record_answers=False)
    replicas = []
    try:
        for _ in range(2):
            replica_port = free_port()
            replicas.append((start_replica(out, replica_port, tmp / f"replica-{replica_port}.log"), replica_port))
        with Nginx(tmp / "nginx", port, out / "site", [f"127.0.0.1:{p}" for _, p in replicas]) as served:
            assert served == url
            yield url, out, replicas
    finally:
        for proc, _ in replicas:
            stop(proc)


def bundle(out, pattern):
    found = sorted((out / "site").glob(pattern))
    assert len(found) == 1, found
    return "/" + found[0].relative_to(out / "site").as_posix()


def test_static_files_come_precompressed_with_their_cache_policy(stack):
    url, out, _ = stack
    js = bundle(out, "assets/javascripts/bundle.*.min.js")
    css = bundle(out, "assets/stylesheets/main.*.min.css")
    for path, policy in [("/", "no-cache"), (js, "public, max-age=31536000, immutable"),
                         (css, "public, max-age=31536000, immutable"), ("/assets/hc/notices.js", "no-cache")]:
        r = httpx.get(url + path, headers=GZIP)
        assert (r.status_code, r.headers["content-encoding"], r.headers["vary"], r.headers["cache-control"]) == \
            (200, "gzip", "Accept-Encoding", policy), path
        # What nginx sent is the build's own .gz file, byte for byte.
        disk = out / "site" / (path.lstrip("/") or "index.html")
        assert int(r.headers["content-length"]) == disk.with_name(disk.name + ".gz").stat().st_size, path
        plain = httpx.get(url + path, headers=IDENTITY)
        assert "content-encoding" not in plain.headers, path
        assert (plain.headers["cache-control"], plain.content) == (policy, disk.read_bytes()), path


def test_pages_are_revalidated_with_their_etag(stack):
    url, _, _ = stack
    first = httpx.get(url + "/end-a-contract/", headers=GZIP)
    again = httpx.get(url + "/end-a-contract/", headers={**GZIP, "If-None-Match": first.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")


def test_root_files_and_404(stack):
    url, _, _ = stack
    robots = httpx.get(url + "/robots.txt")
    assert robots.text == ("User-agent: *\nAllow: /\nDisallow: /search/\nDisallow: /es/search/\nDisallow: /fr/search/\n\n"
                           f"Sitemap: {url}/sitemap.xml\nSitemap: {url}/es/sitemap.xml\n"
                           f"Sitemap: {url}/fr/sitemap.xml\n")
    icon = httpx.get(url + "/favicon.ico")
    assert (icon.status_code, icon.headers["content-type"], icon.content[:4]) == (200, "image/x-icon", b"\0\0\1\0")
    missing = httpx.get(url + "/no-such-page/", headers=GZIP)
    assert (missing.status_code, missing.headers["cache-control"]) == (404, "no-cache")
    assert '<html lang="en"' in missing.text
    # Each language's own not-found page; an English article id that looks like a language code is not one.
    for path, lang in [("/es/no-such-page/", "es"), ("/fr/x/y/", "fr"), ("/es/", None), ("/faq/nothing", "en")]:
        r = httpx.get(url + path, headers=GZIP)
        if lang is None:
            assert r.status_code == 200 and '<html lang="es"' in r.text
        else:
            assert (r.status_code, r.headers["cache-control"]) == (404, "no-cache"), path
            assert f'<html lang="{lang}"' in r.text, path
    # The Spanish address of an article with no Spanish translation: the build's page saying so.
    untranslated = httpx.get(url + "/es/work-diary/", headers=GZIP)
    assert (untranslated.status_code, untranslated.headers["cache-control"]) == (200, "no-cache")
    assert '<html lang="es" data-hc-page="untranslated">' in untranslated.text
    assert '<a href="../../work-diary/" hreflang="en" lang="en">' in untranslated.text


def test_api_is_proxied_with_its_own_headers(stack):
    url, _, _ = stack
    r = httpx.get(url + "/api/search", params={"q": "refund"}, headers=GZIP)
    assert r.status_code == 200 and r.json()["results"]
    assert r.headers["content-encoding"] == "gzip"  # compressed by the replica, passed through
    assert r.headers.get_list("vary") == ["Accept-Encoding"]
    assert r.headers["cache-control"] != "no-cache"  # the API's own, not the static policy
    assert httpx.get(url + "/api/no-such-route").status_code == 404


def test_the_search_results_page_is_written_by_the_replicas(stack):
    url, _, _ = stack
    page = httpx.get(url + "/search/", params={"query": "quit"})
    assert page.status_code == 200 and "data-hc-served" in page.text
    assert '<a href="../end-a-contract/" data-hc-result="1">End a contract</a>' in page.text
    spanish = httpx.get(url + "/es/search/", params={"query": "reembolso"})
    assert spanish.status_code == 200 and "data-hc-served" in spanish.text and '<html lang="es"' in spanish.text
    empty = httpx.get(url + "/search/")  # no words: how to search, from the replicas too
    assert empty.status_code == 200 and "Type your question in the box above" in empty.text
    assert "needs JavaScript" not in empty.text


def test_one_replica_down_the_other_answers(stack):
    url, out, replicas = stack
    # Both replicas answer while both are up (round robin).
    for _ in range(4):
        assert httpx.get(url + "/api/health").status_code == 200
    proc, port = replicas[0]
    stop(proc)
    try:
        answers = [httpx.get(url + "/api/search", params={"q": "refund"}).status_code for _ in range(6)]
        assert answers == [200] * 6
    finally:
        replicas[0] = (start_replica(out, port, out.parent / f"replica-{port}.log"), port)


def test_a_new_release_is_served_by_nginx_without_a_reload(stack):
    url, out, _ = stack
    before = httpx.get(url + "/api/health").json()["release"]
    etag = httpx.get(url + "/", headers=GZIP).headers["etag"]
    result = build(CONTENT, out, at=BUILD_AT, site_url=url + "/", progress=Progress(7, quiet=True),
                   record_answers=False)
    assert result.release.name != before
    assert httpx.get(url + "/", headers=GZIP).headers["etag"] != etag  # the new release's file
    assert {httpx.get(url + "/api/health").json()["release"] for _ in range(4)} == {result.release.name}


# --- In the browser, through nginx ---------------------------------------------------------------


def test_search_box_shows_results_through_nginx(page, stack):
    url, _, _ = stack
    calls = []
    page.on("response", lambda r: calls.append((r.url, r.status)) if "/api/search?" in r.url else None)
    page.goto(url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("quit", delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    assert first.locator("h1").inner_text().startswith("End a contract")
    assert any("q=quit" in u and status == 200 for u, status in calls), calls


def test_an_address_typed_with_capitals_finds_its_page_through_nginx(page, stack):
    """nginx tells case apart and answers 404; the not-found page tries the lower-case address once."""
    url, _, _ = stack
    assert httpx.get(url + "/End-A-Contract/").status_code == 404
    page.goto(url + "/End-A-Contract/?from=ticket#hourly-contracts")
    page.wait_for_url(url + "/end-a-contract/?from=ticket#hourly-contracts")
    assert page.locator("h1").first.inner_text() == "End a contract"
    page.goto(url + "/No-Such-Page/")
    page.wait_for_url(url + "/no-such-page/")  # the lower-case address does not exist either: its 404, once
    page.wait_for_timeout(300)
    assert page.url == url + "/no-such-page/" and page.locator("[data-hc-not-found]").count() == 1


def test_notices_appear_through_nginx(page, stack):
    url, _, _ = stack
    answered = []
    page.on("response", lambda r: answered.append(r.status) if "/api/notices" in r.url else None)
    page.goto(url + "/?country=US&usertype=standard&audience=freelancer")
    page.wait_for_selector("[data-hc-notices][data-hc-state=ready]", state="attached")
    shown = page.eval_on_selector_all("[data-hc-notice]", "els => els.map(e => e.dataset.hcNotice)")
    assert shown[0] == "global"
    assert answered and set(answered) == {200}  # decided by the API, not the static fallback


def test_feedback_is_posted_and_stored_through_nginx(page, stack):
    url, out, _ = stack
    article = json.loads((out / "current" / "build.json").read_text())["articles"][0]
    page.goto(f"{url}/{article}/")
    widget = page.locator("form.hc-feedback")
    widget.get_by_role("button", name="Yes").click()
    widget.get_by_text("Thank you for your feedback!").wait_for()
    with sqlite3.connect(out / "helpcenter.sqlite3") as db:
        rows = db.execute("SELECT article_id, helpful FROM feedback").fetchall()
    assert (article, 1) in rows


def test_instant_navigation_works_when_served_at_the_public_url(page, stack):
    url, _, _ = stack
    page.goto(url + "/")
    page.evaluate("window.hcSamePage = true")
    page.locator('a[href$="end-a-contract/"]').first.click()
    page.wait_for_url(f"{url}/end-a-contract/")
    page.locator("form.hc-feedback").wait_for(state="attached")
    assert page.evaluate("window.hcSamePage === true")  # no full reload: Material swapped the page


def test_x_forwarded_for_reaches_the_replicas(tmp_path):
    """The proxy headers the replicas see (here: an app that echoes them)."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def echo(request):
        return JSONResponse({k: request.headers.get(k) for k in ("x-forwarded-for", "x-forwarded-proto", "host")})

    with LiveServer(Starlette(routes=[Route("/api/echo", echo)])) as upstream:
        site = tmp_path / "site"
        site.mkdir()
        port = free_port()
        with Nginx(tmp_path / "nginx", port, site, [f"127.0.0.1:{upstream.port}"]) as url:
            seen = httpx.get(url + "/api/echo", headers={"X-Forwarded-For": "203.0.113.7"}).json()
    assert seen == {"x-forwarded-for": "203.0.113.7, 127.0.0.1", "x-forwarded-proto": "http", "host": "127.0.0.1"}


def test_with_no_replica_answering_the_search_results_page_is_the_built_one(tmp_path):
    """nginx proxies the results page; when no replica answers, it sends the page as built, whose
    script searches in the dialog (and which says, without JavaScript, that searching needs it)."""
    site = tmp_path / "site"
    for folder in (site / "search", site / "es" / "search"):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f"<p>built {folder.parent.name}</p>\n", encoding="utf-8")
    port = free_port()
    with Nginx(tmp_path / "nginx", port, site, [f"127.0.0.1:{free_port()}"]) as url:  # nothing listens there
        answers = [httpx.get(url + path, params={"query": "refund"}) for path in ("/search/", "/es/search/")]
    assert [(a.status_code, a.text) for a in answers] == [(200, "<p>built site</p>\n"), (200, "<p>built es</p>\n")]
