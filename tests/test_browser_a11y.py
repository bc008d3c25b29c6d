"""Accessibility and privacy of every page type, in headless Chromium, on a phone and a desktop.

axe-core (installed by npm from tests/browser/package.json) must report no serious or critical
violation on the home, category, article, 404, rules and verified answers pages, also with the
search open and showing results, the feedback widget open after "No" and notices shown. No page
may request anything from a host other than the one serving the site. On a phone, Tab must only
reach elements a reader can see.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
PAGES = {
    "home": "/",
    "category": "/categories/contracts/",
    "article": "/end-a-contract/",
    "404": "/no-such-page/",
    "rules": "/rules/",
    "verified-answers": "/verified-answers/",
    "search-results": "/search/?query=client+won%27t+pay+for+my+work",
    # A translation's site (publish/languages.py): its home, an article, a category listing
    # untranslated articles "(en inglés)", and its 404.
    "es-home": "/es/",
    "es-article": "/es/end-a-contract/",
    "es-category": "/es/categories/contracts/",
    "es-404": "/es/no-such-page/",
    "es-search-results": "/es/search/?query=impuestos+contrato",
}
# What the search box is asked on each page, in the page's language.
QUERIES = {"es": "reembolso"}
# A visitor with targeted notices on top of the global one.
VISITOR = "?country=US&usertype=standard&audience=freelancer"


def visiting(path: str) -> str:
    """``path`` as VISITOR opens it (after the query an address may have already)."""
    return path + ("&" + VISITOR[1:] if "?" in path else VISITOR)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs npm ci in tests/browser)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def serious_violations(page, axe_source) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ["violations"]});
          return result.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")
              + " " + (n.failureSummary || "").replace(/\\s+/g, " ")).join(" | "));
        }"""
    )
    return found


def open_page(page, url):
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-hc-notices]')?.getAttribute('data-hc-state') === 'ready'")
    page.wait_for_timeout(150)  # Material's components settle


def open_search_with_results(page, query=None):
    query = query or QUERIES.get(page.evaluate("document.documentElement.lang"), "refund")
    if page.viewport_name == "phone":
        page.locator('button[data-hc-for="__search"]').click()  # "Open the search", in the page's language
    else:
        page.locator("input.md-search__input").click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    page.locator("a.md-search-result__link").first.wait_for(state="visible")


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_axe_violations(sized_page, live_server, axe_source, kind):
    page = sized_page
    open_page(page, live_server.url + visiting(PAGES[kind]))
    assert page.locator("[data-hc-notice]").count() >= 2, "the visitor's notices are shown"
    assert serious_violations(page, axe_source) == []
    if kind.startswith("es-"):
        page.locator(".hc-languages__menu > summary").click()
        page.locator(".hc-languages__list a").first.wait_for(state="visible")
        assert serious_violations(page, axe_source) == [], "with the language switcher open"
        page.keyboard.press("Escape")

    open_search_with_results(page)
    assert serious_violations(page, axe_source) == [], "with the search open and showing results"


def test_no_serious_axe_violations_with_the_widget_open_after_no(sized_page, live_server, axe_source):
    page = sized_page
    open_page(page, live_server.url + PAGES["article"])
    widget = page.locator("form.hc-feedback")
    widget.get_by_role("button", name="No").click()
    widget.locator("fieldset").wait_for(state="visible")
    assert serious_violations(page, axe_source) == []


def test_no_serious_axe_violations_on_the_page_of_an_untranslated_article(sized_page, live_server, axe_source):
    page = sized_page  # /es/<id>/ of an article not translated into Spanish (publish/translated_site.py)
    assert page.goto(live_server.url + "/es/work-diary/").status == 200
    assert page.evaluate("document.documentElement.lang") == "es"
    assert serious_violations(page, axe_source) == []


def test_the_search_dialog_has_an_accessible_name(page, live_server):
    page.goto(live_server.url + "/")
    dialog = page.locator('[data-md-component="search"][role="dialog"]')
    assert dialog.get_attribute("aria-label") == "Search the help center"


