"""Terminal lifecycle: terminal state, PIN attempts, audit log, lifecycle records, returns,
the electronic journal and the report rows.

The report_* tables hold one row per transaction, tax group, tender and line, written in the
same transaction as the document they summarise, so an X or Z report sums indexed rows
instead of parsing every JSON document.
"""

STATEMENTS = [
    # One row per terminal. ``period`` is the settlement period that an X or Z report
    # covers: 1 + the number of Z reports taken on the terminal.
    """CREATE TABLE terminal_state (
        terminal_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('closed', 'open', 'settled')),
        period INTEGER NOT NULL,
        business_date TEXT,
        opened_at TEXT,
        closed_at TEXT,
        staff_code TEXT,
        signed_in_at TEXT,
        training INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE pin_attempts (
        staff_code TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until TEXT,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        business_date TEXT,
        action TEXT NOT NULL,
        permission TEXT,
        actor_code TEXT,
        approver_code TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('performed', 'approved', 'denied')),
        subject TEXT,
        details TEXT NOT NULL
    )""",
    "CREATE INDEX audit_log_created ON audit_log(created_at)",
    # Open, close, sign-in and -out, floats, cash in and out, no-sale, reprints, X and Z
    # reports. ``number`` is the Z number for Z reports and the slip number for cash movements.
    """CREATE TABLE lifecycle_records (
        id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        kind TEXT NOT NULL,
        number INTEGER,
        created_at TEXT NOT NULL,
        staff_code TEXT,
        approver_code TEXT,
        amount INTEGER NOT NULL DEFAULT 0,
        reason_code TEXT,
        training INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT UNIQUE,
        document TEXT NOT NULL
    )""",
    "CREATE INDEX lifecycle_records_period ON lifecycle_records(terminal_id, period, kind)",
    "CREATE INDEX lifecycle_records_date ON lifecycle_records(business_date, kind)",
    "CREATE UNIQUE INDEX lifecycle_records_number ON lifecycle_records(terminal_id, kind, number)"
    " WHERE number IS NOT NULL",
    # Quantities returned or voided per original line; the sum never exceeds the quantity sold.
    """CREATE TABLE return_lines (
        return_id TEXT NOT NULL REFERENCES transactions(id),
        original_id TEXT NOT NULL REFERENCES transactions(id),
        original_line_no INTEGER NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        total INTEGER NOT NULL,
        PRIMARY KEY (return_id, original_line_no)
    )""",
    "CREATE INDEX return_lines_original ON return_lines(original_id, original_line_no)",
    # The electronic journal: append-only and hash-chained (backend.domain.journal).
    """CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        prev_record_id TEXT,
        record_type TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        business_date TEXT,
        created_at TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        transaction_id TEXT,
        receipt_number INTEGER,
        staff_code TEXT,
        amount INTEGER,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX journal_business_date ON journal(business_date, record_type)",
    "CREATE INDEX journal_created ON journal(created_utc)",
    "CREATE INDEX journal_receipt ON journal(receipt_number)",
    "CREATE INDEX journal_staff ON journal(staff_code)",
    "CREATE INDEX journal_amount ON journal(amount)",
    # Triggers stop accidental changes; the hash chain detects deliberate ones.
    """CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'the electronic journal is append-only'); END""",
    """CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'the electronic journal is append-only'); END""",
    """CREATE TABLE journal_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        record_id TEXT,
        hash TEXT NOT NULL
    )""",
    # Report rows; training transactions have none.
    """CREATE TABLE report_transactions (
        transaction_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        hour INTEGER NOT NULL,
        kind TEXT NOT NULL,
        staff_code TEXT,
        total INTEGER NOT NULL,
        tax_total INTEGER NOT NULL,
        sales_total INTEGER NOT NULL,
        returns_total INTEGER NOT NULL,
        voids_total INTEGER NOT NULL,
        items_sold INTEGER NOT NULL,
        items_returned INTEGER NOT NULL,
        line_discounts INTEGER NOT NULL,
        promotion_discounts INTEGER NOT NULL,
        subtotal_discount INTEGER NOT NULL,
        line_void_count INTEGER NOT NULL,
        line_void_amount INTEGER NOT NULL
    )""",
    "CREATE INDEX report_transactions_period ON report_transactions(terminal_id, period)",
    "CREATE INDEX report_transactions_date ON report_transactions(business_date)",
    """CREATE TABLE report_taxes (
        transaction_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        tax_class TEXT NOT NULL,
        rate_percent TEXT NOT NULL,
        price_mode TEXT NOT NULL,
        amount INTEGER NOT NULL,
        discount INTEGER NOT NULL,
        base INTEGER NOT NULL,
        tax INTEGER NOT NULL,
        total INTEGER NOT NULL
    )""",
    "CREATE INDEX report_taxes_period ON report_taxes(terminal_id, period)",
    "CREATE INDEX report_taxes_date ON report_taxes(business_date)",
    """CREATE TABLE report_tenders (
        transaction_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        tender_code TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        tendered INTEGER NOT NULL,
        applied INTEGER NOT NULL,
        change INTEGER NOT NULL
    )""",
    "CREATE INDEX report_tenders_period ON report_tenders(terminal_id, period)",
    "CREATE INDEX report_tenders_date ON report_tenders(business_date)",
    # One row per item line: ``total`` is tax-inclusive after every discount, with the
    # subtotal discount and the tax of its group allocated to the line.
    """CREATE TABLE report_lines (
        transaction_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        hour INTEGER NOT NULL,
        kind TEXT NOT NULL,
        item_code TEXT NOT NULL,
        name TEXT NOT NULL,
        category_code TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        net INTEGER NOT NULL,
        tax INTEGER NOT NULL,
        total INTEGER NOT NULL
    )""",
    "CREATE INDEX report_lines_date ON report_lines(business_date)",
]
