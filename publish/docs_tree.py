"""The MkDocs input made from published articles only: what is not written here cannot be published.

Visibility and validity windows are decided by ``core`` before MkDocs runs, so no site generator,
hook or plugin can ever see an internal or out-of-window article.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core import vocabulary
from core.articles import FENCE, HTML_IMG, IMAGE, LINK, REFERENCE, Article, fence_mask, proof_mask, unbracketed
from core.content import IMAGES_DIR, Content, images_of
from core.targeting import ALL

from .answers_pages import claim_badges
from .languages import SiteLanguages
from .strings import Strings, strings
from .templating import ENV


@dataclass
class DocsTree:
    docs_dir: Path
    nav: list
    warnings: list[str] = field(default_factory=list)
    # For the theme (config.extra): the category cards and the popular articles of the home page.
    categories: list[dict] = field(default_factory=list)
    popular: list[dict] = field(default_factory=list)
    lang: str = "en"
    # Shared with the other languages' trees, so that they are not computed again per language.
    related: dict[str, list[Article]] = field(default_factory=dict, repr=False)
    popular_ids: list[str] = field(default_factory=list)


CATEGORY_DIR = "categories"
SEARCH_PAGE = "search"  # /search/, the results page (one of core.content.GENERATED_PAGES)
RELATED = 5  # related articles shown under an article
MORE_IN_CATEGORY = 5  # "more in this category": a few neighbours, never the whole category
POPULAR = 6
# A keyword shared by more articles than this says nothing about how two of them relate.
TOPIC_LIMIT = 200


def front_matter(meta: dict) -> str:
    r"""Front matter for a page as one JSON line, which YAML (and so MkDocs) reads as the same data:
    written about twenty times faster than by a YAML emitter (PyYAML's representer took ~1.5 ms a
    page with the language switcher's data). The characters YAML 1.1 would read as line breaks or
    refuse (NEL, LINE/PARAGRAPH SEPARATOR, DEL and the C1 controls, a BOM) are written as escapes.

    >>> front_matter({"title": "Café", "hc_count": 3, "hide": ["toc"]})
    '{"hc_count": 3, "hide": ["toc"], "title": "Café"}\n'
    >>> odd = {"title": "a\u2028b\x85c\x7fd\ufeff yes: no", "n": None, "list": [{"x": "#1"}]}
    >>> yaml.safe_load(front_matter(odd)) == odd
    True
    """
    text = json.dumps(meta, sort_keys=True, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()), text) + "\n"


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def category_url(category: str) -> str:
    return f"{CATEGORY_DIR}/{category}/"


def markdown_text(text: str) -> str:
    r"""Plain text placed in Markdown so that it shows as typed: HTML escaped, Markdown syntax too.

    >>> print(markdown_text('<img src=x onerror=alert(1)> *not bold* & [no link](x)'))
    &lt;img src=x onerror=alert\(1\)&gt; \*not bold\* &amp; \[no link\]\(x\)
    """
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", html.escape(text, quote=False))


def applicability_html(article: Article, t: Strings | None = None) -> str:
    t = t or strings("en")
    targeting = article.targeting
    countries = t.text("applies.all_countries") if targeting.country == ALL else ", ".join(targeting.country)
    types = t.text("applies.all_account_types") if targeting.usertype == ALL \
        else ", ".join(t.text(f"usertype.{u}") for u in targeting.usertype)
    audience = [{"code": a, "label": t.text(f"audience.{a}")}
                for a in (targeting.audience if targeting.audience != ALL else (ALL,))]
    return ENV.get_template("applies.html").render(
        id=article.id, audience=audience, label=t("applies.label"), countries=t("applies.countries", countries=countries),
        types=t("applies.account_types", types=types))


def toc_html(article: Article, t: Strings | None = None) -> str:
    """"On this page" for small screens (wide screens show Material's table of contents)."""
    if len(article.sections) < 2:
        return ""
    sections = [{"anchor": s.anchor, "title": _plain(s.title)} for s in article.sections]
    return ENV.get_template("toc.html").render(sections=sections, title=(t or strings("en"))("article.on_this_page")) + "\n\n"


def _plain(markdown_title: str) -> str:
    return markdown_title.replace("**", "").replace("`", "").replace("\\", "")


def write_docs_tree(
    content: Content,
    published: tuple[Article, ...],
    docs_dir: Path,
    *,
    section_answers=None,
    extra_pages: dict[str, str] | None = None,
    synonym_groups=(),
    popular: list[str] | None = None,
    only: set[str] | None = None,
    site: SiteLanguages | None = None,
    lang: str | None = None,
    shared: DocsTree | None = None,
) -> DocsTree:
    """Write the home page, one page per category and one ``<id>.md`` per published article.

    No page lists every article: the navigation holds the home page and the categories only,
    a category page lists its own articles, and an article links to a few related ones. That
    keeps every page small and the build linear in the number of articles.

    ``section_answers(article, anchor)`` returns the verified answers (dicts) of a section, shown
    as a badge under its heading. ``synonym_groups`` (iterables of phrases) make two articles
    related when their keywords are synonyms. ``popular`` is a list of article ids, most popular
    first (from the analytics, or picked by editors); unpublished ids are skipped.

    ``only`` (article ids) writes just those article pages, with their links to other articles
    as final URLs since the other pages are not in this tree (``serve --watch`` re-renders a
    saved article this way); the home, category and extra pages are always written.

    ``site`` and ``lang`` (default: the source language) make the tree of one language's site
    (``publish.languages``): pages for its published translations, lists that link untranslated
    articles to the source language's pages, and every page's alternates and language switcher.
    ``shared`` is the source language's tree of the same build, whose related articles and
    popular picks are reused.
    """
    site = site or SiteLanguages.source_only(published)
    lang = lang or site.source.code
    source = lang == site.source.code
    t = strings(lang)
    docs_dir.mkdir(parents=True, exist_ok=True)
    tree = DocsTree(docs_dir, nav=[{t.text("breadcrumb.home"): "index.md"}], lang=lang)
    live = {_key(a.source): a for a in published}
    everything = {_key(a.source): a for a in content.articles}
    for translation in content.translations:
        everything[_key(translation.source)] = translation
        if site.article(translation.lang, translation.id) is translation:
            live[_key(translation.source)] = translation
    links = {a.id: site.link(lang, a) for a in published}
    by_category: dict[str, list[Article]] = {}
    # By title; on a translation's site its translated articles first, then those in the source language.
    for article in sorted(published, key=lambda a: (links[a.id]["lang"] is not None, links[a.id]["title"].lower(), a.id)):
        by_category.setdefault(article.category, []).append(article)
    tree.related = shared.related if shared is not None else _related_articles(published, synonym_groups)
    related = tree.related
    by_id = {a.id: a for a in published}
    pages = published if source else tuple(site.articles[lang][a.id] for a in published if site.article(lang, a.id))
    copy_images(content, pages, docs_dir)
    for article in pages:
        if only is not None and article.id not in only:
            continue
        original = by_id[article.id]
        body = _rewrite_links(article, live, everything, tree.warnings, as_urls=only is not None, site=site, lang=lang)
        body = _add_section_badges(article, original, body, section_answers, t, site, lang)
        body = _collapse_worked_examples(body, t)
        siblings = by_category[article.category]
        shown = {article.id} | {a.id for a in related[article.id]}
        category = t.category(article.category)
        # Titles and summaries are plain text: Material writes page.meta into HTML unescaped.
        meta = {
            "title": html.escape(article.title),
            "description": html.escape(article.summary),
            "hc_article": article.id,
            "hc_category": article.category,
            "hc_category_title": category["title"],
            "hc_related": [_from_article(links[a.id]) for a in related[article.id]],
            "hc_more": [_from_article(links[a.id]) for a in _neighbours(siblings, original, shown)],
            "hc_category_count": len(siblings),
            **site.page_meta(lang, f"{article.id}/", article.id),
        }
        if article.translation is not None and article.translation.outdated_for_readers:
            meta["hc_outdated"] = _outdated(article, original, site, lang)
        page = (
            "---\n" + front_matter(meta) + "---\n\n"
            f"# {markdown_text(article.title)}\n\n{applicability_html(article, t)}\n\n{toc_html(article, t)}{body.strip()}\n"
        )
        (docs_dir / f"{article.id}.md").write_text(page, encoding="utf-8")
    (docs_dir / CATEGORY_DIR).mkdir(exist_ok=True)
    for category in vocabulary.CATEGORIES:
        articles = by_category.get(category)
        if not articles:
            continue
        names = t.category(category)
        title = names["title"]
        card = {
            "slug": category,
            "title": title,
            "description": names["description"],
            "icon": vocabulary.CATEGORY_ICONS[category],
            "count": len(articles),
            "count_text": t.text("cards.count", count=len(articles)),
            "url": category_url(category),
        }
        tree.categories.append(card)
        name = f"{CATEGORY_DIR}/{category}.md"
        tree.nav.append({title: name})
        meta = {"title": html.escape(title), "description": html.escape(card["description"]),
                "hc_category_page": category, "template": "hc-category.html", "hide": ["toc"],
                **site.page_meta(lang, category_url(category))}
        lines = ["---", front_matter(meta).strip(), "---", "",
                 f"# {markdown_text(title)}", "", markdown_text(card["description"]), ""]
        lines.append(ENV.get_template("category-list.html").render(
            articles=[links[a.id] for a in articles], in_language=t("article.in_source_language")).rstrip("\n"))
        (docs_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    tree.popular_ids = shared.popular_ids if shared is not None else _popular_ids(published, popular)
    tree.popular = [links[i] for i in tree.popular_ids]
    for name, text in (extra_pages or {}).items():
        (docs_dir / name).write_text(text, encoding="utf-8")
    home_meta = {"title": html.escape(t.text("site.name")), "hc_home": True, "template": "hc-home.html",
                 "description": html.escape(t.text("site.home_description")),
                 "hide": ["navigation", "toc"], **site.page_meta(lang, "")}
    home = ["---", front_matter(home_meta).strip(), "---", "",
            f"# {markdown_text(t.text('home.title'))}", ""]
    (docs_dir / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    # /search/: the results page (hc-search-page.html). Built without results, which `helpcenter
    # serve` writes into it for ?query= (helpcenter/search_page.py); never a page of the sitemap, of
    # search engines or of the site's own search.
    search_meta = {"title": html.escape(t.text("search.page_title")), "template": "hc-search-page.html",
                   "hide": ["navigation", "toc"], "search": {"exclude": True}, "hc_noindex": True, "hc_search_results": True,
                   **site.page_meta(lang, f"{SEARCH_PAGE}/")}
    search = ["---", front_matter(search_meta).strip(), "---", "", f"# {markdown_text(t.text('search.page_title'))}", ""]
    (docs_dir / SEARCH_PAGE).mkdir(exist_ok=True)
    (docs_dir / SEARCH_PAGE / "index.md").write_text("\n".join(search) + "\n", encoding="utf-8")
    return tree


def _outdated(article: Article, original: Article, site: SiteLanguages, lang: str) -> dict:
    """The note on an outdated translation: a link to the source page and to each section that
    changed there (titled as in this translation where it has that section), and the day the
    source's current text was first published when the build knows it (``site.source_changed``)."""
    page = site.from_page(f"{article.id}/", site.href(lang, site.source.code, f"{article.id}/"))
    sections = []
    for anchor in article.translation.changed_sections:
        if not anchor:
            sections.append({"href": page, "title": _plain(article.title)})
            continue
        own, theirs = article.section(anchor), original.section(anchor)
        if theirs is not None:
            sections.append({"href": f"{page}#{anchor}", "title": _plain((own or theirs).title)})
    note = {"href": page, "hreflang": site.source.code, "sections": sections}
    changed = site.source_changed.get(article.id)
    if changed is not None:
        day = changed.astimezone(dt.timezone.utc).date()
        note |= {"date": day.isoformat(), "date_text": strings(lang).date(day)}
    return note


def _from_article(link: dict) -> dict:
    """A list entry (``SiteLanguages.link``) as linked from an article page (one folder down)."""
    return {**link, "href": SiteLanguages.from_page("x/", link["href"])}


def _popular_ids(published: tuple[Article, ...], ids: list[str] | None) -> list[str]:
    live = {a.id for a in published}
    return [i for i in dict.fromkeys(ids or ()) if i in live][:POPULAR]


def _topics(article: Article, synonym_of: dict[str, str]) -> set[str]:
    topics = set()
    for keyword in article.keywords:
        word = " ".join(keyword.lower().split())
        topics.add(synonym_of.get(word, word))
    return topics


def _related_articles(published: tuple[Article, ...], synonym_groups) -> dict[str, list[Article]]:
    """Up to RELATED articles per article, by shared keywords (a synonym counts as the same
    keyword), then same category; ties by title. Uses an inverted index, not all pairs."""
    synonym_of = {}
    for index, group in enumerate(synonym_groups):
        for phrase in group:
            synonym_of.setdefault(" ".join(str(phrase).lower().split()), f"synonym-group-{index}")
    topics = {a.id: _topics(a, synonym_of) for a in published}
    holders: dict[str, list[Article]] = {}
    for article in published:
        for topic in topics[article.id]:
            holders.setdefault(topic, []).append(article)
    related = {}
    for article in published:
        scores: dict[str, int] = {}
        others = {}
        for topic in topics[article.id]:
            sharing = holders[topic]
            if len(sharing) > TOPIC_LIMIT:
                continue
            for other in sharing:
                if other.id != article.id:
                    scores[other.id] = scores.get(other.id, 0) + 2
                    others[other.id] = other
        ranked = sorted(
            others.values(),
            key=lambda o: (-(scores[o.id] + (o.category == article.category)), o.title.lower(), o.id),
        )
        related[article.id] = ranked[:RELATED]
    return related


def _neighbours(siblings: list[Article], article: Article, exclude: set[str]) -> list[Article]:
    """A few articles of the same category, those after this one (alphabetically) first."""
    at = next(i for i, a in enumerate(siblings) if a.id == article.id)
    ring = siblings[at + 1:] + siblings[:at]
    picked = []
    for other in ring:
        if other.id not in exclude:
            picked.append(other)
            if len(picked) == MORE_IN_CATEGORY:
                break
    return picked


def _collapse_worked_examples(body: str, t: Strings | None = None) -> str:
    """Put every ```pycon block inside a closed "How this was checked" box.

    Readers get the plain-language example written around it; editors and support can open the
    code, which runs at every build (and under pytest). The article source is left as written.
    """
    t = t or strings("en")
    lines = body.split("\n")
    proofs = proof_mask(lines)
    out = []
    for line, proof in zip(lines, proofs):
        opening = proof and line.lstrip().startswith("```pycon")
        if opening:
            out += ['<details class="hc-checked" markdown="1">',
                    f"<summary>{t('article.checked')}</summary>", "",
                    markdown_text(t.text("article.checked_lead")), ""]
        out.append(line)
        if proof and not opening and FENCE.match(line):  # the block's closing fence
            out += ["", "</details>"]
    return "\n".join(out)


def _page_title(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return name.removesuffix(".md")


def _key(path: Path) -> str:
    """A path as a lookup key, without a system call per article (resolve() is one per part)."""
    return os.path.normpath(os.path.abspath(path))


def _rewrite_links(article: Article, live: dict, everything: dict, warnings: list[str], as_urls: bool = False,
                   site: SiteLanguages | None = None, lang: str | None = None) -> str:
    """Point article links at the flat docs tree (or, ``as_urls``, at the pages' URLs, as MkDocs
    would write them); unlink targets that are not published now.

    On a page of ``lang``, a link to an article shows its page in ``lang`` when it has one, else
    the page in the language linked to (the source language's, for a link to a source article
    file), marked with ``hreflang`` and "(in English)" in the page's language."""
    site = site or SiteLanguages.source_only(())
    lang = lang or site.source.code
    by_target = {}
    for link in article.links:
        if link.path is None:
            continue
        target = live.get(_key(link.path))
        if target is not None:
            target_lang = lang if site.article(lang, target.id) is not None else target.lang
            if target_lang == lang:
                page = f"../{target.id}/" if as_urls else f"{target.id}.md"
                suffix = ""
            else:  # from this page (<id>/ of this language's site) to another language's page
                page = "../" + site.href(lang, target_lang, f"{target.id}/")
                suffix = f"{{hreflang={target_lang}}} {strings(lang)('article.in_source_language')}"
            by_target[link.target] = (page + (f"#{link.anchor}" if link.anchor else ""), suffix)
        else:
            gone = everything.get(_key(link.path))
            by_target[link.target] = None
            warnings.append(
                f"{article.source}:{link.line}: link: {gone.id if gone else link.target} is not published "
                "at this moment; the link is shown as plain text"
            )

    images = f"/{IMAGES_DIR}/"
    to_image = "../" if as_urls else ""  # /images/<path> (core.content.IMAGES_DIR), copied beside the pages

    def replace(match):
        target = match.group("target")
        if target.startswith(images):  # a link to an image file, copied beside the pages (title kept)
            return _retarget(match, "target", to_image + target[1:])
        if target not in by_target:
            return match.group(0)
        new = by_target[target]
        return match.group("text") if new is None else f"[{match.group('text')}]({new[0]}){new[1]}"

    def image(match):
        target = match.group("target")
        bare = unbracketed(target)
        return _retarget(match, "target", to_image + bare[1:]) if bare.startswith(images) else match.group(0)

    def html_image(match):  # <img src="/images/...">; raw HTML is not rewritten by MkDocs: from <id>/
        group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
        src = match.group(group)
        return _retarget(match, group, "../" + src[1:]) if src.startswith(images) else match.group(0)

    def definition(match):  # a reference definition, [text]: target
        target = match.group("target")
        new = (to_image + target[1:], "") if target.startswith(images) else by_target.get(target)
        if new is None:  # not an article file, or one not published (its inline links are unlinked)
            return match.group(0)
        return _retarget(match, "target", new[0])

    lines = article.body.split("\n")
    for i, (line, fenced) in enumerate(zip(lines, fence_mask(lines))):
        if not fenced:
            lines[i] = HTML_IMG.sub(html_image, REFERENCE.sub(definition, IMAGE.sub(image, LINK.sub(replace, line))))
    return "\n".join(lines)


def _retarget(match, group: str, new: str) -> str:
    """The text ``match`` matched, with its ``group`` (an address) replaced by ``new``."""
    start, end = match.span(group)
    return match.string[match.start():start] + new + match.string[end:match.end()]


def copy_images(content: Content, pages, docs_dir: Path) -> None:
    """Copy the images the ``pages`` show or link to (``![text](/images/<path>)``, ``<img src>``, a
    link or a reference to /images/<path>; checked by ``core.content.image_problem``) from
    content/images/ into the docs tree, where MkDocs copies them into the site at the same path."""
    for article in pages:
        for path in images_of(article):
            source = content.root / path[1:]
            target = docs_dir / path[1:]
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def _add_section_badges(article: Article, original: Article, body: str, section_answers, t: Strings,
                        site: SiteLanguages, lang: str) -> str:
    """One Verified badge under each section with verified answers (those of the source article;
    on a translation, with the translated claim texts)."""
    if not section_answers:
        return body
    claims = {c.id: c.text for c in article.claims}
    rules_href = "../" + site.href(lang, site.source.code, "rules/")
    hreflang = None if lang == site.source.code else site.source.code
    lines = body.split("\n")
    out = []
    anchors = {s.line - article.body_line: s.anchor for s in article.sections}
    for index, line in enumerate(lines):
        out.append(line)
        if index in anchors:
            answers = [{**a, "claim": claims.get(a["id"].split("/", 1)[-1], a["claim"])}
                       for a in section_answers(original, anchors[index])]
            badge = claim_badges(answers, rules_href, t=t, hreflang=hreflang)
            if badge:
                out += ["", badge]
    return "\n".join(out)
