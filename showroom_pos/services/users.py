"""Users, PIN login with lockout, and manager approvals; the administrator's user management (the Users
screen): the list with each user's lock, add a user, set a PIN, unlock, deactivate and reactivate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from showroom_pos.core.clock import local, now_utc
from showroom_pos.core.errors import N_, NotFound, PermissionDenied, ValidationError
from showroom_pos.core.security import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, validate_pin, verify_pin
from showroom_pos.storage.models import User

from . import audit, permissions
from .context import ROLES, Actor

MAX_FAILED_ATTEMPTS = 5
# How long the 1st, 2nd, 3rd lock lasts; the next one lasts until an administrator unlocks the user.
# Twenty guesses in all, against 10,000 four-digit PINs, where a lock that always lasted five minutes
# allowed ~1,440 a day.
LOCKOUTS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
# The reasons ``core.security.validate_pin`` gives, marked here for translation: a PIN refused at the Users
# screen (or at setup) is explained in the person's language.
PIN_RULES = (N_("A PIN contains digits only."), N_("A PIN needs at least {min} digits."),
             N_("A PIN has at most {max} digits."),
             N_("This PIN is too easy to guess (one digit repeated, or digits in a row such as 1234): choose another."))


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


def _check_pin(pin: str) -> None:
    problem = validate_pin(pin)
    if problem:
        raise ValidationError(problem, min=MIN_PIN_LENGTH, max=MAX_PIN_LENGTH)


def create_user(session: Session, name: str, role: str, pin: str, *, created_by: int | None = None,
                terminal_id: int | None = None, at: datetime | None = None) -> User:
    name = name.strip()
    if not name:
        raise ValidationError("A user needs a name.")
    if role not in ROLES:
        raise ValidationError("Unknown role {role}: use cashier, manager or admin.", role=role)
    _check_pin(pin)
    if session.scalar(select(User).where(User.name == name)):
        raise ValidationError("A user named {name} already exists.", name=name)
    user = User(name=name, role=role, pin_hash=hash_pin(pin), active=True)
    session.add(user)
    session.flush()
    audit.record(session, "user.created", user_id=created_by, terminal_id=terminal_id, entity="user",
                 entity_id=str(user.id), name=name, role=role, at=at)
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
    if is_locked(user, now):
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
    _clear_lock(user)
    if purpose == "login":
        audit.record(session, "login", user_id=user.id)
    return user


def user_by_name(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound("No user is named {name}.", name=name)
    return user


def name_of(session: Session, user_id: int) -> str:
    """A user's name as the screens show it (an approver's, say); "?" for an id no user has."""
    return session.scalar(select(User.name).where(User.id == user_id)) or "?"


def is_locked(user: User, now: datetime) -> bool:
    """Whether a PIN lock keeps ``user`` out at ``now`` (until a time, or until an administrator unlocks)."""
    return user.lockouts > len(LOCKOUTS) or (user.locked_until is not None and user.locked_until > now)


def _clear_lock(user: User) -> None:
    """No lock, no wrong PINs counted, the lock scale back at its first step."""
    user.failed_attempts, user.locked_until, user.lockouts = 0, None, 0


def locked_users(session: Session) -> list[User]:
    """Users a PIN lock keeps out now (an administrator can unlock them)."""
    now = now_utc()
    return [u for u in active_users(session) if is_locked(u, now)]


def unlock(session: Session, user_id: int, *, by: int | None, terminal_id: int | None = None) -> User:
    """An administrator lifts a user's PIN lock (any stage); audited."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    _clear_lock(user)
    audit.record(session, "user.unlocked", user_id=by, terminal_id=terminal_id, entity="user",
                 entity_id=str(user.id), name=user.name)
    return user


def approve(session: Session, approver_id: int, pin: str, action: str) -> User:
    """A manager's (or admin's) PIN approving ``action``; returns the approver."""
    approver = authenticate(session, approver_id, pin, purpose=f"approve:{action}")
    if approver.role not in ("manager", "admin"):
        raise PermissionDenied("{name} is not a manager and cannot approve this.", name=approver.name)
    return approver


