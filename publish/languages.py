"""The site per language: which pages exist in which language, and how pages link across languages.

The source language (the first of ``content/languages.yml``, English) is the site's root; every
other language is a site of its own under ``/<code>/`` (``/es/``, ``/es/<id>/``,
``/es/categories/<c>/``), rendered by its own MkDocs run with Material's interface in that
language. A language's site holds its home, its category pages and one page per published
translation, and nothing per untranslated article: its lists link an untranslated article to the
source-language page, marked as being in that language (``lang``/``hreflang``). So the build grows
with the translated pages, not with articles x languages.

Paths here are relative to a language's site root (``""`` the home, ``"<id>/"`` an article,
``"categories/<c>/"``); ``href`` turns one into a link from one language's site to another's.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.articles import Article

from .strings import strings

NOT_FOUND = "404.html"
# Marks the page of an untranslated article on a language's site (publish/templates/untranslated.html),
# the one file the audit accepts at the address of a translation that is not published (a draft).
UNTRANSLATED = 'data-hc-page="untranslated"'


@dataclass(frozen=True)
class SiteLanguage:
    code: str  # "es"; the URL prefix and hreflang
    name: str  # its own name, "Español"
    theme: str  # Material's theme.language
    prefix: str  # where its site lives under the site's root: "" for the source, "es/" otherwise


@dataclass
class SiteLanguages:
    """The languages of one build and the published pages of each."""

    languages: tuple[SiteLanguage, ...]  # [0] is the source language
    public_url: str  # the site's public URL, ending in "/"
    # lang -> article id -> the published localized Article (the source language: the source articles)
    articles: dict[str, dict[str, Article]] = field(default_factory=dict)
    # The translations that are not published (drafts, or of an article not published): for the audit.
    hidden: tuple[Article, ...] = ()
    # Source article id -> when a build first published its current text (the release record kept by
    # the build, helpcenter.pipeline.source_revisions): the date on an outdated translation's note.
    source_changed: dict[str, dt.datetime] = field(default_factory=dict)

    @classmethod
    def plan(cls, content, published, at, public_url: str) -> "SiteLanguages":
        """The languages of ``content`` with what each publishes at ``at``: a translation is on
        the site when ``core`` publishes it then and its source is among ``published`` (which a
        preview may narrow)."""
        languages = [SiteLanguage(lang.code, lang.name, lang.theme, f"{lang.code}/" if i else "")
                     for i, lang in enumerate(content.languages)]
        source_code = languages[0].code
        live = {a.id: a for a in published}
        articles = {source_code: live}
        for lang in languages[1:]:
            articles[lang.code] = {t.id: t for t in content.published_in(lang.code, at) if t.id in live}
        # Not on the site at all (a preview's narrowing aside): drafts, translations of articles not published.
        hidden = tuple(t for t in content.translations if not t.is_published(at))
        return cls(tuple(languages), public_url.rstrip("/") + "/", articles, hidden)

    @classmethod
    def source_only(cls, published, public_url: str = "/") -> "SiteLanguages":
        return cls((SiteLanguage("en", "English", "en", ""),), public_url.rstrip("/") + "/",
                   {"en": {a.id: a for a in published}})

    @property
    def source(self) -> SiteLanguage:
        return self.languages[0]

    @property
    def others(self) -> tuple[SiteLanguage, ...]:
        return self.languages[1:]

    def language(self, code: str) -> SiteLanguage:
        return next(lang for lang in self.languages if lang.code == code)

    def article(self, lang: str, article_id: str) -> Article | None:
        return self.articles.get(lang, {}).get(article_id)

    def untranslated(self, lang: str) -> dict[str, Article]:
        """The addresses of ``lang``'s site (``<id>``, and each former id in ``redirect_from``) of
        the published source articles it has no translation of, with that source article: each
        gets a small page saying so, with the link to the source page (``UNTRANSLATED``)."""
        if lang == self.source.code:
            return {}
        own = self.articles.get(lang, {})
        pages = {}
        for article in self.articles[self.source.code].values():
            if article.id not in own:
                pages[article.id] = article
                pages.update((old, article) for old in article.redirect_from)
        return pages

    def audit(self) -> dict:
        """What ``publish.audit.audit_output`` needs to check the translations' sites too."""
        return {"hidden_translations": list(self.hidden),
                "shown_titles": {a.title for pages in self.articles.values() for a in pages.values()},
                "languages": tuple(lang.code for lang in self.others),
                "untranslated_pages": {(lang.code, page) for lang in self.others for page in self.untranslated(lang.code)}}

    def published_ids(self) -> dict[str, list[str]]:
        """For build.json: the ids each translation language publishes."""
        return {lang.code: sorted(self.articles[lang.code]) for lang in self.others}

    # -- links -------------------------------------------------------------------------------

    def href(self, from_lang: str, to_lang: str, path: str) -> str:
        """``path`` of ``to_lang``'s site as a link relative to ``from_lang``'s site root.

        >>> site = SiteLanguages.source_only(()); site.languages += (SiteLanguage("es", "Español", "es", "es/"),)
        >>> site.href("en", "en", "x/"), site.href("en", "es", "x/"), site.href("es", "en", "x/"), site.href("es", "es", "")
        ('x/', 'es/x/', '../x/', '')
        """
        if from_lang == to_lang:
            return path
        up = "../" if self.language(from_lang).prefix else ""
        return up + self.language(to_lang).prefix + path

    @staticmethod
    def from_page(page: str, href: str) -> str:
        """``href`` (relative to a language's site root) as a link from the page at ``page``.

        >>> SiteLanguages.from_page("", "x/"), SiteLanguages.from_page("x/", "../y/"), SiteLanguages.from_page("categories/c/", "x/")
        ('x/', '../../y/', '../../x/')
        """
        return "../" * page.count("/") + href

    def absolute(self, lang: str, path: str) -> str:
        return self.public_url + self.language(lang).prefix + path

    def root_path(self, lang: str | None = None) -> str:
        """The URL path of a language's site root (of the whole site with no ``lang``), for the
        pages that answer any address (the 404 pages), which cannot use relative links."""
        from urllib.parse import urlsplit

        path = urlsplit(self.public_url).path or "/"
        return path + (self.language(lang).prefix if lang else "")

    def link(self, lang: str, source_article: Article) -> dict:
        """An article as lists on ``lang``'s pages show it: its translation when there is one,
        else the source page, with ``lang`` set to the source language (shown "in English")."""
        own = self.article(lang, source_article.id)
        if own is not None:
            return {"id": own.id, "title": own.title, "summary": own.summary, "href": f"{own.id}/", "lang": None}
        source = self.source.code
        return {"id": source_article.id, "title": source_article.title, "summary": source_article.summary,
                "href": self.href(lang, source, f"{source_article.id}/"), "lang": source}

    def languages_of(self, article_id: str | None) -> list[SiteLanguage]:
        """The languages a page exists in: every language for the pages each site has (home,
        categories), those with a published translation for an article."""
        if article_id is None:
            return list(self.languages)
        return [lang for lang in self.languages if article_id in self.articles.get(lang.code, {})]

    def alternates(self, path: str, langs: list[SiteLanguage]) -> list[dict]:
        """``<link rel="alternate" hreflang>`` entries (absolute URLs), the source as x-default;
        none for a page in one language only."""
        if len(langs) < 2:
            return []
        links = [{"hreflang": lang.code, "href": self.absolute(lang.code, path)} for lang in langs]
        return links + [{"hreflang": "x-default", "href": self.absolute(self.source.code, path)}]

    def switcher(self, lang: str, path: str, langs: list[SiteLanguage]) -> list[dict]:
        """The language switcher's entries on the page ``path`` of ``lang``: every language,
        linking (from that page) to this page in it, or to its home page where this page does not
        exist in it."""
        present = {language.code for language in langs}
        entries = []
        for language in self.languages:
            here = language.code in present
            entries.append({
                "code": language.code,
                "name": language.name,
                "href": self.from_page(path, self.href(lang, language.code, path if here else "")),
                "current": language.code == lang,
                # said in that language, as the entry itself is
                "note": "" if here else strings(language.code).text("languages.home_page"),
            })
        return entries

    def page_meta(self, lang: str, path: str, article_id: str | None = None) -> dict:
        """What the theme reads from a page's front matter to write its alternates and switcher."""
        langs = self.languages_of(article_id)
        return {"hc_lang": lang, "hc_alternates": self.alternates(path, langs),
                "hc_languages": self.switcher(lang, path, langs)}

    def site_extra(self, lang: str) -> dict:
        """config.extra.hc_site of ``lang``'s MkDocs run: for pages without our front matter (the
        404 page, the rules pages) and the scripts (the page's language, where the site's root is)."""
        return {
            "lang": lang,
            "source": self.source.code,
            "root": self.root_path(),  # absolute path of the whole site: /api/ and the source pages
            "home": self.root_path(lang),
            "languages": [{"code": x.code, "name": x.name, "home": self.root_path(x.code), "prefix": x.prefix,
                           "current": x.code == lang} for x in self.languages],
            "prefix": self.language(lang).prefix,
            "up": "../" if self.language(lang).prefix else "",  # from this language's root to the site's root
        }
