"""The feedback store on real databases, SQLite and PostgreSQL: migrations, writes, the report.

PostgreSQL comes from HELPCENTER_TEST_POSTGRES_URL (`eval "$(.ci/postgres)"` sets it). Without
it the PostgreSQL cases skip on a laptop and fail in CI, so CI can never pass without them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import time

import pytest

import feedback
from conftest import BACKENDS, fresh_database
from feedback import Click, Feedback, Search, open_store
from feedback.report import as_dict, as_html, as_text, build_report
from helpcenter.cli import main

UTC = dt.timezone.utc


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path):
    with fresh_database(request.param, tmp_path) as location:
        yield location


@pytest.fixture
def store(database):
    s = open_store(*database)
    yield s
    s.close()


def table_columns(store) -> dict[str, list[str]]:
    if store.dialect == "sqlite":
        return {t: [row[1] for row in store.select(f"PRAGMA table_info({t})")] for t in feedback.store.TABLES}
    return {t: [row[0] for row in store.select(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s ORDER BY ordinal_position", (t,))] for t in feedback.store.TABLES}


# -- schema ---------------------------------------------------------------------------------------

def test_migrations_apply_once_in_order(database):
    first = open_store(*database)
    try:
        assert first.schema_versions() == [1, 2, 3, 4, 5]
        assert first.migrate() == []
    finally:
        first.close()
    again = open_store(*database)
    try:
        assert again.migrate() == []
        assert again.select("SELECT version, name FROM schema_migrations ORDER BY version") == [
            (1, "feedback, searches and clicks"), (2, "indexes for the report"),
            (3, "whether a search had a confident answer"), (4, "feedback reasons as a table"),
            (5, "language of searches, clicks and feedback")]
    finally:
        again.close()


def test_replicas_starting_together_migrate_exactly_once(database):
    stores = [feedback.store.PostgresStore(database[1]) if database[1]
              else feedback.store.SQLiteStore(database[0] / feedback.SQLITE_FILE) for _ in range(6)]
    applied, errors = [], []
    start = threading.Barrier(len(stores))

    def replica(s):
        try:
            start.wait()
            applied.append(s.migrate())
        except Exception as e:  # pragma: no cover - shown by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=replica, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert sorted(applied) == [[]] * 5 + [[1, 2, 3, 4, 5]]
        assert stores[0].schema_versions() == [1, 2, 3, 4, 5]
    finally:
        for s in stores:
            s.close()


def test_no_personal_data_is_stored(store):
    assert table_columns(store) == {
        "feedback": ["id", "article_id", "helpful", "reason", "reason_text", "search_query", "created_at", "lang"],
        "searches": ["id", "query", "audience", "country", "usertype", "result_count", "created_at", "confident",
                     "lang"],
        "clicks": ["id", "search_id", "query", "article_id", "url", "rank", "created_at", "lang"],
    }


# -- writes ---------------------------------------------------------------------------------------

def test_feedback_is_stored_with_its_id(store):
    at = dt.datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    first = store.add_feedback(Feedback("refunds", False, "unclear", "Which form?", "refund"), at=at)
    second = store.add_feedback(Feedback("refunds", True), at=at)
    assert second == first + 1
    rows = store.select("SELECT id, article_id, helpful, reason, reason_text, search_query FROM feedback ORDER BY id")
    assert [(r[0], r[1], bool(r[2]), *r[3:]) for r in rows] == [
        (first, "refunds", False, "unclear", "Which form?", "refund"),
        (second, "refunds", True, None, None, None),
    ]


def test_database_rejects_an_unknown_reason(store):
    with pytest.raises(store.IntegrityError, match="FOREIGN KEY constraint failed|feedback_reason_fkey"):
        store.add_feedback(Feedback("refunds", False, "boring"))
    assert store.counts()["feedback"] == 0


def test_the_database_knows_exactly_the_reasons_of_the_code(store):
    assert sorted(row[0] for row in store.select("SELECT reason FROM feedback_reasons")) == sorted(feedback.REASONS)


def test_migrations_are_frozen_against_the_reasons_constant(monkeypatch):
    import importlib

    from feedback import entries, migrations

    before = [dataclasses.astuple(m) for m in migrations.MIGRATIONS]
    monkeypatch.setattr(entries, "REASONS", (*entries.REASONS, "too-long"))
    assert [dataclasses.astuple(m) for m in importlib.reload(migrations).MIGRATIONS] == before


def test_a_new_reason_is_a_new_migration_that_old_databases_accept(database, monkeypatch):
    from feedback import migrations

    old = open_store(*database)
    old.add_feedback(Feedback("refunds", False, "unclear"))
    old.close()
    insert = "INSERT INTO feedback_reasons (reason) VALUES ('too-long')"
    monkeypatch.setattr(feedback.store, "MIGRATIONS", (*migrations.MIGRATIONS, migrations.Migration(
        len(migrations.MIGRATIONS) + 1, "reason too-long", sqlite=(insert,), postgresql=(insert,))))
    upgraded = open_store(*database)
    try:
        assert upgraded.schema_versions() == [1, 2, 3, 4, 5, 6]
        upgraded.add_feedback(Feedback("refunds", False, "too-long"))
        assert sorted(r[0] for r in upgraded.select("SELECT reason FROM feedback")) == ["too-long", "unclear"]
    finally:
        upgraded.close()


def test_a_database_of_version_3_keeps_its_rows_through_migration_4(database, monkeypatch):
    from feedback import migrations

    monkeypatch.setattr(feedback.store, "MIGRATIONS", migrations.MIGRATIONS[:3])
    old = open_store(*database)
    with old.transaction() as execute:  # as the code of version 3 wrote it
        execute(old.sql("INSERT INTO feedback (article_id, helpful, reason, reason_text, search_query, created_at) "
                        "VALUES ({p}, {p}, {p}, {p}, {p}, {p})"),
                ("refunds", False, "outdated", "old", "refund", old.timestamp(DAY1)))
    old.close()
    monkeypatch.setattr(feedback.store, "MIGRATIONS", migrations.MIGRATIONS)
    new = open_store(*database)
    try:
        assert new.migrate() == [] and new.schema_versions() == [1, 2, 3, 4, 5]
        rows = new.select("SELECT article_id, helpful, reason, reason_text, search_query FROM feedback")
        assert [(r[0], bool(r[1]), *r[2:]) for r in rows] == [("refunds", False, "outdated", "old", "refund")]
        with pytest.raises(new.IntegrityError):
            new.add_feedback(Feedback("refunds", False, "boring"))
    finally:
        new.close()


def test_the_writer_drops_a_row_the_database_refuses_without_retrying(store, capsys):
    good = Click("refunds", "/refunds/", query="fine")
    bad = Click("refunds", "/refunds/\ud800", query="bad")  # only an API bug could let this through
    started = time.monotonic()
    store.log_click(good)
    store.log_click(bad)
    store.log_click(good)
    store.flush()
    assert time.monotonic() - started < 1.0  # the writer used to retry the bad row for ~16 s
    assert store.counts()["clicks"] == 2
    assert "could not store a search log entry: " in capsys.readouterr().err


def test_a_batch_of_searches_and_clicks_is_written_whole_in_time_order(store):
    """The writer writes a batch with multi-row INSERTs on SQLite (a hundred rows a statement):
    every row of 250 searches and 250 clicks arrives, with its values; ids begin with the
    millisecond they were made in, so they sort in time order."""
    at = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)
    searches = [feedback.Search(f"query {n}", n, "client", "US", None, confident=n % 2 == 0, lang="es")
                for n in range(250)]
    stamps = [s.id[:12] for s in searches]
    assert stamps == sorted(stamps) and abs(int(stamps[0], 16) - time.time() * 1000) < 60_000
    store.write([(s, at + dt.timedelta(microseconds=n)) for n, s in enumerate(searches)]
                + [(Click("refunds", "/refunds/", search_id=s.id, rank=1 + n % 5), at) for n, s in enumerate(searches)])
    rows = store.select("SELECT id, query, result_count, audience, country, lang FROM searches")
    assert sorted(rows) == sorted((s.id, s.query, s.result_count, "client", "US", "es") for s in searches)
    clicks = store.select("SELECT search_id, rank FROM clicks ORDER BY id")
    assert clicks == [(s.id, 1 + n % 5) for n, s in enumerate(searches)]


def test_the_log_queue_is_bounded_in_bytes(tmp_path, capsys):
    from feedback.store import _Writer, entry_bytes

    class Stuck:  # a database that never answers: nothing leaves the queue
        rejected_row_errors = ()

        def write(self, entries):
            gate.wait()

    gate = threading.Event()
    search = feedback.Search("q" * 100, 1)
    writer = _Writer(Stuck(), max_bytes=entry_bytes(search) * 10)
    accepted = [writer.put((search, None)) for _ in range(25)]
    # One batch is taken by the stuck writer at once; then the queue holds 10 entries' worth.
    assert writer.queued_bytes <= writer.max_bytes
    assert accepted.count(True) == 10 and writer.dropped == 15
    assert "search log queue full" in capsys.readouterr().err
    gate.set()
    writer.stop()


def test_searches_and_clicks_are_written_by_the_background_writer(store):
    search_id = feedback.log_search(store, "  Refund   POLICY ", 3, audience="client", country="DE", usertype="new")
    store.log_click(Click("refunds", "/refunds/", search_id=search_id, rank=1))
    store.log_click(Click("escrow", "/escrow/#fees", query="escrow fees", rank=2))
    store.flush()
    assert store.select("SELECT id, query, audience, country, usertype, result_count FROM searches") == [
        (search_id, "refund policy", "client", "DE", "new", 3)]
    assert store.select("SELECT search_id, query, article_id, url, rank FROM clicks ORDER BY id") == [
        (search_id, None, "refunds", "/refunds/", 1),
        (None, "escrow fees", "escrow", "/escrow/#fees", 2),
    ]


def test_close_writes_what_is_still_queued(database):
    s = open_store(*database)
    for i in range(300):
        feedback.log_search(s, f"query {i}", i)
    s.close()
    reopened = open_store(*database)
    try:
        assert reopened.counts() == {"feedback": 0, "searches": 300, "clicks": 0}
    finally:
        reopened.close()


def test_many_threads_writing_at_once_lose_nothing(store):
    def writer(n):
        for i in range(25):
            store.add_feedback(Feedback("refunds", i % 2 == 0))
            feedback.log_search(store, f"thread {n}", i)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts() == {"feedback": 200, "searches": 200, "clicks": 0}


# -- the report -----------------------------------------------------------------------------------

DAY1 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAY2 = dt.datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def seed(store) -> None:
    refund_ids = [store.log_search(Search(feedback.normalise_query(q), 2), at=DAY1) for q in ("Refund", "  refund", "REFUND")]
    store.log_search(Search("vat number", 0), at=DAY1)
    store.log_search(Search("vat number", 0), at=DAY2)
    store.log_search(Search("crypto payout", 0), at=DAY2)
    store.log_search(Search("escrow", 4, confident=True), at=DAY2)
    store.log_search(Search("退款 怎么 办", 3, confident=False), at=DAY2)  # found something, no confident answer
    store.log_click(Click("refunds", "/refunds/", search_id=refund_ids[0], rank=1), at=DAY1)
    store.log_click(Click("refunds", "/refunds/", search_id=refund_ids[2], rank=1), at=DAY1)
    store.log_click(Click("escrow-basics", "/escrow-basics/", query="escrow", rank=2), at=DAY2)
    store.add_feedback(Feedback("refunds", False, "unclear", None, "refund"), at=DAY1)
    store.add_feedback(Feedback("escrow-basics", True), at=DAY1)
    store.add_feedback(Feedback("fees", False), at=DAY1)
    store.add_feedback(Feedback("refunds", False, "outdated", "Old form", "refund"), at=DAY2)
    store.add_feedback(Feedback("refunds", True), at=DAY2)
    store.add_feedback(Feedback("escrow-basics", True, None, None, "escrow"), at=DAY2)
    store.add_feedback(Feedback("escrow-basics", False, "other", None, "escrow"), at=DAY2)
    store.flush()


REPORT = """\
Help center report since the beginning
Searches: 8 (click-through: 38%, gaps: 4)  Clicks: 3  Feedback: 7 (helpful: 43%)

