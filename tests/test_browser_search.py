"""The site's search box in headless Chromium: our worker asks the API; without it, Material's lunr index."""
import re

import httpx
import pytest

from playwright.sync_api import expect


def _search(page, url: str, text: str):
    # The worker falls back to Material's own search when the API is slower than 2.5 s: a server's
    # first searches (cold caches, a busy test machine) are made here, not by the page.
    origin = "/".join(url.split("/")[:3])
    httpx.get(origin + "/api/search", params={"q": text, "log": "false"}, timeout=30)  # a 404 without the API
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    return first


def test_quit_finds_end_a_contract_through_the_api(page, live_server):
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/api/search" in r.url else None)
    first = _search(page, live_server.url + "/", "quit")
    assert first.locator("h1").inner_text().startswith("End a contract")
    assert re.search(r"/end-a-contract/(\?[^#]*)?(#.*)?$", first.locator("a").first.get_attribute("href"))
    assert any("q=quit" in u for u in calls)
    # audience badges come from the API result
    assert first.locator(".hc-search-badge").count() >= 1


def test_synonym_explanation_is_shown(page, live_server):
    _search(page, live_server.url + "/", "quit")
    texts = page.locator(".hc-search-synonym").all_inner_texts()
    assert any(re.fullmatch(r"matched ‘quit’ via ‘.+’", t) for t in texts), texts


def test_visitor_audience_is_passed_to_the_api(page, live_server):
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/api/search" in r.url else None)
    _search(page, live_server.url + "/?audience=client", "quit")
    assert any("audience=client" in u for u in calls), calls


def test_fallback_without_the_api_still_finds_quit(page, static_only_server):
    first = _search(page, static_only_server + "/", "quit")
    # Results of an earlier keystroke ("qu") may be on screen first: wait for those of "quit".
    expect(first.locator("h1")).to_have_text(re.compile(r"^End a contract"), timeout=15000)


def test_fallback_knows_synonyms_too(page, static_only_server):
    # "terminate" appears in no article: only the synonym line puts it in the lunr index.
    first = _search(page, static_only_server + "/", "terminate")
    expect(first.locator("h1")).to_contain_text("End a contract", timeout=15000)


def test_the_spanish_fallback_searches_with_the_root_sites_lunr(page, static_only_server):
    """Without the API a Spanish page searches its own index with Material's Spanish lunr, which
    the Spanish site loads from the root's theme files (it has none of its own)."""
    asked = []
    page.on("response", lambda r: asked.append((r.url.removeprefix(static_only_server), r.status)))
    first = _search(page, static_only_server + "/es/", "reembolso")
    assert "reembolso" in first.inner_text().lower()
    assert ("/assets/javascripts/lunr/min/lunr.es.min.js", 200) in asked
    assert [u for u, _ in asked if u.startswith("/es/assets/")] == []


def test_a_correction_is_said_and_the_original_can_be_searched(page, live_server):
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/api/search?" in r.url else None)
    first = _search(page, live_server.url + "/", "cancle contract")
    expect(first.locator("h1")).to_have_text("Search instead for \u201ccancle contract\u201d", timeout=15000)
    expect(first.locator(".hc-search-correction")).to_have_text("Showing results for cancel contract")
    # Shown as said: "Showing results for ..." first, then the link to search instead.
    assert first.locator(".hc-search-correction").bounding_box()["y"] < first.locator("h1").bounding_box()["y"]
    # The correction line is a link like the results: reachable by keyboard and read as one.
    assert "?hc-search-exact=cancle+contract" in first.locator("a").first.get_attribute("href")
    second = page.locator(".md-search-result__item").nth(1)
    expect(second.locator("h1")).to_contain_text("End a contract")
    first.locator("a").first.click()
    # The words as typed, without correction ("contract" alone matches), and the correction offered.
    expect(first.locator("h1")).to_have_text("Did you mean \u201ccancel contract\u201d?", timeout=15000)
    expect(first.locator(".hc-search-correction")).to_have_text("Showing results for cancle contract")
    assert page.locator("input.md-search__input").input_value() == "cancle contract"
    assert any("correct=false" in u for u in calls), calls
    assert page.url.split("#")[0].rstrip("/") == live_server.url.rstrip("/")  # no navigation
    first.locator("a").first.click()
    expect(page.locator("input.md-search__input")).to_have_value("cancel contract")
    expect(first.locator("h1")).to_contain_text("End a contract", timeout=15000)


