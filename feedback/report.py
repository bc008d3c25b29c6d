"""The editors' report: what people search for, what they click, where search has no answer, and
which articles do not help.

``build_report(store, since)`` reads the database once into an immutable ``Report``; ``as_text``,
``as_dict`` (``helpcenter report --json``) and ``as_html`` only present it. The HTML page is a
Jinja2 template (``feedback/templates/report.html``) with autoescaping on; its charts are inline
SVG whose labels are text, so any script (CJK included) is shown by the reader's fonts.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .entries import SOURCE_LANGUAGE
from .store import Store

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
PERIODS = ("day", "week")
TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Article:
    """An article as the report links it: its title and absolute URL when known, else its id."""
    id: str
    title: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class LanguageFigures:
    """One language's share: its searches, gaps, click-through and helpful rate."""
    lang: str
    searches: int
    gap_searches: int
    clicks: int
    clicked_searches: int
    feedback: int
    helpful: int

    @property
    def click_through(self) -> float:
        return self.clicked_searches / self.searches if self.searches else 0.0

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful / self.feedback if self.feedback else None


@dataclass(frozen=True)
class QueryCount:
    lang: str  # the language searched: the same words in two languages are two queries
    query: str
    searches: int
    zero_result: int
    clicks: int
    clicked_searches: int  # searches followed by at least one click

    @property
    def click_through(self) -> float:
        return self.clicked_searches / self.searches if self.searches else 0.0


@dataclass(frozen=True)
class Gap:
    """A query that found nothing, or nothing the search was confident answered it."""
    lang: str
    query: str
    searches: int
    zero_result: int
    not_confident: int
    last_day: str


@dataclass(frozen=True)
class UnclickedQuery:
    lang: str
    query: str
    searches: int
    unclicked: int  # searches followed by no click


@dataclass(frozen=True)
class UnhelpfulLead:
    """A query whose readers reached an article and said it did not help."""
    lang: str
    query: str
    article: Article
    not_helpful: int
    clicks: int


@dataclass(frozen=True)
class Comment:
    """What a reader wrote after "not helpful"."""
    lang: str
    article: Article
    day: str
    reason: str | None
    text: str
    query: str | None


@dataclass(frozen=True)
class ArticleRating:
    lang: str  # the language of the page rated: a translation is rated apart from its source
    article: Article
    helpful: int
    not_helpful: int
    reasons: tuple[tuple[str, int], ...]

    @property
    def article_id(self) -> str:
        return self.article.id

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_rate(self) -> float:
        return self.helpful / self.total


@dataclass(frozen=True)
class Period:
    """One day (YYYY-MM-DD) or ISO week (its Monday) of the trend."""
    start: str
    searches: int
    gaps: int
    feedback: int
    helpful: int

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful / self.feedback if self.feedback else None


