"""Sending the outbox to the province: ``sync_once`` does one pass, ``SyncWorker`` repeats it on a
plain thread (never the GUI thread).

Exactly once, however the network behaves: a row's payload is frozen once (in the same write
transaction that reads the day's figures) and sent byte for byte, with the row id as idempotency key,
on every retry; the row is marked sent only when the server acknowledges that key. Each revision is a
whole day's snapshot and the server keeps the newest, so a duplicate delivery can never add twice.

Failures: network errors, timeouts, 409, 429 and 5xx are retried with exponential backoff and jitter;
401 (wrong token) keeps every row pending and is shown; any other 4xx parks the row with the server's
message for a manager to see (``requeue_parked`` sends it again after a fix) and the pass goes on with
the other days. A 5xx stops the pass only after a few rows in a row got one; the same 500 for one row
again and again parks it. ``422 key_reused`` and the reconciliation (``reconcile_days``) repair the
restores of either side by sending the day again as a newer revision (docs/PROTOCOL.md, *Repairs*).
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.retry import PassLoop, wait_until_due
from showroom_pos.core.summary import canonical
from showroom_pos.storage.models import OutboxItem, Setting

from .client import Ack, DayDigest, ProvinceClient, Rejected, Retryable, SyncError, Unauthorized
from .outbox import DAILY_SUMMARY
from .status import (
    STATE_LAST_ATTEMPT,
    STATE_LAST_ERROR,
    STATE_LAST_SUCCESS,
    SyncStatus,
    read_status,
)

log = logging.getLogger(__name__)

# (session, business day, revision, idempotency key) -> the frozen JSON text of that day's summary
Summarize = Callable[[Session, date, int, str], str]

# The same HTTP 500 this many times for one row: the server fails on that summary, not in general. It is
# parked (shown to the manager, ``retry-parked`` sends it again) and the other days go on.
PARK_AFTER_SAME_500 = 6
# This many rows in a row answered 5xx: the server is in trouble, stop the pass (backoff does the rest).
STOP_AFTER_5XX_ROWS = 3
_REPEATS_RE = re.compile(r" \[(\d+)×\]$")


@dataclass(frozen=True)
class Backoff:
    """Delay before attempt n+1: base·2ⁿ capped, times a random factor in [1 - jitter, 1]."""

    base: float = 5.0
    cap: float = 900.0
    jitter: float = 0.5

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        raw = min(self.cap, self.base * (2 ** max(0, min(attempts - 1, 30))))
        factor = 1.0 - self.jitter * (rng or random).random()
        return raw * factor


@dataclass
class SyncResult:
    sent: int = 0
    superseded: int = 0
    retried: int = 0
    parked: int = 0
    pending: int = 0
    days_pending: int = 0
    parked_total: int = 0
    repaired: int = 0  # days queued again because the province holds something else (restores)
    reachable: bool = True
    last_error: str = ""
    acks: list[Ack] = field(default_factory=list)



def _set_state(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        row.updated_at = now_utc()


def requeue_parked(session: Session) -> int:
    """Send parked rows again after the cause was fixed. The server never stored them (it refused
    them), so their payload is dropped and computed afresh under the same key."""
    rows = list(session.scalars(select(OutboxItem).where(OutboxItem.status == "parked")))
    for row in rows:
        row.status, row.payload, row.attempts, row.next_attempt_at, row.last_error = "pending", None, 0, None, ""
    return len(rows)


def freeze(session: Session, row: OutboxItem, summarize: Summarize) -> str:
    """Fix the row's payload (inside the caller's write transaction): later changes to the day now
    go into the next revision (``mark_day_changed`` only folds into unfrozen rows)."""
    if row.payload is None:
        row.payload = clean_payload(summarize(session, row.business_day, row.revision, row.id))
    return row.payload


_PRODUCT_TEXT = ("sku", "name", "barcode", "unit", "producer", "producer_code", "group", "province_ref")
_STOCK_TEXT = ("sku", "barcode", "province_ref")


def _clean_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    return "".join(
        "\ufffd" if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in value
    )


def clean_payload(payload: str) -> str:
    """The summary with control characters (NUL…) and lone surrogates in product and stock text replaced by
    U+FFFD: a typo in a product's name must not keep a day's figures from the province (the province refuses
    such text). A payload with nothing to clean is returned unchanged, byte for byte."""
    # Canonical JSON escapes control characters (\u0000) and keeps other text as is: only a payload with an
    # escape or a surrogate can need cleaning.
    if "\\u" not in payload and not any(unicodedata.category(ch) == "Cs" for ch in payload):
        return payload
    data = json.loads(payload)
    if not isinstance(data, dict):
        return payload
    before = json.dumps(data, sort_keys=True)
    for product in data.get("products") or []:
        if isinstance(product, dict):
            for name in _PRODUCT_TEXT:
                if name in product:
                    product[name] = _clean_text(product[name])
    stock = data.get("stock")
    if isinstance(stock, dict):
        for item in stock.get("items") or []:
            if isinstance(item, dict):
                for name in _STOCK_TEXT:
                    if name in item:
                        item[name] = _clean_text(item[name])
    return payload if json.dumps(data, sort_keys=True) == before else canonical(data)


def freeze_pending(sessions: sessionmaker[Session], summarize: Summarize) -> list[tuple[str, str]]:
    """Freeze every pending row; ``[(key, payload)]`` in sending order (for the USB export)."""
    with sessions.begin() as session:
        rows = session.scalars(
            select(OutboxItem)
            .where(OutboxItem.status == "pending", OutboxItem.kind == DAILY_SUMMARY)
            .order_by(OutboxItem.business_day, OutboxItem.revision)
        ).all()
        return [(row.id, freeze(session, row, summarize)) for row in rows]


def _due_ids(session: Session, now: datetime, force: bool, settle: timedelta) -> list[str]:
    stmt = select(OutboxItem.id).where(OutboxItem.status == "pending", OutboxItem.kind == DAILY_SUMMARY)
    if not force:
        stmt = stmt.where(or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now))
        if settle:
            # Today's figures keep changing: freeze a revision only once the day has been quiet
            # or changed for ``settle``, so a busy day makes a few revisions an hour, not hundreds.
            stmt = stmt.where(
                or_(
                    OutboxItem.payload.is_not(None),
                    OutboxItem.business_day < business_day(now),
                    OutboxItem.created_at <= now - settle,
                )
            )
    return list(session.scalars(stmt.order_by(OutboxItem.business_day, OutboxItem.revision, OutboxItem.created_at)))


def sync_once(
    sessions: sessionmaker[Session],
    client: ProvinceClient,
    summarize: Summarize,
    *,
    now: Callable[[], datetime] = now_utc,
    rng: random.Random | None = None,
    backoff: Backoff = Backoff(),
    force: bool = False,
    limit: int | None = None,
    settle: timedelta = timedelta(0),
    reconcile: bool = False,
) -> SyncResult:
    """One pass over the due rows, oldest day first. Never raises for a network or server problem:
    the result says what happened. With ``reconcile``, first compare every acknowledged day with what the
    province holds and queue a new revision of each day that differs (``reconcile_days``)."""
    result = SyncResult()
    if reconcile:
        try:
            result.repaired = reconcile_days(sessions, client)
        except SyncError as exc:
            log.info("reconciliation skipped: %s", exc)
    five_hundreds = 0
    with sessions() as session:
        ids = _due_ids(session, now(), force, settle)
    if limit is not None:
        ids = ids[:limit]
    for row_id in ids:
        with sessions.begin() as session:
            row = session.get(OutboxItem, row_id)
            if row is None or row.status != "pending":
                continue
            payload = freeze(session, row, summarize)
            _set_state(session, STATE_LAST_ATTEMPT, now().isoformat())
        try:
            ack = client.send_summary(payload, row_id)
        except Retryable as exc:
            parked = _retry_later(sessions, row_id, str(exc), now(), backoff, rng, exc.retry_after, exc.status)
            result.parked += parked
            result.retried += not parked
            result.last_error = str(exc)
            if exc.status is None:
                result.reachable = False
                break  # the server is unreachable: stop hammering it
            if exc.status >= 500:
                five_hundreds += 1
                if five_hundreds >= STOP_AFTER_5XX_ROWS:
                    break  # the server is in trouble, not just with one summary
            continue
        except Unauthorized as exc:
            result.last_error = str(exc)
            with sessions.begin() as session:
                _set_state(session, STATE_LAST_ERROR, str(exc))
            break
        except Rejected as exc:
            five_hundreds = 0
            if exc.code == "key_reused":
                # The province holds this key with other content: this database was restored from a backup
                # and froze the row again. Send today's truth as a new revision under a new key.
                _replace_reused_key(sessions, row_id, str(exc))
                result.repaired += 1
                continue
            _park(sessions, row_id, str(exc))
            result.parked += 1
            result.last_error = str(exc)
            continue
        except SyncError as exc:  # pragma: no cover - every SyncError is one of the above
            result.last_error = str(exc)
            break
        five_hundreds = 0
        _acknowledged(sessions, row_id, ack, now())
        result.acks.append(ack)
        if ack.status == "stored":
            result.sent += 1
        else:
            result.superseded += 1
    with sessions.begin() as session:
        if result.last_error:
            _set_state(session, STATE_LAST_ERROR, result.last_error)
        elif ids:
            _set_state(session, STATE_LAST_ERROR, "")
        status = read_status(session)
    result.pending, result.days_pending, result.parked_total = status.rows_pending, status.days_pending, status.parked
    return result


def _retry_later(
    sessions: sessionmaker[Session],
    row_id: str,
    error: str,
    now: datetime,
    backoff: Backoff,
    rng: random.Random | None,
    retry_after: float | None,
    status: int | None = None,
) -> bool:
    """Schedule the row's next attempt; True when it was parked instead (the same 500 too many times)."""
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is None:
            return False
        row.attempts += 1
        if status == 500:
            previous = _REPEATS_RE.sub("", row.last_error)
            match = _REPEATS_RE.search(row.last_error)
            repeats = (int(match.group(1)) if match else 1) + 1 if previous == error[:1900] else 1
            if repeats >= PARK_AFTER_SAME_500:
                row.status, row.last_error = "parked", f"{error[:1900]} [{repeats}×]"
                log.warning("outbox row %s parked after %s identical answers: %s", row_id, repeats, error)
                return True
            row.last_error = error[:1900] if repeats == 1 else f"{error[:1900]} [{repeats}×]"
        else:
            row.last_error = error[:2000]
        delay = backoff.delay(row.attempts, rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, backoff.cap))
        row.next_attempt_at = now + timedelta(seconds=delay)
    return False


