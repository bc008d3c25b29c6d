"""The site in another language, in headless Chromium: switching language on an article (mouse and
keyboard), searching in Spanish from the Spanish page, and the Spanish 404 offering the English
article."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from conftest import CONTENT
from core.content import load_content
from core.problems import Problems

CONTENT_NOW = load_content(CONTENT, Problems())


def spanish(article_id: str):
    return CONTENT_NOW.translation("es", article_id)


def test_switching_to_spanish_on_an_article_then_searching_in_spanish(page, live_server):
    searched = []
    page.on("request", lambda r: searched.append(r.url) if "/api/search?" in r.url else None)
    page.goto(live_server.url + "/end-a-contract/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".hc-languages__menu > summary").click()
    page.locator(".hc-languages__list").get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r"/es/end-a-contract/$"))
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.locator(".md-content h1")).to_have_text(re.compile("^" + re.escape(spanish("end-a-contract").title)))
    assert page.locator(".hc-languages__current").inner_text() == "Español"

    # The server opens its Spanish index on the first Spanish search: done here, so that on a busy
    # machine the box's API call is not the slow first one (after a timeout the box answers from
    # the site's own index for a while, without asking the API).
    assert page.request.get(live_server.url + "/api/search?q=contrato&lang=es").status == 200
    box = page.locator("input.md-search__input")
    expect(box).to_have_attribute("placeholder", "Búsqueda")  # Material's interface, in Spanish
    box.click()
    box.press_sequentially("cancelar un contrato", delay=30)
    wanted = spanish("end-a-contract").title
    results = page.locator(".md-search-result__item a")
    expect(page.locator(".md-search-result__item h1", has_text=wanted).first).to_be_visible(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(re.search(r"/es/end-a-contract/(\?[^#]*)?(#.*)?$", h) for h in hrefs), hrefs
    assert any("q=cancelar" in u and "lang=es" in u for u in searched), searched


def test_spanish_results_come_from_the_search_api(page, live_server):
    answers = []
    page.on("response", lambda r: answers.append((r.url, r.status)) if "/api/search?" in r.url else None)
    page.goto(live_server.url + "/es/end-a-contract/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("reembolso", delay=30)
    first = page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_contain_text("reembolso", ignore_case=True, timeout=15000)
    assert first.locator(".hc-search-badge").count() >= 1  # the audience badges of an API result
    assert any("lang=es" in url and status == 200 for url, status in answers), answers
    # The count in the site's own Spanish (Material's was formal: "Teclee...", "# documentos encontrados").
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ artículos coinciden$"))
    box.fill("")
    box.press("Backspace")
    expect(page.locator(".md-search-result__meta")).to_have_text("Escribe para empezar a buscar")


def test_the_switcher_works_with_the_keyboard(page, live_server):
    page.goto(live_server.url + "/es/end-a-contract/")
    summary = page.locator(".hc-languages__menu > summary")
    summary.focus()
    assert page.locator(".hc-languages__list a").first.is_hidden()  # closed: no Tab stop inside
    page.keyboard.press("Enter")
    links = page.locator(".hc-languages__list a")
    expect(links.first).to_be_visible()
    assert [(links.nth(i).get_attribute("lang"), links.nth(i).get_attribute("hreflang"), links.nth(i).inner_text())
            for i in range(links.count())] == [("en", "en", "English"), ("es", "es", "Español"), ("fr", "fr", "Français")]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "en"
    page.keyboard.press("Escape")  # closes, and the focus goes back to the button
    expect(links.first).to_be_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/end-a-contract/$"))
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_after_instant_navigation_the_switcher_follows_the_page(page, live_server):
    page.goto(live_server.url + "/es/end-a-contract/")
    page.locator(".hc-related a").first.click()  # a Spanish article: Material's instant navigation
    page.wait_for_url(re.compile(r"/es/end-a-contract-as-a-client/$"))
    page.locator(".hc-languages__menu > summary").click()
    english = page.locator(".hc-languages__list a[hreflang=en]")
    assert english.get_attribute("href").endswith("end-a-contract-as-a-client/")


def test_a_spanish_address_of_an_untranslated_article_offers_the_english_one(page, live_server):
    response = page.goto(live_server.url + "/es/work-diary/")
    assert response.status == 200  # the build's page (publish/translated_site.py), on any host
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text("Este artículo todavía no está disponible en español.")
    link = page.get_by_role("link", name=CONTENT_NOW.by_id()["work-diary"].title)
    assert (link.get_attribute("hreflang"), link.get_attribute("lang")) == ("en", "en")
    link.click()
    page.wait_for_url(re.compile(r"/work-diary/$"))
    assert page.evaluate("document.documentElement.lang") == "en"
    # An address that is no article at all: the Spanish not-found page.
    assert page.goto(live_server.url + "/es/no-such-article/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No hemos encontrado esa página")


def test_no_request_for_sitemaps_of_pages(page, live_server):
    """Material fetches <href>sitemap.xml for every <link rel=alternate>; ours are pages, not sites:
    only the language sites' own sitemaps are asked for."""
    requested = []
    page.on("request", lambda r: requested.append(r.url) if r.url.endswith("sitemap.xml") else None)
    page.goto(live_server.url + "/es/end-a-contract/")
    page.wait_for_load_state("networkidle")
    assert set(requested) <= {live_server.url + "/es/sitemap.xml", live_server.url + "/sitemap.xml",
                              live_server.url + "/fr/sitemap.xml"}
    assert live_server.url + "/es/sitemap.xml" in requested  # instant navigation still has its own


