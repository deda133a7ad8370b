"""Users, PIN login with lockout, and manager approvals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import now_utc
from showroom_pos.core.errors import PermissionDenied, ValidationError
from showroom_pos.core.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, validate_pin, verify_pin
from showroom_pos.storage.models import User

from . import audit

ROLES = ("cashier", "manager", "admin")
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)


class LoginFailed(PermissionDenied):
    message = "Wrong name or PIN."


class UserLocked(PermissionDenied):
    message = "Too many wrong PINs: {name} is locked until {until}."


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
    """Check a PIN. Five wrong PINs lock the user for five minutes; both are audited.

    The caller commits even on failure so that the failed-attempt count is kept.
    """
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise LoginFailed()
    now = now_utc()
    if user.locked_until and user.locked_until > now:
        raise UserLocked(name=user.name, until=user.locked_until.astimezone().strftime("%H:%M"))
    if not verify_pin(pin, user.pin_hash):
        user.failed_attempts += 1
        audit.record(session, "login.failed", user_id=user.id, purpose=purpose, attempts=user.failed_attempts)
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            audit.record(session, "user.locked", user_id=user.id, until=user.locked_until.isoformat())
            raise UserLocked(name=user.name, until=user.locked_until.astimezone().strftime("%H:%M"))
        raise LoginFailed()
    user.failed_attempts = 0
    user.locked_until = None
    if purpose == "login":
        audit.record(session, "login", user_id=user.id)
    return user


def approve(session: Session, approver_id: int, pin: str, action: str) -> User:
    """A manager's (or admin's) PIN approving ``action``; returns the approver."""
    approver = authenticate(session, approver_id, pin, purpose=f"approve:{action}")
    if approver.role not in ("manager", "admin"):
        raise PermissionDenied("{name} is not a manager and cannot approve this.", name=approver.name)
    return approver
