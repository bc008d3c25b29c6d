"""XSS corpus through a real build, in headless Chromium: no payload ever runs.

Every payload calls ``__xss(n)``; the page records each call. Payloads go into what editors write
(titles, summaries, keywords, section headings, bodies that the HTML policy lets through, notices)
and the pages that show them are visited, the search box included; and into what readers send:
queries typed into the search box (with the correction line's "search instead" and "did you
mean"), queries in URLs, and searches, clicks and comments shown by `helpcenter report --html`.
To cover another surface
(another page or interaction), add a ``(name, path, action)`` entry to ``SURFACES``: ``action``
gets the page and the corpus and drives it; the test asserts that nothing ran.
"""
from __future__ import annotations

import textwrap

import pytest

from conftest import BUILD_AT, LiveServer, write_article

# Each returns markup that calls __xss(n) if it is ever treated as HTML or script.
PAYLOADS = [
    "<img src=x onerror=__xss({n})>",
    "\"><svg onload=__xss({n})>",
    "'><script>__xss({n})</script>",
    "</title><script>__xss({n})</script>",
    "<details open ontoggle=__xss({n})>",
    "<iframe srcdoc=\"<script>parent.__xss({n})</script>\"></iframe>",
    "\" autofocus onfocus=__xss({n}) x=\"",
    "<a href=javascript:__xss({n})>x</a>",
    "{{{{ __xss({n}) }}}}",
    "`<img src=x onerror=__xss({n})>`",
]


def payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)].format(n=index)


def yaml_text(text: str) -> str:
    import json

    return json.dumps(text)  # a JSON string is a YAML double-quoted string


def xss_tree(root):
    """Articles and notices carrying the corpus where editors may legally put text."""
    n = 0
    for i in range(len(PAYLOADS)):
        title, summary, keyword = payload(n), payload(n + 1), payload(n + 2)
        n += 3
        body = textwrap.dedent(f"""
            Intro with a code span: `{payload(n)}` and an escaped entity &lt;script&gt;__xss({n + 1})&lt;/script&gt;.

            ## Section {{#section}}

            A [link with a title](https://example.com "{payload(n + 2).replace('"', "'")}").

            ```html
            {payload(n + 3)}
            ```
            """)
        n += 4
        front = (f"id: xss-{i}\ntitle: {yaml_text(title)}\nsummary: {yaml_text(summary)}\n"
                 f"audience: [freelancer]\ncategory: contracts\nkeywords: [{yaml_text(keyword)}, payload]\n")
        write_article(root, f"xss-{i}.md", front, body)
    # A notice is Markdown: raw HTML or a javascript: link in one is an error (core.notices.message_problems),
    # so the payloads go where an editor may legally put them there, in code spans.
    notices = ["notices:"]
    for i in range(4):
        notices += [f"  - id: xss-notice-{i}", f"    message: {yaml_text('Notice `` ' + payload(n) + ' ``')}"]
        n += 1
    (root / "notices.yml").write_text("\n".join(notices) + "\n", encoding="utf-8")
    return n


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory):
    from helpcenter.pipeline import build
    from helpcenter.progress import Progress
    from helpcenter.web import create_app

    base = tmp_path_factory.mktemp("xss")
    root = base / "content"
    (root / "articles").mkdir(parents=True)
    (root / "synonyms.yml").write_text("synonyms: []\n", encoding="utf-8")
    count = xss_tree(root)
    out = base / "out"
    build(root, out, at=BUILD_AT, progress=Progress(7, quiet=True))
    with pytest.MonkeyPatch.context() as mp:
        for rate in ("HELPCENTER_SEARCH_RATE", "HELPCENTER_FEEDBACK_RATE", "HELPCENTER_CLICK_RATE"):
            mp.setenv(rate, "off")  # the report test sends a feedback and a click per payload
        app = create_app(out)
    with LiveServer(app) as server:
        server.payload_count = count
        server.out = out
        yield server


RECORD = "window.__xssRan = []; window.__xss = function (n) { window.__xssRan.push(n); };"


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def search_box(page, text):
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # let every result render before reading what ran


def typed_queries(page):
    """Each payload typed after a misspelt word of the articles ("sectoin"): the search box shows
    "Showing results for section ...; search instead for sectoin <payload>"; following "search
    instead" searches the words as typed and offers "Did you mean section <payload>?"."""
    box = page.locator("input.md-search__input")
    box.click()
    for i in range(len(PAYLOADS)):
        typed = f"sectoin {payload(i)}"
        box.fill(typed)
        box.dispatch_event("keyup")
        instead = page.locator("a.md-search-result__link", has_text="Search instead for")
        instead.wait_for(timeout=15000)
        assert typed in instead.inner_text()  # shown as text
        instead.click()
        page.locator("a.md-search-result__link", has_text="Did you mean").wait_for(timeout=15000)


