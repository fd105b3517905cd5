"""Benchmark the Z report and journal verification over 100,000 transactions.

Fills a temporary terminal store (demo store) with sales of 1 to 5 random demo items, paid
in cash or by card, and some returns. Each sale is written through the same commit hook as
a live sale (journal record and report totals), but in batches of 1,000 sales per
transaction instead of one durable commit each, so filling takes seconds, not hours.
Then it measures, in this process:

- X report figures for the whole period (what the Z report computes), several times;
- the Z report itself once (figures, record, journal record, slip, in one durable commit);
- sales by item and the business-date summary for the day;
- ``journal verify`` over every record.

Budget: the Z report under 1 s. Run: python bench/bench_reports.py [--transactions N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OPENREGI_CONFIG_FILE", str(ROOT / "no-such-config.toml"))

from backend.api.app import build_services, open_store  # noqa: E402
from backend.domain.cart import Cart  # noqa: E402
from backend.domain.errors import PosError  # noqa: E402
from backend.domain.journal import canonical_json  # noqa: E402
from backend.domain.master import Item, TenderKind  # noqa: E402
from backend.domain.reports import DENOMINATIONS  # noqa: E402
from backend.domain.transaction import Numbers, build_sale_document  # noqa: E402
from backend.lifecycle.approvals import Credentials  # noqa: E402
from backend.lifecycle.reporting import ReportScope  # noqa: E402
from backend.lifecycle.returns import OriginalReference, ReturnLine  # noqa: E402
from backend.lifecycle.service import Lifecycle  # noqa: E402
from backend.plugins.tenders import BUILTIN_TENDER_RULES  # noqa: E402
from backend.settings import Settings  # noqa: E402

TOKYO = ZoneInfo("Asia/Tokyo")
OPENED_AT = datetime(2026, 12, 4, 9, 0, tzinfo=TOKYO)
BATCH = 1000
Z_BUDGET_MS = 1000.0


class Clock:
    def __init__(self) -> None:
        self.moment = OPENED_AT

    def __call__(self) -> datetime:
        return self.moment


def fill(lifecycle: Lifecycle, count: int, returns: int, seed: int) -> None:
    """Write ``count`` sales through the commit hook in batches, then ``returns`` real returns."""
    context = lifecycle.core.context
    sales = lifecycle.core.sales
    rng = random.Random(seed)
    items: list[Item] = [item for item in context.master.iter_items() if item.active and item.price > 0][:200]
    store = context.store_settings()
    tax_table = context.tax_table()
    business_date = OPENED_AT.date()
    cash_rule = BUILTIN_TENDER_RULES[TenderKind.CASH]
    card_rule = BUILTIN_TENDER_RULES[TenderKind.CASHLESS]
    terminal_id = context.terminal_id

    written = 0
    while written < count:
        batch = min(BATCH, count - written)
        with context.db.atomic() as connection:
            for offset in range(batch):
                number = written + offset + 1
                moment = OPENED_AT + timedelta(seconds=number * 36_000 // count)
                cart = Cart(
                    f"bench-{number}",
                    terminal_id,
                    business_date,
                    store.rounding_mode,
                    store.discount_rounding_mode,
                )
                cart.staff_code = "1001"
                for item in rng.sample(items, rng.randint(1, 5)):
                    cart.add_item(item, tax_table.rate_for(item.tax_class, business_date), rng.randint(1, 3))
                cart.subtotal()
                due = cart.totals().total
                if rng.random() < 0.6:
                    cart.add_tender("cash", (due // 1000 + 1) * 1000, cash_rule)
                else:
                    cart.add_tender("credit", due, card_rule)
                totals = cart.complete()
                numbers = Numbers(
                    sales.counters.next_value(connection, terminal_id, "transaction"),
                    sales.counters.next_value(connection, terminal_id, "receipt"),
                )
                document = build_sale_document(cart, totals, numbers, cart.cart_id, store.store_code, moment)
                document_json = canonical_json(document)
                sales.transactions.insert(connection, document, None, document_json)
                for hook in sales.commit_hooks:
                    hook(connection, document, document_json)
        written += batch
        print(f"  {written:>7} sales written", end="\r", flush=True)
    print()

    supervisor = Credentials("9001", "9999")
    for index in range(returns):
        receipt_number = rng.randint(1, count)
        with lifecycle.approvals.approved_by(supervisor):
            try:
                lifecycle.returns.return_lines(
                    OriginalReference(receipt_number=receipt_number),
                    [ReturnLine(1, 1)],
                    reason=f"bench {index}",
                )
            except PosError as error:
                # Drawing the same receipt twice can find its first line already returned.
                print(f"  return of receipt {receipt_number} skipped: {error}")


def pieces_for(amount: int) -> dict[str, int]:
    """Count an amount in the fewest notes and coins, as a drawer count."""
    pieces: dict[str, int] = {}
    for denomination in DENOMINATIONS:
        pieces[str(denomination)], amount = divmod(amount, denomination)
    return pieces


def measure(action: Callable[[], Any], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the Z report and journal verification.")
    parser.add_argument(
        "--transactions", type=int, default=100_000, help="sales to fill in (default 100,000)"
    )
    parser.add_argument("--returns", type=int, default=200, help="returns to add (default 200)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each read measurement (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="openregi-bench-reports-") as scratch:
        settings = Settings(data_dir=Path(scratch), token="bench", demo=True)
        db = open_store(settings)
        clock = Clock()
        services = build_services(settings, db, clock)
        lifecycle = Lifecycle(services.context, services.sales, None)
        lifecycle.install()
        lifecycle.terminal.open(30000, None, Credentials("1001", "1234"))

        print(f"filling {args.transactions:,} sales and {args.returns} returns ...")
        started = time.perf_counter()
        fill(lifecycle, args.transactions, args.returns, args.seed)
        fill_seconds = time.perf_counter() - started
        clock.moment = OPENED_AT + timedelta(hours=11)

        state = lifecycle.core.state()
        scope = ReportScope(terminal_id=state.terminal_id, period=state.period)
        rows = int(db.query_one("SELECT count(*) FROM transactions")[0])
        journal_rows = int(db.query_one("SELECT count(*) FROM journal")[0])
        day = OPENED_AT.date().isoformat()

        x_times = measure(lambda: lifecycle.reports.figures(scope, None), args.repeat)
        item_times = measure(lambda: lifecycle.reports.sales_by("item", day), args.repeat)
        summary_times = measure(lambda: lifecycle.reports.summary(day), args.repeat)
        verify_result: list[Any] = []
        verify_times = measure(lambda: verify_result.append(lifecycle.journal.verify()), 2)

        lifecycle.terminal.sign_in(Credentials("9001", "9999"))
        expected = lifecycle.reports.figures(scope, None)["cash"]["expected"]
        counted = pieces_for(expected)
        z_result: list[Any] = []
        z_times = measure(lambda: z_result.append(lifecycle.reports.z_report(counted)), 1)
        figures = z_result[0].record["figures"]
        db.close()

    print()
    print(f"filled in {fill_seconds:.1f} s: {rows:,} transactions, {journal_rows:,} journal records")
    print(
        f"Z report: {figures['counts']['sales']:,} sales, {figures['counts']['returns']} returns,"
        f" net sales ¥{figures['net_sales']:,}, over/short ¥{figures['cash']['over_short']}"
    )
    print(
        f"journal verify: {'OK' if verify_result[-1].ok else 'FAILED'}, {verify_result[-1].checked:,} records"
    )
    print()
    header = f"{'measurement':44} {'runs':>4} {'median ms':>10} {'max ms':>9} {'budget ms':>10}"
    print(header)
    print("-" * len(header))
    table = [
        ("X report figures (period)", x_times, f"{Z_BUDGET_MS:.0f}"),
        ("Z report (figures + durable record)", z_times, f"{Z_BUDGET_MS:.0f}"),
        ("sales by item (business date)", item_times, "-"),
        ("summary (business date)", summary_times, "-"),
        ("journal verify (all records)", verify_times, "-"),
    ]
    for name, timings, budget in table:
        median = statistics.median(timings)
        print(f"{name:44} {len(timings):>4} {median:>10.1f} {max(timings):>9.1f} {budget:>10}")
    within = max(z_times) < Z_BUDGET_MS and max(x_times) < Z_BUDGET_MS
    print()
    print(f"Z report within {Z_BUDGET_MS:.0f} ms: {'yes' if within else 'NO'}")
    return 0 if within and verify_result[-1].ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
