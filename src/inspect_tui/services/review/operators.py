"""Operators: the people who work at the desk, administered only by a signed-in supervisor.

Adding an operator, changing a role or a PIN, deactivating someone and clearing a lockout
each need a supervisor's name and PIN (:class:`Supervisor`), checked like a review desk
sign-in: wrong PINs count towards the lockout, and a locked supervisor cannot administer.
The only exception is the first supervisor of a desk (:func:`bootstrap_supervisor`): on an
empty operator table, or explicitly (``bootstrap=True``) on a desk that has no active
supervisor left. Every change is written with its audit event, naming who made it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from inspect_tui.core.policy import Policy, default_policy
from inspect_tui.core.translation import LANGUAGES, _, normalise
from inspect_tui.services.review.pins import hash_pin
from inspect_tui.services.review.sign_in import sign_in
from inspect_tui.services.shared.errors import DeskError
from inspect_tui.store import audit
from inspect_tui.store.models import Operator
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow

ROLES = ("clerk", "supervisor")
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 32
_NAME = re.compile(r"^[\w][\w .@-]{0,79}$")


class OperatorError(DeskError, ValueError):
    """An operator cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class OperatorView:
    """An operator as the screens and commands see it (never the PIN hash)."""

    name: str
    role: str
    active: bool
    has_pin: bool
    locked: bool = False
    language: str | None = None
    """The interface language the operator works in (None: the desk's)."""


@dataclass(frozen=True, slots=True)
class Supervisor:
    """Who administers: a supervisor's name and the PIN they typed."""

    name: str
    pin: str


def bootstrap_supervisor(
    engine: Engine, name: str, pin: str, *, force: bool = False, actor: str = "admin"
) -> OperatorView:
    """Create the desk's first supervisor, without anyone's PIN.

    Allowed on an empty operator table; with ``force`` (``--bootstrap``), also on a desk that
    has operators but no active supervisor (an older store). Never otherwise.

    Raises:
        OperatorError: the desk already has operators (or an active supervisor), or the name or
            PIN is not usable.
    """
    name = _checked_name(name)
    _check_pin(pin)
    with writing(engine) as session:
        operators = int(session.scalar(select(func.count()).select_from(Operator)) or 0)
        supervisors = int(
            session.scalar(
                select(func.count())
                .select_from(Operator)
                .where(col(Operator.role) == "supervisor", col(Operator.active).is_(True))
            )
            or 0
        )
        if operators and not force:
            raise OperatorError(
                _(
                    "this desk already has operators: a supervisor must add new ones (--as "
                    "SUPERVISOR, with their PIN)"
                )
            )
        if supervisors:
            raise OperatorError(
                _(
                    "this desk already has an active supervisor: ask them to add you (--as "
                    "SUPERVISOR, with their PIN)"
                )
            )
        operator = session.exec(select(Operator).where(Operator.name == name)).first()
        operator = operator or Operator(name=name, role="supervisor", created_at=utcnow())
        operator.role, operator.active = "supervisor", True
        operator.pin_hash = hash_pin(pin)
        operator.failed_pins, operator.locked_until = 0, None
        session.add(operator)
        audit.record(
            session,
            actor=actor,
            action="operator.bootstrap",
            entity=f"operator:{name}",
            payload={"name": name, "role": "supervisor", "pin_set": True},
        )
        return _view(operator)


