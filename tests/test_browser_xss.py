"""XSS corpus through a real build, in headless Chromium: no payload ever runs.

Every payload calls ``__xss(n)``; the page records each call. Payloads go into what editors write
(titles, summaries, keywords, section headings, bodies that the HTML policy lets through, notices)
and the pages that show them are visited, the search box included. To cover another surface
(queries, feedback, the report), add a ``(name, path, action)`` entry to ``SURFACES``: ``action``
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
    notices = ["notices:"]
    for i in range(4):
        notices += [f"  - id: xss-notice-{i}", f"    message: {yaml_text('Notice ' + payload(n) + ' [x](javascript:__xss(0))')}"]
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
    with LiveServer(create_app(out)) as server:
        server.payload_count = count
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


SURFACES = [
    ("home", "/", None),
    ("article", "/xss-0/", None),
    ("another-article", "/xss-3/", None),
    ("category", "/categories/contracts/", None),
    ("notices-banner", "/?audience=freelancer&country=US&usertype=standard", None),
    ("search-by-title", "/", lambda page: search_box(page, "svg")),
    ("search-by-keyword", "/", lambda page: search_box(page, "payload")),
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