@pytest.mark.parametrize("kind", ["home", "article", "404", "es-home", "es-article"])
def test_the_header_says_the_sites_name_once_as_the_way_home(sized_page, live_server, kind):
    """Material's logo link (its label the site's name) and the header's title both said "Help
    Center" to a screen reader, and the home page's title a third time; on a phone, where the
    logo is hidden, the header had no way home. Now the name is read once, as a link home that
    Tab reaches, on every page and at every width."""
    page = sized_page
    open_page(page, live_server.url + PAGES[kind])
    name, home = ("Centro de ayuda", "/es/") if kind.startswith("es-") else ("Help Center", "/")
    read = page.locator("header.md-header").aria_snapshot()
    assert read.count(name) == 1, read
    link = page.get_by_role("banner").get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    assert link.evaluate("a => [a.href, a.tabIndex]") == [live_server.url + home, 0]


def test_the_way_home_is_seen_when_focused_after_the_page_has_scrolled(page, live_server):
    # Scrolled, Material shows the page's title where the site's name was, the name see-through.
    open_page(page, live_server.url + PAGES["article"])
    page.mouse.wheel(0, 1500)
    page.wait_for_function("document.querySelector('.md-header__title--active')")
    page.locator(".md-header a.hc-header__home").focus()
    page.wait_for_timeout(500)  # Material's fade
    assert page.locator(".md-header__topic").evaluate_all("els => els.map(e => getComputedStyle(e).opacity)") == ["1", "0"]


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_request_leaves_the_site(sized_page, live_server, kind):
    page = sized_page
    site = urlsplit(live_server.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, live_server.url + visiting(PAGES[kind]))
    open_search_with_results(page)
    page.wait_for_load_state("networkidle")
    elsewhere = [u for u in requested if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                 and urlsplit(u).netloc != site]
    assert len(requested) > 5  # the page, its styles, scripts and API calls were recorded
    assert elsewhere == []


