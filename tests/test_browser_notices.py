"""Notices in the built site, in headless Chromium: targeting, icons, windows, dismissal, hostile text."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import feedback
from core import vocabulary
from core.notices import load_notices, visible_notices
from core.problems import Problems
from core.targeting import Visitor, now
from helpcenter.pipeline import build
from helpcenter.progress import Progress
from conftest import CONTENT, MINIMAL_FRONT, LiveServer, write_article

MATERIAL_ICONS = Path(__import__("material").__file__).parent / "templates" / ".icons"
US_FREELANCER = "?country=US&usertype=standard&audience=freelancer"
GB_CLIENT = "?country=GB&usertype=standard&audience=client"
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> [click me](javascript:window.pwned=3)'


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(page) -> list[str]:
    page.wait_for_selector("[data-hc-notices][data-hc-state=ready]", state="attached")
    return page.eval_on_selector_all("[data-hc-notice]", "els => els.map(e => e.dataset.hcNotice)")


def expected_now(visitor: Visitor) -> list[str]:
    problems = Problems()
    return [n.id for n in visible_notices(load_notices(CONTENT / "notices.yml", problems), visitor, now())]


# --- The real content, served by `helpcenter serve`'s app and by a plain static server -------------


@pytest.mark.parametrize(
    "query, visitor",
    [(US_FREELANCER, Visitor("freelancer", "US", "standard")),
     (GB_CLIENT, Visitor("client", "GB", "standard")),
     ("?country=JP&usertype=enterprise&audience=client", Visitor("client", "JP", "enterprise")),
     ("", Visitor())],
    ids=["us-freelancer", "gb-client", "jp-enterprise-client", "nobody"],
)
@pytest.mark.parametrize("server", ["live_server", "static_only_server"])
def test_real_site_shows_what_the_engine_decides_now(request, page, server, query, visitor):
    """The browser agrees with core's engine at this very moment, with the API and without it."""
    base = request.getfixturevalue(server)
    base = base.url if server == "live_server" else base
    page.goto(base + "/" + query)
    assert shown(page) == expected_now(visitor)
    assert shown(page)[0] == "global"


def test_real_site_us_freelancer_sees_the_tax_notice_with_its_icon(live_server, page):
    if not dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc) <= now() < dt.datetime(2027, 2, 1, tzinfo=dt.timezone.utc):
        pytest.skip("the real tax notice is outside its window today; covered by the tmp-content tests")
    page.goto(live_server.url + "/" + US_FREELANCER)
    assert "us-freelancer-tax-forms" in shown(page)
    icon = page.get_attribute("[data-hc-notice=us-freelancer-tax-forms] [data-hc-notice-icon]", "data-hc-notice-icon")
    assert icon == "money"
    page.goto(live_server.url + "/" + GB_CLIENT)
    assert "us-freelancer-tax-forms" not in shown(page)