By language
  language  searches  gaps  click-through  feedback  helpful rate
  en               8     4  38%                   7  43%

Top queries
  query          searches  no results  clicks  click-through
  refund                3           0       2  67%
  vat number            2           2       0  0%
  crypto payout         1           1       0  0%
  escrow                1           0       1  100%
  退款 怎么 办          1           0       0  0%

Gaps
  query          searches  no results  not confident  last searched
  vat number            2           2              0  2026-11-21
  crypto payout         1           1              0  2026-11-21
  退款 怎么 办          1           0              1  2026-11-21

Searches with no click
  query         searches  no click
  refund               3         1
  退款 怎么 办         1         1

Searches that led to "not helpful"
  query   article        not helpful  clicks
  refund  refunds                  2       2
  escrow  escrow-basics            1       1

Comments on "not helpful"
  day         article  reason    comment   query
  2026-11-21  refunds  outdated  Old form  refund

Least helpful articles
  article        helpful  not helpful  helpful rate  reasons
  fees                 0            1  0%            -
  refunds              1            2  33%           outdated 1, unclear 1
  escrow-basics        2            1  67%           other 1

Trend by day
  day         searches  gaps  feedback  helpful rate
  2026-11-20         4     1         3  33%
  2026-11-21         4     3         4  50%
