"""Terminal lifecycle: terminal state, PIN attempts, audit log, lifecycle records, returns,
the electronic journal and the report totals.

The report_* tables are written in the same transaction as the document they summarise:
running totals per settlement period and business date for the X and Z reports, and per
item and hour for sales by category, item and hour.
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
    # Running report totals per terminal, settlement period, business date and group, added
    # to by every non-training transaction. An X or Z report sums a handful of these rows
    # whatever the number of transactions.
    """CREATE TABLE report_totals (
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
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
        line_void_amount INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, period, business_date, kind)
    )""",
    "CREATE INDEX report_totals_date ON report_totals(business_date)",
    """CREATE TABLE report_tax_totals (
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
        total INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, period, business_date, tax_class, rate_percent, price_mode)
    )""",
    "CREATE INDEX report_tax_totals_date ON report_tax_totals(business_date)",
    """CREATE TABLE report_tender_totals (
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        tender_code TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        payment_count INTEGER NOT NULL,
        paid INTEGER NOT NULL,
        tendered INTEGER NOT NULL,
        change INTEGER NOT NULL,
        refund_count INTEGER NOT NULL,
        refunded INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, period, business_date, tender_code, kind)
    )""",
    "CREATE INDEX report_tender_totals_date ON report_tender_totals(business_date)",
    # Running totals per item and hour of a business date: units and tax-inclusive yen after
    # every discount, with the subtotal discount and the tax of each group allocated to lines.
    """CREATE TABLE report_item_totals (
        terminal_id TEXT NOT NULL,
        period INTEGER NOT NULL,
        business_date TEXT NOT NULL,
        hour INTEGER NOT NULL,
        item_code TEXT NOT NULL,
        category_code TEXT NOT NULL,
        name TEXT NOT NULL,
        sold_quantity INTEGER NOT NULL,
        sold_total INTEGER NOT NULL,
        returned_quantity INTEGER NOT NULL,
        returned_total INTEGER NOT NULL,
        tax INTEGER NOT NULL,
        PRIMARY KEY (terminal_id, period, business_date, hour, item_code)
    )""",
    "CREATE INDEX report_item_totals_date ON report_item_totals(business_date)",
]