def test_icon_templates_match_the_vocabulary(built_out):
    html = (built_out / "site" / "index.html").read_text(encoding="utf-8")
    pairs = dict(re.findall(r'<template data-hc-icon="([a-z-]+)" data-hc-icon-name="([a-z/-]+)">', html))
    assert pairs == vocabulary.ICONS
    for name in vocabulary.ICONS.values():
        svg = (MATERIAL_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
        assert svg[:60] in html


def test_static_copy_of_notices_ships_in_the_site(built_out):
    assert (built_out / "site" / "assets" / "hc" / "notices.json").read_bytes() == (
        built_out / "current" / "notices.json").read_bytes()



@pytest.mark.parametrize("path", ["/end-a-contract/", "/es/end-a-contract/", "/fr/end-a-contract/"])
def test_a_first_visit_on_a_phone_does_not_jump_when_the_notices_arrive(browser, live_server, path):
    """The banner lays out the notices an unknown visitor saw at the build moment, invisibly, while
    the real ones load: on a narrow phone, where the Spanish and French notices take several lines,
    the article does not move when they appear (no layout shift), and the room is gone after."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        # The notices answer late, so the page is laid out well before they are known.
        page.route(re.compile(r".*/(api/notices|assets/hc/notices\.json).*"),
                   lambda route: (page.wait_for_timeout(800), route.continue_()))
        page.goto(live_server.url + path, wait_until="domcontentloaded")
        assert page.get_attribute("[data-hc-notices]", "data-hc-state") != "ready"
        assert page.locator(".hc-notice--room").count() == len(expected_now(Visitor()))
        top = lambda: page.evaluate("document.querySelector('article').getBoundingClientRect().top")  # noqa: E731
        before = top()
        assert shown(page) == expected_now(Visitor())
        assert page.locator(".hc-notice--room").count() == 0
        assert top() == before
    finally:
        context.close()


def test_a_returning_visitor_keeps_the_room_of_their_own_notices(browser, live_server):
    """A visitor who saw more notices than the build's guess (a US freelancer: the tax notice too)
    gets, on the next page, the room their notices took at this width while they load again: the
    article does not move when they appear."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/end-a-contract/" + US_FREELANCER)
        seen = shown(page)
        assert len(seen) > len(expected_now(Visitor()))  # more than the build's guess
        page.route(re.compile(r".*/(api/notices|assets/hc/notices\.json).*"),
                   lambda route: (page.wait_for_timeout(800), route.continue_()))
        page.goto(live_server.url + "/getting-paid/", wait_until="domcontentloaded")
        assert page.get_attribute("[data-hc-notices]", "data-hc-state") != "ready"
        assert page.locator(".hc-notice--room").count() == 0  # the remembered room instead
        top = lambda: page.evaluate("document.querySelector('article').getBoundingClientRect().top")  # noqa: E731
        before = top()
        assert shown(page) == seen
        assert top() == before
        assert page.evaluate("document.querySelector('[data-hc-notices-list]').style.minHeight") == ""
    finally:
        context.close()

# --- A small content tree with windows around the real clock, built with instant navigation --------


@pytest.fixture(scope="module")
def notices_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("notices-content")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "synonyms.yml").write_text("synonyms: []\naliases: {}\n", encoding="utf-8")
    write_article(content, "contracts/first.md", MINIMAL_FRONT.format(id="first-article", title="First article"),
                  "Intro. See [the second article](second.md).\n\n## Section {#section}\n\nText.\n")
    write_article(content, "contracts/second.md", MINIMAL_FRONT.format(id="second-article", title="Second article"),
                  "Intro. Back to [the first article](first.md).\n\n## Section {#section}\n\nText.\n")
    t = now()
    day = dt.timedelta(days=1)
    (content / "notices.yml").write_text(f"""
notices:
  - id: global
    message: "Hello **everyone**."
    icon: info
  - id: us-freelancers
    message: "US freelancers: tax forms."
    icon: money
    audience: [freelancer]
    country: [US]
    start: {iso(t - 10 * day)}
    end: {iso(t + 10 * day)}
  - id: clients-elsewhere
    message: "Clients in GB and DE: invoices."
    icon: calendar
    audience: [client]
    country: [GB, DE]
    start: {iso(t - 10 * day)}
  - id: expired
    message: "Expired yesterday."
    icon: warning
    end: {iso(t - day)}
  - id: future
    message: "Starts tomorrow."
    icon: success
    start: {iso(t + day)}
  - id: hostile
    message: '{HOSTILE}'
    icon: security
    audience: [agency]
""", encoding="utf-8")
    out = root / "out"
    from helpcenter.web import create_app

    server = LiveServer(create_app(out))
    # site_url must be the serving host, or Material's instant navigation falls back to full reloads.
    # `check` refuses the hostile notice's HTML and javascript: link (core.notices.message_problems):
    # that check is set aside here, to show that such a notice, built anyway, still renders as text.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("core.notices.message_problems", lambda text: [])
        build(content, out, site_url=server.url + "/", progress=Progress(7, quiet=True))
    server.out = out  # its search log, for the tests that read it
    with server:
        yield server


