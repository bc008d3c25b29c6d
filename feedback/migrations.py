"""The database schema, as numbered migrations applied in order; never edit one that has shipped.

Each migration is spelled once per dialect. Add a new number for every change, so a database
made by an older version is brought up to date by `migrate()` on the next start.
"""
from __future__ import annotations

from dataclasses import dataclass

# Migration 1 as shipped: the reasons of that time, spelled out. Never derive a migration from a
# live constant: changing the constant would rewrite history, and old databases would disagree.
_REASONS_1 = "'outdated', 'unclear', 'missing-info', 'didnt-solve', 'other'"
_ROWS_4 = "('outdated'), ('unclear'), ('missing-info'), ('didnt-solve'), ('other')"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]


# No IP address, user agent, session or user id is stored anywhere: only what was said and searched.
MIGRATIONS = (
    Migration(
        1, "feedback, searches and clicks",
        sqlite=(
            f"""CREATE TABLE feedback (
                id INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL,
                helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
                reason TEXT CHECK (reason IN ({_REASONS_1})),
                reason_text TEXT,
                search_query TEXT,
                created_at TEXT NOT NULL)""",
            """CREATE TABLE searches (
                id TEXT PRIMARY KEY,
                query TEXT NOT NULL,
                audience TEXT,
                country TEXT,
                usertype TEXT,
                result_count INTEGER NOT NULL,
                created_at TEXT NOT NULL)""",
            # search_id is not a foreign key: a click may name a search logged by another replica
            # into another database, or one still in a writer's queue.
            """CREATE TABLE clicks (
                id INTEGER PRIMARY KEY,
                search_id TEXT,
                query TEXT,
                article_id TEXT NOT NULL,
                url TEXT NOT NULL,
                rank INTEGER,
                created_at TEXT NOT NULL)""",
        ),
        postgresql=(
            f"""CREATE TABLE feedback (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                article_id TEXT NOT NULL,
                helpful BOOLEAN NOT NULL,
                reason TEXT CHECK (reason IN ({_REASONS_1})),
                reason_text TEXT,
                search_query TEXT,
                created_at TIMESTAMPTZ NOT NULL)""",
            """CREATE TABLE searches (
                id TEXT PRIMARY KEY,
                query TEXT NOT NULL,
                audience TEXT,
                country TEXT,
                usertype TEXT,
                result_count INTEGER NOT NULL,
                created_at TIMESTAMPTZ NOT NULL)""",
            """CREATE TABLE clicks (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                search_id TEXT,
                query TEXT,
                article_id TEXT NOT NULL,
                url TEXT NOT NULL,
                rank INTEGER,
                created_at TIMESTAMPTZ NOT NULL)""",
        ),
    ),
    Migration(
        2, "indexes for the report",
        sqlite=(
            "CREATE INDEX feedback_created_at ON feedback (created_at)",
            "CREATE INDEX feedback_article ON feedback (article_id)",
            "CREATE INDEX searches_created_at ON searches (created_at)",
            "CREATE INDEX searches_query ON searches (query)",
            "CREATE INDEX clicks_search ON clicks (search_id)",
        ),
        postgresql=(
            "CREATE INDEX feedback_created_at ON feedback (created_at)",
            "CREATE INDEX feedback_article ON feedback (article_id)",
            "CREATE INDEX searches_created_at ON searches (created_at)",
            "CREATE INDEX searches_query ON searches (query)",
            "CREATE INDEX clicks_search ON clicks (search_id)",
        ),
    ),
    # NULL for searches logged before it: unknown, counted as confident unless they found nothing.
    Migration(
        3, "whether a search had a confident answer",
        sqlite=("ALTER TABLE searches ADD COLUMN confident INTEGER CHECK (confident IN (0, 1))",),
        postgresql=("ALTER TABLE searches ADD COLUMN confident BOOLEAN",),
    ),
    # Reasons become rows, so that adding one is a new migration of one INSERT, which every
    # existing database applies on its next start. SQLite cannot drop a CHECK: the table is rebuilt.
    Migration(
        4, "feedback reasons as a table",
        sqlite=(
            "CREATE TABLE feedback_reasons (reason TEXT PRIMARY KEY)",
            f"INSERT INTO feedback_reasons (reason) VALUES {_ROWS_4}",
            """CREATE TABLE feedback_new (
                id INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL,
                helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
                reason TEXT REFERENCES feedback_reasons (reason),
                reason_text TEXT,
                search_query TEXT,
                created_at TEXT NOT NULL)""",
            "INSERT INTO feedback_new SELECT id, article_id, helpful, reason, reason_text, search_query, created_at "
            "FROM feedback",
            "DROP TABLE feedback",
            "ALTER TABLE feedback_new RENAME TO feedback",
            "CREATE INDEX feedback_created_at ON feedback (created_at)",
            "CREATE INDEX feedback_article ON feedback (article_id)",
        ),
        postgresql=(
            "CREATE TABLE feedback_reasons (reason TEXT PRIMARY KEY)",
            f"INSERT INTO feedback_reasons (reason) VALUES {_ROWS_4}",
            "ALTER TABLE feedback DROP CONSTRAINT feedback_reason_check",
            "ALTER TABLE feedback ADD CONSTRAINT feedback_reason_fkey "
            "FOREIGN KEY (reason) REFERENCES feedback_reasons (reason)",
        ),
    ),
    # To add a reason: a new Migration(N, "reason <name>", sqlite=(INSERT,), postgresql=(INSERT,))
    # inserting it into feedback_reasons, and the name in entries.REASONS.
    # The language of the page or search (a code of content/languages.yml). NULL for rows logged
    # before it: the help center was English only then, and the report counts them as "en".
    Migration(
        5, "language of searches, clicks and feedback",
        sqlite=(
            "ALTER TABLE searches ADD COLUMN lang TEXT",
            "ALTER TABLE clicks ADD COLUMN lang TEXT",
            "ALTER TABLE feedback ADD COLUMN lang TEXT",
        ),
        postgresql=(
            "ALTER TABLE searches ADD COLUMN lang TEXT",
            "ALTER TABLE clicks ADD COLUMN lang TEXT",
            "ALTER TABLE feedback ADD COLUMN lang TEXT",
        ),
    ),
)
