"""Suspended sales shared by the registers of a store through a Dapr state store.

Suspending writes the cart to the state store under ``suspended:<store>:<suspend id>`` and
adds it to the store's index document ``suspended-index:<store>`` (the Dapr state API cannot
list keys). The local cart is then removed from this terminal's working carts, and a copy is
kept in ``dapr_suspended_sales``.

Resuming reads the document with its ETag and claims it by saving it back marked
``claimed_by`` with that ETag and first-write-wins concurrency. Of two registers that read
the same version, the state store accepts only the first save; the other gets an ETag
mismatch and reports SUSPENDED_TAKEN. The claimed document is kept for
``CLAIM_TTL_SECONDS`` so a late resume still learns that the sale was taken. The winner then
creates a new local cart in the state "entering" with the same lines. That cart's id is
derived from the suspend id, so a resume retried after a crash finds the cart instead of
making another.

The components must share keys across registers: set ``keyPrefix`` to ``name`` (or
``none``) in the state store component, because Dapr prefixes keys with the app id by
default.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backend.domain.business_date import business_date_of
from backend.domain.cart import Cart, CartState
from backend.domain.errors import ErrorCode, PosError
from backend.events.sidecar import Sidecar, SidecarUnavailableError
from backend.services.sales import SaleService

if TYPE_CHECKING:
    from dapr.aio.clients import DaprClient

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CLAIM_TTL_SECONDS = 2 * 24 * 3600
INDEX_RETRIES = 20
# An index entry whose document is still missing after this many seconds belongs to a
# suspend that failed halfway. A younger one may belong to a suspend still in progress.
STALE_ENTRY_SECONDS = 600
STATE_TIMEOUT_SECONDS = 10.0
_CART_NAMESPACE = uuid.UUID("6f1c1f4e-5a43-4f0b-9d7e-0d3c2a9b1e57")


class StateStoreError(RuntimeError):
    """The state store rejected or failed a request for a reason other than an ETag conflict."""


class EtagMismatchError(RuntimeError):
    """The state store refused a write because the document changed since it was read."""


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def resumed_cart_id(store_code: str, suspend_id: str) -> str:
    """Return the id of the local cart a suspended sale becomes when resumed."""
    return str(uuid.uuid5(_CART_NAMESPACE, f"{store_code}/{suspend_id}"))


class StateClient:
    """The few state operations the shared suspension needs, on the SDK's async client."""

    def __init__(self, sidecar: Sidecar, store_name: str) -> None:
        self.sidecar = sidecar
        self.store_name = store_name

    async def _client(self) -> DaprClient:
        return await self.sidecar.client()

    async def get(self, key: str) -> tuple[dict[str, Any] | None, str | None]:
        """Return the JSON document at ``key`` and its ETag, or (None, None) when absent."""
        from dapr.clients.exceptions import DaprGrpcError

        client = await self._client()
        try:
            response = await asyncio.wait_for(client.get_state(self.store_name, key), STATE_TIMEOUT_SECONDS)
        except (DaprGrpcError, TimeoutError) as error:
            raise await self._failure("read", key, error) from error
        if not response.data:
            return None, None
        return json.loads(response.data), response.etag or None

    async def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        from dapr.clients.exceptions import DaprGrpcError

        if not keys:
            return {}
        client = await self._client()
        try:
            response = await asyncio.wait_for(
                client.get_bulk_state(self.store_name, keys), STATE_TIMEOUT_SECONDS
            )
        except (DaprGrpcError, TimeoutError) as error:
            raise await self._failure("read", ",".join(keys[:3]), error) from error
        found: dict[str, dict[str, Any]] = {}
        for item in response.items:
            if item.error:
                raise StateStoreError(f"reading {item.key} from {self.store_name} failed: {item.error}")
            if item.data:
                found[item.key] = json.loads(item.data)
        return found

    async def save(
        self,
        key: str,
        document: Mapping[str, Any],
        etag: str | None,
        ttl_seconds: int | None = None,
    ) -> None:
        """Save with first-write-wins concurrency: with an ETag, only if the stored version
        still has that ETag. Raises EtagMismatchError otherwise."""
        from dapr.clients.exceptions import DaprInternalError
        from dapr.clients.grpc._state import Concurrency, Consistency, StateOptions

        client = await self._client()
        metadata = {"ttlInSeconds": str(ttl_seconds)} if ttl_seconds else {}
        options = StateOptions(consistency=Consistency.strong, concurrency=Concurrency.first_write)
        try:
            await asyncio.wait_for(
                client.save_state(
                    self.store_name,
                    key,
                    _dumps(document),
                    etag=etag,
                    options=options,
                    state_metadata=metadata,
                ),
                STATE_TIMEOUT_SECONDS,
            )
        except DaprInternalError as error:
            # NOTE: save_state of SDK 1.19 raises DaprInternalError with only the message; the
            # gRPC status is on the AioRpcError it was raised from. (save_bulk_state, which
            # keeps the status, fails to build its request when options are given.)
            cause = error.__cause__
            if cause is not None and _is_etag_conflict(cause):
                raise EtagMismatchError(f"{key} changed since it was read") from error
            if cause is not None and _is_unavailable(cause):
                raise await self._failure("write", key, _GrpcFailure(cause)) from error
            raise StateStoreError(f"state write of {key} in {self.store_name} failed: {error}") from error
        except TimeoutError as error:
            raise await self._failure("write", key, error) from error

    async def delete(self, key: str) -> None:
        from dapr.clients.exceptions import DaprGrpcError

        client = await self._client()
        try:
            await asyncio.wait_for(client.delete_state(self.store_name, key), STATE_TIMEOUT_SECONDS)
        except (DaprGrpcError, TimeoutError) as error:
            raise await self._failure("delete", key, error) from error

    async def _failure(self, action: str, key: str, error: BaseException) -> Exception:
        from dapr.clients.exceptions import DaprGrpcError

        if isinstance(error, DaprGrpcError | _GrpcFailure):
            detail = f"{error.code()}: {error.details()}"
            if _is_unavailable(error):
                await self.sidecar.lost(f"state {action} failed: {detail}")
                return SidecarUnavailableError(f"state {action} of {key} failed: {detail}")
        else:
            detail = f"timed out after {STATE_TIMEOUT_SECONDS:.0f} s"
        return StateStoreError(f"state {action} of {key} in {self.store_name} failed: {detail}")


