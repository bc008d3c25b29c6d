"""The editors' report: what people search for, what finds nothing, and which articles do not help.

``build_report(store, since)`` reads the database once into an immutable ``Report``;
``as_text`` and ``as_html`` only present it (every value in the HTML is escaped).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .store import Store

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class QueryCount:
    query: str
    searches: int
    zero_result: int
    clicks: int


@dataclass(frozen=True)
class ZeroResultQuery:
    query: str
    searches: int
    last_day: str


@dataclass(frozen=True)
class UnhelpfulLead:
    """A query whose readers reached an article and said it did not help."""
    query: str
    article_id: str
    not_helpful: int
    clicks: int


@dataclass(frozen=True)
class ArticleRating:
    article_id: str
    helpful: int
    not_helpful: int
    reasons: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_rate(self) -> float:
        return self.helpful / self.total


@dataclass(frozen=True)
class Day:
    day: str
    helpful: int
    total: int

    @property
    def helpful_rate(self) -> float:
        return self.helpful / self.total


@dataclass(frozen=True)
class Report:
    since: dt.datetime | None
    searches: int
    clicks: int
    feedback: int
    helpful: int
    top_queries: tuple[QueryCount, ...]
    zero_result: tuple[ZeroResultQuery, ...]
    unhelpful_leads: tuple[UnhelpfulLead, ...]
    least_helpful: tuple[ArticleRating, ...]
    days: tuple[Day, ...]


def build_report(store: Store, since: dt.datetime | None = None, limit: int = 20) -> Report:
    store.flush()
    t = store.timestamp(since or EPOCH)
    day = store.day
    select = store.select

    searches, = select("SELECT COUNT(*) FROM searches WHERE created_at >= ?", (t,))[0]
    clicks, = select("SELECT COUNT(*) FROM clicks WHERE created_at >= ?", (t,))[0]
    feedback, helpful = select("SELECT COUNT(*), COALESCE(SUM(CASE WHEN helpful THEN 1 ELSE 0 END), 0) "
                               "FROM feedback WHERE created_at >= ?", (t,))[0]

    # A click counts under its search's query, or under the query it was posted with.
    click_rows = select(
        "SELECT COALESCE(s.query, c.query) AS q, c.article_id, COUNT(*) FROM clicks c "
        "LEFT JOIN searches s ON s.id = c.search_id WHERE c.created_at >= ? "
        "GROUP BY COALESCE(s.query, c.query), c.article_id", (t,))
    clicks_by_query: dict[str, int] = {}
    clicks_by_lead: dict[tuple[str, str], int] = {}
    for query, article_id, n in click_rows:
        if query:
            clicks_by_query[query] = clicks_by_query.get(query, 0) + n
            clicks_by_lead[(query, article_id)] = n

    top_queries = tuple(
        QueryCount(query, n, zero, clicks_by_query.get(query, 0))
        for query, n, zero in select(
            "SELECT query, COUNT(*), SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END) FROM searches "
            "WHERE created_at >= ? AND query <> '' GROUP BY query ORDER BY COUNT(*) DESC, query LIMIT ?",
            (t, limit)))
    zero_result = tuple(
        ZeroResultQuery(*row) for row in select(
            f"SELECT query, COUNT(*), MAX({day('created_at')}) FROM searches "
            "WHERE created_at >= ? AND result_count = 0 AND query <> '' "
            "GROUP BY query ORDER BY COUNT(*) DESC, query LIMIT ?", (t, limit)))
    unhelpful_leads = tuple(
        UnhelpfulLead(query, article_id, n, clicks_by_lead.get((query, article_id), 0))
        for query, article_id, n in select(
            "SELECT search_query, article_id, COUNT(*) FROM feedback "
            "WHERE created_at >= ? AND NOT helpful AND search_query IS NOT NULL "
            "GROUP BY search_query, article_id ORDER BY COUNT(*) DESC, search_query, article_id LIMIT ?",
            (t, limit)))

    reasons: dict[str, list[tuple[str, int]]] = {}
    for article_id, reason, n in select(
            "SELECT article_id, reason, COUNT(*) FROM feedback "
            "WHERE created_at >= ? AND NOT helpful AND reason IS NOT NULL "
            "GROUP BY article_id, reason ORDER BY article_id, COUNT(*) DESC, reason", (t,)):
        reasons.setdefault(article_id, []).append((reason, n))
    ratings = [
        ArticleRating(article_id, yes, total - yes, tuple(reasons.get(article_id, ())))
        for article_id, yes, total in select(
            "SELECT article_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), COUNT(*) FROM feedback "
            "WHERE created_at >= ? GROUP BY article_id", (t,))
    ]
    least_helpful = tuple(sorted(
        (r for r in ratings if r.not_helpful),
        key=lambda r: (r.helpful_rate, -r.not_helpful, r.article_id),
    )[:limit])
    days = tuple(
        Day(*row) for row in select(
            f"SELECT {day('created_at')}, SUM(CASE WHEN helpful THEN 1 ELSE 0 END), COUNT(*) FROM feedback "
            f"WHERE created_at >= ? GROUP BY {day('created_at')} ORDER BY 1", (t,)))
    return Report(since, searches, clicks, feedback, helpful, top_queries, zero_result, unhelpful_leads,
                  least_helpful, days)


# -- presentation ---------------------------------------------------------------------------------

def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _since_text(report: Report) -> str:
    return report.since.strftime("%Y-%m-%dT%H:%M:%SZ") if report.since else "the beginning"


def _reasons_text(reasons) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in reasons) or "-"


def _sections(report: Report):
    """(title, explanation, header, rows) of each table, shared by the text and HTML forms."""
    yield ("Top queries", "What people search for most.",
           ("query", "searches", "no results", "clicks"),
           [(q.query, q.searches, q.zero_result, q.clicks) for q in report.top_queries])
    yield ("Queries with no results", "Write an article or add a synonym for these.",
           ("query", "searches", "last searched"),
           [(z.query, z.searches, z.last_day) for z in report.zero_result])
    yield ("Searches that led to \"not helpful\"", "The article found for the query did not answer it.",
           ("query", "article", "not helpful", "clicks"),
           [(u.query, u.article_id, u.not_helpful, u.clicks) for u in report.unhelpful_leads])
    yield ("Least helpful articles", "Articles with at least one \"no\", lowest helpful rate first.",
           ("article", "helpful", "not helpful", "helpful rate", "reasons"),
           [(a.article_id, a.helpful, a.not_helpful, _percent(a.helpful, a.total), _reasons_text(a.reasons))
            for a in report.least_helpful])


def as_text(report: Report) -> str:
    lines = [
        f"Help center report since {_since_text(report)}",
        f"Searches: {report.searches}  Clicks: {report.clicks}  Feedback: {report.feedback} "
        f"(helpful: {_percent(report.helpful, report.feedback)})",
    ]
    for title, _, header, rows in _sections(report):
        lines += ["", title]
        if not rows:
            lines.append("  (none)")
            continue
        cells = [[str(c) for c in row] for row in [header, *rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(header))]
        for row in cells:
            lines.append("  " + "  ".join(
                cell.rjust(w) if num else cell.ljust(w) for cell, w, num in zip(row, widths, numeric)).rstrip())
    return "\n".join(lines) + "\n"


def as_html(report: Report) -> str:
    e = escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Help center report</title>",
        "<style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .7rem;border-bottom:1px solid #ddd;"
        "text-align:left}td.n{text-align:right}p.note{color:#666;margin:.2rem 0}svg{max-width:100%}"
        "svg text{font:11px system-ui,sans-serif;fill:#333}</style>",
        "</head><body>",
        f"<h1>Help center report</h1><p>Since {e(_since_text(report))}. Searches: {report.searches}, "
        f"clicks: {report.clicks}, feedback: {report.feedback} (helpful: {e(_percent(report.helpful, report.feedback))}).</p>",
        "<h2>Helpful rate by day</h2>",
        _helpful_chart(report.days),
        "<h2>Top queries with no results</h2>",
        _zero_result_chart(report.zero_result[:10]),
    ]
    for title, note, header, rows in _sections(report):
        parts.append(f"<h2>{e(title)}</h2><p class=\"note\">{e(note)}</p>")
        if not rows:
            parts.append("<p>(none)</p>")
            continue
        parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(
                f'<td class="n">{c}</td>' if isinstance(c, int) else f"<td>{e(str(c))}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _helpful_chart(days: tuple[Day, ...]) -> str:
    if not days:
        return "<p>(no feedback yet)</p>"
    bar, gap, height, top, bottom = 28, 10, 160, 20, 40
    width = len(days) * (bar + gap) + gap
    out = [f'<svg role="img" aria-label="Helpful rate by day" width="{width}" height="{top + height + bottom}" '
           f'viewBox="0 0 {width} {top + height + bottom}" xmlns="http://www.w3.org/2000/svg">',
           f'<line x1="0" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#999"/>']
    for i, d in enumerate(days):
        x = gap + i * (bar + gap)
        h = round(height * d.helpful_rate)
        label = f"{d.day}: {_percent(d.helpful, d.total)} helpful of {d.total}"
        out.append(f'<g><title>{escape(label)}</title>'
                   f'<rect x="{x}" y="{top + height - h}" width="{bar}" height="{h}" fill="#4caf50"/>'
                   f'<text x="{x + bar / 2}" y="{top + height - h - 4}" text-anchor="middle">'
                   f'{escape(_percent(d.helpful, d.total))}</text>'
                   f'<text x="{x + bar / 2}" y="{top + height + 14}" text-anchor="middle">{escape(d.day[5:])}</text>'
                   f'<text x="{x + bar / 2}" y="{top + height + 28}" text-anchor="middle">n={d.total}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _zero_result_chart(rows: tuple[ZeroResultQuery, ...]) -> str:
    if not rows:
        return "<p>(none)</p>"
    label_width, bar_width, row_height = 260, 360, 22
    most = max(r.searches for r in rows)
    height = row_height * len(rows) + 10
    width = label_width + bar_width + 50
    out = [f'<svg role="img" aria-label="Top queries with no results" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, r in enumerate(rows):
        y = 5 + i * row_height
        w = max(2, round(bar_width * r.searches / most))
        shown = r.query if len(r.query) <= 40 else r.query[:39] + "…"
        out.append(f'<g><title>{escape(r.query)}: {r.searches}</title>'
                   f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(shown)}</text>'
                   f'<rect x="{label_width}" y="{y + 2}" width="{w}" height="{row_height - 6}" fill="#ef6c00"/>'
                   f'<text x="{label_width + w + 4}" y="{y + 14}">{r.searches}</text></g>')
    out.append("</svg>")
    return "".join(out)
