"""Where feedback, searches and clicks are kept: SQLite by default, PostgreSQL when a URL is given.

A store is opened once per process (``store_for``) and is safe to use from many threads. Feedback
is written before the API answers; searches and clicks go through a background writer so that
the search API never waits for the disk; the writer is drained by ``flush()``/``close()`` and at
interpreter exit, so nothing queued is lost on a clean shutdown.
"""
from __future__ import annotations

import atexit
import datetime as dt
import os
import sqlite3
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path

from .entries import SOURCE_LANGUAGE, Click, Feedback, Search, new_id
from .migrations import MIGRATIONS

DATABASE_URL_ENV = "HELPCENTER_DATABASE_URL"
SQLITE_FILE = "helpcenter.sqlite3"
TABLES = ("feedback", "searches", "clicks")
# Any constant: it only has to be the same in every replica that migrates this database.
_MIGRATION_LOCK = 0x48435F4D4947  # "HC_MIG"


def database_location(out_dir: Path | str | None, database_url: str | None = None) -> str:
    """The PostgreSQL URL (flag, then environment) or else the SQLite file in the output folder."""
    url = database_url or os.environ.get(DATABASE_URL_ENV)
    if url:
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if scheme not in ("postgresql", "postgres"):
            # Never echo the URL itself: it may hold a password.
            raise ValueError(f"database URL: expected postgresql://user:password@host/dbname, got a {scheme or 'plain'!r} URL")
        return url
    if out_dir is None:
        raise ValueError("no database: pass --out (for SQLite) or set HELPCENTER_DATABASE_URL")
    return str(Path(out_dir) / SQLITE_FILE)


def open_store(out_dir: Path | str | None = None, database_url: str | None = None) -> "Store":
    """Open (creating and migrating if needed) the database for ``out_dir`` or ``database_url``."""
    location = database_location(out_dir, database_url)
    store = PostgresStore(location) if "://" in location else SQLiteStore(Path(location))
    store.migrate()
    return store


_stores: dict[tuple[int, str], "Store"] = {}
_stores_lock = threading.Lock()


def store_for(out_dir: Path | str | None, database_url: str | None = None) -> "Store":
    """The one store of this process for that database (web workers share it across requests)."""
    key = (os.getpid(), database_location(out_dir, database_url))
    with _stores_lock:
        if key not in _stores:
            _stores[key] = open_store(out_dir, database_url)
        return _stores[key]


def close_stores() -> None:
    """Write what this process queued and close its stores: a web worker calls it as it shuts down.

    The writer's own ``atexit`` hook is not enough there: uvicorn stops a worker with SIGTERM and,
    once the server has shut down, raises that signal again with its default action, which ends
    the process without running ``atexit``, so searches and clicks queued in the last quarter
    second would be lost.
    """
    with _stores_lock:
        mine = [key for key in _stores if key[0] == os.getpid()]
        stores = [_stores.pop(key) for key in mine]
    for store in stores:
        store.close()