def _park(sessions: sessionmaker[Session], row_id: str, error: str) -> None:
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is not None:
            row.attempts += 1
            row.status = "parked"
            row.last_error = error[:2000]
    log.warning("outbox row %s parked: %s", row_id, error)


def _new_revision(session: Session, kind: str, day: date, above: int) -> OutboxItem | None:
    """A pending row for ``day`` with a revision above ``above`` and above every local one; None when an
    unfrozen pending row already stands for the day (it is frozen with today's truth when sent)."""
    open_row = session.scalar(
        select(OutboxItem).where(
            OutboxItem.kind == kind,
            OutboxItem.business_day == day,
            OutboxItem.status == "pending",
            OutboxItem.payload.is_(None),
        )
    )
    newest_local = (
        session.scalar(
            select(func.max(OutboxItem.revision)).where(OutboxItem.kind == kind, OutboxItem.business_day == day)
        )
        or 0
    )
    if open_row is not None and open_row.revision > above:
        return None
    if open_row is not None:
        # Raise the waiting row above what the province holds, keeping its key (it was never sent frozen).
        open_row.revision = max(newest_local, above) + 1
        return open_row
    row = OutboxItem(kind=kind, business_day=day, revision=max(newest_local, above) + 1, status="pending")
    session.add(row)
    return row