@dataclass(frozen=True)
class Report:
    since: dt.datetime | None
    period: str
    searches: int
    clicks: int
    clicked_searches: int
    gap_searches: int
    feedback: int
    helpful: int
    top_queries: tuple[QueryCount, ...]
    gaps: tuple[Gap, ...]
    unclicked: tuple[UnclickedQuery, ...]
    unhelpful_leads: tuple[UnhelpfulLead, ...]
    comments: tuple[Comment, ...]
    least_helpful: tuple[ArticleRating, ...]
    trend: tuple[Period, ...]
    by_language: tuple[LanguageFigures, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(f.lang for f in self.by_language)

    @property
    def click_through(self) -> float:
        return self.clicked_searches / self.searches if self.searches else 0.0

    @property
    def zero_result(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.zero_result)

    @property
    def days(self) -> tuple[Period, ...]:
        return self.trend


def build_report(store: Store, since: dt.datetime | None = None, limit: int = 20, *,
                 articles: dict | None = None, base_url: str | None = None, period: str = "day",
                 localized: dict | None = None) -> Report:
    """Everything the report shows. ``articles`` maps an article id to (title, path) and ``base_url``
    is the site's public URL: with them, articles are shown by title and linked to the live page;
    ``localized`` maps a language code to the same for that language's pages. Queries, ratings
    and comments are counted per language (the language searched or of the page), and
    ``by_language`` sums each language up; rows logged before languages existed count as the
    source language."""
    if period not in PERIODS:
        raise ValueError(f"period: expected one of {', '.join(PERIODS)}, got {period!r}")
    store.flush()
    t = store.timestamp(since or EPOCH)
    day = store.day
    def select(text: str, params: tuple = ()) -> list[tuple]:  # text with {p} for each value
        return store.select(store.sql(text), params)

    article = _articles(articles or {}, base_url, localized or {})
    gap_sql = "(result_count = 0 OR confident = FALSE)"
    lang = f"COALESCE(lang, '{SOURCE_LANGUAGE}')"

    searches, gap_searches = select(
        f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {gap_sql} THEN 1 ELSE 0 END), 0) FROM searches "
        "WHERE created_at >= {p}", (t,))[0]
    clicks, = select("SELECT COUNT(*) FROM clicks WHERE created_at >= {p}", (t,))[0]
    feedback, helpful = select("SELECT COUNT(*), COALESCE(SUM(CASE WHEN helpful THEN 1 ELSE 0 END), 0) "
                               "FROM feedback WHERE created_at >= {p}", (t,))[0]

    # A click counts under its search's query and language, or under those it was posted with.
    click_rows = select(
        f"SELECT COALESCE(s.lang, c.lang, '{SOURCE_LANGUAGE}'), COALESCE(s.query, c.query) AS q, c.article_id, "
        "COUNT(*) FROM clicks c LEFT JOIN searches s ON s.id = c.search_id WHERE c.created_at >= {p} "
        f"GROUP BY COALESCE(s.lang, c.lang, '{SOURCE_LANGUAGE}'), COALESCE(s.query, c.query), c.article_id", (t,))
    clicks_by_query: dict[tuple[str, str], int] = {}
    clicks_by_lead: dict[tuple[str, str, str], int] = {}
    clicks_by_language: dict[str, int] = {}
    for code, query, article_id, n in click_rows:
        clicks_by_language[code] = clicks_by_language.get(code, 0) + n
        if query:
            clicks_by_query[(code, query)] = clicks_by_query.get((code, query), 0) + n
            clicks_by_lead[(code, query, article_id)] = n
    # Searches followed by a click: by search_id, plus clicks posted with the query only (one each).
    clicked: dict[tuple[str, str], int] = {
        (code, query): n for code, query, n in select(
            f"SELECT COALESCE(s.lang, '{SOURCE_LANGUAGE}'), s.query, COUNT(DISTINCT s.id) FROM searches s "
            "JOIN clicks c ON c.search_id = s.id WHERE s.created_at >= {p} "
            f"GROUP BY COALESCE(s.lang, '{SOURCE_LANGUAGE}'), s.query", (t,))}
    for code, query, n in select(f"SELECT {lang}, query, COUNT(*) FROM clicks WHERE search_id IS NULL "
                                 f"AND query IS NOT NULL AND created_at >= {{p}} GROUP BY {lang}, query", (t,)):
        clicked[(code, query)] = clicked.get((code, query), 0) + n

    per_query = select(
        f"SELECT {lang}, query, COUNT(*), SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN confident = FALSE AND result_count > 0 THEN 1 ELSE 0 END), MAX({day('created_at')}) "
        f"FROM searches WHERE created_at >= {{p}} AND query <> '' GROUP BY {lang}, query", (t,))
    counts = {(code, q): (n, zero, unsure, last) for code, q, n, zero, unsure, last in per_query}

    def clicked_of(key, n):
        return min(n, clicked.get(key, 0))

    top_queries = tuple(
        QueryCount(*key, n, zero, clicks_by_query.get(key, 0), clicked_of(key, n))
        for key, (n, zero, _, _) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0][1], kv[0][0]))[:limit])
    gaps = tuple(sorted(
        (Gap(*key, n, zero, unsure, last) for key, (n, zero, unsure, last) in counts.items() if zero or unsure),
        key=lambda g: (-(g.zero_result + g.not_confident), g.query, g.lang))[:limit])
    unclicked = tuple(sorted(
        (UnclickedQuery(*key, n, n - clicked_of(key, n)) for key, (n, zero, _, _) in counts.items()
         if n - zero - clicked_of(key, n) > 0),
        key=lambda u: (-u.unclicked, u.query, u.lang))[:limit])
    unhelpful_leads = tuple(
        UnhelpfulLead(code, query, article(article_id, code), n, clicks_by_lead.get((code, query, article_id), 0))
        for code, query, article_id, n in select(
            f"SELECT {lang}, search_query, article_id, COUNT(*) FROM feedback "
            "WHERE created_at >= {p} AND NOT helpful AND search_query IS NOT NULL "
            f"GROUP BY {lang}, search_query, article_id ORDER BY COUNT(*) DESC, search_query, article_id, {lang} "
            "LIMIT {p}", (t, limit)))
    comments = tuple(
        Comment(code, article(article_id, code), d, reason, text, query)
        for code, article_id, d, reason, text, query in select(
            f"SELECT {lang}, article_id, {day('created_at')}, reason, reason_text, search_query FROM feedback "
            "WHERE created_at >= {p} AND NOT helpful AND reason_text IS NOT NULL "
            "ORDER BY created_at DESC, id DESC LIMIT {p}", (t, limit)))

    reasons: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for code, article_id, reason, n in select(
            f"SELECT {lang}, article_id, reason, COUNT(*) FROM feedback "
            "WHERE created_at >= {p} AND NOT helpful AND reason IS NOT NULL "
            f"GROUP BY {lang}, article_id, reason ORDER BY article_id, {lang}, COUNT(*) DESC, reason", (t,)):
        reasons.setdefault((code, article_id), []).append((reason, n))
    ratings = [
        ArticleRating(code, article(article_id, code), yes, total - yes, tuple(reasons.get((code, article_id), ())))
        for code, article_id, yes, total in select(
            f"SELECT {lang}, article_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), COUNT(*) FROM feedback "
            f"WHERE created_at >= {{p}} GROUP BY {lang}, article_id", (t,))
    ]
    least_helpful = tuple(sorted(
        (r for r in ratings if r.not_helpful),
        key=lambda r: (r.helpful_rate, -r.not_helpful, r.article.id, r.lang),
    )[:limit])

    trend: dict[str, list[int]] = {}
    for d, n, g in select(
            f"SELECT {day('created_at')}, COUNT(*), SUM(CASE WHEN {gap_sql} THEN 1 ELSE 0 END) FROM searches "
            f"WHERE created_at >= {{p}} GROUP BY {day('created_at')}", (t,)):
        row = trend.setdefault(_period_of(d, period), [0, 0, 0, 0])
        row[0] += n
        row[1] += g
    for d, yes, n in select(
            f"SELECT {day('created_at')}, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), COUNT(*) FROM feedback "
            f"WHERE created_at >= {{p}} GROUP BY {day('created_at')}", (t,)):
        row = trend.setdefault(_period_of(d, period), [0, 0, 0, 0])
        row[2] += n
        row[3] += yes
    periods = tuple(Period(start, *row) for start, row in sorted(trend.items()))

    # Per language: searches and gaps, clicks, searches followed by a click, feedback and "yes".
    languages: dict[str, list[int]] = {}
    for code, n, g in select(
            f"SELECT {lang}, COUNT(*), SUM(CASE WHEN {gap_sql} THEN 1 ELSE 0 END) FROM searches "
            f"WHERE created_at >= {{p}} GROUP BY {lang}", (t,)):
        languages.setdefault(code, [0] * 6)[0:2] = [n, g]
    for code, n in clicks_by_language.items():
        languages.setdefault(code, [0] * 6)[2] = n
    for (code, q), (n, _, _, _) in counts.items():
        languages.setdefault(code, [0] * 6)[3] += clicked_of((code, q), n)
    for code, n, yes in select(
            f"SELECT {lang}, COUNT(*), SUM(CASE WHEN helpful THEN 1 ELSE 0 END) FROM feedback "
            f"WHERE created_at >= {{p}} GROUP BY {lang}", (t,)):
        languages.setdefault(code, [0] * 6)[4:6] = [n, yes]
    by_language = tuple(LanguageFigures(code, *row) for code, row in sorted(
        languages.items(), key=lambda kv: (kv[0] != SOURCE_LANGUAGE, kv[0])))

    clicked_total = sum(f.clicked_searches for f in by_language)
    return Report(since, period, searches, clicks, clicked_total, gap_searches, feedback, helpful, top_queries,
                  gaps, unclicked, unhelpful_leads, comments, least_helpful, periods, by_language)


