"""GET /search/?query=... (and /<lang>/search/): the search results page, written by the server.

The build makes /search/ of each language's site a page without results
(publish/theme/hc-search-page.html). Asked with ``query``, `helpcenter serve` answers that same page
with the results written between its two markers, so the site can be searched without JavaScript,
and a reader can see every match where the search dialog shows the best 10 (its last row links
here). The results are those of GET /api/search (the same searcher, corrections, confidence,
English results on another language's site) for the visitor given by ``audience``, ``country``,
``usertype`` (a value the API would refuse is left out: a page never fails on them), and the search
is logged for the report as the API logs it (not with ``log=false``: the search dialog's "See all"
row, whose search the dialog logged). Without ``query`` the page says how to search; past the
API's rate limit (``HELPCENTER_SEARCH_RATE``, counted apart) it asks to wait, with status 429.
"""
from __future__ import annotations

import gzip
import html
import os
import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse

from core.languages import KNOWN
from publish.docs_tree import SEARCH_PAGE as PAGE
from publish.strings import strings
from publish.templating import ENV
from search.query import searchable

from .api import feedback as feedback_api
from .api import params
from .api.clients import RateLimit
from .api.errors import ApiError
from .api.search import DEFAULT_RATE, RATE_ENV
from .web import accepts_gzip

START, END = "<!--hc-search-page-->", "<!--/hc-search-page-->"
QUERY_VALUE = 'value="" data-hc-query'
SHOWN = 50  # results on the page, at most: as many as the searcher returns (search.searcher.MAX_LIMIT)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


class SearchPage:
    """The ASGI app of /search/ and /<lang>/search/; what it does not answer (HEAD and other
    methods, a folder that is no language of the release, a release built without the page) goes
    on to ``static``, the site's files."""

    def __init__(self, release, static, searcher):
        self.release = release
        self.static = static
        self.searcher = searcher  # release -> the release's Searchers (helpcenter.api.search)
        # The API's limit per client, counted apart: past it the page asks to wait (no search).
        self.limit_rate = RateLimit.from_text(os.environ.get(RATE_ENV, DEFAULT_RATE), RATE_ENV)

    async def __call__(self, scope, receive, send):
        request = Request(scope, receive)
        lang = request.path_params.get("lang") or None
        languages = params.release_languages(self.release)
        words = searchable(request.query_params.get("query", ""))
        # Not HEAD: a link checker's or a preview's request is no search for the report.
        if scope["method"] != "GET" or (lang is not None and (lang == languages[0] or lang not in languages)):
            await self.static(scope, receive, send)
            return
        lang = lang or languages[0]
        page = self.release.resource(f"search-page-{lang}", lambda p: _built_page(p, lang, languages[0]))
        if page is None:  # a release built before the page existed
            await self.static(scope, receive, send)
            return
        if not words.strip():  # how to search (the built page's "needs JavaScript" is not so here)
            await self._send(request, send, note(page, lang, "search.prompt"))
            return
        if self._too_many(request):
            await self._send(request, send, note(page, lang, "search.too_many"), 429)
            return
        values = _visitor_values(request.query_params)
        correct = request.query_params.get("correct") != "false"
        result = self._search(words, lang, values, correct)
        # log=false: the search dialog's "See all" row, whose search the dialog has logged.
        logged = request.query_params.get("log") != "false" and bool(result.get("query"))
        if logged:
            feedback_api.log_search(self.release, {**values, "q": words}, result)
        await self._send(request, send, render(page, lang, languages[0], words, result, values, correct))

    @staticmethod
    async def _send(request: Request, send, page: str, status: int = 200) -> None:
        body = page.encode("utf-8")
        # Kept for the browser's Back (no-store would fetch, and log, the search again on Back), never
        # by a shared cache; sent again when asked anew.
        headers = {"Cache-Control": "private, no-cache", "Vary": "Accept-Encoding"}
        if accepts_gzip(request.headers.get("accept-encoding", "")):  # 60 KiB of HTML: about 12 sent
            body = gzip.compress(body, compresslevel=6)
            headers["Content-Encoding"] = "gzip"
        await HTMLResponse(body, status, headers=headers)(request.scope, request.receive, send)

    def _too_many(self, request: Request) -> bool:
        """Whether this client is past the search rate: the page then says to wait, and searches nothing."""
        try:
            self.limit_rate.take(request)
        except ApiError:
            return True
        return False

    def _search(self, words: str, lang: str, values: dict, correct: bool) -> dict:
        from search import QueryError

        visitor = params.visitor(values)
        try:
            # Submitted words are complete: a last word is not searched as the words it begins, as
            # the dialog does while the reader types ("cancle contract" on the French site was
            # "contract..." half typed, then corrected into French).
            return self.searcher(self.release).search(
                words.rstrip() + " ", lang=lang, audience=visitor.audience, country=visitor.country,
                usertype=visitor.usertype, limit=SHOWN, correct=correct)
        except QueryError:  # nothing searchable in the words: the page says no article matches
            return {"query": "", "results": [], "total": 0, "confident": False}