def test_a_search_without_a_confident_answer_says_so_above_its_first_result(page, live_server):
    # No article is about deleting an account: the API says "confident": false, and so does the box.
    first = _search(page, live_server.url + "/", "how do I delete my account")
    note = first.locator(".hc-search-unsure")
    expect(note).to_have_text("No article seems to answer this exactly: these results match only part of it.",
                              timeout=15000)
    assert note.bounding_box()["y"] < first.locator("h1").bounding_box()["y"]
    # Also when the first result is a section (Material draws no text for its article line).
    first = _search(page, live_server.url + "/", "how do i invoice milestone on mars")
    expect(first.locator(".hc-search-unsure")).to_have_count(1, timeout=15000)
    assert "#" in first.locator("a").last.get_attribute("href")  # a section indeed
    # A confident answer has no such line.
    first = _search(page, live_server.url + "/", "quit")
    expect(first.locator("h1")).to_contain_text("End a contract", timeout=15000)
    assert page.locator(".hc-search-unsure").count() == 0


def test_a_result_page_highlights_what_matched_not_every_word_typed(page, live_server):
    # Material marks the words of a result link's ?h= anywhere on the page, inside words too:
    # with the query's words, "how do i ..." marked every "i". The words its snippet marks go.
    _search(page, live_server.url + "/", "how do i get a refund")
    hrefs = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    highlights = [re.search(r"[?&]h=([^&#]*)", h).group(1).split("+") for h in hrefs if "h=" in h]
    assert highlights and all(len(w) >= 3 for words in highlights for w in words if w), highlights
    assert any("refund" in words for words in highlights), highlights
    assert not any(w in ("how", "do", "i") for words in highlights for w in words), highlights


def test_words_in_another_language_offer_that_languages_search(page, live_server):
    # Spanish words on the English site: the API names Spanish (suggested_lang), the box offers it first.
    first = _search(page, live_server.url + "/end-a-contract/", "cómo cancelo un contrato")
    expect(first.locator("h1")).to_have_text("Search in Español", timeout=15000)
    expect(first.locator(".hc-search-correction")).to_have_text("There are answers to these words in Español.")
    assert first.locator("h1 [lang=es]").inner_text() == "Español"
    expect(first.locator("a").first).to_have_attribute("hreflang", "es")  # as the results page's link
    # A working address: opened in a new tab, copied or shared, it is that search too.
    href = first.locator("a").first.get_attribute("href")
    assert re.fullmatch(re.escape(live_server.url) + r"/es/\?q=c%C3%B3mo\+cancelo\+un\+contrato(&h=)?", href), href
    first.locator("a").first.click()
    # The Spanish site, its search open with the same words, answered in Spanish.
    page.wait_for_url(re.compile(r"/es/\?q=c%C3%B3mo\+cancelo\+un\+contrato"))
    expect(page.locator("input.md-search__input")).to_have_value("cómo cancelo un contrato")
    expect(page.locator(".md-search-result__item").first.locator("h1")).to_contain_text("Finalizar un contrato",
                                                                                        timeout=15000)