"""

REPORT_SINCE_DAY2 = """\
Help center report since 2026-11-21T00:00:00Z
Searches: 4 (click-through: 25%, gaps: 3)  Clicks: 1  Feedback: 4 (helpful: 50%)

By language
  language  searches  gaps  click-through  feedback  helpful rate
  en               4     3  25%                   4  50%

Top queries
  query          searches  no results  clicks  click-through
  crypto payout         1           1       0  0%
  escrow                1           0       1  100%
  vat number            1           1       0  0%
  退款 怎么 办          1           0       0  0%

Gaps
  query          searches  no results  not confident  last searched
  crypto payout         1           1              0  2026-11-21
  vat number            1           1              0  2026-11-21
  退款 怎么 办          1           0              1  2026-11-21

Searches with no click
  query         searches  no click
  退款 怎么 办         1         1

Searches that led to "not helpful"
  query   article        not helpful  clicks
  escrow  escrow-basics            1       1
  refund  refunds                  1       0

Comments on "not helpful"
  day         article  reason    comment   query
  2026-11-21  refunds  outdated  Old form  refund

Least helpful articles
  article        helpful  not helpful  helpful rate  reasons
  escrow-basics        1            1  50%           other 1
  refunds              1            1  50%           outdated 1

Trend by day
  day         searches  gaps  feedback  helpful rate
  2026-11-21         4     3         4  50%
