"""Operators: adding and listing the people who work at the desk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import col, select

from inspect_tui.services.pins import hash_pin
from inspect_tui.store import audit
from inspect_tui.store.models import Operator
from inspect_tui.store.session import reading, writing
from inspect_tui.store.types import utcnow

ROLES = ("clerk", "supervisor")
MIN_PIN_LENGTH = 4
_NAME = re.compile(r"^[\w][\w .@-]{0,79}$")


class OperatorError(ValueError):
    """An operator cannot be added or used as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class OperatorView:
    """An operator as the screens and commands see it (never the PIN hash)."""

    name: str
    role: str
    active: bool
    has_pin: bool


def add_operator(
    engine: Engine, name: str, role: str, pin: str | None = None, *, actor: str = "admin"
) -> OperatorView:
    """Add an operator, or update the role and PIN of an existing one.

    Supervisors must have a PIN; a clerk's PIN is optional. PINs are at least four digits.
    """
    name = name.strip()
    if not _NAME.match(name):
        raise OperatorError(
            f"operator name {name!r} is not usable: use letters, digits, spaces, '.', '@' or '-'"
        )
    if role not in ROLES:
        raise OperatorError(f"role {role!r} is not known: use one of {', '.join(ROLES)}")
    if pin is not None and (len(pin) < MIN_PIN_LENGTH or not pin.isdigit()):
        raise OperatorError(f"a PIN is {MIN_PIN_LENGTH} or more digits")
    with writing(engine) as session:
        operator = session.exec(select(Operator).where(Operator.name == name)).first()
        created = operator is None
        if operator is None:
            operator = Operator(name=name, role=role, created_at=utcnow())
        if role == "supervisor" and pin is None and not operator.pin_hash:
            raise OperatorError("a supervisor needs a PIN: give one with --pin-stdin")
        operator.role = role
        operator.active = True
        if pin is not None:
            operator.pin_hash = hash_pin(pin)
            operator.failed_pins = 0
            operator.locked_until = None
        session.add(operator)
        audit.record(
            session,
            actor=actor,
            action="operator.add" if created else "operator.update",
            entity=f"operator:{name}",
            payload={"name": name, "role": role, "pin_set": pin is not None},
        )
        return _view(operator)


def list_operators(engine: Engine) -> list[OperatorView]:
    """All operators, by name."""
    with reading(engine) as session:
        rows = session.exec(select(Operator).order_by(col(Operator.name))).all()
        return [_view(row) for row in rows]


def _view(operator: Operator) -> OperatorView:
    return OperatorView(
        name=operator.name,
        role=operator.role,
        active=operator.active,
        has_pin=bool(operator.pin_hash),
    )