def test_us_freelancer_and_client_elsewhere(notices_site, page):
    page.goto(notices_site.url + "/" + US_FREELANCER)
    assert shown(page) == ["global", "us-freelancers"]
    icons = page.eval_on_selector_all(
        "[data-hc-notice]", "els => els.map(e => [e.querySelector('[data-hc-notice-icon]').dataset.hcNoticeIcon,"
                            " e.querySelector('svg') !== null])")
    assert icons == [["info", True], ["money", True]]
    svg = page.inner_html("[data-hc-notice=us-freelancers] .hc-notice__icon")
    material = (MATERIAL_ICONS / "material" / "cash-multiple.svg").read_text(encoding="utf-8")
    assert re.search(r'd="([^"]+)"', svg).group(1) == re.search(r'd="([^"]+)"', material).group(1)

    page.goto(notices_site.url + "/" + GB_CLIENT)
    assert shown(page) == ["global", "clients-elsewhere"]
    assert page.get_attribute("[data-hc-notice=clients-elsewhere] [data-hc-notice-icon]", "data-hc-notice-icon") == "calendar"


def test_nobody_sees_only_notices_for_everyone(notices_site, page):
    page.goto(notices_site.url + "/")
    assert shown(page) == ["global"]


def test_notices_outside_their_window_are_not_shown(notices_site, page):
    page.goto(notices_site.url + "/?country=US&usertype=new&audience=agency")
    ids = shown(page)
    assert "expired" not in ids and "future" not in ids
    assert ids == ["global", "hostile"]


def test_embedding_application_visitor_wins(notices_site, page):
    page.add_init_script("window.helpcenterVisitor = {country: 'de', usertype: 'enterprise', audience: 'client'};")
    page.goto(notices_site.url + "/" + US_FREELANCER)
    assert shown(page) == ["global", "clients-elsewhere"]


def test_stored_choice_is_used_without_parameters(notices_site, page):
    page.goto(notices_site.url + "/" + US_FREELANCER)
    shown(page)
    assert page.evaluate("JSON.parse(localStorage.getItem('hc-visitor'))") == {
        "audience": "freelancer", "country": "US", "usertype": "standard"}
    page.goto(notices_site.url + "/second-article/")
    assert shown(page) == ["global", "us-freelancers"]


def test_dismissed_notice_stays_hidden_on_the_next_page(notices_site, page):
    page.goto(notices_site.url + "/first-article/" + US_FREELANCER)
    assert shown(page) == ["global", "us-freelancers"]
    page.click("[data-hc-dismiss=us-freelancers]")
    assert page.eval_on_selector_all("[data-hc-notice]", "els => els.map(e => e.dataset.hcNotice)") == ["global"]

    page.evaluate("window.__samePage = true")  # survives only if instant navigation swaps the page in place
    page.click("article a[href*='second-article']")
    page.wait_for_function("location.pathname.endsWith('/second-article/')")
    page.wait_for_function(
        "document.querySelector('[data-hc-notices]').dataset.hcState === 'ready'"
        " && document.querySelector('h1').textContent.includes('Second article')")
    assert page.evaluate("window.__samePage === true"), "expected Material's instant navigation, got a reload"
    assert shown(page) == ["global"]

    page.reload()
    assert shown(page) == ["global"]
    page.goto(notices_site.url + "/" + GB_CLIENT)  # a dismissal hides that notice only
    assert shown(page) == ["global", "clients-elsewhere"]


def test_a_page_reached_by_instant_navigation_takes_the_focus_on_its_heading_or_section(notices_site, page):
    # The page was swapped in place with the focus left on <body>: nothing was announced, and Tab
    # went on from the sidebar.
    page.goto(notices_site.url + "/first-article/")
    page.evaluate("window.__samePage = true")
    page.locator("article a[href*='second-article']").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.tagName === 'H1'")
    assert page.evaluate("[document.activeElement.textContent, window.__samePage]") == ["Second article", True]
    # A link to a section: its heading, as the browser's own scroll to it.
    page.evaluate("""() => { const a = document.createElement('a'); a.href = '../first-article/#section';
                             a.textContent = 'x'; document.querySelector('article').prepend(a); a.click(); }""")
    page.wait_for_function("location.pathname.endsWith('/first-article/') && document.activeElement.id === 'section'")
    assert page.evaluate("window.__samePage") is True


