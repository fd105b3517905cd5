"""Dapr: subscription events already applied, and suspended sales handed to or taken from the
store's shared state store.

``dapr_inbox`` holds the CloudEvent id of every subscription event the terminal applied, so a
redelivered event changes nothing. ``dapr_suspended_sales`` keeps a local copy of each
suspended sale this terminal sent to the shared store (``direction = 'out'``) or resumed from
it (``'in'``), so a sale is never only in the state store.
"""

STATEMENTS = [
    """CREATE TABLE dapr_inbox (
        event_id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        outcome TEXT NOT NULL,
        received_at TEXT NOT NULL
    )""",
    """CREATE TABLE dapr_suspended_sales (
        suspend_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        cart_id TEXT NOT NULL,
        document TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (suspend_id, direction)
    )""",
]
