"""Master data, carts, transactions, counters, outbox and print jobs."""

STATEMENTS = [
    """CREATE TABLE store_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE tax_rates (
        tax_class TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        rate_percent TEXT NOT NULL,
        PRIMARY KEY (tax_class, effective_from)
    )""",
    """CREATE TABLE categories (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    )""",
    """CREATE TABLE items (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL DEFAULT '',
        price INTEGER NOT NULL CHECK (price >= 0),
        price_mode TEXT NOT NULL CHECK (price_mode IN ('inclusive', 'exclusive')),
        tax_class TEXT NOT NULL,
        category_code TEXT NOT NULL REFERENCES categories(code),
        active INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    ) WITHOUT ROWID""",
    "CREATE INDEX items_category ON items(category_code)",
    """CREATE TABLE tender_types (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('cash', 'cashless', 'voucher')),
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE staff (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE preset_pages (
        page INTEGER PRIMARY KEY,
        name TEXT NOT NULL
    )""",
    """CREATE TABLE preset_keys (
        page INTEGER NOT NULL REFERENCES preset_pages(page),
        position INTEGER NOT NULL,
        item_code TEXT NOT NULL REFERENCES items(code),
        label TEXT NOT NULL,
        PRIMARY KEY (page, position)
    )""",
    """CREATE TABLE promotions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        params TEXT NOT NULL,
        starts_at TEXT,
        ends_at TEXT,
        active INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE counters (
        terminal_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, name)
    )""",
    """CREATE TABLE carts (
        id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        state TEXT NOT NULL,
        document TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX carts_state ON carts(terminal_id, state)",
    """CREATE TABLE transactions (
        id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        transaction_number INTEGER NOT NULL,
        receipt_number INTEGER,
        kind TEXT NOT NULL,
        business_date TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        total INTEGER NOT NULL,
        staff_code TEXT,
        training INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT UNIQUE,
        original_id TEXT REFERENCES transactions(id),
        document TEXT NOT NULL,
        UNIQUE (terminal_id, transaction_number)
    )""",
    "CREATE UNIQUE INDEX transactions_receipt ON transactions(terminal_id, receipt_number)"
    " WHERE receipt_number IS NOT NULL",
    "CREATE INDEX transactions_business_date ON transactions(business_date, kind)",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        terminal_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE outbox_delivery (
        seq INTEGER NOT NULL REFERENCES outbox(seq),
        destination TEXT NOT NULL,
        delivered_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        PRIMARY KEY (destination, seq)
    )""",
    """CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        transaction_id TEXT,
        receipt_number INTEGER,
        document TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'done', 'held', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        fault TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX print_jobs_status ON print_jobs(status, id)",
]