def _period_of(day: str, period: str) -> str:
    if period == "day":
        return day
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def _articles(known: dict, base_url: str | None, localized: dict):
    cache: dict[tuple[str, str], Article] = {}

    def article(article_id: str, lang: str = SOURCE_LANGUAGE) -> Article:
        found = cache.get((article_id, lang))
        if found is None:
            title, path = localized.get(lang, {}).get(article_id) or known.get(article_id, (None, None))
            url = urljoin(base_url if base_url.endswith("/") else base_url + "/", path.lstrip("/")) \
                if base_url and path else None
            found = cache[(article_id, lang)] = Article(article_id, title, url)
        return found

    return article


# -- presentation ---------------------------------------------------------------------------------

def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _since_text(report: Report) -> str:
    return report.since.strftime("%Y-%m-%dT%H:%M:%SZ") if report.since else "the beginning"


def _reasons_text(reasons) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in reasons) or "-"


def _sections(report: Report):
    """(title, explanation, header, rows) of each table, shared by the text and HTML forms. A cell
    is a str, an int, or an Article (a link in HTML, its title in text). With more than one
    language, the tables of queries and articles start with the language of each row."""
    yield ("By language", "Searches, gaps, click-through and the helpful rate in each language "
                          "(the language searched, or of the page answered on).",
           ("language", "searches", "gaps", "click-through", "feedback", "helpful rate"),
           [(f.lang, f.searches, f.gap_searches, _percent(f.clicked_searches, f.searches), f.feedback,
             _percent(f.helpful, f.feedback)) for f in report.by_language])
    many = len(report.by_language) > 1

    def row(item, *cells):
        return (item.lang, *cells) if many else cells

    def header(*names):
        return ("lang", *names) if many else names

    yield ("Top queries", "What people search for most, and how often a search led to a click.",
           header("query", "searches", "no results", "clicks", "click-through"),
           [row(q, q.query, q.searches, q.zero_result, q.clicks, _percent(q.clicked_searches, q.searches))
            for q in report.top_queries])
    yield ("Gaps", "Searches that found nothing, or nothing search is confident answers them: "
                   "write an article (or translate one) or add a synonym for these.",
           header("query", "searches", "no results", "not confident", "last searched"),
           [row(g, g.query, g.searches, g.zero_result, g.not_confident, g.last_day) for g in report.gaps])
    yield ("Searches with no click", "Searches that found something and were followed by no click.",
           header("query", "searches", "no click"),
           [row(u, u.query, u.searches, u.unclicked) for u in report.unclicked])
    yield ("Searches that led to \"not helpful\"", "The article found for the query did not answer it.",
           header("query", "article", "not helpful", "clicks"),
           [row(u, u.query, u.article, u.not_helpful, u.clicks) for u in report.unhelpful_leads])
    yield ("Comments on \"not helpful\"", "What readers wrote, newest first.",
           header("day", "article", "reason", "comment", "query"),
           [row(c, c.day, c.article, c.reason or "-", c.text, c.query or "-") for c in report.comments])
    yield ("Least helpful articles", "Articles with at least one \"no\", lowest helpful rate first.",
           header("article", "helpful", "not helpful", "helpful rate", "reasons"),
           [row(a, a.article, a.helpful, a.not_helpful, _percent(a.helpful, a.total), _reasons_text(a.reasons))
            for a in report.least_helpful])
    yield (f"Trend by {report.period}", "Searches, gaps and the helpful rate over time.",
           (report.period, "searches", "gaps", "feedback", "helpful rate"),
           [(p.start, p.searches, p.gaps, p.feedback, _percent(p.helpful, p.feedback)) for p in report.trend])


