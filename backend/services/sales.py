"""The sale service: cart operations persisted, and the durable completion of a sale."""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from sqlite3 import Connection
from typing import Any

from backend.domain.business_date import business_date_of
from backend.domain.cart import Cart, CartState, CartTotals, DiscountKind
from backend.domain.errors import ErrorCode, PosError
from backend.domain.gtin import is_valid_gtin
from backend.domain.journal import canonical_json
from backend.domain.master import StoreSettings
from backend.domain.plugins import Promotion
from backend.domain.receipt import document_to_dict, render_text
from backend.domain.transaction import Numbers, build_sale_document
from backend.hub import EventHub
from backend.plugins.receipt_layout import StandardReceiptLayout
from backend.plugins.tenders import BUILTIN_TENDER_RULES
from backend.services.context import TerminalContext
from backend.storage.sales import (
    CartRepository,
    CounterRepository,
    OutboxRepository,
    PrintJobRepository,
    TransactionRepository,
)

logger = logging.getLogger(__name__)

TOPIC_TRANSACTION = "transaction"
RECEIPT_COLUMNS = 42

# Called inside the completion transaction with the connection, the document and its
# canonical JSON, so other records (the electronic journal, for example) commit or roll
# back with the sale.
CommitHook = Callable[[Connection, dict[str, Any], str], None]
CartGuard = Callable[[str, Cart | None], None]
# Called after an operation changed a cart and before the cart is saved, so it can inspect
# the result, such as a discount's size or an overridden price. Raising leaves the stored
# cart as it was.
CartCheck = Callable[[str, Cart], None]
# Builds a transaction document inside the durable transaction, from the connection (to read
# state that must not change meanwhile), the numbers drawn and the completion time.
DocumentBuilder = Callable[[Connection, Numbers, datetime], dict[str, Any]]


def _nothing_to_announce() -> None:
    """Do nothing: a replayed completion was announced when it first committed."""


@dataclass(frozen=True, slots=True)
class CompletedSale:
    document: dict[str, Any]
    receipt_text: str
    print_job_id: int | None
    replayed: bool


def normalise_code(raw: str) -> str:
    """Normalise a typed or scanned code: NFKC (full-width digits to ASCII), no spaces."""
    return unicodedata.normalize("NFKC", raw).strip().replace(" ", "")


