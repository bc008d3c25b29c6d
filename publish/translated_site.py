"""The sites of the languages other than the source: ``site/<lang>/``, one MkDocs run each.

Each is a complete MkDocs site (its own ``sitemap.xml``, search index and 404 page, Material's
interface in its language) holding its home, its category pages and a page per published
translation, whose pages load the root site's theme files (``assets/``: same bytes, same URLs;
publish/mkdocs_hooks.py): the work grows with the translated pages, and a language without translations costs
one small site (home, categories, 404). Each published article it has no translation of gets a
small page of its own written after MkDocs (``write_untranslated_pages``: no theme, no search). Related articles and popular picks come from the source
language's tree of the same build, so they are not computed again.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import Markup

from .docs_tree import DocsTree, write_docs_tree
from .languages import UNTRANSLATED, SiteLanguages
from .mkdocs_site import render_site
from .redirects import write_redirect_pages
from .strings import catalogue_problems, strings
from .templating import ENV


def render_translations(content, published, source_tree: DocsTree, site: SiteLanguages, site_dir: Path, work: Path,
                        *, section_answers=None, extra: dict | None = None, only: dict[str, set[str]] | None = None,
                        progress=None, written=None, rendered=None) -> list[str]:
    """Render every other language of ``site`` into ``site_dir/<code>/``; returns the warnings
    (including a language whose interface strings are missing from ``publish/locales/``: those show
    in English).

    ``only`` ({language code: article ids}) renders just those translated pages, into
    ``work/<code>/site`` (``serve --watch``; the caller moves them in), and writes no redirect pages.
    ``written``, ``rendered``: see ``render_site``."""
    warnings: list[str] = []
    for language in site.others:
        if only is not None and language.code not in only:
            continue
        docs_dir = work / f".docs-{language.code}"
        tree = write_docs_tree(content, published, docs_dir, section_answers=section_answers,
                               only=None if only is None else only[language.code],
                               site=site, lang=language.code, shared=source_tree)
        target = site_dir / language.code if only is None else work / language.code / "site"
        render_site(tree, target, site_url=site.absolute(language.code, ""), extra=extra, site=site, written=written,
                    rendered=rendered)
        shutil.rmtree(docs_dir)
        if only is None:
            write_redirect_pages(target, tuple(site.articles[language.code].values()), lang=language.code)
            write_untranslated_pages(target, site, language.code)
        warnings += tree.warnings + catalogue_problems(language.code)
        if progress is not None:
            progress(f"{language.name} ({language.code}): {len(site.articles[language.code])} translated "
                     f"articles into {language.prefix}")
    return warnings


def write_untranslated_pages(site_dir: Path, site: SiteLanguages, lang: str) -> list[Path]:
    """``<id>/index.html`` of ``lang``'s site for each published article it has no translation of
    (and each of its former ids): in the language, "this article is not available in <language>",
    with the link to the source page, ``noindex`` and the source page as canonical. So /es/<id>/
    is a page of ours on any static host; it is in no sitemap, search index or list."""
    t = strings(lang)
    source = site.source.code
    written = []
    for address, article in site.untranslated(lang).items():
        page = site_dir / address / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(ENV.get_template("untranslated.html").render(
            lang=lang, marker=Markup(UNTRANSLATED), heading=t("not_found.untranslated"),
            read_in_source=t("not_found.read_in_source"), title=article.title, source=source,
            href=SiteLanguages.from_page(f"{address}/", site.href(lang, source, f"{article.id}/")),
            canonical=site.absolute(source, f"{article.id}/"), home="../", home_text=t("not_found.home"),
        ), encoding="utf-8")
        written.append(page)
    return written