def test_a_search_without_a_confident_answer_ends_with_contact_support(page, live_server):
    first = _search(page, live_server.url + "/", "qwzx blorf")
    expect(first.locator("h1")).to_have_text("Still need help? Contact support", timeout=15000)
    expect(first.locator(".hc-search-contact")).to_have_text(
        "No article answers this? Write to support@example.com: our support team reads every message.")
    # The count is the results', not the rows': the contact row is not a result.
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching articles")
    # Its address, as copied or opened in a new tab, is the mail without Material's highlight parameter.
    assert first.locator("a").first.get_attribute("href") == "mailto:support@example.com?subject=qwzx%20blorf"
    page.evaluate("window.hcSearch.go = function (href) { window.hcWent = href; }")
    first.locator("a").first.click()
    # Material adds its highlight parameter (h) to every row's address: not to the mail.
    assert page.evaluate("window.hcWent") == "mailto:support@example.com?subject=qwzx%20blorf"
    # A confident answer has no contact row.
    _search(page, live_server.url + "/", "quit")
    expect(page.locator(".md-search-result__item").first.locator("h1")).to_contain_text("End a contract",
                                                                                        timeout=15000)
    assert page.locator(".hc-search-contact").count() == 0


def test_two_letters_are_not_a_failed_search_and_a_long_paste_is_searched(page, live_server):
    # After the second letter the box said "No matching documents" and offered to contact support;
    # a pasted question over 500 characters was refused by the API and showed nothing.
    page.goto(live_server.url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("ca", delay=30)
    page.wait_for_timeout(600)
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    assert page.locator(".md-search-result__item").count() == 0
    box.fill("")
    box.press_sequentially("W9", delay=30)  # a code (capitals, a digit) is searched at two characters
    expect(page.locator(".md-search-result__item").first.locator("h1")).to_contain_text("Tax", timeout=15000)
    question = ("I have been working on an hourly contract for a client for three months and it is not working "
                "out any more, so I would like to end the contract this week. ") * 5
    assert len(question) > 500
    box.fill("")
    page.keyboard.insert_text(question)  # as a paste: one input, then the key's keyup
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__item").first.locator("h1")).to_contain_text("End a contract", timeout=15000)


def test_a_half_typed_short_last_word_never_flashes_no_match(page, live_server):
    # "how do i qu", one keystroke before "quit" is completed, was searched and said "No matching articles".
    httpx.get(live_server.url + "/api/search", params={"q": "how do i quit", "log": "false"}, timeout=30)
    page.goto(live_server.url + "/")
    page.evaluate("""() => { window.hcMetas = [];
        new MutationObserver(() => document.querySelectorAll('.md-search-result__meta').forEach(
            m => window.hcMetas.push(m.textContent))).observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("how do i quit", delay=200)  # a slow typist: every word is searched on the way
    expect(page.locator(".md-search-result__item").first.locator("h1")).to_contain_text("End a contract", timeout=15000)
    metas = page.evaluate("window.hcMetas")
    assert metas and not any("No matching" in m for m in metas), metas
    with page.expect_request(lambda r: "q=how+do+i+quit+my+va&" in r.url, timeout=5000):
        box.press_sequentially(" my va", delay=30)  # left so, a short last word is searched after the pause


def test_the_contact_row_waits_for_a_pause_and_never_redraws_the_list_under_the_reader(page, live_server):
    # It came with the first answer, mid-word; drawn a moment later, it would take the focus from a
    # reader who had already moved into the results.
    # (A question with fewer than 10 results: Material draws later rows only as the list scrolls.)
    first = _search(page, live_server.url + "/", "is there an android app")
    expect(page.locator(".hc-search-contact")).to_have_count(1, timeout=15000)  # after the pause
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").press_sequentially("is there an app for android", delay=30)
    expect(first.locator("h1")).to_be_visible(timeout=15000)
    page.keyboard.press("ArrowDown")  # into the results before the pause ends
    focused = page.evaluate("document.activeElement.outerHTML")
    page.wait_for_timeout(1500)
    assert page.evaluate("document.activeElement.outerHTML") == focused
    assert page.locator(".hc-search-contact").count() == 0


def test_the_count_says_how_many_results_not_how_many_rows(page, live_server):
    # "cancle contract": a correction row, then the results; Material counted the row as a document.
    first = _search(page, live_server.url + "/", "cancle contract")
    expect(first.locator("h1")).to_have_text("Search instead for \u201ccancle contract\u201d", timeout=15000)
    rows = page.locator(".md-search-result__item").count()
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{rows - 1} matching articles")
    # The list stops at 10: it said "10 matching documents" when more articles matched.
    total = httpx.get(live_server.url + "/api/search", params={"q": "payment", "log": "false"}).json()["total"]
    assert total > 10
    _search(page, live_server.url + "/", "payment")
    expect(page.locator(".md-search-result__meta")).to_have_text(f"The best 10 of {total} matching articles")


def test_tab_moves_through_the_results_and_stays_in_the_dialog(page, live_server):
    first = _search(page, live_server.url + "/", "cancle contract")
    expect(first.locator("h1")).to_have_text("Search instead for \u201ccancle contract\u201d", timeout=15000)
    links = page.locator(".md-search-result__link")
    page.keyboard.press("Tab")  # the clear button
    expect(page.locator(".md-search button[type=reset]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.nth(1)).to_be_focused()
    assert page.evaluate("document.getElementById('__search').checked")  # Material closed it on Tab
    page.keyboard.press("Shift+Tab")  # Material sent the focus back to the input on Shift
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # round to the last result
    expect(links.last).to_be_focused()
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_escape_closes_the_search_and_leaves_the_focus_in_the_input(page, live_server):
    # Material blurred the input: the focus fell to <body>, from the input and from a result alike.
    search = page.locator("input.md-search__input")
    is_open = "document.getElementById('__search').checked"
    first = _search(page, live_server.url + "/", "refund")
    expect(first).to_be_visible(timeout=15000)
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    assert not page.evaluate(is_open)
    page.keyboard.type("s")  # typing opens it again, with the words as they are
    expect(page.locator(".md-search__output")).to_be_visible()
    assert page.evaluate(is_open) and search.input_value() == "refunds"
    page.keyboard.press("ArrowDown")
    expect(page.locator(".md-search-result__link").first).to_be_focused()
    page.keyboard.press("Escape")  # from a result
    expect(search).to_be_focused()
    assert not page.evaluate(is_open)
    search.click()  # already focused: a click opens it again
    expect(page.locator(".md-search__output")).to_be_visible()
    # Nothing typed: Tab passes through the search, as through the rest of the header.
    page.locator("input.md-search__input").focus()
    page.locator("input.md-search__input").fill("")
    page.keyboard.press("Tab")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_enter_in_the_input_never_opens_the_mail_program(page, live_server):
    # Material's Enter opens the best row; with no result, the contact row is the only one.
    first = _search(page, live_server.url + "/", "qwzx blorf")
    expect(first.locator("h1")).to_have_text("Still need help? Contact support", timeout=15000)
    page.evaluate("window.hcSearch.go = function (href) { window.hcWent = href; }")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("window.hcWent") is None
    page.keyboard.press("ArrowDown")  # chosen with the keyboard, it opens
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.hcWent") == "mailto:support@example.com?subject=qwzx%20blorf"


@pytest.mark.parametrize("width", [1280, 390])
def test_back_from_a_result_shows_the_search_where_the_reader_was(browser, live_server, width):
    # Back came to the top of the page with the search closed and its words gone.
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/end-a-contract/")
        page.evaluate("window.scrollTo(0, 1500)")
        page.wait_for_function("window.scrollY === 1500")
        if width < 700:
            page.click("button[data-hc-for=__search]")
        else:
            page.click("input.md-search__input")
        page.locator("input.md-search__input").press_sequentially("refund", delay=30)
        result = page.locator("a.md-search-result__link").nth(1)
        result.wait_for(timeout=15000)
        result.click()
        page.wait_for_url("**/request-a-refund/**")
        page.go_back()
        page.wait_for_function("document.getElementById('__search').checked")
        assert page.locator("input.md-search__input").input_value() == "refund"
        assert page.url.endswith("/end-a-contract/?q=refund")
        page.keyboard.press("Escape")
        page.wait_for_function("window.scrollY === 1500")
    finally:
        context.close()