def _replace_reused_key(sessions: sessionmaker[Session], row_id: str, error: str) -> None:
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is None:
            return
        # The province knows this key (with other content): nothing more to send under it.
        row.status, row.sent_at, row.next_attempt_at = "sent", now_utc(), None
        row.attempts += 1
        row.last_error = f"{error[:1500]} (replaced by a newer revision)"
        session.flush()
        new = _new_revision(session, row.kind, row.business_day, row.revision)
        log.warning(
            "day %s: key %s was used for other content (restored backup); sending revision %s",
            row.business_day,
            row_id,
            new.revision if new is not None else "?",
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reconcile_days(sessions: sessionmaker[Session], client: ProvinceClient, window: int = 366) -> int:
    """Compare each day's newest acknowledged revision with what the province holds (``GET /api/v1/days``);
    where the province holds another key, other content or nothing (a province database gone back in time,
    an outlet restored from a backup), queue the day again as a revision above both. Days with a row still
    pending or parked are left to it. Returns how many days were queued.

    Days the outlet has never reported are left alone: an outlet restored from an old backup (or a new PC)
    must not wipe out figures the province received for days it has no record of.
    """
    with sessions() as session:
        unsettled = set(
            session.scalars(
                select(OutboxItem.business_day).where(
                    OutboxItem.kind == DAILY_SUMMARY, OutboxItem.status.in_(("pending", "parked"))
                )
            )
        )
        latest: dict[date, tuple[int, str, str]] = {}
        for day, revision, key, payload in session.execute(
            select(OutboxItem.business_day, OutboxItem.revision, OutboxItem.id, OutboxItem.payload)
            .where(OutboxItem.kind == DAILY_SUMMARY, OutboxItem.status == "sent")
            .order_by(OutboxItem.business_day, OutboxItem.revision)
        ):
            if day not in unsettled:
                latest[day] = (revision, key, payload or "")
    if not latest:
        return 0
    theirs: dict[date, DayDigest] = {}
    days = sorted(latest)
    start = days[0]
    while start <= days[-1]:
        end = start + timedelta(days=window - 1)
        theirs.update(client.day_digest(start, end))
        start = end + timedelta(days=1)
    differing = [
        day
        for day, (_revision, key, payload) in latest.items()
        if day not in theirs
        or theirs[day].key != key
        or (theirs[day].sha256 and theirs[day].sha256 != _sha256(payload))
    ]
    if not differing:
        return 0
    queued = 0
    with sessions.begin() as session:
        for day in differing:
            held = theirs.get(day)
            row = _new_revision(session, DAILY_SUMMARY, day, held.revision if held else 0)
            if row is not None:
                queued += 1
                log.warning(
                    "day %s: the province holds %s, not our revision %s; sending revision %s",
                    day,
                    f"revision {held.revision}" if held else "nothing",
                    latest[day][0],
                    row.revision,
                )
    return queued


def _acknowledged(sessions: sessionmaker[Session], row_id: str, ack: Ack, now: datetime) -> None:
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is None:
            return
        row.status, row.sent_at, row.last_error, row.next_attempt_at = "sent", now, "", None
        _set_state(session, STATE_LAST_SUCCESS, now.isoformat())
        if ack.status == "superseded":
            newest_local = (
                session.scalar(
                    select(func.max(OutboxItem.revision)).where(
                        OutboxItem.kind == row.kind, OutboxItem.business_day == row.business_day
                    )
                )
                or 0
            )
            if ack.stored_revision >= newest_local:
                # The server holds a revision this database never made (it was restored from a backup):
                # send today's truth as a revision above it.
                session.add(
                    OutboxItem(
                        kind=row.kind, business_day=row.business_day, revision=ack.stored_revision + 1, status="pending"
                    )
                )
                log.warning(
                    "day %s: server holds revision %s, sending %s",
                    row.business_day,
                    ack.stored_revision,
                    ack.stored_revision + 1,
                )


class SyncWorker(PassLoop[SyncStatus]):
    """Runs ``sync_once`` (and the catalogue pull) on a daemon thread.

    ``make_client`` is called at the start of each pass so changed settings take effect; it returns
    None while the province is not configured. ``on_status`` is called on the worker thread after each
    pass: a UI hands it over to the GUI thread with a signal.
    """

    thread_name = "province-sync"
    label = "province sync"
    logger = log

    def __init__(
        self,
        sessions: sessionmaker[Session],
        make_client: Callable[[], ProvinceClient | None],
        summarize: Summarize,
        *,
        interval: float = 60.0,
        settle: timedelta = timedelta(minutes=10),
        on_status: Callable[[SyncStatus], None] | None = None,
        pull_catalogue: Callable[[ProvinceClient], object] | None = None,
        catalogue_interval: float = 3600.0,
        initial_delay: float = 0.0,
        reconcile_interval: float = 6 * 3600.0,
    ) -> None:
        super().__init__(interval=interval, initial_delay=initial_delay, on_status=on_status)
        self.sessions = sessions
        self.make_client = make_client
        self.summarize = summarize
        self.settle = settle
        self.pull_catalogue = pull_catalogue
        self.catalogue_interval = catalogue_interval
        self.reconcile_interval = reconcile_interval
        self._last_reconcile: float | None = None
        self._last_pull = 0.0

    def sync_now(self) -> None:
        """Run a pass at once, ignoring the backoff timers."""
        self.wake(force=True)

    def run_pass(self, force: bool = False) -> SyncStatus:
        import time

        client = None
        try:
            client = self.make_client()
        except Exception as exc:  # a bad setting must not kill the thread
            with self.sessions.begin() as session:
                _set_state(session, STATE_LAST_ERROR, str(exc))
        if client is not None:
            try:
                reconcile = (
                    force
                    or self._last_reconcile is None
                    or time.monotonic() - self._last_reconcile >= self.reconcile_interval
                )
                result = sync_once(
                    self.sessions, client, self.summarize, force=force, settle=self.settle, reconcile=reconcile
                )
                if reconcile and result.reachable:
                    self._last_reconcile = time.monotonic()
                if self.pull_catalogue is not None and (
                    force or time.monotonic() - self._last_pull >= self.catalogue_interval
                ):
                    try:
                        self.pull_catalogue(client)
                        self._last_pull = time.monotonic()
                    except SyncError as exc:
                        log.info("catalogue pull failed: %s", exc)
            finally:
                client.close()
        with self.sessions() as session:
            status = read_status(session, configured=client is not None)
        self.passes += 1
        return status

    def next_wait(self) -> float:
        with self.sessions() as session:
            due = session.scalar(select(func.min(OutboxItem.next_attempt_at)).where(OutboxItem.status == "pending"))
        return wait_until_due(due, now_utc(), self.interval)
