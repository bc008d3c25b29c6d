"""The "Was this article helpful?" widget in headless Chromium, down to the row in the database."""
from __future__ import annotations

import json
import time

import pytest

import feedback
from conftest import LiveServer
from helpcenter.web import create_app
from conftest import release_dir


@pytest.fixture
def site(built_out, tmp_path, monkeypatch):
    """A live server with a database of its own; yields (url, out)."""
    monkeypatch.delenv(feedback.DATABASE_URL_ENV, raising=False)
    out = release_dir(built_out, tmp_path)
    with LiveServer(create_app(out)) as server:
        yield server.url, out


@pytest.fixture
def article(built_out):
    return json.loads((built_out / "current" / "build.json").read_text())["articles"][0]


def logged(store, sql: str, seconds: float = 10) -> list:
    """The rows of ``sql`` once the store has some (searches and clicks are written in the
    background), or none after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        store.flush()
        found = store.select(sql)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def rows(out):
    return feedback.store_for(out).select(
        "SELECT article_id, helpful, reason, reason_text, search_query FROM feedback ORDER BY id")


def test_no_with_a_reason_is_stored(page, site, article):
    url, out = site
    page.goto(f"{url}/{article}/?q=Refund%20policy")
    widget = page.locator("form.hc-feedback")
    widget.get_by_text("Was this article helpful?").wait_for()
    # Material opens its search dialog for a ?q= link; the reader closes it to read the article.
    page.keyboard.press("Escape")
    widget.get_by_role("button", name="No").click()
    widget.get_by_label("It is hard to understand").check()
    widget.get_by_label("Tell us more").fill("Which form do I use?")
    widget.get_by_role("button", name="Send").click()
    widget.get_by_text("Thank you for your feedback!").wait_for()
    assert rows(out) == [(article, 0, "unclear", "Which form do I use?", "refund policy")]


def test_yes_sends_the_query_the_search_box_remembered(page, site, article):
    url, out = site
    page.goto(f"{url}/{article}/")
    page.evaluate("sessionStorage.setItem('hc-last-query', 'How do I get PAID')")
    page.locator("form.hc-feedback").get_by_role("button", name="Yes").click()
    page.get_by_text("Thank you for your feedback!").wait_for()
    assert rows(out) == [(article, 1, None, None, "how do i get paid")]


def test_widget_is_mounted_after_instant_navigation(page, site, article):
    url, _ = site
    page.goto(f"{url}/categories/contracts/")  # the category page lists the article
    assert page.locator("form.hc-feedback").count() == 0
    page.locator(f'a[href$="{article}/"]').first.click()
    widget = page.locator(f'form.hc-feedback[data-hc-article="{article}"]')
    widget.wait_for(state="visible")
    assert widget.get_attribute("data-hc-mounted") == "true"


def test_failure_is_shown_when_the_api_is_down(page, static_only_server, article):
    page.goto(f"{static_only_server}/{article}/")
    widget = page.locator("form.hc-feedback")
    widget.get_by_role("button", name="Yes").click()
    widget.get_by_text("Sorry, we could not record your feedback right now. Please try again later.").wait_for()
    # The reader can try again: the buttons are enabled again.
    assert widget.get_by_role("button", name="Yes").is_enabled()


def test_a_clicked_search_result_is_logged_and_feeds_the_widget(page, site):
    url, out = site
    page.goto(f"{url}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("quit", delay=30)
    first = page.locator("a.md-search-result__link").first
    first.wait_for(timeout=15000)
    first.click()
    page.wait_for_url(f"{url}/end-a-contract/**")
    store = feedback.store_for(out)
    # the click is posted in the background while the page changes
    clicks = logged(store, "SELECT query, article_id, url, rank FROM clicks")
    assert clicks == [("quit", "end-a-contract", "/end-a-contract/", 1)]
    assert page.evaluate("sessionStorage.getItem('hc-last-query')") == "quit"
    # Clicked before the query settled (search-worker.js logs a query left unchanged 1.2 s): the
    # click settles it, so the search is logged with its click.
    searches = logged(store, "SELECT query FROM searches")
    assert searches == [("quit",)]


def test_the_search_box_logs_the_query_the_visitor_settles_on_not_each_keystroke(page, site):
    # Typed key by key with pauses longer than the worker's debounce, each prefix was a search of
    # its own in the report ("how do i", "how do i en"...), most of them gaps.
    url, out = site
    page.goto(f"{url}/")
    box = page.locator("input.md-search__input")
    box.click()
    for part in ("how do i", " end", " a contract"):
        box.press_sequentially(part, delay=30)
        page.wait_for_timeout(400)  # answered (debounce 120 ms), not yet settled (1.2 s)
    page.locator("a.md-search-result__link").first.wait_for(timeout=15000)
    store = feedback.store_for(out)
    assert logged(store, "SELECT query FROM searches")  # the settled query arrives
    time.sleep(1.5)  # and nothing else comes
    store.flush()
    assert store.select("SELECT query FROM searches") == [("how do i end a contract",)]
