"""Signing a supervisor in to the review desk: role, PIN, and the lockout after wrong PINs.

PINs are salted scrypt hashes compared in constant time (``pins.check_pin``). The hash is
checked outside the store's writer lock (it takes tens of milliseconds); the count of wrong
PINs and the lock are then written, with their audit events, in one short transaction that
reads the operator again, so two benches trying at once cannot lose a wrong attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import Engine
from sqlmodel import col, select

from inspect_tui.core.policy import Policy
from inspect_tui.core.translation import _
from inspect_tui.services.review.pins import check_pin
from inspect_tui.services.shared.errors import UnknownOperator, WrongPin
from inspect_tui.store import audit
from inspect_tui.store.models import Operator
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow


def sign_in(
    engine: Engine,
    operator: str,
    pin: str,
    policy: Policy,
    clock: Callable[[], datetime] = utcnow,
    tz: tzinfo | None = None,
) -> str:
    """Check that ``operator`` is an active supervisor and ``pin`` is theirs; their name.

    Wrong PINs are counted in the store; ``policy.supervisor.max_wrong_pins`` of them in a row
    lock the supervisor for ``lock_minutes``. The count and the lock are written with audit
    events, so restarting the program does not reset them. A right PIN resets the count.

    Raises:
        UnknownOperator: no active supervisor by that name (clerks cannot review).
        WrongPin: the PIN is wrong, or the supervisor is locked; the message says until when.
    """
    name = operator.strip()
    with reading(engine) as session:
        row = session.exec(select(Operator).where(col(Operator.name) == name)).first()
    if row is None or not row.active:
        raise UnknownOperator(
            _("No active operator called {name!r}: check the name.").format(name=name)
        )
    if row.role != "supervisor":
        raise UnknownOperator(
            _(
                "{name} is a {role}: only a supervisor can review decisions. Ask a supervisor "
                "to sign in."
            ).format(name=name, role=row.role)
        )
    if _locked(row, clock()):
        raise WrongPin(_lock_message(row, tz))
    matches = check_pin(pin, row.pin_hash)
    refusal: str | None = None
    with writing(engine) as session:
        row = session.exec(select(Operator).where(col(Operator.name) == name)).one()
        now = clock()
        entity = f"operator:{name}"
        if _locked(row, now):
            refusal = _lock_message(row, tz)
        elif matches:
            if row.failed_pins or row.locked_until:
                row.failed_pins, row.locked_until = 0, None
                session.add(row)
            audit.record(session, actor=name, action="operator.sign_in", entity=entity)
        else:
            limits = policy.supervisor
            failed = (0 if row.locked_until else row.failed_pins) + 1
            row.failed_pins = failed
            row.locked_until = None
            if failed >= limits.max_wrong_pins:
                row.locked_until = now + timedelta(minutes=limits.lock_minutes)
                payload = {"failed": failed, "until": row.locked_until.isoformat()}
                audit.record(session, actor=name, action="operator.locked", entity=entity,
                             payload=payload)  # fmt: skip
                refusal = _lock_message(row, tz)
            else:
                left = limits.max_wrong_pins - failed
                audit.record(session, actor=name, action="operator.pin_failed", entity=entity,
                             payload={"failed": failed})  # fmt: skip
                refusal = (
                    f"Wrong PIN for {name}. {left} more wrong PIN{'s' if left > 1 else ''} "
                    f"lock{'s' if left == 1 else ''} the review desk for "
                    f"{limits.lock_minutes} minutes."
                )
            session.add(row)
    if refusal is not None:
        raise WrongPin(refusal)
    return name


def _locked(row: Operator, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now


def _lock_message(row: Operator, tz: tzinfo | None) -> str:
    assert row.locked_until is not None
    until = row.locked_until.astimezone(tz)
    return (
        f"{row.name} is locked after {row.failed_pins} wrong PINs until "
        f"{until:%Y-%m-%d %H:%M} ({until:%Z}). Try again then, or ask another supervisor."
    )
