"""Sending the outbox to the province: ``sync_once`` does one pass, ``SyncWorker`` repeats it on a
plain thread (never the GUI thread).

Exactly once, however the network behaves: a row's payload is frozen once (in the same write
transaction that reads the day's figures) and sent byte for byte, with the row id as idempotency key,
on every retry; the row is marked sent only when the server acknowledges that key. Each revision is a
whole day's snapshot and the server keeps the newest, so a duplicate delivery can never add twice.

Failures: network errors, timeouts, 409, 429 and 5xx are retried with exponential backoff and jitter;
401 (wrong token) keeps every row pending and is shown; any other 4xx parks the row with the server's
message for a manager to see (``requeue_parked`` sends it again after a fix).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.retry import FailureBurst
from showroom_pos.storage.models import OutboxItem, Setting

from .client import Ack, ProvinceClient, Rejected, Retryable, SyncError, Unauthorized
from .outbox import DAILY_SUMMARY

log = logging.getLogger(__name__)

# (session, business day, revision, idempotency key) -> the frozen JSON text of that day's summary
Summarize = Callable[[Session, date, int, str], str]

STATE_LAST_SUCCESS = "sync.state.last_success"
STATE_LAST_ATTEMPT = "sync.state.last_attempt"
STATE_LAST_ERROR = "sync.state.last_error"


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
    reachable: bool = True
    last_error: str = ""
    acks: list[Ack] = field(default_factory=list)

    @property
    def drained(self) -> bool:
        return self.pending == 0


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    last_success: datetime | None
    last_attempt: datetime | None
    days_pending: int
    rows_pending: int
    parked: int
    last_error: str


def _set_state(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        row.updated_at = now_utc()


def _get_state(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_status(session: Session, configured: bool = True) -> SyncStatus:
    pending = session.execute(
        select(func.count(), func.count(func.distinct(OutboxItem.business_day))).where(OutboxItem.status == "pending")
    ).one()
    parked = session.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.status == "parked")) or 0
    return SyncStatus(
        configured=configured,
        last_success=_parse_time(_get_state(session, STATE_LAST_SUCCESS)),
        last_attempt=_parse_time(_get_state(session, STATE_LAST_ATTEMPT)),
        days_pending=int(pending[1]),
        rows_pending=int(pending[0]),
        parked=int(parked),
        last_error=_get_state(session, STATE_LAST_ERROR),
    )


def parked_rows(session: Session) -> list[OutboxItem]:
    return list(
        session.scalars(
            select(OutboxItem)
            .where(OutboxItem.status == "parked")
            .order_by(OutboxItem.business_day, OutboxItem.revision)
        )
    )


def requeue_parked(session: Session) -> int:
    """Send parked rows again after the cause was fixed. The server never stored them (it refused
    them), so their payload is dropped and computed afresh under the same key."""
    rows = parked_rows(session)
    for row in rows:
        row.status, row.payload, row.attempts, row.next_attempt_at, row.last_error = "pending", None, 0, None, ""
    return len(rows)


def freeze(session: Session, row: OutboxItem, summarize: Summarize) -> str:
    """Fix the row's payload (inside the caller's write transaction): later changes to the day now
    go into the next revision (``mark_day_changed`` only folds into unfrozen rows)."""
    if row.payload is None:
        row.payload = summarize(session, row.business_day, row.revision, row.id)
    return row.payload


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
) -> SyncResult:
    """One pass over the due rows, oldest day first. Never raises for a network or server problem:
    the result says what happened."""
    result = SyncResult()
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
            _retry_later(sessions, row_id, str(exc), now(), backoff, rng, exc.retry_after)
            result.retried += 1
            result.last_error = str(exc)
            if exc.status is None or exc.status >= 500:
                result.reachable = exc.status is not None
                break  # the server is down or unreachable: stop hammering it
            continue
        except Unauthorized as exc:
            result.last_error = str(exc)
            with sessions.begin() as session:
                _set_state(session, STATE_LAST_ERROR, str(exc))
            break
        except Rejected as exc:
            _park(sessions, row_id, str(exc))
            result.parked += 1
            result.last_error = str(exc)
            continue
        except SyncError as exc:  # pragma: no cover - every SyncError is one of the above
            result.last_error = str(exc)
            break
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
) -> None:
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is None:
            return
        row.attempts += 1
        delay = backoff.delay(row.attempts, rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, backoff.cap))
        row.next_attempt_at = now + timedelta(seconds=delay)
        row.last_error = error[:2000]


def _park(sessions: sessionmaker[Session], row_id: str, error: str) -> None:
    with sessions.begin() as session:
        row = session.get(OutboxItem, row_id)
        if row is not None:
            row.attempts += 1
            row.status = "parked"
            row.last_error = error[:2000]
    log.warning("outbox row %s parked: %s", row_id, error)


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


class SyncWorker:
    """Runs ``sync_once`` (and the catalogue pull) on a daemon thread.

    ``make_client`` is called at the start of each pass so changed settings take effect; it returns
    None while the province is not configured. ``on_status`` is called on the worker thread after each
    pass: a UI hands it over to the GUI thread with a signal.
    """

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
    ) -> None:
        self.sessions = sessions
        self.make_client = make_client
        self.summarize = summarize
        self.interval = interval
        self.settle = settle
        self.on_status = on_status
        self.pull_catalogue = pull_catalogue
        self.catalogue_interval = catalogue_interval
        self.initial_delay = initial_delay
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._failures = FailureBurst()  # one log line per burst of failed passes
        self._force = False
        self._thread: threading.Thread | None = None
        self._last_pull = 0.0
        self.passes = 0

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="province-sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        """Run a pass at once, ignoring the backoff timers."""
        self._force = True
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            if timeout > 0:
                self._thread.join(timeout)
            self._thread = None

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
                sync_once(self.sessions, client, self.summarize, force=force, settle=self.settle)
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

    def _run(self) -> None:
        if self.initial_delay and self._wake.wait(self.initial_delay):
            self._wake.clear()  # "Sync now" or stop() came first
        while not self._stop.is_set():
            force, self._force = self._force, False
            wait = self.interval
            try:
                status = self.run_pass(force)
                callback = self.on_status
                if callback is not None:
                    callback(status)
                wait = self._next_wait()
                ended = self._failures.succeeded()
                if ended:
                    log.info("sync passes work again after %d failures", ended)
            except Exception:  # keep the worker alive whatever happens; the log says why, once per burst
                if self._failures.failed() and not self._stop.is_set():
                    log.exception("sync pass failed (logged once until a pass works again)")
            self._wake.wait(wait)
            self._wake.clear()

    def _next_wait(self) -> float:
        with self.sessions() as session:
            due = session.scalar(select(func.min(OutboxItem.next_attempt_at)).where(OutboxItem.status == "pending"))
        if due is None:
            return self.interval
        return max(1.0, min(self.interval, (due - now_utc()).total_seconds()))