def add_operator(
    engine: Engine,
    name: str,
    role: str,
    pin: str | None = None,
    *,
    by: Supervisor,
    policy: Policy | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> OperatorView:
    """Add an operator, or change the role and PIN of an existing one, as supervisor ``by``.

    Supervisors must have a PIN; a clerk's PIN is optional. PINs are 4 to 32 digits. A new PIN
    set by another supervisor also clears a lockout.

    Raises:
        OperatorError: bad name, role or PIN.
        UnknownOperator: ``by`` is not an active supervisor.
        WrongPin: ``by``'s PIN is wrong (it counts towards their lockout) or they are locked.
    """
    name = _checked_name(name)
    if role not in ROLES:
        raise OperatorError(
            _("role {role!r} is not known: use one of {items}").format(
                role=role, items=", ".join(ROLES)
            )
        )
    if pin is not None:
        _check_pin(pin)
    actor = _authority(engine, by, policy, clock)
    with writing(engine) as session:
        operator = _find(session, name)
        created = operator is None
        if operator is None:
            operator = Operator(name=name, role=role, created_at=utcnow())
        if role == "supervisor" and pin is None and not operator.pin_hash:
            raise OperatorError(_("a supervisor needs a PIN: give one with --pin-stdin"))
        if actor == name and operator.role == "supervisor" and role != "supervisor":
            _keep_one_supervisor(session, name)
        operator.role = role
        operator.active = True
        if pin is not None:
            operator.pin_hash = hash_pin(pin)
            if actor != name:
                operator.failed_pins, operator.locked_until = 0, None
        session.add(operator)
        audit.record(
            session,
            actor=actor,
            action="operator.add" if created else "operator.update",
            entity=f"operator:{name}",
            payload={"name": name, "role": role, "pin_set": pin is not None},
        )
        return _view(operator)


def deactivate_operator(
    engine: Engine,
    name: str,
    *,
    by: Supervisor,
    policy: Policy | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> OperatorView:
    """Stop ``name`` from signing in (their past work stays theirs), as supervisor ``by``.

    Raises:
        OperatorError: no such operator, or it is the desk's last active supervisor.
        UnknownOperator, WrongPin: ``by`` is not a signed-in supervisor.
    """

    def deactivate(session: Session, operator: Operator) -> None:
        if operator.role == "supervisor" and operator.active:
            _keep_one_supervisor(session, operator.name)
        operator.active = False

    return _change(engine, name, by, policy, clock, "operator.deactivate", deactivate)


def unlock_operator(
    engine: Engine,
    name: str,
    *,
    by: Supervisor,
    policy: Policy | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> OperatorView:
    """Clear ``name``'s lockout after wrong PINs; only another supervisor can.

    Raises:
        OperatorError: no such operator, or ``by`` is ``name``.
        UnknownOperator, WrongPin: ``by`` is not a signed-in supervisor.
    """
    if by.name.strip() == name.strip():
        raise OperatorError(_("a lockout is cleared by another supervisor, not by yourself"))

    def unlock(session: Session, operator: Operator) -> None:
        operator.failed_pins, operator.locked_until = 0, None

    return _change(engine, name, by, policy, clock, "operator.unlock", unlock)


def set_operator_language(
    engine: Engine,
    name: str,
    language: str | None,
    *,
    by: Supervisor,
    policy: Policy | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> OperatorView:
    """Set the interface language ``name`` works in (None: the desk's), as supervisor ``by``.

    The bench switches to it when the operator signs in.

    Raises:
        OperatorError: no such operator, or a language the interface does not speak.
        UnknownOperator, WrongPin: ``by`` is not a signed-in supervisor.
    """
    code = None
    if language is not None and language.strip():
        code = normalise(language)
        if code is None:
            raise OperatorError(
                _("no interface in {language!r}; choose one of {items}").format(
                    language=language.strip(), items=", ".join(LANGUAGES)
                )
            )

    def set_language(_session: Session, operator: Operator) -> None:
        operator.language = code

    details = {"language": code}
    return _change(engine, name, by, policy, clock, "operator.language", set_language, details)


def list_operators(engine: Engine) -> list[OperatorView]:
    """All operators, by name."""
    with reading(engine) as session:
        rows = session.exec(select(Operator).order_by(col(Operator.name))).all()
        return [_view(row) for row in rows]


def _change(
    engine: Engine,
    name: str,
    by: Supervisor,
    policy: Policy | None,
    clock: Callable[[], datetime],
    action: str,
    change: Callable[[Session, Operator], None],
    details: Mapping[str, Any] | None = None,
) -> OperatorView:
    """Apply ``change`` to operator ``name`` as supervisor ``by``, audited as ``action``.

    The event's payload names the operator, with ``details`` of the change.
    """
    actor = _authority(engine, by, policy, clock)
    with writing(engine) as session:
        operator = _existing(session, name)
        change(session, operator)
        session.add(operator)
        audit.record(
            session,
            actor=actor,
            action=action,
            entity=f"operator:{operator.name}",
            payload={"name": operator.name, **(details or {})},
        )
        return _view(operator)


def _authority(
    engine: Engine, by: Supervisor, policy: Policy | None, clock: Callable[[], datetime]
) -> str:
    """The name of the supervisor ``by``, once their PIN is checked (wrong ones counted)."""
    return sign_in(engine, by.name, by.pin, policy or default_policy(), clock)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise OperatorError(
            _(
                "operator name {name!r} is not usable: up to 80 letters, digits, spaces, '.', "
                "'@' or '-'"
            ).format(name=name[:40])
        )
    return name


def _check_pin(pin: str) -> None:
    if not (MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH) or not pin.isdigit():
        raise OperatorError(
            _("a PIN is {min_pin_length} to {max_pin_length} digits").format(
                min_pin_length=MIN_PIN_LENGTH, max_pin_length=MAX_PIN_LENGTH
            )
        )


def _find(session: Session, name: str) -> Operator | None:
    return session.exec(select(Operator).where(Operator.name == name)).first()


def _existing(session: Session, name: str) -> Operator:
    operator = _find(session, name.strip())
    if operator is None:
        raise OperatorError(
            _("there is no operator called {name!r}").format(name=name.strip()[:80])
        )
    return operator


def _keep_one_supervisor(session: Session, leaving: str) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(Operator)
        .where(
            col(Operator.role) == "supervisor",
            col(Operator.active).is_(True),
            col(Operator.name) != leaving,
        )
    )
    if not others:
        raise OperatorError(
            _(
                "{leaving} is the desk's last active supervisor: add another supervisor first"
            ).format(leaving=leaving)
        )


def _view(operator: Operator) -> OperatorView:
    return OperatorView(
        name=operator.name,
        role=operator.role,
        active=operator.active,
        has_pin=bool(operator.pin_hash),
        locked=operator.locked_until is not None and operator.locked_until > utcnow(),
        language=operator.language,
    )
