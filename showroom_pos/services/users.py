"""Users, PIN login with lockout, and manager approvals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import local, now_utc
from showroom_pos.core.errors import NotFound, PermissionDenied, ValidationError
from showroom_pos.core.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, validate_pin, verify_pin
from showroom_pos.storage.models import User

from . import audit

ROLES = ("cashier", "manager", "admin")
MAX_FAILED_ATTEMPTS = 5
# How long the 1st, 2nd, 3rd lock lasts; the next one lasts until an administrator unlocks the user.
# Twenty guesses in all, against 10,000 four-digit PINs, where a lock that always lasted five minutes
# allowed ~1,440 a day.
LOCKOUTS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))


class LoginFailed(PermissionDenied):
    message = "Wrong name or PIN."


class UserLocked(PermissionDenied):
    message = "Too many wrong PINs: {name} is locked until {until}."


class UserLockedUntilUnlocked(PermissionDenied):
    message = "Too many wrong PINs: {name} is locked until an administrator unlocks them."


def lockout_for(lockouts: int) -> timedelta | None:
    """How long the ``lockouts``-th lock lasts (1 = the first); None: until an administrator unlocks."""
    return LOCKOUTS[lockouts - 1] if lockouts <= len(LOCKOUTS) else None


def _locked(user: User) -> PermissionDenied:
    if user.locked_until is None:
        return UserLockedUntilUnlocked(name=user.name)
    return UserLocked(name=user.name, until=local(user.locked_until).strftime("%H:%M %d/%m/%Y"))


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def create_user(session: Session, name: str, role: str, pin: str, *, created_by: int | None = None) -> User:
    name = name.strip()
    if not name:
        raise ValidationError("A user needs a name.")
    if role not in ROLES:
        raise ValidationError("Unknown role {role}: use cashier, manager or admin.", role=role)
    problem = validate_pin(pin)
    if problem:
        raise ValidationError(problem, min=MIN_PIN_LENGTH, max=MAX_PIN_LENGTH)
    if session.scalar(select(User).where(User.name == name)):
        raise ValidationError("A user named {name} already exists.", name=name)
    user = User(name=name, role=role, pin_hash=hash_pin(pin), active=True)
    session.add(user)
    session.flush()
    audit.record(session, "user.created", user_id=created_by, entity="user", entity_id=str(user.id),
                 name=name, role=role)
    return user


def active_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.active).order_by(User.name)))


def authenticate(session: Session, user_id: int, pin: str, *, purpose: str = "login") -> User:
    """Check a PIN. Five wrong PINs in a row lock the user: for 5 minutes, then 15, then an hour, then
    until an administrator unlocks them (``unlock``); a right PIN starts the scale again. Audited.

    The caller commits even on failure so that the failed-attempt count is kept.
    """
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise LoginFailed()
    now = now_utc()
    if user.lockouts > len(LOCKOUTS) or (user.locked_until and user.locked_until > now):
        raise _locked(user)
    if not verify_pin(pin, user.pin_hash):
        user.failed_attempts += 1
        audit.record(session, "login.failed", user_id=user.id, purpose=purpose, attempts=user.failed_attempts)
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.lockouts += 1
            duration = lockout_for(user.lockouts)
            user.locked_until = now + duration if duration is not None else None
            user.failed_attempts = 0
            audit.record(session, "user.locked", user_id=user.id, lockouts=user.lockouts,
                         until=user.locked_until.isoformat() if user.locked_until else "unlock")
            raise _locked(user)
        raise LoginFailed()
    user.failed_attempts = 0
    user.locked_until = None
    user.lockouts = 0
    if purpose == "login":
        audit.record(session, "login", user_id=user.id)
    return user


def user_by_name(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound("No user is named {name}.", name=name)
    return user


def locked_users(session: Session) -> list[User]:
    """Users a PIN lock keeps out now (an administrator can unlock them)."""
    now = now_utc()
    return [u for u in active_users(session)
            if u.lockouts > len(LOCKOUTS) or (u.locked_until is not None and u.locked_until > now)]


def unlock(session: Session, user_id: int, *, by: int | None) -> User:
    """An administrator lifts a user's PIN lock (any stage); audited."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    user.failed_attempts, user.locked_until, user.lockouts = 0, None, 0
    audit.record(session, "user.unlocked", user_id=by, entity="user", entity_id=str(user.id), name=user.name)
    return user


def approve(session: Session, approver_id: int, pin: str, action: str) -> User:
    """A manager's (or admin's) PIN approving ``action``; returns the approver."""
    approver = authenticate(session, approver_id, pin, purpose=f"approve:{action}")
    if approver.role not in ("manager", "admin"):
        raise PermissionDenied("{name} is not a manager and cannot approve this.", name=approver.name)
    return approver