TAB_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : "") + " " + (el.textContent || "").trim().slice(0, 30),
    seen: el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && r.width > 0 && r.height > 0
      && r.right > 0 && r.left < innerWidth && style.visibility !== "hidden",
    content: !!el.closest(".md-content, .hc-hero"),
  };
}"""


# On a desktop the skip link jumps over the categories and the table of contents.
MOST_STOPS_BEFORE_CONTENT = {"phone": 10, "desktop": 24}


@pytest.mark.parametrize("kind", ["home", "category", "article", "es-article"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_tab_reaches_only_visible_things_and_soon_the_content(browser, live_server, kind, size):
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.viewport_name = size
    try:
        open_page(page, live_server.url + PAGES[kind])
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            page.wait_for_timeout(250)  # a skip link fades in on focus
            stop = page.evaluate(TAB_STOP)
            if stop is None:
                continue
            stops.append(stop)
            if stop["content"]:
                break
        hidden = [s["name"] for s in stops if not s["seen"]]
        assert hidden == []
        assert stops[-1]["content"], f"no content link within 40 Tab presses: {[s['name'] for s in stops]}"
        assert len(stops) <= MOST_STOPS_BEFORE_CONTENT[size], [s["name"] for s in stops]
        names = [s["name"] for s in stops]
        if size == "phone":  # the header's menu and search are reachable buttons
            assert any(n.startswith("button.md-header__button.md-icon.hc-header-button") for n in names), names
    finally:
        context.close()


def focused(page) -> str:
    return page.evaluate("""() => { const el = document.activeElement;
      return el.tagName.toLowerCase() + "." + (el.className || "") + "[" + (el.getAttribute("data-hc-dismiss") || "") + "]"; }""")


def test_focus_after_dismissing_notices_goes_to_the_next_then_to_the_page(page, live_server):
    open_page(page, live_server.url + PAGES["article"] + VISITOR)
    ids = page.locator("[data-hc-notice]").evaluate_all("els => els.map(e => e.dataset.hcNotice)")
    assert len(ids) >= 2
    page.locator(f'[data-hc-dismiss="{ids[0]}"]').click()
    assert focused(page) == f"button.hc-notice__dismiss[{ids[1]}]"
    before = page.evaluate("window.scrollY")
    for notice_id in ids[1:]:
        page.locator(f'[data-hc-dismiss="{notice_id}"]').click()
    # The page's heading, where the reader was: focusing the whole content scrolled past the top.
    assert focused(page).startswith("h1.")
    assert page.evaluate("window.scrollY") == before
    # Not a live region: a screen reader does not hear the notices again on every page.
    open_page(page, live_server.url + PAGES["article"] + VISITOR)
    assert page.locator("[data-hc-notices]").evaluate(
        "el => [el, ...el.querySelectorAll('*')].filter(e => e.getAttribute('aria-live') || e.getAttribute('role') === 'status').length") == 0


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque CSS rgb() colours."""
    def luminance(rgb):
        channels = [int(c) / 255 for c in rgb.strip("rgba() ").split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_focus_is_visible_on_the_notice_bar_and_the_header(page, live_server):
    # The blue ring measured 2.5:1 on the notice bar and 1.03:1 on the green header, and a focused
    # notice link took the content's dark green (1.7:1 on the bar): WCAG 1.4.11 asks 3:1.
    open_page(page, live_server.url + PAGES["home"] + VISITOR)
    looks = """e => { const box = e.closest('.md-banner, .md-header'); const s = getComputedStyle(e);
        return {text: s.color, ring: s.outlineColor, style: s.outlineStyle,
                background: getComputedStyle(box).backgroundColor}; }"""
    for selector in (".hc-notice__message a", ".hc-notice__dismiss", ".md-header a.hc-header__home"):
        target = page.locator(selector).first
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard: :focus-visible
        seen = target.evaluate(looks)
        assert seen["style"] == "solid", (selector, seen)
        assert _contrast(seen["ring"], seen["background"]) >= 3, (selector, seen)
        assert _contrast(seen["text"], seen["background"]) >= 4.5, (selector, seen)


def type_until_results(page, box, text="refund"):
    """Type into a search box as a reader does, until the first result shows."""
    box.click()
    box.press_sequentially(text, delay=30)
    expect(page.locator(".md-search-result__link").first).to_be_visible(timeout=15000)


def test_focus_is_visible_in_the_search_dialog(page, live_server):
    # The dialog is white but sits in the header: its clear button and results took the header's
    # white ring, and a focused result only a 1.18:1 tint.
    open_page(page, live_server.url + PAGES["article"])
    type_until_results(page, page.locator("input.md-search__input"))
    looks = """e => { const s = getComputedStyle(e); return {ring: s.outlineColor, style: s.outlineStyle,
        background: getComputedStyle(e.closest('.md-search__inner')).backgroundColor}; }"""
    for selector in (".md-search button[type=reset]", ".md-search-result__link"):
        page.keyboard.press("Tab")
        target = page.locator(selector).first
        expect(target).to_be_focused()
        seen = target.evaluate(looks)
        assert seen["style"] == "solid" and _contrast(seen["ring"], "rgb(255, 255, 255)") >= 3, (selector, seen)


def test_a_chosen_feedback_answer_stays_readable_and_the_notice_close_button_is_big_enough(page, live_server):
    # The chosen "No" was dark green on green (1.5:1) once the pointer left it; the notice's close
    # button was 20 by 20 pixels (WCAG 2.2 asks 24 by 24).
    open_page(page, live_server.url + PAGES["article"] + VISITOR)
    no = page.locator("form.hc-feedback").get_by_role("button", name="No")
    no.click()
    page.mouse.click(5, 400)
    # Material fades button colours: read them once the fade is over (no alpha left).
    no.evaluate("""e => new Promise(done => { const settled = () => {
        const s = getComputedStyle(e); if (!(s.color + s.backgroundColor).includes('rgba')) done();
        else setTimeout(settled, 50); }; settled(); })""")
    colours = no.evaluate("e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }")
    assert _contrast(*colours) >= 4.5, colours
    for box in page.locator(".hc-notice__dismiss").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"):
        assert box[0] >= 24 and box[1] >= 24, box


def test_the_phone_menu_takes_the_focus_keeps_it_and_gives_it_back(browser, live_server):
    # The focus stayed on the menu button under the drawer, Tab went on to the page behind the
    # overlay, Escape did nothing, and the button did not say whether the menu was open.
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        open_page(page, live_server.url + PAGES["article"])
        menu = page.locator("button[data-hc-for=__drawer]")
        expect(menu).to_have_attribute("aria-expanded", "false")
        menu.focus()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        drawer = page.locator(".md-sidebar--primary")
        inside = "document.querySelector('.md-sidebar--primary').contains(document.activeElement)"
        assert page.evaluate(inside)
        stops = drawer.locator("a[href]").evaluate_all("els => els.filter(e => e.offsetParent !== null).length")
        for _ in range(stops + 2):  # round the drawer and on: never behind it
            page.keyboard.press("Tab")
            assert page.evaluate(inside)
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside)
        # Its ring is drawn inside the link: the drawer clips what passes its edge (only the bottom showed).
        ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                             "return [s.outlineStyle, parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth)]; })()")
        assert ring[0] == "solid" and ring[1] <= 0, ring
        page.keyboard.press("Escape")
        expect(menu).to_be_focused()
        expect(menu).to_have_attribute("aria-expanded", "false")
        assert not page.evaluate("document.getElementById('__drawer').checked")
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["article", "es-article"])
def test_the_phone_menu_has_one_way_home(browser, live_server, kind):
    """The drawer's title began with Material's logo, a link home named with the site's name, just
    before the list's "Home": a screen reader and Tab met two links home. As in the header, the logo
    is for the mouse only (partials/nav.html)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        open_page(page, live_server.url + PAGES[kind])
        name, home, first = ("Centro de ayuda", "/es/", "Inicio") if kind.startswith("es-") else ("Help Center", "/", "Home")
        page.locator("button[data-hc-for=__drawer]").focus()
        page.keyboard.press("Enter")
        drawer = page.locator(".md-sidebar--primary nav.md-nav--primary")
        read = drawer.aria_snapshot()
        assert read.count("/url: " + live_server.url + home + "\n") == 1 and read.count(name) == 1, read
        assert drawer.get_by_role("link", name=name).count() == 0
        # Round the drawer with Tab: its "Home" first, and no other stop leads home.
        focused = []
        for _ in range(drawer.locator(".md-nav__list > li").count()):
            focused.append(page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.href]"))
            page.keyboard.press("Tab")
        assert focused[0] == [first, live_server.url + home]
        assert [href for _, href in focused].count(live_server.url + home) == 1, focused
        assert page.evaluate("document.activeElement.href") == live_server.url + home  # round again
        # The mouse still has the logo.
        drawer.locator("a.md-logo").click()
        page.wait_for_url(live_server.url + home)
    finally:
        context.close()


def test_escape_brings_the_words_back_to_the_home_search_box(page, live_server):
    # Typing in the home page's big box moves on into the header's dialog; Escape left the focus on
    # <body> and the box empty.
    open_page(page, live_server.url + PAGES["home"])
    box = page.locator("[data-hc-search-box] input[name=query]")
    type_until_results(page, box)
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(box).to_have_value("refund")


def test_the_phone_search_takes_the_focus_tells_the_way_and_gives_it_back(browser, live_server):
    # Opened from the keyboard, the focus stayed on the button under the dialog until one typed,
    # and Escape left it on <body>; nothing told how to reach the results or announced them.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, live_server.url + PAGES["home"])
        page.focus("button[data-hc-for=__search]")
        page.keyboard.press("Enter")
        expect(page.locator("input.md-search__input")).to_be_focused()
        hint = page.locator("#" + page.locator("input.md-search__input").get_attribute("aria-describedby"))
        assert hint.inner_text() == ("Results appear as you type. Use Tab or the up and down arrow keys to move "
                                     "through them and Enter to open one.")
        page.keyboard.type("refund", delay=30)
        status = page.locator(".md-search-result__meta[role=status]")
        expect(status).to_contain_text("matching", timeout=15000)
        page.keyboard.press("Escape")
        expect(page.locator("button[data-hc-for=__search]")).to_be_focused()
        # The dialog's back arrow is a named button (Material's was a <label> with no name), a Tab stop.
        page.keyboard.press("Enter")
        back = page.get_by_role("button", name="Close the search")
        expect(back).to_be_visible()
        page.keyboard.type("refund", delay=30)
        expect(page.locator(".md-search-result__meta[role=status]")).to_contain_text("matching", timeout=15000)
        page.keyboard.press("Shift+Tab")
        expect(back).to_be_focused()
        page.keyboard.press("Enter")
        assert not page.locator("#__search").is_checked()
        expect(page.locator("button[data-hc-for=__search]")).to_be_focused()
    finally:
        context.close()


def test_focus_after_sending_feedback_is_on_the_thanks(page, live_server):
    open_page(page, live_server.url + PAGES["article"])
    widget = page.locator("form.hc-feedback")
    widget.get_by_role("button", name="Yes").click()
    widget.get_by_text("Thank you for your feedback!").wait_for()
    assert focused(page) == "p.hc-feedback__status[]"


@pytest.mark.parametrize("kind", ["home", "404"])
def test_the_big_search_box_runs_the_header_search(sized_page, live_server, kind):
    page = sized_page
    searched = []
    page.on("request", lambda r: searched.append(r.url) if "/api/search" in r.url else None)
    open_page(page, live_server.url + PAGES[kind])
    page.locator("#hc-search-box-input").press_sequentially("quit", delay=30)
    first = page.locator("a.md-search-result__link").first
    first.wait_for(state="visible")
    assert page.locator("#__search").is_checked()
    assert page.locator("input.md-search__input").input_value() == "quit"
    assert "End a contract" in page.locator(".md-search-result").inner_text()
    assert any("q=quit" in u for u in searched)  # answered by our API through search-worker.js


@pytest.mark.parametrize("path", ["/end-a-contract/", "/end-a-contract-as-a-client/"])
def test_worked_example_tables_fit_the_screen_and_stay_tables(sized_page, live_server, path):
    """On a 375 px phone a worked example's table scrolled sideways inside its box (400 px wide);
    it fits now, at both sizes, and is still a table with its header row for screen readers."""
    page = sized_page
    open_page(page, live_server.url + path)
    tables = page.evaluate("""() => [...document.querySelectorAll('article table')].map(t => ({
        overflow: Math.max(t.scrollWidth - t.clientWidth,
                           (t.closest('.md-typeset__scrollwrap') || t).scrollWidth - (t.closest('.md-typeset__scrollwrap') || t).clientWidth),
        right: Math.round(t.getBoundingClientRect().right),
        headers: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
    }))""")
    assert tables, f"no worked example table on {path}"
    width = page.viewport_size["width"]
    for table in tables:
        assert table["overflow"] == 0 and table["right"] <= width, table
    assert page.evaluate("document.documentElement.scrollWidth") == width
    # What assistive technology is given: a table per example, its header row as column headers.
    roles = page.locator("article").get_by_role("table")
    assert roles.count() == len(tables)
    for n, table in enumerate(tables):
        assert len(table["headers"]) >= 3
        assert roles.nth(n).get_by_role("columnheader").all_inner_texts() == table["headers"]


# Every page type in every language, at the narrowest phone WCAG's reflow asks for (320 CSS px).
REFLOW_PAGES = {
    **{kind: PAGES[kind] for kind in ("home", "category", "article", "404", "rules", "verified-answers", "search-results")},
    **{f"{lang}-{kind}": f"/{lang}{path}" for lang in ("es", "fr")
       for kind, path in (("home", "/"), ("category", "/categories/contracts/"), ("article", "/end-a-contract/"),
                          ("404", "/no-such-page/"), ("untranslated", "/work-diary/"))},
}
# What sticks out past the right edge of the viewport (not inside a box that scrolls or clips it).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clips = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 0.5) return true; }
    return false; };
  return [...document.body.querySelectorAll("*")].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 0.5 && !clips(el);
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
    ? "." + el.className.trim().split(/\\s+/).join(".") : "") + " right=" + Math.round(el.getBoundingClientRect().right)
    + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40)));
}"""