class SaleService:
    def __init__(self, context: TerminalContext, hub: EventHub | None = None) -> None:
        self.context = context
        self.db = context.db
        self.carts = CartRepository(context.db)
        self.counters = CounterRepository()
        self.transactions = TransactionRepository(context.db)
        self.outbox = OutboxRepository(context.db)
        self.print_jobs = PrintJobRepository(context.db)
        self.layout = StandardReceiptLayout()
        self.hub = hub
        self.commit_hooks: list[CommitHook] = []
        # Called after the completion transaction committed (print worker, drawer).
        self.after_commit: list[Callable[[dict[str, Any]], None]] = []
        self.guards: list[CartGuard] = []
        self.checks: list[CartCheck] = []
        self._lock = threading.RLock()

    # ----- helpers -----

    def _now(self) -> datetime:
        return self.context.now()

    def _store(self) -> StoreSettings:
        return self.context.store_settings()

    def _promotions(self, now: datetime) -> list[Promotion]:
        return self.context.promotions(now)

    def _check_guards(self, operation: str, cart: Cart | None) -> None:
        for guard in self.guards:
            guard(operation, cart)

    def _publish_cart(self, view: dict[str, Any]) -> dict[str, Any]:
        if self.hub is not None:
            self.hub.publish({"type": "cart_changed", "cart": view})
        return view

    def cart_view(self, cart: Cart) -> dict[str, Any]:
        """Build the cart as the API returns it: the stored document with totals and line amounts."""
        now = self._now()
        totals = cart.totals(self._promotions(now), now)
        return self._view(cart, cart.to_dict(), totals)

    @staticmethod
    def _view(cart: Cart, document: dict[str, Any], totals: CartTotals) -> dict[str, Any]:
        """Extend a cart document (``Cart.to_dict``) with its totals and line amounts."""
        document["totals"] = totals.to_dict()
        for line, raw in zip(cart.lines, document["lines"], strict=True):
            raw["gross"] = line.gross
            raw["net"] = line.net(cart.discount_rounding_mode)
            raw["reduced"] = line.tax_class.value == "reduced"
        return document

    def _mutate(self, cart_id: str, operation: str, change: Callable[[Cart], object]) -> dict[str, Any]:
        with self._lock:
            cart = self.carts.load(cart_id)
            try:
                self._check_guards(operation, cart)
                change(cart)
                for check in self.checks:
                    check(operation, cart)
                # Totals first: they apply the promotions, so the stored lines carry them.
                now = self._now()
                totals = cart.totals(self._promotions(now), now)
                with self.db.atomic() as connection:
                    document = self.carts.save(connection, cart)
            except BaseException:
                self.carts.forget(cart_id)
                raise
        return self._publish_cart(self._view(cart, document, totals))

    # ----- cart operations -----

    def new_cart(self, staff_code: str | None = None, training: bool = False) -> dict[str, Any]:
        """Start a cart. A training cart needs the terminal in training mode: it takes no
        real numbers and counts in no totals, so it is not offered outside that mode."""
        self._check_guards("new sale", None)
        if training and not self.context.training_mode():
            raise PosError(ErrorCode.TRAINING_MODE_OFF)
        store = self._store()
        now = self._now()
        cart = Cart(
            cart_id=str(uuid.uuid4()),
            terminal_id=self.context.terminal_id,
            business_date=business_date_of(now, store.business_day_cutover, store.time_zone),
            rounding_mode=store.rounding_mode,
            discount_rounding_mode=store.discount_rounding_mode,
            staff_code=staff_code or self.context.signed_in_staff(),
            training=training or self.context.training_mode(),
        )
        with self._lock, self.db.atomic() as connection:
            self.carts.insert(connection, cart)
        return self._publish_cart(self.cart_view(cart))

    def get_cart(self, cart_id: str) -> dict[str, Any]:
        return self.cart_view(self.carts.load(cart_id))

    def add_item(
        self, cart_id: str, raw_code: str, quantity: int = 1, price: int | None = None
    ) -> dict[str, Any]:
        code = normalise_code(raw_code)
        item = self.context.master.get_item(code)
        if item is None:
            looks_like_gtin = code.isdigit() and len(code) in (8, 13) and not code.startswith(("02", "2"))
            if looks_like_gtin and not is_valid_gtin(code):
                raise PosError(ErrorCode.INVALID_BARCODE, code=code)
            raise PosError(ErrorCode.ITEM_NOT_FOUND, code=code)
        tax_table = self.context.tax_table()

        def add(cart: Cart) -> None:
            rate = tax_table.rate_for(item.tax_class, cart.business_date)
            cart.add_item(item, rate, quantity, price)

        return self._mutate(cart_id, "add item", add)

    def set_quantity(self, cart_id: str, line_no: int, quantity: int) -> dict[str, Any]:
        return self._mutate(cart_id, "change quantity", lambda cart: cart.set_quantity(line_no, quantity))

    def override_price(self, cart_id: str, line_no: int, price: int) -> dict[str, Any]:
        return self._mutate(cart_id, "price override", lambda cart: cart.override_price(line_no, price))

    def void_line(self, cart_id: str, line_no: int) -> dict[str, Any]:
        return self._mutate(cart_id, "line void", lambda cart: cart.void_line(line_no))

    def discount_line(self, cart_id: str, line_no: int, kind: DiscountKind, value: int) -> dict[str, Any]:
        return self._mutate(cart_id, "line discount", lambda cart: cart.discount_line(line_no, kind, value))

    def subtotal(self, cart_id: str) -> dict[str, Any]:
        return self._mutate(cart_id, "subtotal", lambda cart: cart.subtotal())

    def back_to_entry(self, cart_id: str) -> dict[str, Any]:
        return self._mutate(cart_id, "return to item entry", lambda cart: cart.back_to_entry())

    def discount_subtotal(self, cart_id: str, kind: DiscountKind, value: int) -> dict[str, Any]:
        now = self._now()
        promotions = self._promotions(now)
        return self._mutate(
            cart_id, "subtotal discount", lambda cart: cart.discount_subtotal(kind, value, promotions, now)
        )

    def add_tender(self, cart_id: str, tender_code: str, amount: int) -> dict[str, Any]:
        tender = self.context.master.get_tender(tender_code)
        if tender is None or not tender.active:
            raise PosError(ErrorCode.TENDER_UNKNOWN, tender=tender_code)
        rule = BUILTIN_TENDER_RULES[tender.kind]
        now = self._now()
        promotions = self._promotions(now)
        try:
            return self._mutate(
                cart_id, "tender", lambda cart: cart.add_tender(tender_code, amount, rule, promotions, now)
            )
        except PosError as error:
            if error.code is ErrorCode.TENDER_OVERPAYMENT:
                # The rule names the tender by its code, and the cashier sees its name.
                error.params.setdefault("tender_ja", tender.name)
            raise

    def remove_tender(self, cart_id: str, index: int) -> dict[str, Any]:
        return self._mutate(cart_id, "remove tender", lambda cart: cart.remove_tender(index))

    def cancel(self, cart_id: str) -> dict[str, Any]:
        return self._mutate(cart_id, "cancel", lambda cart: cart.cancel())

    def change_cart(self, cart_id: str, operation: str, change: Callable[[Cart], object]) -> dict[str, Any]:
        """Apply an operation of another part (suspend, resume) to a stored cart, under the
        same guards, checks and optimistic version check as the operations above."""
        return self._mutate(cart_id, operation, change)

    # ----- completion -----

    def complete(self, cart_id: str, idempotency_key: str | None) -> CompletedSale:
        """Complete a fully paid sale durably, exactly once, and announce it.

        A repeated request (same key, or the same cart already completed) returns the
        stored transaction and draws no new number.
        """
        sale, announce = self.complete_unannounced(cart_id, idempotency_key)
        announce()
        return sale

    def complete_unannounced(
        self, cart_id: str, idempotency_key: str | None
    ) -> tuple[CompletedSale, Callable[[], None]]:
        """Complete a sale durably as :meth:`complete` does, and return with it the call
        that announces it (after-commit listeners: printer, drawer, customer display; the
        event hub).

        The HTTP route makes that call after its reply is sent: the printer and drawer
        work then starts a moment later instead of competing for the interpreter with the
        reply the cashier waits for. The sale is durable either way; its print job is in
        the queue and prints even if the announcement never runs.
        """
        started = time.perf_counter()
        with self._lock:
            existing = self._by_key(cart_id, idempotency_key)
            if existing is None:
                cart = self.carts.load(cart_id)
                # A completed cart's transaction has the cart's id, and is looked up only then.
                if cart.state is CartState.COMPLETED:
                    existing = self.transactions.get(cart_id)
            if existing is not None:
                return self._replayed(existing), _nothing_to_announce
            try:
                self._check_guards("complete", cart)
                now = self._now()
                totals = cart.complete(self._promotions(now), now)
                store = self._store()

                with self.db.atomic(durable=True) as connection:
                    numbers = self._draw_numbers(connection, cart)
                    document = build_sale_document(cart, totals, numbers, cart.cart_id, store.store_code, now)
                    self._name_tenders(document)
                    # One encoding serves the transaction, its outbox event and its journal record.
                    document_json = canonical_json(document)
                    receipt = self.layout.build(document, store)
                    self.transactions.insert(connection, document, idempotency_key, document_json)
                    self.carts.save(connection, cart)
                    if not cart.training:
                        self.outbox.enqueue(
                            connection,
                            str(uuid.uuid4()),
                            cart.terminal_id,
                            TOPIC_TRANSACTION,
                            document,
                            document_json,
                        )
                    job_id = self.print_jobs.enqueue(
                        connection,
                        document_to_dict(receipt),
                        document["transaction_id"],
                        numbers.receipt_number,
                    )
                    for hook in self.commit_hooks:
                        hook(connection, document, document_json)
            except BaseException:
                # The cached cart may hold the completed state of a sale that did not commit.
                self.carts.forget(cart_id)
                raise

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "sale completed transaction_id=%s transaction_number=%s receipt_number=%s total=%s"
            " tenders=%s training=%s elapsed_ms=%.1f",
            document["transaction_id"],
            numbers.transaction_number,
            numbers.receipt_number,
            document["total"],
            len(document["tenders"]),
            cart.training,
            elapsed_ms,
        )

        def announce() -> None:
            self._announce(
                document, {"type": "sale_completed", "transaction": document, "print_job_id": job_id}
            )

        return CompletedSale(
            document, render_text(receipt, RECEIPT_COLUMNS), job_id, replayed=False
        ), announce

    def _announce(self, document: dict[str, Any], event: dict[str, Any]) -> None:
        """Tell the after-commit listeners and the event hub about a committed transaction."""
        for listener in self.after_commit:
            try:
                listener(document)
            except Exception:
                logger.exception("after-commit listener failed transaction_id=%s", document["transaction_id"])
        if self.hub is not None:
            self.hub.publish(event)
        # The customer now takes the receipt: a quiet moment for the store's checkpoint.
        self.db.checkpoint_soon()

    def _by_key(self, cart_id: str, idempotency_key: str | None) -> dict[str, Any] | None:
        """Return the transaction stored under an idempotency key, which must be this cart's."""
        existing = self.transactions.by_idempotency_key(idempotency_key) if idempotency_key else None
        if existing is not None and existing.get("cart_id") != cart_id:
            raise PosError(ErrorCode.IDEMPOTENCY_CONFLICT)
        return existing

    def _replayed(self, existing: dict[str, Any]) -> CompletedSale:
        """Return a stored transaction as the result of a repeated completion."""
        logger.info("completion replayed transaction_id=%s", existing["transaction_id"])
        receipt = self.layout.build(existing, self._store())
        return CompletedSale(existing, render_text(receipt, RECEIPT_COLUMNS), None, replayed=True)

    def _draw_numbers(self, connection: Connection, cart: Cart) -> Numbers:
        return self._draw_numbers_for(connection, cart.terminal_id, cart.training)

    def _draw_numbers_for(self, connection: Connection, terminal_id: str, training: bool) -> Numbers:
        if training:
            # Training sales draw from their own counter, so real numbers are not advanced.
            number = self.counters.next_value(connection, terminal_id, "training")
            return Numbers(transaction_number=-number, receipt_number=None)
        transaction_number = self.counters.next_value(connection, terminal_id, "transaction")
        receipt_number = self.counters.next_value(connection, terminal_id, "receipt")
        return Numbers(transaction_number, receipt_number)

    def _name_tenders(self, document: dict[str, Any]) -> None:
        for tender in document["tenders"]:
            tender_type = self.context.master.get_tender(tender["tender_code"])
            tender["name"] = tender_type.name if tender_type else tender["tender_code"]

    # ----- transactions of other kinds -----

    def record_transaction(
        self,
        build: DocumentBuilder,
        *,
        training: bool,
        idempotency_key: str | None = None,
        extra_writes: Callable[[Connection, dict[str, Any]], None] | None = None,
    ) -> CompletedSale:
        """Write a transaction document of another kind (return, void, exchange) durably.

        Numbers are drawn as for a sale, and the document, its outbox event, its print job,
        ``extra_writes`` and the commit hooks are written in one durable transaction. A
        request repeated with the same idempotency key returns the stored document.
        """
        with self._lock:
            if idempotency_key:
                existing = self.transactions.by_idempotency_key(idempotency_key)
                if existing is not None:
                    logger.info("transaction replayed transaction_id=%s", existing["transaction_id"])
                    receipt = self.layout.build(existing, self._store())
                    return CompletedSale(existing, render_text(receipt, RECEIPT_COLUMNS), None, replayed=True)
            now = self._now()
            store = self._store()
            with self.db.atomic(durable=True) as connection:
                numbers = self._draw_numbers_for(connection, self.context.terminal_id, training)
                document = build(connection, numbers, now)
                self._name_tenders(document)
                document_json = canonical_json(document)
                receipt = self.layout.build(document, store)
                self.transactions.insert(connection, document, idempotency_key, document_json)
                if not training:
                    self.outbox.enqueue(
                        connection,
                        str(uuid.uuid4()),
                        document["terminal_id"],
                        TOPIC_TRANSACTION,
                        document,
                        document_json,
                    )
                job_id = self.print_jobs.enqueue(
                    connection, document_to_dict(receipt), document["transaction_id"], numbers.receipt_number
                )
                if extra_writes is not None:
                    extra_writes(connection, document)
                for hook in self.commit_hooks:
                    hook(connection, document, document_json)

        logger.info(
            "transaction recorded kind=%s transaction_id=%s transaction_number=%s receipt_number=%s total=%s"
            " original=%s training=%s",
            document["kind"],
            document["transaction_id"],
            numbers.transaction_number,
            numbers.receipt_number,
            document["total"],
            document.get("original_transaction_id"),
            training,
        )
        self._announce(
            document, {"type": "transaction_recorded", "transaction": document, "print_job_id": job_id}
        )
        return CompletedSale(document, render_text(receipt, RECEIPT_COLUMNS), job_id, replayed=False)

    def receipt_for(self, transaction_id: str, reprint: bool = False) -> tuple[dict[str, Any], str]:
        document = self.transactions.get(transaction_id)
        if document is None:
            raise PosError(ErrorCode.TRANSACTION_NOT_FOUND, reference=transaction_id)
        receipt = self.layout.build(document, self._store(), reprint=reprint)
        return document_to_dict(receipt), render_text(receipt, RECEIPT_COLUMNS)

    def state_of(self, cart_id: str) -> CartState:
        return self.carts.load(cart_id).state