def _cell_text(cell) -> str:
    """A cell as one line a terminal shows as written: a line break or tab in a reader's comment is
    a space, and control and bidirectional formatting characters (U+202E would reorder what
    follows) are shown as their code, ``<U+202E>``.

    >>> _cell_text("Too long\\nand \\u202econfusing\\tcomment\\x1b[31m")
    'Too long and <U+202E>confusing comment<U+001B>[31m'
    """
    text = cell.label if isinstance(cell, Article) else str(cell)
    return "".join(" " if ch in "\n\r\t" else f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in ("Cc", "Cf")
                   and ch not in "\u200c\u200d" else ch for ch in text)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


TEXT_CELL_COLUMNS = 60  # of a query, title or comment in the text report


def as_text(report: Report) -> str:
    lines = [
        f"Help center report since {_since_text(report)}",
        f"Searches: {report.searches} (click-through: {_percent(report.clicked_searches, report.searches)}, "
        f"gaps: {report.gap_searches})  Clicks: {report.clicks}  Feedback: {report.feedback} "
        f"(helpful: {_percent(report.helpful, report.feedback)})",
    ]
    cut = False
    for title, _, header, rows in _sections(report):
        lines += ["", title]
        if not rows:
            lines.append("  (none)")
            continue
        # One long query or comment made every row of its table as wide: cut here (--json and
        # --html have the whole text).
        texts = [[_cell_text(c) for c in row] for row in [header, *rows]]
        cells = [[_shorten(text, TEXT_CELL_COLUMNS) for text in row] for row in texts]
        cut = cut or cells != texts
        widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
        numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(header))]
        for row in cells:
            lines.append("  " + "  ".join(_pad(cell, w, num) for cell, w, num in zip(row, widths, numeric)).rstrip())
    if cut:
        lines += ["", f"Texts longer than {TEXT_CELL_COLUMNS} columns are cut (…): --json and --html show them whole."]
    return "\n".join(lines) + "\n"