@pytest.mark.parametrize("kind", list(REFLOW_PAGES))
def test_no_page_scrolls_sideways_on_a_320_px_phone(browser, live_server, kind):
    """The verified answers page was 388 px wide on a 320 px phone (three columns left ~70 px for
    "policy.circumvention"), the home page 336 px (a 16rem grid column); at 320 px nothing may push
    the document wider than the screen, with the visitor's notices shown."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        if kind.endswith("-untranslated"):  # the small page of an untranslated article: no theme, no notices
            assert page.goto(live_server.url + REFLOW_PAGES[kind]).status == 200
        else:
            open_page(page, live_server.url + visiting(REFLOW_PAGES[kind]))
            assert page.locator("[data-hc-notice]").count() >= 2
        width = page.evaluate("document.documentElement.clientWidth")
        assert width == 320
        assert (page.evaluate("document.documentElement.scrollWidth"), page.evaluate(OVERFLOWING)) == (320, [])
    finally:
        context.close()


@pytest.mark.parametrize("path, name", [("/es/", "Centro de ayuda"), ("/fr/", "Centre d'aide"), ("/", "Help Center")])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_sites_name_in_the_header_is_not_cut(browser, live_server, path, name, width):
    """On a 320 px phone the header left 85 px for the site's name: "Centro de ayuda" and "Centre
    d'aide" showed as "Centro …" and "Centre …". The whole name shows, on two lines if need be."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    try:
        open_page(page, live_server.url + path)
        title = page.locator(".md-header a.hc-header__home .md-ellipsis")
        assert title.inner_text().replace("\n", " ") == name
        assert title.evaluate("e => [e.scrollWidth <= e.clientWidth, e.scrollHeight <= e.clientHeight]") == [True, True]
        box, bar = title.bounding_box(), page.locator(".md-header").bounding_box()
        assert bar["y"] <= box["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"], (box, bar)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/end-a-contract/", "/es/end-a-contract/", "/fr/end-a-contract/"])