def test_back_from_a_search_result_shows_the_search_again(notices_site, page):
    # (Here for this module's site, served at its public URL: Back is instant navigation.) Back
    # came to the page with the search closed and its words gone.
    page.goto(notices_site.url + "/first-article/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("second article", delay=30)
    result = page.locator("a.md-search-result__link").first
    expect(result).to_contain_text("Second article", timeout=15000)
    result.click()
    page.wait_for_function("location.pathname.endsWith('/second-article/')")
    page.go_back()
    page.wait_for_function("location.pathname.endsWith('/first-article/') && document.getElementById('__search').checked")
    assert page.url.endswith("/first-article/?q=second+article")
    assert page.locator("input.md-search__input").input_value() == "second article"
    expect(page.locator("a.md-search-result__link").first).to_contain_text("Second article", timeout=15000)
    # Shown again, it is no new search for the report: logged once, when it was typed (it was
    # logged again once it settled here).
    page.wait_for_timeout(2500)
    store = feedback.store_for(notices_site.out)
    store.flush()
    assert store.select("SELECT COUNT(*) FROM searches WHERE query = ?", ("second article",)) == [(1,)]


def test_the_not_found_pages_skip_link_does_not_stay_on_the_next_page(notices_site, page):
    page.goto(notices_site.url + "/no-such-page/")
    assert page.locator('a.md-skip[href$="#hc-not-found-title"]').count() == 1
    # The first Tab stop, as on every page (in the template it came after the notices).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.evaluate("window.__samePage = true")
    page.locator(".md-content a[href$='/categories/contracts/']").first.click()
    page.wait_for_function("location.pathname.endsWith('/categories/contracts/')")
    assert page.evaluate("window.__samePage") is True
    assert page.locator('a.md-skip[href$="#hc-not-found-title"]').count() == 0


def test_the_sites_name_in_the_header_still_leads_home_after_instant_navigation(notices_site, page):
    # Its address is written relative to the first page (partials/header.html), and instant
    # navigation keeps the header from page to page.
    page.goto(notices_site.url + "/first-article/")
    page.evaluate("window.__samePage = true")
    page.click("article a[href*='second-article']")
    page.wait_for_function("document.querySelector('h1').textContent.includes('Second article')")
    assert page.evaluate("window.__samePage === true")
    assert page.locator(".md-header a.hc-header__home").evaluate("a => a.href") == notices_site.url + "/"


def test_instant_navigation_re_renders_the_banner(notices_site, page):
    page.goto(notices_site.url + "/first-article/" + GB_CLIENT)
    assert shown(page) == ["global", "clients-elsewhere"]
    page.evaluate("window.__samePage = true")
    page.click("article a[href*='second-article']")
    page.wait_for_function("document.querySelector('h1').textContent.includes('Second article')")
    page.wait_for_function("document.querySelector('[data-hc-notices]').dataset.hcState === 'ready'")
    assert page.evaluate("window.__samePage === true")
    assert shown(page) == ["global", "clients-elsewhere"]


def test_hostile_notice_text_renders_as_text(notices_site, page):
    page.goto(notices_site.url + "/?audience=agency")
    assert shown(page) == ["global", "hostile"]
    message = page.locator("[data-hc-notice=hostile] .hc-notice__message")
    assert message.inner_text().startswith('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">')
    assert page.locator("[data-hc-notice=hostile] script, [data-hc-notice=hostile] img").count() == 0
    link = page.locator("[data-hc-notice=hostile] a")
    assert link.inner_text() == "click me" and link.get_attribute("href") is None
    link.click()
    # Anything the click could have started (a handler, a navigation to script) runs before a
    # task queued after it: wait for that task instead of a fixed time.
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")
    assert page.evaluate("window.pwned") is None