# --- the administrator's Users screen ---------------------------------------------------------------------
# Each function checks the ``users`` right (administrators: ``services.permissions``) and audits what it does
# as the CLI's ``user add`` and ``user unlock`` do, with the administrator and the till. A PIN is never audited.


class NotLocked(ValidationError):
    message = "{name} is not locked."


class LastAdministrator(PermissionDenied):
    message = "{name} is the last active administrator: add another administrator before deactivating them."


class NotYourself(PermissionDenied):
    message = "You cannot deactivate yourself: another administrator must do it."


@dataclass(frozen=True)
class UserRow:
    """A user as the Users screen lists them (inactive ones too: they can be reactivated)."""

    id: int
    name: str
    role: str
    active: bool
    locked: bool  # a PIN lock keeps them out now
    locked_until: datetime | None  # UTC; None while locked: until an administrator unlocks them
    failed_attempts: int  # wrong PINs since the last right one or lock


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def user_rows(session: Session, actor: Actor) -> list[UserRow]:
    """Every user, by name (active first), with the lock each one is under now."""
    permissions.require(session, actor, "users")
    now = now_utc()
    rows = []
    for u in session.scalars(select(User).order_by(User.active.desc(), User.name)):
        locked = u.active and is_locked(u, now)
        rows.append(UserRow(u.id, u.name, u.role, u.active, locked, u.locked_until if locked else None,
                            u.failed_attempts))
    return rows


def add_user(session: Session, actor: Actor, name: str, role: str, pin: str) -> User:
    """A new user (any role) with their PIN; audited ``user.created``."""
    permissions.require(session, actor, "users")
    return create_user(session, name, role, pin, created_by=actor.user_id, terminal_id=actor.terminal_id)


def change_pin(session: Session, actor: Actor, user_id: int, pin: str) -> User:
    """Set a user's PIN (a forgotten one, or one another person saw). The new PIN also lifts a PIN lock and the
    wrong-PIN count: the person it is given to can log in with it at once. Audited ``user.pin_changed``."""
    permissions.require(session, actor, "users")
    user = _user(session, user_id)
    _check_pin(pin)
    was_locked = is_locked(user, now_utc())
    user.pin_hash = hash_pin(pin)
    _clear_lock(user)
    audit.record(session, "user.pin_changed", user_id=actor.user_id, terminal_id=actor.terminal_id, entity="user",
                 entity_id=str(user.id), name=user.name, unlocked=was_locked)
    return user


def unlock_user(session: Session, actor: Actor, user_id: int) -> User:
    """Lift a user's PIN lock, whichever stage it reached (``unlock``); a user who is not locked is left as is."""
    permissions.require(session, actor, "users")
    user = _user(session, user_id)
    if not is_locked(user, now_utc()):
        raise NotLocked(name=user.name)
    return unlock(session, user_id, by=actor.user_id, terminal_id=actor.terminal_id)


def check_deactivation(session: Session, actor: Actor, user_id: int) -> None:
    """Raise what refuses ``actor`` deactivating the user (the screen asks before it asks "are you sure?")."""
    permissions.require(session, actor, "users")
    user = _user(session, user_id)
    if user.active and user.role == "admin" and not session.scalar(
            select(func.count()).select_from(User).where(User.active, User.role == "admin", User.id != user.id)):
        raise LastAdministrator(name=user.name)
    if user.id == actor.user_id:
        raise NotYourself()


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    """Deactivate a user (they no longer appear at the PIN screen nor can approve; their history stays) or
    reactivate them. Never the last active administrator (nobody could manage users any more), never oneself.
    Audited ``user.deactivated`` / ``user.reactivated``; nothing happens to a user already so."""
    if active:
        permissions.require(session, actor, "users")
    else:
        check_deactivation(session, actor, user_id)
    user = _user(session, user_id)
    if user.active == active:
        return user
    user.active = active
    audit.record(session, "user.reactivated" if active else "user.deactivated", user_id=actor.user_id,
                 terminal_id=actor.terminal_id, entity="user", entity_id=str(user.id), name=user.name, role=user.role)
    return user
