"""The help center's pages as readers find them: home, categories, articles, 404, and no page
that lists every article."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from core import vocabulary
from core.content import load_content
from core.problems import Problems
from helpcenter import popular
from helpcenter.pipeline import build, validate
from helpcenter.progress import Progress
from conftest import CONTENT, MINIMAL_FRONT, write_article

HREF = re.compile(r'href="([^"#?]*)[^"]*"')


def site(out: Path) -> Path:
    return out / "current" / "site"


def html(out: Path, path: str) -> str:
    return (site(out) / path / "index.html").read_text(encoding="utf-8") if not path.endswith(".html") \
        else (site(out) / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published(built_out):
    ids = json.loads((built_out / "current" / "build.json").read_text())["articles"]
    by_id = load_content(CONTENT, Problems()).by_id()
    return [by_id[i] for i in ids]


def linked_articles(page: str, published) -> set[str]:
    """The published articles a page links to (hrefs resolved to the article id)."""
    ids = {a.id for a in published}
    found = set()
    for href in HREF.findall(page):
        parts = [p for p in href.split("/") if p and p != ".."]
        if len(parts) == 1 and parts[0] in ids:
            found.add(parts[0])
    return found


def block(page: str, css_class: str) -> str:
    start = page.index(f'class="{css_class}')
    return page[start:page.index("</section>", start) if "<section" in page[start - 200:start] else None]


def test_home_has_one_card_per_category_with_its_count(built_out, published):
    page = html(built_out, "")
    counts = Counter(a.category for a in published)
    cards = re.findall(r'<li class="hc-card">.*?</li>', page, re.S)
    expected = [c for c in vocabulary.CATEGORIES if counts[c]]
    assert len(cards) == len(expected) == 6
    for card, category in zip(cards, expected):
        assert f'href="categories/{category}/"' in card
        assert vocabulary.CATEGORY_TITLES[category] in card
        assert vocabulary.CATEGORY_DESCRIPTIONS[category] in card
        n = counts[category]
        assert f'<p class="hc-card__count">{n} article{"" if n == 1 else "s"}</p>' in card
        assert "<svg" in card  # its icon


def test_home_has_the_search_box_and_the_editors_picks(built_out, published):
    page = html(built_out, "")
    assert '<form class="hc-search-box" role="search"' in page
    assert '<form class="hc-search-box" role="search" action="search/" method="get"' in page  # the results page
    assert 'id="hc-search-box-input" name="query" type="search"' in page
    popular_block = page[page.index('<ul class="hc-popular">'):]
    popular_block = popular_block[:popular_block.index("</ul>")]
    picks = re.findall(r'href="([a-z0-9-]+)/"', popular_block)
    assert picks == ["end-a-contract", "getting-paid", "service-fees", "request-a-refund",
                     "hourly-vs-fixed-price", "two-step-verification"]


@pytest.mark.parametrize("category", ["contracts", "payments", "policies"])
def test_a_category_page_lists_exactly_its_published_articles_with_summaries(built_out, published, category):
    page = html(built_out, f"categories/{category}")
    listing = page[page.index('<ul class="hc-article-list">'):]
    listing = listing[:listing.index("</ul>")]
    mine = sorted((a for a in published if a.category == category), key=lambda a: a.title.lower())
    assert re.findall(r'href="\.\./\.\./([a-z0-9-]+)/"', listing) == [a.id for a in mine]
    for article in mine:
        assert f'<p class="hc-article-list__summary">{article.summary}</p>' in listing.replace("&#39;", "'")


def test_an_article_has_breadcrumb_toc_related_more_and_contact(built_out, published):
    page = html(built_out, "end-a-contract")
    crumbs = page[page.index('<nav class="hc-breadcrumb"'):]
    crumbs = crumbs[:crumbs.index("</nav>")]
    assert re.findall(r'<a href="([^"]*)">([^<]*)</a>', crumbs) == [("..", "Home"), ("../categories/contracts/", "Contracts")]
    assert '<nav class="hc-toc" aria-label="On this page">' in page
    assert '<a href="#hourly-contracts">Hourly contracts</a>' in page
    assert 'class="md-nav md-nav--secondary"' in page  # Material's table of contents on wide screens
    related = page[page.index('<section class="hc-related"'):]
    related = re.findall(r'href="\.\./([a-z0-9-]+)/"', related[:related.index("</section>")])
    # "quit" / "end contract" keywords: the client's version shares them.
    assert related[0] == "end-a-contract-as-a-client"
    assert "end-a-contract" not in related and 1 <= len(related) <= 5
    more = page[page.index('<section class="hc-more"'):]
    more = more[:more.index("</section>")]
    more_ids = re.findall(r'<li><a href="\.\./([a-z0-9-]+)/"', more)
    contracts = {a.id for a in published if a.category == "contracts"}
    assert 1 <= len(more_ids) <= 5 and set(more_ids) <= contracts - {"end-a-contract"} - set(related)
    assert f"All {len(contracts)} articles in Contracts" in more
    assert '<h2 id="hc-contact-title">Still need help?</h2>' in page
    assert 'form class="hc-feedback"' in page


def test_worked_examples_read_as_tables_with_the_code_closed(built_out):
    page = html(built_out, "end-a-contract")
    assert "<th>Logged time</th>" in page and '<td style="text-align: right;"><strong>200.00</strong></td>' in page
    checked = page[page.index('<details class="hc-checked">'):]
    assert checked.startswith('<details class="hc-checked">\n<summary>How this was checked</summary>')
    assert "end_contract" in checked[:checked.index("</details>")]
    assert page.count("end_contract") == checked[:checked.index("</details>")].count("end_contract")


def test_the_404_page_has_the_search_box_and_the_categories(built_out, published):
    page = html(built_out, "404.html")
    assert '<form class="hc-search-box" role="search" action="/search/" method="get"' in page
    assert len(re.findall(r'<li class="hc-card">', page)) == len({a.category for a in published})
    assert 'href="/categories/contracts/"' in page  # absolute: the page answers any path
    assert "<title>We could not find that page - Help Center</title>" in page  # it was the site's name alone
    # Without JavaScript the box loads the results page (tests/test_search_page.py), which says
    # searching needs JavaScript only where no server writes the results into it.
    assert "hc-search-box__no-script" not in page


def test_no_page_links_to_every_article_and_the_nav_holds_no_article(built_out, published):
    pages = sorted(site(built_out).rglob("*.html"))
    assert len(pages) > len(published)
    biggest_category = max(Counter(a.category for a in published).values())
    for path in pages:
        text = path.read_text(encoding="utf-8")
        links = linked_articles(text, published)
        if path.parent.name == "verified-answers":
            continue  # the support page lists the articles with verified answers, not all of them
        assert len(links) <= biggest_category + 6, path
        if 'class="md-nav md-nav--primary"' in text:
            nav = text[text.index('class="md-nav md-nav--primary"'):]
            nav = nav[:nav.index("</nav>")]
            assert linked_articles(nav, published) == set(), path
    answers = html(built_out, "verified-answers")
    assert linked_articles(answers, published) < {a.id for a in published}


# --- small trees: related by synonyms, featured picks, analytics -----------------------------------

def front(article_id, title, category, keywords):
    return (MINIMAL_FRONT.format(id=article_id, title=title).replace("category: contracts", f"category: {category}")
            + f"keywords: [{', '.join(keywords)}]\n")


def test_keywords_that_are_synonyms_make_articles_related(content_tree, tmp_path):
    (content_tree / "synonyms.yml").write_text("synonyms:\n  - quit, end contract\naliases: {}\n", encoding="utf-8")
    write_article(content_tree, "contracts/a.md", front("leaving", "Leaving", "contracts", ["quit"]))
    write_article(content_tree, "policies/b.md", front("closing", "Closing", "policies", ["end contract"]))
    write_article(content_tree, "policies/c.md", front("unrelated", "Unrelated", "policies", ["tax"]))
    build(content_tree, tmp_path / "out", progress=Progress(7, quiet=True), record_answers=False)
    page = html(tmp_path / "out", "leaving")
    related = page[page.index('<section class="hc-related"'):]
    assert re.findall(r'href="\.\./([a-z0-9-]+)/"', related[:related.index("</section>")]) == ["closing"]
    assert '<section class="hc-related"' not in html(tmp_path / "out", "unrelated")


def test_an_unknown_featured_id_is_an_error_with_its_line(content_tree):
    write_article(content_tree, "contracts/a.md", front("known", "Known", "contracts", ["x"]))
    write_article(content_tree, "contracts/b.md", front("staff", "Staff", "contracts", ["y"]) + "visibility: internal\n")
    (content_tree / "featured.yml").write_text("featured:\n  - known\n  - nope\n  - knwon\n  - staff\n  - known\n",
                                               encoding="utf-8")
    _, problems = validate(content_tree)
    featured = content_tree / "featured.yml"
    assert [str(p) for p in problems.errors] == [
        f"{featured}:3: featured[1]: expected the id of an article, got 'nope'",
        f"{featured}:4: featured[2]: expected the id of an article, got 'knwon' (did you mean 'known'?)",
        f"{featured}:5: featured[3]: staff is an internal article: the home page is public; pick a public one",
        f"{featured}:6: featured[4]: known is already picked on line 2; keep one"]


@pytest.mark.parametrize("data, expected", [
    (b"featured:\n\t- known\n", "2: featured: a tab character is used for indentation; use spaces"),
    (b"featured:\n  - caf\xe9\n", "2: file: expected UTF-8 text, found byte 0xe9 on this line, which is not UTF-8 "
                                   "(saved as Latin-1 or Windows-1252?); save it as UTF-8"),
])
def test_a_featured_file_that_cannot_be_read_is_an_error_with_its_line(content_tree, data, expected):
    """featured.yml is read like every other YAML file editors write (yamlfile.read): never a crash."""
    write_article(content_tree, "contracts/a.md", front("known", "Known", "contracts", ["x"]))
    (content_tree / "featured.yml").write_bytes(data)
    _, problems = validate(content_tree)
    assert [str(p) for p in problems.errors] == [f"{content_tree / 'featured.yml'}:{expected}"]


def test_most_clicked_articles_come_first_then_the_picks(tmp_path):
    from feedback import Click, open_store

    store = open_store(tmp_path)
    now = dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)
    clicks = [("b", 3), ("a", 3), ("c", 1)]
    store.write([(Click(article_id=i, url=f"/{i}/"), now - dt.timedelta(days=1)) for i, n in clicks for _ in range(n)]
                + [(Click(article_id="old", url="/old/"), now - dt.timedelta(days=200))] * 5)
    try:
        assert popular.most_clicked(store, now=now) == ["a", "b", "c"]
    finally:
        store.close()
    assert popular.popular_articles(["c", "d"], ["a", "b", "c"]) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("meta", [
    {"title": "Fees &amp; refunds", "hc_related": [{"href": "../a/", "title": "A", "summary": "yes: no"}], "n": 3},
    {"title": "a\u2028b\x85c\x7fd\ufeff", "hide": ["toc"], "hc_lang": "es", "empty": None, "t": True},
])
def test_mkdocs_reads_our_json_front_matter_as_its_yaml_reader_does(meta):
    from mkdocs.utils import meta as mkdocs_meta

    from publish.docs_tree import front_matter
    from publish.mkdocs_site import _json_front_matter

    doc = "---\n" + front_matter(meta) + "---\n\n# Title\n\nBody.\n"
    expected = mkdocs_meta.get_data(doc)
    with _json_front_matter():
        assert mkdocs_meta.get_data(doc) == expected == ("# Title\n\nBody.\n", meta)
        assert mkdocs_meta.get_data("---\ntitle: Plain\n---\n\nText\n") == ("Text\n", {"title": "Plain"})
    assert mkdocs_meta.get_data is not None and mkdocs_meta.get_data.__module__ == "mkdocs.utils.meta"


REUSE_DOCS = {
    "index.md": "# Home\n\nSee [the fees](fees.md#fees) and [code](code.md).\n",
    "fees.md": "# Fees {#fees}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note \"Heads up\"\n    An admonition.\n\n"
               "## Fees {#fees-again}\n\n## Same\n\n## Same\n\n<div markdown=\"1\" id=\"raw\">*md in html*</div>\n",
    "code.md": "# Code\n\n```python\nprint('one')\n```\n\n??? tip \"Details\"\n    Hidden.\n\n```js\nlet two = 2;\n```\n\n"
               "Text with a footnote-like [^x] and <span id=\"inline\">raw</span>.\n\n## Same\n",
    "zz/last.md": "Intro without a title, [back to the fees](../fees.md#fees-again).\n\n## First {: .cls #first }\n\n"
                  "```\nplain fence\n```\n",
}


def _rendered_pages(tmp_path, reuse: bool, made: list):
    from contextlib import nullcontext

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from publish.mkdocs_site import MKDOCS_YML, _one_markdown

    docs = tmp_path / "docs"
    for name, text in REUSE_DOCS.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    files = get_files(config)

    def flat(toc):
        return [(i.title, i.id, i.url, i.level, flat(i.children)) for i in toc]

    pages = []
    made.clear()
    with _one_markdown() if reuse else nullcontext():
        for file in files.documentation_pages():
            page = Page(None, file, config)
            page.read_source(config)
            page.render(config, files)
            pages.append((file.src_uri, page.content, flat(page.toc), page.title, sorted(page.present_anchor_ids)))
    return pages


def test_mkdocs_pages_converted_by_one_reused_markdown_are_those_of_new_converters(tmp_path, monkeypatch):
    """publish.mkdocs_site._one_markdown: each page gets the converter of the page before, reset,
    instead of a new one; code blocks, admonitions, details, tables, ids, tables of contents,
    titles and links come out the same."""
    import markdown

    made = []
    real_init = markdown.Markdown.__init__
    monkeypatch.setattr(markdown.Markdown, "__init__", lambda self, **kw: made.append(self) or real_init(self, **kw))
    fresh = _rendered_pages(tmp_path / "fresh", reuse=False, made=made)
    assert len(made) == 4
    reused = _rendered_pages(tmp_path / "reused", reuse=True, made=made)
    assert len(made) == 1  # one for the four pages
    assert [p[0] for p in fresh] == ["index.md", "code.md", "fees.md", "zz/last.md"]
    assert reused == fresh
    code = dict((p[0], p[1]) for p in fresh)["code.md"]
    assert code.count('class="highlight"') == 2 and "<details" in code  # what is compared is there
    assert 'href="fees/#fees"' in dict((p[0], p[1]) for p in fresh)["index.md"]
    assert 'href="../../fees/#fees-again"' in dict((p[0], p[1]) for p in fresh)["zz/last.md"]


def test_every_skip_link_lands_on_something_in_its_page(built_out):
    """Material's "Skip to content" link goes to the page's first heading anchor; on the home page
    that heading was the Markdown title the home template does not show, so the link led nowhere
    (axe-core: "region"). Every page's skip link must name an id its page has."""
    checked = []
    for page in sorted(site(built_out).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        target = re.search(r'<a href="#([^"]+)" class="md-skip">', text)
        if target is None:
            continue
        checked.append(page.relative_to(site(built_out)).as_posix())
        assert f'id="{target.group(1)}"' in text, f"{checked[-1]}: skip link to #{target.group(1)}, no such id"
    assert {"index.html", "es/index.html", "fr/index.html", "end-a-contract/index.html"} <= set(checked)