class Store:
    """The storage operations, common to both databases; subclasses say how to connect.

    SQL is written once, with ``{p}`` where a value goes, formatted with the dialect's own
    placeholder (``?`` for sqlite3, ``%s`` for psycopg): values are always passed separately,
    and no SQL text is ever rewritten after it is built.
    """

    dialect = ""
    placeholder = "?"
    # Errors about the row itself (a constraint, a value the database cannot hold): retrying the
    # same row can never succeed. Anything else (a restart, a lock) is worth retrying.
    rejected_row_errors: tuple[type[BaseException], ...] = (ValueError,)

    def __init__(self):
        self._writer: _Writer | None = None
        self._writer_lock = threading.Lock()

    @classmethod
    def sql(cls, text: str) -> str:
        """``text`` with each ``{p}`` replaced by this database's placeholder.

        >>> SQLiteStore.sql("SELECT 1 WHERE a = {p}"), PostgresStore.sql("SELECT 1 WHERE a = {p}")
        ('SELECT 1 WHERE a = ?', 'SELECT 1 WHERE a = %s')
        """
        return text.format(p=cls.placeholder)

    # -- connections (per dialect) --------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """A connection inside one transaction, committed on success; yields ``execute(sql, params)``
        (and ``execute.many(sql, rows)`` for one statement over many rows)."""
        raise NotImplementedError

    def timestamp(self, moment: dt.datetime):
        """A UTC moment as this database stores it."""
        raise NotImplementedError

    def day(self, column: str) -> str:
        """SQL for the UTC calendar day (YYYY-MM-DD) of a timestamp column."""
        raise NotImplementedError

    def close_connections(self) -> None:
        raise NotImplementedError

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, in order; returns the versions applied now.

        Runs under an exclusive lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so
        replicas starting together apply each migration exactly once.
        """
        applied_now = []
        with self.transaction() as execute:
            self._lock_for_migration(execute)
            execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {row[0] for row in execute("SELECT version FROM schema_migrations")}
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                for statement in getattr(migration, self.dialect):
                    execute(statement)
                execute(self.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES ({p}, {p}, {p})"),
                        (migration.version, migration.name, _now().isoformat()))
                applied_now.append(migration.version)
        return applied_now

    def _lock_for_migration(self, execute) -> None:
        pass

    def schema_versions(self) -> list[int]:
        with self.transaction() as execute:
            return [row[0] for row in execute("SELECT version FROM schema_migrations ORDER BY version")]

    # -- writes ---------------------------------------------------------------------------------
    def add_feedback(self, entry: Feedback, at: dt.datetime | None = None) -> int:
        """Store one feedback entry now; returns its id."""
        with self.transaction() as execute:
            rows = execute(
                self.sql("INSERT INTO feedback (article_id, helpful, reason, reason_text, search_query, lang, created_at) "
                         "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id"),
                (entry.article_id, entry.helpful, entry.reason, entry.text, entry.query, entry.lang,
                 self.timestamp(at or _now())),
            )
            return rows[0][0]

    def log_search(self, entry: Search, at: dt.datetime | None = None) -> str:
        """Queue a search for writing; returns its id at once (for the click that may follow)."""
        self._queue(entry, at or _now())
        return entry.id

    def queue_search(self, query: str, result_count: int, audience: str | None = None, country: str | None = None,
                     usertype: str | None = None, confident: bool | None = None,
                     lang: str = SOURCE_LANGUAGE) -> str:
        """``log_search`` for the search API, at a fraction of its cost per request: the row as a
        plain tuple (the columns of ``searches`` but the time) and the time as ``time.time()``,
        the same row in the database. Returns the new search's id."""
        search_id = new_id()
        self._current_writer().put_row((search_id, query, audience, country, usertype, result_count, confident, lang),
                                       time.time())
        return search_id

    def log_click(self, entry: Click, at: dt.datetime | None = None) -> None:
        """Queue a click on a search result for writing."""
        self._queue(entry, at or _now())

    INSERT_SEARCH = ("INSERT INTO searches (id, query, audience, country, usertype, result_count, confident, lang, "
                     "created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})")
    INSERT_CLICK = ("INSERT INTO clicks (search_id, query, article_id, url, rank, lang, created_at) "
                    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})")

    def write(self, entries: list[tuple[Search | Click | tuple, dt.datetime | float]]) -> None:
        """Write searches and clicks in one transaction (what the background writer calls): the
        searches with one ``executemany``, then the clicks (which may refer to them). A search
        is a ``Search`` with its datetime, or a row of ``queue_search`` with its ``time.time()``."""
        stamp, epoch_stamp = self.timestamp, self.epoch_timestamp
        searches, clicks = [], []
        for e, at in entries:
            if e.__class__ is tuple:
                searches.append((*e, epoch_stamp(at)))
            elif isinstance(e, Search):
                searches.append((e.id, e.query, e.audience, e.country, e.usertype, e.result_count, e.confident,
                                 e.lang, stamp(at)))
            else:
                clicks.append((e.search_id, e.query, e.article_id, e.url, e.rank, e.lang, stamp(at)))
        with self.transaction() as execute:
            if searches:
                execute.many(self.sql(self.INSERT_SEARCH), searches)
            if clicks:
                execute.many(self.sql(self.INSERT_CLICK), clicks)

    def epoch_timestamp(self, seconds: float):
        """A ``time.time()`` as this database stores it."""
        return self.timestamp(dt.datetime.fromtimestamp(seconds, dt.timezone.utc))

    def _queue(self, entry, at: dt.datetime) -> None:
        self._current_writer().put((entry, at))

    def _current_writer(self) -> "_Writer":
        writer = self._writer
        if writer is None or writer.pid != _pid:
            with self._writer_lock:
                if self._writer is None or self._writer.pid != _pid:
                    self._writer = _Writer(self, queue_bytes(), write_interval())
                writer = self._writer
        return writer

    def flush(self) -> None:
        """Wait until every queued search and click is in the database."""
        writer = self._writer
        if writer is not None:
            writer.flush()

    def close(self) -> None:
        with self._writer_lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.stop()
        self.close_connections()

    # -- reads ----------------------------------------------------------------------------------
    def select(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self.transaction() as execute:
            return execute(sql, params)

    def counts(self) -> dict[str, int]:
        """Rows per table (queued writes included once flushed)."""
        self.flush()
        return {table: self.select(f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES}


class SQLiteStore(Store):
    """One file, WAL mode, one connection per thread; several processes may write at once."""

    dialect = "sqlite"
    # A lone surrogate cannot be encoded (UnicodeEncodeError is a ValueError).
    rejected_row_errors = (ValueError, sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError)
    IntegrityError = sqlite3.IntegrityError

    def __init__(self, path: Path):
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()

    def __repr__(self):
        return f"SQLiteStore({str(self.path)!r})"

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            # isolation_level=None: transactions are begun explicitly, as BEGIN IMMEDIATE, so a
            # writer takes the lock up front instead of failing to upgrade a read lock later.
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            _enable_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self):
        conn = self._connection()

        def execute(sql, params=()):
            return conn.execute(sql, params).fetchall()

        execute.many = lambda sql, rows: _insert_many(conn, sql, rows)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield execute
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def timestamp(self, moment: dt.datetime) -> str:
        return _utc_text(_utc(moment))

    def epoch_timestamp(self, seconds: float) -> str:
        return _utc_text(dt.datetime.fromtimestamp(seconds, dt.timezone.utc))

    def day(self, column: str) -> str:
        return f"substr({column}, 1, 10)"

    def close_connections(self) -> None:
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()


class PostgresStore(Store):
    """PostgreSQL through psycopg 3 and a psycopg_pool connection pool per process."""

    dialect = "postgresql"
    placeholder = "%s"
    pool_size = 8

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self._pool = None
        self._pool_lock = threading.Lock()

    def __repr__(self):
        return "PostgresStore(<url>)"

    @property
    def rejected_row_errors(self):
        import psycopg

        return (ValueError, psycopg.DataError, psycopg.IntegrityError)

    @property
    def IntegrityError(self):
        import psycopg

        return psycopg.IntegrityError

    def _connections(self):
        with self._pool_lock:
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                # Opened on first use, in the process that uses it (web workers are forked/spawned).
                self._pool = ConnectionPool(self.url, min_size=1, max_size=self.pool_size,
                                            kwargs={"autocommit": True}, open=True, name="helpcenter-feedback")
            return self._pool

    @contextmanager
    def transaction(self):
        with self._connections().connection() as conn:  # a broken connection is discarded by the pool

            def execute(sql, params=()):
                cur = conn.execute(sql, params)
                return cur.fetchall() if cur.description else []

            def many(sql, rows):
                with conn.cursor() as cur:
                    cur.executemany(sql, rows)

            execute.many = many
            with conn.transaction():
                yield execute

    def _lock_for_migration(self, execute) -> None:
        # Released with the transaction: the second replica waits here, then sees the work done.
        execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

    def timestamp(self, moment: dt.datetime) -> dt.datetime:
        return _utc(moment)

    def day(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def close_connections(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


QUEUE_BYTES_ENV = "HELPCENTER_LOG_QUEUE_BYTES"
DEFAULT_QUEUE_BYTES = 8 * 1024 * 1024


def queue_bytes() -> int:
    """The bound of each process's queue of unwritten searches and clicks, in bytes."""
    text = os.environ.get(QUEUE_BYTES_ENV, str(DEFAULT_QUEUE_BYTES))
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{QUEUE_BYTES_ENV}: expected a number of bytes, got {text!r}")
    return int(text)


INTERVAL_ENV = "HELPCENTER_LOG_INTERVAL"
DEFAULT_INTERVAL = 0.25


def write_interval() -> float:
    """How long, in seconds, queued searches and clicks gather before the writer writes them."""
    text = os.environ.get(INTERVAL_ENV, str(DEFAULT_INTERVAL))
    try:
        seconds = float(text) if text.isascii() else -1.0
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 60:
        raise ValueError(f"{INTERVAL_ENV}: expected seconds from 0 to 60, got {text!r}")
    return seconds


def entry_bytes(entry) -> int:
    """What a queued search or click costs in memory, near enough: its strings plus the objects;
    a row of ``queue_search`` (a tuple) counts as the ``Search`` it stands for.

    >>> entry_bytes(Search("refund", 3, id="0" * 32)), entry_bytes(("0" * 32, "refund", None, None, None, 3, None, "en"))
    (438, 438)
    """
    values = entry if entry.__class__ is tuple else vars(entry).values()
    return 350 + sum([16 + len(v) for v in values if isinstance(v, str)])  # a list: faster than a generator


class _Writer:
    """A daemon thread writing queued searches and clicks in batches, one transaction per batch.

    It wakes for the first entry after a quiet time, then lets entries gather for ``interval``
    seconds (``flush`` and ``stop`` cut that short) and writes them together: under load a
    transaction every quarter second instead of one per search, and a search costs its request
    no thread switch.

    The queue is bounded in bytes: when the database is slower than the searches for long enough
    to fill it, new log entries are dropped (and counted on stderr) instead of growing the worker.
    A row the database refuses (a constraint, a value it cannot hold) is written alone and
    dropped at once; only errors of the database itself (restart, lock) are retried with backoff.

    The queue is a ``deque`` (appending is atomic), not a ``queue.Queue``: a put costs a request
    an append and a look at an event, no condition variable; the writer is woken only when it
    sleeps for want of entries. ``flush`` waits for a count of written entries to reach the count
    queued before it.
    """

    batch = 500
    retries = 8
    def __init__(self, store: Store, max_bytes: int = DEFAULT_QUEUE_BYTES, interval: float = DEFAULT_INTERVAL):
        self.store = store
        self.interval = interval  # seconds entries gather before a write
        self.pid = _pid
        self.max_bytes = max_bytes
        self.queued_bytes = 0
        self.dropped = 0
        self._bytes_lock = threading.Lock()
        self._items: deque = deque()  # (entry, at, size), or None: stop after what came before
        self._queued = 0  # entries accepted so far (under _bytes_lock)
        self._written = 0  # entries taken off the queue and written (or given up on) so far
        self._written_changed = threading.Condition()
        self._wake = threading.Event()  # set when there is something to take (cleared only by the writer)
        self._hurry = threading.Event()  # set by flush() and stop(): write what is queued now
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._thread.start()
        # Daemon threads die at exit; this drains the queue first where the process exits
        # normally (uvicorn's workers do not: the app drains them, see close_stores).
        atexit.register(self.stop)

    def put(self, item) -> bool:
        """Queue (entry, at) unless the queue is full; False when it was dropped."""
        return self.put_row(item[0], item[1])

    def put_row(self, entry, at) -> bool:
        """Queue ``entry`` (a Search, a Click or a ``queue_search`` row) written at ``at``."""
        size = entry_bytes(entry)
        with self._bytes_lock:
            if self.queued_bytes + size > self.max_bytes:
                self.dropped += 1
                if self.dropped in (1, 10, 100) or self.dropped % 1000 == 0:
                    print(f"helpcenter: search log queue full ({self.max_bytes} bytes): {self.dropped} entries "
                          "dropped so far", file=sys.stderr)
                return False
            self.queued_bytes += size
            self._queued += 1
            self._items.append((entry, at, size))
        if not self._wake.is_set():
            self._wake.set()
        return True

    def flush(self) -> None:
        with self._bytes_lock:
            target = self._queued
        self._hurry.set()
        with self._written_changed:
            while self._written < target and self._thread.is_alive():
                self._written_changed.wait(0.5)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._items.append(None)
            self._wake.set()
            self._hurry.set()
            self._thread.join()
        atexit.unregister(self.stop)

    def _run(self) -> None:
        items = self._items
        stopping = False
        while not stopping:
            if not items:
                self._wake.clear()  # before looking again: a put after the look sets it
                if not items:
                    self._wake.wait()
                continue
            if len(items) < self.batch:
                self._hurry.wait(self.interval)  # puts meanwhile wake nobody
            taken = [items.popleft() for _ in range(min(self.batch, len(items)))]
            entries = [(item[0], item[1]) for item in taken if item is not None]
            stopping = len(entries) < len(taken)
            if entries:
                self._write(entries)
            with self._bytes_lock:
                self.queued_bytes -= sum(item[2] for item in taken if item is not None)
            if not items:
                self._hurry.clear()  # (a flush that comes later sets it again)
            with self._written_changed:
                self._written += len(entries)
                self._written_changed.notify_all()

    def _write(self, entries) -> None:
        for attempt in range(self.retries):
            try:
                self.store.write(entries)
                return
            except self.store.rejected_row_errors as e:
                error = e
                break  # the same rows would fail again: find the bad one below, without waiting
            except Exception as e:  # a database restart or a long lock: wait and try again
                error = e
                if len(entries) > 1 and attempt == 1:
                    break  # perhaps one bad entry: write them one by one, so it loses only itself
                time.sleep(min(0.1 * 2 ** attempt, 5))
        if len(entries) > 1:
            for entry in entries:
                self._write([entry])
            return
        print(f"helpcenter: could not store a search log entry: {type(error).__name__}: {error}", file=sys.stderr)


_pid = os.getpid()  # this process's id, kept up to date without a system call per logged search


def _forked() -> None:
    global _pid
    _pid = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


SQLITE_ROWS_PER_INSERT = 100  # x 9 columns of a search: under SQLite's oldest limit of 999 variables


def _insert_many(conn: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
    """``executemany`` of an ``INSERT ... VALUES (...)`` as multi-row INSERTs, a hundred rows each.

    sqlite3's ``executemany`` steps the statement once per row, releasing and taking back the
    interpreter's lock each time: the writer thread then contends with the server's event loop a
    few thousand times per batch of logged searches. A hundred rows per statement do it 100 times
    less often, for the same rows.
    """
    head, sep, values = sql.rpartition(" VALUES ")
    for start in range(0, len(rows), SQLITE_ROWS_PER_INSERT):
        part = rows[start:start + SQLITE_ROWS_PER_INSERT]
        conn.execute(head + sep + ",".join([values] * len(part)), [v for row in part for v in row])


def _utc_text(moment: dt.datetime) -> str:
    """A UTC moment as SQLite stores it: fixed-width text that sorts and compares in time order
    (isoformat with a fixed timespec is strftime's "%Y-%m-%dT%H:%M:%S.%fZ" at a quarter of its
    cost: one call per logged search)."""
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _enable_wal(conn: sqlite3.Connection, attempts: int = 200) -> None:
    """Switch a connection's database to WAL, waiting for other connections doing the same.

    Changing the journal mode needs an exclusive lock and SQLite answers "database is locked" at
    once instead of calling the busy handler, so replicas opening a new file together retry here.
    """
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            time.sleep(min(0.01 * (attempt + 1), 0.2))
    conn.execute("PRAGMA journal_mode = WAL")  # the last try raises the real error
