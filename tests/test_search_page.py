"""The search results page, /search/?query= (helpcenter/search_page.py): the API's results written
by the server into the built page, so the site can be searched without JavaScript, and every match
can be seen (the search dialog shows the best 10, then links here)."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from starlette.testclient import TestClient

import feedback
from conftest import release_dir
from helpcenter.web import create_app


@pytest.fixture
def out(built_out, tmp_path):
    return release_dir(built_out, tmp_path)


@pytest.fixture
def client(out):
    return TestClient(create_app(out))


def results(page: str) -> list[tuple[str, str]]:
    """(address, title) of each result, in order."""
    return re.findall(r'<h3 class="hc-search-page__title"><a href="([^"]+)" data-hc-result="\d+"[^>]*>(?:<span lang="\w+">)?([^<]+)',
                      page)


def logged(out) -> list[tuple]:
    store = feedback.store_for(out)
    store.flush()
    return store.select("SELECT query, audience, lang FROM searches ORDER BY created_at")


def test_the_page_lists_what_the_api_finds_in_its_order(client):
    answer = client.get("/api/search", params={"q": "client won't pay for my work", "audience": "freelancer",
                                               "limit": 50, "log": "false"}).json()
    response = client.get("/search/", params={"query": "client won't pay for my work", "audience": "freelancer"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache"  # kept for Back, not logged again
    assert response.headers["content-encoding"] == "gzip" and response.headers["vary"] == "Accept-Encoding"
    assert len(response.content) > 3 * int(response.headers["content-length"])  # decoded by the client
    page = response.text
    shown = results(page)
    assert shown == [("../" + r["url"].lstrip("/"), r["title"]) for r in answer["results"]]
    assert len(shown) == answer["total"] > 10  # every match, where the search dialog shows 10
    assert f'<p class="hc-search-page__count" role="status">{len(shown)} matching articles</p>' in page
    # The words in the box, the page's title and its heading; the built page around them.
    assert 'value="client won&#x27;t pay for my work" data-hc-query' in page
    assert "<title>Results for “client won&#x27;t pay for my work” - Search results - Help Center</title>" in page
    assert '<h2 id="hc-search-page-results" class="hc-search-page__for">Results for “client won&#39;t pay for my work”</h2>' in page
    assert '<h2 id="hc-categories-title">Browse by topic</h2>' in page and '<meta name="robots" content="noindex">' in page
    first = page[page.index('<li class="hc-search-page__result">'):]
    first = first[:first.index("</li>")]
    assert answer["results"][0]["snippet"] in first  # the API's HTML: matches in <mark>
    assert '<span class="hc-search-badge hc-search-badge--client">Client</span>' in first


def test_more_matches_than_shown_are_counted_and_the_reader_told_how_to_narrow_them(out, monkeypatch):
    import helpcenter.search_page as search_page

    monkeypatch.setattr(search_page, "SHOWN", 3)  # the help center has fewer than 50 articles
    page = TestClient(create_app(out)).get("/search/", params={"query": "contract"}).text
    total = TestClient(create_app(out)).get("/api/search", params={"q": "contract", "log": "false"}).json()["total"]
    assert len(results(page)) == 3 < total
    assert f'<p class="hc-search-page__count" role="status">The best 3 of {total} matching articles</p>' in page
    assert ('<p class="hc-search-page__more">Not among them? Add a word or two to your search to see fewer, '
            'closer matches.</p>') in page
    every = TestClient(create_app(out)).get("/search/", params={"query": "w9"}).text
    assert results(every) and "hc-search-page__more" not in every  # all shown: nothing to narrow


def test_a_section_result_names_its_section(client):
    page = client.get("/search/", params={"query": "work diary screenshots"}).text
    sections = re.findall(r'<p class="hc-search-page__section">Section: ([^<]+)</p>', page)
    answer = client.get("/api/search", params={"q": "work diary screenshots", "limit": 50, "log": "false"}).json()
    assert sections == [r["section"] for r in answer["results"] if r["section"]] != []


@pytest.mark.parametrize("typed", ['"><img src=x onerror=alert(1)><script>alert(2)</script>',
                                   # misspelt first: shown again in "Search instead for" / "Did you mean"
                                   'cancle "><img src=x onerror=alert(1)>', 'paymnet <script>alert(2)</script>'])
def test_typed_words_are_never_markup(client, typed):
    for correct in ("true", "false"):
        page = client.get("/search/", params={"query": typed, "correct": correct, "audience": '"><img src=x>'}).text
        assert "<img src=x" not in page and "<script>alert(2)" not in page
        assert page.count("data-hc-query") >= 2  # the box's value and the results' words, escaped


def test_the_words_are_in_the_box_escaped(client):
    typed = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    page = client.get("/search/", params={"query": typed}).text
    assert 'value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;" data-hc-query' in page


def test_a_correction_is_said_with_a_link_to_the_words_as_typed(client):
    page = client.get("/search/", params={"query": "cancle contract", "audience": "freelancer"}).text
    assert ('<p class="hc-search-page__note">Showing results for <strong>cancel contract</strong>. '
            '<a href="?query=cancle+contract&amp;audience=freelancer&amp;correct=false">'
            'Search instead for “cancle contract”</a></p>') in page
    as_typed = client.get("/search/", params={"query": "cancle contract", "audience": "freelancer",
                                              "correct": "false"}).text
    assert "Search instead for “cancle contract”</a>" not in as_typed
    answer = client.get("/api/search", params={"q": "cancle contract", "audience": "freelancer", "correct": "false",
                                               "limit": 50, "log": "false"}).json()
    assert [title for _, title in results(as_typed)] == [r["title"] for r in answer["results"]]


def test_no_confident_answer_is_said_above_the_results(client):
    page = client.get("/search/", params={"query": "delete my account"}).text
    assert ('<p class="hc-search-page__unsure">No article seems to answer this exactly: these results match only '
            'part of it.</p>') in page
    assert "hc-search-page__unsure" not in client.get("/search/", params={"query": "end a contract"}).text


def test_a_language_site_has_its_own_page_with_english_results_marked(client):
    response = client.get("/es/search/", params={"query": "impuestos"})
    page = response.text
    assert response.status_code == 200 and '<html lang="es"' in page
    assert results(page)[0] == ("../../us-tax-information/", "Tax information for US freelancers")
    assert ('<a href="../../us-tax-information/" data-hc-result="1" hreflang="en"><span lang="en">Tax information '
            'for US freelancers</span></a> <span class="hc-search-lang">en inglés</span>') in page
    assert "<title>Resultados para «impuestos» - Resultados de la búsqueda - Centro de ayuda</title>" in page


def test_the_language_switcher_leads_to_the_same_words_in_each_language(client):
    page = client.get("/es/search/", params={"query": "reembolso", "audience": "client"}).text
    switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"', page)
    assert set(switcher) == {("../../search/?query=reembolso&amp;audience=client", "en"),
                             ("../search/?query=reembolso&amp;audience=client", "es"),
                             ("../../fr/search/?query=reembolso&amp;audience=client", "fr")}


def test_words_of_another_language_offer_its_results_page(client):
    page = client.get("/search/", params={"query": "cómo termino mi contrato"}).text
    assert ('<a href="../es/search/?query=c%C3%B3mo+termino+mi+contrato" hreflang="es">Search in '
            '<span lang="es">Español</span></a>') in page


def test_each_page_search_is_logged_once_and_the_dialogs_see_all_is_not(client, out):
    client.get("/search/", params={"query": "refund", "audience": "client"})
    client.get("/es/search/", params={"query": "reembolso"})
    client.get("/search/", params={"query": "refund", "log": "false"})  # the dialog logged it
    client.get("/search/")  # nothing searched
    assert logged(out) == [("refund", "client", "en"), ("reembolso", None, "es")]


def test_a_visitor_value_the_api_would_refuse_is_left_out(client):
    wrong = client.get("/search/", params={"query": "refund", "audience": "clients", "country": "UK"})
    assert wrong.status_code == 200
    assert results(wrong.text) == results(client.get("/search/", params={"query": "refund"}).text)
    assert results(wrong.text) != results(client.get("/search/", params={"query": "refund", "audience": "client"}).text)


def test_without_words_the_page_says_how_to_search_and_other_folders_are_not_search_pages(client, built_out, out):
    built = (built_out / "current" / "site" / "search" / "index.html").read_text(encoding="utf-8")
    for words in ({}, {"query": "  "}):
        page = client.get("/search/", params=words).text
        assert ('<!--hc-search-page--><div class="hc-search-page" data-hc-search-page data-hc-served>\n'
                '<p>Type your question in the box above, then choose Search.</p>\n</div><!--/hc-search-page-->') in page
        assert "needs JavaScript" not in page  # the built page's line for a host of static files
    head = client.head("/search/", params={"query": "refund"})  # a link checker's: no search, none logged
    assert head.status_code == 200 and head.headers["etag"] and logged(out) == []
    assert client.head("/search/", headers={"Accept-Encoding": "identity"}).headers["content-length"] == \
        str(len(built.encode()))  # the built file
    assert client.get("/xx/search/", params={"query": "refund"}).status_code == 404
    assert client.get("/en/search/", params={"query": "refund"}).status_code == 404  # the source language has no folder
    assert client.post("/search/?query=refund").status_code == 405


def test_past_the_api_rate_the_page_asks_to_wait_and_searches_nothing(out, monkeypatch):
    monkeypatch.setenv("HELPCENTER_SEARCH_RATE", "2/60")
    client = TestClient(create_app(out))
    answers = [client.get("/search/", params={"query": f"refund {n}"}) for n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many searches from your connection just now. Wait a minute, then try again." in answers[2].text
    assert not results(answers[2].text) and results(answers[1].text)
    assert [q for q, *_ in logged(out)] == ["refund 0", "refund 1"]


def test_a_release_built_before_the_page_existed_is_served_as_it_is(out, built_out, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(built_out / "current", old, symlinks=True)
    for page in old.glob("site/**/search/index.html*"):
        page.unlink()
    (out / "current").unlink()
    (out / "current").symlink_to(old)
    response = TestClient(create_app(out)).get("/search/", params={"query": "refund"})
    assert response.status_code == 404 and "data-hc-served" not in response.text  # as that release answers it


def test_the_built_page_is_in_no_sitemap_and_no_site_search(built_out):
    site = built_out / "current" / "site"
    for folder in (site, site / "es", site / "fr"):
        page = (folder / "search" / "index.html").read_text(encoding="utf-8")
        assert page.count("<!--hc-search-page-->") == page.count("<!--/hc-search-page-->") == 1
        assert '<meta name="robots" content="noindex">' in page
        assert "/search/" not in (folder / "sitemap.xml").read_text(encoding="utf-8")
        docs = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        assert not [d for d in docs if d["location"].startswith("search/")]
    # Without a server (static hosting) it says that searching needs JavaScript.
    assert ("<noscript><p>Searching needs JavaScript, which is off in this browser: browse the topics below "
            "instead.</p></noscript>") in (site / "search" / "index.html").read_text(encoding="utf-8")


# -- In the browser ------------------------------------------------------------------------------


def test_the_home_search_box_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#hc-search-box-input", "how do i quit my contract")
        page.press("#hc-search-box-input", "Enter")
        page.wait_for_url("**/search/?query=how+do+i+quit+my+contract")
        assert page.locator(".hc-search-page__title a").first.inner_text() == "End a contract"
        page.locator(".hc-search-page__title a").first.click()
        page.wait_for_url("**/end-a-contract/")
    finally:
        context.close()


def test_the_dialogs_see_all_row_opens_the_page_whose_clicks_are_logged(page, live_server):
    clicks = []
    page.on("request", lambda r: clicks.append(json.loads(r.post_data)) if r.url.endswith("/api/search/click") else None)
    page.goto(live_server.url + "/")
    page.fill("#hc-search-box-input", "contract")
    see_all = _see_all(page)
    page.wait_for_timeout(1500)  # the dialog has logged the search: the page does not again
    total = int(re.search(r"See all (\d+) matching articles", see_all.inner_text()).group(1))
    assert total > 10
    see_all.click()
    page.wait_for_url("**/search/?query=contract&log=false")
    assert page.locator(".hc-search-page__result").count() == total
    assert page.evaluate("document.getElementById('__search').checked") is False  # the page, not the dialog
    second = page.locator(".hc-search-page__title a").nth(1)
    article = second.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    second.click()
    page.wait_for_url(f"**/{article}/")
    page.wait_for_timeout(300)
    assert clicks and clicks[-1]["query"] == "contract" and clicks[-1]["rank"] == 2
    assert clicks[-1]["article_id"] == article


def test_the_dialogs_see_all_row_has_an_icon_of_its_own_hidden_from_screen_readers(page, live_server):
    page.goto(live_server.url + "/")
    page.fill("#hc-search-box-input", "contract")
    see_all = _see_all(page)
    icon = """a => { const icon = a.querySelector(".md-search-result__icon"), after = getComputedStyle(icon, "::after");
                    return [icon.getAttribute("aria-hidden"), after.maskImage || after.webkitMaskImage]; }"""
    hidden, image = see_all.evaluate(icon)
    result_hidden, result_image = page.locator(".md-search-result__item a.md-search-result__link").first.evaluate(icon)
    # A list (Material Design Icons' format-list-bulleted), not the article icon of the results above it,
    # written in the stylesheet (nothing is fetched for it).
    assert "M7 5h14v2H7z" in image and image != result_image
    assert image.startswith('url("data:image/svg+xml') and result_image.startswith('url("data:image/svg+xml')
    assert hidden == result_hidden == "true"


def _see_all(page):
    see_all = page.locator(".md-search-result__link", has_text="See all")
    for _ in range(40):  # Material draws 10 rows, and more as the list scrolls
        page.eval_on_selector(".md-search__scrollwrap", "e => e.scrollTop = e.scrollHeight")
        if see_all.count():
            return see_all
        page.wait_for_timeout(250)
    raise AssertionError("no See all row")


@pytest.mark.parametrize("query, settled", [("payment", False), ("hours", True)])
def test_see_all_logs_its_search_once_whether_or_not_the_dialog_had(page, live_server, built_out, query, settled):
    """The dialog logs a search once its words settle (1.2 s); "See all" followed before that has the
    page log it, after that not (log=false)."""
    store = feedback.store_for(built_out)

    def count():
        store.flush()
        return store.select("SELECT COUNT(*) FROM searches WHERE query = ?", (query,))[0][0]

    before = count()
    loads = []
    page.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)
    page.goto(live_server.url + "/")
    page.locator("#hc-search-box-input").press_sequentially(query, delay=20)
    see_all = _see_all(page)
    if settled:
        page.wait_for_timeout(2500)
    see_all.click()
    page.wait_for_url(f"**/search/?query={query}*")
    assert ("log=false" in loads[-1]) is settled
    page.wait_for_timeout(2000)  # anything the dialog or the page would still log
    assert count() == before + 1
    # Copied or bookmarked, the address is a search of its own.
    assert page.url == f"{live_server.url}/search/?query={query}"
    # Back: the search the page was opened from, shown again.
    page.go_back()
    page.wait_for_url(f"**/?q={query}")
    expect(page.locator("input.md-search__input")).to_have_value(query)


def test_enter_in_the_results_pages_box_shows_the_results_of_its_words(page, live_server):
    # With JavaScript it drove the search dialog, where Enter opened the first article.
    page.goto(live_server.url + "/search/?query=refund")
    box = page.locator("#hc-search-box-input")
    box.fill("end contract")
    box.press("Enter")
    page.wait_for_url("**/search/?query=end+contract")
    assert page.locator(".hc-search-page__title a").first.inner_text() == "End a contract"
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_on_a_static_host_the_page_opens_the_search_dialog_with_its_words(page, static_only_server):
    page.goto(static_only_server + "/search/?query=quit")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator("input.md-search__input").input_value() == "quit"