def test_english_results_on_a_spanish_page_are_labelled_and_lead_to_the_english_page(page, live_server):
    page.goto(live_server.url + "/es/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("two step verification", delay=30)
    english = page.locator(".md-search-result__item", has=page.locator(".hc-search-lang")).first
    expect(english).to_be_visible(timeout=15000)
    expect(english.locator(".hc-search-lang").first).to_have_text("en inglés")
    assert english.locator("h1 [lang=en]").count() == 1  # the English title is marked as English
    assert english.locator("p[lang=en]").count() == 1  # and its text (a screen reader read it as Spanish)
    # Its links lead to English pages and say so (hreflang), a section's name is English too: as on
    # the results page. The Spanish results and the contact row have no hreflang.
    expect(english.locator("a").first).to_have_attribute("hreflang", "en")
    rows = page.locator(".md-search-result__item")
    for i in range(rows.count()):
        row, links = rows.nth(i), rows.nth(i).locator("a.md-search-result__link")
        lang = "en" if row.locator(".hc-search-lang").count() else None
        assert [links.nth(j).get_attribute("hreflang") for j in range(links.count())] == [lang] * links.count()
        if lang:
            assert row.locator("h2").count() == row.locator("h2 > span[lang=en]").count()
    assert page.locator(".md-search-result__item h2 > span[lang=en]").count() >= 1
    assert page.locator(".md-search-result__item", has=page.locator(".hc-search-lang")).count() < rows.count()
    # "impuestos", which no Spanish article has, finds the English tax article (content/synonyms.yml, bridges:)
    box.fill("")
    box.press_sequentially("impuestos", delay=30)
    expect(page.locator(".md-search-result__item h1").first).to_contain_text("Tax information for US freelancers",
                                                                             timeout=15000)
    href = english.locator("a").first.get_attribute("href")
    assert re.match(re.escape(live_server.url) + r"/[a-z0-9-]+/", href) and "/es/" not in href, href


def test_the_spanish_rules_form_answers_in_spanish_like_the_command_line(browser, live_server, capsys, tmp_path):
    import json

    from helpcenter import cli

    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/es/end-a-contract/")
        form = page.locator("#hc-end-contract")
        form.get_by_role("heading", name="¿Qué pasa si el contrato termina?").wait_for()
        form.get_by_label("Horas registradas esta semana (aún sin facturar)").fill("12.5")
        form.get_by_label("Tarifa por hora").fill("35.50")
        form.get_by_label("El cliente").check()
        form.get_by_label("Cuándo (vacío: ahora; tu zona horaria)").fill("2026-11-25T10:00")
        with page.expect_request(lambda r: "/api/rules/end-contract" in r.url) as asked:
            form.get_by_role("button", name="Ver qué pasa").click()
        assert asked.value.url.endswith("/api/rules/end-contract?lang=es")
        form.locator(".hc-end-contract__points li").first.wait_for()
        scenario = tmp_path / "scenario.json"
        scenario.write_text(json.dumps({
            "contract": {"type": "hourly", "hourly_rate": "35.50", "logged_hours": [{"hours": 12.5}]},
            "ended_by": "client", "asked_by": "freelancer", "ended_at": "2026-11-25T10:00:00Z"}), encoding="utf-8")
        assert cli.main(["rules", "explain", "--scenario", str(scenario), "--format", "json", "--lang", "es",
                         "--content", str(CONTENT), "--at", "2026-11-26T12:00:00Z"]) == 0
        explained = json.loads(capsys.readouterr().out)
        assert form.locator(".hc-end-contract__headline").inner_text() == explained["headline"]
        links = form.get_by_role("link", name="Respuesta verificada")
        assert links.count() == len(explained["points"])
    finally:
        context.close()


def test_on_a_phone_the_switcher_closes_when_tabbed_out_of(browser, live_server):
    # Its panel stayed open over what took the focus next.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/end-a-contract/")
        page.locator(".hc-languages__menu > summary").focus()
        page.keyboard.press("Enter")
        links = page.locator(".hc-languages__list a")
        expect(links.first).to_be_visible()
        for _ in range(4):  # its three languages, then out
            page.keyboard.press("Tab")
        expect(links.first).to_be_hidden()
        assert page.evaluate("document.activeElement.closest('.hc-languages') === null")
    finally:
        context.close()


def test_spanish_feedback_is_sent_with_its_language_and_thanked_in_spanish(page, live_server):
    page.goto(f"{live_server.url}/es/end-a-contract/")
    widget = page.locator("form.hc-feedback")
    with page.expect_response(lambda r: r.url.endswith("/api/feedback")) as answered:
        widget.get_by_role("button", name="Sí").click()
    assert answered.value.status == 201
    assert answered.value.request.post_data_json == {"article_id": "end-a-contract", "helpful": True, "query": None,
                                                      "lang": "es"}
    expect(widget.get_by_text("¡Gracias por tu opinión!")).to_be_visible()


def test_switching_language_loads_no_theme_file_of_its_own(page, live_server):
    """The Spanish site loads the root's theme files (Material's fingerprinted bundles, ours):
    nothing under /es/assets/, only files the English page asked for already, but for the search's
    Spanish lunr packs."""
    asked = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(live_server.url + "/end-a-contract/")
    page.wait_for_load_state("networkidle")
    english = {u for u in asked if "/assets/" in u}
    asked.clear()
    page.locator(".hc-languages__menu > summary").click()
    page.locator('.hc-languages__list a[hreflang="es"]').click()
    page.wait_for_url("**/es/end-a-contract/")
    page.wait_for_load_state("networkidle")
    spanish = {u for u in asked if "/assets/" in u}
    assert any("/assets/hc/" in u for u in spanish)
    assert [u for u in spanish if "/es/assets/" in u] == []
    assert spanish - english <= {"/assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                                 "/assets/javascripts/lunr/min/lunr.es.min.js"}
    assert len(spanish & english) > 10


def test_the_browser_tests_leave_no_event_loop_running_behind_them():
    """Runs after this module's browser tests: Playwright is stopped before any test without a
    browser, so its event loop is no longer marked as running on this thread and asyncio.run works
    (it used to fail here, and in any later test calling it, while a session-long Playwright was open)."""
    import asyncio

    assert asyncio._get_running_loop() is None

    async def answer():
        return 42

    assert asyncio.run(answer()) == 42
