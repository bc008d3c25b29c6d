"""assets/hc/visitor.js in headless Chromium: values outside core's vocabulary are ignored and forgotten."""
import json

from playwright.sync_api import expect

NOBODY = {"audience": None, "country": None, "usertype": None}


def stored(page):
    return json.loads(page.evaluate("localStorage.getItem('hc-visitor')") or "null")


def test_an_invalid_preview_parameter_is_not_remembered_and_search_still_works(page, live_server):
    page.goto(live_server.url + "/?country=ZZ&audience=client")
    assert stored(page) == {**NOBODY, "audience": "client"}
    calls = []
    page.on("response", lambda r: calls.append((r.url, r.status)) if "/api/search" in r.url else None)
    page.goto(live_server.url + "/end-a-contract/")  # a later page, no parameters
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("quit", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    assert calls and all(status == 200 and "country=" not in url for url, status in calls), calls


def test_invalid_stored_values_are_ignored_and_forgotten(page, live_server):
    page.goto(live_server.url + "/")
    page.evaluate("""localStorage.setItem('hc-visitor', JSON.stringify(
        {audience: 'robot', country: 'ZZ', usertype: 'standard'}))""")
    page.goto(live_server.url + "/end-a-contract/")
    assert page.evaluate("HCVisitor.current()") == {**NOBODY, "usertype": "standard"}
    assert stored(page) == {**NOBODY, "usertype": "standard"}


def test_valid_values_are_kept_as_before(page, live_server):
    page.goto(live_server.url + "/?country=us&usertype=Top-Rated&audience=freelancer")
    page.goto(live_server.url + "/end-a-contract/")
    assert page.evaluate("HCVisitor.current()") == {"audience": "freelancer", "country": "US", "usertype": "top-rated"}