def as_dict(report: Report) -> dict:
    """The report as JSON-ready data (``helpcenter report --json``): the same figures as the tables."""
    def plain(value):
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        if dataclasses.is_dataclass(value):
            out = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            for name in ("click_through", "helpful_rate"):
                if hasattr(type(value), name):
                    rate = getattr(value, name)
                    out[name] = None if rate is None else round(rate, 4)
            return out
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    return plain(report)


# -- HTML ------------------------------------------------------------------------------------------

def as_html(report: Report) -> str:
    sections = [
        {"title": title, "note": note, "header": header,
         "rows": [[_html_cell(c) for c in row] for row in rows]}
        for title, note, header, rows in _sections(report)
    ]
    return _ENV.get_template("report.html").render(
        report=report, since=_since_text(report), sections=sections,
        click_through=_percent(report.clicked_searches, report.searches),
        helpful=_percent(report.helpful, report.feedback),
        trend=_trend_chart(report.trend, report.period), gaps_chart=_bars([(g.query, g.searches) for g in report.gaps[:10]]),
    )


def _html_cell(cell) -> dict:
    if isinstance(cell, Article):
        return {"text": cell.label, "href": cell.url, "numeric": False}
    return {"text": str(cell), "href": None, "numeric": isinstance(cell, int)}


def _shorten(text: str, columns: int) -> str:
    """``text`` cut to about ``columns`` (wide characters count two), never inside a character."""
    out, used = [], 0
    for ch in text:
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > columns:
            return "".join(out) + "…"
        out.append(ch)
    return text


def _trend_chart(periods: tuple[Period, ...], period: str) -> dict | None:
    """Bars of searches (with their gaps) and of the helpful rate per period, as numbers for the
    template's SVG."""
    if not periods:
        return None
    bar, gap, height = 28, 10, 120
    most = max(p.searches for p in periods) or 1
    rows = []
    for i, p in enumerate(periods):
        x = gap + i * (bar + gap)
        h_searches = round(height * p.searches / most)
        h_gaps = round(height * p.gaps / most)
        rate = p.helpful_rate
        rows.append({
            "x": x, "label": p.start[5:] if period == "day" else "wk " + p.start[5:], "start": p.start,
            "searches": p.searches, "gaps": p.gaps, "h_searches": h_searches, "h_gaps": h_gaps,
            "h_rate": None if rate is None else round(height * rate),
            "rate": _percent(p.helpful, p.feedback), "feedback": p.feedback,
        })
    return {"bar": bar, "height": height, "width": len(periods) * (bar + gap) + gap, "rows": rows}


def _bars(items: list[tuple[str, int]]) -> dict | None:
    if not items:
        return None
    label_width, bar_width, row_height = 260, 360, 22
    most = max(n for _, n in items) or 1
    rows = [{"y": 5 + i * row_height, "label": _shorten(text, 40), "text": text, "n": n,
             "w": max(2, round(bar_width * n / most))} for i, (text, n) in enumerate(items)]
    return {"label_width": label_width, "row_height": row_height, "rows": rows,
            "width": label_width + bar_width + 50, "height": row_height * len(items) + 10}
