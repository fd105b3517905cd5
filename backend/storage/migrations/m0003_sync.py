"""State of the MongoDB store tier sync: master-data high-water marks and the last pull.

One row per key. Values are text: an ISO 8601 UTC time for a high-water mark, JSON for the
rest. The outbox and its delivery marks stay in the tables of m0001.
"""

STATEMENTS = [
    """CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    )""",
]
