"""👍/👎 feedback on answers, kept in SQLite so the team can read what went wrong.

One connection per call and WAL journaling: the chat serves many users at once from a thread pool,
and SQLite connections must not be shared across threads; WAL lets exports read while answers are
being rated. Each row stores the whole answer JSON, so a bad rating can be reproduced later even
after the index has been rebuilt.
"""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO, Any

from index_build.settings import Settings

log = logging.getLogger(__name__)

RATINGS = ("up", "down")
COLUMNS = ("id", "created_at", "rating", "question", "comment", "answer_json")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    answer_json TEXT NOT NULL
)
"""


class FeedbackStore:
    """Append-only feedback table; safe to share one instance across request threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection that commits on success and is always closed."""
        with closing(sqlite3.connect(self.path, timeout=30)) as connection, connection:
            yield connection

    def add(self, question: str, answer_json: dict[str, Any] | str, rating: str, comment: str = "") -> int:
        """Store one rating; returns its row id. ``rating`` is "up" or "down"."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, got {rating!r}")
        if isinstance(answer_json, str):
            json.loads(answer_json)  # stored verbatim, but it must be JSON so exports can parse it
            payload = answer_json
        else:
            payload = json.dumps(answer_json, ensure_ascii=False)
        created = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT INTO feedback (created_at, rating, question, comment, answer_json) VALUES (?, ?, ?, ?, ?)",
                (created, rating, question, comment.strip(), payload),
            )
        log.info("feedback %s stored for %r", rating, question[:80])
        return int(cursor.lastrowid or 0)

    def rows(self) -> list[dict[str, Any]]:
        """All feedback, oldest first."""
        with self._connect() as connection:
            connection.row_factory = sqlite3.Row
            return [dict(row) for row in connection.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")]


def export_feedback(settings: Settings, path: Path | None) -> int:
    """Write all feedback as CSV (``.csv``) or JSON lines (anything else); stdout when ``path`` is None.

    Returns a process exit code, as the CLI passes it on.
    """
    database = Path(settings.feedback_db)
    rows = FeedbackStore(database).rows() if database.exists() else []  # exporting never creates the file
    if path is None:
        _write_jsonl(rows, sys.stdout)
        return 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if path.suffix.lower() == ".csv":
            _write_csv(rows, handle)
        else:
            _write_jsonl(rows, handle)
    log.info("exported %d feedback rows to %s", len(rows), path)
    return 0


def _write_jsonl(rows: list[dict[str, Any]], handle: IO[str]) -> None:
    for row in rows:
        handle.write(json.dumps({**row, "answer_json": json.loads(row["answer_json"])}, ensure_ascii=False) + "\n")


def _write_csv(rows: list[dict[str, Any]], handle: IO[str]) -> None:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
