"""Indexes of the store-tier collections, created when a terminal first connects.

``create_index`` does nothing for an index that already exists with the same keys and
options, so every terminal runs this at start-up. Only plain ascending and unique indexes
are used: MongoDB, Cosmos DB, DocumentDB and FerretDB all build them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from backend.sync.documents import LOG_COLLECTIONS, TRANSACTIONS, UNDELIVERABLE
from backend.sync.master_documents import MasterCollection

if TYPE_CHECKING:
    from pymongo import IndexModel
    from pymongo.asynchronous.database import AsyncDatabase

logger = logging.getLogger(__name__)


def index_plan() -> dict[str, list[IndexModel]]:
    """Return the indexes each collection should have."""
    # Imported here so that importing this module does not load PyMongo.
    from pymongo import ASCENDING, IndexModel

    terminal_order = IndexModel(
        [("tenant", ASCENDING), ("store_code", ASCENDING), ("terminal_id", ASCENDING), ("seq", ASCENDING)],
        name="terminal_seq",
    )
    business_date = IndexModel(
        [("tenant", ASCENDING), ("store_code", ASCENDING), ("business_date", ASCENDING)],
        name="store_business_date",
    )
    # A second line of defence behind the event id: one transaction number per terminal.
    transaction_number = IndexModel(
        [
            ("tenant", ASCENDING),
            ("store_code", ASCENDING),
            ("terminal_id", ASCENDING),
            ("transaction_number", ASCENDING),
        ],
        name="terminal_transaction_number",
        unique=True,
    )
    master_changes = IndexModel(
        [("tenant", ASCENDING), ("store_code", ASCENDING), ("updated_at", ASCENDING)],
        name="store_updated_at",
    )

    plan: dict[str, list[IndexModel]] = {name: [terminal_order, business_date] for name in LOG_COLLECTIONS}
    plan[TRANSACTIONS].append(transaction_number)
    plan[UNDELIVERABLE] = [terminal_order]
    for collection in MasterCollection:
        plan[collection.value] = [master_changes]
    return plan


async def ensure_indexes(database: AsyncDatabase[dict[str, Any]]) -> None:
    """Create every planned index; raises PyMongoError when the server cannot be reached."""
    for name, indexes in index_plan().items():
        for index in indexes:
            # One index per command: FerretDB 1.24.2 drops the connection on a
            # createIndexes command that names several indexes which already exist.
            await database[name].create_indexes([index])
    logger.info("store tier indexes checked database=%s collections=%d", database.name, len(index_plan()))