class _GrpcFailure(Exception):
    """A gRPC error with its status, as DaprGrpcError has it."""

    def __init__(self, error: Any) -> None:
        super().__init__(str(error.details()))
        self._error = error

    def code(self) -> Any:
        return self._error.code()

    def details(self) -> str:
        return str(self._error.details())


def _is_etag_conflict(error: Any) -> bool:
    import grpc

    # daprd 1.16 returns ABORTED for an ETag mismatch, with the in-memory and Redis stores alike.
    return bool(error.code() == grpc.StatusCode.ABORTED)


def _is_unavailable(error: Any) -> bool:
    import grpc

    return error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class SharedSuspendedSales:
    """Suspend a cart to the store's shared state store, list the store's suspended sales, and
    resume one on this terminal."""

    def __init__(self, sales: SaleService, state: StateClient) -> None:
        self.sales = sales
        self.context = sales.context
        self.db = sales.db
        self.state = state

    # ----- keys -----

    def _store_code(self) -> str:
        return self.context.store_settings().store_code

    def _key(self, suspend_id: str) -> str:
        return f"suspended:{self._store_code()}:{suspend_id}"

    def _index_key(self) -> str:
        return f"suspended-index:{self._store_code()}"

    def _check_guards(self, operation: str, cart: Cart | None) -> None:
        for guard in self.sales.guards:
            guard(operation, cart)

    # ----- suspend -----

    async def suspend(self, cart_id: str) -> dict[str, Any]:
        """Move a cart in item entry or subtotal (no tenders yet) to the shared store."""
        loaded = await asyncio.to_thread(self.sales.carts.load, cart_id)
        # Work on a copy: the repository caches the loaded cart, which must not take the
        # suspended state unless the hand-over below commits.
        cart = Cart.from_dict(loaded.to_dict())
        self._check_guards("suspend", cart)
        loaded_version = cart.version
        cart.suspend()  # raises CART_STATE unless the cart may be suspended

        now = self.context.now()
        totals = cart.totals(self.context.promotions(now), now)
        suspend_id = str(uuid.uuid4())
        document: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "suspend_id": suspend_id,
            "store_code": self._store_code(),
            "origin_terminal_id": self.context.terminal_id,
            "origin_cart_id": cart.cart_id,
            "staff_code": cart.staff_code,
            "suspended_at": now.isoformat(),
            "total": totals.total,
            "item_count": totals.item_count,
            "cart": cart.to_dict(),
            "claimed_by": None,
            "claimed_at": None,
        }
        key = self._key(suspend_id)

        # The index entry goes first: an entry without its document is skipped by list_open(),
        # while a document without an entry would be invisible to the other registers.
        entry = {**_index_entry(document), "indexed_at": _now_text()}
        await self._update_index(lambda entries: [*entries, entry])
        try:
            await self.state.save(key, document, etag=None)
            await asyncio.to_thread(self._hand_over, cart_id, loaded_version, suspend_id, document)
        except Exception:
            # The local cart stays as it was, so take the shared copy back out.
            await self._withdraw(key, suspend_id)
            raise

        logger.info(
            "sale suspended to the shared store suspend_id=%s cart_id=%s total=%s items=%s",
            suspend_id,
            cart_id,
            totals.total,
            totals.item_count,
        )
        if self.sales.hub is not None:
            self.sales.hub.publish({"type": "cart_suspended", "cart_id": cart_id, "suspend_id": suspend_id})
        return _index_entry(document)

    async def _withdraw(self, key: str, suspend_id: str) -> None:
        try:
            await self.state.delete(key)
            await self._update_index(
                lambda entries: [entry for entry in entries if entry.get("suspend_id") != suspend_id]
            )
        except Exception:
            logger.exception("withdrawing shared suspended sale %s after a failure failed", key)

    def _hand_over(self, cart_id: str, version: int, suspend_id: str, document: dict[str, Any]) -> None:
        with self.db.atomic() as connection:
            cursor = connection.execute(
                "DELETE FROM carts WHERE id = ? AND version = ?", (cart_id, version)
            )
            if cursor.rowcount != 1:
                raise PosError(ErrorCode.CART_CONFLICT, cart_id=cart_id)
            connection.execute(
                "INSERT INTO dapr_suspended_sales(suspend_id, direction, cart_id, document, created_at)"
                " VALUES (?, 'out', ?, ?, ?)",
                (suspend_id, cart_id, _dumps(document), _now_text()),
            )

    # ----- list -----

    async def list_open(self) -> list[dict[str, Any]]:
        """Return the store's suspended sales not yet resumed, oldest first."""
        index, _ = await self.state.get(self._index_key())
        entries: list[dict[str, Any]] = list((index or {}).get("entries", []))
        documents = await self.state.get_many([self._key(entry["suspend_id"]) for entry in entries])
        open_sales = []
        stale: set[str] = set()
        for entry in entries:
            document = documents.get(self._key(entry["suspend_id"]))
            if document is not None and not document.get("claimed_by"):
                open_sales.append(_index_entry(document))
            elif document is not None or _older_than(entry, STALE_ENTRY_SECONDS):
                stale.add(entry["suspend_id"])
        if stale:
            await self._prune(stale)
        open_sales.sort(key=lambda entry: str(entry["suspended_at"]))
        return open_sales

    async def _prune(self, suspend_ids: set[str]) -> None:
        """Drop index entries of claimed sales and of sales whose document never arrived."""
        try:
            await self._update_index(
                lambda entries: [entry for entry in entries if entry.get("suspend_id") not in suspend_ids]
            )
        except (SidecarUnavailableError, StateStoreError):
            logger.warning("pruning the suspended-sale index failed", exc_info=True)

    # ----- resume -----

    async def resume(self, suspend_id: str) -> dict[str, Any]:
        """Claim a suspended sale for this terminal and return the new local cart.

        Raises PosError SUSPENDED_NOT_FOUND when there is no such sale and SUSPENDED_TAKEN
        when another register claimed it first.
        """
        self._check_guards("resume", None)
        key = self._key(suspend_id)
        document, etag = await self.state.get(key)
        if document is None:
            raise PosError(ErrorCode.SUSPENDED_NOT_FOUND, reference=suspend_id)
        me = self.context.terminal_id
        claimed_by = document.get("claimed_by")
        if claimed_by and claimed_by != me:
            raise PosError(ErrorCode.SUSPENDED_TAKEN, reference=suspend_id, claimed_by=claimed_by)
        cart_id = resumed_cart_id(self._store_code(), suspend_id)
        if not claimed_by:
            claimed = {**document, "claimed_by": me, "claimed_at": _now_text(), "resumed_cart_id": cart_id}
            try:
                await self.state.save(key, claimed, etag=etag, ttl_seconds=CLAIM_TTL_SECONDS)
            except EtagMismatchError as error:
                logger.info("suspended sale %s taken by another register first", suspend_id)
                raise PosError(ErrorCode.SUSPENDED_TAKEN, reference=suspend_id) from error
        # Claimed by this terminal, now or by an attempt that stopped before the local cart.
        view = await asyncio.to_thread(self._take_over, cart_id, suspend_id, document)
        try:
            await self._update_index(
                lambda entries: [entry for entry in entries if entry.get("suspend_id") != suspend_id]
            )
        except (SidecarUnavailableError, StateStoreError):
            # The claimed document hides the entry from every list until it expires.
            logger.warning("suspended-sale index not updated for %s", suspend_id, exc_info=True)
        logger.info("suspended sale resumed suspend_id=%s cart_id=%s", suspend_id, cart_id)
        return view

    def _take_over(self, cart_id: str, suspend_id: str, document: dict[str, Any]) -> dict[str, Any]:
        existing = self.db.query_one("SELECT 1 FROM carts WHERE id = ?", (cart_id,))
        if existing is None:
            cart = self._local_cart(cart_id, document)
            with self.db.atomic() as connection:
                self.sales.carts.insert(connection, cart)
                connection.execute(
                    "INSERT INTO dapr_suspended_sales(suspend_id, direction, cart_id, document, created_at)"
                    " VALUES (?, 'in', ?, ?, ?) ON CONFLICT DO NOTHING",
                    (suspend_id, cart_id, _dumps(document), _now_text()),
                )
        view = self.sales.cart_view(self.sales.carts.load(cart_id))
        if self.sales.hub is not None:
            self.sales.hub.publish({"type": "cart_changed", "cart": view})
        return view

    def _local_cart(self, cart_id: str, document: dict[str, Any]) -> Cart:
        """Build the resumed cart: same lines, this terminal, today's business date and rates."""
        original = Cart.from_dict(document["cart"])
        store = self.context.store_settings()
        business_date = business_date_of(self.context.now(), store.business_day_cutover, store.time_zone)
        tax_table = self.context.tax_table()
        for line in original.lines:
            line.rate = tax_table.rate_for(line.tax_class, business_date)
        return Cart(
            cart_id=cart_id,
            terminal_id=self.context.terminal_id,
            business_date=business_date,
            rounding_mode=store.rounding_mode,
            discount_rounding_mode=store.discount_rounding_mode,
            state=CartState.ENTERING,
            lines=original.lines,
            subtotal_discount=original.subtotal_discount,
            tenders=[],
            staff_code=self.context.signed_in_staff() or original.staff_code,
            training=original.training,
            approvals=original.approvals,
        )

    # ----- index -----

    async def _update_index(
        self, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    ) -> None:
        """Apply ``change`` to the index entries with ETag-checked saves, retrying on conflict."""
        key = self._index_key()
        for _attempt in range(INDEX_RETRIES):
            index, etag = await self.state.get(key)
            entries = list((index or {}).get("entries", []))
            try:
                await self.state.save(key, {"schema": SCHEMA_VERSION, "entries": change(entries)}, etag=etag)
                return
            except EtagMismatchError:
                pass
            except StateStoreError:
                # Creating the index without an ETag fails in the Redis store (INTERNAL, not
                # ABORTED) when another register created it first; the next read has its ETag.
                if etag is not None:
                    raise
            await asyncio.sleep(0.01)
        raise StateStoreError(f"{key} kept changing; gave up after {INDEX_RETRIES} attempts")


def _older_than(entry: Mapping[str, Any], seconds: float) -> bool:
    try:
        written = datetime.fromisoformat(str(entry["indexed_at"]))
    except (KeyError, ValueError):
        return True
    return (datetime.now(UTC) - written).total_seconds() > seconds


def _index_entry(document: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "suspend_id": document["suspend_id"],
        "origin_terminal_id": document["origin_terminal_id"],
        "staff_code": document.get("staff_code"),
        "suspended_at": document["suspended_at"],
        "total": document["total"],
        "item_count": document["item_count"],
    }