"""


def test_report_of_a_seeded_dataset(store):
    seed(store)
    report = build_report(store)
    assert as_text(report) == REPORT
    assert [(p.start, p.helpful, p.feedback) for p in report.trend] == [("2026-11-20", 1, 3), ("2026-11-21", 2, 4)]


def test_report_since(store):
    seed(store)
    assert as_text(build_report(store, since=dt.datetime(2026, 11, 21, tzinfo=UTC))) == REPORT_SINCE_DAY2


def test_report_limit(store):
    seed(store)
    report = build_report(store, limit=1)
    assert [q.query for q in report.top_queries] == ["refund"]
    assert [a.article_id for a in report.least_helpful] == ["fees"]


def test_report_command_prints_tables_and_writes_escaped_html(database, capsys, tmp_path):
    out, url = database
    s = open_store(out, url)
    seed(s)
    s.log_search(Search(feedback.normalise_query(HOSTILE), 0), at=DAY2)
    s.add_feedback(Feedback("fees", False, "other", HOSTILE, feedback.normalise_query(HOSTILE)), at=DAY2)
    s.close()
    page = tmp_path / "report.html"
    argv = ["report", "--out", str(out), "--html", str(page)] + (["--database-url", url] if url else [])
    assert main(argv) == 0
    printed, said = capsys.readouterr()
    # No public URL: the titles cannot be linked, and the editor is told why.
    assert said == ("warning: no public URL configured, so article titles are not linked; set --site-url or "
                    f"HELPCENTER_PUBLIC_URL (or site_url in mkdocs.yml)\nWrote {page}\n")
    assert printed.startswith("Help center report since the beginning\n"
                              "Searches: 9 (click-through: 33%, gaps: 5)  Clicks: 3  Feedback: 8")
    hostile = feedback.normalise_query(HOSTILE)
    assert f"  {hostile}  " in printed  # the terminal shows it as typed
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<svg") == 2
    assert '<rect x="' in html and "2026-11-21: 5 searches, 4 gaps; 40% helpful of 5" in html


def test_a_long_query_is_cut_in_the_text_report_only(store):
    # One 196-character question made every row of "Top queries" about 200 columns wide.
    seed(store)
    long = "i have been working with this client for months and " * 4
    store.log_search(Search(feedback.normalise_query(long), 3), at=DAY2)
    report = build_report(store)
    text = as_text(report)
    assert max(len(line) for line in text.splitlines()) < 120
    assert feedback.normalise_query(long)[:50] in text and feedback.normalise_query(long) not in text
    assert text.rstrip().endswith("Texts longer than 60 columns are cut (…): --json and --html show them whole.")
    assert feedback.normalise_query(long) in [q["query"] for q in as_dict(report)["top_queries"]]
    assert as_text(build_report(store, since=DAY2 + dt.timedelta(days=1))).find("are cut") == -1


def test_report_html_lists_every_section(store):
    seed(store)
    html = as_html(build_report(store))
    for heading in ("Top queries", "Gaps", "Searches with no click", "Searches that led to &#34;not helpful&#34;",
                    "Comments on &#34;not helpful&#34;", "Least helpful articles", "Trend by day", "Top gaps"):
        assert f"<h2>{heading}</h2>" in html
    assert "<td>outdated 1, unclear 1</td>" in html
    assert "<td>Old form</td>" in html


def test_report_links_article_titles_to_the_live_pages(store):
    seed(store)
    report = build_report(store, articles={"refunds": ("Request a refund", "/refunds/")},
                          base_url="https://help.example.com/docs")
    html = as_html(report)
    assert '<a href="https://help.example.com/docs/refunds/">Request a refund</a>' in html
    assert "<td>escrow-basics</td>" in html  # not in the release any more: its id, unlinked
    assert "  refund  Request a refund  " in as_text(report)


def test_report_by_week(store):
    seed(store)
    report = build_report(store, period="week")
    assert [(p.start, p.searches, p.gaps, p.feedback, p.helpful) for p in report.trend] == [("2026-11-16", 8, 4, 7, 3)]
    with pytest.raises(ValueError, match="period: expected one of day, week, got 'month'"):
        build_report(store, period="month")


def test_cjk_queries_stay_whole_in_the_charts(store):
    seed(store)
    html = as_html(build_report(store))
    chart = html[html.index("<h2>Top gaps</h2>"):]
    chart = chart[:chart.index("</svg>")]
    assert '<text x="254" y="' in chart and ">退款 怎么 办</text>" in chart
    assert "<title>退款 怎么 办: 1</title>" in chart
    assert '<html lang="en">' in html and "Noto Sans CJK" in html


def test_report_json_has_the_same_figures(database, capsys, tmp_path):
    out, url = database
    s = open_store(out, url)
    seed(s)
    s.close()
    argv = ["report", "--out", str(out), "--json"] + (["--database-url", url] if url else [])
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["searches"], data["clicked_searches"], data["gap_searches"], data["feedback"]) == (8, 3, 4, 7)
    assert data["top_queries"][0] == {"lang": "en", "query": "refund", "searches": 3, "zero_result": 0, "clicks": 2,
                                      "clicked_searches": 2, "click_through": 0.6667}
    assert data["by_language"] == [{"lang": "en", "searches": 8, "gap_searches": 4, "clicks": 3, "clicked_searches": 3,
                                    "feedback": 7, "helpful": 3, "click_through": 0.375, "helpful_rate": 0.4286}]
    assert [g["query"] for g in data["gaps"]] == ["vat number", "crypto payout", "退款 怎么 办"]
    assert data["comments"][0]["text"] == "Old form"
    assert data["comments"][0]["article"]["id"] == "refunds"
    assert [(p["start"], p["searches"], p["helpful_rate"]) for p in data["trend"]] == [
        ("2026-11-20", 4, 0.3333), ("2026-11-21", 4, 0.5)]


def test_report_without_a_database_says_so(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == (
        f"helpcenter report: no feedback database at {tmp_path / 'nowhere' / 'helpcenter.sqlite3'} yet: run "
        f"`helpcenter serve --out {tmp_path / 'nowhere'}` and use the site, or pass --database-url\n")


def test_report_rejects_a_database_url_that_is_not_postgresql(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path), "--database-url", "mysql://root:secret@db/x"]) == 2
    err = capsys.readouterr().err
    assert err == ("helpcenter report: database URL: expected postgresql://user:password@host/dbname, "
                   "got a 'mysql' URL\n")
    assert "secret" not in err


def test_control_characters_never_reach_the_database(store):
    # PostgreSQL refuses NUL in text; one such search must not cost the rest of its batch.
    entry = feedback.feedback_from_json(
        {"article_id": "refunds", "helpful": False, "text": "nul\x00here\nline two", "query": "refund\x00"}, {"refunds"})
    store.add_feedback(entry)
    for q in ("before", "refund\x00", "after"):
        feedback.log_search(store, q, 1)
    store.flush()
    assert store.select("SELECT reason_text, search_query FROM feedback") == [("nulhere\nline two", "refund")]
    assert sorted(row[0] for row in store.select("SELECT query FROM searches")) == ["after", "before", "refund"]


# -- languages ------------------------------------------------------------------------------------

def seed_languages(store) -> None:
    """Spanish and French next to English, and one search logged before languages (lang NULL)."""
    with store.transaction() as execute:
        execute(store.sql("INSERT INTO searches (id, query, result_count, confident, created_at) "
                          "VALUES ({p}, {p}, {p}, {p}, {p})"), ("0" * 32, "refund", 2, True, store.timestamp(DAY1)))
    es = [store.log_search(Search("reembolso", 2, confident=True, lang="es"), at=DAY2) for _ in range(3)]
    store.log_search(Search("refund", 2, confident=True, lang="es"), at=DAY2)  # the same words, another language
    store.log_search(Search("borrar mi cuenta", 1, confident=False, lang="es"), at=DAY2)
    store.log_search(Search("supprimer mon compte", 0, lang="fr"), at=DAY2)
    store.log_click(Click("refunds", "/es/refunds/", search_id=es[0], rank=1, lang="es"), at=DAY2)
    store.log_click(Click("refunds", "/es/refunds/", query="reembolso", rank=1, lang="es"), at=DAY2)
    store.add_feedback(Feedback("refunds", True, lang="es"), at=DAY2)
    store.add_feedback(Feedback("refunds", False, "unclear", "No entiendo", "reembolso", lang="es"), at=DAY2)
    store.add_feedback(Feedback("refunds", True), at=DAY2)
    store.flush()


def test_report_by_language(store):
    seed_languages(store)
    report = build_report(store, articles={"refunds": ("Request a refund", "/refunds/")},
                          localized={"es": {"refunds": ("Pedir un reembolso", "/es/refunds/")}},
                          base_url="https://help.example.com")
    assert [(f.lang, f.searches, f.gap_searches, f.clicks, f.clicked_searches, f.feedback, f.helpful)
            for f in report.by_language] == [("en", 1, 0, 0, 0, 1, 1), ("es", 5, 1, 2, 2, 2, 1), ("fr", 1, 1, 0, 0, 0, 0)]
    assert [(q.lang, q.query, q.searches, q.clicked_searches) for q in report.top_queries] == [
        ("es", "reembolso", 3, 2), ("es", "borrar mi cuenta", 1, 0), ("en", "refund", 1, 0), ("es", "refund", 1, 0),
        ("fr", "supprimer mon compte", 1, 0)]
    assert [(g.lang, g.query) for g in report.gaps] == [("es", "borrar mi cuenta"), ("fr", "supprimer mon compte")]
    assert [(r.lang, r.article.title, r.helpful, r.not_helpful) for r in report.least_helpful] == [
        ("es", "Pedir un reembolso", 1, 1)]
    assert (report.comments[0].lang, report.comments[0].article.url) == ("es", "https://help.example.com/es/refunds/")
    text = as_text(report)
    assert ("By language\n"
            "  language  searches  gaps  click-through  feedback  helpful rate\n"
            "  en               1     0  0%                    1  100%\n"
            "  es               5     1  40%                   2  50%\n"
            "  fr               1     1  0%                    0  -\n") in text
    assert ("Gaps\n"
            "  lang  query                 searches  no results  not confident  last searched\n"
            "  es    borrar mi cuenta             1           0              1  2026-11-21\n"
            "  fr    supprimer mon compte         1           1              0  2026-11-21\n") in text
    html = as_html(report)
    assert "<h2>By language</h2>" in html and '<a href="https://help.example.com/es/refunds/">Pedir un reembolso</a>' in html


@pytest.mark.parametrize("value, expected", [("", None), ("-1", None), ("nan", None), ("61", None), ("٣", None),
                                             ("0", 0.0), ("0.25", 0.25), ("30", 30.0)])
def test_the_log_write_interval_is_read_from_the_environment(monkeypatch, value, expected):
    from feedback.store import INTERVAL_ENV, write_interval

    monkeypatch.setenv(INTERVAL_ENV, value)
    if expected is None:
        with pytest.raises(ValueError, match=rf"^HELPCENTER_LOG_INTERVAL: expected seconds from 0 to 60, got '{value}'$"):
            write_interval()
    else:
        assert write_interval() == expected
    monkeypatch.delenv(INTERVAL_ENV)
    assert write_interval() == 0.25