def _visitor_values(query_params) -> dict[str, str]:
    """The visitor axes given, each only when the API would take it."""
    values = {}
    for axis in params.VISITOR_AXES:
        value = query_params.get(axis)
        if value:
            try:
                params.visitor({axis: value})
            except ApiError:
                continue
            values[axis] = value
    return values


def _built_page(release_path, lang: str, source: str) -> tuple[str, str, str] | None:
    """The built page of ``lang`` cut at its markers: (before, the built results part, after)."""
    folder = release_path / "site" / ("" if lang == source else lang) / PAGE
    try:
        text = (folder / "index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    if text.count(START) != 1 or text.count(END) != 1 or QUERY_VALUE not in text:
        return None
    before, rest = text.split(START)
    built, after = rest.split(END)
    return before, built, after


def render(page: tuple[str, str, str], lang: str, source: str, words: str, result: dict, visitor: dict,
           correct: bool) -> str:
    """The results page of ``words``: the built page with the words in its box and title, and
    ``result`` (a search's answer) where the built page says how to search."""
    before, _, after = page
    t = strings(lang)
    before = before.replace(QUERY_VALUE, f'value="{html.escape(words)}" data-hc-query', 1)
    before = _TITLE.sub(lambda m: "<title>" + html.escape(t.text("search.results_for", query=words)) + " - "
                        + m.group(1) + "</title>", before, count=1)
    here = _page_path(lang, source)
    results = [_result(r, lang, here) for r in result.get("results", ())]
    total = result.get("total", len(results))
    if not results:
        count = t.text("js.search_count_none")
    elif total > len(results):
        count = t.text("js.search_count_more", count=len(results), total=total)
    else:
        count = t.text("js.search_count_one" if len(results) == 1 else "js.search_count_other", count=len(results))
    suggested = result.get("suggested_lang")
    language = KNOWN[suggested].name if suggested in KNOWN else None
    fragment = ENV.get_template("search-results.html").render(
        t=t, words=words, query=result.get("query") or words, results=results, count=count,
        more=total > len(results),
        confident=result.get("confident", False),
        corrected_from=result.get("corrected_from"), suggestion=result.get("suggestion"),
        instead=_address(words, visitor, correct=False), suggestion_href=_address(result.get("suggestion") or "", visitor),
        language=language, language_code=suggested,
        language_href=(_up(here) + ("" if suggested == source else f"{suggested}/") + f"{PAGE}/"
                       + _address(words, visitor)) if language else None)
    switch = _address(words, visitor, correct)
    return _switching(before, switch) + START + fragment + END + _switching(after, switch)


_SWITCHER_LINK = re.compile(r'(<a href="[^"?#]*' + PAGE + r'/)(" hreflang=")')


def _switching(html_text: str, address: str) -> str:
    """The language switcher's links (this page in each language) with the same words: the results
    page of another language, not its empty one.

    >>> _switching('<a href="../es/search/" hreflang="es" lang="es">', "?query=refund")
    '<a href="../es/search/?query=refund" hreflang="es" lang="es">'
    """
    return _SWITCHER_LINK.sub(lambda m: m.group(1) + html.escape(address) + m.group(2), html_text)


def note(page: tuple[str, str, str], lang: str, key: str) -> str:
    """The built page with one line in place of its results: how to search, or to wait."""
    before, _, after = page
    return (before + START + '<div class="hc-search-page" data-hc-search-page data-hc-served>\n<p>'
            + str(strings(lang)(key)) + "</p>\n</div>" + END + after)


def _page_path(lang: str, source: str) -> str:
    return f"/{PAGE}/" if lang == source else f"/{lang}/{PAGE}/"


def _up(path: str) -> str:
    """From the page at ``path`` to the site's root, as a relative address ("../" per folder)."""
    return "../" * path.strip("/").count("/") + "../"


def _address(words: str, visitor: dict, correct: bool = True) -> str:
    """``?query=...`` of this page, with the visitor's axes (and correct=false when asked)."""
    query = {"query": words, **visitor}
    if not correct:
        query["correct"] = "false"
    return "?" + urlencode(query)


def _result(result: dict, lang: str, here: str) -> dict:
    """A result of the API as the page shows it: its address relative to the page (so the page works
    under any path a proxy serves the site at), and its language when not the page's."""
    return {**result, "href": _up(here) + result["url"].lstrip("/"),
            "other_lang": result.get("lang") if result.get("lang") and result.get("lang") != lang else None}