@pytest.mark.parametrize("width", [320, 375, 414])
def test_yes_and_no_stay_on_one_line(browser, live_server, path, width):
    """On a 375 px phone the French question left room for "Oui" only, and "Non" wrapped alone onto
    the next line: the two answers move together."""
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        open_page(page, live_server.url + path)
        tops = page.locator(".hc-feedback__answer").evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
        assert len(tops) == 2 and tops[0] == tops[1]
    finally:
        context.close()


FOCUS_COVERED = """() => { const el = document.activeElement;
  if (!el || el === document.body || !el.closest('.md-main')) return null;
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || r.bottom <= 0 || r.top >= innerHeight) return null;
  const points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
                  [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]];
  const over = points.map(([x, y]) => document.elementFromPoint(Math.min(Math.max(x, 0), innerWidth - 1), y))
                     .filter(e => e && !(el.contains(e) || e.contains(el)));
  return over.length === points.length ? el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 40) + '" under '
         + over.map(e => e.closest('.md-header, .md-top') ? e.closest('.md-header, .md-top').className : e.className).join(' | ') : null; }"""


@pytest.mark.parametrize("path", ["/end-a-contract/", "/verified-answers/"])
def test_the_keyboard_focus_is_never_under_the_header_or_back_to_top(browser, live_server, path):
    """Shift+Tab back up a long page on a phone: each focused link or button has some part in
    sight, not under the sticky header nor under "Back to top" (WCAG 2.2, 2.4.11)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        open_page(page, live_server.url + path)
        covered = []
        for key in ["Tab"] * 45 + ["Shift+Tab"] * 45:
            page.keyboard.press(key)
            page.wait_for_timeout(80)
            found = page.evaluate(FOCUS_COVERED)
            if found:
                covered.append(f"{key}: {found}")
        assert covered == []
    finally:
        context.close()
