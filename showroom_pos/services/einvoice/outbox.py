"""Delivering issued invoices: the ``einvoice`` table is its own outbox, sent by a worker off the GUI thread.

The same pattern as the province sync (``showroom_pos.sync.worker``): a row is pending until the provider
accepts it, sent byte for byte with its id as the idempotency key on every attempt; network errors, timeouts,
429 and 5xx are retried with exponential backoff and jitter; the provider's refusal parks the row with its
reason for a manager to see (``requeue`` sends it again after a fix, ``resolve`` records one dealt with in the
provider's portal); wrong credentials keep every row pending and are shown. An adjusting invoice or a notice
waits until the invoice it refers to is accepted. Sales never wait for any of this: they only add rows.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.clock import business_day, now_utc
from showroom_pos.core.errors import NotFound, ValidationError
from showroom_pos.core.retry import PassLoop, wait_until_due
from showroom_pos.core.text import is_ascii_digits
from showroom_pos.storage.models import EInvoice, Setting
from showroom_pos.sync.worker import Backoff

from .. import audit
from ..context import Actor
from . import issue, providers
from .providers import (
    Accepted,
    DayRow,
    Provider,
    Refused,
    Retryable,
    Submission,
    SummarizingProvider,
    Unauthorized,
    Waiting,
)

log = logging.getLogger(__name__)

STATE_LAST_SUCCESS = "einvoice_state.last_success"
STATE_LAST_ATTEMPT = "einvoice_state.last_attempt"
STATE_LAST_ERROR = "einvoice_state.last_error"
STOP_AFTER_5XX_ROWS = 3
BACKOFF = Backoff(base=5.0, cap=900.0)  # 5 s, 10 s, 20 s … up to 15 minutes, with jitter
MakeProvider = Callable[[], Provider | None]


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


def submission(row: EInvoice) -> Submission:
    return Submission(key=row.id, kind=row.kind, xml=row.xml, form=row.form, symbol=row.symbol, number=row.number,
                      code=row.code, day=row.business_day, issued_at=row.issued_at, total=row.total,
                      provider_ref=row.provider_ref, related_key=row.related_id)


def label(row: EInvoice) -> str:
    return submission(row).label


@dataclass
class DeliveryResult:
    accepted: int = 0
    waiting: int = 0
    retried: int = 0
    parked: int = 0
    held: int = 0  # waiting for the invoice they refer to
    reachable: bool = True
    last_error: str = ""
    days: set[date] = field(default_factory=set)


def _due_ids(session: Session, now: datetime | None) -> list[str]:
    """Pending rows whose time has come (every pending row when ``now`` is None), in the order they were issued."""
    query = select(EInvoice.id).where(EInvoice.status == "pending")
    if now is not None:
        query = query.where(or_(EInvoice.next_attempt_at.is_(None), EInvoice.next_attempt_at <= now))
    return list(session.scalars(query.order_by(EInvoice.issued_at, EInvoice.number)))


def deliver_once(sessions: sessionmaker[Session], provider: Provider, *, now: Callable[[], datetime] = now_utc,
                 rng: random.Random | None = None, backoff: Backoff = BACKOFF,
                 force: bool = False, limit: int | None = None) -> DeliveryResult:
    """One pass over the due rows. Never raises for a network or provider problem: the result says what
    happened. ``force``: rows waiting for their backoff are tried now (the manager's "send now")."""
    result = DeliveryResult()
    with sessions() as session:
        ids = _due_ids(session, None if force else now())
    if limit is not None:
        ids = ids[:limit]
    five_hundreds = 0
    for row_id in ids:
        with sessions.begin() as session:
            row = session.get(EInvoice, row_id)
            if row is None or row.status != "pending":
                continue
            if row.related_id is not None:
                related = session.get(EInvoice, row.related_id)
                if related is not None and related.status != "accepted":
                    result.held += 1
                    continue
            item = submission(row)
            _set_state(session, STATE_LAST_ATTEMPT, now().isoformat())
        try:
            outcome = provider.submit(item)
        except Retryable as exc:
            _retry_later(sessions, row_id, str(exc), now(), backoff, rng, exc.retry_after)
            result.retried += 1
            result.last_error = str(exc)
            if exc.status is None:
                result.reachable = False
                break  # unreachable: stop hammering it
            if exc.status >= 500:
                five_hundreds += 1
                if five_hundreds >= STOP_AFTER_5XX_ROWS:
                    break
            continue
        except Unauthorized as exc:
            result.last_error = str(exc)
            break
        except Refused as exc:
            five_hundreds = 0
            _park(sessions, row_id, str(exc))
            result.parked += 1
            result.last_error = str(exc)
            result.days.add(item.day)
            continue
        five_hundreds = 0
        with sessions.begin() as session:
            row = session.get(EInvoice, row_id)
            if row is None:
                continue
            if isinstance(outcome, Accepted):
                row.status, row.accepted_at, row.next_attempt_at, row.last_error = "accepted", now(), None, ""
                row.provider_ref = (outcome.url or outcome.reference)[:200]
                row.provider_number = outcome.number[:40]
                if outcome.code and not row.code:
                    row.code = outcome.code[:40]  # the provider composes the code (einvoice.code_mode provider)
                if outcome.number and row.number is not None and outcome.number.lstrip("0") != str(row.number):
                    row.last_error = f"the provider numbered it {outcome.number}"[:2000]
                    log.warning("e-invoice %s: the provider numbered it %s", label(row), outcome.number)
                _set_state(session, STATE_LAST_SUCCESS, now().isoformat())
                result.accepted += 1
            else:
                assert isinstance(outcome, Waiting)
                row.provider_ref = outcome.reference[:200]
                row.next_attempt_at = now() + timedelta(seconds=outcome.retry_after)
                row.last_error = outcome.note[:2000]
                result.waiting += 1
            result.days.add(row.business_day)
    with sessions.begin() as session:
        _set_state(session, STATE_LAST_ERROR, result.last_error if result.last_error or not ids else "")
    if isinstance(provider, SummarizingProvider) and result.days:
        with sessions() as session:
            for day in sorted(result.days):
                try:
                    provider.summarize(day, day_rows(session, day))
                except Retryable as exc:
                    log.warning("e-invoice summary of %s not written: %s", day, exc)
    return result


def _retry_later(sessions: sessionmaker[Session], row_id: str, error: str, now: datetime, backoff: Backoff,
                 rng: random.Random | None, retry_after: float | None) -> None:
    with sessions.begin() as session:
        row = session.get(EInvoice, row_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:2000]
        delay = backoff.delay(row.attempts, rng)
        if retry_after is not None:
            delay = max(delay, min(retry_after, backoff.cap))
        row.next_attempt_at = now + timedelta(seconds=delay)


def _park(sessions: sessionmaker[Session], row_id: str, error: str) -> None:
    with sessions.begin() as session:
        row = session.get(EInvoice, row_id)
        if row is not None:
            row.attempts += 1
            row.status = "parked"
            row.last_error = error[:2000]
    log.warning("e-invoice %s parked: %s", row_id, error)


# --- what managers see and do ------------------------------------------------------------------------------


def _find(session: Session, key: str) -> EInvoice:
    """A row by its key (or the key's start, as the CLI prints it), or by ``1C26MAA-00000012``."""
    key = key.strip()
    row = session.get(EInvoice, key)
    if row is None and len(key) >= 6:
        rows = session.scalars(select(EInvoice).where(EInvoice.id.startswith(key))).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None and "-" in key:
        symbol_part, _, number = key.rpartition("-")
        if is_ascii_digits(number) and len(symbol_part) > 1:
            row = session.scalars(select(EInvoice).where(EInvoice.form == symbol_part[0],
                                                         EInvoice.symbol == symbol_part[1:],
                                                         EInvoice.number == int(number))).first()
    if row is None:
        raise NotFound("No e-invoice {key}.", key=key)
    return row


def requeue(session: Session, key: str | None = None, *, actor: Actor | None = None) -> int:
    """Parked rows (or the one named) pending again, from scratch under the same key: after the cause was fixed."""
    rows = [_find(session, key)] if key else list(session.scalars(select(EInvoice).where(EInvoice.status == "parked")))
    count = 0
    for row in rows:
        if row.status != "parked":
            continue
        row.status, row.attempts, row.next_attempt_at, row.last_error, row.provider_ref = "pending", 0, None, "", ""
        count += 1
        audit.record(session, "einvoice.requeued", user_id=actor.user_id if actor else None,
                     terminal_id=actor.terminal_id if actor else None, entity="einvoice", entity_id=row.id,
                     invoice=label(row))
    return count


def resolve(session: Session, key: str, note: str, *, actor: Actor | None = None) -> EInvoice:
    """A parked row dealt with outside the till (issued in the provider's portal, imported from the file drop):
    recorded as accepted with the manager's note, audited."""
    row = _find(session, key)
    if row.status != "parked":
        raise ValidationError("{invoice} is not parked: nothing to resolve.", invoice=label(row))
    if not note.strip():
        raise ValidationError("Say how it was dealt with (a note).")
    row.status, row.accepted_at, row.last_error = "accepted", now_utc(), f"resolved by hand: {note.strip()}"[:2000]
    row.provider_ref = "manual"
    audit.record(session, "einvoice.resolved", user_id=actor.user_id if actor else None,
                 terminal_id=actor.terminal_id if actor else None, entity="einvoice", entity_id=row.id,
                 invoice=label(row), note=note.strip())
    return row


@dataclass(frozen=True)
class Status:
    enabled: bool
    provider: str
    problems: tuple[str, ...]
    pending: int
    waiting: int  # received by the provider, still being processed
    parked: int
    accepted_today: int
    oldest_pending: datetime | None
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str

    @property
    def delivered(self) -> bool:
        return self.pending == 0 and self.parked == 0


def _time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def status(session: Session) -> Status:
    cfg = issue.config(session)
    pending, waiting, parked, oldest = session.execute(
        select(func.sum(case((EInvoice.status == "pending", 1), else_=0)),
               func.sum(case(((EInvoice.status == "pending") & (EInvoice.provider_ref != ""), 1), else_=0)),
               func.sum(case((EInvoice.status == "parked", 1), else_=0)),
               func.min(case((EInvoice.status == "pending", EInvoice.issued_at), else_=None)))
        .where(EInvoice.status != "accepted")
    ).one()
    today = session.scalar(select(func.count()).select_from(EInvoice).where(
        EInvoice.status == "accepted", EInvoice.business_day == business_day())) or 0
    oldest_at = None
    if oldest is not None:
        oldest_at = oldest if isinstance(oldest, datetime) else datetime.fromisoformat(str(oldest))
        if oldest_at.tzinfo is None:
            oldest_at = oldest_at.replace(tzinfo=UTC)
    return Status(enabled=cfg.enabled, provider=cfg.provider,
                  problems=tuple(issue.problems(session, cfg)) if cfg.enabled else (), pending=int(pending or 0),
                  waiting=int(waiting or 0), parked=int(parked or 0), accepted_today=int(today),
                  oldest_pending=oldest_at, last_success=_time(_get_state(session, STATE_LAST_SUCCESS)),
                  last_attempt=_time(_get_state(session, STATE_LAST_ATTEMPT)),
                  last_error=_get_state(session, STATE_LAST_ERROR))


@dataclass(frozen=True)
class RowInfo:
    key: str
    label: str
    kind: str
    day: date
    issued_at: datetime
    total: int
    buyer: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    provider_ref: str
    code: str
    cancelled: bool
    sale_id: str


def rows(session: Session, *, status_in: tuple[str, ...] = (), day: date | None = None,
         limit: int = 500) -> list[RowInfo]:
    """Invoices newest first, for the manager's screen and ``einvoice status``."""
    query = select(EInvoice).order_by(EInvoice.issued_at.desc(), EInvoice.number.desc()).limit(limit)
    if status_in:
        query = query.where(EInvoice.status.in_(status_in))
    if day is not None:
        query = query.where(EInvoice.business_day == day)
    return [RowInfo(r.id, label(r), r.kind, r.business_day, r.issued_at, r.total, r.buyer_name, r.status,
                    r.attempts, r.last_error, r.next_attempt_at, r.provider_ref, r.code or "", r.cancelled,
                    r.sale_id)
            for r in session.scalars(query)]


def day_rows(session: Session, day: date) -> list[DayRow]:
    """The day's invoices and notices as the summary sheet lists them, in number order."""
    from .providers.file import file_name

    out = []
    for r in session.scalars(select(EInvoice).where(EInvoice.business_day == day)
                             .order_by(EInvoice.form, EInvoice.symbol, EInvoice.number, EInvoice.issued_at)):
        item = submission(r)
        out.append(DayRow(label=item.label, kind=r.kind, number=r.number, code=r.code or "", issued_at=r.issued_at,
                          buyer=r.buyer_name, buyer_tax_code=r.buyer_tax_code, total=r.total, vat=r.vat_total,
                          status=r.status + (" (đã hủy)" if r.cancelled else ""), file=file_name(item)))
    return out


@dataclass(frozen=True)
class DayCount:
    """Reports: invoices per day by what became of them."""

    day: date
    issued: int  # invoices, adjusting and replacing invoices (numbered)
    notices: int
    accepted: int
    pending: int
    refused: int  # parked with the provider's reason
    total: int  # the invoiced amount, adjustments included (signed)


def per_day(session: Session, start: date, end: date) -> list[DayCount]:
    numbered = EInvoice.number.is_not(None)
    query = (
        select(EInvoice.business_day,
               func.sum(case((numbered, 1), else_=0)), func.sum(case((numbered, 0), else_=1)),
               func.sum(case((EInvoice.status == "accepted", 1), else_=0)),
               func.sum(case((EInvoice.status == "pending", 1), else_=0)),
               func.sum(case((EInvoice.status == "parked", 1), else_=0)),
               func.sum(EInvoice.total))
        .where(EInvoice.business_day >= start, EInvoice.business_day <= end)
        .group_by(EInvoice.business_day).order_by(EInvoice.business_day)
    )
    return [DayCount(d, int(a or 0), int(b or 0), int(c or 0), int(p or 0), int(r or 0), int(t or 0))
            for d, a, b, c, p, r, t in session.execute(query)]


@dataclass(frozen=True)
class ShiftRange:
    """The Z report's line: the shift's first and last invoice number, and how many."""

    first: str
    last: str
    count: int


def shift_range(session: Session, shift_id: str) -> ShiftRange | None:
    numbered = session.execute(
        select(EInvoice.form, EInvoice.symbol, EInvoice.number).where(EInvoice.shift_id == shift_id,
                                                                     EInvoice.number.is_not(None))
        .order_by(EInvoice.symbol, EInvoice.number)
    ).all()
    if not numbered:
        return None
    first, last = numbered[0], numbered[-1]
    return ShiftRange(f"{first[0]}{first[1]}-{first[2]:08d}", f"{last[0]}{last[1]}-{last[2]:08d}", len(numbered))


# --- the worker ------------------------------------------------------------------------------------------------


def provider_factory(sessions: sessionmaker[Session], folder: Path) -> MakeProvider:
    """Makes the provider the settings name, fresh for each pass (a changed setting takes effect at once);
    None while e-invoicing is off and nothing waits to be delivered."""

    def make() -> Provider | None:
        with sessions() as session:
            cfg = issue.config(session)
            waiting = session.scalar(select(func.count()).select_from(EInvoice).where(EInvoice.status == "pending"))
        if not waiting:
            return None
        return providers.create(cfg.provider, cfg, folder)

    return make


class DeliveryWorker(PassLoop[Status]):
    """Runs ``deliver_once`` on a daemon thread: every ``interval`` seconds, at once when woken (after a sale),
    sooner when a row's next attempt is due. ``on_status`` is called on the worker thread after each pass."""

    thread_name = "einvoice-delivery"
    label = "e-invoice delivery"
    logger = log

    def __init__(self, sessions: sessionmaker[Session], make_provider: MakeProvider, *, interval: float = 30.0,
                 initial_delay: float = 0.0, on_status: Callable[[Status], None] | None = None) -> None:
        super().__init__(interval=interval, initial_delay=initial_delay, on_status=on_status)
        self.sessions = sessions
        self.make_provider = make_provider

    def run_pass(self, force: bool = False) -> Status:
        provider = None
        try:
            provider = self.make_provider()
        except Exception as exc:  # a bad setting must not kill the thread
            with self.sessions.begin() as session:
                _set_state(session, STATE_LAST_ERROR, str(exc))
        if provider is not None:
            try:
                deliver_once(self.sessions, provider, force=force)
            finally:
                provider.close()
        with self.sessions() as session:
            state = status(session)
        self.passes += 1
        return state

    def next_wait(self) -> float:
        with self.sessions() as session:
            due = session.scalar(select(func.min(EInvoice.next_attempt_at)).where(EInvoice.status == "pending"))
        return wait_until_due(due, now_utc(), self.interval)


def send_until_settled(sessions: sessionmaker[Session], provider: Provider, *, timeout: float = 60.0,
                       sleep: Callable[[float], None] | None = None) -> DeliveryResult:
    """For ``einvoice send``: a pass over everything pending now, then more passes while the provider is still
    processing what it received (asked again when it said to), for at most ``timeout`` seconds."""
    import time

    pause = sleep or time.sleep
    deadline = time.monotonic() + timeout
    total = DeliveryResult()
    force = True
    while True:
        result = deliver_once(sessions, provider, force=force)
        force = False
        total.accepted += result.accepted
        total.parked += result.parked
        total.retried += result.retried
        total.held = result.held
        total.days |= result.days
        total.last_error = result.last_error or total.last_error
        total.reachable = result.reachable
        with sessions() as session:
            waiting, due = session.execute(
                select(func.count(), func.min(EInvoice.next_attempt_at))
                .where(EInvoice.status == "pending", EInvoice.provider_ref != "")).one()
        total.waiting = int(waiting or 0)
        if not total.waiting or result.retried or time.monotonic() >= deadline:
            return total
        if due is not None:
            due_at = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
            if due_at.tzinfo is None:
                due_at = due_at.replace(tzinfo=UTC)
            pause(min(5.0, max(0.05, (due_at - now_utc()).total_seconds())))


def default_folder(database: Path) -> Path:
    """Where the file drop writes when ``einvoice.export_folder`` is empty: ``einvoice/`` beside the database."""
    return database.parent / "einvoice"


def export_days(session: Session, drop: SummarizingProvider, start: date, end: date) -> int:
    """Every invoice and notice of the days (whatever their delivery state) written by the file drop, with each
    day's summary sheet: for a provider's import tool, or an accountant. Nothing changes in the database."""
    count = 0
    day = start
    while day <= end:
        found = list(session.scalars(select(EInvoice).where(EInvoice.business_day == day)
                                     .order_by(EInvoice.issued_at, EInvoice.number)))
        for row in found:
            drop.submit(submission(row))
            count += 1
        if found:
            drop.summarize(day, day_rows(session, day))
        day += timedelta(days=1)
    return count