def queries_in_urls(page, base):
    """Each payload as the query of a URL: Material opens the search with it (?q=), corrected or
    not; an article's ?q= is what the feedback widget sends as the search that led there."""
    from urllib.parse import quote

    for i in range(len(PAYLOADS)):
        for path in (f"/?q={quote(payload(i))}", f"/?q={quote('sectoin ' + payload(i))}",
                     f"/xss-{i}/?q={quote(payload(i))}"):
            visit(page, base + path)
            assert page.locator("input.md-search__input").input_value() == unquote_q(path)


def unquote_q(path: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(path).query)["q"][0]


SURFACES = [
    ("home", "/", None),
    ("article", "/xss-0/", None),
    ("another-article", "/xss-3/", None),
    ("category", "/categories/contracts/", None),
    ("notices-banner", "/?audience=freelancer&country=US&usertype=standard", None),
    ("search-by-title", "/", lambda page: search_box(page, "svg")),
    ("search-by-keyword", "/", lambda page: search_box(page, "payload")),
    ("typed-queries-and-corrections", "/", typed_queries),
]


@pytest.mark.parametrize("name, path, action", SURFACES, ids=[s[0] for s in SURFACES])
def test_no_payload_runs(page, xss_server, name, path, action):
    page.add_init_script(RECORD)
    visit(page, xss_server.url + path)
    if action:
        action(page)
    assert page.evaluate("typeof window.__xss") == "function"  # the recorder is in place
    assert page.evaluate("window.__xssRan") == []


def test_the_payloads_are_shown_as_text(page, xss_server):
    page.add_init_script(RECORD)
    visit(page, xss_server.url + "/xss-0/")
    assert page.locator("article h1").first.inner_text().startswith(payload(0))
    assert payload(0) in page.title()
    assert page.locator('meta[name="description"]').get_attribute("content") == payload(1)
    visit(page, xss_server.url + "/?audience=freelancer")
    banner = page.locator(".hc-notices")
    banner.first.wait_for(timeout=10000)
    assert "Notice" in banner.first.inner_text()
    assert page.evaluate("window.__xssRan") == []


def test_the_recorder_would_see_a_payload_that_runs(page, xss_server):
    """The test above can fail: a payload inserted as HTML is recorded."""
    page.add_init_script(RECORD)
    visit(page, xss_server.url + "/xss-0/")
    page.evaluate("(html) => { document.body.insertAdjacentHTML('beforeend', html); }", payload(0))
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xssRan") == [0]


def test_no_payload_runs_from_queries_in_urls(page, xss_server):
    page.add_init_script(RECORD)
    queries_in_urls(page, xss_server.url)
    assert page.evaluate("typeof window.__xss") == "function"
    assert page.evaluate("window.__xssRan") == []


def test_no_payload_runs_in_the_report(page, xss_server, tmp_path):
    """Searches, clicks and "not helpful" comments carrying the corpus, sent through the APIs as a
    browser would, then shown by `helpcenter report --html` with the articles' titles (the corpus
    too): opened in Chromium, nothing runs, and the payloads are there as text."""
    import time

    import httpx

    import feedback
    from helpcenter import cli

    sent = []
    with httpx.Client(base_url=xss_server.url, timeout=30) as client:
        for i in range(len(PAYLOADS)):
            query, comment = payload(100 + i), "Comment " + payload(200 + i)
            found = client.get("/api/search", params={"q": f"section {query}"}).json()
            assert client.get("/api/search", params={"q": f"{query} qqqzzz"}).status_code == 200  # a gap
            assert client.post("/api/search/click", json={
                "search_id": found["search_id"], "article_id": f"xss-{i}", "url": f"/xss-{i}/#section",
                "rank": 1}).status_code == 202
            assert client.post("/api/feedback", json={
                "article_id": f"xss-{i}", "helpful": False, "reason": "unclear", "text": comment,
                "query": f"section {query}"}).status_code == 201
            sent.append(comment)
    store = feedback.open_store(xss_server.out)
    try:
        deadline = time.monotonic() + 30
        while store.counts()["clicks"] < len(PAYLOADS):  # the server's log writer works in batches
            assert time.monotonic() < deadline, store.counts()
            time.sleep(0.1)
    finally:
        store.close()
    report = tmp_path / "report.html"
    assert cli.main(["report", "--out", str(xss_server.out), "--html", str(report),
                     "--site-url", xss_server.url + "/", "--limit", "50"]) == 0
    page.add_init_script(RECORD)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "function"
    assert page.evaluate("window.__xssRan") == []
    text = page.locator("body").inner_text()
    assert [c for c in sent if c not in text] == []  # every comment shown, as text
    assert payload(0) in text  # an article title
    assert payload(100).lower() in text  # a query (counted lower case)
